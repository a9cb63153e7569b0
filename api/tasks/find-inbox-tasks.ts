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

/** The cases `me` filed as researcher: few (a person's own requests), found by index. */
async function ownCaseIdsOf(db: Db, me: Me): Promise<string[]> {
  return (await db.spinoutCase.findMany({ where: { researcherId: me.id }, select: { id: true } })).map((row) => row.id);
}

/** The deals `me` leads or is on the team of: few, found by index. */
async function ownDealIdsOf(db: Db, me: Me): Promise<string[]> {
  const [led, member] = await Promise.all([
    db.ipDeal.findMany({ where: { leadResearcherId: me.id }, select: { id: true } }),
    db.dealTeamMember.findMany({ where: { personId: me.id }, select: { dealId: true } }),
  ]);
  return [...new Set([...led.map((row) => row.id), ...member.map((row) => row.dealId)])];
}

export async function findInboxTasks(db: Db, me: Me, filters: InboxFilters) {
  const now = new Date();
  const where: Prisma.TaskWhereInput = {
    AND: [
      inboxWhere(me, ...(await Promise.all([ownCaseIdsOf(db, me), ownDealIdsOf(db, me)]))),
      filters.kind ? { kind: filters.kind } : {},
      filters.overdue === 'true' ? { dueAt: { lt: now } } : {},
      filters.overdue === 'false' ? { OR: [{ dueAt: null }, { dueAt: { gte: now } }] } : {},
    ],
  };
  const [rows, total] = await db.$transaction([
    db.task.findMany({
      where,
      include: {
        ...taskInclude,
        case: { select: { id: true, reference: true, title: true, status: true } },
        deal: { select: { id: true, reference: true, title: true, status: true } },
        settlement: { select: { id: true, reference: true, status: true, periodFrom: true, periodTo: true } },
      },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
      ...pageArgs(filters),
    }),
    db.task.count({ where }),
  ]);
  const items: TInboxTask[] = rows.map((row) => ({
    ...toTask(row, now.getTime()),
    case: row.case,
    deal: row.deal,
    settlement: row.settlement
      ? { id: row.settlement.id, reference: row.settlement.reference, status: row.settlement.status, period: { from: row.settlement.periodFrom, to: row.settlement.periodTo } }
      : null,
    why: row.assigneeId === me.id ? 'ASSIGNED' : row.assigneeId === null && row.candidateRole !== null && me.roles.includes(row.candidateRole) ? 'CANDIDATE' : 'ESCALATED',
  }));
  return { items, meta: { page: filters.page, pageSize: filters.pageSize, total } };
}
