// Benefit sharing (收益分配) through the pages, on the real stack: finance decides a plan's review
// on the settlement's page with the same task form (the API sends it to the settlement's
// workflow); staff read a paid settlement's plan, its explanation, its ledger and a statement;
// a researcher in the plan sees their own rewards (GET /me/rewards) and only their own lines;
// the dashboard draws income and rewards by year from the ledger (GET /reports/rewards).
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../activities/infra/mailer';
import { createSettlementActivities } from '../../activities/settlement/create-settlement-activities';
import { computeSettlement } from '../../domain/settlement';
import { seedActiveDeal, type SeededDeal } from '../../prisma/factories';
import { emptySettlementDraft } from '../../workflows/contracts/settlement';
import { fileForm, pdfBytes } from '../support/api';
import { startWebHarness, type WebHarness } from './support';

let w: WebHarness;
let paidId: string;
let paidDeal: SeededDeal;

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

async function reloadUntil(page: Page, read: () => Promise<unknown>, expected: unknown) {
  await expect
    .poll(
      async () => {
        const value = await read();
        if (value !== expected) await page.reload();
        return value;
      },
      { timeout: 30_000, interval: 300 },
    )
    .toBe(expected);
}

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
