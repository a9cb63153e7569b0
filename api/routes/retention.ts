// Retention clocks (人事关系保留期): HR's view of the institution's clocks (list, CSV export,
// iCalendar feed), a case's own clock, and the actions on it. Each action is an Update to the
// clock's workflow, whose validators refuse the wrong person (403), the wrong moment (409) and
// bad values (400); the workflow writes the read model before the update answers, so each
// answer reads the clock afresh from PostgreSQL.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../domain/errors';
import { ZPolicyProfile } from '../../domain/policy';
import {
  applyProfileUpdate,
  chooseAtExpiryUpdate,
  recordOutcomeUpdate,
  requestEarlyReturnUpdate,
  requestExtensionUpdate,
  resignUpdate,
  submitAnnualReportUpdate,
} from '../../workflows/contracts/retention-clock';
import { actorOf, requireRole } from '../auth/access';
import { authenticated } from '../auth/require-auth';
import type { AuthEnv } from '../deps';
import { errorResponses, fieldError } from '../errors';
import { requireClockViewer } from '../retention/access';
import { clockWorkflow, type ClockWorkflowHandle } from '../retention/clock-workflow';
import { clocksCsv } from '../retention/clocks-csv';
import { clocksIcs } from '../retention/clocks-ics';
import { feedAuthenticated } from '../retention/feed-auth';
import { RETENTION_CLOCKS_FEED } from '../retention/feed-tokens';
import { findClocks } from '../retention/find-clocks';
import { assertClockOpen, clockView, loadCaseClock } from '../retention/load-clock';
import { createRouter } from '../router';
import { ZIdParam } from './common.schemas';
import {
  ZAnnualReportBody,
  ZApplyProfileBody,
  ZChoiceBody,
  ZClockFeedQuery,
  ZClockFilters,
  ZClockListQuery,
  ZEarlyReturnBody,
  ZExtensionBody,
  ZOutcomeBody,
  ZResignationBody,
  ZRetentionClock,
  ZRetentionClockList,
} from './retention.schemas';
import { json, jsonBody } from './openapi-responses';

const tags = ['retention'];
const viewErrors = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };
const actionErrors = { ...viewErrors, 404: errorResponses[404], 409: errorResponses[409] };
const VIEWERS = 'HR officers, institution admins and leadership of the institution';

/** Loads the case's clock (visibility as GET /cases/{id}/clock), runs one update on it, answers the clock afresh. */
async function clockAction(c: Context<AuthEnv>, caseId: string, update: (handle: ClockWorkflowHandle, ctx: { caseRow: { institutionId: string; id: string } }) => Promise<unknown>) {
  const { db, temporal } = c.get('deps');
  const { caseRow, clock } = await loadCaseClock(db, c.get('me'), caseId);
  assertClockOpen(clock);
  await update(clockWorkflow(temporal, caseId), { caseRow });
  return c.json(await clockView(db, caseId), 200);
}

const actionRoute = <B extends z.ZodType>(path: string, summary: string, description: string, body: B) =>
  createRoute({
    method: 'post',
    path: `/cases/{id}/clock/${path}`,
    tags,
    summary,
    description,
    ...authenticated,
    request: { params: ZIdParam, body: jsonBody(body) },
    responses: { 200: json(ZRetentionClock, 'The clock after the change'), ...actionErrors },
  });

/** HR's view of the institution's clocks. */
export const retentionClocks = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/retention/clocks',
      tags,
      summary: 'The institution’s retention clocks, with days left (HR view)',
      description: `For ${VIEWERS}. Days left count from today in Asia/Shanghai. Sorted by expiry date, soonest first, unless \`sort\` says otherwise.`,
      ...authenticated,
      request: { query: ZClockListQuery },
      responses: { 200: json(ZRetentionClockList, 'One page of clocks'), ...viewErrors },
    }),
    async (c) => {
      const me = c.get('me');
      requireClockViewer(me);
      const { page, pageSize, ...filters } = c.req.valid('query');
      const found = await findClocks(c.get('deps').db, me.institutionId, filters, { page, pageSize });
      return c.json({ items: found.records.map((record) => record.view), meta: { page, pageSize, total: found.total }, today: found.today }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/retention/clocks.csv',
      tags,
      summary: 'The same clocks as CSV (Excel-ready)',
      description: `For ${VIEWERS}. Same filters and order as GET /retention/clocks, every matching clock (no paging). UTF-8 with a byte-order mark, a header row in Chinese and English, RFC 4180 quoting.`,
      ...authenticated,
      request: { query: ZClockFilters },
      responses: { 200: { description: 'The CSV file', content: { 'text/csv': { schema: z.string() } } }, ...viewErrors },
    }),
    async (c) => {
      const me = c.get('me');
      requireClockViewer(me);
      const found = await findClocks(c.get('deps').db, me.institutionId, c.req.valid('query'));
      return c.body(clocksCsv(found.records.map((record) => record.view)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="retention-clocks-${found.today}.csv"`,
        'cache-control': 'private, no-store',
      });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/retention/clocks.ics',
      tags,
      summary: 'Calendar feed (iCalendar) of expiry and reminder dates',
      description:
        `For ${VIEWERS}. Subscribe to it in a calendar app. For each clock not yet closed (of those the filters select): an all-day event ` +
        'on the expiry date, one per reminder still ahead on the day it goes out (a day off moves it to the previous working day), and ' +
        'while the researcher must choose, one on the last day of the grace window. UIDs are `<caseId>-<kind>@spinway` and stay put ' +
        'when a date moves.\n\n**Authentication:** calendar apps cannot send an Authorization header, so this route (and only this one) ' +
        'also accepts a credential as the query parameter `?token=`: a feed token from POST /retention/feed-tokens (long-lived, ' +
        'revocable; what a calendar subscription should use) or a bearer JWT (expires within the hour). A URL with a token in it is ' +
        'a credential: it ends up in logs and histories, so share it with no one, and revoke it when it is no longer needed.',
      ...feedAuthenticated(RETENTION_CLOCKS_FEED),
      request: { query: ZClockFeedQuery },
      responses: { 200: { description: 'The iCalendar feed (RFC 5545)', content: { 'text/calendar': { schema: z.string() } } }, ...viewErrors },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      requireClockViewer(me);
      const { token: _token, ...filters } = c.req.valid('query');
      const [found, institution] = await Promise.all([
        findClocks(db, me.institutionId, filters),
        db.institution.findUniqueOrThrow({ where: { id: me.institutionId }, select: { name: true } }),
      ]);
      const ics = clocksIcs({ records: found.records, calendar: found.calendar, today: found.today, institutionName: institution.name });
      return c.body(ics, 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="retention-clocks.ics"',
        'cache-control': 'private, no-store',
        // The URL may carry the token: do not send it on as a referrer.
        'referrer-policy': 'no-referrer',
      });
    },
  )
;

/** A case's own clock and the researcher's requests on it. */
export const caseClock = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}/clock',
      tags,
      summary: 'The retention clock of a case',
      description: `For the case’s researcher and ${VIEWERS}; other staff get 403, anyone who cannot see the case 404.`,
      ...authenticated,
      request: { params: ZIdParam },
      responses: { 200: json(ZRetentionClock, 'The clock'), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      await loadCaseClock(db, c.get('me'), id);
      return c.json(await clockView(db, id), 200);
    },
  )
  .openapi(
    actionRoute('early-return', 'Ask to return to post early (researcher)', 'Opens an approval task for HR; on approval the clock ends as RETURNED.', ZEarlyReturnBody),
    async (c) => {
      const { returnOn, reason } = c.req.valid('json');
      return clockAction(c, c.req.valid('param').id, (handle) =>
        handle.executeUpdate(requestEarlyReturnUpdate, { args: [{ actor: actorOf(c.get('me')), returnOn, reason }] }),
      );
    },
  )
  .openapi(
    actionRoute(
      'extension',
      'Ask to extend the retention period (researcher)',
      'Only where the clock’s policy profile allows it (count, months, venture not yet profitable: 409 NOT_ELIGIBLE otherwise); goes through the profile’s approval chain. On approval the expiry date moves and the reminders are rescheduled.',
      ZExtensionBody,
    ),
    async (c) => {
      const { months, ventureProfitable, reason } = c.req.valid('json');
      return clockAction(c, c.req.valid('param').id, (handle) =>
        handle.executeUpdate(requestExtensionUpdate, { args: [{ actor: actorOf(c.get('me')), months, ventureProfitable, reason }] }),
      );
    },
  )
  .openapi(
    actionRoute('resignation', 'Resign (researcher)', 'Opens a confirmation task for HR; once confirmed the clock ends as RESIGNED. Also open at expiry, during the grace window.', ZResignationBody),
    async (c) => {
      const { lastDay, reason } = c.req.valid('json');
      return clockAction(c, c.req.valid('param').id, (handle) => handle.executeUpdate(resignUpdate, { args: [{ actor: actorOf(c.get('me')), lastDay, reason }] }));
    },
  )
  .openapi(
    actionRoute('annual-reports', 'Submit an annual report (researcher)', 'For one of the clock’s annual reports (by its due date), optionally with a document of this case holding the full report.', ZAnnualReportBody),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const { dueOn, summary, documentId } = c.req.valid('json');
      return clockAction(c, id, async (handle) => {
        if (documentId) {
          const document = await db.document.findFirst({ where: { id: documentId, caseId: id }, select: { id: true } });
          if (!document) throw fieldError('documentId', `no document of this case has id ${documentId}`);
        }
        return handle.executeUpdate(submitAnnualReportUpdate, { args: [{ actor: actorOf(c.get('me')), dueOn, summary, ...(documentId ? { documentId } : {}) }] });
      });
    },
  )
;

/**
 * The clock's end: the researcher's choice at expiry, HR's outcome, an admin applying a newer
 * profile. (A router of its own: one chain of every clock route is past what TypeScript can type.)
 */
export const caseClockEnd = createRouter()
  .openapi(
    actionRoute('choice', 'Choose return or resignation at expiry (researcher)', 'Open once the clock has expired (AWAITING_CHOICE); HR then records the outcome.', ZChoiceBody),
    async (c) => {
      const { choice } = c.req.valid('json');
      return clockAction(c, c.req.valid('param').id, (handle) => handle.executeUpdate(chooseAtExpiryUpdate, { args: [{ actor: actorOf(c.get('me')), choice }] }));
    },
  )
  .openapi(
    actionRoute('outcome', 'Record the outcome (HR)', 'RETURNED, RESIGNED, or TERMINATED (reason required). Closes the clock and its open tasks; this is how the “record the outcome” inbox task is done.', ZOutcomeBody),
    async (c) => {
      const { outcome, reason, on } = c.req.valid('json');
      return clockAction(c, c.req.valid('param').id, (handle) =>
        handle.executeUpdate(recordOutcomeUpdate, { args: [{ actor: actorOf(c.get('me')), outcome, ...(reason ? { reason } : {}), ...(on ? { on } : {}) }] }),
      );
    },
  )
  .openapi(
    actionRoute(
      'apply-profile',
      'Apply a newer policy profile version to this clock (institution admin)',
      'Running clocks keep the profile version they started with; this moves one clock to a newer version of its institution’s profile (its retention rules: reminder offsets, extension, grace window). Recorded in the audit log.',
      ZApplyProfileBody,
    ),
    async (c) => {
      const { db } = c.get('deps');
      const me = c.get('me');
      requireRole(me, 'INSTITUTION_ADMIN', 'apply a policy profile to a retention clock');
      const { profileVersion } = c.req.valid('json');
      return clockAction(c, c.req.valid('param').id, async (handle, { caseRow }) => {
        const row = await db.policyProfile.findUnique({ where: { institutionId_version: { institutionId: caseRow.institutionId, version: profileVersion } }, select: { rules: true } });
        if (!row) throw fieldError('profileVersion', `the institution has no policy profile version ${profileVersion}`);
        const parsed = ZPolicyProfile.safeParse(row.rules);
        if (!parsed.success) throw new AppError('CONFLICT', `Policy profile version ${profileVersion} does not validate and cannot be applied: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return handle.executeUpdate(applyProfileUpdate, { args: [{ actor: actorOf(me), retention: parsed.data.retention, profileVersion }] });
      });
    },
  );

retentionClocks.openAPIRegistry.registerComponent('securitySchemes', 'feedToken', {
  type: 'apiKey',
  in: 'query',
  name: 'token',
  description: 'A feed token (`swf_…`, from POST /retention/feed-tokens) or the bearer JWT as `?token=`: accepted by GET /retention/clocks.ics only, for calendar apps that cannot send headers',
});
