// A task in someone's inbox, as the workflow opened it.
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';
import type { DbDeps } from './deps';

export type OpenTaskInput = Parameters<SpinoutCaseActivities['openTask']>[0];

export const taskIdOf = (key: string) => uuidFromKey(`task:${key}`);

export async function openTask({ db }: DbDeps, { institutionId, caseId, task }: OpenTaskInput): Promise<void> {
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
          caseId,
          kind: task.kind,
          stepKey: task.stepKey,
          title: task.title,
          assigneeId: task.assigneeId,
          candidateRole: task.candidateRole,
          departmentId: task.departmentId,
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
    if (task.kind === 'APPROVAL') {
      // The workflow moves to a step by opening its task, without a recordCaseState of its
      // own; the case row follows here so the read model shows the step under review.
      await tx.spinoutCase.updateMany({ where: { id: caseId }, data: { currentStepKey: task.stepKey } });
    }
    await recordAuditEntry(tx, {
      key: `task:${task.key}:opened`,
      entityType: 'Task',
      entityId: id,
      actorId: null,
      action: 'task.opened',
      after: { caseId, kind: task.kind, stepKey: task.stepKey, assigneeId: task.assigneeId, candidateRole: task.candidateRole, dueAt: task.dueAt },
      at: openedAt,
    });
  });
}
