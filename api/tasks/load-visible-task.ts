// A task a person asked to act on (claim, decide, delegate), if they may see it: its assignee,
// or anyone who may see what it belongs to — its settlement, case or deal. Otherwise 404.
// Whether they may *act* on it is the workflow's call (403 NOT_ASSIGNEE).
//
// One query reads the task with exactly what the visibility checks and the Update need from
// its subject (every query on the decision round trip costs CPU, see bench/); the routes then
// dispatch on the subject: isSettlementTask (api/settlements/settlement-tasks.ts), isDealTask
// (api/deals/deal-tasks.ts), requireCaseTask (here, retention-clock tasks included).
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import type { Prisma } from '../../prisma/generated/client';
import { canSeeCase, isStaff, notFound } from '../auth/access';
import { canSeeDeal } from '../deals/load-visible-deal';
import type { Me } from '../deps';

const visibleTaskSelect = (me: Me) =>
  ({
    id: true,
    key: true,
    kind: true,
    title: true,
    state: true,
    assigneeId: true,
    candidateRole: true,
    departmentId: true,
    caseId: true,
    case: { select: { institutionId: true, researcherId: true, workflowId: true } },
    deal: {
      select: {
        id: true,
        reference: true,
        institutionId: true,
        leadResearcherId: true,
        workflowId: true,
        // Only `me`'s own seats on the deal's team: whether they are barred from deciding its steps.
        team: { where: { personId: me.id }, select: { counterpartyInterest: true } },
      },
    },
    settlement: { select: { id: true, institutionId: true, workflowId: true } },
  }) satisfies Prisma.TaskSelect;

export type VisibleTask = Prisma.TaskGetPayload<{ select: ReturnType<typeof visibleTaskSelect> }>;
export type VisibleCaseTask = VisibleTask & { caseId: string; case: NonNullable<VisibleTask['case']> };

/** A settlement's task is seen by its assignee and its institution's staff; a case's or deal's, as the case or deal. */
function canSeeTask(me: Me, task: VisibleTask): boolean {
  if (task.assigneeId === me.id) return true;
  if (task.settlement !== null) return task.settlement.institutionId === me.institutionId && isStaff(me);
  return (task.case !== null && canSeeCase(me, task.case)) || (task.deal !== null && canSeeDeal(me, task.deal));
}

export async function loadVisibleTask(db: Db, me: Me, taskId: string): Promise<VisibleTask> {
  const task = await db.task.findUnique({ where: { id: taskId }, select: visibleTaskSelect(me) });
  if (task === null || !canSeeTask(me, task)) throw notFound('Task', taskId);
  return task;
}

/** Narrows a task to one of a spin-out case (deal tasks: api/deals/deal-tasks.ts isDealTask). */
export function isCaseTask(task: VisibleTask): task is VisibleCaseTask {
  return task.caseId !== null && task.case !== null;
}

export function requireCaseTask(task: VisibleTask): VisibleCaseTask {
  if (!isCaseTask(task)) throw new AppError('WRONG_STEP', `Task "${task.title}" does not belong to a spin-out case`);
  return task;
}

/** A decided or cancelled task takes no more actions (and its workflow may have finished). */
export function assertTaskOpen(task: { state: string; title: string }): void {
  if (task.state === 'DONE' || task.state === 'CANCELLED') {
    throw new AppError('ALREADY_DECIDED', `Task "${task.title}" is ${task.state === 'DONE' ? 'already decided' : 'cancelled'}`);
  }
}
