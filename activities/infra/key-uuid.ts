// A UUID derived from an idempotency key, so a retried activity writes the same row id (or
// object key) again instead of a new one. Laid out like a name-based version-5 UUID, hashed with
// SHA-256 instead of SHA-1; it fits PostgreSQL's uuid type, so no key column is needed.
import { createHash } from 'node:crypto';

const SPINWAY_NAMESPACE = 'spinway:';

export function uuidFromKey(key: string): string {
  const bytes = createHash('sha256').update(SPINWAY_NAMESPACE + key).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL rejects a malformed uuid with an error a retry cannot fix; check before querying. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
