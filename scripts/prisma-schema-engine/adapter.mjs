// The driver adapter handed to the wasm schema engine: @prisma/adapter-pg's PrismaPg, with the
// few things the schema engine needs that the query-oriented adapter does not do.
//
// 1. Columns of PostgreSQL's internal types (`"char"` oid 18, `name` oid 19, reg* types, ...)
//    appear in catalog queries the engine runs during introspection; adapter-pg throws
//    UnsupportedNativeDataType for some of them. pg already returns them as strings, so we
//    report them as text.
// 2. `executeScript` in adapter-pg splits the script on every ";" (breaking `$$ ... ; ... $$`
//    bodies and string literals). The native engine sends a migration script as one simple-query
//    batch; we do the same.
// 3. Shadow databases: adapter-pg's connectToShadowDb() connects to the *main* database when
//    given a connection string (node-postgres lets `connectionString` override `database`), drops
//    its temporary database while its pool still holds connections, and ignores a configured
//    shadow URL. Ours uses SHADOW_DATABASE_URL when given (wiping it first, like the native
//    engine), and otherwise a fresh `prisma_migrate_shadow_db_<uuid>` per connect, closing its
//    pool before dropping it, and refusing servers that serve one database under any name.
// 4. `?schema=` sets search_path on each connection; one connection per pool (as the native
//    engine); connection attempts reset by PGlite's socket server are retried briefly.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';

const require = createRequire(import.meta.url);
// The same `pg` instance adapter-pg uses (it checks `instanceof pg.Pool`).
const pg = createRequire(require.resolve('@prisma/adapter-pg'))('pg');

/** @returns {typeof import('@prisma/driver-adapter-utils')} */
async function driverAdapterUtils() {
  // A dependency of @prisma/adapter-pg; resolve it from there so hoisting does not matter.
  const from = createRequire(require.resolve('@prisma/adapter-pg'));
  const { pathToFileURL } = await import('node:url');
  const entry = from.resolve('@prisma/driver-adapter-utils').replace(/index\.js$/, 'index.mjs');
  return import(pathToFileURL(entry).href);
}

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
// Internal/catalog types that pg hands back as plain strings but adapter-pg cannot classify.
const AS_TEXT = new Set([
  18, // "char"
  19, // name
  22, // int2vector
  24, // regproc
  28, // xid
  29, // cid
  30, // oidvector
  194, // pg_node_tree
  1033, // aclitem
  2202, // regprocedure
  2203, // regoper
  2204, // regoperator
  2205, // regclass
  2206, // regtype
  3734, // regconfig
  3769, // regdictionary
  4089, // regnamespace
  4096, // regrole
  5069, // xid8
]);
const AS_TEXT_ARRAY = new Set([1003 /* name[] */, 1034 /* aclitem[] */, 1011 /* xid[] */, 2210 /* regclass[] */]);

let patched = false;
/** Patch adapter-pg's shared queryable prototype once (covers adapters and transactions). */
function patchQueryablePrototype(adapter) {
  if (patched) return;
  const queryableProto = Object.getPrototypeOf(Object.getPrototypeOf(adapter));
  const performIO = queryableProto.performIO;
  if (typeof performIO !== 'function') throw new Error('unexpected @prisma/adapter-pg internals: no performIO');
  queryableProto.performIO = async function patchedPerformIO(query) {
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) {
      if (AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (AS_TEXT_ARRAY.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    }
    return result;
  };
  patched = true;
}

/** Run a whole SQL script as one simple-query batch, like the native engine's `raw_cmd`. */
function patchExecuteScript(adapter) {
  adapter.executeScript = async function executeScript(script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  return adapter;
}

// Query parameters Prisma understands in a PostgreSQL URL that node-postgres does not.
const PRISMA_ONLY_PARAMS = [
  'schema',
  'connection_limit',
  'pool_timeout',
  'pgbouncer',
  'statement_cache_size',
  'socket_timeout',
  'connect_timeout',
  'application_name',
];

/**
 * Split a Prisma-style PostgreSQL URL into a node-postgres pool config and adapter options.
 * @param {string} url
 */
export function pgConfigFromUrl(url) {
  const parsed = new URL(url);
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) {
    throw Object.assign(new Error(`The schema engine stand-in only supports PostgreSQL URLs (got "${parsed.protocol}")`), {
      errorCode: 'P1012',
    });
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  const connectTimeout = parsed.searchParams.get('connect_timeout');
  const applicationName = parsed.searchParams.get('application_name');
  const connectionLimit = parsed.searchParams.get('connection_limit');
  for (const p of PRISMA_ONLY_PARAMS) parsed.searchParams.delete(p);
  /** @type {import('pg').PoolConfig} */
  const config = { connectionString: parsed.toString() };
  if (connectTimeout) config.connectionTimeoutMillis = Number(connectTimeout) * 1000;
  else config.connectionTimeoutMillis = 10_000;
  config.application_name = applicationName ?? 'prisma-schema-engine-wasm';
  // One connection, like the native engine (and PGlite's socket server accepts one by default).
  // A pool client held by a transaction makes other queries wait at most connectionTimeoutMillis.
  config.max = connectionLimit ? Number(connectionLimit) : 1;
  return { config, schema, database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined };
}

function sameDatabase(a, b) {
  const norm = (u) => {
    const x = new URL(u);
    return `${x.hostname}:${x.port || '5432'}/${x.pathname.replace(/^\//, '') || 'postgres'}`;
  };
  try {
    return norm(a) === norm(b);
  } catch {
    return false;
  }
}

const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * PGlite's socket server (default maxConnections 1) resets a new connection while the previous
 * one is still being torn down, which happens when the engine, or the CLI's helper process,
 * reconnects right after closing. Retry establishing a connection for a moment on such resets.
 */
function isTransientConnectError(error) {
  return (
    ['ECONNRESET', 'EPIPE'].includes(error?.code) ||
    /Connection terminated unexpectedly|Server has closed the connection/i.test(error?.message ?? '')
  );
}

export async function withConnectRetry(connect) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (error) {
      if (attempt >= 20 || !isTransientConnectError(error)) throw error;
      if (process.env.PRISMA_SCHEMA_ENGINE_WASM_DEBUG) {
        const message = `connect attempt ${attempt} failed (${error.code ?? error.message}); retrying`;
        process.stderr.write(`${JSON.stringify({ level: 'DEBUG', fields: { message }, target: 'adapter' })}\n`);
      }
      await sleep(Math.min(25 * attempt, 200));
    }
  }
}

/** A pg.Client whose connect() retries transient resets (a Client cannot be reused, so recreate). */
export async function connectClient(config) {
  return withConnectRetry(async () => {
    const client = new pg.Client(config);
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  });
}

function newPool(config) {
  const pool = new pg.Pool(config);
  const connect = pool.connect.bind(pool);
  // pg-pool's query() goes through connect(callback); keep both call styles.
  pool.connect = function connectWithRetry(callback) {
    const attempt = withConnectRetry(() => connect());
    if (typeof callback !== 'function') return attempt;
    attempt.then(
      (client) => callback(undefined, client, client.release),
      (error) => callback(error),
    );
    return undefined;
  };
  return pool;
}

async function connectAdapter(config, schema) {
  // Our own pool, so that `?schema=` can set search_path on every connection like the native
  // engine does (migration scripts use unqualified names). Startup `options` would not do:
  // PGlite's socket server ignores them.
  const pool = newPool(config);
  if (schema) {
    pool.on('connect', (client) => {
      client.query(`SET search_path TO ${quoteIdent(schema)}`).catch(() => {});
    });
  }
  const adapter = await new PrismaPg(pool, { schema, disposeExternalPool: true }).connect();
  patchQueryablePrototype(adapter);
  return patchExecuteScript(adapter);
}

/** Drop everything in a (shadow) database: every non-system schema, then recreate `public`. */
const WIPE_DATABASE_SQL = `
DO $wipe$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
END
$wipe$;
CREATE SCHEMA IF NOT EXISTS public;
`;

/** Stands in for a connection when no URL is configured; every use throws `fail()`'s error. */
class NoDatabaseAdapter {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';
  constructor(fail) {
    this.fail = fail;
  }
  async queryRaw(query) {
    // The engine's start-up probe: answer it so that offline commands (diffs between schema
    // files / empty) work; the version only matters for SQL of features we do not use.
    if (/^SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/.test(query.sql)) {
      return {
        columnNames: ['exists', 'version', 'numeric_version'],
        columnTypes: [5, 7, 0], // Boolean, Text, Int32 (ColumnTypeEnum)
        rows: [[true, 'PostgreSQL 17.0 (offline: no DATABASE_URL)', 170000]],
      };
    }
    return this.fail();
  }
  async executeRaw() {
    return this.fail();
  }
  async executeScript() {
    return this.fail();
  }
  async startTransaction() {
    return this.fail();
  }
  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }
  async dispose() {}
}

/** A SqlMigrationAwareDriverAdapterFactory over node-postgres for the wasm schema engine. */
export class SchemaEnginePgFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';

  /** @param {{ url?: string, shadowDatabaseUrl?: string }} datasource */
  constructor(datasource) {
    this.url = datasource.url;
    this.shadowDatabaseUrl = datasource.shadowDatabaseUrl;
  }

  #requireUrl() {
    if (!this.url) {
      throw new Error(
        'No database URL: set DATABASE_URL (prisma.config.ts reads it into datasource.url) for commands that touch a database.',
      );
    }
    return this.url;
  }

  async connect() {
    // The wasm engine connects when it is constructed, even for commands that never touch a
    // database (`migrate diff --from-empty --to-schema ...`); without a URL, fail on first use.
    if (!this.url) return new NoDatabaseAdapter(() => this.#requireUrl());
    const { config, schema } = pgConfigFromUrl(this.#requireUrl());
    return connectAdapter(config, schema);
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      if (this.url && sameDatabase(this.url, this.shadowDatabaseUrl)) {
        throw new Error(
          'The shadow database you configured appears to be the same as the main database. Please specify another shadow database.',
        );
      }
      const { config, schema } = pgConfigFromUrl(this.shadowDatabaseUrl);
      const adapter = await connectAdapter(config, schema);
      await adapter.executeScript(WIPE_DATABASE_SQL);
      return adapter;
    }

    const { config, schema } = pgConfigFromUrl(this.#requireUrl());
    const admin = await connectClient(config);
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } catch (error) {
      await admin.end().catch(() => {});
      throw new Error(
        `Could not create a shadow database on the main database server (${error.message}). ` +
          'Set SHADOW_DATABASE_URL to an empty database that Prisma may wipe (e.g. a second PGlite instance).',
      );
    }
    // Not `{ ...config, database }`: node-postgres lets `connectionString` override `database`.
    const shadowUrl = new URL(this.url);
    shadowUrl.pathname = `/${database}`;
    const shadowConfig = pgConfigFromUrl(shadowUrl.toString()).config;
    // A server that ignores the database name (PGlite's socket server serves its one database
    // under any name) would hand us the main database as "shadow": refuse before touching it.
    let actual;
    const probe = await connectClient(shadowConfig);
    try {
      actual = (await probe.query('SELECT current_database() AS db')).rows[0]?.db;
    } finally {
      await probe.end().catch(() => {});
    }
    if (actual !== database) {
      await admin.query(`DROP DATABASE IF EXISTS "${database}"`).catch(() => {});
      await admin.end().catch(() => {});
      throw new Error(
        `Connecting to the new shadow database "${database}" landed in "${actual}": this server ` +
          'serves a single database (PGlite?). Set SHADOW_DATABASE_URL to a separate, empty database ' +
          'that Prisma may wipe (e.g. a second PGlite instance).',
      );
    }
    const adapter = await connectAdapter(shadowConfig, schema);
    const release = adapter.release;
    adapter.release = async () => {
      // Close the shadow pool first: PostgreSQL refuses to drop a database with open sessions.
      await release?.();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } catch {
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`).catch(() => {});
      } finally {
        await admin.end().catch(() => {});
      }
    };
    return adapter;
  }
}

/** Wrap the factory the way the Prisma CLI does before handing it to the wasm engine. */
export async function bindFactory(factory) {
  const { bindMigrationAwareSqlAdapterFactory } = await driverAdapterUtils();
  return bindMigrationAwareSqlAdapterFactory(factory);
}
