import { formatCny } from '../money/format-cny';
import type { TAnnualConversionReport } from './annual-conversion-report';
import { toCsv, type CsvCell, type ToCsvOptions } from '../csv';
import type { TDealRewardRow, TPersonRewardRow, TRewardTotals, TYearRewardRow } from './settlement-reports';

/** Money in CSV: yuan with two decimals, no symbol or grouping (`1234.56`), so it stays a number. */
export const yuanCell = (fen: number): CsvCell => ({ raw: formatCny(fen, { symbol: false, grouping: false }) });

const TOTALS_HEADER = [
  '收入 Income (CNY)',
  '扣除 Deductions (CNY)',
  '个人奖励 To people (CNY)',
  '单位 Institution (CNY)',
  '院系 Department (CNY)',
  '技术转移基金 TTO fund (CNY)',
  '已发放个人 Paid to people (CNY)',
  '已拨付其他 Paid to others (CNY)',
  '应税工资薪金所得 Taxable wage income (CNY)',
  '取得股权 Shares granted',
  '奖励股权 Shares to people',
  '获奖人数 People rewarded',
];

const totalsCells = (row: TRewardTotals): CsvCell[] => [
  yuanCell(row.incomeFen),
  yuanCell(row.deductionsFen),
  yuanCell(row.toPeopleFen),
  yuanCell(row.toInstitutionFen),
  yuanCell(row.toDepartmentFen),
  yuanCell(row.toTtoFundFen),
  yuanCell(row.paidToPeopleFen),
  yuanCell(row.paidOtherFen),
  yuanCell(row.taxableWageIncomeFen),
  row.sharesGranted,
  row.sharesToPeople,
  row.peopleRewarded,
];

/**
 * Each report as a table (a header and rows of cells), written as CSV here and as a spreadsheet
 * by the API (api/settlements/xlsx.ts), so both files always hold the same columns.
 */
export type ReportTable = ToCsvOptions;

export function personRewardsTable(rows: readonly TPersonRewardRow[]): ReportTable {
  return {
    header: [
      '人员 ID Person id',
      '姓名 Name',
      '奖励 Allocated (CNY)',
      '应税工资薪金所得 Taxable wage income (CNY)',
      '已发放 Paid (CNY)',
      '奖励股权 Shares allocated',
      '已转让股权 Shares transferred',
      '项目数 Deals',
      '分配次数 Settlements',
    ],
    rows: rows.map((row) => [
      row.personId,
      row.name,
      yuanCell(row.allocatedFen),
      yuanCell(row.taxableWageIncomeFen),
      yuanCell(row.paidFen),
      row.sharesAllocated,
      row.sharesTransferred,
      row.deals,
      row.settlements,
    ]),
  };
}

export function dealRewardsTable(rows: readonly TDealRewardRow[]): ReportTable {
  return { header: ['项目 ID Deal id', ...TOTALS_HEADER], rows: rows.map((row) => [row.dealId, ...totalsCells(row)]) };
}

export function yearRewardsTable(rows: readonly TYearRewardRow[]): ReportTable {
  return { header: ['年度 Year', ...TOTALS_HEADER], rows: rows.map((row) => [row.year, ...totalsCells(row)]) };
}

export function annualConversionReportTable(report: TAnnualConversionReport): ReportTable {
  return {
    header: [
      '年度 Year',
      '转化方式 Mode',
      '合同数 Contracts signed',
      '合同金额 Contract amount (CNY)',
      '到账收入 Income received (CNY)',
      '个人奖励 Rewards allocated (CNY)',
      '已发放奖励 Rewards paid (CNY)',
      '奖励股权 Shares to people',
      '获奖人数 People rewarded',
    ],
    rows: report.rows.map((row) => [
      report.year,
      `${row.label.zh} ${row.label.en}`,
      row.contractsSigned,
      yuanCell(row.contractAmountFen),
      yuanCell(row.incomeReceivedFen),
      yuanCell(row.rewardsAllocatedFen),
      yuanCell(row.rewardsPaidFen),
      row.sharesToPeople,
      row.peopleRewarded,
    ]),
  };
}

export const personRewardsCsv = (rows: readonly TPersonRewardRow[]): string => toCsv(personRewardsTable(rows));
export const dealRewardsCsv = (rows: readonly TDealRewardRow[]): string => toCsv(dealRewardsTable(rows));
export const yearRewardsCsv = (rows: readonly TYearRewardRow[]): string => toCsv(yearRewardsTable(rows));
export const annualConversionReportCsv = (report: TAnnualConversionReport): string => toCsv(annualConversionReportTable(report));
