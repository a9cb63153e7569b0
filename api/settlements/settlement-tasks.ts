// Tasks of a settlement in the shared inbox (/tasks/{id}/claim, /decide, /delegate): each goes
// to the settlement's workflow. Finance review and the tier's leadership approval are decided
// with APPROVE, REJECT or RETURN; objections to the published plan with DISMISS or UPHOLD. The
// preparation and payout tasks are done by actions on the settlement itself (409 WRONG_STEP,
// naming the endpoint). People in the plan never decide on their own settlement (the workflow
// answers 403 CONFLICT_OF_INTEREST). The routes load the task once (api/tasks/load-visible-task.ts,
// which also checks who may see a settlement's task) and hand it here when isSettlementTask.
import type { Client } from '@temporalio/client';
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import {
  claimSettlementTaskUpdate,
  decideSettlementUpdate,
  delegateSettlementTaskUpdate,
  resolveSettlementObjectionUpdate,
} from '../../workflows/contracts/settlement';
import { actorOf, notFound } from '../auth/access';
import { taskInclude, toTask } from '../cases/views';
import { dealSummarySelect, toDealSummary } from '../deals/views';
import type { Me } from '../deps';
import { fieldError } from '../errors';
import { assertTaskOpen, type VisibleTask } from '../tasks/load-visible-task';
import { settlementWorkflow } from './settlement-workflow';

type Deps = { db: Db; temporal: Client };

export type VisibleSettlementTask = VisibleTask & { settlement: NonNullable<VisibleTask['settlement']> };

export function isSettlementTask(task: VisibleTask): task is VisibleSettlementTask {
  return task.settlement !== null;
}

/** The answer of every task action: the task, and the settlement's deal (settlement tasks have no case). */
export async function settlementTaskResult(db: Db, taskId: string) {
  const task = await db.task.findUniqueOrThrow({
    where: { id: taskId },
    include: { ...taskInclude, settlement: { select: { deal: { select: dealSummarySelect } } } },
  });
  return { task: toTask(task), case: null, deal: task.settlement ? toDealSummary(task.settlement.deal) : null };
}

export async function claimSettlementTask({ db, temporal }: Deps, me: Me, task: VisibleSettlementTask) {
  assertTaskOpen(task);
  await settlementWorkflow(temporal, task.settlement.workflowId).executeUpdate(claimSettlementTaskUpdate, { args: [{ actor: actorOf(me), taskKey: task.key }] });
  return settlementTaskResult(db, task.id);
}

export async function decideSettlementTask(
  { db, temporal }: Deps,
  me: Me,
  task: VisibleSettlementTask,
  { decision, comment, expectedVersion }: { decision: string; comment?: string | undefined; expectedVersion?: number | undefined },
) {
  assertTaskOpen(task);
  const id = task.settlement.id;
  const handle = settlementWorkflow(temporal, task.settlement.workflowId);
  const actor = actorOf(me);
  switch (task.kind) {
    case 'PREPARE_SETTLEMENT':
      throw new AppError('WRONG_STEP', `The plan is prepared with PATCH /settlements/${id} and submitted with POST /settlements/${id}/submit`, { details: { kind: task.kind } });
    case 'RECORD_PAYOUT':
      throw new AppError('WRONG_STEP', `A payout is recorded with POST /settlements/${id}/payout`, { details: { kind: task.kind } });
    case 'FINANCE_REVIEW':
    case 'APPROVAL':
      if (decision !== 'APPROVE' && decision !== 'REJECT' && decision !== 'RETURN') {
        throw fieldError('decision', 'a review of a distribution plan is decided with APPROVE, REJECT or RETURN');
      }
      if (decision !== 'APPROVE' && !comment) throw fieldError('comment', `the reason is required to ${decision === 'REJECT' ? 'reject' : 'return for changes'}`);
      await handle.executeUpdate(decideSettlementUpdate, {
        args: [{ actor, taskKey: task.key, decision, ...(comment ? { comment } : {}), ...(expectedVersion === undefined ? {} : { expectedVersion }) }],
      });
      break;
    case 'OBJECTION_REVIEW':
      if (decision !== 'DISMISS' && decision !== 'UPHOLD') throw fieldError('decision', 'an objection review is decided with DISMISS or UPHOLD');
      if (!comment) throw fieldError('comment', 'the reasoning for the resolution is required');
      await handle.executeUpdate(resolveSettlementObjectionUpdate, { args: [{ actor, taskKey: task.key, outcome: decision, comment }] });
      break;
    default:
      throw new AppError('WRONG_STEP', `A ${task.kind} task of a settlement is not decided here`);
  }
  return settlementTaskResult(db, task.id);
}

export async function delegateSettlementTask({ db, temporal }: Deps, me: Me, task: VisibleSettlementTask, { deputyId, comment }: { deputyId: string; comment?: string | undefined }) {
  assertTaskOpen(task);
  const deputy = await db.person.findUnique({ where: { id: deputyId }, select: { id: true, institutionId: true, roles: true, active: true } });
  if (!deputy || deputy.institutionId !== me.institutionId) throw notFound('Deputy (deputyId)', deputyId);
  if (!deputy.active) throw fieldError('deputyId', 'the deputy’s account is deactivated');
  if (task.candidateRole !== null && !deputy.roles.includes(task.candidateRole)) throw fieldError('deputyId', `the deputy must hold the task’s role ${task.candidateRole}`);
  await settlementWorkflow(temporal, task.settlement.workflowId).executeUpdate(delegateSettlementTaskUpdate, {
    args: [{ actor: actorOf(me), taskKey: task.key, deputyId, ...(comment ? { comment } : {}) }],
  });
  return settlementTaskResult(db, task.id);
}
