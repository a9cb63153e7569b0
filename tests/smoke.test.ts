// The stack's smoke tests: each talks to a real server and asserts a real effect.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createStorage, getObject, putObject, sha256Hex } from '../activities/infra/storage';
import { createApp } from '../api/app';
import { longSleepWorkflow, smokeWorkflow } from '../workflows';
import { createTestDatabase, type TestDatabase } from './support/database';
import { temporalClient, testActivityDeps, testConfig, testStorage, testWorker, uniqueId } from './support/stack';
import { createWorker } from '../activities/worker';

interface HealthBody {
  status: string;
  dependencies: Record<string, { ok: boolean; latencyMs: number; error?: string }>;
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('Temporal dev server + Prisma', () => {
  it('runs a workflow whose activity writes an audit entry through Prisma', async () => {
    const config = testConfig(database.url);
    const storage = await testStorage(config);
    const { worker, close } = await testWorker(config, { db: database.db, storage });
    const temporal = await temporalClient(config);
    try {
      const workflowId = uniqueId('smoke');
      const result = await worker.runUntil(
        temporal.client.workflow.execute(smokeWorkflow, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowId,
          args: [{ note: 'hello from the smoke test' }],
        }),
      );
      const row = await database.db.auditEntry.findUniqueOrThrow({ where: { id: result.auditEntryId } });
      expect(row).toMatchObject({ action: 'system.smoke', entityType: 'workflow', entityId: workflowId });
      expect(row.after).toEqual({ note: 'hello from the smoke test' });
    } finally {
      await temporal.close();
      await close();
    }
  });
});

describe('MinIO documents', () => {
  it('stores a document and returns the same bytes, in a versioned bucket', async () => {
    const storage = await testStorage(testConfig(database.url));
    const data = Buffer.from(`%PDF-1.4 smoke ${Math.random()}`);
    const first = await putObject(storage, 'smoke/doc', data, 'application/pdf');
    const second = await putObject(storage, 'smoke/doc', Buffer.concat([data, Buffer.from(' v2')]), 'application/pdf');
    expect(first.versionId).toBeTruthy();
    expect(second.versionId).not.toEqual(first.versionId);
    const back = await getObject(storage, 'smoke/doc', first.versionId ?? undefined);
    expect(sha256Hex(back)).toEqual(first.sha256);
    expect(first.sha256).toEqual(sha256Hex(data));
    const versioning = await storage.client.getBucketVersioning(storage.bucket);
    expect(versioning.Status).toEqual('Enabled');
  });
});

describe('time-skipping test server', () => {
  it('completes a workflow that sleeps three years', async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: inject('timeSkippingServerPath') } },
    });
    try {
      const config = testConfig(database.url);
      const worker = await createWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        deps: testActivityDeps(config, { db: database.db, storage: createStorage(config) }),
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      const threeYearsMs = 3 * 365 * 24 * 3600 * 1000;
      const before = await env.currentTimeMs();
      const result = await worker.runUntil(
        env.client.workflow.execute(longSleepWorkflow, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowId: uniqueId('sleep'),
          args: [{ duration: '1095 days' }],
        }),
      );
      expect(result.sleptMs).toBeGreaterThanOrEqual(threeYearsMs);
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(threeYearsMs);
    } finally {
      await env.teardown();
    }
  });
});

describe('GET /health', () => {
  it('reports every dependency up', async () => {
    const config = testConfig(database.url);
    const storage = await testStorage(config);
    const temporal = await temporalClient(config);
    try {
      const app = createApp({ config, db: database.db, storage, temporal: temporal.client });
      const res = await app.request('/health');
      expect(res.status).toBe(200);
      const body = (await res.json()) as HealthBody;
      expect(body.status).toBe('ok');
      for (const name of ['database', 'temporal', 'storage']) expect(body.dependencies[name]!.ok).toBe(true);
    } finally {
      await temporal.close();
    }
  });

  it('names the dependency that is down and answers 503', async () => {
    const config = testConfig(database.url);
    const temporal = await temporalClient(config);
    try {
      // A bucket that was never created stands for a storage outage.
      const storage = createStorage({ ...config, S3_BUCKET: uniqueId('missing') });
      const app = createApp({ config, db: database.db, storage, temporal: temporal.client });
      const res = await app.request('/health');
      expect(res.status).toBe(503);
      const body = (await res.json()) as HealthBody;
      expect(body.status).toBe('degraded');
      expect(body.dependencies.storage).toMatchObject({ ok: false });
      expect(body.dependencies.storage!.error).toContain('does not exist');
      expect(body.dependencies.database!.ok).toBe(true);
    } finally {
      await temporal.close();
    }
  });
});
