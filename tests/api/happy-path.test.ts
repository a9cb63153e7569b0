// The whole way a case can go on the dev server, through the API only: a researcher opens and
// submits a case, each approver decides it from their inbox, the notice appears on the public
// board, someone objects, the tech-transfer office dismisses the objection and publicity
// resumes. The end of publicity and the agreement need days to pass; the workflow tests
// cover them under time skipping, and agreement.test.ts drives them through the API.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTaskOf, startApiHarness, validDraft, type ApiHarness } from '../support/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a spin-out case from draft to publicity, through the API', () => {
  it('goes create → submit → four approvals from the inbox → public notice → objection → dismissed', async () => {
    const { researcher, deptHead, tto, hr, leadership } = h.a.people;

    // The researcher opens a case with part of the draft, then completes it.
    const { venture: _venture, ...partial } = validDraft(researcher);
    const created = await h.call('POST', '/cases', { as: researcher, json: partial });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const caseId: string = created.body.id;
    expect(created.body).toMatchObject({ status: 'DRAFT', title: '未命名申请', researcher: { id: researcher.id } });
    expect(created.body.reference).toMatch(/^SW-\d{4}-[0-9A-F]{8}$/);
    expect(created.body.reference.slice(-8)).toBe(caseId.replaceAll('-', '').slice(0, 8).toUpperCase());
    expect(created.body.policyProfile).toMatchObject({ id: h.a.profile.id, version: 1 });

    const edited = await h.call('PATCH', `/cases/${caseId}`, {
      as: researcher,
      json: { venture: { name: '量子传感科技有限公司', description: 'Quantum sensors.' }, expectedVersion: created.body.version },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.title).toBe('量子传感科技有限公司');
    expect(edited.body.draft.mode).toBe('LEAVE'); // fields not given are kept

    const submitted = await h.call('POST', `/cases/${caseId}/submit`, { as: researcher, json: { expectedVersion: edited.body.version } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('IN_REVIEW');

    // Each approver finds the step in their inbox and approves it.
    for (const [stepKey, approver] of [['dept-head', deptHead], ['tto', tto], ['hr', hr], ['leadership', leadership]] as const) {
      await openTaskOf(h, caseId, 'APPROVAL', stepKey);
      const inbox = await h.call('GET', '/tasks/inbox', { as: approver });
      expect(inbox.status).toBe(200);
      const task = inbox.body.items.find((item: any) => item.caseId === caseId);
      expect(task, `${stepKey} in ${approver.email}'s inbox`).toMatchObject({ stepKey, why: 'CANDIDATE', case: { id: caseId } });
      const decided = await h.call('POST', `/tasks/${task.id}/decide`, { as: approver, json: { decision: 'APPROVE', comment: `${stepKey} ok` } });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      expect(decided.body.task).toMatchObject({ state: 'DONE', decision: 'APPROVE', decidedById: approver.id });
    }

    // The last approval opens publicity: the notice is on the public board, without login.
    const afterApproval = await h.call('GET', `/cases/${caseId}`, { as: researcher });
    expect(afterApproval.body.status).toBe('PUBLICITY');
    const board = await h.call('GET', '/public/notices?institution=ZJU');
    expect(board.status).toBe(200);
    const notice = board.body.items.find((item: any) => item.caseReference === created.body.reference);
    expect(notice).toMatchObject({ status: 'OPEN', institution: { code: 'ZJU' } });
    expect((await h.call('GET', '/public/notices?institution=PKU')).body.items).toHaveLength(0);
    const one = await h.call('GET', `/public/notices/${notice.id}`);
    expect(one.status).toBe(200);
    expect(one.body.title).toBe(notice.title);

    // Someone objects; the notice pauses and the tech-transfer office gets a review task.
    const objection = await h.call('POST', `/public/notices/${notice.id}/objections`, {
      json: { name: '王五', contact: 'wangwu@example.com', reason: 'The patent was co-developed with our lab.' },
    });
    expect(objection.status, JSON.stringify(objection.body)).toBe(201);
    expect((await h.call('GET', `/public/notices/${notice.id}`)).body.status).toBe('PAUSED');
    const second = await h.call('POST', `/public/notices/${notice.id}/objections`, { json: { contact: 'x@example.com', reason: 'again' } });
    expect(second.status).toBe(409);

    const review = await openTaskOf(h, caseId, 'OBJECTION_REVIEW');
    const ttoInbox = await h.call('GET', '/tasks/inbox?kind=OBJECTION_REVIEW', { as: tto });
    expect(ttoInbox.body.items.map((item: any) => item.id)).toContain(review.id);
    const dismissed = await h.call('POST', `/tasks/${review.id}/decide`, {
      as: tto,
      json: { decision: 'DISMISS', comment: 'The lab signed a waiver in 2024.' },
    });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    expect(dismissed.body.case.status).toBe('PUBLICITY');
    expect((await h.call('GET', `/public/notices/${notice.id}`)).body.status).toBe('OPEN');

    // The case's detail tells the story in order; the researcher does not see who objected.
    const detail = await h.call('GET', `/cases/${caseId}`, { as: researcher });
    const actions: string[] = detail.body.timeline.map((entry: any) => entry.action);
    for (const action of ['case.created', 'case.submitted', 'case.review_started', 'case.step_approved', 'case.publicity_started', 'objection.filed', 'case.objection_dismissed']) {
      expect(actions, action).toContain(action);
    }
    expect(actions.indexOf('case.created')).toBeLessThan(actions.indexOf('case.submitted'));
    expect(actions.indexOf('case.publicity_started')).toBeLessThan(actions.indexOf('case.objection_dismissed'));
    const times = detail.body.timeline.map((entry: any) => entry.at);
    expect([...times].sort()).toEqual(times);
    expect(detail.body.notices[0].objections[0]).toMatchObject({ status: 'DISMISSED', resolution: 'The lab signed a waiver in 2024.' });
    expect(detail.body.notices[0].objections[0].contact).toBeUndefined();
    const staffView = await h.call('GET', `/cases/${caseId}`, { as: tto });
    expect(staffView.body.notices[0].objections[0]).toMatchObject({ name: '王五', contact: 'wangwu@example.com' });
    expect(detail.body.team).toHaveLength(2);
    expect(detail.body.ipAssets[0]).toMatchObject({ kind: 'PATENT', number: 'CN202410000001.X' });

    // The researcher was told about publicity, in the app.
    await vi.waitFor(async () => {
      const mine = await h.call('GET', '/notifications', { as: researcher });
      expect(mine.body.items.map((item: any) => item.kind)).toContain('PUBLICITY_STARTED');
    }, { timeout: 10_000, interval: 100 });
  });
});
