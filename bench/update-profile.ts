// Where an Update's time goes inside Temporal, read from workflow histories: from the workflow
// task that ran the validator to the UpdateCompleted event, how long workflow tasks and activity
// tasks waited in their queues, how long the worker took on them, and the time per activity.
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { round } from './load';

// Events are told apart by which attributes they carry (no import of the proto enums needed).
type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

interface Acc {
  updates: number;
  serverSideMs: number;
  workflowTasks: number;
  workflowTaskQueueMs: number;
  workflowTaskRunMs: number;
  activities: number;
  activityQueueMs: number;
  activityRunMs: number;
  perActivity: Map<string, { count: number; runMs: number; queueMs: number }>;
}

export interface UpdateProfile {
  updates: number;
  /** Mean per update, ms: from the validator's workflow task being scheduled to UpdateCompleted. */
  meanServerSideMs: number;
  meanWorkflowTasks: number;
  /** Mean per update, ms, summed over its workflow tasks: waiting for a worker to poll them. */
  meanWorkflowTaskQueueMs: number;
  /** Mean per update, ms, summed over its workflow tasks: started → completed (worker + server). */
  meanWorkflowTaskRunMs: number;
  meanActivities: number;
  meanActivityQueueMs: number;
  meanActivityRunMs: number;
  /** Whatever is left: the server recording events and dispatching between tasks. */
  meanOtherMs: number;
  perActivity: Record<string, { count: number; meanRunMs: number; meanQueueMs: number }>;
}

const ms = (event: HistoryEvent | undefined) => (event?.eventTime ? tsToMs(event.eventTime) : Number.NaN);
const id = (value: unknown) => Number(value);

function profileHistory(events: HistoryEvent[], updateName: string, acc: Acc, window: { fromMs: number; toMs: number }): void {
  const byId = new Map(events.map((event) => [id(event.eventId), event]));
  for (let i = 0; i < events.length; i += 1) {
    const accepted = events[i]!;
    const attrs = accepted.workflowExecutionUpdateAcceptedEventAttributes;
    if (!attrs || attrs.acceptedRequest?.input?.name !== updateName) continue;
    if (ms(accepted) < window.fromMs || ms(accepted) > window.toMs) continue;
    const updateId = attrs.protocolInstanceId;
    const end = events.findIndex((event, j) => j > i && event.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId);
    if (end < 0) continue;
    let start = i;
    while (start > 0 && !events[start]!.workflowTaskScheduledEventAttributes) start -= 1;
    acc.updates += 1;
    acc.serverSideMs += ms(events[end]) - ms(events[start]);
    for (const event of events.slice(start, end + 1)) {
      if (event.workflowTaskStartedEventAttributes) {
        acc.workflowTasks += 1;
        acc.workflowTaskQueueMs += ms(event) - ms(byId.get(id(event.workflowTaskStartedEventAttributes?.scheduledEventId)));
      } else if (event.workflowTaskCompletedEventAttributes) {
        acc.workflowTaskRunMs += ms(event) - ms(byId.get(id(event.workflowTaskCompletedEventAttributes?.startedEventId)));
      } else if (event.activityTaskCompletedEventAttributes) {
        const a = event.activityTaskCompletedEventAttributes!;
        const scheduled = byId.get(id(a.scheduledEventId));
        const started = byId.get(id(a.startedEventId));
        const queueMs = ms(started) - ms(scheduled);
        const runMs = ms(event) - ms(started);
        acc.activities += 1;
        acc.activityQueueMs += queueMs;
        acc.activityRunMs += runMs;
        const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        const per = acc.perActivity.get(name) ?? { count: 0, runMs: 0, queueMs: 0 };
        per.count += 1;
        per.runMs += runMs;
        per.queueMs += queueMs;
        acc.perActivity.set(name, per);
      }
    }
  }
}

/** Profiles the `updateName` Updates accepted within `window` (epoch ms) in the given workflows' histories. */
export async function profileUpdates(client: Client, workflowIds: string[], updateName: string, window = { fromMs: 0, toMs: Infinity }): Promise<UpdateProfile> {
  const acc: Acc = { updates: 0, serverSideMs: 0, workflowTasks: 0, workflowTaskQueueMs: 0, workflowTaskRunMs: 0, activities: 0, activityQueueMs: 0, activityRunMs: 0, perActivity: new Map() };
  for (const workflowId of workflowIds) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    profileHistory(history.events ?? [], updateName, acc, window);
  }
  const n = acc.updates || 1;
  const mean = (total: number) => round(total / n, 2);
  const meanOther = (acc.serverSideMs - acc.workflowTaskQueueMs - acc.workflowTaskRunMs - acc.activityQueueMs - acc.activityRunMs) / n;
  return {
    updates: acc.updates,
    meanServerSideMs: mean(acc.serverSideMs),
    meanWorkflowTasks: mean(acc.workflowTasks),
    meanWorkflowTaskQueueMs: mean(acc.workflowTaskQueueMs),
    meanWorkflowTaskRunMs: mean(acc.workflowTaskRunMs),
    meanActivities: mean(acc.activities),
    meanActivityQueueMs: mean(acc.activityQueueMs),
    meanActivityRunMs: mean(acc.activityRunMs),
    meanOtherMs: round(meanOther, 2),
    perActivity: Object.fromEntries(
      [...acc.perActivity].map(([name, per]) => [name, { count: per.count, meanRunMs: round(per.runMs / per.count, 2), meanQueueMs: round(per.queueMs / per.count, 2) }]),
    ),
  };
}
