// Authentication for calendar feeds: calendar apps subscribe to a URL and cannot send an
// Authorization header, so the bearer token may come as `?token=<jwt>` instead (on the feed
// routes only: a token in a URL ends up in logs and histories). The header wins when both are
// sent. Otherwise as requireAuth: the token is verified, then the person is loaded on every
// request, so a deactivation or role change applies at once.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import { tokenServiceFor } from '../auth/tokens';
import type { AuthEnv } from '../deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const requireFeedAuth = createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (header && !match) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>" or ?token=<token>');
  const token = match?.[1] ?? c.req.query('token');
  if (!token) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>" or ?token=<token>');
  const { config, db } = c.get('deps');
  const personId = await tokenServiceFor(config).verify(token);
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

/** Spread into `createRoute({...})` of a feed: bearer header or `?token=`. */
export const feedAuthenticated = { middleware: requireFeedAuth, security: [{ bearer: [] }, { feedToken: [] }] as Record<string, string[]>[] };
