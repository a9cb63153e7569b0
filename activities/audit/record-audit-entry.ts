// The append-only audit log. Entries are written inside the transaction of the change they
// record, and keyed, so a retried activity adds its entry once.
import type { Prisma } from '../../prisma/generated/client';

export interface AuditEntryInput {
  /** Idempotency key: the same event recorded twice is one entry. */
  key: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

/** Prisma's Json columns take JSON values only; `undefined` leaves the column NULL. */
export function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/**
 * Inserts the entry unless one with its key exists (INSERT … ON CONFLICT DO NOTHING, so two
 * concurrent attempts cannot both insert). Returns whether this call inserted it.
 */
export async function recordAuditEntry(tx: Prisma.TransactionClient, entry: AuditEntryInput): Promise<boolean> {
  const { count } = await tx.auditEntry.createMany({ data: [auditRow(entry)], skipDuplicates: true });
  return count === 1;
}

/**
 * Several entries in one statement (a step's transition writes three): the keys this call
 * inserted, so the caller applies only the changes not recorded before.
 */
export async function recordAuditEntries(tx: Prisma.TransactionClient, entries: readonly AuditEntryInput[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const inserted = await tx.auditEntry.createManyAndReturn({ data: entries.map(auditRow), skipDuplicates: true, select: { idempotencyKey: true } });
  return new Set(inserted.map((row) => row.idempotencyKey!));
}

function auditRow(entry: AuditEntryInput): Prisma.AuditEntryCreateManyInput {
  return {
    idempotencyKey: entry.key,
    at: entry.at,
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: toJson(entry.before),
    after: toJson(entry.after),
  };
}

/** The entry for an event a workflow reports (its key, actor, action, before/after). */
export function auditEntryOf(
  event: { key: string; actorId: string | null; action: string; before?: unknown; after?: unknown },
  target: { entityType: string; entityId: string; at: Date },
): AuditEntryInput {
  return { key: event.key, actorId: event.actorId, action: event.action, before: event.before, after: event.after, ...target };
}
