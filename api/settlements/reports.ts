// Reward reports over the append-only ledger (domain/settlement): per person, per deal, per
// year, the institution's annual conversion report, and a person's own rewards. Sums over the
// ledger, so a reversed settlement drops out by itself and a closed year never changes.
import type { Db } from '../../activities/infra/db';
import { ledgerEntryOf } from '../../activities/settlement/settlement-rows';
import { fenFromBigInt } from '../../domain/money';
import {
  annualConversionReport,
  annualConversionReportTable,
  dealRewardsTable,
  personRewardsTable,
  rewardsByDeal,
  rewardsByPerson,
  rewardsByYear,
  yearRewardsTable,
  type TConversionContract,
  type TLedgerEntry,
} from '../../domain/settlement';
import type { Prisma } from '../../prisma/generated/client';

async function ledger(db: Db, where: Prisma.LedgerEntryWhereInput): Promise<TLedgerEntry[]> {
  const rows = await db.ledgerEntry.findMany({ where, orderBy: { seq: 'asc' } });
  return rows.map(ledgerEntryOf);
}

const yearWhere = (year: number | undefined): Prisma.LedgerEntryWhereInput =>
  year === undefined ? {} : { occurredOn: { gte: `${year}-01-01`, lte: `${year}-12-31` } };

export type RewardsBy = 'person' | 'deal' | 'year';

export async function rewardsReport(db: Db, institutionId: string, { by, year }: { by: RewardsBy; year?: number | undefined }) {
  const entries = await ledger(db, { institutionId, ...yearWhere(by === 'year' ? undefined : year) });
  if (by === 'person') {
    const rows = rewardsByPerson({ entries, ...(year === undefined ? {} : { year }) });
    return { rows: rows as unknown as Record<string, unknown>[], table: () => personRewardsTable(rows) };
  }
  if (by === 'deal') {
    const rows = rewardsByDeal({ entries, ...(year === undefined ? {} : { year }) });
    const deals = await db.ipDeal.findMany({ where: { id: { in: rows.map((row) => row.dealId) } }, select: { id: true, reference: true, title: true } });
    const byId = new Map(deals.map((deal) => [deal.id, deal]));
    return {
      rows: rows.map((row) => ({ ...row, reference: byId.get(row.dealId)?.reference ?? null, title: byId.get(row.dealId)?.title ?? null })),
      table: () => dealRewardsTable(rows),
    };
  }
  const rows = rewardsByYear({ entries }).filter((row) => year === undefined || row.year === year);
  return { rows: rows as unknown as Record<string, unknown>[], table: () => yearRewardsTable(rows) };
}

export async function annualReport(db: Db, institutionId: string, year: number) {
  const [entries, deals] = await Promise.all([
    ledger(db, { institutionId, ...yearWhere(year) }),
    db.ipDeal.findMany({ where: { institutionId }, select: { id: true, reference: true, mode: true, signedOn: true, totalValueFen: true } }),
  ]);
  const contracts: TConversionContract[] = deals.map((deal) => ({
    dealId: deal.id,
    reference: deal.reference,
    mode: deal.mode,
    signedOn: deal.signedOn,
    contractAmountFen: fenFromBigInt(deal.totalValueFen, 'totalValueFen'),
  }));
  const report = annualConversionReport({ year, contracts, entries });
  return { report, table: () => annualConversionReportTable(report) };
}

/** A person's own rewards: ledger totals and their payout lines in settlements past preparation. */
export async function myRewards(db: Db, personId: string, year: number | undefined) {
  const entries = await ledger(db, { personId, ...yearWhere(year) });
  const [totals] = rewardsByPerson({ entries, ...(year === undefined ? {} : { year }) }).filter((row) => row.personId === personId);
  const lines = await db.payoutLine.findMany({
    where: {
      personId,
      settlement: {
        status: { in: ['APPROVED', 'PAID', 'REVERSED'] },
        ...(year === undefined ? {} : { periodFrom: { lte: `${year}-12-31` }, periodTo: { gte: `${year}-01-01` } }),
      },
    },
    include: { settlement: { select: { id: true, reference: true, status: true, periodFrom: true, periodTo: true, deal: { select: { id: true, reference: true, title: true } } } } },
    orderBy: [{ settlement: { periodFrom: 'desc' } }, { position: 'asc' }],
  });
  return { totals: totals ?? null, lines };
}
