// An uploaded file, stored through the documents module. Its refusals name the module's own
// fields (data, fileName, contentType); to the client they are all about the `file` it sent.
import type { Context } from 'hono';
import { storeDocument, type StoreDocumentDeps, type StoreDocumentInput } from '../../activities/documents/store-document';
import { AppError } from '../../domain/errors';
import { fieldError } from '../errors';

const FILE_FIELDS = new Set(['data', 'fileName', 'contentType']);

export async function storeUpload(
  deps: StoreDocumentDeps,
  c: Context,
  input: Omit<StoreDocumentInput, 'fileName' | 'contentType' | 'data' | 'idempotencyKey'> & { file: File },
) {
  const { file, ...rest } = input;
  if (file.size > deps.config.DOCUMENT_MAX_BYTES) throw fieldError('file', `the file is ${file.size} bytes; the limit is ${deps.config.DOCUMENT_MAX_BYTES} bytes`);
  // A client retrying an upload sends the same Idempotency-Key; it is scoped to the uploader.
  const idempotencyKey = c.req.header('idempotency-key')?.trim();
  try {
    return await storeDocument(deps, {
      ...rest,
      fileName: file.name,
      contentType: file.type,
      data: Buffer.from(await file.arrayBuffer()),
      ...(idempotencyKey ? { idempotencyKey: `api:${rest.uploadedById}:${idempotencyKey}` } : {}),
    });
  } catch (error) {
    const field = AppError.is(error, 'VALIDATION_FAILED') ? error.details?.field : undefined;
    if (typeof field === 'string' && FILE_FIELDS.has(field)) {
      throw fieldError('file', error instanceof Error ? error.message.replace(/^\w+: /, '') : 'is not accepted');
    }
    throw error;
  }
}
