// The embedded default database for `npm start`: PGlite (PostgreSQL 17 compiled to wasm,
// in this process) served over the PostgreSQL wire protocol on a loopback port, so Prisma's pg
// adapter, the migration engine and psql all talk to it like any server.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';

export interface PgliteServer {
  url: string;
  stop(): Promise<void>;
}

export async function startPglite(opts: { dataDir?: string; port: number }): Promise<PgliteServer> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir);
  // The socket server queues every connection's queries onto the one PGlite instance; its
  // default of a single connection would close the second one (the worker and the API, the
  // migration engine and each pool all connect at once).
  const server = new PGLiteSocketServer({ db, port: opts.port, host: '127.0.0.1', maxConnections: 64 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${opts.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
