// Signing in to the pages through the institution's identity provider, in a real browser: the
// login page sends Chromium to a real OpenID Provider (tests/support/identity-provider.ts), its
// login form is filled in, and the browser comes back signed in as the person registered with
// that e-mail address. Someone the provider knows but Spinway does not is told so on the login
// page; a return that does not belong to a sign-in begun here is refused. Production
// configuration: AUTH_JWKS_URL set, so there is no dev login.
import { SignJWT } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ISSUER } from '../../api/auth/tokens';
import { signInThrough, startTestIdentityProvider, type TestIdentityProvider } from '../support/identity-provider';
import { startWebHarness, unlabelled, type WebHarness } from './support';

let w: WebHarness;
let idp: TestIdentityProvider | undefined;

beforeAll(async () => {
  w = await startWebHarness({
    config: async (baseUrl) => {
      idp = await startTestIdentityProvider({ redirectUri: `${baseUrl}/app/login/callback` });
      return signInThrough(idp);
    },
  });
}, 180_000);
afterAll(async () => {
  await w?.close();
  await idp?.close();
});

/** The provider's development login form: any login name, any password; then its consent. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === idp!.issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  // The provider asks for consent the first time a person signs in to this app.
  await page.waitForURL((url) => url.origin !== idp!.issuer || url.pathname.startsWith('/interaction'));
  if (new URL(page.url()).origin === idp!.issuer && (await consent.count()) > 0) await consent.click();
}

async function startSignIn(context: BrowserContext, path = '/app/login'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(path);
  await page.getByTestId('sso-button').click();
  return page;
}

describe('signing in through the identity provider', () => {
  it('the login page offers the institution sign-in only; it brings the officer back signed in, where they were going', { timeout: 120_000 }, async () => {
    const { tto } = w.api.a.people;
    const context = await w.context();
    const page = await context.newPage();
    await page.goto('/app/deals');
    await page.waitForURL(/\/app\/login\?next=%2Fapp%2Fdeals/);
    expect(await page.getByTestId('sso-button').textContent()).toBe('通过统一身份认证登录');
    expect(await page.getByRole('button', { name: '登录' }).count()).toBe(0); // no dev login in production
    expect(await unlabelled(page)).toEqual([]);
    await w.screenshot(page, '05-login-sso');

    await page.getByTestId('sso-button').click();
    await signInAtProvider(page, tto.email);
    await page.waitForURL((url) => url.pathname === '/app/deals');
    await expect.poll(() => page.getByTestId('flash').textContent()).toContain(tto.name);
    // The provider's tokens stay on the server: the browser holds the session cookie only.
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => cookie.name).sort()).toContain('sw_session');
    expect(cookies.find((cookie) => cookie.name === 'sw_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((cookie) => cookie.name === 'sw_sso')).toBeUndefined();
    expect(await w.api.db.auditEntry.count({ where: { entityId: tto.id, action: 'person.signed_in' } })).toBe(1);

    // When the Spinway session runs out, the next page goes back through the provider and, while
    // the provider's session lasts, lands where it was going without a login form.
    const expiredSession = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(tto.id)
      .setIssuer(SESSION_ISSUER)
      .setAudience('spinway-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(signInThrough(idp!).AUTH_SESSION_SECRET!));
    await context.addCookies([{ name: 'sw_session', value: expiredSession, url: w.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    const again = await context.newPage();
    await again.goto('/app/deals?status=ACTIVE');
    await again.waitForURL((url) => url.origin === w.baseUrl && url.pathname === '/app/deals' && url.search === '?status=ACTIVE');
    expect(await w.api.db.auditEntry.count({ where: { entityId: tto.id, action: 'person.signed_in' } })).toBe(2);
    await again.close();

    // Logging out signs out at the provider too: the provider confirms, then sends the browser
    // back to the login page, and the next sign-in asks for the login again.
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((url) => url.origin === idp!.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((url) => url.origin === w.baseUrl && url.pathname === '/app/login');
    expect((await context.cookies()).find((cookie) => cookie.name === 'sw_session')).toBeUndefined();
    await page.getByTestId('sso-button').click();
    await page.waitForURL((url) => url.origin === idp!.issuer);
    expect(await page.locator('input[name=login]').count()).toBe(1);
  });

  it('someone the provider knows but Spinway does not is told so on the login page, and is not signed in', { timeout: 120_000 }, async () => {
    const context = await w.context();
    const page = await startSignIn(context);
    await signInAtProvider(page, 'visitor@elsewhere.edu.cn');
    await page.waitForURL((url) => url.pathname.startsWith('/app/login'));
    await expect.poll(() => page.getByTestId('sso-error').textContent()).toBe('本系统中没有以 visitor@elsewhere.edu.cn 登记的在职人员，请联系本单位管理员登记。');
    expect((await context.cookies()).find((cookie) => cookie.name === 'sw_session')).toBeUndefined();
    await w.screenshot(page, '06-login-sso-unknown');
  });

  it('a return from the provider that this browser did not start is refused', { timeout: 60_000 }, async () => {
    const context = await w.context();
    const page = await context.newPage();
    const response = await page.goto('/app/login/callback?code=stolen-code&state=guessed-state');
    expect(response!.status()).toBe(400);
    expect(await page.getByTestId('sso-error').textContent()).toBe('登录请求已过期或来自其他窗口，请重新登录。');
    expect((await context.cookies()).find((cookie) => cookie.name === 'sw_session')).toBeUndefined();

    // A sign-in begun here, but a return whose state is not the one sent (a forged or swapped
    // response): the code is not redeemed, and the attempt is used up.
    const begun = await startSignIn(context);
    await begun.waitForURL((url) => url.origin === idp!.issuer);
    const forged = await begun.goto('/app/login/callback?code=stolen-code&state=not-the-state-we-sent');
    expect(forged!.status()).toBe(400);
    expect(await begun.getByTestId('sso-error').textContent()).toBe('未能通过统一身份认证登录，请重试。');
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('sw_session');
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('sw_sso');
  });
});
