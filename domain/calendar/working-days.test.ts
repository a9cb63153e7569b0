import { describe, expect, it } from 'vitest';
import { addCalendarDays } from './add-calendar-days';
import { addWorkingDays } from './add-working-days';
import { chinaPublicHolidayCalendar as calendar } from './china-public-holidays';
import { epochDayOf, isoDateOfEpochDay } from './iso-date';
import { isWorkingDay } from './is-working-day';
import { nextWorkingDay } from './next-working-day';
import { previousWorkingDay } from './previous-working-day';
import { workingDaysBetween } from './working-days-between';

describe('isWorkingDay', () => {
  it('uses Monday–Friday when the calendar is silent', () => {
    expect(isWorkingDay({ date: '2025-09-26', calendar })).toBe(true); // Friday
    expect(isWorkingDay({ date: '2025-09-27', calendar })).toBe(false); // Saturday
    expect(isWorkingDay({ date: '2028-03-06', calendar: [] })).toBe(true); // Monday, no data
  });

  it('applies 国庆 2025: holidays off, 调休 Sundays and Saturdays on', () => {
    expect(isWorkingDay({ date: '2025-09-28', calendar })).toBe(true); // Sunday, 上班
    expect(isWorkingDay({ date: '2025-10-01', calendar })).toBe(false);
    expect(isWorkingDay({ date: '2025-10-08', calendar })).toBe(false); // Wednesday, 放假
    expect(isWorkingDay({ date: '2025-10-11', calendar })).toBe(true); // Saturday, 上班
  });

  it('refuses a calendar that lists a date twice', () => {
    expect(() =>
      isWorkingDay({
        date: '2025-01-01',
        calendar: [
          { date: '2025-01-01', kind: 'HOLIDAY', name: 'a' },
          { date: '2025-01-01', kind: 'WORKDAY', name: 'b' },
        ],
      }),
    ).toThrow(/more than once/);
  });
});

describe('addWorkingDays', () => {
  it('steps over 国庆 2025 and counts the make-up days', () => {
    expect(addWorkingDays({ date: '2025-09-26', days: 1, calendar })).toBe('2025-09-28'); // 调休 Sunday
    expect(addWorkingDays({ date: '2025-09-26', days: 3, calendar })).toBe('2025-09-30');
    expect(addWorkingDays({ date: '2025-09-30', days: 1, calendar })).toBe('2025-10-09');
    expect(addWorkingDays({ date: '2025-09-30', days: 3, calendar })).toBe('2025-10-11'); // 调休 Saturday
    expect(addWorkingDays({ date: '2025-10-03', days: 5, calendar })).toBe('2025-10-14');
  });

  it('steps over 春节 2026 (15–23 Feb off, 14 and 28 Feb on)', () => {
    expect(addWorkingDays({ date: '2026-02-13', days: 1, calendar })).toBe('2026-02-14');
    expect(addWorkingDays({ date: '2026-02-14', days: 1, calendar })).toBe('2026-02-24');
    // 13 Feb, 14 (Sat 上班), 24, 25, 26, 27, 28 (Sat 上班), 2 Mar, 3 Mar, 4 Mar.
    expect(addWorkingDays({ date: '2026-02-12', days: 10, calendar })).toBe('2026-03-04');
    expect(workingDaysBetween({ from: '2026-02-12', to: '2026-03-04', calendar })).toBe(10);
  });

  it('goes backwards for negative days', () => {
    expect(addWorkingDays({ date: '2025-10-09', days: -1, calendar })).toBe('2025-09-30');
    expect(addWorkingDays({ date: '2025-10-04', days: -1, calendar })).toBe('2025-09-30');
    expect(addWorkingDays({ date: '2025-10-09', days: 0, calendar })).toBe('2025-10-09');
  });

  it('refuses fractional days', () => {
    expect(() => addWorkingDays({ date: '2025-10-09', days: 1.5, calendar })).toThrow(/whole number/);
  });
});

describe('nextWorkingDay / previousWorkingDay', () => {
  it('return the date itself when it is a working day', () => {
    expect(nextWorkingDay({ date: '2025-09-28', calendar })).toBe('2025-09-28');
    expect(previousWorkingDay({ date: '2025-10-11', calendar })).toBe('2025-10-11');
  });

  it('jump over a holiday block', () => {
    expect(nextWorkingDay({ date: '2025-10-01', calendar })).toBe('2025-10-09');
    expect(previousWorkingDay({ date: '2025-10-08', calendar })).toBe('2025-09-30');
    expect(nextWorkingDay({ date: '2026-02-15', calendar })).toBe('2026-02-24');
    expect(previousWorkingDay({ date: '2026-02-22', calendar })).toBe('2026-02-14');
  });
});

describe('workingDaysBetween', () => {
  it('counts the end but not the start', () => {
    expect(workingDaysBetween({ from: '2025-09-26', to: '2025-10-11', calendar })).toBe(6);
    expect(workingDaysBetween({ from: '2025-10-01', to: '2025-10-08', calendar })).toBe(0);
    expect(workingDaysBetween({ from: '2025-10-08', to: '2025-10-08', calendar })).toBe(0);
    expect(workingDaysBetween({ from: '2025-10-11', to: '2025-09-26', calendar })).toBe(-6);
  });

  it('is the inverse of addWorkingDays in both directions, every day of 2025–2027', () => {
    for (let day = epochDayOf('2025-01-01'); day <= epochDayOf('2027-12-31'); day += 1) {
      const date = isoDateOfEpochDay(day);
      for (const n of [1, 5, 15, -3]) {
        const to = addWorkingDays({ date, days: n, calendar });
        expect(workingDaysBetween({ from: date, to, calendar })).toBe(n);
      }
    }
  });
});

describe('addCalendarDays', () => {
  it('ignores holidays and crosses month and year ends', () => {
    expect(addCalendarDays({ date: '2025-09-30', days: 1 })).toBe('2025-10-01');
    expect(addCalendarDays({ date: '2025-12-31', days: 1, calendar })).toBe('2026-01-01');
    expect(addCalendarDays({ date: '2024-03-01', days: -1 })).toBe('2024-02-29');
  });
});
