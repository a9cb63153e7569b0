// The generated agreement: a real PDF in MinIO whose text (extracted with pdf.js via unpdf)
// says who, what and where, generated once per key.
import { createHash } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presignDownload } from '../../activities/documents/store-document';
import { createMailer } from '../../activities/infra/mailer';
import { getObject, type Storage } from '../../activities/infra/storage';
import { createSpinoutCaseActivities } from '../../activities/spinout-case/create-spinout-case-activities';
import { seedMakerSpaces, type SeededInstitution } from '../../prisma/factories';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage } from '../support/stack';
import { completeDraft, createTestCase, seedTestInstitution } from './support/case-fixture';

let database: TestDatabase;
let storage: Storage;
let seeded: SeededInstitution;
let activities: SpinoutCaseActivities;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = testConfig(database.url);
  storage = await testStorage(config);
  await seedMakerSpaces(database.db);
  seeded = await seedTestInstitution(database.db);
  activities = createSpinoutCaseActivities({ db: database.db, storage, mailer: createMailer(config), config, clock: () => new Date('2026-03-20T01:00:00Z') });
});
afterAll(async () => {
  await database?.drop();
});

async function pdfText(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  // pdf.js may break a line anywhere; compare without whitespace.
  return text.replace(/\s+/g, '');
}

describe('generateAgreement', () => {
  it('renders the 离岗创业协议 from the case as a PDF stored once per key', async () => {
    const { caseId, reference } = await createTestCase(activities, seeded);
    const key = `${caseId}:agreement`;
    const { documentId } = await activities.generateAgreement({ caseId, key });
    const again = await activities.generateAgreement({ caseId, key });
    expect(again.documentId).toBe(documentId);

    const rows = await database.db.document.findMany({ where: { caseId } });
    expect(rows).toHaveLength(1);
    const [document] = rows;
    expect(document).toMatchObject({
      id: documentId,
      kind: 'AGREEMENT_DRAFT',
      contentType: 'application/pdf',
      fileName: `${reference} 离岗创业协议.pdf`,
      idempotencyKey: key,
      uploadedById: null,
    });

    const pdf = await getObject(storage, document!.objectKey, document!.versionId ?? undefined);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(document!.sha256);
    const text = await pdfText(pdf);
    for (const expected of [
      '离岗创业协议',
      reference,
      seeded.institution.name,
      seeded.people.researcher.name,
      seeded.departments.main.name,
      '杭州明远智能科技有限公司',
      '91350100M000100Y43',
      '西湖创新工场',
      '36个月',
      '一种缺陷检测方法',
      'ZL202310000000.0',
      '与某研究院共有',
      seeded.people.otherResearcher.name,
      '60%',
      '25%',
      '王五',
      '保留期最长不超过36个月',
      '最多延长1次',
      '180、90、30、7日',
      '30日内',
      '人社部发〔2019〕137号',
      '法定代表人或授权代表（签字）',
    ]) {
      expect(text, expected).toContain(expected.replace(/\s+/g, ''));
    }

    // The API hands the draft out through a presigned URL under its Chinese file name.
    const response = await fetch(await presignDownload({ storage }, document!));
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('离岗创业协议'));
  });

  it('renders the 在岗兼职创业协议 for a part-time case', async () => {
    const { caseId } = await createTestCase(activities, seeded, { ...completeDraft(seeded), mode: 'PART_TIME', durationMonths: 24 });
    const { documentId } = await activities.generateAgreement({ caseId, key: `${caseId}:agreement` });
    const document = await database.db.document.findUniqueOrThrow({ where: { id: documentId } });
    const text = await pdfText(await getObject(storage, document.objectKey, document.versionId ?? undefined));
    expect(text).toContain('在岗兼职创业协议');
    expect(text).toContain('兼职创业的期限为24个月');
    expect(text).not.toContain('人事关系保留期');
  });

  it('fails without retrying for a case that does not exist', async () => {
    const caseId = crypto.randomUUID();
    await expect(activities.generateAgreement({ caseId, key: `${caseId}:agreement` })).rejects.toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
  });
});
