// HR's retention dashboard: the institution's clocks with days left, those expiring soon, a
// timeline of every clock, the outcome to record, CSV export and the calendar feed.
import { DataTable, Empty, Pager } from '../components/bits';
import { TimelineChart } from '../components/charts';
import { fieldId } from '../components/field';
import type { Messages } from '../i18n';
import type { Clock, PageMeta } from '../views';
import { formatInstant } from '../format';
import { DaysLeft } from './case-clock';

export interface RetentionQuery {
  status?: string | undefined;
  expiringWithinDays?: string | undefined;
  sort?: string | undefined;
}

const STATUSES = ['ACTIVE', 'AWAITING_CHOICE', 'OUTCOME_PENDING', 'RETURNED', 'RESIGNED', 'TERMINATED'];

export interface FeedToken {
  id: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function RetentionPage({ t, items, meta, today, query, counts, exportHref, feedTokens, newFeedUrl }: {
  t: Messages;
  items: Clock[];
  meta: PageMeta;
  today: string;
  query: RetentionQuery;
  counts: { active: number; expiringSoon: number; awaitingChoice: number; outcomePending: number };
  exportHref: string;
  feedTokens: FeedToken[];
  /** A feed link just made: its token is shown this once. */
  newFeedUrl: string | null;
}) {
  return (
    <div>
      <h1>{t.retention.title}</h1>
      <p class="lead">{t.retention.intro(today)}</p>
      <ul class="tiles" data-testid="retention-tiles">
        <li>
          <a href="/app/retention?status=ACTIVE">
            <span class="tile-value">{counts.active}</span>
            <span class="tile-label">{t.retention.active}</span>
          </a>
        </li>
        <li class={counts.expiringSoon > 0 ? 'tile-warning' : ''}>
          <a href="/app/retention?expiringWithinDays=90">
            <span class="tile-value">{counts.expiringSoon}</span>
            <span class="tile-label">{t.retention.expiringSoon}</span>
          </a>
        </li>
        <li>
          <a href="/app/retention?status=AWAITING_CHOICE">
            <span class="tile-value">{counts.awaitingChoice}</span>
            <span class="tile-label">{t.labels.clockStatus.AWAITING_CHOICE}</span>
          </a>
        </li>
        <li class={counts.outcomePending > 0 ? 'tile-warning' : ''}>
          <a href="/app/retention?status=OUTCOME_PENDING">
            <span class="tile-value">{counts.outcomePending}</span>
            <span class="tile-label">{t.labels.clockStatus.OUTCOME_PENDING}</span>
          </a>
        </li>
      </ul>
      <form method="get" action="/app/retention" class="filters" role="search" aria-label={t.common.filters}>
        <div class="field">
          <label for={fieldId('status')}>{t.retention.status}</label>
          <select id={fieldId('status')} name="status">
            <option value="">{t.common.all}</option>
            {STATUSES.map((status) => (
              <option value={status} selected={query.status === status}>
                {t.labels.clockStatus[status]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('expiringWithinDays')}>{t.retention.expiringWithin}</label>
          <select id={fieldId('expiringWithinDays')} name="expiringWithinDays">
            <option value="">{t.common.all}</option>
            {['30', '90', '180', '365'].map((days) => (
              <option value={days} selected={query.expiringWithinDays === days}>
                {t.retention.withinDays(Number(days))}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={fieldId('sort')}>{t.retention.sort}</label>
          <select id={fieldId('sort')} name="sort">
            <option value="expiryDate" selected={!query.sort || query.sort === 'expiryDate'}>
              {t.retention.sortSoonest}
            </option>
            <option value="-expiryDate" selected={query.sort === '-expiryDate'}>
              {t.retention.sortLatest}
            </option>
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="button">
            {t.common.filter}
          </button>
          <a href="/app/retention">{t.common.reset}</a>
        </div>
      </form>
      <p class="toolbar">
        <a class="button" href={exportHref} download>
          {t.retention.export}
        </a>
      </p>
      {items.length === 0 ? (
        <Empty>{t.retention.empty}</Empty>
      ) : (
        <>
          <TimelineChart
            title={t.retention.chartTitle}
            today={today}
            todayLabel={t.retention.today}
            rows={items.slice(0, 30).map((clock) => ({
              label: `${clock.reference.replace(/^SW-/, '')} ${clock.researcher.name}`,
              start: clock.signingDate,
              end: clock.expiryDate,
              daysLeft: clock.daysLeft,
              note: clock.daysLeft === null ? (t.labels.clockStatus[clock.status] ?? clock.status) : t.clock.daysLeft(clock.daysLeft),
            }))}
          />
          <DataTable
            label={t.retention.title}
            testId="clocks-table"
            columns={[{ label: t.cases.reference }, { label: t.cases.researcher }, { label: t.clock.signingDate }, { label: t.clock.expiryDate }, { label: t.clock.daysLeftLabel }, { label: t.clock.status }, { label: t.clock.nextReminder }, { label: t.common.actions }]}
            rows={items}
            row={(clock) => (
              <tr>
                <td>
                  <a href={`/app/cases/${clock.caseId}`}>{clock.reference}</a>
                  <div class="muted">{clock.caseTitle}</div>
                </td>
                <td>
                  {clock.researcher.name}
                  {clock.department ? <div class="muted">{clock.department.name}</div> : null}
                </td>
                <td>{clock.signingDate}</td>
                <td>{clock.expiryDate}</td>
                <td>
                  <DaysLeft t={t} clock={clock} />
                </td>
                <td>
                  {t.labels.clockStatus[clock.status] ?? clock.status}
                  {clock.pendingRequest ? <div class="muted">{t.labels.pendingRequest[clock.pendingRequest] ?? clock.pendingRequest}</div> : null}
                </td>
                <td>{clock.nextReminder ? clock.nextReminder.sendOn : t.common.none}</td>
                <td>
                  {['ACTIVE', 'AWAITING_CHOICE', 'OUTCOME_PENDING'].includes(clock.status) ? <a href={`/app/cases/${clock.caseId}#clock-heading`}>{t.retention.recordOutcome}</a> : t.common.none}
                </td>
              </tr>
            )}
          />
        </>
      )}
      <Pager t={t} meta={meta} path="/app/retention" query={{ ...query }} />
      <section class="card" aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t.retention.feedTitle}</h2>
        <p class="hint">{t.retention.feedIntro}</p>
        {newFeedUrl ? (
          <div class="field">
            <label for="feed-url">{t.retention.feedLabel}</label>
            <input id="feed-url" type="text" readonly value={newFeedUrl} class="mono wide" data-testid="feed-url" />
            <p class="hint warning">{t.retention.feedWarning}</p>
          </div>
        ) : null}
        <form method="post" action="/app/retention/feed-links" class="feed-make" data-testid="feed-make">
          <label for="feed-name">{t.retention.feedName}</label>
          <input id="feed-name" name="label" type="text" maxlength={100} placeholder={t.retention.feedNamePlaceholder} />
          <button type="submit" class="button primary">{t.retention.feedMake}</button>
        </form>
        {feedTokens.length > 0 ? (
          <DataTable
            label={t.retention.feedLinks}
            testId="feed-tokens"
            caption={t.retention.feedLinks}
            columns={[{ label: t.retention.feedName }, { label: t.retention.feedCreated }, { label: t.retention.feedLastUsed }, { label: t.retention.feedState }]}
            rows={feedTokens}
            row={(token) => (
              <tr>
                <td>{token.label ?? t.common.none}</td>
                <td>{formatInstant(token.createdAt)}</td>
                <td>{token.lastUsedAt ? formatInstant(token.lastUsedAt) : t.common.none}</td>
                <td>
                  {token.revokedAt ? (
                    t.retention.feedRevoked
                  ) : (
                    <form method="post" action={`/app/retention/feed-links/${token.id}/revoke`}>
                      <button type="submit" class="button danger" aria-label={`${t.retention.feedRevoke} ${token.label ?? ''}`.trim()}>{t.retention.feedRevoke}</button>
                    </form>
                  )}
                </td>
              </tr>
            )}
          />
        ) : null}
      </section>
    </div>
  );
}
