// Refusals of the spin-out case workflow: each asserts the AppError code the validator gives (the
// failure's `type`), that the case did not change, and that no activity ran. Scenarios share one
// case per describe block, in order, to keep the suite fast.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { TSpinoutDraft } from '../../domain/spinout';
import {
  attachSignedCopyUpdate,
  claimUpdate,
  decideUpdate,
  delegateUpdate,
  editDraftUpdate,
  fileObjectionUpdate,
  resolveObjectionUpdate,
  submitUpdate,
  type Actor,
  type Decision,
  type SpinoutCaseInput,
} from '../../workflows/contracts/spinout-case';
import {
  actors,
  createTimeSkippingEnv,
  DEPARTMENT_ID,
  expectRefused,
  expectRefusedWithoutEffect,
  openTaskOf,
  profileWith,
  startCase,
  startTestWorker,
  stateOf,
  submit,
  validDraft,
  type CaseHandle,
  type TestWorker,
} from './support';

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await createTimeSkippingEnv(); });
afterAll(async () => { await env?.teardown(); });

const objection = { name: '匿名', contact: 'someone@example.com', reason: 'The patent was co-invented by our lab.' };

describe('decisions refused at the department step', () => {
  let worker: TestWorker;
  let handle: CaseHandle;
  let input: SpinoutCaseInput;
  let taskKey: string;
  const decide = (actor: Actor, key: string, extra: { decision?: Decision; expectedVersion?: number } = {}) =>
    handle.executeUpdate(decideUpdate, { args: [{ actor, taskKey: key, decision: extra.decision ?? 'APPROVE', comment: 'Fine by me.', ...extra }] });

  beforeAll(async () => {
    worker = await startTestWorker(env);
    ({ handle, input } = await startCase(env, worker));
    await submit(handle);
    const task = openTaskOf(await stateOf(handle));
    expect(task).toMatchObject({ stepKey: 'dept-head', candidateRole: 'DEPT_HEAD', departmentId: DEPARTMENT_ID });
    taskKey = task.key;
  });
  afterAll(async () => { await worker?.stop(); });

  it.each([
    ['a tech-transfer officer', actors.tto],
    ['an HR officer', actors.hr],
    ['a member of the leadership', actors.leader],
    ['an institution admin', actors.admin],
  ])('refuses %s: the step is for department heads', async (_who, actor) => {
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actor, taskKey), 'NOT_ASSIGNEE', /DEPT_HEAD/);
  });

  it("refuses the head of another department", async () => {
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.otherDeptHead, taskKey), 'NOT_ASSIGNEE');
    await expectRefusedWithoutEffect(handle, worker.recorder, () => handle.executeUpdate(claimUpdate, { args: [{ actor: actors.otherDeptHead, taskKey }] }), 'NOT_ASSIGNEE');
  });

  it('refuses the researcher on their own case, even as head of the same department', async () => {
    const researcherAsHead: Actor = { ...actors.researcher, roles: ['RESEARCHER', 'DEPT_HEAD'] };
    for (const decision of ['APPROVE', 'REJECT', 'RETURN'] as const) {
      await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(researcherAsHead, taskKey, { decision }), 'NOT_ASSIGNEE');
    }
    await expectRefusedWithoutEffect(handle, worker.recorder, () => handle.executeUpdate(claimUpdate, { args: [{ actor: researcherAsHead, taskKey }] }), 'NOT_ASSIGNEE');
    await expectRefusedWithoutEffect(
      handle, worker.recorder,
      () => handle.executeUpdate(delegateUpdate, { args: [{ actor: researcherAsHead, taskKey, deputyId: actors.deputy.personId }] }),
      'NOT_ASSIGNEE',
    );
  });

  it("refuses a later step's task out of turn, and a task that does not exist", async () => {
    const later = `${input.caseId}:r1:tto`;
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.tto, later), 'WRONG_STEP', new RegExp(`not open.*${taskKey}`));
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.leader, `${input.caseId}:r1:leadership`), 'WRONG_STEP');
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.deptHead, 'no-such-task'), 'WRONG_STEP');
  });

  it('refuses actions that belong to other stages of the case', async () => {
    const { recorder } = worker;
    const today = shanghaiDateOf(await env.currentTimeMs());
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(submitUpdate, { args: [{ actor: actors.researcher }] }), 'INVALID_TRANSITION');
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(editDraftUpdate, { args: [{ actor: actors.researcher, draft: {} }] }), 'INVALID_TRANSITION');
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(fileObjectionUpdate, { args: [objection] }), 'INVALID_TRANSITION', /publicity/);
    await expectRefusedWithoutEffect(
      handle, recorder,
      () => handle.executeUpdate(resolveObjectionUpdate, { args: [{ actor: actors.tto, taskKey, outcome: 'DISMISS', comment: 'x' }] }),
      'INVALID_TRANSITION',
    );
    await expectRefusedWithoutEffect(
      handle, recorder,
      () => handle.executeUpdate(attachSignedCopyUpdate, { args: [{ actor: actors.tto, party: 'INSTITUTION', documentId: 'd', signedOn: today }] }),
      'INVALID_TRANSITION',
    );
  });

  it('refuses a stale expectedVersion, then accepts the decision on the current one', async () => {
    const { version } = await stateOf(handle);
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.deptHead, taskKey, { expectedVersion: version - 1 }), 'STALE_VERSION', /reload/);
    const approved = await decide(actors.deptHead, taskKey, { expectedVersion: version });
    expect(openTaskOf(approved).stepKey).toBe('tto');
    // The version a client reads from the read model is the workflow's: it may be sent back as is.
    expect(approved.version).toBe(worker.recorder.calls.recordCaseState.at(-1)!.version);

    // A page loaded before the submission is stale.
    const ttoTask = openTaskOf(approved).key;
    const draftVersion = worker.recorder.calls.recordCaseState.find((call) => call.status === 'SUBMITTED')!.version - 1;
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.tto, ttoTask, { expectedVersion: draftVersion }), 'STALE_VERSION');
  });

  it('refuses a second decision on a decided task, by anyone', async () => {
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.deptHead, taskKey), 'ALREADY_DECIDED');
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.deptHead, taskKey, { decision: 'REJECT' }), 'ALREADY_DECIDED');
    await expectRefusedWithoutEffect(handle, worker.recorder, () => decide(actors.hr, taskKey), 'ALREADY_DECIDED');
  });

  it('refuses the slower of two approvers deciding the same task at once', async () => {
    const { recorder } = worker;
    const ttoTask = openTaskOf(await stateOf(handle)).key;
    const hold = recorder.hold('recordTransition');
    const first = decide(actors.tto, ttoTask);
    await hold.reached;
    // The second decision arrives while the first is being written (a local activity inside the
    // workflow task): it is validated once the first has taken effect.
    const second = decide(actors.tto2, ttoTask);
    hold.release();
    await expectRefused(second, 'ALREADY_DECIDED');
    expect(recorder.closedTask(ttoTask)).toMatchObject({ decidedById: actors.tto.personId });
    expect(openTaskOf(await first).stepKey).toBe('hr');
  });

  it('keeps every refused update out of the history', async () => {
    const { events } = await handle.fetchHistory();
    const accepted = (events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    // submit, the department head's approval and the tech-transfer officer's approval.
    expect(accepted.map((event) => event.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.name)).toEqual(['submit', 'decide', 'decide']);
  });
});

describe('submission refused', () => {
  let worker: TestWorker;
  let handle: CaseHandle;
  let today: string;
  const edit = (draft: TSpinoutDraft) => handle.executeUpdate(editDraftUpdate, { args: [{ actor: actors.researcher, draft }] });

  beforeAll(async () => {
    worker = await startTestWorker(env);
    today = shanghaiDateOf(await env.currentTimeMs());
    const draft = validDraft(today);
    // Shares of 60% + 30%: 10% unaccounted for.
    draft.team = [
      { personId: actors.researcher.personId, role: '技术负责人', contributionShareBp: 6_000 },
      { name: '张三', role: '工程师', contributionShareBp: 3_000 },
    ];
    ({ handle } = await startCase(env, worker, { draft }));
  });
  afterAll(async () => { await worker?.stop(); });

  it('refuses a draft whose team shares do not sum to 10000, naming the field', async () => {
    const failure = await expectRefusedWithoutEffect(handle, worker.recorder, () => submit(handle), 'VALIDATION_FAILED', /^team: .*10000.*got 9000/);
    expect(failure.details).toEqual([[{ path: 'team', message: expect.stringContaining('must add up to exactly 10000') }]]);
    expect((await stateOf(handle)).status).toBe('DRAFT');
  });

  it('names every missing field of an empty draft', async () => {
    await edit({});
    const failure = await expectRefused(submit(handle), 'VALIDATION_FAILED');
    for (const field of ['mode', 'makerSpace', 'venture', 'ipAssets', 'team', 'declarations', 'requestedStartDate', 'durationMonths']) {
      expect(failure.message).toContain(`${field}:`);
    }
  });

  it('refuses a start date in the past', async () => {
    await edit({ ...validDraft(today), requestedStartDate: addCalendarDays({ date: today, days: -1 }) });
    await expectRefusedWithoutEffect(handle, worker.recorder, () => submit(handle), 'VALIDATION_FAILED', /requestedStartDate.*not be before today/);
  });

  it('refuses an ineligible applicant, with every reason', async () => {
    await edit({ ...validDraft(today), declarations: { holdsLeadershipPost: true, isMajorProjectPI: true } });
    const failure = await expectRefusedWithoutEffect(handle, worker.recorder, () => submit(handle), 'NOT_ELIGIBLE', /resign the post first.*major projects/);
    expect(failure.details).toEqual([[expect.objectContaining({ code: 'HOLDS_LEADERSHIP_POST' }), expect.objectContaining({ code: 'MAJOR_PROJECT_PI' })]]);
  });

  it('refuses a submission or an edit by anyone but the researcher', async () => {
    await expectRefusedWithoutEffect(handle, worker.recorder, () => submit(handle, actors.tto), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, worker.recorder, () => handle.executeUpdate(editDraftUpdate, { args: [{ actor: actors.deptHead, draft: {} }] }), 'FORBIDDEN');
  });

  it('refuses an objection: a draft has no notice', async () => {
    await expectRefusedWithoutEffect(handle, worker.recorder, () => handle.executeUpdate(fileObjectionUpdate, { args: [objection] }), 'INVALID_TRANSITION', /publicity/);
  });

  it('refuses a submission on a stale version, then accepts the fixed draft', async () => {
    const edited = await edit(validDraft(today));
    await expectRefusedWithoutEffect(
      handle, worker.recorder,
      () => handle.executeUpdate(submitUpdate, { args: [{ actor: actors.researcher, expectedVersion: edited.version - 1 }] }),
      'STALE_VERSION',
    );
    const submitted = await handle.executeUpdate(submitUpdate, { args: [{ actor: actors.researcher, expectedVersion: edited.version }] });
    expect(submitted.status).toBe('IN_REVIEW');
    // Every refused submission left the read model alone: the only statuses written are the accepted one's.
    expect(worker.recorder.statuses()).toEqual(['DRAFT', 'SUBMITTED', 'IN_REVIEW']);
  });

  it("applies the case's own profile: a principal investigator is eligible where the profile allows it", async () => {
    const lenient = profileWith((profile) => { profile.eligibility.majorProjectPIsExcluded = false; });
    const draft = { ...validDraft(today), declarations: { holdsLeadershipPost: false, isMajorProjectPI: true } };
    const { handle: strictCase } = await startCase(env, worker, { draft });
    await expectRefused(submit(strictCase), 'NOT_ELIGIBLE', /major projects/);
    const { handle: lenientCase } = await startCase(env, worker, { draft, profile: lenient });
    expect((await submit(lenientCase)).status).toBe('IN_REVIEW');
  });
});
