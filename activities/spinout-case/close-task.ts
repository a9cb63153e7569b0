// A task decided (DONE) or cancelled, with who decided what and why.
import { AppError } from '../../domain/errors';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry } from '../audit/record-audit-entry';
import type { DbClockDeps } from './deps';

export type CloseTaskInput = Parameters<SpinoutCaseActivities['closeTask']>[0];

export async function closeTask({ db, clock }: DbClockDeps, input: CloseTaskInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    const { count } = await tx.task.updateMany({
      where: { key: input.key, state: { in: ['OPEN', 'CLAIMED'] } },
      data: {
        state: input.state,
        decision: input.decision ?? null,
        comment: input.comment ?? null,
        decidedById: input.decidedById ?? null,
        decidedAt: at,
      },
    });
    if (count === 0) {
      const task = await tx.task.findUnique({ where: { key: input.key }, select: { id: true } });
      if (!task) throw new AppError('NOT_FOUND', `Task ${input.key} does not exist`, { details: { taskKey: input.key } });
      return; // closed by an earlier attempt
    }
    const { id, caseId } = await tx.task.findUniqueOrThrow({ where: { key: input.key }, select: { id: true, caseId: true } });
    await recordAuditEntry(tx, {
      key: `task:${input.key}:closed`,
      entityType: 'Task',
      entityId: id,
      actorId: input.decidedById ?? null,
      action: input.state === 'DONE' ? 'task.decided' : 'task.cancelled',
      after: { caseId, state: input.state, decision: input.decision ?? null, comment: input.comment ?? null },
      at,
    });
  });
}
