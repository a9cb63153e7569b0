// /retention/feed-tokens: the calendar feed's own credentials. Whoever may read the retention
// feed makes a token for their calendar app (shown once, in a ready-to-subscribe URL), lists
// theirs (never the token again) and revokes one. Each change is audited.
import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { auditAdminChange } from '../admin/require-admin';
import { authenticated } from '../auth/require-auth';
import { errorResponses } from '../errors';
import { requireClockViewer } from '../retention/access';
import { newFeedToken, RETENTION_CLOCKS_FEED } from '../retention/feed-tokens';
import { createRouter } from '../router';
import { iso, ZIdParam, ZTimestamp } from './common.schemas';
import { json } from './openapi-responses';

const tags = ['retention'];

const ZFeedToken = z
  .object({
    id: z.uuid(),
    feed: z.literal(RETENTION_CLOCKS_FEED),
    label: z.string().nullable(),
    createdAt: ZTimestamp,
    lastUsedAt: ZTimestamp.nullable(),
    revokedAt: ZTimestamp.nullable(),
  })
  .openapi('FeedToken');

const ZNewFeedToken = ZFeedToken.extend({
  token: z.string().openapi({ description: 'The token itself, shown this once: only its hash is kept' }),
  url: z.string().openapi({ description: 'The feed URL with the token, to subscribe to in a calendar app' }),
}).openapi('NewFeedToken');

const ZCreateFeedTokenBody = z
  .object({ label: z.string().trim().max(100, { error: 'label must be at most 100 characters' }).optional().openapi({ example: 'Outlook on my laptop' }) })
  .openapi('CreateFeedToken');

type FeedTokenRow = { id: string; feed: string; label: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
const toFeedToken = (row: FeedTokenRow) => ({
  id: row.id,
  feed: RETENTION_CLOCKS_FEED as typeof RETENTION_CLOCKS_FEED,
  label: row.label,
  createdAt: iso(row.createdAt),
  lastUsedAt: row.lastUsedAt ? iso(row.lastUsedAt) : null,
  revokedAt: row.revokedAt ? iso(row.revokedAt) : null,
});

export const retentionFeedTokens = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/retention/feed-tokens',
      tags,
      summary: 'Make a long-lived link for the retention calendar feed (the token is shown once)',
      description: 'For those who read the retention clocks. Revoke it with DELETE when the calendar app no longer needs it.',
      ...authenticated,
      request: { body: { required: false, content: { 'application/json': { schema: ZCreateFeedTokenBody } } } },
      responses: { 201: json(ZNewFeedToken, 'The token and the feed URL'), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => {
      const { db, config } = c.get('deps');
      const me = c.get('me');
      requireClockViewer(me);
      const { label } = c.req.valid('json') ?? {};
      const { token, tokenHash } = newFeedToken();
      const row = await db.$transaction(async (tx) => {
        const created = await tx.feedToken.create({ data: { personId: me.id, feed: RETENTION_CLOCKS_FEED, label: label || null, tokenHash } });
        await auditAdminChange(tx, me, { action: 'feed-token.created', entityType: 'FeedToken', entityId: created.id, after: { feed: created.feed, label: created.label } });
        return created;
      });
      const url = new URL('/retention/clocks.ics', config.PUBLIC_URL);
      url.searchParams.set('token', token);
      return c.json({ ...toFeedToken(row), token, url: url.toString() }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/retention/feed-tokens',
      tags,
      summary: 'Your feed tokens, newest first (without the tokens)',
      ...authenticated,
      responses: { 200: json(z.object({ items: z.array(ZFeedToken) }), 'Your feed tokens'), 401: errorResponses[401] },
    }),
    async (c) => {
      const rows = await c.get('deps').db.feedToken.findMany({ where: { personId: c.get('me').id }, orderBy: { createdAt: 'desc' } });
      return c.json({ items: rows.map(toFeedToken) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/retention/feed-tokens/{id}',
      tags,
      summary: 'Revoke one of your feed tokens: its feed URL stops working at once',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZFeedToken, 'The revoked token'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const row = await db.$transaction(async (tx) => {
        const existing = await tx.feedToken.findFirst({ where: { id, personId: me.id } });
        if (!existing) throw new AppError('NOT_FOUND', `Feed token ${id} was not found`);
        if (existing.revokedAt) return existing;
        // The expected state is in the where clause: two revocations at once audit once.
        const { count } = await tx.feedToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
        if (count === 1) await auditAdminChange(tx, me, { action: 'feed-token.revoked', entityType: 'FeedToken', entityId: id, before: { revokedAt: null } });
        return tx.feedToken.findUniqueOrThrow({ where: { id } });
      });
      return c.json(toFeedToken(row), 200);
    },
  );
