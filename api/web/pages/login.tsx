// Log in. With an identity provider configured (AUTH_OIDC_ISSUER), a button sends the browser to
// it (routes/auth.tsx runs the OpenID Connect code flow). The embedded default issues its own
// tokens (POST /auth/dev-login), so the page lists the registered people to pick from, or takes
// an e-mail address.
import type { Messages } from '../i18n';
import { pick, type Lang } from '../i18n/lang';
import { ROLE_LABELS, type Role } from '../../../domain/policy';
import { TextField } from '../components/field';

export interface DevPerson {
  name: string;
  email: string;
  roles: Role[];
  institution: { code: string; name: string };
  department: { name: string } | null;
}

export function LoginPage({ t, lang, next, expired, people, devLogin, sso, ssoError, email, error }: {
  t: Messages;
  lang: Lang;
  next: string;
  expired: boolean;
  people: DevPerson[];
  devLogin: boolean;
  /** Sign-in through the institution's identity provider is configured. */
  sso: boolean;
  /** Why the last sign-in through it did not go through. */
  ssoError?: string | undefined;
  email?: string;
  error?: string | undefined;
}) {
  const institutions = [...new Set(people.map((person) => person.institution.code))];
  return (
    <div class="narrow">
      <h1>{t.login.title}</h1>
      {expired ? (
        <div class="flash flash-info" role="status" data-testid="session-expired">
          {t.login.expired}
        </div>
      ) : null}
      {sso ? (
        <section class="card" aria-labelledby="sso-title" data-testid="sso">
          <h2 id="sso-title">{t.login.ssoTitle}</h2>
          {ssoError ? (
            <div class="flash flash-error" role="alert" data-testid="sso-error">
              {ssoError}
            </div>
          ) : null}
          <p>
            <a class="button primary" href={`/app/login/sso?next=${encodeURIComponent(next)}`} data-testid="sso-button">
              {t.login.ssoButton}
            </a>
          </p>
        </section>
      ) : null}
      {devLogin ? (
        <>
          <p class="lead">{t.login.devIntro}</p>
          <form method="post" action="/app/login" class="card" novalidate>
            <input type="hidden" name="next" value={next} />
            <TextField name="email" type="email" label={t.login.email} value={email} error={error} required autocomplete="username" />
            <button type="submit" class="button primary">
              {t.login.submit}
            </button>
          </form>
          {people.length > 0 ? (
            <section class="card" aria-labelledby="pick-person">
              <h2 id="pick-person">{t.login.pickPerson}</h2>
              {institutions.map((code) => {
                const members = people.filter((person) => person.institution.code === code);
                return (
                  <form method="post" action="/app/login" class="people-list">
                    <input type="hidden" name="next" value={next} />
                    <h3>{members[0]!.institution.name}</h3>
                    <ul>
                      {members.map((person) => (
                        <li>
                          <button type="submit" name="email" value={person.email} class="person-button">
                            <strong>{person.name}</strong>
                            <span>{person.roles.map((role) => pick(lang, ROLE_LABELS[role])).join('、')}</span>
                            <span class="muted">{person.email}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </form>
                );
              })}
            </section>
          ) : null}
        </>
      ) : sso ? null : (
        <p class="lead">{t.login.idpOnly}</p>
      )}
      <p>
        <a href="/board">{t.login.boardLink}</a>
      </p>
    </div>
  );
}
