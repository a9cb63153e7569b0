// The process after approval over HTTP, on the dev server with no waiting: a licence listed on
// an exchange (挂牌交易, no publicity) is approved, its exchange result recorded, the contract
// drafted, the signed copy uploaded and recorded — ACTIVE — and then registered, its milestone
// reached, payments booked as income events (once per key), a royalty period reported and paid,
// an amendment approved, and the deal terminated — the report of the period running on that day
// still expected, until the deal is closed. A transfer signed weeks ago has an obligation waived,
// is terminated with its fees overdue (kept owed; the milestones without an event cancelled),
// and those fees are then paid or waived: its process ends. Each step's refusals answer with
// their status and change nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCalendarDays, addMonthsClamped, shanghaiDateOf } from '../../domain/calendar';
import {
  activeListedDeal,
  dealInStatus,
  expectRefusedUnchanged,
  listedTransferDraft,
  openDealTaskOf,
  startApiHarness,
  submittedDeal,
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

const today = () => shanghaiDateOf(Date.now());
const pathsOf = (res: { body: any }) => res.body.error.details.issues.map((issue: { path: string }) => issue.path);
const obligationOf = (res: { body: any }, key: string) => res.body.obligations.find((item: any) => item.key === key);

/** Waits until the deal's workflow has completed: it takes no more updates. */
async function processFinished(dealId: string) {
  const { workflowId } = await h.db.ipDeal.findUniqueOrThrow({ where: { id: dealId }, select: { workflowId: true } });
  await vi.waitFor(
    async () => {
      const { status } = await h.temporal.workflow.getHandle(workflowId).describe();
      if (status.name !== 'COMPLETED') throw new Error(`the process of deal ${dealId} is ${status.name}`);
    },
    { timeout: 15_000, interval: 100 },
  );
}

/** An obligation of the first deal, for asking another deal about it (set once that deal is active). */
let obligationOfAnotherDeal: string | undefined;

describe('a listed licence from approval to termination', () => {
  it('is driven through exchange, contract, ACTIVE, payments, royalties, an amendment and termination', async () => {
    const { researcher, tto, finance, otherResearcher } = h.a.people;
    // In force since just over a quarter ago, so its first royalty period has ended (and its
    // report is not yet due): the TTO can enter the licensee's report today.
    const effectiveOn = addCalendarDays({ date: addMonthsClamped(today(), -3), days: -5 });
    const draft = validDealDraft(researcher, {
      title: '量子传感器挂牌许可',
      pricingMethod: 'LISTED',
      terms: {
        exclusivity: 'NON_EXCLUSIVE',
        fieldOfUse: '工业无损检测',
        territory: '中华人民共和国',
        termMonths: 36,
        effectiveOn,
        upfrontFeeFen: 100_000_000,
        upfrontDueDays: 30,
        milestones: [{ event: '产品取得医疗器械注册证', amountFen: 50_000_000, dueDaysAfterEvent: 30 }],
        royalty: { rateBp: 350, reportingPeriod: 'QUARTERLY', reportDueDays: 30 },
        sublicensing: 'NONE',
        patentCostReimbursementFen: 0,
      },
    });
    const deal = await submittedDeal(h, researcher, draft);
    const path = `/deals/${deal.id}`;

    // ¥1,500,000: within the TTO's own tier, so its review is the only step.
    const approved = await h.call('POST', `/tasks/${deal.task.id}/decide`, { as: tto, json: { decision: 'APPROVE' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await dealInStatus(h, deal.id, 'EXCHANGE');
    expect((await h.call('GET', '/public/notices')).body.items.map((notice: any) => notice.dealReference)).not.toContain(deal.reference);

    // ─── the exchange's result ───
    const exchangeTask = await openDealTaskOf(h, deal.id, 'EXCHANGE_RESULT');
    const elsewhere = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${exchangeTask.id}/decide`, { as: tto, json: { decision: 'APPROVE' } }), 409, 'WRONG_STEP');
    expect(elsewhere.body.error.message).toContain(`${path}/exchange-result`);
    const result = {
      venue: '浙江知识产权交易中心',
      listingReference: 'ZJIPX-2026-0042',
      concludedOn: today(),
      // The exchange's price becomes the upfront fee (the milestone stays as listed).
      finalPriceFen: 100_000_000,
      winningParty: '杭州量感科技有限公司',
    };
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/exchange-result`, { as: researcher, json: result }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/exchange-result`, { as: otherResearcher, json: result }), 404, 'NOT_FOUND');
    const future = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/exchange-result`, { as: tto, json: { ...result, concludedOn: addCalendarDays({ date: today(), days: 2 }) } }), 400);
    expect(pathsOf(future)).toEqual(['concludedOn']);
    const decimals = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/exchange-result`, { as: tto, json: { ...result, finalPriceFen: 1500000.5 } }), 400);
    expect(pathsOf(decimals)).toEqual(['finalPriceFen']);
    const attachment = await uploadDealDocument(h, deal.id, tto, 'ATTACHMENT');
    const wrongDocument = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/exchange-result`, { as: tto, json: { ...result, documentId: attachment.id } }), 400);
    expect(pathsOf(wrongDocument)).toEqual(['documentId']);
    const stranger = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/exchange-result`, { as: tto, json: { ...result, winningParty: '上海某某科技有限公司' } }), 400);
    expect(pathsOf(stranger)).toEqual(['winningParty']);

    const record = await uploadDealDocument(h, deal.id, tto, 'EXCHANGE_RECORD');
    const exchanged = await h.call('POST', `${path}/exchange-result`, { as: tto, json: { ...result, documentId: record.id } });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    expect(exchanged.body).toMatchObject({ status: 'CONTRACT', exchangeResult: { venue: result.venue, finalPriceFen: 100_000_000, documentId: record.id }, totalValueFen: 150_000_000 });
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/exchange-result`, { as: tto, json: result }), 409, 'INVALID_TRANSITION');

    // ─── the contract ───
    const draftLink = await h.call('GET', `${path}/contract?format=json`, { as: researcher });
    expect(draftLink.status, JSON.stringify(draftLink.body)).toBe(200);
    expect(draftLink.body.document).toMatchObject({ kind: 'CONTRACT_DRAFT', dealId: deal.id });
    expect((await (await fetch(draftLink.body.url)).text()).startsWith('%PDF')).toBe(true);
    const redirect = await h.call('GET', `${path}/contract`, { as: tto });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/^http/);

    const signTask = await openDealTaskOf(h, deal.id, 'SIGN_CONTRACT');
    const signElsewhere = await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${signTask.id}/decide`, { as: tto, json: { decision: 'APPROVE' } }), 409, 'WRONG_STEP');
    expect(signElsewhere.body.error.message).toContain(`${path}/signed-contract`);
    const early = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: finance, json: { paymentKey: 'early', amountFen: 100, receivedOn: today() } }), 409);
    expect(early.body.error.code).toBe('INVALID_TRANSITION');
    const signed = await uploadDealDocument(h, deal.id, tto, 'SIGNED_CONTRACT', 'signed contract');
    const signedOn = today();
    const futureSigning = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/signed-contract`, { as: tto, json: { documentId: signed.id, signedOn: addCalendarDays({ date: today(), days: 1 }) } }), 400);
    expect(pathsOf(futureSigning)).toEqual(['signedOn']);
    const notSigned = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/signed-contract`, { as: tto, json: { documentId: attachment.id, signedOn } }), 400);
    expect(pathsOf(notSigned)).toEqual(['documentId']);
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/signed-contract`, { as: researcher, json: { documentId: signed.id, signedOn } }), 403, 'FORBIDDEN');

    const active = await h.call('POST', `${path}/signed-contract`, { as: tto, json: { documentId: signed.id, signedOn } });
    expect(active.status, JSON.stringify(active.body)).toBe(200);
    expect(active.body).toMatchObject({ status: 'ACTIVE', signedOn, effectiveOn, expiresOn: addCalendarDays({ date: addMonthsClamped(effectiveOn, 36), days: -1 }) });
    expect((await h.db.document.findUniqueOrThrow({ where: { id: signed.id } })).retainUntil).not.toBeNull();
    const signedLink = await h.call('GET', `${path}/contract?format=json`, { as: finance });
    expect(signedLink.body.document).toMatchObject({ id: signed.id, kind: 'SIGNED_CONTRACT' });

    const upfront = active.body.obligations.find((item: any) => item.kind === 'UPFRONT');
    const milestone = active.body.obligations.find((item: any) => item.kind === 'MILESTONE');
    expect(upfront).toMatchObject({ amountFen: 100_000_000, status: 'PENDING', dueOn: addCalendarDays({ date: signedOn, days: 30 }) });
    expect(milestone).toMatchObject({ amountFen: 50_000_000, status: 'PENDING', dueOn: null, label: expect.stringContaining('医疗器械注册证') });
    const [period] = active.body.royaltyPeriods;
    expect(period).toMatchObject({ periodStart: effectiveOn, status: 'DUE' });
    obligationOfAnotherDeal = upfront.key;

    // ─── 技术合同认定登记 ───
    const badNumber = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/tech-contract-registration`, { as: tto, json: { number: '登记号', registeredOn: today() } }), 400);
    expect(pathsOf(badNumber)).toEqual(['number']);
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/tech-contract-registration`, { as: finance, json: { number: '2026330106000123', registeredOn: today() } }), 403, 'FORBIDDEN');
    const registered = await h.call('POST', `${path}/tech-contract-registration`, { as: tto, json: { number: '2026330106000123', registeredOn: today() } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body.techContractRegNo).toBe('2026330106000123');

    // ─── the milestone ───
    const milestonePath = `${path}/obligations/${encodeURIComponent(milestone.key)}/event`;
    await expectRefusedUnchanged(h, () => h.call('POST', milestonePath, { as: finance, json: { eventOn: today() } }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/obligations/no-such-key/event`, { as: tto, json: { eventOn: today() } }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/obligations/${encodeURIComponent(upfront.key)}/event`, { as: tto, json: { eventOn: today() } }), 409, 'WRONG_STEP');
    const reached = await h.call('POST', milestonePath, { as: tto, json: { eventOn: today() } });
    expect(reached.status, JSON.stringify(reached.body)).toBe(200);
    expect(reached.body.obligations.find((item: any) => item.key === milestone.key)).toMatchObject({ eventOn: today(), dueOn: addCalendarDays({ date: today(), days: 30 }) });
    await expectRefusedUnchanged(h, () => h.call('POST', milestonePath, { as: tto, json: { eventOn: today() } }), 409, 'ALREADY_DECIDED');

    // ─── payments: each an income event, booked once per key ───
    const evidence = await uploadDealDocument(h, deal.id, finance, 'PAYMENT_EVIDENCE', 'bank receipt');
    const payment = { paymentKey: 'BOC-20261127-0001', obligationKey: upfront.key, amountFen: 100_000_000, receivedOn: today(), evidenceDocumentId: evidence.id };
    for (const [body, field] of [
      [{ ...payment, amountFen: 1000000.5 }, 'amountFen'],
      [{ ...payment, amountFen: '¥1,000,000.00' }, 'amountFen'],
      [{ ...payment, amountFen: 0 }, 'amountFen'],
      [{ ...payment, paymentKey: 'has spaces' }, 'paymentKey'],
      [{ ...payment, obligationKey: 'no-such-obligation' }, 'obligationKey'],
      [{ ...payment, evidenceDocumentId: attachment.id }, 'evidenceDocumentId'],
      [{ ...payment, receivedOn: addCalendarDays({ date: today(), days: 1 }) }, 'receivedOn'],
    ] as const) {
      const refused = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: finance, json: body }), 400);
      expect(pathsOf(refused), JSON.stringify(body)).toEqual([field]);
    }
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: researcher, json: payment }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: h.a.people.hr, json: payment }), 403, 'FORBIDDEN');
    const overpaid = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: finance, json: { ...payment, paymentKey: 'over', obligationKey: milestone.key, amountFen: 60_000_000 } }), 400);
    expect(pathsOf(overpaid)).toEqual(['amountFen']);

    const paid = await h.call('POST', `${path}/payments`, { as: finance, json: payment });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.incomeEvents).toEqual([
      expect.objectContaining({ kind: 'UPFRONT', amountFen: 100_000_000, receivedOn: today(), obligationKey: upfront.key, evidenceDocumentId: evidence.id, recordedById: finance.id, settled: false }),
    ]);
    expect(paid.body.obligations.find((item: any) => item.key === upfront.key)).toMatchObject({ status: 'PAID', paidFen: 100_000_000 });
    const repeated = await h.call('POST', `${path}/payments`, { as: finance, json: payment });
    expect(repeated.status, JSON.stringify(repeated.body)).toBe(200);
    expect(repeated.body.incomeEvents).toHaveLength(1);
    expect(await h.db.incomeEvent.count({ where: { dealId: deal.id } })).toBe(1);

    // ─── the royalty report of the first period, and its royalty paid ───
    const report = { periodKey: period.key, netSalesFen: 100_000_000, documentId: '' };
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: finance, json: { paymentKey: 'royalty-early', royaltyPeriodKey: period.key, amountFen: 100, receivedOn: today() } }), 409, 'INVALID_TRANSITION');
    const noDocument = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/royalty-reports`, { as: tto, json: { periodKey: period.key, netSalesFen: 100_000_000 } }), 400);
    expect(pathsOf(noDocument)).toEqual(['documentId']);
    const licenseeReport = await uploadDealDocument(h, deal.id, tto, 'ROYALTY_REPORT', 'Q1 net sales');
    report.documentId = licenseeReport.id;
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/royalty-reports`, { as: finance, json: report }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/royalty-reports`, { as: researcher, json: report }), 403, 'FORBIDDEN');
    const unknownPeriod = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/royalty-reports`, { as: tto, json: { ...report, periodKey: 'no-such-period' } }), 400);
    expect(pathsOf(unknownPeriod)).toEqual(['periodKey']);
    const reported = await h.call('POST', `${path}/royalty-reports`, { as: tto, json: report });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    // 3.5% of ¥1,000,000.00 net sales: ¥35,000.00.
    expect(reported.body.royaltyPeriods.find((row: any) => row.key === period.key)).toMatchObject({
      status: 'REPORTED',
      netSalesFen: 100_000_000,
      royaltyFen: 3_500_000,
      reportDocumentId: licenseeReport.id,
    });
    expect(reported.body.royaltyPeriods.find((row: any) => row.key !== period.key)).toMatchObject({ status: 'DUE' });
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/royalty-reports`, { as: tto, json: report }), 409, 'ALREADY_DECIDED');
    const royaltyPaid = await h.call('POST', `${path}/payments`, { as: tto, json: { paymentKey: 'BOC-20261127-0002', royaltyPeriodKey: period.key, amountFen: 3_500_000, receivedOn: today() } });
    expect(royaltyPaid.status, JSON.stringify(royaltyPaid.body)).toBe(200);
    expect(royaltyPaid.body.incomeEvents.map((event: any) => [event.kind, event.amountFen])).toEqual([
      ['UPFRONT', 100_000_000],
      ['ROYALTY', 3_500_000],
    ]);

    // ─── an amendment, through approval ───
    const amendment = { reason: '被许可方请求提高使用费率以换取独占地位', terms: { ...draft.terms, royalty: { rateBp: 400, reportingPeriod: 'QUARTERLY', reportDueDays: 30 } } };
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/amendments`, { as: researcher, json: amendment }), 403, 'FORBIDDEN');
    const invalid = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/amendments`, { as: tto, json: { ...amendment, terms: { ...amendment.terms, territory: undefined } } }), 400);
    expect(pathsOf(invalid)).toEqual(['terms.territory']);
    const proposed = await h.call('POST', `${path}/amendments`, { as: tto, json: amendment });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    expect(proposed.body.amendments).toEqual([expect.objectContaining({ status: 'PENDING', reason: amendment.reason, totalValueFen: 150_000_000, requestedBy: { id: tto.id, name: tto.name } })]);
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/amendments`, { as: tto, json: amendment }), 409, 'CONFLICT');
    const amendmentTask = await openDealTaskOf(h, deal.id, 'APPROVAL', 'amendment:tto-review');
    await expectRefusedUnchanged(h, () => h.call('POST', `/tasks/${amendmentTask.id}/decide`, { as: researcher, json: { decision: 'APPROVE' } }), 403, 'CONFLICT_OF_INTEREST');
    const amendmentApproved = await h.call('POST', `/tasks/${amendmentTask.id}/decide`, { as: h.a.people.ttoDeputy, json: { decision: 'APPROVE' } });
    expect(amendmentApproved.status, JSON.stringify(amendmentApproved.body)).toBe(200);
    const amended = await h.call('GET', path, { as: tto });
    expect(amended.body.amendments[0]).toMatchObject({ status: 'APPROVED', decidedById: h.a.people.ttoDeputy.id });
    expect(amended.body.terms).toMatchObject({ terms: { royalty: { rateBp: 400 } } });

    // ─── termination ───
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/terminate`, { as: researcher, json: { reason: 'x', effectiveOn: today() } }), 403, 'FORBIDDEN');
    const noReason = await expectRefusedUnchanged(h, () => h.call('POST', `${path}/terminate`, { as: tto, json: { effectiveOn: today() } }), 400);
    expect(pathsOf(noReason)).toEqual(['reason']);
    const terminated = await h.call('POST', `${path}/terminate`, { as: tto, json: { reason: '被许可方停止生产', effectiveOn: today() } });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    expect(terminated.body.status).toBe('TERMINATED');
    // The milestone was reached by the effective date: its payment stays owed, though due later.
    // The upfront fee was paid.
    expect(obligationOf(terminated, milestone.key)).toMatchObject({ status: 'PENDING', dueOn: addCalendarDays({ date: today(), days: 30 }) });
    expect(obligationOf(terminated, upfront.key)).toMatchObject({ status: 'PAID', paidFen: 100_000_000 });
    expect(terminated.body.openTasks).toEqual([]);
    const actions = terminated.body.timeline.map((entry: any) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['deal.exchange_result_recorded', 'deal.signed', 'deal.tech_contract_registered', 'deal.milestone_reached', 'deal.royalty_reported', 'deal.amended', 'deal.terminated']));
    // The milestone's payment and the report of the period running on the effective date are still
    // expected, so the process goes on: a payment of what is settled is refused as such, not as a closed deal.
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: finance, json: { ...payment, paymentKey: 'late' } }), 409, 'ALREADY_DECIDED');

    // Terminating it again closes it: what is still expected is cancelled and the process ends.
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/terminate`, { as: finance, json: { reason: '结案', effectiveOn: today() } }), 403, 'FORBIDDEN');
    const closed = await h.call('POST', `${path}/terminate`, { as: tto, json: { reason: '被许可方不再提交报告，结案', effectiveOn: today() } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('TERMINATED');
    expect(obligationOf(closed, milestone.key).status).toBe('CANCELLED');
    expect(closed.body.openTasks).toEqual([]);
    await processFinished(deal.id);
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: finance, json: { paymentKey: 'after-closing', amountFen: 100, receivedOn: today() } }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/terminate`, { as: tto, json: { reason: 'again', effectiveOn: today() } }), 409, 'INVALID_TRANSITION');
  });
});

describe('a transfer terminated with its fees overdue', () => {
  it('has an obligation waived, keeps what had fallen due through termination, and ends once that is paid or waived', async () => {
    const { researcher, tto, finance } = h.a.people;
    const signedOn = addCalendarDays({ date: today(), days: -40 });
    const draft = listedTransferDraft(researcher, { title: '量子传感器专利转让', milestoneEvents: ['受让方完成中试', '受让方产品上市'], patentCostReimbursementFen: 3_000_000 });
    const deal = await activeListedDeal(h, draft, { concludedOn: addCalendarDays({ date: today(), days: -45 }), signedOn });
    const path = `/deals/${deal.id}`;
    const ofKind = (kind: string) => deal.obligations.filter((item: any) => item.kind === kind);
    const [upfront] = ofKind('UPFRONT');
    const [patentCost] = ofKind('PATENT_COST');
    const [trial, launch] = ofKind('MILESTONE');
    // Both fees fell due ten days ago: the process finds them overdue and opens a follow-up for
    // each (waited for, so that the refusals below compare a quiet database). The milestones wait
    // for their events.
    const fellDueOn = addCalendarDays({ date: signedOn, days: 30 });
    expect(upfront).toMatchObject({ amountFen: 80_000_000, dueOn: fellDueOn });
    expect(patentCost).toMatchObject({ amountFen: 3_000_000, dueOn: fellDueOn });
    await openDealTaskOf(h, deal.id, 'PAYMENT_FOLLOW_UP', upfront.key);
    await openDealTaskOf(h, deal.id, 'PAYMENT_FOLLOW_UP', patentCost.key);
    const overdue = await h.call('GET', path, { as: tto });
    expect(obligationOf(overdue, upfront.key).status).toBe('OVERDUE');
    expect(obligationOf(overdue, patentCost.key).status).toBe('OVERDUE');
    expect(trial).toMatchObject({ amountFen: 20_000_000, dueOn: null, status: 'PENDING' });
    expect(launch).toMatchObject({ amountFen: 10_000_000, dueOn: null, status: 'PENDING' });
    const OUTSTANDING = ['PENDING', 'INVOICED', 'OVERDUE'];

    // ─── a waiver: TTO only, with a reason, once ───
    const waivePath = (key: string) => `${path}/obligations/${encodeURIComponent(key)}/waive`;
    const waiver = { reason: '受让方调整产品路线，经中心研究同意不再收取该笔里程碑款' };
    await expectRefusedUnchanged(h, () => h.call('POST', waivePath(launch.key), { as: researcher, json: waiver }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(h, () => h.call('POST', waivePath(launch.key), { as: finance, json: waiver }), 403, 'FORBIDDEN');
    for (const body of [{}, { reason: '   ' }, { reason: '理'.repeat(2001) }]) {
      const refused = await expectRefusedUnchanged(h, () => h.call('POST', waivePath(launch.key), { as: tto, json: body }), 400, 'VALIDATION_FAILED');
      expect(pathsOf(refused), JSON.stringify(body)).toEqual(['reason']);
    }
    await expectRefusedUnchanged(h, () => h.call('POST', waivePath('no-such-obligation'), { as: tto, json: waiver }), 404, 'NOT_FOUND');
    expect(obligationOfAnotherDeal, 'an obligation of the first test’s deal').toBeDefined();
    await expectRefusedUnchanged(h, () => h.call('POST', waivePath(obligationOfAnotherDeal!), { as: tto, json: waiver }), 404, 'NOT_FOUND');

    const waived = await h.call('POST', waivePath(launch.key), { as: tto, json: waiver });
    expect(waived.status, JSON.stringify(waived.body)).toBe(200);
    expect(waived.body.status).toBe('ACTIVE');
    expect(obligationOf(waived, launch.key)).toMatchObject({ status: 'WAIVED', amountFen: 10_000_000, waiver: { waivedFen: 10_000_000, reason: waiver.reason, waivedById: tto.id, waivedOn: today() } });
    expect(obligationOf(waived, upfront.key).waiver).toBeNull();
    expect(OUTSTANDING).toContain(obligationOf(waived, upfront.key).status);
    const fresh = await h.call('GET', path, { as: researcher });
    expect(obligationOf(fresh, launch.key).status).toBe('WAIVED');
    expect(fresh.body.timeline.map((entry: any) => entry.action)).toContain('deal.obligation_waived');
    await expectRefusedUnchanged(h, () => h.call('POST', waivePath(launch.key), { as: tto, json: waiver }), 409, 'ALREADY_DECIDED');

    // ─── termination: what had fallen due by the effective date stays owed ───
    const terminated = await h.call('POST', `${path}/terminate`, { as: tto, json: { reason: '受让方主体变更，双方协商解除', effectiveOn: today() } });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    expect(terminated.body.status).toBe('TERMINATED');
    expect(obligationOf(terminated, upfront.key).status).toBe('OVERDUE');
    expect(obligationOf(terminated, patentCost.key).status).toBe('OVERDUE');
    // Their follow-ups stay open.
    expect(terminated.body.openTasks.map((task: any) => [task.kind, task.stepKey]).sort()).toEqual([
      ['PAYMENT_FOLLOW_UP', patentCost.key],
      ['PAYMENT_FOLLOW_UP', upfront.key],
    ].sort());
    // A milestone whose event was never recorded is cancelled (nothing is left to waive on it); a waived one stays waived.
    expect(obligationOf(terminated, trial.key).status).toBe('CANCELLED');
    expect(obligationOf(terminated, launch.key).status).toBe('WAIVED');
    await expectRefusedUnchanged(h, () => h.call('POST', waivePath(trial.key), { as: tto, json: waiver }), 409, 'ALREADY_DECIDED');

    // ─── after termination, a kept obligation is paid, another partly paid and the rest waived ───
    const patentPaid = await h.call('POST', `${path}/payments`, { as: finance, json: { paymentKey: 'BOC-TRANSFER-PATENT', obligationKey: patentCost.key, amountFen: 3_000_000, receivedOn: today() } });
    expect(patentPaid.status, JSON.stringify(patentPaid.body)).toBe(200);
    expect(patentPaid.body.status).toBe('TERMINATED');
    expect(obligationOf(patentPaid, patentCost.key)).toMatchObject({ status: 'PAID', paidFen: 3_000_000 });
    const partPaid = await h.call('POST', `${path}/payments`, { as: finance, json: { paymentKey: 'BOC-TRANSFER-UPFRONT-1', obligationKey: upfront.key, amountFen: 30_000_000, receivedOn: today() } });
    expect(partPaid.status, JSON.stringify(partPaid.body)).toBe(200);
    expect(obligationOf(partPaid, upfront.key).paidFen).toBe(30_000_000);
    expect(OUTSTANDING).toContain(obligationOf(partPaid, upfront.key).status);
    const restWaived = await h.call('POST', waivePath(upfront.key), { as: tto, json: { reason: '受让方已注销，余款无法收回' } });
    expect(restWaived.status, JSON.stringify(restWaived.body)).toBe(200);
    // What was paid stays paid.
    expect(obligationOf(restWaived, upfront.key)).toMatchObject({ status: 'WAIVED', paidFen: 30_000_000, waiver: { waivedFen: 50_000_000, reason: '受让方已注销，余款无法收回' } });

    // Nothing is outstanding; the process waits only for the 技术合同认定登记 number (the rewards'
    // tax treatment needs it), then ends: the deal stays TERMINATED and takes nothing more.
    const { workflowId } = await h.db.ipDeal.findUniqueOrThrow({ where: { id: deal.id }, select: { workflowId: true } });
    expect((await h.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    const registered = await h.call('POST', `${path}/tech-contract-registration`, { as: tto, json: { number: '2026330106000456', registeredOn: today() } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body).toMatchObject({ status: 'TERMINATED', techContractRegNo: '2026330106000456' });
    await processFinished(deal.id);
    const final = await h.call('GET', path, { as: tto });
    expect(final.body.status).toBe('TERMINATED');
    expect(final.body.openTasks).toEqual([]);
    expect(final.body.obligations.map((item: any) => [item.key, item.status])).toEqual(
      expect.arrayContaining([
        [upfront.key, 'WAIVED'],
        [patentCost.key, 'PAID'],
        [trial.key, 'CANCELLED'],
        [launch.key, 'WAIVED'],
      ]),
    );
    expect(final.body.incomeEvents.map((event: any) => event.amountFen).sort((a: number, b: number) => a - b)).toEqual([3_000_000, 30_000_000]);
    expect(final.body.timeline.filter((entry: any) => entry.action === 'deal.obligation_waived')).toHaveLength(2);
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/payments`, { as: finance, json: { paymentKey: 'BOC-TRANSFER-LATE', amountFen: 100, receivedOn: today() } }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('POST', `${path}/terminate`, { as: tto, json: { reason: '再次结案', effectiveOn: today() } }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged(h, () => h.call('POST', waivePath(upfront.key), { as: tto, json: waiver }), 409, 'ALREADY_DECIDED');
  });
});
