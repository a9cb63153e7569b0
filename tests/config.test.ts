// The configuration is read once and validated: a missing or malformed setting fails at start-up
// with the variable's name, not later mid-request.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../activities/infra/config';

const base = { DATABASE_URL: 'postgresql://spinway@127.0.0.1:5432/spinway' };

describe('loadConfig', () => {
  it('runs on its embedded defaults with only a database', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ S3_ENDPOINT: 'http://127.0.0.1:9000', TEMPORAL_ADDRESS: '127.0.0.1:7233', PUBLIC_URL: 'http://127.0.0.1:3000' });
    expect(config.AUTH_OIDC_ISSUER).toBeUndefined();
    expect(config.S3_PUBLIC_ENDPOINT).toBeUndefined();
  });

  it('names what is missing for sign-in through an identity provider', () => {
    expect(() => loadConfig({ ...base, AUTH_OIDC_ISSUER: 'https://idp.example.edu.cn/realms/staff' })).toThrow(
      /AUTH_OIDC_CLIENT_ID: AUTH_OIDC_CLIENT_ID is required with AUTH_OIDC_ISSUER[\s\S]*AUTH_SESSION_SECRET: AUTH_SESSION_SECRET is required/,
    );
    expect(() => loadConfig({ ...base, AUTH_OIDC_ISSUER: 'https://idp.example.edu.cn', AUTH_OIDC_CLIENT_ID: 'spinway', AUTH_SESSION_SECRET: 'short' })).toThrow(
      /AUTH_SESSION_SECRET: AUTH_SESSION_SECRET must be at least 32 characters/,
    );
    const config = loadConfig({ ...base, AUTH_OIDC_ISSUER: 'https://idp.example.edu.cn', AUTH_OIDC_CLIENT_ID: 'spinway', AUTH_SESSION_SECRET: 'x'.repeat(32) });
    expect(config.AUTH_OIDC_CLIENT_ID).toBe('spinway');
    expect(config.AUTH_OIDC_CLIENT_SECRET).toBeUndefined();
  });

  it('refuses malformed URLs by name', () => {
    expect(() => loadConfig({ ...base, S3_PUBLIC_ENDPOINT: 'files.example.edu.cn' })).toThrow(/S3_PUBLIC_ENDPOINT/);
    expect(() => loadConfig({ ...base, AUTH_OIDC_ISSUER: 'not a url' })).toThrow(/AUTH_OIDC_ISSUER/);
  });
});
