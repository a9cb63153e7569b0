// A task of a settlement in someone's inbox, as the workflow opened it (claim, delegation and
// closing are keyed by the task alone: activities/spinout-case update-task.ts and close-task.ts).
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { recordAuditEntry } from '../audit/record-audit-entry';
import { taskIdOf } from '../spinout-case/open-task';
import type { DbDeps } from '../spinout-case/deps';

export type OpenSettlementTaskInput = Parameters<SettlementActivities['openSettlementTask']>[0];

export async function openSettlementTask({ db }: DbDeps, { institutionId, settlementId, task }: OpenSettlementTaskInput): Promise<void> {
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
          settlementId,
          kind: task.kind,
          stepKey: task.stepKey,
          title: task.title,
          assigneeId: task.assigneeId,
          candidateRole: task.candidateRole,
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
    await recordAuditEntry(tx, {
      key: `task:${task.key}:opened`,
      entityType: 'Task',
      entityId: id,
      actorId: null,
      action: 'task.opened',
      after: { settlementId, kind: task.kind, stepKey: task.stepKey, assigneeId: task.assigneeId, candidateRole: task.candidateRole, dueAt: task.dueAt },
      at: openedAt,
    });
  });
}
