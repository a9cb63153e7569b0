import { describe, expect, it } from 'vitest';
import { ZCalendarDays } from './calendar-day';
import {
  CHINA_PUBLIC_HOLIDAY_SCHEDULES,
  calendarDaysOfSchedule,
  chinaPublicHolidayCalendar,
} from './china-public-holidays';
import { isoWeekdayOf } from './iso-date';

describe('China public holiday data', () => {
  it('is a valid override list with each date once', () => {
    expect(ZCalendarDays.safeParse(chinaPublicHolidayCalendar).success).toBe(true);
  });

  it('keeps every day inside its own year and make-up workdays on weekends', () => {
    for (const schedule of CHINA_PUBLIC_HOLIDAY_SCHEDULES) {
      for (const day of calendarDaysOfSchedule(schedule)) {
        expect(day.date.startsWith(`${schedule.year}-`)).toBe(true);
        if (day.kind === 'WORKDAY') expect(isoWeekdayOf(day.date)).toBeGreaterThanOrEqual(6);
      }
    }
  });

  it('matches the weekdays printed in the official notices', () => {
    // Dates with the weekday the State Council notice gives for them (周一 = 1 … 周日 = 7).
    const printed: [string, number][] = [
      ['2025-01-01', 3], ['2025-01-28', 2], ['2025-02-04', 2], ['2025-01-26', 7], ['2025-02-08', 6],
      ['2025-04-04', 5], ['2025-05-01', 4], ['2025-05-05', 1], ['2025-04-27', 7], ['2025-05-31', 6],
      ['2025-10-01', 3], ['2025-10-08', 3], ['2025-09-28', 7], ['2025-10-11', 6],
      ['2026-01-01', 4], ['2026-01-03', 6], ['2026-01-04', 7], ['2026-02-15', 7], ['2026-02-23', 1],
      ['2026-02-14', 6], ['2026-02-28', 6], ['2026-04-04', 6], ['2026-05-01', 5], ['2026-05-05', 2],
      ['2026-05-09', 6], ['2026-06-19', 5], ['2026-09-25', 5], ['2026-10-01', 4], ['2026-10-07', 3],
      ['2026-09-20', 7], ['2026-10-10', 6],
    ];
    for (const [date, weekday] of printed) expect([date, isoWeekdayOf(date)]).toEqual([date, weekday]);
  });

  it('has the official number of days off per festival', () => {
    const daysOff = (year: number, name: string): number =>
      chinaPublicHolidayCalendar.filter((d) => d.kind === 'HOLIDAY' && d.name === name && d.date.startsWith(`${year}`)).length;
    expect(daysOff(2025, '春节')).toBe(8);
    expect(daysOff(2025, '国庆节、中秋节')).toBe(8);
    expect(daysOff(2026, '春节')).toBe(9);
    expect(daysOff(2026, '国庆节')).toBe(7);
  });

  it('places the provisional 2027 days and their 补休 on the weekdays its comments claim', () => {
    const claimed: [string, number][] = [
      ['2027-01-01', 5], ['2027-02-05', 5], ['2027-02-08', 1], ['2027-02-09', 2], ['2027-02-10', 3],
      ['2027-04-05', 1], ['2027-05-01', 6], ['2027-05-03', 1], ['2027-05-04', 2], ['2027-06-09', 3],
      ['2027-09-15', 3], ['2027-10-01', 5], ['2027-10-04', 1], ['2027-10-05', 2],
    ];
    for (const [date, weekday] of claimed) expect([date, isoWeekdayOf(date)]).toEqual([date, weekday]);
  });

  it('flags 2027 as provisional, and only 2027', () => {
    for (const day of chinaPublicHolidayCalendar) {
      expect(day.provisional === true).toBe(day.date.startsWith('2027-'));
    }
  });
});
