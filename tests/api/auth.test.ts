// Authentication (dev login and bearer tokens, HS256 by default and a remote JWKS when
// configured), the one error shape, and the OpenAPI document.
import type { Client } from '@temporalio/client';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { startApiHarness, type ApiHarness } from '../support/api';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const devToken = (claims: { sub: string; exp?: number; iss?: string; aud?: string }, secret = h.config.AUTH_DEV_SECRET) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? h.config.AUTH_ISSUER)
    .setAudience(claims.aud ?? h.config.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(secret));

describe('POST /auth/dev-login', () => {
  it('issues a one-hour token for a registered person, whose sub is the person id', async () => {
    const { researcher } = h.a.people;
    const res = await h.call('POST', '/auth/dev-login', { json: { email: researcher.email.toUpperCase() } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', person: { id: researcher.id, roles: ['RESEARCHER'], institution: { code: 'ZJU' } } });
    const payload = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: researcher.id, iss: h.config.AUTH_ISSUER, aud: h.config.AUTH_AUDIENCE });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(new Date(res.body.expiresAt).getTime()).toBe(payload.exp * 1000);
  });

  it('answers 404 for an unknown e-mail and 400 naming the field for a malformed one', async () => {
    const unknown = await h.call('POST', '/auth/dev-login', { json: { email: 'nobody@zju.edu.cn' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const malformed = await h.call('POST', '/auth/dev-login', { json: { email: 'not an e-mail' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'email' }] } });
    expect(malformed.body.error.message).toContain('email');
    const missing = await h.call('POST', '/auth/dev-login', { json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0].path).toBe('email');
  });

  it('refuses an inactive person', async () => {
    const person = await h.db.person.create({ data: { institutionId: h.a.institution.id, name: '离职者', email: 'gone@zju.edu.cn', roles: ['RESEARCHER'], active: false } });
    const res = await h.call('POST', '/auth/dev-login', { json: { email: person.email } });
    expect(res.status).toBe(404);
  });
});

describe('bearer tokens', () => {
  it('GET /me answers who the token belongs to', async () => {
    const { deptHead } = h.a.people;
    const res = await h.call('GET', '/me', { as: deptHead });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: deptHead.id,
      email: deptHead.email,
      roles: ['DEPT_HEAD', 'RESEARCHER'],
      institution: { id: h.a.institution.id, code: 'ZJU' },
      department: { id: h.a.departments.main.id },
    });
  });

  it('answers 401 with a clear message for a missing, malformed, forged, expired or foreign token', async () => {
    const { researcher } = h.a.people;
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['missing', {}, /Authorization: Bearer/],
      ['not bearer', { authorization: 'Basic dXNlcjpwYXNz' }, /Authorization: Bearer/],
      ['garbage', { authorization: 'Bearer not.a.jwt' }, /malformed|not valid/],
      ['wrong secret', { authorization: `Bearer ${await devToken({ sub: researcher.id }, 'another-secret-of-sixteen-chars')}` }, /signature/],
      ['expired', { authorization: `Bearer ${await devToken({ sub: researcher.id, exp: Math.floor(Date.now() / 1000) - 60 })}` }, /expired/],
      ['wrong audience', { authorization: `Bearer ${await devToken({ sub: researcher.id, aud: 'someone-else' })}` }, /"aud" claim/],
      ['wrong issuer', { authorization: `Bearer ${await devToken({ sub: researcher.id, iss: 'evil' })}` }, /"iss" claim/],
      ['unknown person', { authorization: `Bearer ${await devToken({ sub: '00000000-0000-4000-8000-000000000000' })}` }, /not registered/],
      ['sub not an id', { authorization: `Bearer ${await devToken({ sub: 'admin' })}` }, /not registered/],
    ];
    for (const [name, headers, message] of cases) {
      const res = await h.call('GET', '/me', { headers });
      expect(res.status, name).toBe(401);
      expect(res.body.error.code, name).toBe('UNAUTHENTICATED');
      expect(res.body.error.message, name).toMatch(message);
      expect(res.headers.get('www-authenticate'), name).toBe('Bearer');
    }
  });

  it('checks the person on every request: deactivation and role changes apply at once', async () => {
    const person = await h.db.person.create({ data: { institutionId: h.a.institution.id, name: '临时', email: 'temp@zju.edu.cn', roles: ['RESEARCHER'] } });
    const token = { token: await h.token({ ...person, roles: ['RESEARCHER'] }) };
    expect((await h.call('GET', '/admin/people', { as: token })).status).toBe(403);

    const promoted = await h.call('PATCH', `/admin/people/${person.id}`, { as: h.a.people.admin, json: { roles: ['RESEARCHER', 'INSTITUTION_ADMIN'] } });
    expect(promoted.status).toBe(200);
    expect((await h.call('GET', '/admin/people', { as: token })).status).toBe(200);

    await h.call('PATCH', `/admin/people/${person.id}`, { as: h.a.people.admin, json: { active: false } });
    const res = await h.call('GET', '/me', { as: token });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/deactivated/);
  });
});

describe('with an identity provider (AUTH_JWKS_URL)', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const appWithJwks = () =>
    createApp({
      config: { ...h.config, AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: 'https://idp.example.edu.cn', AUTH_AUDIENCE: 'spinway-api' },
      db: h.db,
      storage: h.storage,
      temporal: h.temporal,
    });
  const idpToken = (sub: string, audience = 'spinway-api') =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setSubject(sub)
      .setIssuer('https://idp.example.edu.cn')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  it('accepts the provider’s tokens and turns dev login off', async () => {
    const app = appWithJwks();
    const login = await app.request('/auth/dev-login', { method: 'POST', body: JSON.stringify({ email: h.a.people.tto.email }), headers: { 'content-type': 'application/json' } });
    expect(login.status).toBe(404);

    const me = await app.request('/me', { headers: { authorization: `Bearer ${await idpToken(h.a.people.tto.id)}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: h.a.people.tto.id });

    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(doc.paths['/auth/dev-login']).toBeUndefined();
  });

  it('refuses a token for another audience and a locally signed one', async () => {
    const app = appWithJwks();
    const foreign = await app.request('/me', { headers: { authorization: `Bearer ${await idpToken(h.a.people.tto.id, 'another-app')}` } });
    expect(foreign.status).toBe(401);
    const local = await app.request('/me', { headers: { authorization: `Bearer ${await h.token(h.a.people.tto)}` } });
    expect(local.status).toBe(401);
  });
});

describe('errors', () => {
  it('answers 404 in the error shape for an unknown route', async () => {
    const res = await h.call('GET', '/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers 400 for malformed JSON and 415 for a body of another type', async () => {
    const { researcher } = h.a.people;
    const token = await h.token(researcher);
    const malformed = await h.app.request('/cases', { method: 'POST', body: '{"mode":', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).error.code).toBe('VALIDATION_FAILED');
    const wrongType = await h.app.request('/cases', { method: 'POST', body: 'mode=LEAVE', headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` } });
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as any).error.code).toBe('VALIDATION_FAILED');
    const huge = await h.app.request('/cases', {
      method: 'POST',
      body: JSON.stringify({ venture: { name: 'x', description: 'y'.repeat(2 * 1024 * 1024) } }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as any).error.message).toMatch(/larger than 1048576 bytes/);
  });

  it('hides the message of an unexpected failure behind a 500', async () => {
    const temporal = {
      workflow: {
        start: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:7233 (user=temporal password=hunter2)')),
      },
    } as unknown as Client;
    const app = createApp({ config: h.config, db: h.db, storage: h.storage, temporal });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await app.request('/cases', {
        method: 'POST',
        body: JSON.stringify({ mode: 'LEAVE' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.token(h.a.people.researcher)}` },
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
      expect(text).not.toContain('hunter2');
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document of every endpoint, generated from the zod schemas', async () => {
    const res = await h.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const operation of [
      'POST /auth/dev-login',
      'GET /me',
      'POST /cases',
      'GET /cases',
      'GET /cases/{id}',
      'PATCH /cases/{id}',
      'POST /cases/{id}/submit',
      'POST /cases/{id}/withdraw',
      'POST /cases/{id}/signed-copies',
      'POST /cases/{id}/documents',
      'GET /tasks/inbox',
      'POST /tasks/{id}/claim',
      'POST /tasks/{id}/decide',
      'POST /tasks/{id}/delegate',
      'GET /documents/{id}',
      'GET /documents/{id}/download',
      'GET /documents/{id}/versions',
      'GET /public/notices',
      'GET /public/notices/{id}',
      'POST /public/notices/{id}/objections',
      'GET /notifications',
      'POST /notifications/{id}/read',
      'POST /notifications/read-all',
      'GET /admin/policy-profiles',
      'POST /admin/policy-profiles',
      'GET /admin/calendar',
      'PUT /admin/calendar/{date}',
      'DELETE /admin/calendar/{date}',
      'GET /admin/people',
      'POST /admin/people',
      'PATCH /admin/people/{id}',
      'GET /admin/departments',
      'GET /health',
    ]) {
      expect(operations, operation).toContain(operation);
    }
    expect(res.body.paths['/cases'].post.security).toEqual([{ bearer: [] }]);
    expect(res.body.paths['/public/notices'].get.security).toBeUndefined();
    expect(res.body.components.schemas.SpinoutDraft ?? res.body.components.schemas.CreateCase).toBeDefined();

    const docs = await h.app.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
