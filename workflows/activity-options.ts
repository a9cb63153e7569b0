// How long an activity may take and how it is retried, shared by every workflow. Activities are
// idempotent by key, so retrying until they succeed (with a capped backoff) is always safe.
import type { ActivityOptions } from '@temporalio/workflow';

export const activityOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
};
