// Reward reports over the settlement ledger: per person, per deal, per year (JSON or CSV), a
// researcher's own rewards, and the institution's annual conversion report (科技成果转化年度报告)
// as a downloadable file. CSV is UTF-8 with a byte-order mark (Excel opens it with Chinese
// intact), a bilingual header row, yuan with two decimals as numbers; xlsx has the same columns.
import { createRoute, z } from '@hono/zod-openapi';
import { attachmentDisposition } from '../../activities/documents/presign-download';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/policy';
import { authenticated } from '../auth/require-auth';
import type { Me } from '../deps';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { annualReport, myRewards, rewardsReport } from '../settlements/reports';
import { toXlsx, XLSX_CONTENT_TYPE } from '../settlements/xlsx';
import { toCsv } from '../../domain/csv';
import type { ReportTable } from '../../domain/settlement';
import { toPayoutLine } from '../settlements/views';
import { ZAnnualReport, ZAnnualReportQuery, ZMyRewards, ZMyRewardsQuery, ZRewardsQuery, ZRewardsReport } from './settlements.schemas';
import { json } from './openapi-responses';

const tags = ['settlements'];

/** Who reads the institution's reward reports. */
const REPORT_ROLES: readonly Role[] = ['TTO_OFFICER', 'FINANCE_OFFICER', 'LEADERSHIP', 'INSTITUTION_ADMIN'];

function requireReportReader(me: Me): void {
  if (!REPORT_ROLES.some((role) => me.roles.includes(role))) throw new AppError('FORBIDDEN', `Only ${REPORT_ROLES.join(', ')} may read the institution’s reward reports`);
}

const csvHeaders = (fileName: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': attachmentDisposition(fileName),
  'cache-control': 'private, no-store',
});

/** A report table as the file asked for: CSV (UTF-8 with BOM) or an Excel workbook. */
async function tableFile(table: ReportTable, format: 'csv' | 'xlsx', baseName: string, sheetName: string) {
  if (format === 'csv') return { body: toCsv(table), headers: csvHeaders(`${baseName}.csv`) };
  return {
    body: new Uint8Array(await toXlsx(table, sheetName)),
    headers: { 'content-type': XLSX_CONTENT_TYPE, 'content-disposition': attachmentDisposition(`${baseName}.xlsx`), 'cache-control': 'private, no-store' },
  };
}

const fileContent = { 'text/csv': { schema: z.string() }, [XLSX_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } };

const fileResponses = (description: string) => ({
  200: { description, content: { 'application/json': { schema: z.unknown() }, ...fileContent } },
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorResponses[403],
});

export const rewards = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/reports/rewards',
      tags,
      summary: 'Rewards per person, per deal or per year (JSON, or a file with format=csv or format=xlsx)',
      description: `For ${REPORT_ROLES.join(', ')}. Sums over the institution’s ledger: allocations by the day a plan was approved, payouts by the day paid; a reversed settlement nets to zero.`,
      ...authenticated,
      request: { query: ZRewardsQuery },
      responses: { ...fileResponses('The report'), 200: { description: 'The report', content: { 'application/json': { schema: ZRewardsReport }, ...fileContent } } },
    }),
    async (c) => {
      const me = c.get('me');
      requireReportReader(me);
      const { by, year, format } = c.req.valid('query');
      const report = await rewardsReport(c.get('deps').db, me.institutionId, { by, year });
      if (format !== 'json') {
        const file = await tableFile(report.table(), format, `rewards-by-${by}${year === undefined ? '' : `-${year}`}`, `rewards by ${by}`);
        return c.body(file.body, 200, file.headers);
      }
      return c.json({ by, year: year ?? null, rows: report.rows }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/reports/annual-conversion',
      tags,
      summary: 'The institution’s annual conversion report: contracts, amounts, rewards, people (download)',
      description:
        `For ${REPORT_ROLES.join(', ')}. Per conversion mode (转让 / 许可 / 作价投资 / 自行实施) and in total: contracts signed in the year and their value, ` +
        'income received, rewards allocated and paid to people, shares to people, people rewarded. format=csv (default), xlsx or json, each as a file (Content-Disposition: attachment).',
      ...authenticated,
      request: { query: ZAnnualReportQuery },
      responses: { ...fileResponses('The report file'), 200: { description: 'The report file', content: { ...fileContent, 'application/json': { schema: ZAnnualReport } } } },
    }),
    async (c) => {
      const me = c.get('me');
      requireReportReader(me);
      const { year, format } = c.req.valid('query');
      const { report, table } = await annualReport(c.get('deps').db, me.institutionId, year);
      if (format !== 'json') {
        const file = await tableFile(table(), format, `科技成果转化年度报告-${year}`, `${year}`);
        return c.body(file.body, 200, file.headers);
      }
      return c.body(JSON.stringify(report, null, 2), 200, {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': attachmentDisposition(`annual-conversion-report-${year}.json`),
        'cache-control': 'private, no-store',
      });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me/rewards',
      tags,
      summary: 'Your own rewards: totals over the ledger and your lines in approved, paid or reversed settlements',
      ...authenticated,
      request: { query: ZMyRewardsQuery },
      responses: { 200: json(ZMyRewards, 'Your rewards'), 400: errorResponses[400], 401: errorResponses[401] },
    }),
    async (c) => {
      const me = c.get('me');
      const { year } = c.req.valid('query');
      const { totals, lines } = await myRewards(c.get('deps').db, me.id, year);
      return c.json(
        {
          person: { id: me.id, name: me.name },
          year: year ?? null,
          totals: totals === null ? null : { ...totals },
          lines: lines.map((line) => ({
            ...toPayoutLine(line),
            settlement: { id: line.settlement.id, reference: line.settlement.reference, status: line.settlement.status, period: { from: line.settlement.periodFrom, to: line.settlement.periodTo } },
            deal: line.settlement.deal,
          })),
        },
        200,
      );
    },
  );
