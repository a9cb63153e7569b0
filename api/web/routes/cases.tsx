// Case pages: the list, one case with everything around it, document upload and download,
// withdrawal and the requests on a case's retention clock. Every change is a call to the API.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiResult } from '../api-client';
import { render } from '../components/layout';
import { errorMessageOf, fieldErrorsOf, formValues, renderError } from '../errors';
import { CaseDetailPage, canDecide, type FormErrors } from '../pages/case-detail';
import { CaseListPage, type RewardLine, type Rewards } from '../pages/case-list';
import { hasRole, requireLogin, safeNext, setFlash, STAFF, type WebContext, type WebEnv } from '../session';
import type { CaseDetail, CaseSummary, Clock, Directory, PageMeta } from '../views';

/** Renders a case page, with the errors of the form that was just refused (if any). */
export async function renderCase(c: WebContext, caseId: string, formErrors: FormErrors | null = null, status: ContentfulStatusCode = 200) {
  const api = c.get('api');
  const me = c.get('me')!;
  const res = await api.get<CaseDetail>(`/cases/${caseId}`);
  if (!res.ok) return renderError(c, res.status, res.error);
  const detail = res.data;
  let clock: Clock | null = null;
  if (detail.signingDate || detail.status === 'SIGNED') {
    const found = await api.get<Clock>(`/cases/${caseId}/clock`);
    if (found.ok) clock = found.data;
  }
  const deputies: Record<string, Directory['items']> = {};
  for (const task of detail.openTasks) {
    if (task.kind !== 'APPROVAL' || !task.candidateRole || !canDecide(me, task, detail.researcher.id)) continue;
    const found = await api.get<Directory>('/people', {
      role: task.candidateRole,
      departmentId: task.candidateRole === 'DEPT_HEAD' ? (task.departmentId ?? undefined) : undefined,
    });
    deputies[task.id] = found.ok ? found.data.items : [];
  }
  return render(
    c,
    `${detail.reference} · ${detail.title}`,
    <CaseDetailPage t={c.get('t')} lang={c.get('lang')} me={me} detail={detail} clock={clock} deputies={deputies} formErrors={formErrors} maxBytes={c.get('deps').config.DOCUMENT_MAX_BYTES} />,
    status,
  );
}

/** A refused form on a case page: the page again, with the form's errors and what was typed. */
export function refused(c: WebContext, caseId: string, form: string, res: Extract<ApiResult<unknown>, { ok: false }>, values: Record<string, string>) {
  const fields = fieldErrorsOf(c, res.error);
  const message = Object.keys(fields).length > 0 ? c.get('t').errors.fixBelow : errorMessageOf(c, res.error);
  const status = ([400, 403, 404, 409, 413].includes(res.status) ? res.status : 500) as ContentfulStatusCode;
  return renderCase(c, caseId, { form, fields, message, values }, status);
}

const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
const wholeNumber = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : text(value));
const bool = (value: string | undefined) => (value === 'true' ? true : value === 'false' ? false : undefined);

/** The JSON body of each clock request, from its form. */
const CLOCK_BODIES: Record<string, (form: Record<string, string>) => Record<string, unknown>> = {
  'early-return': (form) => ({ returnOn: form.returnOn ?? '', reason: form.reason ?? '' }),
  extension: (form) => ({ months: wholeNumber(form.months), ventureProfitable: bool(form.ventureProfitable), reason: form.reason ?? '' }),
  resignation: (form) => ({ lastDay: form.lastDay ?? '', reason: form.reason ?? '' }),
  'annual-reports': (form) => ({ dueOn: form.dueOn ?? '', summary: form.summary ?? '' }),
  choice: (form) => ({ choice: text(form.choice) }),
  outcome: (form) => ({ outcome: text(form.outcome), on: text(form.on), reason: text(form.reason) }),
};

export const casePages = new Hono<WebEnv>()
  .get('/app/cases', requireLogin, async (c) => {
    const t = c.get('t');
    const me = c.get('me')!;
    const query = { status: c.req.query('status') || undefined, q: c.req.query('q') || undefined, page: c.req.query('page') || undefined };
    const res = await c.get('api').get<{ items: CaseSummary[]; meta: PageMeta }>('/cases', { ...query, pageSize: 20 });
    if (!res.ok) return renderError(c, res.status, res.error);
    const researcher = hasRole(me, 'RESEARCHER');
    // Rewards come from the benefit-sharing settlement (GET /me/rewards), when it answers.
    const found = researcher ? await c.get('api').get<{ lines?: RewardLine[] }>('/me/rewards') : null;
    const rewards: Rewards = found?.ok && Array.isArray(found.data.lines) ? { state: 'ok', lines: found.data.lines } : { state: 'unavailable' };
    const staff = hasRole(me, ...STAFF);
    return render(
      c,
      staff ? t.cases.titleStaff : t.cases.title,
      <CaseListPage t={t} lang={c.get('lang')} items={res.data.items} meta={res.data.meta} query={{ status: query.status, q: query.q }} staff={staff} researcher={researcher} rewards={rewards} />,
    );
  })
  .get('/app/cases/:id{[0-9a-fA-F-]{36}}', requireLogin, (c) => renderCase(c, c.req.param('id')))
  .post('/app/cases/:id{[0-9a-fA-F-]{36}}/:what{documents|signed-copies}', requireLogin, async (c) => {
    // A document, or a signed copy of the agreement: the multipart body goes to the API as sent.
    const t = c.get('t');
    const caseId = c.req.param('id');
    const what = c.req.param('what');
    const back = safeNext(c.req.query('back'), `/app/cases/${caseId}`);
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    const headers: Record<string, string> = { 'content-type': c.req.header('content-type') ?? 'application/octet-stream' };
    const key = c.req.header('idempotency-key');
    if (key) headers['idempotency-key'] = key;
    const res = await c.get('api').sendRaw<{ fileName?: string; document?: { fileName: string } }>('POST', `/cases/${caseId}/${what}`, await c.req.arrayBuffer(), headers);
    if (res.ok) {
      const text = t.documents.uploaded(res.data.document?.fileName ?? res.data.fileName ?? '');
      setFlash(c, { kind: 'success', text });
      return wantsJson ? c.json({ ok: true, redirect: back, message: text }, 201) : c.redirect(back, 303);
    }
    const fields = fieldErrorsOf(c, res.error);
    const message = fields.file ?? fields.kind ?? fields.signedOn ?? fields.party ?? errorMessageOf(c, res.error);
    if (wantsJson) return c.json({ ok: false, message, fields }, res.status as ContentfulStatusCode);
    setFlash(c, { kind: 'error', text: `${t.documents.uploadFailed}: ${message}` });
    return c.redirect(back, 303);
  })
  .get('/app/documents/:id{[0-9a-fA-F-]{36}}', requireLogin, async (c) => {
    const res = await c.get('api').get<{ url: string }>(`/documents/${c.req.param('id')}/download`, { format: 'json' });
    if (!res.ok) return renderError(c, res.status, res.error);
    c.header('cache-control', 'no-store');
    return c.redirect(res.data.url, 302);
  })
  .post('/app/cases/:id{[0-9a-fA-F-]{36}}/withdraw', requireLogin, async (c) => {
    const caseId = c.req.param('id');
    const values = await formValues(c);
    const res = await c.get('api').send('POST', `/cases/${caseId}/withdraw`, { reason: values.reason ?? '' });
    if (!res.ok) return refused(c, caseId, 'withdraw', res, values);
    setFlash(c, { kind: 'success', text: c.get('t').detail.withdrawn });
    return c.redirect(`/app/cases/${caseId}`, 303);
  })
  .post('/app/cases/:id{[0-9a-fA-F-]{36}}/clock/:action', requireLogin, async (c) => {
    const caseId = c.req.param('id');
    const action = c.req.param('action');
    const body = CLOCK_BODIES[action];
    if (!body) return renderError(c, 404);
    const values = await formValues(c);
    const json = Object.fromEntries(Object.entries(body(values)).filter(([, value]) => value !== undefined));
    const res = await c.get('api').send('POST', `/cases/${caseId}/clock/${action}`, json);
    if (!res.ok) return refused(c, caseId, `clock-${action}`, res, values);
    setFlash(c, { kind: 'success', text: (c.get('t').clock.done as Record<string, string>)[action] ?? c.get('t').common.saved });
    return c.redirect(`/app/cases/${caseId}#clock-heading`, 303);
  });
