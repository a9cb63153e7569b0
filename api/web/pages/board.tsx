// The public notice board (公示栏): current notices, where anyone may object, and past ones.
// No login.
import { Badge, Empty, Pager } from '../components/bits';
import { ErrorSummary, TextArea, TextField } from '../components/field';
import { formatInstant } from '../format';
import type { Messages } from '../i18n';
import type { PageMeta, PublicNotice } from '../views';

/**
 * The proposed price of a deal priced by agreement (协议定价), as its notice states it
 * (`拟交易价格：¥3,000,000.00（人民币…）`); null for other notices.
 */
export function noticePrice(notice: Pick<PublicNotice, 'body' | 'dealReference'>): string | null {
  if (!notice.dealReference) return null;
  return /拟交易价格：\s*(-?¥[\d,]+\.\d{2})/.exec(notice.body)?.[1] ?? null;
}

function NoticeCard({ t, notice }: { t: Messages; notice: PublicNotice }) {
  const price = noticePrice(notice);
  return (
    <li class="notice-card" data-testid="notice">
      <h3>
        <a href={`/board/${notice.id}`}>{notice.title}</a>
      </h3>
      {price ? (
        <p class="notice-price" data-testid="notice-price">
          {t.board.price}
          {t.common.colon}
          <strong>{price}</strong>
        </p>
      ) : null}
      <p class="muted">
        {notice.institution.name} · {notice.caseReference ?? notice.dealReference ?? ''} · {t.board.period(notice.startsOn, notice.endsOn)}{' '}
        <Badge tone={notice.status === 'OPEN' ? 'info' : notice.status === 'PAUSED' ? 'warning' : 'neutral'}>{t.labels.noticeStatus[notice.status] ?? notice.status}</Badge>
      </p>
    </li>
  );
}

export function BoardPage({ t, current, past, pastMeta }: { t: Messages; current: PublicNotice[]; past: PublicNotice[]; pastMeta: PageMeta }) {
  return (
    <div>
      <h1>{t.board.title}</h1>
      <p class="lead">{t.board.intro}</p>
      <section aria-labelledby="current-notices">
        <h2 id="current-notices">{t.board.current}</h2>
        {current.length === 0 ? (
          <Empty>{t.board.noneCurrent}</Empty>
        ) : (
          <ul class="notice-list" data-testid="current-notices">
            {current.map((notice) => (
              <NoticeCard t={t} notice={notice} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-notices">
        <h2 id="past-notices">{t.board.past}</h2>
        {past.length === 0 ? (
          <Empty>{t.board.nonePast}</Empty>
        ) : (
          <ul class="notice-list" data-testid="past-notices">
            {past.map((notice) => (
              <NoticeCard t={t} notice={notice} />
            ))}
          </ul>
        )}
        <Pager t={t} meta={pastMeta} path="/board" query={{}} />
      </section>
    </div>
  );
}

export function NoticePage({ t, notice, errors, values, message }: { t: Messages; notice: PublicNotice; errors: Record<string, string>; values: Record<string, string>; message?: string | undefined }) {
  const labels: Record<string, string> = { name: t.board.name, contact: t.board.contact, reason: t.board.reason };
  const summary = Object.entries(errors).map(([path, text]) => ({ text: labels[path] ? `${labels[path]}${t.common.colon}${text}` : text, href: `#f-${path}` }));
  return (
    <div>
      <p class="breadcrumbs">
        <a href="/board">{t.board.title}</a> › {notice.caseReference ?? notice.dealReference ?? ''}
      </p>
      <article class="notice">
        <h1>{notice.title}</h1>
        <p class="muted">
          {notice.institution.name} · {t.board.published(formatInstant(notice.publishedAt))} · {t.board.period(notice.startsOn, notice.endsOn)}{' '}
          <Badge tone={notice.status === 'OPEN' ? 'info' : notice.status === 'PAUSED' ? 'warning' : 'neutral'}>{t.labels.noticeStatus[notice.status] ?? notice.status}</Badge>
        </p>
        {noticePrice(notice) ? (
          <p class="notice-price" data-testid="notice-price">
            {t.board.price}
            {t.common.colon}
            <strong>{noticePrice(notice)}</strong>
          </p>
        ) : null}
        <div class="notice-body" lang="zh-CN">
          {notice.body}
        </div>
      </article>
      {notice.status === 'OPEN' ? (
        <section aria-labelledby="objection-heading" class="card">
          <h2 id="objection-heading">{t.board.objectTitle}</h2>
          <p class="hint">{t.board.objectIntro}</p>
          {message ? (
            <p class="form-message" role="alert">
              {message}
            </p>
          ) : null}
          <ErrorSummary title={t.wizard.fixErrors} items={summary} />
          <form method="post" action={`/board/${notice.id}/objections`} novalidate>
            <TextField name="name" label={t.board.name} hint={t.board.nameHint} value={values.name} error={errors.name} maxlength={100} autocomplete="name" />
            <TextField name="contact" label={t.board.contact} hint={t.board.contactHint} value={values.contact} error={errors.contact} required maxlength={200} />
            <TextArea name="reason" label={t.board.reason} value={values.reason} error={errors.reason} required rows={5} maxlength={5000} />
            <button type="submit" class="button primary">
              {t.board.submitObjection}
            </button>
          </form>
        </section>
      ) : (
        <p class="hint">{notice.status === 'PAUSED' ? t.board.paused : t.board.closed}</p>
      )}
    </div>
  );
}
