// Publicity (公示) and objections under time skipping: an objection pauses the notice and opens a
// review task; dismissed, publicity resumes with the time it had left; upheld, the case goes back
// to review from the first step in a new round. And withdrawal at every stage before signing.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chinaPublicHolidayCalendar, dueDate, shanghaiDateOf, shanghaiEndOfDay } from '../../domain/calendar';
import type { CaseStatus } from '../../domain/spinout';
import {
  decideUpdate,
  fileObjectionUpdate,
  resolveObjectionUpdate,
  withdrawUpdate,
  type Actor,
  type FileObjectionInput,
  type ResolveObjectionInput,
} from '../../workflows/contracts/spinout-case';
import {
  actors,
  advanceTo,
  approveAll,
  attachCopy,
  createTimeSkippingEnv,
  decideCurrent,
  DEFAULT_STEP_KEYS,
  eventually,
  expectKeysUnique,
  expectRefused,
  expectRefusedWithoutEffect,
  openTaskOf,
  startCase,
  startTestWorker,
  stateOf,
  submit,
  toAgreement,
  untilIdle,
  type CaseHandle,
  type TestWorker,
} from './support';

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await createTimeSkippingEnv(); });
afterAll(async () => { await env?.teardown(); });

let worker: TestWorker;
beforeEach(async () => { worker = await startTestWorker(env); });
afterEach(async () => { await worker?.stop(); });

const DAY = 86_400_000;
const objection: FileObjectionInput = { name: '李四', contact: 'lisi@example.com', reason: 'The patent was co-invented with our laboratory.' };

const fileObjection = (handle: CaseHandle, filed: FileObjectionInput = objection) => handle.executeUpdate(fileObjectionUpdate, { args: [filed] });
const resolve = (handle: CaseHandle, actor: Actor, taskKey: string, outcome: ResolveObjectionInput['outcome'], comment: string) =>
  handle.executeUpdate(resolveObjectionUpdate, { args: [{ actor, taskKey, outcome, comment }] });

/** A case in PUBLICITY, a few days into its notice. */
async function inPublicity(handle: CaseHandle) {
  await submit(handle);
  const state = await approveAll(handle);
  expect(state.status).toBe('PUBLICITY');
  return state;
}

describe('objections', () => {
  it('pause publicity; dismissed, publicity resumes with the time it had left', async () => {
    const { recorder } = worker;
    const { handle, input } = await startCase(env, worker);
    const { caseId } = input;
    const before = (await inPublicity(handle)).publicity!;
    await advanceTo(env, (await env.currentTimeMs()) + 3 * DAY);

    await expectRefusedWithoutEffect(handle, recorder, () => fileObjection(handle, { ...objection, contact: ' ' }), 'VALIDATION_FAILED', /contact/);
    await expectRefusedWithoutEffect(handle, recorder, () => fileObjection(handle, { ...objection, reason: '' }), 'VALIDATION_FAILED', /reason/);

    const filedFrom = await env.currentTimeMs();
    const { objectionId } = await fileObjection(handle);
    const filedBy = await env.currentTimeMs();
    expect(objectionId).toBe('objection-1');
    expect(recorder.calls.recordObjection).toEqual([{ key: expect.stringMatching(new RegExp(`^${caseId}:objection:`)), noticeKey: before.noticeKey, ...objection }]);
    expect(recorder.calls.updateNotice).toEqual([{ key: before.noticeKey, status: 'PAUSED' }]);

    const paused = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.openTasks).toHaveLength(1);
      return state;
    });
    expect(paused).toMatchObject({ status: 'OBJECTION_REVIEW', publicity: { objectionId, endsAt: before.endsAt } });
    expect(paused.publicity!.pausedRemainingMs).toBeGreaterThanOrEqual(before.endsAt - filedBy);
    expect(paused.publicity!.pausedRemainingMs).toBeLessThanOrEqual(before.endsAt - filedFrom);
    // The review goes to the tech-transfer office, due in its step's working days.
    const review = openTaskOf(paused, 'OBJECTION_REVIEW');
    expect(review).toMatchObject({ key: `${caseId}:objection:${objectionId}`, candidateRole: 'TTO_OFFICER', escalationRole: 'LEADERSHIP' });
    expect(review.dueAt).toBe(shanghaiEndOfDay(dueDate({ start: shanghaiDateOf(review.openedAt), days: 10, dayKind: 'WORKING', calendar: chinaPublicHolidayCalendar })));

    // One objection at a time; only the office resolves it, with reasons; no approval meanwhile.
    await expectRefusedWithoutEffect(handle, recorder, () => fileObjection(handle, { ...objection, contact: 'other@example.com' }), 'PUBLICITY_OPEN');
    await expectRefusedWithoutEffect(handle, recorder, () => resolve(handle, actors.hr, review.key, 'DISMISS', 'No merit.'), 'NOT_ASSIGNEE');
    await expectRefusedWithoutEffect(handle, recorder, () => resolve(handle, actors.tto, review.key, 'DISMISS', '  '), 'VALIDATION_FAILED', /comment/);
    await expectRefusedWithoutEffect(handle, recorder, () => resolve(handle, actors.tto, `${caseId}:objection:nope`, 'DISMISS', 'x'), 'WRONG_STEP');
    await expectRefusedWithoutEffect(
      handle, recorder,
      () => handle.executeUpdate(decideUpdate, { args: [{ actor: actors.leader, taskKey: `${caseId}:r1:leadership`, decision: 'APPROVE' }] }),
      'ALREADY_DECIDED',
    );

    // The review takes four days, during which the notice does not run.
    await advanceTo(env, filedBy + 4 * DAY);
    const resumed = await resolve(handle, actors.tto, review.key, 'DISMISS', 'Sole ownership by the institution confirmed.');
    const resolvedBy = await env.currentTimeMs();
    const after = resumed.publicity!;
    expect(resumed.status).toBe('PUBLICITY');
    expect(after.pausedRemainingMs).toBeNull();
    const shift = after.endsAt - before.endsAt;
    expect(shift).toBeGreaterThanOrEqual(4 * DAY);
    expect(shift).toBeLessThanOrEqual(resolvedBy - filedFrom);
    expect(after.endsOn).toBe(shanghaiDateOf(after.endsAt - 1));
    expect(recorder.calls.updateNotice.at(-1)).toEqual({ key: before.noticeKey, status: 'OPEN', endsOn: after.endsOn });
    expect(recorder.calls.resolveObjection).toEqual([
      { objectionId, outcome: 'DISMISSED', resolution: 'Sole ownership by the institution confirmed.', resolvedById: actors.tto.personId },
    ]);
    expect(recorder.closedTask(review.key)).toMatchObject({ state: 'DONE', decision: 'DISMISS', decidedById: actors.tto.personId });
    await expectRefusedWithoutEffect(handle, recorder, () => resolve(handle, actors.tto, review.key, 'UPHOLD', 'Second thoughts.'), 'ALREADY_DECIDED');

    // The original end passes with the notice still running; the moved end closes it.
    await advanceTo(env, before.endsAt + DAY);
    expect((await stateOf(handle)).status).toBe('PUBLICITY');
    expect(recorder.calls.updateNotice.map((call) => call.status)).toEqual(['PAUSED', 'OPEN']);
    await advanceTo(env, after.endsAt + 5_000);
    await eventually(async () => expect((await stateOf(handle)).status).toBe('AGREEMENT'));
    expect(recorder.calls.updateNotice.map((call) => call.status)).toEqual(['PAUSED', 'OPEN', 'CLOSED']);
    expect(recorder.statuses()).toEqual(['SUBMITTED', 'IN_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'PUBLICITY', 'AGREEMENT']);

    // Once publicity is over, objections are refused.
    await expectRefusedWithoutEffect(handle, recorder, () => fileObjection(handle), 'INVALID_TRANSITION', /publicity/);
    expectKeysUnique(recorder);
  });

  it('are refused once the period has ended, even before the case has moved on', async () => {
    await worker.stop();
    worker = await startTestWorker(env, { stickyCache: false });
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    const { publicity } = await inPublicity(handle);
    // The period is over but no worker has run the case since: the objection arrives together
    // with the end of the period, while the case still says PUBLICITY.
    await advanceTo(env, publicity!.endsAt - 1_000);
    await untilIdle(handle);
    const resume = await worker.suspend();
    await advanceTo(env, publicity!.endsAt + 1_000);
    const late = fileObjection(handle);
    await resume();
    await expectRefused(late, 'INVALID_TRANSITION', /ended/);
    await eventually(async () => expect((await stateOf(handle)).status).toBe('AGREEMENT'));
    expect(recorder.calls.recordObjection).toEqual([]);
  });

  it('upheld, withdraw the notice and send the case back to review from the first step, in a new round', async () => {
    const { recorder } = worker;
    const { handle, input } = await startCase(env, worker);
    const { caseId } = input;
    const first = (await inPublicity(handle)).publicity!;
    const { objectionId } = await fileObjection(handle);
    const review = openTaskOf(await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.openTasks).toHaveLength(1);
      return state;
    }), 'OBJECTION_REVIEW');

    const reason = 'Co-ownership with the partner laboratory was not declared.';
    const upheld = await resolve(handle, actors.tto, review.key, 'UPHOLD', reason);
    // Answered once the new round's first task is open, in the read model too.
    expect(recorder.openedTaskKeys()).toContain(`${caseId}:r2:dept-head`);
    expect(upheld).toMatchObject({ status: 'IN_REVIEW', round: 2, stepIndex: 0, currentStepKey: 'dept-head', publicity: null });
    expect(upheld.openTasks.map((task) => task.key)).toEqual([`${caseId}:r2:dept-head`]);
    expect(recorder.calls.updateNotice).toEqual([{ key: first.noticeKey, status: 'PAUSED' }, { key: first.noticeKey, status: 'WITHDRAWN' }]);
    expect(recorder.calls.resolveObjection).toEqual([{ objectionId, outcome: 'UPHELD', resolution: reason, resolvedById: actors.tto.personId }]);
    expect(recorder.notificationsOfKind('OBJECTION_UPHELD')).toEqual([
      expect.objectContaining({ key: `${review.key}:upheld`, personIds: [actors.researcher.personId], body: reason }),
    ]);
    // The first round's decisions are history; the new round decides afresh.
    await expectRefusedWithoutEffect(
      handle, recorder,
      () => handle.executeUpdate(decideUpdate, { args: [{ actor: actors.deptHead, taskKey: `${caseId}:r1:dept-head`, decision: 'APPROVE' }] }),
      'ALREADY_DECIDED',
    );

    const again = await approveAll(handle);
    expect(again.status).toBe('PUBLICITY');
    expect(again.publicity!.noticeKey).toBe(`${caseId}:r2:notice`);
    expect(recorder.calls.publishNotice.map((call) => call.key)).toEqual([first.noticeKey, `${caseId}:r2:notice`]);
    expect(recorder.openedTaskKeys()).toEqual([
      ...DEFAULT_STEP_KEYS.map((key) => `${caseId}:r1:${key}`),
      review.key,
      ...DEFAULT_STEP_KEYS.map((key) => `${caseId}:r2:${key}`),
    ]);
    expect(recorder.statuses()).toEqual(['SUBMITTED', 'IN_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'IN_REVIEW', 'PUBLICITY']);
    expectKeysUnique(recorder);
  });
});

describe('withdrawal', () => {
  const reason = 'The venture found another partner institution.';
  const withdraw = (handle: CaseHandle, actor: Actor = actors.researcher, why = reason) =>
    handle.executeUpdate(withdrawUpdate, { args: [{ actor, reason: why }] });

  /** Brings a fresh case to `stage`. */
  const driveTo: Record<string, (handle: CaseHandle) => Promise<unknown>> = {
    DRAFT: async () => undefined,
    IN_REVIEW: async (handle) => { await submit(handle); await decideCurrent(handle, 'APPROVE'); },
    RETURNED: async (handle) => { await submit(handle); await decideCurrent(handle, 'RETURN', { comment: 'Add the maker space contract.' }); },
    PUBLICITY: (handle) => inPublicity(handle),
    OBJECTION_REVIEW: async (handle) => {
      await inPublicity(handle);
      await fileObjection(handle);
      await eventually(async () => expect((await stateOf(handle)).openTasks).toHaveLength(1));
    },
    AGREEMENT: (handle) => toAgreement(env, handle),
  };

  it.each(Object.keys(driveTo))('in %s cancels the open tasks and withdraws a running notice', async (stage) => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    await driveTo[stage]!(handle);
    const before = await stateOf(handle);
    expect(before.status).toBe(stage as CaseStatus);

    await expectRefusedWithoutEffect(handle, recorder, () => withdraw(handle, actors.tto), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => withdraw(handle, actors.researcher, ' '), 'VALIDATION_FAILED', /reason/);

    const noticeUpdatesBefore = recorder.calls.updateNotice.length;
    const withdrawn = await withdraw(handle);
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', openTasks: [], currentStepKey: null });
    for (const task of before.openTasks) {
      expect(recorder.closedTask(task.key)).toEqual({ key: task.key, state: 'CANCELLED', decision: 'WITHDRAWN' });
    }
    const noticeUpdates = recorder.calls.updateNotice.slice(noticeUpdatesBefore);
    // A running notice is taken down; one that has closed stays the record that publicity passed.
    const running = stage === 'PUBLICITY' || stage === 'OBJECTION_REVIEW';
    expect(noticeUpdates).toEqual(running ? [{ key: before.publicity!.noticeKey, status: 'WITHDRAWN' }] : []);
    expect(recorder.calls.recordCaseState.at(-1)).toMatchObject({ status: 'WITHDRAWN', event: { action: 'case.withdrawn', actorId: actors.researcher.personId } });

    const result = await handle.result();
    expect(result.status).toBe('WITHDRAWN');
    expectKeysUnique(recorder);
  });

  it('refuses a second withdrawal racing the first, and any decision that raced it', async () => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    await submit(handle);
    const task = openTaskOf(await stateOf(handle));
    const hold = recorder.hold('closeTask');
    const withdrawing = withdraw(handle);
    await hold.reached; // the open task is being cancelled (a local activity, inside the workflow task)
    // Both arrive meanwhile. The server refuses to let the workflow complete with them unhandled,
    // so the workflow task runs again with them: after the withdrawal was accepted, before it
    // took effect. A second withdrawal is refused at once; the decision is accepted by its
    // validator and then refused because the case was withdrawn under it.
    const again = withdraw(handle);
    const decided = handle.executeUpdate(decideUpdate, { args: [{ actor: actors.deptHead, taskKey: task.key, decision: 'APPROVE' }] });
    hold.release();
    // Both awaited together: either may be refused first.
    await Promise.all([
      expectRefused(again, 'INVALID_TRANSITION', /can no longer be withdrawn/),
      expectRefused(decided, 'INVALID_TRANSITION', /withdrawn before this could take effect/),
    ]);
    expect(recorder.closedTask(task.key)).toMatchObject({ state: 'CANCELLED', decision: 'WITHDRAWN' });
    expect((await withdrawing).status).toBe('WITHDRAWN');
    expect((await handle.result()).status).toBe('WITHDRAWN');
  });

  it('is refused once the case is signed: the case workflow is over', async () => {
    const { handle } = await startCase(env, worker);
    await toAgreement(env, handle);
    const today = shanghaiDateOf(await env.currentTimeMs());
    await attachCopy(handle, actors.researcher, 'RESEARCHER', 'doc-r', today);
    expect((await attachCopy(handle, actors.tto, 'INSTITUTION', 'doc-i', today)).status).toBe('SIGNED');
    expect((await handle.result()).status).toBe('SIGNED');
    // The server refuses any update to a closed workflow; the API answers from the read model.
    await expect(withdraw(handle)).rejects.toMatchObject({ name: 'WorkflowNotFoundError' });
  });
});
