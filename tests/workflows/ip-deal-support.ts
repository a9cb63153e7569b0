// Shared set-up for the IP deal workflow tests: a worker on a fresh task queue with in-memory
// activity stubs (typed by the contract) that record every call with the workflow time and run
// it was made in, the cast, drafts for each mode, and helpers that drive a deal through its
// phases. The real activities are tested against PostgreSQL and MinIO in tests/activities.
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import { chinaPublicHolidayCalendar, shanghaiDateOf } from '../../domain/calendar';
import type { AppErrorCode } from '../../domain/errors';
import type { TDealDraft, TDealDraftInput } from '../../domain/licensing';
import { ZDealDraft } from '../../domain/licensing';
import { defaultPolicyProfile, type TPolicyProfile } from '../../domain/policy';
import {
  attachSignedContractUpdate,
  dealStateQuery,
  decideDealUpdate,
  ipDealWorkflowId,
  recordExchangeResultUpdate,
  submitDealUpdate,
  type Actor,
  type DealTask,
  type Decision,
  type IpDealActivities,
  type IpDealInput,
  type IpDealState,
} from '../../workflows/contracts/ip-deal';
import { ipDealWorkflow } from '../../workflows/ip-deal';
import { advanceTo, eventually, expectRefused, untilIdle } from './support';

export { advanceTo, createTimeSkippingEnv, eventually, expectRefused, untilIdle } from './support';

// ─── activity stubs ─────────────────────────────────────────────────────────────────────────

type ActivityName = keyof IpDealActivities;
type InputOf<Name extends ActivityName> = Parameters<IpDealActivities[Name]>[0];
/**
 * A recorded call: its input, the workflow time it was scheduled at, and the run that made it.
 * A local activity has no scheduled time in workflow time (the worker stamps it with its own
 * clock, which time skipping does not move): its `at` is NaN, so a test cannot compare it by
 * mistake; `localActivityTimes` reads when the workflow recorded it from the history instead.
 */
export type Call<Name extends ActivityName> = InputOf<Name> & { at: number; runId: string };
export type DealCalls = { [Name in ActivityName]: Array<Call<Name>> };

export interface DealRecorder {
  readonly activities: IpDealActivities;
  readonly calls: DealCalls;
  readonly sequence: Array<{ activity: ActivityName; input: unknown }>;
  /** Statuses written to the read model, in order, without repeats in a row. */
  statuses(): string[];
  actions(): string[];
  notificationsOfKind(kind: string): DealCalls['notifyDeal'];
  openedTaskKeys(): string[];
  closedTask(key: string): DealCalls['closeDealTask'][number] | undefined;
  runIds(): string[];
}

const ACTIVITY_NAMES: ActivityName[] = [
  'createDeal', 'loadDealCalendar', 'recordDealState', 'openDealTask', 'updateDealTask', 'closeDealTask', 'publishDealNotice',
  'updateDealNotice', 'recordDealObjection', 'resolveDealObjection', 'generateContract', 'lockDealDocuments', 'upsertObligations',
  'upsertRoyaltyPeriod', 'recordPayment', 'recordAmendment', 'notifyDeal', 'emailExternal',
];

/** Documents whose id starts with this are not signed contracts of the deal (the real activity checks the row). */
export const NOT_A_SIGNED_CONTRACT = 'not-signed-';

export function createDealRecorder(): DealRecorder {
  const calls = Object.fromEntries(ACTIVITY_NAMES.map((name) => [name, []])) as unknown as DealCalls;
  const sequence: DealRecorder['sequence'] = [];
  const noticeStatuses = new Map<string, string>();
  const objectionIds = new Map<string, string>();
  const record = <Name extends ActivityName>(activity: Name, input: InputOf<Name>) => {
    const info = Context.current().info;
    const at = info.isLocal ? Number.NaN : info.currentAttemptScheduledTimestampMs;
    const copy = { ...(structuredClone(input ?? {}) as object), at, runId: info.workflowExecution?.runId ?? 'unknown' } as Call<Name>;
    (calls[activity] as Array<Call<Name>>).push(copy);
    sequence.push({ activity, input: copy });
  };
  const activities: IpDealActivities = {
    async createDeal(input) { record('createDeal', input); },
    async loadDealCalendar() {
      record('loadDealCalendar', undefined as never);
      return [...chinaPublicHolidayCalendar];
    },
    async recordDealState(input) { record('recordDealState', input); },
    async openDealTask(input) { record('openDealTask', input); },
    async updateDealTask(input) { record('updateDealTask', input); },
    async closeDealTask(input) { record('closeDealTask', input); },
    async publishDealNotice(input) {
      record('publishDealNotice', input);
      noticeStatuses.set(input.key, 'OPEN');
    },
    async updateDealNotice(input) {
      record('updateDealNotice', input);
      const current = noticeStatuses.get(input.key);
      if ((current === 'CLOSED' || current === 'WITHDRAWN') && input.status !== current) {
        throw ApplicationFailure.nonRetryable(`Notice ${input.key} is ${current} and cannot become ${input.status}`, 'INVALID_TRANSITION');
      }
      noticeStatuses.set(input.key, input.status);
    },
    async recordDealObjection(input) {
      record('recordDealObjection', input);
      const objectionId = objectionIds.get(input.key) ?? `objection-${objectionIds.size + 1}`;
      objectionIds.set(input.key, objectionId);
      return { objectionId };
    },
    async resolveDealObjection(input) { record('resolveDealObjection', input); },
    async generateContract(input) {
      record('generateContract', input);
      return { documentId: `contract-of-${input.dealId}` };
    },
    async lockDealDocuments(input) {
      record('lockDealDocuments', input);
      const wrong = input.documentIds.find((id) => id.startsWith(NOT_A_SIGNED_CONTRACT));
      if (wrong) throw ApplicationFailure.nonRetryable(`Document ${wrong} is not a SIGNED_CONTRACT of deal ${input.dealId}`, 'VALIDATION_FAILED');
    },
    async upsertObligations(input) { record('upsertObligations', input); },
    async upsertRoyaltyPeriod(input) { record('upsertRoyaltyPeriod', input); },
    async recordPayment(input) { record('recordPayment', input); },
    async recordAmendment(input) { record('recordAmendment', input); },
    async notifyDeal(input) { record('notifyDeal', input); },
    async emailExternal(input) { record('emailExternal', input); },
  };
  return {
    activities,
    calls,
    sequence,
    statuses: () => calls.recordDealState.map((call) => call.status).filter((status, index, all) => index === 0 || all[index - 1] !== status),
    actions: () => calls.recordDealState.map((call) => call.event.action),
    notificationsOfKind: (kind) => calls.notifyDeal.filter((call) => call.kind === kind),
    openedTaskKeys: () => calls.openDealTask.map((call) => call.task.key),
    closedTask: (key) => calls.closeDealTask.find((call) => call.key === key),
    runIds: () => [...new Set(sequence.map((entry) => (entry.input as { runId: string }).runId))],
  };
}

/** Each idempotency key used once: notifications, e-mails, tasks, audit events. */
export function expectDealKeysUnique(recorder: DealRecorder): void {
  const repeats = (keys: string[]) => keys.filter((key, index) => keys.indexOf(key) !== index);
  expect(repeats(recorder.calls.notifyDeal.map((call) => call.key)), 'notification keys sent more than once').toEqual([]);
  expect(repeats(recorder.calls.emailExternal.map((call) => call.key)), 'e-mail keys sent more than once').toEqual([]);
  expect(repeats(recorder.openedTaskKeys()), 'task keys opened more than once').toEqual([]);
  expect(repeats(recorder.calls.recordDealState.map((call) => call.event.key)), 'audit event keys recorded more than once').toEqual([]);
}

// ─── worker ─────────────────────────────────────────────────────────────────────────────────

export type DealHandle = WorkflowHandle<typeof ipDealWorkflow>;

export interface DealWorker {
  readonly taskQueue: string;
  readonly recorder: DealRecorder;
  readonly handles: DealHandle[];
  stop(): Promise<void>;
}

export async function startDealWorker(env: TestWorkflowEnvironment, options: { maxCachedWorkflows?: number } = {}): Promise<DealWorker> {
  const taskQueue = `ip-deal-test-${randomUUID()}`;
  const recorder = createDealRecorder();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: recorder.activities,
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
  });
  const running = worker.run();
  const handles: DealHandle[] = [];
  return {
    taskQueue,
    recorder,
    handles,
    async stop() {
      for (const handle of handles) {
        // Terminate only an idle workflow (the test server may leak its time-skipping lock otherwise).
        const latest = env.client.workflow.getHandle(handle.workflowId);
        await untilIdle(latest).catch(() => undefined);
        const described = await latest.describe().catch(() => null);
        if (described?.status.name === 'RUNNING') await latest.terminate('test finished');
      }
      worker.shutdown();
      await running;
    },
  };
}

// ─── the cast ───────────────────────────────────────────────────────────────────────────────

export const INSTITUTION_ID = 'institution-1';
export const DEPARTMENT_ID = 'dept-materials';
/** A valid 统一社会信用代码 (check digit correct). */
export const COUNTERPARTY_CODE = '91350100M000100Y43';
export const COUNTERPARTY_NAME = '杭州明远智能科技有限公司';

/** Person ids are uuids (the draft schema checks them); the name stays in the id's comment. */
const person = (n: number, _name: string) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const actors = {
  researcher: { personId: person(1, 'researcher-zhang'), roles: ['RESEARCHER'], departmentId: DEPARTMENT_ID },
  teamMember: { personId: person(2, 'researcher-li'), roles: ['RESEARCHER'], departmentId: DEPARTMENT_ID },
  /** A TTO officer who also sits on the counterparty's board: a declared conflict of interest. */
  conflictedTto: { personId: person(3, 'tto-huang'), roles: ['TTO_OFFICER', 'RESEARCHER'], departmentId: DEPARTMENT_ID },
  tto: { personId: person(4, 'tto-chen'), roles: ['TTO_OFFICER'], departmentId: null },
  tto2: { personId: person(5, 'tto-sun'), roles: ['TTO_OFFICER'], departmentId: null },
  finance: { personId: person(6, 'finance-zhou'), roles: ['FINANCE_OFFICER'], departmentId: null },
  leader: { personId: person(7, 'leader-wu'), roles: ['LEADERSHIP'], departmentId: null },
  admin: { personId: person(8, 'admin-zheng'), roles: ['INSTITUTION_ADMIN'], departmentId: null },
  outsider: { personId: person(9, 'hr-qian'), roles: ['HR_OFFICER'], departmentId: null },
} satisfies Record<string, Actor>;

export const deciderFor = (task: DealTask): Actor => (task.candidateRole === 'LEADERSHIP' ? actors.leader : actors.tto);

export function profileWith(change: (profile: TPolicyProfile) => void): TPolicyProfile {
  const profile = structuredClone(defaultPolicyProfile);
  change(profile);
  return profile;
}

export const YUAN = 100;
export const WAN = 10_000 * YUAN;

const baseDraft = {
  counterparty: { name: COUNTERPARTY_NAME, unifiedSocialCreditCode: COUNTERPARTY_CODE, contactName: '王经理', contactEmail: 'licensing@mingyuan.example.com' },
  assets: [
    { kind: 'PATENT', title: '一种缺陷检测方法', number: 'ZL202310000000.0', ownership: 'INSTITUTION', allocationBp: 7_000 },
    { kind: 'SOFTWARE_COPYRIGHT', title: '缺陷检测软件 V1.0', number: '2023SR000001', ownership: 'INSTITUTION', allocationBp: 3_000 },
  ],
  team: [
    { personId: actors.researcher.personId, contributionShareBp: 6_000, mainContributor: true },
    { personId: actors.teamMember.personId, contributionShareBp: 4_000 },
  ],
} satisfies Partial<TDealDraftInput>;

/** A licence: ¥1M upfront by default (the TTO tier), quarterly royalty 3.5%, five years. */
export function licenceDraft(overrides: Partial<TDealDraftInput> & { terms?: Partial<TDealDraftInput['terms']> } = {}): TDealDraft {
  const { terms, ...rest } = overrides;
  return ZDealDraft.parse({
    title: '缺陷检测专利许可',
    mode: 'LICENCE',
    pricingMethod: 'AGREED',
    ...baseDraft,
    terms: {
      exclusivity: 'EXCLUSIVE',
      fieldOfUse: '工业视觉检测',
      territory: '中国大陆',
      termMonths: 60,
      upfrontFeeFen: 100 * WAN,
      royalty: { rateBp: 350, reportingPeriod: 'QUARTERLY', reportDueDays: 30 },
      sublicensing: 'WITH_CONSENT',
      terminationConditions: '任一方严重违约且30日内未纠正的，另一方可书面通知解除合同。',
      ...terms,
    },
    ...rest,
  }) as TDealDraft;
}

/** A transfer of ownership for a price paid upfront, priced by agreement by default. */
export function transferDraft(overrides: Partial<TDealDraftInput> & { terms?: Partial<TDealDraftInput['terms']> } = {}): TDealDraft {
  const { terms, ...rest } = overrides;
  return ZDealDraft.parse({
    title: '缺陷检测专利转让',
    mode: 'TRANSFER',
    pricingMethod: 'AGREED',
    ...baseDraft,
    terms: { upfrontFeeFen: 150 * WAN, upfrontDueDays: 30, ...terms },
    ...rest,
  }) as TDealDraft;
}

/** 作价投资: the result invested for shares (with the valuation report the profile requires). */
export function equityDraft(overrides: Partial<TDealDraftInput> & { terms?: Partial<TDealDraftInput['terms']> } = {}): TDealDraft {
  const { terms, ...rest } = overrides;
  return ZDealDraft.parse({
    title: '缺陷检测专利作价投资',
    mode: 'EQUITY',
    pricingMethod: 'AGREED',
    ...baseDraft,
    valuationReportDocumentId: '4c1f1d8e-8d0f-4d7b-9f35-5f2d3c1a7b10',
    terms: {
      equity: { valuationFen: 120 * WAN, shares: 1_200_000, companyShareBp: 1_500 },
      patentCostReimbursementFen: 3 * WAN,
      ...terms,
    },
    ...rest,
  }) as TDealDraft;
}

// ─── starting and driving a deal ────────────────────────────────────────────────────────────

export interface StartDealOptions {
  draft?: TDealDraft;
  profile?: TPolicyProfile;
  maxHistoryEvents?: number;
  createdById?: string;
}

export async function startDeal(env: TestWorkflowEnvironment, worker: DealWorker, options: StartDealOptions = {}): Promise<{ handle: DealHandle; input: IpDealInput }> {
  const dealId = randomUUID();
  const input: IpDealInput = {
    dealId,
    reference: `IP-TEST-${dealId.slice(0, 6).toUpperCase()}`,
    institutionId: INSTITUTION_ID,
    leadResearcherId: actors.researcher.personId,
    departmentId: DEPARTMENT_ID,
    createdById: options.createdById ?? actors.researcher.personId,
    caseId: null,
    profile: options.profile ?? defaultPolicyProfile,
    profileId: 'profile-default-v1',
    draft: options.draft ?? licenceDraft(),
    ...(options.maxHistoryEvents === undefined ? {} : { maxHistoryEvents: options.maxHistoryEvents }),
  };
  const handle = await env.client.workflow.start(ipDealWorkflow, { taskQueue: worker.taskQueue, workflowId: ipDealWorkflowId(dealId), args: [input] });
  worker.handles.push(handle);
  await eventually(() => expect(worker.recorder.calls.createDeal.map((call) => call.dealId)).toContain(dealId));
  return { handle, input };
}

/**
 * The workflow times at which one run recorded the results of a local activity, in order: the
 * times of its markers in the history (server time, skipped like the workflow's clock; the
 * counterpart of an ordinary activity's scheduled time: the end of the workflow task that ran it).
 */
export async function localActivityTimes(env: TestWorkflowEnvironment, workflowId: string, runId: string, activityType: ActivityName): Promise<number[]> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_local_activity' ? marker.details?.['data']?.payloads?.[0]?.data : undefined;
    if (!data) return [];
    const { activity_type: type } = JSON.parse(new TextDecoder().decode(data)) as { activity_type?: string };
    return type === activityType ? [tsToMs(event.eventTime)] : [];
  });
}

/** The deal's state, queried once the workflow is idle (see untilIdle). */
export async function stateOf(handle: DealHandle): Promise<IpDealState> {
  await untilIdle(handle);
  return handle.query(dealStateQuery);
}

export const submitDeal = (handle: DealHandle, actor: Actor = actors.researcher) => handle.executeUpdate(submitDealUpdate, { args: [{ actor }] });

/** The one open task of `kind` (fails the test when there is not exactly one). */
export function openTaskOf(state: IpDealState, kind: DealTask['kind'] = 'APPROVAL'): DealTask {
  const tasks = state.openTasks.filter((task) => task.kind === kind);
  expect(tasks, `open ${kind} tasks`).toHaveLength(1);
  return tasks[0]!;
}

export const decide = (handle: DealHandle, actor: Actor, taskKey: string, decision: Decision, comment?: string) =>
  handle.executeUpdate(decideDealUpdate, { args: [{ actor, taskKey, decision, ...(comment === undefined ? {} : { comment }) }] });

/** Approves every open approval step in turn, each by its natural decider; returns the state after. */
export async function approveAll(handle: DealHandle): Promise<IpDealState> {
  let state = await stateOf(handle);
  while (state.openTasks.some((task) => task.kind === 'APPROVAL')) {
    const task = openTaskOf(state);
    state = await decide(handle, deciderFor(task), task.key, 'APPROVE', 'OK');
  }
  return state;
}

/** Drives a submitted (or draft) deal through approval and publicity / the exchange to CONTRACT. */
export async function toContract(env: TestWorkflowEnvironment, handle: DealHandle): Promise<IpDealState> {
  if ((await stateOf(handle)).status === 'DRAFT') await submitDeal(handle);
  let state = await approveAll(handle);
  if (state.status === 'PUBLICITY') {
    await advanceTo(env, state.publicity!.endsAt + 5_000);
    state = await eventually(async () => {
      const after = await stateOf(handle);
      expect(after.status).toBe('CONTRACT');
      return after;
    });
  } else if (state.status === 'EXCHANGE') {
    state = await handle.executeUpdate(recordExchangeResultUpdate, {
      args: [{ actor: actors.tto, result: { venue: '浙江知识产权交易中心', listingReference: 'ZJIPX-2026-001', concludedOn: shanghaiDateOf(await env.currentTimeMs()), finalPriceFen: state.totalValueFen, winningParty: COUNTERPARTY_NAME, documentId: null } }],
    });
  }
  expect(state.status).toBe('CONTRACT');
  return state;
}

export const signContract = (handle: DealHandle, signedOn: string, documentId = 'signed-contract-1', actor: Actor = actors.tto) =>
  handle.executeUpdate(attachSignedContractUpdate, { args: [{ actor, documentId, signedOn }] });

/** A deal taken all the way to ACTIVE, signed today. */
export async function toActive(env: TestWorkflowEnvironment, handle: DealHandle): Promise<IpDealState> {
  await toContract(env, handle);
  const state = await signContract(handle, shanghaiDateOf(await env.currentTimeMs()));
  expect(state.status).toBe('ACTIVE');
  return state;
}

/** An update that must be refused with `code` and leave the deal and the read model unchanged. */
export async function expectRefusedWithoutEffect(handle: DealHandle, recorder: DealRecorder, update: () => Promise<unknown>, code: AppErrorCode, message?: RegExp | string) {
  const before = await stateOf(handle);
  const callsBefore = recorder.sequence.length;
  const failure = await expectRefused(update(), code, message);
  expect(await stateOf(handle)).toEqual(before);
  expect(recorder.sequence.slice(callsBefore)).toEqual([]);
  return failure;
}
