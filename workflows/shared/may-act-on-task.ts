// Who may act on an open task, the same for every process: its named assignee; when it has
// none, anyone holding its candidate role (a department head's task only for heads of its
// department); and once it is overdue and escalated, anyone holding the escalation role.
// Processes add their own bars before this (no one decides their own case or deal).
import type { Role } from '../../domain/policy';
import type { Actor } from '../contracts/spinout-case';

export interface ActionableTask {
  assigneeId: string | null;
  candidateRole: Role | null;
  /** Limits a DEPT_HEAD task to the heads of this department; absent or null, any head. */
  departmentId?: string | null;
  escalated: boolean;
  escalationRole: Role | null;
}

export function mayActOnTask(task: ActionableTask, actor: Actor): boolean {
  if (task.assigneeId !== null) {
    if (task.assigneeId === actor.personId) return true;
  } else if (task.candidateRole !== null && actor.roles.includes(task.candidateRole)) {
    const department = task.departmentId ?? null;
    if (task.candidateRole !== 'DEPT_HEAD' || department === null || department === actor.departmentId) return true;
  }
  return task.escalated && task.escalationRole !== null && actor.roles.includes(task.escalationRole);
}
