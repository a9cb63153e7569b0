import type { CalendarOptions } from './calendar-day';
import { assertDayCount } from './day-count';
import { epochDayOf, isoDateOfEpochDay, type IsoDate } from './iso-date';

/**
 * `date` plus `days` calendar days (negative goes back). Holidays do not matter here; the
 * optional `calendar` is accepted only so callers can pass the same options as to
 * `addWorkingDays`.
 */
export function addCalendarDays({ date, days }: { date: IsoDate; days: number } & Partial<CalendarOptions>): IsoDate {
  assertDayCount(days);
  return isoDateOfEpochDay(epochDayOf(date) + days);
}
