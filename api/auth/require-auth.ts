// Bearer authentication for a route: verifies the token, then loads the person from PostgreSQL
// on every request, so a role change or a deactivation applies at once.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import type { AuthEnv } from '../deps';
import { tokenServiceFor } from './tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const requireAuth = createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>"');
  const { config, db } = c.get('deps');
  const personId = await tokenServiceFor(config).verify(match[1]!);
  const person = UUID.test(personId)
    ? await db.person.findUnique({
        where: { id: personId },
        select: { id: true, institutionId: true, departmentId: true, name: true, email: true, roles: true, active: true },
      })
    : null;
  if (!person) throw new AppError('UNAUTHENTICATED', 'The token names a person who is not registered');
  if (!person.active) throw new AppError('UNAUTHENTICATED', 'This account is deactivated');
  const { active: _active, ...me } = person;
  c.set('me', me);
  await next();
});

/** Spread into `createRoute({...})`: the route needs a bearer token, and says so in the docs. */
export const authenticated = { middleware: requireAuth, security: [{ bearer: [] as string[] }] };
