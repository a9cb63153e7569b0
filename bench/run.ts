// `npm run bench`: starts the stack once, runs each benchmark (all, or those named on the
// command line), prints and writes machine-readable JSON to bench/results/.
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMailer } from '../activities/infra/mailer';
import { createWorker } from '../activities/worker';
import { decisionRoundTripBenchmark } from './decision-round-trip.bench';
import { inboxQueryBenchmark } from './inbox-query.bench';
import { smokeWorkflowBenchmark } from './smoke-workflow.bench';
import { startBenchStack, type BenchStack } from './stack';

export interface BenchContext {
  stack: BenchStack;
  /** Starts a worker on the bench task queue; stop it with `stop()`. */
  startWorker(): Promise<{ stop(): Promise<void> }>;
}

export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<Record<string, unknown>>;
}

const benchmarks: Benchmark[] = [smokeWorkflowBenchmark, decisionRoundTripBenchmark, inboxQueryBenchmark];

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? benchmarks.filter((b) => wanted.includes(b.name)) : benchmarks;
  if (selected.length === 0) throw new Error(`no benchmark named ${wanted.join(', ')}; have: ${benchmarks.map((b) => b.name).join(', ')}`);
  const stack = await startBenchStack();
  const ctx: BenchContext = {
    stack,
    async startWorker() {
      // Without SMTP_URL the mailer is disabled: e-mail deliveries are recorded as SKIPPED.
      const mailer = createMailer(stack.config);
      const worker: Worker = await createWorker({
        connection: stack.nativeConnection,
        namespace: stack.config.TEMPORAL_NAMESPACE,
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
        deps: { db: stack.db, storage: stack.storage, mailer, config: stack.config },
      });
      const running = worker.run();
      return { async stop() { worker.shutdown(); await running; mailer.close(); } };
    },
  };
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  const outDir = path.join(import.meta.dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  try {
    for (const benchmark of selected) {
      console.log(`running ${benchmark.name}…`);
      // The load average says whether something else was running on the machine meanwhile.
      const loadBefore = os.loadavg()[0];
      const results = await benchmark.run(ctx);
      const loadAverage1m = { before: loadBefore, after: os.loadavg()[0] };
      const report = { benchmark: benchmark.name, at: new Date().toISOString(), machine: { ...machine, loadAverage1m }, results };
      const file = path.join(outDir, `${benchmark.name}.json`);
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      console.log(JSON.stringify(report, null, 2));
      console.log(`→ ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await stack.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
