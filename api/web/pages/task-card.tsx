// An open step on a case's or a deal's page: what it is, whose it is, its due date, and — for
// whoever may decide it — the decision form, claim and delegation. The form posts to
// /app/tasks/{id}/decide whatever the task belongs to: the API sends it to the right workflow.
// A deal task that is not decided here (exchange result, signed contract, payments) points to
// the form on the page where it is done.
import { ROLE_LABELS, type Role } from '../../../domain/policy';
import { Badge } from '../components/bits';
import { RadioGroup, SelectField, TextArea, TextField, type Option } from '../components/field';
import { formatInstant } from '../format';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import type { WebMe } from '../session';
import type { Directory, Task } from '../views';

export interface FormErrors {
  form: string;
  fields: Record<string, string>;
  message?: string | undefined;
  values?: Record<string, string>;
  /** Where the refused thing is done instead (a task decided elsewhere). */
  link?: { href: string; text: string } | undefined;
}

export function errorsFor(formErrors: FormErrors | null, form: string) {
  return formErrors?.form === form ? formErrors : null;
}

export function FormMessage({ errors }: { errors: FormErrors | null }) {
  return errors?.message ? (
    <p class="form-message" role="alert">
      {errors.message}
      {errors.link ? (
        <>
          {' '}
          <a href={errors.link.href}>{errors.link.text}</a>
        </>
      ) : null}
    </p>
  ) : null;
}

export function roleLabel(lang: Lang, role: string | null): string {
  return role && role in ROLE_LABELS ? pick(lang, ROLE_LABELS[role as Role]) : (role ?? '');
}

/** Whether `me` holds the task (assignee, its role, or the role it was escalated to); the API has the last word. */
export function holdsTask(me: WebMe, task: Task): boolean {
  if (!['OPEN', 'CLAIMED'].includes(task.state)) return false;
  const roles = me.roles as string[];
  if (task.assignee) return task.assignee.id === me.id || (task.escalated && task.escalationRole !== null && roles.includes(task.escalationRole));
  if (task.candidateRole && roles.includes(task.candidateRole)) {
    return task.candidateRole !== 'DEPT_HEAD' || task.departmentId === null || task.departmentId === me.department?.id;
  }
  return task.escalated && task.escalationRole !== null && roles.includes(task.escalationRole);
}

export interface TaskSubject {
  /** The hidden field naming the subject, so a refusal is shown on its page. */
  field: 'caseId' | 'dealId' | 'settlementId';
  id: string;
  version: number;
  /** Decision choices of an approval step. */
  approvalChoices: readonly ('APPROVE' | 'RETURN' | 'REJECT')[];
  delegable: boolean;
}

export function TaskCard({
  t,
  lang,
  me,
  task,
  subject,
  actionable,
  deputies,
  formErrors,
  note,
}: {
  t: Messages;
  lang: Lang;
  me: WebMe;
  task: Task;
  subject: TaskSubject;
  actionable: boolean;
  deputies: Directory['items'];
  formErrors: FormErrors | null;
  /** Said instead of the form: why this person may not decide, or where the task is done. */
  note?: { text: string; link?: { href: string; text: string } | undefined } | undefined;
}) {
  const decideErrors = errorsFor(formErrors, `decide-${task.id}`);
  const delegateErrors = errorsFor(formErrors, `delegate-${task.id}`);
  const decisions: Option[] =
    task.kind === 'OBJECTION_REVIEW'
      ? [
          { value: 'DISMISS', label: t.labels.decision.DISMISS },
          { value: 'UPHOLD', label: t.labels.decision.UPHOLD },
        ]
      : subject.approvalChoices.map((value) => ({ value, label: t.labels.decision[value] }));
  const unassignedCandidate = !task.assignee && task.candidateRole !== null && (me.roles as string[]).includes(task.candidateRole);
  const others = deputies.filter((person) => person.id !== me.id);
  return (
    <article class="task-card" id={`task-${task.id}`} data-testid="task-card">
      <header>
        <h3>{pick(lang, task.title)}</h3>
        <p class="muted">
          {t.labels.taskKind[task.kind] ?? task.kind} · {task.assignee ? t.task.assignedTo(task.assignee.name) : t.task.openTo(roleLabel(lang, task.candidateRole))}
          {task.dueAt ? (
            <>
              {' · '}
              {t.task.due(formatInstant(task.dueAt))}
            </>
          ) : null}{' '}
          {task.overdue ? <Badge tone="danger">{t.task.overdue}</Badge> : null}
          {task.escalated ? <Badge tone="warning">{t.task.escalated(roleLabel(lang, task.escalationRole))}</Badge> : null}
        </p>
      </header>
      {note ? (
        <p class="task-note" data-testid="task-note">
          {note.text}
          {note.link ? (
            <>
              {' '}
              <a href={note.link.href}>{note.link.text}</a>
            </>
          ) : null}
        </p>
      ) : null}
      {decideErrors && !actionable ? <FormMessage errors={decideErrors} /> : null}
      {actionable ? (
        <div class="task-actions">
          <form method="post" action={`/app/tasks/${task.id}/decide`} class="decide-form" data-testid="decide-form" novalidate>
            <input type="hidden" name={subject.field} value={subject.id} />
            <input type="hidden" name="expectedVersion" value={String(subject.version)} />
            <FormMessage errors={decideErrors} />
            <RadioGroup name="decision" id={`t-${task.id}-decision`} label={t.task.decision} options={decisions} value={decideErrors?.values?.decision} error={decideErrors?.fields.decision} inline required />
            <TextArea name="comment" id={`t-${task.id}-comment`} label={t.task.comment} hint={t.task.commentHint} value={decideErrors?.values?.comment} error={decideErrors?.fields.comment} rows={3} maxlength={5000} />
            <button type="submit" class="button primary">
              {t.task.submitDecision}
            </button>
          </form>
          <div class="task-side">
            {unassignedCandidate && task.kind === 'APPROVAL' ? (
              <form method="post" action={`/app/tasks/${task.id}/claim`}>
                <input type="hidden" name={subject.field} value={subject.id} />
                <button type="submit" class="button">
                  {t.task.claim}
                </button>
              </form>
            ) : null}
            {task.kind === 'APPROVAL' && others.length > 0 && subject.delegable ? (
              <details open={delegateErrors !== null}>
                <summary>{t.task.delegate}</summary>
                <form method="post" action={`/app/tasks/${task.id}/delegate`} class="delegate-form">
                  <input type="hidden" name={subject.field} value={subject.id} />
                  <FormMessage errors={delegateErrors} />
                  <SelectField
                    name="deputyId"
                    id={`d-${task.id}-deputy`}
                    label={t.task.deputy}
                    options={others.map((person) => ({ value: person.id, label: person.department ? `${person.name}（${person.department.name}）` : person.name }))}
                    placeholder={t.common.choose}
                    value={delegateErrors?.values?.deputyId}
                    error={delegateErrors?.fields.deputyId}
                    required
                  />
                  <TextField name="comment" id={`d-${task.id}-comment`} label={t.task.delegateNote} value={delegateErrors?.values?.comment} error={delegateErrors?.fields.comment} maxlength={5000} />
                  <button type="submit" class="button">
                    {t.task.delegateButton}
                  </button>
                </form>
              </details>
            ) : null}
          </div>
        </div>
      ) : null}
    </article>
  );
}
