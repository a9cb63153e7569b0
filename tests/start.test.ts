// `npm start` end to end: the embedded stack (PGlite, Temporal dev server, MinIO, migrations,
// seed, worker, API) comes up with no configuration on free ports, serves a real request that
// goes through a workflow into the embedded database, and Ctrl-C (SIGINT) stops every part.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, portOpen } from '../scripts/infra/process';

const repoDir = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'spinway-start-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('runs the whole system on embedded defaults and stops cleanly on Ctrl-C', async () => {
    const ports = {
      PORT: await freePort(),
      TEMPORAL_PORT: await freePort(),
      TEMPORAL_UI_PORT: await freePort(),
      MINIO_PORT: await freePort(),
      MINIO_CONSOLE_PORT: await freePort(),
      PGLITE_PORT: await freePort(),
    };
    const env: NodeJS.ProcessEnv = { ...process.env, SPINWAY_DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
    for (const configured of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'S3_ENDPOINT']) delete env[configured];
    child = spawn(path.join(repoDir, 'node_modules/.bin/tsx'), ['scripts/start.ts'], { cwd: repoDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output.slice(-3000)}`)), 170_000);
      const check = setInterval(() => {
        if (output.includes('Press Ctrl-C to stop.')) { clearInterval(check); clearTimeout(timer); resolve(); }
        if (child!.exitCode !== null) { clearInterval(check); clearTimeout(timer); reject(new Error(`npm start exited:\n${output.slice(-3000)}`)); }
      }, 200);
    });
    expect(output).toContain(`http://127.0.0.1:${ports.PORT}/docs`);
    expect(output).toContain(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`);

    const api = `http://127.0.0.1:${ports.PORT}`;
    expect((await fetch(`${api}/health`)).status).toBe(200);
    const login = await fetch(`${api}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'researcher@demo.edu.cn' }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${api}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ mode: 'LEAVE', venture: { name: '量子传感科技' } }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { status: string; reference: string };
    expect(body).toMatchObject({ status: 'DRAFT' });
    expect(body.reference).toMatch(/^SW-\d{4}-[0-9A-F]{8}$/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of Object.values(ports)) expect(await portOpen(port)).toBe(false);
  }, 240_000);
});
