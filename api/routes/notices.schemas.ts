// Request and response shapes of the public notice board (公示).
import { z } from '@hono/zod-openapi';
import { ZPageMeta, ZPageQuery, ZTimestamp } from './common.schemas';

export const ZPublicNoticeQuery = ZPageQuery.extend({
  institution: z.string().trim().min(1).max(50).optional().openapi({ description: 'Institution code, e.g. ZJU' }),
  status: z.enum(['OPEN', 'PAUSED', 'CLOSED'], { error: 'status must be OPEN, PAUSED or CLOSED' }).optional(),
});

export const ZPublicNotice = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string(),
    status: z.enum(['OPEN', 'PAUSED', 'CLOSED']).openapi({ description: 'OPEN: objections welcome; PAUSED: an objection is under review; CLOSED: the period has ended' }),
    startsOn: z.string().openapi({ example: '2026-11-26' }),
    endsOn: z.string().openapi({ example: '2026-12-11' }),
    publishedAt: ZTimestamp,
    /** The spin-out case or the IP deal the notice publishes (one of the two). */
    caseReference: z.string().nullable(),
    dealReference: z.string().nullable(),
    institution: z.object({ code: z.string(), name: z.string() }),
  })
  .openapi('PublicNotice');

export const ZPublicNoticeList = z.object({ items: z.array(ZPublicNotice), meta: ZPageMeta }).openapi('PublicNoticeList');

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });

export const ZObjectionBody = z
  .object({
    name: z.string().trim().max(100, { error: 'name must be at most 100 characters' }).optional().openapi({ description: 'Optional: objections may be anonymous' }),
    contact: text('contact', 200).openapi({ description: 'How the institution can reach you (phone or e-mail)' }),
    reason: text('reason', 5000),
  })
  .openapi('ObjectionFiling');

export const ZObjectionReceipt = z.object({ objectionId: z.uuid(), noticeId: z.uuid(), status: z.literal('OPEN') }).openapi('ObjectionReceipt');
