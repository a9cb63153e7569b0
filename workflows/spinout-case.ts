// One workflow per spin-out case: draft → submitted → each approval step of the case's policy
// profile → publicity (公示) → agreement → signed. Human decisions arrive as Updates whose
// validators refuse wrong people, wrong steps, stale versions and repeats; each accepted
// decision returns only after the read model shows its effect (the next task, the new status).
import { activityOptions, localActivityOptions } from './activity-options';
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  dueDate,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiInstantOf,
  type CalendarDay,
  type DayKind,
} from '../domain/calendar';
import { checkEligibility, type Role, type TApprovalStep } from '../domain/policy';
import { applicantFactsOf, canWithdraw, spinoutSubmissionSchema, type CaseStatus } from '../domain/spinout';
import { issuesFromZodError } from '../domain/validation';
import {
  attachSignedCopyUpdate,
  claimUpdate,
  decideUpdate,
  delegateUpdate,
  editDraftUpdate,
  fileObjectionUpdate,
  resolveObjectionUpdate,
  stateQuery,
  submitUpdate,
  withdrawUpdate,
  type Actor,
  type AttachSignedCopyInput,
  type CaseTask,
  type DecideInput,
  type FileObjectionInput,
  type NotifyInput,
  type ResolveObjectionInput,
  type SpinoutCaseActivities,
  type SpinoutCaseInput,
  type SpinoutCaseState,
  type SubmitInput,
  type WithdrawInput,
} from './contracts/spinout-case';
import { retentionClockWorkflowId } from './contracts/retention-clock';
import { retentionClockWorkflow } from './retention-clock';
import { mayActOnTask } from './shared/may-act-on-task';
import { refuse } from './shared/refuse';

const acts = proxyActivities<SpinoutCaseActivities>(activityOptions);
const localActs = proxyLocalActivities<SpinoutCaseActivities>(localActivityOptions);

/** Objections are reviewed by the tech-transfer office, on its step's due time when it has one. */
const OBJECTION_REVIEW_ROLE: Role = 'TTO_OFFICER';
const DEFAULT_OBJECTION_REVIEW_DAYS = 5;
/** Reminders on the due date go out in the morning, Shanghai time. */
const DUE_DAY_REMINDER_TIME = '09:00';


/** Thrown inside the main flow when the researcher withdraws; caught once at the top. */
class Withdrawn extends Error {}

interface Pending<T> { seq: number; input: T }

export async function spinoutCaseWorkflow(input: SpinoutCaseInput): Promise<SpinoutCaseState> {
  const { caseId, profile } = input;
  const steps = profile.approval.steps;
  const state: SpinoutCaseState = {
    caseId,
    status: 'DRAFT',
    version: 1,
    round: 1,
    stepIndex: 0,
    currentStepKey: null,
    openTasks: [],
    publicity: null,
    agreementDocumentId: null,
    signedCopies: { RESEARCHER: null, INSTITUTION: null },
    signingDate: null,
    draft: input.draft,
    lastDecision: null,
  };
  let calendar: CalendarDay[] = [];
  // The read model's writes (case state, tasks, notice, objections) run as local activities, and
  // an approval writes its whole transition in one, so a decision takes one workflow task
  // (docs/decisions/0008). Cases started before this change scheduled ordinary activities, one
  // per write, and keep doing so when they replay.
  const decisionsInOneTask = patched('read-model-writes-local');
  const writes = decisionsInOneTask ? localActs : acts;
  const decidedTaskKeys = new Set<string>();

  // Events from update handlers, consumed in order by the main flow. A handler waits until its
  // event is handled (or discarded by a withdrawal) so the caller sees the result.
  let seq = 0;
  const handled = new Set<number>();
  const discarded = new Set<number>();
  let submission: Pending<SubmitInput> | null = null;
  let decision: Pending<DecideInput> | null = null;
  let objection: Pending<FileObjectionInput> | null = null;
  let objectionResult: { seq: number; objectionId: string } | null = null;
  let resolution: Pending<ResolveObjectionInput> | null = null;
  let signedCopy: Pending<AttachSignedCopyInput> | null = null;
  let withdrawal: Pending<WithdrawInput> | null = null;

  // An approval is acknowledged only once its effect is visible (the next task opened or the
  // status changed), so the approver's answer and the read model already show what follows.
  let deferred: number[] = [];
  const release = () => {
    for (const deferredSeq of deferred) handled.add(deferredSeq);
    deferred = [];
  };

  // A deep copy, so a caller never holds live state. JSON rather than structuredClone, which the
  // workflow sandbox does not provide (every update and query failed with a ReferenceError).
  // The state is plain JSON data by construction.
  const snapshot = (): SpinoutCaseState => JSON.parse(JSON.stringify(state)) as SpinoutCaseState;
  const awaitHandled = async (mySeq: number) => {
    await condition(() => handled.has(mySeq) || discarded.has(mySeq));
    if (discarded.has(mySeq)) refuse('INVALID_TRANSITION', `The case was ${state.status.toLowerCase()} before this could take effect`);
  };

  // ─── helpers ──────────────────────────────────────────────────────────────────────────────

  const today = () => shanghaiDateOf(Date.now());
  const dueAtAfter = (days: number, dayKind: DayKind) =>
    shanghaiEndOfDay(dueDate({ start: today(), days, dayKind, calendar }));

  async function setStatus(status: CaseStatus, action: string, actorId: string | null, extra: { signingDate?: string } = {}) {
    await writes.recordCaseState(changeStatus(status, action, actorId, extra));
    release();
  }

  /** Moves the state to `status` (a new version) and returns the write that records it. */
  function changeStatus(status: CaseStatus, action: string, actorId: string | null, extra: { signingDate?: string } = {}) {
    const before = state.status;
    state.status = status;
    state.version += 1;
    return {
      caseId,
      status,
      version: state.version,
      currentStepKey: state.currentStepKey,
      ...extra,
      event: { key: `${caseId}:v${state.version}`, actorId, action, before: { status: before }, after: { status, stepKey: state.currentStepKey, ...extra } },
    };
  }

  const notify = (message: Omit<NotifyInput, 'institutionId' | 'caseId'>) =>
    acts.notify({ institutionId: input.institutionId, caseId, ...message });

  /** Tell whoever can act on a task: its assignee, or every member of its candidate role. */
  const notifyTaskOwners = (task: CaseTask, key: string, kind: string, title: string, body: string) =>
    notify({
      key,
      kind,
      title,
      body,
      ...(task.assigneeId ? { personIds: [task.assigneeId] } : { role: task.candidateRole ?? undefined, departmentId: task.departmentId }),
    });

  /** Adds the task to the state; the caller writes it to the read model. */
  function addOpenTask(task: Omit<CaseTask, 'openedAt' | 'escalated'>): CaseTask {
    const full: CaseTask = { ...task, openedAt: Date.now(), escalated: false };
    state.openTasks.push(full);
    return full;
  }

  const announceTask = (task: CaseTask) => notifyTaskOwners(task, `${task.key}:opened`, 'TASK_OPENED', task.title, `${input.reference}: ${task.title}`);

  async function openTask(task: Omit<CaseTask, 'openedAt' | 'escalated'>): Promise<CaseTask> {
    const full = addOpenTask(task);
    await writes.openTask({ institutionId: input.institutionId, caseId, task: full });
    release();
    await announceTask(full);
    return full;
  }

  /** Removes the task from the state; the caller writes it to the read model. */
  function removeOpenTask(task: CaseTask) {
    state.openTasks = state.openTasks.filter((open) => open.key !== task.key);
    decidedTaskKeys.add(task.key);
  }

  async function closeTask(task: CaseTask, outcome: { state: 'DONE' | 'CANCELLED'; decision?: string; comment?: string | null; decidedById?: string | null }) {
    removeOpenTask(task);
    await writes.closeTask({ key: task.key, ...outcome });
  }

  /** Waits for `ready` until `atMs`; true if it became ready. A withdrawal interrupts any wait. */
  async function waitUntil(ready: () => boolean, atMs: number | null): Promise<boolean> {
    const predicate = () => ready() || withdrawal !== null;
    const ok = atMs === null ? (await condition(predicate), true) : await condition(predicate, Math.max(atMs - Date.now(), 1));
    if (withdrawal !== null) throw new Withdrawn();
    return ok && ready();
  }

  /**
   * Waits for `ready` on a task with a due time: a reminder at half time, one on the morning of
   * the due date, and escalation to the escalation role once it is overdue.
   */
  async function awaitTaskEvent(task: CaseTask, ready: () => boolean): Promise<void> {
    if (task.dueAt !== null) {
      // dueAt is the end of the due date (00:00 the day after), so the due date is the day of
      // the instant before it.
      const dueMorning = shanghaiInstantOf({ date: shanghaiDateOf(task.dueAt - 1), time: DUE_DAY_REMINDER_TIME });
      const halfTime = task.openedAt + Math.floor((task.dueAt - task.openedAt) / 2);
      const reminders = [
        { at: Math.min(halfTime, dueMorning), kind: 'HALF_TIME', text: 'half of the time for this task has passed' },
        { at: dueMorning, kind: 'DUE_TODAY', text: 'this task is due today' },
      ];
      for (const reminder of reminders) {
        if (await waitUntil(ready, reminder.at)) return;
        await notifyTaskOwners(task, `${task.key}:reminder:${reminder.kind}`, 'TASK_REMINDER', `Reminder: ${task.title}`, `${input.reference}: ${reminder.text}.`);
      }
      if (await waitUntil(ready, task.dueAt)) return;
      task.escalated = true;
      await writes.updateTask({ key: task.key, escalated: true });
      if (task.escalationRole) {
        await notify({
          key: `${task.key}:escalated`,
          role: task.escalationRole,
          kind: 'TASK_ESCALATED',
          title: `Overdue: ${task.title}`,
          body: `${input.reference}: "${task.title}" is overdue; as ${task.escalationRole} you may decide it.`,
        });
      }
      await notifyTaskOwners(task, `${task.key}:overdue`, 'TASK_OVERDUE', `Overdue: ${task.title}`, `${input.reference}: this task is overdue and has been escalated.`);
    }
    await waitUntil(ready, null);
  }

  function canAct(task: CaseTask, actor: Actor): boolean {
    if (actor.personId === input.researcherId && task.kind !== 'RESUBMIT') return false; // no one decides their own case
    return mayActOnTask(task, actor);
  }

  function findOpenTask(taskKey: string, kind: CaseTask['kind']): CaseTask {
    const task = state.openTasks.find((open) => open.key === taskKey);
    if (!task) {
      if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
      const current = state.openTasks.filter((open) => open.kind === kind).map((open) => open.key);
      refuse('WRONG_STEP', `Task ${taskKey} is not open on this case${current.length ? ` (open: ${current.join(', ')})` : ''}`);
    }
    if (task.kind !== kind) refuse('WRONG_STEP', `Task ${taskKey} is a ${task.kind} task, not ${kind}`);
    return task;
  }

  function checkVersion(expected: number | undefined) {
    if (expected !== undefined && expected !== state.version) {
      refuse('STALE_VERSION', `The case changed since you loaded it (version ${expected}, now ${state.version}); reload and try again`);
    }
  }

  function assertResearcher(actor: Actor) {
    if (actor.personId !== input.researcherId) refuse('FORBIDDEN', 'Only the researcher who owns the case may do this');
  }

  // ─── updates and query ────────────────────────────────────────────────────────────────────

  setHandler(stateQuery, snapshot);

  // Handlers that write the read model wait until the case row exists.
  let created = false;

  setHandler(
    editDraftUpdate,
    async ({ actor, draft }) => {
      await condition(() => created);
      state.draft = draft;
      state.version += 1;
      await writes.recordCaseState({
        caseId,
        status: state.status,
        version: state.version,
        currentStepKey: state.currentStepKey,
        draft,
        event: { key: `${caseId}:v${state.version}`, actorId: actor.personId, action: 'case.draft_edited', after: draft },
      });
      return snapshot();
    },
    {
      validator: ({ actor, expectedVersion }) => {
        assertResearcher(actor);
        if (state.status !== 'DRAFT' && state.status !== 'RETURNED') refuse('INVALID_TRANSITION', `A ${state.status} case cannot be edited; only a draft or a case returned for changes`);
        // The submission validated the draft as it was; it must not change under it.
        if (submission !== null) refuse('CONFLICT', 'The case is being submitted; it can no longer be edited');
        checkVersion(expectedVersion);
      },
    },
  );

  setHandler(
    submitUpdate,
    async (submit) => {
      const mySeq = ++seq;
      submission = { seq: mySeq, input: submit };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, expectedVersion, today: submittedOn }) => {
        assertResearcher(actor);
        if (state.status !== 'DRAFT' && state.status !== 'RETURNED') refuse('INVALID_TRANSITION', `A ${state.status} case cannot be submitted`);
        if (submission !== null) refuse('CONFLICT', 'The case is already being submitted');
        checkVersion(expectedVersion);
        const parsed = spinoutSubmissionSchema({ profile, today: submittedOn ?? today() }).safeParse(state.draft);
        if (!parsed.success) {
          const issues = issuesFromZodError(parsed.error);
          refuse('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
        }
        const reasons = checkEligibility({ profile, applicant: applicantFactsOf(parsed.data) });
        if (reasons.length > 0) refuse('NOT_ELIGIBLE', reasons.map((reason) => reason.message.en).join('; '), reasons);
      },
    },
  );

  setHandler(
    decideUpdate,
    async (decide) => {
      const mySeq = ++seq;
      decision = { seq: mySeq, input: decide };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, taskKey, decision: verdict, comment, expectedVersion }) => {
        // A repeat (say a double click on the last step) is ALREADY_DECIDED, even once the case has moved on.
        if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
        if (state.status !== 'IN_REVIEW') refuse('INVALID_TRANSITION', `A ${state.status} case has no approval step to decide`);
        const task = findOpenTask(taskKey, 'APPROVAL');
        if (decision !== null) refuse('ALREADY_DECIDED', `Task ${taskKey} is already being decided`);
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `You are not the assignee of task ${taskKey} (${task.assigneeId ? 'assigned to someone else' : `for role ${task.candidateRole}`})`);
        checkVersion(expectedVersion);
        if ((verdict === 'REJECT' || verdict === 'RETURN') && !comment?.trim()) {
          refuse('VALIDATION_FAILED', `comment: a ${verdict === 'REJECT' ? 'reason' : 'note of what to change'} is required to ${verdict.toLowerCase()}`);
        }
      },
    },
  );

  setHandler(
    claimUpdate,
    async ({ actor, taskKey }) => {
      await condition(() => created);
      const task = findOpenTask(taskKey, state.openTasks.find((open) => open.key === taskKey)?.kind ?? 'APPROVAL');
      task.assigneeId = actor.personId;
      await writes.updateTask({ key: taskKey, assigneeId: actor.personId });
      return snapshot();
    },
    {
      validator: ({ actor, taskKey }) => {
        const task = findOpenTask(taskKey, state.openTasks.find((open) => open.key === taskKey)?.kind ?? 'APPROVAL');
        if (task.assigneeId !== null) refuse('CONFLICT', task.assigneeId === actor.personId ? 'You have already claimed this task' : 'Task is already claimed by someone else');
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `Only a ${task.candidateRole} may claim task ${taskKey}`);
      },
    },
  );

  setHandler(
    delegateUpdate,
    async ({ actor, taskKey, deputyId, comment }) => {
      const task = findOpenTask(taskKey, state.openTasks.find((open) => open.key === taskKey)?.kind ?? 'APPROVAL');
      task.assigneeId = deputyId;
      await writes.updateTask({ key: taskKey, assigneeId: deputyId, delegatedFrom: actor.personId });
      await notify({
        key: `${taskKey}:delegated:${deputyId}`,
        personIds: [deputyId],
        kind: 'TASK_DELEGATED',
        title: `Delegated to you: ${task.title}`,
        body: `${input.reference}: ${task.title}${comment ? ` — ${comment}` : ''}`,
      });
      return snapshot();
    },
    {
      validator: ({ actor, taskKey, deputyId }) => {
        const task = findOpenTask(taskKey, state.openTasks.find((open) => open.key === taskKey)?.kind ?? 'APPROVAL');
        if (task.kind === 'RESUBMIT') refuse('FORBIDDEN', 'A resubmission cannot be delegated');
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `You cannot delegate task ${taskKey}: it is not yours`);
        if (deputyId === input.researcherId) refuse('FORBIDDEN', 'A case cannot be delegated to its own researcher');
        if (deputyId === actor.personId) refuse('VALIDATION_FAILED', 'deputyId: you cannot delegate to yourself');
      },
    },
  );

  setHandler(
    fileObjectionUpdate,
    async (filed) => {
      const mySeq = ++seq;
      objection = { seq: mySeq, input: filed };
      await awaitHandled(mySeq);
      const result = objectionResult as { seq: number; objectionId: string } | null;
      if (!result || result.seq !== mySeq) refuse('INTERNAL', 'The objection was not recorded');
      return { objectionId: result.objectionId };
    },
    {
      validator: ({ contact, reason }) => {
        if (state.status === 'OBJECTION_REVIEW' || objection !== null) refuse('PUBLICITY_OPEN', 'An objection to this notice is already under review; publicity is paused until it is resolved');
        if (state.status !== 'PUBLICITY') refuse('INVALID_TRANSITION', 'Objections can be filed only while the notice is in its publicity period');
        // The period may have ended a moment ago while the case has not moved on yet: too late.
        if (state.publicity !== null && Date.now() >= state.publicity.endsAt) refuse('INVALID_TRANSITION', 'The publicity period has ended');
        if (!contact?.trim()) refuse('VALIDATION_FAILED', 'contact: how to reach you is required');
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: the reason for the objection is required');
      },
    },
  );

  setHandler(
    resolveObjectionUpdate,
    async (resolve) => {
      const mySeq = ++seq;
      resolution = { seq: mySeq, input: resolve };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, taskKey, comment }) => {
        if (decidedTaskKeys.has(taskKey)) refuse('ALREADY_DECIDED', `Task ${taskKey} has already been decided`);
        if (state.status !== 'OBJECTION_REVIEW') refuse('INVALID_TRANSITION', `A ${state.status} case has no objection to resolve`);
        const task = findOpenTask(taskKey, 'OBJECTION_REVIEW');
        if (resolution !== null) refuse('ALREADY_DECIDED', 'The objection is already being resolved');
        if (!canAct(task, actor)) refuse('NOT_ASSIGNEE', `Only ${OBJECTION_REVIEW_ROLE} may resolve the objection`);
        if (!comment?.trim()) refuse('VALIDATION_FAILED', 'comment: the reasoning for the resolution is required');
      },
    },
  );

  setHandler(
    attachSignedCopyUpdate,
    async (attach) => {
      const mySeq = ++seq;
      signedCopy = { seq: mySeq, input: attach };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, party, signedOn }) => {
        if (state.status !== 'AGREEMENT') refuse('INVALID_TRANSITION', `A ${state.status} case has no agreement awaiting signature`);
        if (signedCopy !== null) refuse('CONFLICT', 'Another signed copy is being recorded; try again');
        const isTto = actor.roles.includes('TTO_OFFICER');
        if (party === 'INSTITUTION' ? !isTto : !(isTto || actor.personId === input.researcherId)) {
          refuse('FORBIDDEN', party === 'INSTITUTION' ? "Only the tech-transfer office uploads the institution's signed copy" : "Only the researcher or the tech-transfer office uploads the researcher's signed copy");
        }
        if (!/^\d{4}-\d{2}-\d{2}$/.test(signedOn ?? '') || signedOn > today()) refuse('VALIDATION_FAILED', `signedOn: must be a date (YYYY-MM-DD) not after today (${today()})`);
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async (withdraw) => {
      const mySeq = ++seq;
      withdrawal = { seq: mySeq, input: withdraw };
      await awaitHandled(mySeq);
      return snapshot();
    },
    {
      validator: ({ actor, reason }) => {
        assertResearcher(actor);
        if (!canWithdraw(state.status) || withdrawal !== null) refuse('INVALID_TRANSITION', `A ${state.status} case can no longer be withdrawn`);
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: a reason for the withdrawal is required');
      },
    },
  );

  // ─── the process ──────────────────────────────────────────────────────────────────────────

  const done = (event: Pending<unknown> | null) => { if (event) handled.add(event.seq); };

  async function awaitSubmission(): Promise<void> {
    await waitUntil(() => submission !== null, null);
    const { input: submit } = submission!;
    if (state.status === 'RETURNED') {
      const resubmitTask = state.openTasks.find((task) => task.kind === 'RESUBMIT');
      if (resubmitTask) await closeTask(resubmitTask, { state: 'DONE', decision: 'RESUBMITTED', decidedById: submit.actor.personId });
      // A new round: fresh task keys, and the chain resumes where the profile says.
      state.round += 1;
      if (profile.approval.returnRestartsFrom === 'FIRST_STEP') state.stepIndex = 0;
    }
    state.currentStepKey = null;
    await setStatus('SUBMITTED', state.round === 1 ? 'case.submitted' : 'case.resubmitted', submit.actor.personId);
    calendar = await writes.loadCalendar();
    await setStatus('IN_REVIEW', 'case.review_started', null);
    // Like an approval, the submission is answered once the first step's task is open.
    deferred.push(submission!.seq);
    submission = null;
  }

  function stepTask(step: TApprovalStep): Omit<CaseTask, 'openedAt' | 'escalated'> {
    return {
      key: `${caseId}:r${state.round}:${step.key}`,
      kind: 'APPROVAL',
      stepKey: step.key,
      title: `${step.label.zh} / ${step.label.en}`,
      assigneeId: null,
      candidateRole: step.role,
      departmentId: step.role === 'DEPT_HEAD' ? input.departmentId : null,
      dueAt: dueAtAfter(step.dueDays, profile.approval.dayKind),
      escalationRole: step.escalationRole ?? null,
    };
  }

  /** Runs the chain from state.stepIndex to its end, or until a step rejects or returns. */
  async function runApprovalChain(): Promise<'APPROVED' | 'REJECTED' | 'RETURNED'> {
    // The next step's task when the approval of the previous one opened it.
    let opened: CaseTask | null = null;
    while (state.stepIndex < steps.length) {
      const step = steps[state.stepIndex]!;
      state.currentStepKey = step.key;
      const task = opened ?? (await openTask(stepTask(step)));
      opened = null;
      await awaitTaskEvent(task, () => decision !== null && decision.input.taskKey === task.key);
      const { input: decide } = decision!;
      state.lastDecision = { taskKey: task.key, decision: decide.decision, byId: decide.actor.personId, comment: decide.comment ?? null };
      const outcome = { state: 'DONE', decision: decide.decision, comment: decide.comment ?? null, decidedById: decide.actor.personId } as const;
      if (decide.decision === 'APPROVE') {
        const approved = {
          caseId, status: state.status, version: state.version, currentStepKey: step.key,
          event: { key: `${task.key}:approved`, actorId: decide.actor.personId, action: 'case.step_approved', after: { stepKey: step.key, comment: decide.comment ?? null } },
        };
        if (decisionsInOneTask) {
          // Task closed, step approved and the next step's task opened in one transaction; the
          // approver is answered once it is written, and the next step's owners told after.
          removeOpenTask(task);
          const nextStep = steps[state.stepIndex + 1];
          if (nextStep) {
            state.currentStepKey = nextStep.key;
            opened = addOpenTask(stepTask(nextStep));
          }
          await writes.recordTransition({
            close: { key: task.key, ...outcome },
            state: { ...approved, currentStepKey: state.currentStepKey },
            ...(opened ? { open: { institutionId: input.institutionId, caseId, task: opened } } : {}),
          });
        } else {
          await closeTask(task, outcome);
          await writes.recordCaseState(approved);
        }
        state.stepIndex += 1;
        deferred.push(decision!.seq);
        decision = null;
        if (opened) {
          release();
          await announceTask(opened);
        }
        continue;
      }
      const finish = () => { done(decision); decision = null; };
      const resubmit: Omit<CaseTask, 'openedAt' | 'escalated'> = {
        key: `${caseId}:r${state.round}:resubmit`,
        kind: 'RESUBMIT',
        stepKey: step.key,
        title: `修改后重新提交 / Revise and resubmit: ${decide.comment ?? ''}`.slice(0, 300),
        assigneeId: input.researcherId,
        candidateRole: null,
        departmentId: null,
        dueAt: null,
        escalationRole: null,
      };
      const rejected = decide.decision === 'REJECT';
      // A rejection or a return is written like an approval, in one transaction: the task closed,
      // the case's new status and, for a return, the researcher's task. Cases that decided one
      // before this change wrote them one by one, and replay that way.
      if (decisionsInOneTask && patched('outcomes-in-one-transaction')) {
        removeOpenTask(task);
        const change = rejected ? changeStatus('REJECTED', 'case.rejected', decide.actor.personId) : changeStatus('RETURNED', 'case.returned', decide.actor.personId);
        const opened = rejected ? null : addOpenTask(resubmit);
        await writes.recordTransition({ close: { key: task.key, ...outcome }, state: change, ...(opened ? { open: { institutionId: input.institutionId, caseId, task: opened } } : {}) });
        release();
        if (opened) await announceTask(opened);
      } else {
        await closeTask(task, outcome);
        await setStatus(rejected ? 'REJECTED' : 'RETURNED', rejected ? 'case.rejected' : 'case.returned', decide.actor.personId);
        if (!rejected) await openTask(resubmit);
      }
      if (rejected) {
        await notify({ key: `${task.key}:rejected`, personIds: [input.researcherId], kind: 'CASE_REJECTED', title: `${input.reference} rejected`, body: decide.comment ?? '' });
        finish();
        return 'REJECTED';
      }
      // RETURN for changes: the researcher edits and resubmits; the chain resumes per profile.
      finish();
      return 'RETURNED';
    }
    return 'APPROVED';
  }

  async function runPublicity(): Promise<'PASSED' | 'UPHELD'> {
    const startsOn = today();
    const endsOn = dueDate({ start: startsOn, days: profile.publicity.days, dayKind: profile.publicity.dayKind, calendar });
    state.currentStepKey = 'publicity';
    state.publicity = { noticeKey: `${caseId}:r${state.round}:notice`, startsOn, endsOn, endsAt: shanghaiEndOfDay(endsOn), pausedRemainingMs: null, objectionId: null };
    await writes.publishNotice({ key: state.publicity.noticeKey, institutionId: input.institutionId, caseId, startsOn, endsOn });
    await setStatus('PUBLICITY', 'case.publicity_started', null);
    await notify({ key: `${state.publicity.noticeKey}:published`, personIds: [input.researcherId], kind: 'PUBLICITY_STARTED', title: `${input.reference}: 公示 / public notice`, body: `Publicity runs ${startsOn} – ${endsOn}.` });

    for (;;) {
      const publicity = state.publicity!;
      if (!(await waitUntil(() => objection !== null, publicity.endsAt))) {
        await writes.updateNotice({ key: publicity.noticeKey, status: 'CLOSED' });
        return 'PASSED';
      }
      // An objection pauses the notice and sends the case to the TTO.
      const filed = objection!;
      const { objectionId } = await writes.recordObjection({ key: `${caseId}:objection:${filed.seq}`, noticeKey: publicity.noticeKey, ...filed.input });
      publicity.pausedRemainingMs = Math.max(publicity.endsAt - Date.now(), 0);
      publicity.objectionId = objectionId;
      await writes.updateNotice({ key: publicity.noticeKey, status: 'PAUSED' });
      await setStatus('OBJECTION_REVIEW', 'case.objection_filed', null);
      objectionResult = { seq: filed.seq, objectionId };
      // Answered once the TTO's review task is open, so the filer's answer and the read model agree.
      deferred.push(filed.seq);
      objection = null;

      const ttoStep = steps.find((step) => step.role === OBJECTION_REVIEW_ROLE);
      const task = await openTask({
        key: `${caseId}:objection:${objectionId}`,
        kind: 'OBJECTION_REVIEW',
        stepKey: 'objection',
        title: '异议审查 / Review objection',
        assigneeId: null,
        candidateRole: OBJECTION_REVIEW_ROLE,
        departmentId: null,
        dueAt: dueAtAfter(ttoStep?.dueDays ?? DEFAULT_OBJECTION_REVIEW_DAYS, profile.approval.dayKind),
        escalationRole: ttoStep?.escalationRole ?? 'LEADERSHIP',
      });
      await awaitTaskEvent(task, () => resolution !== null);
      const { input: resolve } = resolution!;
      await closeTask(task, { state: 'DONE', decision: resolve.outcome, comment: resolve.comment, decidedById: resolve.actor.personId });
      await writes.resolveObjection({ objectionId, outcome: resolve.outcome === 'DISMISS' ? 'DISMISSED' : 'UPHELD', resolution: resolve.comment, resolvedById: resolve.actor.personId });
      if (resolve.outcome === 'DISMISS') {
        // Publicity resumes with the time it had left when the objection paused it.
        publicity.endsAt = Date.now() + (publicity.pausedRemainingMs ?? 0);
        // endsAt is the exclusive end, so the last day is the one its previous instant falls on.
        publicity.endsOn = shanghaiDateOf(publicity.endsAt - 1);
        publicity.pausedRemainingMs = null;
        await writes.updateNotice({ key: publicity.noticeKey, status: 'OPEN', endsOn: publicity.endsOn });
        await setStatus('PUBLICITY', 'case.objection_dismissed', resolve.actor.personId);
        done(resolution);
        resolution = null;
        continue;
      }
      await writes.updateNotice({ key: publicity.noticeKey, status: 'WITHDRAWN' });
      state.publicity = null;
      state.round += 1;
      state.stepIndex = 0;
      await setStatus('IN_REVIEW', 'case.objection_upheld', resolve.actor.personId);
      await notify({ key: `${task.key}:upheld`, personIds: [input.researcherId], kind: 'OBJECTION_UPHELD', title: `${input.reference}: objection upheld`, body: resolve.comment });
      // Answered once the new round's first task is open, like a submission.
      deferred.push(resolution!.seq);
      resolution = null;
      return 'UPHELD';
    }
  }

  async function runAgreement(): Promise<void> {
    state.currentStepKey = 'agreement';
    await setStatus('AGREEMENT', 'case.agreement_started', null);
    const { documentId } = await acts.generateAgreement({ caseId, key: `${caseId}:agreement` });
    state.agreementDocumentId = documentId;
    const task = await openTask({
      key: `${caseId}:sign`,
      kind: 'SIGN_AGREEMENT',
      stepKey: 'agreement',
      title: '签署离岗创业协议 / Sign the spin-out agreement',
      assigneeId: null,
      candidateRole: 'TTO_OFFICER',
      departmentId: null,
      dueAt: null,
      escalationRole: null,
    });
    await notify({ key: `${caseId}:agreement:ready`, personIds: [input.researcherId], kind: 'AGREEMENT_READY', title: `${input.reference}: agreement ready to sign`, body: 'Download the agreement, sign it and upload your signed copy.' });
    while (!state.signedCopies.RESEARCHER || !state.signedCopies.INSTITUTION) {
      await waitUntil(() => signedCopy !== null, null);
      const { input: attach } = signedCopy!;
      state.signedCopies[attach.party] = { documentId: attach.documentId, signedOn: attach.signedOn, uploadedBy: attach.actor.personId };
      state.version += 1;
      await writes.recordCaseState({
        caseId, status: state.status, version: state.version, currentStepKey: state.currentStepKey,
        event: { key: `${caseId}:v${state.version}`, actorId: attach.actor.personId, action: 'case.signed_copy_attached', after: { party: attach.party, documentId: attach.documentId, signedOn: attach.signedOn } },
      });
      if (state.signedCopies.RESEARCHER && state.signedCopies.INSTITUTION) {
        // The agreement takes effect when the last party signs: that day starts the retention clock.
        const { RESEARCHER: mine, INSTITUTION: theirs } = state.signedCopies;
        state.signingDate = mine.signedOn > theirs.signedOn ? mine.signedOn : theirs.signedOn;
        await acts.lockDocuments({ caseId, documentIds: [mine.documentId, theirs.documentId] });
        await closeTask(task, { state: 'DONE', decision: 'SIGNED', decidedById: attach.actor.personId });
        state.currentStepKey = null;
        await setStatus('SIGNED', 'case.signed', attach.actor.personId, { signingDate: state.signingDate });
        // Added after the first release: cases already running when it shipped replay without it.
        if (patched('start-retention-clock')) await startRetentionClock(state.signingDate);
        await notify({ key: `${caseId}:signed`, personIds: [input.researcherId], role: 'HR_OFFICER', kind: 'CASE_SIGNED', title: `${input.reference}: agreement signed`, body: `Signed on ${state.signingDate}; the retention period starts that day.` });
      }
      done(signedCopy);
      signedCopy = null;
    }
  }

  /**
   * A LEAVE case keeps the researcher's personnel relationship for the approved months from the
   * signing date: its clock is a workflow of its own that outlives this one (ABANDON), with the
   * rules of the profile version the case started with. PART_TIME staff stay in post: no clock.
   */
  async function startRetentionClock(signingDate: string): Promise<void> {
    const { mode, durationMonths } = state.draft;
    if (mode !== 'LEAVE' || durationMonths === undefined) return;
    await startChild(retentionClockWorkflow, {
      workflowId: retentionClockWorkflowId(caseId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          caseId,
          reference: input.reference,
          institutionId: input.institutionId,
          researcherId: input.researcherId,
          signingDate,
          months: durationMonths,
          retention: profile.retention,
          extensionSteps: profile.approval.steps,
          dayKind: profile.approval.dayKind,
          profileVersion: profile.version,
        },
      ],
    });
  }

  async function withdraw(): Promise<void> {
    const { input: withdrawInput } = withdrawal!;
    for (const task of [...state.openTasks]) await closeTask(task, { state: 'CANCELLED', decision: 'WITHDRAWN' });
    // Only a notice still running (open or paused) is withdrawn. One that has closed stays the
    // record that publicity passed, and the read model refuses CLOSED → WITHDRAWN (non-retryable),
    // which would fail the workflow when a case in AGREEMENT is withdrawn.
    const noticeRunning = state.status === 'PUBLICITY' || state.status === 'OBJECTION_REVIEW';
    if (state.publicity && noticeRunning) await writes.updateNotice({ key: state.publicity.noticeKey, status: 'WITHDRAWN' });
    state.currentStepKey = null;
    await setStatus('WITHDRAWN', 'case.withdrawn', withdrawInput.actor.personId);
    // Any decision that raced the withdrawal is refused rather than silently dropped.
    for (const pending of [submission, decision, objection, resolution, signedCopy]) if (pending) discarded.add(pending.seq);
    done(withdrawal);
  }

  /**
   * At the end, anything accepted that the flow will never consume (a withdrawal that raced the
   * last signature or a rejection, say) is refused; otherwise its handler, and so the workflow,
   * would wait forever.
   */
  function refuseLateArrivals(): void {
    release();
    for (const pending of [submission, decision, objection, resolution, signedCopy, withdrawal]) {
      if (pending && !handled.has(pending.seq)) discarded.add(pending.seq);
    }
  }

  await acts.createCase({ ...input, workflowId: workflowInfo().workflowId });
  created = true;

  type Phase = 'SUBMISSION' | 'REVIEW' | 'PUBLICITY' | 'AGREEMENT' | 'END';
  let phase: Phase = 'SUBMISSION';
  try {
    while (phase !== 'END') {
      switch (phase) {
        case 'SUBMISSION':
          await awaitSubmission();
          phase = 'REVIEW';
          break;
        case 'REVIEW': {
          const outcome = await runApprovalChain();
          phase = outcome === 'APPROVED' ? 'PUBLICITY' : outcome === 'RETURNED' ? 'SUBMISSION' : 'END';
          break;
        }
        case 'PUBLICITY':
          // An upheld objection sends the case back to review, from the first step.
          phase = (await runPublicity()) === 'PASSED' ? 'AGREEMENT' : 'REVIEW';
          break;
        case 'AGREEMENT':
          await runAgreement();
          phase = 'END';
          break;
      }
    }
  } catch (error) {
    if (!(error instanceof Withdrawn)) throw error;
    await withdraw();
  }
  refuseLateArrivals();
  await condition(allHandlersFinished);
  return snapshot();
}
