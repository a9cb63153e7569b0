// The one way a workflow's task lands in the inbox, for cases, deals and settlements alike:
// insert-if-missing by key (a retry must not reset a task that has since been claimed) and its
// audit entry, in the caller's transaction. Returns whether this call inserted it, so the caller
// writes what follows from a newly opened task (e.g. the step under review) only once.
import type { Prisma, Role, TaskKind } from '../../prisma/generated/client';
import { recordAuditEntry, type AuditEntryInput } from '../audit/record-audit-entry';
import { uuidFromKey } from '../infra/key-uuid';

export const taskIdOf = (key: string) => uuidFromKey(`task:${key}`);

export interface OpenedTask {
  key: string;
  kind: TaskKind;
  stepKey: string;
  title: string;
  assigneeId: string | null;
  candidateRole: Role | null;
  /** A DEPT_HEAD task of a case belongs to the heads of this department. */
  departmentId?: string | null;
  escalationRole: Role | null;
  dueAt: number | null;
  escalated: boolean;
  openedAt: number;
}

/** What the task belongs to: exactly one of a case, a deal or a settlement. */
export type TaskSubject = { caseId: string } | { dealId: string } | { settlementId: string };

export async function insertTask(tx: Prisma.TransactionClient, opening: TaskOpening): Promise<boolean> {
  const inserted = await insertTaskRow(tx, opening);
  if (inserted) await recordAuditEntry(tx, taskOpenedEntry(opening));
  return inserted;
}

export interface TaskOpening {
  institutionId: string;
  subject: TaskSubject;
  task: OpenedTask;
}

/** The task's row, unless one with its key exists; whether this call inserted it. */
export async function insertTaskRow(tx: Prisma.TransactionClient, { institutionId, subject, task }: TaskOpening): Promise<boolean> {
  const { count } = await tx.task.createMany({
    data: [
      {
        id: taskIdOf(task.key),
        key: task.key,
        institutionId,
        ...subject,
        kind: task.kind,
        stepKey: task.stepKey,
        title: task.title,
        assigneeId: task.assigneeId,
        candidateRole: task.candidateRole,
        departmentId: task.departmentId ?? null,
        escalationRole: task.escalationRole,
        dueAt: task.dueAt === null ? null : new Date(task.dueAt),
        escalated: task.escalated,
        state: 'OPEN',
        createdAt: new Date(task.openedAt),
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

/** The audit entry of a task opened. */
export function taskOpenedEntry({ subject, task }: TaskOpening): AuditEntryInput {
  return {
    key: `task:${task.key}:opened`,
    entityType: 'Task',
    entityId: taskIdOf(task.key),
    actorId: null,
    action: 'task.opened',
    after: { ...subject, kind: task.kind, stepKey: task.stepKey, assigneeId: task.assigneeId, candidateRole: task.candidateRole, dueAt: task.dueAt },
    at: new Date(task.openedAt),
  };
}
