// The wasm schema-engine stand-in (scripts/prisma-schema-engine.mjs) behind plain `npx prisma`:
// an offline diff, then `db push` and `migrate deploy` into fresh databases, checked with pg.
// Also the CI check that the committed migrations match prisma/schema.prisma.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const repoDir = path.resolve(import.meta.dirname, '..');
const engineBinary = path.join(repoDir, 'scripts/prisma-schema-engine.mjs');
const schemaPath = path.join(repoDir, 'prisma/schema.prisma');

// The PostgreSQL server the test set-up started (its template database has every committed
// migration applied); its `postgres` database is where this test creates its own databases.
const templateUrl = inject('templateDatabaseUrl');
const serverUrl = (() => {
  const url = new URL(templateUrl);
  url.pathname = '/postgres';
  return url.toString();
})();

const run = promisify(execFile);

async function prisma(args: string[], env: Record<string, string>) {
  try {
    return await run('npx', ['prisma', ...args], {
      cwd: repoDir,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

function databaseUrl(name: string) {
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function tablesIn(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

const suffix = `${process.pid}_${Date.now()}`;
const pushDb = `se_push_${suffix}`;
const deployDb = `se_deploy_${suffix}`;
const scratch = mkdtempSync(path.join(tmpdir(), 'prisma-schema-engine-test-'));
let admin: pg.Client;
let script = '';
let expectedTables: string[] = [];

describe('prisma CLI on the wasm schema engine', () => {
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    for (const db of [pushDb, deployDb]) await admin.query(`CREATE DATABASE "${db}"`);
  });

  afterAll(async () => {
    for (const db of [pushDb, deployDb]) await admin?.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin?.end();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('migrate diff --from-empty --to-schema --script prints the DDL', async () => {
    const { stdout } = await prisma(
      ['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script'],
      {},
    );
    script = stdout;
    expectedTables = [...script.matchAll(/^CREATE TABLE "([^"]+)"/gm)].map((m) => m[1]!);
    expect(expectedTables.length).toBeGreaterThan(0);
  }, 120_000);

  it('db push creates the tables in a fresh database', async () => {
    const url = databaseUrl(pushDb);
    await prisma(['db', 'push'], { DATABASE_URL: url });
    expect(new Set(await tablesIn(url))).toEqual(new Set(expectedTables));
    // Nothing left to change afterwards.
    const { stdout } = await prisma(
      ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
      { DATABASE_URL: url },
    );
    expect(stdout).toContain('No difference detected');
  }, 120_000);

  it('the committed migrations produce exactly the schema (migrate diff --exit-code)', async () => {
    // The template database was migrated by the test set-up with `prisma migrate deploy`.
    const { stdout } = await prisma(
      ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
      { DATABASE_URL: templateUrl },
    );
    expect(stdout).toContain('No difference detected');
  }, 120_000);

  it('migrate deploy applies a migration generated from the diff', async () => {
    const url = databaseUrl(deployDb);
    const migrations = path.join(scratch, 'migrations');
    mkdirSync(path.join(migrations, '00000000000000_init'), { recursive: true });
    writeFileSync(path.join(migrations, '00000000000000_init/migration.sql'), script);
    writeFileSync(path.join(migrations, 'migration_lock.toml'), 'provider = "postgresql"\n');
    const config = path.join(scratch, 'prisma.config.mjs');
    writeFileSync(
      config,
      `export default ${JSON.stringify({ schema: schemaPath, migrations: { path: migrations }, datasource: { url } })};\n`,
    );
    const env = { DATABASE_URL: url, PRISMA_SCHEMA_ENGINE_BINARY: engineBinary };

    await prisma(['migrate', 'deploy', '--config', config], env);
    expect(new Set(await tablesIn(url))).toEqual(new Set([...expectedTables, '_prisma_migrations']));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name, finished_at FROM _prisma_migrations`);
    await client.end();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ migration_name: '00000000000000_init' });
    expect(rows[0].finished_at).toBeInstanceOf(Date);

    const { stdout } = await prisma(['migrate', 'status', '--config', config], env);
    expect(stdout).toContain('Database schema is up to date');
  }, 120_000);
});
