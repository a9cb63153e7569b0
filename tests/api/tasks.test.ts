// /tasks: the inbox of each role, claiming, deciding (approve, reject, return and resubmit),
// delegating — and each refusal's status, code and field, with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateQuery } from '../../workflows/contracts/spinout-case';
import {
  createCase,
  expectRefusedUnchanged,
  openTaskOf,
  startApiHarness,
  submittedCase,
  type ApiHarness,
} from '../support/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const inboxIds = async (person: Parameters<ApiHarness['token']>[0], query = '') => {
  const res = await h.call('GET', `/tasks/inbox${query}`, { as: person });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((item: { id: string }) => item.id) as string[];
};

/** Approves steps through the API until `stepKey` is the open one; returns that task. */
async function caseAtStep(stepKey: 'dept-head' | 'tto' | 'hr' | 'leadership') {
  const submitted = await submittedCase(h);
  const { deptHead, tto, hr } = h.a.people;
  const order = [['dept-head', deptHead], ['tto', tto], ['hr', hr]] as const;
  for (const [key, approver] of order) {
    if (key === stepKey) break;
    const task = await openTaskOf(h, submitted.id, 'APPROVAL', key);
    expect((await h.call('POST', `/tasks/${task.id}/decide`, { as: approver, json: { decision: 'APPROVE' } })).status).toBe(200);
  }
  return { caseId: submitted.id, task: await openTaskOf(h, submitted.id, 'APPROVAL', stepKey) };
}

describe('GET /tasks/inbox', () => {
  it('shows a department head’s step to the heads of that department only, within the institution', async () => {
    const { task } = await caseAtStep('dept-head');
    expect(await inboxIds(h.a.people.deptHead)).toContain(task.id);
    for (const person of [h.a.people.otherDeptHead, h.a.people.tto, h.a.people.hr, h.a.people.researcher, h.a.people.admin, h.b.people.deptHead]) {
      expect(await inboxIds(person), person.email).not.toContain(task.id);
    }
    const res = await h.call('GET', '/tasks/inbox', { as: h.a.people.deptHead });
    const item = res.body.items.find((entry: any) => entry.id === task.id);
    expect(item).toMatchObject({ why: 'CANDIDATE', kind: 'APPROVAL', candidateRole: 'DEPT_HEAD', overdue: false, case: { status: 'IN_REVIEW' } });
    expect(new Date(item.dueAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('never offers a person the approval of their own case', async () => {
    // The department head is a researcher too, and opens a case of their own.
    const own = await createCase(h, h.a.people.deptHead);
    expect((await h.call('POST', `/cases/${own.id}/submit`, { as: h.a.people.deptHead })).status).toBe(200);
    const task = await openTaskOf(h, own.id, 'APPROVAL', 'dept-head');
    expect(await inboxIds(h.a.people.deptHead)).not.toContain(task.id);
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: h.a.people.deptHead, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');
  });

  it('filters by kind and overdue, pages, sorts by due date, and names bad filters', async () => {
    const { task } = await caseAtStep('tto');
    const { tto } = h.a.people;
    expect(await inboxIds(tto, '?kind=APPROVAL')).toContain(task.id);
    expect(await inboxIds(tto, '?kind=RESUBMIT')).toEqual([]);
    expect(await inboxIds(tto, '?overdue=true')).toEqual([]);
    expect(await inboxIds(tto, '?overdue=false')).toContain(task.id);

    await caseAtStep('tto');
    const paged = await h.call('GET', '/tasks/inbox?pageSize=1', { as: tto });
    expect(paged.body.meta).toMatchObject({ page: 1, pageSize: 1 });
    expect(paged.body.meta.total).toBeGreaterThanOrEqual(2);
    const all = await h.call('GET', '/tasks/inbox?pageSize=100', { as: tto });
    const due = all.body.items.map((item: any) => item.dueAt);
    expect([...due].sort()).toEqual(due);

    const bad = await h.call('GET', '/tasks/inbox?kind=LUNCH&overdue=maybe&page=0', { as: tto });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['kind', 'overdue', 'page']);
    expect((await h.call('GET', '/tasks/inbox')).status).toBe(401);
  });

  it('shows an escalated task to its escalation role', async () => {
    const { task } = await caseAtStep('hr');
    // Escalation needs days to pass (the workflow tests cover it under time skipping); the
    // inbox reads the read model, so marking the row is enough to check who sees it.
    await h.db.task.update({ where: { id: task.id }, data: { escalated: true, dueAt: new Date(Date.now() - 60_000) } });
    const res = await h.call('GET', '/tasks/inbox?overdue=true', { as: h.a.people.leadership });
    expect(res.body.items.find((item: any) => item.id === task.id)).toMatchObject({ why: 'ESCALATED', overdue: true, escalationRole: 'LEADERSHIP' });
    expect(await inboxIds(h.a.people.hr, '?overdue=true')).toContain(task.id);
    expect(await inboxIds(h.b.people.leadership)).not.toContain(task.id);
  });
});

describe('POST /tasks/{id}/claim', () => {
  it('makes an open task the claimer’s alone', async () => {
    const { task } = await caseAtStep('tto');
    const { tto, ttoDeputy, hr } = h.a.people;
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/claim`, { as: hr }), 403, 'NOT_ASSIGNEE');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/claim`, { as: h.b.people.tto }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/claim`, { as: h.a.people.otherResearcher }), 404, 'NOT_FOUND');

    const res = await h.call('POST', `/tasks/${task.id}/claim`, { as: tto });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.task).toMatchObject({ state: 'CLAIMED', assignee: { id: tto.id } });
    expect(await inboxIds(ttoDeputy)).not.toContain(task.id);
    const mine = await h.call('GET', '/tasks/inbox', { as: tto });
    expect(mine.body.items.find((item: any) => item.id === task.id)?.why).toBe('ASSIGNED');

    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/claim`, { as: ttoDeputy }), 409, 'CONFLICT');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/claim`, { as: tto }), 409, 'CONFLICT');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: ttoDeputy, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');
    expect((await h.call('POST', `/tasks/00000000-0000-4000-8000-000000000000/claim`, { as: tto })).status).toBe(404);
  });
});

describe('POST /tasks/{id}/decide', () => {
  it('refuses a bad decision (400 naming the field), a stale version and a wrong role, changing nothing', async () => {
    const { caseId, task } = await caseAtStep('dept-head');
    const { deptHead, tto } = h.a.people;
    const noReason = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'REJECT' } }), 400, 'VALIDATION_FAILED');
    expect(noReason.body.error.details.issues[0].path).toBe('comment');
    const wrongKind = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'DISMISS', comment: 'x' } }), 400, 'VALIDATION_FAILED');
    expect(wrongKind.body.error.details.issues[0].path).toBe('decision');
    const unknown = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'MAYBE' } }), 400, 'VALIDATION_FAILED');
    expect(unknown.body.error.details.issues[0].path).toBe('decision');
    const tooLong = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'REJECT', comment: 'x'.repeat(5001) } }), 400);
    expect(tooLong.body.error.details.issues[0].path).toBe('comment');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'APPROVE', expectedVersion: 1 } }), 409, 'STALE_VERSION');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: tto, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');

    // The workflow's version: the read model's lags it (opening a task bumps the workflow's
    // version without writing the case row), so clients cannot use the row's for decisions yet.
    const { workflowId } = await h.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } });
    const { version } = await h.temporal.workflow.getHandle(workflowId).query(stateQuery);
    const ok = await h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'APPROVE', expectedVersion: version } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'APPROVE' } }), 409, 'ALREADY_DECIDED');
    // The next step is open by the time the approval answers.
    const next = await h.db.task.findFirst({ where: { caseId, stepKey: 'tto', state: 'OPEN' } });
    expect(next).not.toBeNull();
  });

  it('RETURN sends the case back to its researcher, who edits and resubmits; the chain resumes at that step', async () => {
    const { caseId, task } = await caseAtStep('tto');
    const { researcher, tto } = h.a.people;
    const returned = await h.call('POST', `/tasks/${task.id}/decide`, { as: tto, json: { decision: 'RETURN', comment: 'Add the software copyright.' } });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.case.status).toBe('RETURNED');

    const resubmit = await openTaskOf(h, caseId, 'RESUBMIT');
    expect(resubmit.assigneeId).toBe(researcher.id);
    const inbox = await h.call('GET', '/tasks/inbox', { as: researcher });
    expect(inbox.body.items.find((item: any) => item.id === resubmit.id)).toMatchObject({ why: 'ASSIGNED', kind: 'RESUBMIT' });
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${resubmit.id}/decide`, { as: researcher, json: { decision: 'APPROVE' } }), 409, 'WRONG_STEP');

    const detail = await h.call('GET', `/cases/${caseId}`, { as: researcher });
    const ipAssets = [...detail.body.draft.ipAssets, { kind: 'SOFTWARE_COPYRIGHT', title: '传感器控制软件', number: '2024SR000001', ownership: 'INSTITUTION' }];
    expect((await h.call('PATCH', `/cases/${caseId}`, { as: researcher, json: { ipAssets } })).status).toBe(200);
    expect((await h.call('POST', `/cases/${caseId}/submit`, { as: researcher })).status).toBe(200);

    const again = await openTaskOf(h, caseId, 'APPROVAL', 'tto');
    expect(again.id).not.toBe(task.id);
    expect(again.key).toContain(':r2:');
    expect(await h.db.task.findUniqueOrThrow({ where: { id: resubmit.id } })).toMatchObject({ state: 'DONE' });
    expect((await h.call('GET', `/cases/${caseId}`, { as: researcher })).body.ipAssets).toHaveLength(2);
  });

  it('REJECT with a reason closes the case; later actions on it answer 409', async () => {
    const { caseId, task } = await caseAtStep('hr');
    const { hr, researcher } = h.a.people;
    const res = await h.call('POST', `/tasks/${task.id}/decide`, { as: hr, json: { decision: 'REJECT', comment: 'Holds a post that must be resigned first.' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.case).toMatchObject({ status: 'REJECTED' });
    expect(res.body.task).toMatchObject({ decision: 'REJECT', comment: 'Holds a post that must be resigned first.' });
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/claim`, { as: hr }), 409, 'ALREADY_DECIDED');
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${caseId}/withdraw`, { as: researcher, json: { reason: 'x' } }), 409, 'INVALID_TRANSITION');
  });
});

describe('POST /tasks/{id}/delegate', () => {
  it('hands a task to a deputy holding its role, who then decides it', async () => {
    const { caseId, task } = await caseAtStep('tto');
    const { tto, ttoDeputy } = h.a.people;
    const res = await h.call('POST', `/tasks/${task.id}/delegate`, { as: tto, json: { deputyId: ttoDeputy.id, comment: 'On leave this week' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.task).toMatchObject({ assignee: { id: ttoDeputy.id }, delegatedFrom: tto.id, state: 'CLAIMED' });
    const inbox = await h.call('GET', '/tasks/inbox', { as: ttoDeputy });
    expect(inbox.body.items.find((item: any) => item.id === task.id)?.why).toBe('ASSIGNED');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/decide`, { as: tto, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');
    const decided = await h.call('POST', `/tasks/${task.id}/decide`, { as: ttoDeputy, json: { decision: 'APPROVE' } });
    expect(decided.status).toBe(200);
    await openTaskOf(h, caseId, 'APPROVAL', 'hr');
  });

  it('refuses an unknown or foreign deputy (404), one without the role, inactive or oneself (400), and a non-holder (403)', async () => {
    const { task } = await caseAtStep('tto');
    const { tto, hr, researcher } = h.a.people;
    const inactive = await h.db.person.create({ data: { institutionId: h.a.institution.id, name: '前同事', email: 'former-tto@zju.edu.cn', roles: ['TTO_OFFICER'], active: false } });
    const delegate = (as: typeof tto, deputyId: string) => () => h.call('POST', `/tasks/${task.id}/delegate`, { as, json: { deputyId } });

    await expectRefusedUnchanged(h, delegate(tto, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, delegate(tto, h.b.people.tto.id), 404, 'NOT_FOUND');
    const noRole = await expectRefusedUnchanged(h, delegate(tto, hr.id), 400, 'VALIDATION_FAILED');
    expect(noRole.body.error.details.issues[0].path).toBe('deputyId');
    expect(noRole.body.error.message).toContain('TTO_OFFICER');
    await expectRefusedUnchanged(h, delegate(tto, inactive.id), 400, 'VALIDATION_FAILED');
    await expectRefusedUnchanged(h, delegate(tto, researcher.id), 400, 'VALIDATION_FAILED');
    const self = await expectRefusedUnchanged(h, delegate(tto, tto.id), 400, 'VALIDATION_FAILED');
    expect(self.body.error.details.issues[0].path).toBe('deputyId');
    await expectRefusedUnchanged(h, delegate(hr, h.a.people.ttoDeputy.id), 403, 'NOT_ASSIGNEE');
    const malformed = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${task.id}/delegate`, { as: tto, json: { deputyId: 'deputy' } }), 400);
    expect(malformed.body.error.details.issues[0].path).toBe('deputyId');
  });
});
