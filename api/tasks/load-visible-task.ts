// A task a person asked to act on, if they may see it: its assignee, or anyone who may see its
// case or its deal. Otherwise 404. Whether they may *act* on it is the workflow's call (403
// NOT_ASSIGNEE).
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import { canSeeCase, notFound } from '../auth/access';
import { canSeeDeal } from '../deals/load-visible-deal';
import type { Me } from '../deps';

export async function loadVisibleTask(db: Db, me: Me, taskId: string) {
  const task = await db.task.findUnique({
    where: { id: taskId },
    include: {
      case: { select: { id: true, reference: true, institutionId: true, researcherId: true, workflowId: true, status: true } },
      deal: { select: { id: true, reference: true, institutionId: true, leadResearcherId: true, workflowId: true, status: true } },
    },
  });
  const visible =
    task !== null &&
    (task.assigneeId === me.id ||
      (task.case !== null && canSeeCase(me, task.case)) ||
      (task.deal !== null && canSeeDeal(me, task.deal)));
  if (!visible) throw notFound('Task', taskId);
  return task;
}

export type VisibleTask = Awaited<ReturnType<typeof loadVisibleTask>>;
export type VisibleCaseTask = VisibleTask & { caseId: string; case: NonNullable<VisibleTask['case']> };

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
