// Request and response shapes of documents.
import { z } from '@hono/zod-openapi';
import { ZPersonRef, ZTimestamp } from './common.schemas';

export const DOCUMENT_KINDS = ['ATTACHMENT', 'AGREEMENT_DRAFT', 'SIGNED_AGREEMENT', 'EVIDENCE'] as const;

export const ZDocument = z
  .object({
    id: z.uuid(),
    caseId: z.uuid().nullable(),
    kind: z.enum(DOCUMENT_KINDS),
    documentKey: z.string().openapi({ description: 'Groups the versions of one logical document' }),
    fileName: z.string(),
    contentType: z.string(),
    size: z.int(),
    sha256: z.string().openapi({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }),
    retainUntil: ZTimestamp.nullable(),
    uploadedBy: ZPersonRef.nullable(),
    uploadedAt: ZTimestamp,
  })
  .openapi('Document');

export const ZUploadDocumentForm = z
  .object({
    file: z.instanceof(File, { error: 'file is required (multipart file field)' }).openapi({ type: 'string', format: 'binary' }),
    kind: z.enum(['ATTACHMENT', 'EVIDENCE'], { error: 'kind must be ATTACHMENT or EVIDENCE' }),
    documentKey: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'documentKey must be a document key (letters, digits and hyphens)' })
      .optional()
      .openapi({ description: 'Upload a new version of this document of the same case; omit for a new document' }),
  })
  .openapi('DocumentUpload');

export const ZDownloadQuery = z.object({
  format: z.enum(['redirect', 'json'], { error: 'format must be redirect or json' }).default('redirect').openapi({
    description: 'redirect (302 to the presigned URL, the default) or json ({ url, expiresAt })',
  }),
});

export const ZDownloadLink = z.object({ url: z.url(), expiresAt: ZTimestamp }).openapi('DownloadLink');
export const ZDocumentVersions = z.object({ items: z.array(ZDocument) }).openapi('DocumentVersions', { description: 'Newest first' });
export type TDocument = z.infer<typeof ZDocument>;
