// GET /cases: the cases a person may see — a researcher their own, staff their institution's —
// filtered, newest change first, one page at a time with the total.
import type { Prisma } from '../../prisma/generated/client';
import type { Db } from '../../activities/infra/db';
import type { CaseStatus, SpinoutMode } from '../../domain/spinout';
import { isStaff } from '../auth/access';
import type { Me } from '../deps';
import { pageArgs, type TPageQuery } from '../routes/common.schemas';
import { caseSummarySelect, toCaseSummary } from './views';

export interface CaseFilters extends TPageQuery {
  status?: CaseStatus;
  mode?: SpinoutMode;
  q?: string;
  researcherId?: string;
  departmentId?: string;
}

export async function findCases(db: Db, me: Me, filters: CaseFilters) {
  const where: Prisma.SpinoutCaseWhereInput = {
    ...(isStaff(me) ? { institutionId: me.institutionId } : { researcherId: me.id }),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.mode ? { mode: filters.mode } : {}),
    ...(filters.departmentId ? { departmentId: filters.departmentId } : {}),
    ...(filters.q
      ? { OR: [{ reference: { contains: filters.q, mode: 'insensitive' } }, { title: { contains: filters.q, mode: 'insensitive' } }] }
      : {}),
  };
  // AND, so a researcher asking for someone else's cases gets none rather than theirs.
  if (filters.researcherId) where.AND = [{ researcherId: filters.researcherId }];
  const [rows, total] = await db.$transaction([
    db.spinoutCase.findMany({ where, select: caseSummarySelect, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], ...pageArgs(filters) }),
    db.spinoutCase.count({ where }),
  ]);
  return { items: rows.map(toCaseSummary), meta: { page: filters.page, pageSize: filters.pageSize, total } };
}
