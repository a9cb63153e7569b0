// /deals: open, read, list, edit, submit and withdraw IP deals, and upload their documents —
// the happy paths against the real stack, and the refusals of each: the status, the error code,
// the field named, and that a refused request changed nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDateOf } from '../../domain/calendar';
import {
  CREDIT_CODES,
  createCase,
  createDeal,
  expectRefusedUnchanged,
  fileForm,
  openDealTaskOf,
  pdfBytes,
  startApiHarness,
  uploadDealDocument,
  validDealDraft,
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
const pathsOf = (res: { body: any }) => res.body.error.details.issues.map((issue: { path: string }) => issue.path);

/** An equity deal (作价投资): the default profile wants a valuation report for it. */
const equityDraft = (researcher: Parameters<typeof validDealDraft>[0]) =>
  validDealDraft(researcher, {
    title: '量子传感专利作价入股',
    mode: 'EQUITY',
    terms: {
      upfrontFeeFen: 0,
      milestones: [],
      sublicensing: 'NONE',
      patentCostReimbursementFen: 0,
      equity: { valuationFen: 800_000_000, shares: 800_000, companyShareBp: 2_000 },
    },
  });

describe('POST /deals', () => {
  it('opens a DRAFT deal for the researcher’s own result, with the institution’s profile and a reference from its id', async () => {
    const { researcher } = h.a.people;
    const res = await h.call('POST', '/deals', { as: researcher, json: validDealDraft(researcher) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'DRAFT',
      mode: 'LICENCE',
      pricingMethod: 'AGREED',
      title: '一种量子传感器的独占许可',
      institutionId: h.a.institution.id,
      leadResearcher: { id: researcher.id, name: researcher.name },
      createdBy: { id: researcher.id },
      department: { id: h.a.departments.main.id },
      case: null,
      counterparty: { name: '杭州量感科技有限公司', unifiedSocialCreditCode: CREDIT_CODES.licensee },
      policyProfile: { id: h.a.profile.id, version: 1 },
      openTasks: [],
    });
    expect(res.body.reference).toBe(`IP-${shanghaiDateOf(Date.now()).slice(0, 4)}-${res.body.id.replaceAll('-', '').slice(0, 8).toUpperCase()}`);
    expect(res.body.team).toEqual([expect.objectContaining({ personId: researcher.id, contributionShareBp: 10_000 })]);
    expect(res.body.assets).toEqual([expect.objectContaining({ kind: 'PATENT', title: '一种量子传感器', allocationBp: 10_000 })]);
    const row = await h.db.ipDeal.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.workflowId).toBe(`ip-deal-${res.body.id}`);
    const description = await h.temporal.workflow.getHandle(row.workflowId).describe();
    expect(description.taskQueue).toBe(h.config.TEMPORAL_TASK_QUEUE);
    expect(description.status.name).toBe('RUNNING');
  });

  it('lets the TTO open a deal on a named researcher’s behalf, and no one else', async () => {
    const { researcher, otherResearcher, tto, finance, deptHead } = h.a.people;
    const onBehalf = await h.call('POST', '/deals', { as: tto, json: { ...validDealDraft(researcher), leadResearcherId: researcher.id } });
    expect(onBehalf.status, JSON.stringify(onBehalf.body)).toBe(201);
    expect(onBehalf.body).toMatchObject({ leadResearcher: { id: researcher.id }, createdBy: { id: tto.id }, department: { id: h.a.departments.main.id } });
    const mine = await h.call('GET', '/deals?pageSize=100', { as: researcher });
    expect(mine.body.items.map((item: any) => item.id)).toContain(onBehalf.body.id);

    const missing = await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: tto, json: validDealDraft(researcher) }), 400, 'VALIDATION_FAILED');
    expect(pathsOf(missing)).toEqual(['leadResearcherId']);
    for (const stranger of [h.b.people.researcher.id, finance.id, UNKNOWN_ID]) {
      const res = await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: tto, json: { ...validDealDraft(researcher), leadResearcherId: stranger } }), 400);
      expect(pathsOf(res)).toEqual(['leadResearcherId']);
    }
    // A researcher opens deals for themself only; other staff open none.
    await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: otherResearcher, json: { ...validDealDraft(researcher), leadResearcherId: researcher.id } }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: deptHead, json: { ...validDealDraft(researcher), leadResearcherId: researcher.id } }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: finance, json: validDealDraft(researcher) }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { json: validDealDraft(researcher) }), 401, 'UNAUTHENTICATED');
  });

  it('answers 400 naming counterparty.unifiedSocialCreditCode for a code with a wrong check digit, and creates nothing', async () => {
    const { researcher } = h.a.people;
    const draft = validDealDraft(researcher, { counterparty: { name: '杭州量感科技有限公司', unifiedSocialCreditCode: CREDIT_CODES.wrongCheckDigit } });
    const res = await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: researcher, json: draft }), 400, 'VALIDATION_FAILED');
    expect(pathsOf(res)).toEqual(['counterparty.unifiedSocialCreditCode']);
    expect(res.body.error.message).toMatch(/check digit/);
  });

  it('answers 400 naming each malformed field of a draft', async () => {
    const { researcher } = h.a.people;
    const res = await expectRefusedUnchanged(
      h,
      () =>
        h.call('POST', '/deals', {
          as: researcher,
          json: { ...validDealDraft(researcher), mode: 'GIFT', terms: { upfrontFeeFen: 12.5 }, assets: [{ allocationBp: 0 }] },
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(pathsOf(res)).toEqual(expect.arrayContaining(['mode', 'terms.upfrontFeeFen', 'assets[0].allocationBp']));
    expect(res.body.error.message).toContain('mode must be one of TRANSFER, LICENCE, EQUITY');
  });

  it('links a spin-out case of the lead researcher and its IP assets; refuses others’ cases, assets and people (400)', async () => {
    const { researcher, otherResearcher } = h.a.people;
    const spinout = await createCase(h, researcher);
    const asset = await h.db.ipAsset.findFirstOrThrow({ where: { caseId: spinout.id } });
    const res = await h.call('POST', '/deals', {
      as: researcher,
      json: validDealDraft(researcher, { caseId: spinout.id, assets: [{ ipAssetId: asset.id, allocationBp: 10_000 }] }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.case).toEqual({ id: spinout.id, reference: spinout.reference });
    expect(res.body.assets).toEqual([expect.objectContaining({ ipAssetId: asset.id, title: asset.title, allocationBp: 10_000 })]);
    const byCase = await h.call('GET', `/deals?caseId=${spinout.id}`, { as: researcher });
    expect(byCase.body.items.map((item: any) => item.id)).toEqual([res.body.id]);

    const othersCase = await createCase(h, otherResearcher);
    const bCase = await createCase(h, h.b.people.researcher);
    const bAsset = await h.db.ipAsset.findFirstOrThrow({ where: { caseId: bCase.id } });
    for (const caseId of [othersCase.id, bCase.id, UNKNOWN_ID]) {
      const refused = await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: researcher, json: validDealDraft(researcher, { caseId }) }), 400);
      expect(pathsOf(refused)).toEqual(['caseId']);
    }
    const foreign = await expectRefusedUnchanged(
      h,
      () =>
        h.call('POST', '/deals', {
          as: researcher,
          json: validDealDraft(researcher, {
            assets: [{ ipAssetId: asset.id, allocationBp: 5_000 }, { ipAssetId: bAsset.id, allocationBp: 5_000 }],
            team: [{ personId: h.b.people.researcher.id, contributionShareBp: 10_000 }],
          }),
        }),
      400,
    );
    expect(pathsOf(foreign)).toEqual(['assets[1].ipAssetId', 'team[0].personId']);
  });

  it('refuses a document id in a new deal: documents are uploaded to the deal first (400)', async () => {
    const { researcher } = h.a.people;
    const res = await expectRefusedUnchanged(h, () => h.call('POST', '/deals', { as: researcher, json: { ...equityDraft(researcher), valuationReportDocumentId: UNKNOWN_ID } }), 400);
    expect(pathsOf(res)).toEqual(['valuationReportDocumentId']);
  });
});

describe('GET /deals/{id} and GET /deals', () => {
  it('shows a deal to its lead researcher and its institution’s staff, and 404 to everyone else', async () => {
    const created = await createDeal(h, h.a.people.researcher);
    const { researcher, tto, deptHead, otherDeptHead, finance, hr, leadership, admin, otherResearcher } = h.a.people;
    for (const person of [researcher, tto, deptHead, otherDeptHead, finance, hr, leadership, admin]) {
      const res = await h.call('GET', `/deals/${created.id}`, { as: person });
      expect(res.status, person.email).toBe(200);
      expect(res.body.id).toBe(created.id);
    }
    for (const person of [otherResearcher, h.b.people.researcher, h.b.people.tto, h.b.people.admin]) {
      const res = await h.call('GET', `/deals/${created.id}`, { as: person });
      expect(res.status, person.email).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await h.call('GET', `/deals/${UNKNOWN_ID}`, { as: tto })).status).toBe(404);
    const malformed = await h.call('GET', '/deals/not-an-id', { as: tto });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues[0].path).toBe('id');
    expect((await h.call('GET', `/deals/${created.id}`)).status).toBe(401);
  });

  it('lists a researcher’s own deals and staff their institution’s, filtered and paged, newest change first', async () => {
    const { otherResearcher, tto } = h.a.people;
    const licence = await createDeal(h, otherResearcher, validDealDraft(otherResearcher, { title: '柔性电子许可' }));
    const transfer = await createDeal(
      h,
      otherResearcher,
      validDealDraft(otherResearcher, {
        title: '柔性电子专利转让',
        mode: 'TRANSFER',
        pricingMethod: 'LISTED',
        counterparty: { name: '北京柔电科技有限公司', unifiedSocialCreditCode: CREDIT_CODES.other },
      }),
    );
    const elsewhere = await createDeal(h, h.b.people.researcher);

    const own = await h.call('GET', '/deals?pageSize=100', { as: otherResearcher });
    expect(own.body.items.map((item: any) => item.id)).toEqual([transfer.id, licence.id]);
    expect(own.body.meta).toEqual({ page: 1, pageSize: 100, total: 2 });
    expect(own.body.items[0]).toMatchObject({ mode: 'TRANSFER', pricingMethod: 'LISTED', status: 'DRAFT', totalValueFen: expect.any(Number) });

    const staff = await h.call('GET', '/deals?pageSize=100', { as: tto });
    const ids = staff.body.items.map((item: any) => item.id);
    expect(ids).toEqual(expect.arrayContaining([licence.id, transfer.id]));
    expect(ids).not.toContain(elsewhere.id);

    expect((await h.call('GET', '/deals?mode=TRANSFER&pageSize=100', { as: tto })).body.items.map((item: any) => item.id)).toEqual([transfer.id]);
    expect((await h.call('GET', `/deals?q=${encodeURIComponent('北京柔电')}`, { as: tto })).body.items.map((item: any) => item.id)).toEqual([transfer.id]);
    expect((await h.call('GET', `/deals?q=${transfer.reference}`, { as: tto })).body.items.map((item: any) => item.id)).toEqual([transfer.id]);
    expect((await h.call('GET', '/deals?status=ACTIVE', { as: tto })).body.items).toEqual([]);
    const paged = await h.call('GET', `/deals?leadResearcherId=${otherResearcher.id}&pageSize=1&page=2`, { as: tto });
    expect(paged.body.items.map((item: any) => item.id)).toEqual([licence.id]);
    expect(paged.body.meta.total).toBe(2);
    // A researcher asking for someone else's deals gets none, not their own.
    expect((await h.call('GET', `/deals?leadResearcherId=${otherResearcher.id}`, { as: h.a.people.researcher })).body.items).toEqual([]);

    const bad = await h.call('GET', '/deals?status=SIGNED&pageSize=0', { as: tto });
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual(expect.arrayContaining(['status', 'pageSize']));
  });
});

describe('PATCH /deals/{id}', () => {
  it('replaces the fields given and keeps the rest; 409 STALE_VERSION on an old version', async () => {
    const { researcher } = h.a.people;
    const created = await createDeal(h, researcher);
    const res = await h.call('PATCH', `/deals/${created.id}`, { as: researcher, json: { title: '量子传感器普通许可', expectedVersion: created.version } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.title).toBe('量子传感器普通许可');
    expect(res.body.version).toBe(created.version + 1);
    expect(res.body.assets).toHaveLength(1);
    expect(res.body.team).toHaveLength(1);
    expect(res.body.terms).toMatchObject({ title: '量子传感器普通许可', terms: { upfrontFeeFen: 300_000_000 } });
    expect(res.body.timeline.map((entry: any) => entry.action)).toContain('deal.draft_edited');

    const stale = await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${created.id}`, { as: researcher, json: { title: 'x', expectedVersion: created.version } }), 409, 'STALE_VERSION');
    expect(stale.body.error.message).toMatch(/changed since you loaded it/);
  });

  it('is the lead researcher’s or the creator’s: 403 for other staff, 404 for other researchers and institutions; caseId is fixed', async () => {
    const { researcher, tto, ttoDeputy, otherResearcher } = h.a.people;
    const created = await h.call('POST', '/deals', { as: tto, json: { ...validDealDraft(researcher), leadResearcherId: researcher.id } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await h.call('PATCH', `/deals/${id}`, { as: tto, json: { title: '由技术转移中心修改' } })).status).toBe(200);
    expect((await h.call('PATCH', `/deals/${id}`, { as: researcher, json: { title: '由研究人员修改' } })).status).toBe(200);
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${id}`, { as: ttoDeputy, json: { title: 'x' } }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${id}`, { as: otherResearcher, json: { title: 'x' } }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${id}`, { as: h.b.people.tto, json: { title: 'x' } }), 404, 'NOT_FOUND');
    const spinout = await createCase(h, researcher);
    const caseChange = await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${id}`, { as: researcher, json: { caseId: spinout.id } }), 400);
    expect(pathsOf(caseChange)).toEqual(['caseId']);
  });
});

describe('POST /deals/{id}/submit', () => {
  it('answers 400 naming assets when the allocations do not add up to 10000, and changes nothing', async () => {
    const { researcher } = h.a.people;
    const created = await createDeal(
      h,
      researcher,
      validDealDraft(researcher, {
        assets: [
          { kind: 'PATENT', title: '专利甲', allocationBp: 6_000 },
          { kind: 'SOFTWARE_COPYRIGHT', title: '软件乙', allocationBp: 3_000 },
        ],
      }),
    );
    const res = await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/submit`, { as: researcher }), 400, 'VALIDATION_FAILED');
    expect(pathsOf(res)).toEqual(['assets']);
    expect(res.body.error.message).toMatch(/allocationBp must add up to exactly 10000.*got 9000/);
  });

  it('answers 400 naming valuationReportDocumentId for 作价投资 without one; with the report uploaded and named, submits', async () => {
    const { researcher, tto } = h.a.people;
    const created = await createDeal(h, researcher, equityDraft(researcher));
    const res = await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/submit`, { as: researcher }), 400, 'VALIDATION_FAILED');
    expect(pathsOf(res)).toEqual(['valuationReportDocumentId']);

    // A document of another kind is not a valuation report.
    const attachment = await uploadDealDocument(h, created.id, researcher, 'ATTACHMENT');
    const wrongKind = await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${created.id}`, { as: researcher, json: { valuationReportDocumentId: attachment.id } }), 400);
    expect(pathsOf(wrongKind)).toEqual(['valuationReportDocumentId']);

    const report = await uploadDealDocument(h, created.id, researcher, 'VALUATION_REPORT');
    const patched = await h.call('PATCH', `/deals/${created.id}`, { as: researcher, json: { valuationReportDocumentId: report.id } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const submitted = await h.call('POST', `/deals/${created.id}/submit`, { as: researcher, json: { expectedVersion: patched.body.version } });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'IN_REVIEW', totalValueFen: 800_000_000, totalValue: '¥8,000,000.00' });
    const task = await openDealTaskOf(h, created.id, 'APPROVAL', 'tto-review');
    expect(task.candidateRole).toBe('TTO_OFFICER');

    // Submitted: no more edits or submissions (409), not by staff either (403).
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/submit`, { as: researcher }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${created.id}`, { as: researcher, json: { title: 'x' } }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/submit`, { as: tto }), 403, 'FORBIDDEN');
  });

  it('refuses someone else’s deal: 404 to a researcher who cannot see it, 403 to a researcher who can (as department head)', async () => {
    const created = await createDeal(h, h.a.people.researcher);
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/submit`, { as: h.a.people.otherResearcher }), 404, 'NOT_FOUND');
    // 王建国 is a researcher and the department's head: he sees the deal, but it is not his.
    expect(h.a.people.deptHead.roles).toContain('RESEARCHER');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/submit`, { as: h.a.people.deptHead }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/withdraw`, { as: h.a.people.deptHead, json: { reason: 'x' } }), 403, 'FORBIDDEN');
  });
});

describe('POST /deals/{id}/withdraw', () => {
  it('withdraws with a reason; afterwards every change is 409', async () => {
    const { researcher } = h.a.people;
    const created = await createDeal(h, researcher);
    const noReason = await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/withdraw`, { as: researcher, json: {} }), 400);
    expect(pathsOf(noReason)).toEqual(['reason']);
    const res = await h.call('POST', `/deals/${created.id}/withdraw`, { as: researcher, json: { reason: '企业放弃合作' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('WITHDRAWN');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/withdraw`, { as: researcher, json: { reason: 'again' } }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('PATCH', `/deals/${created.id}`, { as: researcher, json: { title: 'x' } }), 409, 'INVALID_TRANSITION');
  });
});

describe('POST /deals/{id}/documents', () => {
  it('stores a document of the deal that its viewers can read, download and list the versions of', async () => {
    const { researcher, tto, finance } = h.a.people;
    const created = await createDeal(h, researcher);
    const first = await h.call('POST', `/deals/${created.id}/documents`, {
      as: researcher,
      form: fileForm({ kind: 'CONFLICT_DISCLOSURE' }, { data: pdfBytes('disclosure v1'), name: '利益冲突声明.pdf', type: 'application/pdf' }),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ dealId: created.id, caseId: null, kind: 'CONFLICT_DISCLOSURE', fileName: '利益冲突声明.pdf', uploadedBy: { id: researcher.id } });
    const second = await h.call('POST', `/deals/${created.id}/documents`, {
      as: tto,
      form: fileForm({ kind: 'CONFLICT_DISCLOSURE', documentKey: first.body.documentKey }, { data: pdfBytes('disclosure v2'), name: 'v2.pdf', type: 'application/pdf' }),
    });
    expect(second.status).toBe(201);
    const versions = await h.call('GET', `/documents/${first.body.id}/versions`, { as: finance });
    expect(versions.body.items.map((item: any) => item.id)).toEqual([second.body.id, first.body.id]);
    const link = await h.call('GET', `/documents/${second.body.id}/download?format=json`, { as: researcher });
    expect(link.status).toBe(200);
    expect(await (await fetch(link.body.url)).text()).toContain('disclosure v2');
    const detail = await h.call('GET', `/deals/${created.id}`, { as: researcher });
    expect(detail.body.documents.map((document: any) => document.id)).toEqual([first.body.id, second.body.id]);
    for (const person of [h.a.people.otherResearcher, h.b.people.tto]) {
      expect((await h.call('GET', `/documents/${first.body.id}`, { as: person })).status).toBe(404);
    }
  });

  it('takes each kind only from its uploaders, a signed contract only while one is awaited, and nothing unreadable', async () => {
    const { researcher, finance, hr } = h.a.people;
    const created = await createDeal(h, researcher);
    const form = (kind: string, extra: Record<string, string> = {}) => fileForm({ kind, ...extra }, { data: pdfBytes(kind), name: 'x.pdf', type: 'application/pdf' });
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/documents`, { as: researcher, form: form('PAYMENT_EVIDENCE') }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/documents`, { as: finance, form: form('VALUATION_REPORT') }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/documents`, { as: hr, form: form('ATTACHMENT') }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/documents`, { as: h.a.people.tto, form: form('SIGNED_CONTRACT') }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/documents`, { as: h.a.people.otherResearcher, form: form('ATTACHMENT') }), 404, 'NOT_FOUND');
    const badKind = await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/documents`, { as: researcher, form: form('CONTRACT_DRAFT') }), 400);
    expect(pathsOf(badKind)).toEqual(['kind']);
    const badKey = await expectRefusedUnchanged(h, () => h.call('POST', `/deals/${created.id}/documents`, { as: researcher, form: form('ATTACHMENT', { documentKey: 'nope' }) }), 400);
    expect(pathsOf(badKey)).toEqual(['documentKey']);
    const notPdf = await expectRefusedUnchanged(
      h,
      () => h.call('POST', `/deals/${created.id}/documents`, { as: researcher, form: fileForm({ kind: 'ATTACHMENT' }, { data: Buffer.from('plain text'), name: 'x.pdf', type: 'application/pdf' }) }),
      400,
    );
    expect(pathsOf(notPdf)).toEqual(['file']);
  });
});

describe('OpenAPI', () => {
  it('documents every deal endpoint under the deals tag, behind bearer auth, with its error answers', async () => {
    const res = await h.call('GET', '/openapi.json');
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const doc = res.body;
    expect(doc.tags.map((tag: any) => tag.name)).toContain('deals');
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>)
      .filter(([path]) => path.startsWith('/deals'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));
    expect(operations.map((entry) => entry.route)).toEqual(
      expect.arrayContaining([
        'POST /deals',
        'GET /deals',
        'GET /deals/{id}',
        'PATCH /deals/{id}',
        'POST /deals/{id}/submit',
        'POST /deals/{id}/withdraw',
        'POST /deals/{id}/documents',
        'POST /deals/{id}/exchange-result',
        'POST /deals/{id}/signed-contract',
        'POST /deals/{id}/tech-contract-registration',
        'POST /deals/{id}/obligations/{key}/event',
        'POST /deals/{id}/payments',
        'POST /deals/{id}/royalty-reports',
        'POST /deals/{id}/amendments',
        'POST /deals/{id}/terminate',
        'GET /deals/{id}/contract',
      ]),
    );
    for (const { route, operation } of operations) {
      expect(operation.tags, route).toContain('deals');
      expect(operation.security, route).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses), route).toEqual(expect.arrayContaining(['400', '401']));
      if (route.startsWith('POST /deals/') || route.startsWith('PATCH')) expect(Object.keys(operation.responses), route).toEqual(expect.arrayContaining(['403', '404', '409']));
    }
    const amount = doc.components.schemas.Payment.properties.amountFen;
    expect(amount).toMatchObject({ type: 'integer', minimum: 1 });
    expect(amount.description).toMatch(/integer fen/);
    expect(doc.components.schemas.CreateDeal.properties.counterparty).toBeDefined();
    // DealDetail extends DealSummary, which the generator writes as allOf [DealSummary, own fields].
    const detail = doc.components.schemas.DealDetail;
    const detailProperties = detail.properties ?? Object.assign({}, ...(detail.allOf ?? []).map((part: any) => part.properties ?? {}));
    expect(detailProperties.incomeEvents).toBeDefined();
  });
});
