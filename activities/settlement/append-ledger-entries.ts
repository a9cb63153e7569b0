// Appends entries to the ledger exactly once: the domain's mergeLedgerEntries decides what is
// new (a key already booked with the same content is a retry and skipped; with different
// content it is refused), the unique key column enforces the same, and the caller holds the
// settlement's row lock so two attempts cannot interleave.
import { mergeLedgerEntries, type TLedgerEntry } from '../../domain/settlement';
import type { Prisma } from '../../prisma/generated/client';
import { ledgerOf, ledgerRowOf } from './settlement-rows';

export interface AppendResult {
  booked: number;
  alreadyBooked: number;
}

export async function appendLedgerEntries(
  tx: Prisma.TransactionClient,
  { settlementId, institutionId, entries }: { settlementId: string; institutionId: string; entries: readonly TLedgerEntry[] },
): Promise<AppendResult> {
  const existing = await ledgerOf(tx, settlementId);
  const { toAppend, alreadyBooked } = mergeLedgerEntries({ existing, incoming: entries });
  if (toAppend.length > 0) await tx.ledgerEntry.createMany({ data: toAppend.map((entry) => ledgerRowOf(entry, institutionId)) });
  return { booked: toAppend.length, alreadyBooked: alreadyBooked.length };
}
