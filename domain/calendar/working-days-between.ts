import { workingDayTest, type CalendarOptions } from './calendar-day';
import { epochDayOf, type IsoDate } from './iso-date';

/**
 * How many working days you step onto walking from `from` to `to`: `from` is not counted,
 * `to` is. Negative when `to` is earlier. This is the inverse of `addWorkingDays`:
 * `workingDaysBetween({ from: d, to: addWorkingDays({ date: d, days: n }) }) === n`,
 * which is what "N working days left" on a task card must agree with.
 */
export function workingDaysBetween({ from, to, calendar }: { from: IsoDate; to: IsoDate } & CalendarOptions): number {
  const isWorking = workingDayTest(calendar);
  const start = epochDayOf(from);
  const end = epochDayOf(to);
  let count = 0;
  if (end >= start) {
    for (let day = start + 1; day <= end; day += 1) if (isWorking(day)) count += 1;
    return count;
  }
  for (let day = start - 1; day >= end; day -= 1) if (isWorking(day)) count += 1;
  return -count;
}
