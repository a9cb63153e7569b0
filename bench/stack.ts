// The servers a benchmark runs against: a PostgreSQL cluster of its own (or BENCH_DATABASE_URL),
// MinIO and the Temporal dev server, all on free loopback ports, torn down at the end.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../activities/infra/config';
import { createDb, type Db } from '../activities/infra/db';
import { createStorage, ensureBucket, type Storage } from '../activities/infra/storage';
import { migrateDeploy } from '../scripts/infra/migrate';
import { startMinio } from '../scripts/infra/minio-server';
import { startPostgresCluster } from '../scripts/infra/postgres-cluster';
import { freePort } from '../scripts/infra/process';
import { startTemporalDevServer } from '../scripts/infra/temporal-dev-server';

export interface BenchStack {
  config: AppConfig;
  db: Db;
  storage: Storage;
  temporal: Client;
  nativeConnection: NativeConnection;
  /** Process ids of the servers started here (for CPU accounting); absent when not ours. */
  pids: { postgres?: number; minio?: number; temporal?: number };
  close(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'spinway-bench-'));
  const stops: Array<() => Promise<unknown>> = [];
  const pids: BenchStack['pids'] = {};
  let databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) {
    const cluster = await startPostgresCluster({ port: await freePort() });
    stops.push(cluster.stop);
    pids.postgres = cluster.child.pid;
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE spinway_bench');
    await admin.end();
    databaseUrl = cluster.url('spinway_bench');
  }
  const [minio, temporalServer] = await Promise.all([
    startMinio({ dataDir: path.join(scratch, 'minio'), port: await freePort(), consolePort: await freePort(), quiet: true }),
    startTemporalDevServer({ dataDir: path.join(scratch, 'temporal'), port: await freePort(), uiPort: await freePort(), quiet: true }),
    migrateDeploy(databaseUrl),
  ]);
  stops.push(minio.stop, temporalServer.stop);
  pids.minio = minio.child.pid;
  pids.temporal = temporalServer.child.pid;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    TEMPORAL_ADDRESS: temporalServer.address,
    S3_ENDPOINT: minio.endpoint,
    S3_ACCESS_KEY: minio.accessKey,
    S3_SECRET_KEY: minio.secretKey,
    TEMPORAL_TASK_QUEUE: 'bench',
  });
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const storage = createStorage(config);
  await ensureBucket(storage, config.S3_REGION);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  return {
    config,
    db,
    storage,
    temporal: new Client({ connection }),
    nativeConnection,
    pids,
    async close() {
      await connection.close();
      await nativeConnection.close();
      await db.$disconnect();
      for (const stop of stops.reverse()) await stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
