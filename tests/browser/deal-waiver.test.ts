// An obligation waived and a deal terminated with a fee overdue, through the pages on the real
// stack. A transfer listed on an exchange (挂牌交易) is set up through the API: signed forty days
// ago, so its upfront fee fell due ten days ago and is OVERDUE; one of its two milestones is
// reached. On the deal's page the tech-transfer office finds a waiver form beside each obligation
// still owed: sent without a reason it is refused beside that obligation's field and nothing
// changes; with a reason the reached milestone reads 已豁免 with the reason and the amount. The
// office terminates the deal: the overdue fee stays owed (still waivable), the milestone whose
// event never came is cancelled. Finance records the fee's payment: nothing is outstanding, the
// deal's process completes and the page offers no payment, waiver or termination any more. The
// lead researcher reads the waiver but is offered no form.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { activeListedDeal, dealSnapshot, listedTransferDraft, openDealTaskOf } from '../support/api';
import { reloadUntil, startWebHarness, text, unlabelled, type WebHarness } from './support';

let w: WebHarness;
beforeAll(async () => {
  w = await startWebHarness();
});
afterAll(async () => {
  await w?.close();
});

const today = () => shanghaiDateOf(Date.now());

const MILESTONE_REACHED = '受让方完成中试';
const MILESTONE_NEVER = '受让方产品上市';
const WAIVER_REASON = '受让方调整产品路线，经中心研究同意不再收取该笔里程碑款';

describe('a transfer with an obligation waived and terminated with its fee overdue, through the pages', () => {
  let dealId: string;
  let workflowId: string;
  let keys: { upfront: string; reached: string; never: string };
  let tto: Page;

  /** The obligations table's row of the obligation whose label contains `label`. */
  const rowOf = (page: Page, label: string) => page.getByTestId('obligations').locator('tbody tr').filter({ hasText: label });
  const obligationRow = (key: string) => w.api.db.dealObligation.findUniqueOrThrow({ where: { key } });

  it('is set up through the API: signed 40 days ago (upfront fee overdue), one milestone reached', { timeout: 120_000 }, async () => {
    const h = w.api;
    const { researcher, tto: officer } = h.a.people;
    const signedOn = addCalendarDays({ date: today(), days: -40 });
    const draft = listedTransferDraft(researcher, { title: '量子传感器专利转让（豁免）', milestoneEvents: [MILESTONE_REACHED, MILESTONE_NEVER], patentCostReimbursementFen: 0 });
    // Listed, approved by the TTO, the exchange's result recorded at the listed fee, the signed contract uploaded.
    const active = { body: await activeListedDeal(h, draft, { concludedOn: addCalendarDays({ date: today(), days: -45 }), signedOn }) };
    dealId = active.body.id;
    // Registered with the technology market: once nothing is owed, the deal's process ends.
    const registered = await h.call('POST', `/deals/${dealId}/tech-contract-registration`, { as: officer, json: { number: '2026330106000789', registeredOn: today() } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    const obligations = active.body.obligations as { key: string; kind: string; label: string; amountFen: number; dueOn: string | null }[];
    expect(obligations.map((item) => item.kind)).toEqual(['UPFRONT', 'MILESTONE', 'MILESTONE']);
    const [upfront, reached, never] = obligations;
    keys = { upfront: upfront!.key, reached: reached!.key, never: never!.key };
    expect(upfront).toMatchObject({ amountFen: 80_000_000, dueOn: addCalendarDays({ date: signedOn, days: 30 }) });
    expect(reached!.label).toContain(MILESTONE_REACHED);
    expect(never!.label).toContain(MILESTONE_NEVER);

    // The fee fell due ten days ago: the process marks it OVERDUE and opens its follow-up.
    await openDealTaskOf(h, dealId, 'PAYMENT_FOLLOW_UP', keys.upfront);
    await expect.poll(async () => (await obligationRow(keys.upfront)).status).toBe('OVERDUE');

    // The first milestone's event is recorded: its payment falls due in 30 days.
    const event = await h.call('POST', `/deals/${dealId}/obligations/${encodeURIComponent(keys.reached)}/event`, { as: officer, json: { eventOn: today() } });
    expect(event.status, JSON.stringify(event.body)).toBe(200);
    await expect.poll(async () => (await obligationRow(keys.reached)).dueOn).toBe(addCalendarDays({ date: today(), days: 30 }));
    expect(await obligationRow(keys.reached)).toMatchObject({ status: 'PENDING', eventOn: today() });
    expect(await obligationRow(keys.never)).toMatchObject({ status: 'PENDING', eventOn: null, dueOn: null });
    workflowId = (await h.db.ipDeal.findUniqueOrThrow({ where: { id: dealId }, select: { workflowId: true } })).workflowId;
  });

  it('the TTO finds a waiver form beside each obligation owed; without a reason it is refused beside that field; with one the milestone reads 已豁免', { timeout: 120_000 }, async () => {
    tto = await w.login(await w.context(), w.api.a.people.tto);
    await tto.goto(`/app/deals/${dealId}`);
    expect(await text(tto, 'deal-status')).toBe('履行中');
    // One waiver form per obligation still owed: the overdue fee and both milestones.
    await reloadUntil(tto, () => rowOf(tto, '入门费').getByText('逾期', { exact: true }).count(), 1);
    for (const key of Object.values(keys)) expect(await tto.getByTestId(`waive-${key}`).count(), key).toBe(1);
    expect(await tto.locator('details.waive-form').count()).toBe(3);
    expect(await tto.getByTestId('obligations').getByRole('columnheader', { name: '办理' }).count()).toBe(1);
    expect(await unlabelled(tto)).toEqual([]);
    await w.screenshot(tto, '47-deal-waiver');

    // Sent without a reason: refused (400), the page comes back with the error beside this obligation's field.
    const before = await dealSnapshot(w.api);
    const reachedForm = tto.getByTestId(`waive-${keys.reached}`);
    await reachedForm.locator('summary').click();
    const reason = reachedForm.getByRole('textbox', { name: '豁免理由' });
    expect(await reason.isVisible()).toBe(true);
    const refused = tto.waitForResponse((res) => res.url().endsWith(`/app/deals/${dealId}/actions/waive`) && res.request().method() === 'POST');
    await reachedForm.getByRole('button', { name: '确认豁免' }).click();
    expect((await refused).status()).toBe(400);
    await tto.waitForLoadState();
    const refusedForm = tto.getByTestId(`waive-${keys.reached}`);
    expect(await refusedForm.getAttribute('open')).not.toBeNull();
    expect(await refusedForm.locator('[data-error-for="reason"]').textContent()).toBe('此项为必填项');
    expect(await refusedForm.getByRole('textbox', { name: '豁免理由' }).getAttribute('aria-invalid')).toBe('true');
    expect(await refusedForm.locator('.form-message').textContent()).toBe('请修改下方标出的内容。');
    // Only that obligation's form is open and marked; the others stay as they were.
    for (const key of [keys.upfront, keys.never]) {
      const other = tto.getByTestId(`waive-${key}`);
      expect(await other.getAttribute('open'), key).toBeNull();
      expect(await other.locator('[data-error-for="reason"]').textContent(), key).toBe('');
    }
    expect(await unlabelled(tto)).toEqual([]);
    await w.screenshot(tto, '47-deal-waiver-refused');
    // Nothing changed: the milestone is still owed and no row of the deal moved.
    expect(await obligationRow(keys.reached)).toMatchObject({ status: 'PENDING', waiverReason: null, waivedFen: null });
    expect(await dealSnapshot(w.api)).toEqual(before);

    // With a reason: the milestone is waived.
    await refusedForm.getByRole('textbox', { name: '豁免理由' }).fill(WAIVER_REASON);
    await refusedForm.getByRole('button', { name: '确认豁免' }).click();
    await expect.poll(() => text(tto, 'flash')).toBe('付款义务已豁免。');
    const waivedRow = rowOf(tto, MILESTONE_REACHED);
    await reloadUntil(tto, async () => (await waivedRow.locator('.badge').textContent())?.trim(), '已豁免');
    expect(await waivedRow.getByTestId('waiver').textContent()).toBe(`${today()} 豁免 ¥200,000.00：${WAIVER_REASON}`);
    expect(await waivedRow.textContent()).toContain('¥200,000.00');
    // No waiver form on it any more; the others still have theirs.
    expect(await tto.getByTestId(`waive-${keys.reached}`).count()).toBe(0);
    expect(await tto.getByTestId(`waive-${keys.upfront}`).count()).toBe(1);
    expect(await tto.getByTestId(`waive-${keys.never}`).count()).toBe(1);
    expect(await text(tto, 'deal-status')).toBe('履行中');
    expect(await obligationRow(keys.reached)).toMatchObject({ status: 'WAIVED', waiverReason: WAIVER_REASON, waivedFen: 20_000_000n, waivedById: w.api.a.people.tto.id, waivedOn: today() });
    expect((await obligationRow(keys.upfront)).status).toBe('OVERDUE');
    expect(await text(tto, 'timeline')).toContain('豁免付款义务');
  });

  it('the TTO terminates it: the overdue fee stays owed and waivable, the milestone never reached is cancelled', { timeout: 120_000 }, async () => {
    await tto.goto(`/app/deals/${dealId}`);
    const terminate = tto.getByTestId('action-terminate');
    expect(await terminate.locator('summary').textContent()).toBe('终止合同');
    await terminate.locator('summary').click();
    await terminate.getByRole('textbox', { name: '理由' }).fill('受让方主体变更，双方协商解除');
    expect(await terminate.getByLabel('终止日期').inputValue()).toBe(today());
    await terminate.locator('button[type=submit]').click();
    await expect.poll(() => text(tto, 'flash')).toBe('合同已终止。');
    await reloadUntil(tto, () => text(tto, 'deal-status'), '已终止');
    await reloadUntil(tto, async () => (await rowOf(tto, MILESTONE_NEVER).locator('.badge').textContent())?.trim(), '已取消');

    // The overdue fee is still owed: shown overdue, with its waiver form.
    const upfrontRow = rowOf(tto, '入门费');
    expect((await upfrontRow.locator('.badge').textContent())?.trim()).toBe('逾期');
    expect(await upfrontRow.getAttribute('class')).toContain('overdue');
    expect(await upfrontRow.getByTestId(`waive-${keys.upfront}`).count()).toBe(1);
    // Cancelled and waived obligations have nothing left to waive.
    expect(await tto.getByTestId(`waive-${keys.never}`).count()).toBe(0);
    expect(await tto.getByTestId(`waive-${keys.reached}`).count()).toBe(0);
    expect((await rowOf(tto, MILESTONE_REACHED).locator('.badge').textContent())?.trim()).toBe('已豁免');
    // Something is still owed: payments are still taken and the deal can be closed.
    expect(await tto.getByTestId('action-payment').count()).toBe(1);
    expect(await tto.getByTestId('action-terminate').locator('summary').textContent()).toBe('结案（取消未结事项）');
    expect(await unlabelled(tto)).toEqual([]);
    await w.screenshot(tto, '47-deal-waiver-terminated');

    const row = await w.api.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } });
    expect(row.status).toBe('TERMINATED');
    expect((await obligationRow(keys.upfront)).status).toBe('OVERDUE');
    expect((await obligationRow(keys.never)).status).toBe('CANCELLED');
    expect((await obligationRow(keys.reached)).status).toBe('WAIVED');
    expect((await w.api.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  });

  it('the lead researcher reads the waiver but is offered no waiver form', { timeout: 60_000 }, async () => {
    const page = await w.login(await w.context(), w.api.a.people.researcher);
    await page.goto(`/app/deals/${dealId}`);
    expect(await text(page, 'deal-status')).toBe('已终止');
    expect(await rowOf(page, MILESTONE_REACHED).getByTestId('waiver').textContent()).toContain(WAIVER_REASON);
    // The overdue fee is still waivable — by the TTO, not by them.
    expect((await rowOf(page, '入门费').locator('.badge').textContent())?.trim()).toBe('逾期');
    expect(await page.locator('details.waive-form').count()).toBe(0);
    expect(await page.getByTestId(`waive-${keys.upfront}`).count()).toBe(0);
    expect(await page.getByTestId('obligations').getByRole('columnheader', { name: '办理' }).count()).toBe(0);
    expect(await page.getByTestId('action-payment').count()).toBe(0);
    expect(await page.getByTestId('action-terminate').count()).toBe(0);
    expect(await unlabelled(page)).toEqual([]);
  });

  it('finance records the fee’s payment: nothing is outstanding, the process completes and the page offers no more forms', { timeout: 120_000 }, async () => {
    const page = await w.login(await w.context(), w.api.a.people.finance);
    await page.goto(`/app/deals/${dealId}`);
    // Finance records payments but does not waive.
    expect(await page.locator('details.waive-form').count()).toBe(0);
    const payment = page.getByTestId('action-payment');
    // The fee's follow-up task is open and points here, so the form is already open.
    expect(await payment.getAttribute('open')).not.toBeNull();
    const settles = payment.getByRole('combobox', { name: '对应事项' });
    expect(await settles.inputValue()).toBe(`obligation:${keys.upfront}`);
    // Only what is still owed is offered.
    const offered = await settles.locator('option').allTextContents();
    expect(offered.some((label) => label.includes(MILESTONE_REACHED) || label.includes(MILESTONE_NEVER))).toBe(false);
    await payment.getByRole('textbox', { name: '金额（元）' }).fill('800,000');
    expect(await payment.getByLabel('到账日期').inputValue()).toBe(today());
    await payment.getByRole('button', { name: '记录' }).click();
    await expect.poll(() => text(page, 'flash')).toBe('收款已记录。');
    await reloadUntil(page, async () => (await rowOf(page, '入门费').locator('.badge').textContent())?.trim(), '已付清');
    expect(await text(page, 'payments')).toContain('¥800,000.00');
    expect(await w.api.db.incomeEvent.findMany({ where: { dealId } })).toEqual([expect.objectContaining({ amountFen: 80_000_000n, obligationKey: keys.upfront, recordedById: w.api.a.people.finance.id })]);
    expect(await obligationRow(keys.upfront)).toMatchObject({ status: 'PAID', paidFen: 80_000_000n });

    // Nothing is outstanding: the deal's process completes.
    await expect
      .poll(async () => (await w.api.temporal.workflow.getHandle(workflowId).describe()).status.name, { timeout: 30_000, interval: 200 })
      .toBe('COMPLETED');

    // Neither finance nor the TTO is offered a payment, a waiver or a termination any more.
    for (const viewer of [page, tto]) {
      await viewer.goto(`/app/deals/${dealId}`);
      expect(await text(viewer, 'deal-status')).toBe('已终止');
      expect(await viewer.getByTestId('action-payment').count()).toBe(0);
      expect(await viewer.getByTestId('action-terminate').count()).toBe(0);
      expect(await viewer.locator('details.waive-form').count()).toBe(0);
      expect(await viewer.getByTestId('obligations').getByRole('columnheader', { name: '办理' }).count()).toBe(0);
      expect((await rowOf(viewer, '入门费').locator('.badge').textContent())?.trim()).toBe('已付清');
      expect((await rowOf(viewer, MILESTONE_REACHED).locator('.badge').textContent())?.trim()).toBe('已豁免');
      expect((await rowOf(viewer, MILESTONE_NEVER).locator('.badge').textContent())?.trim()).toBe('已取消');
      expect(await unlabelled(viewer)).toEqual([]);
    }
    await w.screenshot(tto, '47-deal-waiver-settled');
    expect((await w.api.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).status).toBe('TERMINATED');
  });
});
