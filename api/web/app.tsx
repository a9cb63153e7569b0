// The web interface: server-rendered pages (Hono JSX) for researchers, institution staff, HR and
// the public, served by the API's own app. The pages are a client of the JSON API, called
// in-process, so every rule, validation and permission lives once, in the API.
//   /             → /app (→ the login page, or the person's start page)
//   /app/...      pages behind a login (cases, request form, IP deals, settlements, inbox, retention,
//                 dashboard, admin)
//   /board        the public notice board (公示栏), no login
// Form posts are protected against cross-site requests (Origin / Sec-Fetch-Site check) on top of
// the SameSite=Lax session cookie.
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { ApiFetch } from './api-client';
import { clientBundle } from './assets/client-bundle';
import { STYLES } from './assets/styles';
import { renderError } from './errors';
import { adminPages } from './routes/admin';
import { authPages } from './routes/auth';
import { boardPages } from './routes/board';
import { casePages } from './routes/cases';
import { dashboardPages } from './routes/dashboard';
import { dealPages } from './routes/deals';
import { retentionPages } from './routes/retention';
import { settlementPages } from './routes/settlements';
import { taskPages } from './routes/tasks';
import { wizardPages } from './routes/wizard';
import { webContext, type WebEnv } from './session';

/** Paths the pages own (`/app/*` also matches `/app`); nothing else of the API is touched by their middleware. */
const PAGE_PATHS = ['/', '/app/*', '/board/*'];

export function createWeb(fetchApi: ApiFetch) {
  const web = new Hono<WebEnv>();
  const context = webContext(fetchApi);
  const forms = csrf();
  for (const path of PAGE_PATHS) {
    web.use(path, context);
    web.use(path, forms);
  }

  web.get('/app/assets/app.css', (c) => c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }));
  web.get('/app/assets/app.js', async (c) => {
    const bundle = await clientBundle();
    if (c.req.header('if-none-match') === bundle.etag) return c.body(null, 304);
    const headers = { 'content-type': 'text/javascript; charset=utf-8', etag: bundle.etag, 'cache-control': 'no-cache', vary: 'accept-encoding' };
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.body(bundle.gzip, 200, { ...headers, 'content-encoding': 'gzip' });
    return c.body(bundle.code, 200, headers);
  });

  web.route('/', authPages);
  web.route('/', wizardPages);
  web.route('/', casePages);
  web.route('/', dealPages);
  web.route('/', settlementPages);
  web.route('/', taskPages);
  web.route('/', retentionPages);
  web.route('/', dashboardPages);
  web.route('/', adminPages);
  web.route('/', boardPages);
  web.all('/app/*', (c) => renderError(c, 404));
  web.all('/board/*', (c) => renderError(c, 404));

  web.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 403) {
      return renderError(c, 403, undefined, c.get('t').errors.csrf);
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return renderError(c, 500);
  });
  return web;
}
