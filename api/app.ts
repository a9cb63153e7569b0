// Builds the Hono app without listening (server.ts listens; tests call app.request()).
// One resource per file under routes/, each its own OpenAPI sub-app; one error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { AppError } from '../domain/errors';
import { bodyLimits } from './body-limits';
import type { ApiDeps, ApiEnv } from './deps';
import { handleError, validationHook } from './errors';
import { adminCalendar } from './routes/admin-calendar';
import { adminPeople } from './routes/admin-people';
import { adminPolicyProfiles } from './routes/admin-policy-profiles';
import { devLogin, me, ssoSession } from './routes/auth';
import { cases } from './routes/cases';
import { deals } from './routes/deals';
import { dealsActive } from './routes/deals-active';
import { documents } from './routes/documents';
import { health } from './routes/health';
import { notices } from './routes/notices';
import { notifications } from './routes/notifications';
import { people } from './routes/people';
import { caseClock, caseClockEnd, retentionClocks } from './routes/retention';
import { retentionFeedTokens } from './routes/retention-feed-tokens';
import { rewards } from './routes/rewards';
import { settlements } from './routes/settlements';
import { settlementIncome } from './routes/settlements-income';
import { tasks } from './routes/tasks';
import { createWeb } from './web/app';

export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });

  app.use('*', bodyLimits);

  app.route('/', health);
  // Tokens come from the identity provider when one is configured; only otherwise do we issue them.
  if (!deps.config.AUTH_JWKS_URL) app.route('/', devLogin);
  // The web pages' sign-in through the institution's identity provider, when there is one.
  if (deps.config.AUTH_OIDC_ISSUER) app.route('/', ssoSession);
  app.route('/', me);
  app.route('/', cases);
  app.route('/', deals);
  app.route('/', dealsActive);
  app.route('/', tasks);
  app.route('/', documents);
  app.route('/', notices);
  app.route('/', notifications);
  app.route('/', retentionClocks);
  app.route('/', retentionFeedTokens);
  app.route('/', caseClock);
  app.route('/', caseClockEnd);
  app.route('/', adminPolicyProfiles);
  app.route('/', adminCalendar);
  app.route('/', adminPeople);
  app.route('/', people);
  app.route('/', settlements);
  app.route('/', settlementIncome);
  app.route('/', rewards);
  // The web pages (/, /app/…, /board): a client of the routes above, called in-process.
  app.route('/', createWeb((path, init) => app.request(path, init)));

  app.onError(handleError);
  app.notFound((c) => handleError(new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), c));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: deps.config.AUTH_JWKS_URL ? 'A token from the identity provider' : 'A token from POST /auth/dev-login',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Spinway API', version: '0.1.0', description: 'Spin-out requests, approvals, retention clocks, licensing and benefit sharing.' },
    tags: [
      { name: 'auth' },
      { name: 'cases', description: 'Spin-out cases (离岗创业 / 在岗兼职创业)' },
      {
        name: 'deals',
        description:
          'IP licensing, transfer and equity investment (许可 / 转让 / 作价投资): deals, their approval, publicity or exchange, contract, payments and royalties. Amounts are integer fen (¥0.01).',
      },
      {
        name: 'settlements',
        description:
          'Benefit-sharing settlements (收益分配): income, the distribution plan with every step explained, finance review, publicity, approval, payout, statements, the append-only ledger and reward reports. Amounts are integer fen (¥0.01).',
      },
      { name: 'tasks', description: 'Approval steps and other work in people’s inboxes' },
      { name: 'documents' },
      { name: 'public notices', description: 'The public notice board (公示), no login' },
      { name: 'notifications' },
      { name: 'retention', description: 'Retention clocks (人事关系保留期): HR view, CSV, calendar feed, and the actions on a clock' },
      { name: 'admin', description: 'Institution admins: policy profiles, calendar, people' },
      { name: 'system' },
    ],
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  return app;
}

export type App = ReturnType<typeof createApp>;
