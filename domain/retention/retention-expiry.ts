import { addMonthsClamped } from '../calendar/add-months-clamped';
import type { IsoDate } from '../calendar/iso-date';

/**
 * The last day of a retention period (人事关系保留期) of `months` from the signing date.
 *
 * Rule (民法典 第二百零一、二百零二条): the signing day itself is not counted, and a period in
 * months ends on the corresponding day of the final month, or on that month's last day when it
 * has no corresponding day. So a clock signed on 2026-01-15 for 36 months ends on 2029-01-15,
 * and one signed on 2026-01-31 for 1 month ends on 2026-02-28. The clock runs until the end of
 * that day, Asia/Shanghai.
 */
export function retentionExpiryDate({ signingDate, months }: { signingDate: IsoDate; months: number }): IsoDate {
  return addMonthsClamped(signingDate, months);
}
