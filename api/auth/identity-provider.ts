// The institution's identity provider (OpenID Connect), when AUTH_OIDC_ISSUER is set: its
// discovered configuration for the web pages' sign-in (authorization code with PKCE, through
// openid-client), and the check of the ID tokens it issues to this app (signature against its
// published keys, issuer, audience = our client id, expiry), through jose.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import type { AppConfig } from '../../activities/infra/config';

type OidcConfig = Pick<AppConfig, 'AUTH_OIDC_ISSUER' | 'AUTH_OIDC_CLIENT_ID' | 'AUTH_OIDC_CLIENT_SECRET'>;

export interface IdTokenClaims extends JWTPayload {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

export interface IdentityProvider {
  issuer: string;
  clientId: string;
  /** The provider's discovered metadata with our client's credentials (cached; retried after a failure). */
  configuration(): Promise<oidc.Configuration>;
  /** The claims of an ID token the provider issued to this app; throws jose's errors otherwise. */
  verifyIdToken(idToken: string): Promise<IdTokenClaims>;
}

/** Plain http is allowed for a provider on this machine only (development, tests); anywhere else it must be https. */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function createIdentityProvider(issuer: string, clientId: string, clientSecret: string | undefined): IdentityProvider {
  const issuerUrl = new URL(issuer);
  let discovered: Promise<oidc.Configuration> | null = null;
  let keys: { uri: string; get: ReturnType<typeof createRemoteJWKSet> } | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(issuerUrl, clientId, clientSecret, undefined, isLoopback(issuerUrl) ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };
  return {
    issuer,
    clientId,
    configuration,
    async verifyIdToken(idToken) {
      const metadata = (await configuration()).serverMetadata();
      if (!metadata.jwks_uri) throw new Error(`The identity provider ${issuer} publishes no jwks_uri`);
      if (keys?.uri !== metadata.jwks_uri) keys = { uri: metadata.jwks_uri, get: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
      const { payload } = await jwtVerify(idToken, keys.get, { issuer: metadata.issuer, audience: clientId });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('The ID token names no subject (sub)');
      return payload as IdTokenClaims;
    },
  };
}

const providers = new WeakMap<OidcConfig, IdentityProvider>();

/** The configured identity provider (one per configuration object, so discovery and keys are shared), or null. */
export function identityProviderFor(config: OidcConfig): IdentityProvider | null {
  if (!config.AUTH_OIDC_ISSUER || !config.AUTH_OIDC_CLIENT_ID) return null;
  let provider = providers.get(config);
  if (!provider) {
    provider = createIdentityProvider(config.AUTH_OIDC_ISSUER, config.AUTH_OIDC_CLIENT_ID, config.AUTH_OIDC_CLIENT_SECRET);
    providers.set(config, provider);
  }
  return provider;
}
