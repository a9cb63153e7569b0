// A short-lived link that downloads one exact version of a document straight from S3, under
// its original file name, without the API streaming the bytes.
import { AppError } from '../../domain/errors';
import type { Document } from '../../prisma/generated/client';
import type { Storage } from '../infra/storage';

const MAX_TTL_SECONDS = 7 * 24 * 3600; // the S3 limit for presigned URLs

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the real (often Chinese)
 * name in RFC 5987 / RFC 6266 `filename*` form, which every current browser prefers.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function presignDownload(
  { storage }: { storage: Storage },
  document: Pick<Document, 'objectKey' | 'versionId' | 'fileName' | 'contentType'>,
  ttlSeconds = 300,
): Promise<string> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    throw new AppError('VALIDATION_FAILED', `ttlSeconds: must be a whole number from 1 to ${MAX_TTL_SECONDS}`, { details: { field: 'ttlSeconds' } });
  }
  return storage.linkSigner.presignedGetObject(storage.bucket, document.objectKey, ttlSeconds, {
    ...(document.versionId ? { versionId: document.versionId } : {}),
    'response-content-disposition': attachmentDisposition(document.fileName),
    'response-content-type': document.contentType,
  });
}
