// /admin/calendar: the working-day calendar's exceptions (public holidays, 调休 make-up days).
// Due dates of steps opened after a change follow the new calendar.
import { createRoute, z } from '@hono/zod-openapi';
import type { Prisma } from '../../prisma/generated/client';
import { AppError } from '../../domain/errors';
import { shanghaiDateOf } from '../../domain/calendar';
import { adminOnly, auditAdminChange } from '../admin/require-admin';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { iso } from './common.schemas';
import { ZCalendarDayBody, ZCalendarDayRow, ZCalendarQuery, ZDateParam } from './admin.schemas';
import { json } from './openapi-responses';

const tags = ['admin'];
const adminErrors = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

const toRow = (row: Prisma.CalendarDayGetPayload<object>): z.infer<typeof ZCalendarDayRow> => ({
  date: row.date,
  kind: row.kind,
  name: row.name,
  updatedAt: iso(row.updatedAt),
});

export const adminCalendar = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/calendar',
      tags,
      summary: 'The calendar’s holidays and make-up working days of a year (default: this year)',
      ...adminOnly,
      request: { query: ZCalendarQuery },
      responses: { 200: json(z.object({ year: z.int(), items: z.array(ZCalendarDayRow) }), 'The days, in date order'), ...adminErrors },
    }),
    async (c) => {
      const year = c.req.valid('query').year ?? Number(shanghaiDateOf(Date.now()).slice(0, 4));
      const rows = await c.get('deps').db.calendarDay.findMany({ where: { date: { startsWith: `${year}-` } }, orderBy: { date: 'asc' } });
      return c.json({ year, items: rows.map(toRow) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/admin/calendar/{date}',
      tags,
      summary: 'Set a day as a HOLIDAY or a make-up WORKDAY',
      ...adminOnly,
      request: { params: ZDateParam, body: { required: true, content: { 'application/json': { schema: ZCalendarDayBody } } } },
      responses: { 200: json(ZCalendarDayRow, 'The day'), ...adminErrors },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { date } = c.req.valid('param');
      const { kind, name } = c.req.valid('json');
      const row = await db.$transaction(async (tx) => {
        const before = await tx.calendarDay.findUnique({ where: { date } });
        const saved = await tx.calendarDay.upsert({ where: { date }, create: { date, kind, name }, update: { kind, name } });
        await auditAdminChange(tx, me, {
          action: 'admin.calendar_day_set',
          entityType: 'CalendarDay',
          entityId: date,
          before: before ? { kind: before.kind, name: before.name } : undefined,
          after: { kind, name },
        });
        return saved;
      });
      return c.json(toRow(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/admin/calendar/{date}',
      tags,
      summary: 'Remove a day’s exception (it follows Monday–Friday again)',
      ...adminOnly,
      request: { params: ZDateParam },
      responses: { 204: { description: 'Removed' }, ...adminErrors, 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { date } = c.req.valid('param');
      await db.$transaction(async (tx) => {
        const before = await tx.calendarDay.findUnique({ where: { date } });
        if (!before) throw new AppError('NOT_FOUND', `The calendar has no exception on ${date}`);
        // deleteMany with the values read: a concurrent change makes this delete nothing (409).
        const { count } = await tx.calendarDay.deleteMany({ where: { date, kind: before.kind, name: before.name } });
        if (count === 0) throw new AppError('CONFLICT', `The calendar day ${date} changed meanwhile; reload and try again`);
        await auditAdminChange(tx, me, { action: 'admin.calendar_day_removed', entityType: 'CalendarDay', entityId: date, before: { kind: before.kind, name: before.name } });
      });
      return c.body(null, 204);
    },
  );
