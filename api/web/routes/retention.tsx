// HR's retention dashboard, its CSV export (passed through from the API) and the feed link.
import { Hono } from 'hono';
import { withQuery } from '../api-client';
import { render } from '../components/layout';
import { renderError } from '../errors';
import { RetentionPage, type RetentionQuery } from '../pages/retention';
import { requireLogin, type WebEnv } from '../session';
import type { Clock, PageMeta } from '../views';

type ClockList = { items: Clock[]; meta: PageMeta; today: string };

export const retentionPages = new Hono<WebEnv>()
  .get('/app/retention', requireLogin, async (c) => {
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
    const origin = new URL(c.req.url).origin;
    // Calendar apps cannot send headers, so the feed takes the token in its URL (the session's
    // token: it stops working when the session ends).
    const feedUrl = api.token ? `${origin}${withQuery('/retention/clocks.ics', { status: query.status, expiringWithinDays: query.expiringWithinDays, token: api.token })}` : null;
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
        feedUrl={feedUrl}
      />,
    );
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
