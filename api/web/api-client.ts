// The pages are a client of the JSON API, called in-process through the same app (and so the
// same routes, validation and authorisation). Every answer comes back as a result: the data, or
// the API's error with its code, message and field issues.
export interface ApiIssue {
  path: string;
  message: string;
}

export interface ApiError {
  code: string;
  message: string;
  details?: { issues?: ApiIssue[]; reasons?: { code: string; zh: string; en: string }[]; [key: string]: unknown };
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; error: ApiError; headers: Headers };

/** `app.request` of the API app. */
export type ApiFetch = (path: string, init: RequestInit) => Response | Promise<Response>;

export interface ApiClient {
  get<T = any>(path: string, query?: Record<string, string | number | undefined>): Promise<ApiResult<T>>;
  send<T = any>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, json?: unknown): Promise<ApiResult<T>>;
  /** Multipart (or any raw) body, sent on as it came. */
  sendRaw<T = any>(method: 'POST', path: string, body: ArrayBuffer, headers: Record<string, string>): Promise<ApiResult<T>>;
  /** A multipart form built on the server (a file taken from a page's own form). */
  sendForm<T = any>(path: string, form: FormData, headers?: Record<string, string>): Promise<ApiResult<T>>;
  /** The raw response, for what is passed through to the browser (CSV, redirects). */
  raw(path: string, query?: Record<string, string | number | undefined>): Promise<Response>;
  readonly token: string | null;
}

export function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function toResult<T>(res: Response): Promise<ApiResult<T>> {
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = text && type.includes('json') ? JSON.parse(text) : text;
  if (res.ok) return { ok: true, status: res.status, data: body as T, headers: res.headers };
  const error = (body as { error?: ApiError } | null)?.error ?? { code: 'INTERNAL', message: typeof body === 'string' && body ? body : `HTTP ${res.status}` };
  return { ok: false, status: res.status, error, headers: res.headers };
}

export function apiClient(fetchApi: ApiFetch, token: string | null): ApiClient {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return {
    token,
    async get(path, query) {
      return toResult(await fetchApi(withQuery(path, query), { method: 'GET', headers: { ...auth, accept: 'application/json' } }));
    },
    async send(method, path, json) {
      const init: RequestInit = { method, headers: { ...auth, accept: 'application/json', ...(json === undefined ? {} : { 'content-type': 'application/json' }) } };
      if (json !== undefined) init.body = JSON.stringify(json);
      return toResult(await fetchApi(path, init));
    },
    async sendRaw(method, path, body, headers) {
      return toResult(await fetchApi(path, { method, headers: { ...headers, ...auth, accept: 'application/json' }, body }));
    },
    async sendForm(path, form, headers = {}) {
      return toResult(await fetchApi(path, { method: 'POST', headers: { ...headers, ...auth, accept: 'application/json' }, body: form }));
    },
    async raw(path, query) {
      return fetchApi(withQuery(path, query), { method: 'GET', headers: { ...auth } });
    },
  };
}

/** The issues of a 400 answer by field path (first message per field). */
export function issuesByPath(error: ApiError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.details?.issues ?? []) if (!(issue.path in out)) out[issue.path] = issue.message;
  return out;
}
