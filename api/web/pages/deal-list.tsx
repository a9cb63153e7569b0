// IP deals (转让 / 许可 / 作价投资): a researcher's own, or the institution's for staff; filtered
// by status, kind and text, most recently changed first, paged.
import { DEAL_MODE_LABELS, DEAL_MODES, dealTotalValueFen, EXCLUSIVITY_LABELS, PRICING_METHOD_LABELS, ZDealTerms, type DealMode, type Exclusivity, type PricingMethod } from '../../../domain/licensing';
import { Badge, DataTable, Pager } from '../components/bits';
import { fieldId } from '../components/field';
import { formatInstant, formatMoney } from '../format';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import type { DealSummary, DealTermsView, PageMeta } from '../views';

/** The statuses the list filter offers, in the order a deal goes through them. */
export const DEAL_STATUS_ORDER = ['DRAFT', 'IN_REVIEW', 'RETURNED', 'PUBLICITY', 'OBJECTION_REVIEW', 'EXCHANGE', 'CONTRACT', 'ACTIVE', 'REJECTED', 'WITHDRAWN', 'TERMINATED', 'EXPIRED', 'COMPLETED'] as const;

export function dealStatusTone(status: string): 'neutral' | 'info' | 'success' | 'warning' | 'danger' {
  switch (status) {
    case 'ACTIVE':
      return 'success';
    case 'RETURNED':
    case 'OBJECTION_REVIEW':
      return 'warning';
    case 'REJECTED':
    case 'TERMINATED':
      return 'danger';
    case 'IN_REVIEW':
    case 'PUBLICITY':
    case 'EXCHANGE':
    case 'CONTRACT':
      return 'info';
    default:
      return 'neutral';
  }
}

const fallback = (value: string) => ({ zh: value, en: value });
export const modeLabel = (lang: Lang, mode: string | undefined) => (mode ? pick(lang, DEAL_MODE_LABELS[mode as DealMode] ?? fallback(mode)) : '');
export const pricingLabel = (lang: Lang, method: string | undefined) => (method ? pick(lang, PRICING_METHOD_LABELS[method as PricingMethod] ?? fallback(method)) : '');
export const exclusivityLabel = (lang: Lang, value: string | undefined) => (value ? pick(lang, EXCLUSIVITY_LABELS[value as Exclusivity] ?? fallback(value)) : '');

/**
 * The contract value to show: the API fixes it at submission (it picks the approval tier); a
 * draft's is worked out from its terms with the same domain rule, or unknown while incomplete.
 */
export function shownValueFen(deal: Pick<DealSummary, 'status' | 'mode' | 'totalValueFen'> & { terms?: DealTermsView | null }): number | null {
  if (deal.status !== 'DRAFT' && deal.status !== 'RETURNED') return deal.totalValueFen;
  const terms = ZDealTerms.safeParse(deal.terms?.terms ?? {});
  if (!terms.success || !(DEAL_MODES as readonly string[]).includes(deal.mode)) return deal.totalValueFen > 0 ? deal.totalValueFen : null;
  return dealTotalValueFen({ mode: deal.mode as DealMode, terms: terms.data });
}

export function DealStatus({ t, status }: { t: Messages; status: string }) {
  return (
    <Badge tone={dealStatusTone(status)}>
      <span data-testid="deal-status">{t.labels.dealStatus[status] ?? status}</span>
    </Badge>
  );
}

export interface DealListQuery {
  status?: string | undefined;
  mode?: string | undefined;
  q?: string | undefined;
}

export function DealListPage({ t, lang, items, meta, query, staff, canCreate }: { t: Messages; lang: Lang; items: DealSummary[]; meta: PageMeta; query: DealListQuery; staff: boolean; canCreate: boolean }) {
  const filtered = Boolean(query.status || query.mode || query.q);
  return (
    <div>
      <div class="page-head">
        <h1>{staff ? t.deals.title : t.deals.titleMine}</h1>
        {canCreate ? (
          <div class="page-actions">
            <a class="button primary" href="/app/deals/new">
              {t.nav.newDeal}
            </a>
          </div>
        ) : null}
      </div>
      <p class="lead">{t.deals.intro}</p>
      <form method="get" action="/app/deals" class="filters" role="search" aria-label={t.common.filters}>
        <div class="field">
          <label for={fieldId('status')}>{t.deals.status}</label>
          <select id={fieldId('status')} name="status">
            <option value="">{t.common.all}</option>
            {DEAL_STATUS_ORDER.map((status) => (
              <option value={status} selected={query.status === status}>
                {t.labels.dealStatus[status]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('mode')}>{t.deals.mode}</label>
          <select id={fieldId('mode')} name="mode">
            <option value="">{t.common.all}</option>
            {DEAL_MODES.map((mode) => (
              <option value={mode} selected={query.mode === mode}>
                {modeLabel(lang, mode)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('q')}>{t.deals.search}</label>
          <input id={fieldId('q')} name="q" type="search" value={query.q ?? ''} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="button">
            {t.common.filter}
          </button>
          <a href="/app/deals">{t.common.reset}</a>
        </div>
      </form>
      <DataTable
        label={staff ? t.deals.title : t.deals.titleMine}
        testId="deals-table"
        columns={[{ label: t.deals.reference }, { label: t.deals.dealTitle }, ...(staff ? [{ label: t.deals.researcher }] : []), { label: t.deals.mode }, { label: t.deals.counterparty }, { label: t.deals.value, num: true }, { label: t.deals.status }, { label: t.deals.updated }]}
        rows={items}
        empty={!staff && !filtered ? t.deals.emptyMine : t.deals.empty}
        row={(deal) => {
          const value = shownValueFen(deal);
          return (
            <tr>
              <td>
                <a href={`/app/deals/${deal.id}`}>{deal.reference}</a>
              </td>
              <td>{deal.title}</td>
              {staff ? (
                <td>
                  {deal.leadResearcher.name}
                  {deal.department ? <div class="muted">{deal.department.name}</div> : null}
                </td>
              ) : null}
              <td>
                {modeLabel(lang, deal.mode)}
                <div class="muted">{pricingLabel(lang, deal.pricingMethod)}</div>
              </td>
              <td>{deal.counterparty.name ?? t.common.none}</td>
              <td class="num">{value === null ? t.common.none : formatMoney(value)}</td>
              <td>
                <Badge tone={dealStatusTone(deal.status)}>{t.labels.dealStatus[deal.status] ?? deal.status}</Badge>
              </td>
              <td>{formatInstant(deal.updatedAt)}</td>
            </tr>
          );
        }}
      />
      <Pager t={t} meta={meta} path="/app/deals" query={{ status: query.status, mode: query.mode, q: query.q }} />
    </div>
  );
}
