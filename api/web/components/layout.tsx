// The page frame: <html lang>, skip link, header with navigation by role, language switch,
// who is logged in and log-out, the one-time message, and the footer's time-zone note.
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CLOCK_VIEWERS, hasRole, SETTLEMENT_VIEWERS, STAFF, takeFlash, type Flash, type WebContext, type WebMe } from '../session';
import type { Messages } from '../i18n';
import type { Lang } from '../i18n/lang';

interface Frame {
  t: Messages;
  lang: Lang;
  me: WebMe | null;
  path: string;
  search: string;
  flash: Flash | null;
}

function navItems(t: Messages, me: WebMe | null) {
  const items: { href: string; label: string }[] = [];
  if (me) {
    items.push({ href: '/app/cases', label: hasRole(me, ...STAFF) ? t.nav.cases : t.nav.myCases });
    if (hasRole(me, 'RESEARCHER')) items.push({ href: '/app/cases/new', label: t.nav.newCase });
    items.push({ href: '/app/deals', label: t.nav.deals });
    if (hasRole(me, ...SETTLEMENT_VIEWERS)) items.push({ href: '/app/settlements', label: t.nav.settlements });
    if (hasRole(me, ...STAFF)) items.push({ href: '/app/inbox', label: t.nav.inbox });
    if (hasRole(me, ...CLOCK_VIEWERS)) items.push({ href: '/app/retention', label: t.nav.retention });
    items.push({ href: '/app/dashboard', label: t.nav.dashboard });
    if (hasRole(me, 'INSTITUTION_ADMIN')) items.push({ href: '/app/admin/people', label: t.nav.admin });
  }
  items.push({ href: '/board', label: t.nav.board });
  return items;
}

const isCurrent = (path: string, href: string) =>
  href === '/app/cases'
    ? path === '/app/cases' || (/^\/app\/cases\/[^/]+/.test(path) && path !== '/app/cases/new')
    : path === href || path.startsWith(`${href}/`) || (href === '/app/admin/people' && path.startsWith('/app/admin'));

export function Layout({ frame, title, children }: { frame: Frame; title: string; children: Child }) {
  const { t, lang, me, path, search, flash } = frame;
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  const here = encodeURIComponent(path + search);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t.app.name}`}</title>
        <link rel="stylesheet" href="/app/assets/app.css" />
        <script src="/app/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.layout.skip}
        </a>
        <header class="topbar">
          <div class="topbar-inner">
            <a class="brand" href={me ? '/app' : '/board'}>
              <span class="brand-mark" aria-hidden="true">◆</span> {t.app.name}
              <span class="brand-sub">{t.app.tagline}</span>
            </a>
            <div class="topbar-tools">
              <a class="lang-switch" href={`/app/lang?to=${other}&next=${here}`} lang={other} hreflang={other} data-testid="lang-switch">
                {t.layout.switchTo}
              </a>
              {me ? (
                <form method="post" action="/app/logout" class="inline-form">
                  <span class="who">
                    {me.name}
                    <span class="visually-hidden"> {me.email}</span>
                  </span>{' '}
                  <button type="submit" class="link-button">
                    {t.layout.logout}
                  </button>
                </form>
              ) : path !== '/app/login' ? (
                <a href={`/app/login?next=${here}`}>{t.layout.login}</a>
              ) : null}
            </div>
          </div>
          <nav class="mainnav" aria-label={t.layout.navLabel}>
            <ul>
              {navItems(t, me).map((item) => (
                <li>
                  <a href={item.href} aria-current={isCurrent(path, item.href) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {flash ? (
            <div class={`flash flash-${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'} data-testid="flash">
              {flash.text}
            </div>
          ) : null}
          {children}
        </main>
        <footer class="footer">
          <p>{t.layout.footer}</p>
        </footer>
      </body>
    </html>
  );
}

export function frameOf(c: WebContext): Frame {
  const url = new URL(c.req.url);
  return { t: c.get('t'), lang: c.get('lang'), me: c.get('me'), path: url.pathname, search: url.search, flash: takeFlash(c) };
}

/** Renders a page in the frame. */
export function render(c: WebContext, title: string, body: Child, status: ContentfulStatusCode = 200) {
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout frame={frameOf(c)} title={title}>
      {body}
    </Layout>,
    status,
  );
}
