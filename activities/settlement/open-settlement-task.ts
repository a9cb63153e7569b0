// A task of a settlement in someone's inbox, as the workflow opened it (claim, delegation and
// closing are keyed by the task alone: activities/spinout-case update-task.ts and close-task.ts).
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { insertTask } from '../tasks/insert-task';
import type { DbDeps } from '../spinout-case/deps';

export type OpenSettlementTaskInput = Parameters<SettlementActivities['openSettlementTask']>[0];

export async function openSettlementTask({ db }: DbDeps, { institutionId, settlementId, task }: OpenSettlementTaskInput): Promise<void> {
  await db.$transaction((tx) => insertTask(tx, { institutionId, subject: { settlementId }, task }));
}
