// A staff member's inbox: tasks assigned to them, open to one of their roles, or escalated to
// them; soonest due first, overdue ones marked in words as well as colour.
import { Badge, DataTable, Pager } from '../components/bits';
import { fieldId } from '../components/field';
import { formatInstant } from '../format';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import type { InboxTask, PageMeta } from '../views';
import { roleLabel } from './case-detail';
import { elsewhereOf } from './deal-detail';

// The kinds the inbox filter offers (the API's TASK_KINDS, spin-out ones first).
const KINDS = ['APPROVAL', 'OBJECTION_REVIEW', 'RESUBMIT', 'SIGN_AGREEMENT', 'ESCALATION', 'EXCHANGE_RESULT', 'SIGN_CONTRACT', 'PAYMENT_FOLLOW_UP', 'ROYALTY_FOLLOW_UP', 'PREPARE_SETTLEMENT', 'FINANCE_REVIEW', 'RECORD_PAYOUT'];

/** What a task belongs to (a case, a deal or a settlement), where its page is, and where a deal task not decided here is done. */
function subjectOf(t: Messages, task: InboxTask): { href: string | null; reference: string; title: string; elsewhere: { href: string; text: string } | null } {
  if (task.case) return { href: `/app/cases/${task.case.id}#task-${task.id}`, reference: task.case.reference, title: task.case.title, elsewhere: null };
  if (task.deal) return { href: `/app/deals/${task.deal.id}#task-${task.id}`, reference: task.deal.reference, title: task.deal.title, elsewhere: elsewhereOf(t, task.deal, task.kind) };
  if (task.settlement) {
    const period = task.settlement.period ? `${task.settlement.period.from} – ${task.settlement.period.to}` : '';
    return { href: `/app/settlements/${task.settlement.id}#task-${task.id}`, reference: task.settlement.reference, title: task.settlement.title ?? period, elsewhere: null };
  }
  return { href: null, reference: t.common.none, title: '', elsewhere: null };
}

export function InboxPage({ t, lang, items, meta, query }: { t: Messages; lang: Lang; items: InboxTask[]; meta: PageMeta; query: { kind?: string | undefined; overdue?: string | undefined } }) {
  return (
    <div>
      <h1>{t.inbox.title}</h1>
      <p class="lead">{t.inbox.intro(meta.total)}</p>
      <form method="get" action="/app/inbox" class="filters" role="search" aria-label={t.common.filters}>
        <div class="field">
          <label for={fieldId('kind')}>{t.inbox.kind}</label>
          <select id={fieldId('kind')} name="kind">
            <option value="">{t.common.all}</option>
            {KINDS.map((kind) => (
              <option value={kind} selected={query.kind === kind}>
                {t.labels.taskKind[kind] ?? kind}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('overdue')}>{t.inbox.due}</label>
          <select id={fieldId('overdue')} name="overdue">
            <option value="">{t.common.all}</option>
            <option value="true" selected={query.overdue === 'true'}>
              {t.inbox.onlyOverdue}
            </option>
            <option value="false" selected={query.overdue === 'false'}>
              {t.inbox.notOverdue}
            </option>
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="button">
            {t.common.filter}
          </button>
          <a href="/app/inbox">{t.common.reset}</a>
        </div>
      </form>
      <DataTable
        label={t.inbox.title}
        testId="inbox-table"
        columns={[{ label: t.inbox.case }, { label: t.inbox.task }, { label: t.inbox.why }, { label: t.inbox.dueAt }]}
        rows={items}
        empty={t.inbox.empty}
        row={(task) => {
          const { href, reference, title, elsewhere } = subjectOf(t, task);
          return (
            <tr class={task.overdue ? 'overdue' : ''}>
              <td>
                {href ? <a href={href}>{reference}</a> : reference}
                <div class="muted">{title}</div>
              </td>
              <td>
                {pick(lang, task.title)}
                <div class="muted">{t.labels.taskKind[task.kind] ?? task.kind}</div>
                {elsewhere ? (
                  <div class="muted" data-testid="done-elsewhere">
                    {t.deals.doneElsewhere(elsewhere.text)} <a href={elsewhere.href}>{t.deals.goThere}</a>
                  </div>
                ) : null}
              </td>
              <td>
                {t.labels.why[task.why]}
                {task.why === 'CANDIDATE' && task.candidateRole ? <div class="muted">{roleLabel(lang, task.candidateRole)}</div> : null}
              </td>
              <td>
                {formatInstant(task.dueAt)}{' '}
                {task.overdue ? (
                  <Badge tone="danger">
                    <span aria-hidden="true">⚠ </span>
                    {t.task.overdue}
                  </Badge>
                ) : null}
              </td>
            </tr>
          );
        }}
      />
      <Pager t={t} meta={meta} path="/app/inbox" query={query} />
    </div>
  );
}
