// Deadlines of approval steps under time skipping: reminders at half time and on the due date's
// morning, escalation once overdue (after which the escalation role may decide), due dates
// counted in working days across a public holiday; and who may act on a task: delegation to a
// deputy and claiming a role task.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  chinaPublicHolidayCalendar,
  dueDate,
  isWorkingDay,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiInstantOf,
} from '../../domain/calendar';
import { claimUpdate, decideUpdate, delegateUpdate, type Actor, type CaseTask } from '../../workflows/contracts/spinout-case';
import {
  actors,
  advanceTo,
  createTimeSkippingEnv,
  decideCurrent,
  DEPARTMENT_ID,
  eventually,
  expectKeysUnique,
  expectRefusedWithoutEffect,
  openTaskOf,
  startCase,
  startTestWorker,
  stateOf,
  submit,
  type CaseHandle,
  type TestWorker,
} from './support';

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await createTimeSkippingEnv(); });
afterAll(async () => { await env?.teardown(); });

let worker: TestWorker;
beforeEach(async () => { worker = await startTestWorker(env); });
afterEach(async () => { await worker?.stop(); });

const calendar = chinaPublicHolidayCalendar;
const MINUTE = 60_000;

const approve = (handle: CaseHandle, actor: Actor, taskKey: string) =>
  handle.executeUpdate(decideUpdate, { args: [{ actor, taskKey, decision: 'APPROVE' }] });

/** When the workflow should remind and escalate, from the task as it was opened. */
function scheduleOf(task: CaseTask) {
  const dueAt = task.dueAt!;
  const dueDay = shanghaiDateOf(dueAt - 1);
  return { halfTime: task.openedAt + Math.floor((dueAt - task.openedAt) / 2), dueDay, dueMorning: shanghaiInstantOf({ date: dueDay, time: '09:00' }), dueAt };
}

describe('reminders and escalation', () => {
  it('reminds at half time and on the due morning, then escalates; the escalation role may then decide', async () => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    await submit(handle);
    const task = openTaskOf(await stateOf(handle));
    expect(task).toMatchObject({ stepKey: 'dept-head', escalationRole: 'TTO_OFFICER' });
    const { halfTime, dueDay, dueMorning, dueAt } = scheduleOf(task);
    expect(dueDay).toBe(dueDate({ start: shanghaiDateOf(task.openedAt), days: 5, dayKind: 'WORKING', calendar }));
    const reminders = () => recorder.notificationsOfKind('TASK_REMINDER');
    const toHeads = { role: 'DEPT_HEAD', departmentId: DEPARTMENT_ID };

    await advanceTo(env, halfTime - MINUTE);
    expect(reminders()).toEqual([]);
    // Not overdue: the escalation role may not act yet.
    await expectRefusedWithoutEffect(handle, recorder, () => approve(handle, actors.tto, task.key), 'NOT_ASSIGNEE');

    await advanceTo(env, halfTime + 5_000);
    await eventually(() => expect(reminders()).toEqual([expect.objectContaining({ key: `${task.key}:reminder:HALF_TIME`, ...toHeads })]));

    await advanceTo(env, dueMorning - MINUTE);
    expect(reminders()).toHaveLength(1);
    await advanceTo(env, dueMorning + 5_000);
    await eventually(() => expect(reminders().map((call) => call.key)).toEqual([`${task.key}:reminder:HALF_TIME`, `${task.key}:reminder:DUE_TODAY`]));
    expect(reminders()[1]).toMatchObject(toHeads);

    // Still on time until the due date is over.
    await advanceTo(env, dueAt - MINUTE);
    expect(recorder.notificationsOfKind('TASK_ESCALATED')).toEqual([]);
    expect(openTaskOf(await stateOf(handle)).escalated).toBe(false);

    await advanceTo(env, dueAt + 5_000);
    await eventually(() => {
      expect(recorder.calls.updateTask).toEqual([{ key: task.key, escalated: true }]);
      expect(recorder.notificationsOfKind('TASK_ESCALATED')).toEqual([expect.objectContaining({ key: `${task.key}:escalated`, role: 'TTO_OFFICER' })]);
      expect(recorder.notificationsOfKind('TASK_OVERDUE')).toEqual([expect.objectContaining({ key: `${task.key}:overdue`, ...toHeads })]);
    });
    const overdue = await stateOf(handle);
    expect(openTaskOf(overdue).escalated).toBe(true);

    // Escalation widens who may act to the escalation role, no further.
    await expectRefusedWithoutEffect(handle, recorder, () => approve(handle, actors.hr, task.key), 'NOT_ASSIGNEE');
    await expectRefusedWithoutEffect(handle, recorder, () => approve(handle, actors.otherDeptHead, task.key), 'NOT_ASSIGNEE');
    const approved = await approve(handle, actors.tto, task.key);
    expect(recorder.closedTask(task.key)).toMatchObject({ state: 'DONE', decision: 'APPROVE', decidedById: actors.tto.personId });
    expect(openTaskOf(approved).stepKey).toBe('tto');

    // A decided task is never reminded of again; the next step has its own clock.
    const next = openTaskOf(approved);
    await advanceTo(env, scheduleOf(next).halfTime + 5_000);
    await eventually(() => expect(reminders().map((call) => call.key)).toContain(`${next.key}:reminder:HALF_TIME`));
    expect(reminders().filter((call) => call.key.startsWith(task.key))).toHaveLength(2);
    expectKeysUnique(recorder);
  });

  it('counts a step\'s working days across a public holiday, as the domain calendar says', async () => {
    const { recorder } = worker;
    // The eve of the next public holiday (a working day at least a day away): a step opened then
    // has its working days pushed back by the holiday.
    const today = shanghaiDateOf(await env.currentTimeMs());
    const holiday = calendar.find((day) => {
      const eve = addCalendarDays({ date: day.date, days: -1 });
      return day.kind === 'HOLIDAY' && eve > today && isWorkingDay({ date: eve, calendar });
    });
    if (!holiday) throw new Error(`The holiday calendar has no holiday after ${today}: add the next year to domain/calendar/china-public-holidays.ts`);
    const eve = addCalendarDays({ date: holiday.date, days: -1 });
    await advanceTo(env, shanghaiInstantOf({ date: eve, time: '10:00' }));

    const { handle } = await startCase(env, worker);
    await submit(handle);
    const task = openTaskOf(await stateOf(handle));
    expect(shanghaiDateOf(task.openedAt)).toBe(eve);
    const due = dueDate({ start: eve, days: 5, dayKind: 'WORKING', calendar });
    const weekdaysOnly = dueDate({ start: eve, days: 5, dayKind: 'WORKING', calendar: [] });
    expect(due > weekdaysOnly, `${holiday.name} (${holiday.date}) moves the due date past ${weekdaysOnly}`).toBe(true);
    expect(task.dueAt).toBe(shanghaiEndOfDay(due));
    // Checked by hand against the State Council schedule (and our provisional 2027 one).
    const byHand: Record<string, string> = { '2026-12-31': '2027-01-08', '2027-02-04': '2027-02-17' };
    if (byHand[eve]) expect(due).toBe(byHand[eve]);

    // The due-day reminder follows the holiday-aware date, not the weekday count.
    await advanceTo(env, shanghaiInstantOf({ date: weekdaysOnly, time: '09:00' }) + MINUTE);
    expect(recorder.notificationsOfKind('TASK_REMINDER').map((call) => call.key)).not.toContain(`${task.key}:reminder:DUE_TODAY`);
    await advanceTo(env, shanghaiInstantOf({ date: due, time: '09:00' }) + 5_000);
    await eventually(() => expect(recorder.notificationsOfKind('TASK_REMINDER').map((call) => call.key)).toContain(`${task.key}:reminder:DUE_TODAY`));
    expect(recorder.notificationsOfKind('TASK_ESCALATED')).toEqual([]);
  });
});

describe('who may act on a task', () => {
  it('lets a deputy decide a delegated task, and no longer the delegator', async () => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    await submit(handle);
    const task = openTaskOf(await stateOf(handle));
    const delegate = (actor: Actor, deputyId: string) =>
      handle.executeUpdate(delegateUpdate, { args: [{ actor, taskKey: task.key, deputyId, comment: 'I am travelling this week.' }] });

    await expectRefusedWithoutEffect(handle, recorder, () => delegate(actors.hr, actors.deputy.personId), 'NOT_ASSIGNEE');
    await expectRefusedWithoutEffect(handle, recorder, () => delegate(actors.deptHead, actors.researcher.personId), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => delegate(actors.deptHead, actors.deptHead.personId), 'VALIDATION_FAILED', /deputyId/);

    const delegated = await delegate(actors.deptHead, actors.deputy.personId);
    expect(openTaskOf(delegated).assigneeId).toBe(actors.deputy.personId);
    expect(recorder.calls.updateTask).toEqual([{ key: task.key, assigneeId: actors.deputy.personId, delegatedFrom: actors.deptHead.personId }]);
    expect(recorder.notificationsOfKind('TASK_DELEGATED')).toEqual([
      expect.objectContaining({ key: `${task.key}:delegated:${actors.deputy.personId}`, personIds: [actors.deputy.personId], body: expect.stringContaining('travelling') }),
    ]);

    // The delegator, and the rest of the role, may no longer decide it.
    await expectRefusedWithoutEffect(handle, recorder, () => approve(handle, actors.deptHead, task.key), 'NOT_ASSIGNEE', /assigned to someone else/);
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(claimUpdate, { args: [{ actor: actors.deptHead, taskKey: task.key }] }), 'CONFLICT');

    // Reminders now go to the deputy in person.
    await advanceTo(env, scheduleOf(task).halfTime + 5_000);
    await eventually(() => expect(recorder.notificationsOfKind('TASK_REMINDER')).toEqual([
      expect.objectContaining({ key: `${task.key}:reminder:HALF_TIME`, personIds: [actors.deputy.personId] }),
    ]));
    expect(recorder.notificationsOfKind('TASK_REMINDER')[0]).not.toHaveProperty('role');

    const approved = await approve(handle, actors.deputy, task.key);
    expect(recorder.closedTask(task.key)).toMatchObject({ state: 'DONE', decision: 'APPROVE', decidedById: actors.deputy.personId });
    expect(openTaskOf(approved).stepKey).toBe('tto');
    expectKeysUnique(recorder);
  });

  it('lets one officer claim a role task; the others may then neither claim nor decide it', async () => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    await submit(handle);
    await decideCurrent(handle, 'APPROVE'); // dept-head
    const task = openTaskOf(await stateOf(handle));
    expect(task).toMatchObject({ stepKey: 'tto', candidateRole: 'TTO_OFFICER', assigneeId: null });
    const claim = (actor: Actor) => handle.executeUpdate(claimUpdate, { args: [{ actor, taskKey: task.key }] });

    await expectRefusedWithoutEffect(handle, recorder, () => claim(actors.hr), 'NOT_ASSIGNEE');
    const claimed = await claim(actors.tto);
    expect(openTaskOf(claimed).assigneeId).toBe(actors.tto.personId);
    expect(recorder.calls.updateTask).toEqual([{ key: task.key, assigneeId: actors.tto.personId }]);

    await expectRefusedWithoutEffect(handle, recorder, () => claim(actors.tto2), 'CONFLICT', /someone else/);
    await expectRefusedWithoutEffect(handle, recorder, () => claim(actors.tto), 'CONFLICT', /already claimed/);
    await expectRefusedWithoutEffect(handle, recorder, () => approve(handle, actors.tto2, task.key), 'NOT_ASSIGNEE');

    const approved = await approve(handle, actors.tto, task.key);
    expect(recorder.closedTask(task.key)).toMatchObject({ decision: 'APPROVE', decidedById: actors.tto.personId });
    expect(openTaskOf(approved).stepKey).toBe('hr');
  });
});
