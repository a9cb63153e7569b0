// Claim, delegation or escalation of an open task.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import type { Prisma } from '../../prisma/generated/client';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from './deps';

export type UpdateTaskInput = Parameters<SpinoutCaseActivities['updateTask']>[0];

function describeChange(input: UpdateTaskInput): { action: string; keySuffix: string } {
  if (input.delegatedFrom) return { action: 'task.delegated', keySuffix: `delegated:${input.delegatedFrom}>${input.assigneeId ?? ''}` };
  if (input.assigneeId !== undefined) return { action: input.assigneeId ? 'task.claimed' : 'task.released', keySuffix: `assigned:${input.assigneeId ?? ''}` };
  return { action: input.escalated ? 'task.escalated' : 'task.deescalated', keySuffix: `escalated:${input.escalated}` };
}

export async function updateTask({ db, clock }: DbClockDeps, input: UpdateTaskInput): Promise<void> {
  const data: Prisma.TaskUncheckedUpdateManyInput = {};
  if (input.assigneeId !== undefined) {
    data.assigneeId = input.assigneeId;
    data.state = input.assigneeId ? 'CLAIMED' : 'OPEN';
  }
  if (input.escalated !== undefined) data.escalated = input.escalated;
  if (input.delegatedFrom !== undefined) data.delegatedFrom = input.delegatedFrom;
  if (Object.keys(data).length === 0) return;

  await db.$transaction(async (tx) => {
    // Only a task still open changes; the expected state is part of the update itself.
    const { count } = await tx.task.updateMany({ where: { key: input.key, state: { in: ['OPEN', 'CLAIMED'] } }, data });
    if (count === 0) {
      const task = await tx.task.findUnique({ where: { key: input.key }, select: { id: true } });
      if (!task) throw new AppError('NOT_FOUND', `Task ${input.key} does not exist`, { details: { taskKey: input.key } });
      return; // closed meanwhile: nothing left to change
    }
    const { id } = await tx.task.findUniqueOrThrow({ where: { key: input.key }, select: { id: true } });
    const change = describeChange(input);
    // The contract gives no event key, so the change itself is the key: repeating the same
    // change (a retry) adds no second entry.
    await recordAuditEntry(tx, {
      key: `task:${input.key}:${change.keySuffix}`,
      entityType: 'Task',
      entityId: id,
      actorId: input.delegatedFrom ?? (input.assigneeId || null),
      action: change.action,
      after: data,
      at: clock(),
    });
  });
}
