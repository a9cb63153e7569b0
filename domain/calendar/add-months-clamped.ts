import { assertDayCount } from './day-count';
import { daysInMonth, isoDateFromParts, parseIsoDate, type IsoDate } from './iso-date';

/**
 * Calendar-month arithmetic for periods counted in months (the 36-month retention clock,
 * an extension of N months).
 *
 * End-of-month rule, as in 民法典 第二百零二条 ("到期月的对应日为期间的最后一日；没有对应日的，
 * 月末日为期间的最后一日"): keep the same day of the month; if the target month is shorter,
 * clamp to its last day. So 31 Jan + 1 month = 28 Feb (29 Feb in a leap year), but
 * 28 Feb + 1 month = 28 Mar and 30 Apr + 1 month = 30 May: the result does not "stick" to
 * month ends, because the corresponding day exists. Negative `months` go back the same way.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  assertDayCount(months, 'months');
  const { year, month, day } = parseIsoDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return isoDateFromParts({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}
