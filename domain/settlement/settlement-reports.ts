import { AppError } from '../errors';
import { sumFen } from '../money/fen';
import type { TLedgerEntry } from './ledger-entry';

/**
 * Reports are sums over the append-only ledger, so a reversed settlement drops out of them by
 * itself (its reversal entries carry negated amounts) and the figures for a year never change
 * once the year's entries are booked. An entry belongs to the year of its `occurredOn`:
 * income by the day received, deductions and allocations by the day approved, payouts by the
 * day paid, reversals by the day reversed.
 */

export interface TRewardTotals {
  /** Cash received (INCOME entries, fen). */
  readonly incomeFen: number;
  readonly deductionsFen: number;
  /** Cash allocated to people (team rewards). */
  readonly toPeopleFen: number;
  readonly toInstitutionFen: number;
  readonly toDepartmentFen: number;
  readonly toTtoFundFen: number;
  readonly paidToPeopleFen: number;
  /** Paid (booked out) to the institution, department and TTO fund lines. */
  readonly paidOtherFen: number;
  /** Taxable wage income of the cash allocated to people. */
  readonly taxableWageIncomeFen: number;
  /** Shares received for 作价投资. */
  readonly sharesGranted: number;
  readonly sharesToPeople: number;
  /** People with a positive net allocation (cash or shares). */
  readonly peopleRewarded: number;
}

export interface TPersonRewardRow {
  readonly personId: string;
  /** The name on the person's latest entry. */
  readonly name: string;
  readonly allocatedFen: number;
  readonly taxableWageIncomeFen: number;
  readonly paidFen: number;
  readonly sharesAllocated: number;
  readonly sharesTransferred: number;
  /** Deals and settlements with a non-zero net allocation to the person. */
  readonly deals: number;
  readonly settlements: number;
}

export interface TDealRewardRow extends TRewardTotals {
  readonly dealId: string;
}

export interface TYearRewardRow extends TRewardTotals {
  readonly year: number;
}

export interface ReportOptions {
  readonly entries: readonly TLedgerEntry[];
  /** Only entries that occurred in this calendar year. */
  readonly year?: number;
}

export const yearOf = (entry: Pick<TLedgerEntry, 'occurredOn'>): number => Number(entry.occurredOn.slice(0, 4));
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function inYear(entries: readonly TLedgerEntry[], year: number | undefined): TLedgerEntry[] {
  if (year !== undefined && !Number.isInteger(year)) throw new AppError('VALIDATION_FAILED', `year must be a whole number, got ${year}`);
  return year === undefined ? [...entries] : entries.filter((entry) => yearOf(entry) === year);
}

const personIdOf = (entry: TLedgerEntry): string | null => (entry.recipient?.kind === 'PERSON' ? entry.recipient.personId : null);

/** The totals of any group of entries. */
export function rewardTotals(entries: readonly TLedgerEntry[]): TRewardTotals {
  const fen = (predicate: (entry: TLedgerEntry) => boolean) =>
    sumFen(entries.filter((entry) => entry.unit === 'FEN' && predicate(entry)).map((entry) => entry.amount));
  const shares = (predicate: (entry: TLedgerEntry) => boolean) =>
    entries.filter((entry) => entry.unit === 'SHARES' && predicate(entry)).reduce((sum, entry) => sum + entry.amount, 0);
  const allocation = (kind: string) => (entry: TLedgerEntry) => entry.kind === 'ALLOCATION' && entry.recipient?.kind === kind;

  const netByPerson = new Map<string, { fen: number; shares: number }>();
  for (const entry of entries) {
    const personId = personIdOf(entry);
    if (entry.kind !== 'ALLOCATION' || personId === null) continue;
    const current = netByPerson.get(personId) ?? { fen: 0, shares: 0 };
    if (entry.unit === 'FEN') current.fen += entry.amount;
    else current.shares += entry.amount;
    netByPerson.set(personId, current);
  }
  return {
    incomeFen: fen((entry) => entry.kind === 'INCOME'),
    deductionsFen: fen((entry) => entry.kind === 'DEDUCTION'),
    toPeopleFen: fen(allocation('PERSON')),
    toInstitutionFen: fen(allocation('INSTITUTION')),
    toDepartmentFen: fen(allocation('DEPARTMENT')),
    toTtoFundFen: fen(allocation('TTO_FUND')),
    paidToPeopleFen: fen((entry) => entry.kind === 'PAYOUT' && entry.recipient?.kind === 'PERSON'),
    paidOtherFen: fen((entry) => entry.kind === 'PAYOUT' && entry.recipient !== null && entry.recipient.kind !== 'PERSON'),
    taxableWageIncomeFen: sumFen(
      entries.filter((entry) => entry.kind === 'ALLOCATION').map((entry) => entry.taxableWageIncomeFen ?? 0),
    ),
    sharesGranted: shares((entry) => entry.kind === 'INCOME'),
    sharesToPeople: shares(allocation('PERSON')),
    peopleRewarded: [...netByPerson.values()].filter((net) => net.fen > 0 || net.shares > 0).length,
  };
}

function groupBy<K extends string | number>(entries: readonly TLedgerEntry[], keyOf: (entry: TLedgerEntry) => K | null): Map<K, TLedgerEntry[]> {
  const groups = new Map<K, TLedgerEntry[]>();
  for (const entry of entries) {
    const key = keyOf(entry);
    if (key === null) continue;
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }
  return groups;
}

/** Per person: allocated and paid cash, taxable wage income, shares; sorted by person id. */
export function rewardsByPerson({ entries, year }: ReportOptions): TPersonRewardRow[] {
  const groups = groupBy(inYear(entries, year), personIdOf);
  return [...groups.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([personId, group]) => {
      const latest = [...group].sort((a, b) => compareText(a.occurredOn, b.occurredOn) || compareText(a.key, b.key)).at(-1);
      const name = latest?.recipient?.kind === 'PERSON' ? latest.recipient.name : '';
      const allocations = group.filter((entry) => entry.kind === 'ALLOCATION');
      const netPer = (keyOf: (entry: TLedgerEntry) => string) => {
        const nets = new Map<string, number>();
        for (const entry of allocations) nets.set(`${keyOf(entry)}\u0000${entry.unit}`, (nets.get(`${keyOf(entry)}\u0000${entry.unit}`) ?? 0) + entry.amount);
        return new Set([...nets.entries()].filter(([, net]) => net !== 0).map(([id]) => id.split('\u0000')[0])).size;
      };
      const fenOf = (kind: string) => sumFen(group.filter((e) => e.kind === kind && e.unit === 'FEN').map((e) => e.amount));
      const sharesOf = (kind: string) => group.filter((e) => e.kind === kind && e.unit === 'SHARES').reduce((sum, e) => sum + e.amount, 0);
      return {
        personId,
        name,
        allocatedFen: fenOf('ALLOCATION'),
        taxableWageIncomeFen: sumFen(allocations.map((entry) => entry.taxableWageIncomeFen ?? 0)),
        paidFen: fenOf('PAYOUT'),
        sharesAllocated: sharesOf('ALLOCATION'),
        sharesTransferred: sharesOf('PAYOUT'),
        deals: netPer((entry) => entry.dealId),
        settlements: netPer((entry) => entry.settlementId),
      };
    });
}

/** Per deal totals, sorted by deal id. */
export function rewardsByDeal({ entries, year }: ReportOptions): TDealRewardRow[] {
  const groups = groupBy(inYear(entries, year), (entry) => entry.dealId);
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b)).map(([dealId, group]) => ({ dealId, ...rewardTotals(group) }));
}

/** Per calendar year totals, ascending. */
export function rewardsByYear({ entries }: { entries: readonly TLedgerEntry[] }): TYearRewardRow[] {
  const groups = groupBy(entries, yearOf);
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([year, group]) => ({ year, ...rewardTotals(group) }));
}
