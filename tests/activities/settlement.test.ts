// The settlement activities against real PostgreSQL, MinIO and SMTP: the plan and its income
// claims written with the state, the ledger booked once however often (and however
// concurrently) the booking runs — a crash after the commit included — the table refusing
// UPDATE and DELETE, payouts and reversals once, the statement PDF read back with the person's
// name and every amount, notifications e-mailed once, and income entered by hand, once per key.
import { ApplicationFailure } from '@temporalio/common';
import { extractText, getDocumentProxy } from 'unpdf';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../activities/infra/config';
import { createMailer } from '../../activities/infra/mailer';
import { getObject, type Storage } from '../../activities/infra/storage';
import { bookSettlementLedger } from '../../activities/settlement/book-settlement-ledger';
import { createSettlementActivities } from '../../activities/settlement/create-settlement-activities';
import { recordIncomeEvent } from '../../activities/settlement/record-income-event';
import { ledgerOf } from '../../activities/settlement/settlement-rows';
import { computeSettlement, netsToZero, type TSettlementResult } from '../../domain/settlement';
import { formatCny } from '../../domain/money';
import { seedActiveDeal, seedDealDocument, seedIncomeEvent, type SeededDeal, type SeededInstitution } from '../../prisma/factories';
import { emptySettlementDraft, type SettlementActivities, type SettlementDraft, type SettlementInput } from '../../workflows/contracts/settlement';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage } from '../support/stack';
import { seedTestInstitution } from './support/case-fixture';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

const NOW = new Date('2026-06-30T02:00:00.000Z');

let database: TestDatabase;
let storage: Storage;
let config: AppConfig;
let smtp: SmtpSink;
let seeded: SeededInstitution;
let activities: SettlementActivities;
let deal: SeededDeal;
/** The deal's three income events: ¥10,000.01 upfront, ¥3,333.33 royalty, ¥500.00 royalty. */
let income: { upfront: string; royalty: string; late: string };

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpSink();
  config = testConfig(database.url, { SMTP_URL: smtp.url, PUBLIC_URL: 'https://spinway.example.edu.cn' });
  storage = await testStorage(config);
  seeded = await seedTestInstitution(database.db);
  activities = createSettlementActivities({ db: database.db, storage, mailer: createMailer(config), config, clock: () => NOW });
  const { researcher, otherResearcher } = seeded.people;
  deal = await seedActiveDeal(database.db, seeded, {
    team: [
      { personId: researcher.id, name: researcher.name, contributionShareBp: 5_000, mainContributor: true },
      { personId: otherResearcher.id, name: otherResearcher.name, contributionShareBp: 3_000, mainContributor: false },
      { personId: null, name: '王五', contributionShareBp: 2_000, mainContributor: false },
    ],
  });
  income = {
    upfront: await seedIncomeEvent(database.db, deal, { kind: 'UPFRONT', amountFen: 1_000_001, receivedOn: '2026-01-15' }),
    royalty: await seedIncomeEvent(database.db, deal, { kind: 'ROYALTY', amountFen: 333_333, receivedOn: '2026-03-31' }),
    late: await seedIncomeEvent(database.db, deal, { kind: 'ROYALTY', amountFen: 50_000, receivedOn: '2026-06-30' }),
  };
});
afterAll(async () => {
  await smtp?.close();
  await database?.drop();
});

function settlementInput(overrides: Partial<SettlementInput> = {}): SettlementInput & { workflowId: string } {
  const settlementId = randomUUID();
  return {
    settlementId,
    reference: `ST-2026-${settlementId.slice(0, 8).toUpperCase()}`,
    institutionId: seeded.institution.id,
    dealId: deal.id,
    dealReference: deal.reference,
    createdById: seeded.people.tto.id,
    kind: 'PERIODIC',
    period: { from: '2026-01-01', to: '2026-06-30' },
    profile: seeded.profile.rules,
    profileId: seeded.profile.id,
    draft: emptySettlementDraft(),
    workflowId: `settlement-${settlementId}`,
    ...overrides,
  };
}

const draftOf = (incomeEventIds: string[]): SettlementDraft => ({
  ...emptySettlementDraft(),
  incomeEventIds,
  deductions: incomeEventIds.length === 0 ? [] : [{ id: 'tax', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 1, evidenceDocumentIds: [], note: '增值税' }],
});

/** Creates the row, loads the input, computes the plan as the workflow does and records it (version 2). */
async function preparedSettlement(incomeEventIds: string[]): Promise<{ id: string; result: TSettlementResult }> {
  const input = settlementInput();
  await activities.createSettlementRecord(input);
  const draft = draftOf(incomeEventIds);
  const loaded = await activities.loadSettlementInput({ settlementId: input.settlementId, draft });
  const result = computeSettlement({ input: loaded, profile: seeded.profile.rules });
  await activities.recordSettlementState({
    settlementId: input.settlementId,
    status: 'PREPARING',
    version: 2,
    currentStepKey: 'prepare',
    draft,
    computed: { result, problems: null },
    event: { key: `${input.settlementId}:v2`, actorId: seeded.people.tto.id, action: 'settlement.draft_edited' },
  });
  return { id: input.settlementId, result };
}

/** Moves the row on as the workflow would (submitted, published, …). */
async function recordStatus(id: string, status: 'FINANCE_REVIEW' | 'PUBLICITY' | 'APPROVED' | 'PAID', version: number, extra: object = {}) {
  await activities.recordSettlementState({ settlementId: id, status, version, currentStepKey: null, ...extra, event: { key: `${id}:v${version}`, actorId: null, action: `settlement.${status.toLowerCase()}` } });
}

async function expectFailure(promise: Promise<unknown>, type: string, message?: RegExp): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => { throw new Error(`expected a ${type} failure`); },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  expect(failure.type).toBe(type);
  expect(failure.nonRetryable).toBe(true);
  if (message) expect(failure.message).toMatch(message);
  return failure;
}

describe('preparing: state, plan and income claims', () => {
  it('writes the draft, the plan (totals, lines with tax) and claims the income, with one audit entry per change', async () => {
    const { id, result } = await preparedSettlement([income.upfront, income.royalty]);
    const row = await database.db.settlement.findUniqueOrThrow({ where: { id }, include: { lines: { orderBy: { position: 'asc' } }, deductions: true, income: true } });
    expect(row).toMatchObject({ status: 'PREPARING', version: 2, grossFen: 1_333_334n, deductionsFen: 1n, netFen: 1_333_333n, leadershipRequired: false });
    expect(row.income.map((event) => event.id).sort()).toEqual([income.upfront, income.royalty].sort());
    expect(row.deductions.map((deduction) => [deduction.key, deduction.kind, deduction.amountFen])).toEqual([['tax', 'TAX', 1n]]);
    const { researcher, otherResearcher } = seeded.people;
    // Hand-computed (see tests/workflows/settlement-support.ts): the main contributor is topped up to ⌈50%⌉.
    expect(row.lines.map((line) => [line.name, line.personId, line.amount, line.taxableFen, line.taxTreatment])).toEqual([
      [researcher.name, researcher.id, 466_667n, 233_334n, 'WAGE_INCOME_HALF'],
      [otherResearcher.name, otherResearcher.id, 280_000n, 140_000n, 'WAGE_INCOME_HALF'],
      ['王五', null, 186_666n, 93_333n, 'WAGE_INCOME_HALF'],
      ['INSTITUTION', null, 200_000n, null, 'NOT_PERSONAL_INCOME'],
      ['DEPARTMENT', null, 133_333n, null, 'NOT_PERSONAL_INCOME'],
      ['TTO_FUND', null, 66_667n, null, 'NOT_PERSONAL_INCOME'],
    ]);
    expect(row.result).toEqual(JSON.parse(JSON.stringify(result)));

    // The same change again (a retry) writes nothing more.
    const entries = await database.db.auditEntry.count({ where: { entityId: id } });
    await activities.recordSettlementState({
      settlementId: id, status: 'PREPARING', version: 2, currentStepKey: 'prepare', draft: draftOf([income.upfront, income.royalty]), computed: { result, problems: null },
      event: { key: `${id}:v2`, actorId: seeded.people.tto.id, action: 'settlement.draft_edited' },
    });
    expect(await database.db.auditEntry.count({ where: { entityId: id } })).toBe(entries);
  });

  it('refuses income taken by another settlement (CONFLICT, nothing written), of another deal, or evidence that is not the deal’s', async () => {
    const { id: first } = await preparedSettlement([income.late]);
    const second = settlementInput();
    await activities.createSettlementRecord(second);
    await expectFailure(activities.loadSettlementInput({ settlementId: second.settlementId, draft: draftOf([income.late]) }), 'CONFLICT', /another settlement/);
    // Even past the loader (a race): the claim in the state write refuses, and the transaction leaves nothing behind.
    const before = await database.db.settlement.findUniqueOrThrow({ where: { id: second.settlementId } });
    await expectFailure(
      activities.recordSettlementState({
        settlementId: second.settlementId, status: 'PREPARING', version: 2, currentStepKey: 'prepare', draft: draftOf([income.late]), computed: { result: null, problems: null },
        event: { key: `${second.settlementId}:v2`, actorId: null, action: 'settlement.draft_edited' },
      }),
      'CONFLICT',
    );
    expect(await database.db.settlement.findUniqueOrThrow({ where: { id: second.settlementId } })).toEqual(before);
    expect(await database.db.auditEntry.count({ where: { idempotencyKey: `${second.settlementId}:v2` } })).toBe(0);
    expect((await database.db.incomeEvent.findUniqueOrThrow({ where: { id: income.late } })).settlementId).toBe(first);

    const otherDeal = await seedActiveDeal(database.db, seeded, { team: deal.team });
    const foreign = await seedIncomeEvent(database.db, otherDeal, { kind: 'UPFRONT', amountFen: 100, receivedOn: '2026-02-01' });
    const refusal = await expectFailure(activities.loadSettlementInput({ settlementId: second.settlementId, draft: draftOf([foreign]) }), 'VALIDATION_FAILED');
    expect(JSON.stringify(refusal.details)).toContain('incomeEventIds[0]');
    const foreignDoc = await seedDealDocument(database.db, otherDeal);
    const withEvidence = { ...draftOf([]), deductions: [{ id: 'x', kind: 'OTHER' as const, incomeClass: 'LICENCE_TRANSFER' as const, amountFen: 5, evidenceDocumentIds: [foreignDoc], note: '律师费' }] };
    const evidence = await expectFailure(activities.loadSettlementInput({ settlementId: second.settlementId, draft: withEvidence }), 'VALIDATION_FAILED');
    expect(JSON.stringify(evidence.details)).toContain('deductions[0].evidenceDocumentIds[0]');

    // Cancelling the first frees its income for another settlement.
    await activities.recordSettlementState({ settlementId: first, status: 'CANCELLED', version: 3, currentStepKey: null, releaseIncome: true, event: { key: `${first}:v3`, actorId: null, action: 'settlement.cancelled' } });
    expect((await database.db.incomeEvent.findUniqueOrThrow({ where: { id: income.late } })).settlementId).toBeNull();
  });

  it('freezes the plan once submitted', async () => {
    const { id, result } = await preparedSettlement([]);
    await recordStatus(id, 'FINANCE_REVIEW', 3, { submitted: true });
    await expectFailure(
      activities.recordSettlementState({ settlementId: id, status: 'FINANCE_REVIEW', version: 4, currentStepKey: null, computed: { result, problems: null }, event: { key: `${id}:v4`, actorId: null, action: 'x' } }),
      'INVALID_TRANSITION',
    );
  });
});

describe('an equity grant (作价投资): shares, not money', () => {
  it('splits the shares received by the profile and the team’s contribution shares, with the 101号 deferral; the ledger books shares', async () => {
    const { researcher, otherResearcher } = seeded.people;
    const equityDeal = await seedActiveDeal(database.db, seeded, { mode: 'EQUITY', team: deal.team });
    const resolution = await seedDealDocument(database.db, equityDeal);
    const input = settlementInput({ dealId: equityDeal.id, dealReference: equityDeal.reference, kind: 'ON_DEMAND' });
    await activities.createSettlementRecord(input);
    const draft: SettlementDraft = {
      ...emptySettlementDraft(),
      equityGrant: { companyName: '量子传感科技有限公司', shares: 1_000_001, valuationFen: 500_000_000, grantedOn: '2026-05-20', evidenceDocumentIds: [resolution] },
    };
    const loaded = await activities.loadSettlementInput({ settlementId: input.settlementId, draft });
    const result = computeSettlement({ input: loaded, profile: seeded.profile.rules });
    await activities.recordSettlementState({
      settlementId: input.settlementId, status: 'PREPARING', version: 2, currentStepKey: 'prepare', draft, computed: { result, problems: null },
      event: { key: `${input.settlementId}:v2`, actorId: seeded.people.tto.id, action: 'settlement.draft_edited' },
    });

    const lines = await database.db.payoutLine.findMany({ where: { settlementId: input.settlementId }, orderBy: { position: 'asc' } });
    // By hand, with the default profile's equity split 70 / 15 / 10 / 5:
    //   1,000,001 × 0.70 = 700,000.7 · × 0.15 = 150,000.15 · × 0.10 = 100,000.1 · × 0.05 = 50,000.05
    //   floors sum to 1,000,000; the one share left goes to the largest remainder (.7): team 700,001.
    //   Team 700,001 by 50 / 30 / 20 %: 350,000.5 · 210,000.3 · 140,000.2 → floors 700,000, the one
    //   left to the largest remainder (.5): 350,001 · 210,000 · 140,000. Main contributor minimum
    //   ⌈700,001 × 50%⌉ = 350,001: already met.
    expect(lines.map((line) => [line.name, line.personId, line.unit, line.amount, line.taxableFen, line.taxTreatment, line.taxDeferral])).toEqual([
      [researcher.name, researcher.id, 'SHARES', 350_001n, null, 'EQUITY_DEFERRAL', true],
      [otherResearcher.name, otherResearcher.id, 'SHARES', 210_000n, null, 'EQUITY_DEFERRAL', true],
      ['王五', null, 'SHARES', 140_000n, null, 'EQUITY_DEFERRAL', true],
      ['INSTITUTION', null, 'SHARES', 150_000n, null, 'NOT_PERSONAL_INCOME', false],
      ['DEPARTMENT', null, 'SHARES', 100_000n, null, 'NOT_PERSONAL_INCOME', false],
      ['TTO_FUND', null, 'SHARES', 50_000n, null, 'NOT_PERSONAL_INCOME', false],
    ]);
    expect(lines.reduce((sum, line) => sum + line.amount, 0n)).toBe(1_000_001n);
    const row = await database.db.settlement.findUniqueOrThrow({ where: { id: input.settlementId } });
    // No cash: the money totals stay zero; the appraised value counts towards the approval tier only.
    expect(row).toMatchObject({ grossFen: 0n, netFen: 0n, approvalAmountFen: 500_000_000n });

    await recordStatus(input.settlementId, 'FINANCE_REVIEW', 3);
    await recordStatus(input.settlementId, 'PUBLICITY', 4);
    await recordStatus(input.settlementId, 'APPROVED', 5, { approved: true });
    await activities.bookSettlementLedger({ settlementId: input.settlementId, bookedOn: '2026-06-30', actorId: null });
    const ledger = await database.db.ledgerEntry.findMany({ where: { settlementId: input.settlementId }, orderBy: { seq: 'asc' } });
    const allocations = ledger.filter((entry) => entry.kind === 'ALLOCATION');
    expect(allocations.every((entry) => entry.unit === 'SHARES')).toBe(true);
    expect(allocations.reduce((sum, entry) => sum + entry.amount, 0n)).toBe(1_000_001n);
    expect(allocations.find((entry) => entry.personId === researcher.id)?.amount).toBe(350_001n);
  });
});

describe('the ledger', () => {
  let settled: { id: string; result: TSettlementResult };

  beforeAll(async () => {
    // A fresh deal, so these entries are the only ones of their settlement.
    const ledgerDeal = await seedActiveDeal(database.db, seeded, { team: deal.team });
    const upfront = await seedIncomeEvent(database.db, ledgerDeal, { kind: 'UPFRONT', amountFen: 1_000_001, receivedOn: '2026-01-15' });
    const royalty = await seedIncomeEvent(database.db, ledgerDeal, { kind: 'ROYALTY', amountFen: 333_333, receivedOn: '2026-03-31' });
    const input = settlementInput({ dealId: ledgerDeal.id, dealReference: ledgerDeal.reference });
    await activities.createSettlementRecord(input);
    const draft = draftOf([upfront, royalty]);
    const loaded = await activities.loadSettlementInput({ settlementId: input.settlementId, draft });
    const result = computeSettlement({ input: loaded, profile: seeded.profile.rules });
    await activities.recordSettlementState({
      settlementId: input.settlementId, status: 'PREPARING', version: 2, currentStepKey: 'prepare', draft, computed: { result, problems: null },
      event: { key: `${input.settlementId}:v2`, actorId: null, action: 'settlement.draft_edited' },
    });
    settled = { id: input.settlementId, result };
  });

  const entriesOf = (id: string) => database.db.ledgerEntry.findMany({ where: { settlementId: id }, orderBy: { seq: 'asc' } });

  it('books only an approved plan, and books it once: twice in a row, concurrently, or retried after a crash past the commit', async () => {
    await expectFailure(activities.bookSettlementLedger({ settlementId: settled.id, bookedOn: '2026-06-30', actorId: null }), 'INVALID_TRANSITION');
    await recordStatus(settled.id, 'FINANCE_REVIEW', 3);
    await recordStatus(settled.id, 'PUBLICITY', 4);

    // A worker that commits the booking and dies before reporting: Temporal runs the activity again.
    const deps = { db: database.db, clock: () => NOW };
    let attempts = 0;
    const crashingAfterCommit = async () => {
      attempts += 1;
      const outcome = await bookSettlementLedger(deps, { settlementId: settled.id, bookedOn: '2026-06-30', actorId: null });
      if (attempts === 1) throw new Error('worker lost after the commit');
      return outcome;
    };
    await expect(crashingAfterCommit()).rejects.toThrow('worker lost');
    expect(await crashingAfterCommit()).toEqual({ booked: 0, alreadyBooked: 9 });
    // Two more at once (a duplicate activity task): the row lock lets one look at a time.
    const both = await Promise.all([
      activities.bookSettlementLedger({ settlementId: settled.id, bookedOn: '2026-07-01', actorId: null }),
      activities.bookSettlementLedger({ settlementId: settled.id, bookedOn: '2026-07-01', actorId: null }),
    ]);
    expect(both).toEqual([{ booked: 0, alreadyBooked: 9 }, { booked: 0, alreadyBooked: 9 }]);

    const rows = await entriesOf(settled.id);
    expect(rows.map((row) => row.kind)).toEqual(['INCOME', 'INCOME', 'DEDUCTION', 'ALLOCATION', 'ALLOCATION', 'ALLOCATION', 'ALLOCATION', 'ALLOCATION', 'ALLOCATION']);
    expect(rows.every((row) => row.occurredOn === '2026-06-30' || row.kind === 'INCOME')).toBe(true);
    expect(rows.find((row) => row.recipientKey === `person:${seeded.people.researcher.id}`)).toMatchObject({ amount: 466_667n, taxableWageIncomeFen: 233_334n, personId: seeded.people.researcher.id });
    expect(await database.db.auditEntry.count({ where: { idempotencyKey: `ledger:${settled.id}:booked` } })).toBe(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of ledger rows in the database itself', async () => {
    const [row] = await entriesOf(settled.id);
    await expect(database.db.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "amount" = 1 WHERE "seq" = ${row!.seq}`)).rejects.toThrow(/append-only/);
    await expect(database.db.$executeRawUnsafe(`DELETE FROM "LedgerEntry" WHERE "seq" = ${row!.seq}`)).rejects.toThrow(/append-only/);
    await expect(database.db.ledgerEntry.deleteMany({ where: { settlementId: settled.id } })).rejects.toThrow(/append-only/);
    await expect(database.db.$executeRawUnsafe('TRUNCATE "LedgerEntry"')).rejects.toThrow(/append-only/);
    expect(await entriesOf(settled.id)).toHaveLength(9);
  });

  it('pays a line once whatever the retries, marks the lines paid, and refuses before approval', async () => {
    const lineIds = settled.result.lines.filter((line) => line.recipient.kind === 'PERSON').map((line) => line.lineId);
    const payout = { settlementId: settled.id, key: `${settled.id}:payout:k1`, lineIds, paymentRef: 'ICBC-20260630-001', paidOn: '2026-06-30', actorId: seeded.people.finance.id };
    await expectFailure(activities.recordSettlementPayout(payout), 'INVALID_TRANSITION');
    await recordStatus(settled.id, 'APPROVED', 5, { approved: true });

    expect(await activities.recordSettlementPayout(payout)).toEqual({ booked: 3, alreadyBooked: 0 });
    expect(await activities.recordSettlementPayout(payout)).toEqual({ booked: 0, alreadyBooked: 3 });
    // The same line under another payment key: still booked once.
    expect(await activities.recordSettlementPayout({ ...payout, key: `${settled.id}:payout:k2`, lineIds: [lineIds[0]!], paymentRef: 'OTHER' })).toEqual({ booked: 0, alreadyBooked: 1 });
    const lines = await database.db.payoutLine.findMany({ where: { settlementId: settled.id, recipientKind: 'PERSON' } });
    expect(lines.map((line) => [line.paymentRef, line.paidOn])).toEqual(lines.map(() => ['ICBC-20260630-001', '2026-06-30']));
    const payouts = (await entriesOf(settled.id)).filter((row) => row.kind === 'PAYOUT');
    expect(payouts).toHaveLength(3);
    expect(payouts.reduce((sum, row) => sum + row.amount, 0n)).toBe(933_333n);

    await activities.recordSettlementPayout({ ...payout, key: `${settled.id}:payout:k3`, lineIds: settled.result.lines.filter((line) => line.recipient.kind !== 'PERSON').map((line) => line.lineId) });
    const all = await ledgerOf(database.db, settled.id);
    expect(all.filter((entry) => entry.kind === 'PAYOUT')).toHaveLength(6);
  });

  it('writes each person’s statement PDF to S3 once; it reads back with their name and every amount in CNY', async () => {
    await recordStatus(settled.id, 'PAID', 6, { paid: true });
    const person = seeded.people.researcher;
    const key = `${settled.id}:statement:${person.id}`;
    const { documentId } = await activities.generateSettlementStatement({ settlementId: settled.id, personId: person.id, key });
    expect(await activities.generateSettlementStatement({ settlementId: settled.id, personId: person.id, key })).toEqual({ documentId });
    const document = await database.db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(document).toMatchObject({ kind: 'STATEMENT', settlementId: settled.id, contentType: 'application/pdf' });
    expect(await database.db.document.count({ where: { idempotencyKey: key } })).toBe(1);
    const lines = await database.db.payoutLine.findMany({ where: { settlementId: settled.id, personId: person.id } });
    expect(lines.map((line) => line.statementDocumentId)).toEqual([documentId]);

    const pdf = await getObject(storage, document.objectKey, document.versionId ?? undefined);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    for (const expected of [
      person.name,
      '科技成果转化收益分配个人明细',
      'Benefit-sharingstatement',
      'ICBC-20260630-001',
      formatCny(1_000_001), // ¥10,000.01 upfront
      formatCny(333_333), // ¥3,333.33 royalty
      formatCny(1_333_334), // gross
      formatCny(1_333_333), // net
      formatCny(933_333), // team
      formatCny(200_000), // institution
      formatCny(466_666), // by share, before the main-contributor minimum
      formatCny(466_667), // the reward
      formatCny(233_334), // counted as wage income (50%, 财税〔2018〕58号)
      '财税〔2018〕58号',
      '最大余额法',
    ]) {
      expect(flat, expected).toContain(expected.replace(/\s+/g, ''));
    }
    // Only the person's own amounts: another member's reward is not on it.
    expect(flat).not.toContain(seeded.people.otherResearcher.name);
  });

  it('reverses once, with the reason on every mirrored entry; the accounts net to zero', async () => {
    const reversal = { settlementId: settled.id, reason: '许可合同撤销，退回许可费', reversedOn: '2026-07-15', actorId: seeded.people.finance.id };
    const first = await activities.reverseSettlementLedger(reversal);
    expect(first.booked).toBe(15);
    expect(await activities.reverseSettlementLedger(reversal)).toEqual({ booked: 0, alreadyBooked: 15 });
    const all = await ledgerOf(database.db, settled.id);
    expect(all).toHaveLength(30);
    expect(all.filter((entry) => entry.reversalOf !== null).every((entry) => entry.reason === reversal.reason && entry.occurredOn === '2026-07-15')).toBe(true);
    expect(netsToZero(all)).toBe(true);
  });
});

describe('notices and notifications', () => {
  it('publishes the plan with every person’s name and amount', async () => {
    const other = await seedActiveDeal(database.db, seeded, { team: deal.team });
    const event = await seedIncomeEvent(database.db, other, { kind: 'UPFRONT', amountFen: 1_000_001, receivedOn: '2026-01-15' });
    const input = settlementInput({ dealId: other.id, dealReference: other.reference });
    await activities.createSettlementRecord(input);
    const draft = draftOf([event]);
    const result = computeSettlement({ input: await activities.loadSettlementInput({ settlementId: input.settlementId, draft }), profile: seeded.profile.rules });
    await activities.recordSettlementState({ settlementId: input.settlementId, status: 'PREPARING', version: 2, currentStepKey: null, draft, computed: { result, problems: null }, event: { key: `${input.settlementId}:v2`, actorId: null, action: 'x' } });
    const notice = { key: `${input.settlementId}:r1:notice`, institutionId: seeded.institution.id, settlementId: input.settlementId, startsOn: '2026-07-01', endsOn: '2026-07-21' };
    await activities.publishSettlementNotice(notice);
    await activities.publishSettlementNotice(notice);
    const rows = await database.db.notice.findMany({ where: { settlementId: input.settlementId } });
    expect(rows).toHaveLength(1);
    for (const person of result.people) expect(rows[0]!.body).toContain(`${person.name}：${formatCny(person.cashFen)}`);
    expect(rows[0]!.body).toContain(formatCny(result.totals.netFen));
  });

  it('e-mails each registered person once per key, with the link to their statement', async () => {
    const { id } = await preparedSettlement([]);
    const person = seeded.people.researcher;
    const message = {
      key: `${id}:statement:${person.id}:sent`,
      institutionId: seeded.institution.id,
      settlementId: id,
      personIds: [person.id],
      kind: 'STATEMENT_READY',
      title: '收益分配个人明细 / your statement',
      body: `${person.name}：${formatCny(466_667)}`,
      linkPath: `/settlements/${id}/statements/${person.id}`,
    };
    const before = smtp.messages.length;
    await activities.notifySettlement(message);
    await activities.notifySettlement(message);
    const mails = smtp.messages.slice(before);
    expect(mails).toHaveLength(1);
    expect(smtp.recipients.at(-1)).toEqual([person.email]);
    expect(mails[0]!.text).toContain(`https://spinway.example.edu.cn/app/settlements/${id}/statements/${person.id}`);
    expect(mails[0]!.text).toContain('¥4,666.67');
    const notifications = await database.db.notification.findMany({ where: { key: { startsWith: message.key } } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.emailedAt).not.toBeNull();
  });
});

describe('income entered by hand', () => {
  it('records a dividend once per key, with its audit entry; refuses a different dividend under the same key and evidence of another deal', async () => {
    const evidence = await seedDealDocument(database.db, deal);
    const deps = { db: database.db, clock: () => NOW };
    const dividend = {
      clientKey: 'dividend-2026',
      institutionId: seeded.institution.id,
      dealId: deal.id,
      kind: 'DIVIDEND' as const,
      amountFen: 12_345_678,
      receivedOn: '2026-06-20',
      evidenceDocumentIds: [evidence],
      fiscalYear: null,
      note: '2025 年度分红',
      recordedById: seeded.people.finance.id,
    };
    const first = await recordIncomeEvent(deps, dividend);
    expect(first.created).toBe(true);
    const again = await recordIncomeEvent(deps, dividend);
    expect(again).toMatchObject({ created: false, income: { id: first.income.id } });
    expect(await database.db.incomeEvent.count({ where: { dealId: deal.id, kind: 'DIVIDEND' } })).toBe(1);
    expect(await database.db.auditEntry.count({ where: { entityId: first.income.id, action: 'income.recorded' } })).toBe(1);
    expect(first.income).toMatchObject({ amountFen: 12_345_678n, evidenceDocumentId: evidence, evidenceDocumentIds: [evidence] });
    await expect(recordIncomeEvent(deps, { ...dividend, amountFen: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    const other = await seedActiveDeal(database.db, seeded, { team: deal.team });
    await expect(recordIncomeEvent(deps, { ...dividend, clientKey: 'k2', evidenceDocumentIds: [await seedDealDocument(database.db, other)] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
