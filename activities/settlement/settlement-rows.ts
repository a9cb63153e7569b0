// Reading a settlement's stored plan and ledger back as domain values, and the row lock that
// serialises bookings of one settlement (a retry racing its own first attempt, two payouts).
import { AppError } from '../../domain/errors';
import { fenFromBigInt } from '../../domain/money';
import { ZSettlementResult, type TLedgerEntry, type TRecipient, type TSettlementResult } from '../../domain/settlement';
import type { Prisma } from '../../prisma/generated/client';
import { toJson } from '../audit/record-audit-entry';
import { isUuid } from '../infra/key-uuid';

type Tx = Prisma.TransactionClient;

export const settlementHeadSelect = {
  id: true,
  reference: true,
  institutionId: true,
  dealId: true,
  status: true,
  version: true,
  result: true,
} as const;

/** Locks the settlement's row until the transaction ends and returns it (NOT_FOUND when missing). */
export async function lockSettlement(tx: Tx, settlementId: string) {
  if (!isUuid(settlementId)) throw new AppError('VALIDATION_FAILED', 'settlementId: must be a uuid', { details: { field: 'settlementId' } });
  await tx.$queryRaw`SELECT 1 FROM "Settlement" WHERE "id" = ${settlementId}::uuid FOR UPDATE`;
  const row = await tx.settlement.findUnique({ where: { id: settlementId }, select: settlementHeadSelect });
  if (!row) throw new AppError('NOT_FOUND', `Settlement ${settlementId} does not exist`, { details: { settlementId } });
  return row;
}

/** The stored plan, validated: it was written by the workflow from computeSettlement. */
export function storedResult(row: { id: string; result: Prisma.JsonValue | null }): TSettlementResult {
  if (row.result === null) {
    throw new AppError('INVALID_TRANSITION', `Settlement ${row.id} has no computed plan`, { details: { settlementId: row.id } });
  }
  const parsed = ZSettlementResult.safeParse(row.result);
  if (!parsed.success) throw new AppError('INTERNAL', `Settlement ${row.id} holds a plan that does not validate: ${parsed.error.message}`);
  return parsed.data;
}

/** The person id a ledger row or payout line is indexed by: registered people only (uuid). */
export function personIdOf(recipient: TRecipient | null): string | null {
  return recipient?.kind === 'PERSON' && isUuid(recipient.personId) ? recipient.personId : null;
}

export type LedgerRow = Prisma.LedgerEntryGetPayload<object>;

export function ledgerRowOf(entry: TLedgerEntry, institutionId: string): Prisma.LedgerEntryCreateManyInput {
  return {
    key: entry.key,
    institutionId,
    settlementId: entry.settlementId,
    dealId: entry.dealId,
    kind: entry.kind,
    reversalOf: entry.reversalOf,
    reason: entry.reason,
    occurredOn: entry.occurredOn,
    debit: entry.debit,
    credit: entry.credit,
    unit: entry.unit,
    amount: BigInt(entry.amount),
    source: entry.source,
    recipientKey: entry.recipientKey,
    recipient: toJson(entry.recipient),
    personId: personIdOf(entry.recipient),
    taxableWageIncomeFen: entry.taxableWageIncomeFen === null ? null : BigInt(entry.taxableWageIncomeFen),
    memo: toJson(entry.memo)!,
  };
}

export function ledgerEntryOf(row: LedgerRow): TLedgerEntry {
  return {
    key: row.key,
    settlementId: row.settlementId,
    dealId: row.dealId,
    kind: row.kind,
    reversalOf: row.reversalOf,
    reason: row.reason,
    occurredOn: row.occurredOn,
    debit: row.debit,
    credit: row.credit,
    unit: row.unit,
    amount: fenFromBigInt(row.amount, 'amount'),
    source: row.source,
    recipientKey: row.recipientKey,
    recipient: (row.recipient ?? null) as TRecipient | null,
    taxableWageIncomeFen: row.taxableWageIncomeFen === null ? null : fenFromBigInt(row.taxableWageIncomeFen, 'taxableWageIncomeFen'),
    memo: row.memo as { zh: string; en: string },
  };
}

export async function ledgerOf(tx: Tx, settlementId: string): Promise<TLedgerEntry[]> {
  const rows = await tx.ledgerEntry.findMany({ where: { settlementId }, orderBy: { seq: 'asc' } });
  return rows.map(ledgerEntryOf);
}
