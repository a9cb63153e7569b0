// IP deals (转让 / 许可 / 作价投资) through the pages, end to end on the real stack: a researcher
// writes a licence listed on an exchange (挂牌交易) in the guided form — a bad 统一社会信用代码 is
// caught inline by the domain's schema and, sent without the script, refused by the API beside
// the same field — and submits it; the tech-transfer office approves it from the inbox, records
// the exchange's result (a winning party who is not the counterparty is refused beside its field),
// waits for the generated contract and uploads the signed copy: the deal is active. A payment
// recorded in yuan shows on the deal's page in CNY; a future date is refused and books nothing.
// The page reads the same in English. A deal priced by agreement (协议定价) is approved and its
// name and price appear on the public notice board.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { CREDIT_CODES, dealInStatus, submittedDeal, validDealDraft } from '../support/api';
import { fitsWidth, pdfFile, reloadUntil, startWebHarness, text, unlabelled, type WebHarness } from './support';

let w: WebHarness;
beforeAll(async () => {
  w = await startWebHarness();
});
afterAll(async () => {
  await w?.close();
});

const today = () => shanghaiDateOf(Date.now());

async function continueTo(page: Page, step: string) {
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.waitForURL(new RegExp(`/edit/${step}$`));
}

describe('a licence listed on an exchange, from the form to its first payment', () => {
  let dealId: string;
  let reference: string;
  let ttoContext: BrowserContext;
  let tto: Page;

  it('the researcher writes it in the guided form, with the credit code checked inline and by the API, and submits it', { timeout: 180_000 }, async () => {
    const { researcher } = w.api.a.people;
    const page = await w.login(await w.context(), researcher);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '许可与转让' }).click();
    await page.waitForURL('**/app/deals');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('我的许可与转让');
    await page.getByRole('main').getByRole('link', { name: '新建交易' }).click();
    await page.waitForURL('**/app/deals/new');

    // Step 1: the kind of deal and its pricing.
    await page.getByRole('textbox', { name: '交易名称' }).fill('量子传感器挂牌许可');
    await page.getByRole('group', { name: '转化方式' }).getByLabel('许可').check();
    await page.getByRole('group', { name: '定价方式' }).getByLabel('挂牌交易').check();
    await w.screenshot(page, '40-deal-form-basics');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/app\/deals\/[0-9a-f-]{36}\/edit\/counterparty$/);
    dealId = /\/app\/deals\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    await expect.poll(() => text(page, 'flash')).toMatch(/已创建交易草稿 IP-\d{4}-[0-9A-F]{8}/);
    reference = /IP-\d{4}-[0-9A-F]{8}/.exec(await text(page, 'flash'))![0];
    expect(await w.api.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ status: 'DRAFT', mode: 'LICENCE', pricingMethod: 'LISTED', leadResearcherId: researcher.id });

    // Step 2: the counterparty. A code with a wrong check digit is caught on leaving the field…
    const code = page.getByRole('textbox', { name: '统一社会信用代码' });
    const codeError = page.locator('[data-error-for="counterparty.unifiedSocialCreditCode"]');
    await page.getByRole('textbox', { name: '单位名称' }).fill('杭州量感科技有限公司');
    await code.fill(CREDIT_CODES.wrongCheckDigit);
    await page.getByRole('textbox', { name: '联系人', exact: true }).focus();
    await expect.poll(() => codeError.textContent()).toBe('统一社会信用代码校验位不正确，请核对');
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    // …and the step is not sent while it stands.
    await page.getByRole('button', { name: '保存并继续' }).click();
    expect(new URL(page.url()).pathname).toBe(`/app/deals/${dealId}/edit/counterparty`);
    await w.screenshot(page, '41-deal-form-credit-code-inline');
    // Sent without the script, the API refuses it (400) and its message stands beside the same field.
    const refused = page.waitForResponse((res) => res.url().endsWith('/edit/counterparty') && res.request().method() === 'POST');
    await page.evaluate("HTMLFormElement.prototype.submit.call(document.querySelector('form[data-sw-form=\"deal\"]'))");
    expect((await refused).status()).toBe(400);
    await page.waitForLoadState();
    expect(await codeError.textContent()).toBe('统一社会信用代码校验位不正确，请核对');
    expect(await page.locator('[data-error-summary]').textContent()).toContain('统一社会信用代码：统一社会信用代码校验位不正确');
    expect(await code.inputValue()).toBe(CREDIT_CODES.wrongCheckDigit);
    expect((await w.api.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).counterpartyCreditCode ?? '').toBe('');
    await code.fill(CREDIT_CODES.licensee);
    await page.getByRole('textbox', { name: '联系人电子邮箱' }).fill('licensing@liangan.example.com');
    await continueTo(page, 'assets');

    // Step 3: the research results and their shares of the income.
    await page.getByRole('combobox', { name: '类型' }).selectOption('PATENT');
    await page.getByRole('combobox', { name: '权属' }).selectOption('INSTITUTION');
    await page.getByRole('textbox', { name: '成果名称' }).fill('一种量子传感器');
    await page.getByRole('textbox', { name: '编号' }).fill('CN202410000001.X');
    await page.getByRole('textbox', { name: '收入分配比例（%）' }).fill('100');
    await expect.poll(() => page.locator('[data-sw-total="allocationBp"]').textContent()).toBe('100%');
    await continueTo(page, 'team');

    // Step 4: the inventors — the researcher is the first, a colleague is added in place.
    expect(await page.locator('input[name="team[0].name"]').inputValue()).toBe(researcher.name);
    expect(await page.locator('input[name="team[0].mainContributor"]').isChecked()).toBe(true);
    await page.locator('input[name="team[0].contributionShareBp"]').fill('70');
    await page.getByRole('button', { name: '添加一名完成人' }).click();
    await page.locator('input[name="team[1].name"]').fill('张三');
    await page.locator('input[name="team[1].contributionShareBp"]').fill('20');
    await expect.poll(() => page.locator('[data-sw-total="contributionShareBp"]').textContent()).toBe('90%');
    // Shares short of 100% are named when the step is sent, and the step stays.
    await page.getByRole('button', { name: '保存并继续' }).click();
    await expect.poll(() => page.locator('[data-error-for="team"]').textContent()).toBe('团队成员贡献比例合计须为 100%，当前为 90%');
    expect(new URL(page.url()).pathname).toBe(`/app/deals/${dealId}/edit/team`);
    // Corrected, the message goes as it is typed.
    await page.locator('input[name="team[1].contributionShareBp"]').fill('30');
    await expect.poll(() => page.locator('[data-error-for="team"]').textContent()).toBe('');
    expect(await page.locator('[data-sw-total="contributionShareBp"]').textContent()).toBe('100%');
    // The added row's label belongs to its own input.
    expect(await page.getByRole('textbox', { name: '姓名' }).nth(1).getAttribute('name')).toBe('team[1].name');
    await continueTo(page, 'terms');

    // Step 5: a licence's terms; the fee is typed in yuan and stored as fen, exactly.
    await page.getByRole('group', { name: '许可类型' }).getByLabel('普通许可').check();
    await page.getByRole('textbox', { name: '实施领域' }).fill('工业无损检测');
    await page.getByRole('textbox', { name: '地域范围' }).fill('中华人民共和国');
    await page.getByRole('spinbutton', { name: '许可期限（月）' }).fill('36');
    await page.getByRole('textbox', { name: '一次性价款（元）' }).fill('1,000,000.05');
    await page.getByRole('textbox', { name: '提成比例（%）' }).fill('3.5');
    await page.getByRole('combobox', { name: '报告周期' }).selectOption('QUARTERLY');
    expect(await page.getByRole('textbox', { name: '作价金额（元）' }).count()).toBe(0);
    expect(await unlabelled(page)).toEqual([]);
    await w.screenshot(page, '42-deal-form-terms');
    await continueTo(page, 'documents');
    const stored = (await w.api.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).terms as { terms: Record<string, unknown>; team: unknown[] };
    expect(stored.terms).toMatchObject({ exclusivity: 'NON_EXCLUSIVE', termMonths: 36, upfrontFeeFen: 100_000_005, royalty: { rateBp: 350, reportingPeriod: 'QUARTERLY' } });
    expect(stored.team).toHaveLength(2);

    // Step 6: documents are optional for a licence; step 7: review and submit.
    await page.getByRole('link', { name: '继续' }).click();
    await page.waitForURL(/\/edit\/review$/);
    expect(await text(page, 'deal-value')).toBe('¥1,000,000.05');
    expect(await text(page, 'deal-review')).toContain('杭州量感科技有限公司');
    await w.screenshot(page, '43-deal-form-review');
    await page.getByTestId('submit-deal').click();
    await page.waitForURL(new RegExp(`/app/deals/${dealId}$`));
    await expect.poll(() => text(page, 'flash')).toBe(`交易 ${reference} 已提交审批。`);
    expect(await text(page, 'deal-status')).toBe('审批中');
    expect(await text(page, 'timeline')).toContain('提交审批');
  });

  it('the tech-transfer office approves it from the inbox with the same decision form', { timeout: 90_000 }, async () => {
    ttoContext = await w.context();
    tto = await w.login(ttoContext, w.api.a.people.tto);
    await tto.goto('/app/inbox');
    const row = tto.getByTestId('inbox-table').getByRole('row').filter({ hasText: reference });
    await reloadUntil(tto, () => row.count(), 1);
    expect(await row.textContent()).toContain('量子传感器挂牌许可');
    expect(await row.textContent()).toContain('技术转移中心审核');
    await w.screenshot(tto, '44-inbox-deal-task');
    await row.getByRole('link', { name: reference }).click();
    await tto.waitForURL(new RegExp(`/app/deals/${dealId}#task-`));
    const form = tto.getByTestId('decide-form');
    await form.getByRole('radio', { name: '同意', exact: true }).check();
    await form.getByRole('textbox', { name: '说明' }).fill('条款合理，同意挂牌。');
    await form.getByRole('button', { name: '提交审批意见' }).click();
    await expect.poll(() => text(tto, 'flash')).toContain('已提交审批意见：同意');
    await reloadUntil(tto, () => text(tto, 'deal-status'), '挂牌/拍卖中');
    expect(await text(tto, 'timeline')).toContain('“条款合理，同意挂牌。”');
    // No notice for a listed deal: the exchange is its publicity.
    expect(await w.api.db.notice.count({ where: { dealId } })).toBe(0);

    // The next task (the exchange's result) is not decided in the inbox: its row says where it is done.
    await tto.goto('/app/inbox?kind=EXCHANGE_RESULT');
    const next = tto.getByTestId('inbox-table').getByRole('row').filter({ hasText: reference });
    await reloadUntil(tto, () => next.count(), 1);
    expect(await next.getByTestId('done-elsewhere').textContent()).toContain('登记挂牌/拍卖结果');
    await next.getByRole('link', { name: '前往办理' }).click();
    await tto.waitForURL(new RegExp(`/app/deals/${dealId}#exchange-result$`));
    expect(await tto.locator('#exchange-result').getAttribute('open')).not.toBeNull();
  });

  it('the office records the exchange result, waits for the contract draft and uploads the signed copy: the deal is active', { timeout: 120_000 }, async () => {
    const page = tto;
    const exchange = page.getByTestId('action-exchange-result');
    await exchange.getByRole('textbox', { name: '交易场所' }).fill('浙江知识产权交易中心');
    await exchange.getByRole('textbox', { name: '挂牌/拍卖编号' }).fill('ZJIPX-2026-0042');
    expect(await exchange.getByRole('textbox', { name: '成交价格（元）' }).inputValue()).toBe('1000000.05');
    await exchange.getByRole('textbox', { name: '成交价格（元）' }).fill('1,200,000');
    // A winning party other than the counterparty: refused by the workflow, shown beside the field.
    await exchange.getByRole('textbox', { name: '受让方/竞得方' }).fill('上海某某科技有限公司');
    await exchange.getByRole('button', { name: '记录' }).click();
    await expect.poll(() => page.locator('#exchange-result-winningParty-error').textContent()).toBe('与本交易的对方不一致：如成交方不同，请撤回本交易并以成交方重新填写');
    expect(await text(page, 'deal-status')).toBe('挂牌/拍卖中');
    expect(await page.getByTestId('action-exchange-result').getByRole('textbox', { name: '挂牌/拍卖编号' }).inputValue()).toBe('ZJIPX-2026-0042');
    await page.getByTestId('action-exchange-result').getByRole('textbox', { name: '受让方/竞得方' }).fill('杭州量感科技有限公司');
    await page.getByTestId('action-exchange-result').getByLabel('交易凭证').setInputFiles(pdfFile('成交确认书.pdf'));
    await page.getByTestId('action-exchange-result').getByRole('button', { name: '记录' }).click();
    await expect.poll(() => text(page, 'flash')).toBe('挂牌/拍卖结果已记录，正在生成合同文本。');
    await reloadUntil(page, () => text(page, 'deal-status'), '待签合同');
    const row = await w.api.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } });
    expect(row.exchangeResult).toMatchObject({ finalPriceFen: 120_000_000, venue: '浙江知识产权交易中心' });
    // The exchange's price is the deal's: its value now reads the final price.
    expect(row.totalValueFen).toBe(120_000_000n);
    expect(await text(page, 'deal-total')).toBe('¥1,200,000.00');

    // The contract draft is generated by the workflow: wait until the page offers it.
    await reloadUntil(page, () => page.getByTestId('contract-draft').getByRole('link').count(), 1);
    const href = await page.getByTestId('contract-draft').getByRole('link').getAttribute('href');
    const draft = await page.request.get(href!);
    expect(draft.status()).toBe(200);
    expect((await draft.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const signed = page.getByTestId('action-signed-contract');
    await signed.getByLabel('已签合同').setInputFiles(pdfFile('技术许可合同（签署件）.pdf'));
    await signed.getByRole('button', { name: '记录' }).click();
    await expect.poll(() => text(page, 'flash')).toBe('已签合同已记录，交易生效。');
    await reloadUntil(page, () => text(page, 'deal-status'), '履行中');
    await dealInStatus(w.api, dealId, 'ACTIVE');
    expect(await text(page, 'obligations')).toContain('¥1,200,000.00');
    expect(await text(page, 'documents')).toContain('技术许可合同（签署件）.pdf');
  });

  it('a payment recorded in yuan shows on the deal’s page in CNY; a future date is refused and books nothing', { timeout: 90_000 }, async () => {
    const page = await w.login(await w.context(), w.api.a.people.finance);
    await page.goto(`/app/deals/${dealId}`);
    const payment = page.getByTestId('action-payment');
    await payment.locator('summary').click();
    const key = await page.getByTestId('payment-key').inputValue();
    expect(key).toMatch(/^web-[0-9a-f-]{36}$/);
    await payment.getByRole('textbox', { name: '金额（元）' }).fill('1,200,000');
    await payment.getByLabel('到账日期').fill(addCalendarDays({ date: today(), days: 1 }));
    await payment.getByRole('button', { name: '记录' }).click();
    await expect.poll(() => page.locator('#payment-receivedOn-error').textContent()).toBe(`不得晚于今天（${today()}）`);
    expect(await w.api.db.incomeEvent.count({ where: { dealId } })).toBe(0);
    // The refused form keeps its idempotency key: sending it again is the same payment.
    expect(await page.getByTestId('payment-key').inputValue()).toBe(key);

    await page.getByTestId('action-payment').getByLabel('到账日期').fill(today());
    await page.getByTestId('action-payment').getByRole('button', { name: '记录' }).click();
    await expect.poll(() => text(page, 'flash')).toBe('收款已记录。');
    const payments = page.getByTestId('payments');
    expect(await payments.textContent()).toContain('¥1,200,000.00');
    expect(await payments.textContent()).toContain('一次性价款');
    expect(await text(page, 'obligations')).toContain('已付清');
    expect(await w.api.db.incomeEvent.findMany({ where: { dealId } })).toEqual([expect.objectContaining({ amountFen: 120_000_000n, recordedById: w.api.a.people.finance.id })]);
    // A new form, a new key.
    expect(await page.getByTestId('payment-key').inputValue()).not.toBe(key);
    await w.screenshot(page, '45-deal-active-payment');
  });

  it('the deal’s page reads the same in English, amounts in CNY', async () => {
    const page = tto;
    await page.goto(`/app/deals/${dealId}`);
    await page.getByTestId('lang-switch').click();
    await page.waitForURL(new RegExp(`/app/deals/${dealId}$`));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text(page, 'deal-status')).toBe('Active');
    expect(await page.getByRole('heading', { name: 'Payments received' }).count()).toBe(1);
    expect(await text(page, 'payments')).toContain('¥1,200,000.00');
    expect(await text(page, 'payments')).toContain('Lump sum');
    expect(await text(page, 'obligations')).toContain('Paid');
    expect(await page.getByRole('main').textContent()).toContain('Licence · Listed on an exchange');
    expect(await text(page, 'timeline')).toContain('Contract signed, deal active');
    expect(await text(page, 'deal-actions')).toContain('Record a payment');
    expect(await page.getByRole('main').textContent()).not.toMatch(/提交审批|履行中|付款义务/);
    await w.screenshot(page, '46-deal-page-english');
    // On a phone the page fits the screen (tables scroll inside their own region).
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await fitsWidth(page)).toBe(true);
    await page.goto(`/app/lang?to=zh-CN&next=/app/deals/${dealId}`);
    await ttoContext.close();
  });
});

describe('a deal opened by the tech-transfer office', () => {
  it('names the researcher whose result it is, who then finds it among their own', { timeout: 60_000 }, async () => {
    const { tto, otherResearcher } = w.api.a.people;
    const page = await w.login(await w.context(), tto);
    await page.goto('/app/deals');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('许可与转让');
    await page.getByRole('main').getByRole('link', { name: '新建交易' }).click();
    await page.waitForURL('**/app/deals/new');
    await page.getByRole('textbox', { name: '交易名称' }).fill('柔性电子专利转让');
    await page.getByRole('group', { name: '转化方式' }).getByLabel('转让').check();
    await page.getByRole('group', { name: '定价方式' }).getByLabel('拍卖').check();
    // Without the researcher the API refuses (400) beside the field.
    const refused = page.waitForResponse((res) => res.url().endsWith('/app/deals/new') && res.request().method() === 'POST');
    await page.getByRole('button', { name: '保存并继续' }).click();
    expect((await refused).status()).toBe(400);
    expect(await page.locator('[data-error-for="leadResearcherId"]').textContent()).toBe('代为填写时，请选择成果负责人');
    expect(await w.api.db.ipDeal.count({ where: { title: '柔性电子专利转让' } })).toBe(0);
    await page.getByRole('combobox', { name: '成果负责人' }).selectOption(otherResearcher.id);
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/app\/deals\/[0-9a-f-]{36}\/edit\/counterparty$/);
    const dealId = /\/app\/deals\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    expect(await w.api.db.ipDeal.findUniqueOrThrow({ where: { id: dealId } })).toMatchObject({ leadResearcherId: otherResearcher.id, createdById: tto.id, mode: 'TRANSFER', pricingMethod: 'AUCTION' });

    const theirs = await w.login(await w.context(), otherResearcher);
    await theirs.goto('/app/deals');
    const row = theirs.getByTestId('deals-table').getByRole('row').filter({ hasText: '柔性电子专利转让' });
    expect(await row.textContent()).toContain('草稿');
    expect(await row.textContent()).toContain('拍卖');
  });
});

describe('a licence priced by agreement (协议定价)', () => {
  it('is approved from the inbox and its name and price are on the public board', { timeout: 120_000 }, async () => {
    const { researcher, tto } = w.api.a.people;
    const draft = validDealDraft(researcher, {
      title: '柔性电子协议定价许可',
      assets: [{ kind: 'PATENT', title: '一种柔性电子皮肤', number: 'CN202410000777.1', ownership: 'INSTITUTION', allocationBp: 10_000 }],
      terms: { ...validDealDraft(researcher).terms, upfrontFeeFen: 180_000_000 },
    });
    const deal = await submittedDeal(w.api, researcher, draft);

    const page = await w.login(await w.context(), tto);
    await page.goto('/app/inbox');
    const row = page.getByTestId('inbox-table').getByRole('row').filter({ hasText: deal.reference });
    await reloadUntil(page, () => row.count(), 1);
    await row.getByRole('link', { name: deal.reference }).click();
    const form = page.getByTestId('decide-form');
    await form.getByRole('radio', { name: '同意', exact: true }).check();
    await form.getByRole('button', { name: '提交审批意见' }).click();
    await expect.poll(() => text(page, 'flash')).toContain('已提交审批意见：同意');
    await reloadUntil(page, () => text(page, 'deal-status'), '公示中');

    const board = await (await w.context()).newPage();
    await board.goto('/board');
    const notice = board.getByTestId('current-notices').getByTestId('notice').filter({ hasText: deal.reference });
    await reloadUntil(board, () => notice.count(), 1);
    expect(await notice.textContent()).toContain('一种柔性电子皮肤');
    expect(await notice.getByTestId('notice-price').textContent()).toBe('拟交易价格：¥1,800,000.00');
    await w.screenshot(board, '47-board-deal-notice');
    await notice.getByRole('link').first().click();
    await expect.poll(() => board.getByRole('heading', { level: 1 }).textContent()).toContain('一种柔性电子皮肤');
    expect(await board.getByTestId('notice-price').textContent()).toBe('拟交易价格：¥1,800,000.00');
    expect(await board.locator('.notice-body').textContent()).toContain('杭州量感科技有限公司');
    expect(await board.locator('.breadcrumbs').textContent()).toContain(deal.reference);
    // The same notice in English.
    await board.getByTestId('lang-switch').click();
    await expect.poll(() => board.getByTestId('notice-price').textContent()).toBe('Proposed price: ¥1,800,000.00');

    // The deal's page links its notice; the dashboard counts it.
    await page.goto(`/app/deals/${deal.id}`);
    expect(await page.getByRole('link', { name: /拟交易价格的公示/ }).count()).toBe(1);
    await page.goto('/app/dashboard');
    expect(await text(page, 'chart-deals')).toContain('公示中');
  });
});
