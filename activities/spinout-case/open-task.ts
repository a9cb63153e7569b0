// A task in someone's inbox, as the workflow opened it.
import type { Prisma } from '../../prisma/generated/client';
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { insertTask } from '../tasks/insert-task';
import type { DbDeps } from './deps';

export { taskIdOf } from '../tasks/insert-task';

export type OpenTaskInput = Parameters<SpinoutCaseActivities['openTask']>[0];

export async function openTask({ db }: DbDeps, input: OpenTaskInput): Promise<void> {
  await db.$transaction((tx) => openTaskIn(tx, input, { followCurrentStep: true }));
}

/**
 * Opens the task in the caller's transaction. An approval step's task moves the case row to that
 * step (`followCurrentStep`) unless the caller writes the case's state in the same transaction.
 */
export async function openTaskIn(tx: Prisma.TransactionClient, { institutionId, caseId, task }: OpenTaskInput, opts: { followCurrentStep: boolean }): Promise<void> {
  const opened = await insertTask(tx, { institutionId, subject: { caseId }, task });
  if (opened && opts.followCurrentStep && task.kind === 'APPROVAL') {
    // The workflow moves to a step by opening its task, without a recordCaseState of its
    // own; the case row follows here so the read model shows the step under review.
    await tx.spinoutCase.updateMany({ where: { id: caseId }, data: { currentStepKey: task.stepKey } });
  }
}
