// Reverses a settlement: every entry it booked (allocations, and payouts if any) mirrored with
// the negated amount and the reason (domain reversalEntriesFor), so its accounts net to zero and
// reports drop it; nothing is edited or deleted. Booked once: a retry finds the reversal there.
import { reversalEntriesFor } from '../../domain/settlement';
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from '../spinout-case/deps';
import { appendLedgerEntries, type AppendResult } from './append-ledger-entries';
import { ledgerOf, lockSettlement } from './settlement-rows';

export type ReverseSettlementLedgerInput = Parameters<SettlementActivities['reverseSettlementLedger']>[0];

export async function reverseSettlementLedger({ db, clock }: DbClockDeps, input: ReverseSettlementLedgerInput): Promise<AppendResult> {
  const at = clock();
  return db.$transaction(async (tx) => {
    const settlement = await lockSettlement(tx, input.settlementId);
    const entries = await ledgerOf(tx, settlement.id);
    const reversals = entries.filter((entry) => entry.reversalOf !== null);
    // Booked in one transaction with the originals' full mirror, so any reversal entry means all are there.
    if (reversals.length > 0) return { booked: 0, alreadyBooked: reversals.length };
    if (entries.length === 0) return { booked: 0, alreadyBooked: 0 };
    const mirrored = reversalEntriesFor({ entries, reason: input.reason, reversedOn: input.reversedOn });
    const outcome = await appendLedgerEntries(tx, { settlementId: settlement.id, institutionId: settlement.institutionId, entries: mirrored });
    await recordAuditEntry(tx, {
      key: `ledger:${settlement.id}:reversed`,
      entityType: 'Settlement',
      entityId: settlement.id,
      actorId: input.actorId,
      action: 'ledger.reversed',
      after: { entries: outcome.booked, reason: input.reason, reversedOn: input.reversedOn },
      at,
    });
    return outcome;
  });
}
