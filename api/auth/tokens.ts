// Bearer tokens. Production: an identity provider's JWKS (`AUTH_JWKS_URL`), with issuer and
// audience checked, and no dev login. Embedded default: HS256 tokens this API issues itself
// from `POST /auth/dev-login`, signed with `AUTH_DEV_SECRET`. Either way `sub` is a Person id.
// People who sign in to the web pages through the identity provider (OpenID Connect) get a
// session token this API signs with `AUTH_SESSION_SECRET` (issuer `spinway-session`).
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../../activities/infra/config';
import { AppError } from '../../domain/errors';

export const DEV_TOKEN_TTL_SECONDS = 3600;
/**
 * The issuer of the session tokens this API signs (with AUTH_SESSION_SECRET) for someone who
 * signed in to the web pages through the identity provider: an hour, like a dev-login token.
 */
export const SESSION_ISSUER = 'spinway-session';
export const SESSION_TTL_SECONDS = 3600;

export interface TokenService {
  /** True when this API issues its own tokens (no JWKS URL configured). */
  readonly devLogin: boolean;
  /** True when it signs sessions for identity-provider sign-ins (AUTH_SESSION_SECRET set). */
  readonly sessions: boolean;
  /** The token's subject (a Person id); throws UNAUTHENTICATED with the reason. */
  verify(token: string): Promise<string>;
  /** Dev login only. */
  issue(personId: string): Promise<{ token: string; expiresAt: Date }>;
  /** A session for a person the identity provider vouched for (POST /auth/sso/session). */
  issueSession(personId: string): Promise<{ token: string; expiresAt: Date }>;
}

type AuthConfig = Pick<AppConfig, 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_DEV_SECRET'> & Partial<Pick<AppConfig, 'AUTH_SESSION_SECRET'>>;

export function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired; log in again';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token was signed with an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token uses an algorithm that is not accepted';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'The identity provider could not be reached to check the token';
  return 'The token is malformed or not valid';
}

/** The `iss` a token claims, unverified: which key to check it with. */
function claimedIssuer(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    return undefined;
  }
}

async function sign(secret: Uint8Array, { personId, issuer, audience, ttlSeconds }: { personId: string; issuer: string; audience: string; ttlSeconds: number }) {
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(personId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secret);
  return { token, expiresAt };
}

function createTokenService(config: AuthConfig): TokenService {
  const check = async (token: string, key: Uint8Array | JWTVerifyGetKey, { issuer, algorithms }: { issuer: string; algorithms?: string[] }) => {
    try {
      const { payload } = await jwtVerify(token, key as JWTVerifyGetKey, { issuer, audience: config.AUTH_AUDIENCE, ...(algorithms ? { algorithms } : {}) });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new AppError('UNAUTHENTICATED', 'The token names no subject (sub)');
      return payload.sub;
    } catch (error) {
      if (AppError.is(error)) throw error;
      throw new AppError('UNAUTHENTICATED', reasonFor(error));
    }
  };

  const sessionSecret = config.AUTH_SESSION_SECRET ? new TextEncoder().encode(config.AUTH_SESSION_SECRET) : null;
  const sessions = {
    sessions: sessionSecret !== null,
    issueSession: (personId: string) =>
      sessionSecret
        ? sign(sessionSecret, { personId, issuer: SESSION_ISSUER, audience: config.AUTH_AUDIENCE, ttlSeconds: SESSION_TTL_SECONDS })
        : Promise.reject(new AppError('NOT_FOUND', 'Sign-in through an identity provider is not configured (AUTH_OIDC_ISSUER, AUTH_SESSION_SECRET)')),
  };
  /** Our own session tokens first (by their issuer), then whatever else this API accepts. */
  const verifyWith = (otherwise: (token: string) => Promise<string>) => (token: string) =>
    sessionSecret && claimedIssuer(token) === SESSION_ISSUER ? check(token, sessionSecret, { issuer: SESSION_ISSUER, algorithms: ['HS256'] }) : otherwise(token);

  if (config.AUTH_JWKS_URL) {
    const jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    return {
      devLogin: false,
      ...sessions,
      verify: verifyWith((token) => check(token, jwks, { issuer: config.AUTH_ISSUER })),
      issue: () => Promise.reject(new AppError('NOT_FOUND', 'Dev login is off: tokens come from the identity provider')),
    };
  }
  const secret = new TextEncoder().encode(config.AUTH_DEV_SECRET);
  return {
    devLogin: true,
    ...sessions,
    verify: verifyWith((token) => check(token, secret, { issuer: config.AUTH_ISSUER, algorithms: ['HS256'] })),
    issue: (personId) => sign(secret, { personId, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, ttlSeconds: DEV_TOKEN_TTL_SECONDS }),
  };
}

const services = new WeakMap<AuthConfig, TokenService>();

/** One service per configuration object, so the remote key set and its cache are shared. */
export function tokenServiceFor(config: AuthConfig): TokenService {
  let service = services.get(config);
  if (!service) {
    service = createTokenService(config);
    services.set(config, service);
  }
  return service;
}
