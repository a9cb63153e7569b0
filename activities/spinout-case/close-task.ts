// A task decided (DONE) or cancelled, with who decided what and why.
import { AppError } from '../../domain/errors';
import type { Prisma } from '../../prisma/generated/client';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntry, type AuditEntryInput } from '../audit/record-audit-entry';
import type { DbClockDeps } from './deps';

export type CloseTaskInput = Parameters<SpinoutCaseActivities['closeTask']>[0];

export async function closeTask({ db, clock }: DbClockDeps, input: CloseTaskInput): Promise<void> {
  const at = clock();
  // A task closed by an earlier attempt is left as it is.
  await db.$transaction(async (tx) => {
    const closed = await closeTaskRow(tx, input, at);
    if (closed) await recordAuditEntry(tx, taskClosedEntry(input, closed, at));
  });
}

/** The task's row closed, if it was still open (null when an earlier attempt closed it). */
export async function closeTaskRow(tx: Prisma.TransactionClient, input: CloseTaskInput, at: Date): Promise<{ id: string; caseId: string | null } | null> {
  const [closed] = await tx.task.updateManyAndReturn({
    where: { key: input.key, state: { in: ['OPEN', 'CLAIMED'] } },
    data: {
      state: input.state,
      decision: input.decision ?? null,
      comment: input.comment ?? null,
      decidedById: input.decidedById ?? null,
      decidedAt: at,
    },
    select: { id: true, caseId: true },
  });
  if (closed) return closed;
  const task = await tx.task.findUnique({ where: { key: input.key }, select: { id: true } });
  if (!task) throw new AppError('NOT_FOUND', `Task ${input.key} does not exist`, { details: { taskKey: input.key } });
  return null;
}

/** The audit entry of a task decided or cancelled. */
export function taskClosedEntry(input: CloseTaskInput, closed: { id: string; caseId: string | null }, at: Date): AuditEntryInput {
  return {
    key: `task:${input.key}:closed`,
    entityType: 'Task',
    entityId: closed.id,
    actorId: input.decidedById ?? null,
    action: input.state === 'DONE' ? 'task.decided' : 'task.cancelled',
    after: { caseId: closed.caseId, state: input.state, decision: input.decision ?? null, comment: input.comment ?? null },
    at,
  };
}
