import { AppError } from '../errors';
import { addCalendarDays } from './add-calendar-days';
import { addWorkingDays } from './add-working-days';
import type { CalendarOptions } from './calendar-day';
import { assertDayCount } from './day-count';
import type { DayKind } from './day-kind';
import type { IsoDate } from './iso-date';
import { nextWorkingDay } from './next-working-day';

/**
 * What to do when a period counted in calendar days ends on a day off.
 * 民法典 第二百零三条: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日",
 * so by default the last day moves to the next working day (a 调休 Saturday counts as one).
 */
export type CalendarPeriodEnd = 'MOVE_TO_NEXT_WORKING_DAY' | 'KEEP';

export interface DueDateOptions extends CalendarOptions {
  /** The day the period starts from (a step opened, a notice published). Not counted itself. */
  readonly start: IsoDate;
  /** Length of the period; 0 means due on `start`. */
  readonly days: number;
  readonly dayKind: DayKind;
  /** Only for CALENDAR periods; defaults to MOVE_TO_NEXT_WORKING_DAY. */
  readonly calendarPeriodEnd?: CalendarPeriodEnd;
}

/**
 * The last day of a period of `days` working or calendar days starting after `start`.
 * Something "due" on this date is on time until the end of that Shanghai day
 * (see `shanghaiEndOfDay`).
 */
export function dueDate({
  start,
  days,
  dayKind,
  calendar,
  calendarPeriodEnd = 'MOVE_TO_NEXT_WORKING_DAY',
}: DueDateOptions): IsoDate {
  assertDayCount(days);
  if (days < 0) {
    throw new AppError('VALIDATION_FAILED', `days must not be negative for a due date, got ${days}`, {
      details: { field: 'days', value: days },
    });
  }
  if (dayKind === 'WORKING') return addWorkingDays({ date: start, days, calendar });
  const lastDay = addCalendarDays({ date: start, days });
  return calendarPeriodEnd === 'KEEP' ? lastDay : nextWorkingDay({ date: lastDay, calendar });
}
