// Institution admin pages: people and roles, policy profiles (versions), the working-day calendar.
import { ROLE_LABELS, ROLES } from '../../../domain/policy';
import { Badge, DataTable, Pager } from '../components/bits';
import { Checkboxes, ErrorSummary, RadioGroup, SelectField, TextArea, TextField, fieldId } from '../components/field';
import { formatInstant } from '../format';
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import type { PageMeta } from '../views';

export interface AdminPerson {
  id: string;
  name: string;
  email: string;
  roles: string[];
  department: { id: string; name: string } | null;
  active: boolean;
}

export interface FormState {
  form: string;
  errors: Record<string, string>;
  message?: string | undefined;
  values: Record<string, string | string[]>;
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function AdminTabs({ t, current }: { t: Messages; current: 'people' | 'profiles' | 'calendar' }) {
  const tabs = [
    ['people', '/app/admin/people', t.nav.people],
    ['profiles', '/app/admin/policy-profiles', t.nav.profiles],
    ['calendar', '/app/admin/calendar', t.nav.calendar],
  ] as const;
  return (
    <nav class="tabs" aria-label={t.nav.admin}>
      <ul>
        {tabs.map(([key, href, label]) => (
          <li>
            <a href={href} aria-current={key === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Message({ state, form }: { state: FormState | null; form: string }) {
  return state?.form === form && state.message ? (
    <p class="form-message" role="alert">
      {state.message}
    </p>
  ) : null;
}

export function PeoplePage({ t, lang, people, meta, departments, query, state }: {
  t: Messages;
  lang: Lang;
  people: AdminPerson[];
  meta: PageMeta;
  departments: { id: string; name: string }[];
  query: { q?: string | undefined; role?: string | undefined };
  state: FormState | null;
}) {
  const roleOptions = ROLES.map((role) => ({ value: role, label: pick(lang, ROLE_LABELS[role]) }));
  const deptOptions = departments.map((department) => ({ value: department.id, label: department.name }));
  const created = state?.form === 'create' ? state : null;
  return (
    <div>
      <h1>{t.admin.title}</h1>
      <AdminTabs t={t} current="people" />
      <form method="get" action="/app/admin/people" class="filters" role="search" aria-label={t.common.filters}>
        <div class="field">
          <label for={fieldId('q')}>{t.admin.search}</label>
          <input id={fieldId('q')} name="q" type="search" value={query.q ?? ''} />
        </div>
        <div class="field">
          <label for={fieldId('role')}>{t.admin.role}</label>
          <select id={fieldId('role')} name="role">
            <option value="">{t.common.all}</option>
            {roleOptions.map((option) => (
              <option value={option.value} selected={query.role === option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="button">
            {t.common.filter}
          </button>
        </div>
      </form>
      <DataTable
        label={t.nav.people}
        testId="people-table"
        columns={[{ label: t.admin.name }, { label: t.admin.roles }, { label: t.admin.department }, { label: t.admin.active }, { label: t.common.actions }]}
        rows={people}
        empty={t.common.noResults}
        row={(person) => {
          const edit = state?.form === `edit-${person.id}` ? state : null;
          const roles = edit ? [edit.values.roles ?? []].flat() : person.roles;
          return (
            <tr>
              <td>
                {person.name}
                <div class="muted">{person.email}</div>
              </td>
              <td>{person.roles.map((role) => roleOptions.find((option) => option.value === role)?.label ?? role).join('、')}</td>
              <td>{person.department?.name ?? t.common.none}</td>
              <td>{person.active ? <Badge tone="success">{t.common.yes}</Badge> : <Badge tone="neutral">{t.common.no}</Badge>}</td>
              <td>
                <details open={edit !== null}>
                  <summary>{t.admin.edit}</summary>
                  <form method="post" action={`/app/admin/people/${person.id}`} class="compact">
                    <Message state={state} form={`edit-${person.id}`} />
                    <Checkboxes name="roles" id={`p-${person.id}-roles`} label={t.admin.roles} values={roles} options={roleOptions} error={edit?.errors.roles} />
                    <SelectField name="departmentId" id={`p-${person.id}-department`} label={t.admin.department} options={deptOptions} placeholder={t.common.none} value={one(edit?.values.departmentId) ?? person.department?.id ?? ''} error={edit?.errors.departmentId} />
                    <RadioGroup
                      name="active"
                      id={`p-${person.id}-active`}
                      label={t.admin.active}
                      options={[
                        { value: 'true', label: t.common.yes },
                        { value: 'false', label: t.common.no },
                      ]}
                      value={one(edit?.values.active) ?? String(person.active)}
                      inline
                    />
                    <button type="submit" class="button">
                      {t.common.save}
                    </button>
                  </form>
                </details>
              </td>
            </tr>
          );
        }}
      />
      <Pager t={t} meta={meta} path="/app/admin/people" query={query} />
      <section class="card" aria-labelledby="new-person">
        <h2 id="new-person">{t.admin.newPerson}</h2>
        <Message state={state} form="create" />
        <form method="post" action="/app/admin/people" novalidate>
          <div class="grid-2">
            <TextField name="name" label={t.admin.name} value={one(created?.values.name)} error={created?.errors.name} required maxlength={100} />
            <TextField name="email" type="email" label={t.admin.email} value={one(created?.values.email)} error={created?.errors.email} required />
          </div>
          <Checkboxes name="roles" label={t.admin.roles} values={[created?.values.roles ?? []].flat()} options={roleOptions} error={created?.errors.roles} />
          <SelectField name="departmentId" label={t.admin.department} options={deptOptions} placeholder={t.common.none} value={one(created?.values.departmentId)} error={created?.errors.departmentId} />
          <button type="submit" class="button primary">
            {t.admin.create}
          </button>
        </form>
      </section>
    </div>
  );
}

export interface ProfileRow {
  id: string;
  version: number;
  name: string;
  active: boolean;
  rules: Record<string, any>;
  createdAt: string;
}

export function ProfilesPage({ t, lang, profiles, state, draft }: { t: Messages; lang: Lang; profiles: ProfileRow[]; state: FormState | null; draft: string }) {
  const summary = Object.entries(state?.errors ?? {}).map(([path, text]) => ({ text: `${path}: ${text}` }));
  return (
    <div>
      <h1>{t.admin.title}</h1>
      <AdminTabs t={t} current="profiles" />
      <p class="lead">{t.admin.profilesIntro}</p>
      <DataTable
        label={t.nav.profiles}
        testId="profiles-table"
        columns={[{ label: t.admin.version }, { label: t.admin.profileName }, { label: t.admin.steps }, { label: t.admin.publicity }, { label: t.admin.retention }, { label: t.admin.active }, { label: t.admin.createdAt }]}
        rows={profiles}
        empty={t.common.noResults}
        row={(profile) => {
          const rules = profile.rules;
          const steps: { label: { zh: string; en: string }; dueDays: number }[] = rules?.approval?.steps ?? [];
          return (
            <tr>
              <td>v{profile.version}</td>
              <td>{rules?.name ? pick(lang, rules.name) : profile.name}</td>
              <td>{steps.map((step) => `${pick(lang, step.label)}（${t.admin.days(step.dueDays)}）`).join(' → ')}</td>
              <td>{rules?.publicity ? t.admin.days(rules.publicity.days) : t.common.none}</td>
              <td>{rules?.retention ? t.wizard.months(rules.retention.maxLeaveMonths) : t.common.none}</td>
              <td>{profile.active ? <Badge tone="success">{t.common.yes}</Badge> : <Badge tone="neutral">{t.common.no}</Badge>}</td>
              <td>{formatInstant(profile.createdAt)}</td>
            </tr>
          );
        }}
      />
      <section class="card" aria-labelledby="new-profile">
        <h2 id="new-profile">{t.admin.newVersion}</h2>
        <p class="hint">{t.admin.newVersionHint}</p>
        <Message state={state} form="profile" />
        <ErrorSummary title={t.wizard.fixErrors} items={summary} />
        <form method="post" action="/app/admin/policy-profiles" novalidate>
          <TextArea name="rules" label={t.admin.rulesJson} value={draft} error={state?.errors['(rules)']} rows={18} />
          <label class="choice">
            <input type="checkbox" name="active" value="true" checked /> {t.admin.activate}
          </label>
          <button type="submit" class="button primary">
            {t.admin.createVersion}
          </button>
        </form>
      </section>
    </div>
  );
}

export function CalendarPage({ t, year, days, state }: { t: Messages; year: number; days: { date: string; kind: string; name: string }[]; state: FormState | null }) {
  return (
    <div>
      <h1>{t.admin.title}</h1>
      <AdminTabs t={t} current="calendar" />
      <p class="lead">{t.admin.calendarIntro}</p>
      <nav class="pager" aria-label={t.admin.year}>
        <a href={`/app/admin/calendar?year=${year - 1}`}>← {year - 1}</a>
        <strong>{year}</strong>
        <a href={`/app/admin/calendar?year=${year + 1}`}>{year + 1} →</a>
      </nav>
      <Message state={state} form="remove" />
      <DataTable
        label={t.nav.calendar}
        testId="calendar-table"
        columns={[{ label: t.admin.date }, { label: t.admin.dayKind }, { label: t.admin.dayName }, { label: t.common.actions }]}
        rows={days}
        empty={t.admin.noDays}
        row={(day) => (
          <tr>
            <td>{day.date}</td>
            <td>{day.kind === 'HOLIDAY' ? <Badge tone="info">{t.admin.holiday}</Badge> : <Badge tone="warning">{t.admin.workday}</Badge>}</td>
            <td>{day.name}</td>
            <td>
              <form method="post" action={`/app/admin/calendar/${day.date}/delete`}>
                <button type="submit" class="link-button">
                  {t.admin.remove}
                  <span class="visually-hidden"> {day.date}</span>
                </button>
              </form>
            </td>
          </tr>
        )}
      />
      <section class="card" aria-labelledby="set-day">
        <h2 id="set-day">{t.admin.setDay}</h2>
        <Message state={state} form="set" />
        <form method="post" action="/app/admin/calendar" novalidate>
          <div class="grid-3">
            <TextField name="date" type="date" label={t.admin.date} value={one(state?.values.date)} error={state?.errors.date} required />
            <SelectField
              name="kind"
              label={t.admin.dayKind}
              options={[
                { value: 'HOLIDAY', label: t.admin.holiday },
                { value: 'WORKDAY', label: t.admin.workday },
              ]}
              value={one(state?.values.kind)}
              error={state?.errors.kind}
              required
            />
            <TextField name="name" label={t.admin.dayName} value={one(state?.values.name)} error={state?.errors.name} required maxlength={100} />
          </div>
          <button type="submit" class="button primary">
            {t.common.save}
          </button>
        </form>
      </section>
    </div>
  );
}
