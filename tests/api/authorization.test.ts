// The authorisation matrix: every role of the institution, people of another institution and
// an anonymous caller, against every action on one case in review — the expected status for
// each, and for every refusal, that nothing in the database changed. The allowed actions are
// then done for real, to show the matrix was not refusing everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDateOf } from '../../domain/calendar';
import type { SeededPerson } from '../../prisma/factories';
import {
  dbSnapshot,
  fileForm,
  pdfBytes,
  startApiHarness,
  submittedCase,
  type ApiHarness,
  type ApiResponse,
} from '../support/api';

let h: ApiHarness;
let actors: Record<string, SeededPerson | null>;
let caseId: string;
let taskId: string;
let documentId: string;
let notificationId: string;
let deputy: SeededPerson;

beforeAll(async () => {
  h = await startApiHarness();
  const row = await h.db.person.create({
    data: { institutionId: h.a.institution.id, departmentId: h.a.departments.main.id, name: '副院长', email: 'dept-head-deputy@zju.edu.cn', roles: ['DEPT_HEAD'] },
  });
  deputy = { id: row.id, name: row.name, email: row.email, roles: ['DEPT_HEAD'], departmentId: row.departmentId, institutionId: row.institutionId };
  actors = {
    owner: h.a.people.researcher,
    otherResearcher: h.a.people.otherResearcher,
    deptHead: h.a.people.deptHead,
    deptHeadDeputy: deputy,
    otherDeptHead: h.a.people.otherDeptHead,
    tto: h.a.people.tto,
    ttoDeputy: h.a.people.ttoDeputy,
    hr: h.a.people.hr,
    finance: h.a.people.finance,
    leadership: h.a.people.leadership,
    admin: h.a.people.admin,
    'B.researcher': h.b.people.researcher,
    'B.deptHead': h.b.people.deptHead,
    'B.tto': h.b.people.tto,
    'B.leadership': h.b.people.leadership,
    'B.admin': h.b.people.admin,
    anonymous: null,
  };
  const submitted = await submittedCase(h);
  caseId = submitted.id;
  taskId = submitted.task.id;
  const upload = await h.call('POST', `/cases/${caseId}/documents`, {
    as: h.a.people.researcher,
    form: fileForm({ kind: 'ATTACHMENT' }, { data: pdfBytes('matrix'), name: 'plan.pdf', type: 'application/pdf' }),
  });
  expect(upload.status).toBe(201);
  documentId = upload.body.id;
  const notification = await h.db.notification.findFirst({ where: { personId: h.a.people.deptHead.id, caseId } });
  notificationId = notification?.id ?? (await h.db.notification.findFirstOrThrow({ where: { personId: h.a.people.deptHead.id } })).id;
});
afterAll(async () => {
  await h?.close();
});

type Expected = number | 'allowed';
const SEES_CASE = ['owner', 'deptHead', 'deptHeadDeputy', 'otherDeptHead', 'tto', 'ttoDeputy', 'hr', 'finance', 'leadership', 'admin'];
const DEPT_HEADS_OF_CASE = ['deptHead', 'deptHeadDeputy'];

/** 401 anonymous; 404 for whoever may not see the case; otherwise per the rule. */
const onCase = (rule: (name: string) => Expected) => (name: string): Expected =>
  name === 'anonymous' ? 401 : SEES_CASE.includes(name) ? rule(name) : 404;

interface Action {
  name: string;
  request: (as: SeededPerson | null) => Promise<ApiResponse>;
  expected: (actor: string) => Expected;
}

const call = (method: string, path: string, options: { json?: unknown; form?: () => FormData } = {}) => (as: SeededPerson | null) =>
  h.call(method, path, { ...(as ? { as } : {}), ...(options.json !== undefined ? { json: options.json } : {}), ...(options.form ? { form: options.form() } : {}) });

const actions = (): Action[] => [
  { name: 'read the case', request: call('GET', `/cases/${caseId}`), expected: onCase(() => 200) },
  { name: 'read the document', request: call('GET', `/documents/${documentId}`), expected: onCase(() => 200) },
  { name: 'download the document', request: call('GET', `/documents/${documentId}/download?format=json`), expected: onCase(() => 200) },
  { name: 'list the document’s versions', request: call('GET', `/documents/${documentId}/versions`), expected: onCase(() => 200) },
  {
    name: 'edit the draft',
    request: call('PATCH', `/cases/${caseId}`, { json: { durationMonths: 12 } }),
    expected: onCase((name) => (name === 'owner' ? 409 : 403)),
  },
  { name: 'submit', request: call('POST', `/cases/${caseId}/submit`), expected: onCase((name) => (name === 'owner' ? 409 : 403)) },
  {
    name: 'withdraw',
    request: call('POST', `/cases/${caseId}/withdraw`, { json: { reason: 'matrix' } }),
    expected: onCase((name) => (name === 'owner' ? 'allowed' : 403)),
  },
  {
    name: 'upload a document',
    request: call('POST', `/cases/${caseId}/documents`, { form: () => fileForm({ kind: 'EVIDENCE' }, { data: pdfBytes(`m-${Math.random()}`), name: 'e.pdf', type: 'application/pdf' }) }),
    expected: onCase(() => 'allowed'),
  },
  {
    name: 'upload a signed copy',
    request: call('POST', `/cases/${caseId}/signed-copies`, {
      form: () => fileForm({ party: 'RESEARCHER', signedOn: shanghaiDateOf(Date.now()) }, { data: pdfBytes('signed'), name: 's.pdf', type: 'application/pdf' }),
    }),
    // Not in AGREEMENT yet: whoever may see the case learns that (409), nobody stores anything.
    expected: onCase(() => 409),
  },
  {
    name: 'claim the department step',
    request: call('POST', `/tasks/${taskId}/claim`),
    expected: onCase((name) => (DEPT_HEADS_OF_CASE.includes(name) ? 'allowed' : 403)),
  },
  {
    name: 'approve the department step',
    request: call('POST', `/tasks/${taskId}/decide`, { json: { decision: 'APPROVE' } }),
    expected: onCase((name) => (DEPT_HEADS_OF_CASE.includes(name) ? 'allowed' : 403)),
  },
  {
    name: 'reject the department step',
    request: call('POST', `/tasks/${taskId}/decide`, { json: { decision: 'REJECT', comment: 'no' } }),
    expected: onCase((name) => (DEPT_HEADS_OF_CASE.includes(name) ? 'allowed' : 403)),
  },
  {
    name: 'delegate the department step to its deputy',
    request: call('POST', `/tasks/${taskId}/delegate`, { json: { deputyId: deputy.id } }),
    // The deputy delegating to themself is a bad request; anyone else not on the step is refused.
    expected: onCase((name) => (name === 'deptHead' ? 'allowed' : name === 'deptHeadDeputy' ? 400 : 403)),
  },
  {
    name: 'read another person’s notification',
    request: call('POST', `/notifications/${notificationId}/read`),
    expected: (name) => (name === 'anonymous' ? 401 : name === 'deptHead' ? 'allowed' : 404),
  },
  {
    name: 'list people (admin)',
    request: call('GET', '/admin/people'),
    expected: (name) => (name === 'anonymous' ? 401 : name === 'admin' || name === 'B.admin' ? 200 : 403),
  },
  {
    name: 'deactivate the researcher (admin)',
    request: call('PATCH', `/admin/people/${h.a.people.researcher.id}`, { json: { active: false } }),
    expected: (name) => (name === 'anonymous' ? 401 : name === 'admin' ? 'allowed' : name === 'B.admin' ? 404 : 403),
  },
  {
    name: 'create a policy profile (admin)',
    request: call('POST', '/admin/policy-profiles', { json: { rules: {} } }),
    // An admin gets as far as validation (400); nobody else gets that far.
    expected: (name) => (name === 'anonymous' ? 401 : name === 'admin' || name === 'B.admin' ? 400 : 403),
  },
  {
    name: 'set a calendar day (admin)',
    request: call('PUT', '/admin/calendar/2026-06-01', { json: { kind: 'HOLIDAY', name: 'matrix' } }),
    expected: (name) => (name === 'anonymous' ? 401 : name === 'admin' || name === 'B.admin' ? 'allowed' : 403),
  },
];

describe('the authorisation matrix on a case in review', () => {
  it('answers each role, another institution and an anonymous caller as expected, changing nothing when refusing', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const action of actions()) {
      for (const [name, person] of Object.entries(actors)) {
        const expected = action.expected(name);
        if (expected === 'allowed') continue;
        const before = await dbSnapshot(h);
        const res = await action.request(person);
        const after = await dbSnapshot(h);
        checked += 1;
        if (res.status !== expected) failures.push(`${action.name} as ${name}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
        if (expected >= 400) {
          if (res.body?.error?.code === undefined) failures.push(`${action.name} as ${name}: no error body`);
          try {
            expect(after).toEqual(before);
          } catch {
            failures.push(`${action.name} as ${name}: the database changed`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(250);
  });

  it('people of another institution see nothing of it in their lists', async () => {
    for (const person of [h.b.people.tto, h.b.people.admin, h.b.people.leadership]) {
      const cases = await h.call('GET', '/cases?pageSize=100', { as: person });
      expect(cases.body.items.map((item: any) => item.id)).not.toContain(caseId);
      const inbox = await h.call('GET', '/tasks/inbox?pageSize=100', { as: person });
      expect(inbox.body.items.map((item: any) => item.id)).not.toContain(taskId);
    }
    const people = await h.call('GET', '/admin/people?pageSize=100', { as: h.b.people.admin });
    expect(people.body.items.map((item: any) => item.id)).not.toContain(h.a.people.researcher.id);
    const other = await h.call('GET', '/cases', { as: h.a.people.otherResearcher });
    expect(other.body.items.map((item: any) => item.id)).not.toContain(caseId);
  });

  it('the allowed actions do work', async () => {
    const { deptHead, researcher, admin } = h.a.people;
    const delegated = await h.call('POST', `/tasks/${taskId}/delegate`, { as: deptHead, json: { deputyId: deputy.id } });
    expect(delegated.status, JSON.stringify(delegated.body)).toBe(200);
    const approved = await h.call('POST', `/tasks/${taskId}/decide`, { as: deputy, json: { decision: 'APPROVE' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((await h.call('POST', `/notifications/${notificationId}/read`, { as: deptHead })).status).toBe(200);
    const withdrawn = await h.call('POST', `/cases/${caseId}/withdraw`, { as: researcher, json: { reason: 'done testing' } });
    expect(withdrawn.status).toBe(200);
    const deactivated = await h.call('PATCH', `/admin/people/${researcher.id}`, { as: admin, json: { active: false } });
    expect(deactivated.status).toBe(200);
    expect((await h.call('GET', '/me', { as: researcher })).status).toBe(401);
  });
});
