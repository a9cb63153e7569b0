// The Temporal worker: registers every workflow and activity on the task queue. Stateless: run
// as many copies as the load needs, on as many machines.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from './index';
import { loadConfig } from './infra/config';
import { createDb } from './infra/db';
import { createMailer } from './infra/mailer';
import { createStorage, ensureBucket } from './infra/storage';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests bundle once); otherwise the worker bundles workflowsPath. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: createActivities(opts.deps),
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const storage = createStorage(config);
  await ensureBucket(storage, config.S3_REGION);
  const mailer = createMailer(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: { db, storage, mailer, config },
  });
  console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
  if (!mailer.enabled) console.log('SMTP_URL is not set: notifications are in-app only (e-mail deliveries recorded as SKIPPED)');
  // worker.run() resolves after SIGINT/SIGTERM, once in-flight tasks have finished.
  await worker.run();
  await connection.close();
  mailer.close();
  await db.$disconnect();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
