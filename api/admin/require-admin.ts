// Admin routes: authenticated, and an INSTITUTION_ADMIN. What they touch is always scoped to
// the admin's own institution by the handlers.
import { createMiddleware } from 'hono/factory';
import type { Prisma } from '../../prisma/generated/client';
import { AppError } from '../../domain/errors';
import { requireAuth } from '../auth/require-auth';
import type { AuthEnv, Me } from '../deps';

export const requireAdmin = createMiddleware<AuthEnv>((c, next) =>
  requireAuth(c, async () => {
    if (!c.get('me').roles.includes('INSTITUTION_ADMIN')) throw new AppError('FORBIDDEN', 'Only an institution admin may do this');
    await next();
  }),
);

export const adminOnly = { middleware: requireAdmin, security: [{ bearer: [] as string[] }] };

/** The audit entry of an admin change, written in the change's own transaction. */
export async function auditAdminChange(
  tx: Prisma.TransactionClient,
  me: Me,
  entry: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown },
): Promise<void> {
  const json = (value: unknown) => (value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));
  await tx.auditEntry.create({
    data: {
      actorId: me.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: json(entry.before),
      after: json({ ...((entry.after ?? {}) as object), institutionId: me.institutionId }),
    },
  });
}
