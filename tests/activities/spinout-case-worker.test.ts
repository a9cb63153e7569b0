// The real activities under the real workflow: a worker registered by createActivities runs a
// spin-out case on the Temporal dev server, and the read model, the audit log and the mailbox
// show each step. (The workflow's own logic is tested with stubs in tests/workflows.)
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { SeededInstitution } from '../../prisma/factories';
import { seedCalendar, seedMakerSpaces } from '../../prisma/factories';
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
