// Books an approved plan in the ledger: one INCOME entry per income event (and one for shares
// received), one DEDUCTION per deduction, one ALLOCATION per payout line (domain
// ledgerEntriesFor). Keys derive from the settlement and what each entry is about, so running
// this again — a retry after a crash between the booking and the workflow's next step — books
// nothing new.
import { AppError } from '../../domain/errors';
import { ledgerEntriesFor } from '../../domain/settlement';
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from '../spinout-case/deps';
import { appendLedgerEntries, type AppendResult } from './append-ledger-entries';
import { lockSettlement, storedResult } from './settlement-rows';

export type BookSettlementLedgerInput = Parameters<SettlementActivities['bookSettlementLedger']>[0];

/** Booked when publicity has passed (and the tier's leadership approved): the workflow records APPROVED right after. */
const BOOKABLE = ['PUBLICITY', 'LEADERSHIP_APPROVAL', 'APPROVED', 'PAID'];

export async function bookSettlementLedger({ db, clock }: DbClockDeps, input: BookSettlementLedgerInput): Promise<AppendResult> {
  const at = clock();
  return db.$transaction(async (tx) => {
    const settlement = await lockSettlement(tx, input.settlementId);
    if (!BOOKABLE.includes(settlement.status)) {
      throw new AppError('INVALID_TRANSITION', `Settlement ${settlement.reference} is ${settlement.status}: only an approved plan is booked`, {
        details: { status: settlement.status },
      });
    }
    const entries = ledgerEntriesFor({ result: storedResult(settlement), bookedOn: input.bookedOn });
    const outcome = await appendLedgerEntries(tx, { settlementId: settlement.id, institutionId: settlement.institutionId, entries });
    if (outcome.booked > 0) {
      await recordAuditEntry(tx, {
        key: `ledger:${settlement.id}:booked`,
        entityType: 'Settlement',
        entityId: settlement.id,
        actorId: input.actorId,
        action: 'ledger.booked',
        after: { entries: outcome.booked, bookedOn: input.bookedOn },
        at,
      });
    }
    return outcome;
  });
}
