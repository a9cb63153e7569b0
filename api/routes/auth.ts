// Who am I (GET /me), and the embedded default's login (POST /auth/dev-login), which issues a
// one-hour token for a registered, active person by e-mail. With AUTH_JWKS_URL set the tokens
// come from the identity provider and dev login is not mounted at all. With AUTH_OIDC_ISSUER
// set, the web pages sign people in through that provider (POST /auth/sso/session).
import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { ZRole } from '../../domain/policy';
import { authenticated } from '../auth/require-auth';
import { identityProviderFor, type IdTokenClaims } from '../auth/identity-provider';
import { reasonFor, tokenServiceFor } from '../auth/tokens';
import type { Db } from '../../activities/infra/db';
import { errorResponses } from '../errors';
import { createRouter } from '../router';
import { ZTimestamp } from './common.schemas';
import { json } from './openapi-responses';

const tags = ['auth'];

export const ZMe = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    roles: z.array(ZRole),
    institution: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
    department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .openapi('Me');

const ZDevLoginBody = z
  .object({ email: z.email({ error: 'email must be an e-mail address' }).transform((email) => email.toLowerCase()) })
  .openapi('DevLogin');

const ZToken = z
  .object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: ZTimestamp, person: ZMe })
  .openapi('Token');

async function loadMe(db: Db, personId: string) {
  return db.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      id: true,
      name: true,
      email: true,
      roles: true,
      institution: { select: { id: true, code: true, name: true } },
      department: { select: { id: true, name: true } },
    },
  });
}

export const me = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/me',
    tags,
    summary: 'The person the bearer token belongs to, with roles, institution and department',
    ...authenticated,
    responses: { 200: json(ZMe, 'You'), 401: errorResponses[401] },
  }),
  async (c) => c.json(await loadMe(c.get('deps').db, c.get('me').id), 200),
);

const ZDevLoginPeople = z
  .object({
    items: z.array(
      z.object({
        name: z.string(),
        email: z.string(),
        roles: z.array(ZRole),
        institution: z.object({ code: z.string(), name: z.string() }),
        department: z.object({ name: z.string() }).nullable(),
      }),
    ),
  })
  .openapi('DevLoginPeople');

export const devLogin = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/auth/dev-login',
      tags,
      summary: 'Development login: the active people one may log in as (embedded default only)',
      description: 'For the login page of the embedded default, where anyone may log in as anyone; off when AUTH_JWKS_URL is set.',
      responses: { 200: json(ZDevLoginPeople, 'Active people, by institution and name') },
    }),
    async (c) => {
      const rows = await c.get('deps').db.person.findMany({
        where: { active: true },
        orderBy: [{ institution: { code: 'asc' } }, { email: 'asc' }],
        take: 500,
        select: { name: true, email: true, roles: true, institution: { select: { code: true, name: true } }, department: { select: { name: true } } },
      });
      return c.json({ items: rows }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/auth/dev-login',
      tags,
      summary: 'Development login: a one-hour token for a registered person (embedded default only)',
      description: 'Off when AUTH_JWKS_URL is set. Send the token as `Authorization: Bearer <token>`.',
      request: { body: { required: true, content: { 'application/json': { schema: ZDevLoginBody } } } },
      responses: { 200: json(ZToken, 'A token'), 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db, config } = c.get('deps');
      const { email } = c.req.valid('json');
      const person = await db.person.findUnique({ where: { email }, select: { id: true, active: true } });
      if (!person || !person.active) throw new AppError('NOT_FOUND', `No active person is registered with ${email}`);
      const { token, expiresAt } = await tokenServiceFor(config).issue(person.id);
      return c.json({ token, tokenType: 'Bearer' as const, expiresAt: expiresAt.toISOString(), person: await loadMe(db, person.id) }, 200);
    },
  );

const ZSsoSessionBody = z
  .object({ idToken: z.string({ error: 'idToken must be the ID token (a JWT) from the identity provider' }).min(20, { error: 'idToken must be the ID token (a JWT) from the identity provider' }) })
  .openapi('SsoSessionRequest');

/**
 * Sign-in through the institution's identity provider (mounted when AUTH_OIDC_ISSUER is set): the
 * web pages run the OpenID Connect code flow and exchange the ID token here for a session. The
 * person is the active one registered with the token's e-mail address; the provider vouches
 * for it, so an address it marks unverified is refused.
 */
export const ssoSession = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/auth/sso/session',
    tags,
    summary: 'A one-hour session token for the person an ID token from the identity provider names (by e-mail)',
    description:
      'The ID token must be issued by AUTH_OIDC_ISSUER to AUTH_OIDC_CLIENT_ID, unexpired, with an `email` claim (and `email_verified` not false). ' +
      '401 when the token is not valid; 403 when no active person is registered with that address.',
    request: { body: { required: true, content: { 'application/json': { schema: ZSsoSessionBody } } } },
    responses: { 200: json(ZToken, 'A session token'), 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
  }),
  async (c) => {
    const { db, config } = c.get('deps');
    const provider = identityProviderFor(config);
    const tokens = tokenServiceFor(config);
    if (!provider || !tokens.sessions) throw new AppError('NOT_FOUND', 'Sign-in through an identity provider is not configured');
    const { idToken } = c.req.valid('json');
    let claims: IdTokenClaims;
    try {
      claims = await provider.verifyIdToken(idToken);
    } catch (error) {
      throw new AppError('UNAUTHENTICATED', `The ID token is not accepted: ${reasonFor(error)}`, { cause: error });
    }
    if (typeof claims.email !== 'string' || claims.email === '') {
      throw new AppError('FORBIDDEN', 'The identity provider gave no e-mail address (the ID token needs the "email" claim)');
    }
    const email = claims.email.toLowerCase();
    if (claims.email_verified === false) throw new AppError('FORBIDDEN', `The identity provider has not verified ${email}`);
    const person = await db.person.findUnique({ where: { email }, select: { id: true, institutionId: true, active: true } });
    if (!person || !person.active) {
      throw new AppError('FORBIDDEN', `No active person is registered with ${email}; ask your institution's administrator to register you`, { details: { email } });
    }
    const { token, expiresAt } = await tokens.issueSession(person.id);
    // Who signed in, when, as which identity of which provider: the security log of sign-ins.
    await db.auditEntry.create({
      data: { actorId: person.id, action: 'person.signed_in', entityType: 'Person', entityId: person.id, after: { via: 'oidc', issuer: provider.issuer, subject: claims.sub, institutionId: person.institutionId } },
    });
    return c.json({ token, tokenType: 'Bearer' as const, expiresAt: expiresAt.toISOString(), person: await loadMe(db, person.id) }, 200);
  },
);
