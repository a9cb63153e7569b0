// /admin/people and /admin/departments: an institution's people, their roles and departments.
// A change applies at once: the API loads the person on every request.
import { createRoute, z } from '@hono/zod-openapi';
import type { Prisma } from '../../prisma/generated/client';
import { AppError } from '../../domain/errors';
import { adminOnly, auditAdminChange } from '../admin/require-admin';
import { notFound } from '../auth/access';
import type { Me } from '../deps';
import { errorResponses, fieldError } from '../errors';
import { createRouter } from '../router';
import { iso, pageArgs, ZIdParam } from './common.schemas';
import { ZAdminPeople, ZAdminPerson, ZCreatePersonBody, ZDepartment, ZPeopleQuery, ZUpdatePersonBody } from './admin.schemas';
import { json, jsonBody } from './openapi-responses';

const tags = ['admin'];
const adminErrors = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

const personInclude = { department: { select: { id: true, name: true } } } satisfies Prisma.PersonInclude;
type PersonRow = Prisma.PersonGetPayload<{ include: typeof personInclude }>;

const toPerson = (row: PersonRow): z.infer<typeof ZAdminPerson> => ({
  id: row.id,
  name: row.name,
  email: row.email,
  roles: row.roles,
  department: row.department,
  active: row.active,
  holdsLeadershipPost: row.holdsLeadershipPost,
  isMajorProjectPI: row.isMajorProjectPI,
  createdAt: iso(row.createdAt),
});

const snapshot = (row: { name: string; roles: string[]; departmentId: string | null; active: boolean }) => ({
  name: row.name,
  roles: row.roles,
  departmentId: row.departmentId,
  active: row.active,
});

async function assertOwnDepartment(db: Prisma.TransactionClient, me: Me, departmentId: string | null | undefined): Promise<void> {
  if (!departmentId) return;
  const department = await db.department.findFirst({ where: { id: departmentId, institutionId: me.institutionId }, select: { id: true } });
  if (!department) throw fieldError('departmentId', 'no department of your institution has this id');
}

export const adminPeople = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/departments',
      tags,
      summary: 'Your institution’s departments',
      ...adminOnly,
      responses: { 200: json(z.object({ items: z.array(ZDepartment) }), 'The departments, by name'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => {
      const rows = await c.get('deps').db.department.findMany({
        where: { institutionId: c.get('me').institutionId },
        orderBy: { name: 'asc' },
        select: { id: true, name: true, _count: { select: { people: true } } },
      });
      return c.json({ items: rows.map((row) => ({ id: row.id, name: row.name, people: row._count.people })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/admin/people',
      tags,
      summary: 'Your institution’s people',
      ...adminOnly,
      request: { query: ZPeopleQuery },
      responses: { 200: json(ZAdminPeople, 'One page of people, by name'), ...adminErrors },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const query = c.req.valid('query');
      const where: Prisma.PersonWhereInput = {
        institutionId: c.get('me').institutionId,
        ...(query.role ? { roles: { has: query.role } } : {}),
        ...(query.departmentId ? { departmentId: query.departmentId } : {}),
        ...(query.active ? { active: query.active === 'true' } : {}),
        ...(query.q ? { OR: [{ name: { contains: query.q, mode: 'insensitive' } }, { email: { contains: query.q, mode: 'insensitive' } }] } : {}),
      };
      const [rows, total] = await db.$transaction([
        db.person.findMany({ where, include: personInclude, orderBy: [{ name: 'asc' }, { id: 'asc' }], ...pageArgs(query) }),
        db.person.count({ where }),
      ]);
      return c.json({ items: rows.map(toPerson), meta: { page: query.page, pageSize: query.pageSize, total } }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/admin/people',
      tags,
      summary: 'Register a person of your institution',
      ...adminOnly,
      request: { body: jsonBody(ZCreatePersonBody) },
      responses: { 201: json(ZAdminPerson, 'The new person'), ...adminErrors, 409: errorResponses[409] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const body = c.req.valid('json');
      const row = await db.$transaction(async (tx) => {
        await assertOwnDepartment(tx, me, body.departmentId);
        if (await tx.person.findUnique({ where: { email: body.email }, select: { id: true } })) {
          throw new AppError('CONFLICT', `Someone is already registered with ${body.email}`);
        }
        const created = await tx.person.create({
          data: {
            institutionId: me.institutionId,
            name: body.name,
            email: body.email,
            roles: body.roles,
            departmentId: body.departmentId ?? null,
            holdsLeadershipPost: body.holdsLeadershipPost,
            isMajorProjectPI: body.isMajorProjectPI,
          },
          include: personInclude,
        });
        await auditAdminChange(tx, me, { action: 'admin.person_created', entityType: 'Person', entityId: created.id, after: { ...snapshot(created), email: created.email } });
        return created;
      });
      return c.json(toPerson(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/admin/people/{id}',
      tags,
      summary: 'Change a person’s name, roles, department or active flag',
      description: 'Applies at once. You cannot remove your own admin role or deactivate yourself (409), so an institution never locks itself out.',
      ...adminOnly,
      request: { params: ZIdParam, body: jsonBody(ZUpdatePersonBody) },
      responses: { 200: json(ZAdminPerson, 'The person'), ...adminErrors, 404: errorResponses[404], 409: errorResponses[409] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const row = await db.$transaction(async (tx) => {
        const before = await tx.person.findFirst({ where: { id, institutionId: me.institutionId } });
        if (!before) throw notFound('Person', id);
        if (id === me.id && ((body.roles && !body.roles.includes('INSTITUTION_ADMIN')) || body.active === false)) {
          throw new AppError('CONFLICT', 'You cannot remove your own admin role or deactivate yourself; ask another admin');
        }
        await assertOwnDepartment(tx, me, body.departmentId);
        const data: Prisma.PersonUpdateManyMutationInput & { departmentId?: string | null } = {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.roles !== undefined ? { roles: body.roles } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          ...(body.departmentId !== undefined ? { departmentId: body.departmentId } : {}),
        };
        const updated = await tx.person.update({ where: { id }, data, include: personInclude });
        await auditAdminChange(tx, me, { action: 'admin.person_updated', entityType: 'Person', entityId: id, before: snapshot(before), after: snapshot(updated) });
        return updated;
      });
      return c.json(toPerson(row), 200);
    },
  );
