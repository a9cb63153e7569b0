// Authentication for calendar feeds: calendar apps subscribe to a URL and cannot send an
// Authorization header, so the bearer token may come as `?token=<jwt>` instead (on the feed
// routes only: a token in a URL ends up in logs and histories). The header wins when both are
// sent. Otherwise as requireAuth: the token is verified, then the person is loaded on every
// request, so a deactivation or role change applies at once.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import { authenticateToken } from '../auth/require-auth';
import type { AuthEnv } from '../deps';

export const requireFeedAuth = createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (header && !match) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>" or ?token=<token>');
  const token = match?.[1] ?? c.req.query('token');
  if (!token) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>" or ?token=<token>');
  c.set('me', await authenticateToken(c.get('deps'), token));
  await next();
});

/** Spread into `createRoute({...})` of a feed: bearer header or `?token=`. */
export const feedAuthenticated = { middleware: requireFeedAuth, security: [{ bearer: [] }, { feedToken: [] }] as Record<string, string[]>[] };
