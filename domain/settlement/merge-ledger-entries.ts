import { AppError } from '../errors';
import type { TLedgerEntry } from './ledger-entry';

/** The fields that decide what an entry books; a second entry with the same key must match them. */
const IDENTITY_FIELDS = ['settlementId', 'dealId', 'kind', 'reversalOf', 'debit', 'credit', 'unit', 'amount', 'source', 'recipientKey'] as const;

export interface MergeLedgerEntriesResult {
  /** Entries whose keys are not in the ledger yet, in the order given. */
  readonly toAppend: TLedgerEntry[];
  /** Keys that were already booked with the same content (a retry). */
  readonly alreadyBooked: string[];
}

/**
 * What to append so that `incoming` is booked exactly once: a key already in `existing` with
 * the same content is skipped (a retried activity, a crash after the write); a key already
 * there with different content is refused with CONFLICT (a settlement never changes once
 * booked: reverse it instead). The database enforces the same with a unique key column; this
 * is the rule it implements, testable without a database.
 */
export function mergeLedgerEntries({
  existing,
  incoming,
}: {
  existing: readonly TLedgerEntry[];
  incoming: readonly TLedgerEntry[];
}): MergeLedgerEntriesResult {
  const byKey = new Map(existing.map((entry) => [entry.key, entry]));
  const toAppend: TLedgerEntry[] = [];
  const alreadyBooked: string[] = [];
  for (const entry of incoming) {
    const booked = byKey.get(entry.key);
    if (booked === undefined) {
      toAppend.push(entry);
      byKey.set(entry.key, entry);
      continue;
    }
    const differing = IDENTITY_FIELDS.filter((field) => booked[field] !== entry[field]);
    if (differing.length > 0) {
      throw new AppError('CONFLICT', `Ledger entry ${entry.key} is already booked with a different ${differing.join(', ')}`, {
        details: { key: entry.key, fields: [...differing] },
      });
    }
    alreadyBooked.push(entry.key);
  }
  return { toAppend, alreadyBooked };
}
