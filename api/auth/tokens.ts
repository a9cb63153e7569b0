// Bearer tokens. Production: an identity provider's JWKS (`AUTH_JWKS_URL`), with issuer and
// audience checked, and no dev login. Embedded default: HS256 tokens this API issues itself
// from `POST /auth/dev-login`, signed with `AUTH_DEV_SECRET`. Either way `sub` is a Person id.
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../../activities/infra/config';
import { AppError } from '../../domain/errors';

export const DEV_TOKEN_TTL_SECONDS = 3600;

export interface TokenService {
  /** True when this API issues its own tokens (no JWKS URL configured). */
  readonly devLogin: boolean;
  /** The token's subject (a Person id); throws UNAUTHENTICATED with the reason. */
  verify(token: string): Promise<string>;
  /** Dev login only. */
  issue(personId: string): Promise<{ token: string; expiresAt: Date }>;
}

type AuthConfig = Pick<AppConfig, 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_DEV_SECRET'>;

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired; log in again';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token was signed with an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token uses an algorithm that is not accepted';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'The identity provider could not be reached to check the token';
  return 'The token is malformed or not valid';
}

function createTokenService(config: AuthConfig): TokenService {
  const options = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  const check = async (token: string, key: Uint8Array | JWTVerifyGetKey, algorithms?: string[]) => {
    try {
      const { payload } = await jwtVerify(token, key as JWTVerifyGetKey, { ...options, ...(algorithms ? { algorithms } : {}) });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new AppError('UNAUTHENTICATED', 'The token names no subject (sub)');
      return payload.sub;
    } catch (error) {
      if (AppError.is(error)) throw error;
      throw new AppError('UNAUTHENTICATED', reasonFor(error));
    }
  };

  if (config.AUTH_JWKS_URL) {
    const jwks = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    return {
      devLogin: false,
      verify: (token) => check(token, jwks),
      issue: () => Promise.reject(new AppError('NOT_FOUND', 'Dev login is off: tokens come from the identity provider')),
    };
  }
  const secret = new TextEncoder().encode(config.AUTH_DEV_SECRET);
  return {
    devLogin: true,
    verify: (token) => check(token, secret, ['HS256']),
    async issue(personId) {
      const expiresAt = new Date((Math.floor(Date.now() / 1000) + DEV_TOKEN_TTL_SECONDS) * 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(personId)
        .setIssuer(config.AUTH_ISSUER)
        .setAudience(config.AUTH_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(secret);
      return { token, expiresAt };
    },
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
