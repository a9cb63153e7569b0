// The institution's retention clocks for the HR view, its CSV export and its .ics feed: one
// filter and sort for all three, views computed at read time (days left from today, Asia/Shanghai).
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../../activities/infra/db';
import { addCalendarDays, shanghaiDateOf, type CalendarDay } from '../../domain/calendar';
import { pageArgs, type TPageQuery } from '../routes/common.schemas';
import { OPEN_CLOCK_STATUSES, type TClockFilters, type TClockStatus } from '../routes/retention.schemas';
import { clockInclude, toClockRecords, type ClockRecord } from './clock-views';

export function clockWhere(institutionId: string, filters: TClockFilters, today: string): Prisma.RetentionClockWhereInput {
  const and: Prisma.RetentionClockWhereInput[] = [{ institutionId }];
  if (filters.status) and.push({ status: { in: filters.status.split(',') as TClockStatus[] } });
  if (filters.expiringWithinDays !== undefined) {
    // Not yet closed, expiring by then: this includes clocks already expired and undecided.
    and.push({ status: { in: [...OPEN_CLOCK_STATUSES] }, expiryDate: { lte: addCalendarDays({ date: today, days: filters.expiringWithinDays }) } });
  }
  if (filters.departmentId) and.push({ case: { departmentId: filters.departmentId } });
  return { AND: and };
}

/** Days left is the expiry date minus today, so both sorts are one order on expiryDate (YYYY-MM-DD sorts as a date). */
function clockOrder(sort: TClockFilters['sort']): Prisma.RetentionClockOrderByWithRelationInput[] {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  return [{ expiryDate: direction }, { case: { reference: 'asc' } }, { caseId: 'asc' }];
}

export interface FoundClocks {
  records: ClockRecord[];
  total: number;
  today: string;
  now: number;
  calendar: CalendarDay[];
}

/** One page of clocks when `page` is given, otherwise every clock that matches (exports). */
export async function findClocks(db: Db, institutionId: string, filters: TClockFilters, page?: TPageQuery, now = Date.now()): Promise<FoundClocks> {
  const today = shanghaiDateOf(now);
  const where = clockWhere(institutionId, filters, today);
  const [rows, total] = await db.$transaction([
    db.retentionClock.findMany({ where, include: clockInclude, orderBy: clockOrder(filters.sort), ...(page ? pageArgs(page) : {}) }),
    db.retentionClock.count({ where }),
  ]);
  const { records, calendar } = await toClockRecords(db, rows, { today, now });
  return { records, total, today, now, calendar };
}
