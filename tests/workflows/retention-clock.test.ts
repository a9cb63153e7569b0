// The retention clock under time skipping: a whole three-year life in seconds, every reminder
// at the right moment and once only, extension approved and refused, early return cancelling
// what is pending, expiry with each choice and with none, a worker restart and continue-as-new
// in the middle of the clock. Activity stubs record each call with the workflow time at which
// it was scheduled, so timing is asserted in the clock's own time.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addCalendarDays, chinaPublicHolidayCalendar, shanghaiDateOf, shanghaiEndOfDay, type IsoDate } from '../../domain/calendar';
import { defaultPolicyProfile } from '../../domain/policy';
import { retentionExpiryDate, retentionReminders } from '../../domain/retention';
import {
  chooseAtExpiryUpdate,
  clockStateQuery,
  decideRequestUpdate,
  recordOutcomeUpdate,
  requestEarlyReturnUpdate,
  requestExtensionUpdate,
  submitAnnualReportUpdate,
  type RetentionClockActivities,
  type RetentionClockInput,
  type RetentionClockState,
} from '../../workflows/contracts/retention-clock';
import type { Actor } from '../../workflows/contracts/spinout-case';
import { retentionClockWorkflow } from '../../workflows/retention-clock';
import { advanceTo, createTimeSkippingEnv, eventually, untilIdle } from './support';

const DAY = 86_400_000;
const researcher: Actor = { personId: 'researcher', roles: ['RESEARCHER'], departmentId: 'dept' };
const hr: Actor = { personId: 'hr', roles: ['HR_OFFICER'], departmentId: null };
const deptHead: Actor = { personId: 'dept-head', roles: ['DEPT_HEAD'], departmentId: 'dept' };
const tto: Actor = { personId: 'tto', roles: ['TTO_OFFICER'], departmentId: null };
const leadership: Actor = { personId: 'leader', roles: ['LEADERSHIP'], departmentId: null };

interface SentNotification { key: string; kind: string; at: number; personIds?: string[]; role?: string }

function recorder() {
  const notifications: SentNotification[] = [];
  const states: RetentionClockState['status'][] = [];
  const tasks: string[] = [];
  const activities: RetentionClockActivities = {
    async loadCalendar() { return [...chinaPublicHolidayCalendar]; },
    async notify(input) {
      // The workflow time at which the activity was scheduled (the test server skips time).
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      notifications.push({ key: input.key, kind: input.kind, at, personIds: input.personIds, role: input.role });
    },
    async openTask({ task }) { tasks.push(task.key); },
    async closeTask() {},
    async recordClockState({ state }) { if (states.at(-1) !== state.status) states.push(state.status); },
  };
  const ofKind = (kind: string) => notifications.filter((n) => n.kind === kind);
  return { activities, notifications, states, tasks, ofKind };
}

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await createTimeSkippingEnv(); });
afterAll(async () => { await env?.teardown(); });

/**
 * A worker without a workflow cache: every task replays the history, as after a crash, and no
 * sticky queue ties a workflow to a worker that a test is about to stop.
 */
const createWorker = (taskQueue: string, rec: ReturnType<typeof recorder>) =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: rec.activities,
    maxCachedWorkflows: 0,
  });

async function startClock(rec: ReturnType<typeof recorder>, overrides: Partial<RetentionClockInput> = {}) {
  const taskQueue = `clock-${randomUUID()}`;
  const worker = await createWorker(taskQueue, rec);
  const today = shanghaiDateOf(await env.currentTimeMs());
  const input: RetentionClockInput = {
    caseId: randomUUID(),
    reference: 'SW-TEST',
    institutionId: 'inst',
    researcherId: researcher.personId,
    signingDate: today,
    months: 36,
    retention: defaultPolicyProfile.retention,
    extensionSteps: defaultPolicyProfile.approval.steps,
    dayKind: defaultPolicyProfile.approval.dayKind,
    profileVersion: 1,
    ...overrides,
  };
  const handle = await env.client.workflow.start(retentionClockWorkflow, { taskQueue, workflowId: `clock-${input.caseId}`, args: [input] });
  const running = worker.run();
  return { worker, running, handle, input, taskQueue };
}

/**
 * The clock's state, queried only while it is idle: a query that reaches the Java test server
 * in the middle of a workflow task can leave time skipping locked for the rest of the file.
 */
async function clockStateOf(handle: WorkflowHandle): Promise<RetentionClockState> {
  await untilIdle(handle);
  return handle.query(clockStateQuery);
}

/**
 * Ends a clock the way HR would (TERMINATED with a reason) and waits for it to complete. Tests
 * do not use terminate(): the Java test server can leave time skipping locked by a workflow
 * terminated in the middle of a task, which stalls every later test in the file.
 */
async function closeClock(handle: WorkflowHandle) {
  await handle.executeUpdate(recordOutcomeUpdate, { args: [{ actor: hr, outcome: 'TERMINATED', reason: 'end of test' }] });
  await handle.result();
}

async function stop(clock: { worker: Worker; running: Promise<void> }) {
  clock.worker.shutdown();
  await clock.running;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return (cause as ApplicationFailure).type ?? '';
  }
  throw new Error('expected the update to be refused');
}

const keysOnce = (rec: ReturnType<typeof recorder>) => {
  const keys = rec.notifications.map((n) => n.key);
  expect(new Set(keys).size).toBe(keys.length);
};

async function decideChain(handle: WorkflowHandle, approvers: Actor[], approve = true) {
  for (const actor of approvers) {
    const { pending } = await clockStateOf(handle);
    await handle.executeUpdate(decideRequestUpdate, { args: [{ actor, taskKey: pending!.taskKey, approve, comment: approve ? undefined : 'venture is profitable' }] });
    if (!approve) return;
  }
}

describe('retention clock', () => {
  it('lives three years: every reminder at its time, once; expiry, grace, escalation to HR', async () => {
    const rec = recorder();
    const clock = await startClock(rec);
    const expiry = retentionExpiryDate({ signingDate: clock.input.signingDate, months: 36 });
    const expected = retentionReminders({ expiryDate: expiry, offsetsDays: [180, 90, 30, 7], calendar: chinaPublicHolidayCalendar });
    try {
      await advanceTo(env, shanghaiEndOfDay(expiry) + 40 * DAY);
      await eventually(async () => expect((await clockStateOf(clock.handle)).status).toBe('OUTCOME_PENDING'));
      const reminders = rec.ofKind('RETENTION_REMINDER');
      expect(reminders.map((n) => n.key.split(':').at(-1))).toEqual(expected.map((r) => r.kind));
      reminders.forEach((sent, i) => {
        expect(sent.at).toBeGreaterThanOrEqual(expected[i]!.sendAt);
        expect(sent.at - expected[i]!.sendAt).toBeLessThan(60_000);
        expect(sent.personIds).toEqual([researcher.personId]);
        expect(sent.role).toBe('HR_OFFICER');
      });
      expect(rec.ofKind('RETENTION_EXPIRED')).toHaveLength(1);
      expect(rec.ofKind('RETENTION_CHOICE_DUE')).toHaveLength(2);
      expect(rec.ofKind('RETENTION_ESCALATED')).toHaveLength(1);
      expect(rec.ofKind('ANNUAL_REPORT_OVERDUE')).toHaveLength(3); // none submitted in three years
      expect(rec.states).toEqual(['ACTIVE', 'AWAITING_CHOICE', 'OUTCOME_PENDING']);
      expect(rec.tasks.some((key) => key.endsWith(':outcome'))).toBe(true);
      keysOnce(rec);

      // Only HR records the outcome, and a termination needs a reason.
      expect(await refusal(clock.handle.executeUpdate(recordOutcomeUpdate, { args: [{ actor: researcher, outcome: 'RETURNED' }] }))).toBe('FORBIDDEN');
      expect(await refusal(clock.handle.executeUpdate(recordOutcomeUpdate, { args: [{ actor: hr, outcome: 'TERMINATED' }] }))).toBe('VALIDATION_FAILED');
      const final = await clock.handle.executeUpdate(recordOutcomeUpdate, { args: [{ actor: hr, outcome: 'TERMINATED', reason: 'no answer from the researcher' }] });
      expect(final.status).toBe('TERMINATED');
      expect((await clock.handle.result()).outcome).toMatchObject({ status: 'TERMINATED', byId: hr.personId });
    } finally {
      await stop(clock);
    }
  });

  it('ends a month-end clock on the last day of a shorter month', async () => {
    const rec = recorder();
    // The next 31 January at least a year ahead of the test server's clock, into a non-leap February.
    let year = Number(shanghaiDateOf(await env.currentTimeMs()).slice(0, 4)) + 1;
    while (year % 4 === 0) year += 1;
    const clock = await startClock(rec, { signingDate: `${year}-01-31`, months: 1 });
    try {
      const state = await clockStateOf(clock.handle);
      expect(state.expiryDate).toBe(`${year}-02-28`);
      await eventually(async () => expect((await clockStateOf(clock.handle)).next?.kind).toMatch(/^reminder:/));
    } finally {
      await closeClock(clock.handle);
      await stop(clock);
    }
  });

  it('moves the expiry and reschedules reminders when an extension is approved through the chain', async () => {
    const rec = recorder();
    const clock = await startClock(rec);
    const { input, handle } = clock;
    const oldExpiry = retentionExpiryDate({ signingDate: input.signingDate, months: 36 });
    try {
      await advanceTo(env, shanghaiEndOfDay(addCalendarDays({ date: oldExpiry, days: -100 })));
      await eventually(() => expect(rec.ofKind('RETENTION_REMINDER')).toHaveLength(1)); // the 180-day one
      // A profitable venture may not extend; too many months neither.
      expect(await refusal(handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: researcher, months: 12, ventureProfitable: true, reason: 'more time' }] }))).toBe('NOT_ELIGIBLE');
      expect(await refusal(handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: researcher, months: 48, ventureProfitable: false, reason: 'more time' }] }))).toBe('NOT_ELIGIBLE');
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: researcher, months: 12, ventureProfitable: false, reason: 'product not yet on the market' }] });
      // Out of turn: HR cannot decide the department head's step.
      const { pending } = await clockStateOf(handle);
      expect(await refusal(handle.executeUpdate(decideRequestUpdate, { args: [{ actor: hr, taskKey: pending!.taskKey, approve: true }] }))).toBe('NOT_ASSIGNEE');
      await decideChain(handle, [deptHead, tto, hr, leadership]);
      const state = await clockStateOf(handle);
      const newExpiry = retentionExpiryDate({ signingDate: input.signingDate, months: 48 });
      expect(state).toMatchObject({ months: 48, expiryDate: newExpiry, extensionsUsed: 1, pending: null });
      // A second extension is over the profile's limit of one.
      expect(await refusal(handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: researcher, months: 6, ventureProfitable: false, reason: 'again' }] }))).toBe('NOT_ELIGIBLE');

      // Up to just before the expiry-day reminder (which a day off moves to an earlier day).
      const newReminders = retentionReminders({ expiryDate: newExpiry, offsetsDays: [180, 90, 30, 7], calendar: chinaPublicHolidayCalendar });
      await advanceTo(env, newReminders.at(-1)!.sendAt - 3_600_000);
      await eventually(() => expect(rec.ofKind('RETENTION_REMINDER').map((n) => n.key)).toContain(`${input.caseId}:clock:${newExpiry}:before-7d`));
      const keys = rec.ofKind('RETENTION_REMINDER').map((n) => n.key);
      // Nothing more for the old expiry after the extension; the full set for the new one.
      expect(keys.filter((key) => key.includes(oldExpiry))).toEqual([`${input.caseId}:clock:${oldExpiry}:before-180d`]);
      expect(keys.filter((key) => key.includes(newExpiry)).map((key) => key.split(':').at(-1))).toEqual(['before-180d', 'before-90d', 'before-30d', 'before-7d']);
      expect(rec.ofKind('RETENTION_EXPIRED')).toHaveLength(0);
      keysOnce(rec);
    } finally {
      await closeClock(handle);
      await stop(clock);
    }
  });

  it('keeps the expiry when an extension is refused', async () => {
    const rec = recorder();
    const clock = await startClock(rec);
    try {
      await clock.handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: researcher, months: 12, ventureProfitable: false, reason: 'more time' }] });
      const { pending } = await clockStateOf(clock.handle);
      expect(await refusal(clock.handle.executeUpdate(decideRequestUpdate, { args: [{ actor: deptHead, taskKey: pending!.taskKey, approve: false }] }))).toBe('VALIDATION_FAILED');
      await decideChain(clock.handle, [deptHead], false);
      const state = await clockStateOf(clock.handle);
      expect(state).toMatchObject({ months: 36, extensionsUsed: 0, pending: null, status: 'ACTIVE' });
      expect(rec.ofKind('CLOCK_REQUEST_REFUSED')).toHaveLength(1);
    } finally {
      await closeClock(clock.handle);
      await stop(clock);
    }
  });

  it('ends at an approved early return and cancels every pending reminder', async () => {
    const rec = recorder();
    const clock = await startClock(rec);
    try {
      await advanceTo(env, (await env.currentTimeMs()) + 100 * DAY);
      const returnOn = shanghaiDateOf((await env.currentTimeMs()) + 10 * DAY);
      await clock.handle.executeUpdate(requestEarlyReturnUpdate, { args: [{ actor: researcher, returnOn, reason: 'the venture was sold' }] });
      const { pending } = await clockStateOf(clock.handle);
      expect(await refusal(clock.handle.executeUpdate(decideRequestUpdate, { args: [{ actor: researcher, taskKey: pending!.taskKey, approve: true }] }))).toBe('NOT_ASSIGNEE');
      const state = await clock.handle.executeUpdate(decideRequestUpdate, { args: [{ actor: hr, taskKey: pending!.taskKey, approve: true }] });
      expect(state).toMatchObject({ status: 'RETURNED', outcome: { status: 'RETURNED', on: returnOn } });
      const result = await clock.handle.result();
      expect(result.next).toBeNull();
      await env.sleep(4 * 365 * DAY);
      expect(rec.ofKind('RETENTION_REMINDER')).toHaveLength(0);
      expect(rec.ofKind('RETENTION_EXPIRED')).toHaveLength(0);
    } finally {
      await stop(clock);
    }
  });

  it.each([
    { choice: 'RESIGN' as const, outcome: 'RESIGNED' as const },
    { choice: 'RETURN' as const, outcome: 'RETURNED' as const },
  ])('at expiry takes the researcher\'s choice ($choice) and asks HR to record the outcome', async ({ choice, outcome }) => {
    const rec = recorder();
    const clock = await startClock(rec, { months: 12 });
    const expiry = retentionExpiryDate({ signingDate: clock.input.signingDate, months: 12 });
    try {
      expect(await refusal(clock.handle.executeUpdate(chooseAtExpiryUpdate, { args: [{ actor: researcher, choice: 'RESIGN' }] }))).toBe('INVALID_TRANSITION');
      // The annual report on the anniversary (= the expiry date here) is submitted in time.
      await clock.handle.executeUpdate(submitAnnualReportUpdate, { args: [{ actor: researcher, dueOn: expiry, summary: '营收 120 万元，团队 8 人' }] });
      await advanceTo(env, shanghaiEndOfDay(expiry) + DAY);
      await eventually(async () => expect((await clockStateOf(clock.handle)).status).toBe('AWAITING_CHOICE'));
      const chosen = await clock.handle.executeUpdate(chooseAtExpiryUpdate, { args: [{ actor: researcher, choice }] });
      expect(chosen).toMatchObject({ status: 'OUTCOME_PENDING', choice, escalated: false });
      expect(rec.tasks.some((key) => key.endsWith(':outcome'))).toBe(true);
      await clock.handle.executeUpdate(recordOutcomeUpdate, { args: [{ actor: hr, outcome, reason: `researcher chose ${choice}` }] });
      expect((await clock.handle.result()).status).toBe(outcome);
      expect(rec.ofKind('ANNUAL_REPORT_OVERDUE')).toHaveLength(0);
      expect(rec.ofKind('RETENTION_ESCALATED')).toHaveLength(0);
    } finally {
      await stop(clock);
    }
  });

  it('loses and repeats nothing across a worker restart and continue-as-new', async () => {
    const rec = recorder();
    // A tiny history limit makes the clock continue as new after nearly every event.
    const first = await startClock(rec, { maxHistoryEvents: 20 });
    const expiry = retentionExpiryDate({ signingDate: first.input.signingDate, months: 36 });
    await advanceTo(env, shanghaiEndOfDay(addCalendarDays({ date: expiry, days: -60 })) as number);
    await eventually(() => expect(rec.ofKind('RETENTION_REMINDER').length).toBeGreaterThanOrEqual(2));
    await stop(first);

    // A new worker on the same queue picks the clock up where it was.
    const worker = await createWorker(first.taskQueue, rec);
    const running = worker.run();
    try {
      await advanceTo(env, shanghaiEndOfDay(expiry as IsoDate) + DAY);
      await eventually(async () => expect((await clockStateOf(first.handle)).status).toBe('AWAITING_CHOICE'));
      expect(rec.ofKind('RETENTION_REMINDER').map((n) => n.key.split(':').at(-1))).toEqual(['before-180d', 'before-90d', 'before-30d', 'before-7d', 'expiry']);
      keysOnce(rec);
      const description = await first.handle.describe();
      expect(description.runId).not.toBe(first.handle.firstExecutionRunId); // it continued as new
    } finally {
      await closeClock(first.handle);
      worker.shutdown();
      await running;
    }
  });
});
