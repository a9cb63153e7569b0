import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  compareIsoDates,
  daysInMonth,
  epochDayOf,
  isIsoDate,
  isoDateOfEpochDay,
  isoWeekdayOf,
  parseIsoDate,
  ZIsoDate,
} from './iso-date';

describe('iso dates', () => {
  it('counts epoch days from 1970-01-01', () => {
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(epochDayOf('1969-12-31')).toBe(-1);
    expect(epochDayOf('2000-03-01')).toBe(11017);
  });

  it('round-trips every day across three centuries and agrees with Date.UTC', () => {
    for (let day = epochDayOf('1900-01-01'); day <= epochDayOf('2200-12-31'); day += 1) {
      const date = isoDateOfEpochDay(day);
      if (epochDayOf(date) !== day) expect.fail(`${date} does not round-trip`);
      if (day % 97 === 0) expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe(date);
    }
  });

  it('knows weekdays (Monday = 1)', () => {
    expect(isoWeekdayOf('1970-01-01')).toBe(4);
    expect(isoWeekdayOf('2025-10-01')).toBe(3);
    expect(isoWeekdayOf('2025-09-28')).toBe(7);
    expect(isoWeekdayOf('2025-10-11')).toBe(6);
  });

  it('rejects dates that do not exist', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-04-31', '2025-1-01', '20250101', '', '2025-01-01T00:00']) {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => parseIsoDate(bad)).toThrow(AppError);
    }
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('knows month lengths, including leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('compares and validates with zod', () => {
    expect(compareIsoDates('2025-01-31', '2025-02-01')).toBeLessThan(0);
    expect(ZIsoDate.safeParse('2025-02-30').success).toBe(false);
    expect(ZIsoDate.parse('2026-02-28')).toBe('2026-02-28');
  });
});
