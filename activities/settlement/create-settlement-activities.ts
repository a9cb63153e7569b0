// The settlement workflow's activities (workflows/contracts/settlement.ts), built from their
// dependencies. Each is idempotent: Temporal may run it again after a timeout or a worker
// crash, and the second run finds the first one's writes by their keys. Tasks, notices and
// objections are keyed rows shared with the spin-out case, so those activities are reused.
import type { SettlementActivities } from '../../workflows/contracts/settlement';
import { systemClock } from '../infra/clock';
import { withNonRetryableAppErrors } from '../infra/non-retryable-app-errors';
import { closeTask } from '../spinout-case/close-task';
import { loadCalendar } from '../spinout-case/load-calendar';
import { recordObjection } from '../spinout-case/record-objection';
import { resolveObjection } from '../spinout-case/resolve-objection';
import { updateNotice } from '../spinout-case/update-notice';
import { updateTask } from '../spinout-case/update-task';
import { bookSettlementLedger } from './book-settlement-ledger';
import { createSettlementRecord } from './create-settlement-record';
import type { SettlementDeps } from './deps';
import { generateSettlementStatement } from './generate-settlement-statement';
import { loadSettlementInput } from './load-settlement-input';
import { notifySettlement } from './notify-settlement';
import { openSettlementTask } from './open-settlement-task';
import { publishSettlementNotice } from './publish-settlement-notice';
import { recordSettlementPayout } from './record-settlement-payout';
import { recordSettlementState } from './record-settlement-state';
import { reverseSettlementLedger } from './reverse-settlement-ledger';

export function createSettlementActivities(deps: SettlementDeps): SettlementActivities {
  const all = { ...deps, clock: deps.clock ?? systemClock };
  const activities = {
    createSettlementRecord: (input) => createSettlementRecord(all, input),
    loadSettlementInput: (input) => loadSettlementInput(all, input),
    loadSettlementCalendar: () => loadCalendar(all),
    recordSettlementState: (input) => recordSettlementState(all, input),
    openSettlementTask: (input) => openSettlementTask(all, input),
    updateSettlementTask: (input) => updateTask(all, input),
    closeSettlementTask: (input) => closeTask(all, input),
    publishSettlementNotice: (input) => publishSettlementNotice(all, input),
    updateSettlementNotice: (input) => updateNotice(all, input),
    recordSettlementObjection: (input) => recordObjection(all, input),
    resolveSettlementObjection: (input) => resolveObjection(all, input),
    bookSettlementLedger: (input) => bookSettlementLedger(all, input),
    recordSettlementPayout: (input) => recordSettlementPayout(all, input),
    reverseSettlementLedger: (input) => reverseSettlementLedger(all, input),
    generateSettlementStatement: (input) => generateSettlementStatement(all, input),
    notifySettlement: (input) => notifySettlement(all, input),
  } satisfies SettlementActivities;
  return withNonRetryableAppErrors(activities);
}
