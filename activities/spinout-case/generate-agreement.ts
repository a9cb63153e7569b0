// The agreement for the parties to sign: a PDF generated from the case, stored as a document
// of kind AGREEMENT_DRAFT, once per key.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { storeDocument, type StoreDocumentDeps } from '../documents/store-document';
import type { Clock } from '../infra/clock';
import { agreementContent, agreementTitle } from './agreement/agreement-content';
import { renderAgreementPdf } from './agreement/render-agreement-pdf';
import { loadCaseFacts } from './load-case-facts';

export type GenerateAgreementInput = Parameters<SpinoutCaseActivities['generateAgreement']>[0];

export async function generateAgreement(deps: StoreDocumentDeps & { clock: Clock }, input: GenerateAgreementInput): Promise<{ documentId: string }> {
  const { db } = deps;
  const stored = await db.document.findUnique({ where: { idempotencyKey: input.key }, select: { id: true } });
  if (stored) return { documentId: stored.id };

  const facts = await loadCaseFacts(db, input.caseId);
  const pdf = await renderAgreementPdf(agreementContent(facts), deps.clock());
  try {
    const document = await storeDocument(deps, {
      institutionId: facts.institution.id,
      caseId: facts.caseId,
      kind: 'AGREEMENT_DRAFT',
      fileName: `${facts.reference} ${agreementTitle(facts)}.pdf`,
      contentType: 'application/pdf',
      data: pdf,
      uploadedById: null,
      idempotencyKey: input.key,
    });
    return { documentId: document.id };
  } catch (error) {
    // Another attempt stored its own rendering (different timestamp, so different bytes)
    // under this key first: that one is the agreement.
    if (!AppError.is(error, 'CONFLICT')) throw error;
    const winner = await db.document.findUniqueOrThrow({ where: { idempotencyKey: input.key }, select: { id: true } });
    return { documentId: winner.id };
  }
}
