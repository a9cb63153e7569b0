// Benefit-sharing settlements (收益分配): the institution's list for staff, and one settlement
// with its open steps (finance review, leadership approval, objections: the same decision form
// as everywhere), the plan's lines with their tax treatment and statements, every step of how
// the plan was computed, the income it took, and its ledger. A person in the plan (not staff)
// sees their own lines and their own explanation only — the API decides what each one sees.
import { Badge, DataTable, Empty, Facts, Pager } from '../components/bits';
import { fieldId } from '../components/field';
import { formatInstant, formatMoney, formatShare } from '../format';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import type { WebMe } from '../session';
import type { Directory, Doc, ExplanationStep, PageMeta, SettlementDetail, SettlementSummary } from '../views';
import { DocumentList } from './case-documents';
import { SettlementActions, type IncomeChoice } from './settlement-forms';
import { holdsTask, TaskCard, type FormErrors } from './task-card';

export const SETTLEMENT_STATUS_ORDER = ['PREPARING', 'FINANCE_REVIEW', 'PUBLICITY', 'OBJECTION_REVIEW', 'LEADERSHIP_APPROVAL', 'APPROVED', 'PAID', 'REVERSED', 'REJECTED', 'CANCELLED'] as const;

export function settlementTone(status: string): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
  if (status === 'PAID' || status === 'APPROVED') return 'success';
  if (status === 'OBJECTION_REVIEW') return 'warning';
  if (status === 'REJECTED' || status === 'REVERSED') return 'danger';
  if (status === 'CANCELLED') return 'neutral';
  return 'info';
}

const amountOf = (t: Messages, unit: string, amount: number) => (unit === 'SHARES' ? t.settlements.sharesOf(amount) : formatMoney(amount));

function stepValue(t: Messages, value: ExplanationStep['value']): string {
  if (!value) return '';
  if (value.unit === 'BP') return formatShare(value.amount);
  return amountOf(t, value.unit, value.amount);
}

export function SettlementListPage({ t, items, meta, query }: { t: Messages; items: SettlementSummary[]; meta: PageMeta; query: { status?: string | undefined; year?: string | undefined } }) {
  return (
    <div>
      <h1>{t.settlements.title}</h1>
      <p class="lead">{t.settlements.intro}</p>
      <form method="get" action="/app/settlements" class="filters" role="search" aria-label={t.common.filters}>
        <div class="field">
          <label for={fieldId('status')}>{t.settlements.status}</label>
          <select id={fieldId('status')} name="status">
            <option value="">{t.common.all}</option>
            {SETTLEMENT_STATUS_ORDER.map((status) => (
              <option value={status} selected={query.status === status}>
                {t.labels.settlementStatus[status]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('year')}>{t.settlements.year}</label>
          <input id={fieldId('year')} name="year" type="number" inputmode="numeric" min="1900" max="9999" value={query.year ?? ''} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="button">
            {t.common.filter}
          </button>
          <a href="/app/settlements">{t.common.reset}</a>
        </div>
      </form>
      <DataTable
        label={t.settlements.title}
        testId="settlements-table"
        columns={[{ label: t.settlements.reference }, { label: t.settlements.deal }, { label: t.settlements.period }, { label: t.settlements.net, num: true }, { label: t.settlements.status }, { label: t.settlements.updated }]}
        rows={items}
        empty={t.settlements.empty}
        row={(item) => (
          <tr>
            <td>
              <a href={`/app/settlements/${item.id}`}>{item.reference}</a>
            </td>
            <td>
              <a href={`/app/deals/${item.deal.id}`}>{item.deal.reference}</a>
              <div class="muted">{item.deal.title}</div>
            </td>
            <td>
              {item.period.from} – {item.period.to}
            </td>
            <td class="num">{formatMoney(item.netFen)}</td>
            <td>
              <Badge tone={settlementTone(item.status)}>{t.labels.settlementStatus[item.status] ?? item.status}</Badge>
            </td>
            <td>{formatInstant(item.updatedAt)}</td>
          </tr>
        )}
      />
      <Pager t={t} meta={meta} path="/app/settlements" query={query} />
    </div>
  );
}

function Steps({ t, lang, steps }: { t: Messages; lang: Lang; steps: ExplanationStep[] }) {
  return (
    <ol class="explanation">
      {steps.map((step) => (
        <li>
          <span class="explanation-label">{pick(lang, step.label)}</span>
          {step.value ? <strong class="explanation-value">{stepValue(t, step.value)}</strong> : null}
          {step.detail ? <div class="muted">{pick(lang, step.detail)}</div> : null}
        </li>
      ))}
    </ol>
  );
}

export function SettlementDetailPage({
  t,
  lang,
  me,
  settlement,
  deputies,
  formErrors,
  actions,
}: {
  t: Messages;
  lang: Lang;
  me: WebMe;
  settlement: SettlementDetail;
  deputies: Record<string, Directory['items']>;
  formErrors: FormErrors | null;
  actions: { incomeChoices: IncomeChoice[]; documents: Doc[]; paymentKey: string; today: string };
}) {
  const s = settlement;
  const staff = s.viewer === 'STAFF';
  const totals = s.result?.totals ?? {};
  const money = (key: string) => (typeof totals[key] === 'number' ? formatMoney(totals[key]) : t.common.none);
  const decidable = ['FINANCE_REVIEW', 'APPROVAL', 'OBJECTION_REVIEW'];
  return (
    <div class="settlement-detail">
      <p class="breadcrumbs">
        {staff ? <a href="/app/settlements">{t.settlements.title}</a> : t.settlements.title} › {s.reference}
      </p>
      <div class="page-head">
        <div>
          <h1>
            {t.settlements.title} <span class="muted">{s.reference}</span>
          </h1>
          <p>
            <Badge tone={settlementTone(s.status)}>
              <span data-testid="settlement-status">{t.labels.settlementStatus[s.status] ?? s.status}</span>
            </Badge>{' '}
            <a href={`/app/deals/${s.deal.id}`}>{s.deal.reference}</a> {s.deal.title} · {s.period.from} – {s.period.to} · <strong data-testid="settlement-net">{formatMoney(s.netFen)}</strong>
          </p>
        </div>
      </div>

      {s.openTasks.length > 0 ? (
        <section aria-labelledby="open-steps">
          <h2 id="open-steps">{t.deals.openSteps}</h2>
          {s.openTasks.map((task) => (
            <TaskCard
              t={t}
              lang={lang}
              me={me}
              task={task}
              subject={{ field: 'settlementId', id: s.id, version: s.version, approvalChoices: ['APPROVE', 'RETURN', 'REJECT'], delegable: true }}
              actionable={decidable.includes(task.kind) && holdsTask(me, task)}
              deputies={deputies[task.id] ?? []}
              formErrors={formErrors}
              note={decidable.includes(task.kind) ? undefined : { text: t.settlements.notInPages }}
            />
          ))}
        </section>
      ) : null}

      {staff ? (
        <section aria-labelledby="settlement-overview">
          <h2 id="settlement-overview">{t.settlements.overview}</h2>
          <Facts
            items={[
              [t.settlements.gross, formatMoney(s.grossFen)],
              [t.settlements.deductions, formatMoney(s.deductionsFen)],
              [t.settlements.net, formatMoney(s.netFen)],
              [t.settlements.team, money('teamFen')],
              [t.settlements.institution, money('institutionFen')],
              [t.settlements.department, money('departmentFen')],
              [t.settlements.ttoFund, money('ttoFundFen')],
              [t.settlements.taxable, money('taxableWageIncomeFen')],
              [t.settlements.shares, typeof totals.sharesGranted === 'number' && totals.sharesGranted > 0 ? t.settlements.sharesOf(totals.sharesGranted) : t.common.none],
              [t.settlements.approvalTier, s.result?.approval ? pick(lang, s.result.approval.label) : t.common.none],
              [t.settlements.createdBy, s.createdBy?.name ?? t.common.none],
              [t.settlements.approvedAt, formatInstant(s.approvedAt)],
              [t.settlements.paidAt, formatInstant(s.paidAt)],
              ...(s.reversalReason ? ([[t.settlements.reversal, s.reversalReason]] as [string, string][]) : []),
            ]}
          />
          {s.problems ? (
            <div class="flash flash-error" role="status" data-testid="settlement-problems">
              <strong>{t.settlements.problems}</strong>
              <ul>
                {(s.problems.issues.length > 0 ? s.problems.issues.map((issue) => `${issue.path}: ${issue.message}`) : [s.problems.message]).map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}

      <SettlementActions t={t} me={me} settlement={s} formErrors={formErrors} {...actions} />

      {s.statement ? (
        <section aria-labelledby="statement-heading" class="card" data-testid="my-statement">
          <h2 id="statement-heading">{t.settlements.yourStatement}</h2>
          <Facts items={s.statement.facts.map((fact) => [fact.label, fact.value] as [string, string])} />
          <ol class="explanation">
            {s.statement.lines.map((line) => (
              <li>
                <span class="explanation-label">{line.label}</span>
                {line.value ? <strong class="explanation-value">{line.value}</strong> : null}
                {line.detail ? <div class="muted">{line.detail}</div> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading">{t.settlements.lines}</h2>
        <DataTable
          label={t.settlements.lines}
          testId="settlement-lines"
          columns={[{ label: t.settlements.recipient }, { label: t.settlements.source }, { label: t.settlements.amount, num: true }, { label: t.settlements.tax }, { label: t.settlements.paid }, { label: t.settlements.statement }]}
          rows={s.lines}
          empty={t.settlements.noLines}
          row={(line) => (
            <tr>
              <td>{line.recipientKind === 'PERSON' ? line.name : (t.labels.recipientKind[line.recipientKind] ?? line.name)}</td>
              <td>{t.labels.payoutSource[line.source] ?? line.source}</td>
              <td class="num">{amountOf(t, line.unit, line.amount)}</td>
              <td>
                {t.labels.taxTreatment[line.taxTreatment] ?? line.taxTreatment}
                {line.taxableFen !== null ? <div class="muted">{`${t.settlements.taxable} ${formatMoney(line.taxableFen)}`}</div> : null}
              </td>
              <td>{line.paidOn ? `${line.paidOn}${line.paymentRef ? ` · ${line.paymentRef}` : ''}` : t.settlements.notPaid}</td>
              <td>{line.statementDocumentId && line.personId ? <a href={`/app/settlements/${s.id}/statements/${line.personId}`}>{t.settlements.download}</a> : t.common.none}</td>
            </tr>
          )}
        />
      </section>

      {staff && s.result && ((s.result.classes ?? []).length > 0 || s.result.equity) ? (
        <section aria-labelledby="explanation-heading" data-testid="settlement-explanation">
          <h2 id="explanation-heading">{t.settlements.explanation}</h2>
          {(s.result.classes ?? []).map((group) => (
            <div class="card">
              <h3>{t.labels.incomeClass[group.incomeClass] ?? group.incomeClass}</h3>
              <Steps t={t} lang={lang} steps={group.steps} />
              {group.teamSplit && group.teamSplit.members.length > 0 ? (
                <>
                  <h4>{t.settlements.teamSplit}</h4>
                  {group.teamSplit.members.map((member) => (
                    <details>
                      <summary>
                        {member.name} · {amountOf(t, group.teamSplit!.unit, member.final)}
                      </summary>
                      <Steps t={t} lang={lang} steps={member.steps} />
                    </details>
                  ))}
                </>
              ) : null}
            </div>
          ))}
          {s.result.equity ? (
            <div class="card">
              <h3>{t.labels.payoutSource.EQUITY_GRANT}</h3>
              <Steps t={t} lang={lang} steps={s.result.equity.steps} />
            </div>
          ) : null}
          {(s.result.notes ?? []).length > 0 ? (
            <ul class="muted">
              {(s.result.notes ?? []).map((note) => (
                <li>{pick(lang, note)}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      {staff ? (
        <section aria-labelledby="income-heading">
          <h2 id="income-heading">{t.settlements.income}</h2>
          <DataTable
            label={t.settlements.income}
            testId="settlement-income"
            columns={[{ label: t.settlements.receivedOn }, { label: t.settlements.kind }, { label: t.settlements.amount, num: true }, { label: t.settlements.note }]}
            rows={s.income}
            empty={t.common.none}
            row={(income) => (
              <tr>
                <td>{income.receivedOn}</td>
                <td>{t.labels.incomeKind[income.kind] ?? income.kind}</td>
                <td class="num">{formatMoney(income.amountFen)}</td>
                <td>{income.note ?? t.common.none}</td>
              </tr>
            )}
          />
        </section>
      ) : null}

      {staff ? (
        <section aria-labelledby="ledger-heading">
          <h2 id="ledger-heading">{t.settlements.ledger}</h2>
          <p class="hint">{t.settlements.ledgerIntro}</p>
          {s.ledger.length === 0 ? (
            <Empty>{t.settlements.noLedger}</Empty>
          ) : (
            <>
              <DataTable
                label={t.settlements.ledger}
                testId="settlement-ledger"
                columns={[{ label: t.settlements.seq }, { label: t.settlements.occurredOn }, { label: t.settlements.kind }, { label: t.settlements.debit }, { label: t.settlements.credit }, { label: t.settlements.amount, num: true }, { label: t.settlements.memo }]}
                rows={s.ledger}
                row={(entry) => (
                  <tr>
                    <td class="num">{entry.seq}</td>
                    <td class="nowrap">{entry.occurredOn}</td>
                    <td class="nowrap">{t.labels.ledgerKind[entry.kind] ?? entry.kind}</td>
                    <td class="mono account">{entry.debit}</td>
                    <td class="mono account">{entry.credit}</td>
                    <td class="num">{amountOf(t, entry.unit, entry.amount)}</td>
                    <td class="memo">{pick(lang, entry.memo)}</td>
                  </tr>
                )}
              />
              <h3>{t.settlements.balances}</h3>
              <DataTable
                label={t.settlements.balances}
                testId="settlement-balances"
                columns={[{ label: t.settlements.account }, { label: t.settlements.balance, num: true }]}
                rows={s.balances}
                row={(row) => (
                  <tr>
                    <td class="mono account">{row.account}</td>
                    <td class="num">{amountOf(t, row.unit, row.balance)}</td>
                  </tr>
                )}
              />
            </>
          )}
        </section>
      ) : null}

      {s.documents.length > 0 ? (
        <section aria-labelledby="settlement-documents">
          <h2 id="settlement-documents">{t.documents.title}</h2>
          <DocumentList t={t} lang={lang} documents={s.documents} />
        </section>
      ) : null}
    </div>
  );
}
