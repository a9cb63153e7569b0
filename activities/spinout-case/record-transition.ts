// A decision and what follows from it, written in one transaction: the decided task closed, the
// case's state with its audit entry, the next task opened. The read model never shows a step
// decided without its successor, and the workflow needs one activity per decision, not three.
import type { SpinoutCaseActivities } from '../../workflows/contracts/spinout-case';
import { recordAuditEntries } from '../audit/record-audit-entry';
import { insertTaskRow, taskOpenedEntry } from '../tasks/insert-task';
import { closeTaskRow, taskClosedEntry } from './close-task';
import type { DbClockDeps } from './deps';
import { applyCaseState, caseStateEntry } from './record-case-state';

export type RecordTransitionInput = Parameters<SpinoutCaseActivities['recordTransition']>[0];

export async function recordTransition({ db, clock }: DbClockDeps, input: RecordTransitionInput): Promise<void> {
  const at = clock();
  await db.$transaction(async (tx) => {
    // Six statements, not eight: the audit entries go in together, and say which parts an
    // earlier attempt (that committed) has written already — each is keyed by its event.
    const closed = await closeTaskRow(tx, input.close, at);
    const opening = input.open ? { institutionId: input.open.institutionId, subject: { caseId: input.open.caseId }, task: input.open.task } : null;
    const stateEntry = caseStateEntry(input.state, at);
    const openedEntry = opening ? taskOpenedEntry(opening) : null;
    const fresh = await recordAuditEntries(tx, [...(closed ? [taskClosedEntry(input.close, closed, at)] : []), ...(openedEntry ? [openedEntry] : []), stateEntry]);
    // The case's state names the step under review itself, so the opened task need not move it.
    if (opening && openedEntry && fresh.has(openedEntry.key)) await insertTaskRow(tx, opening);
    if (fresh.has(stateEntry.key)) await applyCaseState(tx, input.state, at);
  });
}
