// A change of the settlement's state — status, draft (its deductions mirrored and its income
// events claimed), the computed plan (its payout lines), the moments with a column of their own —
// written in one transaction with its audit entry. The version in the `where` keeps an older
// state from overwriting a newer one; the plan can change only while the settlement is prepared.
import { AppError } from '../../domain/errors';
import type { TSettlementResult } from '../../domain/settlement';
import { Prisma } from '../../prisma/generated/client';
import type { RecordSettlementStateInput, SettlementDraft, SettlementStatus } from '../../workflows/contracts/settlement';
import { auditEntryOf, recordAuditEntry, toJson } from '../audit/record-audit-entry';
import { isUuid } from '../infra/key-uuid';
import type { DbClockDeps } from '../spinout-case/deps';
import { personIdOf } from './settlement-rows';

type Tx = Prisma.TransactionClient;

const CLOSING: readonly SettlementStatus[] = ['REVERSED', 'REJECTED', 'CANCELLED'];

async function mirrorDeductions(tx: Tx, settlementId: string, draft: SettlementDraft): Promise<void> {
  await tx.settlementDeduction.deleteMany({ where: { settlementId } });
  if (draft.deductions.length === 0) return;
  await tx.settlementDeduction.createMany({
    data: draft.deductions.map((deduction, position) => ({
      settlementId,
      key: deduction.id,
      kind: deduction.kind,
      incomeClass: deduction.incomeClass,
      amountFen: BigInt(deduction.amountFen),
      note: deduction.note ?? null,
      evidenceDocumentIds: (deduction.evidenceDocumentIds ?? []).filter(isUuid),
      position,
    })),
  });
}

/** The draft's income events become this settlement's; the ones it no longer names are freed. */
async function claimIncome(tx: Tx, settlement: { id: string; dealId: string }, incomeEventIds: readonly string[]): Promise<void> {
  const wanted = incomeEventIds.filter(isUuid);
  await tx.incomeEvent.updateMany({ where: { settlementId: settlement.id, id: { notIn: wanted } }, data: { settlementId: null } });
  if (wanted.length === 0) return;
  await tx.incomeEvent.updateMany({ where: { id: { in: wanted }, dealId: settlement.dealId, settlementId: null }, data: { settlementId: settlement.id } });
  const mine = await tx.incomeEvent.findMany({ where: { id: { in: wanted }, settlementId: settlement.id }, select: { id: true } });
  if (mine.length !== new Set(wanted).size) {
    const have = new Set(mine.map((row) => row.id));
    const taken = wanted.filter((id) => !have.has(id));
    throw new AppError('CONFLICT', `Income event ${taken.join(', ')} is already part of another settlement (or not of this deal)`, { details: { incomeEventIds: taken } });
  }
}

async function writeLines(tx: Tx, settlementId: string, result: TSettlementResult | null): Promise<void> {
  await tx.payoutLine.deleteMany({ where: { settlementId } });
  if (result === null || result.lines.length === 0) return;
  await tx.payoutLine.createMany({
    data: result.lines.map((line, position) => ({
      settlementId,
      lineId: line.lineId,
      source: line.source,
      recipientKind: line.recipient.kind,
      personId: personIdOf(line.recipient),
      name: line.recipient.kind === 'PERSON' ? line.recipient.name : line.recipient.kind,
      unit: line.unit,
      amount: BigInt(line.amount),
      taxableFen: line.tax.taxableWageIncomeFen === null ? null : BigInt(line.tax.taxableWageIncomeFen),
      taxTreatment: line.tax.treatment,
      taxDeferral: line.tax.treatment === 'EQUITY_DEFERRAL',
      note: line.tax.note.zh,
      position,
    })),
  });
}

export async function recordSettlementState({ db, clock }: DbClockDeps, input: RecordSettlementStateInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    // The entry first: its key already there means this change was committed (change and entry
    // in one transaction), so a retry has nothing left to do.
    const fresh = await recordAuditEntry(tx, auditEntryOf(input.event, { entityType: 'Settlement', entityId: input.settlementId, at }));
    if (!fresh) return;
    const row = await tx.settlement.findUnique({ where: { id: input.settlementId }, select: { id: true, dealId: true, status: true, version: true } });
    if (!row) throw new AppError('NOT_FOUND', `Settlement ${input.settlementId} does not exist`, { details: { settlementId: input.settlementId } });
    if (row.version > input.version) return; // a newer state is recorded already; the entry stays as history
    if (input.computed && row.status !== 'PREPARING') {
      throw new AppError('INVALID_TRANSITION', `Settlement ${input.settlementId} is ${row.status}: its plan no longer changes`, { details: { status: row.status } });
    }

    const data: Prisma.SettlementUncheckedUpdateManyInput = {
      status: input.status,
      version: input.version,
      currentStepKey: input.currentStepKey,
      updatedAt: at,
    };
    if (input.draft) data.draft = toJson(input.draft)!;
    if (input.computed) {
      const { result, problems } = input.computed;
      data.result = result === null ? Prisma.DbNull : toJson(result)!;
      data.problems = problems === null ? Prisma.DbNull : toJson(problems)!;
      data.grossFen = BigInt(result?.totals.grossFen ?? 0);
      data.deductionsFen = BigInt(result?.totals.deductionsFen ?? 0);
      data.netFen = BigInt(result?.totals.netFen ?? 0);
      data.approvalAmountFen = BigInt(result?.approval.amountFen ?? 0);
      data.leadershipRequired = result?.approval.leadershipRequired ?? false;
    }
    if (input.submitted) data.submittedAt = at;
    if (input.approved) data.approvedAt = at;
    if (input.paid) data.paidAt = at;
    if (input.reversal) {
      data.reversedAt = at;
      data.reversalReason = input.reversal.reason;
    }
    if (CLOSING.includes(input.status)) data.closedAt = at;
    const { count } = await tx.settlement.updateMany({ where: { id: input.settlementId, version: { lte: input.version } }, data });
    if (count === 0) return;

    if (input.draft) {
      await mirrorDeductions(tx, input.settlementId, input.draft);
      await claimIncome(tx, row, input.draft.incomeEventIds);
    }
    if (input.computed) await writeLines(tx, input.settlementId, input.computed.result);
    if (input.releaseIncome) await tx.incomeEvent.updateMany({ where: { settlementId: input.settlementId }, data: { settlementId: null } });
  });
}
