// Institution admin: people and roles, policy profile versions, the working-day calendar. The
// API checks the admin role on every call; a non-admin sees its refusal.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiResult } from '../api-client';
import { render } from '../components/layout';
import { errorMessageOf, fieldErrorsOf, renderError } from '../errors';
import { CalendarPage, PeoplePage, ProfilesPage, type AdminPerson, type FormState, type ProfileRow } from '../pages/admin';
import { requireLogin, setFlash, type WebContext, type WebEnv } from '../session';
import type { PageMeta } from '../views';

type Refusal = Extract<ApiResult<unknown>, { ok: false }>;
const statusOf = (status: number) => ([400, 403, 404, 409].includes(status) ? status : 500) as ContentfulStatusCode;

async function formAll(c: WebContext): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    const values = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
    out[key] = values.length === 1 && key !== 'roles' ? values[0]! : values;
  }
  return out;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function stateOf(c: WebContext, form: string, res: Refusal, values: Record<string, string | string[]>): FormState {
  const errors = fieldErrorsOf(c, res.error);
  return { form, errors, values, message: Object.keys(errors).length > 0 ? c.get('t').errors.fixBelow : errorMessageOf(c, res.error) };
}

async function peoplePage(c: WebContext, state: FormState | null = null, status: ContentfulStatusCode = 200) {
  const api = c.get('api');
  const query = { q: c.req.query('q') || undefined, role: c.req.query('role') || undefined };
  const [people, departments] = await Promise.all([
    api.get<{ items: AdminPerson[]; meta: PageMeta }>('/admin/people', { ...query, page: c.req.query('page') || undefined, pageSize: 50 }),
    api.get<{ items: { id: string; name: string }[] }>('/admin/departments'),
  ]);
  if (!people.ok) return renderError(c, people.status, people.error);
  const t = c.get('t');
  return render(
    c,
    t.nav.people,
    <PeoplePage t={t} lang={c.get('lang')} people={people.data.items} meta={people.data.meta} departments={departments.ok ? departments.data.items : []} query={query} state={state} />,
    status,
  );
}

async function profilesPage(c: WebContext, state: FormState | null = null, status: ContentfulStatusCode = 200, typed?: string) {
  const res = await c.get('api').get<{ items: ProfileRow[] }>('/admin/policy-profiles');
  if (!res.ok) return renderError(c, res.status, res.error);
  const latest = res.data.items[0]?.rules ?? {};
  const { version: _version, institutionId: _institution, ...rules } = latest as Record<string, unknown>;
  const t = c.get('t');
  return render(c, t.nav.profiles, <ProfilesPage t={t} lang={c.get('lang')} profiles={res.data.items} state={state} draft={typed ?? JSON.stringify(rules, null, 2)} />, status);
}

async function calendarPage(c: WebContext, state: FormState | null = null, status: ContentfulStatusCode = 200) {
  const year = Number(c.req.query('year')) || undefined;
  const res = await c.get('api').get<{ year: number; items: { date: string; kind: string; name: string }[] }>('/admin/calendar', { year });
  if (!res.ok) return renderError(c, res.status, res.error);
  const t = c.get('t');
  return render(c, t.nav.calendar, <CalendarPage t={t} year={res.data.year} days={res.data.items} state={state} />, status);
}

export const adminPages = new Hono<WebEnv>()
  .get('/app/admin', requireLogin, (c) => c.redirect('/app/admin/people', 302))
  .get('/app/admin/people', requireLogin, (c) => peoplePage(c))
  .post('/app/admin/people', requireLogin, async (c) => {
    const values = await formAll(c);
    const res = await c.get('api').send('POST', '/admin/people', {
      name: single(values.name) ?? '',
      email: single(values.email) ?? '',
      roles: list(values.roles),
      departmentId: single(values.departmentId) || null,
    });
    if (!res.ok) return peoplePage(c, stateOf(c, 'create', res, values), statusOf(res.status));
    setFlash(c, { kind: 'success', text: c.get('t').admin.personCreated(single(values.name) ?? '') });
    return c.redirect('/app/admin/people', 303);
  })
  .post('/app/admin/people/:id{[0-9a-fA-F-]{36}}', requireLogin, async (c) => {
    const id = c.req.param('id');
    const values = await formAll(c);
    const active = single(values.active);
    const res = await c.get('api').send('PATCH', `/admin/people/${id}`, {
      roles: list(values.roles),
      departmentId: single(values.departmentId) || null,
      ...(active === 'true' || active === 'false' ? { active: active === 'true' } : {}),
    });
    if (!res.ok) return peoplePage(c, stateOf(c, `edit-${id}`, res, values), statusOf(res.status));
    setFlash(c, { kind: 'success', text: c.get('t').common.saved });
    return c.redirect('/app/admin/people', 303);
  })
  .get('/app/admin/policy-profiles', requireLogin, (c) => profilesPage(c))
  .post('/app/admin/policy-profiles', requireLogin, async (c) => {
    const t = c.get('t');
    const values = await formAll(c);
    const typed = single(values.rules) ?? '';
    let rules: unknown;
    try {
      rules = JSON.parse(typed);
    } catch {
      return profilesPage(c, { form: 'profile', errors: { '(rules)': t.admin.badJson }, values }, 400, typed);
    }
    const res = await c.get('api').send('POST', '/admin/policy-profiles', { rules, active: single(values.active) === 'true' });
    if (!res.ok) {
      const state = stateOf(c, 'profile', res, values);
      state.errors['(rules)'] = Object.keys(state.errors).length > 0 ? t.admin.rulesInvalid : (state.message ?? t.admin.rulesInvalid);
      return profilesPage(c, state, statusOf(res.status), typed);
    }
    setFlash(c, { kind: 'success', text: t.admin.versionCreated });
    return c.redirect('/app/admin/policy-profiles', 303);
  })
  .get('/app/admin/calendar', requireLogin, (c) => calendarPage(c))
  .post('/app/admin/calendar', requireLogin, async (c) => {
    const t = c.get('t');
    const values = await formAll(c);
    const date = (single(values.date) ?? '').trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return calendarPage(c, { form: 'set', errors: { date: t.errors.dateRequired }, values, message: t.errors.fixBelow }, 400);
    const res = await c.get('api').send('PUT', `/admin/calendar/${date}`, { kind: single(values.kind) ?? '', name: single(values.name) ?? '' });
    if (!res.ok) return calendarPage(c, stateOf(c, 'set', res, values), statusOf(res.status));
    setFlash(c, { kind: 'success', text: t.common.saved });
    return c.redirect(`/app/admin/calendar?year=${date.slice(0, 4)}`, 303);
  })
  .post('/app/admin/calendar/:date{\\d{4}-\\d{2}-\\d{2}}/delete', requireLogin, async (c) => {
    const date = c.req.param('date');
    const res = await c.get('api').send('DELETE', `/admin/calendar/${date}`);
    if (!res.ok) return calendarPage(c, stateOf(c, 'remove', res, {}), statusOf(res.status));
    setFlash(c, { kind: 'success', text: c.get('t').admin.dayRemoved(date) });
    return c.redirect(`/app/admin/calendar?year=${date.slice(0, 4)}`, 303);
  });
