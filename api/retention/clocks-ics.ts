// The HR calendar feed (iCalendar, RFC 5545). For each clock not yet closed: an all-day event on
// its expiry date; while it runs, one per reminder still ahead (the reminder's send date, i.e. the
// previous working day when the nominal day is a day off); while the researcher must choose, one
// on the grace window's last day. UIDs are `<caseId>-<kind>@spinway` and stay the same when the
// date moves (an extension), so a subscribed calendar moves the event instead of adding one;
// SEQUENCE is the clock's version and DTSTAMP its last change (a feed without METHOD).
// Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT values
// are escaped (backslash, semicolon, comma, line break).
import { addCalendarDays, type CalendarDay, type IsoDate } from '../../domain/calendar';
import type { TRetentionClock } from '../routes/retention.schemas';
import { choiceDueOn, upcomingReminders, type ClockRecord } from './clock-views';

export const ICS_UID_DOMAIN = 'spinway';

export interface FeedEvent {
  uid: string;
  date: IsoDate;
  summary: string;
  description: string;
  categories: string[];
}

/** RFC 5545 §3.3.11: backslash, semicolon and comma escaped; line breaks as \n. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets are split, each continuation starting with one space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

const basicDate = (date: IsoDate) => date.replaceAll('-', '');
const utcStamp = (instant: string) => instant.replace(/[-:]/g, '').replace(/\.\d+/, '');

function who(clock: TRetentionClock): { zh: string; en: string } {
  return { zh: `${clock.researcher.name}（${clock.reference}）`, en: `${clock.researcher.name} (${clock.reference})` };
}

function eventDescription(clock: TRetentionClock, extra: string[] = []): string {
  return [
    `研究人员 Researcher: ${clock.researcher.name}${clock.department ? `（${clock.department.name}）` : ''}`,
    `案件 Case: ${clock.reference} ${clock.caseTitle}`,
    `签约日 Signed: ${clock.signingDate}; 期限 Term: ${clock.months} 个月 months`,
    `届满日 Expiry: ${clock.expiryDate}`,
    `状态 Status: ${clock.status}`,
    ...extra,
  ].join('\n');
}

/** The events of one clock, soonest first. */
export function clockEvents({ view: clock, rules }: ClockRecord, calendar: readonly CalendarDay[], today: IsoDate): FeedEvent[] {
  if (clock.status !== 'ACTIVE' && clock.status !== 'AWAITING_CHOICE' && clock.status !== 'OUTCOME_PENDING') return [];
  const name = who(clock);
  const uid = (kind: string) => `${clock.caseId}-${kind}@${ICS_UID_DOMAIN}`;
  const events: FeedEvent[] = [];
  for (const reminder of upcomingReminders(clock, rules, calendar, { fromDate: today })) {
    const moved = reminder.sendOn !== reminder.nominalDate ? `（原定 ${reminder.nominalDate} 为非工作日，提前至前一工作日 / moved from ${reminder.nominalDate}, a day off, to the previous working day）` : '';
    events.push({
      uid: uid(`reminder-${reminder.kind}`),
      date: reminder.sendOn,
      summary:
        reminder.offsetDays === 0
          ? `保留期届满日提醒：${name.zh} / Retention ends ${clock.expiryDate}: ${name.en}`
          : `保留期届满前${reminder.offsetDays}天提醒：${name.zh} / Retention ends in ${reminder.offsetDays} days: ${name.en}`,
      description: eventDescription(clock, [`提醒 Reminder: ${reminder.kind}, ${reminder.sendOn}${moved}`]),
      categories: ['人事关系保留期', 'Retention reminder'],
    });
  }
  events.push({
    uid: uid('expiry'),
    date: clock.expiryDate,
    summary: `人事关系保留期届满：${name.zh} / Retention period ends: ${name.en}`,
    description: eventDescription(clock),
    categories: ['人事关系保留期', 'Retention expiry'],
  });
  const choiceDue = choiceDueOn(clock, rules);
  if (choiceDue) {
    events.push({
      uid: uid('choice-due'),
      date: choiceDue,
      summary: `返岗或辞职选择截止：${name.zh} / Choice of return or resignation due: ${name.en}`,
      description: eventDescription(clock, [`选择截止 Choice due: ${choiceDue}; 逾期由人事处记录结果 / after it HR records the outcome`]),
      categories: ['人事关系保留期', 'Retention choice'],
    });
  }
  return events;
}

function eventLines(clock: TRetentionClock, event: FeedEvent): string[] {
  const stamp = utcStamp(clock.updatedAt);
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp}`,
    `LAST-MODIFIED:${stamp}`,
    `SEQUENCE:${clock.version}`,
    `DTSTART;VALUE=DATE:${basicDate(event.date)}`,
    `DTEND;VALUE=DATE:${basicDate(addCalendarDays({ date: event.date, days: 1 }))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `CATEGORIES:${event.categories.map(escapeText).join(',')}`,
    'TRANSP:TRANSPARENT',
    'STATUS:CONFIRMED',
    'END:VEVENT',
  ];
}

export function clocksIcs({ records, calendar, today, institutionName }: { records: readonly ClockRecord[]; calendar: readonly CalendarDay[]; today: IsoDate; institutionName: string }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Spinway//Retention clocks//ZH',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(`人事关系保留期 Retention clocks – ${institutionName}`)}`,
    `X-WR-CALDESC:${escapeText('保留期届满日与到期提醒 / Expiry dates and reminders of personnel-retention clocks')}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...records.flatMap((record) => clockEvents(record, calendar, today).flatMap((event) => eventLines(record.view, event))),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
