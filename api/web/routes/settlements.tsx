// Benefit-sharing settlement pages: the institution's settlements for staff, one settlement
// (staff see everything; a person in the plan their own part — the API decides), and the link to
// a person's statement (PDF). Steps are decided with the shared task form (routes/tasks.tsx).
// The TTO opens a settlement from a deal's page and prepares, submits or cancels it here;
// finance records the payout; either reverses it — each a call to the JSON API, whose refusal
// comes back on the same page with each field's error beside it.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { randomUUID } from 'node:crypto';
import { shanghaiDateOf } from '../../../domain/calendar';
import type { ApiResult } from '../api-client';
import { render } from '../components/layout';
import { fenOf } from '../deal-form';
import { errorMessageOf, fieldErrorsOf, renderError } from '../errors';
import { MULTI, SETTLEMENT_FORMS, type IncomeChoice } from '../pages/settlement-forms';
import { SettlementDetailPage, SettlementListPage } from '../pages/settlements';
import type { FormErrors } from '../pages/task-card';
import { hasRole, requireLogin, setFlash, type WebContext, type WebEnv } from '../session';
import type { DealDetail, Directory, Doc, PageMeta, SettlementDetail, SettlementSummary } from '../views';
import { refusedDeal } from './deals';

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
  // What the TTO's plan form offers: the deal's income not held by another settlement, and the
  // documents of the deal and the settlement to name as evidence.
  let incomeChoices: IncomeChoice[] = [];
  let documents: Doc[] = res.data.documents;
  if (res.data.status === 'PREPARING' && res.data.viewer === 'STAFF' && hasRole(me, 'TTO_OFFICER')) {
    const income = await api.get<{ items: (IncomeChoice & { settlementId: string | null })[] }>(`/deals/${res.data.deal.id}/income`);
    incomeChoices = income.ok ? income.data.items.filter((item) => item.settlementId === null || item.settlementId === id) : res.data.income;
    const deal = await api.get<DealDetail>(`/deals/${res.data.deal.id}`);
    if (deal.ok) documents = [...deal.data.documents, ...documents];
  }
  const t = c.get('t');
  return render(
    c,
    `${res.data.reference} · ${t.settlements.title}`,
    <SettlementDetailPage
      t={t}
      lang={c.get('lang')}
      me={me}
      settlement={res.data}
      deputies={deputies}
      formErrors={formErrors}
      actions={{ incomeChoices, documents, paymentKey: `web-${randomUUID()}`, today: shanghaiDateOf(Date.now()) }}
    />,
    status,
  );
}

/** A refused task form on a settlement's page: the page again, with the form's errors. */
export function refusedSettlement(c: WebContext, id: string, form: string, res: Refusal, values: Record<string, string>, rename: (path: string) => string = (path) => path) {
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(c, res.error))) {
    const name = rename(path);
    if (!(name in fields)) fields[name] = message;
  }
  const message = Object.keys(fields).length > 0 ? c.get('t').errors.fixBelow : errorMessageOf(c, res.error);
  return renderSettlement(c, id, { form, fields, message, values }, ([400, 403, 404, 409].includes(res.status) ? res.status : 500) as ContentfulStatusCode);
}

const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
const versionOf = (value: string | undefined) => {
  const version = Number(value);
  return Number.isInteger(version) && version > 0 ? { expectedVersion: version } : {};
};

/** A page's form: the first value of each field, and every value of the fields that repeat (checkboxes). */
async function postedForm(c: WebContext) {
  const form = await c.req.formData();
  const all = (name: string) => form.getAll(name).filter((value): value is string => typeof value === 'string');
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === 'string' && !(name in values)) values[name] = value;
  return { values, all };
}

/**
 * The plan form → PATCH /settlements/{id}'s body. Rows left blank are dropped, so the API's
 * `deductions[k]` is the form's row `rowOf[k]`; the values to show again keep every row.
 */
function draftOfForm(values: Record<string, string>, all: (name: string) => string[]) {
  const rows = Math.min(1_000, Number(values.rows ?? 0) || 0);
  const deductions: Record<string, unknown>[] = [];
  const rowOf: number[] = [];
  const shown: Record<string, string> = { ...values, incomeEventIds: all('incomeEventIds').join(MULTI) };
  for (let i = 0; i < rows; i++) {
    const field = (name: string) => values[`deductions[${i}].${name}`];
    const evidence = all(`deductions[${i}].evidenceDocumentIds`);
    shown[`deductions[${i}].evidenceDocumentIds`] = evidence.join(MULTI);
    if (!text(field('kind')) && !text(field('amountFen'))) continue;
    rowOf.push(i);
    deductions.push({
      id: text(field('id')) ?? `web-${randomUUID().slice(0, 8)}`,
      kind: field('kind') ?? '',
      incomeClass: field('incomeClass') ?? '',
      amountFen: fenOf(field('amountFen')) ?? '',
      evidenceDocumentIds: evidence,
      note: text(field('note')) ?? null,
    });
  }
  const rename = (path: string) => path.replace(/^deductions\[(\d+)\]/, (whole, k: string) => (rowOf[Number(k)] === undefined ? whole : `deductions[${rowOf[Number(k)]}]`));
  return { body: { incomeEventIds: all('incomeEventIds'), deductions, ...versionOf(values.expectedVersion) }, shown, rename };
}

export const settlementPages = new Hono<WebEnv>()
  .post(`/app/deals/${ID}/settlements`, requireLogin, async (c) => {
    const dealId = c.req.param('id');
    const { values } = await postedForm(c);
    const res = await c.get('api').send<SettlementDetail>('POST', '/settlements', { dealId, period: { from: values['period.from'] ?? '', to: values['period.to'] ?? '' } });
    if (!res.ok) return refusedDeal(c, dealId, SETTLEMENT_FORMS.prepare, res, values);
    setFlash(c, { kind: 'success', text: c.get('t').settlementForms.created(res.data.reference) });
    return c.redirect(`/app/settlements/${res.data.id}`, 303);
  })
  .post(`/app/settlements/${ID}/draft`, requireLogin, async (c) => {
    const t = c.get('t');
    const id = c.req.param('id');
    const api = c.get('api');
    const { values, all } = await postedForm(c);
    const { body, shown, rename } = draftOfForm(values, all);
    const saved = await api.send<SettlementDetail>('PATCH', `/settlements/${id}`, body);
    if (!saved.ok) return refusedSettlement(c, id, SETTLEMENT_FORMS.draft, saved, shown, rename);
    if (values._action !== 'submit') {
      setFlash(c, { kind: saved.data.problems ? 'info' : 'success', text: t.settlementForms.saved });
      return c.redirect(`/app/settlements/${id}#${SETTLEMENT_FORMS.draft}`, 303);
    }
    const submitted = await api.send<SettlementDetail>('POST', `/settlements/${id}/submit`, { expectedVersion: saved.data.version });
    // Refused: the plan's problems are beside its fields on the page as saved.
    if (!submitted.ok) return refusedSettlement(c, id, SETTLEMENT_FORMS.draft, submitted, shown, rename);
    setFlash(c, { kind: 'success', text: t.settlementForms.submitted });
    return c.redirect(`/app/settlements/${id}`, 303);
  })
  .post(`/app/settlements/${ID}/:action{cancel|reverse}`, requireLogin, async (c) => {
    const id = c.req.param('id');
    const action = c.req.param('action') as 'cancel' | 'reverse';
    const { values } = await postedForm(c);
    const res = await c.get('api').send<SettlementDetail>('POST', `/settlements/${id}/${action}`, { reason: values.reason ?? '' });
    if (!res.ok) return refusedSettlement(c, id, action === 'cancel' ? SETTLEMENT_FORMS.cancel : SETTLEMENT_FORMS.reverse, res, values);
    setFlash(c, { kind: 'success', text: action === 'cancel' ? c.get('t').settlementForms.cancelled : c.get('t').settlementForms.reversed });
    return c.redirect(`/app/settlements/${id}`, 303);
  })
  .post(`/app/settlements/${ID}/payout`, requireLogin, async (c) => {
    const id = c.req.param('id');
    const { values } = await postedForm(c);
    // The key drawn with the form: the same form sent again is booked once.
    const key = text(values.paymentKey) ?? '';
    const body = new TextEncoder().encode(JSON.stringify({ paymentRef: values.paymentRef ?? '', paidOn: values.paidOn ?? '' }));
    const res = await c.get('api').sendRaw<SettlementDetail>('POST', `/settlements/${id}/payout`, body.buffer as ArrayBuffer, { 'content-type': 'application/json', 'idempotency-key': key });
    if (!res.ok) return refusedSettlement(c, id, SETTLEMENT_FORMS.payout, res, values);
    setFlash(c, { kind: 'success', text: c.get('t').settlementForms.paidOut });
    return c.redirect(`/app/settlements/${id}`, 303);
  })
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
