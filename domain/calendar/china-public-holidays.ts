import type { CalendarDay } from './calendar-day';
import { epochDayOf, isoDateOfEpochDay, type IsoDate } from './iso-date';

/**
 * Mainland China public holidays and 调休 make-up working days, as data.
 *
 * This is the seed for the editable calendar table: the app reads the calendar from the
 * database and passes it to the calendar functions, so an admin can add a year or correct a
 * day without a deploy. Each arrangement mirrors one line of the State Council notice:
 * the days off (inclusive range, weekends inside it included) and the weekend days that
 * become working days (上班).
 */
export interface HolidayArrangement {
  readonly name: string;
  /** First and last day off, inclusive. */
  readonly off: readonly [IsoDate, IsoDate];
  /** Weekend days worked to make up for weekdays taken off (调休上班). */
  readonly makeUpWorkdays?: readonly IsoDate[];
}

export interface PublicHolidaySchedule {
  readonly year: number;
  readonly source: string;
  /** True when the schedule is our estimate and has not been published officially. */
  readonly provisional: boolean;
  readonly arrangements: readonly HolidayArrangement[];
}

export const CHINA_PUBLIC_HOLIDAYS_2025: PublicHolidaySchedule = {
  year: 2025,
  source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）',
  provisional: false,
  arrangements: [
    { name: '元旦', off: ['2025-01-01', '2025-01-01'] },
    { name: '春节', off: ['2025-01-28', '2025-02-04'], makeUpWorkdays: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', off: ['2025-04-04', '2025-04-06'] },
    { name: '劳动节', off: ['2025-05-01', '2025-05-05'], makeUpWorkdays: ['2025-04-27'] },
    { name: '端午节', off: ['2025-05-31', '2025-06-02'] },
    { name: '国庆节、中秋节', off: ['2025-10-01', '2025-10-08'], makeUpWorkdays: ['2025-09-28', '2025-10-11'] },
  ],
};

export const CHINA_PUBLIC_HOLIDAYS_2026: PublicHolidaySchedule = {
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）',
  provisional: false,
  arrangements: [
    { name: '元旦', off: ['2026-01-01', '2026-01-03'], makeUpWorkdays: ['2026-01-04'] },
    { name: '春节', off: ['2026-02-15', '2026-02-23'], makeUpWorkdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', off: ['2026-04-04', '2026-04-06'] },
    { name: '劳动节', off: ['2026-05-01', '2026-05-05'], makeUpWorkdays: ['2026-05-09'] },
    { name: '端午节', off: ['2026-06-19', '2026-06-21'] },
    { name: '中秋节', off: ['2026-09-25', '2026-09-27'] },
    { name: '国庆节', off: ['2026-10-01', '2026-10-07'], makeUpWorkdays: ['2026-09-20', '2026-10-10'] },
  ],
};

/**
 * PROVISIONAL — an admin must confirm or replace this year once the State Council publishes
 * its notice (usually in November of the year before).
 *
 * Built only from what the law fixes: the statutory days of 《全国年节及纪念日放假办法》
 * (2024 revision: 元旦 1, 春节 4 = 除夕–初三, 清明 1, 劳动节 2 = 1–2 May, 端午 1, 中秋 1,
 * 国庆 3 = 1–3 Oct) on their 2027 dates (除夕 5 Feb, 清明 5 Apr, 端午 9 Jun, 中秋 15 Sep),
 * plus the substitute weekday off (补休) the law requires when a statutory day falls on a
 * weekend. The 调休 swaps and make-up weekend workdays of the real notice cannot be derived
 * and are not guessed, so expect the official holidays to be longer than these.
 */
export const CHINA_PUBLIC_HOLIDAYS_2027_PROVISIONAL: PublicHolidaySchedule = {
  year: 2027,
  source: 'Provisional: statutory days of 《全国年节及纪念日放假办法》 (2024 revision) with 补休; not an official notice',
  provisional: true,
  arrangements: [
    { name: '元旦', off: ['2027-01-01', '2027-01-01'] }, // Friday
    // 除夕 Fri 5 Feb – 初三 Mon 8 Feb; Sat/Sun inside it → 补休 Tue 9 and Wed 10 Feb.
    { name: '春节', off: ['2027-02-05', '2027-02-10'] },
    { name: '清明节', off: ['2027-04-05', '2027-04-05'] }, // Monday
    // 1–2 May are Sat/Sun → 补休 Mon 3 and Tue 4 May.
    { name: '劳动节', off: ['2027-05-01', '2027-05-04'] },
    { name: '端午节', off: ['2027-06-09', '2027-06-09'] }, // Wednesday
    { name: '中秋节', off: ['2027-09-15', '2027-09-15'] }, // Wednesday
    // 1 Oct is Friday; 2–3 Oct are Sat/Sun → 补休 Mon 4 and Tue 5 Oct.
    { name: '国庆节', off: ['2027-10-01', '2027-10-05'] },
  ],
};

export const CHINA_PUBLIC_HOLIDAY_SCHEDULES: readonly PublicHolidaySchedule[] = [
  CHINA_PUBLIC_HOLIDAYS_2025,
  CHINA_PUBLIC_HOLIDAYS_2026,
  CHINA_PUBLIC_HOLIDAYS_2027_PROVISIONAL,
];

/** Expands a schedule into the per-day overrides the calendar functions take. */
export function calendarDaysOfSchedule(schedule: PublicHolidaySchedule): CalendarDay[] {
  const provisional = schedule.provisional ? { provisional: true } : {};
  const days: CalendarDay[] = [];
  for (const arrangement of schedule.arrangements) {
    const [first, last] = arrangement.off;
    for (let epochDay = epochDayOf(first); epochDay <= epochDayOf(last); epochDay += 1) {
      days.push({ date: isoDateOfEpochDay(epochDay), kind: 'HOLIDAY', name: arrangement.name, ...provisional });
    }
    for (const date of arrangement.makeUpWorkdays ?? []) {
      days.push({ date, kind: 'WORKDAY', name: `${arrangement.name}调休上班`, ...provisional });
    }
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** All known years as one override list, the default seed for the calendar table. */
export const chinaPublicHolidayCalendar: readonly CalendarDay[] =
  CHINA_PUBLIC_HOLIDAY_SCHEDULES.flatMap(calendarDaysOfSchedule);
