// The retention clock workflow's activities: its own read-model write, plus the shared task,
// calendar and notification activities of the case process.
import type { RetentionClockActivities } from '../../workflows/contracts/retention-clock';
import { systemClock } from '../infra/clock';
import { withNonRetryableAppErrors } from '../infra/non-retryable-app-errors';
import type { SpinoutCaseDeps } from '../spinout-case/deps';
import { recordClockState } from './record-clock-state';

export function createRetentionClockActivities(deps: SpinoutCaseDeps): Pick<RetentionClockActivities, 'recordClockState'> {
  const all = { ...deps, clock: deps.clock ?? systemClock };
  return withNonRetryableAppErrors({ recordClockState: (input: Parameters<RetentionClockActivities['recordClockState']>[0]) => recordClockState(all, input) });
}
