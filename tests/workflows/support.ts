// Shared set-up for the spin-out case workflow tests: the time-skipping environment, a worker on
// a fresh task queue with in-memory activity stubs that record every call, the cast of actors,
// a valid draft, and helpers that assert a refusal's AppError code (not just "it failed").
//
// The stubs stand in for activities/spinout-case because these tests are about the workflow's
// logic; the real activities are tested against real servers elsewhere. `loadCalendar` returns
// the real holiday data, so due dates here are the ones production computes.
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { expect, inject, vi } from 'vitest';
import { addCalendarDays, chinaPublicHolidayCalendar, shanghaiDateOf, type IsoDate } from '../../domain/calendar';
import type { AppErrorCode } from '../../domain/errors';
import { defaultPolicyProfile, type TPolicyProfile } from '../../domain/policy';
import type { TSpinoutDraft } from '../../domain/spinout';
import {
  attachSignedCopyUpdate,
  decideUpdate,
  stateQuery,
  submitUpdate,
  type Actor,
  type CaseTask,
  type Decision,
  type SpinoutCaseActivities,
  type SpinoutCaseInput,
  type SpinoutCaseState,
  spinoutCaseWorkflowId,
} from '../../workflows/contracts/spinout-case';
import { retentionClockWorkflowId, type RetentionClockActivities } from '../../workflows/contracts/retention-clock';
import { spinoutCaseWorkflow } from '../../workflows/spinout-case';

// ─── environment ────────────────────────────────────────────────────────────────────────────

/** One Java time-skipping server per test file: time skipping is server-wide. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('timeSkippingServerPath') } },
  });
}

/** Moves the test server's clock forward to `atMs` (firing every timer on the way). */
export async function advanceTo(env: TestWorkflowEnvironment, atMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (atMs > now) await env.sleep(atMs - now);
}

/**
 * Retries `assertion` until it passes. Timers fired by `env.sleep` are handled by the worker
 * after the sleep returns, so their effects (reminders, closed notices) show up a little later.
 */
export function eventually<T>(assertion: () => T | Promise<T>, timeout = 15_000): Promise<T> {
  return vi.waitFor(assertion, { timeout, interval: 50 });
}

// ─── activity stubs ─────────────────────────────────────────────────────────────────────────

type ActivityName = keyof SpinoutCaseActivities;
type InputOf<Name extends ActivityName> = Parameters<SpinoutCaseActivities[Name]>[0];
export type RecordedCalls = { [Name in ActivityName]: Array<InputOf<Name>> };

export interface ActivityRecorder {
  readonly activities: SpinoutCaseActivities;
  /** Every call, per activity, in order. */
  readonly calls: RecordedCalls;
  /** The retention clock's read-model writes (a signed LEAVE case starts one). */
  readonly clockStates: Array<Parameters<RetentionClockActivities['recordClockState']>[0]>;
  /** Every call, across activities, in order. */
  readonly sequence: Array<{ activity: ActivityName; input: unknown }>;
  /**
   * Calls made by other workflows on this worker (the retention clock a signed LEAVE case starts
   * as a child shares loadCalendar, notify, openTask and closeTask): kept apart from the case's.
   */
  readonly otherWorkflowCalls: Array<{ workflowType: string; activity: ActivityName; input: unknown }>;
  /** The statuses written to the read model, in order, without repeats in a row. */
  statuses(): string[];
  notificationKeys(): string[];
  notificationsOfKind(kind: string): RecordedCalls['notify'];
  openedTaskKeys(): string[];
  closedTask(key: string): InputOf<'closeTask'> | undefined;
  /**
   * Makes the next call of `activity` wait (after it is recorded) until `release()`, so a test
   * can send an update while the workflow is in the middle of something.
   */
  hold(activity: ActivityName): { reached: Promise<void>; release(): void };
  /** Releases every hold, reached or not (a failed test must not leave an activity stuck). */
  releaseHolds(): void;
}

/** An in-memory implementation of the activities that records every call. */
export function createActivityRecorder(): ActivityRecorder {
  const calls: RecordedCalls = {
    createCase: [],
    loadCalendar: [],
    recordCaseState: [],
    openTask: [],
    updateTask: [],
    closeTask: [],
    recordTransition: [],
    publishNotice: [],
    updateNotice: [],
    recordObjection: [],
    resolveObjection: [],
    generateAgreement: [],
    lockDocuments: [],
    notify: [],
  };
  const sequence: ActivityRecorder['sequence'] = [];
  const otherWorkflowCalls: ActivityRecorder['otherWorkflowCalls'] = [];
  const holds = new Map<ActivityName, { reached: () => void; released: Promise<void> }>();
  const releases: Array<() => void> = [];
  const record = async <Name extends ActivityName>(activity: Name, input: InputOf<Name>) => {
    // Deep copies: the worker may reuse objects, and assertions must see what was sent then.
    const copy = structuredClone(input);
    const workflowType = Context.current().info.workflowType ?? 'unknown';
    if (workflowType !== 'spinoutCaseWorkflow') {
      otherWorkflowCalls.push({ workflowType, activity, input: copy });
      return;
    }
    (calls[activity] as Array<InputOf<Name>>).push(copy);
    sequence.push({ activity, input: copy });
    const hold = holds.get(activity);
    if (hold) {
      holds.delete(activity);
      hold.reached();
      await hold.released;
    }
  };
  const objectionIds = new Map<string, string>();
  const noticeStatuses = new Map<string, string>();

  const activities: SpinoutCaseActivities = {
    async createCase(input) { await record('createCase', input); },
    async loadCalendar() {
      await record('loadCalendar', undefined);
      return [...chinaPublicHolidayCalendar];
    },
    async recordCaseState(input) { await record('recordCaseState', input); },
    async openTask(input) { await record('openTask', input); },
    async updateTask(input) { await record('updateTask', input); },
    async closeTask(input) { await record('closeTask', input); },
    async recordTransition(input) {
      await record('recordTransition', input);
      // Its parts count as the writes they are, so closedTask(), statuses() and openedTaskKeys()
      // see a transition's task closed, state recorded and task opened, in that order.
      if (Context.current().info.workflowType !== 'spinoutCaseWorkflow') return;
      if (input.close) calls.closeTask.push(structuredClone(input.close));
      if (input.state) calls.recordCaseState.push(structuredClone(input.state));
      if (input.open) calls.openTask.push(structuredClone(input.open));
    },
    async publishNotice(input) {
      await record('publishNotice', input);
      noticeStatuses.set(input.key, 'OPEN');
    },
    async updateNotice(input) {
      await record('updateNotice', input);
      // As the read model does: a closed or withdrawn notice stays so (non-retryable refusal).
      const current = noticeStatuses.get(input.key);
      if ((current === 'CLOSED' || current === 'WITHDRAWN') && input.status !== current) {
        throw ApplicationFailure.nonRetryable(`Notice ${input.key} is ${current} and cannot become ${input.status}`, 'INVALID_TRANSITION');
      }
      noticeStatuses.set(input.key, input.status);
    },
    async recordObjection(input) {
      await record('recordObjection', input);
      // Idempotent like the real one: the same key gives the same objection.
      const objectionId = objectionIds.get(input.key) ?? `objection-${objectionIds.size + 1}`;
      objectionIds.set(input.key, objectionId);
      return { objectionId };
    },
    async resolveObjection(input) { await record('resolveObjection', input); },
    async generateAgreement(input) {
      await record('generateAgreement', input);
      return { documentId: `agreement-of-${input.caseId}` };
    },
    async lockDocuments(input) { await record('lockDocuments', input); },
    async notify(input) { await record('notify', input); },
  };
  // A signed LEAVE case starts its retention clock as a child on the same queue; the clock's
  // own read-model write is all it needs beyond the activities above (tested in retention-clock).
  const clockStates: Array<Parameters<RetentionClockActivities['recordClockState']>[0]> = [];
  Object.assign(activities, {
    async recordClockState(input: Parameters<RetentionClockActivities['recordClockState']>[0]) { clockStates.push(structuredClone(input)); },
  });

  return {
    activities,
    calls,
    clockStates,
    sequence,
    otherWorkflowCalls,
    statuses: () =>
      calls.recordCaseState.map((call) => call.status).filter((status, index, all) => index === 0 || all[index - 1] !== status),
    notificationKeys: () => calls.notify.map((call) => call.key),
    notificationsOfKind: (kind) => calls.notify.filter((call) => call.kind === kind),
    openedTaskKeys: () => calls.openTask.map((call) => call.task.key),
    closedTask: (key) => calls.closeTask.find((call) => call.key === key),
    hold(activity) {
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => { reached = resolve; });
      const released = new Promise<void>((resolve) => { release = resolve; });
      holds.set(activity, { reached, released });
      releases.push(release);
      return { reached: reachedPromise, release };
    },
    releaseHolds() {
      holds.clear();
      for (const release of releases) release();
    },
  };
}

/**
 * Every idempotency key used once: each notification key sent once, each task key opened once,
 * each audit event key recorded once (the read model drops a repeated key as a retry).
 */
export function expectKeysUnique(recorder: ActivityRecorder): void {
  const repeats = (keys: string[]) => keys.filter((key, index) => keys.indexOf(key) !== index);
  expect(repeats(recorder.notificationKeys()), 'notification keys sent more than once').toEqual([]);
  expect(repeats(recorder.openedTaskKeys()), 'task keys opened more than once').toEqual([]);
  expect(repeats(recorder.calls.recordCaseState.map((call) => call.event.key)), 'audit event keys recorded more than once').toEqual([]);
}

// ─── worker ─────────────────────────────────────────────────────────────────────────────────

export interface TestWorker {
  readonly taskQueue: string;
  readonly recorder: ActivityRecorder;
  /** Workflows started through `startCase`; terminated at `stop` if still running. */
  readonly handles: Array<WorkflowHandle<typeof spinoutCaseWorkflow>>;
  stop(): Promise<void>;
  /**
   * Stops polling (the workflows stay where they are) until the returned `resume()` starts a new
   * worker on the same queue with the same recorder: what a worker outage looks like. Start the
   * worker with `stickyCache: false` to use it.
   */
  suspend(): Promise<() => Promise<void>>;
}

/**
 * A worker on its own task queue with a fresh recorder, running until `stop()`. Workflows it
 * leaves running are terminated, so their timers cannot fire on a queue nobody polls.
 */
export async function startTestWorker(env: TestWorkflowEnvironment, options: { stickyCache?: boolean } = {}): Promise<TestWorker> {
  const taskQueue = `spinout-case-test-${randomUUID()}`;
  const recorder = createActivityRecorder();
  const create = () => Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: recorder.activities,
    // Without a cache, every workflow task goes to the shared queue (not the worker's sticky
    // one), so a worker that `suspend`s can be replaced without waiting for a sticky timeout.
    ...(options.stickyCache === false ? { maxCachedWorkflows: 0 } : {}),
  });
  let worker = await create();
  let running = worker.run();
  const handles: TestWorker['handles'] = [];
  return {
    taskQueue,
    recorder,
    handles,
    async suspend() {
      worker.shutdown();
      await running;
      return async () => {
        worker = await create();
        running = worker.run();
      };
    },
    async stop() {
      recorder.releaseHolds();
      // A signed case's retention clock (abandoned by its parent) is stopped with it.
      const clocks = handles.map((handle) => env.client.workflow.getHandle(retentionClockWorkflowId(handle.workflowId.replace(/^spinout-case-/, ''))));
      for (const handle of [...handles, ...clocks]) {
        // Terminate only an idle workflow: the test server may leak a time-skipping lock when a
        // workflow is terminated with a workflow task or an activity outstanding.
        await untilIdle(handle).catch(() => undefined);
        const settled = await handle.describe().catch(() => null); // a clock may not exist
        if (settled?.status.name === 'RUNNING') await handle.terminate('test finished');
      }
      worker.shutdown();
      await running;
    },
  };
}

// ─── the cast ───────────────────────────────────────────────────────────────────────────────

export const INSTITUTION_ID = 'institution-1';
export const DEPARTMENT_ID = 'dept-physics';

export const actors = {
  researcher: { personId: 'researcher-li', roles: ['RESEARCHER'], departmentId: DEPARTMENT_ID },
  deptHead: { personId: 'dept-head-wang', roles: ['DEPT_HEAD'], departmentId: DEPARTMENT_ID },
  otherDeptHead: { personId: 'dept-head-zhao', roles: ['DEPT_HEAD'], departmentId: 'dept-chemistry' },
  tto: { personId: 'tto-chen', roles: ['TTO_OFFICER'], departmentId: null },
  tto2: { personId: 'tto-sun', roles: ['TTO_OFFICER'], departmentId: null },
  hr: { personId: 'hr-zhou', roles: ['HR_OFFICER'], departmentId: null },
  leader: { personId: 'leader-wu', roles: ['LEADERSHIP'], departmentId: null },
  admin: { personId: 'admin-zheng', roles: ['INSTITUTION_ADMIN'], departmentId: null },
  /** A colleague without any approver role, to whom a task can be delegated. */
  deputy: { personId: 'deputy-feng', roles: ['RESEARCHER'], departmentId: DEPARTMENT_ID },
} satisfies Record<string, Actor>;

/** Who decides each step of the default profile. */
export const deciderOf: Record<string, Actor> = {
  'dept-head': actors.deptHead,
  tto: actors.tto,
  hr: actors.hr,
  leadership: actors.leader,
};

export const DEFAULT_STEP_KEYS = defaultPolicyProfile.approval.steps.map((step) => step.key);

export function profileWith(change: (profile: TPolicyProfile) => void): TPolicyProfile {
  const profile = structuredClone(defaultPolicyProfile);
  change(profile);
  return profile;
}

/** A complete, eligible request starting `startInDays` after `todayIso`. */
export function validDraft(todayIso: IsoDate, startInDays = 90): TSpinoutDraft {
  return {
    mode: 'LEAVE',
    makerSpace: { name: '中关村创业大街', address: '北京市海淀区' },
    venture: { name: '量子传感科技有限公司', description: 'Quantum sensors for industrial inspection.' },
    ipAssets: [{ kind: 'PATENT', title: '一种量子传感器', number: 'CN202410000001.X', ownership: 'INSTITUTION' }],
    team: [
      { personId: actors.researcher.personId, role: '技术负责人', contributionShareBp: 6_000 },
      { name: '张三', role: '工程师', contributionShareBp: 4_000 },
    ],
    declarations: { holdsLeadershipPost: false, isMajorProjectPI: false },
    requestedStartDate: addCalendarDays({ date: todayIso, days: startInDays }),
    durationMonths: 36,
  };
}

// ─── starting and driving a case ────────────────────────────────────────────────────────────

export type CaseHandle = WorkflowHandle<typeof spinoutCaseWorkflow>;

export interface StartCaseOptions {
  profile?: TPolicyProfile;
  draft?: TSpinoutDraft;
}

export async function startCase(
  env: TestWorkflowEnvironment,
  worker: TestWorker,
  options: StartCaseOptions = {},
): Promise<{ handle: CaseHandle; input: SpinoutCaseInput }> {
  const caseId = randomUUID();
  const today = shanghaiDateOf(await env.currentTimeMs());
  const input: SpinoutCaseInput = {
    caseId,
    reference: `SW-TEST-${caseId.slice(0, 6)}`,
    institutionId: INSTITUTION_ID,
    researcherId: actors.researcher.personId,
    departmentId: DEPARTMENT_ID,
    profile: options.profile ?? defaultPolicyProfile,
    profileId: 'profile-default-v1',
    draft: options.draft ?? validDraft(today),
  };
  const handle = await env.client.workflow.start(spinoutCaseWorkflow, {
    taskQueue: worker.taskQueue,
    workflowId: spinoutCaseWorkflowId(caseId),
    args: [input],
  });
  worker.handles.push(handle);
  // Wait for the case row, so a test's "no activity ran" checks start from a settled recorder.
  await eventually(() => expect(worker.recorder.calls.createCase.map((call) => call.caseId)).toContain(caseId));
  return { handle, input };
}

const GRPC_NOT_FOUND = 5;

/**
 * Waits until the workflow has no workflow task scheduled or running (and, unless an activity is
 * being held on purpose, no activity either). The Java test server leaks a time-skipping lock
 * when a query arrives while a workflow task is outstanding: every later env.sleep then runs in
 * real time and the tests after it hang. Its describe leaves out the pending workflow task, so
 * both are read from one snapshot of the history (a plain read, safe to poll).
 */
export async function untilIdle(handle: WorkflowHandle, options: { activityHeld?: boolean } = {}): Promise<void> {
  await vi.waitFor(async () => {
    const history = await handle.fetchHistory().catch((error: unknown) => {
      // Never started (the clock of an unsigned case). fetchHistory does not map gRPC NOT_FOUND.
      if (error instanceof WorkflowNotFoundError || (error as { code?: unknown }).code === GRPC_NOT_FOUND) return null;
      throw error;
    });
    const busy = outstandingWork(history?.events ?? []);
    if (busy.workflowTask) throw new Error('workflow task outstanding');
    if (busy.activities > 0 && !options.activityHeld) throw new Error('activities pending');
  }, { timeout: 15_000, interval: 20 });
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

function outstandingWork(events: HistoryEvent[]): { workflowTask: boolean; activities: number } {
  let lastScheduled = 0;
  let lastSettled = 0;
  const activities = new Set<string>();
  for (const event of events) {
    const id = String(event.eventId);
    if (event.workflowTaskScheduledEventAttributes) lastScheduled = Number(event.eventId);
    const settled = event.workflowTaskCompletedEventAttributes ?? event.workflowTaskFailedEventAttributes ?? event.workflowTaskTimedOutEventAttributes;
    if (settled) lastSettled = Number(settled.scheduledEventId);
    if (event.activityTaskScheduledEventAttributes) activities.add(id);
    const done = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes
      ?? event.activityTaskTimedOutEventAttributes ?? event.activityTaskCanceledEventAttributes;
    if (done) activities.delete(String(done.scheduledEventId));
  }
  const closed = events.some((event) =>
    event.workflowExecutionCompletedEventAttributes ?? event.workflowExecutionFailedEventAttributes ?? event.workflowExecutionTerminatedEventAttributes
    ?? event.workflowExecutionCanceledEventAttributes ?? event.workflowExecutionTimedOutEventAttributes ?? event.workflowExecutionContinuedAsNewEventAttributes);
  if (closed) return { workflowTask: false, activities: 0 };
  return { workflowTask: lastScheduled > lastSettled, activities: activities.size };
}

/** The case's state, queried once the workflow is idle (see `untilIdle`). */
export async function stateOf(handle: CaseHandle, options: { activityHeld?: boolean } = {}): Promise<SpinoutCaseState> {
  await untilIdle(handle, options);
  return handle.query(stateQuery);
}

export const submit = (handle: CaseHandle, actor: Actor = actors.researcher) =>
  handle.executeUpdate(submitUpdate, { args: [{ actor }] });

/** The one open task of `kind` (fails the test when there is not exactly one). */
export function openTaskOf(state: SpinoutCaseState, kind: CaseTask['kind'] = 'APPROVAL'): CaseTask {
  const tasks = state.openTasks.filter((task) => task.kind === kind);
  expect(tasks, `open ${kind} tasks`).toHaveLength(1);
  return tasks[0]!;
}

/** Decides the current approval step as its natural decider (or `actor`). */
export async function decideCurrent(
  handle: CaseHandle,
  decision: Decision,
  options: { actor?: Actor; comment?: string } = {},
): Promise<SpinoutCaseState> {
  const task = openTaskOf(await stateOf(handle));
  const actor = options.actor ?? deciderOf[task.stepKey]!;
  return handle.executeUpdate(decideUpdate, {
    args: [{ actor, taskKey: task.key, decision, ...(options.comment === undefined ? {} : { comment: options.comment }) }],
  });
}

/** Approves every remaining step of the chain, in turn, each as its natural decider. */
export async function approveAll(handle: CaseHandle): Promise<SpinoutCaseState> {
  let state = await stateOf(handle);
  // An approval is answered once the next step's task is open, so its answer names the next task.
  while (state.status === 'IN_REVIEW') {
    const task = openTaskOf(state);
    state = await handle.executeUpdate(decideUpdate, {
      args: [{ actor: deciderOf[task.stepKey]!, taskKey: task.key, decision: 'APPROVE', comment: 'OK' }],
    });
  }
  return state;
}

/** Takes a case (a draft or one in review) through the chain and an unopposed publicity to AGREEMENT. */
export async function toAgreement(env: TestWorkflowEnvironment, handle: CaseHandle): Promise<SpinoutCaseState> {
  if ((await stateOf(handle)).status === 'DRAFT') await submit(handle);
  const state = await approveAll(handle);
  expect(state.status).toBe('PUBLICITY');
  // Past the end by a margin, so the end-of-publicity timer fires during the skip and not in
  // real time under a query (see untilIdle).
  await advanceTo(env, state.publicity!.endsAt + 5_000);
  return eventually(async () => {
    const after = await stateOf(handle);
    expect(after.status).toBe('AGREEMENT');
    expect(after.openTasks.map((task) => task.kind)).toEqual(['SIGN_AGREEMENT']);
    return after;
  });
}

export const attachCopy = (handle: CaseHandle, actor: Actor, party: 'RESEARCHER' | 'INSTITUTION', documentId: string, signedOn: IsoDate) =>
  handle.executeUpdate(attachSignedCopyUpdate, { args: [{ actor, party, documentId, signedOn }] });

// ─── refusals ───────────────────────────────────────────────────────────────────────────────

/**
 * Awaits an update that must be refused and returns the refusal: a WorkflowUpdateFailedError
 * whose cause is an ApplicationFailure typed with the AppError `code`.
 */
export async function expectRefused(update: Promise<unknown>, code: AppErrorCode, message?: RegExp | string): Promise<ApplicationFailure> {
  const error = await update.then(
    (result) => { throw new Error(`expected the update to be refused with ${code}, but it returned ${JSON.stringify(result)}`); },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  const failure = cause as ApplicationFailure;
  expect({ type: failure.type, message: failure.message }).toMatchObject({ type: code });
  if (message !== undefined) expect(failure.message).toMatch(message);
  return failure;
}

/** A refusal changes nothing: same state, no activity called. */
export async function expectRefusedWithoutEffect(
  handle: CaseHandle,
  recorder: ActivityRecorder,
  update: () => Promise<unknown>,
  code: AppErrorCode,
  message?: RegExp | string,
): Promise<ApplicationFailure> {
  const before = await stateOf(handle);
  const callsBefore = recorder.sequence.length;
  const failure = await expectRefused(update(), code, message);
  expect(await stateOf(handle)).toEqual(before);
  expect(recorder.sequence.slice(callsBefore)).toEqual([]);
  return failure;
}
