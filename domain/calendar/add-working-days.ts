import { workingDayTest, type CalendarOptions } from './calendar-day';
import { assertDayCount } from './day-count';
import { epochDayOf, isoDateOfEpochDay, type IsoDate } from './iso-date';

/**
 * The `days`-th working day after `date` (before it when negative). `date` itself is never
 * counted, in line with 民法典 第二百零一条 ("开始的当日不计入"), so a step opened on a holiday
 * and one opened on a Monday morning both get `days` full working days. `days = 0` returns
 * `date` unchanged, even when it is not a working day.
 */
export function addWorkingDays({ date, days, calendar }: { date: IsoDate; days: number } & CalendarOptions): IsoDate {
  assertDayCount(days);
  const isWorking = workingDayTest(calendar);
  const step = days < 0 ? -1 : 1;
  let epochDay = epochDayOf(date);
  let remaining = Math.abs(days);
  while (remaining > 0) {
    epochDay += step;
    if (isWorking(epochDay)) remaining -= 1;
  }
  return isoDateOfEpochDay(epochDay);
}
