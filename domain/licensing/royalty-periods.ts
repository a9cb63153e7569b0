import { addCalendarDays } from '../calendar/add-calendar-days';
import { addMonthsClamped } from '../calendar/add-months-clamped';
import { compareIsoDates, type IsoDate } from '../calendar/iso-date';
import { MONTHS_PER_ROYALTY_PERIOD, type RoyaltyPeriodKind } from './deal-mode';

export interface RoyaltyPeriod {
  /** From 0. */
  index: number;
  periodStart: IsoDate;
  /** Last day of the period (inclusive). */
  periodEnd: IsoDate;
  reportDueOn: IsoDate;
}

/**
 * The `index`-th reporting period of a running royalty, or null past the licence's end.
 * Computed one at a time, so a ten-year licence's workflow holds one period, not forty.
 * Periods run from the effective date in whole months (month ends clamped: a licence in force
 * from 31 January has periods starting 31 Jan, 30 Apr, 31 Jul, 31 Oct); the last period is cut
 * at the licence's last day. The report is due `reportDueDays` calendar days after the period.
 */
export function royaltyPeriodAt(options: {
  effectiveOn: IsoDate;
  termMonths: number;
  reportingPeriod: RoyaltyPeriodKind;
  reportDueDays: number;
  index: number;
}): RoyaltyPeriod | null {
  const { effectiveOn, termMonths, reportingPeriod, reportDueDays, index } = options;
  const months = MONTHS_PER_ROYALTY_PERIOD[reportingPeriod];
  const licenceEnd = addCalendarDays({ date: addMonthsClamped(effectiveOn, termMonths), days: -1 });
  const periodStart = addMonthsClamped(effectiveOn, index * months);
  if (compareIsoDates(periodStart, licenceEnd) > 0) return null;
  const naturalEnd = addCalendarDays({ date: addMonthsClamped(effectiveOn, (index + 1) * months), days: -1 });
  const periodEnd = compareIsoDates(naturalEnd, licenceEnd) > 0 ? licenceEnd : naturalEnd;
  return { index, periodStart, periodEnd, reportDueOn: addCalendarDays({ date: periodEnd, days: reportDueDays }) };
}

/** The licence's last day in force: effective date + term months − 1 day. */
export function licenceEndDate({ effectiveOn, termMonths }: { effectiveOn: IsoDate; termMonths: number }): IsoDate {
  return addCalendarDays({ date: addMonthsClamped(effectiveOn, termMonths), days: -1 });
}

/** Royalty owed for a period: rate × net sales, rounded half up to the fen (bigint, exact). */
export function royaltyDueFen({ netSalesFen, rateBp }: { netSalesFen: number; rateBp: number }): number {
  const product = BigInt(netSalesFen) * BigInt(rateBp);
  return Number((product + 5_000n) / 10_000n);
}
