// Retention clocks through the API, on the real stack: HR's list (sorted, filtered, days left
// from today in Shanghai), who may see what, the CSV export and the .ics feed parsed back, the
// feed's ?token=, and the actions reaching the clock's workflow (a request decided from HR's
// inbox ends in the read model), each refusal with nothing changed.
import type { WorkflowHandle } from '@temporalio/client';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addMonthsClamped, type IsoDate } from '../../domain/calendar';
import { defaultPolicyProfile } from '../../domain/policy';
import { retentionExpiryDate } from '../../domain/retention';
import { retentionClockWorkflowId, type RetentionClockInput } from '../../workflows/contracts/retention-clock';
import { retentionClockWorkflow } from '../../workflows/retention-clock';
import type { SeededInstitution, SeededPerson } from '../../prisma/factories';
import { startApiHarness, type ApiHarness } from '../support/api';

const DAY = 86_400_000;
let h: ApiHarness;
const started: WorkflowHandle[] = [];

beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  // The clocks would run for years: end them, so the shared dev server keeps no stray timers.
  await Promise.allSettled(started.map((handle) => handle.terminate('test over')));
  await h?.close();
});

// ─── dates, computed here independently of the API's code ─────────────────────────────────────

/** Today in Asia/Shanghai (UTC+8, no daylight saving). */
const shanghaiToday = (): IsoDate => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const epochDay = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY;
const plusDays = (date: IsoDate, days: number): IsoDate => new Date((epochDay(date) + days) * DAY).toISOString().slice(0, 10);
const weekday = (date: IsoDate) => new Date(`${date}T00:00:00Z`).getUTCDay();

// ─── fixtures: a signed LEAVE case row and its clock, started as the case workflow would ────────

interface Clock {
  caseId: string;
  reference: string;
  researcher: SeededPerson;
  signingDate: IsoDate;
  months: number;
  expiryDate: IsoDate;
}

/** Signing date for a clock of `months` that expires on `expiry` (or the nearest date the month arithmetic allows). */
const signingFor = (expiry: IsoDate, months: number) => addMonthsClamped(expiry, -months);

async function startClock(opts: { researcher?: SeededPerson; inst?: SeededInstitution; expiry: IsoDate; months?: number }): Promise<Clock> {
  const inst = opts.inst ?? h.a;
  const researcher = opts.researcher ?? inst.people.researcher;
  const months = opts.months ?? 36;
  const signingDate = signingFor(opts.expiry, months);
  const caseId = randomUUID();
  const reference = `SW-T-${caseId.slice(0, 8).toUpperCase()}`;
  await h.db.spinoutCase.create({
    data: {
      id: caseId,
      reference,
      institutionId: inst.institution.id,
      researcherId: researcher.id,
      departmentId: researcher.departmentId,
      policyProfileId: inst.profile.id,
      workflowId: `test-case-${caseId}`,
      status: 'SIGNED',
      mode: 'LEAVE',
      title: `量子传感 ${reference}`,
      request: {},
      signingDate,
    },
  });
  const rules = inst.profile.rules;
  const input: RetentionClockInput = {
    caseId,
    reference,
    institutionId: inst.institution.id,
    researcherId: researcher.id,
    signingDate,
    months,
    retention: rules.retention,
    extensionSteps: rules.approval.steps,
    dayKind: rules.approval.dayKind,
    profileVersion: inst.profile.version,
  };
  const handle = await h.temporal.workflow.start(retentionClockWorkflow, {
    workflowId: retentionClockWorkflowId(caseId),
    taskQueue: h.config.TEMPORAL_TASK_QUEUE,
    args: [input],
  });
  started.push(handle);
  const expiryDate = retentionExpiryDate({ signingDate, months });
  // The clock writes its read-model row; an already-expired one moves on to AWAITING_CHOICE.
  await vi.waitFor(
    async () => {
      const row = await h.db.retentionClock.findUnique({ where: { caseId } });
      if (!row) throw new Error('no clock row yet');
      if (expiryDate < shanghaiToday() && row.status === 'ACTIVE') throw new Error('not expired yet');
    },
    { timeout: 15_000, interval: 50 },
  );
  return { caseId, reference, researcher, signingDate, months, expiryDate };
}

/** The clock rows, tasks and audit entries: what a refused action must leave as it was. */
async function clockSnapshot() {
  const [clocks, tasks, audit] = await Promise.all([
    h.db.retentionClock.findMany({ orderBy: { caseId: 'asc' } }),
    h.db.task.findMany({ orderBy: { id: 'asc' } }),
    h.db.auditEntry.count(),
  ]);
  return { clocks, tasks, audit };
}

async function expectRefused(request: () => Promise<{ status: number; body: any }>, status: number, code?: string) {
  const before = await clockSnapshot();
  const res = await request();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  if (code) expect(res.body.error.code).toBe(code);
  expect(await clockSnapshot()).toEqual(before);
  return res;
}

const issuePaths = (res: { body: any }) => (res.body.error.details.issues as { path: string }[]).map((issue) => issue.path);

async function clockTask(caseId: string, kind: 'APPROVAL' | 'ESCALATION') {
  return vi.waitFor(
    async () => {
      const task = await h.db.task.findFirst({ where: { caseId, kind, state: { in: ['OPEN', 'CLAIMED'] } }, orderBy: { createdAt: 'desc' } });
      if (!task) throw new Error(`no open ${kind} task on ${caseId}`);
      return task;
    },
    { timeout: 15_000, interval: 50 },
  );
}

// ─── the HR view ───────────────────────────────────────────────────────────────────────────

let soon: Clock; // expires in 20 days
let later: Clock; // expires on a Sunday about 200 days ahead: every reminder still ahead
let expired: Clock; // expired 3 days ago, the researcher has not chosen yet
let elsewhere: Clock; // another department, in 400 days
let otherInstitution: Clock; // institution B

/** The first Sunday on or after `from`. */
const sundayFrom = (from: IsoDate) => {
  let date = from;
  // (Not a 29 February: a 12-month clock cannot end on one it did not start from.)
  while (weekday(date) !== 0 || date.endsWith('-02-29')) date = plusDays(date, 1);
  return date;
};

describe('the HR view of retention clocks', () => {
  beforeAll(async () => {
    const today = shanghaiToday();
    [soon, later, expired, elsewhere, otherInstitution] = await Promise.all([
      startClock({ expiry: plusDays(today, 20) }),
      startClock({ expiry: sundayFrom(plusDays(today, 200)), months: 12 }),
      startClock({ expiry: plusDays(today, -3), months: 12 }),
      startClock({ researcher: h.a.people.otherResearcher, expiry: plusDays(today, 400) }),
      startClock({ inst: h.b, expiry: plusDays(today, 10) }),
    ]);
  });

  it('lists the institution’s clocks, soonest expiry first, with days left from today in Shanghai', async () => {
    const today = shanghaiToday();
    const res = await h.call('GET', '/retention/clocks?pageSize=100', { as: h.a.people.hr });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.today).toBe(today);
    const ids = res.body.items.map((item: any) => item.caseId);
    expect(ids).toEqual([expired, soon, later, elsewhere].map((clock) => clock.caseId));
    expect(ids).not.toContain(otherInstitution.caseId);
    expect(res.body.meta).toEqual({ page: 1, pageSize: 100, total: 4 });
    for (const clock of [soon, later, expired, elsewhere]) {
      const item = res.body.items.find((entry: any) => entry.caseId === clock.caseId);
      expect(item.expiryDate).toBe(clock.expiryDate);
      expect(item.daysLeft).toBe(epochDay(clock.expiryDate) - epochDay(today));
    }

    const item = res.body.items.find((entry: any) => entry.caseId === soon.caseId);
    expect(item).toMatchObject({
      reference: soon.reference,
      researcher: { id: h.a.people.researcher.id, name: '张明远' },
      department: { id: h.a.departments.main.id, name: h.a.departments.main.name },
      signingDate: soon.signingDate,
      months: 36,
      status: 'ACTIVE',
      pendingRequest: null,
      openTasks: [],
      profileVersion: 1,
      // 180, 90 and 30 days before are past; 7 days before falls on a working day or just before.
      nextReminder: { kind: 'before-7d', offsetDays: 7, nominalDate: plusDays(soon.expiryDate, -7) },
    });
    expect(item.nextReminder.sendOn <= item.nextReminder.nominalDate).toBe(true);
    expect(item.nextReminder.at).toBe(new Date(Date.parse(`${item.nextReminder.sendOn}T09:00:00+08:00`)).toISOString());
    // Three anniversaries; the first two are past and not submitted.
    expect(item.annualReports.map((report: any) => [report.dueOn, report.overdue])).toEqual([
      [addMonthsClamped(soon.signingDate, 12), true],
      [addMonthsClamped(soon.signingDate, 24), true],
      [addMonthsClamped(soon.signingDate, 36), false],
    ]);
    const waiting = res.body.items.find((entry: any) => entry.caseId === expired.caseId);
    expect(waiting).toMatchObject({ status: 'AWAITING_CHOICE', nextReminder: null, choiceDueOn: plusDays(expired.expiryDate, 30) });
  });

  it('sorts descending on request, pages, and names bad parameters', async () => {
    const hr = h.a.people.hr;
    const desc = await h.call('GET', '/retention/clocks?sort=-expiryDate', { as: hr });
    expect(desc.body.items.map((item: any) => item.caseId)).toEqual([elsewhere, later, soon, expired].map((clock) => clock.caseId));
    const byDaysLeft = await h.call('GET', '/retention/clocks?sort=daysLeft', { as: hr });
    expect(byDaysLeft.body.items.map((item: any) => item.caseId)).toEqual([expired, soon, later, elsewhere].map((clock) => clock.caseId));

    const page2 = await h.call('GET', '/retention/clocks?pageSize=2&page=2', { as: hr });
    expect(page2.body.meta).toEqual({ page: 2, pageSize: 2, total: 4 });
    expect(page2.body.items.map((item: any) => item.caseId)).toEqual([later.caseId, elsewhere.caseId]);

    const bad = await h.call('GET', '/retention/clocks?status=LUNCH&expiringWithinDays=-1&sort=name&departmentId=x&pageSize=500', { as: hr });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(issuePaths(bad).sort()).toEqual(['departmentId', 'expiringWithinDays', 'pageSize', 'sort', 'status']);
  });

  it('filters by expiring within N days (expired and undecided included), status and department', async () => {
    const hr = h.a.people.hr;
    const ids = async (query: string) => {
      const res = await h.call('GET', `/retention/clocks${query}`, { as: hr });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((item: any) => item.caseId);
    };
    expect(await ids('?expiringWithinDays=30')).toEqual([expired.caseId, soon.caseId]);
    expect(await ids('?expiringWithinDays=0')).toEqual([expired.caseId]);
    expect(await ids('?expiringWithinDays=365')).toEqual([expired.caseId, soon.caseId, later.caseId]);
    expect(await ids('?status=AWAITING_CHOICE')).toEqual([expired.caseId]);
    expect(await ids('?status=ACTIVE&expiringWithinDays=30')).toEqual([soon.caseId]);
    expect(await ids('?status=ACTIVE,AWAITING_CHOICE&sort=-daysLeft')).toEqual([elsewhere, later, soon, expired].map((clock) => clock.caseId));
    expect(await ids(`?departmentId=${h.a.departments.other.id}`)).toEqual([elsewhere.caseId]);
    expect(await ids('?status=RETURNED')).toEqual([]);
  });

  it('is for HR, admins and leadership of the institution; a researcher sees only their own clock', async () => {
    const { researcher, otherResearcher, tto, deptHead, finance, hr, admin, leadership } = h.a.people;
    for (const person of [admin, leadership]) {
      expect((await h.call('GET', '/retention/clocks', { as: person })).body.meta.total, person.email).toBe(4);
    }
    for (const person of [researcher, tto, deptHead, finance]) {
      const res = await h.call('GET', '/retention/clocks', { as: person });
      expect(res.status, person.email).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await h.call('GET', '/retention/clocks.csv', { as: person })).status, person.email).toBe(403);
    }
    expect((await h.call('GET', '/retention/clocks')).status).toBe(401);
    // Institution B's HR sees B's clock only.
    const b = await h.call('GET', '/retention/clocks', { as: h.b.people.hr });
    expect(b.body.items.map((item: any) => item.caseId)).toEqual([otherInstitution.caseId]);

    // A case's own clock: its researcher and the viewers; other staff 403; anyone else 404.
    const own = await h.call('GET', `/cases/${soon.caseId}/clock`, { as: researcher });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ caseId: soon.caseId, status: 'ACTIVE', expiryDate: soon.expiryDate, daysLeft: 20 });
    expect((await h.call('GET', `/cases/${soon.caseId}/clock`, { as: hr })).status).toBe(200);
    expect((await h.call('GET', `/cases/${soon.caseId}/clock`, { as: otherResearcher })).status).toBe(404);
    expect((await h.call('GET', `/cases/${soon.caseId}/clock`, { as: h.b.people.hr })).status).toBe(404);
    expect((await h.call('GET', `/cases/${otherInstitution.caseId}/clock`, { as: hr })).status).toBe(404);
    expect((await h.call('GET', `/cases/${soon.caseId}/clock`, { as: tto })).status).toBe(403);
    expect((await h.call('GET', `/cases/${randomUUID()}/clock`, { as: hr })).status).toBe(404);
    expect((await h.call('GET', '/cases/not-a-uuid/clock', { as: hr })).status).toBe(400);

    // Acting on a clock one cannot see is 404, and changes nothing.
    await expectRefused(() => h.call('POST', `/cases/${soon.caseId}/clock/early-return`, { as: otherResearcher, json: { returnOn: plusDays(shanghaiToday(), 5), reason: 'x' } }), 404, 'NOT_FOUND');
    await expectRefused(() => h.call('POST', `/cases/${soon.caseId}/clock/outcome`, { as: h.b.people.hr, json: { outcome: 'RETURNED' } }), 404, 'NOT_FOUND');
    // Seeing the case is not enough to act on the clock.
    await expectRefused(() => h.call('POST', `/cases/${soon.caseId}/clock/early-return`, { as: hr, json: { returnOn: plusDays(shanghaiToday(), 5), reason: 'x' } }), 403, 'FORBIDDEN');
    await expectRefused(() => h.call('POST', `/cases/${soon.caseId}/clock/outcome`, { as: tto, json: { outcome: 'RETURNED' } }), 403, 'FORBIDDEN');
  });

  it('exports the same clocks as CSV that Excel reads: BOM, header row, quoting, no formulas', async () => {
    // A name with a comma, a quote and a leading "=" to check quoting and formula escaping.
    const tricky = await h.db.person.create({
      data: { institutionId: h.a.institution.id, departmentId: h.a.departments.main.id, name: '=HYPERLINK("x"),李"四"', email: `tricky-${randomUUID()}@zju.edu.cn`, roles: ['RESEARCHER'] },
    });
    const trickyClock = await startClock({ researcher: { id: tricky.id, name: tricky.name, email: tricky.email, roles: ['RESEARCHER'], departmentId: h.a.departments.main.id, institutionId: h.a.institution.id }, expiry: plusDays(shanghaiToday(), 25) });

    const res = await h.call('GET', '/retention/clocks.csv?expiringWithinDays=30', { as: h.a.people.hr });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="retention-clocks-\d{4}-\d{2}-\d{2}\.csv"$/);
    // The bytes as sent (a Response's text() would drop the byte-order mark).
    const raw = await h.app.request('/retention/clocks.csv?expiringWithinDays=30', { headers: { authorization: `Bearer ${await h.token(h.a.people.hr)}` } });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).slice(1);
    expect(text).toBe(res.body);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // records end in CRLF (no field here holds a line break)
    const rows: string[][] = parseCsv(text, { relax_column_count: false });
    const [header, ...records] = rows;
    expect(header).toContain('案件编号 Reference');
    expect(header).toContain('剩余天数 Days left');
    const col = (name: string) => header!.indexOf(name);
    expect(records.map((row) => row[col('案件 ID Case id')])).toEqual([expired.caseId, soon.caseId, trickyClock.caseId]);

    const list = await h.call('GET', '/retention/clocks?expiringWithinDays=30', { as: h.a.people.hr });
    list.body.items.forEach((item: any, index: number) => {
      const row = records[index]!;
      expect(row[col('案件编号 Reference')]).toBe(item.reference);
      expect(row[col('届满日 Expiry date')]).toBe(item.expiryDate);
      expect(row[col('剩余天数 Days left')]).toBe(String(item.daysLeft));
      expect(row[col('状态 Status')]).toBe(item.status);
      expect(row[col('院系 Department')]).toBe('材料科学与工程学院');
    });
    expect(records[1]![col('研究人员 Researcher')]).toBe('张明远');
    expect(records[1]![col('下次提醒 Next reminder')]).toBe('before-7d');
    expect(records[1]![col('年度报告已交/应交 Annual reports submitted/due')]).toBe('0/3');
    expect(records[2]![col('研究人员 Researcher')]).toBe(`'=HYPERLINK("x"),李"四"`);

  });
});

// ─── the calendar feed ─────────────────────────────────────────────────────────────────────

interface ParsedEvent { uid: string; start: string; end: string; allDay: boolean; summary: string; description: string; dtstamp: string | null }

function parseIcs(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const stamp = vevent.getFirstPropertyValue('dtstamp');
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate,
      summary: event.summary,
      description: event.description,
      dtstamp: stamp ? String(stamp) : null,
    };
  });
}

describe('GET /retention/clocks.ics', () => {
  let calendarDays: Map<IsoDate, 'HOLIDAY' | 'WORKDAY'>;
  /** Monday–Friday unless the calendar table says otherwise: the rule, restated here. */
  const isWorking = (date: IsoDate) => {
    const kind = calendarDays.get(date);
    return kind ? kind === 'WORKDAY' : weekday(date) >= 1 && weekday(date) <= 5;
  };
  beforeAll(async () => {
    calendarDays = new Map((await h.db.calendarDay.findMany()).map((day) => [day.date, day.kind]));
  });

  it('holds each open clock’s expiry and upcoming reminders as all-day events, reminders on the previous working day', async () => {
    const res = await feed();
    expect(res.status, String(res.body)).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const events = parseIcs(res.body as string);
    const ofClock = (clock: Clock) => events.filter((event) => event.uid.startsWith(`${clock.caseId}-`));

    // Every event: all-day, one day long, stamped.
    for (const event of events) {
      expect(event.allDay, event.uid).toBe(true);
      expect(event.end).toBe(plusDays(event.start, 1));
      expect(event.dtstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(event.uid).toMatch(/^[0-9a-f-]{36}-[a-z0-9-]+@spinway$/);
    }
    expect(events.some((event) => event.uid.startsWith(otherInstitution.caseId))).toBe(false);

    // The clock ~200 days out: the expiry and all five reminders (180, 90, 30, 7 days before, and on the day).
    const laterEvents = ofClock(later);
    expect(laterEvents.map((event) => event.uid).sort()).toEqual(
      ['expiry', 'reminder-before-180d', 'reminder-before-90d', 'reminder-before-30d', 'reminder-before-7d', 'reminder-expiry'].map((kind) => `${later.caseId}-${kind}@spinway`).sort(),
    );
    const expiryEvent = laterEvents.find((event) => event.uid === `${later.caseId}-expiry@spinway`)!;
    expect(expiryEvent.start).toBe(later.expiryDate);
    expect(expiryEvent.summary).toContain('人事关系保留期届满');
    expect(expiryEvent.summary).toContain('Retention period ends');
    expect(expiryEvent.summary).toContain(later.reference);
    expect(expiryEvent.description).toContain(`届满日 Expiry: ${later.expiryDate}`);
    for (const event of laterEvents.filter((e) => e.uid.includes('-reminder-'))) {
      const offset = /-reminder-before-(\d+)d@/.exec(event.uid)?.[1];
      const nominal = plusDays(later.expiryDate, -Number(offset ?? 0));
      // The previous-working-day rule: on the nominal day if it is a working day, else the last working day before it.
      expect(event.start <= nominal, event.uid).toBe(true);
      expect(isWorking(event.start), `${event.uid} on ${event.start}`).toBe(true);
      for (let day = plusDays(event.start, 1); day <= nominal; day = plusDays(day, 1)) expect(isWorking(day), `${event.uid}: ${day}`).toBe(false);
    }
    // The expiry is a Sunday: its reminder goes out before the weekend.
    expect(weekday(later.expiryDate)).toBe(0);
    const onTheDay = laterEvents.find((event) => event.uid === `${later.caseId}-reminder-expiry@spinway`)!;
    expect(epochDay(later.expiryDate) - epochDay(onTheDay.start)).toBeGreaterThanOrEqual(2);

    // 20 days out: only the reminders still ahead.
    expect(ofClock(soon).map((event) => event.uid).sort()).toEqual([`${soon.caseId}-expiry@spinway`, `${soon.caseId}-reminder-before-7d@spinway`, `${soon.caseId}-reminder-expiry@spinway`].sort());
    // Expired and waiting for the researcher's choice: the expiry and the last day to choose.
    expect(ofClock(expired).map((event) => [event.uid, event.start])).toEqual([
      [`${expired.caseId}-expiry@spinway`, expired.expiryDate],
      [`${expired.caseId}-choice-due@spinway`, plusDays(expired.expiryDate, 30)],
    ]);
    // Filters apply: one department's clocks only.
    const other = parseIcs((await feed(`?departmentId=${h.a.departments.other.id}`)).body as string);
    expect(new Set(other.map((event) => event.uid.slice(0, 36)))).toEqual(new Set([elsewhere.caseId]));
  });

  it('is well-formed RFC 5545 text: CRLF lines folded at 75 octets, TEXT escaped', async () => {
    const person = await h.db.person.create({
      data: { institutionId: h.a.institution.id, departmentId: h.a.departments.main.id, name: '王五, 博士; 教授\\', email: `comma-${randomUUID()}@zju.edu.cn`, roles: ['RESEARCHER'] },
    });
    const clock = await startClock({ researcher: { id: person.id, name: person.name, email: person.email, roles: ['RESEARCHER'], departmentId: h.a.departments.main.id, institutionId: h.a.institution.id }, expiry: plusDays(shanghaiToday(), 50) });
    const text = (await feed()).body as string;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true); // long Chinese summaries are folded
    // Unfolded, the escapes are there, and the parser gives the name back as it was.
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('王五\\, 博士\\; 教授\\\\');
    const events = parseIcs(text).filter((event) => event.uid.startsWith(clock.caseId));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.summary).toContain('王五, 博士; 教授\\');
    expect(events[0]!.description.split('\n').length).toBeGreaterThan(3);

  });

  it('takes the token as ?token= (calendar apps send no headers); a bad or missing token is 401', async () => {
    const token = await h.token(h.a.people.hr);
    const viaQuery = await h.call('GET', `/retention/clocks.ics?token=${encodeURIComponent(token)}`);
    expect(viaQuery.status).toBe(200);
    expect(parseIcs(viaQuery.body as string).length).toBeGreaterThan(0);

    const bad = await h.call('GET', '/retention/clocks.ics?token=not-a-jwt');
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('UNAUTHENTICATED');
    expect(bad.headers.get('www-authenticate')).toBe('Bearer');
    expect((await h.call('GET', '/retention/clocks.ics')).status).toBe(401);
    // A valid token of someone who is not a viewer: 403.
    const researcherToken = await h.token(h.a.people.researcher);
    expect((await h.call('GET', `/retention/clocks.ics?token=${researcherToken}`)).status).toBe(403);
    // Only the feed takes a token in the URL.
    expect((await h.call('GET', `/retention/clocks?token=${token}`)).status).toBe(401);
    expect((await h.call('GET', `/retention/clocks.csv?token=${token}`)).status).toBe(401);

    const doc = await h.call('GET', '/openapi.json');
    expect(doc.body.components.securitySchemes.feedToken).toMatchObject({ type: 'apiKey', in: 'query', name: 'token' });
    expect(doc.body.paths['/retention/clocks.ics'].get.description).toContain('?token=');
  });

  it('opens with a long-lived feed token made for a calendar app, until it is revoked or its person loses the role', async () => {
    const { hr, researcher } = h.a.people;
    expect((await h.call('POST', '/retention/feed-tokens', { as: researcher, json: {} })).status).toBe(403);
    const made = await h.call('POST', '/retention/feed-tokens', { as: hr, json: { label: 'Outlook' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ feed: 'RETENTION_CLOCKS', label: 'Outlook', revokedAt: null });
    expect(made.body.token).toMatch(/^swf_[A-Za-z0-9_-]{43}$/);
    const url = new URL(made.body.url);
    expect(url.pathname).toBe('/retention/clocks.ics');
    expect(url.searchParams.get('token')).toBe(made.body.token);
    // Only the hash is kept.
    const stored = await h.db.feedToken.findUniqueOrThrow({ where: { id: made.body.id } });
    expect(stored.tokenHash).not.toContain(made.body.token);
    expect(JSON.stringify(stored)).not.toContain(made.body.token.slice(4));

    const viaFeedToken = await h.call('GET', `${url.pathname}${url.search}`);
    expect(viaFeedToken.status).toBe(200);
    expect(parseIcs(viaFeedToken.body as string).length).toBe(parseIcs((await feed()).body as string).length);
    expect((await h.db.feedToken.findUniqueOrThrow({ where: { id: made.body.id } })).lastUsedAt).not.toBeNull();
    // A feed token opens the feed, nothing else.
    expect((await h.call('GET', '/retention/clocks', { as: { token: made.body.token } })).status).toBe(401);
    expect((await h.call('GET', `/retention/clocks.ics?token=swf_${'x'.repeat(43)}`)).status).toBe(401);

    const listed = await h.call('GET', '/retention/feed-tokens', { as: hr });
    expect(listed.body.items.map((item: any) => item.id)).toContain(made.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
    expect((await h.call('DELETE', `/retention/feed-tokens/${made.body.id}`, { as: h.a.people.admin })).status).toBe(404);

    // Acts as its person now: without the HR role the feed is refused, with it back it opens again.
    await h.db.person.update({ where: { id: hr.id }, data: { roles: ['RESEARCHER'] } });
    try {
      expect((await h.call('GET', `${url.pathname}${url.search}`)).status).toBe(403);
    } finally {
      await h.db.person.update({ where: { id: hr.id }, data: { roles: hr.roles } });
    }
    expect((await h.call('GET', `${url.pathname}${url.search}`)).status).toBe(200);

    const revoked = await h.call('DELETE', `/retention/feed-tokens/${made.body.id}`, { as: hr });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await h.call('GET', `${url.pathname}${url.search}`);
    expect(after.status).toBe(401);
    expect(after.body.error.message).toContain('revoked');
    const audit = await h.db.auditEntry.findMany({ where: { entityType: 'FeedToken', entityId: made.body.id }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual(['feed-token.created', 'feed-token.revoked']);
  });
});

// ─── actions ───────────────────────────────────────────────────────────────────────────────

describe('actions on a clock', () => {
  it('early return: the researcher asks, HR decides from the inbox, the read model says RETURNED', async () => {
    const { researcher, hr } = h.a.people;
    const clock = await startClock({ expiry: plusDays(shanghaiToday(), 300) });
    const returnOn = plusDays(shanghaiToday(), 10);
    const asked = await h.call('POST', `/cases/${clock.caseId}/clock/early-return`, { as: researcher, json: { returnOn, reason: '项目结题，提前返岗' } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body).toMatchObject({ caseId: clock.caseId, status: 'ACTIVE', pendingRequest: 'EARLY_RETURN' });

    const task = await clockTask(clock.caseId, 'APPROVAL');
    expect(task).toMatchObject({ candidateRole: 'HR_OFFICER', state: 'OPEN' });
    expect(task.key.startsWith(`${clock.caseId}:clock:`)).toBe(true);
    const inbox = await h.call('GET', '/tasks/inbox?pageSize=100', { as: hr });
    expect(inbox.body.items.map((item: any) => item.id)).toContain(task.id);
    const view = await h.call('GET', `/cases/${clock.caseId}/clock`, { as: hr });
    expect(view.body.openTasks).toEqual([expect.objectContaining({ id: task.id, kind: 'APPROVAL', candidateRole: 'HR_OFFICER' })]);

    // A second request while one is pending: 409; the researcher cannot decide their own; RETURN is no answer here.
    await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/resignation`, { as: researcher, json: { lastDay: returnOn, reason: 'x' } }), 409, 'CONFLICT');
    await expectRefused(() => h.call('POST', `/tasks/${task.id}/decide`, { as: researcher, json: { decision: 'APPROVE' } }), 403, 'NOT_ASSIGNEE');
    const wrong = await expectRefused(() => h.call('POST', `/tasks/${task.id}/decide`, { as: hr, json: { decision: 'RETURN', comment: 'x' } }), 400, 'VALIDATION_FAILED');
    expect(issuePaths(wrong)).toEqual(['decision']);
    const noReason = await expectRefused(() => h.call('POST', `/tasks/${task.id}/decide`, { as: hr, json: { decision: 'REJECT' } }), 400, 'VALIDATION_FAILED');
    expect(issuePaths(noReason)).toEqual(['comment']);
    await expectRefused(() => h.call('POST', `/tasks/${task.id}/claim`, { as: hr }), 409, 'WRONG_STEP');
    await expectRefused(() => h.call('POST', `/tasks/${task.id}/delegate`, { as: hr, json: { deputyId: h.a.people.hr.id } }), 409, 'WRONG_STEP');

    const decided = await h.call('POST', `/tasks/${task.id}/decide`, { as: hr, json: { decision: 'APPROVE', comment: '同意' } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.task).toMatchObject({ id: task.id, state: 'DONE', decision: 'APPROVE', decidedById: hr.id });

    const row = await h.db.retentionClock.findUniqueOrThrow({ where: { caseId: clock.caseId } });
    expect(row).toMatchObject({ status: 'RETURNED', pendingRequest: null });
    const after = await h.call('GET', `/cases/${clock.caseId}/clock`, { as: researcher });
    expect(after.body).toMatchObject({ status: 'RETURNED', daysLeft: null, nextReminder: null, openTasks: [], outcome: { status: 'RETURNED', on: returnOn, byId: hr.id } });
    // Closed: no more actions, no more events in the feed, and the decided task stays decided.
    await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/extension`, { as: researcher, json: { months: 6, ventureProfitable: false, reason: 'x' } }), 409, 'INVALID_TRANSITION');
    await expectRefused(() => h.call('POST', `/tasks/${task.id}/decide`, { as: hr, json: { decision: 'APPROVE' } }), 409, 'ALREADY_DECIDED');
    const events = parseIcs((await feed()).body as string);
    expect(events.some((event) => event.uid.startsWith(clock.caseId))).toBe(false);
    const returned = await h.call('GET', '/retention/clocks?status=RETURNED', { as: hr });
    expect(returned.body.items.map((item: any) => item.caseId)).toEqual([clock.caseId]);
  });

  it('extension: refused when the venture is profitable; otherwise goes to the chain, and a refusal leaves the clock as it was', async () => {
    const { researcher, deptHead } = h.a.people;
    const clock = await startClock({ expiry: plusDays(shanghaiToday(), 120) });
    const notEligible = await expectRefused(
      () => h.call('POST', `/cases/${clock.caseId}/clock/extension`, { as: researcher, json: { months: 12, ventureProfitable: true, reason: '继续孵化' } }),
      409,
      'NOT_ELIGIBLE',
    );
    expect(notEligible.body.error.message).toMatch(/not yet profitable/);

    const asked = await h.call('POST', `/cases/${clock.caseId}/clock/extension`, { as: researcher, json: { months: 12, ventureProfitable: false, reason: '企业尚未盈利' } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.pendingRequest).toBe('EXTENSION');
    const task = await clockTask(clock.caseId, 'APPROVAL');
    expect(task.candidateRole).toBe(defaultPolicyProfile.approval.steps[0]!.role);
    const refused = await h.call('POST', `/tasks/${task.id}/decide`, { as: deptHead, json: { decision: 'REJECT', comment: '理由不充分' } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    const view = await h.call('GET', `/cases/${clock.caseId}/clock`, { as: researcher });
    expect(view.body).toMatchObject({ status: 'ACTIVE', pendingRequest: null, expiryDate: clock.expiryDate, extensionsUsed: 0, openTasks: [] });
  });

  it('at expiry: the researcher chooses, the outcome task points HR to /clock/outcome, HR records it', async () => {
    const { researcher, hr } = h.a.people;
    const clock = await startClock({ expiry: plusDays(shanghaiToday(), -1), months: 12 });
    const chosen = await h.call('POST', `/cases/${clock.caseId}/clock/choice`, { as: researcher, json: { choice: 'RESIGN' } });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body).toMatchObject({ status: 'OUTCOME_PENDING', choice: 'RESIGN' });
    const task = await clockTask(clock.caseId, 'ESCALATION');
    const viaInbox = await expectRefused(() => h.call('POST', `/tasks/${task.id}/decide`, { as: hr, json: { decision: 'APPROVE' } }), 409, 'WRONG_STEP');
    expect(viaInbox.body.error.details.path).toBe(`/cases/${clock.caseId}/clock/outcome`);

    await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/outcome`, { as: researcher, json: { outcome: 'RESIGNED' } }), 403, 'FORBIDDEN');
    const noReason = await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/outcome`, { as: hr, json: { outcome: 'TERMINATED' } }), 400, 'VALIDATION_FAILED');
    expect(issuePaths(noReason)).toEqual(['reason']);
    const lastDay = plusDays(shanghaiToday(), -1);
    const recorded = await h.call('POST', `/cases/${clock.caseId}/clock/outcome`, { as: hr, json: { outcome: 'RESIGNED', on: lastDay } });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'RESIGNED', outcome: { status: 'RESIGNED', on: lastDay, byId: hr.id }, openTasks: [] });
    expect(await h.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ state: 'CANCELLED' });
  });

  it('annual report: the researcher submits one that is due, with a document of the case only', async () => {
    const { researcher } = h.a.people;
    const clock = await startClock({ expiry: plusDays(shanghaiToday(), 100) });
    const dueOn = addMonthsClamped(clock.signingDate, 12);
    const badDoc = await expectRefused(
      () => h.call('POST', `/cases/${clock.caseId}/clock/annual-reports`, { as: researcher, json: { dueOn, summary: '营收 120 万元', documentId: randomUUID() } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuePaths(badDoc)).toEqual(['documentId']);
    const res = await h.call('POST', `/cases/${clock.caseId}/clock/annual-reports`, { as: researcher, json: { dueOn, summary: '营收 120 万元，团队 8 人' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.annualReports[0]).toMatchObject({ dueOn, summary: '营收 120 万元，团队 8 人', overdue: false, submittedAt: expect.any(String) });
    expect(res.body.annualReports[1].overdue).toBe(true);
    await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/annual-reports`, { as: researcher, json: { dueOn, summary: 'again' } }), 409, 'ALREADY_DECIDED');
  });

  it('apply-profile: an admin moves a clock to a newer profile version, and its reminders follow that version', async () => {
    const { admin, hr } = h.a.people;
    const clock = await startClock({ expiry: plusDays(shanghaiToday(), 150) });
    const { institutionId: _i, version: _v, ...rules } = h.a.profile.rules;
    const created = await h.call('POST', '/admin/policy-profiles', {
      as: admin,
      json: { active: true, rules: { ...rules, retention: { ...rules.retention, reminderOffsetsDays: [60, 14] } } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const version = created.body.version as number;

    await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/apply-profile`, { as: hr, json: { profileVersion: version } }), 403, 'FORBIDDEN');
    const missing = await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/apply-profile`, { as: admin, json: { profileVersion: 99 } }), 400, 'VALIDATION_FAILED');
    expect(issuePaths(missing)).toEqual(['profileVersion']);
    await expectRefused(() => h.call('POST', `/cases/${clock.caseId}/clock/apply-profile`, { as: admin, json: { profileVersion: 1 } }), 409, 'STALE_VERSION');

    const applied = await h.call('POST', `/cases/${clock.caseId}/clock/apply-profile`, { as: admin, json: { profileVersion: version } });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ profileVersion: version, nextReminder: { kind: 'before-60d' } });
    const audit = await h.db.auditEntry.findFirst({ where: { entityType: 'RetentionClock', entityId: clock.caseId, action: 'clock.profile_applied' } });
    expect(audit).toMatchObject({ actorId: admin.id });
    const events = parseIcs((await feed()).body as string).filter((event) => event.uid.startsWith(clock.caseId));
    expect(events.map((event) => event.uid).sort()).toEqual(
      ['expiry', 'reminder-before-60d', 'reminder-before-14d', 'reminder-expiry'].map((kind) => `${clock.caseId}-${kind}@spinway`).sort(),
    );
  });

  it('names each invalid field (400) before anything reaches the clock', async () => {
    const { researcher, hr } = h.a.people;
    const cases = [
      ['early-return', { returnOn: 'tomorrow', reason: '  ' }, ['reason', 'returnOn']],
      ['extension', { months: 0, ventureProfitable: 'no' }, ['months', 'reason', 'ventureProfitable']],
      ['resignation', { lastDay: '2027-02-30' }, ['lastDay', 'reason']],
      ['annual-reports', { dueOn: '2027-01-01', summary: '', documentId: 'doc' }, ['documentId', 'summary']],
      ['choice', { choice: 'STAY' }, ['choice']],
      ['outcome', { outcome: 'RETIRED', on: 'yesterday' }, ['on', 'outcome']],
      ['apply-profile', { profileVersion: 1.5 }, ['profileVersion']],
    ] as const;
    for (const [action, body, paths] of cases) {
      const res = await expectRefused(() => h.call('POST', `/cases/${soon.caseId}/clock/${action}`, { as: action === 'outcome' ? hr : researcher, json: body }), 400, 'VALIDATION_FAILED');
      expect(issuePaths(res).sort(), action).toEqual([...paths]);
    }
    // Past dates are the clock's to refuse, also as 400 naming the field.
    const past = await expectRefused(() => h.call('POST', `/cases/${soon.caseId}/clock/early-return`, { as: researcher, json: { returnOn: plusDays(shanghaiToday(), -1), reason: 'x' } }), 400, 'VALIDATION_FAILED');
    expect(issuePaths(past)).toEqual(['returnOn']);
  });
});

/** The HR feed as text (shared by the action tests). */
async function feed(query = '') {
  return h.call('GET', `/retention/clocks.ics${query}`, { as: h.a.people.hr });
}
