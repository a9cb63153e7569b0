// A payout of an approved plan: PAYOUT entries (domain payoutEntriesFor, keyed by settlement and
// line, never by date or payment) and the lines marked paid with the payment reference, in one
// transaction. A line is paid once whatever happens: the same payout retried, sent again, or a
// crash after the commit all find the line's PAYOUT entry booked and add nothing.
import { AppError } from '../../domain/errors';
import { payoutEntriesFor } from '../../domain/settlement';
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from '../spinout-case/deps';
import { appendLedgerEntries, type AppendResult } from './append-ledger-entries';
import { lockSettlement, storedResult } from './settlement-rows';

export type RecordSettlementPayoutInput = Parameters<SettlementActivities['recordSettlementPayout']>[0];

export async function recordSettlementPayout({ db, clock }: DbClockDeps, input: RecordSettlementPayoutInput): Promise<AppendResult> {
  const at = clock();
  return db.$transaction(async (tx) => {
    const settlement = await lockSettlement(tx, input.settlementId);
    if (settlement.status !== 'APPROVED' && settlement.status !== 'PAID') {
      throw new AppError('INVALID_TRANSITION', `Settlement ${settlement.reference} is ${settlement.status}: only an APPROVED plan is paid`, {
        details: { status: settlement.status },
      });
    }
    const allocated = await tx.ledgerEntry.count({ where: { settlementId: settlement.id, kind: 'ALLOCATION', reversalOf: null } });
    if (allocated === 0) throw new AppError('INVALID_TRANSITION', `Settlement ${settlement.reference} has not been booked yet`);
    const entries = payoutEntriesFor({ result: storedResult(settlement), paidOn: input.paidOn, lineIds: input.lineIds });
    const outcome = await appendLedgerEntries(tx, { settlementId: settlement.id, institutionId: settlement.institutionId, entries });
    await tx.payoutLine.updateMany({
      where: { settlementId: settlement.id, lineId: { in: input.lineIds }, paidAt: null },
      data: { paidAt: at, paidOn: input.paidOn, paymentRef: input.paymentRef },
    });
    await recordAuditEntry(tx, {
      key: `payout:${input.key}`,
      entityType: 'Settlement',
      entityId: settlement.id,
      actorId: input.actorId,
      action: 'settlement.payout_booked',
      after: { lineIds: input.lineIds, paymentRef: input.paymentRef, paidOn: input.paidOn, entries: outcome.booked },
      at,
    });
    return outcome;
  });
}
