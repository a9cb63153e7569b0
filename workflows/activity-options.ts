// How long an activity may take and how it is retried, shared by every workflow. Activities are
// idempotent by key, so retrying until they succeed (with a capped backoff) is always safe.
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

export const activityOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
};

/**
 * Short read-model writes that answer a person's action (a decision, a submission) run as local
 * activities: the worker runs them inside the workflow task that received the Update, so an
 * approval costs one workflow task instead of a round trip through the task queue per write.
 * They are the same idempotent functions; a retry after a worker crash finds its own writes.
 * Beyond `localRetryThreshold` the SDK backs off with durable timers, as an ordinary activity would.
 */
export const localActivityOptions: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '1 minute', backoffCoefficient: 2 },
};
