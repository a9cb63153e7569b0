// One workflow per benefit-sharing settlement (收益分配): the TTO prepares the plan (recomputed
// with domain/settlement computeSettlement on every change) → finance review → publicity of the
// distribution plan (objections pause it; dismissed → resume, upheld → prepare again) →
// leadership approval when the amount's tier requires it → APPROVED (ledger booked once by key)
// → payouts recorded (a repeated payout key never books twice) → a statement per person →
// PAID. Reversal (from APPROVED or PAID) books mirrored entries and frees the income for a new
// settlement; cancellation is possible before approval. Decisions are Updates whose validators
// refuse the wrong person, step, state or version; answers come once the read model shows
// their effect.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { activityOptions, localActivityOptions } from './activity-options';
import {
  dueDate,
  isIsoDate,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiInstantOf,
  type CalendarDay,
  type DayKind,
} from '../domain/calendar';
import { AppError, isAppErrorCode } from '../domain/errors';
import { formatCny } from '../domain/money';
import { ZBenefitSharePolicy, type Role, type TBenefitSharePolicy } from '../domain/policy';
import { computeSettlement, type TSettlementInputDraft, type TSettlementResult } from '../domain/settlement';
import {
  cancelSettlementUpdate,
  claimSettlementTaskUpdate,
  decideSettlementUpdate,
  delegateSettlementTaskUpdate,
  editSettlementDraftUpdate,
  fileSettlementObjectionUpdate,
  recordPayoutUpdate,
  resolveSettlementObjectionUpdate,
  reverseSettlementUpdate,
  settlementStateQuery,
  submitSettlementUpdate,
  type Actor,
  type CancelSettlementInput,
  type DecideSettlementInput,
  type FileSettlementObjectionInput,
  type RecordPayoutInput,
  type RecordSettlementStateInput,
  type ResolveSettlementObjectionInput,
  type ReverseSettlementInput,
  type SettlementActivities,
  type SettlementInput,
  type SettlementNotifyInput,
  type SettlementPlanSummary,
  type SettlementProblems,
  type SettlementState,
  type SettlementStatus,
  type SettlementTask,
  type SubmitSettlementInput,
  CANCELLABLE_SETTLEMENT_STATUSES,
  REVERSIBLE_SETTLEMENT_STATUSES,
} from './contracts/settlement';
import { mayActOnTask } from './shared/may-act-on-task';
import { refuse } from './shared/refuse';

const acts = proxyActivities<SettlementActivities>(activityOptions);
const localActs = proxyLocalActivities<SettlementActivities>(localActivityOptions);

const TTO: Role = 'TTO_OFFICER';
const FINANCE: Role = 'FINANCE_OFFICER';
/** Working days each reviewer has; reminders at half time and on the due date, then escalation. */
const FINANCE_REVIEW_DAYS = 10;
const LEADERSHIP_DAYS = 15;
const OBJECTION_REVIEW_DAYS = 5;
const REVIEW_DAY_KIND: DayKind = 'WORKING';
const DUE_DAY_REMINDER_TIME = '09:00';
const DEFAULT_PUBLICITY = { days: 15, dayKind: 'WORKING' as DayKind };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


/** An activity's refusal (a non-retryable AppError code) becomes the update's refusal. */
async function orRefuse<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : null;
    if (cause instanceof ApplicationFailure && isAppErrorCode(cause.type)) refuse(cause.type, cause.message, cause.details?.[0]);
    throw error;
  }
}

/** Thrown inside the main flow when the settlement is cancelled or reversed; caught once at the top. */
class Cancelled extends Error {}
class Reversed extends Error {}

interface Pending<T> { seq: number; input: T }

/** The plan in short, for the workflow's own decisions and its state query. */
function planSummaryOf(result: TSettlementResult): SettlementPlanSummary {
  return {
    totals: result.totals,
    approval: result.approval,
    lines: result.lines.map((line) => ({
      lineId: line.lineId,
      recipientKey: line.recipientKey,
      personId: line.recipient.kind === 'PERSON' ? line.recipient.personId : null,
      name: line.recipient.kind === 'PERSON' ? line.recipient.name : line.recipient.kind,
      unit: line.unit,
      amount: line.amount,
    })),
    people: result.people.map(({ personId, name, cashFen, shares }) => ({ personId, name, cashFen, shares })),
  };
}

export async function settlementWorkflow(input: SettlementInput): Promise<SettlementState> {
  const { settlementId, profile } = input;
  const parsedShare = ZBenefitSharePolicy.safeParse(profile.benefitShare);
  // A profile that no longer validates still runs: computeSettlement refuses its plans with the reason.
  const benefitShare: Pick<TBenefitSharePolicy, 'publicity'> = parsedShare.success ? parsedShare.data : { publicity: DEFAULT_PUBLICITY };
  const state: SettlementState = {
    settlementId,
    status: 'PREPARING',
    version: 1,
    round: 1,
    currentStepKey: 'prepare',
    openTasks: [],
    draft: input.draft,
    plan: null,
    problems: null,
    teamPersonIds: [],
    publicity: null,
    payments: [],
    paidLineIds: [],
    statements: [],
    lastDecision: null,
    reversal: null,
  };
  let calendar: CalendarDay[] = [];
  // The read model's PostgreSQL-only reads and writes (settlement state, the draft's input, tasks,
  // notice, objections, ledger bookings, payouts, reversal, the calendar) run as local activities,
  // so a decision or a payout takes one workflow task, as for the spin-out case. Notifications,
  // the statement PDFs (stored in MinIO) and the settlement's creation stay ordinary activities.
  // Settlements started before this change keep their ordinary activities when they replay.
  const writes = patched('read-model-writes-local') ? localActs : acts;
  const decidedTaskKeys = new Set<string>();

  // Events from update handlers, consumed in order by the main flow; a handler waits until its
  // event is handled (or discarded by a cancellation, a reversal or the end) so the caller sees the result.
  let seq = 0;
  const handled = new Set<number>();
  const discarded = new Set<number>();
  let submission: Pending<SubmitSettlementInput> | null = null;
  let decision: Pending<DecideSettlementInput> | null = null;
  let objection: Pending<FileSettlementObjectionInput> | null = null;
  let objectionResult: { seq: number; objectionId: string } | null = null;
  let resolution: Pending<ResolveSettlementObjectionInput> | null = null;
  let cancellation: Pending<CancelSettlementInput> | null = null;
  let reversal: Pending<ReverseSettlementInput> | null = null;
  const payouts: Array<Pending<RecordPayoutInput> & { lineIds: string[] }> = [];
  /** Payment keys accepted (queued or booked), and those booked: a repeated key books nothing. */
  const acceptedPaymentKeys = new Set<string>();
  const bookedPaymentKeys = new Set<string>();
  const queuedLineIds = new Set<string>();

  let deferred: number[] = [];
  const release = () => {
    for (const deferredSeq of deferred) handled.add(deferredSeq);
    deferred = [];
  };
  // A deep copy (JSON: the workflow sandbox has no structuredClone); the state is plain JSON.
  const snapshot = (): SettlementState => JSON.parse(JSON.stringify(state)) as SettlementState;
  const awaitHandled = async (mySeq: number) => {
    await condition(() => handled.has(mySeq) || discarded.has(mySeq));
    if (discarded.has(mySeq)) refuse('INVALID_TRANSITION', `The settlement was ${state.status.toLowerCase()} before this could take effect`);
  };
  const done = (event: Pending<unknown> | null) => {
    if (event) handled.add(event.seq);
  };

  // ─── helpers ──────────────────────────────────────────────────────────────────────────────

  const today = () => shanghaiDateOf(Date.now());
  const dueAtAfter = (days: number, dayKind: DayKind) => shanghaiEndOfDay(dueDate({ start: today(), days, dayKind, calendar }));
  const reference = input.reference;

  async function setStatus(status: SettlementStatus, action: string, actorId: string | null, extra: Partial<Omit<RecordSettlementStateInput, 'event'>> = {}, after: object = {}) {
    const before = state.status;
    state.status = status;
    state.version += 1;
    await writes.recordSettlementState({
      settlementId,
      status,
      version: state.version,
      currentStepKey: state.currentStepKey,
      ...extra,
      event: { key: `${settlementId}:v${state.version}`, actorId, action, before: { status: before }, after: { status, stepKey: state.currentStepKey, ...after } },
    });
    release();
  }

  const notify = (message: Omit<SettlementNotifyInput, 'institutionId' | 'settlementId'>) =>
    acts.notifySettlement({ institutionId: input.institutionId, settlementId, ...message });

  /** The registered people of the plan (members outside the institution have no account). */
  const teamAccounts = () => state.teamPersonIds.filter((id) => UUID.test(id));

  const notifyTaskOwners = (task: SettlementTask, key: string, kind: string, title: string, body: string) =>
    notify({ key, kind, title, body, ...(task.assigneeId ? { personIds: [task.assigneeId] } : { role: task.candidateRole ?? undefined }) });

  async function openTask(task: Omit<SettlementTask, 'openedAt' | 'escalated'>): Promise<SettlementTask> {
    const full: SettlementTask = { ...task, openedAt: Date.now(), escalated: false };
    state.openTasks.push(full);
    await writes.openSettlementTask({ institutionId: input.institutionId, settlementId, task: full });
    release();
    await notifyTaskOwners(full, `${full.key}:opened`, 'TASK_OPENED', full.title, `${reference}: ${full.title}`);
    return full;
  }

  async function closeTask(task: SettlementTask, outcome: { state: 'DONE' | 'CANCELLED'; decision?: string; comment?: string | null; decidedById?: string | null }) {
    state.openTasks = state.openTasks.filter((open) => open.key !== task.key);
    decidedTaskKeys.add(task.key);
    await writes.closeSettlementTask({ key: task.key, ...outcome });
  }

  const interrupted = () => cancellation !== null || reversal !== null;
  function checkInterrupt(): void {
    if (cancellation !== null) throw new Cancelled();
    if (reversal !== null) throw new Reversed();
  }

  /** Waits for `ready` until `atMs`; true if it became ready. A cancellation or reversal interrupts any wait. */
  async function waitUntil(ready: () => boolean, atMs: number | null): Promise<boolean> {
    const predicate = () => ready() || interrupted();
    const ok = atMs === null ? (await condition(predicate), true) : await condition(predicate, Math.max(atMs - Date.now(), 1));
    checkInterrupt();
    return ok && ready();
  }

  /** Waits for `ready` on a task with a due time: reminders at half time and on the due date, then escalation. */
  async function awaitTaskEvent(task: SettlementTask, ready: () => boolean): Promise<void> {
    if (task.dueAt !== null) {
      const dueMorning = shanghaiInstantOf({ date: shanghaiDateOf(task.dueAt - 1), time: DUE_DAY_REMINDER_TIME });
      const halfTime = task.openedAt + Math.floor((task.dueAt - task.openedAt) / 2);
      const reminders = [
        { at: Math.min(halfTime, dueMorning), kind: 'HALF_TIME', text: 'half of the time for this task has passed' },
        { at: dueMorning, kind: 'DUE_TODAY', text: 'this task is due today' },
      ];
      for (const reminder of reminders) {
        if (await waitUntil(ready, reminder.at)) return;
        await notifyTaskOwners(task, `${task.key}:reminder:${reminder.kind}`, 'TASK_REMINDER', `Reminder: ${task.title}`, `${reference}: ${reminder.text}.`);
      }
      if (await waitUntil(ready, task.dueAt)) return;
      task.escalated = true;
      await writes.updateSettlementTask({ key: task.key, escalated: true });
      if (task.escalationRole) {
        await notify({
          key: `${task.key}:escalated`,
          role: task.escalationRole,
          kind: 'TASK_ESCALATED',
          title: `Overdue: ${task.title}`,
          body: `${reference}: "${task.title}" is overdue; as ${task.escalationRole} you may decide it.`,
        });
      }
      await notifyTaskOwners(task, `${task.key}:overdue`, 'TASK_OVERDUE', `Overdue: ${task.title}`, `${reference}: this task is overdue and has been escalated.`);
    }
    await waitUntil(ready, null);
  }

  const canAct = (task: SettlementTask, actor: Actor): boolean => mayActOnTask(task, actor);

  function findOpenTask(taskKey: string, kinds: readonly SettlementTask['kind'][]): SettlementTask {
    const task = state.openTasks.find((open) => open.key === taskKey);
    if (!task) {
      if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
      const current = state.openTasks.filter((open) => kinds.includes(open.kind)).map((open) => open.key);
      refuse('WRONG_STEP', `Task ${taskKey} is not open on this settlement${current.length ? ` (open: ${current.join(', ')})` : ''}`);
    }
    if (!kinds.includes(task.kind)) refuse('WRONG_STEP', `Task ${taskKey} is a ${task.kind} task, not ${kinds.join(' or ')}`);
    return task;
  }

  function checkVersion(expected: number | undefined) {
    if (expected !== undefined && expected !== state.version) {
      refuse('STALE_VERSION', `The settlement changed since you loaded it (version ${expected}, now ${state.version}); reload and try again`);
    }
  }

  function requireRole(actor: Actor, roles: readonly Role[], what: string) {
    if (!roles.some((role) => actor.roles.includes(role))) refuse('FORBIDDEN', `Only ${roles.join(' or ')} may ${what}`);
  }

  /** People in the plan never decide on, resolve objections to or pay out their own settlement. */
  function assertNotInPlan(personId: string, what: string) {
    if (state.teamPersonIds.includes(personId)) refuse('CONFLICT_OF_INTEREST', `You are in this settlement's distribution plan and may not ${what}`, { reason: 'TEAM_MEMBER' });
  }

  function computePlan(loaded: TSettlementInputDraft): { result: TSettlementResult | null; problems: SettlementProblems | null } {
    try {
      const result = computeSettlement({ input: loaded, profile: { key: profile.key, version: profile.version, benefitShare: profile.benefitShare } });
      return { result, problems: null };
    } catch (error) {
      if (!AppError.is(error, 'VALIDATION_FAILED')) {
        refuse('INTERNAL', `The plan could not be computed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const details = error.details ?? {};
      const issues = Array.isArray(details.issues) ? (details.issues as Array<{ path: string; message: string }>).map(({ path, message }) => ({ path, message })) : [];
      return { result: null, problems: { reason: typeof details.reason === 'string' ? details.reason : 'INVALID_INPUT', message: error.message, issues } };
    }
  }

  // ─── updates and query ────────────────────────────────────────────────────────────────────

  setHandler(settlementStateQuery, snapshot);

  // Handlers that write the read model wait until the settlement row exists; edits run one at a time.
  let created = false;
  let editing = false;

  setHandler(
    editSettlementDraftUpdate,
    async ({ actor, draft, expectedVersion }) => {
      await condition(() => created && !editing);
      if (state.status !== 'PREPARING' || submission !== null || interrupted()) {
        refuse('INVALID_TRANSITION', `A ${state.status} settlement cannot be edited; only while it is being prepared`);
      }
      checkVersion(expectedVersion);
      editing = true;
      try {
        const loaded = await orRefuse(() => writes.loadSettlementInput({ settlementId, draft }));
        const computed = computePlan(loaded);
        const version = state.version + 1;
        await orRefuse(() =>
          writes.recordSettlementState({
            settlementId,
            status: 'PREPARING',
            version,
            currentStepKey: state.currentStepKey,
            draft,
            computed,
            event: {
              key: `${settlementId}:v${version}`,
              actorId: actor.personId,
              action: 'settlement.draft_edited',
              after: { draft, totals: computed.result?.totals ?? null, problems: computed.problems },
            },
          }),
        );
        state.version = version;
        state.draft = draft;
        state.plan = computed.result === null ? null : planSummaryOf(computed.result);
        state.problems = computed.problems;
        state.teamPersonIds = (loaded.team ?? []).map((member) => member.personId);
      } finally {
        editing = false;
      }
      return snapshot();
    },
    {
      validator: ({ actor, draft, expectedVersion }) => {
        requireRole(actor, [TTO], 'prepare a settlement');
        if (state.status !== 'PREPARING') refuse('INVALID_TRANSITION', `A ${state.status} settlement cannot be edited; only while it is being prepared`);
        if (submission !== null) refuse('CONFLICT', 'The settlement is being submitted; it can no longer be edited');
        if (interrupted()) refuse('INVALID_TRANSITION', 'The settlement is being cancelled');
        checkVersion(expectedVersion);
        if (!draft || !Array.isArray(draft.incomeEventIds) || !Array.isArray(draft.deductions)) {
          refuse('VALIDATION_FAILED', 'draft: incomeEventIds and deductions must be lists', [{ path: 'draft', message: 'incomeEventIds and deductions must be lists' }]);
        }
      },
    },
  );

  setHandler(
    submitSettlementUpdate,
    async (submit) => {
      const mySeq = ++seq;
      submission = { seq: mySeq, input: submit };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, expectedVersion }) => {
        requireRole(actor, [TTO], 'submit a settlement');
        if (state.status !== 'PREPARING') refuse('INVALID_TRANSITION', `A ${state.status} settlement cannot be submitted`);
        if (submission !== null) refuse('CONFLICT', 'The settlement is already being submitted');
        if (editing || !created) refuse('CONFLICT', 'The settlement is being edited; submit once the edit has finished');
        if (interrupted()) refuse('INVALID_TRANSITION', 'The settlement is being cancelled');
        checkVersion(expectedVersion);
        if (state.plan === null) {
          if (state.problems === null) {
            refuse('VALIDATION_FAILED', 'incomeEventIds: choose the income to settle first', [{ path: 'incomeEventIds', message: 'choose the income to settle first' }]);
          }
          refuse('VALIDATION_FAILED', state.problems.message, state.problems.issues.length > 0 ? state.problems.issues : [{ path: '(draft)', message: state.problems.message }]);
        }
        if (state.plan.totals.grossFen === 0 && state.plan.totals.sharesGranted === 0) {
          refuse('VALIDATION_FAILED', 'incomeEventIds: there is nothing to distribute; choose income events or record an equity grant', [
            { path: 'incomeEventIds', message: 'there is nothing to distribute; choose income events or record an equity grant' },
          ]);
        }
      },
    },
  );

  setHandler(
    decideSettlementUpdate,
    async (decide) => {
      const mySeq = ++seq;
      decision = { seq: mySeq, input: decide };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, taskKey, decision: verdict, comment, expectedVersion }) => {
        if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
        if (state.status !== 'FINANCE_REVIEW' && state.status !== 'LEADERSHIP_APPROVAL') {
          refuse('INVALID_TRANSITION', `A ${state.status} settlement has no review step to decide`);
        }
        const task = findOpenTask(taskKey, ['FINANCE_REVIEW', 'APPROVAL']);
        if (decision !== null) refuse('ALREADY_DECIDED', `Task ${taskKey} is already being decided`);
        if (interrupted()) refuse('INVALID_TRANSITION', 'The settlement is being cancelled');
        assertNotInPlan(actor.personId, 'decide on it');
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `You are not the assignee of task ${taskKey} (${task.assigneeId ? 'assigned to someone else' : `for role ${task.candidateRole}`})`);
        checkVersion(expectedVersion);
        if (verdict !== 'APPROVE' && verdict !== 'REJECT' && verdict !== 'RETURN') refuse('VALIDATION_FAILED', 'decision: must be APPROVE, REJECT or RETURN');
        if ((verdict === 'REJECT' || verdict === 'RETURN') && !comment?.trim()) {
          refuse('VALIDATION_FAILED', `comment: a ${verdict === 'REJECT' ? 'reason' : 'note of what to change'} is required to ${verdict.toLowerCase()}`);
        }
      },
    },
  );

  setHandler(
    claimSettlementTaskUpdate,
    async ({ actor, taskKey }) => {
      await condition(() => created);
      const task = state.openTasks.find((open) => open.key === taskKey);
      if (!task) refuse('WRONG_STEP', `Task ${taskKey} is no longer open`);
      task.assigneeId = actor.personId;
      await writes.updateSettlementTask({ key: taskKey, assigneeId: actor.personId });
      return snapshot();
    },
    {
      validator: ({ actor, taskKey }) => {
        const task = findOpenTask(taskKey, ['PREPARE_SETTLEMENT', 'FINANCE_REVIEW', 'APPROVAL', 'OBJECTION_REVIEW', 'RECORD_PAYOUT']);
        if (task.kind !== 'PREPARE_SETTLEMENT') assertNotInPlan(actor.personId, 'take on its tasks');
        if (task.assigneeId === actor.personId) refuse('CONFLICT', `Task ${taskKey} is already yours`);
        if (task.assigneeId !== null) refuse('NOT_ASSIGNEE', `Task ${taskKey} is assigned to someone else`);
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `Task ${taskKey} is for role ${task.candidateRole}`);
      },
    },
  );

  setHandler(
    delegateSettlementTaskUpdate,
    async ({ actor, taskKey, deputyId }) => {
      await condition(() => created);
      const task = state.openTasks.find((open) => open.key === taskKey);
      if (!task) refuse('WRONG_STEP', `Task ${taskKey} is no longer open`);
      task.assigneeId = deputyId;
      await writes.updateSettlementTask({ key: taskKey, assigneeId: deputyId, delegatedFrom: actor.personId });
      return snapshot();
    },
    {
      validator: ({ actor, taskKey, deputyId }) => {
        const task = findOpenTask(taskKey, ['PREPARE_SETTLEMENT', 'FINANCE_REVIEW', 'APPROVAL', 'OBJECTION_REVIEW', 'RECORD_PAYOUT']);
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `You may not delegate task ${taskKey}`);
        if (deputyId === actor.personId) refuse('VALIDATION_FAILED', 'deputyId: delegate to someone else');
        if (task.kind !== 'PREPARE_SETTLEMENT' && state.teamPersonIds.includes(deputyId)) {
          refuse('VALIDATION_FAILED', 'deputyId: the deputy is in this settlement’s distribution plan', [{ path: 'deputyId', message: 'the deputy is in this settlement’s distribution plan' }]);
        }
      },
    },
  );

  setHandler(
    fileSettlementObjectionUpdate,
    async (filing) => {
      const mySeq = ++seq;
      objection = { seq: mySeq, input: filing };
      await awaitHandled(mySeq);
      if (objectionResult?.seq !== mySeq) refuse('INTERNAL', 'The objection was not recorded');
      return { objectionId: objectionResult.objectionId };
    },
    {
      validator: ({ contact, reason }) => {
        if (state.status !== 'PUBLICITY') refuse('INVALID_TRANSITION', 'The distribution plan is not under publicity; objections are not accepted now');
        if (objection !== null) refuse('PUBLICITY_OPEN', 'An objection to this plan is already being recorded');
        if (interrupted()) refuse('INVALID_TRANSITION', 'The settlement is being cancelled');
        if (!contact?.trim()) refuse('VALIDATION_FAILED', 'contact: how to reach you is required');
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: the reason for the objection is required');
      },
    },
  );

  setHandler(
    resolveSettlementObjectionUpdate,
    async (resolve) => {
      const mySeq = ++seq;
      resolution = { seq: mySeq, input: resolve };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, taskKey, outcome, comment }) => {
        if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
        if (state.status !== 'OBJECTION_REVIEW') refuse('INVALID_TRANSITION', `A ${state.status} settlement has no objection to resolve`);
        const task = findOpenTask(taskKey, ['OBJECTION_REVIEW']);
        if (resolution !== null) refuse('ALREADY_DECIDED', `Task ${taskKey} is already being decided`);
        if (interrupted()) refuse('INVALID_TRANSITION', 'The settlement is being cancelled');
        assertNotInPlan(actor.personId, 'resolve objections to it');
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `You are not the assignee of task ${taskKey} (for role ${task.candidateRole})`);
        if (outcome !== 'DISMISS' && outcome !== 'UPHOLD') refuse('VALIDATION_FAILED', 'decision: an objection review is decided with DISMISS or UPHOLD');
        if (!comment?.trim()) refuse('VALIDATION_FAILED', 'comment: the reasoning for the resolution is required');
      },
    },
  );

  setHandler(
    recordPayoutUpdate,
    async (pay) => {
      if (acceptedPaymentKeys.has(pay.paymentKey)) {
        // The same payout again (a retry, a double click): it is booked once; answer as for the first.
        await condition(() => bookedPaymentKeys.has(pay.paymentKey) || state.status === 'REVERSED');
        return snapshot();
      }
      const plan = state.plan!;
      const lineIds = pay.lineIds ?? plan.lines.map((line) => line.lineId).filter((id) => !state.paidLineIds.includes(id) && !queuedLineIds.has(id));
      acceptedPaymentKeys.add(pay.paymentKey);
      for (const id of lineIds) queuedLineIds.add(id);
      const mySeq = ++seq;
      payouts.push({ seq: mySeq, input: pay, lineIds });
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, paymentKey, lineIds, paymentRef, paidOn }) => {
        requireRole(actor, [FINANCE], 'record a payout');
        assertNotInPlan(actor.personId, 'record its payout');
        if (!paymentKey?.trim()) refuse('VALIDATION_FAILED', 'paymentKey: an idempotency key is required');
        if (acceptedPaymentKeys.has(paymentKey)) return; // a repeat: answered as the first was
        if (state.status !== 'APPROVED') {
          refuse('INVALID_TRANSITION', state.status === 'PAID' ? 'Every line of this settlement has been paid' : `A ${state.status} settlement cannot be paid; only an APPROVED one`);
        }
        if (reversal !== null) refuse('INVALID_TRANSITION', 'The settlement is being reversed');
        if (!paymentRef?.trim()) refuse('VALIDATION_FAILED', 'paymentRef: the payment reference is required');
        if (!isIsoDate(paidOn)) refuse('VALIDATION_FAILED', 'paidOn: must be a date (YYYY-MM-DD)');
        const plan = state.plan!;
        if (lineIds !== undefined) {
          if (lineIds.length === 0) refuse('VALIDATION_FAILED', 'lineIds: name at least one line, or leave it out to pay every line');
          const unknown = lineIds.filter((id: string) => !plan.lines.some((line) => line.lineId === id));
          if (unknown.length > 0) refuse('VALIDATION_FAILED', `lineIds: no line ${unknown.join(', ')} in this settlement`, [{ path: 'lineIds', message: `no line ${unknown.join(', ')} in this settlement` }]);
          if (new Set(lineIds).size !== lineIds.length) refuse('VALIDATION_FAILED', 'lineIds: a line is named twice');
          const taken = lineIds.filter((id: string) => state.paidLineIds.includes(id) || queuedLineIds.has(id));
          if (taken.length > 0) refuse('CONFLICT', `Line ${taken.join(', ')} has already been paid (or is being paid) under another payment`, { lineIds: taken });
        } else if (plan.lines.every((line) => state.paidLineIds.includes(line.lineId) || queuedLineIds.has(line.lineId))) {
          refuse('CONFLICT', 'Every line of this settlement has been paid or is being paid');
        }
      },
    },
  );

  setHandler(
    reverseSettlementUpdate,
    async (reverse) => {
      const mySeq = ++seq;
      reversal = { seq: mySeq, input: reverse };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, reason }) => {
        requireRole(actor, [FINANCE, TTO], 'reverse a settlement');
        if (!REVERSIBLE_SETTLEMENT_STATUSES.includes(state.status)) {
          refuse('INVALID_TRANSITION', `A ${state.status} settlement cannot be reversed; only an APPROVED or PAID one (before approval, cancel it)`);
        }
        if (reversal !== null) refuse('CONFLICT', 'The settlement is already being reversed');
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: a reversal needs a reason');
      },
    },
  );

  setHandler(
    cancelSettlementUpdate,
    async (cancel) => {
      const mySeq = ++seq;
      cancellation = { seq: mySeq, input: cancel };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, reason }) => {
        requireRole(actor, [TTO], 'cancel a settlement');
        if (!CANCELLABLE_SETTLEMENT_STATUSES.includes(state.status)) {
          refuse('INVALID_TRANSITION', `A ${state.status} settlement cannot be cancelled${REVERSIBLE_SETTLEMENT_STATUSES.includes(state.status) ? '; reverse it instead' : ''}`);
        }
        if (cancellation !== null) refuse('CONFLICT', 'The settlement is already being cancelled');
        if (editing) refuse('CONFLICT', 'The settlement is being edited; cancel once the edit has finished');
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: a reason for the cancellation is required');
      },
    },
  );

  // ─── the process ──────────────────────────────────────────────────────────────────────────

  async function openPrepareTask(): Promise<void> {
    state.currentStepKey = 'prepare';
    await openTask({
      key: `${settlementId}:r${state.round}:prepare`,
      kind: 'PREPARE_SETTLEMENT',
      stepKey: 'prepare',
      title: state.round === 1 ? '准备收益分配方案 / Prepare the distribution plan' : '修改收益分配方案 / Revise the distribution plan',
      assigneeId: null,
      candidateRole: TTO,
      dueAt: null,
      escalationRole: null,
    });
  }

  async function runPreparation(): Promise<void> {
    // Round 1's task is opened before any edit is accepted (see below); later rounds open theirs here.
    if (!state.openTasks.some((task) => task.kind === 'PREPARE_SETTLEMENT')) await openPrepareTask();
    await waitUntil(() => submission !== null, null);
    const { input: submit } = submission!;
    const task = state.openTasks.find((open) => open.kind === 'PREPARE_SETTLEMENT');
    if (task) await closeTask(task, { state: 'DONE', decision: 'SUBMITTED', decidedById: submit.actor.personId });
    calendar = await writes.loadSettlementCalendar();
    state.currentStepKey = 'finance-review';
    await setStatus('FINANCE_REVIEW', state.round === 1 ? 'settlement.submitted' : 'settlement.resubmitted', submit.actor.personId, { submitted: true });
    // Answered once the finance review task is open.
    deferred.push(submission!.seq);
    submission = null;
  }

  /** Back to preparation after a return or an upheld objection; answered once the new round's task is open. */
  async function backToPreparation(action: string, actorId: string, comment: string, pending: Pending<unknown>): Promise<void> {
    state.round += 1;
    state.currentStepKey = 'prepare';
    await setStatus('PREPARING', action, actorId, {}, { comment });
    await notify({ key: `${settlementId}:r${state.round}:returned`, personIds: [input.createdById], kind: 'SETTLEMENT_RETURNED', title: `${reference}: 收益分配方案需修改 / plan returned for changes`, body: comment });
    deferred.push(pending.seq);
  }

  async function reject(actorId: string, comment: string, pending: Pending<unknown>): Promise<void> {
    state.currentStepKey = null;
    await setStatus('REJECTED', 'settlement.rejected', actorId, { releaseIncome: true }, { comment });
    await notify({ key: `${settlementId}:rejected`, personIds: [input.createdById], kind: 'SETTLEMENT_REJECTED', title: `${reference}: 收益分配方案未获批准 / plan rejected`, body: comment });
    done(pending);
  }

  /** A review step (finance, or the tier's leadership): approved, returned or rejected. */
  async function runReview(task: SettlementTask): Promise<{ outcome: 'APPROVED' | 'RETURNED' | 'REJECTED'; byId: string; pending: Pending<DecideSettlementInput> }> {
    await awaitTaskEvent(task, () => decision !== null && decision.input.taskKey === task.key);
    const pending = decision!;
    const { input: decide } = pending;
    decision = null;
    const comment = decide.comment?.trim() || null;
    state.lastDecision = { taskKey: task.key, decision: decide.decision, byId: decide.actor.personId, comment };
    await closeTask(task, { state: 'DONE', decision: decide.decision, comment, decidedById: decide.actor.personId });
    if (decide.decision === 'APPROVE') return { outcome: 'APPROVED', byId: decide.actor.personId, pending };
    if (decide.decision === 'REJECT') {
      await reject(decide.actor.personId, comment ?? '', pending);
      return { outcome: 'REJECTED', byId: decide.actor.personId, pending };
    }
    await backToPreparation(task.kind === 'FINANCE_REVIEW' ? 'settlement.returned_by_finance' : 'settlement.returned_by_leadership', decide.actor.personId, comment ?? '', pending);
    return { outcome: 'RETURNED', byId: decide.actor.personId, pending };
  }

  async function runFinanceReview() {
    const task = await openTask({
      key: `${settlementId}:r${state.round}:finance-review`,
      kind: 'FINANCE_REVIEW',
      stepKey: 'finance-review',
      title: '财务复核收益分配方案 / Finance review of the distribution plan',
      assigneeId: null,
      candidateRole: FINANCE,
      dueAt: dueAtAfter(FINANCE_REVIEW_DAYS, REVIEW_DAY_KIND),
      escalationRole: 'LEADERSHIP',
    });
    return runReview(task);
  }

  async function runPublicity(approved: { byId: string; pending: Pending<DecideSettlementInput> }): Promise<'PASSED' | 'UPHELD'> {
    const startsOn = today();
    const endsOn = dueDate({ start: startsOn, days: benefitShare.publicity.days, dayKind: benefitShare.publicity.dayKind, calendar });
    state.currentStepKey = 'publicity';
    state.publicity = { noticeKey: `${settlementId}:r${state.round}:notice`, startsOn, endsOn, endsAt: shanghaiEndOfDay(endsOn), pausedRemainingMs: null, objectionId: null };
    await writes.publishSettlementNotice({ key: state.publicity.noticeKey, institutionId: input.institutionId, settlementId, startsOn, endsOn });
    // Finance's approval is answered once the plan is on the public board.
    deferred.push(approved.pending.seq);
    await setStatus('PUBLICITY', 'settlement.finance_approved', approved.byId, {}, { startsOn, endsOn });
    await notify({
      key: `${state.publicity.noticeKey}:published`,
      personIds: teamAccounts(),
      kind: 'PUBLICITY_STARTED',
      title: `${reference}: 收益分配方案公示 / distribution plan published`,
      body: `Publicity runs ${startsOn} – ${endsOn}.`,
    });

    for (;;) {
      const publicity = state.publicity!;
      if (!(await waitUntil(() => objection !== null, publicity.endsAt))) {
        await writes.updateSettlementNotice({ key: publicity.noticeKey, status: 'CLOSED' });
        return 'PASSED';
      }
      // An objection pauses the notice and goes to the tech-transfer office.
      const filed = objection!;
      const { objectionId } = await writes.recordSettlementObjection({ key: `${settlementId}:objection:${filed.seq}`, noticeKey: publicity.noticeKey, ...filed.input });
      publicity.pausedRemainingMs = Math.max(publicity.endsAt - Date.now(), 0);
      publicity.objectionId = objectionId;
      await writes.updateSettlementNotice({ key: publicity.noticeKey, status: 'PAUSED' });
      state.currentStepKey = 'objection';
      await setStatus('OBJECTION_REVIEW', 'settlement.objection_filed', null, {}, { objectionId });
      objectionResult = { seq: filed.seq, objectionId };
      deferred.push(filed.seq);
      objection = null;

      const task = await openTask({
        key: `${settlementId}:objection:${objectionId}`,
        kind: 'OBJECTION_REVIEW',
        stepKey: 'objection',
        title: '收益分配异议审查 / Review an objection to the distribution plan',
        assigneeId: null,
        candidateRole: TTO,
        dueAt: dueAtAfter(OBJECTION_REVIEW_DAYS, REVIEW_DAY_KIND),
        escalationRole: 'LEADERSHIP',
      });
      await awaitTaskEvent(task, () => resolution !== null);
      const pending = resolution!;
      const { input: resolve } = pending;
      resolution = null;
      await closeTask(task, { state: 'DONE', decision: resolve.outcome, comment: resolve.comment, decidedById: resolve.actor.personId });
      await writes.resolveSettlementObjection({ objectionId, outcome: resolve.outcome === 'DISMISS' ? 'DISMISSED' : 'UPHELD', resolution: resolve.comment, resolvedById: resolve.actor.personId });
      if (resolve.outcome === 'DISMISS') {
        // Publicity resumes with the time it had left when the objection paused it.
        publicity.endsAt = Date.now() + (publicity.pausedRemainingMs ?? 0);
        publicity.endsOn = shanghaiDateOf(publicity.endsAt - 1);
        publicity.pausedRemainingMs = null;
        await writes.updateSettlementNotice({ key: publicity.noticeKey, status: 'OPEN', endsOn: publicity.endsOn });
        state.currentStepKey = 'publicity';
        await setStatus('PUBLICITY', 'settlement.objection_dismissed', resolve.actor.personId, {}, { endsOn: publicity.endsOn });
        done(pending);
        continue;
      }
      await writes.updateSettlementNotice({ key: publicity.noticeKey, status: 'WITHDRAWN' });
      state.publicity = null;
      await backToPreparation('settlement.objection_upheld', resolve.actor.personId, resolve.comment, pending);
      return 'UPHELD';
    }
  }

  async function runLeadership() {
    const approval = state.plan!.approval;
    state.currentStepKey = 'leadership';
    await setStatus('LEADERSHIP_APPROVAL', 'settlement.leadership_review_started', null, {}, { tierIndex: approval.tierIndex, amountFen: approval.amountFen });
    const task = await openTask({
      key: `${settlementId}:r${state.round}:leadership`,
      kind: 'APPROVAL',
      stepKey: 'leadership',
      title: `${approval.label.zh}审批收益分配方案 / ${approval.label.en}: approve the distribution plan`,
      assigneeId: null,
      candidateRole: approval.approverRole ?? 'LEADERSHIP',
      dueAt: dueAtAfter(LEADERSHIP_DAYS, REVIEW_DAY_KIND),
      escalationRole: null,
    });
    return runReview(task);
  }

  /** The plan is approved: its ledger entries are booked (once by key), then the status follows. */
  async function approve(actorId: string | null, pending: Pending<unknown> | null): Promise<void> {
    state.currentStepKey = 'payout';
    await writes.bookSettlementLedger({ settlementId, bookedOn: today(), actorId });
    if (pending) deferred.push(pending.seq);
    await setStatus('APPROVED', 'settlement.approved', actorId, { approved: true }, { netFen: state.plan!.totals.netFen });
    await notify({
      key: `${settlementId}:approved`,
      personIds: teamAccounts(),
      kind: 'SETTLEMENT_APPROVED',
      title: `${reference}: 收益分配方案已批准 / distribution plan approved`,
      body: `Net income ${formatCny(state.plan!.totals.netFen)}; team reward ${formatCny(state.plan!.totals.teamFen)}.`,
    });
  }

  async function runPayouts(): Promise<void> {
    const task = await openTask({
      key: `${settlementId}:payout`,
      kind: 'RECORD_PAYOUT',
      stepKey: 'payout',
      title: '登记收益分配发放 / Record the payout',
      assigneeId: null,
      candidateRole: FINANCE,
      dueAt: null,
      escalationRole: null,
    });
    const plan = state.plan!;
    const unpaid = () => plan.lines.filter((line) => !state.paidLineIds.includes(line.lineId));
    let lastPayerId: string | null = null;
    while (unpaid().length > 0) {
      await waitUntil(() => payouts.length > 0, null);
      const pending = payouts.shift()!;
      const { input: pay, lineIds } = pending;
      await writes.recordSettlementPayout({
        settlementId,
        key: `${settlementId}:payout:${pay.paymentKey}`,
        lineIds,
        paymentRef: pay.paymentRef.trim(),
        paidOn: pay.paidOn,
        actorId: pay.actor.personId,
      });
      state.payments.push({ key: pay.paymentKey, lineIds, paymentRef: pay.paymentRef.trim(), paidOn: pay.paidOn, byId: pay.actor.personId });
      state.paidLineIds.push(...lineIds);
      for (const id of lineIds) queuedLineIds.delete(id);
      bookedPaymentKeys.add(pay.paymentKey);
      lastPayerId = pay.actor.personId;
      if (unpaid().length > 0) {
        await setStatus('APPROVED', 'settlement.payout_recorded', pay.actor.personId, {}, { paymentKey: pay.paymentKey, lineIds, paymentRef: pay.paymentRef.trim() });
        done(pending);
      } else {
        // The last payout is answered once the settlement is PAID and the statements are out.
        deferred.push(pending.seq);
      }
    }
    await closeTask(task, { state: 'DONE', decision: 'PAID', decidedById: lastPayerId });
    // A statement per person with a reward: every step of the calculation, stored and sent once.
    for (const person of plan.people.filter((p) => p.cashFen > 0 || p.shares > 0)) {
      const { documentId } = await acts.generateSettlementStatement({ settlementId, personId: person.personId, key: `${settlementId}:statement:${person.personId}` });
      state.statements.push({ personId: person.personId, documentId });
      if (UUID.test(person.personId)) {
        await notify({
          key: `${settlementId}:statement:${person.personId}:sent`,
          personIds: [person.personId],
          kind: 'STATEMENT_READY',
          title: `${reference}: 收益分配个人明细 / your benefit-sharing statement`,
          body:
            `${person.name}：${formatCny(person.cashFen)}${person.shares > 0 ? ` + ${person.shares} 股` : ''}。` +
            ' 明细（含每一步计算）见链接 / The statement (every step of the calculation) is at the link.',
          linkPath: `/settlements/${settlementId}/statements/${person.personId}`,
        });
      }
    }
    state.currentStepKey = null;
    await setStatus('PAID', 'settlement.paid', lastPayerId, { paid: true }, { statements: state.statements.length });
  }

  async function cancel(): Promise<void> {
    const pending = cancellation!;
    for (const task of [...state.openTasks]) await closeTask(task, { state: 'CANCELLED', decision: 'CANCELLED' });
    if (state.publicity && (state.status === 'PUBLICITY' || state.status === 'OBJECTION_REVIEW')) {
      await writes.updateSettlementNotice({ key: state.publicity.noticeKey, status: 'WITHDRAWN' });
    }
    state.currentStepKey = null;
    await setStatus('CANCELLED', 'settlement.cancelled', pending.input.actor.personId, { releaseIncome: true }, { reason: pending.input.reason.trim() });
    for (const other of [submission, decision, objection, resolution]) if (other) discarded.add(other.seq);
    done(pending);
  }

  async function reverse(): Promise<void> {
    const pending = reversal!;
    const { actor, reason } = pending.input;
    for (const task of [...state.openTasks]) await closeTask(task, { state: 'CANCELLED', decision: 'REVERSED' });
    const reversedOn = today();
    await writes.reverseSettlementLedger({ settlementId, reason: reason.trim(), reversedOn, actorId: actor.personId });
    state.reversal = { reason: reason.trim(), byId: actor.personId, reversedOn };
    state.currentStepKey = null;
    for (const queued of payouts.splice(0)) discarded.add(queued.seq);
    await setStatus('REVERSED', 'settlement.reversed', actor.personId, { releaseIncome: true, reversal: { reason: reason.trim() } }, { reason: reason.trim() });
    await notify({
      key: `${settlementId}:reversed`,
      personIds: teamAccounts(),
      role: FINANCE,
      kind: 'SETTLEMENT_REVERSED',
      title: `${reference}: 收益分配已冲销 / settlement reversed`,
      body: reason.trim(),
    });
    done(pending);
  }

  function refuseLateArrivals(): void {
    release();
    for (const pending of [submission, decision, objection, resolution, cancellation, reversal, ...payouts]) {
      if (pending && !handled.has(pending.seq)) discarded.add(pending.seq);
    }
  }

  await acts.createSettlementRecord({ ...input, workflowId: workflowInfo().workflowId });
  // Edits wait for the row and the first preparation task, so the first answer shows both.
  await openPrepareTask();
  created = true;

  type Phase = 'PREPARE' | 'FINANCE' | 'PUBLICITY' | 'LEADERSHIP' | 'PAYOUT' | 'PAID' | 'END';
  let phase: Phase = 'PREPARE';
  let approvedBy: { byId: string; pending: Pending<DecideSettlementInput> } | null = null;
  try {
    while (phase !== 'END') {
      switch (phase) {
        case 'PREPARE':
          await runPreparation();
          phase = 'FINANCE';
          break;
        case 'FINANCE': {
          const review = await runFinanceReview();
          approvedBy = review;
          phase = review.outcome === 'APPROVED' ? 'PUBLICITY' : review.outcome === 'RETURNED' ? 'PREPARE' : 'END';
          break;
        }
        case 'PUBLICITY':
          if ((await runPublicity(approvedBy!)) === 'UPHELD') {
            phase = 'PREPARE';
          } else if (state.plan!.approval.leadershipRequired) {
            phase = 'LEADERSHIP';
          } else {
            await approve(null, null);
            phase = 'PAYOUT';
          }
          break;
        case 'LEADERSHIP': {
          const review = await runLeadership();
          if (review.outcome === 'APPROVED') {
            await approve(review.byId, review.pending);
            phase = 'PAYOUT';
          } else {
            phase = review.outcome === 'RETURNED' ? 'PREPARE' : 'END';
          }
          break;
        }
        case 'PAYOUT':
          await runPayouts();
          phase = 'PAID';
          break;
        case 'PAID':
          // Paid settlements stay open for a reversal; nothing else happens to them.
          await waitUntil(() => false, null);
          break;
      }
    }
  } catch (error) {
    if (error instanceof Cancelled) await cancel();
    else if (error instanceof Reversed) await reverse();
    else throw error;
  }
  refuseLateArrivals();
  await condition(allHandlersFinished);
  return snapshot();
}
