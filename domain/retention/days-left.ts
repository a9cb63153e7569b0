import { epochDayOf, type IsoDate } from '../calendar/iso-date';

/** Whole days from `today` to the last day of a clock: 0 on the expiry day, negative after it. */
export function daysLeft({ expiryDate, today }: { expiryDate: IsoDate; today: IsoDate }): number {
  return epochDayOf(expiryDate) - epochDayOf(today);
}
