// The API as a client sees it: createApp(deps) served by @hono/node-server on a free loopback
// port, with its own Prisma pool (in production the API and the worker are separate processes
// with a pool each), and a small JSON client over real HTTP (undici's keep-alive fetch).
import { serve } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import { createDb, type Db } from '../activities/infra/db';
import { createApp } from '../api/app';
import { freePort } from '../scripts/infra/process';
import type { BenchStack } from './stack';

export interface ApiResponse<T> {
  status: number;
  body: T;
}

export interface BenchApi {
  baseUrl: string;
  db: Db;
  /** Calls the API; a status other than `expect` (default 2xx) throws with the answer. */
  call<T = unknown>(method: string, path: string, opts?: { token?: string; json?: unknown; expect?: number }): Promise<ApiResponse<T>>;
  /** A bearer token for a seeded person, from POST /auth/dev-login (cached). */
  token(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function startBenchApi(stack: BenchStack, opts: { poolSize?: number; temporal?: Client } = {}): Promise<BenchApi> {
  const db = createDb(stack.config.DATABASE_URL, opts.poolSize ?? stack.config.DATABASE_POOL_SIZE);
  const app = createApp({ config: stack.config, db, storage: stack.storage, temporal: opts.temporal ?? stack.temporal });
  const port = await freePort();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${port}`;

  const call: BenchApi['call'] = async (method, path, { token, json, expect } = {}) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
    const text = await res.text();
    const ok = expect === undefined ? res.status >= 200 && res.status < 300 : res.status === expect;
    if (!ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
  };

  const tokens = new Map<string, string>();
  return {
    baseUrl,
    db,
    call,
    async token(email) {
      const cached = tokens.get(email);
      if (cached) return cached;
      const { body } = await call<{ token: string }>('POST', '/auth/dev-login', { json: { email } });
      tokens.set(email, body.token);
      return body.token;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.$disconnect();
    },
  };
}
