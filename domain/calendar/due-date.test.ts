import { describe, expect, it } from 'vitest';
import { chinaPublicHolidayCalendar as calendar } from './china-public-holidays';
import { dueDate } from './due-date';

describe('dueDate', () => {
  it('counts an approval step of 5 working days across 国庆 2025', () => {
    expect(dueDate({ start: '2025-09-29', days: 5, dayKind: 'WORKING', calendar })).toBe('2025-10-13');
  });

  it('counts an approval step of 3 working days across 春节 2026', () => {
    expect(dueDate({ start: '2026-02-12', days: 3, dayKind: 'WORKING', calendar })).toBe('2026-02-24');
  });

  it('gives a 15-working-day publicity period more time than a 15-calendar-day one', () => {
    const start = '2025-09-26';
    expect(dueDate({ start, days: 15, dayKind: 'CALENDAR', calendar })).toBe('2025-10-11'); // 调休 Saturday: a working day
    expect(dueDate({ start, days: 15, dayKind: 'WORKING', calendar })).toBe('2025-10-23');
  });

  it('moves a calendar-day period ending in a holiday to the next working day (民法典 第二百零三条)', () => {
    expect(dueDate({ start: '2025-09-20', days: 15, dayKind: 'CALENDAR', calendar })).toBe('2025-10-09');
    expect(dueDate({ start: '2026-02-05', days: 15, dayKind: 'CALENDAR', calendar })).toBe('2026-02-24');
    expect(dueDate({ start: '2025-09-20', days: 15, dayKind: 'CALENDAR', calendar, calendarPeriodEnd: 'KEEP' })).toBe(
      '2025-10-05',
    );
  });

  it('moves a calendar-day period ending on an ordinary weekend to Monday', () => {
    expect(dueDate({ start: '2025-11-07', days: 15, dayKind: 'CALENDAR', calendar })).toBe('2025-11-24');
  });

  it('is due on the start day for zero days and refuses negative days', () => {
    expect(dueDate({ start: '2025-10-01', days: 0, dayKind: 'WORKING', calendar })).toBe('2025-10-01');
    expect(() => dueDate({ start: '2025-10-01', days: -1, dayKind: 'CALENDAR', calendar })).toThrow(/negative/);
  });
});
