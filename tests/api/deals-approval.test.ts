// A deal's way through approval over HTTP, against the real stack: a ¥3,000,000 licence under
// 协议定价 is submitted, reviewed by the TTO and approved by the tier's approver (a vice-president,
// LEADERSHIP) from the shared inbox; the name and price go on the public board, where anyone may
// object. Along the way the refusals: a barred (conflicted) approver, the lead researcher, a
// stale version, a repeated decision — each with its status and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededPerson } from '../../prisma/factories';
import {
  createCase,
  createDeal,
  dealInStatus,
  expectRefusedUnchanged,
  openDealTaskOf,
  startApiHarness,
  submittedDeal,
  uploadDealDocument,
  validDealDraft,
  type ApiHarness,
} from '../support/api';

let h: ApiHarness;
/** A second LEADERSHIP member: the vice-president who may approve when 吴校长 is conflicted. */
let vicePresident: SeededPerson;

const person = async (key: string, name: string, roles: SeededPerson['roles']): Promise<SeededPerson> => {
  const row = await h.db.person.create({ data: { institutionId: h.a.institution.id, name, email: `${key}@zju.edu.cn`, roles } });
  return { id: row.id, name, email: row.email, roles, departmentId: null, institutionId: row.institutionId };
};

beforeAll(async () => {
  h = await startApiHarness();
  vicePresident = await person('vice-president', '钱副校长', ['LEADERSHIP']);
});
afterAll(async () => {
  await h?.close();
});

const inboxIds = async (as: SeededPerson) => (await h.call('GET', '/tasks/inbox?pageSize=100', { as })).body.items.map((item: any) => item.id);

describe('a ¥3,000,000 licence under 协议定价, from submission to publicity', () => {
  it('goes TTO review → vice-president → public notice with the price → objection, refusing the barred and the stale', async () => {
    const { researcher, leadership, tto } = h.a.people;
    // 吴校长 is on the team and holds shares in the licensee: a declared conflict of interest.
    const draft = validDealDraft(researcher, {
      team: [
        { personId: researcher.id, name: researcher.name, contributionShareBp: 6_000, mainContributor: true },
        { personId: leadership.id, name: leadership.name, contributionShareBp: 4_000, counterpartyInterest: '持有杭州量感科技有限公司 5% 股权' },
      ],
    });
    const created = await createDeal(h, researcher, draft);
    const noDisclosure = await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/submit`, { as: researcher }), 400, 'VALIDATION_FAILED');
    expect(noDisclosure.body.error.details.issues.map((issue: any) => issue.path)).toEqual(['conflictDisclosureDocumentId']);
    const disclosure = await uploadDealDocument(h, created.id, researcher, 'CONFLICT_DISCLOSURE');
    expect((await h.call('PATCH', `/deals/${created.id}`, { as: researcher, json: { conflictDisclosureDocumentId: disclosure.id } })).status).toBe(200);

    const submitted = await h.call('POST', `/deals/${created.id}/submit`, { as: researcher });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'IN_REVIEW', totalValueFen: 300_000_000, totalValue: '¥3,000,000.00', submittedAt: expect.any(String) });
    const review = await openDealTaskOf(h, created.id, 'APPROVAL', 'tto-review');

    // The TTO's inbox shows the review with the deal beside it; the researcher's does not.
    const inbox = await h.call('GET', '/tasks/inbox?pageSize=100', { as: tto });
    const item = inbox.body.items.find((entry: any) => entry.id === review.id);
    expect(item).toMatchObject({
      kind: 'APPROVAL',
      stepKey: 'tto-review',
      dealId: created.id,
      caseId: null,
      case: null,
      deal: { id: created.id, reference: created.reference, title: draft.title, status: 'IN_REVIEW' },
      why: 'CANDIDATE',
    });
    expect(await inboxIds(researcher)).not.toContain(review.id);

    // A stale version: 409, nothing changes; the lead researcher may not decide (403).
    const { version } = await h.db.ipDeal.findUniqueOrThrow({ where: { id: created.id } });
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: tto, json: { decision: 'APPROVE', expectedVersion: version - 1 } }), 409, 'STALE_VERSION');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: researcher, json: { decision: 'APPROVE' } }), 403, 'CONFLICT_OF_INTEREST');
    const noReason = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: tto, json: { decision: 'REJECT' } }), 400, 'VALIDATION_FAILED');
    expect(noReason.body.error.details.issues[0].path).toBe('comment');

    const approved = await h.call('POST', `/tasks/${review.id}/decide`, { as: tto, json: { decision: 'APPROVE', comment: '条款合理', expectedVersion: version } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.task).toMatchObject({ id: review.id, state: 'DONE', decision: 'APPROVE', decidedById: tto.id, dealId: created.id });
    expect(approved.body.case).toBeNull();
    expect(approved.body.deal).toMatchObject({ id: created.id, status: 'IN_REVIEW' });

    // The same decision again: 409 ALREADY_DECIDED.
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: tto, json: { decision: 'APPROVE' } }), 409, 'ALREADY_DECIDED');

    // The tier's approver: LEADERSHIP. 吴校长 is barred — not in his inbox, refused if he tries.
    const tier = await openDealTaskOf(h, created.id, 'APPROVAL', 'tier-1');
    expect(tier.candidateRole).toBe('LEADERSHIP');
    expect(await inboxIds(vicePresident)).toContain(tier.id);
    expect(await inboxIds(leadership)).not.toContain(tier.id);
    const barred = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${tier.id}/decide`, { as: leadership, json: { decision: 'APPROVE' } }), 403, 'CONFLICT_OF_INTEREST');
    expect(barred.body.error.message).toMatch(/interest in the counterparty/);
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${tier.id}/claim`, { as: leadership }), 403, 'CONFLICT_OF_INTEREST');
    // The TTO is not on this step; another institution's leadership cannot even see it.
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${tier.id}/decide`, { as: tto, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${tier.id}/decide`, { as: h.b.people.leadership, json: { decision: 'APPROVE' } }), 404, 'NOT_FOUND');

    const final = await h.call('POST', `/tasks/${tier.id}/decide`, { as: vicePresident, json: { decision: 'APPROVE' } });
    expect(final.status, JSON.stringify(final.body)).toBe(200);
    await dealInStatus(h, created.id, 'PUBLICITY');

    // The public board: the deal's reference, the result's name and the proposed price.
    const board = await h.call('GET', '/public/notices?institution=ZJU');
    const notice = board.body.items.find((entry: any) => entry.dealReference === created.reference);
    expect(notice, JSON.stringify(board.body)).toMatchObject({ status: 'OPEN', caseReference: null, institution: { code: 'ZJU' } });
    expect(`${notice.title}\n${notice.body}`).toContain('3,000,000.00');
    expect(`${notice.title}\n${notice.body}`).toContain('一种量子传感器');
    expect((await h.call('GET', `/public/notices/${notice.id}`)).body.dealReference).toBe(created.reference);

    // Anyone may object, without logging in; publicity pauses and the TTO reviews it.
    const objection = await h.call('POST', `/public/notices/${notice.id}/objections`, {
      json: { name: '赵某', contact: 'zhao@example.com', reason: '该专利的拟交易价格明显低于市场价' },
    });
    expect(objection.status, JSON.stringify(objection.body)).toBe(201);
    expect(objection.body).toMatchObject({ objectionId: expect.any(String), noticeId: notice.id, status: 'OPEN' });
    await dealInStatus(h, created.id, 'OBJECTION_REVIEW');
    expect((await h.call('GET', `/public/notices/${notice.id}`)).body.status).toBe('PAUSED');
    await expectRefusedUnchanged(h, () => h.call('POST', `/public/notices/${notice.id}/objections`, { json: { contact: 'x@example.com', reason: 'again' } }), 409, 'PUBLICITY_OPEN');
    const badObjection = await h.call('POST', `/public/notices/${notice.id}/objections`, { json: { reason: '' } });
    expect(badObjection.status).toBe(400);

    const objectionReview = await openDealTaskOf(h, created.id, 'OBJECTION_REVIEW');
    expect(await inboxIds(tto)).toContain(objectionReview.id);
    const noComment = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${objectionReview.id}/decide`, { as: tto, json: { decision: 'DISMISS' } }), 400);
    expect(noComment.body.error.details.issues[0].path).toBe('comment');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${objectionReview.id}/decide`, { as: leadership, json: { decision: 'DISMISS', comment: 'x' } }), 403, 'CONFLICT_OF_INTEREST');
    const dismissed = await h.call('POST', `/tasks/${objectionReview.id}/decide`, { as: tto, json: { decision: 'DISMISS', comment: '价格经评估合理' } });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    await dealInStatus(h, created.id, 'PUBLICITY');
    expect((await h.call('GET', `/public/notices/${notice.id}`)).body.status).toBe('OPEN');

    // The deal's detail: the notice with its objection (who objected for staff only) and the timeline.
    const staffView = await h.call('GET', `/deals/${created.id}`, { as: tto });
    expect(staffView.body.notices).toEqual([
      expect.objectContaining({ id: notice.id, status: 'OPEN', objections: [expect.objectContaining({ status: 'DISMISSED', contact: 'zhao@example.com', resolution: '价格经评估合理' })] }),
    ]);
    const researcherView = await h.call('GET', `/deals/${created.id}`, { as: researcher });
    expect(researcherView.body.notices[0].objections[0].contact).toBeUndefined();
    const actions = staffView.body.timeline.map((entry: any) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['deal.submitted', 'deal.step_approved', 'deal.publicity_started', 'deal.objection_filed', 'deal.objection_dismissed']));
    expect(staffView.body.approvalTier).toMatchObject({ approverRole: 'LEADERSHIP' });
  });
});

describe('returning, claiming and the tasks done elsewhere', () => {
  it('a returned deal is edited and resubmitted by its researcher; the resubmission task is not decided in the inbox', async () => {
    const { researcher, tto, ttoDeputy } = h.a.people;
    const deal = await submittedDeal(h);
    // The deputy claims the review; then it is theirs alone.
    const claimed = await h.call('POST', `/tasks/${deal.task.id}/claim`, { as: ttoDeputy });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body.task.assignee).toEqual({ id: ttoDeputy.id, name: ttoDeputy.name });
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${deal.task.id}/decide`, { as: tto, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');
    const returned = await h.call('POST', `/tasks/${deal.task.id}/decide`, { as: ttoDeputy, json: { decision: 'RETURN', comment: '请补充使用领域' } });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    await dealInStatus(h, deal.id, 'RETURNED');
    const resubmit = await openDealTaskOf(h, deal.id, 'RESUBMIT');
    expect(resubmit.assigneeId).toBe(researcher.id);
    expect(await inboxIds(researcher)).toContain(resubmit.id);
    const elsewhere = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${resubmit.id}/decide`, { as: researcher, json: { decision: 'APPROVE' } }), 409, 'WRONG_STEP');
    expect(elsewhere.body.error.message).toContain(`/deals/${deal.id}/submit`);

    const edited = await h.call('PATCH', `/deals/${deal.id}`, { as: researcher, json: { terms: { ...validDealDraft(researcher).terms, fieldOfUse: '工业无损检测及医疗成像' } } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const again = await h.call('POST', `/deals/${deal.id}/submit`, { as: researcher });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.status).toBe('IN_REVIEW');
    const secondRound = await openDealTaskOf(h, deal.id, 'APPROVAL', 'tto-review');
    expect(secondRound.id).not.toBe(deal.task.id);
  });

  it('a TTO officer with a spin-out case of their own still sees deal tasks in their inbox', async () => {
    const officer = await person('tto-researcher', '冯研究员', ['TTO_OFFICER', 'RESEARCHER']);
    await createCase(h, officer);
    const deal = await submittedDeal(h, h.a.people.otherResearcher);
    expect(await inboxIds(officer)).toContain(deal.task.id);
  });
});
