// Feed tokens: long-lived, revocable credentials for one calendar feed URL. A calendar app
// subscribes once and polls for months; the one-hour JWT would stop it within the hour. Only the
// token's SHA-256 is stored (a leaked database does not open feeds), the token is shown once,
// and it acts as its person with their roles at the time of each request, so a deactivation or
// a lost role closes the feed at once. A prefix tells it apart from a JWT in `?token=`.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import type { Me } from '../deps';

export const FEED_TOKEN_PREFIX = 'swf_';
export const RETENTION_CLOCKS_FEED = 'RETENTION_CLOCKS';

export const isFeedToken = (token: string) => token.startsWith(FEED_TOKEN_PREFIX);
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new token: 32 random bytes, base64url, with the prefix. */
export function newFeedToken(): { token: string; tokenHash: string } {
  const token = FEED_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashOf(token) };
}

/** The person a feed token acts as, if it is for `feed`, not revoked, and its person active. */
export async function authenticateFeedToken(db: Db, token: string, feed: string): Promise<Me> {
  const row = await db.feedToken.findUnique({
    where: { tokenHash: hashOf(token) },
    select: {
      id: true,
      feed: true,
      revokedAt: true,
      lastUsedAt: true,
      person: { select: { id: true, institutionId: true, departmentId: true, name: true, email: true, roles: true, active: true } },
    },
  });
  if (!row || row.feed !== feed) throw new AppError('UNAUTHENTICATED', 'This feed token is not valid for this feed');
  if (row.revokedAt) throw new AppError('UNAUTHENTICATED', 'This feed token was revoked; make a new feed link');
  if (!row.person.active) throw new AppError('UNAUTHENTICATED', 'This account is deactivated');
  // Recorded at most once a minute: calendar apps poll often, and the write is only a hint.
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.feedToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const { active: _active, ...me } = row.person;
  return me;
}
