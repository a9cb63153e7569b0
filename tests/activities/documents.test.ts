// Document storage against real MinIO and PostgreSQL: what is accepted, what is refused (with
// the field named), versions, presigned downloads, and object lock on signed copies.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDocumentVersions, presignDownload, storeDocument, type StoreDocumentInput } from '../../activities/documents/store-document';
import type { AppConfig } from '../../activities/infra/config';
import { createMailer } from '../../activities/infra/mailer';
import { createStorage, type Storage } from '../../activities/infra/storage';
import { createSpinoutCaseActivities } from '../../activities/spinout-case/create-spinout-case-activities';
import { AppError } from '../../domain/errors';
import { seedActiveDeal, type SeededInstitution } from '../../prisma/factories';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage } from '../support/stack';
import { createTestCase, seedTestInstitution } from './support/case-fixture';

const MAX_BYTES = 64 * 1024;
const NOW = new Date('2026-04-01T08:00:00.000Z');

let database: TestDatabase;
let config: AppConfig;
let storage: Storage;
let seeded: SeededInstitution;
let activities: SpinoutCaseActivities;
let caseId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url, { DOCUMENT_MAX_BYTES: MAX_BYTES });
  storage = await testStorage(config);
  seeded = await seedTestInstitution(database.db);
  activities = createSpinoutCaseActivities({ db: database.db, storage, mailer: createMailer(config), config, clock: () => NOW });
  ({ caseId } = await createTestCase(activities, seeded));
});
afterAll(async () => {
  await database?.drop();
});

const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');
const pdfBytes = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);
const deps = () => ({ db: database.db, storage, config });
const upload = (overrides: Partial<StoreDocumentInput> = {}): StoreDocumentInput => ({
  institutionId: seeded.institution.id,
  caseId,
  kind: 'ATTACHMENT',
  fileName: '成果说明 (final).pdf',
  contentType: 'application/pdf',
  data: pdfBytes(randomUUID()),
  uploadedById: seeded.people.researcher.id,
  ...overrides,
});

async function refusal(input: StoreDocumentInput): Promise<AppError> {
  const error = await storeDocument(deps(), input).then(() => null, (thrown: unknown) => thrown);
  if (!AppError.is(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('storeDocument', () => {
  it('stores the bytes in S3 and the facts in PostgreSQL; a presigned URL downloads the same bytes under the original name', async () => {
    const input = upload();
    const document = await storeDocument(deps(), input);
    expect(document).toMatchObject({
      institutionId: seeded.institution.id,
      caseId,
      kind: 'ATTACHMENT',
      fileName: '成果说明 (final).pdf',
      contentType: 'application/pdf',
      size: input.data.length,
      sha256: sha256(input.data),
      uploadedById: seeded.people.researcher.id,
    });
    expect(document.versionId).toBeTruthy();
    expect(document.objectKey).toBe(`institutions/${seeded.institution.id}/documents/${document.documentKey}/${document.objectKey.split('/').pop()}`);
    expect(document.objectKey).not.toContain('成果说明');
    expect(document.objectKey).not.toContain('.pdf');

    const url = await presignDownload({ storage }, document);
    expect(new URL(url).searchParams.get('versionId')).toBe(document.versionId);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    expect(sha256(body)).toBe(document.sha256);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('成果说明 (final).pdf').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"/);
  });

  it('adds versions to a logical document and lists them newest first; each version downloads as itself', async () => {
    const first = await storeDocument(deps(), upload({ fileName: 'plan.pdf', data: pdfBytes('v1') }));
    const second = await storeDocument(deps(), upload({ fileName: 'plan-v2.pdf', data: pdfBytes('v2'), documentKey: first.documentKey }));
    expect(second.documentKey).toBe(first.documentKey);
    expect(second.objectKey).not.toBe(first.objectKey);
    const versions = await listDocumentVersions(database.db, first.documentKey);
    expect(versions.map((version) => version.id)).toEqual([second.id, first.id]);
    const firstBytes = Buffer.from(await (await fetch(await presignDownload({ storage }, first, 60))).arrayBuffer());
    expect(firstBytes.toString()).toContain('v1');
  });

  it('stores once per idempotency key', async () => {
    const input = upload({ idempotencyKey: `upload-${randomUUID()}` });
    const first = await storeDocument(deps(), input);
    const again = await storeDocument(deps(), input);
    expect(again.id).toBe(first.id);
    expect(await database.db.document.count({ where: { documentKey: first.documentKey } })).toBe(1);
    const other = await refusal({ ...input, data: pdfBytes('another file') });
    expect(other).toMatchObject({ code: 'CONFLICT', details: { field: 'idempotencyKey' } });
  });

  it('stores a document of a deal as the deal’s, and keeps its versions the deal’s', async () => {
    const { researcher } = seeded.people;
    const deal = await seedActiveDeal(database.db, seeded, { team: [{ personId: researcher.id, name: researcher.name, contributionShareBp: 10_000, mainContributor: true }] });
    const other = await seedActiveDeal(database.db, seeded, { team: [{ personId: researcher.id, name: researcher.name, contributionShareBp: 10_000, mainContributor: true }] });
    const first = await storeDocument(deps(), upload({ caseId: null, dealId: deal.id, kind: 'VALUATION_REPORT', fileName: 'valuation.pdf' }));
    expect(first).toMatchObject({ dealId: deal.id, caseId: null, settlementId: null, kind: 'VALUATION_REPORT' });
    const second = await storeDocument(deps(), upload({ caseId: null, dealId: deal.id, kind: 'VALUATION_REPORT', documentKey: first.documentKey }));
    expect(second.dealId).toBe(deal.id);
    const elsewhere = await refusal(upload({ caseId: null, dealId: other.id, kind: 'VALUATION_REPORT', documentKey: first.documentKey }));
    expect(elsewhere).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'documentKey' } });
    expect(elsewhere.message).toContain('another deal');
    expect(await refusal(upload({ caseId: null, dealId: 'not-a-uuid' }))).toMatchObject({ details: { field: 'dealId' } });
  });

  it('accepts images and Office files whose bytes match their type', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
    const ole2 = Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex');
    const docx = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(26), Buffer.from('[Content_Types].xml ... word/document.xml')]);
    for (const [fileName, contentType, data] of [
      ['photo.png', 'image/png', png],
      ['photo.JPG', 'image/jpeg', jpeg],
      ['photo.webp', 'image/webp', webp],
      ['old.doc', 'application/msword', ole2],
      ['report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx],
    ] as const) {
      const document = await storeDocument(deps(), upload({ fileName, contentType, data }));
      expect(document.contentType).toBe(contentType);
    }
  });

  it('refuses other content types, bytes that are not what they claim, a wrong extension and oversize files, naming the field', async () => {
    expect(await refusal(upload({ fileName: 'run.exe', contentType: 'application/x-msdownload', data: Buffer.from('MZ\x90\x00') }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^contentType: application\/x-msdownload is not accepted/),
      details: { field: 'contentType' },
    });
    expect(await refusal(upload({ data: Buffer.from('MZ\x90\x00 an executable renamed') }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^data: the file's content is not a PDF/),
      details: { field: 'data' },
    });
    expect(await refusal(upload({ fileName: 'scan.png', contentType: 'image/png', data: Buffer.from('ffd8ffe000104a464946', 'hex') }))).toMatchObject({
      details: { field: 'data' },
    });
    expect(await refusal(upload({ fileName: 'notes.txt' }))).toMatchObject({ message: expect.stringMatching(/^fileName: .*must end in \.pdf/), details: { field: 'fileName' } });
    expect(await refusal(upload({ data: Buffer.concat([pdfBytes('big'), Buffer.alloc(MAX_BYTES)]) }))).toMatchObject({
      message: expect.stringMatching(/^data: the file is \d+ bytes; the limit is 65536 bytes$/),
      details: { field: 'data' },
    });
    expect(await refusal(upload({ data: Buffer.alloc(0) }))).toMatchObject({ details: { field: 'data' } });
    expect(await refusal(upload({ fileName: '   ' }))).toMatchObject({ details: { field: 'fileName' } });
    expect(await refusal(upload({ documentKey: randomUUID() }))).toMatchObject({ details: { field: 'documentKey' } });
    expect(await database.db.document.count({ where: { fileName: { in: ['run.exe', 'notes.txt', 'scan.png'] } } })).toBe(0);
  });
});

describe('lockDocuments', () => {
  it('puts the signed copies under COMPLIANCE object lock for ten years, once; the locked version cannot be removed', async () => {
    const researcherCopy = await storeDocument(deps(), upload({ kind: 'SIGNED_AGREEMENT', fileName: '协议-乙方签字.pdf' }));
    const institutionCopy = await storeDocument(deps(), upload({ kind: 'SIGNED_AGREEMENT', fileName: '协议-甲方盖章.pdf', uploadedById: seeded.people.tto.id }));
    const documentIds = [researcherCopy.id, institutionCopy.id];
    await activities.lockDocuments({ caseId, documentIds });
    await activities.lockDocuments({ caseId, documentIds });

    const expectedUntil = new Date('2036-04-01T08:00:00.000Z');
    for (const document of [researcherCopy, institutionCopy]) {
      expect(await database.db.document.findUniqueOrThrow({ where: { id: document.id } })).toMatchObject({ retainUntil: expectedUntil });
      const retention = await storage.client.getObjectRetention(storage.bucket, document.objectKey, { versionId: document.versionId! });
      expect(retention).toMatchObject({ mode: 'COMPLIANCE' });
      expect(new Date(retention!.retainUntilDate).getTime()).toBe(expectedUntil.getTime());
      await expect(storage.client.removeObject(storage.bucket, document.objectKey, { versionId: document.versionId!, governanceBypass: true })).rejects.toThrow();
      // Still there, byte for byte.
      const back = Buffer.from(await (await fetch(await presignDownload({ storage }, document))).arrayBuffer());
      expect(sha256(back)).toBe(document.sha256);
    }
    expect(await database.db.auditEntry.count({ where: { entityId: { in: documentIds }, action: 'document.locked' } })).toBe(2);
  });

  it('refuses documents of another case, without retrying', async () => {
    const elsewhere = await storeDocument(deps(), upload({ caseId: null, fileName: 'x.pdf' }));
    await expect(activities.lockDocuments({ caseId, documentIds: [elsewhere.id] })).rejects.toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
  });
});

describe('download links behind a proxy (S3_PUBLIC_ENDPOINT)', () => {
  it('signs links for the public host, which a proxy passing the Host header serves; a link for the inner host does not work there', async () => {
    // The proxy browsers reach: forwards every request to MinIO unchanged, Host header included.
    const inner = new URL(config.S3_ENDPOINT);
    const proxy = createServer((req, res) => {
      const upstream = httpRequest({ host: inner.hostname, port: inner.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const publicEndpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const behindProxy = createStorage({ ...config, S3_PUBLIC_ENDPOINT: publicEndpoint });
      const document = await storeDocument({ ...deps(), storage: behindProxy }, upload({ fileName: '转让合同.pdf' }));

      const link = new URL(await presignDownload({ storage: behindProxy }, document));
      expect(link.origin).toBe(publicEndpoint);
      const response = await fetch(link);
      expect(response.status).toBe(200);
      expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(document.sha256);

      // Signed for MinIO's own address, the same path through the proxy is refused: the host is signed.
      const innerLink = new URL(await presignDownload({ storage }, document));
      expect(innerLink.origin).toBe(inner.origin);
      const rewritten = await fetch(`${publicEndpoint}${innerLink.pathname}${innerLink.search}`);
      expect(rewritten.status).toBe(403);
      await rewritten.arrayBuffer();
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
