// Checks zod cannot make on a deal draft: that what it refers to by id exists and may be used —
// the spin-out case (the lead researcher's own, in the institution), IP assets and team members
// of the institution, and documents uploaded to this deal with the right kind. Each problem is
// a 400 naming its field, all of them at once.
import type { Db } from '../../activities/infra/db';
import type { TDealDraft } from '../../domain/licensing';
import type { DocumentKind } from '../../prisma/generated/client';
import { validationError } from '../errors';

type Issue = { path: string; message: string };

export interface DealScope {
  institutionId: string;
  leadResearcherId: string;
  /** Null while the deal is being opened: it has no documents yet. */
  dealId: string | null;
}

/** The document must have been uploaded to this deal as `kind`; null when it is fine. */
export async function dealDocumentProblem(db: Db, scope: DealScope, documentId: string, kind: DocumentKind): Promise<string | null> {
  if (scope.dealId === null) {
    return `upload the ${kind} to the deal first (POST /deals/{id}/documents), then refer to it with PATCH /deals/{id}`;
  }
  const document = await db.document.findUnique({ where: { id: documentId }, select: { dealId: true, kind: true } });
  if (!document || document.dealId !== scope.dealId) return `no document of this deal has id ${documentId}`;
  if (document.kind !== kind) return `document ${documentId} is a ${document.kind}, not a ${kind}`;
  return null;
}

/** Throws 400 naming the field when `documentId` is not a `kind` document of the deal. */
export async function assertDealDocument(db: Db, scope: DealScope & { dealId: string }, field: string, documentId: string, kind: DocumentKind): Promise<void> {
  const problem = await dealDocumentProblem(db, scope, documentId, kind);
  if (problem) throw validationError([{ path: field, message: problem }]);
}

export async function checkDealReferences(db: Db, scope: DealScope, draft: Partial<TDealDraft>): Promise<void> {
  const issues: Issue[] = [];

  if (draft.caseId !== undefined) {
    const spinout = await db.spinoutCase.findUnique({ where: { id: draft.caseId }, select: { institutionId: true, researcherId: true } });
    if (!spinout || spinout.institutionId !== scope.institutionId || spinout.researcherId !== scope.leadResearcherId) {
      issues.push({ path: 'caseId', message: `no spin-out case of the lead researcher has id ${draft.caseId}` });
    }
  }

  const assetIds = (draft.assets ?? []).flatMap((asset) => (asset.ipAssetId === undefined ? [] : [asset.ipAssetId]));
  if (assetIds.length > 0) {
    const found = new Set(
      (await db.ipAsset.findMany({ where: { id: { in: assetIds }, institutionId: scope.institutionId }, select: { id: true } })).map((row) => row.id),
    );
    draft.assets!.forEach((asset, index) => {
      if (asset.ipAssetId !== undefined && !found.has(asset.ipAssetId)) {
        issues.push({ path: `assets[${index}].ipAssetId`, message: `no IP asset of the institution has id ${asset.ipAssetId}` });
      }
    });
  }

  const personIds = (draft.team ?? []).flatMap((member) => (member.personId === undefined ? [] : [member.personId]));
  if (personIds.length > 0) {
    const found = new Set(
      (await db.person.findMany({ where: { id: { in: personIds }, institutionId: scope.institutionId }, select: { id: true } })).map((row) => row.id),
    );
    draft.team!.forEach((member, index) => {
      if (member.personId !== undefined && !found.has(member.personId)) {
        issues.push({ path: `team[${index}].personId`, message: `no person of the institution has id ${member.personId}` });
      }
    });
  }

  const documents: [keyof TDealDraft & string, string | undefined, DocumentKind][] = [
    ['valuationReportDocumentId', draft.valuationReportDocumentId, 'VALUATION_REPORT'],
    ['conflictDisclosureDocumentId', draft.conflictDisclosureDocumentId, 'CONFLICT_DISCLOSURE'],
  ];
  for (const [path, documentId, kind] of documents) {
    if (documentId === undefined) continue;
    const problem = await dealDocumentProblem(db, scope, documentId, kind);
    if (problem) issues.push({ path, message: problem });
  }

  if (issues.length > 0) throw validationError(issues);
}
