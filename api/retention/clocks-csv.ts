// The HR view as CSV, written by domain/csv (UTF-8 with BOM, RFC 4180 quoting, formula-safe
// text) with a header row in Chinese and English. Names are text (formula-protected); dates,
// counts and codes are written as they are.
import { toCsv, type CsvCell } from '../../domain/csv';
import type { TRetentionClock } from '../routes/retention.schemas';

type Cell = CsvCell;

const text = (value: string | null): Cell => value;
const value = (v: string | number | null): Cell => (typeof v === 'string' ? { raw: v } : v);

const COLUMNS: readonly { header: string; cell: (clock: TRetentionClock) => Cell }[] = [
  { header: '案件编号 Reference', cell: (c) => text(c.reference) },
  { header: '研究人员 Researcher', cell: (c) => text(c.researcher.name) },
  { header: '院系 Department', cell: (c) => text(c.department?.name ?? null) },
  { header: '签约日 Signing date', cell: (c) => value(c.signingDate) },
  { header: '期限（月） Months', cell: (c) => value(c.months) },
  { header: '届满日 Expiry date', cell: (c) => value(c.expiryDate) },
  { header: '剩余天数 Days left', cell: (c) => value(c.daysLeft) },
  { header: '状态 Status', cell: (c) => value(c.status) },
  { header: '待审批申请 Pending request', cell: (c) => value(c.pendingRequest) },
  { header: '下次提醒 Next reminder', cell: (c) => value(c.nextReminder?.kind ?? null) },
  { header: '提醒日期 Reminder date', cell: (c) => value(c.nextReminder?.sendOn ?? null) },
  { header: '选择截止 Choice due', cell: (c) => value(c.choiceDueOn) },
  { header: '年度报告已交/应交 Annual reports submitted/due', cell: (c) => value(annualReportCount(c)) },
  { header: '下次年度报告 Next annual report due', cell: (c) => value(c.annualReports.find((r) => r.submittedAt === null)?.dueOn ?? null) },
  { header: '已延期次数 Extensions used', cell: (c) => value(c.extensionsUsed) },
  { header: '结果 Outcome', cell: (c) => value(c.outcome ? `${c.outcome.status} ${c.outcome.on}` : null) },
  { header: '案件 ID Case id', cell: (c) => value(c.caseId) },
];

/** "1/3": reports submitted / reports the clock asks for in all (one per anniversary up to expiry). */
function annualReportCount(clock: TRetentionClock): string {
  const submitted = clock.annualReports.filter((r) => r.submittedAt !== null).length;
  return `${submitted}/${clock.annualReports.length}`;
}

export function clocksCsv(clocks: readonly TRetentionClock[]): string {
  return toCsv({ header: COLUMNS.map((column) => column.header), rows: clocks.map((clock) => COLUMNS.map((column) => column.cell(clock))) });
}
