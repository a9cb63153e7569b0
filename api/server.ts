// Starts the API: connects to PostgreSQL, Temporal and the S3 store, then listens. Stateless:
// run as many replicas as needed behind a load balancer.
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../activities/infra/config';
import { createDb } from '../activities/infra/db';
import { createStorage, ensureBucket } from '../activities/infra/storage';
import { createApp } from './app';

const config = loadConfig();
const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
const storage = createStorage(config);
await ensureBucket(storage, config.S3_REGION);
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
const app = createApp({ config, db, storage, temporal });

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`API listening on http://${info.address}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await connection.close();
      await db.$disconnect();
      process.exit(0);
    });
  });
}
