// An upload to a deal: stored through the documents module like a case's, as a document of the deal.
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
  const row = await storeUpload(deps, c, { ...input, caseId: null });
  if (row.dealId !== input.dealId) {
    // An Idempotency-Key the uploader already used for a document of something else.
    throw new AppError('CONFLICT', 'This Idempotency-Key was already used for another upload', { details: { field: 'Idempotency-Key' } });
  }
  return row;
}
