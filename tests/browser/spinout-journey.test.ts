// The spin-out request through the pages, end to end on the real stack: a researcher fills in
// the guided form (inline validation on), uploads a document with progress, submits; each
// approver finds the step in their inbox and approves it with a comment; the notice appears on
// the public board (no login) with its objection form; the researcher sees every step on the
// case's timeline. Screenshots of each main page go to test-artifacts/screenshots/.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { SeededPerson } from '../../prisma/factories';
import { pdfFile, startWebHarness, unlabelled, type WebHarness } from './support';

let w: WebHarness;
beforeAll(async () => {
  w = await startWebHarness();
});
afterAll(async () => {
  await w?.close();
});

async function continueTo(page: Page, step: string) {
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.waitForURL(new RegExp(`/edit/${step}$`));
}

describe('a spin-out request from the form to the public notice board', () => {
  let researcherContext: BrowserContext;
  let researcherPage: Page;
  let caseId: string;
  let reference: string;

  it('the researcher fills in the guided form, uploads a document and submits', { timeout: 120_000 }, async () => {
    const { researcher } = w.api.a.people;
    researcherContext = await w.context();
    const page = (researcherPage = await w.login(researcherContext, researcher));
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(new URL(page.url()).pathname).toBe('/app/cases');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('我的申请');
    await expect.poll(() => page.locator('#rewards-heading + .empty').textContent()).toContain('暂无奖励记录');

    await page.getByRole('main').getByRole('link', { name: '新建申请' }).click();
    await page.waitForURL('**/app/cases/new');
    await page.getByLabel('离岗创业').check();
    await page.getByLabel('入驻的众创空间').fill('西湖创新工场');
    await page.getByLabel('众创空间地址').fill('杭州市西湖区文三路 90 号');
    await w.screenshot(page, '01-request-form-step1');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/app\/cases\/[0-9a-f-]{36}\/edit\/venture$/);
    caseId = /\/app\/cases\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    await expect.poll(() => page.getByTestId('flash').textContent()).toMatch(/已创建申请草稿 SW-\d{4}-/);
    reference = /SW-\d{4}-[0-9A-F]{8}/.exec((await page.getByTestId('flash').textContent())!)![0];

    await page.getByLabel('创业企业名称').fill('量子传感科技有限公司');
    await page.getByLabel('企业简介与创业计划').fill('面向工业检测的量子传感器。');
    await continueTo(page, 'results');

    await page.getByLabel('类型').selectOption('PATENT');
    await page.getByRole('combobox', { name: '权属', exact: true }).selectOption('INSTITUTION');
    await page.getByLabel('成果名称').fill('一种量子传感器');
    await page.getByLabel('编号').fill('CN202410000001.X');
    await continueTo(page, 'team');

    // The first member is the researcher; the second is added in place by the script.
    await expect.poll(() => page.locator('input[name="team[0].name"]').inputValue()).toBe(researcher.name);
    await page.locator('input[name="team[0].role"]').fill('技术负责人');
    await page.locator('input[name="team[0].contributionShareBp"]').fill('60');
    await page.getByRole('button', { name: '添加一名成员' }).click();
    await page.locator('input[name="team[1].name"]').fill('张三');
    await page.locator('input[name="team[1].role"]').fill('工程师');
    await page.locator('input[name="team[1].contributionShareBp"]').fill('40');
    await expect.poll(() => page.locator('[data-sw-share-total]').textContent()).toBe('100%');
    await continueTo(page, 'terms');

    await page.getByRole('group', { name: '本人是否担任领导职务？' }).getByLabel('否').check();
    await page.getByRole('group', { name: '本人是否为重大科研项目负责人？' }).getByLabel('否').check();
    await page.getByLabel('拟开始日期').fill(addCalendarDays({ date: shanghaiDateOf(Date.now()), days: 90 }));
    await page.getByLabel('期限（月）').fill('36');
    await continueTo(page, 'documents');

    // A file type the API does not accept: its refusal is shown under the file field.
    await page.getByLabel('选择文件').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => page.locator('[data-error-for="file"]').textContent()).toBe('不支持此文件类型，请上传 PDF、图片或 Office 文件');
    expect(await w.api.db.document.count({ where: { caseId } })).toBe(0);
    // Upload with progress (XMLHttpRequest), then back on the same step with the file listed.
    await page.getByLabel('选择文件').setInputFiles(pdfFile('创业计划书.pdf'));
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => page.getByTestId('flash').textContent(), { timeout: 20_000 }).toContain('已上传“创业计划书.pdf”');
    await expect.poll(() => page.getByTestId('documents').textContent()).toContain('创业计划书.pdf');
    expect(await page.locator('progress').count()).toBe(1);
    await w.screenshot(page, '02-request-form-documents');

    await page.getByRole('link', { name: '继续' }).click();
    await page.waitForURL(/\/edit\/review$/);
    await expect.poll(() => page.getByRole('main').textContent()).toContain('量子传感科技有限公司');
    await w.screenshot(page, '03-request-form-review');
    await page.getByTestId('submit-case').click();
    await page.waitForURL(new RegExp(`/app/cases/${caseId}$`));
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('审核中');
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('提交申请');
    expect(await page.getByTestId('documents').textContent()).toContain('创业计划书.pdf');
    // The download link goes through the API to a short-lived link to the stored bytes.
    const href = await page.getByTestId('documents').getByRole('link', { name: '创业计划书.pdf' }).getAttribute('href');
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  const approvers = (): [string, SeededPerson, string][] => [
    ['院系审核', w.api.a.people.deptHead, '审核中'],
    ['科技处/技术转移中心审核', w.api.a.people.tto, '审核中'],
    ['人事处审核', w.api.a.people.hr, '审核中'],
    ['校长办公会审议', w.api.a.people.leadership, '公示中'],
  ];

  it('each approver finds the step in their inbox and approves it with a comment', { timeout: 180_000 }, async () => {
    for (const [index, [step, approver, statusAfter]] of approvers().entries()) {
      const context = await w.context();
      const page = await w.login(context, approver);
      await page.goto('/app/inbox');
      const row = page.getByTestId('inbox-table').getByRole('row').filter({ hasText: reference });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain(step);
      expect(await row.textContent()).toContain('本角色待领取');
      if (index === 0) await w.screenshot(page, '04-inbox-department-head');
      await row.getByRole('link', { name: reference }).click();
      await page.waitForURL(new RegExp(`/app/cases/${caseId}`));
      const form = page.getByTestId('decide-form');
      await form.getByRole('radio', { name: '同意', exact: true }).check();
      await form.getByRole('textbox', { name: '说明' }).fill(`${step}：同意。`);
      if (index === 0) {
        await w.screenshot(page, '05-case-decision-form');
        // Every control of the case page (decision, delegation, upload) has a label.
        expect(await unlabelled(page)).toEqual([]);
      }
      await form.getByRole('button', { name: '提交审批意见' }).click();
      await expect.poll(() => page.getByTestId('flash').textContent()).toContain('已提交审批意见：同意');
      await expect.poll(() => page.getByTestId('case-status').textContent()).toBe(statusAfter);
      await expect.poll(() => page.getByTestId('timeline').textContent()).toContain(`“${step}：同意。”`);
      await context.close();
    }
  });

  it('the researcher sees every step and decision on the case’s timeline', async () => {
    const page = researcherPage;
    await page.goto(`/app/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('公示中');
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    for (const [step] of approvers()) expect(timeline).toContain(`“${step}：同意。”`);
    expect(timeline).toContain('开始公示');
    await w.screenshot(page, '08-case-detail-researcher');
  });
  it('the notice is on the public board without login, with its objection form', async () => {
    const context = await w.context();
    const page = await context.newPage();
    await page.goto('/board');
    const notice = page.getByTestId('current-notices').getByTestId('notice').filter({ hasText: reference });
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.textContent()).toContain('公示中');
    await w.screenshot(page, '06-public-board');
    await notice.getByRole('link').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(w.api.a.people.researcher.name);
    expect(await page.locator('.notice-body').textContent()).toContain('量子传感科技有限公司');
    await expect.poll(() => page.getByRole('heading', { name: '提出异议' }).count()).toBe(1);
    // An objection without its required fields is refused beside them, and nothing is filed.
    await page.getByRole('button', { name: '提交异议' }).click();
    await expect.poll(() => page.locator('[data-error-for="contact"]').textContent()).toBe('此项为必填项');
    expect(await w.api.db.objection.count()).toBe(0);
    await w.screenshot(page, '07-public-notice');

    // A member of the public objects: the notice is paused and the tech-transfer office reviews it.
    await page.getByRole('textbox', { name: '联系方式' }).fill('13800000000');
    await page.getByRole('textbox', { name: '异议事实与理由' }).fill('该成果已许可给其他企业。');
    await page.getByRole('button', { name: '提交异议' }).click();
    await expect.poll(() => page.getByTestId('flash').textContent()).toBe('异议已提交。公示暂停，待审查后处理。');
    expect(await page.locator('.notice .badge').textContent()).toBe('暂停（异议审查中）');
    expect(await w.api.db.objection.count()).toBe(1);
    const tto = await w.login(await w.context(), w.api.a.people.tto);
    await tto.goto('/app/inbox?kind=OBJECTION_REVIEW');
    expect(await tto.getByTestId('inbox-table').getByRole('row').filter({ hasText: reference }).textContent()).toContain('异议审查');
  });

});
