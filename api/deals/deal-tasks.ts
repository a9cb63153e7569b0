// Tasks of an IP deal in the shared inbox: claim, decide and delegate go to the deal's workflow
// (claimDealTask, decideDeal, resolveDealObjection, delegateDealTask). Tasks done by an action
// on the deal itself (resubmit, exchange result, signed contract, payments, royalty reports)
// answer 409 WRONG_STEP naming the endpoint. No one decides a step of a deal they are barred
// from — its lead researcher, its team, anyone with an interest in the counterparty — checked
// here against the read model (403 CONFLICT_OF_INTEREST) and again by the workflow; the
// actor's own seats on the team come with the task (api/tasks/load-visible-task.ts).
import type { Client } from '@temporalio/client';
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import type { BarredApprover } from '../../domain/licensing';
import {
  claimDealTaskUpdate,
  decideDealUpdate,
  delegateDealTaskUpdate,
  resolveDealObjectionUpdate,
  type Actor,
} from '../../workflows/contracts/ip-deal';
import type { Me } from '../deps';
import { fieldError } from '../errors';
import type { VisibleTask } from '../tasks/load-visible-task';
import { updateDeal } from './deal-workflow';

export type VisibleDealTask = VisibleTask & { deal: NonNullable<VisibleTask['deal']> };

export function isDealTask(task: VisibleTask): task is VisibleDealTask {
  return task.deal !== null;
}

/** Where the work of a task that is not decided in the inbox is done. */
const DONE_ELSEWHERE: Partial<Record<VisibleTask['kind'], (dealId: string) => string>> = {
  RESUBMIT: (id) => `A resubmission task is done by editing and resubmitting the deal (PATCH /deals/${id}, then POST /deals/${id}/submit)`,
  EXCHANGE_RESULT: (id) => `The exchange's result is recorded with POST /deals/${id}/exchange-result`,
  SIGN_CONTRACT: (id) => `The signed contract is recorded with POST /deals/${id}/signed-contract (upload it first to POST /deals/${id}/documents)`,
  PAYMENT_FOLLOW_UP: (id) => `A payment is recorded with POST /deals/${id}/payments`,
  ROYALTY_FOLLOW_UP: (id) => `A royalty report is recorded with POST /deals/${id}/royalty-reports`,
};

/** Decision tasks (approval steps, objection reviews) are barred to people with a stake in the deal. */
const DECISION_KINDS: readonly VisibleTask['kind'][] = ['APPROVAL', 'OBJECTION_REVIEW'];

type BarredReason = BarredApprover['reason'];
const AS_YOU: Record<BarredReason, string> = {
  LEAD_RESEARCHER: 'you are its lead researcher',
  TEAM_MEMBER: 'you are on its team',
  COUNTERPARTY_INTEREST: 'you declared an interest in the counterparty',
};
const AS_DEPUTY: Record<BarredReason, string> = {
  LEAD_RESEARCHER: 'they are its lead researcher',
  TEAM_MEMBER: 'they are on its team',
  COUNTERPARTY_INTEREST: 'they declared an interest in the counterparty',
};

type TeamSeat = { counterpartyInterest: string | null };

/** Why a person, given their seats on the deal's team, may not decide anything on it (domain/licensing barredApprovers), or null. */
function barredBy(deal: { leadResearcherId: string }, personId: string, seats: readonly TeamSeat[]): BarredReason | null {
  if (deal.leadResearcherId === personId) return 'LEAD_RESEARCHER';
  if (seats.length === 0) return null;
  return seats.some((seat) => seat.counterpartyInterest !== null) ? 'COUNTERPARTY_INTEREST' : 'TEAM_MEMBER';
}

/** Why `personId` may not decide anything on the deal, or null: reads their seats on its team. */
export async function barredReason(db: Db, deal: { id: string; leadResearcherId: string }, personId: string): Promise<BarredReason | null> {
  if (deal.leadResearcherId === personId) return 'LEAD_RESEARCHER';
  const seats = await db.dealTeamMember.findMany({ where: { dealId: deal.id, personId }, select: { counterpartyInterest: true } });
  return barredBy(deal, personId, seats);
}

/** 403 when `me` has a stake in the deal (a decision step only); the task was loaded for `me`, so `task.deal.team` holds their seats alone. */
function assertNotBarred(task: VisibleDealTask, me: Me): void {
  if (!DECISION_KINDS.includes(task.kind)) return;
  const reason = barredBy(task.deal, me.id, task.deal.team);
  if (reason) throw new AppError('CONFLICT_OF_INTEREST', `You may not act on a step of deal ${task.deal.reference}: ${AS_YOU[reason]}`, { details: { reason } });
}

export async function claimDealTask(deps: { db: Db; temporal: Client }, me: Me, actor: Actor, task: VisibleDealTask): Promise<void> {
  assertNotBarred(task, me);
  await updateDeal(deps.temporal, task.deal, claimDealTaskUpdate, { actor, taskKey: task.key });
}

export async function decideDealTask(
  deps: { db: Db; temporal: Client },
  me: Me,
  actor: Actor,
  task: VisibleDealTask,
  { decision, comment, expectedVersion }: { decision: string; comment?: string | undefined; expectedVersion?: number | undefined },
): Promise<void> {
  const elsewhere = DONE_ELSEWHERE[task.kind];
  if (elsewhere) throw new AppError('WRONG_STEP', elsewhere(task.deal.id), { details: { kind: task.kind } });
  assertNotBarred(task, me);
  if (task.kind === 'APPROVAL') {
    if (decision !== 'APPROVE' && decision !== 'REJECT' && decision !== 'RETURN') {
      throw fieldError('decision', 'an approval step is decided with APPROVE, REJECT or RETURN');
    }
    if (decision !== 'APPROVE' && !comment) throw fieldError('comment', `the reason is required to ${decision === 'REJECT' ? 'reject' : 'return for changes'}`);
    await updateDeal(deps.temporal, task.deal, decideDealUpdate, {
      actor,
      taskKey: task.key,
      decision,
      ...(comment ? { comment } : {}),
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    });
  } else if (task.kind === 'OBJECTION_REVIEW') {
    if (decision !== 'DISMISS' && decision !== 'UPHOLD') throw fieldError('decision', 'an objection review is decided with DISMISS or UPHOLD');
    if (!comment) throw fieldError('comment', 'the reasoning for the resolution is required');
    await updateDeal(deps.temporal, task.deal, resolveDealObjectionUpdate, { actor, taskKey: task.key, outcome: decision, comment });
  } else {
    throw new AppError('WRONG_STEP', `A ${task.kind} task of a deal is not decided here`);
  }
}

export async function delegateDealTask(
  deps: { db: Db; temporal: Client },
  me: Me,
  actor: Actor,
  task: VisibleDealTask,
  { deputyId, comment }: { deputyId: string; comment?: string | undefined },
): Promise<void> {
  assertNotBarred(task, me);
  if (DECISION_KINDS.includes(task.kind)) {
    const reason = await barredReason(deps.db, task.deal, deputyId);
    if (reason) throw fieldError('deputyId', `the deputy may not act on a step of this deal: ${AS_DEPUTY[reason]}`);
  }
  await updateDeal(deps.temporal, task.deal, delegateDealTaskUpdate, { actor, taskKey: task.key, deputyId, ...(comment ? { comment } : {}) });
}
