// /cases: open, read, list, edit, submit, withdraw, and the refusals of each — the status, the
// error code, the field named, and that a refused request changed nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDateOf } from '../../domain/calendar';
import { defaultPolicyProfile } from '../../domain/policy';
import {
  createCase,
  expectRefusedUnchanged,
  fileForm,
  openTaskOf,
  pdfBytes,
  startApiHarness,
  submittedCase,
  validDraft,
  type ApiHarness,
} from '../support/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('POST /cases', () => {
  it('opens a DRAFT case with the institution’s newest active profile and a reference from its id', async () => {
    const { researcher } = h.a.people;
    const res = await h.call('POST', '/cases', { as: researcher, json: validDraft(researcher) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'DRAFT',
      mode: 'LEAVE',
      title: '量子传感科技有限公司',
      institutionId: h.a.institution.id,
      researcher: { id: researcher.id, name: researcher.name },
      department: { id: h.a.departments.main.id },
      policyProfile: { id: h.a.profile.id, version: 1 },
    });
    expect(res.body.reference).toBe(`SW-${shanghaiDateOf(Date.now()).slice(0, 4)}-${res.body.id.replaceAll('-', '').slice(0, 8).toUpperCase()}`);
    const row = await h.db.spinoutCase.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.workflowId).toBe(`spinout-case-${res.body.id}`);
    const description = await h.temporal.workflow.getHandle(row.workflowId).describe();
    expect(description.taskQueue).toBe(h.config.TEMPORAL_TASK_QUEUE);
    expect(description.status.name).toBe('RUNNING');
  });

  it('fills the maker space from the register when given makerSpaceId, and links it', async () => {
    const { researcher } = h.a.people;
    const space = await h.db.makerSpace.findUniqueOrThrow({ where: { name: '中关村创业大街众创空间' } });
    const { makerSpace: _makerSpace, ...draft } = validDraft(researcher);
    const res = await h.call('POST', '/cases', { as: researcher, json: { ...draft, makerSpaceId: space.id } });
    expect(res.status).toBe(201);
    expect(res.body.makerSpace).toMatchObject({ id: space.id, name: space.name });
    expect(res.body.draft.makerSpace).toEqual({ name: space.name, address: space.address });

    const unknown = await expectRefusedUnchanged(h, () => h.call('POST', '/cases', { as: researcher, json: { ...draft, makerSpaceId: UNKNOWN_ID } }), 400, 'VALIDATION_FAILED');
    expect(unknown.body.error.details.issues[0].path).toBe('makerSpaceId');
  });

  it('answers 400 naming the field of a malformed draft, and creates nothing', async () => {
    const { researcher } = h.a.people;
    const res = await expectRefusedUnchanged(
      h,
      () => h.call('POST', '/cases', { as: researcher, json: { mode: 'SABBATICAL', requestedStartDate: '2026-02-30', team: [{ contributionShareBp: 1.5 }] } }),
      400,
      'VALIDATION_FAILED',
    );
    const paths = res.body.error.details.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['mode', 'requestedStartDate', 'team[0].contributionShareBp']));
    expect(res.body.error.message).toContain('mode must be LEAVE or PART_TIME');
  });

  it('lets only researchers open cases (403), and answers 401 without a token', async () => {
    await expectRefusedUnchanged(h, () => h.call('POST', '/cases', { as: h.a.people.tto, json: validDraft(h.a.people.tto) }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', '/cases', { as: h.a.people.admin, json: {} }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', '/cases', { json: {} }), 401, 'UNAUTHENTICATED');
  });

  it('answers 409 when the institution has no active policy profile', async () => {
    await h.db.policyProfile.updateMany({ where: { institutionId: h.b.institution.id }, data: { active: false } });
    try {
      const res = await expectRefusedUnchanged(h, () => h.call('POST', '/cases', { as: h.b.people.researcher, json: {} }), 409, 'CONFLICT');
      expect(res.body.error.message).toMatch(/no active policy profile/);
    } finally {
      await h.db.policyProfile.updateMany({ where: { institutionId: h.b.institution.id }, data: { active: true } });
    }
  });
});

describe('GET /cases/{id}', () => {
  it('shows a case to its researcher and its institution’s staff, and 404 to everyone else', async () => {
    const created = await createCase(h, h.a.people.researcher);
    for (const person of [h.a.people.researcher, h.a.people.tto, h.a.people.deptHead, h.a.people.otherDeptHead, h.a.people.finance, h.a.people.admin]) {
      const res = await h.call('GET', `/cases/${created.id}`, { as: person });
      expect(res.status, person.email).toBe(200);
      expect(res.body.id).toBe(created.id);
    }
    for (const person of [h.a.people.otherResearcher, h.b.people.researcher, h.b.people.tto, h.b.people.admin]) {
      const res = await h.call('GET', `/cases/${created.id}`, { as: person });
      expect(res.status, person.email).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await h.call('GET', `/cases/${UNKNOWN_ID}`, { as: h.a.people.tto })).status).toBe(404);
    const malformed = await h.call('GET', '/cases/not-an-id', { as: h.a.people.tto });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues[0].path).toBe('id');
    expect((await h.call('GET', `/cases/${created.id}`)).status).toBe(401);
  });
});

describe('GET /cases', () => {
  it('lists a researcher’s own cases and staff their institution’s, filtered and paged, newest change first', async () => {
    const { researcher, otherResearcher, tto } = h.a.people;
    const first = await createCase(h, otherResearcher, { ...validDraft(otherResearcher), venture: { name: '柔性电子有限公司', description: 'x' }, mode: 'PART_TIME' });
    const second = await createCase(h, otherResearcher, { ...validDraft(otherResearcher), venture: { name: '智能制造有限公司', description: 'y' } });
    await createCase(h, h.b.people.researcher);

    const own = await h.call('GET', '/cases', { as: otherResearcher });
    expect(own.status).toBe(200);
    expect(own.body.items.map((item: any) => item.id)).toEqual([second.id, first.id]);
    expect(own.body.meta).toEqual({ page: 1, pageSize: 20, total: 2 });

    // A researcher asking for another's cases gets none, not theirs.
    const others = await h.call('GET', `/cases?researcherId=${researcher.id}`, { as: otherResearcher });
    expect(others.body.meta.total).toBe(0);

    const staff = await h.call('GET', `/cases?researcherId=${otherResearcher.id}&pageSize=1&page=2`, { as: tto });
    expect(staff.body.items.map((item: any) => item.id)).toEqual([first.id]);
    expect(staff.body.meta).toEqual({ page: 2, pageSize: 1, total: 2 });

    const all = await h.call('GET', '/cases?pageSize=100', { as: tto });
    expect(all.body.items.every((item: any) => item.institutionId === h.a.institution.id)).toBe(true);
    const updated = all.body.items.map((item: any) => item.updatedAt);
    expect([...updated].sort().reverse()).toEqual(updated);

    expect((await h.call('GET', '/cases?mode=PART_TIME', { as: tto })).body.items.map((item: any) => item.id)).toEqual([first.id]);
    expect((await h.call('GET', '/cases?q=柔性', { as: tto })).body.items.map((item: any) => item.id)).toEqual([first.id]);
    expect((await h.call('GET', `/cases?q=${second.reference.toLowerCase()}`, { as: tto })).body.items.map((item: any) => item.id)).toEqual([second.id]);
    expect((await h.call('GET', `/cases?departmentId=${h.a.departments.other.id}&status=DRAFT`, { as: tto })).body.meta.total).toBe(2);
    expect((await h.call('GET', '/cases?status=SIGNED', { as: tto })).body.meta.total).toBe(0);

    const bad = await h.call('GET', '/cases?pageSize=500&status=NOPE', { as: tto });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['pageSize', 'status']);
  });
});

describe('PATCH /cases/{id}', () => {
  it('edits the draft (given fields replace, others stay), and refuses a stale version with 409', async () => {
    const { researcher } = h.a.people;
    const created = await createCase(h, researcher);
    const res = await h.call('PATCH', `/cases/${created.id}`, { as: researcher, json: { durationMonths: 24, expectedVersion: created.version } });
    expect(res.status).toBe(200);
    expect(res.body.draft).toMatchObject({ durationMonths: 24, mode: 'LEAVE', venture: { name: '量子传感科技有限公司' } });
    expect(res.body.version).toBeGreaterThan(created.version);

    const stale = await expectRefusedUnchanged(
      h,
      () => h.call('PATCH', `/cases/${created.id}`, { as: researcher, json: { durationMonths: 12, expectedVersion: created.version } }),
      409,
      'STALE_VERSION',
    );
    expect(stale.body.error.message).toMatch(/changed since you loaded it/);
  });

  it('answers 400 naming the field, 403 to staff, 404 to others, 409 once submitted', async () => {
    const { researcher, tto, otherResearcher } = h.a.people;
    const created = await createCase(h, researcher);
    const invalid = await expectRefusedUnchanged(h, () => h.call('PATCH', `/cases/${created.id}`, { as: researcher, json: { durationMonths: 0 } }), 400, 'VALIDATION_FAILED');
    expect(invalid.body.error.details.issues[0].path).toBe('durationMonths');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/cases/${created.id}`, { as: tto, json: { durationMonths: 12 } }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/cases/${created.id}`, { as: otherResearcher, json: { durationMonths: 12 } }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/cases/${created.id}`, { as: h.b.people.researcher, json: { durationMonths: 12 } }), 404, 'NOT_FOUND');

    const submitted = await submittedCase(h, researcher);
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/cases/${submitted.id}`, { as: researcher, json: { durationMonths: 12 } }), 409, 'INVALID_TRANSITION');
  });
});

describe('POST /cases/{id}/submit', () => {
  it('answers 400 naming every missing field of an incomplete draft, and changes nothing', async () => {
    const { researcher } = h.a.people;
    const created = await createCase(h, researcher, { mode: 'LEAVE' });
    const res = await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${created.id}/submit`, { as: researcher }), 400, 'VALIDATION_FAILED');
    const paths = res.body.error.details.issues.map((issue: any) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['makerSpace', 'venture', 'ipAssets', 'team', 'declarations', 'requestedStartDate', 'durationMonths']));
  });

  it('answers 409 NOT_ELIGIBLE when the policy excludes the applicant', async () => {
    const { researcher } = h.a.people;
    const draft = validDraft(researcher);
    const created = await createCase(h, researcher, { ...draft, declarations: { holdsLeadershipPost: true, isMajorProjectPI: false } });
    const res = await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${created.id}/submit`, { as: researcher }), 409, 'NOT_ELIGIBLE');
    expect(res.body.error.message).toMatch(/leadership/i);
  });

  it('submits a complete draft; a second submit is 409; staff get 403 and others 404', async () => {
    const { researcher, deptHead } = h.a.people;
    const created = await createCase(h, researcher);
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${created.id}/submit`, { as: deptHead }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${created.id}/submit`, { as: h.b.people.researcher }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${created.id}/submit`, { as: researcher, json: { expectedVersion: 'one' } }), 400, 'VALIDATION_FAILED');

    const res = await h.call('POST', `/cases/${created.id}/submit`, { as: researcher, json: { expectedVersion: created.version } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'IN_REVIEW' });
    expect(res.body.submittedAt).not.toBeNull();
    const task = await openTaskOf(h, created.id, 'APPROVAL', 'dept-head');
    expect(task).toMatchObject({ candidateRole: 'DEPT_HEAD', departmentId: h.a.departments.main.id });
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${created.id}/submit`, { as: researcher }), 409, 'INVALID_TRANSITION');
  });
});

describe('POST /cases/{id}/withdraw', () => {
  it('needs a reason (400), is the owner’s (403/404), closes the case and cancels its tasks; then 409', async () => {
    const { researcher, tto } = h.a.people;
    const submitted = await submittedCase(h, researcher);
    const missing = await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${submitted.id}/withdraw`, { as: researcher, json: { reason: '  ' } }), 400, 'VALIDATION_FAILED');
    expect(missing.body.error.details.issues[0].path).toBe('reason');
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${submitted.id}/withdraw`, { as: tto, json: { reason: 'x' } }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${submitted.id}/withdraw`, { as: h.a.people.otherResearcher, json: { reason: 'x' } }), 404, 'NOT_FOUND');

    const res = await h.call('POST', `/cases/${submitted.id}/withdraw`, { as: researcher, json: { reason: 'The venture found another partner.' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'WITHDRAWN', openTasks: [] });
    expect(res.body.closedAt).not.toBeNull();
    expect(await h.db.task.findUniqueOrThrow({ where: { id: submitted.task.id } })).toMatchObject({ state: 'CANCELLED' });
    expect(res.body.timeline.map((entry: any) => entry.action)).toContain('case.withdrawn');

    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${submitted.id}/withdraw`, { as: researcher, json: { reason: 'again' } }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('POST', `/cases/${submitted.id}/submit`, { as: researcher }), 409, 'INVALID_TRANSITION');
  });
});

describe('POST /cases/{id}/signed-copies before the agreement', () => {
  it('answers 409 outside AGREEMENT, 400 without a file or with a bad date, 404 to outsiders, and stores nothing', async () => {
    const { researcher } = h.a.people;
    const created = await createCase(h, researcher);
    const file = { data: pdfBytes(), name: 'signed.pdf', type: 'application/pdf' };
    const today = shanghaiDateOf(Date.now());
    await expectRefusedUnchanged(
      h,
      () => h.call('POST', `/cases/${created.id}/signed-copies`, { as: researcher, form: fileForm({ party: 'RESEARCHER', signedOn: today }, file) }),
      409,
      'INVALID_TRANSITION',
    );
    const noFile = await expectRefusedUnchanged(
      h,
      () => h.call('POST', `/cases/${created.id}/signed-copies`, { as: researcher, form: fileForm({ party: 'SOMEONE', signedOn: '2026-13-01' }) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noFile.body.error.details.issues.map((issue: any) => issue.path).sort()).toEqual(['file', 'party', 'signedOn']);
    await expectRefusedUnchanged(
      h,
      () => h.call('POST', `/cases/${created.id}/signed-copies`, { as: h.b.people.tto, form: fileForm({ party: 'INSTITUTION', signedOn: today }, file) }),
      404,
      'NOT_FOUND',
    );
  });
});

describe('policy profile versions', () => {
  it('starts new cases on the newest active version; running cases keep theirs', async () => {
    const { researcher, admin } = h.a.people;
    const before = await createCase(h, researcher);
    const { version: _v, institutionId: _i, ...rules } = { ...defaultPolicyProfile, key: 'zju', publicity: { days: 20, dayKind: 'CALENDAR' as const } };
    const created = await h.call('POST', '/admin/policy-profiles', { as: admin, json: { rules } });
    expect(created.status).toBe(201);
    const after = await createCase(h, researcher);
    const [oldCase, newCase] = await Promise.all([
      h.call('GET', `/cases/${before.id}`, { as: researcher }),
      h.call('GET', `/cases/${after.id}`, { as: researcher }),
    ]);
    expect(oldCase.body.policyProfile.version).toBe(1);
    expect(newCase.body.policyProfile).toMatchObject({ id: created.body.id, version: 2 });
  });
});
