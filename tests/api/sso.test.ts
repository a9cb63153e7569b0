// Sign-in through the institution's identity provider, as the API sees it: a real OpenID Provider
// (tests/support/identity-provider.ts) and the production configuration (AUTH_JWKS_URL: the
// provider's keys; AUTH_OIDC_*: the web pages' client). POST /auth/sso/session turns an ID token
// the provider issued to our client into a Spinway session for the person registered with its
// e-mail address; everything else is refused and signs no one in.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ISSUER } from '../../api/auth/tokens';
import { startApiHarness, type ApiHarness } from '../support/api';
import { signInThrough, startTestIdentityProvider, type TestIdentityProvider } from '../support/identity-provider';

let h: ApiHarness;
let idp: TestIdentityProvider;

beforeAll(async () => {
  idp = await startTestIdentityProvider({ redirectUri: 'http://127.0.0.1:3000/app/login/callback' });
  h = await startApiHarness(signInThrough(idp));
}, 120_000);
afterAll(async () => {
  await h?.close();
  await idp?.close();
});

const exchange = (idToken: unknown) => h.call('POST', '/auth/sso/session', { json: { idToken } });
const signIns = (personId: string) => h.db.auditEntry.count({ where: { entityType: 'Person', entityId: personId, action: 'person.signed_in' } });

describe('POST /auth/sso/session', () => {
  it('gives the person registered with the ID token’s e-mail a one-hour session the API accepts', async () => {
    const { tto } = h.a.people;
    const before = await signIns(tto.id);
    const res = await exchange(await idp.signIdToken({ sub: 'idp-user-4711', email: tto.email.toUpperCase(), email_verified: true }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', person: { id: tto.id, email: tto.email, roles: expect.arrayContaining(['TTO_OFFICER']) } });
    const lifetime = Date.parse(res.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
    expect(JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString())).toMatchObject({ iss: SESSION_ISSUER, sub: tto.id, aud: 'spinway-api' });
    const me = await h.call('GET', '/me', { as: { token: res.body.token } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(tto.id);
    expect(await signIns(tto.id)).toBe(before + 1);
    const entry = await h.db.auditEntry.findFirstOrThrow({ where: { entityId: tto.id, action: 'person.signed_in' }, orderBy: { at: 'desc' } });
    expect(entry.after).toMatchObject({ via: 'oidc', issuer: idp.issuer, subject: 'idp-user-4711' });
  });

  it('refuses tokens the provider did not issue to this app, and signs no one in', async () => {
    const { researcher } = h.a.people;
    const before = await signIns(researcher.id);
    const claims = { sub: 'idp-user-1', email: researcher.email, email_verified: true };
    const otherClient = await exchange(await idp.signIdToken(claims, { audience: 'another-app' }));
    expect(otherClient.status).toBe(401);
    expect(otherClient.body.error.message).toContain('"aud"');
    const expired = await exchange(await idp.signIdToken(claims, { expiresInSeconds: -120 }));
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
    // Signed by someone else's key under the provider's name.
    const forger = await startTestIdentityProvider({ redirectUri: 'http://127.0.0.1:3000/app/login/callback' });
    try {
      const forged = await forger.signIdToken({ ...claims, iss: idp.issuer });
      expect((await exchange(forged)).status).toBe(401);
    } finally {
      await forger.close();
    }
    const garbage = await exchange('not.a.jwt-at-all-but-long-enough');
    expect(garbage.status).toBe(401);
    expect(await signIns(researcher.id)).toBe(before);
  });

  it('refuses an address the provider has not verified, an unknown or deactivated person, and a token without e-mail (403)', async () => {
    const { researcher } = h.a.people;
    const unverified = await exchange(await idp.signIdToken({ sub: 'u1', email: researcher.email, email_verified: false }));
    expect(unverified.status).toBe(403);
    expect(unverified.body.error.message).toContain('not verified');
    const unknown = await exchange(await idp.signIdToken({ sub: 'u2', email: 'nobody@elsewhere.edu.cn', email_verified: true }));
    expect(unknown.status).toBe(403);
    expect(unknown.body.error).toMatchObject({ code: 'FORBIDDEN', details: { email: 'nobody@elsewhere.edu.cn' } });
    const noEmail = await exchange(await idp.signIdToken({ sub: 'u3' }));
    expect(noEmail.status).toBe(403);
    expect(noEmail.body.error.message).toContain('"email" claim');

    // Deactivated: no new session, and the session from before stops working at once.
    const person = await h.db.person.create({ data: { institutionId: h.a.institution.id, name: '离职人员', email: 'leaver@demo-sso.edu.cn', roles: ['RESEARCHER'] } });
    const session = await exchange(await idp.signIdToken({ sub: 'u4', email: person.email }));
    expect(session.status).toBe(200);
    await h.db.person.update({ where: { id: person.id }, data: { active: false } });
    expect((await exchange(await idp.signIdToken({ sub: 'u4', email: person.email }))).status).toBe(403);
    expect((await h.call('GET', '/me', { as: { token: session.body.token } })).status).toBe(401);
  });

  it('answers 400 naming idToken for a malformed body', async () => {
    const res = await exchange(42);
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: 'idToken' })]);
  });

  it('still accepts the provider’s own access tokens for the API (sub = person id), and no dev login', async () => {
    const { hr } = h.a.people;
    const accessToken = await idp.signIdToken({ sub: hr.id }, { audience: 'spinway-api' });
    const me = await h.call('GET', '/me', { as: { token: accessToken } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(hr.id);
    // A "session" signed with any key but the session secret is nobody's.
    const forgedSession = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(hr.id)
      .setIssuer(SESSION_ISSUER)
      .setAudience('spinway-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('not-the-session-secret-0123456789abcdef'));
    const refused = await h.call('GET', '/me', { as: { token: forgedSession } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('signature');
    expect((await h.call('POST', '/auth/dev-login', { json: { email: hr.email } })).status).toBe(404);
  });
});
