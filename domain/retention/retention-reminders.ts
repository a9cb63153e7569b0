import { addCalendarDays } from '../calendar/add-calendar-days';
import type { CalendarDay } from '../calendar/calendar-day';
import { compareIsoDates, type IsoDate } from '../calendar/iso-date';
import { previousWorkingDay } from '../calendar/previous-working-day';
import { shanghaiInstantOf } from '../calendar/shanghai-time';

/** Reminders go out in the morning, Shanghai time, so HR reads them on the day. */
export const REMINDER_TIME = '09:00';

export interface RetentionReminder {
  /** Stable within one expiry date: `before-180d`, …, `expiry`. */
  kind: string;
  /** Days before expiry (0 for the expiry-day reminder). */
  offsetDays: number;
  /** The day the rule names (expiry minus offset). */
  nominalDate: IsoDate;
  /** When it goes out: the nominal day, or the last working day before it when it is a day off. */
  sendOn: IsoDate;
  sendAt: number;
}

/**
 * Reminders before expiry at each offset (calendar days) and on the expiry day. A reminder whose
 * day is not a working day goes out on the previous working day, so nobody learns of an expiry
 * on a Monday that fell due on the Sunday. Sorted by send time; reminders that would go out
 * before `notBefore` (the signing date, or today after a reschedule) are left out.
 */
export function retentionReminders({
  expiryDate,
  offsetsDays,
  calendar,
  notBefore,
}: {
  expiryDate: IsoDate;
  offsetsDays: readonly number[];
  calendar: readonly CalendarDay[];
  notBefore?: IsoDate;
}): RetentionReminder[] {
  const offsets = [...new Set([...offsetsDays, 0])].sort((a, b) => b - a);
  return offsets
    .map((offsetDays) => {
      const nominalDate = addCalendarDays({ date: expiryDate, days: -offsetDays });
      const sendOn = previousWorkingDay({ date: nominalDate, calendar });
      return {
        kind: offsetDays === 0 ? 'expiry' : `before-${offsetDays}d`,
        offsetDays,
        nominalDate,
        sendOn,
        sendAt: shanghaiInstantOf({ date: sendOn, time: REMINDER_TIME }),
      };
    })
    .filter((reminder) => notBefore === undefined || compareIsoDates(reminder.sendOn, notBefore) >= 0);
}
