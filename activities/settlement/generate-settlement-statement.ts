// A person's statement of a paid settlement (收益分配个人明细): the PDF explains every step from
// gross income to their reward and its tax treatment (domain statementFor, in Chinese and
// English), lists how each of their lines was paid, is stored in S3 as a STATEMENT document of
// the settlement once per key, and is linked from the person's payout lines.
import { AppError } from '../../domain/errors';
import { formatAmount, statementFor, type Lang } from '../../domain/settlement';
import { PAYOUT_SOURCE_LABELS } from './payout-source-labels';
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { storeDocument, type StoreDocumentDeps } from '../documents/store-document';
import type { Clock } from '../infra/clock';
import { storedResult } from './settlement-rows';
import { renderStatementPdf, type StatementPayment } from './statement/render-statement-pdf';

export type GenerateSettlementStatementInput = Parameters<SettlementActivities['generateSettlementStatement']>[0];

async function linkStatement(deps: StoreDocumentDeps, input: GenerateSettlementStatementInput, documentId: string, at: Date): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await tx.document.updateMany({ where: { id: documentId, settlementId: null }, data: { settlementId: input.settlementId } });
    await tx.payoutLine.updateMany({
      where: { settlementId: input.settlementId, lineId: { endsWith: `/person:${input.personId}` } },
      data: { statementDocumentId: documentId },
    });
    await recordAuditEntry(tx, {
      key: `statement:${input.key}`,
      entityType: 'Settlement',
      entityId: input.settlementId,
      actorId: null,
      action: 'settlement.statement_generated',
      after: { personId: input.personId, documentId },
      at,
    });
  });
}

export async function generateSettlementStatement(deps: StoreDocumentDeps & { clock: Clock }, input: GenerateSettlementStatementInput): Promise<{ documentId: string }> {
  const { db } = deps;
  const at = deps.clock();
  const stored = await db.document.findUnique({ where: { idempotencyKey: input.key }, select: { id: true } });
  if (stored) {
    await linkStatement(deps, input, stored.id, at);
    return { documentId: stored.id };
  }
  const settlement = await db.settlement.findUnique({
    where: { id: input.settlementId },
    select: {
      id: true,
      reference: true,
      institutionId: true,
      result: true,
      paidAt: true,
      approvedAt: true,
      institution: { select: { name: true } },
      lines: { orderBy: { position: 'asc' }, select: { lineId: true, source: true, unit: true, amount: true, paidOn: true, paymentRef: true } },
    },
  });
  if (!settlement) throw new AppError('NOT_FOUND', `Settlement ${input.settlementId} does not exist`, { details: { settlementId: input.settlementId } });
  const result = storedResult(settlement);
  const langs: Lang[] = ['zh', 'en'];
  const statements = langs.map((lang) => statementFor({ result, personId: input.personId, lang }));
  const mine = settlement.lines.filter((line) => line.lineId.endsWith(`/person:${input.personId}`));
  const payments = Object.fromEntries(
    langs.map((lang) => [
      lang,
      mine.map((line): StatementPayment => ({
        label: PAYOUT_SOURCE_LABELS[line.source][lang],
        amount: formatAmount(line.unit, Number(line.amount), lang),
        paidOn: line.paidOn,
        paymentRef: line.paymentRef,
      })),
    ]),
  ) as Record<Lang, StatementPayment[]>;
  const person = statements[0]!.recipient;
  const pdf = await renderStatementPdf({
    institutionName: settlement.institution.name,
    reference: settlement.reference,
    statements,
    payments,
    // The approval (or payment) instant, not "now": a re-render is the same statement.
    generatedAt: settlement.paidAt ?? settlement.approvedAt ?? at,
  });
  let documentId: string;
  try {
    const document = await storeDocument(deps, {
      institutionId: settlement.institutionId,
      caseId: null,
      settlementId: input.settlementId,
      kind: 'STATEMENT',
      fileName: `${settlement.reference} 收益分配个人明细 ${person.name}.pdf`,
      contentType: 'application/pdf',
      data: pdf,
      uploadedById: null,
      idempotencyKey: input.key,
    });
    documentId = document.id;
  } catch (error) {
    // Another attempt stored its own rendering under this key first: that one is the statement.
    if (!AppError.is(error, 'CONFLICT')) throw error;
    documentId = (await db.document.findUniqueOrThrow({ where: { idempotencyKey: input.key }, select: { id: true } })).id;
  }
  await linkStatement(deps, input, documentId, at);
  return { documentId };
}
