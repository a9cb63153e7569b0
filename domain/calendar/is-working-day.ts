import { workingDayTest, type CalendarOptions } from './calendar-day';
import { epochDayOf, type IsoDate } from './iso-date';

/** Monday–Friday unless the calendar marks the date as HOLIDAY or (调休) WORKDAY. */
export function isWorkingDay({ date, calendar }: { date: IsoDate } & CalendarOptions): boolean {
  return workingDayTest(calendar)(epochDayOf(date));
}
