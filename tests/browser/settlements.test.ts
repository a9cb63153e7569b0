// Benefit sharing (收益分配) through the pages, on the real stack: finance decides a plan's review
// on the settlement's page with the same task form (the API sends it to the settlement's
// workflow); staff read a paid settlement's plan, its explanation, its ledger and a statement;
// a researcher in the plan sees their own rewards (GET /me/rewards) and only their own lines;
// the dashboard draws income and rewards by year from the ledger (GET /reports/rewards).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../activities/infra/mailer';
import { createSettlementActivities } from '../../activities/settlement/create-settlement-activities';
import { computeSettlement } from '../../domain/settlement';
import { shanghaiDateOf } from '../../domain/calendar';
import { seedActiveDeal, seedDealDocument, seedIncomeEvent, type SeededDeal } from '../../prisma/factories';
import { emptySettlementDraft } from '../../workflows/contracts/settlement';
import { fileForm, pdfBytes } from '../support/api';
import { reloadUntil, startWebHarness, text, type WebHarness } from './support';

let w: WebHarness;
let paidId: string;
let paidDeal: SeededDeal;
let approvedId: string;


/** Income entered by finance for a deal (POST /deals/{id}/income), with a bank slip. */
async function recordIncome(dealId: string, key: string, amountFen: number, receivedOn: string) {
  const { finance } = w.api.a.people;
  const evidence = await w.api.call('POST', `/deals/${dealId}/documents`, { as: finance, form: fileForm({ kind: 'PAYMENT_EVIDENCE' }, { data: pdfBytes(key), name: 'slip.pdf', type: 'application/pdf' }) });
  expect(evidence.status, JSON.stringify(evidence.body)).toBe(201);
  const res = await w.api.call('POST', `/deals/${dealId}/income`, {
    as: finance,
    headers: { 'idempotency-key': key },
    json: { kind: 'OTHER', amountFen, receivedOn, evidenceDocumentIds: [evidence.body.id], note: '入门费' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

beforeAll(async () => {
  w = await startWebHarness();
  // A settlement taken to PAID by its activities, as the settlement API's own test does: the
  // workflow would wait fifteen working days of publicity first.
  const h = w.api;
  const { researcher, otherResearcher } = h.a.people;
  const team = [
    { personId: researcher.id, name: researcher.name, contributionShareBp: 5_000, mainContributor: true },
    { personId: otherResearcher.id, name: otherResearcher.name, contributionShareBp: 3_000, mainContributor: false },
    { personId: null, name: '王五', contributionShareBp: 2_000, mainContributor: false },
  ];
  paidDeal = await seedActiveDeal(h.db, h.a, { team, title: '量子传感器许可（已分配）', signedOn: '2026-01-10', totalValueFen: 300_000_000 });
  const income = await recordIncome(paidDeal.id, `paid-${randomUUID()}`, 1_333_334, '2026-03-01');
  const activities = createSettlementActivities({ db: h.db, storage: h.storage, mailer: createMailer(h.config), config: h.config });
  paidId = randomUUID();
  const profile = h.a.profile.rules;
  await activities.createSettlementRecord({
    settlementId: paidId,
    reference: `ST-2026-${paidId.slice(0, 8).toUpperCase()}`,
    institutionId: h.a.institution.id,
    dealId: paidDeal.id,
    dealReference: paidDeal.reference,
    createdById: h.a.people.tto.id,
    kind: 'PERIODIC',
    period: { from: '2026-01-01', to: '2026-12-31' },
    profile,
    profileId: h.a.profile.id,
    draft: emptySettlementDraft(),
    workflowId: `settlement-${paidId}`,
  });
  const draft = { ...emptySettlementDraft(), incomeEventIds: [income.id] };
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

  // A second one taken to APPROVED the same way, for finance's payout form (of 2025 and people
  // without an account, so the figures of 2026 and the researchers' rewards above stay as they are).
  const approvedTeam = [
    { personId: null, name: '赵六', contributionShareBp: 6_000, mainContributor: true },
    { personId: null, name: '钱七', contributionShareBp: 4_000, mainContributor: false },
  ];
  const approvedDeal = await seedActiveDeal(h.db, h.a, { team: approvedTeam, title: '柔性显示许可（待发放）', signedOn: '2025-01-10' });
  const approvedIncome = await recordIncome(approvedDeal.id, `approved-${randomUUID()}`, 1_000_000, '2025-03-01');
  approvedId = randomUUID();
  await activities.createSettlementRecord({
    settlementId: approvedId,
    reference: `ST-2025-${approvedId.slice(0, 8).toUpperCase()}`,
    institutionId: h.a.institution.id,
    dealId: approvedDeal.id,
    dealReference: approvedDeal.reference,
    createdById: h.a.people.tto.id,
    kind: 'PERIODIC',
    period: { from: '2025-01-01', to: '2025-12-31' },
    profile,
    profileId: h.a.profile.id,
    draft: emptySettlementDraft(),
    workflowId: `settlement-${approvedId}`,
  });
  const approvedDraft = { ...emptySettlementDraft(), incomeEventIds: [approvedIncome.id] };
  const approvedResult = computeSettlement({ input: await activities.loadSettlementInput({ settlementId: approvedId, draft: approvedDraft }), profile });
  const approve = async (version: number, status: 'PREPARING' | 'FINANCE_REVIEW' | 'PUBLICITY' | 'APPROVED', extra: object = {}) =>
    activities.recordSettlementState({ settlementId: approvedId, status, version, currentStepKey: null, ...extra, event: { key: `${approvedId}:v${version}`, actorId: null, action: `settlement.${status.toLowerCase()}` } });
  await approve(2, 'PREPARING', { draft: approvedDraft, computed: { result: approvedResult, problems: null } });
  await approve(3, 'FINANCE_REVIEW', { submitted: true });
  await approve(4, 'PUBLICITY');
  await activities.bookSettlementLedger({ settlementId: approvedId, bookedOn: '2025-05-20', actorId: null });
  await approve(5, 'APPROVED', { approved: true });
});
afterAll(async () => {
  await w?.close();
});

describe('a plan under review', () => {
  it('is approved by finance on the settlement’s page with the same decision form', { timeout: 120_000 }, async () => {
    const h = w.api;
    const { researcher, tto, finance } = h.a.people;
    const deal = await seedActiveDeal(h.db, h.a, { team: [{ personId: researcher.id, name: researcher.name, contributionShareBp: 10_000, mainContributor: true }], title: '柔性电子转让（待分配）' });
    await recordIncome(deal.id, `review-${randomUUID()}`, 2_000_000, '2026-04-01');
    const created = await h.call('POST', '/settlements', { as: tto, json: { dealId: deal.id, period: { from: '2026-01-01', to: '2026-12-31' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const submitted = await h.call('POST', `/settlements/${created.body.id}/submit`, { as: tto });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const page = await w.login(await w.context(), finance);
    await page.goto('/app/inbox?kind=FINANCE_REVIEW');
    const row = page.getByTestId('inbox-table').getByRole('row').filter({ hasText: created.body.reference });
    await reloadUntil(page, () => row.count(), 1);
    await row.getByRole('link', { name: created.body.reference }).click();
    await page.waitForURL(new RegExp(`/app/settlements/${created.body.id}#task-`));
    expect(await text(page, 'settlement-status')).toBe('财务审核');
    expect(await text(page, 'settlement-net')).toBe('¥20,000.00');
    // The plan: ¥20,000.00 net, 70% to the team (the default profile), the researcher's line in CNY.
    expect(await text(page, 'settlement-lines')).toContain(`${researcher.name}`);
    expect(await text(page, 'settlement-lines')).toContain('¥14,000.00');
    expect(await text(page, 'settlement-explanation')).toContain('¥20,000.00');
    const form = page.getByTestId('decide-form');
    // Return without a reason: refused by the API beside the comment, nothing decided.
    await form.getByRole('radio', { name: '退回修改', exact: true }).check();
    await form.getByRole('button', { name: '提交审批意见' }).click();
    await expect.poll(() => page.locator('[data-error-for="comment"]').first().textContent()).toBe('不同意或退回修改时须写明理由');
    expect((await h.db.settlement.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe('FINANCE_REVIEW');
    await page.getByTestId('decide-form').getByRole('radio', { name: '同意', exact: true }).check();
    await page.getByTestId('decide-form').getByRole('textbox', { name: '说明' }).fill('已核对银行回单');
    await page.getByTestId('decide-form').getByRole('button', { name: '提交审批意见' }).click();
    await page.waitForURL(new RegExp(`/app/settlements/${created.body.id}$`));
    await expect.poll(() => text(page, 'flash')).toContain('已提交审批意见：同意');
    await reloadUntil(page, () => text(page, 'settlement-status'), '公示中');
  });
});

describe('a paid settlement', () => {
  it('shows staff its plan, explanation, ledger and statements', { timeout: 90_000 }, async () => {
    const page = await w.login(await w.context(), w.api.a.people.tto);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '收益分配' }).click();
    await page.waitForURL('**/app/settlements');
    const row = page.getByTestId('settlements-table').getByRole('row').filter({ hasText: paidDeal.reference });
    expect(await row.textContent()).toContain('已发放');
    expect(await row.textContent()).toContain('¥13,333.34');
    await row.getByRole('link', { name: /^ST-/ }).click();
    await page.waitForURL(`**/app/settlements/${paidId}`);
    const lines = await text(page, 'settlement-lines');
    // ¥13,333.34 net: 70% to the team, split 50/30/20 by contribution (largest remainder), the rest to the institution's funds.
    for (const figure of ['¥4,666.67', '¥2,800.00', '¥1,866.67', '¥2,000.00', '¥1,333.33', '¥666.67']) expect(lines).toContain(figure);
    expect(lines).toContain('2026-06-01 · ICBC-0601');
    expect(lines).toContain('减按 50% 计入工资薪金所得');
    expect(await text(page, 'settlement-explanation')).toContain('转让、许可收入');
    expect(await page.getByTestId('settlement-ledger').getByRole('row').count()).toBeGreaterThan(3);
    await w.screenshot(page, '48-settlement-paid');
    // A person's statement: a short-lived link to the PDF.
    const href = await page.getByTestId('settlement-lines').getByRole('row').filter({ hasText: w.api.a.people.researcher.name }).getByRole('link', { name: '下载' }).getAttribute('href');
    const statement = await page.request.get(href!);
    expect(statement.status()).toBe(200);
    expect((await statement.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // The dashboard's income and rewards by year come from the ledger report.
    await page.goto('/app/dashboard');
    const chart = await text(page, 'chart-income');
    expect(chart).toContain('2026');
    expect(chart).toContain('¥13,333.34');
    expect(chart).toContain('¥9,333.34');
  });

  it('shows a researcher in the plan their own rewards and only their own lines', { timeout: 60_000 }, async () => {
    const { otherResearcher, researcher } = w.api.a.people;
    const page = await w.login(await w.context(), otherResearcher);
    expect(new URL(page.url()).pathname).toBe('/app/cases');
    const rewards = page.getByTestId('rewards-table');
    expect(await rewards.textContent()).toContain(paidDeal.reference);
    expect(await rewards.textContent()).toContain('¥2,800.00');
    expect(await rewards.textContent()).toContain('2026-06-01');
    await rewards.getByRole('link', { name: '2026-01-01 – 2026-12-31' }).click();
    await page.waitForURL(`**/app/settlements/${paidId}`);
    const lines = await text(page, 'settlement-lines');
    expect(lines).toContain('¥2,800.00');
    expect(lines).not.toContain(researcher.name);
    expect(lines).not.toContain('¥4,666.67');
    expect(await page.getByTestId('settlement-ledger').count()).toBe(0);
    expect(await text(page, 'my-statement')).toContain('¥2,800.00');
    // Staff pages stay closed to a researcher.
    expect(await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '收益分配' }).count()).toBe(0);
  });
});

describe('a settlement prepared through the pages', () => {
  it('is opened by the TTO from the deal, given a deduction (refused beside its field first), recomputed and submitted', { timeout: 180_000 }, async () => {
    const h = w.api;
    const { researcher, tto } = h.a.people;
    const year = shanghaiDateOf(Date.now()).slice(0, 4);
    const deal = await seedActiveDeal(h.db, h.a, { team: [{ personId: researcher.id, name: researcher.name, contributionShareBp: 10_000, mainContributor: true }], title: '固态电池许可（页面编制）' });
    await seedIncomeEvent(h.db, deal, { kind: 'UPFRONT', amountFen: 3_000_000, receivedOn: `${year}-02-01` });
    const receipt = await seedDealDocument(h.db, deal, 'ATTACHMENT');

    const page = await w.login(await w.context(), tto);
    await page.goto(`/app/deals/${deal.id}`);
    const prepare = page.getByTestId('action-prepare-settlement');
    await prepare.locator('summary').click();
    // The period defaults to this calendar year.
    expect(await prepare.getByLabel('结算期起').inputValue()).toBe(`${year}-01-01`);
    expect(await prepare.getByLabel('结算期止').inputValue()).toBe(`${year}-12-31`);
    await prepare.getByRole('button', { name: '发起收益分配' }).click();
    await page.waitForURL(/\/app\/settlements\/[0-9a-f-]{36}$/);
    const settlementId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await text(page, 'settlement-status')).toBe('编制中');
    expect(await text(page, 'settlement-net')).toBe('¥30,000.00');
    const form = page.getByTestId('settlement-draft-form');
    expect(await form.getByRole('checkbox', { name: /¥30,000\.00/ }).isChecked()).toBe(true);

    // An amount of 0: the API's 400 beside the amount, nothing saved.
    await form.locator('select[name="deductions[0].kind"]').selectOption('TAX');
    await form.locator('input[name="deductions[0].amountFen"]').fill('0');
    await form.getByRole('button', { name: '保存并重新计算' }).click();
    await expect.poll(async () => (await page.locator('[data-error-for="deductions[0].amountFen"]').textContent()) ?? '').not.toBe('');
    expect(await page.locator('select[name="deductions[0].kind"]').inputValue()).toBe('TAX');
    expect(await h.db.settlementDeduction.count({ where: { settlementId } })).toBe(0);

    // A kind the profile does not allow (legal services): kept with the plan's problem beside the kind.
    await page.locator('select[name="deductions[0].kind"]').selectOption('LEGAL');
    await page.locator('input[name="deductions[0].amountFen"]').fill('1,000.00');
    await page.getByTestId('settlement-draft-form').getByRole('button', { name: '保存并重新计算' }).click();
    await page.waitForURL(new RegExp(`/app/settlements/${settlementId}#settlement-draft$`));
    await expect.poll(async () => (await page.locator('[data-error-for="deductions[0].kind"]').textContent()) ?? '').toContain('LEGAL');
    await w.screenshot(page, '49-settlement-prepare-problem');

    // Taxes of ¥1,000.00 with the receipt: ¥30,000.00 − ¥1,000.00 = ¥29,000.00 net; the team's
    // 70% (the default profile) is ¥20,300.00, all the researcher's (100% contribution).
    await page.locator('select[name="deductions[0].kind"]').selectOption('TAX');
    await page.getByTestId('deduction-0').getByRole('checkbox', { name: /attachment\.pdf/ }).check();
    await page.getByTestId('deduction-0').getByLabel('说明').fill('印花税');
    await page.getByTestId('settlement-draft-form').getByRole('button', { name: '保存并重新计算' }).click();
    await expect.poll(() => text(page, 'settlement-net')).toBe('¥29,000.00');
    expect(await text(page, 'settlement-lines')).toContain('¥20,300.00');
    expect(await page.locator('[data-error-for="deductions[0].kind"]').textContent()).toBe('');
    const saved = await h.db.settlementDeduction.findMany({ where: { settlementId } });
    expect(saved.map((row) => [row.kind, Number(row.amountFen), row.note, row.evidenceDocumentIds])).toEqual([['TAX', 100_000, '印花税', [receipt]]]);
    await w.screenshot(page, '50-settlement-prepared');

    await page.getByTestId('settlement-draft-form').getByRole('button', { name: '提交财务审核' }).click();
    await page.waitForURL(new RegExp(`/app/settlements/${settlementId}$`));
    await expect.poll(() => text(page, 'flash')).toContain('已提交财务审核');
    await reloadUntil(page, () => text(page, 'settlement-status'), '财务审核');
    expect(await page.getByTestId('settlement-draft-form').count()).toBe(0);
    // Still cancellable by the TTO before approval; the payout form is finance's.
    expect(await page.getByTestId('action-settlement-cancel').count()).toBe(1);
    expect(await page.getByTestId('action-settlement-payout').count()).toBe(0);
  });

  it('offers finance the payout form on an approved settlement (TTO: reverse only), its key kept when refused', { timeout: 120_000 }, async () => {
    const h = w.api;
    const payoutRows = async () => ({
      ledger: await h.db.ledgerEntry.count({ where: { settlementId: approvedId, kind: 'PAYOUT' } }),
      paidLines: await h.db.payoutLine.count({ where: { settlementId: approvedId, paidAt: { not: null } } }),
    });
    // The TTO may reverse it but not pay it.
    const ttoPage = await w.login(await w.context(), h.a.people.tto);
    await ttoPage.goto(`/app/settlements/${approvedId}`);
    expect(await ttoPage.getByTestId('action-settlement-payout').count()).toBe(0);
    expect(await ttoPage.getByTestId('action-settlement-reverse').count()).toBe(1);

    const page = await w.login(await w.context(), h.a.people.finance);
    await page.goto(`/app/settlements/${approvedId}`);
    expect(await text(page, 'settlement-status')).toBe('已批准');
    expect(await page.getByTestId('action-settlement-reverse').count()).toBe(1);
    const key = await page.getByTestId('payout-key').inputValue();
    expect(key).toMatch(/^web-[0-9a-f-]{36}$/);
    // A missing payment reference: the API's 400 beside the field, the same key kept.
    await page.getByTestId('action-settlement-payout').getByRole('button', { name: '登记发放' }).click();
    await expect.poll(async () => (await page.locator('[data-error-for="paymentRef"]').textContent()) ?? '').not.toBe('');
    expect(await page.getByTestId('payout-key').inputValue()).toBe(key);
    // Refused: nothing booked. (A payout that goes through needs the settlement's workflow past
    // its publicity; the workflow and activity tests book it, once, under time skipping.)
    expect(await payoutRows()).toEqual({ ledger: 0, paidLines: 0 });
    await page.getByTestId('action-settlement-payout').getByLabel('付款凭证号').fill('ICBC-1127');
    await w.screenshot(page, '51-settlement-payout');
    expect((await h.db.settlement.findUniqueOrThrow({ where: { id: approvedId } })).status).toBe('APPROVED');
  });
});
