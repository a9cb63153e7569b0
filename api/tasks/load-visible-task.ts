// A task a person asked to act on, if they may see it: its assignee, or anyone who may see its
// case. Otherwise 404. Whether they may *act* on it is the workflow's call (403 NOT_ASSIGNEE).
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import { canSeeCase, notFound } from '../auth/access';
import type { Me } from '../deps';

export async function loadVisibleTask(db: Db, me: Me, taskId: string) {
  const task = await db.task.findUnique({
    where: { id: taskId },
    include: { case: { select: { id: true, reference: true, institutionId: true, researcherId: true, workflowId: true, status: true } } },
  });
  if (!task || !(task.assigneeId === me.id || canSeeCase(me, task.case))) throw notFound('Task', taskId);
  return task;
}

/** A decided or cancelled task takes no more actions (and its workflow may have finished). */
export function assertTaskOpen(task: { state: string; title: string }): void {
  if (task.state === 'DONE' || task.state === 'CANCELLED') {
    throw new AppError('ALREADY_DECIDED', `Task "${task.title}" is ${task.state === 'DONE' ? 'already decided' : 'cancelled'}`);
  }
}
