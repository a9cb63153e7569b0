// The personnel-retention clock (人事关系保留期) of one signed case: reminders before expiry and
// on the expiry day to HR and the researcher, annual reports, early return, extension (through
// the profile's approval chain), resignation, and the choice at expiry with escalation to HR.
// Timers are recomputed from the state after every change, so an extension or an early return
// reschedules or cancels every pending reminder. Each reminder key is sent once, and the keys
// travel through continue-as-new, so a clock that runs for years keeps a small history.
import { activityOptions } from './activity-options';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  addCalendarDays,
  dueDate,
  isIsoDate,
  previousWorkingDay,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiInstantOf,
  type CalendarDay,
} from '../domain/calendar';
import type { AppErrorCode } from '../domain/errors';
import type { Role } from '../domain/policy';
import { annualReportDueDates, checkExtension, REMINDER_TIME, retentionExpiryDate, retentionReminders } from '../domain/retention';
import type { Actor, CaseTask } from './contracts/spinout-case';
import {
  applyProfileUpdate,
  chooseAtExpiryUpdate,
  clockStateQuery,
  decideRequestUpdate,
  FINAL_CLOCK_STATUSES,
  recordOutcomeUpdate,
  requestEarlyReturnUpdate,
  requestExtensionUpdate,
  resignUpdate,
  submitAnnualReportUpdate,
  type AnnualReport,
  type PendingRequest,
  type RetentionClockActivities,
  type RetentionClockInput,
  type RetentionClockState,
} from './contracts/retention-clock';

const acts = proxyActivities<RetentionClockActivities>(activityOptions);

/** HR decides early returns and confirms resignations, within this many working days. */
const HR_DECISION_DAYS = 5;
/** The annual report reminder goes out this many days before the anniversary. */
const ANNUAL_REPORT_NOTICE_DAYS = 30;
/** Keep the history small: continue as new well before Temporal would suggest it. */
const MAX_HISTORY_EVENTS = 2_000;

function refuse(code: AppErrorCode, message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

interface ScheduledEvent {
  key: string;
  kind: string;
  at: number;
  /** Reminders can be superseded: when a later one is already due, an earlier one is skipped. */
  reminder: boolean;
  run: () => Promise<void>;
}

function initialState(input: RetentionClockInput): RetentionClockState {
  const expiryDate = retentionExpiryDate({ signingDate: input.signingDate, months: input.months });
  return {
    caseId: input.caseId,
    status: 'ACTIVE',
    version: 1,
    signingDate: input.signingDate,
    months: input.months,
    expiryDate,
    extensionsUsed: 0,
    retention: input.retention,
    profileVersion: input.profileVersion,
    pending: null,
    annualReports: annualReportDueDates({ signingDate: input.signingDate, expiryDate }).map((dueOn) => ({ dueOn, submittedAt: null, documentId: null, summary: null })),
    sentKeys: [],
    choice: null,
    escalated: false,
    outcome: null,
    next: null,
    openTasks: [],
  };
}

export async function retentionClockWorkflow(input: RetentionClockInput): Promise<RetentionClockState> {
  const { caseId, reference, institutionId, researcherId } = input;
  const fresh = input.carried === undefined;
  const state: RetentionClockState = input.carried ?? initialState(input);
  const sent = new Set(state.sentKeys);
  let calendar: CalendarDay[] = [];
  /** Set by every accepted update: the timer loop wakes and recomputes its schedule. */
  let dirty = false;

  const isFinal = () => FINAL_CLOCK_STATUSES.includes(state.status);
  const today = () => shanghaiDateOf(Date.now());
  // A deep copy (JSON: the workflow sandbox has no structuredClone), so callers never hold live state.
  const snapshot = (): RetentionClockState => ({ ...(JSON.parse(JSON.stringify(state)) as RetentionClockState), sentKeys: [...sent] });

  async function record(action: string, actorId: string | null, extra: { before?: unknown; after?: unknown } = {}) {
    state.version += 1;
    state.sentKeys = [...sent];
    // The read model shows what the clock waits for next, as of this change (a reminder sent
    // since is not a change of the clock: the row keeps its last change's view until the next).
    const next = isFinal() ? undefined : schedule()[0];
    state.next = next ? { kind: next.kind, at: next.at } : null;
    const { sentKeys: _sent, openTasks: _tasks, retention: _rules, ...row } = state;
    await acts.recordClockState({
      institutionId,
      researcherId,
      state: row,
      event: { key: `${caseId}:clock:v${state.version}`, actorId, action, ...extra },
    });
  }

  const notify = (key: string, kind: string, title: string, body: string, to: { personIds?: string[]; role?: Role }) =>
    acts.notify({ key, institutionId, caseId, kind, title, body, ...to });
  const notifyBoth = (key: string, kind: string, title: string, body: string) =>
    notify(key, kind, title, body, { personIds: [researcherId], role: 'HR_OFFICER' });

  async function openTask(task: Omit<CaseTask, 'openedAt' | 'escalated' | 'departmentId' | 'assigneeId' | 'escalationRole'>): Promise<CaseTask> {
    const full: CaseTask = { ...task, assigneeId: null, departmentId: null, escalationRole: null, escalated: false, openedAt: Date.now() };
    state.openTasks.push(full);
    await acts.openTask({ institutionId, caseId, task: full });
    await notify(`${full.key}:opened`, 'TASK_OPENED', full.title, `${reference}: ${full.title}`, { role: full.candidateRole ?? undefined });
    return full;
  }

  async function closeTasks(outcome: { decision: string; comment?: string | null; decidedById?: string | null }, state_: 'DONE' | 'CANCELLED' = 'DONE') {
    for (const task of state.openTasks) await acts.closeTask({ key: task.key, state: state_, ...outcome });
    state.openTasks = [];
  }

  const hrDue = () => shanghaiEndOfDay(dueDate({ start: today(), days: HR_DECISION_DAYS, dayKind: 'WORKING', calendar }));

  function resetAnnualReports() {
    const kept = new Map(state.annualReports.map((report) => [report.dueOn, report]));
    state.annualReports = annualReportDueDates({ signingDate: state.signingDate, expiryDate: state.expiryDate }).map(
      (dueOn): AnnualReport => kept.get(dueOn) ?? { dueOn, submittedAt: null, documentId: null, summary: null },
    );
  }

  async function finish(status: 'RETURNED' | 'RESIGNED' | 'TERMINATED', actor: Actor, reason: string | null, on: string, action: string) {
    state.status = status;
    state.pending = null;
    state.outcome = { status, reason, byId: actor.personId, on };
    await closeTasks({ decision: status, comment: reason, decidedById: actor.personId }, 'CANCELLED');
    await record(action, actor.personId, { after: state.outcome });
    await notifyBoth(`${caseId}:clock:${status.toLowerCase()}`, 'CLOCK_CLOSED', `${reference}: ${status}`, `The retention period ends: ${status} on ${on}${reason ? ` (${reason})` : ''}.`);
  }

  // ─── the schedule: every reminder and deadline still ahead, recomputed from the state ──────

  function schedule(): ScheduledEvent[] {
    const events: ScheduledEvent[] = [];
    const { expiryDate } = state;
    if (state.status === 'ACTIVE') {
      for (const reminder of retentionReminders({ expiryDate, offsetsDays: state.retention.reminderOffsetsDays, calendar })) {
        const key = `${caseId}:clock:${expiryDate}:${reminder.kind}`;
        const when = reminder.offsetDays === 0 ? `today (${expiryDate})` : `in ${reminder.offsetDays} days, on ${expiryDate}`;
        events.push({
          key, kind: `reminder:${reminder.kind}`, at: reminder.sendAt, reminder: true,
          run: () => notifyBoth(key, 'RETENTION_REMINDER', `${reference}: 人事关系保留期将到期 / retention period ends ${expiryDate}`, `The retention period ends ${when}. Please choose return to post or resignation.`),
        });
      }
      for (const report of state.annualReports.filter((r) => r.submittedAt === null)) {
        const noticeOn = previousWorkingDay({ date: addCalendarDays({ date: report.dueOn, days: -ANNUAL_REPORT_NOTICE_DAYS }), calendar });
        const reminderKey = `${caseId}:clock:annual:${report.dueOn}:reminder`;
        events.push({
          key: reminderKey, kind: 'annual-report-reminder', at: shanghaiInstantOf({ date: noticeOn, time: REMINDER_TIME }), reminder: false,
          run: () => notify(reminderKey, 'ANNUAL_REPORT_DUE', `${reference}: 年度报告 / annual report due ${report.dueOn}`, `Your annual report is due on ${report.dueOn}.`, { personIds: [researcherId] }),
        });
        const overdueKey = `${caseId}:clock:annual:${report.dueOn}:overdue`;
        events.push({
          key: overdueKey, kind: 'annual-report-overdue', at: shanghaiEndOfDay(report.dueOn), reminder: false,
          run: () => notifyBoth(overdueKey, 'ANNUAL_REPORT_OVERDUE', `${reference}: 年度报告逾期 / annual report overdue`, `The annual report due on ${report.dueOn} has not been submitted.`),
        });
      }
      const expiredKey = `${caseId}:clock:${expiryDate}:expired`;
      events.push({
        key: expiredKey, kind: 'expiry', at: shanghaiEndOfDay(expiryDate), reminder: false,
        run: async () => {
          state.status = 'AWAITING_CHOICE';
          state.pending = null;
          await closeTasks({ decision: 'EXPIRED' }, 'CANCELLED');
          await record('clock.expired', null, { after: { expiryDate } });
          const graceEnd = addCalendarDays({ date: expiryDate, days: state.retention.expiryGraceDays });
          await notifyBoth(expiredKey, 'RETENTION_EXPIRED', `${reference}: 保留期已届满 / retention period ended`, `Choose return to post or resignation by ${graceEnd}; otherwise HR decides.`);
        },
      });
    }
    if (state.status === 'AWAITING_CHOICE') {
      const graceLastDay = addCalendarDays({ date: expiryDate, days: state.retention.expiryGraceDays });
      const graceEnd = shanghaiEndOfDay(graceLastDay);
      const graceStart = shanghaiEndOfDay(expiryDate);
      const reminders = [
        { kind: 'grace-half', at: graceStart + Math.floor((graceEnd - graceStart) / 2) },
        { kind: 'grace-last-day', at: shanghaiInstantOf({ date: previousWorkingDay({ date: graceLastDay, calendar }), time: REMINDER_TIME }) },
      ];
      for (const reminder of reminders) {
        const key = `${caseId}:clock:${expiryDate}:${reminder.kind}`;
        events.push({
          key, kind: reminder.kind, at: reminder.at, reminder: true,
          run: () => notify(key, 'RETENTION_CHOICE_DUE', `${reference}: 请选择返岗或辞职 / choose return or resignation`, `Your choice is due by ${graceLastDay}.`, { personIds: [researcherId] }),
        });
      }
      const escalationKey = `${caseId}:clock:${expiryDate}:grace-ended`;
      events.push({
        key: escalationKey, kind: 'grace-ended', at: graceEnd, reminder: false,
        run: async () => {
          state.status = 'OUTCOME_PENDING';
          state.escalated = true;
          await record('clock.escalated', null, { after: { graceLastDay } });
          await openTask({ key: `${caseId}:clock:${expiryDate}:outcome`, kind: 'ESCALATION', stepKey: 'retention-outcome', title: '记录保留期结果 / Record the retention outcome (no choice made)', candidateRole: 'HR_OFFICER', dueAt: hrDue() });
          await notify(escalationKey, 'RETENTION_ESCALATED', `${reference}: 未作选择 / no choice made`, 'The researcher made no choice within the grace window; HR must record the outcome.', { role: 'HR_OFFICER' });
        },
      });
    }
    return events.filter((event) => !sent.has(event.key)).sort((a, b) => a.at - b.at);
  }

  // ─── updates and query ────────────────────────────────────────────────────────────────────

  setHandler(clockStateQuery, snapshot);

  const assertResearcher = (actor: Actor) => { if (actor.personId !== researcherId) refuse('FORBIDDEN', 'Only the researcher of this case may do this'); };
  const assertRole = (actor: Actor, role: Role) => { if (!actor.roles.includes(role)) refuse('FORBIDDEN', `Only ${role} may do this`); };
  const assertNotFinal = () => { if (isFinal()) refuse('INVALID_TRANSITION', `The clock is closed (${state.status})`); };
  const assertNoPending = () => { if (state.pending) refuse('CONFLICT', `A ${state.pending.kind} request is already pending`); };
  const assertDate = (field: string, value: string) => { if (!isIsoDate(value)) refuse('VALIDATION_FAILED', `${field}: must be a date as YYYY-MM-DD`); };

  async function openRequest(request: Omit<PendingRequest, 'requestedAt' | 'stepIndex' | 'taskKey'>, actor: Actor, role: Role, title: string, dueAt: number) {
    const taskKey = `${caseId}:clock:${request.kind.toLowerCase()}:v${state.version + 1}:0`;
    state.pending = { ...request, requestedAt: Date.now(), stepIndex: 0, taskKey };
    await record(`clock.${request.kind.toLowerCase()}_requested`, actor.personId, { after: state.pending });
    await openTask({ key: taskKey, kind: 'APPROVAL', stepKey: `clock-${request.kind.toLowerCase()}`, title, candidateRole: role, dueAt });
    dirty = true;
    return snapshot();
  }

  setHandler(
    requestEarlyReturnUpdate,
    ({ actor, returnOn, reason }) => openRequest({ kind: 'EARLY_RETURN', reason, onDate: returnOn, months: null, ventureProfitable: null }, actor, 'HR_OFFICER', `提前返岗申请 / Early return on ${returnOn}`, hrDue()),
    {
      validator: ({ actor, returnOn, reason }) => {
        assertResearcher(actor);
        if (state.status !== 'ACTIVE') refuse('INVALID_TRANSITION', `Early return can be asked for only while the clock runs (it is ${state.status})`);
        assertNoPending();
        assertDate('returnOn', returnOn);
        if (returnOn < today()) refuse('VALIDATION_FAILED', `returnOn: must not be in the past (today is ${today()})`);
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: is required');
      },
    },
  );

  setHandler(
    requestExtensionUpdate,
    ({ actor, months, ventureProfitable, reason }) => {
      const step = input.extensionSteps[0]!;
      return openRequest({ kind: 'EXTENSION', reason, onDate: null, months, ventureProfitable }, actor, step.role, `延期申请 ${months} 个月 / Extension of ${months} months: ${step.label.zh}`,
        shanghaiEndOfDay(dueDate({ start: today(), days: step.dueDays, dayKind: input.dayKind, calendar })));
    },
    {
      validator: ({ actor, months, ventureProfitable, reason }) => {
        assertResearcher(actor);
        if (state.status !== 'ACTIVE') refuse('INVALID_TRANSITION', `An extension can be asked for only while the clock runs (it is ${state.status})`);
        assertNoPending();
        if (!Number.isInteger(months) || months < 1) refuse('VALIDATION_FAILED', 'months: must be a whole number of at least 1');
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: is required');
        const refusals = checkExtension({ profile: { retention: state.retention }, request: { requestedMonths: months, extensionsUsed: state.extensionsUsed, ventureProfitable } });
        if (refusals.length > 0) refuse('NOT_ELIGIBLE', refusals.map((r) => r.message.en).join('; '));
        if (input.extensionSteps.length === 0) refuse('NOT_ELIGIBLE', 'The policy profile has no approval chain for extensions');
      },
    },
  );

  setHandler(
    resignUpdate,
    ({ actor, lastDay, reason }) => openRequest({ kind: 'RESIGNATION', reason, onDate: lastDay, months: null, ventureProfitable: null }, actor, 'HR_OFFICER', `辞职确认 / Confirm resignation (last day ${lastDay})`, hrDue()),
    {
      validator: ({ actor, lastDay, reason }) => {
        assertResearcher(actor);
        if (state.status !== 'ACTIVE' && state.status !== 'AWAITING_CHOICE') refuse('INVALID_TRANSITION', `Resignation is not open in status ${state.status}`);
        assertNoPending();
        assertDate('lastDay', lastDay);
        if (!reason?.trim()) refuse('VALIDATION_FAILED', 'reason: is required');
      },
    },
  );

  setHandler(
    decideRequestUpdate,
    async ({ actor, taskKey, approve, comment }) => {
      const pending = state.pending!;
      const task = state.openTasks.find((open) => open.key === taskKey)!;
      state.openTasks = state.openTasks.filter((open) => open.key !== taskKey);
      await acts.closeTask({ key: taskKey, state: 'DONE', decision: approve ? 'APPROVE' : 'REJECT', comment: comment ?? null, decidedById: actor.personId });
      dirty = true;
      if (!approve) {
        state.pending = null;
        await record(`clock.${pending.kind.toLowerCase()}_refused`, actor.personId, { after: { comment } });
        await notify(`${taskKey}:refused`, 'CLOCK_REQUEST_REFUSED', `${reference}: request refused`, comment ?? '', { personIds: [researcherId] });
        return snapshot();
      }
      if (pending.kind === 'EARLY_RETURN') {
        await finish('RETURNED', actor, pending.reason, pending.onDate ?? today(), 'clock.returned_early');
      } else if (pending.kind === 'RESIGNATION') {
        await finish('RESIGNED', actor, pending.reason, pending.onDate ?? today(), 'clock.resigned');
      } else if (pending.stepIndex + 1 < input.extensionSteps.length) {
        // The extension goes on to the next step of the chain.
        const stepIndex = pending.stepIndex + 1;
        const step = input.extensionSteps[stepIndex]!;
        const nextKey = `${taskKey.slice(0, taskKey.lastIndexOf(':'))}:${stepIndex}`;
        state.pending = { ...pending, stepIndex, taskKey: nextKey };
        await record('clock.extension_step_approved', actor.personId, { after: { step: task.stepKey, comment } });
        await openTask({ key: nextKey, kind: 'APPROVAL', stepKey: `clock-extension`, title: `延期申请 / Extension: ${step.label.zh}`, candidateRole: step.role,
          dueAt: shanghaiEndOfDay(dueDate({ start: today(), days: step.dueDays, dayKind: input.dayKind, calendar })) });
      } else {
        const before = { months: state.months, expiryDate: state.expiryDate };
        state.months += pending.months ?? 0;
        state.extensionsUsed += 1;
        state.expiryDate = retentionExpiryDate({ signingDate: state.signingDate, months: state.months });
        state.pending = null;
        resetAnnualReports();
        await record('clock.extended', actor.personId, { before, after: { months: state.months, expiryDate: state.expiryDate } });
        await notifyBoth(`${taskKey}:extended`, 'CLOCK_EXTENDED', `${reference}: 保留期已延长 / retention period extended`, `The retention period now ends on ${state.expiryDate}.`);
      }
      return snapshot();
    },
    {
      validator: ({ actor, taskKey, approve, comment }) => {
        assertNotFinal();
        const task = state.openTasks.find((open) => open.key === taskKey);
        if (!state.pending || !task || task.key !== state.pending.taskKey) refuse(task ? 'WRONG_STEP' : 'NOT_FOUND', `Task ${taskKey} is not an open request of this clock`);
        if (actor.personId === researcherId) refuse('NOT_ASSIGNEE', 'No one decides their own request');
        if (!task.candidateRole || !actor.roles.includes(task.candidateRole)) refuse('NOT_ASSIGNEE', `Only ${task.candidateRole} may decide this step`);
        if (!approve && !comment?.trim()) refuse('VALIDATION_FAILED', 'comment: a reason is required to refuse');
      },
    },
  );

  setHandler(
    submitAnnualReportUpdate,
    async ({ actor, dueOn, summary, documentId }) => {
      const report = state.annualReports.find((r) => r.dueOn === dueOn)!;
      Object.assign(report, { submittedAt: Date.now(), summary, documentId: documentId ?? null });
      await record('clock.annual_report_submitted', actor.personId, { after: report });
      await notify(`${caseId}:clock:annual:${dueOn}:submitted`, 'ANNUAL_REPORT_SUBMITTED', `${reference}: 年度报告已提交 / annual report submitted`, summary.slice(0, 500), { role: 'HR_OFFICER' });
      dirty = true;
      return snapshot();
    },
    {
      validator: ({ actor, dueOn, summary }) => {
        assertResearcher(actor);
        assertNotFinal();
        const report = state.annualReports.find((r) => r.dueOn === dueOn);
        if (!report) refuse('NOT_FOUND', `dueOn: no annual report is due on ${dueOn} (due: ${state.annualReports.map((r) => r.dueOn).join(', ')})`);
        if (report.submittedAt !== null) refuse('ALREADY_DECIDED', `The annual report due on ${dueOn} was already submitted`);
        if (!summary?.trim()) refuse('VALIDATION_FAILED', 'summary: is required');
      },
    },
  );

  setHandler(
    chooseAtExpiryUpdate,
    async ({ actor, choice }) => {
      state.choice = choice;
      state.status = 'OUTCOME_PENDING';
      await record('clock.choice_made', actor.personId, { after: { choice } });
      if (!state.openTasks.some((task) => task.stepKey === 'retention-outcome')) {
        await openTask({ key: `${caseId}:clock:${state.expiryDate}:outcome`, kind: 'ESCALATION', stepKey: 'retention-outcome', title: `记录保留期结果 / Record the outcome: researcher chose ${choice}`, candidateRole: 'HR_OFFICER', dueAt: hrDue() });
      }
      dirty = true;
      return snapshot();
    },
    {
      validator: ({ actor, choice }) => {
        assertResearcher(actor);
        if (state.status !== 'AWAITING_CHOICE' && !(state.status === 'OUTCOME_PENDING' && state.choice === null)) refuse('INVALID_TRANSITION', `A choice is asked for only after expiry (the clock is ${state.status})`);
        if (choice !== 'RETURN' && choice !== 'RESIGN') refuse('VALIDATION_FAILED', 'choice: must be RETURN or RESIGN');
      },
    },
  );

  setHandler(
    recordOutcomeUpdate,
    async ({ actor, outcome, reason, on }) => {
      await finish(outcome, actor, reason ?? null, on ?? today(), 'clock.outcome_recorded');
      dirty = true;
      return snapshot();
    },
    {
      validator: ({ actor, outcome, reason, on }) => {
        assertRole(actor, 'HR_OFFICER');
        assertNotFinal();
        if (!['RETURNED', 'RESIGNED', 'TERMINATED'].includes(outcome)) refuse('VALIDATION_FAILED', 'outcome: must be RETURNED, RESIGNED or TERMINATED');
        if (outcome === 'TERMINATED' && !reason?.trim()) refuse('VALIDATION_FAILED', 'reason: is required to terminate');
        if (on !== undefined) assertDate('on', on);
      },
    },
  );

  setHandler(
    applyProfileUpdate,
    async ({ actor, retention, profileVersion }) => {
      const before = { profileVersion: state.profileVersion, retention: state.retention };
      state.retention = retention;
      state.profileVersion = profileVersion;
      await record('clock.profile_applied', actor.personId, { before, after: { profileVersion, retention } });
      dirty = true;
      return snapshot();
    },
    {
      validator: ({ actor, profileVersion }) => {
        assertRole(actor, 'INSTITUTION_ADMIN');
        assertNotFinal();
        if (profileVersion <= state.profileVersion) refuse('STALE_VERSION', `Profile version ${profileVersion} is not newer than the clock's ${state.profileVersion}`);
      },
    },
  );

  // ─── the timer loop ───────────────────────────────────────────────────────────────────────

  calendar = await acts.loadCalendar();
  if (fresh) {
    await record('clock.started', null, { after: { signingDate: state.signingDate, months: state.months, expiryDate: state.expiryDate } });
  }
  // A clock recorded late (signing date in the past) does not replay every old reminder: of the
  // reminders already due, only the latest goes out (see `supersededBy`).
  while (!isFinal()) {
    const upcoming = schedule();
    const next = upcoming[0];
    state.next = next ? { kind: next.kind, at: next.at } : null;
    if (next === undefined) {
      await condition(() => dirty);
    } else if (next.at > Date.now()) {
      await condition(() => dirty, next.at - Date.now());
    } // else: already due (a clock recorded late catches up in one pass, without timers)
    if (dirty) {
      dirty = false;
      continue;
    }
    if (next === undefined) continue;
    const supersededBy = next.reminder && upcoming.some((later) => later !== next && later.reminder && later.at <= Date.now());
    if (!supersededBy) await next.run();
    sent.add(next.key);
    state.sentKeys = [...sent];
    if (workflowInfo().historyLength > (input.maxHistoryEvents ?? MAX_HISTORY_EVENTS) || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof retentionClockWorkflow>({ ...input, carried: { ...state, sentKeys: [...sent] } });
    }
  }
  await condition(allHandlersFinished);
  state.next = null;
  return snapshot();
}

