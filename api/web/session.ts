// Who is looking at a page, in which language. The session is the API's own bearer token, kept
// in an HttpOnly, SameSite=Lax cookie; every page asks the API who it belongs to (GET /me), so an
// expired token or a deactivated account sends the browser back to the login page at once.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../domain/policy';
import type { ApiEnv } from '../deps';
import { apiClient, type ApiClient, type ApiFetch } from './api-client';
import { messagesFor, type Messages } from './i18n';
import { DEFAULT_LANG, isLang, type Lang } from './i18n/lang';

export const SESSION_COOKIE = 'sw_session';
export const LANG_COOKIE = 'sw_lang';
const FLASH_COOKIE = 'sw_flash';

export interface WebMe {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  institution: { id: string; code: string; name: string };
  department: { id: string; name: string } | null;
}

export interface Flash {
  kind: 'success' | 'error' | 'info';
  text: string;
}

export interface WebEnv {
  Variables: ApiEnv['Variables'] & {
    lang: Lang;
    t: Messages;
    api: ApiClient;
    me: WebMe | null;
  };
}

export type WebContext = Context<WebEnv>;

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:';

/** Only paths of this site, so `next` cannot send anyone elsewhere. */
export function safeNext(value: string | undefined, fallback = '/app'): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
}

export function setSession(c: Context, token: string, expiresAt: string): void {
  const maxAge = Math.max(60, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(c), maxAge });
}

export function clearSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
}

export function setLang(c: Context, lang: Lang): void {
  setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', secure: secure(c), maxAge: 365 * 24 * 3600 });
}

/** A one-time message shown on the page the browser is sent to next (POST → redirect → GET). */
export function setFlash(c: Context, flash: Flash): void {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(JSON.stringify(flash)), { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(c), maxAge: 60 });
}

/** The one-time message, read (and cleared) by the page that is rendered, not by a redirect on the way. */
export function takeFlash(c: Context): Flash | null {
  const value = getCookie(c, FLASH_COOKIE);
  if (!value) return null;
  deleteCookie(c, FLASH_COOKIE, { path: '/', secure: secure(c) });
  try {
    const flash = JSON.parse(decodeURIComponent(value)) as Flash;
    return typeof flash?.text === 'string' ? flash : null;
  } catch {
    return null;
  }
}

/** Language, messages, the flash and an API client (with the session's token, if any) for every page. */
export function webContext(fetchApi: ApiFetch): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const chosen = getCookie(c, LANG_COOKIE);
    const lang = isLang(chosen) ? chosen : DEFAULT_LANG;
    c.set('lang', lang);
    c.set('t', messagesFor(lang));
    c.set('api', apiClient(fetchApi, getCookie(c, SESSION_COOKIE) ?? null));
    c.set('me', null);
    await next();
  };
}

async function loadMe(c: WebContext): Promise<{ me: WebMe } | { status: number }> {
  const api = c.get('api');
  if (!api.token) return { status: 401 };
  const res = await api.get<WebMe>('/me');
  return res.ok ? { me: res.data } : { status: res.status };
}

export function loginUrl(c: WebContext, expired = false): string {
  const next = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : c.req.header('referer') ? new URL(c.req.header('referer')!).pathname : '/app';
  return `/app/login?${expired ? 'expired=1&' : ''}next=${encodeURIComponent(safeNext(next))}`;
}

/** Pages behind a login: no session, or one the API no longer accepts → the login page. */
export const requireLogin: MiddlewareHandler<WebEnv> = async (c, next) => {
  const result = await loadMe(c);
  if ('status' in result) {
    const hadToken = c.get('api').token !== null;
    if (hadToken) clearSession(c);
    return c.redirect(loginUrl(c, hadToken && result.status === 401), c.req.method === 'GET' ? 302 : 303);
  }
  c.set('me', result.me);
  await next();
};

/** Public pages: show who is logged in when someone is, never send anyone away. */
export const optionalLogin: MiddlewareHandler<WebEnv> = async (c, next) => {
  const result = await loadMe(c);
  if ('me' in result) c.set('me', result.me);
  await next();
};

export const hasRole = (me: WebMe | null, ...roles: Role[]) => me !== null && me.roles.some((role) => roles.includes(role));
export const STAFF: Role[] = ['DEPT_HEAD', 'TTO_OFFICER', 'HR_OFFICER', 'FINANCE_OFFICER', 'LEADERSHIP', 'INSTITUTION_ADMIN'];
export const CLOCK_VIEWERS: Role[] = ['HR_OFFICER', 'INSTITUTION_ADMIN', 'LEADERSHIP'];
/** Who works with the institution's benefit-sharing settlements (and reads its reward reports). */
export const SETTLEMENT_VIEWERS: Role[] = ['TTO_OFFICER', 'FINANCE_OFFICER', 'LEADERSHIP', 'INSTITUTION_ADMIN'];
