import { addMonthsClamped } from '../calendar/add-months-clamped';
import { compareIsoDates, type IsoDate } from '../calendar/iso-date';

/**
 * Annual report (年度报告/考核) due dates: each anniversary of the signing date that falls on or
 * before the expiry date (an anniversary of 29 Feb falls on 28 Feb in other years).
 */
export function annualReportDueDates({ signingDate, expiryDate }: { signingDate: IsoDate; expiryDate: IsoDate }): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let year = 1; ; year += 1) {
    const due = addMonthsClamped(signingDate, 12 * year);
    if (compareIsoDates(due, expiryDate) > 0) return dates;
    dates.push(due);
  }
}
