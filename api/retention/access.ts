// Who sees retention clocks: the institution's HR officers, admins and leadership see all of
// its clocks; a researcher sees their own (GET /cases/{id}/clock). Other staff may see a case
// but not its clock (403, since they already know the case exists).
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/policy';
import type { Me } from '../deps';

export const CLOCK_VIEWER_ROLES: readonly Role[] = ['HR_OFFICER', 'INSTITUTION_ADMIN', 'LEADERSHIP'];

export const canViewClocks = (me: Me) => me.roles.some((role) => CLOCK_VIEWER_ROLES.includes(role));

export function requireClockViewer(me: Me): void {
  if (!canViewClocks(me)) {
    throw new AppError('FORBIDDEN', `Only ${CLOCK_VIEWER_ROLES.join(', ')} see the institution’s retention clocks`);
  }
}
