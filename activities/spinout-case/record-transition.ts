// A decision and what follows from it, written in one transaction: the decided task closed, the
// case's state with its audit entry, the next task opened. The read model never shows a step
// decided without its successor, and the workflow needs one activity per decision, not three.
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { closeTaskIn } from './close-task';
import type { DbClockDeps } from './deps';
import { openTaskIn } from './open-task';
import { recordCaseStateIn } from './record-case-state';

export type RecordTransitionInput = Parameters<SpinoutCaseActivities['recordTransition']>[0];

export async function recordTransition({ db, clock }: DbClockDeps, input: RecordTransitionInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    if (input.close) await closeTaskIn(tx, input.close, at);
    // The case's state names the step under review itself, so the opened task need not move it.
    if (input.open) await openTaskIn(tx, input.open, { followCurrentStep: input.state === undefined });
    if (input.state) await recordCaseStateIn(tx, input.state, at);
  });
}
