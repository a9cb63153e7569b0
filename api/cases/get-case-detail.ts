// A case with everything around it: team, IP assets, open tasks, documents, notices and the
// timeline of the audit entries of the case and of its tasks, notices and objections — 404 when
// `me` may not see it (GET /cases/{id} relies on this; the actions have checked it before).
// Three round trips: the case with its relations, its audit entries, and the actors' names.
import type { Db } from '../../activities/infra/db';
import { canSeeCase, isStaff, notFound } from '../auth/access';
import type { Me } from '../deps';
import { iso } from '../routes/common.schemas';
import type { TCaseDetail } from '../routes/cases.schemas';
import { caseSummarySelect, noticesWithObjections, taskInclude, toCaseSummary, toDocuments, toNoticeWithObjections, toTask } from './views';

export async function getCaseDetail(db: Db, me: Me, caseId: string): Promise<TCaseDetail> {
  const row = await db.spinoutCase.findUnique({
    where: { id: caseId },
    select: {
      ...caseSummarySelect,
      request: true,
      policyProfile: { select: { id: true, version: true, name: true } },
      makerSpace: { select: { id: true, name: true, address: true } },
      teamMembers: { orderBy: { position: 'asc' }, select: { personId: true, name: true, role: true, contributionShareBp: true } },
      ipAssets: { orderBy: { position: 'asc' }, select: { id: true, kind: true, title: true, number: true, ownership: true } },
      // Every task, not only the open ones: the timeline includes the entries of closed ones.
      tasks: { orderBy: { createdAt: 'asc' }, include: taskInclude },
      documents: { orderBy: { uploadedAt: 'asc' } },
      notices: noticesWithObjections,
    },
  });
  if (!row || !canSeeCase(me, { researcherId: row.researcher.id, institutionId: row.institutionId })) throw notFound('Case', caseId);

  // The case's own entries, and those of its tasks, notices and objections, in time order.
  const taskIds = row.tasks.map((task) => task.id);
  const noticeIds = row.notices.map((notice) => notice.id);
  const objectionIds = row.notices.flatMap((notice) => notice.objections.map((objection) => objection.id));
  const audit = await db.auditEntry.findMany({
    where: {
      OR: [
        { entityType: 'SpinoutCase', entityId: caseId },
        { entityType: 'Task', entityId: { in: taskIds } },
        { entityType: 'Notice', entityId: { in: noticeIds } },
        { entityType: 'Objection', entityId: { in: objectionIds } },
      ],
    },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  const actorIds = [...new Set(audit.map((entry) => entry.actorId).filter((id): id is string => id !== null))];
  const actors = new Map(
    (await db.person.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })).map((person) => [person.id, person]),
  );
  // Who objected, and how to reach them, is for the institution's staff only.
  const staff = isStaff(me) && me.institutionId === row.institutionId;
  const now = Date.now();

  return {
    ...toCaseSummary(row),
    draft: row.request,
    policyProfile: row.policyProfile,
    makerSpace: row.makerSpace,
    team: row.teamMembers,
    ipAssets: row.ipAssets,
    openTasks: row.tasks.filter((task) => task.state === 'OPEN' || task.state === 'CLAIMED').map((task) => toTask(task, now)),
    documents: await toDocuments(db, row.documents),
    notices: row.notices.map((notice) => toNoticeWithObjections(notice, staff)),
    timeline: audit.map((entry) => ({
      id: entry.id,
      at: iso(entry.at),
      action: entry.action,
      actor: entry.actorId ? (actors.get(entry.actorId) ?? { id: entry.actorId, name: '' }) : null,
      before: entry.before,
      after: entry.after,
    })),
  };
}
