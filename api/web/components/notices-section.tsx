// The notices (公示) of a case or a deal, with the objections filed against each: the same
// section on both detail pages.
import { formatInstant } from '../format';
import type { Messages } from '../i18n';
import type { CaseNotice } from '../views';
import { Badge } from './bits';

export function NoticesSection({ t, notices }: { t: Messages; notices: readonly CaseNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <section aria-labelledby="notices-heading">
      <h2 id="notices-heading">{t.detail.notices}</h2>
      {notices.map((notice) => (
        <div class="card">
          <p>
            <a href={`/board/${notice.id}`}>{notice.title}</a> <Badge tone={notice.status === 'OPEN' ? 'info' : 'neutral'}>{t.labels.noticeStatus[notice.status] ?? notice.status}</Badge>
          </p>
          <p class="muted">{t.board.period(notice.startsOn, notice.endsOn)}</p>
          {notice.objections.length > 0 ? (
            <ul>
              {notice.objections.map((objection) => (
                <li>
                  {formatInstant(objection.filedAt)} · {t.labels.objectionStatus[objection.status] ?? objection.status}: {objection.reason}
                  {objection.name ? ` — ${objection.name}` : ''}
                  {objection.contact ? ` (${objection.contact})` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
    </section>
  );
}
