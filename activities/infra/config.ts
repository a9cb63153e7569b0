// Runtime configuration, read once from the environment and validated with zod so a missing or
// malformed setting fails at start-up with the variable's name, not later mid-request.
import { z } from 'zod';

const ZConfig = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('spinway'),
  S3_ENDPOINT: z.string().url().default('http://127.0.0.1:9000'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY: z.string().min(1).default('spinway'),
  S3_SECRET_KEY: z.string().min(1).default('spinway-dev-secret'),
  S3_BUCKET: z.string().min(3).default('spinway-documents'),
  /**
   * Where browsers reach the store, when not at S3_ENDPOINT (behind a proxy or a CDN, say):
   * download links are signed for this host. Unset: S3_ENDPOINT.
   */
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  /** Largest accepted upload. */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  /** smtp://user:pass@host:port (or smtps://). Unset: e-mail is not sent, in-app only (recorded as SKIPPED). */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Spinway <noreply@spinway.local>'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Base URL of the web app, used in links in e-mails. */
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** Production: the identity provider's JWKS URL; tokens are verified against it and dev login is off. */
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().min(1).default('spinway-dev'),
  AUTH_AUDIENCE: z.string().min(1).default('spinway'),
  /** Embedded default: HS256 key for locally issued tokens (POST /auth/dev-login). Change it anywhere shared. */
  AUTH_DEV_SECRET: z.string().min(16).default('spinway-local-development-signing-key'),
  /**
   * Sign-in to the web pages through the institution's identity provider (OpenID Connect,
   * authorization code with PKCE): its issuer URL (discovery at /.well-known/openid-configuration),
   * this app's client id and, for a confidential client, its secret. The redirect URI to register
   * is PUBLIC_URL + /app/login/callback.
   */
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** HS256 key of the web pages' session tokens after an identity-provider sign-in (32+ characters). */
  AUTH_SESSION_SECRET: z.string().min(32, { message: 'AUTH_SESSION_SECRET must be at least 32 characters' }).optional(),
}).superRefine((config, ctx) => {
  if (!config.AUTH_OIDC_ISSUER) return;
  if (!config.AUTH_OIDC_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['AUTH_OIDC_CLIENT_ID'], message: 'AUTH_OIDC_CLIENT_ID is required with AUTH_OIDC_ISSUER' });
  if (!config.AUTH_SESSION_SECRET) ctx.addIssue({ code: 'custom', path: ['AUTH_SESSION_SECRET'], message: 'AUTH_SESSION_SECRET is required with AUTH_OIDC_ISSUER (it signs the sessions of people signed in through it)' });
});

export type AppConfig = z.infer<typeof ZConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
