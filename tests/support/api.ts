// Shared set-up for the API tests: a fresh database per file with two seeded institutions, a
// real worker with the real activities on the file's own task queue, the app built from the
// same servers, and helpers to call it with real tokens from POST /auth/dev-login.
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { expect, vi } from 'vitest';
import type { AppConfig } from '../../activities/infra/config';
import type { Storage } from '../../activities/infra/storage';
import { createApp, type App } from '../../api/app';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { TDealDraftInput } from '../../domain/licensing';
import type { TSpinoutDraft } from '../../domain/spinout';
import { seedCalendar, seedInstitution, seedMakerSpaces, type SeededInstitution, type SeededPerson } from '../../prisma/factories';
import { createTestDatabase, type TestDatabase } from './database';
import { temporalClient, testConfig, testStorage, testWorker } from './stack';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** A seeded person (logged in through dev-login, token cached) or a raw bearer token. */
  as?: SeededPerson | { token: string };
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

export interface ApiHarness {
  app: App;
  config: AppConfig;
  database: TestDatabase;
  db: TestDatabase['db'];
  storage: Storage;
  temporal: Client;
  worker: Worker;
  /** Two institutions: every test acts in A; B is "another institution". */
  a: SeededInstitution;
  b: SeededInstitution;
  token(person: SeededPerson): Promise<string>;
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export async function startApiHarness(overrides: Partial<AppConfig> = {}): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, overrides);
  const storage = await testStorage(config);
  const { worker, close: closeWorker } = await testWorker(config, { db: database.db, storage });
  const running = worker.run();
  const temporal = await temporalClient(config);
  const app = createApp({ config, db: database.db, storage, temporal: temporal.client });

  await seedCalendar(database.db);
  await seedMakerSpaces(database.db);
  const a = await seedInstitution(database.db, { code: 'ZJU', name: '浙江大学' });
  const b = await seedInstitution(database.db, { code: 'PKU', name: '北京大学' });

  const tokens = new Map<string, string>();
  const harness: ApiHarness = {
    app,
    config,
    database,
    db: database.db,
    storage,
    temporal: temporal.client,
    worker,
    a,
    b,
    async token(person) {
      const cached = tokens.get(person.id);
      if (cached) return cached;
      const res = await app.request('/auth/dev-login', { method: 'POST', body: JSON.stringify({ email: person.email }), headers: { 'content-type': 'application/json' } });
      if (res.status !== 200) throw new Error(`dev-login for ${person.email} answered ${res.status}: ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      tokens.set(person.id, token);
      return token;
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers.authorization = `Bearer ${'token' in options.as ? options.as.token : await harness.token(options.as)}`;
      let body: RequestInit['body'];
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form) {
        body = options.form;
      }
      const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async close() {
      worker.shutdown();
      await running;
      await closeWorker();
      await temporal.close();
      await database.drop();
    },
  };
  return harness;
}

// ─── data ──────────────────────────────────────────────────────────────────────────────────

/** A draft that passes submission under the default profile. */
export function validDraft(researcher: SeededPerson, startInDays = 90): TSpinoutDraft {
  const today = shanghaiDateOf(Date.now());
  return {
    mode: 'LEAVE',
    makerSpace: { name: '西湖创新工场', address: '杭州市西湖区文三路 90 号' },
    venture: { name: '量子传感科技有限公司', description: 'Quantum sensors for industrial inspection.' },
    ipAssets: [{ kind: 'PATENT', title: '一种量子传感器', number: 'CN202410000001.X', ownership: 'INSTITUTION' }],
    team: [
      { personId: researcher.id, role: '技术负责人', contributionShareBp: 6_000 },
      { name: '张三', role: '工程师', contributionShareBp: 4_000 },
    ],
    declarations: { holdsLeadershipPost: false, isMajorProjectPI: false },
    requestedStartDate: addCalendarDays({ date: today, days: startInDays }),
    durationMonths: 36,
  };
}

/** A small but real PDF (the documents module checks the bytes against the declared type). */
export function pdfBytes(text = 'Spinway test document'): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

export function fileForm(fields: Record<string, string>, file?: { data: Buffer; name: string; type: string }): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file) form.set('file', new File([new Uint8Array(file.data)], file.name, { type: file.type }));
  return form;
}

export const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');

// ─── driving cases through the API ─────────────────────────────────────────────────────────

/** Creates a case as `researcher` and returns its detail. */
export async function createCase(h: ApiHarness, researcher: SeededPerson, draft: TSpinoutDraft = validDraft(researcher)) {
  const res = await h.call('POST', '/cases', { as: researcher, json: draft });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; reference: string; version: number; status: string };
}

/**
 * Waits for the case's open task of `kind` (the workflow opens the next task just after some
 * updates answer) and returns its row.
 */
export async function openTaskOf(h: ApiHarness, caseId: string, kind = 'APPROVAL', stepKey?: string) {
  return vi.waitFor(
    async () => {
      const task = await h.db.task.findFirst({
        where: { caseId, kind: kind as 'APPROVAL', state: { in: ['OPEN', 'CLAIMED'] }, ...(stepKey ? { stepKey } : {}) },
        orderBy: { createdAt: 'desc' },
      });
      if (!task) throw new Error(`no open ${kind}${stepKey ? ` ${stepKey}` : ''} task on case ${caseId} yet`);
      return task;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** Creates and submits a case; returns it once its first approval task is open. */
export async function submittedCase(h: ApiHarness, researcher: SeededPerson = h.a.people.researcher) {
  const created = await createCase(h, researcher);
  const res = await h.call('POST', `/cases/${created.id}/submit`, { as: researcher });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const task = await openTaskOf(h, created.id, 'APPROVAL', 'dept-head');
  return { ...created, task };
}

/** Approves every step of the default chain, each by its approver, through the API. */
export async function approveAll(h: ApiHarness, caseId: string) {
  const { deptHead, tto, hr, leadership } = h.a.people;
  for (const [stepKey, approver] of [['dept-head', deptHead], ['tto', tto], ['hr', hr], ['leadership', leadership]] as const) {
    const task = await openTaskOf(h, caseId, 'APPROVAL', stepKey);
    const res = await h.call('POST', `/tasks/${task.id}/decide`, { as: approver, json: { decision: 'APPROVE' } });
    expect(res.status, `${stepKey}: ${JSON.stringify(res.body)}`).toBe(200);
  }
}

// ─── IP deals through the API ──────────────────────────────────────────────────────────────

/** Valid 统一社会信用代码 (check digit included) for counterparties; and one with a wrong check digit. */
export const CREDIT_CODES = { licensee: '91330100MA2H00001P', other: '91110108MA01ABCD3L', wrongCheckDigit: '91330100MA2H00001Q' } as const;

/**
 * A licence under 协议定价 that passes submission under the default profile: one new patent,
 * the researcher as the whole team, ¥3,000,000 upfront (the vice-president's tier: TTO review,
 * then LEADERSHIP), a 3.5% quarterly royalty over five years.
 */
export function validDealDraft(researcher: SeededPerson, overrides: Partial<TDealDraftInput> = {}): TDealDraftInput {
  return {
    title: '一种量子传感器的独占许可',
    mode: 'LICENCE',
    pricingMethod: 'AGREED',
    counterparty: { name: '杭州量感科技有限公司', unifiedSocialCreditCode: CREDIT_CODES.licensee, contactEmail: 'licensing@liangan.example.com' },
    assets: [{ kind: 'PATENT', title: '一种量子传感器', number: 'CN202410000001.X', ownership: 'INSTITUTION', allocationBp: 10_000 }],
    team: [{ personId: researcher.id, name: researcher.name, contributionShareBp: 10_000, mainContributor: true }],
    terms: {
      exclusivity: 'EXCLUSIVE',
      fieldOfUse: '工业无损检测',
      territory: '中华人民共和国',
      termMonths: 60,
      upfrontFeeFen: 300_000_000,
      milestones: [],
      royalty: { rateBp: 350, reportingPeriod: 'QUARTERLY', reportDueDays: 30 },
      sublicensing: 'WITH_CONSENT',
      patentCostReimbursementFen: 0,
    },
    ...overrides,
  };
}

/** Opens a deal as `person` (a TTO officer names the lead researcher in the draft) and returns its detail. */
export async function createDeal(h: ApiHarness, person: SeededPerson, draft: TDealDraftInput & { leadResearcherId?: string } = validDealDraft(person)) {
  const res = await h.call('POST', '/deals', { as: person, json: draft });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; reference: string; version: number; status: string };
}

/** Waits for the deal's open task of `kind` (and step) and returns its row. */
export async function openDealTaskOf(h: ApiHarness, dealId: string, kind = 'APPROVAL', stepKey?: string) {
  return vi.waitFor(
    async () => {
      const task = await h.db.task.findFirst({
        where: { dealId, kind: kind as 'APPROVAL', state: { in: ['OPEN', 'CLAIMED'] }, ...(stepKey ? { stepKey } : {}) },
        orderBy: { createdAt: 'desc' },
      });
      if (!task) throw new Error(`no open ${kind}${stepKey ? ` ${stepKey}` : ''} task on deal ${dealId} yet`);
      return task;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** Waits until the deal's row has `status` and returns the row. */
export async function dealInStatus(h: ApiHarness, dealId: string, status: string) {
  return vi.waitFor(
    async () => {
      const row = await h.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } });
      if (row.status !== status) throw new Error(`deal ${dealId} is ${row.status}, not ${status} yet`);
      return row;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** Creates and submits a deal; returns it once its first approval task (the TTO's review) is open. */
export async function submittedDeal(h: ApiHarness, researcher: SeededPerson = h.a.people.researcher, draft: TDealDraftInput = validDealDraft(researcher)) {
  const created = await createDeal(h, researcher, draft);
  const res = await h.call('POST', `/deals/${created.id}/submit`, { as: researcher });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const task = await openDealTaskOf(h, created.id, 'APPROVAL', 'tto-review');
  return { ...created, task };
}

/** Uploads a PDF of `kind` to a deal as `person`; returns the document. */
export async function uploadDealDocument(h: ApiHarness, dealId: string, person: SeededPerson, kind: string, text = `${kind} ${Math.random()}`) {
  const res = await h.call('POST', `/deals/${dealId}/documents`, {
    as: person,
    form: fileForm({ kind }, { data: pdfBytes(text), name: `${kind.toLowerCase()}.pdf`, type: 'application/pdf' }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; documentKey: string; kind: string };
}

// ─── "nothing changed" ─────────────────────────────────────────────────────────────────────

/**
 * Every business row the API could change, in a stable order. Notifications and deliveries are
 * left out: the workflow sends them after an update answers, on its own time.
 */
export async function dbSnapshot(h: ApiHarness) {
  const db = h.db;
  const byId = { orderBy: { id: 'asc' as const } };
  const [cases, tasks, documents, notices, objections, audit, people, profiles, calendar, members, assets, deals] = await Promise.all([
    db.spinoutCase.findMany(byId),
    db.task.findMany(byId),
    db.document.findMany(byId),
    db.notice.findMany(byId),
    db.objection.findMany(byId),
    db.auditEntry.count(),
    db.person.findMany(byId),
    db.policyProfile.findMany(byId),
    db.calendarDay.findMany({ orderBy: { date: 'asc' } }),
    db.caseTeamMember.findMany(byId),
    db.ipAsset.findMany(byId),
    dealSnapshot(h),
  ]);
  return { cases, tasks, documents, notices, objections, audit, people, profiles, calendar, members, assets, deals };
}

/** The IP deals' rows: deals, their assets, team, obligations, royalty periods, amendments and income. */
export async function dealSnapshot(h: ApiHarness) {
  const db = h.db;
  const byId = { orderBy: { id: 'asc' as const } };
  const [deals, dealAssets, dealTeam, obligations, royaltyPeriods, amendments, income] = await Promise.all([
    db.ipDeal.findMany(byId),
    db.dealAsset.findMany({ orderBy: [{ dealId: 'asc' }, { ipAssetId: 'asc' }] }),
    db.dealTeamMember.findMany(byId),
    db.dealObligation.findMany(byId),
    db.royaltyPeriod.findMany(byId),
    db.dealAmendment.findMany(byId),
    db.incomeEvent.findMany(byId),
  ]);
  return { deals, dealAssets, dealTeam, obligations, royaltyPeriods, amendments, income };
}

/** Runs a refused request and asserts its status, its error code and that no row changed. */
export async function expectRefusedUnchanged(
  h: ApiHarness,
  request: () => Promise<ApiResponse>,
  status: number,
  code?: string,
): Promise<ApiResponse> {
  const before = await dbSnapshot(h);
  const res = await request();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.error.code).toBe(code);
  expect(await dbSnapshot(h)).toEqual(before);
  return res;
}

/** A deal listed on an exchange (挂牌交易), approved by the TTO, its result recorded and its contract signed on `signedOn`. */
export async function activeListedDeal(h: ApiHarness, draft: TDealDraftInput, { concludedOn, signedOn }: { concludedOn: string; signedOn: string }) {
  const { researcher, tto } = h.a.people;
  const deal = await submittedDeal(h, researcher, draft);
  const approved = await h.call('POST', `/tasks/${deal.task.id}/decide`, { as: tto, json: { decision: 'APPROVE' } });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await dealInStatus(h, deal.id, 'EXCHANGE');
  // The exchange's price becomes the upfront fee: concluded at the listed fee, the terms stay as written.
  const result = { venue: '浙江知识产权交易中心', listingReference: `ZJIPX-${deal.reference}`, concludedOn, finalPriceFen: draft.terms?.upfrontFeeFen, winningParty: draft.counterparty!.name };
  const exchanged = await h.call('POST', `/deals/${deal.id}/exchange-result`, { as: tto, json: result });
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
  expect(exchanged.body.status).toBe('CONTRACT');
  const signed = await uploadDealDocument(h, deal.id, tto, 'SIGNED_CONTRACT', `signed ${deal.reference}`);
  const active = await h.call('POST', `/deals/${deal.id}/signed-contract`, { as: tto, json: { documentId: signed.id, signedOn } });
  expect(active.status, JSON.stringify(active.body)).toBe(200);
  expect(active.body.status).toBe('ACTIVE');
  return active.body as { id: string; reference: string; obligations: any[] };
}

/**
 * A transfer listed on an exchange: an upfront fee of ¥800,000 due 30 days after signing, and two
 * milestones (¥200,000 and ¥100,000, each due 30 days after its event) — for the overdue, waiver
 * and termination tests.
 */
export function listedTransferDraft(researcher: SeededPerson, { title, milestoneEvents, patentCostReimbursementFen }: { title: string; milestoneEvents: [string, string]; patentCostReimbursementFen: number }): TDealDraftInput {
  return validDealDraft(researcher, {
    title,
    mode: 'TRANSFER',
    pricingMethod: 'LISTED',
    terms: {
      upfrontFeeFen: 80_000_000,
      upfrontDueDays: 30,
      milestones: [
        { event: milestoneEvents[0], amountFen: 20_000_000, dueDaysAfterEvent: 30 },
        { event: milestoneEvents[1], amountFen: 10_000_000, dueDaysAfterEvent: 30 },
      ],
      sublicensing: 'NONE',
      patentCostReimbursementFen,
    },
  });
}
