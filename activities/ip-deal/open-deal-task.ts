// A task of a deal in someone's inbox, as the workflow opened it (a deal's task has no case).
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { taskIdOf } from '../spinout-case/open-task';
import type { DbDeps } from './deps';

export type OpenDealTaskInput = Parameters<IpDealActivities['openDealTask']>[0];

export async function openDealTask({ db }: DbDeps, { institutionId, dealId, task }: OpenDealTaskInput): Promise<void> {
  const id = taskIdOf(task.key);
  const openedAt = new Date(task.openedAt);
  await db.$transaction(async (tx) => {
    // Insert-if-missing by key: a retry must not reset a task that has since been claimed.
    const { count } = await tx.task.createMany({
      data: [
        {
          id,
          key: task.key,
          institutionId,
          caseId: null,
          dealId,
          kind: task.kind,
          stepKey: task.stepKey,
          title: task.title,
          assigneeId: task.assigneeId,
          candidateRole: task.candidateRole,
          departmentId: null,
          escalationRole: task.escalationRole,
          dueAt: task.dueAt === null ? null : new Date(task.dueAt),
          escalated: task.escalated,
          state: 'OPEN',
          createdAt: openedAt,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return;
    // The workflow moves to the next approval step by opening its task; the deal row follows.
    if (task.kind === 'APPROVAL') await tx.ipDeal.updateMany({ where: { id: dealId }, data: { currentStepKey: task.stepKey } });
    await recordAuditEntry(tx, {
      key: `task:${task.key}:opened`,
      entityType: 'Task',
      entityId: id,
      actorId: null,
      action: 'task.opened',
      after: { dealId, kind: task.kind, stepKey: task.stepKey, assigneeId: task.assigneeId, candidateRole: task.candidateRole, dueAt: task.dueAt },
      at: openedAt,
    });
  });
}
