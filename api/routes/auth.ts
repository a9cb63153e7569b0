// Who am I (GET /me), and the embedded default's login (POST /auth/dev-login), which issues a
// one-hour token for a registered, active person by e-mail. With AUTH_JWKS_URL set the tokens
// come from the identity provider and dev login is not mounted at all.
import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { ZRole } from '../../domain/policy';
import { authenticated } from '../auth/require-auth';
import { tokenServiceFor } from '../auth/tokens';
import type { Db } from '../../activities/infra/db';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { ZTimestamp } from './common.schemas';
import { json } from './openapi-responses';

const tags = ['auth'];

export const ZMe = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(ZRole),
    institution: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
    department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .openapi('Me');

const ZDevLoginBody = z
  .object({ email: z.email({ error: 'email must be an e-mail address' }).transform((email) => email.toLowerCase()) })
  .openapi('DevLogin');

const ZToken = z
  .object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: ZTimestamp, person: ZMe })
  .openapi('Token');

async function loadMe(db: Db, personId: string) {
  return db.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      id: true,
      name: true,
      email: true,
      roles: true,
      institution: { select: { id: true, code: true, name: true } },
      department: { select: { id: true, name: true } },
    },
  });
}

export const me = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/me',
    tags,
    summary: 'The person the bearer token belongs to, with roles, institution and department',
    ...authenticated,
    responses: { 200: json(ZMe, 'You'), 401: errorResponses[401] },
  }),
  async (c) => c.json(await loadMe(c.get('deps').db, c.get('me').id), 200),
);

const ZDevLoginPeople = z
  .object({
    items: z.array(
      z.object({
        name: z.string(),
        email: z.string(),
        roles: z.array(ZRole),
        institution: z.object({ code: z.string(), name: z.string() }),
        department: z.object({ name: z.string() }).nullable(),
      }),
    ),
  })
  .openapi('DevLoginPeople');

export const devLogin = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/auth/dev-login',
      tags,
      summary: 'Development login: the active people one may log in as (embedded default only)',
      description: 'For the login page of the embedded default, where anyone may log in as anyone; off when AUTH_JWKS_URL is set.',
      responses: { 200: json(ZDevLoginPeople, 'Active people, by institution and name') },
    }),
    async (c) => {
      const rows = await c.get('deps').db.person.findMany({
        where: { active: true },
        orderBy: [{ institution: { code: 'asc' } }, { email: 'asc' }],
        take: 500,
        select: { name: true, email: true, roles: true, institution: { select: { code: true, name: true } }, department: { select: { name: true } } },
      });
      return c.json({ items: rows }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/dev-login',
      tags,
      summary: 'Development login: a one-hour token for a registered person (embedded default only)',
      description: 'Off when AUTH_JWKS_URL is set. Send the token as `Authorization: Bearer <token>`.',
      request: { body: { required: true, content: { 'application/json': { schema: ZDevLoginBody } } } },
      responses: { 200: json(ZToken, 'A token'), 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db, config } = c.get('deps');
      const { email } = c.req.valid('json');
      const person = await db.person.findUnique({ where: { email }, select: { id: true, active: true } });
      if (!person || !person.active) throw new AppError('NOT_FOUND', `No active person is registered with ${email}`);
      const { token, expiresAt } = await tokenServiceFor(config).issue(person.id);
      return c.json({ token, tokenType: 'Bearer' as const, expiresAt: expiresAt.toISOString(), person: await loadMe(db, person.id) }, 200);
    },
  );
