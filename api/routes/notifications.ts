// /notifications: a person's in-app notifications. Marking one read is the person's own
// bookkeeping, not a business decision, so the API writes it directly.
import { createRoute, z } from '@hono/zod-openapi';
import type { Prisma } from '../../prisma/generated/client';
import { notFound } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { iso, isoOrNull, pageArgs, ZBooleanQuery, ZIdParam, ZPageMeta, ZPageQuery, ZTimestamp } from './common.schemas';
import { json } from './openapi-responses';

const tags = ['notifications'];

const ZNotification = z
  .object({
    id: z.uuid(),
    kind: z.string().openapi({ example: 'TASK_OPENED' }),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    caseId: z.uuid().nullable(),
    readAt: ZTimestamp.nullable(),
    createdAt: ZTimestamp,
  })
  .openapi('Notification');

const ZNotificationList = z
  .object({ items: z.array(ZNotification), meta: ZPageMeta.extend({ unread: z.int() }) })
  .openapi('NotificationList');

const toNotification = (row: Prisma.NotificationGetPayload<object>): z.infer<typeof ZNotification> => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  caseId: row.caseId,
  readAt: isoOrNull(row.readAt),
  createdAt: iso(row.createdAt),
});

export const notifications = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      tags,
      summary: 'Your notifications, newest first',
      ...authenticated,
      request: { query: ZPageQuery.extend({ unread: ZBooleanQuery.optional().openapi({ description: 'true: only unread ones' }) }) },
      responses: { 200: json(ZNotificationList, 'One page of notifications'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const query = c.req.valid('query');
      const where: Prisma.NotificationWhereInput = { personId: me.id, ...(query.unread === 'true' ? { readAt: null } : {}) };
      const [rows, total, unread] = await db.$transaction([
        db.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...pageArgs(query) }),
        db.notification.count({ where }),
        db.notification.count({ where: { personId: me.id, readAt: null } }),
      ]);
      return c.json({ items: rows.map(toNotification), meta: { page: query.page, pageSize: query.pageSize, total, unread } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/notifications/read-all',
      tags,
      summary: 'Mark all your notifications read',
      ...authenticated,
      responses: { 200: json(z.object({ updated: z.int() }), 'How many were unread'), 401: errorResponses[401] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { count } = await db.notification.updateMany({ where: { personId: c.get('me').id, readAt: null }, data: { readAt: new Date() } });
      return c.json({ updated: count }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/notifications/{id}/read',
      tags,
      summary: 'Mark one of your notifications read',
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZNotification, 'The notification'), 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      // Only the first read sets readAt; the person's id in the where clause keeps others' out.
      await db.notification.updateMany({ where: { id, personId: me.id, readAt: null }, data: { readAt: new Date() } });
      const row = await db.notification.findFirst({ where: { id, personId: me.id } });
      if (!row) throw notFound('Notification', id);
      return c.json(toNotification(row), 200);
    },
  );
