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

/** The documents module stores for a case or none; the row is then given its deal (a retry links it again). */
async function linkToDeal(deps: StoreDocumentDeps, documentId: string, dealId: string): Promise<{ documentId: string }> {
  await deps.db.document.updateMany({ where: { id: documentId, dealId: null }, data: { dealId } });
  return { documentId };
}

export async function generateContract(deps: StoreDocumentDeps & { clock: Clock }, input: GenerateContractInput): Promise<{ documentId: string }> {
  const { db } = deps;
  const stored = await db.document.findUnique({ where: { idempotencyKey: input.key }, select: { id: true } });
  if (stored) return linkToDeal(deps, stored.id, input.dealId);

  const facts = await loadDealFacts(db, input.dealId);
  const pdf = await renderAgreementPdf(contractContent(facts), deps.clock());
  try {
    const document = await storeDocument(deps, {
      institutionId: facts.institution.id,
      caseId: null,
      kind: 'CONTRACT_DRAFT',
      fileName: `${facts.reference} ${contractTitle(facts.mode)}.pdf`,
      contentType: 'application/pdf',
      data: pdf,
      uploadedById: null,
      idempotencyKey: input.key,
    });
    return linkToDeal(deps, document.id, input.dealId);
  } catch (error) {
    // Another attempt stored its own rendering (another timestamp, other bytes) first: that one is the contract.
    if (!AppError.is(error, 'CONFLICT')) throw error;
    const winner = await db.document.findUniqueOrThrow({ where: { idempotencyKey: input.key }, select: { id: true } });
    return linkToDeal(deps, winner.id, input.dealId);
  }
}
