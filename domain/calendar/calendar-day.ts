import { z } from 'zod';
import { AppError } from '../errors';
import { epochDayOf, isoWeekdayOfEpochDay, ZIsoDate, type IsoDate } from './iso-date';

/**
 * The working-day rule is "Monday to Friday", overridden by a list of calendar days:
 * - HOLIDAY: a day off, whatever the weekday (public holidays and the weekdays 调休 moves off);
 * - WORKDAY: a working day, whatever the weekday (the 调休 make-up weekend days, 补班).
 * The list is data (seeded from `china-public-holidays`, editable by an admin in the DB),
 * so every function here takes it as an option instead of reading a global.
 */
export const CALENDAR_DAY_KINDS = ['HOLIDAY', 'WORKDAY'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  readonly date: IsoDate;
  readonly kind: CalendarDayKind;
  /** Human name, e.g. 国庆节 or 国庆节调休上班. */
  readonly name: string;
  /** True while the day is our estimate, before the State Council publishes the schedule. */
  readonly provisional?: boolean;
}

export const ZCalendarDay = z.object({
  date: ZIsoDate,
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string().trim().min(1, { error: 'name is required' }),
  provisional: z.boolean().optional(),
});

/** A list of overrides in which each date appears at most once. */
export const ZCalendarDays = z.array(ZCalendarDay).superRefine((days, ctx) => {
  const seen = new Set<string>();
  days.forEach((day, index) => {
    if (seen.has(day.date)) {
      ctx.addIssue({ code: 'custom', path: [index, 'date'], message: `date ${day.date} is listed twice` });
    }
    seen.add(day.date);
  });
});

/** The option every calendar function takes: the overrides to apply over Monday–Friday. */
export interface CalendarOptions {
  readonly calendar: readonly CalendarDay[];
}

/**
 * Builds a fast "is this epoch day a working day?" test. Duplicate dates are refused rather
 * than resolved by order, so an ambiguous calendar fails loudly instead of shifting deadlines.
 */
export function workingDayTest(calendar: readonly CalendarDay[]): (epochDay: number) => boolean {
  const overrides = new Map<number, CalendarDayKind>();
  for (const day of calendar) {
    const epochDay = epochDayOf(day.date);
    if (overrides.has(epochDay)) {
      throw new AppError('VALIDATION_FAILED', `Calendar lists ${day.date} more than once`, {
        details: { date: day.date },
      });
    }
    overrides.set(epochDay, day.kind);
  }
  return (epochDay) => {
    const kind = overrides.get(epochDay);
    if (kind !== undefined) return kind === 'WORKDAY';
    return isoWeekdayOfEpochDay(epochDay) <= 5;
  };
}
