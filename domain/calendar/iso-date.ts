import { z } from 'zod';
import { AppError } from '../errors';

/**
 * A calendar date as `YYYY-MM-DD`, always meaning a local date in Asia/Shanghai.
 *
 * Dates are strings (not `Date`) so they serialise unchanged through JSON, Temporal payloads
 * and PostgreSQL `date` columns, compare correctly as strings, and never pick up the time
 * zone of whichever machine runs the code. All arithmetic below is integer arithmetic on
 * "epoch days" (days since 1970-01-01), with no `Date` and no time-zone database, so it is
 * safe inside deterministic Temporal workflows.
 */
export type IsoDate = string;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function partsOrUndefined(value: string): DateParts | undefined {
  const match = ISO_DATE_PATTERN.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && partsOrUndefined(value) !== undefined;
}

/** Throws VALIDATION_FAILED for anything that is not a real date (e.g. `2025-02-29`). */
export function parseIsoDate(value: IsoDate): DateParts {
  const parts = partsOrUndefined(value);
  if (parts === undefined) {
    throw new AppError('VALIDATION_FAILED', `Not a valid date (YYYY-MM-DD): "${value}"`, {
      details: { value },
    });
  }
  return parts;
}

export function isoDateFromParts({ year, month, day }: DateParts): IsoDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  parseIsoDate(text); // rejects 2025-02-30, month 13, years beyond 9999
  return text;
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function epochDayOf(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of `epochDayOf` (H. Hinnant's civil_from_days). */
export function isoDateOfEpochDay(epochDay: number): IsoDate {
  if (!Number.isSafeInteger(epochDay)) {
    throw new AppError('VALIDATION_FAILED', `Epoch day must be an integer, got ${epochDay}`);
  }
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoDateFromParts({ year, month, day });
}

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** ISO weekday: Monday = 1 … Sunday = 7. 1970-01-01 was a Thursday. */
export function isoWeekdayOf(date: IsoDate): IsoWeekday {
  return isoWeekdayOfEpochDay(epochDayOf(date));
}

export function isoWeekdayOfEpochDay(epochDay: number): IsoWeekday {
  return ((((epochDay + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/** Negative if `a` is earlier, 0 if equal, positive if later. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return epochDayOf(a) - epochDayOf(b);
}

export const ZIsoDate = z
  .string({ error: 'must be a date as YYYY-MM-DD' })
  .refine(isIsoDate, { error: 'must be a real date as YYYY-MM-DD' });
