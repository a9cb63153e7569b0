// GET /deals: the deals a person may see — a researcher those they lead, staff their
// institution's — filtered, newest change first, one page at a time with the total.
import type { Db } from '../../activities/infra/db';
import type { Prisma } from '../../prisma/generated/client';
import { isStaff } from '../auth/access';
import type { Me } from '../deps';
import { pageArgs } from '../routes/common.schemas';
import type { TDealListQuery } from '../routes/deals.schemas';
import { dealSummarySelect, toDealSummary } from './views';

export async function findDeals(db: Db, me: Me, filters: TDealListQuery) {
  const where: Prisma.IpDealWhereInput = {
    ...(isStaff(me) ? { institutionId: me.institutionId } : { leadResearcherId: me.id }),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.mode ? { mode: filters.mode } : {}),
    ...(filters.pricingMethod ? { pricingMethod: filters.pricingMethod } : {}),
    ...(filters.caseId ? { caseId: filters.caseId } : {}),
    ...(filters.q
      ? {
          OR: [
            { reference: { contains: filters.q, mode: 'insensitive' } },
            { title: { contains: filters.q, mode: 'insensitive' } },
            { counterpartyName: { contains: filters.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  // AND, so a researcher asking for someone else's deals gets none rather than theirs.
  if (filters.leadResearcherId) where.AND = [{ leadResearcherId: filters.leadResearcherId }];
  const [rows, total] = await db.$transaction([
    db.ipDeal.findMany({ where, select: dealSummarySelect, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], ...pageArgs(filters) }),
    db.ipDeal.count({ where }),
  ]);
  return { items: rows.map(toDealSummary), meta: { page: filters.page, pageSize: filters.pageSize, total } };
}
