// The real activities under the real workflow: a worker registered by createActivities runs a
// spin-out case on the Temporal dev server, and the read model, the audit log and the mailbox
// show each step. (The workflow's own logic is tested with stubs in tests/workflows.)
// Then a worker killed in the middle of a decision: the approval's transition (a local activity)
// has committed, but the workflow task that ran it never completes. The decision must not be
// lost (the approver's call still answers, once another worker takes over) and nothing may be
// written or sent twice (the transition runs again and finds its own writes).
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { SeededInstitution } from '../../prisma/factories';
import { seedCalendar, seedMakerSpaces } from '../../prisma/factories';
import { startProcess } from '../../scripts/infra/process';
import {
  decideUpdate,
  spinoutCaseWorkflowId,
  submitUpdate,
  withdrawUpdate,
  type Actor,
} from '../../workflows/contracts/spinout-case';
import { spinoutCaseWorkflow } from '../../workflows/spinout-case';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { temporalClient, testConfig, testStorage, testWorker } from '../support/stack';
import { caseInput, completeDraft, seedTestInstitution } from './support/case-fixture';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

let database: TestDatabase;
let smtp: SmtpSink;
let seeded: SeededInstitution;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpSink();
  await seedCalendar(database.db);
  await seedMakerSpaces(database.db);
  seeded = await seedTestInstitution(database.db);
});
afterAll(async () => {
  await smtp?.close();
  await database?.drop();
});

const actorOf = (person: SeededInstitution['people'][keyof SeededInstitution['people']]): Actor => ({
  personId: person.id,
  roles: person.roles,
  departmentId: person.departmentId,
});

describe('the spin-out case workflow on the real activities', () => {
  it('creates the case, opens and decides tasks, notifies by e-mail and audits each step, then withdraws', async () => {
    const config = testConfig(database.url, { SMTP_URL: smtp.url });
    const storage = await testStorage(config);
    const { worker, close } = await testWorker(config, { db: database.db, storage });
    const temporal = await temporalClient(config);
    const today = shanghaiDateOf(Date.now());
    const input = caseInput(seeded, { ...completeDraft(seeded), requestedStartDate: addCalendarDays({ date: today, days: 30 }) });
    const { db } = database;
    try {
      await worker.runUntil(async () => {
        const handle = await temporal.client.workflow.start(spinoutCaseWorkflow, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowId: spinoutCaseWorkflowId(input.caseId),
          args: [input],
        });
        await vi.waitFor(() => db.spinoutCase.findUniqueOrThrow({ where: { id: input.caseId } }), { timeout: 15_000 });

        await handle.executeUpdate(submitUpdate, { args: [{ actor: actorOf(seeded.people.researcher), today }] });
        const deptTaskKey = `${input.caseId}:r1:dept-head`;
        expect(await db.spinoutCase.findUniqueOrThrow({ where: { id: input.caseId } })).toMatchObject({ status: 'IN_REVIEW', currentStepKey: 'dept-head' });
        expect(await db.task.findUniqueOrThrow({ where: { key: deptTaskKey } })).toMatchObject({ state: 'OPEN', candidateRole: 'DEPT_HEAD', departmentId: seeded.departments.main.id });

        // The department head (only the one of the case's department) hears of the task by e-mail.
        await vi.waitFor(() => expect(smtp.messages.some((mail) => mail.headers.get('x-spinway-delivery') === `${deptTaskKey}:opened:${seeded.people.deptHead.id}:email`)).toBe(true), { timeout: 15_000 });
        expect(smtp.recipients.flat()).not.toContain(seeded.people.otherDeptHead.email);

        await handle.executeUpdate(decideUpdate, { args: [{ actor: actorOf(seeded.people.deptHead), taskKey: deptTaskKey, decision: 'APPROVE', comment: '同意' }] });
        expect(await db.task.findUniqueOrThrow({ where: { key: deptTaskKey } })).toMatchObject({ state: 'DONE', decision: 'APPROVE', decidedById: seeded.people.deptHead.id });
        expect(await db.task.findUniqueOrThrow({ where: { key: `${input.caseId}:r1:tto` } })).toMatchObject({ state: 'OPEN', candidateRole: 'TTO_OFFICER' });

        await handle.executeUpdate(withdrawUpdate, { args: [{ actor: actorOf(seeded.people.researcher), reason: '项目暂缓' }] });
        await handle.result();
      });

      expect(await db.spinoutCase.findUniqueOrThrow({ where: { id: input.caseId } })).toMatchObject({ status: 'WITHDRAWN', currentStepKey: null });
      expect(await db.task.findUniqueOrThrow({ where: { key: `${input.caseId}:r1:tto` } })).toMatchObject({ state: 'CANCELLED', decision: 'WITHDRAWN' });
      const actions = (await db.auditEntry.findMany({ where: { entityType: 'SpinoutCase', entityId: input.caseId }, orderBy: { at: 'asc' } })).map((entry) => entry.action);
      expect(actions).toEqual(['case.created', 'case.submitted', 'case.review_started', 'case.step_approved', 'case.withdrawn']);
      // Every e-mail that went out was delivered once.
      const deliveries = await db.delivery.findMany({ where: { key: { startsWith: input.caseId } } });
      expect(deliveries.length).toBeGreaterThan(0);
      expect(deliveries.every((delivery) => delivery.status === 'SENT' && delivery.attempts === 1)).toBe(true);
      const delivered = smtp.messages.filter((mail) => mail.headers.get('x-spinway-delivery')?.toString().startsWith(input.caseId));
      expect(delivered).toHaveLength(deliveries.length);
    } finally {
      await temporal.close();
      await close();
    }
  });
});

describe('a worker killed between a decision’s write and its workflow task', () => {
  it('loses no decision and writes and sends nothing twice', { timeout: 90_000 }, async () => {
    const config = testConfig(database.url, { SMTP_URL: smtp.url });
    const { db } = database;
    const childEnv = { ...process.env, ...Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)])), WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath') };
    const crashing = startProcess('crashing-worker', process.execPath, ['--import', 'tsx', 'tests/activities/support/crashing-worker.ts'], { env: childEnv, quiet: true });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => crashing.child.once('exit', (_code, signal) => resolve(signal)));
    const temporal = await temporalClient(config);
    const input = caseInput(seeded, { ...completeDraft(seeded), requestedStartDate: addCalendarDays({ date: shanghaiDateOf(Date.now()), days: 30 }) });
    const deptTaskKey = `${input.caseId}:r1:dept-head`;
    const ttoTaskKey = `${input.caseId}:r1:tto`;
    try {
      const handle = await temporal.client.workflow.start(spinoutCaseWorkflow, { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: spinoutCaseWorkflowId(input.caseId), args: [input] });
      await handle.executeUpdate(submitUpdate, { args: [{ actor: actorOf(seeded.people.researcher), today: shanghaiDateOf(Date.now()) }] });

      const deciding = handle.executeUpdate(decideUpdate, { args: [{ actor: actorOf(seeded.people.deptHead), taskKey: deptTaskKey, decision: 'APPROVE', comment: '同意' }] });
      expect(await exited).toBe('SIGKILL');
      // The transition was written before the worker died; the workflow does not know it yet.
      expect(await db.task.findUniqueOrThrow({ where: { key: deptTaskKey } })).toMatchObject({ state: 'DONE', decision: 'APPROVE' });
      expect(await db.task.findUniqueOrThrow({ where: { key: ttoTaskKey } })).toMatchObject({ state: 'OPEN' });

      // Another worker takes the workflow task over once it times out, runs the decision again
      // (the same transition, finding its own rows) and answers the approver's pending call.
      const { worker, close } = await testWorker(config, { db, storage: await testStorage(config) });
      try {
        const state = await worker.runUntil(async () => {
          const answered = await deciding;
          // The next step's owners are told once, after the answer: wait for their e-mails.
          await vi.waitFor(() => expect(smtp.messages.filter((mail) => String(mail.headers.get('x-spinway-delivery')).startsWith(`${ttoTaskKey}:opened:`)).length).toBeGreaterThan(0), { timeout: 15_000 });
          return answered;
        });
        expect(state).toMatchObject({ status: 'IN_REVIEW', stepIndex: 1, currentStepKey: 'tto' });
        expect(state.openTasks.map((task) => task.key)).toEqual([ttoTaskKey]);
      } finally {
        await close();
      }

      expect(await db.task.findMany({ where: { caseId: input.caseId }, select: { key: true, state: true } })).toEqual(
        expect.arrayContaining([{ key: deptTaskKey, state: 'DONE' }, { key: ttoTaskKey, state: 'OPEN' }]),
      );
      expect(await db.task.count({ where: { caseId: input.caseId } })).toBe(2);
      const count = (action: string) => db.auditEntry.count({ where: { action, OR: [{ entityId: input.caseId }, { after: { path: ['caseId'], equals: input.caseId } }] } });
      expect(await count('case.step_approved')).toBe(1);
      expect(await count('task.decided')).toBe(1);
      expect(await count('task.opened')).toBe(2);
      // One e-mail per TTO officer for the new task, each delivered once.
      const ttoOfficers = await db.person.count({ where: { institutionId: seeded.institution.id, roles: { has: 'TTO_OFFICER' }, active: true } });
      const mails = smtp.messages.filter((mail) => String(mail.headers.get('x-spinway-delivery')).startsWith(`${ttoTaskKey}:opened:`));
      expect(mails).toHaveLength(ttoOfficers);
      const deliveries = await db.delivery.findMany({ where: { key: { startsWith: `${ttoTaskKey}:opened:` } } });
      expect(deliveries.map((delivery) => [delivery.status, delivery.attempts])).toEqual(Array.from({ length: ttoOfficers }, () => ['SENT', 1]));
      // The history holds the decision once.
      const { events } = await handle.fetchHistory();
      expect((events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'decide')).toHaveLength(1);
    } finally {
      await crashing.stop();
      await temporal.close();
    }
  });
});
