// Benefit-sharing settlement pages: the institution's settlements for staff, one settlement
// (staff see everything; a person in the plan their own part — the API decides), and the link to
// a person's statement (PDF). Steps are decided with the shared task form (routes/tasks.tsx).
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiResult } from '../api-client';
import { render } from '../components/layout';
import { errorMessageOf, fieldErrorsOf, renderError } from '../errors';
import { SettlementDetailPage, SettlementListPage } from '../pages/settlements';
import type { FormErrors } from '../pages/task-card';
import { requireLogin, type WebContext, type WebEnv } from '../session';
import type { Directory, PageMeta, SettlementDetail, SettlementSummary } from '../views';

type Refusal = Extract<ApiResult<unknown>, { ok: false }>;
const ID = ':id{[0-9a-fA-F-]{36}}';

export async function renderSettlement(c: WebContext, id: string, formErrors: FormErrors | null = null, status: ContentfulStatusCode = 200) {
  const api = c.get('api');
  const me = c.get('me')!;
  const res = await api.get<SettlementDetail>(`/settlements/${id}`);
  if (!res.ok) return renderError(c, res.status, res.error);
  const deputies: Record<string, Directory['items']> = {};
  for (const task of res.data.openTasks) {
    if (task.kind !== 'APPROVAL' || !task.candidateRole || !(me.roles as string[]).includes(task.candidateRole)) continue;
    const found = await api.get<Directory>('/people', { role: task.candidateRole });
    deputies[task.id] = found.ok ? found.data.items : [];
  }
  const t = c.get('t');
  return render(c, `${res.data.reference} · ${t.settlements.title}`, <SettlementDetailPage t={t} lang={c.get('lang')} me={me} settlement={res.data} deputies={deputies} formErrors={formErrors} />, status);
}

/** A refused task form on a settlement's page: the page again, with the form's errors. */
export function refusedSettlement(c: WebContext, id: string, form: string, res: Refusal, values: Record<string, string>) {
  const fields = fieldErrorsOf(c, res.error);
  const message = Object.keys(fields).length > 0 ? c.get('t').errors.fixBelow : errorMessageOf(c, res.error);
  return renderSettlement(c, id, { form, fields, message, values }, ([400, 403, 404, 409].includes(res.status) ? res.status : 500) as ContentfulStatusCode);
}

export const settlementPages = new Hono<WebEnv>()
  .get('/app/settlements', requireLogin, async (c) => {
    const t = c.get('t');
    const query = { status: c.req.query('status') || undefined, year: c.req.query('year') || undefined };
    const res = await c.get('api').get<{ items: SettlementSummary[]; meta: PageMeta }>('/settlements', { ...query, page: c.req.query('page') || undefined, pageSize: 20 });
    if (!res.ok) return renderError(c, res.status, res.error);
    return render(c, t.settlements.title, <SettlementListPage t={t} items={res.data.items} meta={res.data.meta} query={query} />);
  })
  .get(`/app/settlements/${ID}`, requireLogin, (c) => renderSettlement(c, c.req.param('id')))
  .get(`/app/settlements/${ID}/statements/:personId{[0-9a-fA-F-]{36}}`, requireLogin, async (c) => {
    const res = await c.get('api').get<{ url: string }>(`/settlements/${c.req.param('id')}/statements/${c.req.param('personId')}`);
    if (!res.ok) return renderError(c, res.status, res.error);
    c.header('cache-control', 'no-store');
    return c.redirect(res.data.url, 302);
  });
