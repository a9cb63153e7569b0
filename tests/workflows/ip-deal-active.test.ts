// The active years of an IP deal under time skipping: a milestone reached, reminded before and on
// its due date and followed up (and escalated) when overdue; payments booked once per key;
// royalty reports on time and late with the minimum annual royalty credited; amendments
// approved and rejected through the tier of the amended value; the technology-contract
// registration; termination; and a ten-year quarterly-royalty licence run to its end in seconds,
// every one of its 40 periods reminded once, its history kept small by continue-as-new.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDateOf, shanghaiEndOfDay, shanghaiInstantOf } from '../../domain/calendar';
import { licenceEndDate, royaltyDueFen, royaltyPeriodAt } from '../../domain/licensing';
import {
  recordMilestoneEventUpdate,
  recordPaymentUpdate,
  recordTechContractRegistrationUpdate,
  requestAmendmentUpdate,
  submitRoyaltyReportUpdate,
  terminateDealUpdate,
  waiveDealObligationUpdate,
  type Actor,
  type RecordPaymentInput,
} from '../../workflows/contracts/ip-deal';
import {
  actors,
  advanceTo,
  createTimeSkippingEnv,
  decide,
  eventually,
  expectDealKeysUnique,
  expectRefusedWithoutEffect,
  licenceDraft,
  localActivityTimes,
  openTaskOf,
  signContract,
  startDeal,
  startDealWorker,
  stateOf,
  toActive,
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

const todayOf = async () => shanghaiDateOf(await env.currentTimeMs());
const morningOf = (date: string) => shanghaiInstantOf({ date, time: '09:00' });
/** The workflow time an activity was scheduled at: the timer's instant, give or take the task's own milliseconds. */
const expectScheduledAt = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((at, index) => {
    expect(at - expected[index]!).toBeGreaterThanOrEqual(0);
    expect(at - expected[index]!).toBeLessThan(1_000);
  });
};

const pay = (handle: DealHandle, payment: Omit<RecordPaymentInput, 'actor'>, actor: Actor = actors.finance) =>
  handle.executeUpdate(recordPaymentUpdate, { args: [{ actor, ...payment }] });
const report = (handle: DealHandle, periodKey: string, netSalesFen: number, actor: Actor = actors.tto) =>
  handle.executeUpdate(submitRoyaltyReportUpdate, { args: [{ actor, periodKey, netSalesFen }] });
/** The 技术合同认定登记 number: recorded early, so a deal with nothing left to track ends its process at once. */
const registerContract = async (handle: DealHandle) =>
  handle.executeUpdate(recordTechContractRegistrationUpdate, { args: [{ actor: actors.tto, number: '2026330100000042', registeredOn: shanghaiDateOf(await env.currentTimeMs()) }] });
const waive = (handle: DealHandle, obligationKey: string, reason: string, actor: Actor = actors.tto) =>
  handle.executeUpdate(waiveDealObligationUpdate, { args: [{ actor, obligationKey, reason }] });
const terminateOn = (handle: DealHandle, effectiveOn: string, reason: string, actor: Actor = actors.tto) =>
  handle.executeUpdate(terminateDealUpdate, { args: [{ actor, reason, effectiveOn }] });

describe('milestones and payments', () => {
  it('a milestone falls due after its event: reminded before and on the day, overdue → follow-up task → escalation, then paid', { timeout: 120_000 }, async () => {
    const { recorder } = worker;
    const draft = transferDraft({ terms: { upfrontFeeFen: 50 * WAN, milestones: [{ event: '首台样机验收', amountFen: 100 * WAN, dueDaysAfterEvent: 30 }] } });
    const { handle, input } = await startDeal(env, worker, { draft });
    const { dealId } = input;
    const active = await toActive(env, handle);
    const upfrontKey = `${dealId}:ob:upfront`;
    const milestoneKey = `${dealId}:ob:milestone:0`;
    expect(active.obligations.map((item) => [item.key, item.amountFen, item.dueOn, item.status])).toEqual([
      [upfrontKey, 50 * WAN, addCalendarDays({ date: active.signedContract!.signedOn, days: 30 }), 'PENDING'],
      [milestoneKey, 100 * WAN, null, 'PENDING'],
    ]);
    await pay(handle, { paymentKey: 'bank-001', obligationKey: upfrontKey, amountFen: 50 * WAN, receivedOn: await todayOf() });

    // The event: refused from others, in the future, or twice.
    const today = await todayOf();
    const milestone = (actor: Actor, eventOn: string) => handle.executeUpdate(recordMilestoneEventUpdate, { args: [{ actor, obligationKey: milestoneKey, eventOn }] });
    await expectRefusedWithoutEffect(handle, recorder, () => milestone(actors.researcher, today), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => milestone(actors.tto, addCalendarDays({ date: today, days: 1 })), 'VALIDATION_FAILED', /eventOn/);
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(recordMilestoneEventUpdate, { args: [{ actor: actors.tto, obligationKey: upfrontKey, eventOn: today }] }), 'WRONG_STEP', /not a milestone/);
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(recordMilestoneEventUpdate, { args: [{ actor: actors.tto, obligationKey: 'nope', eventOn: today }] }), 'NOT_FOUND');
    const reached = await milestone(actors.tto, today);
    const dueOn = addCalendarDays({ date: today, days: 30 });
    expect(reached.obligations[1]).toMatchObject({ key: milestoneKey, eventOn: today, dueOn, status: 'PENDING' });
    expect(recorder.calls.upsertObligations.at(-1)!.obligations).toEqual([reached.obligations[1]]);
    await expectRefusedWithoutEffect(handle, recorder, () => milestone(actors.tto, today), 'ALREADY_DECIDED');

    // Reminders to the TTO seven days before and on the due date, at 09:00.
    await advanceTo(env, morningOf(dueOn) + 60_000);
    const reminders = await eventually(() => {
      const sent = recorder.notificationsOfKind('PAYMENT_DUE').filter((call) => call.key.startsWith(milestoneKey));
      expect(sent.map((call) => call.key)).toEqual([`${milestoneKey}:${dueOn}:before`, `${milestoneKey}:${dueOn}:due`]);
      return sent;
    });
    expectScheduledAt(reminders.map((call) => call.at), [morningOf(addCalendarDays({ date: dueOn, days: -7 })), morningOf(dueOn)]);
    expect(reminders[0]).toMatchObject({ role: 'TTO_OFFICER', title: expect.stringContaining('¥1,000,000.00') });

    // Unpaid at the end of the due date: OVERDUE, and a follow-up task for the TTO.
    await advanceTo(env, shanghaiEndOfDay(dueOn) + 5_000);
    const overdue = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.obligations[1]!.status).toBe('OVERDUE');
      return state;
    });
    const followUp = openTaskOf(overdue, 'PAYMENT_FOLLOW_UP');
    const escalateOn = addCalendarDays({ date: dueOn, days: 30 });
    expect(followUp).toMatchObject({ key: `${milestoneKey}:follow-up:${dueOn}`, stepKey: milestoneKey, candidateRole: 'TTO_OFFICER', escalationRole: 'LEADERSHIP', dueAt: shanghaiEndOfDay(escalateOn) });
    expect(recorder.calls.upsertObligations.at(-1)!.obligations).toEqual([expect.objectContaining({ key: milestoneKey, status: 'OVERDUE' })]);
    expect(recorder.notificationsOfKind('PAYMENT_OVERDUE')).toEqual([expect.objectContaining({ role: 'TTO_OFFICER', body: expect.stringContaining(dueOn) })]);

    // Still unpaid after the escalation days: escalated to leadership.
    await advanceTo(env, shanghaiEndOfDay(escalateOn) + 5_000);
    await eventually(() => expect(recorder.notificationsOfKind('TASK_ESCALATED')).toEqual([expect.objectContaining({ key: `${followUp.key}:escalated`, role: 'LEADERSHIP' })]));
    expect(recorder.calls.updateDealTask).toContainEqual(expect.objectContaining({ key: followUp.key, escalated: true }));

    // Paid in two instalments; the second settles it, closes the follow-up and completes the transfer.
    const partly = await pay(handle, { paymentKey: 'bank-002', obligationKey: milestoneKey, amountFen: 40 * WAN, receivedOn: await todayOf() });
    expect(partly.obligations[1]).toMatchObject({ status: 'OVERDUE', paidFen: 40 * WAN });
    await expectRefusedWithoutEffect(handle, recorder, () => pay(handle, { paymentKey: 'bank-003', obligationKey: milestoneKey, amountFen: 61 * WAN, receivedOn: shanghaiDateOf(Date.now()) }), 'VALIDATION_FAILED', /more than the ¥600,000.00 outstanding/);
    const done = await pay(handle, { paymentKey: 'bank-003', obligationKey: milestoneKey, amountFen: 60 * WAN, receivedOn: await todayOf() });
    expect(done.status).toBe('COMPLETED');
    expect(recorder.closedTask(followUp.key)).toMatchObject({ state: 'DONE', decision: 'PAID', decidedById: actors.finance.personId });
    expect(recorder.calls.recordPayment.map((call) => [call.kind, call.amountFen])).toEqual([['UPFRONT', 50 * WAN], ['MILESTONE', 40 * WAN], ['MILESTONE', 60 * WAN]]);
    expectDealKeysUnique(recorder);
  });

  it('books a payment once per key, and refuses unknown obligations, other people and non-payments', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft({ terms: { upfrontFeeFen: 80 * WAN, patentCostReimbursementFen: 2 * WAN } }) });
    await toActive(env, handle);
    const today = await todayOf();
    const upfront = { paymentKey: 'wire-7', obligationKey: `${input.dealId}:ob:upfront`, amountFen: 30 * WAN, receivedOn: today };
    const first = await pay(handle, upfront);
    // The same payment again (a retry, a double click): answered, booked once.
    const again = await pay(handle, upfront, actors.tto);
    expect(again.obligations).toEqual(first.obligations);
    expect(recorder.calls.recordPayment).toHaveLength(1);
    expect(first.obligations[0]).toMatchObject({ paidFen: 30 * WAN, status: 'PENDING' });

    await expectRefusedWithoutEffect(handle, recorder, () => pay(handle, { ...upfront, paymentKey: 'wire-8' }, actors.researcher), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => pay(handle, { ...upfront, paymentKey: 'wire-8', obligationKey: 'nope' }), 'NOT_FOUND');
    await expectRefusedWithoutEffect(handle, recorder, () => pay(handle, { ...upfront, paymentKey: 'wire-8', amountFen: 0 }), 'VALIDATION_FAILED', /amountFen/);
    await expectRefusedWithoutEffect(handle, recorder, () => pay(handle, { ...upfront, paymentKey: 'wire-8', royaltyPeriodKey: 'x' }), 'VALIDATION_FAILED', /not both/);
    // A transfer has no royalty periods.
    await expectRefusedWithoutEffect(handle, recorder, () => pay(handle, { paymentKey: 'wire-8', royaltyPeriodKey: `${input.dealId}:royalty:0`, amountFen: 100, receivedOn: today }), 'NOT_FOUND');

    // The patent-cost reimbursement is booked as OTHER income (the activity notes what it is).
    await pay(handle, { paymentKey: 'wire-9', obligationKey: `${input.dealId}:ob:patent-cost`, amountFen: 2 * WAN, receivedOn: today });
    expect(recorder.calls.recordPayment.at(-1)).toMatchObject({ kind: 'OTHER', obligationKey: `${input.dealId}:ob:patent-cost` });
  });

  it('records the 技术合同认定登记 number from the contract stage on', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: transferDraft() });
    await toContract(env, handle);
    const register = (actor: Actor, number: string) =>
      handle.executeUpdate(recordTechContractRegistrationUpdate, { args: [{ actor, number, registeredOn: shanghaiDateOf(Date.now()) }] });
    await expectRefusedWithoutEffect(handle, recorder, () => register(actors.researcher, '2026330100001234'), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => register(actors.tto, '登记号'), 'VALIDATION_FAILED', /number/);
    const registered = await register(actors.tto, '2026330100001234');
    expect(registered).toMatchObject({ status: 'CONTRACT', techContractRegNo: '2026330100001234' });
    expect(recorder.calls.recordDealState.at(-1)).toMatchObject({ techContractRegNo: '2026330100001234', event: { action: 'deal.tech_contract_registered' } });
  });
});

describe('royalties', () => {
  it('e-mails the licensee before and on the report date, takes reports on time and late, credits the minimum royalty', { timeout: 120_000 }, async () => {
    const { recorder } = worker;
    const draft = licenceDraft({ terms: { termMonths: 24, minimumAnnualRoyaltyFen: 20 * WAN, upfrontFeeFen: 0 } });
    const { handle, input } = await startDeal(env, worker, { draft });
    const { dealId } = input;
    const active = await toActive(env, handle);
    const effectiveOn = active.effectiveOn!;
    // Two licence years, each with a minimum of ¥200,000, due with its last quarter's report.
    expect(active.obligations.map((item) => [item.key, item.kind, item.amountFen, item.dueOn])).toEqual([0, 1].map((year) => {
      const yearEnd = addCalendarDays({ date: licenceEndDate({ effectiveOn, termMonths: 12 * (year + 1) }), days: 0 });
      return [`${dealId}:ob:min-royalty:${year}`, 'MINIMUM_ROYALTY', 20 * WAN, addCalendarDays({ date: yearEnd, days: 30 })];
    }));
    const period0 = active.royaltyPeriod!;
    expect(period0).toEqual({ key: `${dealId}:royalty:0`, ...royaltyPeriodAt({ effectiveOn, termMonths: 24, reportingPeriod: 'QUARTERLY', reportDueDays: 30, index: 0 })!, status: 'DUE' });
    await expectRefusedWithoutEffect(handle, recorder, () => report(handle, period0.key, 100), 'INVALID_TRANSITION', /has not ended/);
    // A royalty before its report: its amount is not known yet.
    await expectRefusedWithoutEffect(handle, recorder, () => pay(handle, { paymentKey: 'early', royaltyPeriodKey: period0.key, amountFen: 100, receivedOn: shanghaiDateOf(Date.now()) }), 'INVALID_TRANSITION', /royalty report first/);

    // The period ends; the licensee's contact is e-mailed seven days before the report date.
    await advanceTo(env, morningOf(addCalendarDays({ date: period0.reportDueOn, days: -7 })) + 60_000);
    await eventually(() => expect(recorder.calls.emailExternal).toEqual([
      expect.objectContaining({ key: `${period0.key}:report:${period0.reportDueOn}:before`, to: 'licensing@mingyuan.example.com', subject: expect.stringContaining(period0.reportDueOn) }),
    ]));
    // Reported on time: ¥1,234,567.89 × 3.5% = ¥43,209.88 (half up), owed by the report date.
    const netSalesFen = 123_456_789;
    const royaltyFen = royaltyDueFen({ netSalesFen, rateBp: 350 });
    expect(royaltyFen).toBe(4_320_988);
    const reported = await report(handle, period0.key, netSalesFen);
    expect(reported.royaltiesOwed).toEqual([{ periodKey: period0.key, periodStart: period0.periodStart, periodEnd: period0.periodEnd, netSalesFen, royaltyFen, dueOn: period0.reportDueOn, paidFen: 0, status: 'DUE' }]);
    expect(reported.royaltyPeriod).toMatchObject({ key: `${dealId}:royalty:1`, index: 1, status: 'DUE' });
    expect(reported.obligations[0]).toMatchObject({ amountFen: 20 * WAN - royaltyFen, creditedFen: royaltyFen, status: 'PENDING' });
    expect(recorder.calls.upsertRoyaltyPeriod.filter((call) => call.period.key === period0.key).at(-1)).toMatchObject({ period: { status: 'REPORTED' }, netSalesFen, royaltyFen });
    await expectRefusedWithoutEffect(handle, recorder, () => report(handle, period0.key, netSalesFen), 'ALREADY_DECIDED');
    await expectRefusedWithoutEffect(handle, recorder, () => report(handle, `${dealId}:royalty:99`, netSalesFen), 'NOT_FOUND');
    const paid = await pay(handle, { paymentKey: 'roy-0', royaltyPeriodKey: period0.key, amountFen: royaltyFen, receivedOn: await todayOf() });
    expect(paid.royaltiesOwed).toEqual([]);
    expect(recorder.calls.recordPayment.at(-1)).toMatchObject({ kind: 'ROYALTY', royaltyPeriodKey: period0.key, amountFen: royaltyFen });
    // The due-date e-mail for period 0 never goes out: the report came first.
    await advanceTo(env, morningOf(period0.reportDueOn) + 60_000);
    expect(recorder.calls.emailExternal.map((call) => call.key)).not.toContain(`${period0.key}:report:${period0.reportDueOn}:due`);

    // Period 1 is not reported: e-mails before and on the day, then OVERDUE with a follow-up, and period 2 opens.
    const period1 = paid.royaltyPeriod!;
    await advanceTo(env, shanghaiEndOfDay(period1.reportDueOn) + 5_000);
    const late = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.royaltyPeriod?.index).toBe(2);
      return state;
    });
    expect(recorder.calls.emailExternal.map((call) => call.key).filter((key) => key.startsWith(period1.key))).toEqual([
      `${period1.key}:report:${period1.reportDueOn}:before`,
      `${period1.key}:report:${period1.reportDueOn}:due`,
    ]);
    expect(late.lateRoyaltyPeriods).toEqual([{ ...period1, status: 'OVERDUE' }]);
    const followUp = openTaskOf(late, 'ROYALTY_FOLLOW_UP');
    expect(followUp).toMatchObject({ stepKey: period1.key, candidateRole: 'TTO_OFFICER' });
    // The late report is still taken: the follow-up closes and the royalty is owed at once.
    const caughtUp = await report(handle, period1.key, 10_000_000);
    expect(caughtUp.lateRoyaltyPeriods).toEqual([]);
    expect(recorder.closedTask(followUp.key)).toMatchObject({ decision: 'REPORTED' });
    expect(caughtUp.royaltiesOwed).toEqual([expect.objectContaining({ periodKey: period1.key, royaltyFen: 350_000, dueOn: await todayOf() })]);
    expect(caughtUp.obligations[0]).toMatchObject({ creditedFen: royaltyFen + 350_000 });
    expectDealKeysUnique(recorder);
  });
});

describe('amendments', () => {
  it('goes through the chain of the amended value’s tier and then replaces the terms (audit before/after)', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: licenceDraft() });
    const { dealId } = input;
    const active = await toActive(env, handle);
    const upfrontKey = `${dealId}:ob:upfront`;
    await pay(handle, { paymentKey: 'up-1', obligationKey: upfrontKey, amountFen: 100 * WAN, receivedOn: await todayOf() });

    const amend = (actor: Actor, draft = licenceDraft({ terms: { upfrontFeeFen: 300 * WAN, termMonths: 84, royalty: { rateBp: 400, reportingPeriod: 'QUARTERLY', reportDueDays: 30 } } })) =>
      handle.executeUpdate(requestAmendmentUpdate, { args: [{ actor, reason: '扩大许可期限并提高入门费', draft }] });
    await expectRefusedWithoutEffect(handle, recorder, () => amend(actors.outsider), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => amend(actors.tto, licenceDraft({ mode: 'LICENCE', terms: { royalty: { rateBp: 400, reportingPeriod: 'YEARLY', reportDueDays: 30 } } })), 'VALIDATION_FAILED', /reporting period/);
    await expectRefusedWithoutEffect(handle, recorder, () => amend(actors.tto, transferDraft()), 'VALIDATION_FAILED', /mode/);

    const pending = await amend(actors.tto);
    expect(pending.pendingAmendment).toMatchObject({ reason: '扩大许可期限并提高入门费', totalValueFen: 300 * WAN, stepIndex: 0, requestedById: actors.tto.personId });
    expect(pending.pendingAmendment!.steps.map((step) => step.key)).toEqual(['tto-review', 'tier-1']);
    const key = pending.pendingAmendment!.key;
    expect(recorder.calls.recordAmendment).toEqual([expect.objectContaining({ key, dealId, status: 'PENDING', totalValueFen: 300 * WAN })]);
    const review = openTaskOf(pending);
    expect(review).toMatchObject({ key: `${key}:tto-review`, stepKey: 'amendment:tto-review', candidateRole: 'TTO_OFFICER' });
    await expectRefusedWithoutEffect(handle, recorder, () => amend(actors.tto), 'CONFLICT', /already pending/);
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto, review.key, 'RETURN', '再议'), 'VALIDATION_FAILED', /approved or rejected/);
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.researcher, review.key, 'APPROVE'), 'CONFLICT_OF_INTEREST');
    // The terms do not change until the last step approves.
    const reviewed = await decide(handle, actors.tto, review.key, 'APPROVE');
    expect(reviewed.draft.terms.upfrontFeeFen).toBe(100 * WAN);
    const tier = openTaskOf(reviewed);
    expect(tier).toMatchObject({ key: `${key}:tier-1`, candidateRole: 'LEADERSHIP' });
    const amended = await decide(handle, actors.leader, tier.key, 'APPROVE');
    expect(amended).toMatchObject({ status: 'ACTIVE', pendingAmendment: null, totalValueFen: 300 * WAN, expiresOn: licenceEndDate({ effectiveOn: active.effectiveOn!, termMonths: 84 }) });
    expect(amended.draft.terms).toMatchObject({ upfrontFeeFen: 300 * WAN, termMonths: 84, royalty: { rateBp: 400 } });
    // What was paid stays paid; the rest of the raised fee is owed on the original date.
    expect(amended.obligations[0]).toMatchObject({ key: upfrontKey, amountFen: 300 * WAN, paidFen: 100 * WAN, status: 'PENDING', dueOn: active.obligations[0]!.dueOn });
    const audit = recorder.calls.recordDealState.find((call) => call.event.action === 'deal.amended')!;
    expect(audit).toMatchObject({ totalValueFen: 300 * WAN, expiresOn: amended.expiresOn, event: { actorId: actors.leader.personId } });
    expect(audit.event.before).toMatchObject({ totalValueFen: 100 * WAN, terms: { upfrontFeeFen: 100 * WAN, termMonths: 60 } });
    expect(audit.event.after).toMatchObject({ totalValueFen: 300 * WAN, terms: { upfrontFeeFen: 300 * WAN, termMonths: 84 } });
    expect(recorder.calls.recordAmendment.at(-1)).toMatchObject({ key, status: 'APPROVED', decidedById: actors.leader.personId });
    expectDealKeysUnique(recorder);
  });

  it('a rejected amendment leaves the terms as they were', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: licenceDraft() });
    const active = await toActive(env, handle);
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(requestAmendmentUpdate, { args: [{ actor: actors.researcher, reason: '降低入门费', draft: licenceDraft({ terms: { upfrontFeeFen: 50 * WAN } }) }] }), 'FORBIDDEN');
    const pending = await handle.executeUpdate(requestAmendmentUpdate, { args: [{ actor: actors.tto2, reason: '降低入门费', draft: licenceDraft({ terms: { upfrontFeeFen: 50 * WAN } }) }] });
    expect(pending.pendingAmendment!.steps.map((step) => step.key)).toEqual(['tto-review']);
    const rejected = await decide(handle, actors.tto, openTaskOf(pending).key, 'REJECT', '无充分理由');
    expect(rejected).toMatchObject({ pendingAmendment: null, totalValueFen: active.totalValueFen, draft: active.draft, obligations: active.obligations });
    expect(recorder.calls.recordAmendment.map((call) => call.status)).toEqual(['PENDING', 'REJECTED']);
    expect(recorder.notificationsOfKind('AMENDMENT_REJECTED')).toEqual([expect.objectContaining({ personIds: [actors.tto2.personId, actors.researcher.personId], body: '无充分理由' })]);
  });
});

describe('the end of a deal', () => {
  it('the TTO terminates an active licence: outstanding payments cancelled, the royalty period waived', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: licenceDraft() });
    await toActive(env, handle);
    await registerContract(handle);
    const terminate = (actor: Actor) => handle.executeUpdate(terminateDealUpdate, { args: [{ actor, reason: '被许可方破产', effectiveOn: shanghaiDateOf(Date.now()) }] });
    await expectRefusedWithoutEffect(handle, recorder, () => terminate(actors.researcher), 'FORBIDDEN');
    const terminated = await terminate(actors.tto);
    expect(terminated).toMatchObject({ status: 'TERMINATED', royaltyPeriod: null, openTasks: [] });
    expect(terminated.obligations).toEqual([expect.objectContaining({ key: `${input.dealId}:ob:upfront`, status: 'CANCELLED' })]);
    expect(recorder.calls.upsertRoyaltyPeriod.at(-1)).toMatchObject({ period: { key: `${input.dealId}:royalty:0`, status: 'WAIVED' } });
    expect(recorder.actions().at(-1)).toBe('deal.terminated');
    expect(recorder.calls.recordDealState.at(-1)!.event.after).toMatchObject({ reason: '被许可方破产', cancelled: [`${input.dealId}:ob:upfront`, `${input.dealId}:royalty:0`] });
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  });
});

describe('what a terminated deal still owes', () => {
  it('keeps what fell due before the termination, tracks it until paid or waived, then ends', { timeout: 120_000 }, async () => {
    const { recorder } = worker;
    const draft = licenceDraft({
      terms: {
        upfrontFeeFen: 100 * WAN,
        upfrontDueDays: 30,
        minimumAnnualRoyaltyFen: 20 * WAN,
        milestones: [{ event: '产品取得注册证', amountFen: 50 * WAN, dueDaysAfterEvent: 30 }, { event: '年销售额过亿', amountFen: 80 * WAN, dueDaysAfterEvent: 30 }],
      },
    });
    const { handle, input } = await startDeal(env, worker, { draft });
    const { dealId } = input;
    const active = await toActive(env, handle);
    await registerContract(handle);
    const signedOn = active.signedContract!.signedOn;
    const [upfront, reached, notReached] = [`${dealId}:ob:upfront`, `${dealId}:ob:milestone:0`, `${dealId}:ob:milestone:1`];
    await handle.executeUpdate(recordMilestoneEventUpdate, { args: [{ actor: actors.tto, obligationKey: reached, eventOn: signedOn }] });

    // 100 days on: the upfront fee and the milestone are overdue, each with a follow-up task; the
    // first quarter has ended and its report is due later.
    await advanceTo(env, shanghaiEndOfDay(addCalendarDays({ date: signedOn, days: 100 })) - 3_600_000);
    const before = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.openTasks.filter((task) => task.kind === 'PAYMENT_FOLLOW_UP').map((task) => task.stepKey).sort()).toEqual([upfront, reached].sort());
      return state;
    });
    const firstPeriod = before.royaltyPeriod!;
    expect(firstPeriod).toMatchObject({ key: `${dealId}:royalty:0`, status: 'DUE' });
    const effectiveOn = await todayOf();
    expect(firstPeriod.periodEnd < effectiveOn && firstPeriod.reportDueOn > effectiveOn).toBe(true);

    const terminated = await terminateOn(handle, effectiveOn, '被许可方违约');
    expect(terminated.status).toBe('TERMINATED');
    const statusOf = (state: typeof terminated, key: string) => state.obligations.find((item) => item.key === key)?.status;
    expect(statusOf(terminated, upfront)).toBe('OVERDUE');
    expect(statusOf(terminated, reached)).toBe('OVERDUE');
    expect(statusOf(terminated, notReached)).toBe('CANCELLED');
    // No licence year had ended: every minimum royalty is cancelled.
    const minimums = terminated.obligations.filter((item) => item.kind === 'MINIMUM_ROYALTY');
    expect(minimums.length).toBeGreaterThan(0);
    expect(minimums.every((item) => item.status === 'CANCELLED')).toBe(true);
    // The ended quarter's report is still owed, unchanged; the follow-ups stay open.
    expect(terminated.royaltyPeriod).toEqual(firstPeriod);
    expect(terminated.openTasks.map((task) => task.kind)).toEqual(['PAYMENT_FOLLOW_UP', 'PAYMENT_FOLLOW_UP']);
    expect(recorder.calls.recordDealState.at(-1)!.event).toMatchObject({ action: 'deal.terminated', after: { reason: '被许可方违约', effectiveOn, stillOwed: expect.arrayContaining([upfront, reached, firstPeriod.key]) } });
    expect(recorder.notificationsOfKind('DEAL_TERMINATED').at(-1)!.body).toContain('still owed');
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // Only what is owed can still happen: no milestone events, no amendments.
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(recordMilestoneEventUpdate, { args: [{ actor: actors.tto, obligationKey: notReached, eventOn: effectiveOn }] }), 'INVALID_TRANSITION');
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(requestAmendmentUpdate, { args: [{ actor: actors.tto, reason: '变更', draft }] }), 'INVALID_TRANSITION');

    // The upfront fee is paid; the milestone is waived; its follow-ups close.
    const paid = await pay(handle, { paymentKey: 'bank-after-termination', obligationKey: upfront, amountFen: 100 * WAN, receivedOn: effectiveOn });
    expect(statusOf(paid, upfront)).toBe('PAID');
    await expectRefusedWithoutEffect(handle, recorder, () => waive(handle, upfront, '已付清'), 'ALREADY_DECIDED');
    const waived = await waive(handle, reached, '  和解协议约定免除  ');
    expect(waived.obligations.find((item) => item.key === reached)).toMatchObject({ status: 'WAIVED', paidFen: 0, waiver: { waivedFen: 50 * WAN, reason: '和解协议约定免除', byId: actors.tto.personId, on: effectiveOn } });
    expect(recorder.closedTask(`${reached}:follow-up:${addCalendarDays({ date: signedOn, days: 30 })}`)).toMatchObject({ state: 'DONE', decision: 'WAIVED', decidedById: actors.tto.personId });
    expect(waived.openTasks).toEqual([]);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // The last report comes in: its royalty is owed, and no further period opens.
    const reported = await report(handle, firstPeriod.key, 2_000 * WAN);
    const royaltyFen = royaltyDueFen({ netSalesFen: 2_000 * WAN, rateBp: 350 });
    expect(reported.royaltyPeriod).toBeNull();
    expect(reported.royaltiesOwed).toEqual([expect.objectContaining({ periodKey: firstPeriod.key, royaltyFen })]);
    const settled = await pay(handle, { paymentKey: 'bank-royalty-q1', royaltyPeriodKey: firstPeriod.key, amountFen: royaltyFen, receivedOn: await todayOf() });
    expect(settled).toMatchObject({ status: 'TERMINATED', royaltiesOwed: [], royaltyPeriod: null });
    expect(recorder.actions().at(-1)).toBe('deal.settled');
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    expect(recorder.calls.upsertRoyaltyPeriod.filter((call) => call.period.index > 0)).toEqual([]);
    expectDealKeysUnique(recorder);
  });

  it('a terminated deal with items outstanding is closed by a second termination', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft({ terms: { upfrontFeeFen: 150 * WAN, upfrontDueDays: 10 } }) });
    const active = await toActive(env, handle);
    await registerContract(handle);
    await advanceTo(env, shanghaiEndOfDay(addCalendarDays({ date: active.signedContract!.signedOn, days: 12 })));
    const upfront = `${input.dealId}:ob:upfront`;
    await eventually(async () => expect((await stateOf(handle)).obligations[0]!.status).toBe('OVERDUE'));
    const terminated = await terminateOn(handle, await todayOf(), '受让方违约');
    expect(terminated.obligations).toEqual([expect.objectContaining({ key: upfront, status: 'OVERDUE' })]);
    const closed = await terminateOn(handle, await todayOf(), '转法务追偿');
    expect(closed).toMatchObject({ status: 'TERMINATED', openTasks: [], obligations: [expect.objectContaining({ key: upfront, status: 'CANCELLED' })] });
    expect(recorder.actions().at(-1)).toBe('deal.closed');
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  });
});

describe('closing a terminated licence', () => {
  it('cancels a reported royalty still unpaid and marks its period WAIVED in the read model', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: licenceDraft({ terms: { upfrontFeeFen: 0, termMonths: 24 } }) });
    const active = await toActive(env, handle);
    await registerContract(handle);
    const period = active.royaltyPeriod!;
    await advanceTo(env, shanghaiInstantOf({ date: addCalendarDays({ date: period.periodEnd, days: 2 }), time: '10:00' }));
    const reported = await report(handle, period.key, 1_000 * WAN);
    expect(reported.royaltiesOwed).toHaveLength(1);
    const terminated = await terminateOn(handle, await todayOf(), '被许可方停产');
    expect(terminated).toMatchObject({ status: 'TERMINATED', royaltiesOwed: [expect.objectContaining({ periodKey: period.key })] });
    const closed = await terminateOn(handle, await todayOf(), '转法务追偿');
    expect(closed).toMatchObject({ status: 'TERMINATED', royaltiesOwed: [], royaltyPeriod: null });
    expect(recorder.calls.upsertRoyaltyPeriod.at(-1)!.period).toMatchObject({ key: `${input.dealId}:royalty:0`, status: 'WAIVED', periodStart: period.periodStart, periodEnd: period.periodEnd, reportDueOn: period.reportDueOn });
    expect(recorder.calls.recordDealState.at(-1)!.event).toMatchObject({ action: 'deal.closed', after: { cancelled: expect.arrayContaining([`${period.key}:payment`]) } });
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  });
});

describe('waiving an obligation', () => {
  it('the TTO waives what is left of a part-paid fee, with a reason; the transfer is then complete', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft({ terms: { upfrontFeeFen: 150 * WAN } }) });
    await toActive(env, handle);
    await registerContract(handle);
    const upfront = `${input.dealId}:ob:upfront`;
    await pay(handle, { paymentKey: 'bank-part', obligationKey: upfront, amountFen: 50 * WAN, receivedOn: await todayOf() });
    await expectRefusedWithoutEffect(handle, recorder, () => waive(handle, upfront, '受让方经营困难', actors.researcher), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => waive(handle, upfront, '   '), 'VALIDATION_FAILED', /reason/);
    await expectRefusedWithoutEffect(handle, recorder, () => waive(handle, `${input.dealId}:ob:milestone:7`, '无'), 'NOT_FOUND');
    const done = await waive(handle, upfront, '受让方经营困难，经校长办公会同意免除余款');
    expect(done.status).toBe('COMPLETED');
    expect(done.obligations).toEqual([expect.objectContaining({ key: upfront, status: 'WAIVED', paidFen: 50 * WAN, waiver: expect.objectContaining({ waivedFen: 100 * WAN }) })]);
    expect(recorder.calls.upsertObligations.at(-1)!.obligations).toEqual([expect.objectContaining({ key: upfront, status: 'WAIVED', waiver: expect.objectContaining({ reason: '受让方经营困难，经校长办公会同意免除余款' }) })]);
    expect(recorder.actions().slice(-2)).toEqual(['deal.obligation_waived', 'deal.completed']);
    expect(recorder.notificationsOfKind('OBLIGATION_WAIVED')).toEqual([expect.objectContaining({ personIds: [actors.researcher.personId], role: 'TTO_OFFICER', body: expect.stringContaining('¥1,000,000.00') })]);
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  });
});

describe('a ten-year licence', () => {
  it('runs its 40 quarterly periods to expiry in seconds: each reminder once, history kept small by continue-as-new', { timeout: 300_000 }, async () => {
    const { recorder } = worker;
    const draft = licenceDraft({ terms: { termMonths: 120, upfrontFeeFen: 0 } });
    const maxHistoryEvents = 400;
    const { handle, input } = await startDeal(env, worker, { draft, maxHistoryEvents });
    const { dealId } = input;
    await toContract(env, handle);
    const signedOn = await todayOf();
    const active = await signContract(handle, signedOn);
    const expiresOn = licenceEndDate({ effectiveOn: signedOn, termMonths: 120 });
    expect(active.expiresOn).toBe(expiresOn);
    const periods = Array.from({ length: 41 }, (_, index) => royaltyPeriodAt({ effectiveOn: signedOn, termMonths: 120, reportingPeriod: 'QUARTERLY', reportDueDays: 30, index }));
    expect(periods.filter(Boolean)).toHaveLength(40);
    expect(periods[40]).toBeNull();

    // Ten years and the last period's report date, follow-up and escalation, in one skip.
    const last = periods[39]!;
    await advanceTo(env, shanghaiEndOfDay(addCalendarDays({ date: last.reportDueOn, days: 31 })) + 60_000);
    const final = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.lateRoyaltyPeriods).toHaveLength(40);
      expect(state.openTasks.filter((task) => task.escalated)).toHaveLength(40);
      return state;
    }, 120_000);
    expect(final).toMatchObject({ status: 'EXPIRED', royaltyPeriod: null });

    // Every period: one e-mail seven days before and one on the report date, at 09:00; then one follow-up.
    for (const [index, period] of periods.slice(0, 40).entries()) {
      const key = `${dealId}:royalty:${index}`;
      const mails = recorder.calls.emailExternal.filter((call) => call.key.startsWith(`${key}:`));
      expect(mails.map((call) => call.key), `period ${index}`).toEqual([`${key}:report:${period!.reportDueOn}:before`, `${key}:report:${period!.reportDueOn}:due`]);
      expectScheduledAt(mails.map((call) => call.at), [morningOf(addCalendarDays({ date: period!.reportDueOn, days: -7 })), morningOf(period!.reportDueOn)]);
      expect(recorder.openedTaskKeys().filter((taskKey) => taskKey.startsWith(`${key}:`))).toEqual([`${key}:follow-up:${period!.reportDueOn}`]);
    }
    expect(recorder.calls.emailExternal).toHaveLength(80);
    expect(recorder.actions().filter((action) => action === 'deal.expired')).toHaveLength(1);
    // The state is written by a local activity: when its run recorded it, from the run's history.
    const expired = recorder.calls.recordDealState.find((call) => call.event.action === 'deal.expired')!;
    const writesOfItsRun = recorder.calls.recordDealState.filter((call) => call.runId === expired.runId);
    const recordedAt = await localActivityTimes(env, handle.workflowId, expired.runId, 'recordDealState');
    expect(recordedAt).toHaveLength(writesOfItsRun.length);
    expectScheduledAt([recordedAt[writesOfItsRun.indexOf(expired)]!], [shanghaiEndOfDay(expiresOn)]);
    expectDealKeysUnique(recorder);

    // The workflow continued as new, more than once, and no run's history grew large.
    const runIds = recorder.runIds();
    expect(runIds.length).toBeGreaterThan(3);
    for (const runId of runIds) {
      const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      expect(history.events!.length, `run ${runId}`).toBeLessThan(maxHistoryEvents + 150);
    }
    // Each run loaded the calendar once; the deal row was created once.
    expect(recorder.calls.createDeal).toHaveLength(1);

    // The TTO closes the books on the reports that never came: it stays EXPIRED and the workflow ends.
    await untilIdle(env.client.workflow.getHandle(handle.workflowId));
    const closed = await env.client.workflow.getHandle(handle.workflowId).executeUpdate(terminateDealUpdate, { args: [{ actor: actors.tto, reason: '被许可方未报告，转法务处理', effectiveOn: await todayOf() }] });
    expect(closed).toMatchObject({ status: 'EXPIRED', openTasks: [], lateRoyaltyPeriods: [] });
    expect(recorder.actions().at(-1)).toBe('deal.closed');
    expect(recorder.calls.closeDealTask.filter((call) => call.decision === 'TERMINATED')).toHaveLength(40);
    // The read model no longer expects the 40 reports.
    const waived = recorder.calls.upsertRoyaltyPeriod.filter((call) => call.period.status === 'WAIVED').map((call) => call.period.key);
    expect(new Set(waived)).toEqual(new Set(periods.slice(0, 40).map((_, index) => `${dealId}:royalty:${index}`)));
  });
});
