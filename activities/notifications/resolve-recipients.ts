// Who gets a notification: the people named, and/or every active member of the institution
// with the role (for DEPT_HEAD with a department: that department's heads only).
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

export async function resolveRecipients(db: Db, query: RecipientQuery): Promise<Recipient[]> {
  const personIds = (query.personIds ?? []).filter(isUuid);
  const byRole = query.role
    ? { roles: { has: query.role }, ...(query.role === 'DEPT_HEAD' && query.departmentId ? { departmentId: query.departmentId } : {}) }
    : null;
  const anyOf = [...(personIds.length > 0 ? [{ id: { in: personIds } }] : []), ...(byRole ? [byRole] : [])];
  if (anyOf.length === 0) return [];
  // Deactivated accounts (people who left) are never notified, even when named.
  return db.person.findMany({
    where: { institutionId: query.institutionId, active: true, OR: anyOf },
    select: { id: true, name: true, email: true },
    orderBy: { id: 'asc' },
  });
}
