// The settlement workflow under time skipping, with in-memory activities: every path (with and
// without leadership, finance returning or rejecting, publicity objections dismissed and upheld,
// cancellation, reversal), payouts that are sent twice and book once, and refusals by code.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerBalances, netsToZero } from '../../domain/settlement';
import {
  cancelSettlementUpdate,
  decideSettlementUpdate,
  editSettlementDraftUpdate,
  fileSettlementObjectionUpdate,
  recordPayoutUpdate,
  resolveSettlementObjectionUpdate,
  reverseSettlementUpdate,
  type Actor,
} from '../../workflows/contracts/settlement';
import {
  actors,
  advanceTo,
  createTimeSkippingEnv,
  decide,
  eventually,
  expectRefused,
  largeDraft,
  openTaskOf,
  people,
  profileWith,
  smallDraft,
  startSettlement,
  startTestWorker,
  stateOf,
  submit,
  throughPublicity,
  today,
  type TestWorker,
} from './settlement-support';

let env: TestWorkflowEnvironment;
let worker: TestWorker;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(async () => {
  worker = await startTestWorker(env);
});
afterEach(async () => {
  await worker.stop();
});

const pay = (paymentKey: string, extra: { lineIds?: string[]; actor?: Actor } = {}) => ({
  actor: extra.actor ?? actors.finance,
  paymentKey,
  paymentRef: `BANK-${paymentKey}`,
  paidOn: '2026-06-30',
  ...(extra.lineIds ? { lineIds: extra.lineIds } : {}),
});

describe('preparing the plan', () => {
  it('computes the plan on every change, to the fen, and refuses to submit one that cannot be settled', async () => {
    const { handle, input } = await startSettlement(env, worker);
    let state = await stateOf(handle);
    expect(state.status).toBe('PREPARING');
    expect(openTaskOf(state, 'PREPARE_SETTLEMENT').candidateRole).toBe('TTO_OFFICER');
    await expectRefused(submit(handle), 'VALIDATION_FAILED', /income/);

    state = await handle.executeUpdate(editSettlementDraftUpdate, { args: [{ actor: actors.tto, draft: smallDraft() }] });
    expect(state.version).toBe(2);
    expect(state.problems).toBeNull();
    expect(state.plan!.totals).toMatchObject({ grossFen: 1_333_334, deductionsFen: 1, netFen: 1_333_333, teamFen: 933_333, institutionFen: 200_000, departmentFen: 133_333, ttoFundFen: 66_667 });
    expect(state.plan!.people.map((person) => [person.name, person.cashFen])).toEqual([
      ['张明远', 466_667],
      ['李思齐', 280_000],
      ['王五', 186_666],
    ]);
    expect(state.plan!.approval.leadershipRequired).toBe(false);
    // The read model got the full result and the claimed draft in the same call.
    const recorded = worker.recorder.calls.recordSettlementState.at(-1)!;
    expect(recorded.draft).toEqual(smallDraft());
    expect(recorded.computed!.result!.settlementId).toBe(input.settlementId);

    // A deduction the profile does not allow: the draft is kept, with the problem named, and cannot be submitted.
    const bad = { ...smallDraft(), deductions: [{ id: 'legal', kind: 'LEGAL' as const, incomeClass: 'LICENCE_TRANSFER' as const, amountFen: 100, evidenceDocumentIds: [], note: null }] };
    state = await handle.executeUpdate(editSettlementDraftUpdate, { args: [{ actor: actors.tto, draft: bad }] });
    expect(state.plan).toBeNull();
    expect(state.problems).toMatchObject({ reason: 'DEDUCTION_NOT_ALLOWED', issues: [{ path: 'deductions[0].kind' }] });
    const refusal = await expectRefused(submit(handle), 'VALIDATION_FAILED');
    expect(JSON.stringify(refusal.details)).toContain('deductions[0].kind');

    // Only the TTO prepares; a stale version is refused.
    await expectRefused(handle.executeUpdate(editSettlementDraftUpdate, { args: [{ actor: actors.finance, draft: smallDraft() }] }), 'FORBIDDEN');
    await expectRefused(handle.executeUpdate(editSettlementDraftUpdate, { args: [{ actor: actors.tto, draft: smallDraft(), expectedVersion: 1 }] }), 'STALE_VERSION');
  });

  it('refuses a profile whose team share is below the legal minimum (the plan names the field)', async () => {
    const profile = profileWith((p) => {
      p.benefitShare.licenceIncome = { teamBp: 4_000, institutionBp: 4_000, departmentBp: 1_000, ttoFundBp: 1_000 };
    });
    const { handle } = await startSettlement(env, worker, { profile, draft: smallDraft() });
    const state = await stateOf(handle);
    expect(state.plan).toBeNull();
    expect(state.problems).toMatchObject({ reason: 'TEAM_SHARE_BELOW_LEGAL_MINIMUM', issues: [{ path: 'benefitShare.licenceIncome.teamBp' }] });
    await expectRefused(submit(handle), 'VALIDATION_FAILED', /teamBp/);
  });
});

describe('the whole path', () => {
  it('without leadership: finance review → publicity → approved (ledger booked) → payouts (each once) → statements → paid', async () => {
    const { handle, input } = await startSettlement(env, worker, { draft: smallDraft() });
    const id = input.settlementId;
    const submitted = await submit(handle);
    expect(submitted.status).toBe('FINANCE_REVIEW');
    expect(openTaskOf(submitted, 'FINANCE_REVIEW').candidateRole).toBe('FINANCE_OFFICER');

    // A finance officer on the deal's team may not review it, nor the TTO.
    const task = openTaskOf(submitted, 'FINANCE_REVIEW');
    await expectRefused(handle.executeUpdate(decideSettlementUpdate, { args: [{ actor: actors.memberFinance, taskKey: task.key, decision: 'APPROVE' }] }), 'CONFLICT_OF_INTEREST');
    await expectRefused(handle.executeUpdate(decideSettlementUpdate, { args: [{ actor: actors.tto, taskKey: task.key, decision: 'APPROVE' }] }), 'NOT_ASSIGNEE');

    const published = await decide(handle, 'FINANCE_REVIEW', 'APPROVE', actors.finance);
    expect(published.status).toBe('PUBLICITY');
    expect(worker.recorder.calls.publishSettlementNotice).toHaveLength(1);
    expect(published.publicity!.startsOn).toBe(await today(env));
    await expectRefused(handle.executeUpdate(recordPayoutUpdate, { args: [pay('too-early')] }), 'INVALID_TRANSITION');

    await advanceTo(env, published.publicity!.endsAt + 5_000);
    const approved = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.status).toBe('APPROVED');
      return state;
    });
    expect(worker.recorder.calls.updateSettlementNotice.map((call) => call.status)).toEqual(['CLOSED']);
    expect(worker.recorder.calls.bookSettlementLedger).toHaveLength(1);
    const booked = worker.recorder.ledger.filter((entry) => entry.settlementId === id);
    // 2 income, 1 deduction, 6 allocations (3 people + institution, department, TTO fund).
    expect(booked.map((entry) => entry.kind)).toEqual(['INCOME', 'INCOME', 'DEDUCTION', ...Array(6).fill('ALLOCATION')]);
    expect(openTaskOf(approved, 'RECORD_PAYOUT').candidateRole).toBe('FINANCE_OFFICER');

    // The people first; the same payout sent twice (a retry, a double click) books once.
    const personLines = approved.plan!.lines.filter((line) => line.personId !== null).map((line) => line.lineId);
    const first = await handle.executeUpdate(recordPayoutUpdate, { args: [pay('p-1', { lineIds: personLines })] });
    expect(first.status).toBe('APPROVED');
    const again = await handle.executeUpdate(recordPayoutUpdate, { args: [pay('p-1', { lineIds: personLines })] });
    expect(again.paidLineIds).toEqual(first.paidLineIds);
    expect(worker.recorder.calls.recordSettlementPayout).toHaveLength(1);
    // The same lines under another key: refused, nothing booked.
    await expectRefused(handle.executeUpdate(recordPayoutUpdate, { args: [pay('p-2', { lineIds: [personLines[0]!] })] }), 'CONFLICT');
    await expectRefused(handle.executeUpdate(recordPayoutUpdate, { args: [pay('p-x', { lineIds: ['NOPE/person:x'] })] }), 'VALIDATION_FAILED');
    await expectRefused(handle.executeUpdate(recordPayoutUpdate, { args: [pay('p-y', { actor: actors.memberFinance })] }), 'CONFLICT_OF_INTEREST');
    await expectRefused(handle.executeUpdate(recordPayoutUpdate, { args: [{ ...pay('p-z'), actor: actors.tto }] }), 'FORBIDDEN');

    // The rest: the settlement is PAID once every line is, with a statement per person.
    const paid = await handle.executeUpdate(recordPayoutUpdate, { args: [pay('p-3')] });
    expect(paid.status).toBe('PAID');
    expect(paid.statements.map((statement) => statement.personId)).toEqual([people.memberA, people.memberB, people.memberC]);
    expect(worker.recorder.calls.generateSettlementStatement.map((call) => call.key)).toEqual([people.memberA, people.memberB, people.memberC].map((p) => `${id}:statement:${p}`));
    const sent = worker.recorder.calls.notifySettlement.filter((call) => call.kind === 'STATEMENT_READY');
    expect(sent.map((call) => [call.personIds, call.linkPath])).toEqual([people.memberA, people.memberB, people.memberC].map((p) => [[p], `/settlements/${id}/statements/${p}`]));

    // Paying again after PAID (the first key) books nothing; every payable account is settled.
    await handle.executeUpdate(recordPayoutUpdate, { args: [pay('p-3')] });
    expect(worker.recorder.calls.recordSettlementPayout).toHaveLength(2);
    const mine = worker.recorder.ledger.filter((entry) => entry.settlementId === id);
    expect(mine.filter((entry) => entry.kind === 'PAYOUT')).toHaveLength(6);
    expect(ledgerBalances(mine).filter((balance) => balance.account.startsWith('payable:')).every((balance) => balance.balance === 0)).toBe(true);
    expect(worker.recorder.statuses(id)).toEqual(['PREPARING', 'FINANCE_REVIEW', 'PUBLICITY', 'APPROVED', 'PAID']);
    const keys = worker.recorder.notificationKeys();
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('with leadership: an amount above the tier goes to the leadership after publicity', async () => {
    const { handle } = await startSettlement(env, worker, { draft: largeDraft() });
    const prepared = await stateOf(handle);
    expect(prepared.plan!.approval).toMatchObject({ leadershipRequired: true, approverRole: 'LEADERSHIP', amountFen: 200_000_000 });
    await throughPublicity(env, handle, { advanceTo });
    const atLeadership = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.status).toBe('LEADERSHIP_APPROVAL');
      return state;
    });
    expect(worker.recorder.calls.bookSettlementLedger).toHaveLength(0);
    const task = openTaskOf(atLeadership, 'APPROVAL');
    expect(task.candidateRole).toBe('LEADERSHIP');
    await expectRefused(handle.executeUpdate(decideSettlementUpdate, { args: [{ actor: actors.finance, taskKey: task.key, decision: 'APPROVE' }] }), 'NOT_ASSIGNEE');
    const approved = await handle.executeUpdate(decideSettlementUpdate, { args: [{ actor: actors.leader, taskKey: task.key, decision: 'APPROVE', comment: '同意' }] });
    expect(approved.status).toBe('APPROVED');
    expect(worker.recorder.calls.bookSettlementLedger).toHaveLength(1);
    expect(worker.recorder.calls.bookSettlementLedger[0]!.actorId).toBe(people.leader);
    await expectRefused(handle.executeUpdate(decideSettlementUpdate, { args: [{ actor: actors.leader, taskKey: task.key, decision: 'APPROVE' }] }), 'ALREADY_DECIDED');
  });
});

describe('review outcomes', () => {
  it('finance returns the plan: back to preparation for a second round, then resubmitted', async () => {
    const { handle, input } = await startSettlement(env, worker, { draft: smallDraft() });
    await submit(handle);
    const task = openTaskOf(await stateOf(handle), 'FINANCE_REVIEW');
    await expectRefused(handle.executeUpdate(decideSettlementUpdate, { args: [{ actor: actors.finance, taskKey: task.key, decision: 'RETURN' }] }), 'VALIDATION_FAILED', /comment/);
    const returned = await decide(handle, 'FINANCE_REVIEW', 'RETURN', actors.finance, '请补充专利维持费凭证');
    expect(returned.status).toBe('PREPARING');
    expect(returned.round).toBe(2);
    expect(openTaskOf(returned, 'PREPARE_SETTLEMENT').key).toBe(`${input.settlementId}:r2:prepare`);
    expect(worker.recorder.calls.notifySettlement.find((call) => call.kind === 'SETTLEMENT_RETURNED')).toMatchObject({ personIds: [people.tto], body: '请补充专利维持费凭证' });

    const edited = await handle.executeUpdate(editSettlementDraftUpdate, {
      args: [{ actor: actors.tto2, draft: { ...smallDraft(), deductions: [...smallDraft().deductions, { id: 'patent', kind: 'PATENT_MAINTENANCE', incomeClass: 'LICENCE_TRANSFER', amountFen: 33_333, evidenceDocumentIds: [], note: '年费' }] } }],
    });
    expect(edited.plan!.totals.netFen).toBe(1_300_000);
    const resubmitted = await submit(handle, actors.tto2);
    expect(resubmitted.status).toBe('FINANCE_REVIEW');
    expect(openTaskOf(resubmitted, 'FINANCE_REVIEW').key).toBe(`${input.settlementId}:r2:finance-review`);
  });

  it('finance rejects the plan: REJECTED, its income freed, the workflow ends', async () => {
    const { handle, input } = await startSettlement(env, worker, { draft: smallDraft() });
    await submit(handle);
    const rejected = await decide(handle, 'FINANCE_REVIEW', 'REJECT', actors.finance, '收入期间有误');
    expect(rejected.status).toBe('REJECTED');
    const last = worker.recorder.calls.recordSettlementState.at(-1)!;
    expect(last).toMatchObject({ status: 'REJECTED', releaseIncome: true });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect(worker.recorder.ledger.filter((entry) => entry.settlementId === input.settlementId)).toEqual([]);
  });

  it('the TTO cancels before approval: tasks cancelled, notice withdrawn, income freed', async () => {
    const { handle } = await startSettlement(env, worker, { draft: smallDraft() });
    await submit(handle);
    await decide(handle, 'FINANCE_REVIEW', 'APPROVE', actors.finance);
    await expectRefused(handle.executeUpdate(cancelSettlementUpdate, { args: [{ actor: actors.finance, reason: 'x' }] }), 'FORBIDDEN');
    await expectRefused(handle.executeUpdate(cancelSettlementUpdate, { args: [{ actor: actors.tto, reason: ' ' }] }), 'VALIDATION_FAILED');
    const cancelled = await handle.executeUpdate(cancelSettlementUpdate, { args: [{ actor: actors.tto, reason: '合同变更，重新结算' }] });
    expect(cancelled.status).toBe('CANCELLED');
    expect(worker.recorder.calls.updateSettlementNotice.at(-1)!.status).toBe('WITHDRAWN');
    expect(worker.recorder.calls.recordSettlementState.at(-1)).toMatchObject({ status: 'CANCELLED', releaseIncome: true });
  });
});

describe('publicity of the distribution plan', () => {
  it('an objection pauses it; dismissed, it resumes with the time it had left and the plan is approved', async () => {
    const { handle } = await startSettlement(env, worker, { draft: smallDraft() });
    await submit(handle);
    const published = await decide(handle, 'FINANCE_REVIEW', 'APPROVE', actors.finance);
    const { endsAt } = published.publicity!;
    // Three days in, someone objects.
    const objectedAt = (await env.currentTimeMs()) + 3 * 24 * 3600 * 1000;
    await advanceTo(env, objectedAt);
    const { objectionId } = await handle.executeUpdate(fileSettlementObjectionUpdate, { args: [{ name: '赵六', contact: 'zhao@example.com', reason: '本人亦为主要完成人，未列入分配名单' }] });
    const paused = await stateOf(handle);
    expect(paused.status).toBe('OBJECTION_REVIEW');
    expect(paused.publicity!.objectionId).toBe(objectionId);
    const remaining = paused.publicity!.pausedRemainingMs!;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(endsAt - objectedAt);
    expect(worker.recorder.calls.updateSettlementNotice.at(-1)!.status).toBe('PAUSED');
    await expectRefused(handle.executeUpdate(fileSettlementObjectionUpdate, { args: [{ contact: 'x@example.com', reason: 'again' }] }), 'INVALID_TRANSITION');

    // Review takes two days; the TTO dismisses it.
    await advanceTo(env, (await env.currentTimeMs()) + 2 * 24 * 3600 * 1000);
    const task = openTaskOf(paused, 'OBJECTION_REVIEW');
    await expectRefused(handle.executeUpdate(resolveSettlementObjectionUpdate, { args: [{ actor: actors.finance, taskKey: task.key, outcome: 'DISMISS', comment: 'x' }] }), 'NOT_ASSIGNEE');
    const resumed = await handle.executeUpdate(resolveSettlementObjectionUpdate, { args: [{ actor: actors.tto, taskKey: task.key, outcome: 'DISMISS', comment: '经核实，赵六未参与该成果完成' }] });
    expect(resumed.status).toBe('PUBLICITY');
    const resumedAt = await env.currentTimeMs();
    expect(resumed.publicity!.endsAt).toBeGreaterThan(endsAt);
    expect(Math.abs(resumed.publicity!.endsAt - (resumedAt + remaining))).toBeLessThan(60_000);
    expect(worker.recorder.calls.resolveSettlementObjection.at(-1)).toMatchObject({ objectionId, outcome: 'DISMISSED' });

    await advanceTo(env, resumed.publicity!.endsAt + 5_000);
    await eventually(async () => expect((await stateOf(handle)).status).toBe('APPROVED'));
  });

  it('an objection upheld sends the plan back to preparation (round 2) and withdraws the notice', async () => {
    const { handle, input } = await startSettlement(env, worker, { draft: smallDraft() });
    await submit(handle);
    await decide(handle, 'FINANCE_REVIEW', 'APPROVE', actors.finance);
    await handle.executeUpdate(fileSettlementObjectionUpdate, { args: [{ contact: 'qian@example.com', reason: '贡献份额有误' }] });
    const task = openTaskOf(await stateOf(handle), 'OBJECTION_REVIEW');
    await expectRefused(handle.executeUpdate(resolveSettlementObjectionUpdate, { args: [{ actor: actors.tto, taskKey: task.key, outcome: 'UPHOLD', comment: ' ' }] }), 'VALIDATION_FAILED');
    const upheld = await handle.executeUpdate(resolveSettlementObjectionUpdate, { args: [{ actor: actors.tto, taskKey: task.key, outcome: 'UPHOLD', comment: '贡献份额需重新认定' }] });
    expect(upheld.status).toBe('PREPARING');
    expect(upheld.round).toBe(2);
    expect(upheld.publicity).toBeNull();
    expect(openTaskOf(upheld, 'PREPARE_SETTLEMENT').key).toBe(`${input.settlementId}:r2:prepare`);
    expect(worker.recorder.calls.updateSettlementNotice.at(-1)).toMatchObject({ key: `${input.settlementId}:r1:notice`, status: 'WITHDRAWN' });
    expect(worker.recorder.calls.resolveSettlementObjection.at(-1)!.outcome).toBe('UPHELD');
    // Resubmitted and approved again: a new notice for the new round.
    await submit(handle);
    await decide(handle, 'FINANCE_REVIEW', 'APPROVE', actors.finance);
    expect(worker.recorder.calls.publishSettlementNotice.map((call) => call.key)).toEqual([`${input.settlementId}:r1:notice`, `${input.settlementId}:r2:notice`]);
  });
});

describe('reversal', () => {
  it('a paid settlement is reversed with a reason: mirrored entries, accounts net to zero, income freed', async () => {
    const { handle, input } = await startSettlement(env, worker, { draft: smallDraft() });
    const published = await throughPublicity(env, handle, { advanceTo });
    expect(published.status).toBe('PUBLICITY');
    await eventually(async () => expect((await stateOf(handle)).status).toBe('APPROVED'));
    await handle.executeUpdate(recordPayoutUpdate, { args: [pay('all')] });
    await expectRefused(handle.executeUpdate(reverseSettlementUpdate, { args: [{ actor: actors.researcher, reason: 'x' }] }), 'FORBIDDEN');
    await expectRefused(handle.executeUpdate(reverseSettlementUpdate, { args: [{ actor: actors.finance, reason: '' }] }), 'VALIDATION_FAILED');
    await expectRefused(handle.executeUpdate(cancelSettlementUpdate, { args: [{ actor: actors.tto, reason: 'x' }] }), 'INVALID_TRANSITION', /reverse/);

    const reversed = await handle.executeUpdate(reverseSettlementUpdate, { args: [{ actor: actors.finance, reason: '许可合同被撤销，收入退回' }] });
    expect(reversed.status).toBe('REVERSED');
    expect(reversed.reversal).toMatchObject({ reason: '许可合同被撤销，收入退回', byId: people.finance });
    const mine = worker.recorder.ledger.filter((entry) => entry.settlementId === input.settlementId);
    const originals = mine.filter((entry) => entry.reversalOf === null);
    const reversals = mine.filter((entry) => entry.reversalOf !== null);
    expect(reversals).toHaveLength(originals.length);
    expect(reversals.every((entry) => entry.reason === '许可合同被撤销，收入退回')).toBe(true);
    expect(netsToZero(mine)).toBe(true);
    expect(worker.recorder.calls.recordSettlementState.at(-1)).toMatchObject({ status: 'REVERSED', releaseIncome: true, reversal: { reason: '许可合同被撤销，收入退回' } });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('an approved settlement not yet paid can be reversed too; the payout task is cancelled', async () => {
    const { handle, input } = await startSettlement(env, worker, { draft: smallDraft() });
    await throughPublicity(env, handle, { advanceTo });
    const approved = await eventually(async () => {
      const state = await stateOf(handle);
      expect(state.status).toBe('APPROVED');
      return state;
    });
    const payoutTask = openTaskOf(approved, 'RECORD_PAYOUT');
    const reversed = await handle.executeUpdate(reverseSettlementUpdate, { args: [{ actor: actors.tto, reason: '分配比例适用错误' }] });
    expect(reversed.status).toBe('REVERSED');
    expect(worker.recorder.calls.closeSettlementTask.find((call) => call.key === payoutTask.key)).toMatchObject({ state: 'CANCELLED' });
    expect(netsToZero(worker.recorder.ledger.filter((entry) => entry.settlementId === input.settlementId))).toBe(true);
  });
});
