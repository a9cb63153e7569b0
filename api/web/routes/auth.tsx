// Log in (through the API's dev login), log out, switch language, and the entry redirects.
import { Hono } from 'hono';
import { render } from '../components/layout';
import { isLang } from '../i18n/lang';
import { LoginPage, type DevPerson } from '../pages/login';
import { translateIssue } from '../i18n/issues';
import { clearSession, hasRole, requireLogin, safeNext, setFlash, setLang, setSession, STAFF, type WebEnv } from '../session';

export const authPages = new Hono<WebEnv>()
  .get('/', (c) => c.redirect('/app', 302))
  .get('/app', requireLogin, (c) => c.redirect(hasRole(c.get('me'), ...STAFF) ? '/app/inbox' : '/app/cases', 302))
  .get('/app/lang', (c) => {
    const to = c.req.query('to');
    if (isLang(to)) setLang(c, to);
    return c.redirect(safeNext(c.req.query('next')), 302);
  })
  .get('/app/login', async (c) => {
    const t = c.get('t');
    const next = safeNext(c.req.query('next'));
    const expired = c.req.query('expired') === '1';
    if (!expired && c.get('api').token) {
      const me = await c.get('api').get('/me');
      if (me.ok) return c.redirect(next, 302);
    }
    const people = await c.get('api').get<{ items: DevPerson[] }>('/auth/dev-login');
    return render(
      c,
      t.login.title,
      <LoginPage t={t} lang={c.get('lang')} next={next} expired={expired} people={people.ok ? people.data.items : []} devLogin={people.ok} />,
    );
  })
  .post('/app/login', async (c) => {
    const t = c.get('t');
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const res = await c.get('api').send<{ token: string; expiresAt: string; person: { name: string } }>('POST', '/auth/dev-login', { email });
    if (res.ok) {
      setSession(c, res.data.token, res.data.expiresAt);
      setFlash(c, { kind: 'success', text: t.login.welcome(res.data.person.name) });
      return c.redirect(next, 303);
    }
    const people = await c.get('api').get<{ items: DevPerson[] }>('/auth/dev-login');
    const issue = res.error.details?.issues?.find((item) => item.path === 'email');
    const error = issue ? translateIssue(c.get('lang'), issue.message) : res.status === 404 ? t.login.unknown(email) : t.errors.codes.INTERNAL;
    return render(
      c,
      t.login.title,
      <LoginPage t={t} lang={c.get('lang')} next={next} expired={false} people={people.ok ? people.data.items : []} devLogin={people.ok} email={email} error={error} />,
      400,
    );
  })
  .post('/app/logout', (c) => {
    clearSession(c);
    setFlash(c, { kind: 'info', text: c.get('t').login.loggedOut });
    return c.redirect('/app/login', 303);
  });
