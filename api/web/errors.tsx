// An API refusal, said in the page's language: field issues beside their fields, the rest as
// one message (the code's meaning; eligibility reasons in the page's language).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from './api-client';
import { render } from './components/layout';
import { translateIssue } from './i18n/issues';
import type { WebContext } from './session';

export function fieldErrorsOf(c: WebContext, error: ApiError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.details?.issues ?? []) {
    if (!(issue.path in out)) out[issue.path] = translateIssue(c.get('lang'), issue.message);
  }
  return out;
}

export function errorMessageOf(c: WebContext, error: ApiError): string {
  const t = c.get('t');
  const lang = c.get('lang');
  const title = (t.errors.codes as Record<string, string>)[error.code] ?? t.errors.codes.INTERNAL;
  if (error.code === 'NOT_ELIGIBLE' && error.details?.reasons?.length) {
    return `${title}：${error.details.reasons.map((reason) => (lang === 'en' ? reason.en : reason.zh)).join('；')}`;
  }
  if (error.code === 'VALIDATION_FAILED') return title;
  // The API's own words are English; they add the specifics for an English page.
  return lang === 'en' && error.message && error.code !== 'INTERNAL' ? `${title} (${error.message})` : title;
}

/** Form values as posted (text fields only), to put back into a form that is shown again. */
export async function formValues(c: Context): Promise<Record<string, string>> {
  const form = await c.req.formData();
  const out: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === 'string' && !(name in out)) out[name] = value;
  return out;
}

export async function formEntries(c: Context): Promise<[string, string][]> {
  const form = await c.req.formData();
  return [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

export function ErrorPage({ title, message, home, homeLabel }: { title: string; message: string; home: string; homeLabel: string }) {
  return (
    <div class="narrow">
      <h1>{title}</h1>
      <p class="lead" data-testid="error-message">
        {message}
      </p>
      <p>
        <a class="button" href={home}>
          {homeLabel}
        </a>
      </p>
    </div>
  );
}

export function renderError(c: WebContext, status: number, error?: ApiError, text?: string) {
  const t = c.get('t');
  const title = status === 404 ? t.errors.notFoundTitle : status === 403 ? t.errors.forbiddenTitle : t.errors.title;
  const message = text ?? (error ? errorMessageOf(c, error) : status === 404 ? t.errors.notFound : t.errors.codes.INTERNAL);
  const code = ([400, 403, 404, 409, 413].includes(status) ? status : 500) as ContentfulStatusCode;
  return render(c, title, <ErrorPage title={title} message={message} home={c.get('me') ? '/app' : '/board'} homeLabel={t.errors.home} />, code);
}
