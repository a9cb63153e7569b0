// The contract draft for the parties to sign: a PDF generated from the deal's terms, stored as a
// CONTRACT_DRAFT document of the deal, once per key.
import { AppError } from '../../domain/errors';
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { storeDocument, type StoreDocumentDeps } from '../documents/store-document';
import type { Clock } from '../infra/clock';
import { renderAgreementPdf } from '../spinout-case/agreement/render-agreement-pdf';
import { contractContent, contractTitle } from './contract/contract-content';
import { loadDealFacts } from './load-deal-facts';

export type GenerateContractInput = Parameters<IpDealActivities['generateContract']>[0];

export async function generateContract(deps: StoreDocumentDeps & { clock: Clock }, input: GenerateContractInput): Promise<{ documentId: string }> {
  const { db } = deps;
  const stored = await db.document.findUnique({ where: { idempotencyKey: input.key }, select: { id: true } });
  if (stored) return { documentId: stored.id };

  const facts = await loadDealFacts(db, input.dealId);
  const pdf = await renderAgreementPdf(contractContent(facts), deps.clock());
  try {
    const document = await storeDocument(deps, {
      institutionId: facts.institution.id,
      caseId: null,
      dealId: input.dealId,
      kind: 'CONTRACT_DRAFT',
      fileName: `${facts.reference} ${contractTitle(facts.mode)}.pdf`,
      contentType: 'application/pdf',
      data: pdf,
      uploadedById: null,
      idempotencyKey: input.key,
    });
    return { documentId: document.id };
  } catch (error) {
    // Another attempt stored its own rendering (another timestamp, other bytes) first: that one is the contract.
    if (!AppError.is(error, 'CONFLICT')) throw error;
    const winner = await db.document.findUniqueOrThrow({ where: { idempotencyKey: input.key }, select: { id: true } });
    return { documentId: winner.id };
  }
}
