// The inbox and the actions on a task: decide (with comment), claim, delegate to a deputy. A task
// of a spin-out case or of an IP deal is decided with the same form; the API sends the decision
// to the workflow it belongs to, and a refusal comes back on the case's or the deal's page.
import { Hono } from 'hono';
import type { ApiResult } from '../api-client';
import { render } from '../components/layout';
import { formValues, renderError } from '../errors';
import { InboxPage } from '../pages/inbox';
import { requireLogin, setFlash, type WebContext, type WebEnv } from '../session';
import type { InboxTask, PageMeta } from '../views';
import { refused } from './cases';
import { refusedDeal } from './deals';
import { refusedSettlement } from './settlements';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
type Refusal = Extract<ApiResult<unknown>, { ok: false }>;

/** The case or the deal a task form was posted from (hidden fields), to show a refusal there. */
function subjectOf(values: Record<string, string>): { caseId: string | null; dealId: string | null; settlementId: string | null } {
  const id = (value: string | undefined) => (UUID.test(value ?? '') ? value! : null);
  return { caseId: id(values.caseId), dealId: id(values.dealId), settlementId: id(values.settlementId) };
}

function refusedTask(c: WebContext, values: Record<string, string>, form: string, res: Refusal) {
  const { caseId, dealId, settlementId } = subjectOf(values);
  if (settlementId) return refusedSettlement(c, settlementId, form, res, values);
  if (dealId) return refusedDeal(c, dealId, form, res, values);
  if (caseId) return refused(c, caseId, form, res, values);
  return renderError(c, res.status, res.error);
}

const pageOf = (values: Record<string, string>, taskId?: string) => {
  const { caseId, dealId, settlementId } = subjectOf(values);
  if (settlementId) return `/app/settlements/${settlementId}${taskId ? `#task-${taskId}` : ''}`;
  if (dealId) return `/app/deals/${dealId}${taskId ? `#task-${taskId}` : ''}`;
  if (caseId) return `/app/cases/${caseId}${taskId ? `#task-${taskId}` : ''}`;
  return '/app/inbox';
};

export const taskPages = new Hono<WebEnv>()
  .get('/app/inbox', requireLogin, async (c) => {
    const t = c.get('t');
    const query = { kind: c.req.query('kind') || undefined, overdue: c.req.query('overdue') || undefined, page: c.req.query('page') || undefined };
    const res = await c.get('api').get<{ items: InboxTask[]; meta: PageMeta }>('/tasks/inbox', { ...query, pageSize: 25 });
    if (!res.ok) return renderError(c, res.status, res.error);
    return render(c, t.inbox.title, <InboxPage t={t} lang={c.get('lang')} items={res.data.items} meta={res.data.meta} query={{ kind: query.kind, overdue: query.overdue }} />);
  })
  .post('/app/tasks/:id{[0-9a-fA-F-]{36}}/decide', requireLogin, async (c) => {
    const t = c.get('t');
    const taskId = c.req.param('id');
    const values = await formValues(c);
    const expected = Number(values.expectedVersion);
    const res = await c.get('api').send<{ case?: { id: string } | null; deal?: { id: string } | null }>('POST', `/tasks/${taskId}/decide`, {
      decision: text(values.decision),
      comment: text(values.comment),
      ...(Number.isInteger(expected) && expected > 0 ? { expectedVersion: expected } : {}),
    });
    if (!res.ok) return refusedTask(c, values, `decide-${taskId}`, res);
    setFlash(c, { kind: 'success', text: t.task.decided(t.labels.decision[values.decision ?? ''] ?? values.decision ?? '') });
    // Back to the page the form was on (a settlement's task answers with the settlement's deal).
    const { settlementId } = subjectOf(values);
    if (settlementId) return c.redirect(`/app/settlements/${settlementId}`, 303);
    if (res.data.deal?.id) return c.redirect(`/app/deals/${res.data.deal.id}`, 303);
    if (res.data.case?.id) return c.redirect(`/app/cases/${res.data.case.id}`, 303);
    return c.redirect(pageOf(values), 303);
  })
  .post('/app/tasks/:id{[0-9a-fA-F-]{36}}/claim', requireLogin, async (c) => {
    const taskId = c.req.param('id');
    const values = await formValues(c);
    const res = await c.get('api').send('POST', `/tasks/${taskId}/claim`);
    if (!res.ok) return refusedTask(c, values, `decide-${taskId}`, res);
    setFlash(c, { kind: 'success', text: c.get('t').task.claimed });
    return c.redirect(pageOf(values, taskId), 303);
  })
  .post('/app/tasks/:id{[0-9a-fA-F-]{36}}/delegate', requireLogin, async (c) => {
    const taskId = c.req.param('id');
    const values = await formValues(c);
    const res = await c.get('api').send('POST', `/tasks/${taskId}/delegate`, { deputyId: values.deputyId ?? '', comment: text(values.comment) });
    if (!res.ok) return refusedTask(c, values, `delegate-${taskId}`, res);
    setFlash(c, { kind: 'success', text: c.get('t').task.delegated });
    return c.redirect('/app/inbox', 303);
  });
