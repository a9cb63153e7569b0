// Bearer authentication for a route: verifies the token, then loads the person from PostgreSQL
// on every request, so a role change or a deactivation applies at once.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import type { ApiDeps, AuthEnv, Me } from '../deps';
import { tokenServiceFor } from './tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Verifies a bearer token and loads its person; throws UNAUTHENTICATED with the reason. */
export async function authenticateToken(deps: ApiDeps, token: string): Promise<Me> {
  const personId = await tokenServiceFor(deps.config).verify(token);
  const person = UUID.test(personId)
    ? await deps.db.person.findUnique({
        where: { id: personId },
        select: { id: true, institutionId: true, departmentId: true, name: true, email: true, roles: true, active: true },
      })
    : null;
  if (!person) throw new AppError('UNAUTHENTICATED', 'The token names a person who is not registered');
  if (!person.active) throw new AppError('UNAUTHENTICATED', 'This account is deactivated');
  const { active: _active, ...me } = person;
  return me;
}

export const requireAuth = createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>"');
  c.set('me', await authenticateToken(c.get('deps'), match[1]!));
  await next();
});

/** Spread into `createRoute({...})`: the route needs a bearer token, and says so in the docs. */
export const authenticated = { middleware: requireAuth, security: [{ bearer: [] as string[] }] };
