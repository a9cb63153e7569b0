// Schemas several resources share: ids, paging, people and timestamps.
import { z } from '@hono/zod-openapi';

export const ZId = z.uuid({ error: 'must be a UUID' });
export const ZIdParam = z.object({ id: ZId.openapi({ param: { name: 'id', in: 'path' }, example: '5f1c3c0e-8a9b-4f4e-9a51-2b7c2d1e7a10' }) });

export const ZPageQuery = z.object({
  page: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).default(1),
  pageSize: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(100, { error: 'must be at most 100' })
    .default(20),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export const ZBooleanQuery = z.enum(['true', 'false'], { error: 'must be true or false' });

export const ZPageMeta = z.object({ page: z.int(), pageSize: z.int(), total: z.int() }).openapi('PageMeta');

export const pageArgs = ({ page, pageSize }: TPageQuery) => ({ skip: (page - 1) * pageSize, take: pageSize });

export const ZTimestamp = z.iso.datetime().openapi({ example: '2026-11-26T08:00:00.000Z' });
export const ZIsoDateString = z.iso.date().openapi({ example: '2026-11-26' });

export const ZPersonRef = z.object({ id: z.uuid(), name: z.string() }).openapi('PersonRef');

export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);
