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

export interface Column {
  label: Child;
  /** Right-aligned numbers; the body cells carry the same class. */
  num?: boolean;
}

/** A labelled, scrollable table: one header per column and a body row per item; `empty` (when given)
 *  instead of a table without rows. `row` renders the whole `<tr>` so pages keep control of row classes. */
export function DataTable<T>({ label, testId, caption, columns, rows, row, empty }: { label: string; testId: string; caption?: Child; columns: readonly Column[]; rows: readonly T[]; row: (item: T, index: number) => Child; empty?: Child }) {
  if (rows.length === 0 && empty !== undefined) return <Empty>{empty}</Empty>;
  return (
    <TableWrap label={label}>
      <table data-testid={testId}>
        {caption === undefined ? null : <caption class="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={column.num ? 'num' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows.map((item, index) => row(item, index))}</tbody>
      </table>
    </TableWrap>
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
