// Small pieces used on many pages: status badges, empty states, pagers, tables that scroll
// sideways on a phone, definition lists.
import type { Child } from 'hono/jsx';
import { withQuery } from '../api-client';
import type { Messages } from '../i18n';

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'info' | 'success' | 'warning' | 'danger'; children: Child }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export function Empty({ children }: { children: Child }) {
  return <p class="empty">{children}</p>;
}

export function TableWrap({ label, children }: { label: string; children: Child }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}

export function Pager({ t, meta, path, query }: { t: Messages; meta: { page: number; pageSize: number; total: number }; path: string; query: Record<string, string | undefined> }) {
  const pages = Math.max(1, Math.ceil(meta.total / meta.pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t.common.pages}>
      {meta.page > 1 ? <a href={withQuery(path, { ...query, page: meta.page - 1 })}>{t.common.previous}</a> : null}
      <span>{t.common.pageOf(meta.page, pages)}</span>
      {meta.page < pages ? <a href={withQuery(path, { ...query, page: meta.page + 1 })}>{t.common.next}</a> : null}
    </nav>
  );
}

export function Facts({ items }: { items: [string, Child][] }) {
  return (
    <dl class="facts">
      {items.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
