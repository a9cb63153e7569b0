// GET /health: the state of every dependency, each checked for real, so a load balancer (and a
// person) can tell which one is down.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../deps';

const ZDependency = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
});

const ZHealth = z
  .object({
    status: z.enum(['ok', 'degraded']),
    dependencies: z.object({ database: ZDependency, temporal: ZDependency, storage: ZDependency }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Health of the API and each dependency',
  responses: {
    200: { description: 'Every dependency answers', content: { 'application/json': { schema: ZHealth } } },
    503: { description: 'At least one dependency is down', content: { 'application/json': { schema: ZHealth } } },
  },
});

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<z.infer<typeof ZDependency>> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

export const health = new OpenAPIHono<ApiEnv>().openapi(route, async (c) => {
  const { db, temporal, storage } = c.get('deps');
  const [database, temporalState, storageState] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(() => temporal.workflowService.getSystemInfo({})),
    probe(async () => {
      if (!(await storage.client.bucketExists(storage.bucket))) throw new Error(`bucket ${storage.bucket} does not exist`);
    }),
  ]);
  const dependencies = { database, temporal: temporalState, storage: storageState };
  const ok = database.ok && temporalState.ok && storageState.ok;
  return c.json({ status: ok ? ('ok' as const) : ('degraded' as const), dependencies }, ok ? 200 : 503);
});
