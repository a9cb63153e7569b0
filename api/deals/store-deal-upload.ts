// An upload to a deal: stored through the documents module like a case's, then linked to the
// deal. The documents module takes a case id only, so the row is stored without a case and
// given its deal id right after, in the same request (an idempotent retry links it again).
import type { Context } from 'hono';
import type { StoreDocumentDeps } from '../../activities/documents/store-document';
import { AppError } from '../../domain/errors';
import type { DocumentKind } from '../../prisma/generated/client';
import { storeUpload } from '../documents/store-upload';

export async function storeDealUpload(
  deps: StoreDocumentDeps,
  c: Context,
  input: { institutionId: string; dealId: string; kind: DocumentKind; documentKey?: string; file: File; uploadedById: string },
) {
  const { dealId, ...rest } = input;
  const row = await storeUpload(deps, c, { ...rest, caseId: null });
  if (row.dealId === dealId) return row;
  if (row.dealId !== null || row.caseId !== null) {
    // An Idempotency-Key the uploader already used for a document of something else.
    throw new AppError('CONFLICT', 'This Idempotency-Key was already used for another upload', { details: { field: 'Idempotency-Key' } });
  }
  return deps.db.document.update({ where: { id: row.id }, data: { dealId } });
}
