import { z } from 'zod';
import { ZIsoDate } from '../calendar/iso-date';
import { AppError } from '../errors';
import type { LocalizedText } from '../localized-text';
import { sumFen, ZNonNegativeFen } from '../money/fen';
import { CONVERSION_MODES, CONVERSION_MODE_LABELS, ZConversionMode, type ConversionMode } from './conversion-mode';
import type { TLedgerEntry } from './ledger-entry';
import { yearOf } from './settlement-reports';

/** A conversion contract as the annual report counts it (from the IP deal records). */
export const ZConversionContract = z.object({
  dealId: z.string().min(1),
  reference: z.string().min(1),
  mode: ZConversionMode,
  /** Contract signing day; null while unsigned (not counted as a contract). */
  signedOn: ZIsoDate.nullable(),
  /** Total contract value in fen (the amount that picked the deal's approval tier). */
  contractAmountFen: ZNonNegativeFen,
});
export type TConversionContract = z.infer<typeof ZConversionContract>;

export interface TAnnualConversionRow {
  readonly mode: ConversionMode | 'TOTAL';
  readonly label: LocalizedText;
  /** Contracts signed in the year, and their total value. */
  readonly contractsSigned: number;
  readonly contractAmountFen: number;
  /** Cash received in the year under deals of this mode (any signing year). */
  readonly incomeReceivedFen: number;
  /** Cash rewards allocated to people by plans approved in the year. */
  readonly rewardsAllocatedFen: number;
  /** Cash rewards paid to people in the year. */
  readonly rewardsPaidFen: number;
  /** Shares transferred to people in the year. */
  readonly sharesToPeople: number;
  /** Distinct people with a positive net payout (cash or shares) in the year; TOTAL counts each person once. */
  readonly peopleRewarded: number;
}

export interface TAnnualConversionReport {
  readonly year: number;
  readonly rows: TAnnualConversionRow[];
}

export interface AnnualConversionReportOptions {
  readonly year: number;
  readonly contracts: readonly TConversionContract[];
  readonly entries: readonly TLedgerEntry[];
}

function peopleRewarded(entries: readonly TLedgerEntry[]): number {
  const nets = new Map<string, { fen: number; shares: number }>();
  for (const entry of entries) {
    if (entry.kind !== 'PAYOUT' || entry.recipient?.kind !== 'PERSON') continue;
    const net = nets.get(entry.recipient.personId) ?? { fen: 0, shares: 0 };
    if (entry.unit === 'FEN') net.fen += entry.amount;
    else net.shares += entry.amount;
    nets.set(entry.recipient.personId, net);
  }
  return [...nets.values()].filter((net) => net.fen > 0 || net.shares > 0).length;
}

function row(mode: ConversionMode | 'TOTAL', label: LocalizedText, contracts: readonly TConversionContract[], entries: readonly TLedgerEntry[]): TAnnualConversionRow {
  const fen = (predicate: (entry: TLedgerEntry) => boolean) =>
    sumFen(entries.filter((entry) => entry.unit === 'FEN' && predicate(entry)).map((entry) => entry.amount));
  const toPerson = (entry: TLedgerEntry) => entry.recipient?.kind === 'PERSON';
  return {
    mode,
    label,
    contractsSigned: contracts.length,
    contractAmountFen: sumFen(contracts.map((contract) => contract.contractAmountFen)),
    incomeReceivedFen: fen((entry) => entry.kind === 'INCOME'),
    rewardsAllocatedFen: fen((entry) => entry.kind === 'ALLOCATION' && toPerson(entry)),
    rewardsPaidFen: fen((entry) => entry.kind === 'PAYOUT' && toPerson(entry)),
    sharesToPeople: entries
      .filter((entry) => entry.unit === 'SHARES' && entry.kind === 'PAYOUT' && toPerson(entry))
      .reduce((sum, entry) => sum + entry.amount, 0),
    peopleRewarded: peopleRewarded(entries),
  };
}

/**
 * The institution's annual conversion report (科技成果转化年度报告): per conversion mode and in
 * total, contracts signed and their value, income received, rewards to people and how many
 * people were rewarded. Ledger entries of a deal missing from `contracts` are refused
 * (VALIDATION_FAILED): the report cannot say which mode they belong to.
 */
export function annualConversionReport({ year, contracts, entries }: AnnualConversionReportOptions): TAnnualConversionReport {
  if (!Number.isInteger(year)) throw new AppError('VALIDATION_FAILED', `year must be a whole number, got ${year}`);
  const modeOfDeal = new Map(contracts.map((contract) => [contract.dealId, contract.mode]));
  const yearEntries = entries.filter((entry) => yearOf(entry) === year);
  const unknown = [...new Set(yearEntries.filter((entry) => !modeOfDeal.has(entry.dealId)).map((entry) => entry.dealId))];
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', `No contract record for deal ${unknown.join(', ')}`, { details: { dealIds: unknown } });
  }
  const signed = contracts.filter((contract) => contract.signedOn !== null && Number(contract.signedOn.slice(0, 4)) === year);
  const rows = CONVERSION_MODES.map((mode) =>
    row(
      mode,
      CONVERSION_MODE_LABELS[mode],
      signed.filter((contract) => contract.mode === mode),
      yearEntries.filter((entry) => modeOfDeal.get(entry.dealId) === mode),
    ),
  );
  rows.push(row('TOTAL', { zh: '合计', en: 'Total' }, signed, yearEntries));
  return { year, rows };
}
