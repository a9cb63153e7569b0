// The public notice board (公示): no login. Current notices (OPEN, or PAUSED while an objection
// is reviewed) and past ones (CLOSED); withdrawn notices are no longer shown. A notice publishes
// a spin-out case, or an IP deal's result and price (协议定价). Anyone may file an objection
// while a notice is open; it goes to the case's or the deal's workflow and pauses the period.
import { createRoute, z } from '@hono/zod-openapi';
import type { Prisma } from '../../prisma/generated/client';
import { AppError } from '../../domain/errors';
import { fileDealObjectionUpdate } from '../../workflows/contracts/ip-deal';
import { fileObjectionUpdate } from '../../workflows/contracts/spinout-case';
import { caseWorkflow } from '../cases/case-workflow';
import { updateDeal } from '../deals/deal-workflow';
import { errorResponses } from '../errors';
import { fileSettlementObjection } from '../settlements/settlement-objections';
import { createRouter } from '../router';
import { iso, pageArgs, ZIdParam } from './common.schemas';
import { ZObjectionBody, ZObjectionReceipt, ZPublicNotice, ZPublicNoticeList, ZPublicNoticeQuery } from './notices.schemas';
import { json } from './openapi-responses';

const tags = ['public notices'];
const PUBLIC_STATUSES = ['OPEN', 'PAUSED', 'CLOSED'] as const;

const noticeInclude = {
  institution: { select: { code: true, name: true } },
  case: { select: { reference: true, workflowId: true, status: true } },
  deal: { select: { reference: true, workflowId: true, status: true } },
  settlement: { select: { reference: true, workflowId: true, status: true } },
} satisfies Prisma.NoticeInclude;
type NoticeRow = Prisma.NoticeGetPayload<{ include: typeof noticeInclude }>;

const toPublicNotice = (row: NoticeRow): z.infer<typeof ZPublicNotice> => ({
  id: row.id,
  title: row.title,
  body: row.body,
  status: row.status as (typeof PUBLIC_STATUSES)[number],
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  publishedAt: iso(row.publishedAt),
  caseReference: row.case?.reference ?? null,
  dealReference: row.deal?.reference ?? null,
  institution: row.institution,
});

async function loadPublicNotice(db: Prisma.TransactionClient, id: string): Promise<NoticeRow> {
  const row = await db.notice.findUnique({ where: { id }, include: noticeInclude });
  if (!row || row.status === 'WITHDRAWN') throw new AppError('NOT_FOUND', `Notice ${id} was not found`);
  return row;
}

export const notices = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/notices',
      tags,
      summary: 'Public notices, current first (no login)',
      request: { query: ZPublicNoticeQuery },
      responses: { 200: json(ZPublicNoticeList, 'One page of notices'), 400: errorResponses[400] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const query = c.req.valid('query');
      const where: Prisma.NoticeWhereInput = {
        status: query.status ?? { in: [...PUBLIC_STATUSES] },
        ...(query.institution ? { institution: { code: query.institution } } : {}),
      };
      const [rows, total] = await db.$transaction([
        // OPEN and PAUSED sort before CLOSED (enum order), newest first within each.
        db.notice.findMany({ where, include: noticeInclude, orderBy: [{ status: 'asc' }, { publishedAt: 'desc' }, { id: 'asc' }], ...pageArgs(query) }),
        db.notice.count({ where }),
      ]);
      return c.json({ items: rows.map(toPublicNotice), meta: { page: query.page, pageSize: query.pageSize, total } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/public/notices/{id}',
      tags,
      summary: 'One public notice (no login)',
      request: { params: ZIdParam },
      responses: { 200: json(ZPublicNotice, 'The notice'), 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => c.json(toPublicNotice(await loadPublicNotice(c.get('deps').db, c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/public/notices/{id}/objections',
      tags,
      summary: 'File an objection to a notice during its publicity period (no login)',
      description:
        'Pauses the publicity period while the tech-transfer office reviews the objection (of a spin-out case, or of an IP deal’s name and price). 409 when the notice is not open.',
      request: { params: ZIdParam, body: { required: true, content: { 'application/json': { schema: ZObjectionBody } } } },
      responses: {
        201: json(ZObjectionReceipt, 'The objection was recorded'),
        400: errorResponses[400],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const { db, temporal } = c.get('deps');
      const { name, contact, reason } = c.req.valid('json');
      const notice = await loadPublicNotice(db, c.req.valid('param').id);
      if (notice.status === 'PAUSED') throw new AppError('PUBLICITY_OPEN', 'An objection to this notice is already under review; publicity is paused until it is resolved');
      const subject = notice.case ?? notice.deal ?? notice.settlement;
      if (!subject) throw new AppError('INVALID_TRANSITION', 'Objections to this notice are not accepted here');
      if (notice.status !== 'OPEN' || subject.status !== 'PUBLICITY') {
        throw new AppError('INVALID_TRANSITION', 'The publicity period of this notice has ended; objections are no longer accepted');
      }
      const filing = { ...(name ? { name } : {}), contact, reason };
      const { objectionId } = notice.case
        ? await caseWorkflow(temporal, notice.case.workflowId).executeUpdate(fileObjectionUpdate, { args: [filing] })
        : notice.deal
          ? await updateDeal(temporal, { workflowId: subject.workflowId, reference: subject.reference }, fileDealObjectionUpdate, filing)
          : await fileSettlementObjection(temporal, subject.workflowId, filing);
      return c.json({ objectionId, noticeId: notice.id, status: 'OPEN' as const }, 201);
    },
  );
