// The spin-out case workflow under the time-skipping test server: the approved path to SIGNED,
// rejection at every step, and return-for-changes with both resume policies.
// Refusals: spinout-case-refusals.test.ts; deadlines, delegation and claims:
// spinout-case-deadlines.test.ts; publicity, objections and withdrawal: spinout-case-publicity.test.ts.
import { WorkflowUpdateStage } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCalendarDays, chinaPublicHolidayCalendar, dueDate, shanghaiDateOf, shanghaiEndOfDay } from '../../domain/calendar';
import { defaultPolicyProfile } from '../../domain/policy';
import {
  decideUpdate,
  editDraftUpdate,
  spinoutCaseWorkflowId,
  submitUpdate,
  withdrawUpdate,
} from '../../workflows/contracts/spinout-case';
import { retentionClockWorkflowId } from '../../workflows/contracts/retention-clock';
import {
  actors,
  advanceTo,
  approveAll,
  attachCopy,
  createTimeSkippingEnv,
  decideCurrent,
  deciderOf,
  DEFAULT_STEP_KEYS,
  DEPARTMENT_ID,
  eventually,
  expectKeysUnique,
  expectRefused,
  expectRefusedWithoutEffect,
  INSTITUTION_ID,
  openTaskOf,
  profileWith,
  startCase,
  startTestWorker,
  stateOf,
  submit,
  toAgreement,
  type TestWorker,
} from './support';

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await createTimeSkippingEnv(); });
afterAll(async () => { await env?.teardown(); });

let worker: TestWorker;
beforeEach(async () => { worker = await startTestWorker(env); });
afterEach(async () => { await worker?.stop(); });

const calendar = chinaPublicHolidayCalendar;

describe('the approved path', () => {
  it('goes draft → every approval step → publicity → agreement → SIGNED on the later signing date', async () => {
    const { recorder } = worker;
    const { handle, input } = await startCase(env, worker);
    const { caseId } = input;

    expect(await stateOf(handle)).toMatchObject({ status: 'DRAFT', version: 1, round: 1, openTasks: [], publicity: null });
    expect(recorder.calls.createCase).toEqual([{ ...input, workflowId: spinoutCaseWorkflowId(caseId) }]);

    // Submission is answered once the first step's task is open in the read model.
    const submitted = await submit(handle);
    expect(submitted.status).toBe('IN_REVIEW');
    expect(submitted.openTasks.map((task) => task.key)).toEqual([`${caseId}:r1:dept-head`]);
    expect(recorder.openedTaskKeys()).toEqual([`${caseId}:r1:dept-head`]);
    expect(recorder.calls.loadCalendar).toHaveLength(1);

    // Every step in profile order: a task for the step's role, due after its working days.
    for (const [index, step] of defaultPolicyProfile.approval.steps.entries()) {
      const state = await stateOf(handle);
      expect(state).toMatchObject({ status: 'IN_REVIEW', stepIndex: index, currentStepKey: step.key });
      const task = openTaskOf(state);
      expect(task).toMatchObject({
        key: `${caseId}:r1:${step.key}`,
        kind: 'APPROVAL',
        stepKey: step.key,
        candidateRole: step.role,
        assigneeId: null,
        departmentId: step.role === 'DEPT_HEAD' ? DEPARTMENT_ID : null,
        escalationRole: step.escalationRole,
        escalated: false,
      });
      const expectedDue = dueDate({ start: shanghaiDateOf(task.openedAt), days: step.dueDays, dayKind: 'WORKING', calendar });
      expect(task.dueAt).toBe(shanghaiEndOfDay(expectedDue));
      expect(recorder.calls.openTask.find((call) => call.task.key === task.key)).toEqual({ institutionId: INSTITUTION_ID, caseId, task });
      expect(recorder.calls.notify).toContainEqual(
        expect.objectContaining({ key: `${task.key}:opened`, kind: 'TASK_OPENED', role: step.role, departmentId: task.departmentId }),
      );

      const decider = deciderOf[step.key]!;
      const after = await handle.executeUpdate(decideUpdate, {
        args: [{ actor: decider, taskKey: task.key, decision: 'APPROVE', expectedVersion: state.version }],
      });
      expect(recorder.closedTask(task.key)).toEqual({ key: task.key, state: 'DONE', decision: 'APPROVE', comment: null, decidedById: decider.personId });
      expect(after.lastDecision).toEqual({ taskKey: task.key, decision: 'APPROVE', byId: decider.personId, comment: null });
      // The version the read model shows is the one the workflow checks expectedVersion against.
      expect(after.version).toBe(recorder.calls.recordCaseState.at(-1)!.version);
      // The approver's answer already shows what follows: the next step, or publicity.
      const next = defaultPolicyProfile.approval.steps[index + 1];
      if (next) expect(after.openTasks.map((open) => open.key)).toEqual([`${caseId}:r1:${next.key}`]);
      else expect(after.status).toBe('PUBLICITY');
    }

    // Publicity: 15 calendar days from the day it starts, ending on a working day.
    const inPublicity = await stateOf(handle);
    const publicity = inPublicity.publicity!;
    const expectedEnd = dueDate({ start: publicity.startsOn, days: 15, dayKind: 'CALENDAR', calendar });
    expect(publicity).toEqual({
      noticeKey: `${caseId}:r1:notice`,
      startsOn: shanghaiDateOf(await env.currentTimeMs()),
      endsOn: expectedEnd,
      endsAt: shanghaiEndOfDay(expectedEnd),
      pausedRemainingMs: null,
      objectionId: null,
    });
    expect(recorder.calls.publishNotice).toEqual([
      { key: publicity.noticeKey, institutionId: INSTITUTION_ID, caseId, startsOn: publicity.startsOn, endsOn: expectedEnd },
    ]);
    expect(recorder.notificationsOfKind('PUBLICITY_STARTED')).toMatchObject([{ personIds: [actors.researcher.personId] }]);

    // Nothing happens until the last minute of the period has passed.
    await advanceTo(env, publicity.endsAt - 60_000);
    expect((await stateOf(handle)).status).toBe('PUBLICITY');
    expect(recorder.calls.updateNotice).toEqual([]);

    await advanceTo(env, publicity.endsAt + 5_000);
    const inAgreement = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.status).toBe('AGREEMENT');
      expect(state.openTasks).toHaveLength(1);
      return state;
    });
    expect(recorder.calls.updateNotice).toEqual([{ key: publicity.noticeKey, status: 'CLOSED' }]);
    expect(recorder.calls.generateAgreement).toEqual([{ caseId, key: `${caseId}:agreement` }]);
    expect(inAgreement.agreementDocumentId).toBe(`agreement-of-${caseId}`);
    expect(openTaskOf(inAgreement, 'SIGN_AGREEMENT')).toMatchObject({ key: `${caseId}:sign`, candidateRole: 'TTO_OFFICER', dueAt: null });
    await eventually(() => expect(recorder.notificationsOfKind('AGREEMENT_READY')).toMatchObject([{ personIds: [actors.researcher.personId] }]));

    // Refusals at this stage change nothing.
    const today = shanghaiDateOf(await env.currentTimeMs());
    const yesterday = addCalendarDays({ date: today, days: -1 });
    await expectRefusedWithoutEffect(handle, recorder, () => attachCopy(handle, actors.researcher, 'INSTITUTION', 'doc-x', today), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => attachCopy(handle, actors.hr, 'RESEARCHER', 'doc-x', today), 'FORBIDDEN');
    await expectRefusedWithoutEffect(
      handle, recorder, () => attachCopy(handle, actors.researcher, 'RESEARCHER', 'doc-x', addCalendarDays({ date: today, days: 1 })), 'VALIDATION_FAILED', /signedOn/,
    );

    // The researcher signs today and uploads first; the institution signed yesterday and uploads
    // second. The signing date is the later signature, not the later upload.
    const halfSigned = await attachCopy(handle, actors.researcher, 'RESEARCHER', 'doc-researcher', today);
    expect(halfSigned).toMatchObject({ status: 'AGREEMENT', signingDate: null, signedCopies: { INSTITUTION: null } });
    expect(recorder.calls.lockDocuments).toEqual([]);

    const signed = await attachCopy(handle, actors.tto, 'INSTITUTION', 'doc-institution', yesterday);
    expect(signed).toMatchObject({
      status: 'SIGNED',
      signingDate: today,
      openTasks: [],
      signedCopies: {
        RESEARCHER: { documentId: 'doc-researcher', signedOn: today, uploadedBy: actors.researcher.personId },
        INSTITUTION: { documentId: 'doc-institution', signedOn: yesterday, uploadedBy: actors.tto.personId },
      },
    });
    expect(recorder.calls.lockDocuments).toEqual([{ caseId, documentIds: ['doc-researcher', 'doc-institution'] }]);
    const lockedAt = recorder.sequence.findIndex((call) => call.activity === 'lockDocuments');
    const signedAt = recorder.sequence.findIndex((call) => call.activity === 'recordCaseState' && (call.input as { status: string }).status === 'SIGNED');
    expect(lockedAt).toBeGreaterThan(-1);
    expect(lockedAt).toBeLessThan(signedAt);
    expect(recorder.calls.recordCaseState.at(-1)).toMatchObject({ status: 'SIGNED', signingDate: today, currentStepKey: null });
    expect(recorder.closedTask(`${caseId}:sign`)).toMatchObject({ state: 'DONE', decision: 'SIGNED' });
    expect(recorder.notificationsOfKind('CASE_SIGNED')).toMatchObject([{ personIds: [actors.researcher.personId], role: 'HR_OFFICER' }]);

    const result = await handle.result();
    expect(result).toMatchObject({ status: 'SIGNED', signingDate: today });
    expect(result.version).toBe(recorder.calls.recordCaseState.at(-1)!.version);

    // A LEAVE case's retention clock starts on the signing date, in a workflow of its own.
    const clock = env.client.workflow.getHandle(retentionClockWorkflowId(caseId));
    const started = (await clock.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
    expect(started.workflowType!.name).toBe('retentionClockWorkflow');
    expect(defaultPayloadConverter.fromPayload(started.input!.payloads![0]!)).toMatchObject({
      caseId,
      signingDate: today,
      months: input.draft.durationMonths,
      retention: defaultPolicyProfile.retention,
    });
    expect(recorder.statuses()).toEqual(['SUBMITTED', 'IN_REVIEW', 'PUBLICITY', 'AGREEMENT', 'SIGNED']);
    expect(recorder.notificationsOfKind('TASK_REMINDER')).toEqual([]);
    expectKeysUnique(recorder);

  });

  it('refuses a withdrawal that raced the last signature, once the case is signed', async () => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    await toAgreement(env, handle);
    const today = shanghaiDateOf(await env.currentTimeMs());
    await attachCopy(handle, actors.researcher, 'RESEARCHER', 'doc-researcher', today);

    // The last signature is being processed (documents being locked) when the withdrawal arrives:
    // the case is still AGREEMENT, so the withdrawal is accepted...
    const hold = recorder.hold('lockDocuments');
    const lastSignature = attachCopy(handle, actors.tto, 'INSTITUTION', 'doc-institution', today);
    await hold.reached;
    const withdrawal = await handle.startUpdate(withdrawUpdate, {
      args: [{ actor: actors.researcher, reason: 'changed my mind' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    hold.release();

    // ...but the signature wins, and the withdrawal is refused instead of waiting for ever.
    expect((await lastSignature).status).toBe('SIGNED');
    await expectRefused(withdrawal.result(), 'INVALID_TRANSITION', /signed/);
    expect(await handle.result()).toMatchObject({ status: 'SIGNED', signingDate: today });
  });
});

describe('rejection', () => {
  it.each(DEFAULT_STEP_KEYS)('at step %s needs a reason and ends the case REJECTED', async (stepKey) => {
    const { recorder } = worker;
    const { handle, input } = await startCase(env, worker);
    await submit(handle);
    while (openTaskOf(await stateOf(handle)).stepKey !== stepKey) await decideCurrent(handle, 'APPROVE');
    const task = openTaskOf(await stateOf(handle));

    for (const comment of [undefined, '   ']) {
      await expectRefusedWithoutEffect(handle, recorder, () => decideCurrent(handle, 'REJECT', comment === undefined ? {} : { comment }), 'VALIDATION_FAILED', /comment.*reason/);
    }

    const reason = 'The venture competes with an existing licensee of the same patent.';
    const rejected = await decideCurrent(handle, 'REJECT', { comment: reason });
    expect(rejected).toMatchObject({ status: 'REJECTED', openTasks: [], lastDecision: { taskKey: task.key, decision: 'REJECT', comment: reason } });
    expect(recorder.closedTask(task.key)).toEqual({ key: task.key, state: 'DONE', decision: 'REJECT', comment: reason, decidedById: deciderOf[stepKey]!.personId });
    expect(recorder.notificationsOfKind('CASE_REJECTED')).toEqual([
      expect.objectContaining({ key: `${task.key}:rejected`, personIds: [actors.researcher.personId], body: reason }),
    ]);
    // No later step was ever opened, and there was no publicity.
    const upTo = DEFAULT_STEP_KEYS.slice(0, DEFAULT_STEP_KEYS.indexOf(stepKey) + 1);
    expect(recorder.openedTaskKeys()).toEqual(upTo.map((key) => `${input.caseId}:r1:${key}`));
    expect(recorder.calls.publishNotice).toEqual([]);
    expect((await handle.result()).status).toBe('REJECTED');
    expect(recorder.statuses()).toEqual(['SUBMITTED', 'IN_REVIEW', 'REJECTED']);
    expectKeysUnique(recorder);
  });

  it('refuses a withdrawal that raced a rejection, once the case is rejected', async () => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    await submit(handle);
    // The rejection's write (task closed and case rejected, one transaction) is held while the withdrawal arrives.
    const hold = recorder.hold('recordTransition');
    const rejecting = decideCurrent(handle, 'REJECT', { comment: 'Not a fit for a spin-out.' });
    await hold.reached;
    const withdrawal = await handle.startUpdate(withdrawUpdate, {
      args: [{ actor: actors.researcher, reason: 'withdrawing first' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    hold.release();
    expect((await rejecting).status).toBe('REJECTED');
    await expectRefused(withdrawal.result(), 'INVALID_TRANSITION', /rejected/i);
    expect((await handle.result()).status).toBe('REJECTED');
  });
});

describe('return for changes', () => {
  it("resumes at the step that returned it (the default profile's SAME_STEP), in a new round", async () => {
    const { recorder } = worker;
    const { handle, input } = await startCase(env, worker);
    const { caseId } = input;
    await submit(handle);
    await decideCurrent(handle, 'APPROVE'); // dept-head
    expect(openTaskOf(await stateOf(handle)).stepKey).toBe('tto');

    await expectRefusedWithoutEffect(handle, recorder, () => decideCurrent(handle, 'RETURN'), 'VALIDATION_FAILED', /comment/);
    const note = 'List the software copyright as well.';
    const returned = await decideCurrent(handle, 'RETURN', { comment: note });
    expect(returned.status).toBe('RETURNED');
    const resubmitTask = openTaskOf(returned, 'RESUBMIT');
    expect(resubmitTask).toMatchObject({ key: `${caseId}:r1:resubmit`, stepKey: 'tto', assigneeId: actors.researcher.personId, candidateRole: null });
    expect(recorder.closedTask(`${caseId}:r1:tto`)).toMatchObject({ state: 'DONE', decision: 'RETURN', comment: note });
    expect(recorder.calls.notify).toContainEqual(expect.objectContaining({ key: `${resubmitTask.key}:opened`, personIds: [actors.researcher.personId] }));

    // Only the researcher edits; the edit is written to the read model.
    const draft = structuredClone(returned.draft);
    draft.ipAssets!.push({ kind: 'SOFTWARE_COPYRIGHT', title: '传感器控制软件 V1.0', number: '2024SR000001', ownership: 'INSTITUTION' });
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(editDraftUpdate, { args: [{ actor: actors.tto, draft }] }), 'FORBIDDEN');
    const edited = await handle.executeUpdate(editDraftUpdate, { args: [{ actor: actors.researcher, draft }] });
    expect(edited.draft.ipAssets).toHaveLength(2);
    expect(recorder.calls.recordCaseState.at(-1)).toMatchObject({ status: 'RETURNED', draft, event: { action: 'case.draft_edited' } });

    // While the resubmission is being processed, the draft can no longer change under it.
    const hold = recorder.hold('closeTask');
    const resubmitting = submit(handle);
    await hold.reached;
    await expectRefused(handle.executeUpdate(editDraftUpdate, { args: [{ actor: actors.researcher, draft: {} }] }), 'CONFLICT');
    await expectRefused(submit(handle), 'CONFLICT');
    hold.release();
    const resubmitted = await resubmitting;

    expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', round: 2, currentStepKey: 'tto' });
    expect(resubmitted.draft.ipAssets).toHaveLength(2);
    expect(resubmitted.openTasks.map((task) => task.key)).toEqual([`${caseId}:r2:tto`]);
    expect(recorder.closedTask(resubmitTask.key)).toMatchObject({ state: 'DONE', decision: 'RESUBMITTED', decidedById: actors.researcher.personId });
    expect(recorder.calls.recordCaseState.map((call) => call.event.action)).toContain('case.resubmitted');
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(editDraftUpdate, { args: [{ actor: actors.researcher, draft }] }), 'INVALID_TRANSITION');

    expect((await approveAll(handle)).status).toBe('PUBLICITY');
    expect(recorder.openedTaskKeys()).toEqual([
      `${caseId}:r1:dept-head`, `${caseId}:r1:tto`, `${caseId}:r1:resubmit`, `${caseId}:r2:tto`, `${caseId}:r2:hr`, `${caseId}:r2:leadership`,
    ]);
    expect(recorder.statuses()).toEqual(['SUBMITTED', 'IN_REVIEW', 'RETURNED', 'SUBMITTED', 'IN_REVIEW', 'PUBLICITY']);
    expectKeysUnique(recorder);
  });

  it('restarts the chain from the first step under a FIRST_STEP profile', async () => {
    const { recorder } = worker;
    const profile = profileWith((draft) => { draft.approval.returnRestartsFrom = 'FIRST_STEP'; });
    const { handle, input } = await startCase(env, worker, { profile });
    const { caseId } = input;
    await submit(handle);
    await decideCurrent(handle, 'APPROVE'); // dept-head
    await decideCurrent(handle, 'APPROVE'); // tto
    const returned = await decideCurrent(handle, 'RETURN', { comment: 'HR needs the signed declaration.' }); // hr
    expect(openTaskOf(returned, 'RESUBMIT').key).toBe(`${caseId}:r1:resubmit`);

    const resubmitted = await submit(handle);
    expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', round: 2, stepIndex: 0, currentStepKey: 'dept-head' });
    expect(resubmitted.openTasks.map((task) => task.key)).toEqual([`${caseId}:r2:dept-head`]);
    // A decision on the first round's task is a repeat, not a new decision.
    await expectRefusedWithoutEffect(
      handle, recorder,
      () => handle.executeUpdate(decideUpdate, { args: [{ actor: actors.hr, taskKey: `${caseId}:r1:hr`, decision: 'APPROVE' }] }),
      'ALREADY_DECIDED',
    );

    expect((await approveAll(handle)).status).toBe('PUBLICITY');
    expect(recorder.openedTaskKeys()).toEqual([
      ...['dept-head', 'tto', 'hr', 'resubmit'].map((key) => `${caseId}:r1:${key}`),
      ...DEFAULT_STEP_KEYS.map((key) => `${caseId}:r2:${key}`),
    ]);
    expectKeysUnique(recorder);
  });

  it('refuses a second submission while the first is being processed', async () => {
    const { recorder } = worker;
    const { handle } = await startCase(env, worker);
    const hold = recorder.hold('recordCaseState');
    const submitting = handle.executeUpdate(submitUpdate, { args: [{ actor: actors.researcher }] });
    await hold.reached;
    await expectRefused(submit(handle), 'INVALID_TRANSITION');
    hold.release();
    expect((await submitting).status).toBe('IN_REVIEW');
  });
});
