// Income that does not come through a deal's workflow — dividends and exit proceeds of shares
// held for 作价投资, operating profit of self-implementation, corrections — entered by finance
// or the TTO with evidence. Written like an activity (idempotent by key, its audit entry in the
// same transaction), and called by the API directly: there is no process to run, only a record.
import { AppError } from '../../domain/errors';
import type { Prisma } from '../../prisma/generated/client';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { Clock } from '../infra/clock';
import type { Db } from '../infra/db';
import { uuidFromKey } from '../infra/key-uuid';

export interface RecordIncomeEventInput {
  /** The client's idempotency key, scoped here to the deal: the same key records once. */
  clientKey: string;
  institutionId: string;
  dealId: string;
  kind: 'DIVIDEND' | 'EQUITY_EXIT' | 'OPERATING_PROFIT' | 'OTHER';
  amountFen: number;
  receivedOn: string;
  evidenceDocumentIds: string[];
  fiscalYear: number | null;
  note: string | null;
  recordedById: string;
}

export type IncomeEventRow = Prisma.IncomeEventGetPayload<object>;

/** The fields that make two recordings the same income; a repeated key must match them. */
function sameIncome(row: IncomeEventRow, input: RecordIncomeEventInput): boolean {
  return (
    row.dealId === input.dealId &&
    row.kind === input.kind &&
    row.amountFen === BigInt(input.amountFen) &&
    row.receivedOn === input.receivedOn &&
    row.fiscalYear === input.fiscalYear
  );
}

export async function recordIncomeEvent({ db, clock }: { db: Db; clock: Clock }, input: RecordIncomeEventInput): Promise<{ income: IncomeEventRow; created: boolean }> {
  const key = `income:${input.dealId}:manual:${input.clientKey}`;
  const docs = await db.document.findMany({
    where: { id: { in: input.evidenceDocumentIds }, institutionId: input.institutionId, dealId: input.dealId },
    select: { id: true },
  });
  const found = new Set(docs.map((doc) => doc.id));
  const missing = input.evidenceDocumentIds.flatMap((id, index) => (found.has(id) ? [] : [{ path: `evidenceDocumentIds[${index}]`, message: `${id} is not a document of this deal` }]));
  if (missing.length > 0) {
    throw new AppError('VALIDATION_FAILED', missing.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { details: { issues: missing } });
  }
  const at = clock();
  const id = uuidFromKey(key);
  return db.$transaction(async (tx) => {
    const { count } = await tx.incomeEvent.createMany({
      data: [
        {
          id,
          key,
          institutionId: input.institutionId,
          dealId: input.dealId,
          kind: input.kind,
          amountFen: BigInt(input.amountFen),
          receivedOn: input.receivedOn,
          evidenceDocumentId: input.evidenceDocumentIds[0] ?? null,
          evidenceDocumentIds: input.evidenceDocumentIds,
          fiscalYear: input.fiscalYear,
          note: input.note,
          recordedById: input.recordedById,
          createdAt: at,
        },
      ],
      skipDuplicates: true,
    });
    const income = await tx.incomeEvent.findUniqueOrThrow({ where: { key } });
    if (count === 0) {
      if (!sameIncome(income, input)) {
        throw new AppError('CONFLICT', 'This Idempotency-Key was already used to record different income', { details: { field: 'Idempotency-Key', incomeEventId: income.id } });
      }
      return { income, created: false };
    }
    await recordAuditEntry(tx, {
      key: `${key}:recorded`,
      entityType: 'IncomeEvent',
      entityId: income.id,
      actorId: input.recordedById,
      action: 'income.recorded',
      after: { dealId: input.dealId, kind: input.kind, amountFen: input.amountFen, receivedOn: input.receivedOn, evidenceDocumentIds: input.evidenceDocumentIds, fiscalYear: input.fiscalYear, note: input.note },
      at,
    });
    return { income, created: true };
  });
}
