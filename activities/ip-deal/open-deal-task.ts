// A task of a deal in someone's inbox, as the workflow opened it (a deal's task has no case).
import type { IpDealActivities } from '../../workflows/contracts/ip-deal';
import { insertTask } from '../tasks/insert-task';
import type { DbDeps } from './deps';

export type OpenDealTaskInput = Parameters<IpDealActivities['openDealTask']>[0];

export async function openDealTask({ db }: DbDeps, { institutionId, dealId, task }: OpenDealTaskInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const opened = await insertTask(tx, { institutionId, subject: { dealId }, task });
    // The workflow moves to the next approval step by opening its task; the deal row follows.
    if (opened && task.kind === 'APPROVAL') await tx.ipDeal.updateMany({ where: { id: dealId }, data: { currentStepKey: task.stepKey } });
  });
}
