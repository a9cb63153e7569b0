// Tasks the retention clock opens (keys `<caseId>:clock:…`) live in the same inbox as the case
// tasks but belong to the clock's workflow: an APPROVAL (early return, extension step,
// resignation) is decided with APPROVE or REJECT through the clock's decideRequest update; the
// ESCALATION "record the outcome" is done with POST /cases/{id}/clock/outcome. Neither is
// claimed or delegated: every holder of the task's role may decide it.
import type { Client } from '@temporalio/client';
import { AppError } from '../../domain/errors';
import { decideRequestUpdate } from '../../workflows/contracts/retention-clock';
import type { Actor } from '../../workflows/contracts/spinout-case';
import { fieldError } from '../errors';
import { clockWorkflow } from './clock-workflow';
import { clockTaskKeyPrefix } from './clock-views';

export const isClockTask = (task: { key: string; caseId: string }) => task.key.startsWith(clockTaskKeyPrefix(task.caseId));

export function refuseClockTaskAction(task: { caseId: string; title: string }, action: 'claimed' | 'delegated'): never {
  throw new AppError('WRONG_STEP', `Retention-clock tasks are not ${action}: any holder of the task's role decides "${task.title}" directly (POST /tasks/{id}/decide)`);
}

export async function decideClockTask(
  temporal: Client,
  actor: Actor,
  task: { key: string; caseId: string; kind: string },
  { decision, comment }: { decision: string; comment?: string | undefined },
): Promise<void> {
  if (task.kind === 'ESCALATION') {
    const path = `/cases/${task.caseId}/clock/outcome`;
    throw new AppError('WRONG_STEP', `The retention outcome is recorded with POST ${path} ({ outcome: RETURNED | RESIGNED | TERMINATED, reason, on })`, { details: { path } });
  }
  if (task.kind !== 'APPROVAL') throw new AppError('WRONG_STEP', `A ${task.kind} task of the retention clock is not decided here`);
  if (decision !== 'APPROVE' && decision !== 'REJECT') {
    throw fieldError('decision', 'a retention-clock request is decided with APPROVE or REJECT (comment = the reason to refuse)');
  }
  await clockWorkflow(temporal, task.caseId).executeUpdate(decideRequestUpdate, {
    args: [{ actor, taskKey: task.key, approve: decision === 'APPROVE', ...(comment ? { comment } : {}) }],
  });
}
