// Who may see and do what, beside the workflow's own validators: a person acts only within
// their institution and roles; a researcher sees only their own cases; staff see their
// institution's. What a person may not see is answered 404, never 403, so ids do not leak.
import type { Actor } from '../../workflows/contracts/spinout-case';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/policy';
import type { Me } from '../deps';

/** Roles that work for the institution (everyone but a plain researcher). */
export const STAFF_ROLES: readonly Role[] = ['DEPT_HEAD', 'TTO_OFFICER', 'HR_OFFICER', 'FINANCE_OFFICER', 'LEADERSHIP', 'INSTITUTION_ADMIN'];

export const isStaff = (me: Me) => me.roles.some((role) => STAFF_ROLES.includes(role));

export const actorOf = (me: Me): Actor => ({ personId: me.id, roles: [...me.roles], departmentId: me.departmentId });

export function requireRole(me: Me, role: Role, what: string): void {
  if (!me.roles.includes(role)) throw new AppError('FORBIDDEN', `Only a ${role} may ${what}`);
}

/** A case (or anything hanging off one) is visible to its researcher and to its institution's staff. */
export function canSeeCase(me: Me, caseRow: { researcherId: string; institutionId: string }): boolean {
  return caseRow.researcherId === me.id || (caseRow.institutionId === me.institutionId && isStaff(me));
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} was not found`);
