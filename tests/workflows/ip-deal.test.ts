// The IP deal workflow under the time-skipping test server: each mode (transfer, licence,
// 作价投资) and each pricing method (协议定价 with publicity, 挂牌交易, 拍卖) from draft to ACTIVE,
// the approval chain of each amount tier, return and resubmission into another tier, rejection,
// withdrawal, and the submission's validation naming the fields.
// Refusals, conflicts of interest and objections: ip-deal-refusals.test.ts; the active years
// (payments, royalties, amendments, termination, a ten-year licence): ip-deal-active.test.ts.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCalendarDays, chinaPublicHolidayCalendar, dueDate, shanghaiDateOf, shanghaiEndOfDay } from '../../domain/calendar';
import { licenceEndDate } from '../../domain/licensing';
import {
  editDealDraftUpdate,
  ipDealWorkflowId,
  recordExchangeResultUpdate,
  recordPaymentUpdate,
  recordTechContractRegistrationUpdate,
  terminateDealUpdate,
  withdrawDealUpdate,
  type Actor,
} from '../../workflows/contracts/ip-deal';
import {
  actors,
  advanceTo,
  approveAll,
  COUNTERPARTY_NAME,
  createTimeSkippingEnv,
  decide,
  eventually,
  expectDealKeysUnique,
  expectRefused,
  expectRefusedWithoutEffect,
  equityDraft,
  INSTITUTION_ID,
  licenceDraft,
  openTaskOf,
  signContract,
  startDeal,
  startDealWorker,
  stateOf,
  submitDeal,
  toContract,
  transferDraft,
  untilIdle,
  WAN,
  type DealHandle,
  type DealWorker,
} from './ip-deal-support';

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await createTimeSkippingEnv(); });
afterAll(async () => { await env?.teardown(); });

let worker: DealWorker;
beforeEach(async () => { worker = await startDealWorker(env); });
afterEach(async () => { await worker?.stop(); });

const calendar = chinaPublicHolidayCalendar;
const todayOf = async () => shanghaiDateOf(await env.currentTimeMs());

async function exchangeResult(handle: DealHandle, finalPriceFen: number) {
  return handle.executeUpdate(recordExchangeResultUpdate, {
    args: [{ actor: actors.tto, result: { venue: '浙江知识产权交易中心', listingReference: 'ZJIPX-2026-0042', concludedOn: await todayOf(), finalPriceFen, winningParty: ` ${COUNTERPARTY_NAME} `, documentId: null } }],
  });
}

describe('each mode and pricing method, end to end', () => {
  it('licence, 协议定价 (≤ ¥2M): one TTO step → publicity of name and price → contract → signed → ACTIVE', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: licenceDraft() });
    const { dealId } = input;
    expect(recorder.calls.createDeal).toEqual([expect.objectContaining({ ...input, workflowId: ipDealWorkflowId(dealId) })]);
    expect(await stateOf(handle)).toMatchObject({ status: 'DRAFT', version: 1, openTasks: [], steps: [] });

    // ¥1M upfront: the TTO tier, where the review is the decision.
    const submitted = await submitDeal(handle);
    expect(submitted).toMatchObject({ status: 'IN_REVIEW', totalValueFen: 100 * WAN, round: 1, stepIndex: 0, currentStepKey: 'tto-review' });
    expect(submitted.steps.map((step) => [step.key, step.role])).toEqual([['tto-review', 'TTO_OFFICER']]);
    expect(submitted.barred).toEqual([
      { personId: actors.researcher.personId, reason: 'LEAD_RESEARCHER' },
      { personId: actors.teamMember.personId, reason: 'TEAM_MEMBER' },
    ]);
    const task = openTaskOf(submitted);
    const due = dueDate({ start: shanghaiDateOf(task.openedAt), days: 10, dayKind: 'WORKING', calendar });
    expect(task).toMatchObject({ key: `${dealId}:r1:tto-review`, candidateRole: 'TTO_OFFICER', escalationRole: 'LEADERSHIP', dueAt: shanghaiEndOfDay(due) });
    expect(recorder.calls.openDealTask.at(-1)).toMatchObject({ institutionId: INSTITUTION_ID, dealId, task });
    expect(recorder.calls.recordDealState.at(-1)).toMatchObject({ status: 'IN_REVIEW', totalValueFen: 100 * WAN, approvalTier: { approverRole: 'TTO_OFFICER' }, event: { action: 'deal.submitted' } });

    // The approval is answered once publicity has started.
    const approved = await decide(handle, actors.tto, task.key, 'APPROVE');
    expect(approved.status).toBe('PUBLICITY');
    const publicity = approved.publicity!;
    const endsOn = dueDate({ start: publicity.startsOn, days: 15, dayKind: 'CALENDAR', calendar });
    expect(publicity).toEqual({ noticeKey: `${dealId}:r1:notice`, startsOn: await todayOf(), endsOn, endsAt: shanghaiEndOfDay(endsOn), pausedRemainingMs: null, objectionId: null });
    expect(recorder.calls.publishDealNotice).toEqual([expect.objectContaining({ key: publicity.noticeKey, institutionId: INSTITUTION_ID, dealId, startsOn: publicity.startsOn, endsOn })]);

    // Nothing moves before the end of the period; then the contract draft is generated.
    await advanceTo(env, publicity.endsAt - 60_000);
    expect((await stateOf(handle)).status).toBe('PUBLICITY');
    await advanceTo(env, publicity.endsAt + 5_000);
    const contract = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.status).toBe('CONTRACT');
      return state;
    });
    expect(recorder.calls.updateDealNotice).toEqual([expect.objectContaining({ key: publicity.noticeKey, status: 'CLOSED' })]);
    expect(recorder.calls.generateContract).toEqual([expect.objectContaining({ dealId, key: `${dealId}:r1:contract` })]);
    expect(contract.contractDocumentId).toBe(`contract-of-${dealId}`);
    const sign = openTaskOf(contract, 'SIGN_CONTRACT');
    expect(sign).toMatchObject({ candidateRole: 'TTO_OFFICER', dueAt: null });

    const signedOn = await todayOf();
    const active = await signContract(handle, signedOn);
    expect(active).toMatchObject({ status: 'ACTIVE', effectiveOn: signedOn, expiresOn: licenceEndDate({ effectiveOn: signedOn, termMonths: 60 }), openTasks: [] });
    expect(active.signedContract).toEqual({ documentId: 'signed-contract-1', signedOn, uploadedBy: actors.tto.personId });
    expect(recorder.calls.lockDealDocuments).toEqual([expect.objectContaining({ dealId, documentIds: ['signed-contract-1'] })]);
    expect(active.obligations).toEqual([
      { key: `${dealId}:ob:upfront`, kind: 'UPFRONT', label: '入门费 / Upfront fee', amountFen: 100 * WAN, dueOn: addCalendarDays({ date: signedOn, days: 30 }), status: 'PENDING', paidFen: 0 },
    ]);
    expect(active.royaltyPeriod).toMatchObject({ key: `${dealId}:royalty:0`, index: 0, periodStart: signedOn, status: 'DUE' });
    expect(recorder.calls.upsertObligations).toEqual([expect.objectContaining({ dealId, obligations: active.obligations })]);
    expect(recorder.calls.upsertRoyaltyPeriod).toEqual([expect.objectContaining({ dealId, period: active.royaltyPeriod })]);
    expect(recorder.statuses()).toEqual(['IN_REVIEW', 'PUBLICITY', 'CONTRACT', 'ACTIVE']);
    expect(recorder.calls.recordDealState.at(-1)).toMatchObject({ status: 'ACTIVE', signedOn, effectiveOn: signedOn, event: { action: 'deal.signed', actorId: actors.tto.personId } });
    expect(active.version).toBe(recorder.calls.recordDealState.at(-1)!.version);
    expectDealKeysUnique(recorder);
  });

  it('transfer, 挂牌交易 (¥3M): review → vice-president → sold for ¥6M (its tier noted, the price owed) → ACTIVE → paid → complete', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft({ pricingMethod: 'LISTED', terms: { upfrontFeeFen: 300 * WAN } }) });
    const { dealId } = input;
    const submitted = await submitDeal(handle);
    expect(submitted.steps.map((step) => [step.key, step.role, step.label.zh])).toEqual([
      ['tto-review', 'TTO_OFFICER', '技术转移中心审核'],
      ['tier-1', 'LEADERSHIP', '分管副校长'],
    ]);
    const review = openTaskOf(submitted);
    // The vice-president's step opens once the review approves, and only then.
    const reviewed = await decide(handle, actors.tto, review.key, 'APPROVE');
    const tier = openTaskOf(reviewed);
    expect(tier).toMatchObject({ key: `${dealId}:r1:tier-1`, candidateRole: 'LEADERSHIP', escalationRole: 'INSTITUTION_ADMIN' });
    expect(tier.dueAt).toBe(shanghaiEndOfDay(dueDate({ start: shanghaiDateOf(tier.openedAt), days: 15, dayKind: 'WORKING', calendar })));

    const approved = await decide(handle, actors.leader, tier.key, 'APPROVE');
    expect(approved.status).toBe('EXCHANGE');
    expect(approved.publicity).toBeNull();
    expect(recorder.calls.publishDealNotice).toEqual([]);
    expect(openTaskOf(approved, 'EXCHANGE_RESULT')).toMatchObject({ candidateRole: 'TTO_OFFICER', title: expect.stringContaining('挂牌') });

    // Sold for ¥6M: above the approved tier, which the audit entry records.
    const contract = await exchangeResult(handle, 600 * WAN);
    expect(contract.status).toBe('CONTRACT');
    expect(contract.exchangeResult).toMatchObject({ venue: '浙江知识产权交易中心', finalPriceFen: 600 * WAN, documentId: null });
    const audit = recorder.calls.recordDealState.find((call) => call.event.action === 'deal.exchange_result_recorded')!;
    expect(audit.exchangeResult).toMatchObject({ finalPriceFen: 600 * WAN });
    expect(audit.event.after).toMatchObject({ tierChanged: true, approvedTier: { zh: '分管副校长' }, finalPriceTier: { zh: '校长办公会' }, approvedValueFen: 300 * WAN, totalValueFen: 600 * WAN });
    // The exchange's price is the deal's: the terms and the read model say so before the contract is drawn.
    expect(contract).toMatchObject({ totalValueFen: 600 * WAN, draft: { terms: { upfrontFeeFen: 600 * WAN } } });
    expect(audit).toMatchObject({ totalValueFen: 600 * WAN, draft: { terms: { upfrontFeeFen: 600 * WAN } } });
    const order = recorder.sequence.map((entry) => (entry.activity === 'recordDealState' ? (entry.input as { event: { action: string } }).event.action : entry.activity));
    expect(order.indexOf('generateContract')).toBeGreaterThan(order.indexOf('deal.exchange_result_recorded'));

    const signedOn = await todayOf();
    const active = await signContract(handle, signedOn);
    expect(active).toMatchObject({ status: 'ACTIVE', expiresOn: null, royaltyPeriod: null });
    expect(active.obligations.map((item) => [item.kind, item.amountFen])).toEqual([['UPFRONT', 600 * WAN]]);

    // Paid in full: nothing more is owed, so the transfer has run its course.
    const paid = await handle.executeUpdate(recordPaymentUpdate, {
      args: [{ actor: actors.finance, paymentKey: 'bank-2026-0001', obligationKey: `${dealId}:ob:upfront`, amountFen: 600 * WAN, receivedOn: signedOn }],
    });
    expect(paid.status).toBe('COMPLETED');
    expect(paid.obligations[0]).toMatchObject({ status: 'PAID', paidFen: 600 * WAN });
    expect(recorder.calls.recordPayment).toEqual([expect.objectContaining({ key: `${dealId}:payment:bank-2026-0001`, kind: 'UPFRONT', amountFen: 600 * WAN, obligationKey: `${dealId}:ob:upfront`, recordedById: actors.finance.personId })]);
    expect(recorder.actions().at(-1)).toBe('deal.completed');
    expect(recorder.statuses()).toEqual(['IN_REVIEW', 'EXCHANGE', 'CONTRACT', 'ACTIVE', 'COMPLETED']);

    // Paid before its 技术合同认定登记: the process waits for the number (the rewards' tax
    // treatment needs it), takes nothing else, and ends once it is recorded.
    expect(paid.awaitingRegistration).toBe(true);
    await untilIdle(handle);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(terminateDealUpdate, { args: [{ actor: actors.tto, reason: '结案', effectiveOn: signedOn }] }), 'INVALID_TRANSITION');
    const registered = await handle.executeUpdate(recordTechContractRegistrationUpdate, { args: [{ actor: actors.tto, number: '2026330100000042', registeredOn: signedOn }] });
    expect(registered).toMatchObject({ status: 'COMPLETED', techContractRegNo: '2026330100000042' });
    expect(recorder.actions().at(-1)).toBe('deal.tech_contract_registered');
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    expectDealKeysUnique(recorder);
  });

  it('作价投资, 拍卖 (¥6M): review → 校长办公会 → auction result → contract → ACTIVE with the patent costs owed', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: equityDraft({ pricingMethod: 'AUCTION', terms: { equity: { valuationFen: 600 * WAN, shares: 6_000_000, companyShareBp: 2_000 } } }) });
    const submitted = await submitDeal(handle);
    expect(submitted.totalValueFen).toBe(600 * WAN);
    expect(submitted.steps.map((step) => [step.key, step.role, step.label.zh])).toEqual([
      ['tto-review', 'TTO_OFFICER', '技术转移中心审核'],
      ['tier-2', 'LEADERSHIP', '校长办公会'],
    ]);
    const exchange = await approveAll(handle);
    expect(exchange.status).toBe('EXCHANGE');
    expect(openTaskOf(exchange, 'EXCHANGE_RESULT').title).toContain('拍卖');
    const contract = await exchangeResult(handle, 620 * WAN);
    expect(recorder.calls.recordDealState.find((call) => call.event.action === 'deal.exchange_result_recorded')!.event.after).toMatchObject({ tierChanged: false });
    expect(contract.status).toBe('CONTRACT');
    // Auctioned at ¥6.2M: the value of the result invested; the shares stay as agreed.
    expect(contract).toMatchObject({ totalValueFen: 620 * WAN, draft: { terms: { equity: { valuationFen: 620 * WAN, shares: 6_000_000, companyShareBp: 2_000 } } } });
    const active = await signContract(handle, await todayOf());
    expect(active.status).toBe('ACTIVE');
    expect(active.obligations).toEqual([expect.objectContaining({ key: `${input.dealId}:ob:patent-cost`, kind: 'PATENT_COST', amountFen: 3 * WAN, status: 'PENDING' })]);
    expect(recorder.statuses()).toEqual(['IN_REVIEW', 'EXCHANGE', 'CONTRACT', 'ACTIVE']);
  });

  it('transfer, 协议定价: publicity, then contract, signature and ACTIVE', async () => {
    const { handle } = await startDeal(env, worker, { draft: transferDraft() });
    await toContract(env, handle);
    const active = await signContract(handle, await todayOf());
    expect(active).toMatchObject({ status: 'ACTIVE', expiresOn: null });
    expect(worker.recorder.statuses()).toEqual(['IN_REVIEW', 'PUBLICITY', 'CONTRACT', 'ACTIVE']);
  });
});

describe('approval tiers', () => {
  const cases: Array<[string, number, Array<[string, string]>]> = [
    ['¥1.5M: the TTO alone', 150 * WAN, [['tto-review', 'TTO_OFFICER']]],
    ['exactly ¥2M: still the TTO', 200 * WAN, [['tto-review', 'TTO_OFFICER']]],
    ['¥3M: TTO review, then the vice-president', 300 * WAN, [['tto-review', 'TTO_OFFICER'], ['tier-1', 'LEADERSHIP']]],
    ['exactly ¥5M: TTO review, then 校长办公会', 500 * WAN, [['tto-review', 'TTO_OFFICER'], ['tier-2', 'LEADERSHIP']]],
  ];
  it.each(cases)('%s', async (_name, upfrontFeeFen, expected) => {
    const { handle } = await startDeal(env, worker, { draft: transferDraft({ terms: { upfrontFeeFen } }) });
    const submitted = await submitDeal(handle);
    expect(submitted.steps.map((step) => [step.key, step.role])).toEqual(expected);
    expect(openTaskOf(submitted).candidateRole).toBe('TTO_OFFICER');
  });

  it('a returned deal resubmitted at another value gets that tier’s chain, from the first step', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft() });
    const { dealId } = input;
    const submitted = await submitDeal(handle);
    expect(submitted.steps).toHaveLength(1);
    const returned = await decide(handle, actors.tto, openTaskOf(submitted).key, 'RETURN', '请补充最低价格依据');
    expect(returned.status).toBe('RETURNED');
    expect(openTaskOf(returned, 'RESUBMIT')).toMatchObject({ key: `${dealId}:r1:resubmit`, assigneeId: actors.researcher.personId });

    const edited = await handle.executeUpdate(editDealDraftUpdate, { args: [{ actor: actors.researcher, draft: transferDraft({ terms: { upfrontFeeFen: 300 * WAN } }), expectedVersion: returned.version }] });
    expect(edited.draft.terms.upfrontFeeFen).toBe(300 * WAN);
    const resubmitted = await submitDeal(handle);
    expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', round: 2, stepIndex: 0, totalValueFen: 300 * WAN });
    expect(resubmitted.steps.map((step) => step.key)).toEqual(['tto-review', 'tier-1']);
    expect(openTaskOf(resubmitted).key).toBe(`${dealId}:r2:tto-review`);
    expect(recorder.closedTask(`${dealId}:r1:resubmit`)).toMatchObject({ state: 'DONE', decision: 'RESUBMITTED' });
    expect(recorder.actions()).toEqual(['deal.submitted', 'deal.returned', 'deal.draft_edited', 'deal.resubmitted']);
    const approved = await approveAll(handle);
    expect(approved.status).toBe('PUBLICITY');
    expect(recorder.closedTask(`${dealId}:r2:tier-1`)).toMatchObject({ decision: 'APPROVE', decidedById: actors.leader.personId });
  });

  it('a rejection (with its reason) at the tier step ends the deal', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: transferDraft({ terms: { upfrontFeeFen: 300 * WAN } }) });
    const submitted = await submitDeal(handle);
    const reviewed = await decide(handle, actors.tto, openTaskOf(submitted).key, 'APPROVE');
    const rejected = await decide(handle, actors.leader, openTaskOf(reviewed).key, 'REJECT', '价格明显低于评估值');
    expect(rejected).toMatchObject({ status: 'REJECTED', openTasks: [], lastDecision: { decision: 'REJECT', byId: actors.leader.personId, comment: '价格明显低于评估值' } });
    expect(recorder.notificationsOfKind('DEAL_REJECTED')).toEqual([expect.objectContaining({ personIds: [actors.researcher.personId], body: '价格明显低于评估值' })]);
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    expect(recorder.statuses()).toEqual(['IN_REVIEW', 'REJECTED']);
  });
});

describe('submission and withdrawal', () => {
  it('refuses an incomplete deal with VALIDATION_FAILED naming every field', async () => {
    const { recorder } = worker;
    const draft = licenceDraft();
    const incomplete = {
      ...draft,
      counterparty: { name: COUNTERPARTY_NAME, unifiedSocialCreditCode: '91350100M000100Y44' },
      assets: [{ ...draft.assets[0]!, allocationBp: 6_000 }],
      terms: { ...draft.terms, territory: undefined },
    };
    const { handle } = await startDeal(env, worker, { draft: incomplete as typeof draft });
    const failure = await expectRefused(submitDeal(handle), 'VALIDATION_FAILED');
    const paths = (failure.details?.[0] as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['counterparty.unifiedSocialCreditCode', 'assets', 'terms.territory']));
    expect(failure.message).toMatch(/terms\.territory is required for a licence/);
    expect(failure.message).toMatch(/allocationBp must add up to exactly 10000/);
    expect((await stateOf(handle)).status).toBe('DRAFT');
    expect(recorder.calls.recordDealState).toEqual([]);
  });

  it('a deal the TTO opened for a researcher is edited and submitted by either of them, by no one else', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: transferDraft(), createdById: actors.tto.personId });
    const edit = (actor: Actor) => handle.executeUpdate(editDealDraftUpdate, { args: [{ actor, draft: transferDraft({ title: '由技术转移中心修改' }) }] });
    await expectRefusedWithoutEffect(handle, recorder, () => edit(actors.tto2), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => submitDeal(handle, actors.tto2), 'FORBIDDEN');
    expect((await edit(actors.tto)).draft.title).toBe('由技术转移中心修改');
    expect((await edit(actors.researcher)).version).toBe(3);
    expect((await submitDeal(handle, actors.tto)).status).toBe('IN_REVIEW');
    // Once submitted, no more edits.
    await expectRefusedWithoutEffect(handle, recorder, () => edit(actors.researcher), 'INVALID_TRANSITION');
  });

  it('the TTO withdraws a deal awaiting signature: tasks cancelled, the closed notice kept', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft() });
    const contract = await toContract(env, handle);
    const sign = openTaskOf(contract, 'SIGN_CONTRACT');
    await expectRefused(handle.executeUpdate(withdrawDealUpdate, { args: [{ actor: actors.outsider, reason: 'x' }] }), 'FORBIDDEN');
    const withdrawn = await handle.executeUpdate(withdrawDealUpdate, { args: [{ actor: actors.tto, reason: '受让方放弃' }] });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', openTasks: [] });
    expect(recorder.closedTask(sign.key)).toMatchObject({ state: 'CANCELLED', decision: 'WITHDRAWN' });
    expect(recorder.calls.updateDealNotice.map((call) => call.status)).toEqual(['CLOSED']);
    expect(recorder.notificationsOfKind('DEAL_WITHDRAWN')).toEqual([expect.objectContaining({ key: `${input.dealId}:withdrawn`, personIds: [actors.researcher.personId], role: 'TTO_OFFICER' })]);
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  });

  it('the lead researcher withdraws during publicity: the notice is withdrawn too', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: licenceDraft() });
    await submitDeal(handle);
    const publicity = await approveAll(handle);
    expect(publicity.status).toBe('PUBLICITY');
    const withdrawn = await handle.executeUpdate(withdrawDealUpdate, { args: [{ actor: actors.researcher, reason: '另有安排' }] });
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(recorder.calls.updateDealNotice).toEqual([expect.objectContaining({ key: publicity.publicity!.noticeKey, status: 'WITHDRAWN' })]);
  });
});
