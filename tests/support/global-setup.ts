// Starts every real server the tests need, once, on free loopback ports, and stops them after:
// PostgreSQL (a template database with all migrations applied; each test file clones it),
// MinIO on a temp folder, the Temporal dev server, and a prebuilt workflow bundle. The Java
// time-skipping server is started per test file (time skipping is server-wide, so files must
// not share one); the global set-up only checks that its wrapper is installed.
import { bundleWorkflowCode } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { workflowsPath } from '../../activities/worker';
import { migrateDeploy } from '../../scripts/infra/migrate';
import { startMinio } from '../../scripts/infra/minio-server';
import { startPostgresCluster } from '../../scripts/infra/postgres-cluster';
import { freePort } from '../../scripts/infra/process';
import { temporalBin, temporalTestServerBin } from '../../scripts/tools';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
    s3: { endpoint: string; accessKey: string; secretKey: string };
    temporalAddress: string;
    workflowBundlePath: string;
    timeSkippingServerPath: string;
  }
}

const TEMPLATE = 'spinway_template';

export default async function setup(project: TestProject) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'spinway-test-'));
  const stops: Array<() => Promise<unknown>> = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    const timeSkippingServerPath = temporalTestServerBin();

    // PostgreSQL: a configured server, or a throw-away cluster of our own.
    let adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      const cluster = await startPostgresCluster({ port: await freePort() });
      stops.push(cluster.stop);
      adminUrl = cluster.url('postgres');
    }
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    await admin.end();
    const templateUrl = new URL(adminUrl);
    templateUrl.pathname = `/${TEMPLATE}`;

    const [minio, temporal, bundle] = await Promise.all([
      startMinio({ dataDir: path.join(scratch, 'minio'), port: await freePort(), consolePort: await freePort(), quiet: true }),
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: temporalBin() },
          ip: '127.0.0.1',
          log: { format: 'pretty', level: 'error' },
        },
      }),
      bundleWorkflowCode({ workflowsPath, logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } }),
      migrateDeploy(templateUrl.toString()),
    ]);
    stops.push(() => minio.stop(), () => temporal.teardown());
    const workflowBundlePath = path.join(scratch, 'workflow-bundle.js');
    writeFileSync(workflowBundlePath, bundle.code);

    project.provide('templateDatabaseUrl', templateUrl.toString());
    project.provide('s3', { endpoint: minio.endpoint, accessKey: minio.accessKey, secretKey: minio.secretKey });
    project.provide('temporalAddress', temporal.address);
    project.provide('workflowBundlePath', workflowBundlePath);
    project.provide('timeSkippingServerPath', timeSkippingServerPath);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
