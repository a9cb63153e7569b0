// A task in someone's inbox, as the workflow opened it.
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { insertTask } from '../tasks/insert-task';
import type { DbDeps } from './deps';

export { taskIdOf } from '../tasks/insert-task';

export type OpenTaskInput = Parameters<SpinoutCaseActivities['openTask']>[0];

export async function openTask({ db }: DbDeps, { institutionId, caseId, task }: OpenTaskInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const opened = await insertTask(tx, { institutionId, subject: { caseId }, task });
    if (opened && task.kind === 'APPROVAL') {
      // The workflow moves to a step by opening its task, without a recordCaseState of its
      // own; the case row follows here so the read model shows the step under review.
      await tx.spinoutCase.updateMany({ where: { id: caseId }, data: { currentStepKey: task.stepKey } });
    }
  });
}
