// The IP deal activities against real PostgreSQL and MinIO: every write idempotent (called twice
// → one row, one audit entry), state and audit written together, payments booked once as
// income events, the contract draft a real PDF whose text names the parties and the amounts,
// the signed contract checked and locked, and mistakes a retry cannot fix refused as
// non-retryable failures typed with their AppError code.
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDocument } from '../../activities/documents/store-document';
import { createMailer } from '../../activities/infra/mailer';
import { getObject, type Storage } from '../../activities/infra/storage';
import { createIpDealActivities } from '../../activities/ip-deal/create-ip-deal-activities';
import { chineseUppercaseAmount } from '../../activities/ip-deal/contract/chinese-amount';
import { newAssetIdOf } from '../../activities/ip-deal/deal-rows';
import type { AppConfig } from '../../activities/infra/config';
import { seedCalendar, dealDraftFor, ipDealInputFor, type SeededInstitution } from '../../prisma/factories';
import { ZDealDraft, type TDealDraft } from '../../domain/licensing';
import type { DealTask, IpDealActivities, Obligation } from '../../workflows/contracts/ip-deal';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage, uniqueId } from '../support/stack';
import { seedTestInstitution } from './support/case-fixture';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

const NOW = new Date('2026-03-02T02:00:00.000Z');

let database: TestDatabase;
let storage: Storage;
let smtp: SmtpSink;
let config: AppConfig;
let seeded: SeededInstitution;
let activities: IpDealActivities;
let mailerClose: () => void;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpSink({ refuse: (address) => address.startsWith('gone@') });
  config = testConfig(database.url, { SMTP_URL: smtp.url, MAIL_FROM: 'Spinway 测试 <noreply@spinway.test>', PUBLIC_URL: 'https://spinway.example.edu.cn' });
  storage = await testStorage(config);
  await seedCalendar(database.db);
  seeded = await seedTestInstitution(database.db);
  const mailer = createMailer(config);
  mailerClose = () => mailer.close();
  activities = createIpDealActivities({ db: database.db, storage, mailer, config, clock: () => NOW });
});
afterAll(async () => {
  mailerClose?.();
  await smtp?.close();
  await database?.drop();
});

const draftOf = (overrides: Parameters<typeof dealDraftFor>[1] = {}) => ZDealDraft.parse(dealDraftFor(seeded, overrides)) as TDealDraft;
async function newDeal(draft: TDealDraft = draftOf()) {
  const input = ipDealInputFor(seeded, draft);
  await activities.createDeal(input);
  return input;
}
const auditOf = (entityId: string) => database.db.auditEntry.findMany({ where: { entityId }, orderBy: { id: 'asc' } });
const actionsOf = async (entityId: string) => (await auditOf(entityId)).map((entry) => entry.action).sort();
async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

async function pdfText(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  // pdf.js may break a line anywhere; compare without whitespace.
  return text.replace(/\s+/g, '');
}

describe('createDeal', () => {
  it('creates the deal row, its assets (new IP assets too) and team, and one audit entry, once', async () => {
    const input = await newDeal();
    await activities.createDeal(input); // a retry
    const row = await database.db.ipDeal.findUniqueOrThrow({
      where: { id: input.dealId },
      include: { assets: { orderBy: { position: 'asc' }, include: { ipAsset: true } }, team: { orderBy: { position: 'asc' } } },
    });
    expect(row).toMatchObject({
      reference: input.reference,
      workflowId: input.workflowId,
      status: 'DRAFT',
      version: 1,
      mode: 'LICENCE',
      pricingMethod: 'AGREED',
      title: '一种缺陷检测方法的独占许可',
      counterpartyName: '杭州明远智能科技有限公司',
      counterpartyCreditCode: '91350100M000100Y43',
      leadResearcherId: seeded.people.researcher.id,
      policyProfileId: seeded.profile.id,
      caseId: null,
      totalValueFen: 0n,
    });
    expect(row.terms).toEqual(JSON.parse(JSON.stringify(input.draft)));
    expect(row.assets.map((asset) => [asset.ipAssetId, asset.ipAsset.kind, asset.ipAsset.title, asset.allocationBp])).toEqual([
      [newAssetIdOf(input.dealId, 0), 'PATENT', '一种缺陷检测方法', 7_000],
      [newAssetIdOf(input.dealId, 1), 'SOFTWARE_COPYRIGHT', '缺陷检测软件 V1.0', 3_000],
    ]);
    expect(row.team.map((member) => [member.personId, member.name, member.contributionShareBp, member.mainContributor])).toEqual([
      [seeded.people.researcher.id, seeded.people.researcher.name, 6_000, true],
      [seeded.people.otherResearcher.id, seeded.people.otherResearcher.name, 4_000, false],
    ]);
    expect(await actionsOf(input.dealId)).toEqual(['deal.created']);
    expect((await auditOf(input.dealId))[0]).toMatchObject({ entityType: 'IpDeal', actorId: seeded.people.researcher.id });
  });

  it('refuses a reference that belongs to another deal, without retrying', async () => {
    const first = await newDeal();
    const clash = ipDealInputFor(seeded, draftOf(), { reference: first.reference });
    const failure = await refusal(activities.createDeal(clash));
    expect(failure).toMatchObject({ type: 'CONFLICT', nonRetryable: true });
    expect(await database.db.ipDeal.findUnique({ where: { id: clash.dealId } })).toBeNull();
  });
});

describe('recordDealState', () => {
  it('writes the state and its audit entry together, once; an older version never overwrites a newer one', async () => {
    const input = await newDeal();
    const { dealId } = input;
    const submitted = {
      dealId, status: 'IN_REVIEW' as const, version: 2, currentStepKey: null, draft: input.draft, totalValueFen: 300_000_000,
      approvalTier: { upToFen: 499_999_999, approverRole: 'LEADERSHIP', label: { zh: '分管副校长', en: 'Vice-president' } },
      event: { key: `${dealId}:v2`, actorId: seeded.people.researcher.id, action: 'deal.submitted', before: { status: 'DRAFT' }, after: { status: 'IN_REVIEW' } },
    };
    await activities.recordDealState(submitted);
    await activities.recordDealState(submitted);
    expect(await database.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({
      status: 'IN_REVIEW', version: 2, totalValueFen: 300_000_000n, approvalTier: submitted.approvalTier, submittedAt: NOW, closedAt: null,
    });
    // The draft changes with the state: the rows follow it.
    const edited = draftOf({ assets: [{ kind: 'PATENT', title: '改进的缺陷检测方法', ownership: 'INSTITUTION', allocationBp: 10_000 }] });
    await activities.recordDealState({ dealId, status: 'IN_REVIEW', version: 3, currentStepKey: 'tto-review', draft: edited, event: { key: `${dealId}:v3`, actorId: null, action: 'deal.draft_edited' } });
    const assets = await database.db.dealAsset.findMany({ where: { dealId }, include: { ipAsset: true } });
    expect(assets.map((asset) => asset.ipAsset.title)).toEqual(['改进的缺陷检测方法']);
    // The second asset the deal created is gone with it.
    expect(await database.db.ipAsset.findUnique({ where: { id: newAssetIdOf(dealId, 1) } })).toBeNull();

    // A late retry of version 2 is kept as history but changes nothing.
    await activities.recordDealState({ ...submitted, event: { ...submitted.event, key: `${dealId}:late` } });
    expect(await database.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ version: 3, currentStepKey: 'tto-review' });

    await activities.recordDealState({
      dealId, status: 'ACTIVE', version: 4, currentStepKey: null, signedOn: '2026-03-01', effectiveOn: '2026-03-01', expiresOn: '2031-02-28', techContractRegNo: '2026330100001234',
      exchangeResult: { venue: '浙江知识产权交易中心', listingReference: 'ZJ-1', concludedOn: '2026-02-20', finalPriceFen: 310_000_000, winningParty: '杭州明远智能科技有限公司', documentId: null },
      event: { key: `${dealId}:v4`, actorId: seeded.people.tto.id, action: 'deal.signed' },
    });
    await activities.recordDealState({ dealId, status: 'TERMINATED', version: 5, currentStepKey: null, event: { key: `${dealId}:v5`, actorId: seeded.people.tto.id, action: 'deal.terminated' } });
    expect(await database.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({
      status: 'TERMINATED', version: 5, signedOn: '2026-03-01', expiresOn: '2031-02-28', techContractRegNo: '2026330100001234', closedAt: NOW,
      exchangeResult: expect.objectContaining({ finalPriceFen: 310_000_000 }),
    });
    expect(await actionsOf(dealId)).toEqual(['deal.created', 'deal.draft_edited', 'deal.signed', 'deal.submitted', 'deal.submitted', 'deal.terminated'].sort());
  });
});

describe('tasks', () => {
  const task = (dealId: string, overrides: Partial<DealTask> = {}): DealTask => ({
    key: `${dealId}:r1:tto-review`,
    kind: 'APPROVAL',
    stepKey: 'tto-review',
    title: '技术转移中心审核 / Tech-transfer office review',
    assigneeId: null,
    candidateRole: 'TTO_OFFICER',
    dueAt: Date.parse('2026-03-16T15:59:59.999Z'),
    escalated: false,
    escalationRole: 'LEADERSHIP',
    openedAt: NOW.getTime(),
    ...overrides,
  });

  it('opens a task of the deal (no case) once, moves the deal to its step, and claims, escalates and closes it', async () => {
    const { dealId, institutionId } = await newDeal();
    const opened = task(dealId);
    await activities.openDealTask({ institutionId, dealId, task: opened });
    await activities.openDealTask({ institutionId, dealId, task: opened });
    const row = await database.db.task.findUniqueOrThrow({ where: { key: opened.key } });
    expect(row).toMatchObject({ dealId, caseId: null, institutionId, kind: 'APPROVAL', candidateRole: 'TTO_OFFICER', escalationRole: 'LEADERSHIP', dueAt: new Date(opened.dueAt!), state: 'OPEN', departmentId: null });
    expect(await database.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ currentStepKey: 'tto-review' });

    await activities.updateDealTask({ key: opened.key, assigneeId: seeded.people.tto.id });
    await activities.updateDealTask({ key: opened.key, escalated: true });
    await activities.closeDealTask({ key: opened.key, state: 'DONE', decision: 'APPROVE', comment: null, decidedById: seeded.people.tto.id });
    await activities.closeDealTask({ key: opened.key, state: 'DONE', decision: 'APPROVE', comment: null, decidedById: seeded.people.tto.id });
    expect(await database.db.task.findUniqueOrThrow({ where: { key: opened.key } })).toMatchObject({ state: 'DONE', assigneeId: seeded.people.tto.id, escalated: true, decision: 'APPROVE', decidedAt: NOW });
    expect(await actionsOf(row.id)).toEqual(['task.claimed', 'task.decided', 'task.escalated', 'task.opened']);

    // A follow-up task is not an approval step: the deal's step stays.
    await activities.openDealTask({ institutionId, dealId, task: task(dealId, { key: `${dealId}:ob:upfront:follow-up:2026-04-01`, kind: 'PAYMENT_FOLLOW_UP', stepKey: `${dealId}:ob:upfront` }) });
    expect(await database.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ currentStepKey: 'tto-review' });
  });
});

describe('publicity (协议定价)', () => {
  it('publishes the results’ names and the proposed price in CNY once; pauses, takes and resolves an objection', async () => {
    const input = await newDeal();
    const { dealId, institutionId } = input;
    await activities.recordDealState({ dealId, status: 'IN_REVIEW', version: 2, currentStepKey: null, totalValueFen: 250_000_000, event: { key: `${dealId}:v2`, actorId: null, action: 'deal.submitted' } });
    const key = `${dealId}:r1:notice`;
    const period = { key, institutionId, dealId, startsOn: '2026-03-02', endsOn: '2026-03-17' };
    await activities.publishDealNotice(period);
    await activities.publishDealNotice(period);
    const notices = await database.db.notice.findMany({ where: { dealId } });
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice).toMatchObject({ key, caseId: null, status: 'OPEN', startsOn: '2026-03-02', endsOn: '2026-03-17' });
    expect(notice!.title).toBe('关于“一种缺陷检测方法”等2项科技成果许可拟交易价格的公示');
    for (const text of ['协议定价', '专利《一种缺陷检测方法》（ZL202310000000.0）', '计算机软件著作权《缺陷检测软件 V1.0》', '杭州明远智能科技有限公司', '91350100M000100Y43', '拟交易价格：¥2,500,000.00（人民币贰佰伍拾万元整）', '入门费：¥1,000,000.00', '提成：净销售额的 3.5%', '2026年3月2日至2026年3月17日']) {
      expect(notice!.body).toContain(text);
    }
    expect(await actionsOf(notice!.id)).toEqual(['notice.published']);

    await activities.updateDealNotice({ key, status: 'PAUSED' });
    const { objectionId } = await activities.recordDealObjection({ key: `${dealId}:objection:1`, noticeKey: key, contact: 'a@example.com', reason: '价格偏低' });
    expect((await activities.recordDealObjection({ key: `${dealId}:objection:1`, noticeKey: key, contact: 'a@example.com', reason: '价格偏低' })).objectionId).toBe(objectionId);
    await activities.resolveDealObjection({ objectionId, outcome: 'DISMISSED', resolution: '价格经评估合理', resolvedById: seeded.people.tto.id });
    await activities.updateDealNotice({ key, status: 'OPEN', endsOn: '2026-03-20' });
    await activities.updateDealNotice({ key, status: 'CLOSED' });
    expect(await database.db.notice.findUniqueOrThrow({ where: { key }, include: { objections: true } })).toMatchObject({ status: 'CLOSED', endsOn: '2026-03-20', objections: [{ id: objectionId, status: 'DISMISSED' }] });
    // A closed notice stays closed: non-retryable.
    expect(await refusal(activities.updateDealNotice({ key, status: 'WITHDRAWN' }))).toMatchObject({ type: 'INVALID_TRANSITION', nonRetryable: true });
  });
});

describe('the contract', () => {
  it('generates the contract draft as a PDF of the deal, once per key, naming the parties, the assets and every amount in CNY', async () => {
    const input = await newDeal();
    const { dealId } = input;
    await activities.recordDealState({ dealId, status: 'CONTRACT', version: 2, currentStepKey: 'contract', totalValueFen: 250_000_000, event: { key: `${dealId}:v2`, actorId: null, action: 'deal.contract_started' } });
    const key = `${dealId}:r1:contract`;
    const { documentId } = await activities.generateContract({ dealId, key });
    expect((await activities.generateContract({ dealId, key })).documentId).toBe(documentId);
    const rows = await database.db.document.findMany({ where: { dealId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: documentId, kind: 'CONTRACT_DRAFT', caseId: null, contentType: 'application/pdf', fileName: `${input.reference} 技术许可合同.pdf`, idempotencyKey: key });

    const pdf = await getObject(storage, rows[0]!.objectKey, rows[0]!.versionId ?? undefined);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Without the page footers, so a sentence running over a page break reads whole.
    const text = (await pdfText(pdf)).replace(new RegExp(`技术许可合同${input.reference}第\\d+页/共\\d+页`, 'g'), '');
    for (const expected of [
      '技术许可合同',
      input.reference,
      seeded.institution.name,
      '杭州明远智能科技有限公司',
      '91350100M000100Y43',
      '一种缺陷检测方法',
      '独占许可',
      '工业视觉检测',
      '60个月',
      '¥1,000,000.00（人民币壹佰万元整）',
      '首台样机通过验收',
      '¥500,000.00',
      '3.5%',
      '¥200,000.00（人民币贰拾万元整）',
      '¥12,345.67（人民币壹万贰仟叁佰肆拾伍元陆角柒分）',
      '¥2,500,000.00（人民币贰佰伍拾万元整）',
      '任一方严重违约',
    ]) {
      expect(text, expected).toContain(expected.replace(/\s+/g, ''));
    }
  });

  it('locks a signed contract of the deal under COMPLIANCE retention, once; refuses anything else without retrying', async () => {
    const { dealId, institutionId } = await newDeal();
    const upload = (kind: 'SIGNED_CONTRACT' | 'EVIDENCE') =>
      storeDocument({ db: database.db, storage, config }, { institutionId, caseId: null, kind, fileName: '合同-双方盖章.pdf', contentType: 'application/pdf', data: Buffer.from(`%PDF-1.7\n% ${randomUUID()}\n%%EOF\n`), uploadedById: seeded.people.tto.id });
    const signed = await upload('SIGNED_CONTRACT');
    await database.db.document.update({ where: { id: signed.id }, data: { dealId } });
    await activities.lockDealDocuments({ dealId, documentIds: [signed.id] });
    await activities.lockDealDocuments({ dealId, documentIds: [signed.id] });
    const expectedUntil = new Date('2056-03-02T02:00:00.000Z');
    expect(await database.db.document.findUniqueOrThrow({ where: { id: signed.id } })).toMatchObject({ retainUntil: expectedUntil });
    const retention = await storage.client.getObjectRetention(storage.bucket, signed.objectKey, { versionId: signed.versionId! });
    expect(retention).toMatchObject({ mode: 'COMPLIANCE' });
    expect(new Date(retention!.retainUntilDate).getTime()).toBe(expectedUntil.getTime());
    expect(await actionsOf(signed.id)).toEqual(['document.locked']);

    const evidence = await upload('EVIDENCE');
    await database.db.document.update({ where: { id: evidence.id }, data: { dealId } });
    expect(await refusal(activities.lockDealDocuments({ dealId, documentIds: [evidence.id] }))).toMatchObject({ type: 'VALIDATION_FAILED', nonRetryable: true, message: expect.stringContaining('it is a EVIDENCE') });
    const elsewhere = await upload('SIGNED_CONTRACT');
    expect(await refusal(activities.lockDealDocuments({ dealId, documentIds: [elsewhere.id] }))).toMatchObject({ type: 'VALIDATION_FAILED', message: expect.stringContaining('belongs to something else') });
    expect(await refusal(activities.lockDealDocuments({ dealId, documentIds: ['not-a-uuid'] }))).toMatchObject({ type: 'VALIDATION_FAILED' });
    expect((await database.db.document.findUniqueOrThrow({ where: { id: evidence.id } })).retainUntil).toBeNull();
  });
});

describe('obligations, royalty periods and payments', () => {
  const upfront = (dealId: string, overrides: Partial<Obligation> = {}): Obligation => ({
    key: `${dealId}:ob:upfront`, kind: 'UPFRONT', label: '入门费 / Upfront fee', amountFen: 100_000_000, dueOn: '2026-04-01', status: 'PENDING', paidFen: 0, ...overrides,
  });

  it('writes obligations by key, audits each change once, and books a payment once as an income event', async () => {
    const { dealId, institutionId } = await newDeal();
    const patentCost: Obligation = { key: `${dealId}:ob:patent-cost`, kind: 'PATENT_COST', label: '专利费用补偿', amountFen: 1_234_567, dueOn: '2026-04-01', status: 'PENDING', paidFen: 0 };
    const milestone: Obligation = { key: `${dealId}:ob:milestone:0`, kind: 'MILESTONE', label: '里程碑付款：首台样机通过验收', amountFen: 50_000_000, dueOn: null, status: 'PENDING', paidFen: 0, eventOn: null };
    await activities.upsertObligations({ dealId, obligations: [upfront(dealId), milestone, patentCost] });
    await activities.upsertObligations({ dealId, obligations: [upfront(dealId), milestone, patentCost] });
    await activities.upsertObligations({ dealId, obligations: [{ ...milestone, eventOn: '2026-05-10', dueOn: '2026-06-09' }] });
    const rows = await database.db.dealObligation.findMany({ where: { dealId }, orderBy: { position: 'asc' } });
    expect(rows.map((row) => [row.kind, row.amountFen, row.dueOn, row.eventOn, row.status])).toEqual([
      ['UPFRONT', 100_000_000n, '2026-04-01', null, 'PENDING'],
      ['PATENT_COST', 1_234_567n, '2026-04-01', null, 'PENDING'],
      ['MILESTONE', 50_000_000n, '2026-06-09', '2026-05-10', 'PENDING'],
    ]);
    expect(await actionsOf(rows[2]!.id)).toEqual(['obligation.changed', 'obligation.created']);

    // A payment, recorded twice (a retry): one income event, paid once.
    const payment = { key: `${dealId}:payment:bank-1`, institutionId, dealId, kind: 'UPFRONT' as const, amountFen: 40_000_000, receivedOn: '2026-03-20', obligationKey: `${dealId}:ob:upfront`, recordedById: seeded.people.finance.id };
    await activities.recordPayment(payment);
    await activities.recordPayment(payment);
    expect(await database.db.incomeEvent.findMany({ where: { dealId } })).toEqual([
      expect.objectContaining({ key: payment.key, institutionId, kind: 'UPFRONT', amountFen: 40_000_000n, receivedOn: '2026-03-20', obligationKey: payment.obligationKey, recordedById: seeded.people.finance.id, settlementId: null }),
    ]);
    expect(await database.db.dealObligation.findUniqueOrThrow({ where: { key: payment.obligationKey } })).toMatchObject({ paidFen: 40_000_000n, paidOn: '2026-03-20', status: 'PENDING' });
    await activities.recordPayment({ ...payment, key: `${dealId}:payment:bank-2`, amountFen: 60_000_000, receivedOn: '2026-03-25' });
    expect(await database.db.dealObligation.findUniqueOrThrow({ where: { key: payment.obligationKey } })).toMatchObject({ paidFen: 100_000_000n, status: 'PAID' });
    // The workflow's next write of the obligation agrees with what the payment wrote: no new entry.
    const upfrontRow = rows[0]!;
    const before = (await auditOf(upfrontRow.id)).length;
    await activities.upsertObligations({ dealId, obligations: [upfront(dealId, { paidFen: 100_000_000, status: 'PAID' })] });
    expect((await auditOf(upfrontRow.id)).length).toBe(before);

    // A patent-cost reimbursement is booked with a note saying what it is.
    await activities.recordPayment({ ...payment, key: `${dealId}:payment:bank-3`, kind: 'OTHER', amountFen: 1_234_567, obligationKey: patentCost.key });
    expect(await database.db.incomeEvent.findUniqueOrThrow({ where: { key: `${dealId}:payment:bank-3` } })).toMatchObject({ kind: 'OTHER', note: expect.stringContaining('专利费用补偿') });
    expect((await auditOf(dealId)).filter((entry) => entry.action === 'deal.payment_recorded')).toHaveLength(3);

    // An obligation of another deal is refused, and nothing is booked.
    const other = await newDeal();
    expect(await refusal(activities.recordPayment({ ...payment, key: `${dealId}:payment:wrong`, dealId: other.dealId }))).toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
    expect(await database.db.incomeEvent.findUnique({ where: { key: `${dealId}:payment:wrong` } })).toBeNull();
  });

  it('writes a waiver with its amount, reason, officer and day; a terminated licence cuts the running period short', async () => {
    const { dealId } = await newDeal();
    await activities.upsertObligations({ dealId, obligations: [upfront(dealId, { paidFen: 30_000_000 })] });
    const waiver = { waivedFen: 70_000_000, reason: '和解协议约定免除', byId: seeded.people.tto.id, on: '2026-05-02' };
    await activities.upsertObligations({ dealId, obligations: [upfront(dealId, { paidFen: 30_000_000, status: 'WAIVED', waiver })] });
    const row = await database.db.dealObligation.findUniqueOrThrow({ where: { key: `${dealId}:ob:upfront` } });
    expect(row).toMatchObject({ status: 'WAIVED', paidFen: 30_000_000n, waivedFen: 70_000_000n, waiverReason: waiver.reason, waivedById: waiver.byId, waivedOn: waiver.on });
    expect(await actionsOf(row.id)).toEqual(['obligation.created', 'obligation.waived']);

    const period = { key: `${dealId}:royalty:0`, index: 0, periodStart: '2026-03-01', periodEnd: '2026-05-31', reportDueOn: '2026-06-30', status: 'DUE' as const };
    await activities.upsertRoyaltyPeriod({ dealId, period });
    await activities.upsertRoyaltyPeriod({ dealId, period: { ...period, periodEnd: '2026-04-14' } });
    expect(await database.db.royaltyPeriod.findUniqueOrThrow({ where: { key: period.key } })).toMatchObject({ status: 'DUE', periodEnd: '2026-04-14', reportDueOn: '2026-06-30' });
  });

  it('opens a royalty period, takes its report once, and books the royalty paid', async () => {
    const { dealId, institutionId } = await newDeal();
    const period = { key: `${dealId}:royalty:0`, index: 0, periodStart: '2026-03-01', periodEnd: '2026-05-31', reportDueOn: '2026-06-30', status: 'DUE' as const };
    await activities.upsertRoyaltyPeriod({ dealId, period });
    await activities.upsertRoyaltyPeriod({ dealId, period });
    await activities.upsertRoyaltyPeriod({ dealId, period: { ...period, status: 'REPORTED' }, netSalesFen: 123_456_789, royaltyFen: 4_320_988 });
    await activities.upsertRoyaltyPeriod({ dealId, period: { ...period, status: 'REPORTED' }, netSalesFen: 1, royaltyFen: 1 }); // a retry never rewrites a report
    const row = await database.db.royaltyPeriod.findUniqueOrThrow({ where: { key: period.key } });
    expect(row).toMatchObject({ status: 'REPORTED', netSalesFen: 123_456_789n, royaltyFen: 4_320_988n, reportedAt: NOW, reportDueOn: '2026-06-30' });
    expect(await actionsOf(row.id)).toEqual(['royalty_period.due', 'royalty_period.reported']);
    await activities.recordPayment({ key: `${dealId}:payment:roy-0`, institutionId, dealId, kind: 'ROYALTY', amountFen: 4_320_988, receivedOn: '2026-06-28', royaltyPeriodKey: period.key, recordedById: seeded.people.tto.id });
    expect(await database.db.incomeEvent.findUniqueOrThrow({ where: { key: `${dealId}:payment:roy-0` } })).toMatchObject({ kind: 'ROYALTY', royaltyPeriodKey: period.key, amountFen: 4_320_988n, note: null });
  });
});

describe('amendments', () => {
  it('records an amendment pending, then decided, once; a decided one does not change again', async () => {
    const { dealId } = await newDeal();
    const amended = draftOf({ title: '延长许可期限' });
    const base = { key: `${dealId}:amendment:v7`, dealId, reason: '延长许可期限', terms: amended, totalValueFen: 300_000_000, requestedById: seeded.people.tto.id };
    await activities.recordAmendment({ ...base, status: 'PENDING' });
    await activities.recordAmendment({ ...base, status: 'PENDING' });
    await activities.recordAmendment({ ...base, status: 'APPROVED', decidedById: seeded.people.leadership.id });
    await activities.recordAmendment({ ...base, status: 'APPROVED', decidedById: seeded.people.leadership.id });
    const row = await database.db.dealAmendment.findUniqueOrThrow({ where: { key: base.key } });
    expect(row).toMatchObject({ status: 'APPROVED', decidedById: seeded.people.leadership.id, decidedAt: NOW, totalValueFen: 300_000_000n, reason: '延长许可期限' });
    expect(row.terms).toMatchObject({ title: '延长许可期限' });
    expect(await actionsOf(row.id)).toEqual(['amendment.approved', 'amendment.pending']);
    expect(await refusal(activities.recordAmendment({ ...base, status: 'REJECTED', decidedById: seeded.people.tto.id }))).toMatchObject({ type: 'INVALID_TRANSITION', nonRetryable: true });
  });
});

describe('notifications', () => {
  it('notifies about a deal in-app and by e-mail, once per key, linking to the deal', async () => {
    const { dealId, institutionId } = await newDeal();
    const input = { key: uniqueId('deal-note'), institutionId, dealId, role: 'TTO_OFFICER' as const, personIds: [seeded.people.researcher.id], kind: 'PAYMENT_DUE', title: '入门费 ¥1,000,000.00 今日到期', body: '请关注到账情况。' };
    await activities.notifyDeal(input);
    await activities.notifyDeal(input);
    const rows = await database.db.notification.findMany({ where: { key: { startsWith: input.key } }, orderBy: { personId: 'asc' } });
    const recipients = [seeded.people.researcher, seeded.people.tto, seeded.people.ttoDeputy].map((person) => person.id).sort();
    expect(rows.map((row) => row.personId)).toEqual(recipients);
    expect(rows[0]).toMatchObject({ caseId: null, kind: 'PAYMENT_DUE', link: `https://spinway.example.edu.cn/app/deals/${dealId}`, emailedAt: NOW });
    await expect.poll(() => smtp.messages.filter((mail) => mail.headers.get('x-spinway-delivery')?.toString().startsWith(`${input.key}:`)).length).toBe(3);
    const mail = smtp.messages.find((message) => message.headers.get('x-spinway-delivery') === `${input.key}:${seeded.people.tto.id}:email`)!;
    expect(mail.subject).toBe('[Spinway] 入门费 ¥1,000,000.00 今日到期');
    expect(mail.text).toContain(`/deals/${dealId}`);
  });

  it('e-mails the licensee’s contact once per key, and records a refused address without retrying', async () => {
    const key = uniqueId('royalty-reminder');
    const input = { key, to: 'licensing@mingyuan.example.com', subject: '[IP-2026-TEST] 请提交使用费报告 / Royalty report due 2026-06-30', body: '请于2026年6月30日前提交净销售额报告。' };
    await activities.emailExternal(input);
    await activities.emailExternal(input);
    const sent = smtp.messages.filter((mail) => mail.headers.get('x-spinway-delivery') === `${key}:external-email`);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: input.subject });
    expect(sent[0]!.text).toContain('请于2026年6月30日前提交净销售额报告。');
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: `${key}:external-email` } })).toMatchObject({ status: 'SENT', target: input.to, attempts: 1 });

    const gone = uniqueId('royalty-reminder');
    await activities.emailExternal({ ...input, key: gone, to: 'gone@mingyuan.example.com' });
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: `${gone}:external-email` } })).toMatchObject({ status: 'REJECTED' });
    expect(await refusal(activities.emailExternal({ ...input, key: uniqueId('bad'), to: 'not an address' }))).toMatchObject({ type: 'VALIDATION_FAILED', nonRetryable: true });
  });
});

describe('loadDealCalendar', () => {
  it('reads the working-day calendar', async () => {
    const days = await activities.loadDealCalendar();
    expect(days.find((day) => day.date === '2026-10-01')).toMatchObject({ kind: 'HOLIDAY' });
  });
});

describe('amounts in Chinese capital numerals', () => {
  it.each([
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角'],
    [1_000, '壹拾元整'],
    [123_456, '壹仟贰佰叁拾肆元伍角陆分'],
    [123_405, '壹仟贰佰叁拾肆元零伍分'],
    [1_050_000, '壹万零伍佰元整'],
    [100_000_000, '壹佰万元整'],
    [105_000_000, '壹佰零伍万元整'],
    [10_100_000_000, '壹亿零壹佰万元整'],
    [10_000_000_100, '壹亿零壹元整'],
    [1_234_567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
  ])('%i fen → %s', (fen, words) => {
    expect(chineseUppercaseAmount(fen)).toBe(words);
  });
});
