// IP deal pages: the list, the guided form (POST /deals, then PATCH /deals/{id} step by step,
// then POST /deals/{id}/submit), one deal with everything around it, its documents and the
// contract's download, withdrawal, and the staff's actions on an approved deal (an obligation's
// waiver among them). Every change is
// a call to the JSON API; a refusal comes back on the same page with each field's error beside it.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { randomUUID } from 'node:crypto';
import { shanghaiDateOf } from '../../../domain/calendar';
import type { ApiError, ApiResult } from '../api-client';
import { render } from '../components/layout';
import { fieldId } from '../components/field';
import { dealFromStepForm, dealStepOfPath, DEAL_STEPS, fenOf, isDealStep, termsForMode, termsFromForm, type DealBody, type DealStep } from '../deal-form';
import { errorMessageOf, fieldErrorsOf, renderError } from '../errors';
import { DEAL_EDITABLE, DealDetailPage, elsewhereOf, isDealOwner } from '../pages/deal-detail';
import { DealListPage } from '../pages/deal-list';
import { dealFieldLabel, DealWizardPage, type DealFormDraft } from '../pages/deal-wizard';
import type { FormErrors } from '../pages/task-card';
import { hasRole, requireLogin, safeNext, setFlash, STAFF, type WebContext, type WebEnv } from '../session';
import type { CaseSummary, DealDetail, DealSummary, Directory, Doc, PageMeta } from '../views';

type Refusal = Extract<ApiResult<unknown>, { ok: false }>;
const statusOf = (status: number) => ([400, 403, 404, 409, 413].includes(status) ? status : 500) as ContentfulStatusCode;
const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
const compact = (object: Record<string, unknown>) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
const versionOf = (value: string | undefined) => {
  const version = Number(value);
  return Number.isInteger(version) && version > 0 ? { expectedVersion: version } : {};
};

// ─── one deal ─────────────────────────────────────────────────────────────────────────────

/** Renders a deal's page, with the errors of the form that was just refused (if any). */
export async function renderDeal(c: WebContext, dealId: string, formErrors: FormErrors | null = null, status: ContentfulStatusCode = 200) {
  const api = c.get('api');
  const me = c.get('me')!;
  const res = await api.get<DealDetail>(`/deals/${dealId}`);
  if (!res.ok) return renderError(c, res.status, res.error);
  const deal = res.data;
  const deputies: Record<string, Directory['items']> = {};
  for (const task of deal.openTasks) {
    if (task.kind !== 'APPROVAL' || !task.candidateRole || !(me.roles as string[]).includes(task.candidateRole)) continue;
    const found = await api.get<Directory>('/people', { role: task.candidateRole });
    // Those barred from the deal's decisions are not offered as deputies.
    deputies[task.id] = found.ok ? found.data.items.filter((person) => person.id !== deal.leadResearcher.id && !deal.team.some((member) => member.personId === person.id)) : [];
  }
  return render(
    c,
    `${deal.reference} · ${deal.title}`,
    <DealDetailPage
      t={c.get('t')}
      lang={c.get('lang')}
      me={me}
      deal={deal}
      deputies={deputies}
      formErrors={formErrors}
      maxBytes={c.get('deps').config.DOCUMENT_MAX_BYTES}
      keys={{ paymentKey: `web-${randomUUID()}`, uploadKey: randomUUID() }}
      today={shanghaiDateOf(Date.now())}
    />,
    status,
  );
}

/** A refused form on a deal's page: the page again, with the form's errors and what was typed. */
export function refusedDeal(c: WebContext, dealId: string, form: string, res: Refusal, values: Record<string, string>, rename: Record<string, string> = {}) {
  const t = c.get('t');
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(c, res.error))) {
    const name = rename[path] ?? path;
    if (!(name in fields)) fields[name] = message;
  }
  let message = Object.keys(fields).length > 0 ? t.errors.fixBelow : errorMessageOf(c, res.error);
  let link: FormErrors['link'];
  // A task that is done on the deal itself, sent to the inbox's decision: say where it is done.
  const kind = res.error.details?.kind;
  if (res.error.code === 'WRONG_STEP' && typeof kind === 'string') {
    const elsewhere = elsewhereOf(t, { id: dealId }, kind);
    if (elsewhere) {
      message = t.deals.doneElsewhere(elsewhere.text);
      link = { href: elsewhere.href, text: t.deals.goThere };
    }
  }
  return renderDeal(c, dealId, { form, fields, message, values, link }, statusOf(res.status));
}

// ─── the guided form ──────────────────────────────────────────────────────────────────────

interface Shown {
  deal: DealDetail | null;
  step: DealStep;
  draft: DealFormDraft;
  error?: ApiError | null;
  blankRows?: number;
  status?: ContentfulStatusCode;
}

async function showStep(c: WebContext, { deal, step, draft, error, blankRows = 0, status = 200 }: Shown) {
  const t = c.get('t');
  const me = c.get('me')!;
  const api = c.get('api');
  const errors = fieldErrorsOf(c, error);
  const summary: { text: string; href?: string }[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const at = dealStepOfPath(path);
    const label = dealFieldLabel(t, path);
    const said = label ? `${label}${t.common.colon}${message}` : message;
    if (at === step) summary.push({ text: said, href: `#${fieldId(path)}${/^(team|assets|terms\.milestones)(\[\d+\])?$|^(terms|counterparty|terms\.royalty|terms\.equity)$/.test(path) ? '-error' : ''}` });
    else if (at && deal) summary.push({ text: `${t.dealForm.steps[at]} › ${said}`, href: `/app/deals/${deal.id}/edit/${at}?check=1` });
    else summary.push({ text: said });
  }
  if (error && Object.keys(errors).length === 0) summary.push({ text: errorMessageOf(c, error) });
  let cases: { id: string; reference: string; title: string }[] = [];
  let researchers: { id: string; name: string; department: { name: string } | null }[] = [];
  if (!deal && step === 'basics') {
    if (hasRole(me, 'RESEARCHER')) {
      const found = await api.get<{ items: CaseSummary[] }>('/cases', { pageSize: 100 });
      cases = found.ok ? found.data.items.filter((item) => item.researcher.id === me.id && item.status !== 'DRAFT' && item.status !== 'WITHDRAWN') : [];
    } else {
      const found = await api.get<Directory>('/people', { role: 'RESEARCHER' });
      researchers = found.ok ? found.data.items : [];
    }
  }
  return render(
    c,
    t.dealForm.steps[step],
    <DealWizardPage
      t={t}
      lang={c.get('lang')}
      step={step}
      deal={deal ? { id: deal.id, reference: deal.reference, version: deal.version, status: deal.status, mode: deal.mode, totalValueFen: deal.totalValueFen, case: deal.case } : null}
      draft={draft}
      errors={errors}
      summary={summary}
      blankRows={blankRows}
      documents={deal?.documents ?? []}
      maxBytes={c.get('deps').config.DOCUMENT_MAX_BYTES}
      me={{ id: me.id, name: me.name }}
      cases={cases}
      researchers={researchers}
    />,
    status,
  );
}

/** The deal, if `me` may edit it now; otherwise the answer to send. */
async function editableDeal(c: WebContext, dealId: string): Promise<DealDetail | Response> {
  const res = await c.get('api').get<DealDetail>(`/deals/${dealId}`);
  if (!res.ok) return renderError(c, res.status, res.error);
  if (!isDealOwner(c.get('me')!, res.data) || !DEAL_EDITABLE.includes(res.data.status)) {
    setFlash(c, { kind: 'info', text: c.get('t').dealForm.notEditable });
    return c.redirect(`/app/deals/${dealId}`, c.req.method === 'GET' ? 302 : 303);
  }
  return res.data;
}

const draftOf = (deal: DealDetail): DealFormDraft => ({ ...(deal.terms ?? {}) });
const nextStep = (step: DealStep): DealStep => DEAL_STEPS[Math.min(DEAL_STEPS.indexOf(step) + 1, DEAL_STEPS.length - 1)]!;

async function formEntriesAndFiles(c: WebContext): Promise<{ entries: [string, string][]; values: Record<string, string>; file: File | null }> {
  const form = await c.req.formData();
  const entries: [string, string][] = [];
  const values: Record<string, string> = {};
  let file: File | null = null;
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      entries.push([name, value]);
      if (!(name in values)) values[name] = value;
    } else if (name === 'file' && value.size > 0) file = value;
  }
  return { entries, values, file };
}

// ─── the staff's actions ──────────────────────────────────────────────────────────────────

/** Uploads a file a page's form carried as a document of the deal. */
async function uploadToDeal(c: WebContext, dealId: string, kind: string, file: File, uploadKey: string | undefined) {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', file, file.name);
  const headers: Record<string, string> = uploadKey && /^[0-9a-f-]{36}$/.test(uploadKey) ? { 'idempotency-key': `${uploadKey}:${kind}` } : {};
  return c.get('api').sendForm<Doc>(`/deals/${dealId}/documents`, form, headers);
}

interface ActionSpec {
  /** The form's anchor on the page (and the key of its errors). */
  form: string;
  /** A document the form may upload with it: its kind, the body's field, whether one is needed. */
  document?: { kind: string; field: string; required: boolean };
  /** The API call: path under /deals/{id} and its body. */
  call: (deal: { id: string; mode: string }, values: Record<string, string>, entries: [string, string][]) => { path: string; body: Record<string, unknown> };
  /** API field names → the form's input names. */
  rename?: Record<string, string>;
}

const ACTIONS: Record<string, ActionSpec> = {
  'exchange-result': {
    form: 'exchange-result',
    document: { kind: 'EXCHANGE_RECORD', field: 'documentId', required: false },
    call: (_deal, v) => ({
      path: 'exchange-result',
      body: { venue: v.venue ?? '', listingReference: v.listingReference ?? '', concludedOn: v.concludedOn ?? '', finalPriceFen: fenOf(v.finalPriceFen), winningParty: v.winningParty ?? '', documentId: text(v.documentId), ...versionOf(v.expectedVersion) },
    }),
  },
  'signed-contract': {
    form: 'signed-contract',
    document: { kind: 'SIGNED_CONTRACT', field: 'documentId', required: true },
    call: (_deal, v) => ({ path: 'signed-contract', body: { documentId: text(v.documentId), signedOn: v.signedOn ?? '', ...versionOf(v.expectedVersion) } }),
  },
  'tech-contract-registration': {
    form: 'registration',
    call: (_deal, v) => ({ path: 'tech-contract-registration', body: { number: v.number ?? '', registeredOn: v.registeredOn ?? '' } }),
  },
  milestone: {
    form: 'milestone',
    call: (_deal, v) => ({ path: `obligations/${encodeURIComponent(v.key ?? '')}/event`, body: { eventOn: v.eventOn ?? '' } }),
    rename: { key: 'key' },
  },
  payments: {
    form: 'payment',
    document: { kind: 'PAYMENT_EVIDENCE', field: 'evidenceDocumentId', required: false },
    call: (_deal, v) => {
      const [what, ...rest] = (v.settles ?? '').split(':');
      const key = rest.join(':') || undefined;
      return {
        path: 'payments',
        body: {
          paymentKey: v.paymentKey ?? '',
          amountFen: fenOf(v.amountFen),
          receivedOn: v.receivedOn ?? '',
          obligationKey: what === 'obligation' ? key : undefined,
          royaltyPeriodKey: what === 'royalty' ? key : undefined,
          evidenceDocumentId: text(v.evidenceDocumentId),
        },
      };
    },
    rename: { obligationKey: 'settles', royaltyPeriodKey: 'settles' },
  },
  'royalty-reports': {
    form: 'royalty-report',
    document: { kind: 'ROYALTY_REPORT', field: 'documentId', required: true },
    call: (_deal, v) => ({ path: 'royalty-reports', body: { periodKey: v.periodKey ?? '', netSalesFen: fenOf(v.netSalesFen), documentId: text(v.documentId) } }),
  },
  amendments: {
    form: 'amendment',
    call: (deal, v, entries) => ({ path: 'amendments', body: { reason: v.reason ?? '', terms: termsFromForm(entries, deal.mode) } }),
  },
  terminate: {
    form: 'terminate',
    call: (_deal, v) => ({ path: 'terminate', body: { reason: v.reason ?? '', effectiveOn: v.effectiveOn ?? '' } }),
  },
  // One form beside each obligation still owed; the refused one comes back open (by its key).
  waive: {
    form: 'waive',
    call: (_deal, v) => ({ path: `obligations/${encodeURIComponent(v.key ?? '')}/waive`, body: { reason: v.reason ?? '' } }),
  },
};

// ─── the routes ───────────────────────────────────────────────────────────────────────────

const ID = ':id{[0-9a-fA-F-]{36}}';

export const dealPages = new Hono<WebEnv>()
  .get('/app/deals', requireLogin, async (c) => {
    const t = c.get('t');
    const me = c.get('me')!;
    const query = { status: c.req.query('status') || undefined, mode: c.req.query('mode') || undefined, q: c.req.query('q') || undefined };
    const res = await c.get('api').get<{ items: DealSummary[]; meta: PageMeta }>('/deals', { ...query, page: c.req.query('page') || undefined, pageSize: 20 });
    if (!res.ok) return renderError(c, res.status, res.error);
    const staff = hasRole(me, ...STAFF);
    return render(
      c,
      staff ? t.deals.title : t.deals.titleMine,
      <DealListPage t={t} lang={c.get('lang')} items={res.data.items} meta={res.data.meta} query={query} staff={staff} canCreate={hasRole(me, 'RESEARCHER', 'TTO_OFFICER')} />,
    );
  })
  .get('/app/deals/new', requireLogin, (c) => {
    if (!hasRole(c.get('me'), 'RESEARCHER', 'TTO_OFFICER')) return renderError(c, 403, { code: 'FORBIDDEN', message: 'Researchers and the tech-transfer office open deals' });
    return showStep(c, { deal: null, step: 'basics', draft: {} });
  })
  .post('/app/deals/new', requireLogin, async (c) => {
    const me = c.get('me')!;
    const { entries } = await formEntriesAndFiles(c);
    const body: DealBody = dealFromStepForm('basics', entries);
    // A researcher opens a deal of their own; the tech-transfer office names whose it is.
    if (hasRole(me, 'RESEARCHER')) delete body.leadResearcherId;
    const res = await c.get('api').send<DealDetail>('POST', '/deals', body);
    if (!res.ok) return showStep(c, { deal: null, step: 'basics', draft: body, error: res.error, status: statusOf(res.status) });
    setFlash(c, { kind: 'success', text: c.get('t').dealForm.created(res.data.reference) });
    return c.redirect(`/app/deals/${res.data.id}/edit/counterparty`, 303);
  })
  .get(`/app/deals/${ID}`, requireLogin, (c) => renderDeal(c, c.req.param('id')))
  .get(`/app/deals/${ID}/edit/:step`, requireLogin, async (c) => {
    const step = c.req.param('step');
    if (!isDealStep(step)) return renderError(c, 404);
    const deal = await editableDeal(c, c.req.param('id'));
    if (deal instanceof Response) return deal;
    const blank = Math.min(10, Math.max(0, Number(c.req.query('blank') ?? 0) || 0));
    return showStep(c, { deal, step, draft: draftOf(deal), blankRows: blank });
  })
  .post(`/app/deals/${ID}/edit/:step`, requireLogin, async (c) => {
    const step = c.req.param('step');
    if (!isDealStep(step) || step === 'documents' || step === 'review') return renderError(c, 404);
    const dealId = c.req.param('id');
    const deal = await editableDeal(c, dealId);
    if (deal instanceof Response) return deal;
    const { entries, values } = await formEntriesAndFiles(c);
    const action = values._action ?? 'next';
    const changes = dealFromStepForm(step, entries, deal.mode);
    if (step === 'basics') {
      // The case and the lead researcher are set when the deal is opened.
      delete changes.caseId;
      delete changes.leadResearcherId;
      // Another kind of deal keeps only the terms it can have.
      if (typeof changes.mode === 'string' && changes.mode !== deal.mode && deal.terms?.terms) changes.terms = termsForMode(changes.mode, deal.terms.terms);
    }
    const res = await c.get('api').send<DealDetail>('PATCH', `/deals/${dealId}`, { ...changes, ...versionOf(values.expectedVersion) });
    if (!res.ok) return showStep(c, { deal, step, draft: { ...draftOf(deal), ...changes }, error: res.error, status: statusOf(res.status) });
    if (action.startsWith('add:')) {
      const blank = Number(new URL(c.req.header('referer') ?? c.req.url).searchParams.get('blank') ?? 0) || 0;
      return c.redirect(`/app/deals/${dealId}/edit/${step}?blank=${Math.min(10, blank + 1)}`, 303);
    }
    if (action === 'save') {
      setFlash(c, { kind: 'success', text: c.get('t').wizard.saved });
      return c.redirect(`/app/deals/${dealId}/edit/${step}`, 303);
    }
    return c.redirect(`/app/deals/${dealId}/edit/${nextStep(step)}`, 303);
  })
  .post(`/app/deals/${ID}/submit`, requireLogin, async (c) => {
    const dealId = c.req.param('id');
    const deal = await editableDeal(c, dealId);
    if (deal instanceof Response) return deal;
    const { values } = await formEntriesAndFiles(c);
    const res = await c.get('api').send<DealDetail>('POST', `/deals/${dealId}/submit`, versionOf(values.expectedVersion));
    if (res.ok) {
      setFlash(c, { kind: 'success', text: c.get('t').dealForm.submitted(res.data.reference) });
      return c.redirect(`/app/deals/${dealId}`, 303);
    }
    // Open the first step with a problem, its fields marked; the others are listed with links.
    const steps = (res.error.details?.issues ?? []).map((issue) => dealStepOfPath(issue.path)).filter((step): step is DealStep => step !== null);
    const first = DEAL_STEPS.find((step) => steps.includes(step)) ?? 'review';
    return showStep(c, { deal, step: first, draft: draftOf(deal), error: res.error, status: statusOf(res.status) });
  })
  .post(`/app/deals/${ID}/documents`, requireLogin, async (c) => {
    // A document of the deal: the multipart body goes to the API as sent. A valuation report or
    // a conflict disclosure uploaded while the deal is being written is attached to its draft.
    const t = c.get('t');
    const api = c.get('api');
    const dealId = c.req.param('id');
    const back = safeNext(c.req.query('back'), `/app/deals/${dealId}`);
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    const headers: Record<string, string> = { 'content-type': c.req.header('content-type') ?? 'application/octet-stream' };
    const key = c.req.header('idempotency-key');
    if (key) headers['idempotency-key'] = key;
    const res = await api.sendRaw<Doc>('POST', `/deals/${dealId}/documents`, await c.req.arrayBuffer(), headers);
    if (res.ok) {
      let message = t.documents.uploaded(res.data.fileName);
      const draftField = res.data.kind === 'VALUATION_REPORT' ? 'valuationReportDocumentId' : res.data.kind === 'CONFLICT_DISCLOSURE' ? 'conflictDisclosureDocumentId' : null;
      if (draftField) {
        const deal = await api.get<DealDetail>(`/deals/${dealId}`);
        if (deal.ok && DEAL_EDITABLE.includes(deal.data.status) && isDealOwner(c.get('me')!, deal.data)) {
          const attached = await api.send('PATCH', `/deals/${dealId}`, { [draftField]: res.data.id });
          message = attached.ok
            ? `${message} ${t.dealForm.attachedAs(t.labels.docKind[res.data.kind] ?? res.data.kind)}`
            : `${message} ${t.dealForm.attachFailed}${errorMessageOf(c, attached.error)}`;
        }
      }
      setFlash(c, { kind: 'success', text: message });
      return wantsJson ? c.json({ ok: true, redirect: back, message }, 201) : c.redirect(back, 303);
    }
    const fields = fieldErrorsOf(c, res.error);
    const message = fields.file ?? fields.kind ?? errorMessageOf(c, res.error);
    if (wantsJson) return c.json({ ok: false, message, fields }, statusOf(res.status));
    setFlash(c, { kind: 'error', text: `${t.documents.uploadFailed}: ${message}` });
    return c.redirect(back, 303);
  })
  .get(`/app/deals/${ID}/contract`, requireLogin, async (c) => {
    const res = await c.get('api').get<{ url: string }>(`/deals/${c.req.param('id')}/contract`, { format: 'json' });
    if (!res.ok) return renderError(c, res.status, res.error);
    c.header('cache-control', 'no-store');
    return c.redirect(res.data.url, 302);
  })
  .post(`/app/deals/${ID}/withdraw`, requireLogin, async (c) => {
    const dealId = c.req.param('id');
    const { values } = await formEntriesAndFiles(c);
    const res = await c.get('api').send('POST', `/deals/${dealId}/withdraw`, { reason: values.reason ?? '' });
    if (!res.ok) return refusedDeal(c, dealId, 'withdraw', res, values);
    setFlash(c, { kind: 'success', text: c.get('t').deals.done.withdraw });
    return c.redirect(`/app/deals/${dealId}`, 303);
  })
  .post(`/app/deals/${ID}/actions/:action`, requireLogin, async (c) => {
    const t = c.get('t');
    const dealId = c.req.param('id');
    const spec = ACTIONS[c.req.param('action')];
    if (!spec) return renderError(c, 404);
    const { entries, values, file } = await formEntriesAndFiles(c);
    const found = await c.get('api').get<DealDetail>(`/deals/${dealId}`);
    if (!found.ok) return renderError(c, found.status, found.error);
    if (spec.document) {
      const { kind, field, required } = spec.document;
      if (file) {
        const uploaded = await uploadToDeal(c, dealId, kind, file, values.uploadKey);
        if (!uploaded.ok) return refusedDeal(c, dealId, spec.form, uploaded, values, { documentKey: 'file', kind: 'file' });
        // The stored file is offered (and chosen) if the form comes back refused.
        values[field] = uploaded.data.id;
      } else if (required && !text(values[field])) {
        const missing: Refusal = { ok: false, status: 400, headers: new Headers(), error: { code: 'VALIDATION_FAILED', message: 'file is required', details: { issues: [{ path: 'file', message: 'file is required' }] } } };
        return refusedDeal(c, dealId, spec.form, missing, values);
      }
    }
    const { path, body } = spec.call({ id: dealId, mode: found.data.mode }, values, entries);
    const res = await c.get('api').send('POST', `/deals/${dealId}/${path}`, compact(body));
    if (!res.ok) {
      const rename: Record<string, string> = { ...spec.rename, ...(spec.document ? { [spec.document.field]: spec.document.field } : {}) };
      return refusedDeal(c, dealId, spec.form, res, values, rename);
    }
    // Terminating an expired or terminated deal closes it.
    const said = c.req.param('action') === 'terminate' && found.data.status !== 'ACTIVE' ? 'close' : c.req.param('action');
    const done = (t.deals.done as Record<string, string>)[said] ?? t.common.saved;
    setFlash(c, { kind: 'success', text: done });
    return c.redirect(`/app/deals/${dealId}`, 303);
  });
