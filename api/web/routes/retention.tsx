// HR's retention dashboard, its CSV export (passed through from the API) and the calendar feed:
// a long-lived feed link made on request (its token is shown once), the links made so far, and
// revoking one.
import { Hono, type Context } from 'hono';
import { withQuery } from '../api-client';
import { render } from '../components/layout';
import { formValues, renderError } from '../errors';
import { RetentionPage, type FeedToken, type RetentionQuery } from '../pages/retention';
import { requireLogin, setFlash, type WebEnv } from '../session';
import type { Clock, PageMeta } from '../views';

type ClockList = { items: Clock[]; meta: PageMeta; today: string };

async function renderRetention(c: Context<WebEnv>, newFeedUrl: string | null = null) {
    const t = c.get('t');
    const api = c.get('api');
    const query: RetentionQuery = {
      status: c.req.query('status') || undefined,
      expiringWithinDays: c.req.query('expiringWithinDays') || undefined,
      sort: c.req.query('sort') || undefined,
    };
    const res = await api.get<ClockList>('/retention/clocks', { ...query, page: c.req.query('page') || undefined, pageSize: 50 });
    if (!res.ok) return renderError(c, res.status, res.error);
    const count = async (filters: Record<string, string | number>) => {
      const found = await api.get<ClockList>('/retention/clocks', { ...filters, pageSize: 1 });
      return found.ok ? found.data.meta.total : 0;
    };
    const [active, expiringSoon, awaitingChoice, outcomePending] = await Promise.all([
      count({ status: 'ACTIVE' }),
      count({ expiringWithinDays: 90 }),
      count({ status: 'AWAITING_CHOICE' }),
      count({ status: 'OUTCOME_PENDING' }),
    ]);
    const feedTokens = await api.get<{ items: FeedToken[] }>('/retention/feed-tokens');
    return render(
      c,
      t.retention.title,
      <RetentionPage
        t={t}
        items={res.data.items}
        meta={res.data.meta}
        today={res.data.today}
        query={query}
        counts={{ active, expiringSoon, awaitingChoice, outcomePending }}
        exportHref={withQuery('/app/retention/export.csv', { status: query.status, expiringWithinDays: query.expiringWithinDays, sort: query.sort })}
        feedTokens={feedTokens.ok ? feedTokens.data.items : []}
        newFeedUrl={newFeedUrl}
      />,
    );
}

export const retentionPages = new Hono<WebEnv>()
  .get('/app/retention', requireLogin, (c) => renderRetention(c))
  .post('/app/retention/feed-links', requireLogin, async (c) => {
    const values = await formValues(c);
    const res = await c.get('api').send<{ url: string }>('POST', '/retention/feed-tokens', { label: values.label?.trim() || undefined });
    if (!res.ok) return renderError(c, res.status, res.error);
    // Shown on this answer only (no redirect): the token is not kept anywhere it could be shown again.
    const made = new URL(res.data.url);
    return renderRetention(c, `${new URL(c.req.url).origin}${made.pathname}${made.search}`);
  })
  .post('/app/retention/feed-links/:id{[0-9a-fA-F-]{36}}/revoke', requireLogin, async (c) => {
    const res = await c.get('api').send('DELETE', `/retention/feed-tokens/${c.req.param('id')}`);
    if (!res.ok) return renderError(c, res.status, res.error);
    setFlash(c, { kind: 'success', text: c.get('t').retention.feedRevokedFlash });
    return c.redirect('/app/retention#feed-heading', 303);
  })
  .get('/app/retention/export.csv', requireLogin, async (c) => {
    const res = await c.get('api').raw('/retention/clocks.csv', {
      status: c.req.query('status') || undefined,
      expiringWithinDays: c.req.query('expiringWithinDays') || undefined,
      sort: c.req.query('sort') || undefined,
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      return renderError(c, res.status, body?.error);
    }
    return new Response(res.body, {
      status: 200,
      headers: {
        'content-type': res.headers.get('content-type') ?? 'text/csv; charset=utf-8',
        'content-disposition': res.headers.get('content-disposition') ?? 'attachment; filename="retention-clocks.csv"',
        'cache-control': 'private, no-store',
      },
    });
  });
