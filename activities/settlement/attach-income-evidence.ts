// Evidence added to income already recorded — typically a payment booked by the deal's workflow
// before the bank slip was at hand. A settlement needs evidence for every income event it takes
// in, so without this the income could never be settled. Only while no settlement has claimed
// the income: the claim is in the `where` clause, so a settlement taking it at the same moment
// makes this a conflict rather than a silent change under the settlement's feet.
import { AppError } from '../../domain/errors';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { Clock } from '../infra/clock';
import type { Db } from '../infra/db';
import type { IncomeEventRow } from './record-income-event';

export interface AttachIncomeEvidenceInput {
  institutionId: string;
  dealId: string;
  incomeEventId: string;
  evidenceDocumentIds: string[];
  actorId: string;
}

export async function attachIncomeEvidence({ db, clock }: { db: Db; clock: Clock }, input: AttachIncomeEvidenceInput): Promise<IncomeEventRow> {
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
  return db.$transaction(async (tx) => {
    const before = await tx.incomeEvent.findFirst({ where: { id: input.incomeEventId, dealId: input.dealId } });
    if (!before) throw new AppError('NOT_FOUND', `Income event ${input.incomeEventId} of this deal was not found`);
    const added = input.evidenceDocumentIds.filter((id) => !before.evidenceDocumentIds.includes(id));
    if (added.length === 0) return before;
    const evidenceDocumentIds = [...before.evidenceDocumentIds, ...added];
    const { count } = await tx.incomeEvent.updateMany({
      where: { id: before.id, settlementId: null, evidenceDocumentIds: { equals: before.evidenceDocumentIds } },
      data: { evidenceDocumentIds, evidenceDocumentId: before.evidenceDocumentId ?? evidenceDocumentIds[0] ?? null },
    });
    if (count === 0) {
      throw new AppError('CONFLICT', 'This income has been taken into a settlement (or changed meanwhile); evidence can no longer be added here', {
        details: { incomeEventId: before.id },
      });
    }
    await recordAuditEntry(tx, {
      key: `${before.key}:evidence:${evidenceDocumentIds.join(',')}`,
      entityType: 'IncomeEvent',
      entityId: before.id,
      actorId: input.actorId,
      action: 'income.evidence-added',
      before: { evidenceDocumentIds: before.evidenceDocumentIds },
      after: { evidenceDocumentIds },
      at,
    });
    return tx.incomeEvent.findUniqueOrThrow({ where: { id: before.id } });
  });
}
