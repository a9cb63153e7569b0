// Connections to the servers the global set-up started, for one test file.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities';
import { loadConfig, type AppConfig } from '../../activities/infra/config';
import { createMailer } from '../../activities/infra/mailer';
import { createStorage, ensureBucket, type Storage } from '../../activities/infra/storage';
import { createWorker } from '../../activities/worker';

/** A unique suffix so parallel test files never share a workflow id, queue or bucket. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  const s3 = inject('s3');
  return loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: uniqueId('test-queue'),
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: uniqueId('test-bucket'),
    ...Object.fromEntries(Object.entries(overrides).map(([key, value]) => [key, String(value)])),
  });
}

export async function testStorage(config: AppConfig): Promise<Storage> {
  const storage = createStorage(config);
  await ensureBucket(storage, config.S3_REGION);
  return storage;
}

export async function temporalClient(config: AppConfig): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), close: () => connection.close() };
}

/**
 * Activity dependencies for a test: the database and storage it made, and (unless given) the
 * config and a mailer built from it (disabled when the config has no SMTP_URL).
 */
export function testActivityDeps(config: AppConfig, deps: Pick<ActivityDeps, 'db' | 'storage'> & Partial<ActivityDeps>): ActivityDeps {
  return { ...deps, config: deps.config ?? config, mailer: deps.mailer ?? createMailer(deps.config ?? config) };
}

/** A worker on the test's own task queue, using the bundle the global set-up built. */
export async function testWorker(
  config: AppConfig,
  deps: Pick<ActivityDeps, 'db' | 'storage'> & Partial<ActivityDeps>,
  connection?: NativeConnection,
): Promise<{ worker: Worker; close(): Promise<void> }> {
  const own = connection ?? (await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }));
  const worker = await createWorker({
    connection: own,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: testActivityDeps(config, deps),
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  return { worker, close: async () => { if (!connection) await own.close(); } };
}
