// Cases: a researcher's own (with "new request" and their rewards), or the institution's for
// staff; filtered by status and text, most recently changed first.
import { CASE_STATUSES, SPINOUT_MODE_LABELS, type SpinoutMode } from '../../../domain/spinout';
import { Badge, DataTable, Pager } from '../components/bits';
import { fieldId } from '../components/field';
import { formatInstant, formatMoney } from '../format';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import type { CaseSummary, PageMeta } from '../views';
import { stepLabel } from './case-detail';

export function statusTone(status: string): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
  switch (status) {
    case 'SIGNED':
      return 'success';
    case 'RETURNED':
    case 'OBJECTION_REVIEW':
      return 'warning';
    case 'REJECTED':
      return 'danger';
    case 'IN_REVIEW':
    case 'SUBMITTED':
    case 'PUBLICITY':
    case 'AGREEMENT':
      return 'info';
    default:
      return 'neutral';
  }
}

/** A line of the researcher's rewards, as GET /me/rewards gives it (read loosely: that API is new). */
export interface RewardLine {
  lineId: string;
  unit: string;
  amount: number;
  paidOn?: string | null;
  settlement?: { id?: string; reference: string; status?: string; period?: { from: string; to: string } };
  deal?: { id?: string; reference: string; title: string };
}

export type Rewards = { state: 'unavailable' } | { state: 'ok'; lines: RewardLine[] };

function RewardsTable({ t, rewards }: { t: Messages; rewards: Rewards }) {
  return (
    <DataTable
      label={t.cases.rewards}
      testId="rewards-table"
      columns={[{ label: t.cases.rewardDeal }, { label: t.cases.rewardPeriod }, { label: t.cases.rewardAmount }, { label: t.cases.rewardPaid }]}
      rows={rewards.state === 'ok' ? rewards.lines : []}
      empty={rewards.state === 'unavailable' ? t.cases.rewardsUnavailable : t.cases.rewardsNone}
      row={(line) => (
        <tr>
          <td>
            {line.deal?.id ? <a href={`/app/deals/${line.deal.id}`}>{line.deal.reference}</a> : (line.deal?.reference ?? t.common.none)} {line.deal?.title ?? ''}
          </td>
          <td>
            {line.settlement?.id ? (
              <a href={`/app/settlements/${line.settlement.id}`}>{line.settlement.period ? `${line.settlement.period.from} – ${line.settlement.period.to}` : line.settlement.reference}</a>
            ) : line.settlement?.period ? (
              `${line.settlement.period.from} – ${line.settlement.period.to}`
            ) : (
              t.common.none
            )}
          </td>
          <td>{line.unit === 'FEN' ? formatMoney(line.amount) : t.cases.shares(line.amount)}</td>
          <td>{line.paidOn ?? t.cases.rewardUnpaid}</td>
        </tr>
      )}
    />
  );
}

export function CaseListPage({ t, lang, items, meta, query, staff, researcher, rewards }: {
  t: Messages;
  lang: Lang;
  items: CaseSummary[];
  meta: PageMeta;
  query: { status?: string | undefined; q?: string | undefined };
  staff: boolean;
  researcher: boolean;
  rewards: Rewards;
}) {
  return (
    <div>
      <div class="page-head">
        <h1>{staff ? t.cases.titleStaff : t.cases.title}</h1>
        {researcher ? (
          <div class="page-actions">
            <a class="button primary" href="/app/cases/new">
              {t.nav.newCase}
            </a>
          </div>
        ) : null}
      </div>
      <form method="get" action="/app/cases" class="filters" role="search" aria-label={t.common.filters}>
        <div class="field">
          <label for={fieldId('status')}>{t.cases.status}</label>
          <select id={fieldId('status')} name="status">
            <option value="">{t.common.all}</option>
            {CASE_STATUSES.map((status) => (
              <option value={status} selected={query.status === status}>
                {t.labels.caseStatus[status]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('q')}>{t.cases.search}</label>
          <input id={fieldId('q')} name="q" type="search" value={query.q ?? ''} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="button">
            {t.common.filter}
          </button>
          <a href="/app/cases">{t.common.reset}</a>
        </div>
      </form>
      <DataTable
        label={staff ? t.cases.titleStaff : t.cases.title}
        testId="cases-table"
        columns={[{ label: t.cases.reference }, { label: t.cases.caseTitle }, ...(staff ? [{ label: t.cases.researcher }] : []), { label: t.cases.mode }, { label: t.cases.status }, { label: t.cases.step }, { label: t.cases.updated }]}
        rows={items}
        empty={researcher && !query.status && !query.q ? t.cases.emptyResearcher : t.cases.empty}
        row={(item) => (
          <tr>
            <td>
              <a href={`/app/cases/${item.id}`}>{item.reference}</a>
            </td>
            <td>{item.title}</td>
            {staff ? (
              <td>
                {item.researcher.name}
                {item.department ? <div class="muted">{item.department.name}</div> : null}
              </td>
            ) : null}
            <td>{pick(lang, SPINOUT_MODE_LABELS[item.mode as SpinoutMode] ?? { zh: item.mode, en: item.mode })}</td>
            <td>
              <Badge tone={statusTone(item.status)}>{t.labels.caseStatus[item.status] ?? item.status}</Badge>
            </td>
            <td>{['SIGNED', 'REJECTED', 'WITHDRAWN', 'DRAFT'].includes(item.status) ? t.common.none : stepLabel(t, item.currentStepKey)}</td>
            <td>{formatInstant(item.updatedAt)}</td>
          </tr>
        )}
      />
      <Pager t={t} meta={meta} path="/app/cases" query={query} />
      {researcher ? (
        <section aria-labelledby="rewards-heading" class="card">
          <h2 id="rewards-heading">{t.cases.rewards}</h2>
          {/* Driven by the benefit-sharing settlement's GET /me/rewards; until that answers, the
              section says rewards are not available yet. */}
          <RewardsTable t={t} rewards={rewards} />
        </section>
      ) : null}
    </div>
  );
}
