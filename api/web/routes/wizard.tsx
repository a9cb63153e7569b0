// The request form, step by step: a new case (POST /cases), each step saved into the draft
// (PATCH /cases/{id}), then submitted (POST /cases/{id}/submit). A refused step comes back with
// each field's error beside it; a refused submission opens the first step with a problem.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TSpinoutDraft } from '../../../domain/spinout';
import type { ApiError } from '../api-client';
import { render } from '../components/layout';
import { fieldId } from '../components/field';
import { errorMessageOf, fieldErrorsOf, formEntries, renderError } from '../errors';
import { CaseWizardPage, wizardFieldLabel } from '../pages/case-wizard';
import { hasRole, requireLogin, setFlash, type WebContext, type WebEnv } from '../session';
import { draftFromStepForm, isWizardStep, stepOfPath, WIZARD_STEPS, type WizardStep } from '../spinout-form';
import type { CaseDetail } from '../views';

const EDITABLE = ['DRAFT', 'RETURNED'];

interface Shown {
  detail: CaseDetail | null;
  step: WizardStep;
  draft: TSpinoutDraft;
  error?: ApiError | null;
  blankRows?: number;
  status?: ContentfulStatusCode;
}

function showStep(c: WebContext, { detail, step, draft, error, blankRows = 0, status = 200 }: Shown) {
  const t = c.get('t');
  const me = c.get('me')!;
  const errors = fieldErrorsOf(c, error);
  // Problems on this step stand beside their fields; those of other steps link to them.
  const summary: { text: string; href?: string }[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const at = stepOfPath(path);
    const label = wizardFieldLabel(t, path);
    const text = label ? `${label}${t.common.colon}${message}` : message;
    if (at === step) summary.push({ text, href: `#${fieldId(path)}${/^(team|ipAssets)(\[\d+\])?$/.test(path) ? '-error' : ''}` });
    else if (at && detail) summary.push({ text: `${t.wizard.steps[at]} › ${text}`, href: `/app/cases/${detail.id}/edit/${at}?check=1` });
    else summary.push({ text });
  }
  if (error && Object.keys(errors).length === 0) summary.push({ text: errorMessageOf(c, error) });
  return render(
    c,
    t.wizard.steps[step],
    <CaseWizardPage
      t={t}
      lang={c.get('lang')}
      step={step}
      caseRef={detail ? { id: detail.id, reference: detail.reference, version: detail.version, status: detail.status } : null}
      draft={draft}
      errors={errors}
      summary={summary}
      blankRows={blankRows}
      documents={detail?.documents ?? []}
      maxBytes={c.get('deps').config.DOCUMENT_MAX_BYTES}
      me={{ id: me.id, name: me.name }}
    />,
    status,
  );
}

const statusOf = (status: number) => ([400, 403, 404, 409].includes(status) ? status : 500) as ContentfulStatusCode;

/** The case, if `me` may edit it now; otherwise the answer to send. */
async function editableCase(c: WebContext, caseId: string): Promise<CaseDetail | Response> {
  const res = await c.get('api').get<CaseDetail>(`/cases/${caseId}`);
  if (!res.ok) return renderError(c, res.status, res.error);
  if (res.data.researcher.id !== c.get('me')!.id || !EDITABLE.includes(res.data.status)) {
    setFlash(c, { kind: 'info', text: c.get('t').wizard.notEditable });
    return c.redirect(`/app/cases/${caseId}`, c.req.method === 'GET' ? 302 : 303);
  }
  return res.data;
}

const nextStep = (step: WizardStep): WizardStep => WIZARD_STEPS[Math.min(WIZARD_STEPS.indexOf(step) + 1, WIZARD_STEPS.length - 1)]!;

export const wizardPages = new Hono<WebEnv>()
  .get('/app/cases/new', requireLogin, (c) => {
    if (!hasRole(c.get('me'), 'RESEARCHER')) return renderError(c, 403, { code: 'FORBIDDEN', message: 'Only researchers open cases' });
    return showStep(c, { detail: null, step: 'basics', draft: {} });
  })
  .post('/app/cases/new', requireLogin, async (c) => {
    const draft = draftFromStepForm('basics', await formEntries(c));
    const res = await c.get('api').send<CaseDetail>('POST', '/cases', draft);
    if (!res.ok) return showStep(c, { detail: null, step: 'basics', draft, error: res.error, status: statusOf(res.status) });
    setFlash(c, { kind: 'success', text: c.get('t').wizard.created(res.data.reference) });
    return c.redirect(`/app/cases/${res.data.id}/edit/venture`, 303);
  })
  .get('/app/cases/:id{[0-9a-fA-F-]{36}}/edit/:step', requireLogin, async (c) => {
    const step = c.req.param('step');
    if (!isWizardStep(step)) return renderError(c, 404);
    const detail = await editableCase(c, c.req.param('id'));
    if (detail instanceof Response) return detail;
    const blank = Math.min(10, Math.max(0, Number(c.req.query('blank') ?? 0) || 0));
    return showStep(c, { detail, step, draft: detail.draft ?? {}, blankRows: blank });
  })
  .post('/app/cases/:id{[0-9a-fA-F-]{36}}/edit/:step', requireLogin, async (c) => {
    const step = c.req.param('step');
    if (!isWizardStep(step)) return renderError(c, 404);
    const caseId = c.req.param('id');
    const detail = await editableCase(c, caseId);
    if (detail instanceof Response) return detail;
    const entries = await formEntries(c);
    const action = entries.find(([name]) => name === '_action')?.[1] ?? 'next';
    const expected = Number(entries.find(([name]) => name === 'expectedVersion')?.[1]);
    const changes = draftFromStepForm(step, entries);
    const res = await c.get('api').send<CaseDetail>('PATCH', `/cases/${caseId}`, { ...changes, ...(Number.isInteger(expected) && expected > 0 ? { expectedVersion: expected } : {}) });
    if (!res.ok) {
      return showStep(c, { detail, step, draft: { ...(detail.draft ?? {}), ...changes }, error: res.error, status: statusOf(res.status) });
    }
    if (action === 'add') {
      const blank = Number(new URL(c.req.header('referer') ?? c.req.url).searchParams.get('blank') ?? 0) || 0;
      return c.redirect(`/app/cases/${caseId}/edit/${step}?blank=${Math.min(10, blank + 1)}`, 303);
    }
    if (action === 'save') {
      setFlash(c, { kind: 'success', text: c.get('t').wizard.saved });
      return c.redirect(`/app/cases/${caseId}/edit/${step}`, 303);
    }
    return c.redirect(`/app/cases/${caseId}/edit/${nextStep(step)}`, 303);
  })
  .post('/app/cases/:id{[0-9a-fA-F-]{36}}/submit', requireLogin, async (c) => {
    const caseId = c.req.param('id');
    const detail = await editableCase(c, caseId);
    if (detail instanceof Response) return detail;
    const expected = Number((await formEntries(c)).find(([name]) => name === 'expectedVersion')?.[1]);
    const res = await c.get('api').send<CaseDetail>('POST', `/cases/${caseId}/submit`, Number.isInteger(expected) && expected > 0 ? { expectedVersion: expected } : {});
    if (res.ok) {
      setFlash(c, { kind: 'success', text: c.get('t').wizard.submitted(res.data.reference) });
      return c.redirect(`/app/cases/${caseId}`, 303);
    }
    // Open the first step with a problem, its fields marked; the others are listed with links.
    const paths = (res.error.details?.issues ?? []).map((issue) => stepOfPath(issue.path)).filter((step): step is WizardStep => step !== null);
    const first = WIZARD_STEPS.find((step) => paths.includes(step)) ?? 'review';
    return showStep(c, { detail, step: first, draft: detail.draft ?? {}, error: res.error, status: statusOf(res.status) });
  });
