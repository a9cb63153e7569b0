// One workflow per IP deal (转让 / 许可 / 作价投资): draft → submitted → review and the approver
// of the value's tier → publicity of name and price (协议定价) or the exchange's result (挂牌交易 /
// 拍卖) → contract draft → signed contract (object lock) → ACTIVE: payments, milestones, royalty
// reports, amendments → TERMINATED or EXPIRED.
//
// Every update is checked by its validator (wrong person, wrong step, stale version, repeats,
// a conflicted person) and then queued; one loop in the workflow takes the queue in order and
// the timed events (reminders, escalations, publicity's end, payments falling due, royalty
// reports, expiry) in time order, so the deal has a single writer. An update returns once its
// effect is in the read model (the next task open, the new status). In the active years the
// workflow continues as new when its history grows, carrying its state and the keys of every
// reminder already sent, so a ten-year licence keeps a small history and sends each reminder once.
//
// Rules chosen where the issue is silent (see also the contract):
// - The lead researcher (or the TTO officer who opened the deal for them) edits and submits;
//   they or any TTO officer may withdraw it before signing; the TTO proposes amendments.
// - A resubmission (after RETURN or an upheld objection) restarts the chain at its first step,
//   with the chain of the value's tier as it is then.
// - The lead researcher, every team member and anyone with an interest in the counterparty may
//   not decide, claim, be delegated, resolve an objection or record the exchange's result.
// - Payments: the TTO is reminded `paymentReminderDaysBefore` days before and on the due date
//   (09:00 Shanghai); unpaid at the end of the due date the payment is OVERDUE and a
//   PAYMENT_FOLLOW_UP task opens for the TTO, escalated `overdueEscalationDays` later.
// - Royalty reports: one period at a time; the licensee's contact is e-mailed before and on the
//   report date; a report not in by the end of it is OVERDUE, gets a ROYALTY_FOLLOW_UP task and the
//   next period opens (the late report is still accepted). A reported royalty is owed by the
//   report date (or at once when reported late) and tracked like an obligation until paid.
// - A minimum annual royalty is one obligation per licence year, due with the report of the
//   year's last period; each royalty reported for that year is credited against it.
// - A licence is EXPIRED at the end of its last day; the workflow then stays until the last
//   report and every payment are settled. A transfer or 作价投资 stays ACTIVE until every
//   obligation is settled (paid, waived or cancelled), then becomes COMPLETED (the contract is
//   fully performed; EXPIRED before the patch 'completed-status') and the workflow completes.
//   The TTO may terminate an active deal, or close an expired or terminated one that still has
//   outstanding items (everything left is cancelled).
// - A termination takes effect on its date (today or earlier); the licence is not in force on it.
//   What had fallen due by then stays owed: obligations due on or before it, a milestone whose
//   event occurred by then, the minimum royalty of a licence year that ended before it, royalties
//   reported, overdue reports of periods begun before it, and the report of the period running
//   then (its end cut to the day before). The rest is cancelled, no further royalty period
//   opens, and the workflow tracks what is owed (reminders, overdue follow-ups, payments,
//   reports) until it is settled. Deals terminated before this rule (patch
//   'termination-keeps-accrued') cancelled everything unpaid.
// - The TTO may waive what is left of an obligation, with a reason; what was paid stays paid, the
//   waiver survives amendments, and later royalties are not credited against a waived minimum.
import { activityOptions, localActivityOptions } from './activity-options';
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  addCalendarDays,
  dueDate,
  isIsoDate,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiInstantOf,
  type CalendarDay,
  type DayKind,
} from '../domain/calendar';
import { isAppErrorCode, type AppErrorCode } from '../domain/errors';
import {
  barredApprovers,
  dealApprovalSteps,
  dealSubmissionSchema,
  dealTotalValueFen,
  licenceEndDate,
  royaltyDueFen,
  royaltyPeriodAt,
  termsAtExchangePrice,
  ZDealDraft,
  type BarredApprover,
  type TDealDraft,
} from '../domain/licensing';
import { formatCny, isFen, type Fen } from '../domain/money';
import { licensingApproverFor, type Role, type TApprovalStep } from '../domain/policy';
import { issuesFromZodError } from '../domain/validation';
import {
  attachSignedContractUpdate,
  claimDealTaskUpdate,
  dealStateQuery,
  decideDealUpdate,
  delegateDealTaskUpdate,
  editDealDraftUpdate,
  fileDealObjectionUpdate,
  recordExchangeResultUpdate,
  recordMilestoneEventUpdate,
  recordPaymentUpdate,
  recordTechContractRegistrationUpdate,
  requestAmendmentUpdate,
  resolveDealObjectionUpdate,
  submitDealUpdate,
  submitRoyaltyReportUpdate,
  terminateDealUpdate,
  waiveDealObligationUpdate,
  withdrawDealUpdate,
  type Actor,
  type AttachSignedContractInput,
  type ClaimDealTaskInput,
  type DealStatus,
  type DealTask,
  type DecideDealInput,
  type DelegateDealTaskInput,
  type EditDealDraftInput,
  type FileDealObjectionInput,
  type IpDealActivities,
  type IpDealInput,
  type IpDealState,
  type Obligation,
  type RecordExchangeResultInput,
  type RecordMilestoneEventInput,
  type RecordPaymentInput,
  type RecordTechContractRegistrationInput,
  type RequestAmendmentInput,
  type ResolveDealObjectionInput,
  type RoyaltyOwed,
  type RoyaltyPeriodState,
  type SubmitDealInput,
  type SubmitRoyaltyReportInput,
  type TerminateDealInput,
  type WaiveDealObligationInput,
  type WithdrawDealInput,
} from './contracts/ip-deal';
import {
  creditRoyalty,
  isSettled,
  licenceYearOfPeriod,
  licenceYears,
  mergeObligations,
  obligationIndex,
  obligationsFor,
  outstandingFen,
  royaltyPeriodKey,
} from './ip-deal/obligations';
import {
  followUpTaskKey,
  obligationEventKey,
  reportEventKey,
  royaltyOwedEventKey,
  taskEscalationKey,
  taskReminderKey,
} from './ip-deal/schedule-keys';
import { mayActOnTask } from './shared/may-act-on-task';
import { refuse } from './shared/refuse';

const acts = proxyActivities<IpDealActivities>(activityOptions);
const localActs = proxyLocalActivities<IpDealActivities>(localActivityOptions);

const TTO: Role = 'TTO_OFFICER';
/** Reminders go out in the morning, Shanghai time. */
const REMINDER_TIME = '09:00';
/** Continue as new past this many history events, unless the input says otherwise. */
const DEFAULT_MAX_HISTORY_EVENTS = 1_000;

/** Before signing, the lead researcher or the TTO may withdraw the deal. */
const WITHDRAWABLE: readonly DealStatus[] = ['DRAFT', 'RETURNED', 'IN_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'EXCHANGE', 'CONTRACT'];
const EDITABLE: readonly DealStatus[] = ['DRAFT', 'RETURNED'];
/** A signed deal under which something may still be owed: it takes payments, reports and waivers. */
const OWING: readonly DealStatus[] = ['ACTIVE', 'EXPIRED', 'TERMINATED'];
/** Kinds of tasks a person decides; a repeat of their decision is ALREADY_DECIDED. */
const DECIDABLE_KINDS: readonly DealTask['kind'][] = ['APPROVAL', 'RESUBMIT', 'OBJECTION_REVIEW', 'EXCHANGE_RESULT', 'SIGN_CONTRACT'];

const BARRED_REASONS: Record<BarredApprover['reason'], string> = {
  LEAD_RESEARCHER: 'the lead researcher of the deal (paid from its income)',
  TEAM_MEMBER: 'a member of the deal’s team (paid from its income)',
  COUNTERPARTY_INTEREST: 'declared an interest (a role or shares) in the counterparty, a conflict of interest',
};


type DealEvent =
  | { kind: 'edit'; input: EditDealDraftInput }
  | { kind: 'submit'; input: SubmitDealInput }
  | { kind: 'decide'; input: DecideDealInput }
  | { kind: 'claim'; input: ClaimDealTaskInput }
  | { kind: 'delegate'; input: DelegateDealTaskInput }
  | { kind: 'objection'; input: FileDealObjectionInput }
  | { kind: 'resolve'; input: ResolveDealObjectionInput }
  | { kind: 'exchange'; input: RecordExchangeResultInput }
  | { kind: 'signed'; input: AttachSignedContractInput }
  | { kind: 'registration'; input: RecordTechContractRegistrationInput }
  | { kind: 'milestone'; input: RecordMilestoneEventInput }
  | { kind: 'payment'; input: RecordPaymentInput }
  | { kind: 'royaltyReport'; input: SubmitRoyaltyReportInput }
  | { kind: 'amend'; input: RequestAmendmentInput }
  | { kind: 'terminate'; input: TerminateDealInput }
  | { kind: 'waive'; input: WaiveDealObligationInput }
  | { kind: 'withdraw'; input: WithdrawDealInput };

interface Pending { seq: number; event: DealEvent }

/** A refusal found only when the event is taken from the queue (e.g. by an activity's check). */
class Refusal extends Error {
  constructor(readonly code: AppErrorCode, message: string, readonly details?: unknown) {
    super(message);
  }
}

interface Timed {
  key: string;
  /** Reminders of one group are superseded by a later event of the group that is due already. */
  group: string;
  at: number;
  reminder: boolean;
  run: () => Promise<void>;
}

function initialState(input: IpDealInput): IpDealState {
  return {
    dealId: input.dealId,
    status: 'DRAFT',
    version: 1,
    round: 1,
    steps: [],
    stepIndex: 0,
    currentStepKey: null,
    totalValueFen: 0,
    openTasks: [],
    publicity: null,
    exchangeResult: null,
    contractDocumentId: null,
    signedContract: null,
    techContractRegNo: null,
    effectiveOn: null,
    expiresOn: null,
    barred: [],
    obligations: [],
    royaltyPeriod: null,
    lateRoyaltyPeriods: [],
    royaltiesOwed: [],
    pendingAmendment: null,
    draft: input.draft,
    lastDecision: null,
  };
}

/** Names compared as people write them: spaces and the width of brackets do not matter. */
function sameParty(a: string, b: string): boolean {
  const norm = (name: string) => name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toUpperCase();
  return norm(a) === norm(b);
}

export async function ipDealWorkflow(input: IpDealInput): Promise<IpDealState> {
  const { dealId, profile, institutionId, leadResearcherId, reference } = input;
  const licensing = profile.licensing;
  const fresh = input.carried === undefined;
  const state: IpDealState = input.carried?.state ?? initialState(input);
  const sent = new Set(input.carried?.sentKeys ?? []);
  const paymentKeys = new Set(input.carried?.paymentKeys ?? []);
  const decidedTaskKeys = new Set(input.carried?.decidedTaskKeys ?? []);
  let calendar: CalendarDay[] = [];
  let finished = false;
  // The read model's PostgreSQL-only writes (deal state, tasks, notice, objections, obligations,
  // royalty periods, payments, amendments, the calendar read) run as local activities, so a
  // decision or a recorded payment takes one workflow task, as for the spin-out case. E-mail,
  // notifications, the contract PDF, MinIO object lock and the deal's creation stay ordinary
  // activities. Deals started before this change keep their ordinary activities when they
  // replay; a run continued as new is a new execution and records the marker again.
  const writes = patched('read-model-writes-local') ? localActs : acts;

  let seq = 0;
  const queue: Pending[] = [];
  const handled = new Set<number>();
  const refusals = new Map<number, { code: AppErrorCode; message: string; details?: unknown }>();
  const objectionIds = new Map<number, string>();

  // A deep copy (JSON: the workflow sandbox has no structuredClone), so callers never hold live state.
  const snapshot = (): IpDealState => JSON.parse(JSON.stringify(state)) as IpDealState;
  const today = () => shanghaiDateOf(Date.now());
  const morningOf = (date: string) => shanghaiInstantOf({ date, time: REMINDER_TIME });
  const dueAtAfter = (days: number, dayKind: DayKind) => shanghaiEndOfDay(dueDate({ start: today(), days, dayKind, calendar }));
  const cny = (fen: Fen) => formatCny(fen);
  const isTto = (actor: Actor) => actor.roles.includes(TTO);
  const escalationRoleOfFollowUps: Role = licensing.review.escalationRole ?? 'LEADERSHIP';

  // ─── writing the read model ───────────────────────────────────────────────────────────────

  type RecordFields = Omit<Parameters<IpDealActivities['recordDealState']>[0], 'dealId' | 'status' | 'version' | 'currentStepKey' | 'event'>;

  /** A change of the deal row (a new version) with its audit entry. */
  async function record(action: string, actorId: string | null, fields: RecordFields = {}, audit: { before?: unknown; after?: unknown } = {}) {
    state.version += 1;
    await writes.recordDealState({
      dealId,
      status: state.status,
      version: state.version,
      currentStepKey: state.currentStepKey,
      ...fields,
      event: { key: `${dealId}:v${state.version}`, actorId, action, ...audit },
    });
  }

  async function setStatus(status: DealStatus, action: string, actorId: string | null, fields: RecordFields = {}, after: Record<string, unknown> = {}) {
    const before = state.status;
    state.status = status;
    await record(action, actorId, fields, { before: { status: before }, after: { status, stepKey: state.currentStepKey, ...after } });
  }

  type NotifyMessage = Omit<Parameters<IpDealActivities['notifyDeal']>[0], 'institutionId' | 'dealId'>;
  const notify = (message: NotifyMessage) => acts.notifyDeal({ institutionId, dealId, ...message });

  /** Tell whoever can act on a task: its assignee, or every member of its candidate role. */
  const notifyTaskOwners = (task: DealTask, key: string, kind: string, title: string, body: string) =>
    notify({ key, kind, title, body, ...(task.assigneeId ? { personIds: [task.assigneeId] } : { role: task.candidateRole ?? undefined }) });

  async function openTask(task: Omit<DealTask, 'openedAt' | 'escalated'>): Promise<DealTask> {
    const full: DealTask = { ...task, openedAt: Date.now(), escalated: false };
    state.openTasks.push(full);
    await writes.openDealTask({ institutionId, dealId, task: full });
    await notifyTaskOwners(full, `${full.key}:opened`, 'TASK_OPENED', full.title, `${reference}: ${full.title}`);
    return full;
  }

  async function closeTask(task: DealTask, outcome: { state: 'DONE' | 'CANCELLED'; decision?: string; comment?: string | null; decidedById?: string | null }) {
    state.openTasks = state.openTasks.filter((open) => open.key !== task.key);
    if (DECIDABLE_KINDS.includes(task.kind)) decidedTaskKeys.add(task.key);
    await writes.closeDealTask({ key: task.key, ...outcome });
  }

  async function closeFollowUps(subjectKey: string, decision: string, decidedById: string | null) {
    for (const task of state.openTasks.filter((open) => open.stepKey === subjectKey && (open.kind === 'PAYMENT_FOLLOW_UP' || open.kind === 'ROYALTY_FOLLOW_UP'))) {
      await closeTask(task, { state: 'DONE', decision, decidedById });
    }
  }

  // ─── who may do what ──────────────────────────────────────────────────────────────────────

  /** Why a person may decide nothing on this deal (the lead researcher is barred even before submission). */
  function barredReason(personId: string): BarredApprover['reason'] | null {
    const listed = state.barred.find((barred) => barred.personId === personId)?.reason;
    return listed ?? (personId === leadResearcherId ? 'LEAD_RESEARCHER' : null);
  }

  function assertNotBarred(personId: string, what: string) {
    const reason = barredReason(personId);
    if (reason) refuse('CONFLICT_OF_INTEREST', `${personId} may not ${what} on deal ${reference}: ${BARRED_REASONS[reason]}`, { personId, reason });
  }

  /** The deal is its lead researcher's, and its creator's (a TTO officer who opened it for them). */
  function assertOwner(actor: Actor, what: string) {
    if (actor.personId !== leadResearcherId && actor.personId !== input.createdById) {
      refuse('FORBIDDEN', `Only the lead researcher (or whoever opened the deal for them) may ${what}`);
    }
  }

  function assertTto(actor: Actor, what: string) {
    if (!isTto(actor)) refuse('FORBIDDEN', `Only the tech-transfer office may ${what}`);
  }

  function assertOpen() {
    if (finished) refuse('INVALID_TRANSITION', `Deal ${reference} is closed (${state.status})`);
  }

  function assertStatus(allowed: readonly DealStatus[], what: string) {
    assertOpen();
    if (!allowed.includes(state.status)) refuse('INVALID_TRANSITION', `A ${state.status} deal cannot ${what}`);
  }

  function assertDate(field: string, value: unknown, { notAfterToday = true }: { notAfterToday?: boolean } = {}) {
    if (!isIsoDate(value)) refuse('VALIDATION_FAILED', `${field}: must be a date as YYYY-MM-DD`);
    if (notAfterToday && value > today()) refuse('VALIDATION_FAILED', `${field}: must not be after today (${today()})`);
  }

  function assertFenAmount(field: string, value: unknown, { positive }: { positive: boolean }) {
    if (!isFen(value) || value < 0 || (positive && value === 0)) refuse('VALIDATION_FAILED', `${field}: must be a whole number of fen${positive ? ' above zero' : ', not negative'}`);
  }

  function checkVersion(expected: number | undefined) {
    if (expected !== undefined && expected !== state.version) {
      refuse('STALE_VERSION', `The deal changed since you loaded it (version ${expected}, now ${state.version}); reload and try again`);
    }
  }

  const canAct = (task: DealTask, actor: Actor): boolean => mayActOnTask(task, actor);

  function findOpenTask(taskKey: string, kinds: readonly DealTask['kind'][]): DealTask {
    const task = state.openTasks.find((open) => open.key === taskKey);
    if (!task) {
      if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
      const current = state.openTasks.filter((open) => kinds.includes(open.kind)).map((open) => open.key);
      refuse('WRONG_STEP', `Task ${taskKey} is not open on this deal${current.length ? ` (open: ${current.join(', ')})` : ''}`);
    }
    if (!kinds.includes(task.kind)) refuse('WRONG_STEP', `Task ${taskKey} is a ${task.kind} task, not ${kinds.join(' or ')}`);
    return task;
  }

  const queued = (kind: DealEvent['kind'], match: (event: DealEvent) => boolean = () => true) =>
    queue.some((pending) => pending.event.kind === kind && match(pending.event));

  /** Parses a draft for submission (or amendment), refusing with every issue named by its field. */
  function parseSubmission(draft: unknown) {
    const parsed = dealSubmissionSchema({ profile }).safeParse(draft);
    if (!parsed.success) {
      const issues = issuesFromZodError(parsed.error);
      refuse('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { issues });
    }
    return parsed.data as TDealDraft;
  }

  /** A royalty period whose report is expected: the one open now or one gone overdue. */
  const awaitingReport = (periodKey: string) => [state.royaltyPeriod, ...state.lateRoyaltyPeriods].some((open) => open?.key === periodKey);
  /** An earlier royalty period of this deal whose report is in (or that was waived). */
  function pastPeriod(periodKey: string): boolean {
    const prefix = royaltyPeriodKey(dealId, 0).slice(0, -1);
    if (!periodKey.startsWith(prefix) || awaitingReport(periodKey)) return false;
    const index = Number(periodKey.slice(prefix.length));
    if (!Number.isInteger(index) || index < 0) return false;
    return state.royaltyPeriod ? index < state.royaltyPeriod.index : state.signedContract !== null && periodAt(index) !== null;
  }

  const amendmentTask = (task: DealTask) => state.pendingAmendment !== null && task.key.startsWith(`${state.pendingAmendment.key}:`);

  // ─── the checks of each update: at acceptance (validator) and again when it is taken ──────

  const checks: { [K in DealEvent['kind']]: (input: Extract<DealEvent, { kind: K }>['input'], accepting: boolean) => void } = {
    edit({ actor, draft, expectedVersion }, accepting) {
      assertOwner(actor, 'edit the deal');
      assertStatus(EDITABLE, 'be edited; only a draft or a deal returned for changes');
      if (accepting) {
        // The submission validated the draft as it was; it must not change under it.
        if (queued('submit')) refuse('CONFLICT', 'The deal is being submitted; it can no longer be edited');
        checkVersion(expectedVersion);
      }
      const parsed = ZDealDraft.safeParse(draft);
      if (!parsed.success) {
        const issues = issuesFromZodError(parsed.error);
        refuse('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { issues });
      }
    },
    submit({ actor, expectedVersion }, accepting) {
      assertOwner(actor, 'submit the deal');
      assertStatus(EDITABLE, 'be submitted');
      if (accepting) {
        if (queued('submit')) refuse('CONFLICT', 'The deal is already being submitted');
        checkVersion(expectedVersion);
      }
      parseSubmission(state.draft);
    },
    decide({ actor, taskKey, decision, comment, expectedVersion }, accepting) {
      // A repeat (a double click on the last step) is ALREADY_DECIDED, even once the deal has moved on.
      if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
      assertOpen();
      const task = findOpenTask(taskKey, ['APPROVAL']);
      if (accepting && queued('decide', (event) => event.kind === 'decide' && event.input.taskKey === taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} is already being decided`);
      assertNotBarred(actor.personId, 'decide any step');
      if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `You are not the assignee of task ${taskKey} (${task.assigneeId ? 'assigned to someone else' : `for role ${task.candidateRole}`})`);
      if (accepting) checkVersion(expectedVersion);
      if (!['APPROVE', 'REJECT', 'RETURN'].includes(decision)) refuse('VALIDATION_FAILED', 'decision: must be APPROVE, REJECT or RETURN');
      if (decision === 'RETURN' && amendmentTask(task)) refuse('VALIDATION_FAILED', 'decision: an amendment is approved or rejected; ask for a new amendment to change it');
      if ((decision === 'REJECT' || decision === 'RETURN') && !comment?.trim()) {
        refuse('VALIDATION_FAILED', `comment: a ${decision === 'REJECT' ? 'reason' : 'note of what to change'} is required to ${decision.toLowerCase()}`);
      }
    },
    claim({ actor, taskKey }) {
      assertOpen();
      const task = findOpenTask(taskKey, ['APPROVAL', 'OBJECTION_REVIEW', 'EXCHANGE_RESULT', 'SIGN_CONTRACT', 'PAYMENT_FOLLOW_UP', 'ROYALTY_FOLLOW_UP']);
      assertNotBarred(actor.personId, 'claim a task');
      if (task.assigneeId !== null) refuse('CONFLICT', task.assigneeId === actor.personId ? 'You have already claimed this task' : 'Task is already claimed by someone else');
      if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `Only a ${task.candidateRole} may claim task ${taskKey}`);
    },
    delegate({ actor, taskKey, deputyId }) {
      assertOpen();
      const task = findOpenTask(taskKey, ['APPROVAL', 'OBJECTION_REVIEW', 'EXCHANGE_RESULT', 'SIGN_CONTRACT', 'PAYMENT_FOLLOW_UP', 'ROYALTY_FOLLOW_UP']);
      if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `You cannot delegate task ${taskKey}: it is not yours`);
      if (!deputyId?.trim()) refuse('VALIDATION_FAILED', 'deputyId: is required');
      if (deputyId === actor.personId) refuse('VALIDATION_FAILED', 'deputyId: you cannot delegate to yourself');
      assertNotBarred(deputyId, 'be delegated a task');
    },
    objection({ contact, reason }, accepting) {
      assertOpen();
      if (state.status === 'OBJECTION_REVIEW' || (accepting && queued('objection'))) refuse('PUBLICITY_OPEN', 'An objection to this notice is already under review; publicity is paused until it is resolved');
      if (state.status !== 'PUBLICITY') refuse('INVALID_TRANSITION', 'Objections can be filed only while the notice is in its publicity period');
      if (state.publicity !== null && Date.now() >= state.publicity.endsAt) refuse('INVALID_TRANSITION', 'The publicity period has ended');
      if (!contact?.trim()) refuse('VALIDATION_FAILED', 'contact: how to reach you is required');
      if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: the reason for the objection is required');
    },
    resolve({ actor, taskKey, outcome, comment }, accepting) {
      if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
      assertStatus(['OBJECTION_REVIEW'], 'resolve an objection');
      const task = findOpenTask(taskKey, ['OBJECTION_REVIEW']);
      if (accepting && queued('resolve')) refuse('ALREADY_DECIDED', 'The objection is already being resolved');
      assertNotBarred(actor.personId, 'resolve an objection');
      if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `Only ${TTO} may resolve the objection`);
      if (outcome !== 'DISMISS' && outcome !== 'UPHOLD') refuse('VALIDATION_FAILED', 'outcome: must be DISMISS or UPHOLD');
      if (!comment?.trim()) refuse('VALIDATION_FAILED', 'comment: the reasoning for the resolution is required');
    },
    exchange({ actor, result }, accepting) {
      assertStatus(['EXCHANGE'], 'record an exchange result');
      assertTto(actor, "record the exchange's result");
      assertNotBarred(actor.personId, "record the exchange's result");
      if (accepting && queued('exchange')) refuse('CONFLICT', 'The exchange result is already being recorded');
      if (!result || typeof result !== 'object') refuse('VALIDATION_FAILED', 'result: is required');
      if (!result.venue?.trim()) refuse('VALIDATION_FAILED', 'result.venue: the exchange or auction house is required');
      if (!result.listingReference?.trim()) refuse('VALIDATION_FAILED', 'result.listingReference: is required');
      assertDate('result.concludedOn', result.concludedOn);
      assertFenAmount('result.finalPriceFen', result.finalPriceFen, { positive: true });
      if (!result.winningParty?.trim()) refuse('VALIDATION_FAILED', 'result.winningParty: is required');
      const counterparty = state.draft.counterparty?.name ?? '';
      if (!sameParty(result.winningParty, counterparty)) {
        refuse('VALIDATION_FAILED', `result.winningParty: ${result.winningParty} is not the deal's counterparty (${counterparty}); withdraw this deal and open one with the winning party`);
      }
    },
    signed({ actor, documentId, signedOn }, accepting) {
      assertStatus(['CONTRACT'], 'take a signed contract');
      assertTto(actor, 'upload the signed contract');
      if (accepting && queued('signed')) refuse('CONFLICT', 'A signed contract is already being recorded');
      if (!documentId?.trim()) refuse('VALIDATION_FAILED', 'documentId: the signed contract document is required');
      assertDate('signedOn', signedOn);
    },
    registration({ actor, number, registeredOn }) {
      assertStatus(['CONTRACT', ...OWING, 'COMPLETED'], 'record a technology-contract registration');
      assertTto(actor, 'record the technology-contract registration');
      if (!/^[0-9A-Za-z-]{6,40}$/.test(number?.trim() ?? '')) refuse('VALIDATION_FAILED', 'number: the 技术合同认定登记 number must be 6–40 letters, digits or hyphens');
      assertDate('registeredOn', registeredOn);
    },
    milestone({ actor, obligationKey, eventOn }) {
      assertStatus(['ACTIVE'], 'record a milestone');
      assertTto(actor, 'record a milestone event');
      const item = state.obligations.find((obligation) => obligation.key === obligationKey);
      if (!item) refuse('NOT_FOUND', `obligationKey: ${obligationKey} is not an obligation of this deal`);
      if (item.kind !== 'MILESTONE') refuse('WRONG_STEP', `obligationKey: "${item.label}" is not a milestone; only a milestone has an event to record`);
      if (item.eventOn || item.dueOn !== null) refuse('ALREADY_DECIDED', `The milestone "${item.label}" was already recorded (${item.eventOn ?? item.dueOn})`);
      if (isSettled(item)) refuse('INVALID_TRANSITION', `The milestone "${item.label}" is ${item.status}`);
      assertDate('eventOn', eventOn);
    },
    payment({ actor, paymentKey, obligationKey, royaltyPeriodKey, amountFen, receivedOn }) {
      assertStatus(OWING, 'take a payment');
      if (!isTto(actor) && !actor.roles.includes('FINANCE_OFFICER')) refuse('FORBIDDEN', 'Only the tech-transfer office or finance may record a payment');
      if (!paymentKey?.trim() || paymentKey.length > 200) refuse('VALIDATION_FAILED', 'paymentKey: an idempotency key (at most 200 characters) is required');
      // The same payment sent again is booked once: a repeat is answered, not checked again.
      if (paymentKeys.has(paymentKey)) return;
      if (obligationKey !== undefined && royaltyPeriodKey !== undefined) refuse('VALIDATION_FAILED', 'obligationKey, royaltyPeriodKey: a payment settles one obligation or one royalty period, not both');
      assertFenAmount('amountFen', amountFen, { positive: true });
      assertDate('receivedOn', receivedOn);
      if (obligationKey !== undefined) {
        const item = state.obligations.find((obligation) => obligation.key === obligationKey);
        if (!item) refuse('NOT_FOUND', `obligationKey: ${obligationKey} is not an obligation of this deal`);
        if (isSettled(item)) refuse('ALREADY_DECIDED', `"${item.label}" is ${item.status}; nothing is owed on it`);
        if (amountFen > outstandingFen(item)) refuse('VALIDATION_FAILED', `amountFen: ${cny(amountFen)} is more than the ${cny(outstandingFen(item))} outstanding on "${item.label}"`);
      }
      if (royaltyPeriodKey !== undefined) {
        const owed = state.royaltiesOwed.find((royalty) => royalty.periodKey === royaltyPeriodKey);
        if (!owed) {
          if (awaitingReport(royaltyPeriodKey)) refuse('INVALID_TRANSITION', `royaltyPeriodKey: the royalty of ${royaltyPeriodKey} is not known yet; submit the period's royalty report first`);
          if (pastPeriod(royaltyPeriodKey)) refuse('ALREADY_DECIDED', `royaltyPeriodKey: no royalty is outstanding for ${royaltyPeriodKey}`);
          refuse('NOT_FOUND', `royaltyPeriodKey: ${royaltyPeriodKey} is not a royalty period of this deal`);
        }
        const left = owed.royaltyFen - owed.paidFen;
        if (amountFen > left) refuse('VALIDATION_FAILED', `amountFen: ${cny(amountFen)} is more than the ${cny(left)} royalty outstanding for ${owed.periodStart}–${owed.periodEnd}`);
      }
    },
    royaltyReport({ actor, periodKey, netSalesFen }, accepting) {
      assertStatus(OWING, 'take a royalty report');
      if (!isTto(actor) && !actor.roles.includes('FINANCE_OFFICER')) refuse('FORBIDDEN', "Only the tech-transfer office or finance may enter the licensee's royalty report");
      const period = [state.royaltyPeriod, ...state.lateRoyaltyPeriods].find((open) => open?.key === periodKey);
      if (!period) {
        if (pastPeriod(periodKey)) refuse('ALREADY_DECIDED', `periodKey: the report for ${periodKey} is in already (or the period was waived)`);
        refuse('NOT_FOUND', `periodKey: ${periodKey} is not a royalty period awaiting a report${state.royaltyPeriod ? ` (now: ${state.royaltyPeriod.key})` : ''}`);
      }
      if (today() < period.periodEnd) refuse('INVALID_TRANSITION', `The period ${period.periodStart}–${period.periodEnd} has not ended yet`);
      if (accepting && queued('royaltyReport', (event) => event.kind === 'royaltyReport' && event.input.periodKey === periodKey)) refuse('ALREADY_DECIDED', `The report for ${periodKey} is already being recorded`);
      assertFenAmount('netSalesFen', netSalesFen, { positive: false });
    },
    amend({ actor, reason, draft }, accepting) {
      assertStatus(['ACTIVE'], 'be amended');
      // The contract is the institution's: the TTO proposes its amendments (at anyone's request).
      assertTto(actor, 'propose an amendment');
      if (state.pendingAmendment !== null || (accepting && queued('amend'))) refuse('CONFLICT', 'An amendment is already pending; it must be decided first');
      if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: the reason for the amendment is required');
      const amended = parseSubmission(draft);
      const current = state.draft;
      if (amended.mode !== current.mode) refuse('VALIDATION_FAILED', 'mode: the mode of a signed deal cannot be amended');
      if (amended.pricingMethod !== current.pricingMethod) refuse('VALIDATION_FAILED', 'pricingMethod: the pricing method of a signed deal cannot be amended');
      if (amended.counterparty?.unifiedSocialCreditCode !== current.counterparty?.unifiedSocialCreditCode) {
        refuse('VALIDATION_FAILED', 'counterparty.unifiedSocialCreditCode: the counterparty of a signed deal cannot be changed; terminate it and open a new deal');
      }
      if ((amended.terms.effectiveOn ?? null) !== (current.terms.effectiveOn ?? null)) refuse('VALIDATION_FAILED', 'terms.effectiveOn: the effective date of a signed deal cannot be amended');
      const [before, after] = [current.terms.royalty, amended.terms.royalty];
      if ((before === undefined) !== (after === undefined) || (before && after && before.reportingPeriod !== after.reportingPeriod)) {
        refuse('VALIDATION_FAILED', 'terms.royalty: a running royalty cannot be added, removed or given another reporting period by amendment (its rate and report days can change)');
      }
      if (amended.mode === 'LICENCE' && state.effectiveOn !== null && amended.terms.termMonths !== undefined) {
        const end = licenceEndDate({ effectiveOn: state.effectiveOn, termMonths: amended.terms.termMonths });
        if (end < today()) refuse('VALIDATION_FAILED', `terms.termMonths: the amended licence would have ended on ${end}, before today`);
      }
    },
    terminate({ actor, reason, effectiveOn }, accepting) {
      assertStatus(OWING, 'be terminated');
      if (state.awaitingRegistration) refuse('INVALID_TRANSITION', 'Nothing is outstanding on this deal; only its 技术合同认定登记 number can still be recorded');
      assertTto(actor, 'terminate a deal');
      if (accepting && queued('terminate')) refuse('CONFLICT', 'The deal is already being terminated');
      if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: the reason for the termination is required');
      assertDate('effectiveOn', effectiveOn);
    },
    waive({ actor, obligationKey, reason }, accepting) {
      assertStatus(OWING, 'have an obligation waived');
      assertTto(actor, 'waive an obligation');
      if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: the reason for the waiver is required');
      const item = state.obligations.find((obligation) => obligation.key === obligationKey);
      if (!item) refuse('NOT_FOUND', `obligationKey: ${obligationKey} is not an obligation of this deal`);
      if (isSettled(item)) refuse('ALREADY_DECIDED', `"${item.label}" is ${item.status}; nothing is owed on it`);
      if (accepting && queued('waive', (event) => event.kind === 'waive' && event.input.obligationKey === obligationKey)) refuse('ALREADY_DECIDED', `"${item.label}" is already being waived`);
    },
    withdraw({ actor, reason }, accepting) {
      assertStatus(WITHDRAWABLE, 'be withdrawn; a signed deal is terminated instead');
      if (actor.personId !== leadResearcherId && actor.personId !== input.createdById && !isTto(actor)) refuse('FORBIDDEN', 'Only the lead researcher or the tech-transfer office may withdraw the deal');
      if (accepting && queued('withdraw')) refuse('INVALID_TRANSITION', 'The deal is already being withdrawn');
      if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: a reason for the withdrawal is required');
    },
  };

  function check(event: DealEvent, accepting: boolean): void {
    (checks[event.kind] as (input: unknown, accepting: boolean) => void)(event.input, accepting);
  }

  // ─── updates and query ────────────────────────────────────────────────────────────────────

  setHandler(dealStateQuery, snapshot);

  /** Queues an accepted update and waits until the loop has taken it (or refused it). */
  async function enqueue(event: DealEvent): Promise<number> {
    const mySeq = ++seq;
    queue.push({ seq: mySeq, event });
    await condition(() => handled.has(mySeq) || refusals.has(mySeq));
    const refusal = refusals.get(mySeq);
    if (refusal) refuse(refusal.code, refusal.message, refusal.details);
    return mySeq;
  }

  function register(update: UpdateDefinition<IpDealState, [any]>, kind: Exclude<DealEvent['kind'], 'objection'>) {
    setHandler(
      update as typeof decideDealUpdate,
      async (input: unknown) => {
        await enqueue({ kind, input } as DealEvent);
        return snapshot();
      },
      { validator: (input: unknown) => check({ kind, input } as DealEvent, true) },
    );
  }

  register(editDealDraftUpdate, 'edit');
  register(submitDealUpdate, 'submit');
  register(decideDealUpdate, 'decide');
  register(claimDealTaskUpdate, 'claim');
  register(delegateDealTaskUpdate, 'delegate');
  register(resolveDealObjectionUpdate, 'resolve');
  register(recordExchangeResultUpdate, 'exchange');
  register(attachSignedContractUpdate, 'signed');
  register(recordTechContractRegistrationUpdate, 'registration');
  register(recordMilestoneEventUpdate, 'milestone');
  register(recordPaymentUpdate, 'payment');
  register(submitRoyaltyReportUpdate, 'royaltyReport');
  register(requestAmendmentUpdate, 'amend');
  register(terminateDealUpdate, 'terminate');
  register(waiveDealObligationUpdate, 'waive');
  register(withdrawDealUpdate, 'withdraw');
  setHandler(
    fileDealObjectionUpdate,
    async (filed) => {
      const mySeq = await enqueue({ kind: 'objection', input: filed });
      const objectionId = objectionIds.get(mySeq);
      if (objectionId === undefined) refuse('INTERNAL', 'The objection was not recorded');
      return { objectionId };
    },
    { validator: (filed) => check({ kind: 'objection', input: filed }, true) },
  );

  // ─── review ───────────────────────────────────────────────────────────────────────────────

  function stepTask(step: TApprovalStep, key: string, stepKey: string): Omit<DealTask, 'openedAt' | 'escalated'> {
    return {
      key,
      kind: 'APPROVAL',
      stepKey,
      title: `${step.label.zh} / ${step.label.en}`,
      assigneeId: null,
      candidateRole: step.role,
      dueAt: dueAtAfter(step.dueDays, licensing.dayKind),
      escalationRole: step.escalationRole ?? null,
    };
  }

  async function openReviewStep(): Promise<void> {
    const step = state.steps[state.stepIndex]!;
    state.currentStepKey = step.key;
    await openTask(stepTask(step, `${dealId}:r${state.round}:${step.key}`, step.key));
  }

  function tierOf(totalValueFen: Fen) {
    const tier = licensingApproverFor({ profile, amountFen: totalValueFen });
    return { upToFen: tier.upToFen, approverRole: tier.approverRole, label: tier.label };
  }

  async function submit({ actor }: SubmitDealInput): Promise<void> {
    const draft = parseSubmission(state.draft);
    const resubmitted = state.status === 'RETURNED';
    if (resubmitted) {
      for (const task of state.openTasks.filter((open) => open.kind === 'RESUBMIT')) await closeTask(task, { state: 'DONE', decision: 'RESUBMITTED', decidedById: actor.personId });
      state.round += 1;
    }
    calendar = await writes.loadDealCalendar();
    state.draft = draft;
    state.totalValueFen = dealTotalValueFen({ mode: draft.mode, terms: draft.terms });
    state.steps = dealApprovalSteps({ profile, totalValueFen: state.totalValueFen });
    state.stepIndex = 0;
    state.barred = barredApprovers({ leadResearcherId, team: draft.team });
    state.currentStepKey = null;
    const tier = tierOf(state.totalValueFen);
    await setStatus('IN_REVIEW', resubmitted ? 'deal.resubmitted' : 'deal.submitted', actor.personId, { draft, totalValueFen: state.totalValueFen, approvalTier: tier }, {
      totalValueFen: state.totalValueFen,
      tier: tier.label,
      steps: state.steps.map((step) => step.key),
      barred: state.barred,
    });
    await openReviewStep();
  }

  async function decide({ actor, taskKey, decision, comment }: DecideDealInput): Promise<void> {
    const task = state.openTasks.find((open) => open.key === taskKey)!;
    state.lastDecision = { taskKey, decision, byId: actor.personId, comment: comment ?? null };
    await closeTask(task, { state: 'DONE', decision, comment: comment ?? null, decidedById: actor.personId });
    if (amendmentTask(task)) return decideAmendment(task, actor, decision, comment ?? null);

    if (decision === 'APPROVE') {
      await writes.recordDealState({
        dealId, status: state.status, version: state.version, currentStepKey: task.stepKey,
        event: { key: `${task.key}:approved`, actorId: actor.personId, action: 'deal.step_approved', after: { stepKey: task.stepKey, comment: comment ?? null } },
      });
      state.stepIndex += 1;
      if (state.stepIndex < state.steps.length) return openReviewStep();
      return state.draft.pricingMethod === 'AGREED' ? startPublicity() : startExchange();
    }
    if (decision === 'REJECT') {
      state.currentStepKey = null;
      await setStatus('REJECTED', 'deal.rejected', actor.personId, {}, { reason: comment ?? null });
      await notify({ key: `${task.key}:rejected`, personIds: [leadResearcherId], kind: 'DEAL_REJECTED', title: `${reference}: 未获批准 / deal rejected`, body: comment ?? '' });
      finished = true;
      return;
    }
    await setStatus('RETURNED', 'deal.returned', actor.personId, {}, { comment: comment ?? null });
    await openTask({
      key: `${dealId}:r${state.round}:resubmit`,
      kind: 'RESUBMIT',
      stepKey: task.stepKey,
      title: `修改后重新提交 / Revise and resubmit: ${comment ?? ''}`.slice(0, 300),
      assigneeId: leadResearcherId,
      candidateRole: null,
      dueAt: null,
      escalationRole: null,
    });
  }

  // ─── publicity (协议定价) and the exchange (挂牌交易 / 拍卖) ─────────────────────────────────

  async function startPublicity(): Promise<void> {
    const { days, dayKind } = licensing.agreedPricePublicity;
    const startsOn = today();
    const endsOn = dueDate({ start: startsOn, days, dayKind, calendar });
    state.currentStepKey = 'publicity';
    state.publicity = { noticeKey: `${dealId}:r${state.round}:notice`, startsOn, endsOn, endsAt: shanghaiEndOfDay(endsOn), pausedRemainingMs: null, objectionId: null };
    await writes.publishDealNotice({ key: state.publicity.noticeKey, institutionId, dealId, startsOn, endsOn });
    await setStatus('PUBLICITY', 'deal.publicity_started', null, {}, { startsOn, endsOn });
    await notify({
      key: `${state.publicity.noticeKey}:published`, personIds: [leadResearcherId], kind: 'PUBLICITY_STARTED',
      title: `${reference}: 成果名称及拟交易价格公示 / name and price published`,
      body: `公示期 ${startsOn} 至 ${endsOn}；拟交易价格 ${cny(state.totalValueFen)}。Publicity runs ${startsOn} – ${endsOn}.`,
    });
  }

  async function fileObjection(pending: Pending, filed: FileDealObjectionInput): Promise<void> {
    const publicity = state.publicity!;
    const { objectionId } = await writes.recordDealObjection({ key: `${dealId}:objection:${pending.seq}`, noticeKey: publicity.noticeKey, ...filed });
    objectionIds.set(pending.seq, objectionId);
    publicity.pausedRemainingMs = Math.max(publicity.endsAt - Date.now(), 0);
    publicity.objectionId = objectionId;
    await writes.updateDealNotice({ key: publicity.noticeKey, status: 'PAUSED' });
    state.currentStepKey = 'objection';
    await setStatus('OBJECTION_REVIEW', 'deal.objection_filed', null, {}, { objectionId });
    const { review } = licensing;
    await openTask({
      key: `${dealId}:objection:${objectionId}`,
      kind: 'OBJECTION_REVIEW',
      stepKey: 'objection',
      title: '公示异议审查 / Review objection to the published price',
      assigneeId: null,
      candidateRole: TTO,
      dueAt: dueAtAfter(review.dueDays, licensing.dayKind),
      escalationRole: review.escalationRole ?? 'LEADERSHIP',
    });
  }

  async function resolveObjection({ actor, taskKey, outcome, comment }: ResolveDealObjectionInput): Promise<void> {
    const publicity = state.publicity!;
    const task = state.openTasks.find((open) => open.key === taskKey)!;
    await closeTask(task, { state: 'DONE', decision: outcome, comment, decidedById: actor.personId });
    await writes.resolveDealObjection({ objectionId: publicity.objectionId!, outcome: outcome === 'DISMISS' ? 'DISMISSED' : 'UPHELD', resolution: comment, resolvedById: actor.personId });
    if (outcome === 'DISMISS') {
      // Publicity resumes with the time it had left when the objection paused it.
      publicity.endsAt = Date.now() + (publicity.pausedRemainingMs ?? 0);
      publicity.endsOn = shanghaiDateOf(publicity.endsAt - 1);
      publicity.pausedRemainingMs = null;
      await writes.updateDealNotice({ key: publicity.noticeKey, status: 'OPEN', endsOn: publicity.endsOn });
      state.currentStepKey = 'publicity';
      await setStatus('PUBLICITY', 'deal.objection_dismissed', actor.personId, {}, { comment, endsOn: publicity.endsOn });
      return;
    }
    // Upheld: the notice is withdrawn and the deal goes back to review, from the first step.
    await writes.updateDealNotice({ key: publicity.noticeKey, status: 'WITHDRAWN' });
    state.publicity = null;
    state.round += 1;
    state.stepIndex = 0;
    state.currentStepKey = null;
    await setStatus('IN_REVIEW', 'deal.objection_upheld', actor.personId, {}, { comment });
    await notify({ key: `${task.key}:upheld`, personIds: [leadResearcherId], kind: 'OBJECTION_UPHELD', title: `${reference}: 公示异议成立 / objection upheld`, body: comment });
    await openReviewStep();
  }

  async function endPublicity(): Promise<void> {
    await writes.updateDealNotice({ key: state.publicity!.noticeKey, status: 'CLOSED' });
    await startContract();
  }

  async function startExchange(): Promise<void> {
    state.currentStepKey = 'exchange';
    await setStatus('EXCHANGE', 'deal.exchange_started', null, {}, { pricingMethod: state.draft.pricingMethod });
    await openTask({
      key: `${dealId}:r${state.round}:exchange`,
      kind: 'EXCHANGE_RESULT',
      stepKey: 'exchange',
      title: `${state.draft.pricingMethod === 'AUCTION' ? '记录拍卖结果 / Record the auction result' : '记录挂牌交易结果 / Record the exchange listing result'}`,
      assigneeId: null,
      candidateRole: TTO,
      dueAt: null,
      escalationRole: null,
    });
  }

  async function recordExchange({ actor, result }: RecordExchangeResultInput): Promise<void> {
    const task = state.openTasks.find((open) => open.kind === 'EXCHANGE_RESULT');
    if (task) await closeTask(task, { state: 'DONE', decision: 'RECORDED', decidedById: actor.personId });
    const exchangeResult = { ...result, documentId: result.documentId ?? null };
    state.exchangeResult = exchangeResult;
    const approvedValueFen = state.totalValueFen;
    const approvedTier = tierOf(approvedValueFen);
    const finalTier = tierOf(exchangeResult.finalPriceFen);
    const tierChanged = approvedTier.upToFen !== finalTier.upToFen;
    // The exchange's price becomes the deal's (upfront fee, or the value invested), so the contract
    // and what is owed under it agree with the exchange. Deals that recorded their result before
    // kept the listed terms (to be corrected by amendment).
    let priced: RecordFields = {};
    if (patched('exchange-price-sets-terms')) {
      state.draft = termsAtExchangePrice(state.draft, exchangeResult.finalPriceFen);
      state.totalValueFen = dealTotalValueFen(state.draft);
      priced = { draft: state.draft, totalValueFen: state.totalValueFen };
    }
    // The final price may fall in another tier than the value that was approved: noted, not re-approved.
    await record('deal.exchange_result_recorded', actor.personId, { exchangeResult, ...priced }, {
      after: { ...exchangeResult, approvedValueFen, totalValueFen: state.totalValueFen, tierChanged, ...(tierChanged ? { approvedTier: approvedTier.label, finalPriceTier: finalTier.label } : {}) },
    });
    await startContract();
  }

  // ─── contract ─────────────────────────────────────────────────────────────────────────────

  async function startContract(): Promise<void> {
    state.currentStepKey = 'contract';
    await setStatus('CONTRACT', 'deal.contract_started', null);
    const { documentId } = await acts.generateContract({ dealId, key: `${dealId}:r${state.round}:contract` });
    state.contractDocumentId = documentId;
    await openTask({
      key: `${dealId}:r${state.round}:sign`,
      kind: 'SIGN_CONTRACT',
      stepKey: 'contract',
      title: '签订技术合同并上传签署件 / Sign the contract and upload the signed copy',
      assigneeId: null,
      candidateRole: TTO,
      dueAt: null,
      escalationRole: null,
    });
    await notify({ key: `${dealId}:r${state.round}:contract:ready`, personIds: [leadResearcherId], kind: 'CONTRACT_READY', title: `${reference}: 合同草稿已生成 / contract draft ready`, body: 'The contract draft is ready for the parties to sign.' });
  }

  async function attachSignedContract({ actor, documentId, signedOn }: AttachSignedContractInput): Promise<void> {
    try {
      // Checks that the document is a SIGNED_CONTRACT of this deal, then locks it.
      await acts.lockDealDocuments({ dealId, documentIds: [documentId] });
    } catch (error) {
      const cause = error instanceof ActivityFailure ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && isAppErrorCode(cause.type)) throw new Refusal(cause.type, `documentId: ${cause.message}`);
      throw error;
    }
    const { draft } = state;
    const effectiveOn = draft.terms.effectiveOn ?? signedOn;
    const termMonths = draft.terms.termMonths;
    state.signedContract = { documentId, signedOn, uploadedBy: actor.personId };
    state.effectiveOn = effectiveOn;
    state.expiresOn = draft.mode === 'LICENCE' && termMonths !== undefined ? licenceEndDate({ effectiveOn, termMonths }) : null;
    for (const task of state.openTasks.filter((open) => open.kind === 'SIGN_CONTRACT')) await closeTask(task, { state: 'DONE', decision: 'SIGNED', decidedById: actor.personId });
    state.obligations = obligationsFor({ dealId, draft, signedOn, effectiveOn });
    state.royaltyPeriod = draft.mode === 'LICENCE' ? periodAt(0) : null;
    state.currentStepKey = null;
    await setStatus('ACTIVE', 'deal.signed', actor.personId, { signedOn, effectiveOn, expiresOn: state.expiresOn }, { documentId, signedOn, effectiveOn, expiresOn: state.expiresOn });
    if (state.obligations.length > 0) await writes.upsertObligations({ dealId, obligations: state.obligations });
    if (state.royaltyPeriod) await writes.upsertRoyaltyPeriod({ dealId, period: state.royaltyPeriod });
    await notify({
      key: `${dealId}:active`, personIds: [leadResearcherId], role: TTO, kind: 'DEAL_ACTIVE',
      title: `${reference}: 合同已签订，交易生效 / contract signed, deal active`,
      body: `Signed on ${signedOn}; in force from ${effectiveOn}${state.expiresOn ? ` to ${state.expiresOn}` : ''}.`,
    });
  }

  // ─── the active years ─────────────────────────────────────────────────────────────────────

  function periodAt(index: number): RoyaltyPeriodState | null {
    const { royalty, termMonths } = state.draft.terms;
    if (royalty === undefined || termMonths === undefined || state.effectiveOn === null) return null;
    const period = royaltyPeriodAt({ effectiveOn: state.effectiveOn, termMonths, reportingPeriod: royalty.reportingPeriod, reportDueDays: royalty.reportDueDays, index });
    return period ? { key: royaltyPeriodKey(dealId, index), index, periodStart: period.periodStart, periodEnd: period.periodEnd, reportDueOn: period.reportDueOn, status: 'DUE' } : null;
  }

  async function advanceRoyaltyPeriod(): Promise<void> {
    const current = state.royaltyPeriod;
    if (!current) return;
    // A terminated licence owes reports only for periods begun before it ended.
    state.royaltyPeriod = state.status === 'TERMINATED' ? null : periodAt(current.index + 1);
    if (state.royaltyPeriod) await writes.upsertRoyaltyPeriod({ dealId, period: state.royaltyPeriod });
  }

  async function recordMilestone({ actor, obligationKey, eventOn }: RecordMilestoneEventInput): Promise<void> {
    const item = state.obligations.find((obligation) => obligation.key === obligationKey)!;
    const milestone = state.draft.terms.milestones[obligationIndex(item.key)];
    item.eventOn = eventOn;
    item.dueOn = addCalendarDays({ date: eventOn, days: milestone?.dueDaysAfterEvent ?? 30 });
    await writes.upsertObligations({ dealId, obligations: [item] });
    await record('deal.milestone_reached', actor.personId, {}, { after: { obligationKey, label: item.label, eventOn, dueOn: item.dueOn, amountFen: item.amountFen } });
    await notify({ key: `${obligationKey}:event`, role: TTO, kind: 'MILESTONE_REACHED', title: `${reference}: 里程碑已达成 / milestone reached`, body: `${item.label}: ${cny(item.amountFen)} due on ${item.dueOn}.` });
  }

  async function recordPayment({ actor, paymentKey, obligationKey, royaltyPeriodKey: periodKey, amountFen, receivedOn, evidenceDocumentId }: RecordPaymentInput): Promise<void> {
    if (paymentKeys.has(paymentKey)) return; // booked already: the answer is the state as it is
    const item = obligationKey === undefined ? undefined : state.obligations.find((obligation) => obligation.key === obligationKey);
    const owed = periodKey === undefined ? undefined : state.royaltiesOwed.find((royalty) => royalty.periodKey === periodKey);
    const kind = item ? ({ UPFRONT: 'UPFRONT', MILESTONE: 'MILESTONE', MINIMUM_ROYALTY: 'MINIMUM_ROYALTY_TOP_UP', PATENT_COST: 'OTHER' } as const)[item.kind] : owed ? 'ROYALTY' : 'OTHER';
    await writes.recordPayment({
      key: `${dealId}:payment:${paymentKey}`,
      institutionId,
      dealId,
      kind,
      amountFen,
      receivedOn,
      ...(obligationKey === undefined ? {} : { obligationKey }),
      ...(periodKey === undefined ? {} : { royaltyPeriodKey: periodKey }),
      ...(evidenceDocumentId === undefined ? {} : { evidenceDocumentId }),
      recordedById: actor.personId,
    });
    paymentKeys.add(paymentKey);
    if (item) {
      item.paidFen += amountFen;
      if (item.paidFen >= item.amountFen) {
        item.status = 'PAID';
        await closeFollowUps(item.key, 'PAID', actor.personId);
      }
    }
    if (owed) {
      owed.paidFen += amountFen;
      if (owed.paidFen >= owed.royaltyFen) {
        state.royaltiesOwed = state.royaltiesOwed.filter((royalty) => royalty !== owed);
        await closeFollowUps(`${owed.periodKey}:payment`, 'PAID', actor.personId);
      }
    }
  }

  async function submitRoyaltyReport({ actor, periodKey, netSalesFen, documentId }: SubmitRoyaltyReportInput): Promise<void> {
    const royalty = state.draft.terms.royalty!;
    const isCurrent = state.royaltyPeriod?.key === periodKey;
    const period = (isCurrent ? state.royaltyPeriod : state.lateRoyaltyPeriods.find((late) => late.key === periodKey))!;
    const royaltyFen = royaltyDueFen({ netSalesFen, rateBp: royalty.rateBp });
    const reported: RoyaltyPeriodState = { ...period, status: 'REPORTED' };
    await writes.upsertRoyaltyPeriod({ dealId, period: reported, netSalesFen, royaltyFen, ...(documentId === undefined ? {} : { documentId }) });
    if (!isCurrent) {
      state.lateRoyaltyPeriods = state.lateRoyaltyPeriods.filter((late) => late.key !== periodKey);
      await closeFollowUps(periodKey, 'REPORTED', actor.personId);
    }
    if (royaltyFen > 0) {
      const dueOn = period.reportDueOn < today() ? today() : period.reportDueOn;
      state.royaltiesOwed.push({ periodKey, periodStart: period.periodStart, periodEnd: period.periodEnd, netSalesFen, royaltyFen, dueOn, paidFen: 0, status: 'DUE' });
    }
    const minimumFen = state.draft.terms.minimumAnnualRoyaltyFen ?? 0;
    const credited = creditRoyalty({ obligations: state.obligations, dealId, year: licenceYearOfPeriod({ index: period.index, reportingPeriod: royalty.reportingPeriod }), royaltyFen, minimumFen });
    if (credited) {
      await writes.upsertObligations({ dealId, obligations: [credited] });
      if (isSettled(credited)) await closeFollowUps(credited.key, credited.status, actor.personId);
    }
    await record('deal.royalty_reported', actor.personId, {}, { after: { periodKey, periodStart: period.periodStart, periodEnd: period.periodEnd, netSalesFen, rateBp: royalty.rateBp, royaltyFen, late: !isCurrent } });
    if (isCurrent) await advanceRoyaltyPeriod();
  }

  async function recordRegistration({ actor, number, registeredOn }: RecordTechContractRegistrationInput): Promise<void> {
    const before = state.techContractRegNo;
    state.techContractRegNo = number.trim();
    await record('deal.tech_contract_registered', actor.personId, { techContractRegNo: state.techContractRegNo }, { before: { techContractRegNo: before }, after: { techContractRegNo: state.techContractRegNo, registeredOn } });
    // The number was all a settled deal was waiting for.
    if (state.awaitingRegistration) finished = true;
  }

  // ─── amendments ───────────────────────────────────────────────────────────────────────────

  async function openAmendmentStep(): Promise<void> {
    const amendment = state.pendingAmendment!;
    const step = amendment.steps[amendment.stepIndex]!;
    await openTask(stepTask(step, `${amendment.key}:${step.key}`, `amendment:${step.key}`));
  }

  async function requestAmendment({ actor, reason, draft }: RequestAmendmentInput): Promise<void> {
    const amended = parseSubmission(draft);
    const totalValueFen = dealTotalValueFen({ mode: amended.mode, terms: amended.terms });
    const steps = dealApprovalSteps({ profile, totalValueFen });
    const key = `${dealId}:amendment:v${state.version + 1}`;
    state.pendingAmendment = { key, reason, totalValueFen, steps, stepIndex: 0, draft: amended, requestedById: actor.personId };
    // Whoever would be barred under either version of the deal stays barred while it is decided.
    const barred = new Map(state.barred.map((entry) => [entry.personId, entry]));
    for (const entry of barredApprovers({ leadResearcherId, team: amended.team })) if (!barred.has(entry.personId) || entry.reason === 'COUNTERPARTY_INTEREST') barred.set(entry.personId, entry);
    state.barred = [...barred.values()];
    await writes.recordAmendment({ key, dealId, status: 'PENDING', reason, terms: amended, totalValueFen, requestedById: actor.personId });
    await record('deal.amendment_requested', actor.personId, {}, { after: { amendmentKey: key, reason, totalValueFen, tier: tierOf(totalValueFen).label, steps: steps.map((step) => step.key) } });
    await openAmendmentStep();
  }

  async function decideAmendment(task: DealTask, actor: Actor, decision: DecideDealInput['decision'], comment: string | null): Promise<void> {
    const amendment = state.pendingAmendment!;
    if (decision === 'REJECT') {
      state.pendingAmendment = null;
      await writes.recordAmendment({ key: amendment.key, dealId, status: 'REJECTED', reason: amendment.reason, terms: amendment.draft, totalValueFen: amendment.totalValueFen, requestedById: amendment.requestedById, decidedById: actor.personId });
      await record('deal.amendment_rejected', actor.personId, {}, { after: { amendmentKey: amendment.key, reason: comment } });
      await notify({ key: `${amendment.key}:rejected`, personIds: [amendment.requestedById, leadResearcherId], kind: 'AMENDMENT_REJECTED', title: `${reference}: 合同变更未获批准 / amendment rejected`, body: comment ?? '' });
      return;
    }
    await writes.recordDealState({
      dealId, status: state.status, version: state.version, currentStepKey: state.currentStepKey,
      event: { key: `${task.key}:approved`, actorId: actor.personId, action: 'deal.amendment_step_approved', after: { amendmentKey: amendment.key, stepKey: task.stepKey, comment } },
    });
    amendment.stepIndex += 1;
    if (amendment.stepIndex < amendment.steps.length) return openAmendmentStep();
    await applyAmendment(actor);
  }

  async function applyAmendment(actor: Actor): Promise<void> {
    const amendment = state.pendingAmendment!;
    const before = { terms: state.draft.terms, totalValueFen: state.totalValueFen, expiresOn: state.expiresOn };
    const { signedOn } = state.signedContract!;
    state.draft = amendment.draft;
    state.totalValueFen = amendment.totalValueFen;
    const termMonths = state.draft.terms.termMonths;
    if (state.draft.mode === 'LICENCE' && termMonths !== undefined) state.expiresOn = licenceEndDate({ effectiveOn: state.effectiveOn!, termMonths });
    const previous = state.obligations;
    state.obligations = mergeObligations({ current: previous, next: obligationsFor({ dealId, draft: state.draft, signedOn, effectiveOn: state.effectiveOn! }) });
    const changed = state.obligations.filter((item) => JSON.stringify(item) !== JSON.stringify(previous.find((old) => old.key === item.key)));
    if (state.royaltyPeriod) {
      const recomputed = periodAt(state.royaltyPeriod.index);
      if (JSON.stringify(recomputed) !== JSON.stringify(state.royaltyPeriod)) {
        state.royaltyPeriod = recomputed;
        if (recomputed) await writes.upsertRoyaltyPeriod({ dealId, period: recomputed });
      }
    }
    state.pendingAmendment = null;
    const tier = tierOf(state.totalValueFen);
    await record('deal.amended', actor.personId, { draft: state.draft, totalValueFen: state.totalValueFen, approvalTier: tier, expiresOn: state.expiresOn }, {
      before,
      after: { amendmentKey: amendment.key, reason: amendment.reason, terms: state.draft.terms, totalValueFen: state.totalValueFen, expiresOn: state.expiresOn },
    });
    await writes.recordAmendment({ key: amendment.key, dealId, status: 'APPROVED', reason: amendment.reason, terms: amendment.draft, totalValueFen: amendment.totalValueFen, requestedById: amendment.requestedById, decidedById: actor.personId });
    if (changed.length > 0) await writes.upsertObligations({ dealId, obligations: changed });
    for (const item of changed.filter(isSettled)) await closeFollowUps(item.key, item.status, actor.personId);
    await notify({ key: `${amendment.key}:approved`, personIds: [amendment.requestedById, leadResearcherId], kind: 'AMENDMENT_APPROVED', title: `${reference}: 合同变更已批准 / amendment approved`, body: `The amended terms apply; total value ${cny(state.totalValueFen)}.` });
  }

  async function withdrawAmendment(decision: string): Promise<void> {
    const amendment = state.pendingAmendment;
    if (!amendment) return;
    for (const task of state.openTasks.filter(amendmentTask)) await closeTask(task, { state: 'CANCELLED', decision });
    state.pendingAmendment = null;
    await writes.recordAmendment({ key: amendment.key, dealId, status: 'WITHDRAWN', reason: amendment.reason, terms: amendment.draft, totalValueFen: amendment.totalValueFen, requestedById: amendment.requestedById });
  }

  // ─── the end of a deal ────────────────────────────────────────────────────────────────────

  async function cancelOutstanding(): Promise<string[]> {
    const cancelled = state.obligations.filter((item) => !isSettled(item));
    for (const item of cancelled) item.status = 'CANCELLED';
    if (cancelled.length > 0) await writes.upsertObligations({ dealId, obligations: cancelled });
    if (state.royaltyPeriod) await writes.upsertRoyaltyPeriod({ dealId, period: { ...state.royaltyPeriod, status: 'WAIVED' } });
    // The read model says so too: overdue reports no longer expected, reported royalties no
    // longer owed (their report stays). Deals closed before this left those rows as they were.
    if (patched('closing-waives-royalty-rows')) {
      for (const late of state.lateRoyaltyPeriods) await writes.upsertRoyaltyPeriod({ dealId, period: { ...late, status: 'WAIVED' } });
      for (const owed of state.royaltiesOwed) {
        const index = Number(owed.periodKey.slice(owed.periodKey.lastIndexOf(':') + 1));
        const reportDueOn = periodAt(index)?.reportDueOn ?? owed.dueOn;
        await writes.upsertRoyaltyPeriod({ dealId, period: { key: owed.periodKey, index, periodStart: owed.periodStart, periodEnd: owed.periodEnd, reportDueOn, status: 'WAIVED' } });
      }
    }
    const keys = [...cancelled.map((item) => item.key), ...(state.royaltyPeriod ? [state.royaltyPeriod.key] : []), ...state.royaltiesOwed.map((owed) => `${owed.periodKey}:payment`), ...state.lateRoyaltyPeriods.map((late) => late.key)];
    state.royaltyPeriod = null;
    state.lateRoyaltyPeriods = [];
    state.royaltiesOwed = [];
    return keys;
  }

  async function terminate({ actor, reason, effectiveOn }: TerminateDealInput): Promise<void> {
    if (state.status === 'ACTIVE' && patched('termination-keeps-accrued')) return terminateKeepingAccrued({ actor, reason, effectiveOn });
    await withdrawAmendment('TERMINATED');
    for (const task of [...state.openTasks]) await closeTask(task, { state: 'CANCELLED', decision: 'TERMINATED', decidedById: actor.personId });
    const cancelled = await cancelOutstanding();
    // An expired (or terminated) deal that still had something outstanding is closed; its status stays.
    const closing = state.status !== 'ACTIVE';
    await setStatus(closing ? state.status : 'TERMINATED', closing ? 'deal.closed' : 'deal.terminated', actor.personId, {}, { reason, effectiveOn, cancelled });
    await notify({
      key: `${dealId}:${closing ? 'closed' : 'terminated'}`, personIds: [leadResearcherId], role: TTO, kind: closing ? 'DEAL_CLOSED' : 'DEAL_TERMINATED',
      title: `${reference}: ${closing ? '交易已结案 / deal closed' : '合同已终止 / contract terminated'}`,
      body: `${reason} (effective ${effectiveOn}).`,
    });
    settle();
  }

  /** Whether an unsettled obligation had fallen due by a termination effective on `on`. */
  function accruedBy(item: Obligation, on: string): boolean {
    if (item.dueOn !== null && item.dueOn <= on) return true;
    if (item.kind === 'MILESTONE') return item.eventOn != null && item.eventOn <= on;
    if (item.kind === 'MINIMUM_ROYALTY' && state.effectiveOn !== null && state.draft.terms.termMonths !== undefined) {
      const year = licenceYears({ effectiveOn: state.effectiveOn, termMonths: state.draft.terms.termMonths })[obligationIndex(item.key)];
      return year !== undefined && year.end < on;
    }
    return false;
  }

  async function terminateKeepingAccrued({ actor, reason, effectiveOn }: TerminateDealInput): Promise<void> {
    await withdrawAmendment('TERMINATED');
    const cancelled = state.obligations.filter((item) => !isSettled(item) && !accruedBy(item, effectiveOn));
    for (const item of cancelled) item.status = 'CANCELLED';
    if (cancelled.length > 0) await writes.upsertObligations({ dealId, obligations: cancelled });
    // The licence is not in force on the effective date: reports of periods begun before it are
    // still owed, the period running then ends the day before, later ones are waived.
    const lastDay = addCalendarDays({ date: effectiveOn, days: -1 });
    const waived: RoyaltyPeriodState[] = state.lateRoyaltyPeriods.filter((late) => late.periodStart >= effectiveOn);
    state.lateRoyaltyPeriods = state.lateRoyaltyPeriods.filter((late) => late.periodStart < effectiveOn);
    const current = state.royaltyPeriod;
    if (current && current.periodStart >= effectiveOn) {
      waived.push(current);
      state.royaltyPeriod = null;
    } else if (current && current.periodEnd > lastDay) {
      state.royaltyPeriod = { ...current, periodEnd: lastDay };
      await writes.upsertRoyaltyPeriod({ dealId, period: state.royaltyPeriod });
    }
    for (const period of waived) await writes.upsertRoyaltyPeriod({ dealId, period: { ...period, status: 'WAIVED' } });
    // Follow-ups of what is still owed stay open; every other task ends with the contract.
    const owed = new Set([
      ...state.obligations.filter((item) => !isSettled(item)).map((item) => item.key),
      ...state.royaltiesOwed.map((royalty) => `${royalty.periodKey}:payment`),
      ...state.lateRoyaltyPeriods.map((late) => late.key),
    ]);
    for (const task of [...state.openTasks]) {
      if ((task.kind === 'PAYMENT_FOLLOW_UP' || task.kind === 'ROYALTY_FOLLOW_UP') && owed.has(task.stepKey)) continue;
      await closeTask(task, { state: 'CANCELLED', decision: 'TERMINATED', decidedById: actor.personId });
    }
    const stillOwed = [...owed, ...(state.royaltyPeriod ? [state.royaltyPeriod.key] : [])];
    await setStatus('TERMINATED', 'deal.terminated', actor.personId, {}, {
      reason, effectiveOn, cancelled: [...cancelled.map((item) => item.key), ...waived.map((period) => period.key)], stillOwed,
    });
    await notify({
      key: `${dealId}:terminated`, personIds: [leadResearcherId], role: TTO, kind: 'DEAL_TERMINATED',
      title: `${reference}: 合同已终止 / contract terminated`,
      body: `${reason} (effective ${effectiveOn}).${stillOwed.length > 0 ? ' 终止前已到期的款项和报告仍需结清 / What fell due before the termination is still owed and tracked.' : ''}`,
    });
    if (stillOwed.length === 0) settle();
  }

  async function waiveObligation({ actor, obligationKey, reason }: WaiveDealObligationInput): Promise<void> {
    const item = state.obligations.find((obligation) => obligation.key === obligationKey)!;
    const before = item.status;
    const waivedFen = outstandingFen(item);
    item.status = 'WAIVED';
    item.waiver = { waivedFen, reason: reason.trim(), byId: actor.personId, on: today() };
    await writes.upsertObligations({ dealId, obligations: [item] });
    await closeFollowUps(item.key, 'WAIVED', actor.personId);
    await record('deal.obligation_waived', actor.personId, {}, { before: { obligationKey, status: before }, after: { obligationKey, label: item.label, status: 'WAIVED', waivedFen, paidFen: item.paidFen, reason: item.waiver.reason } });
    await notify({
      key: `${obligationKey}:waived`, personIds: [leadResearcherId], role: TTO, kind: 'OBLIGATION_WAIVED',
      title: `${reference}: 款项已豁免 / payment waived`,
      body: `${item.label}: ${cny(waivedFen)} waived — ${item.waiver.reason}`,
    });
  }

  async function withdraw({ actor, reason }: WithdrawDealInput): Promise<void> {
    for (const task of [...state.openTasks]) await closeTask(task, { state: 'CANCELLED', decision: 'WITHDRAWN' });
    // Only a notice still running is withdrawn; one that closed stays the record that publicity passed.
    if (state.publicity && (state.status === 'PUBLICITY' || state.status === 'OBJECTION_REVIEW')) await writes.updateDealNotice({ key: state.publicity.noticeKey, status: 'WITHDRAWN' });
    state.currentStepKey = null;
    await setStatus('WITHDRAWN', 'deal.withdrawn', actor.personId, {}, { reason });
    await notify({ key: `${dealId}:withdrawn`, personIds: [leadResearcherId], role: TTO, kind: 'DEAL_WITHDRAWN', title: `${reference}: 交易已撤回 / deal withdrawn`, body: reason });
    finished = true;
  }

  async function expire(): Promise<void> {
    await withdrawAmendment('EXPIRED');
    // Milestones not reached while the licence was in force are no longer owed.
    const lapsed = state.obligations.filter((item) => item.kind === 'MILESTONE' && item.dueOn === null && !isSettled(item));
    for (const item of lapsed) item.status = 'CANCELLED';
    if (lapsed.length > 0) await writes.upsertObligations({ dealId, obligations: lapsed });
    await setStatus('EXPIRED', 'deal.expired', null, {}, { expiresOn: state.expiresOn, lapsedMilestones: lapsed.map((item) => item.key) });
    await notify({ key: `${dealId}:expired`, personIds: [leadResearcherId], role: TTO, kind: 'DEAL_EXPIRED', title: `${reference}: 许可期限届满 / licence expired`, body: `The licence ended on ${state.expiresOn}; outstanding reports and payments are still tracked.` });
  }

  const somethingOutstanding = () =>
    state.obligations.some((item) => !isSettled(item)) || state.royaltyPeriod !== null || state.lateRoyaltyPeriods.length > 0 || state.royaltiesOwed.length > 0 || state.pendingAmendment !== null;

  /**
   * Nothing left to track: the process ends — unless the 技术合同认定登记 number is still to be
   * recorded; the settlement's tax treatment of the rewards needs it, so the process waits for it.
   */
  function settle(): void {
    if (state.techContractRegNo === null && patched('open-for-registration')) state.awaitingRegistration = true;
    else finished = true;
  }

  /** A transfer or equity deal with nothing left owed has run its course; so has an expired licence. */
  async function completeIfSettled(): Promise<void> {
    if (finished || state.awaitingRegistration || somethingOutstanding()) return;
    if (state.status === 'ACTIVE' && state.draft.mode !== 'LICENCE') {
      // Fully performed is not the same as a licence whose term ran out: its own status, for
      // deals completed from now on (before, they read EXPIRED).
      await setStatus(patched('completed-status') ? 'COMPLETED' : 'EXPIRED', 'deal.completed', null, {}, { reason: 'every obligation is settled' });
      await notify({ key: `${dealId}:completed`, personIds: [leadResearcherId], role: TTO, kind: 'DEAL_COMPLETED', title: `${reference}: 合同履行完毕 / contract fully performed`, body: 'Every payment under the contract is settled.' });
      settle();
    } else if (state.status === 'EXPIRED') {
      await record('deal.settled', null, {}, { after: { reason: 'the licence ended and every report and payment is settled' } });
      settle();
    } else if (state.status === 'TERMINATED') {
      await record('deal.settled', null, {}, { after: { reason: 'the deal was terminated and everything owed by then is settled' } });
      settle();
    }
  }

  // ─── timed events ─────────────────────────────────────────────────────────────────────────

  async function escalate(task: DealTask): Promise<void> {
    task.escalated = true;
    await writes.updateDealTask({ key: task.key, escalated: true });
    if (task.escalationRole) {
      await notify({ key: `${task.key}:escalated`, role: task.escalationRole, kind: 'TASK_ESCALATED', title: `Overdue: ${task.title}`, body: `${reference}: "${task.title}" is overdue; as ${task.escalationRole} you may act on it.` });
    }
    await notifyTaskOwners(task, `${task.key}:overdue`, 'TASK_OVERDUE', `Overdue: ${task.title}`, `${reference}: this task is overdue and has been escalated.`);
  }

  function taskEvents(task: DealTask): Timed[] {
    if (task.dueAt === null || task.escalated) return [];
    const events: Timed[] = [];
    if (task.kind === 'APPROVAL' || task.kind === 'OBJECTION_REVIEW') {
      // dueAt is the end of the due date, so the due date is the day of the instant before it.
      const dueMorning = morningOf(shanghaiDateOf(task.dueAt - 1));
      const halfTime = task.openedAt + Math.floor((task.dueAt - task.openedAt) / 2);
      for (const reminder of [
        { kind: 'HALF_TIME' as const, at: Math.min(halfTime, dueMorning), text: 'half of the time for this task has passed' },
        { kind: 'DUE_TODAY' as const, at: dueMorning, text: 'this task is due today' },
      ]) {
        const key = taskReminderKey(task, reminder.kind);
        events.push({ key, group: task.key, at: reminder.at, reminder: true, run: () => notifyTaskOwners(task, key, 'TASK_REMINDER', `Reminder: ${task.title}`, `${reference}: ${reminder.text}.`) });
      }
    }
    events.push({ key: taskEscalationKey(task), group: task.key, at: task.dueAt, reminder: false, run: () => escalate(task) });
    return events;
  }

  async function openFollowUp(kind: 'PAYMENT_FOLLOW_UP' | 'ROYALTY_FOLLOW_UP', subjectKey: string, dueOn: string, title: string, body: string): Promise<void> {
    const escalateOn = addCalendarDays({ date: dueOn, days: licensing.overdueEscalationDays });
    const task = await openTask({
      key: followUpTaskKey(subjectKey, dueOn),
      kind,
      stepKey: subjectKey,
      title: title.slice(0, 300),
      assigneeId: null,
      candidateRole: TTO,
      dueAt: shanghaiEndOfDay(escalateOn),
      escalationRole: escalationRoleOfFollowUps,
    });
    await notify({ key: `${task.key}:overdue-notice`, role: TTO, kind: kind === 'PAYMENT_FOLLOW_UP' ? 'PAYMENT_OVERDUE' : 'ROYALTY_REPORT_OVERDUE', title: task.title, body });
  }

  function paymentEvents(subject: { key: string; dueOn: string; label: string; outstanding: Fen }, keyOf: (kind: 'before' | 'due' | 'overdue') => string, onOverdue: () => Promise<void>): Timed[] {
    const events: Timed[] = [];
    const remind = (kind: 'before' | 'due', text: string) => {
      const key = keyOf(kind);
      return notify({ key, role: TTO, kind: 'PAYMENT_DUE', title: `${reference}: ${subject.label} ${cny(subject.outstanding)} ${text}`, body: `${subject.label}: ${cny(subject.outstanding)} is due on ${subject.dueOn}. 请关注到账情况 / please watch for the payment.` });
    };
    const days = licensing.paymentReminderDaysBefore;
    if (days > 0) events.push({ key: keyOf('before'), group: subject.key, at: morningOf(addCalendarDays({ date: subject.dueOn, days: -days })), reminder: true, run: () => remind('before', `将于 ${subject.dueOn} 到期 / due on ${subject.dueOn}`) });
    events.push({ key: keyOf('due'), group: subject.key, at: morningOf(subject.dueOn), reminder: true, run: () => remind('due', '今日到期 / due today') });
    events.push({ key: keyOf('overdue'), group: subject.key, at: shanghaiEndOfDay(subject.dueOn), reminder: false, run: onOverdue });
    return events;
  }

  function obligationEvents(item: Obligation): Timed[] {
    if (item.dueOn === null || isSettled(item) || item.status === 'OVERDUE' || outstandingFen(item) === 0) return [];
    const dueOn = item.dueOn;
    return paymentEvents({ key: item.key, dueOn, label: item.label, outstanding: outstandingFen(item) }, (kind) => obligationEventKey(item, kind), async () => {
      item.status = 'OVERDUE';
      await writes.upsertObligations({ dealId, obligations: [item] });
      await openFollowUp('PAYMENT_FOLLOW_UP', item.key, dueOn, `催收逾期款项 / Follow up overdue payment: ${item.label} ${cny(outstandingFen(item))} (due ${dueOn})`,
        `${reference}: ${item.label}, ${cny(outstandingFen(item))}, was due on ${dueOn} and has not been paid.`);
    });
  }

  function royaltyOwedEvents(owed: RoyaltyOwed): Timed[] {
    if (owed.status === 'OVERDUE') return [];
    const label = `使用费 ${owed.periodStart}–${owed.periodEnd} / royalty`;
    const outstanding = owed.royaltyFen - owed.paidFen;
    return paymentEvents({ key: `${owed.periodKey}:payment`, dueOn: owed.dueOn, label, outstanding }, (kind) => royaltyOwedEventKey(owed, kind), async () => {
      owed.status = 'OVERDUE';
      await openFollowUp('PAYMENT_FOLLOW_UP', `${owed.periodKey}:payment`, owed.dueOn, `催收逾期使用费 / Follow up overdue royalty ${owed.periodStart}–${owed.periodEnd} ${cny(outstanding)}`,
        `${reference}: the royalty of ${cny(outstanding)} for ${owed.periodStart}–${owed.periodEnd} was due on ${owed.dueOn} and has not been paid.`);
    });
  }

  function reportEvents(period: RoyaltyPeriodState): Timed[] {
    const contact = state.draft.counterparty?.contactEmail;
    const remind = (kind: 'before' | 'due') => {
      const key = reportEventKey(period, kind);
      const when = kind === 'due' ? `今日（${period.reportDueOn}）` : `${period.reportDueOn}前`;
      const subject = `[${reference}] 请提交使用费报告 / Royalty report due ${period.reportDueOn}`;
      const body = [
        `${state.draft.counterparty?.contactName ?? state.draft.counterparty?.name ?? ''}：`,
        `根据技术许可合同（${reference}），请于${when}提交 ${period.periodStart} 至 ${period.periodEnd} 期间的净销售额报告并支付使用费（费率 ${(state.draft.terms.royalty!.rateBp / 100).toFixed(2)}%）。`,
        `Under the licence ${reference}, please report net sales for ${period.periodStart} – ${period.periodEnd} and pay the royalty by ${period.reportDueOn}.`,
      ].join('\n');
      // Without a contact address the TTO is told instead, so the reminder is not lost.
      return contact ? acts.emailExternal({ key, to: contact, subject, body }) : notify({ key, role: TTO, kind: 'ROYALTY_REPORT_DUE', title: subject, body: `${body}\n(No licensee contact e-mail on file.)` });
    };
    const events: Timed[] = [];
    const days = licensing.paymentReminderDaysBefore;
    if (days > 0) events.push({ key: reportEventKey(period, 'before'), group: period.key, at: morningOf(addCalendarDays({ date: period.reportDueOn, days: -days })), reminder: true, run: () => remind('before') });
    events.push({ key: reportEventKey(period, 'due'), group: period.key, at: morningOf(period.reportDueOn), reminder: true, run: () => remind('due') });
    events.push({
      key: reportEventKey(period, 'overdue'), group: period.key, at: shanghaiEndOfDay(period.reportDueOn), reminder: false,
      run: async () => {
        const late: RoyaltyPeriodState = { ...period, status: 'OVERDUE' };
        await writes.upsertRoyaltyPeriod({ dealId, period: late });
        state.lateRoyaltyPeriods.push(late);
        await openFollowUp('ROYALTY_FOLLOW_UP', period.key, period.reportDueOn, `催交使用费报告 / Follow up missing royalty report ${period.periodStart}–${period.periodEnd}`,
          `${reference}: the licensee's royalty report for ${period.periodStart}–${period.periodEnd} was due on ${period.reportDueOn} and has not arrived.`);
        await advanceRoyaltyPeriod();
      },
    });
    return events;
  }

  /** Every timed event the deal's state implies, sent or not. */
  function allTimedEvents(): Timed[] {
    const events: Timed[] = state.openTasks.flatMap(taskEvents);
    const { publicity } = state;
    if (state.status === 'PUBLICITY' && publicity && publicity.pausedRemainingMs === null) {
      events.push({ key: `${publicity.noticeKey}:ended`, group: publicity.noticeKey, at: publicity.endsAt, reminder: false, run: endPublicity });
    }
    if (OWING.includes(state.status)) {
      for (const item of state.obligations) events.push(...obligationEvents(item));
      for (const owed of state.royaltiesOwed) events.push(...royaltyOwedEvents(owed));
      if (state.royaltyPeriod) events.push(...reportEvents(state.royaltyPeriod));
      if (state.status === 'ACTIVE' && state.expiresOn !== null) {
        events.push({ key: `${dealId}:expiry:${state.expiresOn}`, group: 'expiry', at: shanghaiEndOfDay(state.expiresOn), reminder: false, run: expire });
      }
    }
    return events;
  }

  const schedule = () => allTimedEvents().filter((event) => !sent.has(event.key)).sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // ─── the loop ─────────────────────────────────────────────────────────────────────────────

  async function dispatch(pending: Pending): Promise<void> {
    const { event } = pending;
    switch (event.kind) {
      case 'edit': {
        const draft = ZDealDraft.parse(event.input.draft) as TDealDraft;
        state.draft = draft;
        return record('deal.draft_edited', event.input.actor.personId, { draft }, { after: draft });
      }
      case 'submit': return submit(event.input);
      case 'decide': return decide(event.input);
      case 'claim': {
        const { actor, taskKey } = event.input;
        const task = state.openTasks.find((open) => open.key === taskKey)!;
        task.assigneeId = actor.personId;
        return writes.updateDealTask({ key: taskKey, assigneeId: actor.personId });
      }
      case 'delegate': {
        const { actor, taskKey, deputyId, comment } = event.input;
        const task = state.openTasks.find((open) => open.key === taskKey)!;
        task.assigneeId = deputyId;
        await writes.updateDealTask({ key: taskKey, assigneeId: deputyId, delegatedFrom: actor.personId });
        return notify({ key: `${taskKey}:delegated:${deputyId}`, personIds: [deputyId], kind: 'TASK_DELEGATED', title: `Delegated to you: ${task.title}`, body: `${reference}: ${task.title}${comment ? ` — ${comment}` : ''}` });
      }
      case 'objection': return fileObjection(pending, event.input);
      case 'resolve': return resolveObjection(event.input);
      case 'exchange': return recordExchange(event.input);
      case 'signed': return attachSignedContract(event.input);
      case 'registration': return recordRegistration(event.input);
      case 'milestone': return recordMilestone(event.input);
      case 'payment': return recordPayment(event.input);
      case 'royaltyReport': return submitRoyaltyReport(event.input);
      case 'amend': return requestAmendment(event.input);
      case 'terminate': return terminate(event.input);
      case 'waive': return waiveObligation(event.input);
      case 'withdraw': return withdraw(event.input);
    }
  }

  /**
   * Takes one update from the queue: checked again against the state now, then carried out. It
   * is answered after everything it caused (a deal completed by its last payment, say) is recorded.
   */
  async function take(pending: Pending): Promise<void> {
    try {
      check(pending.event, false);
      await dispatch(pending);
      await completeIfSettled();
    } catch (error) {
      if (error instanceof Refusal) {
        refusals.set(pending.seq, { code: error.code, message: error.message, details: error.details });
        return;
      }
      if (error instanceof ApplicationFailure && isAppErrorCode(error.type) && error.nonRetryable) {
        refusals.set(pending.seq, { code: error.type, message: error.message, details: error.details?.[0] });
        return;
      }
      throw error;
    }
    handled.add(pending.seq);
  }

  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const shouldContinueAsNew = () =>
    OWING.includes(state.status) && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxHistoryEvents);

  async function continueAsNewWithState(): Promise<never> {
    // Only the keys a future event could still use travel on; the rest can never repeat.
    const possible = new Set(allTimedEvents().map((event) => event.key));
    return continueAsNew<typeof ipDealWorkflow>({
      ...input,
      carried: {
        state: snapshot(),
        sentKeys: [...sent].filter((key) => possible.has(key)),
        paymentKeys: [...paymentKeys],
        decidedTaskKeys: [...decidedTaskKeys],
      },
    });
  }

  if (fresh) {
    await acts.createDeal({ ...input, workflowId: workflowInfo().workflowId });
  } else if (state.status !== 'DRAFT') {
    calendar = await writes.loadDealCalendar();
  }

  while (!finished) {
    const pending = queue.shift();
    if (pending) {
      await take(pending);
      continue;
    }
    if (shouldContinueAsNew()) {
      // Every accepted update is finished first (none is queued, so none waits on the loop).
      await condition(() => queue.length > 0 || allHandlersFinished());
      if (queue.length === 0) await continueAsNewWithState();
      continue;
    }
    const upcoming = schedule();
    const next = upcoming[0];
    if (next === undefined) {
      await condition(() => queue.length > 0);
      continue;
    }
    if (next.at > Date.now()) {
      await condition(() => queue.length > 0, next.at - Date.now());
      continue;
    }
    // Due now. A reminder is skipped when a later event of its group is due as well (a deal
    // signed late catches up with the latest state of each payment, not every old reminder).
    const superseded = next.reminder && upcoming.some((other) => other !== next && other.group === next.group && other.at <= Date.now());
    if (!superseded) await next.run();
    sent.add(next.key);
    await completeIfSettled();
  }

  // Anything accepted that the loop will never take (it raced the end) is refused, so its
  // caller gets an answer and the workflow can finish.
  for (const pending of queue.splice(0)) {
    refusals.set(pending.seq, { code: 'INVALID_TRANSITION', message: `The deal was ${state.status.toLowerCase()} before this could take effect` });
  }
  await condition(allHandlersFinished);
  return snapshot();
}
