// Documents through the API and MinIO: upload, metadata, download through the presigned URL
// (the bytes' SHA-256 equal to the upload's), versions, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import {
  createCase,
  expectRefusedUnchanged,
  fileForm,
  pdfBytes,
  sha256,
  startApiHarness,
  type ApiHarness,
} from '../support/api';

let h: ApiHarness;
let caseId: string;
beforeAll(async () => {
  h = await startApiHarness();
  caseId = (await createCase(h, h.a.people.researcher)).id;
});
afterAll(async () => {
  await h?.close();
});

const pdf = (text: string) => ({ data: pdfBytes(text), name: '可行性报告.pdf', type: 'application/pdf' });
const upload = (as: Parameters<ApiHarness['token']>[0], fields: Record<string, string>, file?: ReturnType<typeof pdf>, headers?: Record<string, string>) =>
  h.call('POST', `/cases/${caseId}/documents`, { as, form: fileForm(fields, file), ...(headers ? { headers } : {}) });

describe('a document round trip through MinIO', () => {
  it('uploads, downloads through a 5-minute presigned URL with the same SHA-256, and keeps versions', async () => {
    const { researcher, tto } = h.a.people;
    const first = pdf('version one');
    const created = await upload(researcher, { kind: 'ATTACHMENT' }, first);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      caseId,
      kind: 'ATTACHMENT',
      fileName: '可行性报告.pdf',
      contentType: 'application/pdf',
      size: first.data.length,
      sha256: sha256(first.data),
      uploadedBy: { id: researcher.id, name: researcher.name },
    });
    const id: string = created.body.id;

    const meta = await h.call('GET', `/documents/${id}`, { as: tto });
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual(created.body);

    // Default: a redirect to the presigned URL.
    const redirect = await h.call('GET', `/documents/${id}/download`, { as: researcher });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    const downloaded = Buffer.from(await (await fetch(location)).arrayBuffer());
    expect(sha256(downloaded)).toBe(sha256(first.data));

    const link = await h.call('GET', `/documents/${id}/download?format=json`, { as: tto });
    expect(link.status).toBe(200);
    const expiresIn = new Date(link.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(290_000);
    expect(expiresIn).toBeLessThanOrEqual(300_000);
    const response = await fetch(link.body.url);
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(first.data));

    // A new version of the same document, by staff of the institution.
    const second = pdf('version two, revised');
    const revised = await upload(tto, { kind: 'ATTACHMENT', documentKey: created.body.documentKey }, second);
    expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    expect(revised.body).toMatchObject({ documentKey: created.body.documentKey, sha256: sha256(second.data), uploadedBy: { id: tto.id } });
    expect(revised.body.id).not.toBe(id);

    const versions = await h.call('GET', `/documents/${id}/versions`, { as: researcher });
    expect(versions.status).toBe(200);
    expect(versions.body.items.map((item: any) => item.id)).toEqual([revised.body.id, id]);
    // Each version still downloads its own bytes.
    for (const [versionId, data] of [[id, first.data], [revised.body.id, second.data]] as const) {
      const url = (await h.call('GET', `/documents/${versionId}/download?format=json`, { as: researcher })).body.url;
      expect(sha256(Buffer.from(await (await fetch(url)).arrayBuffer()))).toBe(sha256(data));
    }

    const detail = await h.call('GET', `/cases/${caseId}`, { as: researcher });
    expect(detail.body.documents.map((document: any) => document.id)).toEqual(expect.arrayContaining([id, revised.body.id]));
  });

  it('stores a retried upload with the same Idempotency-Key once', async () => {
    const file = pdf('idempotent');
    const headers = { 'idempotency-key': 'upload-7f3a' };
    const first = await upload(h.a.people.researcher, { kind: 'EVIDENCE' }, file, headers);
    const again = await upload(h.a.people.researcher, { kind: 'EVIDENCE' }, file, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await h.db.document.count({ where: { sha256: sha256(file.data) } })).toBe(1);
    // The same key with other bytes is a conflict, not a silent overwrite.
    await expectRefusedUnchanged(h, () => upload(h.a.people.researcher, { kind: 'EVIDENCE' }, pdf('different bytes'), headers), 409, 'CONFLICT');
  });
});

describe('refused uploads and reads', () => {
  it('answers 400 naming the field for a missing, mistyped, disguised or too large file, a bad kind or key', async () => {
    const { researcher } = h.a.people;
    const missing = await expectRefusedUnchanged(h, () => upload(researcher, { kind: 'ATTACHMENT' }), 400, 'VALIDATION_FAILED');
    expect(missing.body.error.details.issues[0].path).toBe('file');
    const text = await expectRefusedUnchanged(h, () => upload(researcher, { kind: 'ATTACHMENT' }, { data: Buffer.from('hello'), name: 'notes.txt', type: 'text/plain' }), 400);
    expect(text.body.error.details.issues[0].path).toBe('file');
    expect(text.body.error.message).toMatch(/text\/plain is not accepted/);
    const disguised = await expectRefusedUnchanged(h, () => upload(researcher, { kind: 'ATTACHMENT' }, { data: Buffer.from('MZ executable'), name: 'report.pdf', type: 'application/pdf' }), 400);
    expect(disguised.body.error.details.issues[0].path).toBe('file');
    expect(disguised.body.error.message).toMatch(/not a PDF/);
    const kind = await expectRefusedUnchanged(h, () => upload(researcher, { kind: 'SIGNED_AGREEMENT' }, pdf('x')), 400);
    expect(kind.body.error.details.issues[0].path).toBe('kind');
    const key = await expectRefusedUnchanged(h, () => upload(researcher, { kind: 'ATTACHMENT', documentKey: 'no-such-document' }, pdf('x')), 400);
    expect(key.body.error.details.issues[0].path).toBe('documentKey');

    const small = createApp({ config: { ...h.config, DOCUMENT_MAX_BYTES: 64 }, db: h.db, storage: h.storage, temporal: h.temporal });
    const token = await h.token(researcher);
    const before = await h.db.document.count();
    const res = await small.request(`/cases/${caseId}/documents`, { method: 'POST', body: fileForm({ kind: 'ATTACHMENT' }, pdf('x'.repeat(100))), headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.details.issues[0]).toMatchObject({ path: 'file', message: expect.stringContaining('limit is 64 bytes') });
    // A body far over the limit is refused before it is read.
    const huge = await small.request(`/cases/${caseId}/documents`, {
      method: 'POST',
      body: fileForm({ kind: 'ATTACHMENT' }, { data: Buffer.concat([pdfBytes('big'), Buffer.alloc(200 * 1024)]), name: 'big.pdf', type: 'application/pdf' }),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as any).error.details.issues[0]).toMatchObject({ path: 'file', message: expect.stringContaining('larger than the limit of 64 bytes') });
    expect(await h.db.document.count()).toBe(before);
  });

  it('keeps another researcher’s and another institution’s documents out of reach (404), and asks for a token (401)', async () => {
    const { researcher, otherResearcher } = h.a.people;
    const stored = await upload(researcher, { kind: 'ATTACHMENT' }, pdf('private'));
    const id = stored.body.id;
    for (const person of [otherResearcher, h.b.people.researcher, h.b.people.tto, h.b.people.admin]) {
      await expectRefusedUnchanged(h, () => upload(person, { kind: 'ATTACHMENT' }, pdf('intruder')), 404, 'NOT_FOUND');
      for (const path of [`/documents/${id}`, `/documents/${id}/download`, `/documents/${id}/versions`]) {
        const res = await h.call('GET', path, { as: person });
        expect(res.status, `${person.email} ${path}`).toBe(404);
      }
    }
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${caseId}/documents`, { form: fileForm({ kind: 'ATTACHMENT' }, pdf('x')), headers: { authorization: 'Bearer nope' } }), 401);
    expect((await h.call('GET', `/documents/${id}`)).status).toBe(401);
    expect((await h.call('GET', '/documents/00000000-0000-4000-8000-000000000000', { as: researcher })).status).toBe(404);
    const badFormat = await h.call('GET', `/documents/${id}/download?format=zip`, { as: researcher });
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.details.issues[0].path).toBe('format');
  });
});
