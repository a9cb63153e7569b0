// Log in (through the institution's identity provider, or the API's dev login), log out, switch
// language, and the entry redirects.
//
// Sign-in through the identity provider is the OpenID Connect authorization code flow with PKCE,
// run here on the server (openid-client): /app/login/sso sends the browser to the provider with
// a fresh state, nonce and code challenge, kept in a signed, HttpOnly cookie scoped to
// /app/login for ten minutes; /app/login/callback checks them, redeems the code at the
// provider's token endpoint and exchanges the ID token for a session (POST /auth/sso/session).
// The provider's tokens never reach the browser; the session cookie is the same as dev login's.
// Logging out of such a session signs out at the provider too (RP-initiated logout), when it
// offers an end_session_endpoint; register PUBLIC_URL/app/login as the post-logout redirect URI.
import { Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { identityProviderFor } from '../../auth/identity-provider';
import { SESSION_ISSUER } from '../../auth/tokens';
import { render } from '../components/layout';
import { isLang } from '../i18n/lang';
import { LoginPage, type DevPerson } from '../pages/login';
import { translateIssue } from '../i18n/issues';
import { clearSession, hasRole, requireLogin, safeNext, setFlash, setLang, setSession, STAFF, type WebContext, type WebEnv } from '../session';

export const authPages = new Hono<WebEnv>()
  .get('/', (c) => c.redirect('/app', 302))
  .get('/app', requireLogin, (c) => c.redirect(hasRole(c.get('me'), ...STAFF) ? '/app/inbox' : '/app/cases', 302))
  .get('/app/lang', (c) => {
    const to = c.req.query('to');
    if (isLang(to)) setLang(c, to);
    return c.redirect(safeNext(c.req.query('next')), 302);
  })
  .get('/app/login', async (c) => {
    const t = c.get('t');
    const next = safeNext(c.req.query('next'));
    const expired = c.req.query('expired') === '1';
    if (!expired && c.get('api').token) {
      const me = await c.get('api').get('/me');
      if (me.ok) return c.redirect(next, 302);
    }
    const people = await c.get('api').get<{ items: DevPerson[] }>('/auth/dev-login');
    // A session that ran out while the provider is the only way in: straight back through it
    // (while the provider's own session lasts, the person does not even see a login form).
    if (expired && !people.ok && ssoConfigured(c)) return c.redirect(`/app/login/sso?next=${encodeURIComponent(next)}`, 302);
    return render(
      c,
      t.login.title,
      <LoginPage t={t} lang={c.get('lang')} next={next} expired={expired} people={people.ok ? people.data.items : []} devLogin={people.ok} sso={ssoConfigured(c)} />,
    );
  })
  .post('/app/login', async (c) => {
    const t = c.get('t');
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const res = await c.get('api').send<{ token: string; expiresAt: string; person: { name: string } }>('POST', '/auth/dev-login', { email });
    if (res.ok) {
      setSession(c, res.data.token, res.data.expiresAt);
      setFlash(c, { kind: 'success', text: t.login.welcome(res.data.person.name) });
      return c.redirect(next, 303);
    }
    const people = await c.get('api').get<{ items: DevPerson[] }>('/auth/dev-login');
    const issue = res.error.details?.issues?.find((item) => item.path === 'email');
    const error = issue ? translateIssue(c.get('lang'), issue.message) : res.status === 404 ? t.login.unknown(email) : t.errors.codes.INTERNAL;
    return render(
      c,
      t.login.title,
      <LoginPage t={t} lang={c.get('lang')} next={next} expired={false} people={people.ok ? people.data.items : []} devLogin={people.ok} sso={ssoConfigured(c)} email={email} error={error} />,
      400,
    );
  })
  .get('/app/login/sso', async (c) => {
    const sso = ssoOf(c);
    if (!sso) return c.redirect('/app/login', 302);
    const { provider, secret, config } = sso;
    const next = safeNext(c.req.query('next'));
    let configuration: oidc.Configuration;
    try {
      configuration = await provider.configuration();
    } catch (error) {
      // The person sees "try again"; whoever runs the service needs the reason.
      console.error(`Sign-in: the identity provider ${provider.issuer} could not be discovered:`, error);
      return ssoFailed(c, next, c.get('t').login.ssoFailed);
    }
    const attempt: SsoAttempt = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next };
    const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: callbackUrl(config.PUBLIC_URL),
      scope: 'openid email profile',
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(attempt.verifier),
      code_challenge_method: 'S256',
    });
    await setSignedCookie(c, SSO_COOKIE, JSON.stringify(attempt), secret, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/app/login',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 600,
    });
    return c.redirect(authorizationUrl.href, 302);
  })
  .get('/app/login/callback', async (c) => {
    const t = c.get('t');
    const sso = ssoOf(c);
    if (!sso) return c.redirect('/app/login', 302);
    const { provider, secret, config } = sso;
    const attempt = parseAttempt(await getSignedCookie(c, secret, SSO_COOKIE));
    deleteCookie(c, SSO_COOKIE, { path: '/app/login' });
    if (!attempt) return ssoFailed(c, '/app', t.login.ssoStale);
    const refused = c.req.query('error');
    if (refused) return ssoFailed(c, attempt.next, t.login.ssoRefused(c.req.query('error_description') ?? refused));

    let idToken: string | undefined;
    try {
      // The URL as the provider redirected to it, under the address it was registered with.
      const current = new URL(`${c.req.path}${new URL(c.req.url).search}`, config.PUBLIC_URL);
      const tokens = await oidc.authorizationCodeGrant(await provider.configuration(), current, {
        pkceCodeVerifier: attempt.verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      idToken = tokens.id_token;
    } catch (error) {
      console.error(`Sign-in: the code from ${provider.issuer} could not be redeemed:`, error);
      return ssoFailed(c, attempt.next, t.login.ssoFailed);
    }
    const res = await c.get('api').send<{ token: string; expiresAt: string; person: { name: string } }>('POST', '/auth/sso/session', { idToken });
    if (!res.ok) {
      if (res.status !== 403) console.error(`Sign-in: the ID token from ${provider.issuer} was refused (${res.status}): ${res.error.message}`);
      const email = typeof res.error.details?.email === 'string' ? res.error.details.email : null;
      return ssoFailed(c, attempt.next, res.status === 403 && email ? t.login.ssoNoAccount(email) : t.login.ssoFailed);
    }
    setSession(c, res.data.token, res.data.expiresAt);
    setFlash(c, { kind: 'success', text: t.login.welcome(res.data.person.name) });
    return c.redirect(attempt.next, 302);
  })
  .post('/app/logout', async (c) => {
    const signedInThroughProvider = isProviderSession(c.get('api').token);
    clearSession(c);
    setFlash(c, { kind: 'info', text: c.get('t').login.loggedOut });
    // Someone who signed in through the identity provider is signed out there too (OpenID Connect
    // RP-initiated logout), when it offers that: on a shared computer, the next person must not
    // find the provider's session still open. The provider sends the browser back to the login page.
    const provider = identityProviderFor(c.get('deps').config);
    if (signedInThroughProvider && provider) {
      try {
        const configuration = await provider.configuration();
        if (configuration.serverMetadata().end_session_endpoint) {
          const endSession = oidc.buildEndSessionUrl(configuration, { post_logout_redirect_uri: loginUrlOf(c.get('deps').config.PUBLIC_URL) });
          return c.redirect(endSession.href, 303);
        }
      } catch (error) {
        // The provider is unreachable: the Spinway session is gone all the same.
        console.error(`Log out: the identity provider ${provider.issuer} could not be reached to end its session:`, error);
      }
    }
    return c.redirect('/app/login', 303);
  });

const SSO_COOKIE = 'sw_sso';

/** One sign-in through the identity provider, between leaving for it and coming back. */
interface SsoAttempt {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** The identity provider and the key of the sign-in cookie, when sign-in through it is configured. */
function ssoOf(c: WebContext) {
  const { config } = c.get('deps');
  const provider = identityProviderFor(config);
  // loadConfig requires AUTH_SESSION_SECRET with AUTH_OIDC_ISSUER; the check narrows its type.
  return provider && config.AUTH_SESSION_SECRET ? { provider, secret: config.AUTH_SESSION_SECRET, config } : null;
}

const ssoConfigured = (c: WebContext) => ssoOf(c) !== null;

/** The redirect URI registered with the provider. */
const callbackUrl = (publicUrl: string) => new URL('/app/login/callback', publicUrl).href;
/** Where the provider sends the browser after signing out there (registered as a post-logout redirect URI). */
const loginUrlOf = (publicUrl: string) => new URL('/app/login', publicUrl).href;

/** Whether the session token is one this API signed after a sign-in through the identity provider. */
function isProviderSession(token: string | null): boolean {
  if (!token) return false;
  try {
    return decodeJwt(token).iss === SESSION_ISSUER;
  } catch {
    return false;
  }
}

function parseAttempt(value: string | false | undefined): SsoAttempt | null {
  if (!value) return null;
  try {
    const attempt = JSON.parse(value) as Partial<SsoAttempt>;
    if (typeof attempt.state !== 'string' || typeof attempt.nonce !== 'string' || typeof attempt.verifier !== 'string') return null;
    return { state: attempt.state, nonce: attempt.nonce, verifier: attempt.verifier, next: safeNext(attempt.next) };
  } catch {
    return null;
  }
}

/** Back on the login page with what went wrong, and the button to try again. */
async function ssoFailed(c: WebContext, next: string, message: string) {
  const t = c.get('t');
  const people = await c.get('api').get<{ items: DevPerson[] }>('/auth/dev-login');
  return render(
    c,
    t.login.title,
    <LoginPage t={t} lang={c.get('lang')} next={next} expired={false} people={people.ok ? people.data.items : []} devLogin={people.ok} sso ssoError={message} />,
    400,
  );
}
