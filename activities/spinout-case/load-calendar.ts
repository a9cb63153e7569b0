// The working-day calendar's exceptions (holidays and 调休 make-up days) as the domain uses them.
import type { CalendarDay } from '../../domain/calendar';
import type { DbDeps } from './deps';

/** The seed marks estimated days (before the State Council publishes the year) with this suffix. */
const PROVISIONAL_SUFFIX = '（暂定）';

export async function loadCalendar({ db }: DbDeps): Promise<CalendarDay[]> {
  const rows = await db.calendarDay.findMany({ orderBy: { date: 'asc' }, select: { date: true, kind: true, name: true } });
  return rows.map((row) => (row.name.endsWith(PROVISIONAL_SUFFIX) ? { ...row, provisional: true } : row));
}
