// GET /tasks/inbox: what a person may act on now — tasks assigned to them, unclaimed tasks for
// one of their roles in their institution (a department head's only for their department),
// and overdue tasks escalated to one of their roles. Never the approval of their own case, nor
// a decision on a deal they lead, are on the team of, or have an interest in (barred approvers).
import type { Prisma, Role } from '../../prisma/generated/client';
import type { Db } from '../../activities/infra/db';
import type { Me } from '../deps';
import { pageArgs, type TPageQuery } from '../routes/common.schemas';
import type { TInboxTask } from '../routes/tasks.schemas';
import { taskInclude, toTask } from '../cases/views';

export interface InboxFilters extends TPageQuery {
  kind?: TInboxTask['kind'];
  overdue?: 'true' | 'false';
}

/** Deal tasks that are decisions, from which the deal's own people are barred. */
const DEAL_DECISION_KINDS: Prisma.TaskWhereInput['kind'] = { in: ['APPROVAL', 'OBJECTION_REVIEW'] };

export function inboxWhere(me: Me, ownCaseIds: readonly string[], ownDealIds: readonly string[] = []): Prisma.TaskWhereInput {
  const roles = me.roles as Role[];
  const plainRoles = roles.filter((role) => role !== 'DEPT_HEAD');
  const mine: Prisma.TaskWhereInput[] = [
    { assigneeId: me.id },
    { assigneeId: null, candidateRole: { in: plainRoles } },
    { escalated: true, escalationRole: { in: roles } },
  ];
  if (roles.includes('DEPT_HEAD')) {
    mine.push({ assigneeId: null, candidateRole: 'DEPT_HEAD', OR: [{ departmentId: me.departmentId }, { departmentId: null }] });
  }
  return {
    institutionId: me.institutionId,
    state: { in: ['OPEN', 'CLAIMED'] },
    OR: mine,
    // No one decides their own case; their resubmission task is assigned to them by name. By case
    // id rather than a filter on the task's case: that filter joins every candidate task to its
    // case, which made counting a large inbox scan the whole case table.
    ...(ownCaseIds.length > 0 || ownDealIds.length > 0
      ? {
          // `not: null` keeps NOT true for a task of the other kind of parent: without it,
          // `NOT (NULL IN (…) AND …)` is NULL in SQL and would hide every deal task from a
          // person with a case of their own (and every case task from one with a deal).
          NOT: [
            ...(ownCaseIds.length > 0 ? [{ caseId: { in: [...ownCaseIds], not: null }, kind: { not: 'RESUBMIT' as const } }] : []),
            ...(ownDealIds.length > 0 ? [{ dealId: { in: [...ownDealIds], not: null }, kind: DEAL_DECISION_KINDS }] : []),
          ],
        }
      : {}),
  };
}

/**
 * The cases `me` filed as researcher, and the deals they lead or are on the team of: few, found
 * by index, in one round trip (the inbox is read often; each query is a trip to PostgreSQL).
 */
async function ownSubjectsOf(db: Db, me: Me): Promise<{ caseIds: string[]; dealIds: string[] }> {
  const rows = await db.$queryRaw<Array<{ id: string; kind: 'case' | 'deal' }>>`
    SELECT id::text AS id, 'case' AS kind FROM "SpinoutCase" WHERE "researcherId" = ${me.id}::uuid
    UNION
    SELECT id::text, 'deal' FROM "IpDeal" WHERE "leadResearcherId" = ${me.id}::uuid
    UNION
    SELECT "dealId"::text, 'deal' FROM "DealTeamMember" WHERE "personId" = ${me.id}::uuid`;
  return {
    caseIds: rows.filter((row) => row.kind === 'case').map((row) => row.id),
    dealIds: rows.filter((row) => row.kind === 'deal').map((row) => row.id),
  };
}

/** The deal and settlement summaries of a page of tasks: queried only when the page has any. */
async function subjectsOf(db: Db, rows: ReadonlyArray<{ dealId: string | null; settlementId: string | null }>) {
  const dealIds = [...new Set(rows.flatMap((row) => (row.dealId ? [row.dealId] : [])))];
  const settlementIds = [...new Set(rows.flatMap((row) => (row.settlementId ? [row.settlementId] : [])))];
  const [deals, settlements] = await Promise.all([
    dealIds.length > 0 ? db.ipDeal.findMany({ where: { id: { in: dealIds } }, select: { id: true, reference: true, title: true, status: true } }) : [],
    settlementIds.length > 0
      ? db.settlement.findMany({ where: { id: { in: settlementIds } }, select: { id: true, reference: true, status: true, periodFrom: true, periodTo: true } })
      : [],
  ]);
  return { deals: new Map(deals.map((deal) => [deal.id, deal])), settlements: new Map(settlements.map((settlement) => [settlement.id, settlement])) };
}

function settlementSummary(settlement: { id: string; reference: string; status: string; periodFrom: string; periodTo: string } | undefined) {
  return settlement ? { id: settlement.id, reference: settlement.reference, status: settlement.status, period: { from: settlement.periodFrom, to: settlement.periodTo } } : null;
}

export async function findInboxTasks(db: Db, me: Me, filters: InboxFilters) {
  const now = new Date();
  const where: Prisma.TaskWhereInput = {
    AND: [
      inboxWhere(me, ...(await ownSubjectsOf(db, me).then(({ caseIds, dealIds }) => [caseIds, dealIds] as const))),
      filters.kind ? { kind: filters.kind } : {},
      filters.overdue === 'true' ? { dueAt: { lt: now } } : {},
      filters.overdue === 'false' ? { OR: [{ dueAt: null }, { dueAt: { gte: now } }] } : {},
    ],
  };
  // The page and the total side by side on two connections, not in one transaction: a batch
  // transaction runs them one after the other between BEGIN and COMMIT (four round trips), and a
  // total off by a task that changed in between is harmless in an inbox.
  const [page, total] = await Promise.all([
    // The page's ids first: sorting thousands of narrow rows for the top 20 is a cheap top-N sort,
    // where sorting them joined to their assignee and case (one statement with relationJoins)
    // made PostgreSQL sort every wide row, in parallel workers, for a TTO officer's inbox.
    db.task.findMany({
      where,
      select: { id: true },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
      ...pageArgs(filters),
    }),
    db.task.count({ where }),
  ]);
  const byId = new Map(
    (page.length === 0
      ? []
      : await db.task.findMany({
          where: { id: { in: page.map((task) => task.id) } },
          include: { ...taskInclude, case: { select: { id: true, reference: true, title: true, status: true } } },
        })
    ).map((row) => [row.id, row]),
  );
  // A task decided between the two reads drops out of this page.
  const rows = page.flatMap((task) => byId.get(task.id) ?? []);
  const { deals, settlements } = await subjectsOf(db, rows);
  const items: TInboxTask[] = rows.map((row) => ({
    ...toTask(row, now.getTime()),
    case: row.case,
    deal: (row.dealId && deals.get(row.dealId)) || null,
    settlement: settlementSummary(row.settlementId ? settlements.get(row.settlementId) : undefined),
    why: row.assigneeId === me.id ? 'ASSIGNED' : row.assigneeId === null && row.candidateRole !== null && me.roles.includes(row.candidateRole) ? 'CANDIDATE' : 'ESCALATED',
  }));
  return { items, meta: { page: filters.page, pageSize: filters.pageSize, total } };
}
