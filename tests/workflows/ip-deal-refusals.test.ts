// Refusals of the IP deal workflow, each by its AppError code and without any effect: a person
// with a conflict of interest (and the lead researcher and team) may decide nothing; wrong,
// stale and repeated decisions; the tier's approver only; claims, delegation and escalation of
// an overdue step; publicity objections dismissed (publicity resumes with its remaining time) and
// upheld (back to review); the exchange's result and the signed contract checked.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDateOf, shanghaiInstantOf } from '../../domain/calendar';
import {
  claimDealTaskUpdate,
  decideDealUpdate,
  delegateDealTaskUpdate,
  fileDealObjectionUpdate,
  recordExchangeResultUpdate,
  resolveDealObjectionUpdate,
  type Actor,
  type ExchangeResult,
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
  licenceDraft,
  NOT_A_SIGNED_CONTRACT,
  openTaskOf,
  signContract,
  startDeal,
  startDealWorker,
  stateOf,
  submitDeal,
  toContract,
  transferDraft,
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

const MINUTE = 60_000;
const todayOf = async () => shanghaiDateOf(await env.currentTimeMs());

/** A deal whose team includes a TTO officer who sits on the counterparty's board (disclosed). */
const conflictedDraft = (upfrontFeeFen = 100 * WAN) =>
  transferDraft({
    terms: { upfrontFeeFen },
    team: [
      { personId: actors.researcher.personId, contributionShareBp: 6_000 },
      { personId: actors.conflictedTto.personId, contributionShareBp: 4_000, counterpartyInterest: '受让方董事，持股 5%' },
    ],
    conflictDisclosureDocumentId: '8d0f4c1f-1d8e-4d7b-9f35-5f2d3c1a7b10',
  });

const claim = (handle: DealHandle, actor: Actor, taskKey: string) => handle.executeUpdate(claimDealTaskUpdate, { args: [{ actor, taskKey }] });
const delegate = (handle: DealHandle, actor: Actor, taskKey: string, deputyId: string) =>
  handle.executeUpdate(delegateDealTaskUpdate, { args: [{ actor, taskKey, deputyId, comment: '出差' }] });

describe('conflict of interest', () => {
  it('requires a disclosure document when a team member declares an interest in the counterparty', async () => {
    const { conflictDisclosureDocumentId: _omitted, ...draft } = conflictedDraft();
    const { handle } = await startDeal(env, worker, { draft });
    const failure = await expectRefused(submitDeal(handle), 'VALIDATION_FAILED', /conflictDisclosureDocumentId is required/);
    expect((failure.details?.[0] as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)).toEqual(['conflictDisclosureDocumentId']);
  });

  it('refuses the conflicted person (and the lead researcher) any step, claim or delegation, whatever their role', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: conflictedDraft(300 * WAN) });
    const submitted = await submitDeal(handle);
    expect(submitted.barred).toEqual([
      { personId: actors.researcher.personId, reason: 'LEAD_RESEARCHER' },
      { personId: actors.conflictedTto.personId, reason: 'COUNTERPARTY_INTEREST' },
    ]);
    const review = openTaskOf(submitted);

    // The conflicted officer holds the step's role and is still refused, with the reason named.
    const failure = await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.conflictedTto, review.key, 'APPROVE'), 'CONFLICT_OF_INTEREST', /conflict of interest/);
    expect(failure.details?.[0]).toEqual({ personId: actors.conflictedTto.personId, reason: 'COUNTERPARTY_INTEREST' });
    await expectRefusedWithoutEffect(handle, recorder, () => claim(handle, actors.conflictedTto, review.key), 'CONFLICT_OF_INTEREST');
    await expectRefusedWithoutEffect(handle, recorder, () => delegate(handle, actors.tto, review.key, actors.conflictedTto.personId), 'CONFLICT_OF_INTEREST');
    // The lead researcher, even given a TTO role, decides nothing on their own deal.
    const researcherAsTto: Actor = { ...actors.researcher, roles: ['RESEARCHER', 'TTO_OFFICER'] };
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, researcherAsTto, review.key, 'APPROVE'), 'CONFLICT_OF_INTEREST', /lead researcher/);

    // Later steps too: the conflicted person is barred from the tier step as a leader.
    const reviewed = await decide(handle, actors.tto, review.key, 'APPROVE');
    const tier = openTaskOf(reviewed);
    const conflictedLeader: Actor = { ...actors.conflictedTto, roles: ['LEADERSHIP'] };
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, conflictedLeader, tier.key, 'APPROVE'), 'CONFLICT_OF_INTEREST');
    expect((await decide(handle, actors.leader, tier.key, 'APPROVE')).status).toBe('PUBLICITY');
  });
});

describe('wrong, stale and repeated decisions', () => {
  it('routes each step to its role only, and refuses wrong steps, stale versions, repeats and missing reasons', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft({ terms: { upfrontFeeFen: 600 * WAN } }) });
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto, `${input.dealId}:r1:tto-review`, 'APPROVE'), 'WRONG_STEP');
    const submitted = await submitDeal(handle);
    const review = openTaskOf(submitted);

    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.leader, review.key, 'APPROVE'), 'NOT_ASSIGNEE', /TTO_OFFICER/);
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto, `${input.dealId}:r1:tier-2`, 'APPROVE'), 'WRONG_STEP', /not open/);
    await expectRefusedWithoutEffect(handle, recorder, () => handle.executeUpdate(decideDealUpdate, { args: [{ actor: actors.tto, taskKey: review.key, decision: 'APPROVE', expectedVersion: submitted.version - 1 }] }), 'STALE_VERSION');
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto, review.key, 'REJECT'), 'VALIDATION_FAILED', /comment: a reason/);
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto, review.key, 'RETURN', '  '), 'VALIDATION_FAILED', /comment/);

    // Two approvals of one step at once (a double click): one is taken, the other refused.
    const [first, second] = await Promise.allSettled([
      decide(handle, actors.tto, review.key, 'APPROVE'),
      decide(handle, actors.tto2, review.key, 'APPROVE'),
    ]);
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    const refused = (first.status === 'rejected' ? first : second) as PromiseRejectedResult;
    await expectRefused(Promise.reject(refused.reason), 'ALREADY_DECIDED');
    expect(recorder.calls.closeDealTask.filter((call) => call.key === review.key)).toHaveLength(1);

    // The tier's approver is 校长办公会 (LEADERSHIP): the TTO may not decide it.
    const tier = openTaskOf(await stateOf(handle));
    expect(tier).toMatchObject({ stepKey: 'tier-2', candidateRole: 'LEADERSHIP' });
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto, tier.key, 'APPROVE'), 'NOT_ASSIGNEE');
    // A repeat of the decided review, once the deal has moved on.
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto, review.key, 'APPROVE'), 'ALREADY_DECIDED');
    expectDealKeysUnique(recorder);
  });

  it('lets one officer claim a step and a deputy decide a delegated one; escalates an overdue step', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: transferDraft({ terms: { upfrontFeeFen: 300 * WAN } }) });
    const review = openTaskOf(await submitDeal(handle));
    const claimed = await claim(handle, actors.tto, review.key);
    expect(openTaskOf(claimed).assigneeId).toBe(actors.tto.personId);
    expect(recorder.calls.updateDealTask).toEqual([expect.objectContaining({ key: review.key, assigneeId: actors.tto.personId })]);
    await expectRefusedWithoutEffect(handle, recorder, () => claim(handle, actors.tto2, review.key), 'CONFLICT', /someone else/);
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.tto2, review.key, 'APPROVE'), 'NOT_ASSIGNEE');
    await expectRefusedWithoutEffect(handle, recorder, () => delegate(handle, actors.tto, review.key, actors.tto.personId), 'VALIDATION_FAILED', /yourself/);
    const delegated = await delegate(handle, actors.tto, review.key, actors.tto2.personId);
    expect(openTaskOf(delegated).assigneeId).toBe(actors.tto2.personId);
    expect(recorder.notificationsOfKind('TASK_DELEGATED')).toEqual([expect.objectContaining({ personIds: [actors.tto2.personId] })]);
    const reviewed = await decide(handle, actors.tto2, review.key, 'APPROVE');

    // The vice-president's step: reminders at half time and on the due morning, then escalation.
    const tier = openTaskOf(reviewed);
    const dueDay = shanghaiDateOf(tier.dueAt! - 1);
    await advanceTo(env, shanghaiInstantOf({ date: dueDay, time: '09:00' }) + MINUTE);
    await eventually(() => expect(recorder.notificationsOfKind('TASK_REMINDER').map((call) => call.key)).toEqual([`${tier.key}:reminder:HALF_TIME`, `${tier.key}:reminder:DUE_TODAY`]));
    expect(recorder.notificationsOfKind('TASK_REMINDER')[0]).toMatchObject({ role: 'LEADERSHIP' });
    await expectRefusedWithoutEffect(handle, recorder, () => decide(handle, actors.admin, tier.key, 'APPROVE'), 'NOT_ASSIGNEE');
    await advanceTo(env, tier.dueAt! + 5_000);
    await eventually(() => expect(recorder.notificationsOfKind('TASK_ESCALATED')).toEqual([expect.objectContaining({ key: `${tier.key}:escalated`, role: 'INSTITUTION_ADMIN' })]));
    expect(openTaskOf(await stateOf(handle)).escalated).toBe(true);
    // Once escalated, the escalation role may decide it.
    expect((await decide(handle, actors.admin, tier.key, 'APPROVE')).status).toBe('PUBLICITY');
    expectDealKeysUnique(recorder);
  });
});

describe('publicity of the name and the price (协议定价)', () => {
  const fileObjection = (handle: DealHandle, reason = '该成果价格明显偏低') =>
    handle.executeUpdate(fileDealObjectionUpdate, { args: [{ name: '匿名', contact: 'someone@example.com', reason }] });
  const resolve = (handle: DealHandle, taskKey: string, outcome: 'DISMISS' | 'UPHOLD', actor: Actor = actors.tto) =>
    handle.executeUpdate(resolveDealObjectionUpdate, { args: [{ actor, taskKey, outcome, comment: outcome === 'DISMISS' ? '价格经评估，合理' : '价格偏低，重新审核' }] });

  it('an objection pauses publicity; dismissed, it resumes with the time it had left and goes on to the contract', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: licenceDraft() });
    await submitDeal(handle);
    const publicity = (await approveAll(handle)).publicity!;
    expect(recorder.calls.publishDealNotice).toHaveLength(1);

    // Five days in, an objection: the notice is paused and the TTO reviews it.
    await advanceTo(env, shanghaiInstantOf({ date: addCalendarDays({ date: publicity.startsOn, days: 5 }), time: '10:00' }));
    const filedAt = await env.currentTimeMs();
    const { objectionId } = await fileObjection(handle);
    const paused = await stateOf(handle);
    expect(paused).toMatchObject({ status: 'OBJECTION_REVIEW', publicity: { objectionId } });
    // What was left of the period when the objection arrived (a moment after `filedAt`).
    expect(publicity.endsAt - filedAt - paused.publicity!.pausedRemainingMs!).toBeGreaterThanOrEqual(0);
    expect(publicity.endsAt - filedAt - paused.publicity!.pausedRemainingMs!).toBeLessThan(5_000);
    const review = openTaskOf(paused, 'OBJECTION_REVIEW');
    expect(review).toMatchObject({ key: `${input.dealId}:objection:${objectionId}`, candidateRole: 'TTO_OFFICER' });
    expect(recorder.calls.updateDealNotice.map((call) => call.status)).toEqual(['PAUSED']);
    await expectRefusedWithoutEffect(handle, recorder, () => fileObjection(handle, '再次异议'), 'PUBLICITY_OPEN');
    await expectRefusedWithoutEffect(handle, recorder, () => resolve(handle, review.key, 'DISMISS', actors.leader), 'NOT_ASSIGNEE');
    await expectRefusedWithoutEffect(handle, recorder, () => resolve(handle, review.key, 'DISMISS', actors.researcher), 'CONFLICT_OF_INTEREST');

    // Ten days later the TTO dismisses it: the remaining ten days or so run from now.
    await advanceTo(env, (await env.currentTimeMs()) + 10 * 86_400_000);
    const remaining = paused.publicity!.pausedRemainingMs!;
    const resumedAt = await env.currentTimeMs();
    const resumed = await resolve(handle, review.key, 'DISMISS');
    expect(resumed.status).toBe('PUBLICITY');
    // (the resolution lands a moment after `resumedAt`)
    expect(resumed.publicity!.endsAt - (resumedAt + remaining)).toBeGreaterThanOrEqual(0);
    expect(resumed.publicity!.endsAt - (resumedAt + remaining)).toBeLessThan(5_000);
    expect(recorder.calls.resolveDealObjection).toEqual([expect.objectContaining({ objectionId, outcome: 'DISMISSED', resolvedById: actors.tto.personId })]);
    expect(recorder.calls.updateDealNotice.at(-1)).toMatchObject({ status: 'OPEN', endsOn: resumed.publicity!.endsOn });

    // The old end passes without effect; the new one leads to the contract.
    await advanceTo(env, resumed.publicity!.endsAt - MINUTE);
    expect((await stateOf(handle)).status).toBe('PUBLICITY');
    await advanceTo(env, resumed.publicity!.endsAt + 5_000);
    await eventually(async () => expect((await stateOf(handle)).status).toBe('CONTRACT'));
    expect(recorder.statuses()).toEqual(['IN_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'PUBLICITY', 'CONTRACT']);
  });

  it('an upheld objection withdraws the notice and sends the deal back to review from the first step', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: licenceDraft() });
    await submitDeal(handle);
    const publicity = (await approveAll(handle)).publicity!;
    await fileObjection(handle);
    const review = openTaskOf(await stateOf(handle), 'OBJECTION_REVIEW');
    const upheld = await resolve(handle, review.key, 'UPHOLD');
    expect(upheld).toMatchObject({ status: 'IN_REVIEW', round: 2, stepIndex: 0, publicity: null });
    expect(openTaskOf(upheld).key).toBe(`${input.dealId}:r2:tto-review`);
    expect(recorder.calls.updateDealNotice.map((call) => [call.key, call.status])).toEqual([[publicity.noticeKey, 'PAUSED'], [publicity.noticeKey, 'WITHDRAWN']]);
    expect(recorder.notificationsOfKind('OBJECTION_UPHELD')).toEqual([expect.objectContaining({ personIds: [actors.researcher.personId] })]);
    // Approved again, a new notice for the new round.
    const again = await approveAll(handle);
    expect(again.publicity!.noticeKey).toBe(`${input.dealId}:r2:notice`);
    // Objections are for the publicity period only.
    await advanceTo(env, again.publicity!.endsAt + 5_000);
    await eventually(async () => expect((await stateOf(handle)).status).toBe('CONTRACT'));
    await expectRefusedWithoutEffect(handle, recorder, () => fileObjection(handle), 'INVALID_TRANSITION');
  });
});

describe('the exchange result and the signed contract', () => {
  it('takes the result from the TTO only, with the counterparty as the winner', async () => {
    const { recorder } = worker;
    const { handle } = await startDeal(env, worker, { draft: transferDraft({ pricingMethod: 'AUCTION' }) });
    await submitDeal(handle);
    expect((await approveAll(handle)).status).toBe('EXCHANGE');
    const today = await todayOf();
    const result: ExchangeResult = { venue: '上海技术交易所', listingReference: 'STE-2026-7', concludedOn: today, finalPriceFen: 180 * WAN, winningParty: COUNTERPARTY_NAME, documentId: null };
    const record = (actor: Actor, change: Partial<ExchangeResult>) => handle.executeUpdate(recordExchangeResultUpdate, { args: [{ actor, result: { ...result, ...change } }] });
    await expectRefusedWithoutEffect(handle, recorder, () => record(actors.researcher, {}), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => record(actors.tto, { winningParty: '另一家公司' }), 'VALIDATION_FAILED', /winningParty/);
    await expectRefusedWithoutEffect(handle, recorder, () => record(actors.tto, { concludedOn: addCalendarDays({ date: today, days: 1 }) }), 'VALIDATION_FAILED', /concludedOn/);
    await expectRefusedWithoutEffect(handle, recorder, () => record(actors.tto, { finalPriceFen: 0 }), 'VALIDATION_FAILED', /finalPriceFen/);
    // Full-width brackets and spaces in the name are the same party.
    const contract = await record(actors.tto, { winningParty: `${COUNTERPARTY_NAME}`.replace('有限公司', ' 有限公司') });
    expect(contract.status).toBe('CONTRACT');
  });

  it('takes only a signed contract of this deal, dated by today, uploaded by the TTO', async () => {
    const { recorder } = worker;
    const { handle, input } = await startDeal(env, worker, { draft: transferDraft() });
    await toContract(env, handle);
    const today = await todayOf();
    await expectRefusedWithoutEffect(handle, recorder, () => signContract(handle, today, 'doc-1', actors.researcher), 'FORBIDDEN');
    await expectRefusedWithoutEffect(handle, recorder, () => signContract(handle, addCalendarDays({ date: today, days: 1 })), 'VALIDATION_FAILED', /signedOn/);
    // The document check is the lock activity's: refused, and the deal waits for the right one.
    await expectRefused(signContract(handle, today, `${NOT_A_SIGNED_CONTRACT}draft`), 'VALIDATION_FAILED', /documentId: .*not a SIGNED_CONTRACT/);
    const waiting = await stateOf(handle);
    expect(waiting).toMatchObject({ status: 'CONTRACT', signedContract: null });
    expect(openTaskOf(waiting, 'SIGN_CONTRACT')).toBeTruthy();
    const active = await signContract(handle, today, 'signed-ok');
    expect(active.status).toBe('ACTIVE');
    expect(recorder.calls.lockDealDocuments.map((call) => call.documentIds)).toEqual([[`${NOT_A_SIGNED_CONTRACT}draft`], ['signed-ok']]);
    expect(recorder.calls.lockDealDocuments.every((call) => call.dealId === input.dealId)).toBe(true);
  });
});
