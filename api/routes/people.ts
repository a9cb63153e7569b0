// GET /people: the institution's active people, for its staff to pick from (a deputy to
// delegate a task to). Names, roles and departments only; e-mail and flags stay in /admin/people.
import { createRoute, z } from '@hono/zod-openapi';
import type { Prisma } from '../../prisma/generated/client';
import { AppError } from '../../domain/errors';
import { ZRole } from '../../domain/policy';
import { isStaff } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { ZId } from './common.schemas';

const ZDirectoryQuery = z.object({
  role: ZRole.optional(),
  departmentId: ZId.optional(),
});

const ZDirectory = z
  .object({
    items: z.array(
      z.object({ id: z.uuid(), name: z.string(), roles: z.array(ZRole), department: z.object({ id: z.uuid(), name: z.string() }).nullable() }),
    ),
  })
  .openapi('PeopleDirectory');

export const people = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/people',
    tags: ['people'],
    summary: 'Active people of your institution, by name (staff only; at most 200)',
    description: 'For choosing a deputy: filter by the role the deputy must hold, and for a department head’s task by department.',
    ...authenticated,
    request: { query: ZDirectoryQuery },
    responses: {
      200: { description: 'The people', content: { 'application/json': { schema: ZDirectory } } },
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
    },
  }),
  async (c) => {
    const me = c.get('me');
    if (!isStaff(me)) throw new AppError('FORBIDDEN', 'Only institution staff see the directory');
    const { role, departmentId } = c.req.valid('query');
    const where: Prisma.PersonWhereInput = {
      institutionId: me.institutionId,
      active: true,
      ...(role ? { roles: { has: role } } : {}),
      ...(departmentId ? { departmentId } : {}),
    };
    const items = await c.get('deps').db.person.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: 200,
      select: { id: true, name: true, roles: true, department: { select: { id: true, name: true } } },
    });
    return c.json({ items }, 200);
  },
);
