// Who gets a notification: the people named, and/or every active member of the institution
// with the role (for DEPT_HEAD with a department: that department's heads only), and where the
// institution's webhook is.
import type { Role } from '../../domain/policy';
import type { Db } from '../infra/db';
import { isUuid } from '../infra/key-uuid';

export interface Recipient {
  id: string;
  name: string;
  email: string;
}

export interface RecipientQuery {
  institutionId: string;
  personIds?: string[];
  role?: Role;
  departmentId?: string | null;
}

export interface Audience {
  recipients: Recipient[];
  /** The institution's webhook, if it has one (every notification goes there too). */
  webhook: { url: string; secret: string | null } | null;
}

/** The recipients and the institution's webhook, in one query. */
export async function resolveAudience(db: Db, query: RecipientQuery): Promise<Audience> {
  const personIds = (query.personIds ?? []).filter(isUuid);
  const byRole = query.role
    ? { roles: { has: query.role }, ...(query.role === 'DEPT_HEAD' && query.departmentId ? { departmentId: query.departmentId } : {}) }
    : null;
  const anyOf = [...(personIds.length > 0 ? [{ id: { in: personIds } }] : []), ...(byRole ? [byRole] : [])];
  const institution = await db.institution.findUnique({
    where: { id: query.institutionId },
    select: {
      webhookUrl: true,
      webhookSecret: true,
      // Deactivated accounts (people who left) are never notified, even when named.
      people: anyOf.length > 0 && { where: { active: true, OR: anyOf }, select: { id: true, name: true, email: true }, orderBy: { id: 'asc' } },
    },
  });
  if (!institution) return { recipients: [], webhook: null };
  return { recipients: institution.people ?? [], webhook: institution.webhookUrl ? { url: institution.webhookUrl, secret: institution.webhookSecret } : null };
}
