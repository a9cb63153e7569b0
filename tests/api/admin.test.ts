// /admin: an institution admin's policy profiles, calendar, people and departments — only
// their own institution's, each write with its audit entry, and nobody else may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicyProfile } from '../../domain/policy';
import { expectRefusedUnchanged, startApiHarness, type ApiHarness } from '../support/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const { version: _version, institutionId: _institutionId, ...defaultRules } = defaultPolicyProfile;
const rules = { ...defaultRules, key: 'zju' };

const lastAudit = (entityType: string, entityId: string) =>
  h.db.auditEntry.findFirst({ where: { entityType, entityId }, orderBy: { at: 'desc' } });

describe('who may use /admin', () => {
  it('answers 403 to everyone but an institution admin, and 401 without a token', async () => {
    const { admin: _admin, ...others } = h.a.people;
    const requests: Array<[string, string, unknown?]> = [
      ['GET', '/admin/policy-profiles'],
      ['POST', '/admin/policy-profiles', { rules }],
      ['GET', '/admin/calendar'],
      ['PUT', '/admin/calendar/2026-06-01', { kind: 'HOLIDAY', name: '校庆' }],
      ['DELETE', '/admin/calendar/2026-10-01'],
      ['GET', '/admin/people'],
      ['POST', '/admin/people', { name: '新人', email: 'new@zju.edu.cn', roles: ['RESEARCHER'] }],
      ['PATCH', `/admin/people/${h.a.people.researcher.id}`, { roles: ['INSTITUTION_ADMIN'] }],
      ['GET', '/admin/departments'],
    ];
    for (const [method, path, json] of requests) {
      for (const person of Object.values(others)) {
        await expectRefusedUnchanged(h, () => h.call(method, path, { as: person, ...(json ? { json } : {}) }), 403, 'FORBIDDEN');
      }
      await expectRefusedUnchanged(h, () => h.call(method, path, json ? { json } : {}), 401, 'UNAUTHENTICATED');
    }
  });
});

describe('/admin/policy-profiles', () => {
  it('lists the institution’s versions and adds a new one, validated in full, with an audit entry', async () => {
    const { admin } = h.a.people;
    const before = await h.call('GET', '/admin/policy-profiles', { as: admin });
    expect(before.status).toBe(200);
    expect(before.body.items.map((item: any) => item.version)).toEqual([1]);

    const created = await h.call('POST', '/admin/policy-profiles', {
      as: admin,
      json: { rules: { ...rules, publicity: { days: 20, dayKind: 'WORKING' }, name: { zh: '浙大政策 2027', en: 'ZJU policy 2027' } } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ version: 2, name: '浙大政策 2027', active: true, createdById: admin.id });
    expect(created.body.rules).toMatchObject({ version: 2, institutionId: h.a.institution.id, publicity: { days: 20 } });
    expect(await lastAudit('PolicyProfile', created.body.id)).toMatchObject({ actorId: admin.id, action: 'admin.policy_profile_created' });
    // Version 1 is untouched.
    expect(await h.db.policyProfile.findUniqueOrThrow({ where: { id: h.a.profile.id } })).toMatchObject({ version: 1, active: true });
    expect((await h.call('GET', '/admin/policy-profiles', { as: admin })).body.items.map((item: any) => item.version)).toEqual([2, 1]);

    // Another institution's admin sees only theirs.
    expect((await h.call('GET', '/admin/policy-profiles', { as: h.b.people.admin })).body.items.map((item: any) => item.id)).toEqual([h.b.profile.id]);
  });

  it('answers 400 naming the field of an invalid profile, and stores nothing', async () => {
    const { admin } = h.a.people;
    const res = await expectRefusedUnchanged(
      h,
      () =>
        h.call('POST', '/admin/policy-profiles', {
          as: admin,
          json: {
            rules: {
              ...rules,
              approval: { ...rules.approval, steps: [] },
              benefitShare: { ...rules.benefitShare, licenceIncome: { teamBp: 4_000, institutionBp: 4_000, departmentBp: 1_000, ttoFundBp: 1_000 } },
            },
          },
        }),
      400,
      'VALIDATION_FAILED',
    );
    const paths = res.body.error.details.issues.map((issue: any) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['rules.approval.steps', 'rules.benefitShare.licenceIncome.teamBp']));
    expect(res.body.error.message).toContain('50%');
    await expectRefusedUnchanged(h, () => h.call('POST', '/admin/policy-profiles', { as: admin, json: {} }), 400, 'VALIDATION_FAILED');
  });
});

describe('/admin/calendar', () => {
  it('reads a year, sets and removes a day, each change audited', async () => {
    const { admin } = h.a.people;
    const year = await h.call('GET', '/admin/calendar?year=2026', { as: admin });
    expect(year.status).toBe(200);
    expect(year.body.year).toBe(2026);
    expect(year.body.items.length).toBeGreaterThan(10);
    expect(year.body.items.every((day: any) => day.date.startsWith('2026-'))).toBe(true);
    expect(year.body.items.find((day: any) => day.date === '2026-10-01')).toMatchObject({ kind: 'HOLIDAY' });

    const set = await h.call('PUT', '/admin/calendar/2026-05-20', { as: admin, json: { kind: 'HOLIDAY', name: '校庆日' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ date: '2026-05-20', kind: 'HOLIDAY', name: '校庆日' });
    const changed = await h.call('PUT', '/admin/calendar/2026-05-20', { as: admin, json: { kind: 'WORKDAY', name: '校庆补班' } });
    expect(changed.body.kind).toBe('WORKDAY');
    expect(await lastAudit('CalendarDay', '2026-05-20')).toMatchObject({
      actorId: admin.id,
      action: 'admin.calendar_day_set',
      before: { kind: 'HOLIDAY', name: '校庆日' },
      after: { kind: 'WORKDAY', name: '校庆补班' },
    });

    const removed = await h.call('DELETE', '/admin/calendar/2026-05-20', { as: admin });
    expect(removed.status).toBe(204);
    expect(await h.db.calendarDay.findUnique({ where: { date: '2026-05-20' } })).toBeNull();
    expect(await lastAudit('CalendarDay', '2026-05-20')).toMatchObject({ action: 'admin.calendar_day_removed' });
    await expectRefusedUnchanged(h, () => h.call('DELETE', '/admin/calendar/2026-05-20', { as: admin }), 404, 'NOT_FOUND');
  });

  it('answers 400 naming the field of a bad date, kind, name or year', async () => {
    const { admin } = h.a.people;
    const date = await expectRefusedUnchanged(h, () => h.call('PUT', '/admin/calendar/2026-02-30', { as: admin, json: { kind: 'HOLIDAY', name: 'x' } }), 400);
    expect(date.body.error.details.issues[0].path).toBe('date');
    const body = await expectRefusedUnchanged(h, () => h.call('PUT', '/admin/calendar/2026-06-01', { as: admin, json: { kind: 'NAP', name: '' } }), 400);
    expect(body.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['kind', 'name']);
    const year = await h.call('GET', '/admin/calendar?year=1900', { as: admin });
    expect(year.status).toBe(400);
    expect(year.body.error.details.issues[0].path).toBe('year');
  });
});

describe('/admin/people and /admin/departments', () => {
  it('lists the institution’s people and departments only, with filters', async () => {
    const { admin } = h.a.people;
    const people = await h.call('GET', '/admin/people?pageSize=100', { as: admin });
    expect(people.status).toBe(200);
    const emails = people.body.items.map((item: any) => item.email);
    expect(emails).toEqual(expect.arrayContaining(Object.values(h.a.people).map((person) => person.email)));
    expect(emails.some((email: string) => email.endsWith('pku.edu.cn'))).toBe(false);
    const heads = await h.call('GET', '/admin/people?role=DEPT_HEAD', { as: admin });
    expect(heads.body.items.map((item: any) => item.id).sort()).toEqual([h.a.people.deptHead.id, h.a.people.otherDeptHead.id].sort());
    const search = await h.call('GET', '/admin/people?q=tto-deputy', { as: admin });
    expect(search.body.items.map((item: any) => item.id)).toEqual([h.a.people.ttoDeputy.id]);
    const inMain = await h.call('GET', `/admin/people?departmentId=${h.a.departments.main.id}&active=true`, { as: admin });
    expect(inMain.body.items.every((item: any) => item.department?.id === h.a.departments.main.id)).toBe(true);

    const departments = await h.call('GET', '/admin/departments', { as: admin });
    expect(departments.body.items.map((item: any) => item.id).sort()).toEqual([h.a.departments.main.id, h.a.departments.other.id].sort());
    expect(departments.body.items.find((item: any) => item.id === h.a.departments.main.id).people).toBeGreaterThanOrEqual(2);
  });

  it('registers a person (409 for a taken e-mail, 400 for another institution’s department), audited', async () => {
    const { admin } = h.a.people;
    const created = await h.call('POST', '/admin/people', {
      as: admin,
      json: { name: '钱七', email: 'Qian.Qi@ZJU.edu.cn', roles: ['RESEARCHER'], departmentId: h.a.departments.other.id },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ email: 'qian.qi@zju.edu.cn', roles: ['RESEARCHER'], active: true, department: { id: h.a.departments.other.id } });
    expect(await lastAudit('Person', created.body.id)).toMatchObject({ actorId: admin.id, action: 'admin.person_created' });
    // They can log in at once.
    expect((await h.call('POST', '/auth/dev-login', { json: { email: 'qian.qi@zju.edu.cn' } })).status).toBe(200);

    await expectRefusedUnchanged(h, () => h.call('POST', '/admin/people', { as: admin, json: { name: 'x', email: h.b.people.tto.email, roles: ['TTO_OFFICER'] } }), 409, 'CONFLICT');
    const foreign = await expectRefusedUnchanged(
      h,
      () => h.call('POST', '/admin/people', { as: admin, json: { name: 'x', email: 'x@zju.edu.cn', roles: ['RESEARCHER'], departmentId: h.b.departments.main.id } }),
      400,
    );
    expect(foreign.body.error.details.issues[0].path).toBe('departmentId');
    const invalid = await expectRefusedUnchanged(h, () => h.call('POST', '/admin/people', { as: admin, json: { name: '', email: 'nope', roles: ['KING', 'KING'] } }), 400);
    expect(invalid.body.error.details.issues.map((issue: any) => issue.path)).toEqual(expect.arrayContaining(['name', 'email', 'roles[0]']));
  });

  it('changes roles, department and the active flag with before/after in the audit log', async () => {
    const { admin, finance } = h.a.people;
    const res = await h.call('PATCH', `/admin/people/${finance.id}`, { as: admin, json: { roles: ['FINANCE_OFFICER', 'HR_OFFICER'], departmentId: h.a.departments.main.id, name: '周敏（财务）' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '周敏（财务）', roles: ['FINANCE_OFFICER', 'HR_OFFICER'], department: { id: h.a.departments.main.id } });
    expect(await lastAudit('Person', finance.id)).toMatchObject({
      action: 'admin.person_updated',
      before: { roles: ['FINANCE_OFFICER'], departmentId: null },
      after: { roles: ['FINANCE_OFFICER', 'HR_OFFICER'], departmentId: h.a.departments.main.id },
    });
    // The change applies to their very next request.
    expect((await h.call('GET', '/me', { as: finance })).body.roles).toEqual(['FINANCE_OFFICER', 'HR_OFFICER']);
    const cleared = await h.call('PATCH', `/admin/people/${finance.id}`, { as: admin, json: { departmentId: null } });
    expect(cleared.body.department).toBeNull();
  });

  it('refuses another institution’s person (404), an empty change (400), and locking oneself out (409)', async () => {
    const { admin } = h.a.people;
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/admin/people/${h.b.people.researcher.id}`, { as: admin, json: { active: false } }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/admin/people/${h.a.people.researcher.id}`, { as: h.b.people.admin, json: { active: false } }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/admin/people/${h.a.people.researcher.id}`, { as: admin, json: {} }), 400, 'VALIDATION_FAILED');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/admin/people/${admin.id}`, { as: admin, json: { active: false } }), 409, 'CONFLICT');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/admin/people/${admin.id}`, { as: admin, json: { roles: ['RESEARCHER'] } }), 409, 'CONFLICT');
    const dept = await expectRefusedUnchanged(h, () => h.call('PATCH', `/admin/people/${h.a.people.hr.id}`, { as: admin, json: { departmentId: h.b.departments.other.id } }), 400);
    expect(dept.body.error.details.issues[0].path).toBe('departmentId');
  });
});
