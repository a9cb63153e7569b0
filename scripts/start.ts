// `npm start`: the whole of Spinway on one machine with embedded defaults and no configuration.
// Each part can be pointed at an external server instead (DATABASE_URL, TEMPORAL_ADDRESS,
// S3_ENDPOINT); only the parts that are not configured are started here. Data lives under
// SPINWAY_DATA_DIR (default .data/) and survives restarts; Ctrl-C stops every child.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { migrateDeploy } from './infra/migrate';
import { startMinio } from './infra/minio-server';
import { startPglite } from './infra/pglite-server';
import { startProcess, waitFor, type Managed } from './infra/process';
import { startTemporalDevServer } from './infra/temporal-dev-server';

const repoDir = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(process.env.SPINWAY_DATA_DIR ?? path.join(repoDir, '.data'));
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const stoppers: Array<() => Promise<void>> = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping Spinway…');
    // Reverse start order: API and worker first, the servers they use last.
    for (const stop of stoppers.reverse()) await stop().catch((error) => console.error(error));
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  // Asynchronous on purpose: the embedded database answers from this process's event loop.
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoDir, env, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const urls: string[] = [];

  if (!env.DATABASE_URL) {
    const db = await startPglite({ dataDir: path.join(dataDir, 'pglite'), port: port('PGLITE_PORT', 54329) });
    stoppers.push(db.stop);
    env.DATABASE_URL = db.url;
    // PGlite is a single connection underneath; small pools keep the queue short.
    env.DATABASE_POOL_SIZE ??= '4';
    urls.push(`Database     ${db.url} (embedded PGlite, data in ${path.join(dataDir, 'pglite')})`);
  } else {
    urls.push(`Database     ${env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`);
  }

  if (!env.TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({
      dataDir: path.join(dataDir, 'temporal'),
      port: port('TEMPORAL_PORT', 7233),
      uiPort: port('TEMPORAL_UI_PORT', 8233),
    });
    stoppers.push(temporal.stop);
    env.TEMPORAL_ADDRESS = temporal.address;
    urls.push(`Temporal UI  ${temporal.uiUrl}`);
  }

  if (!env.S3_ENDPOINT) {
    const minio = await startMinio({
      dataDir: path.join(dataDir, 'minio'),
      port: port('MINIO_PORT', 9000),
      consolePort: port('MINIO_CONSOLE_PORT', 9001),
    });
    stoppers.push(minio.stop);
    Object.assign(env, { S3_ENDPOINT: minio.endpoint, S3_ACCESS_KEY: minio.accessKey, S3_SECRET_KEY: minio.secretKey });
    urls.push(`MinIO        ${minio.endpoint} (console http://127.0.0.1:${port('MINIO_CONSOLE_PORT', 9001)})`);
  }

  console.log('applying database migrations…');
  await migrateDeploy(env.DATABASE_URL);
  await run(path.join(repoDir, 'node_modules/.bin/tsx'), ['prisma/seed.ts', '--if-empty'], env);

  const tsx = path.join(repoDir, 'node_modules', '.bin', 'tsx');
  const children: Managed[] = [
    startProcess('worker', tsx, ['activities/worker.ts'], { cwd: repoDir, env }),
    startProcess('api', tsx, ['api/server.ts'], { cwd: repoDir, env }),
  ];
  for (const child of children) {
    stoppers.push(child.stop);
    child.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${child.name} exited (${code}); stopping everything`);
        void shutdown(1);
      }
    });
  }

  const apiUrl = `http://127.0.0.1:${env.PORT ?? 3000}`;
  await waitFor('API', async () => (await fetch(`${apiUrl}/health`)).ok, 120_000);
  console.log(
    [
      '',
      'Spinway is running:',
      `  API          ${apiUrl}`,
      `  API docs     ${apiUrl}/docs (OpenAPI: ${apiUrl}/openapi.json)`,
      ...urls.map((line) => `  ${line}`),
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
