// GET /tasks/inbox: what a person may act on now — tasks assigned to them, unclaimed tasks for
// one of their roles in their institution (a department head's only for their department),
// and overdue tasks escalated to one of their roles. Never the approval of their own case.
import type { Prisma, Role } from '../../prisma/generated/client';
import type { Db } from '../../activities/infra/db';
import type { Me } from '../deps';
import { pageArgs, type TPageQuery } from '../routes/common.schemas';
import type { TInboxTask } from '../routes/tasks.schemas';
import { taskInclude, toTask } from '../cases/views';

export interface InboxFilters extends TPageQuery {
  kind?: 'APPROVAL' | 'RESUBMIT' | 'OBJECTION_REVIEW' | 'SIGN_AGREEMENT' | 'ESCALATION';
  overdue?: 'true' | 'false';
}

export function inboxWhere(me: Me, ownCaseIds: readonly string[]): Prisma.TaskWhereInput {
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
    ...(ownCaseIds.length > 0 ? { NOT: { caseId: { in: [...ownCaseIds] }, kind: { not: 'RESUBMIT' } } } : {}),
  };
}

/** The cases `me` filed as researcher: few (a person's own requests), found by index. */
async function ownCaseIdsOf(db: Db, me: Me): Promise<string[]> {
  return (await db.spinoutCase.findMany({ where: { researcherId: me.id }, select: { id: true } })).map((row) => row.id);
}

export async function findInboxTasks(db: Db, me: Me, filters: InboxFilters) {
  const now = new Date();
  const where: Prisma.TaskWhereInput = {
    AND: [
      inboxWhere(me, await ownCaseIdsOf(db, me)),
      filters.kind ? { kind: filters.kind } : {},
      filters.overdue === 'true' ? { dueAt: { lt: now } } : {},
      filters.overdue === 'false' ? { OR: [{ dueAt: null }, { dueAt: { gte: now } }] } : {},
    ],
  };
  const [rows, total] = await db.$transaction([
    db.task.findMany({
      where,
      include: { ...taskInclude, case: { select: { id: true, reference: true, title: true, status: true } } },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
      ...pageArgs(filters),
    }),
    db.task.count({ where }),
  ]);
  const items: TInboxTask[] = rows.map((row) => ({
    ...toTask(row, now.getTime()),
    case: row.case,
    why: row.assigneeId === me.id ? 'ASSIGNED' : row.assigneeId === null && row.candidateRole !== null && me.roles.includes(row.candidateRole) ? 'CANDIDATE' : 'ESCALATED',
  }));
  return { items, meta: { page: filters.page, pageSize: filters.pageSize, total } };
}
