// GET /settlements: staff see their institution's settlements; a researcher those of deals they
// are on the team of. Most recently changed first.
import type { Db } from '../../activities/infra/db';
import type { Prisma } from '../../prisma/generated/client';
import { isStaff } from '../auth/access';
import type { Me } from '../deps';
import { pageArgs, type TPageQuery } from '../routes/common.schemas';
import type { SettlementStatus } from '../../workflows/contracts/settlement';
import { creatorNames, settlementSummarySelect, toSettlementSummary } from './views';

export interface SettlementFilters extends TPageQuery {
  dealId?: string | undefined;
  status?: SettlementStatus | undefined;
  year?: number | undefined;
}

export async function findSettlements(db: Db, me: Me, filters: SettlementFilters) {
  const scope: Prisma.SettlementWhereInput = isStaff(me)
    ? { institutionId: me.institutionId }
    : { deal: { team: { some: { personId: me.id } } } };
  const where: Prisma.SettlementWhereInput = {
    AND: [
      scope,
      filters.dealId ? { dealId: filters.dealId } : {},
      filters.status ? { status: filters.status } : {},
      filters.year ? { periodFrom: { gte: `${filters.year}-01-01`, lte: `${filters.year}-12-31` } } : {},
    ],
  };
  const [rows, total] = await db.$transaction([
    db.settlement.findMany({ where, select: settlementSummarySelect, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], ...pageArgs(filters) }),
    db.settlement.count({ where }),
  ]);
  const names = await creatorNames(db, rows);
  return { items: rows.map((row) => toSettlementSummary(row, names)), meta: { page: filters.page, pageSize: filters.pageSize, total } };
}
