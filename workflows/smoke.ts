// Two tiny workflows that prove the stack end to end: one round trip through an activity that
// writes through Prisma, and one long sleep that time skipping must collapse to seconds.
import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { SmokeActivities } from '../activities/smoke';

const { recordSmokeCheck } = proxyActivities<SmokeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

export interface SmokeInput {
  note: string;
}

export async function smokeWorkflow(input: SmokeInput): Promise<{ auditEntryId: string }> {
  const { workflowId, runId } = workflowInfo();
  return recordSmokeCheck({ workflowId, runId, note: input.note });
}

/** Sleeps for `duration` of workflow time and reports how much workflow time passed. */
export async function longSleepWorkflow(input: { duration: Duration }): Promise<{ sleptMs: number }> {
  const started = Date.now(); // workflow time: deterministic, and skipped by the test server
  await sleep(input.duration);
  return { sleptMs: Date.now() - started };
}
