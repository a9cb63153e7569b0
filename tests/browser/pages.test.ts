// The pages around the spin-out journey, on the real stack: language switch, validation messages
// (inline with the domain's zod schemas, and from the API without script), an expired session,
// return for changes and resubmission, delegation, HR's retention dashboard (real clock
// workflows), the dashboard, admin pages, cross-site form posts refused, and a phone's width.
import type { WorkflowHandle } from '@temporalio/client';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCalendarDays, addMonthsClamped, shanghaiDateOf, type IsoDate } from '../../domain/calendar';
import type { SeededPerson } from '../../prisma/factories';
import { retentionClockWorkflowId, type RetentionClockInput } from '../../workflows/contracts/retention-clock';
import { retentionClockWorkflow } from '../../workflows/retention-clock';
import { openTaskOf, submittedCase } from '../support/api';
import { fitsWidth, pdfFile, startWebHarness, unlabelled, type WebHarness } from './support';

let w: WebHarness;
const clocks: WorkflowHandle[] = [];

beforeAll(async () => {
  w = await startWebHarness();
});
afterAll(async () => {
  // Clocks run for years: end them so the shared dev server keeps no stray timers.
  await Promise.allSettled(clocks.map((handle) => handle.terminate('test over')));
  await w?.close();
});

const today = () => shanghaiDateOf(Date.now());
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

/** A signed LEAVE case row and its retention clock workflow, started as the case workflow would. */
async function startClock(researcher: SeededPerson, expiry: IsoDate) {
  const inst = w.api.a;
  const months = 36;
  const signingDate = addMonthsClamped(expiry, -months);
  const caseId = randomUUID();
  const reference = `SW-T-${caseId.slice(0, 8).toUpperCase()}`;
  await w.api.db.spinoutCase.create({
    data: {
      id: caseId,
      reference,
      institutionId: inst.institution.id,
      researcherId: researcher.id,
      departmentId: researcher.departmentId,
      policyProfileId: inst.profile.id,
      workflowId: `test-case-${caseId}`,
      status: 'SIGNED',
      mode: 'LEAVE',
      title: `量子传感 ${reference}`,
      request: {},
      signingDate,
    },
  });
  const rules = inst.profile.rules;
  const input: RetentionClockInput = {
    caseId,
    reference,
    institutionId: inst.institution.id,
    researcherId: researcher.id,
    signingDate,
    months,
    retention: rules.retention,
    extensionSteps: rules.approval.steps,
    dayKind: rules.approval.dayKind,
    profileVersion: inst.profile.version,
  };
  clocks.push(await w.api.temporal.workflow.start(retentionClockWorkflow, { workflowId: retentionClockWorkflowId(caseId), taskQueue: w.api.config.TEMPORAL_TASK_QUEUE, args: [input] }));
  await vi.waitFor(async () => expect(await w.api.db.retentionClock.findUnique({ where: { caseId } })).not.toBeNull(), { timeout: 15_000, interval: 50 });
  return { caseId, reference };
}

describe('language', () => {
  it('is Chinese by default and switches to English and back, on public and logged-in pages', async () => {
    const context = await w.context();
    const page = await context.newPage();
    await page.goto('/board');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    // The keyboard's first stop is the skip link to the main content.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('跳到主要内容');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('公示栏');
    await page.getByTestId('lang-switch').click();
    await page.waitForURL('**/board');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Notice board');
    await w.screenshot(page, '20-public-board-english');

    // The choice is kept (a cookie) for the next pages, including after logging in.
    await page.goto('/app/login');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in');
    await page.getByRole('textbox', { name: 'E-mail address' }).fill(w.api.a.people.researcher.email);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.waitForURL('**/app/cases');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).textContent()).toContain('My requests');
    await page.getByTestId('lang-switch').click();
    await page.waitForURL('**/app/cases');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByRole('navigation', { name: '主导航' }).textContent()).toContain('我的申请');
    await context.close();
  });
});

describe('validation messages', () => {
  it('shows the domain schema’s messages beside each field while typing (script on), in the page’s language', async () => {
    const context = await w.context();
    const page = await w.login(context, w.api.a.people.researcher);
    await page.goto('/app/cases/new');
    await page.getByRole('button', { name: '保存并继续' }).click();
    // Refused in the browser: still on the same page, each message beside its field.
    expect(new URL(page.url()).pathname).toBe('/app/cases/new');
    await expect.poll(() => page.locator('[data-error-for="mode"]').textContent()).toBe('请选择创业方式');
    expect(await page.locator('[data-error-for="makerSpace.name"]').textContent()).toBe('此项为必填项');
    expect(await page.getByRole('textbox', { name: '入驻的众创空间' }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-error-summary]').isVisible()).toBe(true);
    await w.screenshot(page, '21-validation-inline');
    // Correcting a field clears its message as it is typed.
    await page.getByRole('textbox', { name: '入驻的众创空间' }).fill('西湖创新工场');
    await expect.poll(() => page.locator('[data-error-for="makerSpace.name"]').textContent()).toBe('');
    expect(await w.api.db.spinoutCase.count({ where: { researcherId: w.api.a.people.researcher.id, status: 'DRAFT' } })).toBe(0);

    await page.getByLabel('离岗创业').check();
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/edit\/venture$/);
    // A malformed unified social credit code is caught on leaving the field.
    await page.getByRole('textbox', { name: '统一社会信用代码' }).fill('91330100');
    await page.getByRole('textbox', { name: '创业企业名称' }).focus();
    await expect.poll(() => page.locator('[data-error-for="venture.unifiedSocialCreditCode"]').textContent()).toBe('统一社会信用代码须为 18 位');

    // The same check in English.
    await page.goto('/app/lang?to=en&next=/app/cases/new');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect.poll(() => page.locator('[data-error-for="mode"]').textContent()).toBe('Choose how you will work on the venture');
    expect(await page.locator('[data-error-for="makerSpace.name"]').textContent()).toBe('This field is required');
    await page.goto('/app/lang?to=zh-CN&next=/app/cases');
    await context.close();
  });

  it('without script, every step is a plain form post and the API’s 400 is shown beside the fields', { timeout: 90_000 }, async () => {
    const researcher = w.api.a.people.otherResearcher;
    const context = await w.context({ javaScriptEnabled: false });
    const page = await w.login(context, researcher);
    await page.goto('/app/cases/new');
    await page.getByLabel('在岗兼职创业').check();
    await page.getByRole('textbox', { name: '入驻的众创空间' }).fill('中关村创业大街众创空间');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/edit\/venture$/);
    const caseId = /\/app\/cases\/([0-9a-f-]{36})\//.exec(page.url())![1]!;

    await page.getByRole('textbox', { name: '创业企业名称' }).fill('智算科技');
    await page.getByRole('textbox', { name: '统一社会信用代码' }).fill('91330100');
    await page.getByRole('textbox', { name: '企业简介与创业计划' }).fill('边缘计算。');
    const refused = page.waitForResponse((res) => res.url().endsWith('/edit/venture') && res.request().method() === 'POST');
    await page.getByRole('button', { name: '保存并继续' }).click();
    expect((await refused).status()).toBe(400);
    expect(await page.locator('[data-error-for="venture.unifiedSocialCreditCode"]').textContent()).toBe('统一社会信用代码须为 18 位');
    expect(await page.getByRole('textbox', { name: '创业企业名称' }).inputValue()).toBe('智算科技');
    await w.screenshot(page, '22-validation-server');
    // Nothing of the refused step was saved.
    const draft = (await w.api.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } })).request as { venture?: unknown };
    expect(draft.venture).toBeUndefined();

    await page.getByRole('textbox', { name: '统一社会信用代码' }).fill('');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/edit\/results$/);
    await page.getByRole('combobox', { name: '类型' }).selectOption('KNOW_HOW');
    await page.getByRole('combobox', { name: '权属', exact: true }).selectOption('INSTITUTION');
    await page.getByRole('textbox', { name: '成果名称' }).fill('边缘推理调度方法');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/edit\/team$/);
    await page.locator('input[name="team[0].role"]').fill('负责人');
    await page.locator('input[name="team[0].contributionShareBp"]').fill('50');
    // No script: "add a member" saves and shows one more empty row.
    await page.getByRole('button', { name: '添加一名成员' }).click();
    await page.waitForURL(/\/edit\/team\?blank=1$/);
    await page.locator('input[name="team[1].name"]').fill('王五');
    await page.locator('input[name="team[1].role"]').fill('工程师');
    await page.locator('input[name="team[1].contributionShareBp"]').fill('40');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/edit\/terms$/);
    await page.getByRole('group', { name: '本人是否担任领导职务？' }).getByLabel('否').check();
    await page.getByRole('group', { name: '本人是否为重大科研项目负责人？' }).getByLabel('否').check();
    await page.getByLabel('拟开始日期').fill(addCalendarDays({ date: today(), days: 60 }));
    await page.getByLabel('期限（月）').fill('12');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/edit\/documents$/);
    // Without script the upload is a plain multipart post, answered with a redirect.
    await page.getByLabel('选择文件').setInputFiles(pdfFile('成果证明.pdf'));
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => text(page, 'flash')).toBe('已上传“成果证明.pdf”。');
    expect(await text(page, 'documents')).toContain('成果证明.pdf');
    await page.goto(`/app/cases/${caseId}/edit/review`);

    // The shares add up to 90%: the API refuses the submission, and the team step opens with
    // the message beside the team's shares.
    await page.getByTestId('submit-case').click();
    await expect.poll(() => page.locator('[data-error-for="team"]').textContent()).toBe('团队成员贡献比例合计须为 100%，当前为 90%');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('团队成员');
    expect((await w.api.db.spinoutCase.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('DRAFT');
    await w.screenshot(page, '23-validation-submit');
    await context.close();
  });
});

describe('session', () => {
  it('an expired token sends the browser back to the login page with a message', async () => {
    const { config, a } = w.api;
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(a.people.researcher.id)
      .setIssuer(config.AUTH_ISSUER)
      .setAudience(config.AUTH_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(config.AUTH_DEV_SECRET));
    const context = await w.context();
    await context.addCookies([{ name: 'sw_session', value: expired, url: w.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    await page.goto('/app/cases');
    expect(new URL(page.url()).pathname).toBe('/app/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/app/cases');
    expect(await text(page, 'session-expired')).toBe('登录已过期，请重新登录。');
    expect((await context.cookies()).find((cookie) => cookie.name === 'sw_session')).toBeUndefined();

    // Logging in again returns to the page asked for; logging out ends the session.
    await page.getByRole('button', { name: new RegExp(a.people.researcher.email) }).click();
    await page.waitForURL('**/app/cases');
    const session = (await context.cookies()).find((cookie) => cookie.name === 'sw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/app/login');
    await page.goto('/app/cases');
    expect(new URL(page.url()).pathname).toBe('/app/login');
    await context.close();
  });

  it('refuses a form post from another site (CSRF) and changes nothing', async () => {
    const context = await w.context();
    const page = await w.login(context, w.api.a.people.researcher);
    const before = await w.api.db.spinoutCase.count();
    const res = await page.request.post('/app/cases/new', {
      form: { mode: 'LEAVE', 'makerSpace.name': '跨站' },
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('无法确认请求来自本站');
    expect(await w.api.db.spinoutCase.count()).toBe(before);
    await context.close();
  });
});

describe('return for changes and delegation', () => {
  it('the department head returns a request with a comment; the researcher revises and resubmits', { timeout: 90_000 }, async () => {
    const { researcher, deptHead } = w.api.a.people;
    const created = await submittedCase(w.api, researcher);
    const headContext = await w.context();
    const head = await w.login(headContext, deptHead);
    await head.goto(`/app/cases/${created.id}`);
    const form = head.getByTestId('decide-form');
    // Returning needs a reason: the workflow's refusal is shown beside the comment.
    await form.getByRole('radio', { name: '退回修改' }).check();
    await form.getByRole('button', { name: '提交审批意见' }).click();
    await expect.poll(() => head.getByTestId('decide-form').locator('[data-error-for="comment"]').textContent()).toBe('退回修改时须写明需要修改的内容');
    expect(await head.getByTestId('case-status').textContent()).toBe('审核中');
    await head.getByTestId('decide-form').getByRole('radio', { name: '退回修改' }).check();
    await head.getByTestId('decide-form').getByRole('textbox', { name: '说明' }).fill('请补充团队成员的任职情况。');
    await head.getByTestId('decide-form').getByRole('button', { name: '提交审批意见' }).click();
    await expect.poll(() => text(head, 'case-status')).toBe('退回修改');
    await headContext.close();

    const context = await w.context();
    const page = await w.login(context, researcher);
    const row = page.getByTestId('cases-table').getByRole('row').filter({ hasText: created.reference });
    expect(await row.textContent()).toContain('退回修改');
    await row.getByRole('link').click();
    expect(await text(page, 'returned-banner')).toContain('请补充团队成员的任职情况。');
    await w.screenshot(page, '24-case-returned');
    await page.getByTestId('returned-banner').getByRole('link', { name: '修改并重新提交' }).click();
    await page.waitForURL(/\/edit\/basics$/);
    await page.goto(`/app/cases/${created.id}/edit/team`);
    await page.locator('input[name="team[0].role"]').fill('技术负责人（在编教授）');
    await page.getByRole('button', { name: '保存并继续' }).click();
    await page.waitForURL(/\/edit\/terms$/);
    await page.goto(`/app/cases/${created.id}/edit/review`);
    await page.getByRole('button', { name: '重新提交' }).click();
    await expect.poll(() => text(page, 'case-status')).toBe('审核中');
    expect(await text(page, 'timeline')).toContain('重新提交申请');
    await context.close();
  });

  it('the tech-transfer officer delegates a step to a deputy, in whose inbox it is then assigned', { timeout: 90_000 }, async () => {
    const { researcher, deptHead, tto, ttoDeputy } = w.api.a.people;
    const created = await submittedCase(w.api, researcher);
    const first = await openTaskOf(w.api, created.id, 'APPROVAL', 'dept-head');
    expect((await w.api.call('POST', `/tasks/${first.id}/decide`, { as: deptHead, json: { decision: 'APPROVE' } })).status).toBe(200);
    const step = await openTaskOf(w.api, created.id, 'APPROVAL', 'tto');

    const context = await w.context();
    const page = await w.login(context, tto);
    await page.goto(`/app/cases/${created.id}`);
    await page.getByText('委托他人办理').click();
    await page.getByRole('combobox', { name: '受托人' }).selectOption({ label: ttoDeputy.name });
    await page.getByRole('textbox', { name: '委托说明' }).fill('出差期间请代为审核。');
    await page.getByRole('button', { name: '委托', exact: true }).click();
    await page.waitForURL('**/app/inbox');
    expect(await text(page, 'flash')).toBe('任务已委托。');
    expect((await w.api.db.task.findUniqueOrThrow({ where: { id: step.id } })).assigneeId).toBe(ttoDeputy.id);
    await context.close();

    const deputyContext = await w.context();
    const deputy = await w.login(deputyContext, ttoDeputy);
    await deputy.goto('/app/inbox');
    const row = deputy.getByTestId('inbox-table').getByRole('row').filter({ hasText: created.reference });
    expect(await row.textContent()).toContain('分配给我');
    await deputyContext.close();
  });
});

describe('HR: retention clocks', () => {
  let soon: { caseId: string; reference: string };
  let later: { caseId: string; reference: string };
  let hrContext: BrowserContext;

  it('the researcher sees the clock on the case and asks to return early', { timeout: 90_000 }, async () => {
    soon = await startClock(w.api.a.people.researcher, addCalendarDays({ date: today(), days: 60 }));
    later = await startClock(w.api.a.people.otherResearcher, addCalendarDays({ date: today(), days: 700 }));
    const context = await w.context();
    const page = await w.login(context, w.api.a.people.researcher);
    await page.goto(`/app/cases/${soon.caseId}`);
    expect(await text(page, 'clock-status')).toBe('保留期内');
    expect(await page.locator('#clock-heading').locator('..').textContent()).toContain('剩余 60 天');
    await page.getByText('申请提前返岗').click();
    await page.getByLabel('返岗日期').fill(addCalendarDays({ date: today(), days: 30 }));
    await page.getByRole('textbox', { name: '理由' }).first().fill('项目已完成，申请提前返岗。');
    await page.getByRole('button', { name: '提交' }).first().click();
    await expect.poll(() => text(page, 'flash')).toBe('提前返岗申请已提交。');
    expect(await page.locator('#clock-heading').locator('..').textContent()).toContain('提前返岗申请审批中');
    await w.screenshot(page, '25-case-retention-clock');
    await context.close();
  });

  it('HR sees the clocks with days left, the timeline, the export and the feed, and records outcomes', { timeout: 90_000 }, async () => {
    hrContext = await w.context();
    const page = await w.login(hrContext, w.api.a.people.hr);
    await page.goto('/app/retention');
    const tiles = await text(page, 'retention-tiles');
    expect(tiles).toMatch(/2\s*保留期内/);
    expect(tiles).toMatch(/1\s*90 天内届满/);
    const soonRow = page.getByTestId('clocks-table').getByRole('row').filter({ hasText: soon.reference });
    expect(await soonRow.textContent()).toContain('剩余 60 天');
    expect(await soonRow.textContent()).toContain('提前返岗申请审批中');
    expect(await page.getByTestId('clocks-table').getByRole('row').filter({ hasText: later.reference }).textContent()).toContain('剩余 700 天');
    const chart = page.locator('figure.chart svg[role="img"]');
    expect(await chart.count()).toBe(1);
    expect(await chart.locator('rect').count()).toBe(2);
    expect(await chart.locator('desc').textContent()).toContain('剩余 60 天');
    // The calendar link is made on request, shown once, and works until revoked.
    expect(await page.getByTestId('feed-url').count()).toBe(0);
    await page.getByLabel('用途说明').fill('办公室 Outlook');
    await page.getByRole('button', { name: '生成订阅链接' }).click();
    const feedUrl = await page.getByTestId('feed-url').inputValue();
    expect(feedUrl).toMatch(/\/retention\/clocks\.ics\?token=swf_/);
    expect(await page.getByTestId('feed-tokens').textContent()).toContain('办公室 Outlook');
    await w.screenshot(page, '26-retention-dashboard');
    expect(await unlabelled(page)).toEqual([]);

    const csv = await page.request.get('/app/retention/export.csv');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain(soon.reference);
    expect(body).toContain(later.reference);
    const feed = await page.request.get(feedUrl);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    // Shown once: the page no longer has the token after reloading.
    await page.goto('/app/retention');
    expect(await page.getByTestId('feed-url').count()).toBe(0);
    expect(await page.content()).not.toContain(new URL(feedUrl).searchParams.get('token')!);
    await page.getByTestId('feed-tokens').getByRole('button', { name: '撤销 办公室 Outlook' }).click();
    expect(await page.getByTestId('feed-tokens').textContent()).toContain('已撤销');
    expect((await page.request.get(feedUrl)).status()).toBe(401);

    // The early return is decided from the case page (it is in HR's inbox too).
    await page.goto('/app/inbox');
    expect(await page.getByTestId('inbox-table').getByRole('row').filter({ hasText: soon.reference }).count()).toBe(1);
    await page.goto(`/app/cases/${soon.caseId}`);
    const form = page.getByTestId('decide-form');
    await form.getByRole('radio', { name: '同意', exact: true }).check();
    await form.getByRole('button', { name: '提交审批意见' }).click();
    await expect.poll(() => text(page, 'clock-status')).toBe('已返岗');

    // HR records the other clock's outcome with the outcome form.
    await page.goto(`/app/cases/${later.caseId}`);
    await page.locator('summary', { hasText: '记录结果' }).click();
    await page.getByRole('radio', { name: '已辞职' }).check();
    await page.getByRole('button', { name: '记录', exact: true }).click();
    await expect.poll(() => text(page, 'flash')).toBe('保留期结果已记录。');
    expect(await text(page, 'clock-status')).toBe('已辞职');
    expect((await w.api.db.retentionClock.findUniqueOrThrow({ where: { caseId: later.caseId } })).status).toBe('RESIGNED');
  });

  it('the dashboard charts cases by stage and expiries by month; HR, who does not read the reward reports, sees no income', async () => {
    const page = await hrContext.newPage();
    await page.goto('/app/dashboard');
    const stages = page.getByTestId('chart-stages');
    expect(await stages.locator('svg[role="img"]').count()).toBe(1);
    const described = (await stages.locator('desc').textContent()) ?? '';
    const signed = await w.api.db.spinoutCase.count({ where: { institutionId: w.api.a.institution.id, status: 'SIGNED' } });
    expect(described).toContain(`已签约: ${signed}`);
    // The two clocks above are closed now; a third, open one is counted in its expiry month.
    const expiry = addCalendarDays({ date: today(), days: 100 });
    await startClock(w.api.a.people.researcher, expiry);
    await page.reload();
    const expiries = (await page.getByTestId('chart-expiries').locator('desc').textContent()) ?? '';
    expect(expiries).toContain(`${expiry.slice(0, 7)}: 1`);
    expect(expiries.match(/: 1/g)).toHaveLength(1);
    // The reward reports are for the TTO, finance, leadership and admins (tests/browser/settlements.test.ts).
    expect(await text(page, 'chart-income')).toContain('暂无收入与奖励数据');
    await w.screenshot(page, '27-dashboard');
  });
});

describe('admin pages', () => {
  it('lists people, policy profiles and the calendar, and edits the calendar', async () => {
    const context = await w.context();
    const page = await w.login(context, w.api.a.people.admin);
    await page.goto('/app/admin/people');
    expect(await text(page, 'people-table')).toContain(w.api.a.people.researcher.email);
    // Registering someone without a role is refused beside the roles.
    await page.getByRole('textbox', { name: '姓名' }).last().fill('新同事');
    await page.getByRole('textbox', { name: '电子邮箱' }).fill('new@zju.edu.cn');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => page.locator('#new-person ~ form [data-error-for="roles"], section [data-error-for="roles"]').last().textContent()).toBe('请至少选择一个角色');
    expect(await w.api.db.person.count({ where: { email: 'new@zju.edu.cn' } })).toBe(0);
    await w.screenshot(page, '28-admin-people');
    expect(await unlabelled(page)).toEqual([]);

    await page.goto('/app/admin/policy-profiles');
    expect(await text(page, 'profiles-table')).toContain('院系审核');
    await page.goto('/app/admin/calendar?year=2026');
    expect(await text(page, 'calendar-table')).toContain('国庆节');
    await page.getByLabel('日期').fill('2026-12-31');
    await page.getByRole('combobox', { name: '类型' }).selectOption('HOLIDAY');
    await page.getByRole('textbox', { name: '名称' }).fill('校庆日');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => text(page, 'calendar-table')).toContain('校庆日');
    expect(await w.api.db.calendarDay.findUnique({ where: { date: '2026-12-31' } })).toMatchObject({ kind: 'HOLIDAY', name: '校庆日' });
    await w.screenshot(page, '29-admin-calendar');
    expect(await unlabelled(page)).toEqual([]);
    await context.close();
  });

  it('a researcher may not use them: the API’s refusal is shown', async () => {
    const context = await w.context();
    const page = await w.login(context, w.api.a.people.researcher);
    const res = await page.goto('/app/admin/people');
    expect(res?.status()).toBe(403);
    expect(await text(page, 'error-message')).toBe('您没有权限执行此操作');
    // A page that does not exist is a page too, not the API's JSON.
    const missing = await page.goto('/app/no-such-page');
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('页面不存在');
    await context.close();
  });
});

describe('on a phone', () => {
  it('pages fit a 390 px wide screen', async () => {
    const context = await w.context({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const board = await context.newPage();
    await board.goto('/board');
    expect(await fitsWidth(board)).toBe(true);
    await w.screenshot(board, '30-phone-board');
    const page = await w.login(context, w.api.a.people.researcher);
    expect(await fitsWidth(page)).toBe(true);
    await w.screenshot(page, '31-phone-my-cases');
    await page.goto('/app/cases/new');
    expect(await fitsWidth(page)).toBe(true);
    await w.screenshot(page, '32-phone-request-form');
    expect(await unlabelled(page)).toEqual([]);
    await page.goto('/app/cases');
    expect(await unlabelled(page)).toEqual([]);
    await context.close();
  });
});
