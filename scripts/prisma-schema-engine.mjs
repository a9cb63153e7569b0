#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, driven by @prisma/schema-engine-wasm and
// @prisma/adapter-pg. The Prisma CLI finds it through PRISMA_SCHEMA_ENGINE_BINARY (set by
// prisma.config.ts) and talks to it exactly as to the native binary:
//
//   schema-engine --version
//   schema-engine --datasource '{"url":...}' cli can-connect-to-database | create-database
//   schema-engine --datamodels <file>... --datasource '{"url":...,"shadowDatabaseUrl":...}'
//       then JSON-RPC 2.0 over stdin/stdout, one JSON document per line.
//
// stderr carries JSON log lines like the native engine's tracing output; the CLI skips the first
// line and reads `level`, `target` and `fields.{message,error_code}` from the rest.
// See docs/decisions/0002-prisma-schema-engine-wasm.md.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadSchemaEngineWasm, isWasmPanic, panicRegistry } from './prisma-schema-engine/wasm.mjs';
import { SchemaEnginePgFactory, bindFactory, connectClient, pgConfigFromUrl } from './prisma-schema-engine/adapter.mjs';

// Node's own warnings would land on stderr, where the CLI expects JSON only.
process.removeAllListeners('warning');

const ENGINE_HASH = '0edf323efd1d98336f3f0a68684b56f689b900d3';

function log(level, message, extra = {}, target = 'schema_engine::logger') {
  const line = { timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${a}`);
      return argv[++i];
    };
    if (a === '--version' || a === '-V') out.version = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--datamodels' || a === '-d') out.datamodels.push(next());
    else if (a.startsWith('--datamodels=')) out.datamodels.push(a.slice('--datamodels='.length));
    else if (a === '--datasource') out.datasource = next();
    else if (a.startsWith('--datasource=')) out.datasource = a.slice('--datasource='.length);
    else if (a === '--enabled-preview-features' || a === '--extension-types') next();
    else if (a === 'cli') {
      out.cli = argv.slice(i + 1);
      break;
    }
  }
  return out;
}

function parseDatasource(raw) {
  if (!raw) return {};
  const parsed = JSON.parse(raw);
  return { url: parsed.url || undefined, shadowDatabaseUrl: parsed.shadowDatabaseUrl || undefined };
}

// ---------------------------------------------------------------------------------------------
// `cli` subcommands (no JSON-RPC): exit 0 on success; on failure an ERROR log line with
// error_code + message, and exit 1.

function describeServer(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'the database server';
  }
}

/** Map a node-postgres connection error to the Prisma P1xxx error the native engine reports. */
function connectionError(error, url) {
  const server = describeServer(url);
  let database = 'postgres';
  try {
    database = decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
  } catch {}
  switch (error?.code) {
    case '3D000':
      return { code: 'P1003', message: `Database \`${database}\` does not exist on the database server at \`${server}\`.` };
    case '28P01':
    case '28000':
      return {
        code: 'P1000',
        message: `Authentication failed against database server at \`${server}\`, the provided database credentials are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${server}\`.`,
      };
    case '42501':
      return { code: 'P1010', message: `User was denied access on the database \`${database}\`` };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'EAI_AGAIN':
    case 'ECONNRESET':
      return {
        code: 'P1001',
        message: `Can't reach database server at \`${server}\`\n\nPlease make sure your database server is running at \`${server}\`.`,
      };
    case 'ETIMEDOUT':
      return { code: 'P1002', message: `The database server at \`${server}\` was reached but timed out.` };
    default:
      if (/\bSSL\b|TLS|certificate/i.test(error?.message ?? '')) {
        return { code: 'P1011', message: `Error opening a TLS connection: ${error.message}` };
      }
      if (/timeout/i.test(error?.message ?? '')) {
        return { code: 'P1001', message: `Can't reach database server at \`${server}\`` };
      }
      return { code: 'P1000', message: error?.message ?? String(error) };
  }
}

async function withClient(url, fn) {
  const { config } = pgConfigFromUrl(url);
  const client = await connectClient(config);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function canConnect(url) {
  await withClient(url, (c) => c.query('SELECT 1'));
}

/** Create the database named in `url` by connecting to the server's maintenance database. */
async function createDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('The connection URL has no database name to create.');
  let lastError;
  for (const maintenance of ['postgres', 'template1']) {
    const admin = new URL(url);
    admin.pathname = `/${maintenance}`;
    try {
      await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`));
      return name;
    } catch (error) {
      lastError = error;
      if (error?.code === '42P04') return name; // duplicate_database: someone else created it
      if (error?.code !== '3D000') break;
    }
  }
  throw lastError;
}

async function runCli(command, datasource) {
  const [sub] = command;
  const url = datasource.url;
  try {
    if (!url) throw Object.assign(new Error('No datasource URL given (--datasource {"url": ...}).'), { prisma: 'P1012' });
    if (sub === 'can-connect-to-database') {
      await canConnect(url);
      log('INFO', 'Connection successful');
    } else if (sub === 'create-database') {
      const name = await createDatabase(url);
      log('INFO', `Database '${name}' was successfully created.`);
    } else if (sub === 'drop-database') {
      const target = new URL(url);
      const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
      target.pathname = '/postgres';
      await withClient(target.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`));
      log('INFO', `The database '${name}' was successfully dropped.`);
    } else {
      throw Object.assign(new Error(`Unknown cli subcommand: ${sub}`), { prisma: 'P1012' });
    }
    return 0;
  } catch (error) {
    const mapped = error?.prisma ? { code: error.prisma, message: error.message } : connectionError(error, url);
    log('ERROR', mapped.message, { error_code: mapped.code });
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC server

function rpcError(error) {
  const panicMessage = panicRegistry().get();
  if (isWasmPanic(error)) {
    const message = panicMessage || error?.message || String(error);
    return {
      code: 4466,
      message: 'An error happened. Check the data field for details.',
      data: { is_panic: true, message, backtrace: error?.stack ?? null },
    };
  }
  const message = error?.message ?? String(error);
  const data = { is_panic: false, message, backtrace: null };
  const code = error?.code ?? error?.errorCode;
  if (typeof code === 'string' && /^P\d{4}$/.test(code)) {
    data.error_code = code;
    if (error.meta !== undefined) data.meta = error.meta;
  }
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

class RpcServer {
  nextOutgoingId = 1_000_000_000;
  pendingOutgoing = new Map();
  queue = Promise.resolve();
  engine = undefined;
  boundFactory = undefined;
  devDiagnosed = false;
  exitCode = 0;

  constructor({ datamodels, datasource }) {
    this.datamodels = datamodels;
    this.datasource = datasource;
  }

  send(message) {
    process.stdout.write(`${JSON.stringify(message)}\n`);
  }

  /** Ask the CLI to print something (the native engine does this for `diff`). */
  request(method, params) {
    const id = this.nextOutgoingId++;
    return new Promise((resolvePromise, reject) => {
      this.pendingOutgoing.set(id, { resolve: resolvePromise, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  async getEngine() {
    if (this.engine) return this.engine;
    const { SchemaEngine } = await loadSchemaEngineWasm();
    this.boundFactory = await bindFactory(new SchemaEnginePgFactory(this.datasource));
    const datamodels = this.datamodels.length
      ? this.datamodels.map((file) => [file, readFileSync(resolve(file), 'utf8')])
      : undefined; // never an empty array
    // The wasm engine logs JSON lines like the native engine's tracing output; pass on what the
    // native engine would print at RUST_LOG=info (everything with PRISMA_SCHEMA_ENGINE_WASM_DEBUG).
    const logCallback = (line) => {
      const text = String(line).trimEnd();
      let level;
      try {
        level = JSON.parse(text).level;
      } catch {
        level = undefined;
      }
      if (process.env.PRISMA_SCHEMA_ENGINE_WASM_DEBUG || ['INFO', 'WARN', 'ERROR'].includes(level)) {
        process.stderr.write(`${text}\n`);
      }
    };
    try {
      this.engine = await SchemaEngine.new({ datamodels }, logCallback, this.boundFactory);
    } catch (error) {
      throw this.lookupAdapterError(error);
    }
    return this.engine;
  }

  /** Errors thrown inside the adapter (GenericJs) are kept in the registry: surface the original. */
  lookupAdapterError(error) {
    const registry = this.boundFactory?.errorRegistry;
    const fromMessage = /External error id#(\d+)/.exec(String(error?.message ?? ''));
    const id = fromMessage ? Number(fromMessage[1]) : (error?.cause?.id ?? error?.id);
    if (registry && typeof id === 'number') {
      const found = registry.consumeError?.(id);
      if (found?.error) return found.error;
    }
    return error;
  }

  async call(method, params) {
    switch (method) {
      case 'createDatabase': {
        const url = params?.datasource?.url ?? this.datasource.url;
        return { databaseName: await createDatabase(url) };
      }
      case 'getDatabaseVersion': {
        const engine = await this.getEngine();
        return engine.version(params ?? undefined);
      }
      case 'diff': {
        const engine = await this.getEngine();
        const result = await engine.diff(params);
        if (typeof result?.stdout === 'string' && result.stdout.length > 0) {
          // The CLI prints `content + "\n"` for each print request.
          await this.request('print', { content: result.stdout.replace(/\n$/, '') });
        }
        return { exitCode: result?.exitCode ?? 0, stdout: null };
      }
      case 'devDiagnostic': {
        const engine = await this.getEngine();
        const out = await engine.devDiagnostic(params);
        this.devDiagnosed = true;
        return out;
      }
      case 'createMigration':
      case 'evaluateDataLoss': {
        const engine = await this.getEngine();
        // The wasm engine needs devDiagnostic to have run on this instance first.
        if (!this.devDiagnosed) {
          await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
          this.devDiagnosed = true;
        }
        return engine[method](params);
      }
      case 'applyMigrations':
      case 'dbExecute':
      case 'diagnoseMigrationHistory':
      case 'ensureConnectionValidity':
      case 'introspect':
      case 'introspectSql':
      case 'markMigrationApplied':
      case 'markMigrationRolledBack':
      case 'reset':
      case 'schemaPush': {
        const engine = await this.getEngine();
        const out = await engine[method](params ?? {});
        return out ?? {};
      }
      case 'debugPanic': {
        const engine = await this.getEngine();
        return engine.debugPanic();
      }
      default:
        throw Object.assign(new Error(`Method not supported by the wasm schema engine stand-in: ${method}`), {
          rpcCode: -32601,
        });
    }
  }

  handleLine(line) {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch (error) {
      this.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error: ${error.message}` } });
      return;
    }
    if (msg.method === undefined) {
      const pending = this.pendingOutgoing.get(msg.id);
      if (pending) {
        this.pendingOutgoing.delete(msg.id);
        if (msg.error) pending.reject(new Error(msg.error.message ?? 'print failed'));
        else pending.resolve(msg.result);
      }
      return;
    }
    // Requests run one at a time, in order, like the native engine's single connector.
    this.queue = this.queue.then(async () => {
      panicRegistry().message = '';
      try {
        const result = await this.call(msg.method, msg.params);
        if (msg.id !== undefined) this.send({ jsonrpc: '2.0', id: msg.id, result: result ?? null });
      } catch (thrown) {
        const error = this.lookupAdapterError(thrown);
        if (process.env.PRISMA_SCHEMA_ENGINE_WASM_DEBUG) {
          process.stderr.write(`${JSON.stringify({ level: 'DEBUG', fields: { message: String(error?.stack ?? error) } })}\n`);
        }
        if (msg.id === undefined) return;
        if (error?.rpcCode) {
          this.send({ jsonrpc: '2.0', id: msg.id, error: { code: error.rpcCode, message: error.message } });
        } else {
          this.send({ jsonrpc: '2.0', id: msg.id, error: rpcError(error) });
        }
        if (isWasmPanic(error)) {
          // After a panic the wasm instance is poisoned; exit like the native engine (code 101).
          log('ERROR', panicRegistry().get() || String(error?.message ?? error), { is_panic: true });
          this.exitCode = 101;
          setImmediate(() => process.exit(101));
        }
      }
    });
  }

  async shutdown() {
    await this.queue.catch(() => {});
    try {
      this.engine?.free();
    } catch {}
    // Pools are closed by the engine via adapter.dispose(); do not wait on stragglers.
    process.exit(this.exitCode);
  }

  start() {
    log('INFO', 'Starting schema engine RPC server', { git_hash: ENGINE_HASH }, 'schema_engine::rpc');
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    rl.on('line', (line) => this.handleLine(line));
    rl.on('close', () => void this.shutdown());
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${ENGINE_HASH}\n`);
    return 0;
  }
  if (args.help) {
    process.stdout.write(
      'prisma schema-engine stand-in (wasm)\n\nUSAGE:\n  prisma-schema-engine [--datamodels <file>...] [--datasource <json>] [cli <can-connect-to-database|create-database|drop-database>]\n',
    );
    return 0;
  }
  let datasource;
  try {
    datasource = parseDatasource(args.datasource);
  } catch (error) {
    process.stderr.write('\n');
    log('ERROR', `Invalid --datasource JSON: ${error.message}`, { error_code: 'P1012' });
    return 1;
  }
  if (args.cli) {
    // The CLI skips the first stderr line.
    log('INFO', 'Starting schema engine CLI', { git_hash: ENGINE_HASH }, 'schema_engine::cli');
    return runCli(args.cli, datasource);
  }
  new RpcServer({ datamodels: args.datamodels, datasource }).start();
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error) => {
    log('ERROR', String(error?.stack ?? error));
    process.exit(1);
  },
);
