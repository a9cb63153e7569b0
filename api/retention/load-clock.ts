// The retention clock of a case a person asked for: 404 when they may not see the case (or it
// has no clock), 403 when they see the case but not its clock (staff outside HR, leadership
// and admins), and the row otherwise.
import type { Db } from '../../activities/infra/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import { FINAL_CLOCK_STATUSES } from '../../workflows/contracts/retention-clock';
import { loadVisibleCase, type VisibleCase } from '../cases/load-visible-case';
import type { Me } from '../deps';
import type { TRetentionClock } from '../routes/retention.schemas';
import { canViewClocks, CLOCK_VIEWER_ROLES } from './access';
import { clockInclude, toClockRecords, type ClockRow } from './clock-views';

export async function loadCaseClock(db: Db, me: Me, caseId: string): Promise<{ caseRow: VisibleCase; clock: ClockRow }> {
  const caseRow = await loadVisibleCase(db, me, caseId);
  if (caseRow.researcherId !== me.id && !canViewClocks(me)) {
    throw new AppError('FORBIDDEN', `Only the researcher of case ${caseRow.reference} and ${CLOCK_VIEWER_ROLES.join(', ')} see its retention clock`);
  }
  const clock = await db.retentionClock.findUnique({ where: { caseId }, include: clockInclude });
  if (!clock) throw new AppError('NOT_FOUND', `Case ${caseRow.reference} has no retention clock (it starts when a LEAVE agreement is signed)`);
  return { caseRow, clock };
}

/** A closed clock's workflow has finished and takes no more updates: 409 rather than a missing execution. */
export function assertClockOpen(clock: ClockRow): void {
  if ((FINAL_CLOCK_STATUSES as readonly string[]).includes(clock.status)) {
    throw new AppError('INVALID_TRANSITION', `The retention clock of case ${clock.case.reference} is closed (${clock.status})`, { details: { status: clock.status } });
  }
}

/** The clock as the API shows it, read afresh from PostgreSQL. */
export async function clockView(db: Db, caseId: string, now = Date.now()): Promise<TRetentionClock> {
  const row = await db.retentionClock.findUniqueOrThrow({ where: { caseId }, include: clockInclude });
  const { records } = await toClockRecords(db, [row], { today: shanghaiDateOf(now), now });
  return records[0]!.view;
}
