// Benefit-sharing settlements through the API, on the dev server with the real worker: income
// entered by hand, a settlement prepared, submitted, reviewed by finance in the inbox and
// published, an objection to the plan dismissed; then, on a settlement the activities took to
// PAID, statements (only one's own), the reward reports and the annual conversion report as
// files that parse back. Every refusal is checked for its status, its code and an unchanged
// database.
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMailer } from '../../activities/infra/mailer';
import { createSettlementActivities } from '../../activities/settlement/create-settlement-activities';
import { formatCny } from '../../domain/money';
import { computeSettlement } from '../../domain/settlement';
import { seedActiveDeal, type SeededDeal, type SeededPerson } from '../../prisma/factories';
import { emptySettlementDraft, type SettlementActivities } from '../../workflows/contracts/settlement';
import { fileForm, pdfBytes, startApiHarness, type ApiHarness, type ApiResponse } from '../support/api';

let h: ApiHarness;
let deal: SeededDeal;
let outsider: SeededPerson;
let evidenceId: string;

beforeAll(async () => {
  h = await startApiHarness();
  const { researcher, otherResearcher } = h.a.people;
  deal = await seedActiveDeal(h.db, h.a, {
    team: [
      { personId: researcher.id, name: researcher.name, contributionShareBp: 5_000, mainContributor: true },
      { personId: otherResearcher.id, name: otherResearcher.name, contributionShareBp: 3_000, mainContributor: false },
      { personId: null, name: '王五', contributionShareBp: 2_000, mainContributor: false },
    ],
  });
  // A researcher of the same institution who is not on the deal's team.
  const row = await h.db.person.create({ data: { institutionId: h.a.institution.id, name: '赵局外', email: `outsider-${randomUUID().slice(0, 6)}@zju.edu.cn`, roles: ['RESEARCHER'] }, select: { id: true, name: true, email: true } });
  outsider = { ...row, roles: ['RESEARCHER'], departmentId: null, institutionId: h.a.institution.id };
  const upload = await h.call('POST', `/deals/${deal.id}/documents`, {
    as: h.a.people.finance,
    form: fileForm({ kind: 'PAYMENT_EVIDENCE' }, { data: pdfBytes('bank slip'), name: 'bank-slip.pdf', type: 'application/pdf' }),
  });
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  evidenceId = upload.body.id;
});
afterAll(async () => {
  await h?.close();
});

/** Every row a settlement request could change. */
async function snapshot() {
  const byId = { orderBy: { id: 'asc' as const } };
  const db = h.db;
  const [settlements, lines, deductions, ledger, income, tasks, notices, objections, documents, audit] = await Promise.all([
    db.settlement.findMany(byId),
    db.payoutLine.findMany(byId),
    db.settlementDeduction.findMany(byId),
    db.ledgerEntry.findMany({ orderBy: { seq: 'asc' } }),
    db.incomeEvent.findMany(byId),
    db.task.findMany(byId),
    db.notice.findMany(byId),
    db.objection.findMany(byId),
    db.document.findMany(byId),
    db.auditEntry.count(),
  ]);
  return { settlements, lines, deductions, ledger, income, tasks, notices, objections, documents, audit };
}

async function refusedUnchanged(request: () => Promise<ApiResponse>, status: number, code?: string): Promise<ApiResponse> {
  const before = await snapshot();
  const res = await request();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.error.code).toBe(code);
  expect(await snapshot()).toEqual(before);
  return res;
}

const income = (key: string, body: object, as: SeededPerson = h.a.people.finance) =>
  h.call('POST', `/deals/${deal.id}/income`, { as, headers: { 'idempotency-key': key }, json: body });

async function openSettlementTask(settlementId: string, kind: string) {
  return vi.waitFor(
    async () => {
      const task = await h.db.task.findFirst({ where: { settlementId, kind: kind as 'FINANCE_REVIEW', state: { in: ['OPEN', 'CLAIMED'] } }, orderBy: { createdAt: 'desc' } });
      if (!task) throw new Error(`no open ${kind} task on settlement ${settlementId} yet`);
      return task;
    },
    { timeout: 15_000, interval: 50 },
  );
}

describe('income entered by hand', () => {
  it('records income once per Idempotency-Key, by finance or the TTO, with evidence of the deal', async () => {
    const upfront = await income('upfront-2026', { kind: 'OTHER', amountFen: 1_000_001, receivedOn: '2026-01-15', evidenceDocumentIds: [evidenceId], note: '入门费（合同外补充协议）' });
    expect(upfront.status, JSON.stringify(upfront.body)).toBe(201);
    expect(upfront.body).toMatchObject({ kind: 'OTHER', amountFen: 1_000_001, amount: '¥10,000.01', settlementId: null, evidenceDocumentIds: [evidenceId] });
    const again = await income('upfront-2026', { kind: 'OTHER', amountFen: 1_000_001, receivedOn: '2026-01-15', evidenceDocumentIds: [evidenceId], note: '入门费（合同外补充协议）' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(upfront.body.id);
    const royalty = await income('royalty-q1', { kind: 'OTHER', amountFen: 333_333, receivedOn: '2026-03-31', evidenceDocumentIds: [evidenceId], note: '提成费补差' }, h.a.people.tto);
    expect(royalty.status).toBe(201);

    await refusedUnchanged(() => income('upfront-2026', { kind: 'OTHER', amountFen: 5, receivedOn: '2026-01-15', evidenceDocumentIds: [evidenceId], note: 'x' }), 409, 'CONFLICT');
    await refusedUnchanged(() => income('r-1', { kind: 'DIVIDEND', amountFen: 100, receivedOn: '2026-02-01', evidenceDocumentIds: [evidenceId] }, h.a.people.researcher), 403, 'FORBIDDEN');
    await refusedUnchanged(() => income('r-2', { kind: 'DIVIDEND', amountFen: 100, receivedOn: '2026-02-01', evidenceDocumentIds: [evidenceId] }, h.a.people.hr), 403, 'FORBIDDEN');
    await refusedUnchanged(() => income('r-3', { kind: 'DIVIDEND', amountFen: 100, receivedOn: '2026-02-01', evidenceDocumentIds: [evidenceId] }, h.b.people.finance), 404, 'NOT_FOUND');
    const invalid = await refusedUnchanged(() => income('r-4', { kind: 'OPERATING_PROFIT', amountFen: 1.5, receivedOn: '2026-02-30', evidenceDocumentIds: [] }), 400, 'VALIDATION_FAILED');
    expect(invalid.body.error.details.issues.map((issue: any) => issue.path)).toEqual(expect.arrayContaining(['amountFen', 'receivedOn', 'evidenceDocumentIds']));
    const noKey = await refusedUnchanged(() => h.call('POST', `/deals/${deal.id}/income`, { as: h.a.people.finance, json: { kind: 'DIVIDEND', amountFen: 1, receivedOn: '2026-02-01', evidenceDocumentIds: [evidenceId] } }), 400);
    expect(JSON.stringify(noKey.body.error.details)).toContain('idempotency-key');
    const foreign = await refusedUnchanged(() => income('r-5', { kind: 'DIVIDEND', amountFen: 100, receivedOn: '2026-02-01', evidenceDocumentIds: [randomUUID()] }), 400, 'VALIDATION_FAILED');
    expect(foreign.body.error.details.issues[0].path).toBe('evidenceDocumentIds[0]');

    const list = await h.call('GET', `/deals/${deal.id}/income?unsettled=true`, { as: h.a.people.finance });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: any) => item.amountFen)).toEqual([1_000_001, 333_333]);
    expect((await h.call('GET', `/deals/${deal.id}/income`, { as: h.b.people.tto })).status).toBe(404);
  });
});

describe('a settlement from preparation to publicity', () => {
  let settlementId: string;

  it('is opened by the TTO with the period’s unsettled income; the plan is computed to the fen', async () => {
    const tto = h.a.people.tto;
    await refusedUnchanged(() => h.call('POST', '/settlements', { as: h.a.people.finance, json: { dealId: deal.id, period: { from: '2026-01-01', to: '2026-12-31' } } }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => h.call('POST', '/settlements', { as: h.b.people.tto, json: { dealId: deal.id, period: { from: '2026-01-01', to: '2026-12-31' } } }), 404, 'NOT_FOUND');
    const bad = await refusedUnchanged(() => h.call('POST', '/settlements', { as: tto, json: { dealId: deal.id, period: { from: '2026-12-31', to: '2026-01-01' } } }), 400, 'VALIDATION_FAILED');
    expect(bad.body.error.details.issues[0].path).toBe('period.to');
    const draftDeal = await seedActiveDeal(h.db, h.a, { team: deal.team });
    await h.db.ipDeal.update({ where: { id: draftDeal.id }, data: { status: 'IN_REVIEW' } });
    await refusedUnchanged(() => h.call('POST', '/settlements', { as: tto, json: { dealId: draftDeal.id, period: { from: '2026-01-01', to: '2026-12-31' } } }), 409, 'INVALID_TRANSITION');

    const created = await h.call('POST', '/settlements', {
      as: tto,
      json: { dealId: deal.id, period: { from: '2026-01-01', to: '2026-12-31' }, deductions: [{ id: 'tax', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 1 }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    settlementId = created.body.id;
    expect(created.body).toMatchObject({ status: 'PREPARING', grossFen: 1_333_334, deductionsFen: 1, netFen: 1_333_333, net: '¥13,333.33', viewer: 'STAFF', leadershipRequired: false });
    expect(created.body.reference).toMatch(/^ST-\d{4}-[0-9A-F]{8}$/);
    expect(created.body.income).toHaveLength(2);
    expect(created.body.income.every((event: any) => event.settlementId === settlementId)).toBe(true);
    expect(created.body.lines.map((line: any) => [line.name, line.amount, line.taxableFen])).toEqual([
      [h.a.people.researcher.name, 466_667, 233_334],
      [h.a.people.otherResearcher.name, 280_000, 140_000],
      ['王五', 186_666, 93_333],
      ['INSTITUTION', 200_000, null],
      ['DEPARTMENT', 133_333, null],
      ['TTO_FUND', 66_667, null],
    ]);
    expect(created.body.result.classes[0].steps.map((step: any) => step.key)).toEqual(expect.arrayContaining(['gross', 'net', 'share.team']));
    expect(created.body.openTasks.map((task: any) => task.kind)).toEqual(['PREPARE_SETTLEMENT']);

    // The income is taken: a second settlement of the same income is refused.
    const taken = (await h.db.incomeEvent.findMany({ where: { dealId: deal.id }, select: { id: true } })).map((row) => row.id);
    await refusedUnchanged(() => h.call('POST', '/settlements', { as: tto, json: { dealId: deal.id, period: { from: '2026-01-01', to: '2026-12-31' }, incomeEventIds: taken } }), 409, 'CONFLICT');
  });

  it('shows a person in the plan only their own lines; others on the deal’s institution see nothing unless staff', async () => {
    const mine = await h.call('GET', `/settlements/${settlementId}`, { as: h.a.people.otherResearcher });
    expect(mine.status).toBe(200);
    expect(mine.body.viewer).toBe('PERSON');
    expect(mine.body.lines.map((line: any) => line.name)).toEqual([h.a.people.otherResearcher.name]);
    expect(mine.body.result).toBeNull();
    expect(mine.body.ledger).toEqual([]);
    expect(mine.body.statement.totals.cashFen).toBe(280_000);
    expect(JSON.stringify(mine.body.statement)).not.toContain(h.a.people.researcher.name);
    expect((await h.call('GET', `/settlements/${settlementId}`, { as: outsider })).status).toBe(404);
    expect((await h.call('GET', `/settlements/${settlementId}`, { as: h.b.people.tto })).status).toBe(404);
    expect((await h.call('GET', `/settlements/${settlementId}`)).status).toBe(401);
    const listed = await h.call('GET', '/settlements', { as: h.a.people.otherResearcher });
    expect(listed.body.items.map((item: any) => item.id)).toEqual([settlementId]);
    expect((await h.call('GET', '/settlements', { as: outsider })).body.items).toEqual([]);
    expect((await h.call('GET', `/settlements?dealId=${deal.id}&status=PREPARING`, { as: h.a.people.leadership })).body.meta.total).toBe(1);
  });

  it('is changed by the TTO while preparing: deductions with evidence recompute the plan; one the profile forbids is kept with its problem and cannot be submitted', async () => {
    const tto = h.a.people.tto;
    const upload = await h.call('POST', `/settlements/${settlementId}/documents`, {
      as: h.a.people.finance,
      form: fileForm({ kind: 'DEDUCTION_EVIDENCE' }, { data: pdfBytes('patent annuity receipt'), name: '年费收据.pdf', type: 'application/pdf' }),
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const deductions = [
      { id: 'tax', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 1 },
      { id: 'annuity', kind: 'PATENT_MAINTENANCE', incomeClass: 'LICENCE_TRANSFER', amountFen: 33_333, evidenceDocumentIds: [upload.body.id], note: '2026 年专利年费' },
    ];
    const edited = await h.call('PATCH', `/settlements/${settlementId}`, { as: tto, json: { deductions, expectedVersion: 2 } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ version: 3, netFen: 1_300_000, problems: null });
    expect(edited.body.lines[0]).toMatchObject({ amount: 455_000 });

    await refusedUnchanged(() => h.call('PATCH', `/settlements/${settlementId}`, { as: tto, json: { deductions, expectedVersion: 2 } }), 409, 'STALE_VERSION');
    await refusedUnchanged(() => h.call('PATCH', `/settlements/${settlementId}`, { as: h.a.people.finance, json: { deductions } }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => h.call('PATCH', `/settlements/${settlementId}`, { as: h.a.people.researcher, json: { deductions } }), 403, 'FORBIDDEN');
    const foreign = await refusedUnchanged(() => h.call('PATCH', `/settlements/${settlementId}`, { as: tto, json: { incomeEventIds: [randomUUID()] } }), 400, 'VALIDATION_FAILED');
    expect(foreign.body.error.details.issues[0].path).toBe('incomeEventIds[0]');

    const legal = await h.call('PATCH', `/settlements/${settlementId}`, { as: tto, json: { deductions: [...deductions, { id: 'lawyer', kind: 'LEGAL', incomeClass: 'LICENCE_TRANSFER', amountFen: 100 }] } });
    expect(legal.status).toBe(200);
    expect(legal.body.problems).toMatchObject({ reason: 'DEDUCTION_NOT_ALLOWED', issues: [{ path: 'deductions[2].kind' }] });
    const refused = await refusedUnchanged(() => h.call('POST', `/settlements/${settlementId}/submit`, { as: tto }), 400, 'VALIDATION_FAILED');
    expect(refused.body.error.details.issues[0].path).toBe('deductions[2].kind');
    expect((await h.call('PATCH', `/settlements/${settlementId}`, { as: tto, json: { deductions } })).body.problems).toBeNull();
  });

  it('is submitted, approved by finance in the inbox, and published with every person’s name and amount', async () => {
    await refusedUnchanged(() => h.call('POST', `/settlements/${settlementId}/submit`, { as: h.a.people.finance }), 403, 'FORBIDDEN');
    const submitted = await h.call('POST', `/settlements/${settlementId}/submit`, { as: h.a.people.tto });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('FINANCE_REVIEW');
    expect(submitted.body.openTasks.map((task: any) => [task.kind, task.candidateRole])).toEqual([['FINANCE_REVIEW', 'FINANCE_OFFICER']]);
    await refusedUnchanged(() => h.call('PATCH', `/settlements/${settlementId}`, { as: h.a.people.tto, json: { deductions: [] } }), 409, 'INVALID_TRANSITION');

    const inbox = await h.call('GET', '/tasks/inbox?kind=FINANCE_REVIEW', { as: h.a.people.finance });
    const task = inbox.body.items.find((item: any) => item.kind === 'FINANCE_REVIEW');
    expect(task).toBeDefined();
    await refusedUnchanged(() => h.call('POST', `/tasks/${task.id}/decide`, { as: h.a.people.tto, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');
    await refusedUnchanged(() => h.call('POST', `/tasks/${task.id}/decide`, { as: h.a.people.finance, json: { decision: 'DISMISS' } }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(() => h.call('POST', `/tasks/${task.id}/decide`, { as: h.a.people.finance, json: { decision: 'RETURN' } }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(() => h.call('POST', `/tasks/${task.id}/decide`, { as: h.b.people.finance, json: { decision: 'APPROVE' } }), 404, 'NOT_FOUND');
    const prepare = await h.db.task.findFirstOrThrow({ where: { settlementId, kind: 'PREPARE_SETTLEMENT' } });
    await refusedUnchanged(() => h.call('POST', `/tasks/${prepare.id}/decide`, { as: h.a.people.tto, json: { decision: 'APPROVE' } }), 409, 'ALREADY_DECIDED');

    const decided = await h.call('POST', `/tasks/${task.id}/decide`, { as: h.a.people.finance, json: { decision: 'APPROVE', comment: '已核对银行回单' } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.task).toMatchObject({ state: 'DONE', decision: 'APPROVE' });
    expect(decided.body.deal.id).toBe(deal.id);
    const row = await h.db.settlement.findUniqueOrThrow({ where: { id: settlementId } });
    expect(row.status).toBe('PUBLICITY');

    const board = await h.call('GET', `/public/notices?institution=${h.a.institution.code}`);
    const notice = board.body.items.find((item: any) => item.title.includes(row.reference));
    expect(notice).toMatchObject({ status: 'OPEN' });
    expect(notice.body).toContain(`${h.a.people.researcher.name}：${formatCny(455_000)}`);
    expect(notice.body).toContain(`王五：${formatCny(182_000)}`);

    // Not approved yet: no payout, no reversal; cancelling is the TTO's.
    await refusedUnchanged(() => h.call('POST', `/settlements/${settlementId}/payout`, { as: h.a.people.finance, headers: { 'idempotency-key': 'early' }, json: { paymentRef: 'X', paidOn: '2026-11-27' } }), 409, 'INVALID_TRANSITION');
    await refusedUnchanged(() => h.call('POST', `/settlements/${settlementId}/payout`, { as: h.a.people.tto, headers: { 'idempotency-key': 'early' }, json: { paymentRef: 'X', paidOn: '2026-11-27' } }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => h.call('POST', `/settlements/${settlementId}/reverse`, { as: h.a.people.finance, json: { reason: '错误' } }), 409, 'INVALID_TRANSITION');
    await refusedUnchanged(() => h.call('POST', `/settlements/${settlementId}/cancel`, { as: h.a.people.finance, json: { reason: '错误' } }), 403, 'FORBIDDEN');
  });

  it('pauses for an objection from the public board; the TTO dismisses it in the inbox and publicity resumes', async () => {
    const notice = await h.db.notice.findFirstOrThrow({ where: { settlementId } });
    const filed = await h.call('POST', `/public/notices/${notice.id}/objections`, { json: { name: '钱七', contact: 'qian@example.com', reason: '本人参与了该成果的完成，未列入名单' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect((await h.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status).toBe('PAUSED');
    expect((await h.db.settlement.findUniqueOrThrow({ where: { id: settlementId } })).status).toBe('OBJECTION_REVIEW');
    await refusedUnchanged(() => h.call('POST', `/public/notices/${notice.id}/objections`, { json: { contact: 'x@example.com', reason: 'again' } }), 409, 'PUBLICITY_OPEN');

    const review = await openSettlementTask(settlementId, 'OBJECTION_REVIEW');
    // The reviewer must say why.
    await refusedUnchanged(() => h.call('POST', `/tasks/${review.id}/decide`, { as: h.a.people.tto, json: { decision: 'DISMISS' } }), 400, 'VALIDATION_FAILED');
    const claimed = await h.call('POST', `/tasks/${review.id}/claim`, { as: h.a.people.ttoDeputy });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    await refusedUnchanged(() => h.call('POST', `/tasks/${review.id}/decide`, { as: h.a.people.tto, json: { decision: 'DISMISS', comment: 'x' } }), 403, 'NOT_ASSIGNEE');
    const dismissed = await h.call('POST', `/tasks/${review.id}/decide`, { as: h.a.people.ttoDeputy, json: { decision: 'DISMISS', comment: '经核实，钱七未参与该成果的研发' } });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    expect((await h.db.settlement.findUniqueOrThrow({ where: { id: settlementId } })).status).toBe('PUBLICITY');
    expect((await h.db.notice.findUniqueOrThrow({ where: { id: notice.id } })).status).toBe('OPEN');
    expect((await h.db.objection.findFirstOrThrow({ where: { noticeId: notice.id } })).status).toBe('DISMISSED');
  });

  it('can be cancelled by the TTO before approval; its income is freed', async () => {
    const cancelled = await h.call('POST', `/settlements/${settlementId}/cancel`, { as: h.a.people.tto, json: { reason: '收入期间调整，重新结算' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await h.db.incomeEvent.count({ where: { dealId: deal.id, settlementId: { not: null } } })).toBe(0);
    expect((await h.db.notice.findFirstOrThrow({ where: { settlementId } })).status).toBe('WITHDRAWN');
    await refusedUnchanged(() => h.call('POST', `/settlements/${settlementId}/submit`, { as: h.a.people.tto }), 409, 'INVALID_TRANSITION');
  });
});

describe('two settlements of the same income opened at once', () => {
  it('opens one; the other is refused with 409 and leaves no draft behind', async () => {
    const { tto, ttoDeputy, finance } = h.a.people;
    const other = await seedActiveDeal(h.db, h.a, { team: deal.team });
    const upload = await h.call('POST', `/deals/${other.id}/documents`, { as: finance, form: fileForm({ kind: 'PAYMENT_EVIDENCE' }, { data: pdfBytes('slip'), name: 'slip.pdf', type: 'application/pdf' }) });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const booked = await h.call('POST', `/deals/${other.id}/income`, { as: finance, headers: { 'idempotency-key': 'race-1' }, json: { kind: 'OTHER', amountFen: 500_000, receivedOn: '2026-02-02', evidenceDocumentIds: [upload.body.id], note: '技术服务尾款' } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);

    // Both pass the API's check of the income before either settlement has taken it; the loser
    // learns only when its workflow tries to take it (or, if later, from the check itself).
    const open = (as: SeededPerson) => h.call('POST', '/settlements', { as, json: { dealId: other.id, period: { from: '2026-01-01', to: '2026-12-31' }, incomeEventIds: [booked.body.id] } });
    const answers = await Promise.all([open(tto), open(ttoDeputy)]);
    expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
    const winner = answers.find((res) => res.status === 201)!;
    const loser = answers.find((res) => res.status === 409)!;
    expect(loser.body.error.code).toBe('CONFLICT');

    expect(await h.db.incomeEvent.findUniqueOrThrow({ where: { id: booked.body.id } })).toMatchObject({ settlementId: winner.body.id });
    const settlements = await h.db.settlement.findMany({ where: { dealId: other.id }, select: { id: true, status: true } });
    // Only the winner is being prepared; a settlement the loser's request had opened is cancelled.
    expect(settlements.filter((row) => row.status === 'PREPARING')).toEqual([{ id: winner.body.id, status: 'PREPARING' }]);
    expect(settlements.every((row) => row.id === winner.body.id || row.status === 'CANCELLED')).toBe(true);
    const openPrepareTasks = await h.db.task.count({ where: { settlement: { dealId: other.id }, kind: 'PREPARE_SETTLEMENT', state: { in: ['OPEN', 'CLAIMED'] } } });
    expect(openPrepareTasks).toBe(1);
  });
});

describe('a paid settlement: statements and reports', () => {
  let paidId: string;
  let paidDeal: SeededDeal;
  let activities: SettlementActivities;

  beforeAll(async () => {
    // The activities take a settlement through every write the workflow makes, without waiting
    // for fifteen working days of publicity.
    activities = createSettlementActivities({ db: h.db, storage: h.storage, mailer: createMailer(h.config), config: h.config });
    const { researcher, otherResearcher } = h.a.people;
    paidDeal = await seedActiveDeal(h.db, h.a, {
      team: [
        { personId: researcher.id, name: researcher.name, contributionShareBp: 5_000, mainContributor: true },
        { personId: otherResearcher.id, name: otherResearcher.name, contributionShareBp: 3_000, mainContributor: false },
        { personId: null, name: '王五', contributionShareBp: 2_000, mainContributor: false },
      ],
      signedOn: '2026-01-10',
      totalValueFen: 300_000_000,
    });
    const evidence = await h.call('POST', `/deals/${paidDeal.id}/documents`, { as: h.a.people.finance, form: fileForm({ kind: 'PAYMENT_EVIDENCE' }, { data: pdfBytes('slip 2'), name: 'slip.pdf', type: 'application/pdf' }) });
    const recorded = await h.call('POST', `/deals/${paidDeal.id}/income`, {
      as: h.a.people.finance,
      headers: { 'idempotency-key': 'paid-upfront' },
      json: { kind: 'OTHER', amountFen: 1_333_334, receivedOn: '2026-03-01', evidenceDocumentIds: [evidence.body.id], note: '入门费' },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);

    paidId = randomUUID();
    const profile = h.a.profile.rules;
    await activities.createSettlementRecord({
      settlementId: paidId, reference: `ST-2026-${paidId.slice(0, 8).toUpperCase()}`, institutionId: h.a.institution.id, dealId: paidDeal.id, dealReference: paidDeal.reference,
      createdById: h.a.people.tto.id, kind: 'PERIODIC', period: { from: '2026-01-01', to: '2026-12-31' }, profile, profileId: h.a.profile.id, draft: emptySettlementDraft(), workflowId: `settlement-${paidId}`,
    });
    const draft = { ...emptySettlementDraft(), incomeEventIds: [recorded.body.id], deductions: [{ id: 'tax', kind: 'TAX' as const, incomeClass: 'LICENCE_TRANSFER' as const, amountFen: 1, evidenceDocumentIds: [], note: null }] };
    const result = computeSettlement({ input: await activities.loadSettlementInput({ settlementId: paidId, draft }), profile });
    const step = async (version: number, status: 'PREPARING' | 'FINANCE_REVIEW' | 'PUBLICITY' | 'APPROVED' | 'PAID', extra: object = {}) =>
      activities.recordSettlementState({ settlementId: paidId, status, version, currentStepKey: null, ...extra, event: { key: `${paidId}:v${version}`, actorId: null, action: `settlement.${status.toLowerCase()}` } });
    await step(2, 'PREPARING', { draft, computed: { result, problems: null } });
    await step(3, 'FINANCE_REVIEW', { submitted: true });
    await step(4, 'PUBLICITY');
    await activities.bookSettlementLedger({ settlementId: paidId, bookedOn: '2026-05-20', actorId: null });
    await step(5, 'APPROVED', { approved: true });
    await activities.recordSettlementPayout({ settlementId: paidId, key: `${paidId}:payout:all`, lineIds: result.lines.map((line) => line.lineId), paymentRef: 'ICBC-0601', paidOn: '2026-06-01', actorId: h.a.people.finance.id });
    for (const person of [researcher, otherResearcher]) await activities.generateSettlementStatement({ settlementId: paidId, personId: person.id, key: `${paidId}:statement:${person.id}` });
    await step(6, 'PAID', { paid: true });
  });

  it('gives a person a link to their own statement only; staff any; the link downloads the PDF', async () => {
    const own = await h.call('GET', `/settlements/${paidId}/statements/${h.a.people.researcher.id}`, { as: h.a.people.researcher });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.document).toMatchObject({ kind: 'STATEMENT', contentType: 'application/pdf' });
    const download = await fetch(own.body.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    expect((await h.call('GET', `/settlements/${paidId}/statements/${h.a.people.otherResearcher.id}`, { as: h.a.people.researcher })).status).toBe(404);
    expect((await h.call('GET', `/settlements/${paidId}/statements/${h.a.people.researcher.id}`, { as: outsider })).status).toBe(404);
    expect((await h.call('GET', `/settlements/${paidId}/statements/${h.a.people.researcher.id}`, { as: h.b.people.finance })).status).toBe(404);
    expect((await h.call('GET', `/settlements/${paidId}/statements/${h.a.people.otherResearcher.id}`, { as: h.a.people.finance })).status).toBe(200);
    const detail = await h.call('GET', `/settlements/${paidId}`, { as: h.a.people.researcher });
    expect(detail.body.documents.map((doc: any) => doc.id)).toEqual([own.body.document.id]);
    expect(detail.body.lines).toEqual([expect.objectContaining({ paymentRef: 'ICBC-0601', paidOn: '2026-06-01', statementDocumentId: own.body.document.id })]);

    // A researcher in the plan may read but not reverse; payouts need an Idempotency-Key.
    await refusedUnchanged(() => h.call('POST', `/settlements/${paidId}/reverse`, { as: h.a.people.researcher, json: { reason: 'x' } }), 403, 'FORBIDDEN');
    await refusedUnchanged(() => h.call('POST', `/settlements/${paidId}/payout`, { as: h.a.people.finance, json: { paymentRef: 'X', paidOn: '2026-06-01' } }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(() => h.call('POST', `/settlements/${paidId}/reverse`, { as: h.a.people.finance, json: { reason: '' } }), 400, 'VALIDATION_FAILED');
  });

  it('reports rewards per person, deal and year as JSON and as CSV that parses back', async () => {
    await refusedUnchanged(() => h.call('GET', '/reports/rewards?by=person', { as: h.a.people.researcher }), 403, 'FORBIDDEN');
    expect((await h.call('GET', '/reports/rewards?by=team', { as: h.a.people.finance })).status).toBe(400);

    const byPerson = await h.call('GET', '/reports/rewards?by=person&year=2026', { as: h.a.people.finance });
    expect(byPerson.status).toBe(200);
    const researcherRow = byPerson.body.rows.find((row: any) => row.personId === h.a.people.researcher.id);
    expect(researcherRow).toMatchObject({ allocatedFen: 466_667, paidFen: 466_667, taxableWageIncomeFen: 233_334, deals: 1, settlements: 1 });

    const raw = await h.app.request('/reports/rewards?by=person&year=2026&format=csv', { headers: { authorization: `Bearer ${await h.token(h.a.people.finance)}` } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(raw.headers.get('content-disposition')).toContain('attachment; filename="rewards-by-person-2026.csv"');
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parseCsv(new TextDecoder().decode(bytes.slice(3)));
    expect(rows[0]).toContain('姓名 Name');
    expect(rows).toContainEqual([h.a.people.researcher.id, h.a.people.researcher.name, '4666.67', '2333.34', '4666.67', '0', '0', '1', '1']);

    const byDeal = await h.call('GET', '/reports/rewards?by=deal', { as: h.a.people.leadership });
    expect(byDeal.body.rows.find((row: any) => row.dealId === paidDeal.id)).toMatchObject({ reference: paidDeal.reference, incomeFen: 1_333_334, deductionsFen: 1, toPeopleFen: 933_333, peopleRewarded: 3 });
    const byYear = await h.call('GET', '/reports/rewards?by=year&format=csv', { as: h.a.people.tto });
    expect(byYear.status).toBe(200);
    const yearRows: string[][] = parseCsv(byYear.body.replace(/^\uFEFF/, ''));
    expect(yearRows[1]![0]).toBe('2026');
    expect(yearRows[1]![1]).toBe('13333.34');
  });

  it('downloads the annual conversion report as CSV, Excel or JSON (a file each way)', async () => {
    const missing = await h.call('GET', '/reports/annual-conversion', { as: h.a.people.admin });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0].path).toBe('year');
    expect((await h.call('GET', '/reports/annual-conversion?year=2026', { as: h.a.people.researcher })).status).toBe(403);

    const csv = await h.call('GET', '/reports/annual-conversion?year=2026', { as: h.a.people.admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(csv.headers.get('content-disposition')!.split("''")[1]!)).toBe('科技成果转化年度报告-2026.csv');
    const rows: string[][] = parseCsv(csv.body.replace(/^\uFEFF/, ''));
    const licence = rows.find((row) => row[1]?.startsWith('许可'))!;
    const total = rows.find((row) => row[1]?.startsWith('合计'))!;
    // Year, mode, contracts signed, contract amount, income, rewards allocated, paid, shares, people.
    expect(licence.slice(4)).toEqual(['13333.34', '9333.33', '9333.33', '0', '3']);
    expect(Number(licence[2])).toBeGreaterThanOrEqual(1);
    expect(total[4]).toBe('13333.34');

    // The same report as an Excel workbook: the same columns, amounts as numbers that sum.
    const xlsx = await h.app.request('/reports/annual-conversion?year=2026&format=xlsx', { headers: { authorization: `Bearer ${await h.token(h.a.people.admin)}` } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(xlsx.headers.get('content-disposition')!.split("''")[1]!)).toBe('科技成果转化年度报告-2026.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const sheetRows = sheet.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(sheetRows[0]).toEqual(rows[0]);
    const licenceRow = sheetRows.find((row) => String(row[1]).startsWith('许可'))!;
    expect(licenceRow.slice(4)).toEqual([13333.34, 9333.33, 9333.33, 0, 3]);
    expect(sheet.getRow(sheetRows.indexOf(licenceRow) + 1).getCell(5).numFmt).toBe('#,##0.00');

    const json = await h.call('GET', '/reports/annual-conversion?year=2026&format=json', { as: h.a.people.finance });
    expect(json.headers.get('content-disposition')).toContain('annual-conversion-report-2026.json');
    const report = json.body; // the harness parses a JSON body
    expect(report.rows.find((row: any) => row.mode === 'TOTAL')).toMatchObject({ incomeReceivedFen: 1_333_334, rewardsPaidFen: 933_333, peopleRewarded: 3 });
  });

  it('shows a researcher their own rewards', async () => {
    const mine = await h.call('GET', '/me/rewards?year=2026', { as: h.a.people.otherResearcher });
    expect(mine.status).toBe(200);
    expect(mine.body.totals).toMatchObject({ allocatedFen: 280_000, paidFen: 280_000, taxableWageIncomeFen: 140_000 });
    expect(mine.body.lines).toEqual([expect.objectContaining({ amount: 280_000, deal: expect.objectContaining({ id: paidDeal.id }), settlement: expect.objectContaining({ id: paidId, status: 'PAID' }) })]);
    expect((await h.call('GET', '/me/rewards', { as: outsider })).body).toMatchObject({ totals: null, lines: [] });
  });
});

describe('the API description', () => {
  it('documents every settlement route under the settlements tag', async () => {
    const res = await h.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { tags?: string[] }>>;
    for (const path of ['/settlements', '/settlements/{id}', '/settlements/{id}/payout', '/settlements/{id}/statements/{personId}', '/deals/{id}/income', '/reports/rewards', '/reports/annual-conversion', '/me/rewards']) {
      expect(Object.values(paths[path] ?? {}).every((operation) => operation.tags?.includes('settlements')), path).toBe(true);
      expect(paths[path], path).toBeDefined();
    }
    expect(res.body.tags.map((tag: { name: string }) => tag.name)).toContain('settlements');
  });
});

describe('policy profiles and the legal minimum', () => {
  it('refuses a profile whose equity or self-implementation team share is below the law’s minimum', async () => {
    const rules = { ...h.a.profile.rules, key: 'zju' };
    const res = await refusedUnchanged(
      () =>
        h.call('POST', '/admin/policy-profiles', {
          as: h.a.people.admin,
          json: {
            rules: {
              ...rules,
              benefitShare: {
                ...rules.benefitShare,
                equity: { teamBp: 4_999, institutionBp: 5_001, departmentBp: 0, ttoFundBp: 0 },
                selfImplementation: { teamBp: 400, institutionBp: 9_600, departmentBp: 0, ttoFundBp: 0, years: 6 },
                mainContributorsMinBp: 0,
              },
            },
          },
        }),
      400,
      'VALIDATION_FAILED',
    );
    const paths = res.body.error.details.issues.map((issue: any) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['rules.benefitShare.equity.teamBp', 'rules.benefitShare.selfImplementation.teamBp', 'rules.benefitShare.selfImplementation.years', 'rules.benefitShare.mainContributorsMinBp']));
  });
});
