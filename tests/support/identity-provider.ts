// A real OpenID Provider for the sign-in tests: panva's oidc-provider (a certified OpenID Connect
// implementation) on a free loopback port, with one confidential client for the app under test
// and its development login form, where any login name is accepted. The login is the person's
// e-mail address; a login starting with "unverified." comes back with email_verified: false.
import { generateKeyPair, exportJWK, SignJWT, type JWK } from 'jose';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { AppConfig } from '../../activities/infra/config';
import { freePort } from '../../scripts/infra/process';

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** An ID token signed with the provider's own key, for checks the login form cannot produce. */
  signIdToken(claims: Record<string, unknown>, options?: { audience?: string; expiresInSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIdentityProvider({ redirectUri }: { redirectUri: string }): Promise<TestIdentityProvider> {
  const postLogoutRedirectUri = new URL('/app/login', redirectUri).href;
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'spinway-web';
  const clientSecret = 'spinway-web-test-secret-0123456789';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], post_logout_redirect_uris: [postLogoutRedirectUri], response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_post' }],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Most institutional providers put the requested claims in the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, login) {
      const email = login.replace(/^unverified\./, '');
      return { accountId: login, claims: async () => ({ sub: login, email, email_verified: !login.startsWith('unverified.'), name: email.split('@')[0] }) };
    },
  });
  const server: Server = provider.listen(port);
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  if ((server.address() as AddressInfo).port !== port) throw new Error('the identity provider did not take its port');

  return {
    issuer,
    clientId,
    clientSecret,
    async signIdToken(claims, { audience = clientId, expiresInSeconds = 300 } = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid! })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
        .sign(privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The production configuration with this provider: its keys for the API's bearer tokens (no dev
 * login), and its client for the web pages' sign-in.
 */
export function signInThrough(idp: TestIdentityProvider): Partial<AppConfig> {
  return {
    AUTH_JWKS_URL: `${idp.issuer}/jwks`,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: 'spinway-api',
    AUTH_OIDC_ISSUER: idp.issuer,
    AUTH_OIDC_CLIENT_ID: idp.clientId,
    AUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
    AUTH_SESSION_SECRET: 'a-session-signing-key-for-the-tests-0123456789',
  };
}
