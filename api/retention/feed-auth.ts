// Authentication for calendar feeds: calendar apps subscribe to a URL and cannot send an
// Authorization header, so the credential may come as `?token=` instead (on the feed routes
// only: a token in a URL ends up in logs and histories): a feed token (`swf_…`, long-lived and
// revocable, see feed-tokens.ts), or a bearer JWT. The header wins when both are sent. Either
// way the person is loaded on every request, so a deactivation or role change applies at once.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import { authenticateToken } from '../auth/require-auth';
import type { AuthEnv } from '../deps';
import { authenticateFeedToken, isFeedToken } from './feed-tokens';

export const requireFeedAuth = (feed: string) => createMiddleware<AuthEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (header && !match) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>" or ?token=<token>');
  const token = match?.[1] ?? c.req.query('token');
  if (!token) throw new AppError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>" or ?token=<token>');
  const deps = c.get('deps');
  c.set('me', isFeedToken(token) ? await authenticateFeedToken(deps.db, token, feed) : await authenticateToken(deps, token));
  await next();
});

/** Spread into `createRoute({...})` of a feed: bearer header, or `?token=` with a feed token or a JWT. */
export const feedAuthenticated = (feed: string) => ({ middleware: requireFeedAuth(feed), security: [{ bearer: [] }, { feedToken: [] }] as Record<string, string[]>[] });
