// The public notice board (公示): listing and reading without login, filing objections, and an
// objection upheld (the case goes back to review and its notice leaves the board).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveAll,
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

/** A case of institution A (or B) in publicity, and its notice. */
async function caseInPublicity(institution: 'a' | 'b' = 'a') {
  const seeded = h[institution];
  const submitted = await submittedCase(h, seeded.people.researcher);
  const { deptHead, tto, hr, leadership } = seeded.people;
  for (const [stepKey, approver] of [['dept-head', deptHead], ['tto', tto], ['hr', hr], ['leadership', leadership]] as const) {
    const task = await openTaskOf(h, submitted.id, 'APPROVAL', stepKey);
    expect((await h.call('POST', `/tasks/${task.id}/decide`, { as: approver, json: { decision: 'APPROVE' } })).status).toBe(200);
  }
  const notice = await h.db.notice.findFirstOrThrow({ where: { caseId: submitted.id, status: 'OPEN' } });
  return { caseId: submitted.id, reference: submitted.reference, notice };
}

describe('GET /public/notices', () => {
  it('lists current and past notices of every institution without login, filtered by institution and status, paged', async () => {
    const a = await caseInPublicity('a');
    const b = await caseInPublicity('b');
    const all = await h.call('GET', '/public/notices');
    expect(all.status).toBe(200);
    const ids = all.body.items.map((item: any) => item.id);
    expect(ids).toEqual(expect.arrayContaining([a.notice.id, b.notice.id]));
    const item = all.body.items.find((entry: any) => entry.id === a.notice.id);
    expect(item).toMatchObject({ caseReference: a.reference, status: 'OPEN', institution: { code: 'ZJU', name: '浙江大学' } });
    // What a member of the public sees holds no internal ids or people's details.
    expect(Object.keys(item).sort()).toEqual(['body', 'caseReference', 'dealReference', 'endsOn', 'id', 'institution', 'publishedAt', 'startsOn', 'status', 'title']);

    const pku = await h.call('GET', '/public/notices?institution=PKU');
    expect(pku.body.items.map((entry: any) => entry.id)).toEqual([b.notice.id]);
    expect((await h.call('GET', '/public/notices?institution=NOPE')).body.meta.total).toBe(0);
    expect((await h.call('GET', '/public/notices?status=CLOSED')).body.items).toEqual([]);
    const paged = await h.call('GET', '/public/notices?pageSize=1&page=2');
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.meta.total).toBeGreaterThanOrEqual(2);

    const bad = await h.call('GET', '/public/notices?status=WITHDRAWN&pageSize=101');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['pageSize', 'status']);

    const one = await h.call('GET', `/public/notices/${a.notice.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(item);
    expect((await h.call('GET', '/public/notices/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await h.call('GET', '/public/notices/abc')).status).toBe(400);
  });
});

describe('POST /public/notices/{id}/objections', () => {
  it('validates the filing (400 naming the field) and refuses a notice that is not open (409), changing nothing', async () => {
    const { notice } = await caseInPublicity();
    const file = (json: unknown) => () => h.call('POST', `/public/notices/${notice.id}/objections`, { json });
    const missing = await expectRefusedUnchanged(h, file({ reason: 'x' }), 400, 'VALIDATION_FAILED');
    expect(missing.body.error.details.issues.map((issue: any) => issue.path)).toEqual(['contact']);
    const tooLong = await expectRefusedUnchanged(h, file({ name: 'n'.repeat(101), contact: 'c'.repeat(201), reason: 'r'.repeat(5001) }), 400);
    expect(tooLong.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['contact', 'name', 'reason']);
    const blank = await expectRefusedUnchanged(h, file({ contact: '  ', reason: '  ' }), 400);
    expect(blank.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['contact', 'reason']);
    await expectRefusedUnchanged(h, () => h.call('POST', '/public/notices/00000000-0000-4000-8000-000000000000/objections', { json: { contact: 'a', reason: 'b' } }), 404, 'NOT_FOUND');

    // A notice whose period has ended takes no objections. (Ending one takes days; the read
    // model's CLOSED status is what the API checks first.)
    await h.db.notice.update({ where: { id: notice.id }, data: { status: 'CLOSED' } });
    try {
      const closed = await expectRefusedUnchanged(h, file({ contact: 'a@example.com', reason: 'late' }), 409, 'INVALID_TRANSITION');
      expect(closed.body.error.message).toMatch(/ended/);
      expect((await h.call('GET', '/public/notices?status=CLOSED')).body.items.map((item: any) => item.id)).toEqual([notice.id]);
    } finally {
      await h.db.notice.update({ where: { id: notice.id }, data: { status: 'OPEN' } });
    }

    const filed = await h.call('POST', `/public/notices/${notice.id}/objections`, { json: { contact: '13800000000', reason: 'Prior art exists.' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ noticeId: notice.id, status: 'OPEN' });
    expect(await h.db.objection.findUniqueOrThrow({ where: { id: filed.body.objectionId } })).toMatchObject({ name: null, contact: '13800000000', reason: 'Prior art exists.' });
    await expectRefusedUnchanged(h, file({ contact: 'b', reason: 'second' }), 409, 'PUBLICITY_OPEN');
  });

  it('an objection upheld sends the case back to review and takes its notice off the board', async () => {
    const { caseId, notice } = await caseInPublicity();
    const { tto, hr, researcher } = h.a.people;
    expect((await h.call('POST', `/public/notices/${notice.id}/objections`, { json: { name: '赵六', contact: 'zl@example.com', reason: 'The patent belongs to our company.' } })).status).toBe(201);
    const review = await openTaskOf(h, caseId, 'OBJECTION_REVIEW');

    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: tto, json: { decision: 'UPHOLD' } }), 400, 'VALIDATION_FAILED');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: tto, json: { decision: 'APPROVE', comment: 'x' } }), 400, 'VALIDATION_FAILED');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: hr, json: { decision: 'UPHOLD', comment: 'x' } }), 403, 'NOT_ASSIGNEE');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: researcher, json: { decision: 'DISMISS', comment: 'x' } }), 403, 'NOT_ASSIGNEE');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${review.id}/decide`, { as: h.b.people.tto, json: { decision: 'DISMISS', comment: 'x' } }), 404, 'NOT_FOUND');

    const upheld = await h.call('POST', `/tasks/${review.id}/decide`, { as: tto, json: { decision: 'UPHOLD', comment: 'Ownership must be settled first.' } });
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    expect(upheld.body.case.status).toBe('IN_REVIEW');
    expect(await h.db.objection.findFirstOrThrow({ where: { noticeId: notice.id } })).toMatchObject({ status: 'UPHELD' });
    expect((await h.call('GET', `/public/notices/${notice.id}`)).status).toBe(404);
    expect((await h.call('GET', '/public/notices?pageSize=100')).body.items.map((item: any) => item.id)).not.toContain(notice.id);
    await expectRefusedUnchanged(h, () => h.call('POST', `/public/notices/${notice.id}/objections`, { json: { contact: 'a', reason: 'b' } }), 404);

    // The chain starts again from its first step, in a new round.
    const again = await openTaskOf(h, caseId, 'APPROVAL', 'dept-head');
    expect(again.key).toContain(':r2:');
    await approveAll(h, caseId);
    const notices = await h.db.notice.findMany({ where: { caseId }, orderBy: { publishedAt: 'asc' } });
    expect(notices.map((row) => row.status)).toEqual(['WITHDRAWN', 'OPEN']);
  });
});
