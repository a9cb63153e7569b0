// Applies the committed migrations with Prisma's CLI (through the wasm schema engine stand-in).
// Asynchronous so an embedded database served from the calling process keeps answering.
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoDir = path.resolve(import.meta.dirname, '../..');

export function migrateDeploy(databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoDir, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
      cwd: repoDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed:\n${output}`))));
  });
}
