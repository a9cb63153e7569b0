// The authorisation matrix of IP deals: every role of the institution, people of another
// institution and an anonymous caller, against every deal action on one deal in review — the
// expected status for each (the matrix in the header of api/routes/deals.ts), and for every
// refusal, that nothing in the database changed. The allowed actions are then done for real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDateOf } from '../../domain/calendar';
import type { SeededPerson } from '../../prisma/factories';
import {
  dbSnapshot,
  fileForm,
  pdfBytes,
  startApiHarness,
  submittedDeal,
  uploadDealDocument,
  validDealDraft,
  type ApiHarness,
  type ApiResponse,
} from '../support/api';

let h: ApiHarness;
let actors: Record<string, SeededPerson | null>;
let dealId: string;
let taskId: string;
let documentId: string;

beforeAll(async () => {
  h = await startApiHarness();
  const { researcher, otherResearcher, deptHead, otherDeptHead, tto, ttoDeputy, hr, finance, leadership, admin } = h.a.people;
  actors = {
    owner: researcher,
    otherResearcher,
    deptHead,
    otherDeptHead,
    tto,
    ttoDeputy,
    hr,
    finance,
    leadership,
    admin,
    'B.researcher': h.b.people.researcher,
    'B.tto': h.b.people.tto,
    'B.finance': h.b.people.finance,
    'B.admin': h.b.people.admin,
    anonymous: null,
  };
  const submitted = await submittedDeal(h);
  dealId = submitted.id;
  taskId = submitted.task.id;
  documentId = (await uploadDealDocument(h, dealId, researcher, 'ATTACHMENT')).id;
}, 60_000);
afterAll(async () => {
  await h?.close();
});

type Expected = number | 'allowed';
const SEES_DEAL = ['owner', 'deptHead', 'otherDeptHead', 'tto', 'ttoDeputy', 'hr', 'finance', 'leadership', 'admin'];
const TTO = ['tto', 'ttoDeputy'];

/** 401 anonymous; 404 for whoever may not see the deal; otherwise per the rule. */
const onDeal = (rule: (name: string) => Expected) => (name: string): Expected =>
  name === 'anonymous' ? 401 : SEES_DEAL.includes(name) ? rule(name) : 404;
/** Only these may act (then `then`), everyone else who sees the deal gets 403. */
const only = (names: readonly string[], then: Expected) => onDeal((name) => (names.includes(name) ? then : 403));

interface Action {
  name: string;
  request: (as: SeededPerson | null) => Promise<ApiResponse>;
  expected: (actor: string) => Expected;
}

const call = (method: string, path: string, options: { json?: unknown; form?: () => FormData } = {}) => (as: SeededPerson | null) =>
  h.call(method, path, { ...(as ? { as } : {}), ...(options.json !== undefined ? { json: options.json } : {}), ...(options.form ? { form: options.form() } : {}) });

const upload = (kind: string) => () => fileForm({ kind }, { data: pdfBytes(`matrix ${kind} ${Math.random()}`), name: 'm.pdf', type: 'application/pdf' });
const today = () => shanghaiDateOf(Date.now());
const SOME_ID = '00000000-0000-4000-8000-000000000001';

const actions = (): Action[] => [
  { name: 'read the deal', request: call('GET', `/deals/${dealId}`), expected: onDeal(() => 200) },
  { name: 'read a document of the deal', request: call('GET', `/documents/${documentId}`), expected: onDeal(() => 200) },
  { name: 'download a document of the deal', request: call('GET', `/documents/${documentId}/download?format=json`), expected: onDeal(() => 200) },
  { name: 'list a document’s versions', request: call('GET', `/documents/${documentId}/versions`), expected: onDeal(() => 200) },
  // No contract before approval: whoever may see the deal learns that (404), like everyone else.
  { name: 'download the contract', request: call('GET', `/deals/${dealId}/contract?format=json`), expected: onDeal(() => 404) },
  {
    name: 'open a deal for the owner',
    request: call('POST', '/deals', { json: { ...validDealDraft(h.a.people.researcher), leadResearcherId: h.a.people.researcher.id } }),
    // The owner (it is them) and the TTO (on their behalf) may; B's TTO names a stranger (400).
    expected: (name) =>
      name === 'anonymous' ? 401 : name === 'owner' || TTO.includes(name) ? 'allowed' : name === 'B.tto' ? 400 : 403,
  },
  { name: 'edit the draft', request: call('PATCH', `/deals/${dealId}`, { json: { title: 'matrix' } }), expected: only(['owner'], 409) },
  { name: 'submit', request: call('POST', `/deals/${dealId}/submit`), expected: only(['owner'], 409) },
  { name: 'withdraw', request: call('POST', `/deals/${dealId}/withdraw`, { json: { reason: 'matrix' } }), expected: only(['owner'], 'allowed') },
  { name: 'upload a valuation report', request: call('POST', `/deals/${dealId}/documents`, { form: upload('VALUATION_REPORT') }), expected: only(['owner', ...TTO], 'allowed') },
  { name: 'upload payment evidence', request: call('POST', `/deals/${dealId}/documents`, { form: upload('PAYMENT_EVIDENCE') }), expected: only([...TTO, 'finance'], 'allowed') },
  // Not awaiting a signed contract: the TTO learns that (409), nobody stores anything.
  { name: 'upload a signed contract', request: call('POST', `/deals/${dealId}/documents`, { form: upload('SIGNED_CONTRACT') }), expected: only(TTO, 409) },
  {
    name: 'record an exchange result',
    request: call('POST', `/deals/${dealId}/exchange-result`, {
      json: { venue: '浙江知识产权交易中心', listingReference: 'L-1', concludedOn: '2026-01-05', finalPriceFen: 100, winningParty: 'x' },
    }),
    expected: only(TTO, 409),
  },
  { name: 'record the signed contract', request: call('POST', `/deals/${dealId}/signed-contract`, { json: { documentId: SOME_ID, signedOn: '2026-01-05' } }), expected: only(TTO, 409) },
  {
    name: 'record the technology contract registration',
    request: call('POST', `/deals/${dealId}/tech-contract-registration`, { json: { number: '2026330106000123', registeredOn: '2026-01-05' } }),
    expected: only(TTO, 409),
  },
  // The TTO is told the deal has no such obligation (it has none before it is active).
  { name: 'record a milestone event', request: call('POST', `/deals/${dealId}/obligations/none/event`, { json: { eventOn: '2026-01-05' } }), expected: only(TTO, 404) },
  { name: 'waive an obligation', request: call('POST', `/deals/${dealId}/obligations/none/waive`, { json: { reason: 'matrix' } }), expected: only(TTO, 404) },
  {
    name: 'record a payment',
    request: call('POST', `/deals/${dealId}/payments`, { json: { paymentKey: 'matrix-1', amountFen: 100, receivedOn: today() } }),
    expected: only([...TTO, 'finance'], 409),
  },
  {
    name: 'record a royalty report',
    request: call('POST', `/deals/${dealId}/royalty-reports`, { json: { periodKey: 'none', netSalesFen: 100, documentId: SOME_ID } }),
    expected: only(TTO, 409),
  },
  { name: 'propose an amendment', request: call('POST', `/deals/${dealId}/amendments`, { json: { reason: 'matrix', title: 'x' } }), expected: only(TTO, 409) },
  { name: 'terminate', request: call('POST', `/deals/${dealId}/terminate`, { json: { reason: 'matrix', effectiveOn: '2026-01-05' } }), expected: only(TTO, 409) },
  // The TTO's review: the TTO officers may act; the owner is barred (conflict of interest); the rest are not on the step.
  { name: 'claim the review', request: call('POST', `/tasks/${taskId}/claim`), expected: only(TTO, 'allowed') },
  { name: 'approve the review', request: call('POST', `/tasks/${taskId}/decide`, { json: { decision: 'APPROVE' } }), expected: only(TTO, 'allowed') },
  { name: 'reject the review', request: call('POST', `/tasks/${taskId}/decide`, { json: { decision: 'REJECT', comment: 'no' } }), expected: only(TTO, 'allowed') },
];

describe('the authorisation matrix on a deal in review', () => {
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

  it('refuses the owner and strangers delegating the review, and a barred deputy', async () => {
    const { researcher, tto, ttoDeputy, hr } = h.a.people;
    const owner = await h.call('POST', `/tasks/${taskId}/delegate`, { as: researcher, json: { deputyId: ttoDeputy.id } });
    expect(owner.status, JSON.stringify(owner.body)).toBe(403);
    expect(owner.body.error.code).toBe('CONFLICT_OF_INTEREST');
    const stranger = await h.call('POST', `/tasks/${taskId}/delegate`, { as: hr, json: { deputyId: ttoDeputy.id } });
    expect(stranger.status).toBe(403);
    const elsewhere = await h.call('POST', `/tasks/${taskId}/delegate`, { as: h.b.people.tto, json: { deputyId: ttoDeputy.id } });
    expect(elsewhere.status).toBe(404);
    // The lead researcher as deputy: barred, named in the refusal.
    const barred = await h.call('POST', `/tasks/${taskId}/delegate`, { as: tto, json: { deputyId: researcher.id } });
    expect(barred.status).toBe(400);
    expect(barred.body.error.details.issues[0].path).toBe('deputyId');
  });

  it('people of another institution and other researchers see nothing of it in their lists', async () => {
    for (const person of [h.b.people.tto, h.b.people.admin, h.b.people.researcher, h.a.people.otherResearcher]) {
      const deals = await h.call('GET', '/deals?pageSize=100', { as: person });
      expect(deals.status).toBe(200);
      expect(deals.body.items.map((item: any) => item.id)).not.toContain(dealId);
      const inbox = await h.call('GET', '/tasks/inbox?pageSize=100', { as: person });
      expect(inbox.body.items.map((item: any) => item.id)).not.toContain(taskId);
    }
    // The owner does not get the review of their own deal in their inbox.
    const own = await h.call('GET', '/tasks/inbox?pageSize=100', { as: h.a.people.researcher });
    expect(own.body.items.map((item: any) => item.id)).not.toContain(taskId);
  });

  it('the allowed actions do work', async () => {
    const { researcher, tto, ttoDeputy, finance } = h.a.people;
    expect((await h.call('POST', `/deals/${dealId}/documents`, { as: finance, form: upload('PAYMENT_EVIDENCE')() })).status).toBe(201);
    expect((await h.call('POST', `/deals/${dealId}/documents`, { as: researcher, form: upload('VALUATION_REPORT')() })).status).toBe(201);
    const onBehalf = await h.call('POST', '/deals', { as: tto, json: { ...validDealDraft(researcher), leadResearcherId: researcher.id } });
    expect(onBehalf.status, JSON.stringify(onBehalf.body)).toBe(201);
    expect(onBehalf.body).toMatchObject({ leadResearcher: { id: researcher.id }, createdBy: { id: tto.id } });
    const delegated = await h.call('POST', `/tasks/${taskId}/delegate`, { as: tto, json: { deputyId: ttoDeputy.id } });
    expect(delegated.status, JSON.stringify(delegated.body)).toBe(200);
    expect(delegated.body.task.assignee.id).toBe(ttoDeputy.id);
    expect(delegated.body.deal).toMatchObject({ id: dealId, status: 'IN_REVIEW' });
    const withdrawn = await h.call('POST', `/deals/${dealId}/withdraw`, { as: researcher, json: { reason: 'done testing' } });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
  });
});
