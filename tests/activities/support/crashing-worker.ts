// A worker process that dies with SIGKILL (no shutdown, nothing flushed) right after its first
// approval transition has committed to PostgreSQL: the crash between a decision's database
// write and the completion of the workflow task that made it. Configured by the environment
// like `npm run worker`, plus WORKFLOW_BUNDLE_PATH (the bundle the test set-up built).
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { loadConfig } from '../../../activities/infra/config';
import { createDb } from '../../../activities/infra/db';
import { createMailer } from '../../../activities/infra/mailer';
import { createStorage } from '../../../activities/infra/storage';

const config = loadConfig();
const db = createDb(config.DATABASE_URL, 2);
const activities = createActivities({ db, storage: createStorage(config), mailer: createMailer(config), config });
const recordTransition = activities.recordTransition;
activities.recordTransition = async (input) => {
  await recordTransition(input);
  process.kill(process.pid, 'SIGKILL');
};
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
  activities,
});
console.log('worker ready');
await worker.run();
