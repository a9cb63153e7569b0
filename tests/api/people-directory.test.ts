// GET /people (staff pick a deputy from it) and GET /auth/dev-login (the login page of the
// embedded default lists whom one may log in as).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../support/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('GET /people', () => {
  it('lists the active people of the caller’s institution, filtered by role and department', async () => {
    const { tto, ttoDeputy, deptHead, admin } = h.a.people;
    await h.db.person.update({ where: { id: ttoDeputy.id }, data: { active: false } });
    try {
      const officers = await h.call('GET', '/people?role=TTO_OFFICER', { as: tto });
      expect(officers.status).toBe(200);
      expect(officers.body.items.map((person: any) => person.id)).toEqual([tto.id]);
    } finally {
      await h.db.person.update({ where: { id: ttoDeputy.id }, data: { active: true } });
    }
    const heads = await h.call('GET', `/people?role=DEPT_HEAD&departmentId=${h.a.departments.main.id}`, { as: admin });
    expect(heads.body.items).toEqual([{ id: deptHead.id, name: deptHead.name, roles: deptHead.roles, department: h.a.departments.main }]);
    // Only names, roles and departments: no e-mail addresses.
    const everyone = await h.call('GET', '/people', { as: tto });
    expect(everyone.body.items).toHaveLength(Object.keys(h.a.people).length);
    expect(JSON.stringify(everyone.body)).not.toContain('@');
    expect(everyone.body.items.map((person: any) => person.id)).not.toContain(h.b.people.tto.id);
  });

  it('is for staff only, and checks its filters', async () => {
    const researcher = await h.call('GET', '/people', { as: h.a.people.researcher });
    expect(researcher.status).toBe(403);
    expect(researcher.body.error.code).toBe('FORBIDDEN');
    expect((await h.call('GET', '/people')).status).toBe(401);
    const bad = await h.call('GET', '/people?role=KING', { as: h.a.people.tto });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('role');
  });
});

describe('GET /auth/dev-login', () => {
  it('lists the active people one may log in as, without logging in', async () => {
    await h.db.person.update({ where: { id: h.a.people.finance.id }, data: { active: false } });
    try {
      const res = await h.call('GET', '/auth/dev-login');
      expect(res.status).toBe(200);
      const emails = res.body.items.map((person: any) => person.email);
      expect(emails).toContain(h.a.people.researcher.email);
      expect(emails).toContain(h.b.people.researcher.email);
      expect(emails).not.toContain(h.a.people.finance.email);
      expect(res.body.items.find((person: any) => person.email === h.a.people.hr.email)).toMatchObject({ name: h.a.people.hr.name, roles: ['HR_OFFICER'], institution: { code: 'ZJU' } });
    } finally {
      await h.db.person.update({ where: { id: h.a.people.finance.id }, data: { active: true } });
    }
  });
});
