// Request and response shapes of the retention-clock routes (/retention/clocks…, /cases/{id}/clock…).
import { z } from '@hono/zod-openapi';
import { ZRole } from '../../domain/policy';
import { ZId, ZIsoDateString, ZPageMeta, ZPageQuery, ZTimestamp } from './common.schemas';

export const CLOCK_STATUSES = ['ACTIVE', 'AWAITING_CHOICE', 'OUTCOME_PENDING', 'RETURNED', 'RESIGNED', 'TERMINATED'] as const;
export type TClockStatus = (typeof CLOCK_STATUSES)[number];
/** Statuses in which the clock still runs or waits for someone: the "open" clocks HR follows. */
export const OPEN_CLOCK_STATUSES: readonly TClockStatus[] = ['ACTIVE', 'AWAITING_CHOICE', 'OUTCOME_PENDING'];

export const CLOCK_SORTS = ['expiryDate', '-expiryDate', 'daysLeft', '-daysLeft'] as const;

const STATUS_LIST = new RegExp(`^(${CLOCK_STATUSES.join('|')})(,(${CLOCK_STATUSES.join('|')}))*$`);

/** Filters shared by the list, the CSV export and the .ics feed. */
export const ZClockFilters = z.object({
  status: z
    .string()
    .regex(STATUS_LIST, { error: `must be one or more of ${CLOCK_STATUSES.join(', ')}, separated by commas` })
    .optional()
    .openapi({ description: 'One status or several separated by commas, e.g. `ACTIVE,AWAITING_CHOICE`', example: 'ACTIVE' }),
  expiringWithinDays: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be at least 0' })
    .max(3650, { error: 'must be at most 3650' })
    .optional()
    .openapi({
      description:
        'Only clocks not yet closed (ACTIVE, AWAITING_CHOICE, OUTCOME_PENDING) whose expiry date is at most this many days ' +
        'from today (Asia/Shanghai), including clocks already expired and still undecided.',
    }),
  departmentId: ZId.optional().openapi({ description: 'The case’s department' }),
  sort: z
    .enum(CLOCK_SORTS, { error: `must be one of ${CLOCK_SORTS.join(', ')}` })
    .default('expiryDate')
    .openapi({ description: 'By expiry date (= by days left), ascending by default; a leading `-` sorts descending' }),
});
export type TClockFilters = z.infer<typeof ZClockFilters>;

export const ZClockListQuery = ZPageQuery.extend(ZClockFilters.shape);
export type TClockListQuery = z.infer<typeof ZClockListQuery>;

export const ZClockFeedQuery = ZClockFilters.extend({
  token: z.string().min(1).optional().openapi({ description: 'Your bearer token, for calendar apps that cannot send an Authorization header' }),
});

const ZClockTaskRef = z
  .object({
    id: z.uuid(),
    kind: z.enum(['APPROVAL', 'ESCALATION']),
    stepKey: z.string(),
    title: z.string(),
    candidateRole: ZRole.nullable(),
    dueAt: ZTimestamp.nullable(),
  })
  .openapi('ClockTaskRef');

export const ZRetentionClock = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    caseTitle: z.string(),
    researcher: z.object({ id: z.uuid(), name: z.string() }),
    department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    signingDate: ZIsoDateString,
    months: z.int(),
    expiryDate: ZIsoDateString.openapi({ description: 'Last day of the clock, Asia/Shanghai' }),
    daysLeft: z.int().nullable().openapi({ description: 'Days from today (Asia/Shanghai) to the expiry date: 0 on the day, negative after it; null once the clock is closed' }),
    status: z.enum(CLOCK_STATUSES),
    extensionsUsed: z.int(),
    profileVersion: z.int(),
    pendingRequest: z.enum(['EARLY_RETURN', 'EXTENSION', 'RESIGNATION']).nullable(),
    openTasks: z.array(ZClockTaskRef).openapi({ description: 'The clock’s open tasks (a pending request’s approval step, the outcome to record)' }),
    choice: z.enum(['RETURN', 'RESIGN']).nullable(),
    choiceDueOn: ZIsoDateString.nullable().openapi({ description: 'While AWAITING_CHOICE: the last day of the grace window' }),
    escalated: z.boolean(),
    outcome: z
      .object({ status: z.enum(['RETURNED', 'RESIGNED', 'TERMINATED']), reason: z.string().nullable(), byId: z.string(), on: ZIsoDateString })
      .nullable(),
    nextReminder: z
      .object({
        kind: z.string().openapi({ example: 'before-90d' }),
        offsetDays: z.int(),
        nominalDate: ZIsoDateString,
        sendOn: ZIsoDateString.openapi({ description: 'The nominal date, or the last working day before it' }),
        at: ZTimestamp,
      })
      .nullable()
      .openapi({ description: 'While ACTIVE: the next expiry reminder to HR and the researcher' }),
    annualReports: z.array(
      z.object({
        dueOn: ZIsoDateString,
        submittedAt: ZTimestamp.nullable(),
        documentId: z.string().nullable(),
        summary: z.string().nullable(),
        overdue: z.boolean(),
      }),
    ),
    version: z.int(),
    updatedAt: ZTimestamp,
  })
  .openapi('RetentionClock');
export type TRetentionClock = z.infer<typeof ZRetentionClock>;

export const ZRetentionClockList = z
  .object({
    items: z.array(ZRetentionClock),
    meta: ZPageMeta,
    today: ZIsoDateString.openapi({ description: 'The Asia/Shanghai date daysLeft counts from' }),
  })
  .openapi('RetentionClockList');

// ─── actions ──────────────────────────────────────────────────────────────────────────────

const reason = z.string({ error: 'must be text' }).trim().min(1, { error: 'is required' }).max(2000, { error: 'must be at most 2000 characters' });
const date = z.iso.date({ error: 'must be a date as YYYY-MM-DD' }).openapi({ example: '2027-03-01' });

export const ZEarlyReturnBody = z.object({ returnOn: date, reason }).openapi('EarlyReturnRequest');

export const ZExtensionBody = z
  .object({
    months: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(120, { error: 'must be at most 120' }),
    ventureProfitable: z.boolean({ error: 'must be true or false' }).openapi({ description: 'Whether the venture already makes a profit (some profiles extend only while it does not)' }),
    reason,
  })
  .openapi('ExtensionRequest');

export const ZResignationBody = z.object({ lastDay: date, reason }).openapi('ResignationRequest');

export const ZAnnualReportBody = z
  .object({
    dueOn: date.openapi({ description: 'The due date of the report being submitted (one of the clock’s annualReports)' }),
    summary: z.string({ error: 'must be text' }).trim().min(1, { error: 'is required' }).max(20_000, { error: 'must be at most 20000 characters' }),
    documentId: ZId.optional().openapi({ description: 'A document of this case holding the full report' }),
  })
  .openapi('AnnualReport');

export const ZChoiceBody = z
  .object({ choice: z.enum(['RETURN', 'RESIGN'], { error: 'must be RETURN or RESIGN' }) })
  .openapi('ExpiryChoice');

export const ZOutcomeBody = z
  .object({
    outcome: z.enum(['RETURNED', 'RESIGNED', 'TERMINATED'], { error: 'must be RETURNED, RESIGNED or TERMINATED' }),
    reason: reason.optional().openapi({ description: 'Required to terminate' }),
    on: date.optional().openapi({ description: 'The day it took effect (default: today, Asia/Shanghai)' }),
  })
  .openapi('ClockOutcome');

export const ZApplyProfileBody = z
  .object({ profileVersion: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }) })
  .openapi('ApplyProfile');
