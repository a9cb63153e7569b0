// Shared set-up for the settlement workflow tests: a worker on a fresh task queue with in-memory
// activity stubs that record every call, a deal with income events and a team, and helpers that
// drive a settlement through its steps. The ledger stub applies the domain's ledger rules
// (ledgerEntriesFor, payoutEntriesFor, reversalEntriesFor, mergeLedgerEntries) to an in-memory
// list, as the real activity applies them to the append-only table: what the tests count there
// is what PostgreSQL would hold.
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import { chinaPublicHolidayCalendar, shanghaiDateOf } from '../../domain/calendar';
import { defaultPolicyProfile, type TPolicyProfile } from '../../domain/policy';
import {
  ledgerEntriesFor,
  mergeLedgerEntries,
  payoutEntriesFor,
  reversalEntriesFor,
  type TIncomeEvent,
  type TLedgerEntry,
  type TSettlementInputDraft,
  type TSettlementResult,
} from '../../domain/settlement';
import {
  decideSettlementUpdate,
  editSettlementDraftUpdate,
  emptySettlementDraft,
  settlementStateQuery,
  settlementWorkflowId,
  submitSettlementUpdate,
  type Actor,
  type SettlementActivities,
  type SettlementDraft,
  type SettlementInput,
  type SettlementState,
  type SettlementTask,
} from '../../workflows/contracts/settlement';
import { settlementWorkflow } from '../../workflows/settlement';
import { eventually, untilIdle } from './support';

export { advanceTo, createTimeSkippingEnv, eventually, expectRefused, untilIdle } from './support';

type Name = keyof SettlementActivities;
type InputOf<N extends Name> = Parameters<SettlementActivities[N]>[0];
export type RecordedCalls = { [N in Name]: Array<InputOf<N>> };

// ─── the cast and the deal ──────────────────────────────────────────────────────────────────

export const INSTITUTION_ID = randomUUID();
export const DEAL_ID = randomUUID();

/** People are uuids, as in the read model (notifications go to registered people only). */
export const people = {
  tto: randomUUID(),
  tto2: randomUUID(),
  finance: randomUUID(),
  finance2: randomUUID(),
  leader: randomUUID(),
  memberA: randomUUID(),
  memberB: randomUUID(),
  memberC: randomUUID(),
};

export const actors = {
  tto: { personId: people.tto, roles: ['TTO_OFFICER'], departmentId: null },
  tto2: { personId: people.tto2, roles: ['TTO_OFFICER'], departmentId: null },
  finance: { personId: people.finance, roles: ['FINANCE_OFFICER'], departmentId: null },
  finance2: { personId: people.finance2, roles: ['FINANCE_OFFICER'], departmentId: null },
  leader: { personId: people.leader, roles: ['LEADERSHIP'], departmentId: null },
  /** A finance officer who is also on the deal's team: barred from their own settlement. */
  memberFinance: { personId: people.memberC, roles: ['FINANCE_OFFICER', 'RESEARCHER'], departmentId: null },
  researcher: { personId: people.memberA, roles: ['RESEARCHER'], departmentId: null },
} satisfies Record<string, Actor>;

export const TEAM = [
  { personId: people.memberA, name: '张明远', contributionShareBp: 5_000, mainContributor: true },
  { personId: people.memberB, name: '李思齐', contributionShareBp: 3_000, mainContributor: false },
  { personId: people.memberC, name: '王五', contributionShareBp: 2_000, mainContributor: false },
];

const income = (id: string, kind: TIncomeEvent['kind'], amountFen: number, receivedOn: string): TIncomeEvent => ({
  id,
  dealId: DEAL_ID,
  kind,
  amountFen,
  receivedOn,
  evidenceDocumentIds: [`evidence-${id}`],
  fiscalYear: null,
  note: null,
});

/**
 * The deal's income. Hand-computed for `upfront + royalty − tax ¥0.01` under the default profile:
 * net 1,333,333 fen → team 933,333 / institution 200,000 / department 133,333 / TTO fund 66,667;
 * team by share A 466,666 (main) / B 280,000 / C 186,667, but main contributors must get
 * ⌈933,333 × 50%⌉ = 466,667 → A 466,667, the other 466,666 split 3:2 → B 280,000, C 186,666.
 */
export const INCOME: Record<string, TIncomeEvent> = {
  upfront: income('income-upfront', 'UPFRONT', 1_000_001, '2026-01-15'),
  royalty: income('income-royalty', 'ROYALTY', 333_333, '2026-03-31'),
  /** ¥2,000,000: above the default profile's ¥1M tier, so leadership approves. */
  milestone: income('income-milestone', 'MILESTONE', 200_000_000, '2026-02-20'),
};

export const smallDraft = (): SettlementDraft => ({
  ...emptySettlementDraft(),
  incomeEventIds: [INCOME.upfront!.id, INCOME.royalty!.id],
  deductions: [{ id: 'tax', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 1, evidenceDocumentIds: [], note: null }],
});

export const largeDraft = (): SettlementDraft => ({ ...emptySettlementDraft(), incomeEventIds: [INCOME.milestone!.id] });

// ─── activity stubs ─────────────────────────────────────────────────────────────────────────

export interface Recorder {
  readonly activities: SettlementActivities;
  readonly calls: RecordedCalls;
  /** The ledger as the append-only table would hold it. */
  readonly ledger: TLedgerEntry[];
  /** The plan last recorded for each settlement. */
  readonly results: Map<string, TSettlementResult>;
  statuses(settlementId: string): string[];
  notificationKeys(): string[];
  openedTaskKeys(): string[];
}

export function createRecorder(): Recorder {
  const calls = {
    createSettlementRecord: [],
    loadSettlementInput: [],
    loadSettlementCalendar: [],
    recordSettlementState: [],
    openSettlementTask: [],
    updateSettlementTask: [],
    closeSettlementTask: [],
    publishSettlementNotice: [],
    updateSettlementNotice: [],
    recordSettlementObjection: [],
    resolveSettlementObjection: [],
    bookSettlementLedger: [],
    recordSettlementPayout: [],
    reverseSettlementLedger: [],
    generateSettlementStatement: [],
    notifySettlement: [],
  } as RecordedCalls;
  const record = <N extends Name>(name: N, input: InputOf<N>) => {
    (calls[name] as Array<InputOf<N>>).push(structuredClone(input));
  };
  const ledger: TLedgerEntry[] = [];
  const results = new Map<string, TSettlementResult>();
  const notices = new Map<string, string>();
  const objections = new Map<string, string>();
  const book = (entries: TLedgerEntry[]) => {
    const { toAppend, alreadyBooked } = mergeLedgerEntries({ existing: ledger, incoming: entries });
    ledger.push(...toAppend);
    return { booked: toAppend.length, alreadyBooked: alreadyBooked.length };
  };
  const resultOf = (settlementId: string) => {
    const result = results.get(settlementId);
    if (!result) throw ApplicationFailure.nonRetryable(`Settlement ${settlementId} has no computed plan`, 'INVALID_TRANSITION');
    return result;
  };

  const activities: SettlementActivities = {
    async createSettlementRecord(input) { record('createSettlementRecord', input); },
    async loadSettlementInput(input) {
      record('loadSettlementInput', input);
      const events = Object.values(INCOME);
      const unknown = input.draft.incomeEventIds.filter((id) => !events.some((event) => event.id === id));
      if (unknown.length > 0) throw ApplicationFailure.nonRetryable(`incomeEventIds: ${unknown.join(', ')} is not an income event of this deal`, 'VALIDATION_FAILED');
      const loaded: TSettlementInputDraft = {
        settlementId: input.settlementId,
        deal: { id: DEAL_ID, reference: 'IP-2026-TEST', title: '一种量子传感器的独占许可', mode: 'LICENCE', techContractRegNo: '2026330100000123' },
        period: { from: '2026-01-01', to: '2026-12-31' },
        incomeEvents: input.draft.incomeEventIds.map((id) => events.find((event) => event.id === id)!),
        deductions: input.draft.deductions,
        team: TEAM,
        equityGrant: input.draft.equityGrant,
        plannedPayoutOn: input.draft.plannedPayoutOn,
      };
      return loaded;
    },
    async loadSettlementCalendar() {
      record('loadSettlementCalendar', undefined as never);
      return [...chinaPublicHolidayCalendar];
    },
    async recordSettlementState(input) {
      record('recordSettlementState', input);
      if (input.computed?.result) results.set(input.settlementId, input.computed.result);
      if (input.computed && input.computed.result === null) results.delete(input.settlementId);
    },
    async openSettlementTask(input) { record('openSettlementTask', input); },
    async updateSettlementTask(input) { record('updateSettlementTask', input); },
    async closeSettlementTask(input) { record('closeSettlementTask', input); },
    async publishSettlementNotice(input) {
      record('publishSettlementNotice', input);
      notices.set(input.key, 'OPEN');
    },
    async updateSettlementNotice(input) {
      record('updateSettlementNotice', input);
      const current = notices.get(input.key);
      if ((current === 'CLOSED' || current === 'WITHDRAWN') && input.status !== current) {
        throw ApplicationFailure.nonRetryable(`Notice ${input.key} is ${current} and cannot become ${input.status}`, 'INVALID_TRANSITION');
      }
      notices.set(input.key, input.status);
    },
    async recordSettlementObjection(input) {
      record('recordSettlementObjection', input);
      const id = objections.get(input.key) ?? `objection-${objections.size + 1}`;
      objections.set(input.key, id);
      return { objectionId: id };
    },
    async resolveSettlementObjection(input) { record('resolveSettlementObjection', input); },
    async bookSettlementLedger(input) {
      record('bookSettlementLedger', input);
      return book(ledgerEntriesFor({ result: resultOf(input.settlementId), bookedOn: input.bookedOn }));
    },
    async recordSettlementPayout(input) {
      record('recordSettlementPayout', input);
      return book(payoutEntriesFor({ result: resultOf(input.settlementId), paidOn: input.paidOn, lineIds: input.lineIds }));
    },
    async reverseSettlementLedger(input) {
      record('reverseSettlementLedger', input);
      const mine = ledger.filter((entry) => entry.settlementId === input.settlementId);
      if (mine.some((entry) => entry.reversalOf !== null)) return { booked: 0, alreadyBooked: mine.length };
      return book(reversalEntriesFor({ entries: mine, reason: input.reason, reversedOn: input.reversedOn }));
    },
    async generateSettlementStatement(input) {
      record('generateSettlementStatement', input);
      return { documentId: `statement-${input.personId}` };
    },
    async notifySettlement(input) { record('notifySettlement', input); },
  };
  return {
    activities,
    calls,
    ledger,
    results,
    statuses: (settlementId) =>
      calls.recordSettlementState
        .filter((call) => call.settlementId === settlementId)
        .map((call) => call.status)
        .filter((status, index, all) => index === 0 || all[index - 1] !== status),
    notificationKeys: () => calls.notifySettlement.map((call) => call.key),
    openedTaskKeys: () => calls.openSettlementTask.map((call) => call.task.key),
  };
}

// ─── worker and settlements ─────────────────────────────────────────────────────────────────

export type SettlementHandle = WorkflowHandle<typeof settlementWorkflow>;

export interface TestWorker {
  readonly taskQueue: string;
  readonly recorder: Recorder;
  readonly handles: SettlementHandle[];
  stop(): Promise<void>;
}

export async function startTestWorker(env: TestWorkflowEnvironment): Promise<TestWorker> {
  const taskQueue = `settlement-test-${randomUUID()}`;
  const recorder = createRecorder();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: recorder.activities,
  });
  const running = worker.run();
  const handles: SettlementHandle[] = [];
  return {
    taskQueue,
    recorder,
    handles,
    async stop() {
      for (const handle of handles) {
        await untilIdle(handle).catch(() => undefined);
        const described = await handle.describe().catch(() => null);
        if (described?.status.name === 'RUNNING') await handle.terminate('test finished');
      }
      worker.shutdown();
      await running;
    },
  };
}

export function profileWith(change: (profile: TPolicyProfile) => void): TPolicyProfile {
  const profile = structuredClone(defaultPolicyProfile);
  change(profile);
  return profile;
}

export async function startSettlement(
  env: TestWorkflowEnvironment,
  worker: TestWorker,
  options: { profile?: TPolicyProfile; draft?: SettlementDraft } = {},
): Promise<{ handle: SettlementHandle; input: SettlementInput }> {
  const settlementId = randomUUID();
  const input: SettlementInput = {
    settlementId,
    reference: `ST-TEST-${settlementId.slice(0, 6)}`,
    institutionId: INSTITUTION_ID,
    dealId: DEAL_ID,
    dealReference: 'IP-2026-TEST',
    createdById: people.tto,
    kind: 'PERIODIC',
    period: { from: '2026-01-01', to: '2026-12-31' },
    profile: options.profile ?? defaultPolicyProfile,
    profileId: 'profile-default-v1',
    draft: emptySettlementDraft(),
  };
  const handle = await env.client.workflow.start(settlementWorkflow, { taskQueue: worker.taskQueue, workflowId: settlementWorkflowId(settlementId), args: [input] });
  worker.handles.push(handle);
  await eventually(() => expect(worker.recorder.calls.createSettlementRecord.map((call) => call.settlementId)).toContain(settlementId));
  if (options.draft) await handle.executeUpdate(editSettlementDraftUpdate, { args: [{ actor: actors.tto, draft: options.draft }] });
  return { handle, input };
}

export async function stateOf(handle: SettlementHandle): Promise<SettlementState> {
  await untilIdle(handle);
  return handle.query(settlementStateQuery);
}

export function openTaskOf(state: SettlementState, kind: SettlementTask['kind']): SettlementTask {
  const tasks = state.openTasks.filter((task) => task.kind === kind);
  expect(tasks, `open ${kind} tasks`).toHaveLength(1);
  return tasks[0]!;
}

export const submit = (handle: SettlementHandle, actor: Actor = actors.tto) => handle.executeUpdate(submitSettlementUpdate, { args: [{ actor }] });

export async function decide(handle: SettlementHandle, kind: 'FINANCE_REVIEW' | 'APPROVAL', decision: 'APPROVE' | 'REJECT' | 'RETURN', actor: Actor, comment?: string) {
  const task = openTaskOf(await stateOf(handle), kind);
  return handle.executeUpdate(decideSettlementUpdate, { args: [{ actor, taskKey: task.key, decision, ...(comment === undefined ? {} : { comment }) }] });
}

/** Submits, approves in finance review, and lets the publicity run out: returns the state after. */
export async function throughPublicity(env: TestWorkflowEnvironment, handle: SettlementHandle, { advanceTo }: { advanceTo: (env: TestWorkflowEnvironment, at: number) => Promise<void> }) {
  await submit(handle);
  const published = await decide(handle, 'FINANCE_REVIEW', 'APPROVE', actors.finance);
  expect(published.status).toBe('PUBLICITY');
  await advanceTo(env, published.publicity!.endsAt + 5_000);
  return published;
}

export const today = async (env: TestWorkflowEnvironment) => shanghaiDateOf(await env.currentTimeMs());
