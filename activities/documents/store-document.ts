// Stores an uploaded (or generated) document: the bytes in the S3 bucket, the facts about them
// (SHA-256, size, content type, uploader, S3 version id) in PostgreSQL. The API calls it
// directly for uploads; activities call it for generated PDFs.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain/errors';
import { DocumentKind, type Document } from '../../prisma/generated/client';
import type { AppConfig } from '../infra/config';
import type { Db } from '../infra/db';
import { isUuid, uuidFromKey } from '../infra/key-uuid';
import { putObject, sha256Hex, type Storage } from '../infra/storage';
import { ACCEPTED_FILE_TYPES, acceptedFileType, contentMatches, type AcceptedFileType } from './accepted-file-types';

// The API imports the document operations from this one module.
export { presignDownload } from './presign-download';
export { listDocumentVersions } from './list-document-versions';

export interface StoreDocumentDeps {
  db: Db;
  storage: Storage;
  config: Pick<AppConfig, 'DOCUMENT_MAX_BYTES'>;
}

export interface StoreDocumentInput {
  institutionId: string;
  /** What the document belongs to: a spin-out case, an IP deal, a settlement, or (all null) the institution. */
  caseId: string | null;
  dealId?: string | null;
  settlementId?: string | null;
  kind: DocumentKind;
  /** Adds a new version of this logical document; omitted, a new logical document starts. */
  documentKey?: string;
  fileName: string;
  contentType: string;
  data: Buffer;
  uploadedById: string | null;
  /** The same key stores the document once: a repeat returns the row stored the first time. */
  idempotencyKey?: string;
}

const MAX_FILE_NAME_LENGTH = 255;
const DOCUMENT_KEY_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, { details: { field } });
}

/** The name as the user's browser gave it, without any folder part; never used in object keys. */
function cleanFileName(fileName: unknown): string {
  if (typeof fileName !== 'string') throw invalid('fileName', 'the file name is required');
  const name = fileName.split(/[\\/]/).pop()!.trim();
  if (name === '' || name === '.' || name === '..') throw invalid('fileName', 'the file name is required');
  if (name.length > MAX_FILE_NAME_LENGTH) throw invalid('fileName', `the file name must be at most ${MAX_FILE_NAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalid('fileName', 'the file name must not contain control characters');
  return name;
}

function checkContentType(contentType: unknown): AcceptedFileType {
  const essence = typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : '';
  const type = acceptedFileType(essence);
  if (!type) {
    const accepted = [...new Set(ACCEPTED_FILE_TYPES.flatMap((accepted) => accepted.extensions))].join(', ');
    throw invalid('contentType', `${essence || 'a missing content type'} is not accepted; upload PDF, PNG, JPEG, WebP or Office files (${accepted})`);
  }
  return type;
}

function checkExtension(fileName: string, type: AcceptedFileType): void {
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (!extension || !type.extensions.includes(extension)) {
    throw invalid('fileName', `"${fileName}" must end in ${type.extensions.map((ext) => `.${ext}`).join(' or ')} for content type ${type.contentType}`);
  }
}

function checkData(data: unknown, type: AcceptedFileType, maxBytes: number): asserts data is Buffer {
  if (!Buffer.isBuffer(data) || data.length === 0) throw invalid('data', 'the file is empty');
  if (data.length > maxBytes) throw invalid('data', `the file is ${data.length} bytes; the limit is ${maxBytes} bytes`);
  if (!contentMatches(type, data)) throw invalid('data', `the file's content is not ${type.label} (declared content type ${type.contentType})`);
}

function checkInput(input: StoreDocumentInput, maxBytes: number) {
  if (!isUuid(input.institutionId)) throw invalid('institutionId', 'must be an institution id (uuid)');
  if (input.caseId !== null && !isUuid(input.caseId)) throw invalid('caseId', 'must be a case id (uuid) or null');
  if (input.dealId != null && !isUuid(input.dealId)) throw invalid('dealId', 'must be a deal id (uuid) or null');
  if (input.settlementId != null && !isUuid(input.settlementId)) throw invalid('settlementId', 'must be a settlement id (uuid) or null');
  if (input.uploadedById !== null && !isUuid(input.uploadedById)) throw invalid('uploadedById', 'must be a person id (uuid) or null');
  if (!Object.values(DocumentKind).includes(input.kind)) throw invalid('kind', `must be one of ${Object.values(DocumentKind).join(', ')}`);
  if (input.documentKey !== undefined && !DOCUMENT_KEY_PATTERN.test(input.documentKey)) throw invalid('documentKey', 'is not a document key');
  const fileName = cleanFileName(input.fileName);
  const type = checkContentType(input.contentType);
  checkExtension(fileName, type);
  checkData(input.data, type, maxBytes);
  return { fileName, type };
}

/** A new version must belong to an existing document of the same institution and case. */
async function checkExistingDocumentKey(db: Db, input: StoreDocumentInput & { documentKey: string }): Promise<void> {
  const latest = await db.document.findFirst({
    where: { documentKey: input.documentKey, institutionId: input.institutionId },
    orderBy: { uploadedAt: 'desc' },
    select: { caseId: true, dealId: true, settlementId: true },
  });
  if (!latest) throw invalid('documentKey', `no document ${input.documentKey} exists in this institution`);
  if (latest.caseId !== input.caseId) throw invalid('documentKey', `document ${input.documentKey} belongs to another case`);
  if (latest.dealId !== (input.dealId ?? null)) throw invalid('documentKey', `document ${input.documentKey} belongs to another deal`);
  if (latest.settlementId !== (input.settlementId ?? null)) throw invalid('documentKey', `document ${input.documentKey} belongs to another settlement`);
}

async function findByIdempotencyKey(db: Db, idempotencyKey: string, sha256: string): Promise<Document | null> {
  const existing = await db.document.findUnique({ where: { idempotencyKey } });
  if (existing && existing.sha256 !== sha256) {
    throw new AppError('CONFLICT', `idempotencyKey: ${idempotencyKey} was already used to store a different file`, { details: { field: 'idempotencyKey' } });
  }
  return existing;
}

export async function storeDocument({ db, storage, config }: StoreDocumentDeps, input: StoreDocumentInput): Promise<Document> {
  const { fileName, type } = checkInput(input, config.DOCUMENT_MAX_BYTES);
  const sha256 = sha256Hex(input.data);
  const { idempotencyKey } = input;
  if (idempotencyKey !== undefined) {
    const existing = await findByIdempotencyKey(db, idempotencyKey, sha256);
    if (existing) return existing;
  }
  if (input.documentKey !== undefined) await checkExistingDocumentKey(db, { ...input, documentKey: input.documentKey });

  // With an idempotency key every name is derived from it, so a retry after a crash between
  // the upload and the insert overwrites the same object (a new S3 version) and inserts the
  // same row, instead of leaving a stray object behind.
  const derive = (purpose: string) => (idempotencyKey === undefined ? randomUUID() : uuidFromKey(`document-${purpose}:${idempotencyKey}`));
  const documentKey = input.documentKey ?? derive('key');
  const objectKey = `institutions/${input.institutionId}/documents/${documentKey}/${derive('object')}`;
  const stored = await putObject(storage, objectKey, input.data, type.contentType);

  const row = {
    id: derive('row'),
    institutionId: input.institutionId,
    caseId: input.caseId,
    dealId: input.dealId ?? null,
    settlementId: input.settlementId ?? null,
    kind: input.kind,
    documentKey,
    objectKey,
    versionId: stored.versionId,
    fileName,
    contentType: type.contentType,
    size: stored.size,
    sha256: stored.sha256,
    uploadedById: input.uploadedById,
    idempotencyKey: idempotencyKey ?? null,
  };
  if (idempotencyKey === undefined) return db.document.create({ data: row });
  // Two concurrent attempts with one key: the first insert wins, both return its row.
  await db.document.createMany({ data: [row], skipDuplicates: true });
  return db.document.findUniqueOrThrow({ where: { idempotencyKey } });
}
