// /admin/policy-profiles: an institution's policy profiles. A change is always a new version;
// rows are never edited, and a running case keeps the version it started with. New cases take
// the active profile with the highest version.
import { createRoute, z } from '@hono/zod-openapi';
import type { Prisma } from '../../prisma/generated/client';
import { ZPolicyProfile } from '../../domain/policy';
import { adminOnly, auditAdminChange } from '../admin/require-admin';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { iso } from './common.schemas';
import { ZCreatePolicyProfileBody, ZPolicyProfileRow } from './admin.schemas';
import { json } from './openapi-responses';

const tags = ['admin'];
const adminErrors = { 401: errorResponses[401], 403: errorResponses[403] };

const toRow = (row: Prisma.PolicyProfileGetPayload<object>): z.infer<typeof ZPolicyProfileRow> => ({
  id: row.id,
  version: row.version,
  name: row.name,
  active: row.active,
  rules: row.rules,
  createdById: row.createdById,
  createdAt: iso(row.createdAt),
});

export const adminPolicyProfiles = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/policy-profiles',
      tags,
      summary: 'Your institution’s policy profiles, newest version first',
      ...adminOnly,
      responses: { 200: json(z.object({ items: z.array(ZPolicyProfileRow) }), 'The profiles'), ...adminErrors },
    }),
    async (c) => {
      const rows = await c.get('deps').db.policyProfile.findMany({ where: { institutionId: c.get('me').institutionId }, orderBy: { version: 'desc' } });
      return c.json({ items: rows.map(toRow) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/policy-profiles',
      tags,
      summary: 'Create a new policy profile version',
      description: 'Validated in full; the API assigns the next version number. Cases already running keep their version.',
      ...adminOnly,
      request: { body: { required: true, content: { 'application/json': { schema: ZCreatePolicyProfileBody } } } },
      responses: { 201: json(ZPolicyProfileRow, 'The new version'), 400: errorResponses[400], ...adminErrors, 409: errorResponses[409] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const body = c.req.valid('json');
      const row = await db.$transaction(async (tx) => {
        const latest = await tx.policyProfile.aggregate({ where: { institutionId: me.institutionId }, _max: { version: true } });
        const version = (latest._max.version ?? 0) + 1;
        const rules = ZPolicyProfile.parse({ ...body.rules, version, institutionId: me.institutionId });
        // Two admins at once: the unique (institutionId, version) refuses the second (409).
        const created = await tx.policyProfile.create({
          data: { institutionId: me.institutionId, version, name: rules.name.zh, rules, active: body.active, createdById: me.id },
        });
        await auditAdminChange(tx, me, {
          action: 'admin.policy_profile_created',
          entityType: 'PolicyProfile',
          entityId: created.id,
          after: { version, active: body.active, key: rules.key },
        });
        return created;
      });
      return c.json(toRow(row), 201);
    },
  );
