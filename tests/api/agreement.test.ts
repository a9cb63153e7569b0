// The parts of a case that need days to pass, through the API: an overdue step escalated to
// the escalation role's inbox, and the end of publicity → the agreement → signed copies →
// SIGNED. The API talks to Temporal's time-skipping test server here (its own per file), with
// a real worker and the real activities; the test moves the server's clock forward.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TestWorkflowEnvironment as Env } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { createApp, type App } from '../../api/app';
import { shanghaiDateOf } from '../../domain/calendar';
import { seedCalendar, seedInstitution, seedMakerSpaces, type SeededInstitution, type SeededPerson } from '../../prisma/factories';
import {
  dbSnapshot,
  fileForm,
  pdfBytes,
  sha256,
  validDraft,
  type ApiHarness,
  type ApiResponse,
} from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage, testWorker } from '../support/stack';

const DAY = 24 * 3600 * 1000;

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let app: App;
let a: SeededInstitution;
let stopWorker: () => Promise<void>;
const tokens = new Map<string, string>();

async function call(method: string, path: string, as: SeededPerson, body?: { json?: unknown; form?: FormData }): Promise<ApiResponse> {
  let token = tokens.get(as.id);
  if (!token) {
    const res = await app.request('/auth/dev-login', { method: 'POST', body: JSON.stringify({ email: as.email }), headers: { 'content-type': 'application/json' } });
    token = ((await res.json()) as { token: string }).token;
    tokens.set(as.id, token);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body?.json !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, { method, headers, body: body?.json !== undefined ? JSON.stringify(body.json) : body?.form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

const eventually = <T>(assertion: () => Promise<T>) => vi.waitFor(assertion, { timeout: 20_000, interval: 100 });

async function openTask(caseId: string, kind: 'APPROVAL' | 'SIGN_AGREEMENT', stepKey?: string) {
  return eventually(async () => {
    const task = await database.db.task.findFirst({ where: { caseId, kind, state: { in: ['OPEN', 'CLAIMED'] }, ...(stepKey ? { stepKey } : {}) } });
    if (!task) throw new Error(`no open ${kind} ${stepKey ?? ''} task yet`);
    return task;
  });
}

async function createAndSubmit(researcher: SeededPerson) {
  const created = await call('POST', '/cases', researcher, { json: validDraft(researcher, 120) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await call('POST', `/cases/${created.body.id}/submit`, researcher);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return created.body.id as string;
}

async function approve(caseId: string, stepKey: string, approver: SeededPerson) {
  const task = await openTask(caseId, 'APPROVAL', stepKey);
  const res = await call('POST', `/tasks/${task.id}/decide`, approver, { json: { decision: 'APPROVE' } });
  expect(res.status, `${stepKey}: ${JSON.stringify(res.body)}`).toBe(200);
}

beforeAll(async () => {
  env = await Env.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('timeSkippingServerPath') } } });
  database = await createTestDatabase();
  const config = testConfig(database.url);
  const storage = await testStorage(config);
  const { worker, close } = await testWorker(config, { db: database.db, storage }, env.nativeConnection);
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await close();
  };
  app = createApp({ config, db: database.db, storage, temporal: env.client });
  await seedCalendar(database.db);
  await seedMakerSpaces(database.db);
  a = await seedInstitution(database.db, { code: 'ZJU', name: '浙江大学' });
}, 120_000);

afterAll(async () => {
  await stopWorker?.();
  await env?.teardown();
  await database?.drop();
});

describe('with days passing (time-skipping server)', () => {
  it('an overdue department step is escalated into the tech-transfer office’s inbox, which may decide it', { timeout: 120_000 }, async () => {
    const { researcher, tto, deptHead } = a.people;
    const caseId = await createAndSubmit(researcher);
    const task = await openTask(caseId, 'APPROVAL', 'dept-head');
    expect((await call('GET', '/tasks/inbox', tto)).body.items.map((item: any) => item.id)).not.toContain(task.id);

    await env.sleep(task.dueAt!.getTime() - (await env.currentTimeMs()) + DAY);
    await eventually(async () => expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).escalated).toBe(true));

    const inbox = await call('GET', '/tasks/inbox', tto);
    expect(inbox.body.items.find((item: any) => item.id === task.id)).toMatchObject({ why: 'ESCALATED', escalationRole: 'TTO_OFFICER' });
    // The department head may still decide it; so may the office it was escalated to.
    expect((await call('GET', '/tasks/inbox', deptHead)).body.items.map((item: any) => item.id)).toContain(task.id);
    const decided = await call('POST', `/tasks/${task.id}/decide`, tto, { json: { decision: 'APPROVE', comment: 'Decided on escalation.' } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.task).toMatchObject({ decidedById: tto.id, escalated: true });
  });

  it('publicity ends, the agreement is generated, both signed copies are uploaded and the case is SIGNED', { timeout: 120_000 }, async () => {
    const { researcher, otherResearcher, deptHead, tto, hr, leadership, finance } = a.people;
    const caseId = await createAndSubmit(researcher);
    for (const [stepKey, approver] of [['dept-head', deptHead], ['tto', tto], ['hr', hr], ['leadership', leadership]] as const) {
      await approve(caseId, stepKey, approver);
    }
    expect((await call('GET', `/cases/${caseId}`, researcher)).body.status).toBe('PUBLICITY');

    // 15 calendar days of publicity, then a day more.
    await env.sleep(17 * DAY);
    const signTask = await openTask(caseId, 'SIGN_AGREEMENT');
    const detail = await call('GET', `/cases/${caseId}`, researcher);
    expect(detail.body.status).toBe('AGREEMENT');
    const agreement = detail.body.documents.find((document: any) => document.kind === 'AGREEMENT_DRAFT');
    expect(agreement).toBeDefined();
    const link = await call('GET', `/documents/${agreement.id}/download?format=json`, researcher);
    const pdf = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const today = shanghaiDateOf(Date.now());
    const signed = (party: string, signedOn = today, text = party) =>
      fileForm({ party, signedOn }, { data: pdfBytes(`signed by ${text}`), name: `${party.toLowerCase()}-signed.pdf`, type: 'application/pdf' });
    const refused = async (as: SeededPerson, form: FormData, status: number, code: string) => {
      const before = await dbSnapshot({ db: database.db } as ApiHarness);
      const res = await call('POST', `/cases/${caseId}/signed-copies`, as, { form });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(await dbSnapshot({ db: database.db } as ApiHarness)).toEqual(before);
    };
    await refused(researcher, signed('INSTITUTION'), 403, 'FORBIDDEN');
    await refused(finance, signed('RESEARCHER'), 403, 'FORBIDDEN');
    await refused(otherResearcher, signed('RESEARCHER'), 404, 'NOT_FOUND');
    await refused(researcher, signed('RESEARCHER', '2999-01-01'), 400, 'VALIDATION_FAILED');

    const mine = await call('POST', `/cases/${caseId}/signed-copies`, researcher, { form: signed('RESEARCHER') });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body.document).toMatchObject({ kind: 'SIGNED_AGREEMENT', sha256: sha256(pdfBytes('signed by RESEARCHER')), uploadedBy: { id: researcher.id } });
    expect(mine.body.case.status).toBe('AGREEMENT');

    const theirs = await call('POST', `/cases/${caseId}/signed-copies`, tto, { form: signed('INSTITUTION') });
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    expect(theirs.body.case).toMatchObject({ status: 'SIGNED', signingDate: today });
    expect(theirs.body.case.timeline.map((entry: any) => entry.action)).toEqual(expect.arrayContaining(['case.signed_copy_attached', 'case.signed']));
    expect(await database.db.task.findUniqueOrThrow({ where: { id: signTask.id } })).toMatchObject({ state: 'DONE' });
    // Signed copies are kept under object lock from now on.
    await eventually(async () => {
      const copies = await database.db.document.findMany({ where: { caseId, kind: 'SIGNED_AGREEMENT' } });
      expect(copies).toHaveLength(2);
      for (const copy of copies) expect(copy.retainUntil).not.toBeNull();
    });

    // Signing a LEAVE case starts its retention clock, whose first writes are its own: wait for
    // them, so the refusals below are compared against a settled database.
    await eventually(async () => {
      expect(await database.db.retentionClock.findUnique({ where: { caseId } })).toMatchObject({ status: 'ACTIVE', signingDate: today });
    });

    // A signed case takes no more copies, and cannot be withdrawn.
    await refused(tto, signed('INSTITUTION', today, 'again'), 409, 'INVALID_TRANSITION');
    const withdraw = await call('POST', `/cases/${caseId}/withdraw`, researcher, { json: { reason: 'too late' } });
    expect(withdraw.status).toBe(409);
  });
});
