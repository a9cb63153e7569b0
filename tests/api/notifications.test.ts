// /notifications: the workflow's in-app notifications, as each person sees and marks them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectRefusedUnchanged, startApiHarness, submittedCase, type ApiHarness } from '../support/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('notifications', () => {
  it('lists a person’s own notifications, unread first filter, and marks one or all read', async () => {
    const { deptHead, otherDeptHead, researcher } = h.a.people;
    const first = await submittedCase(h);
    const second = await submittedCase(h);
    // The workflow tells the department's heads about each new step, just after it opens.
    const list = await vi.waitFor(
      async () => {
        const res = await h.call('GET', '/notifications', { as: deptHead });
        expect(res.body.items.filter((item: any) => item.kind === 'TASK_OPENED')).toHaveLength(2);
        return res;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(list.status).toBe(200);
    expect(list.body.meta).toMatchObject({ page: 1, pageSize: 20, total: 2, unread: 2 });
    expect(list.body.items.map((item: any) => item.caseId).sort()).toEqual([first.id, second.id].sort());
    expect(list.body.items[0]).toMatchObject({ readAt: null, title: expect.any(String), body: expect.stringContaining('SW-') });
    const created = list.body.items.map((item: any) => item.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect((await h.call('GET', '/notifications', { as: otherDeptHead })).body.meta.total).toBe(0);

    const id: string = list.body.items[0].id;
    // Someone else's notification is not there for them (404), and stays unread.
    for (const person of [researcher, otherDeptHead, h.b.people.deptHead]) {
      await expectRefusedUnchanged(h, () => h.call('POST', `/notifications/${id}/read`, { as: person }), 404, 'NOT_FOUND');
    }
    expect((await h.db.notification.findUniqueOrThrow({ where: { id } })).readAt).toBeNull();

    const read = await h.call('POST', `/notifications/${id}/read`, { as: deptHead });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const again = await h.call('POST', `/notifications/${id}/read`, { as: deptHead });
    expect(again.body.readAt).toBe(read.body.readAt); // the first read time stays

    const unread = await h.call('GET', '/notifications?unread=true', { as: deptHead });
    expect(unread.body.items.map((item: any) => item.id)).not.toContain(id);
    expect(unread.body.meta).toMatchObject({ total: 1, unread: 1 });

    const all = await h.call('POST', '/notifications/read-all', { as: deptHead });
    expect(all.body).toEqual({ updated: 1 });
    expect((await h.call('GET', '/notifications', { as: deptHead })).body.meta.unread).toBe(0);
    expect((await h.call('POST', '/notifications/read-all', { as: deptHead })).body).toEqual({ updated: 0 });
  });

  it('answers 400 naming a bad filter, 404 for an unknown id and 401 without a token', async () => {
    const bad = await h.call('GET', '/notifications?unread=yes&pageSize=0', { as: h.a.people.tto });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['pageSize', 'unread']);
    expect((await h.call('POST', '/notifications/00000000-0000-4000-8000-000000000000/read', { as: h.a.people.tto })).status).toBe(404);
    expect((await h.call('GET', '/notifications')).status).toBe(401);
    expect((await h.call('POST', '/notifications/read-all')).status).toBe(401);
  });
});
