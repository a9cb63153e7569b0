// Smoke workflow round trip: start → worker runs it → activity writes through Prisma → result.
import { randomUUID } from 'node:crypto';
import { smokeWorkflow } from '../workflows';
import type { Benchmark } from './run';
import { measure, summarise } from './stats';

export const smokeWorkflowBenchmark: Benchmark = {
  name: 'smoke-workflow-round-trip',
  async run({ stack, startWorker }) {
    const worker = await startWorker();
    const run = (i: number) =>
      stack.temporal.workflow.execute(smokeWorkflow, {
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
        workflowId: `bench-smoke-${i}-${randomUUID()}`,
        args: [{ note: `bench ${i}` }],
      });
    await measure(20, 4, run); // warm-up: JIT, connection pools, workflow cache
    const sequential = await measure(100, 1, run);
    const concurrent = await measure(400, 20, run);
    await worker.stop();
    return {
      sequential: summarise(sequential.samples),
      concurrent: { concurrency: 20, ...summarise(concurrent.samples), perSecond: Math.round((concurrent.samples.length / concurrent.wallMs) * 1000 * 10) / 10 },
    };
  },
};
