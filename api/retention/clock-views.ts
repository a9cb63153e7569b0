// RetentionClock rows → API shapes, with what the row does not hold computed at read time:
// days left (Asia/Shanghai today), the next reminder (domain/retention with the clock's own
// profile version and the working-day calendar), the grace window's last day, the open tasks.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../../activities/infra/db';
import { addCalendarDays, compareIsoDates, type CalendarDay, type IsoDate } from '../../domain/calendar';
import { daysLeft, retentionReminders, type RetentionReminder } from '../../domain/retention';
import { FINAL_CLOCK_STATUSES, type RetentionRules } from '../../workflows/contracts/retention-clock';
import { iso, isoOrNull } from '../routes/common.schemas';
import type { TRetentionClock } from '../routes/retention.schemas';
import { loadRetentionRules, loadWorkingDayCalendar, rulesKey } from './retention-rules';

export const clockInclude = {
  case: {
    select: {
      reference: true,
      title: true,
      researcher: { select: { id: true, name: true } },
      department: { select: { id: true, name: true } },
    },
  },
} satisfies Prisma.RetentionClockInclude;

export type ClockRow = Prisma.RetentionClockGetPayload<{ include: typeof clockInclude }>;

/** A clock as the API shows it, with the rules it runs under (the .ics feed needs them). */
export interface ClockRecord {
  view: TRetentionClock;
  rules: RetentionRules;
}

export interface ClockReadContext {
  /** Asia/Shanghai date that days left count from. */
  today: IsoDate;
  now: number;
  calendar: CalendarDay[];
}

// The JSON columns as the clock's activity writes them; parsed leniently (a bad entry is dropped).
const ZStoredAnnualReport = z.object({
  dueOn: z.string(),
  submittedAt: z.number().nullable(),
  documentId: z.string().nullable(),
  summary: z.string().nullable(),
});
const ZStoredOutcome = z.object({
  status: z.enum(['RETURNED', 'RESIGNED', 'TERMINATED']),
  reason: z.string().nullable(),
  byId: z.string(),
  on: z.string(),
});

const isFinal = (status: string) => (FINAL_CLOCK_STATUSES as readonly string[]).includes(status);

/** Reminders of an ACTIVE clock still ahead of `now`, or (with `fromDate`) on or after that date. */
export function upcomingReminders(
  clock: { expiryDate: IsoDate; status: string },
  rules: RetentionRules,
  calendar: readonly CalendarDay[],
  after: { now: number } | { fromDate: IsoDate },
): RetentionReminder[] {
  if (clock.status !== 'ACTIVE') return [];
  return retentionReminders({ expiryDate: clock.expiryDate, offsetsDays: rules.reminderOffsetsDays, calendar }).filter((reminder) =>
    'now' in after ? reminder.sendAt > after.now : compareIsoDates(reminder.sendOn, after.fromDate) >= 0,
  );
}

/** While AWAITING_CHOICE: the last day of the grace window. */
export const choiceDueOn = (clock: { expiryDate: IsoDate; status: string }, rules: RetentionRules): IsoDate | null =>
  clock.status === 'AWAITING_CHOICE' ? addCalendarDays({ date: clock.expiryDate, days: rules.expiryGraceDays }) : null;

type OpenClockTask = Prisma.TaskGetPayload<{ select: { id: true; caseId: true; key: true; kind: true; stepKey: true; title: true; candidateRole: true; dueAt: true } }>;

function toClockView(row: ClockRow, rules: RetentionRules, tasks: OpenClockTask[], ctx: ClockReadContext): TRetentionClock {
  const final = isFinal(row.status);
  const next = upcomingReminders(row, rules, ctx.calendar, { now: ctx.now })[0];
  const reports = z.array(ZStoredAnnualReport).catch([]).parse(row.annualReports);
  const outcome = ZStoredOutcome.safeParse(row.outcome);
  return {
    caseId: row.caseId,
    reference: row.case.reference,
    caseTitle: row.case.title,
    researcher: row.case.researcher,
    department: row.case.department,
    signingDate: row.signingDate,
    months: row.months,
    expiryDate: row.expiryDate,
    daysLeft: final ? null : daysLeft({ expiryDate: row.expiryDate, today: ctx.today }),
    status: row.status,
    extensionsUsed: row.extensionsUsed,
    profileVersion: row.profileVersion,
    pendingRequest: row.pendingRequest === 'EARLY_RETURN' || row.pendingRequest === 'EXTENSION' || row.pendingRequest === 'RESIGNATION' ? row.pendingRequest : null,
    openTasks: tasks.map((task) => ({
      id: task.id,
      kind: task.kind === 'ESCALATION' ? 'ESCALATION' : 'APPROVAL',
      stepKey: task.stepKey,
      title: task.title,
      candidateRole: task.candidateRole,
      dueAt: isoOrNull(task.dueAt),
    })),
    choice: row.choice === 'RETURN' || row.choice === 'RESIGN' ? row.choice : null,
    choiceDueOn: choiceDueOn(row, rules),
    escalated: row.escalated,
    outcome: outcome.success ? outcome.data : null,
    nextReminder: next
      ? { kind: next.kind, offsetDays: next.offsetDays, nominalDate: next.nominalDate, sendOn: next.sendOn, at: new Date(next.sendAt).toISOString() }
      : null,
    annualReports: reports.map((report) => ({
      dueOn: report.dueOn,
      submittedAt: report.submittedAt === null ? null : new Date(report.submittedAt).toISOString(),
      documentId: report.documentId,
      summary: report.summary,
      overdue: !final && report.submittedAt === null && compareIsoDates(report.dueOn, ctx.today) < 0,
    })),
    version: row.version,
    updatedAt: iso(row.updatedAt),
  };
}

/** Clock tasks carry keys `<caseId>:clock:…` (see workflows/retention-clock). */
export const clockTaskKeyPrefix = (caseId: string) => `${caseId}:clock:`;

/** Views of the given rows, reading the calendar, the rules and the open tasks once for all. */
export async function toClockRecords(db: Db, rows: readonly ClockRow[], ctx: Omit<ClockReadContext, 'calendar'> & { calendar?: CalendarDay[] }): Promise<{ records: ClockRecord[]; calendar: CalendarDay[] }> {
  const [calendar, rules, tasks] = await Promise.all([
    ctx.calendar ?? loadWorkingDayCalendar(db),
    loadRetentionRules(db, rows),
    rows.length === 0
      ? Promise.resolve([] as OpenClockTask[])
      : db.task.findMany({
          where: { caseId: { in: rows.map((row) => row.caseId) }, state: { in: ['OPEN', 'CLAIMED'] }, key: { contains: ':clock:' } },
          select: { id: true, caseId: true, key: true, kind: true, stepKey: true, title: true, candidateRole: true, dueAt: true },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
  ]);
  const full: ClockReadContext = { ...ctx, calendar };
  const records = rows.map((row) => {
    const own = tasks.filter((task) => task.caseId === row.caseId && task.key.startsWith(clockTaskKeyPrefix(row.caseId)));
    const ruleSet = rules.get(rulesKey(row.institutionId, row.profileVersion))!;
    return { view: toClockView(row, ruleSet, own, full), rules: ruleSet };
  });
  return { records, calendar };
}
