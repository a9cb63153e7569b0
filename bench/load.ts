// Load-generation helpers: virtual users that run until a count or a deadline, and a record of
// how busy the machine and this process were meanwhile (the bench shares its 2 cores with the
// servers it starts, and with whatever else runs on the machine, so the report says so).
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface CpuWindow {
  /** Share of all cores busy over the window, whole machine (includes other programs). */
  machineBusyPct: number;
  /** This process (API, worker, load generator) in % of one core. */
  benchProcessPctOfOneCore: number;
  /** Busy share of this process's main event loop. */
  eventLoopUtilisationPct: number;
  loadAverage1m: number;
}

/** Starts a CPU window; call the returned function to close it. */
export function cpuWindow(): () => CpuWindow {
  const totals = () => os.cpus().reduce((acc, cpu) => {
    const t = cpu.times;
    acc.idle += t.idle;
    acc.all += t.user + t.nice + t.sys + t.irq + t.idle;
    return acc;
  }, { idle: 0, all: 0 });
  const before = totals();
  const usage = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  return () => {
    const after = totals();
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(usage);
    const all = after.all - before.all;
    return {
      machineBusyPct: round(all > 0 ? (1 - (after.idle - before.idle) / all) * 100 : Number.NaN, 1),
      benchProcessPctOfOneCore: round(((used.user + used.system) / 1000 / wallMs) * 100, 1),
      eventLoopUtilisationPct: round(performance.eventLoopUtilization(elu).utilization * 100, 1),
      loadAverage1m: round(os.loadavg()[0] ?? Number.NaN, 2),
    };
  };
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * `users` virtual users each take the next item of work and run `op` on it, back to back, until
 * `maxOps` operations have started, `durationMs` has passed, or `next` says there is no more work
 * (null). Only `op` is timed. Returns the latency of every operation and the wall time.
 */
export async function runVirtualUsers<T>(opts: {
  users: number;
  durationMs: number;
  maxOps: number;
  next: () => Promise<T | null>;
  op: (item: T) => Promise<void>;
}): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.users }, async () => {
      while (started < opts.maxOps && performance.now() < deadline) {
        started += 1;
        const item = await opts.next();
        if (item === null) return;
        const t = performance.now();
        await opts.op(item);
        samples.push(performance.now() - t);
      }
    }),
  );
  return { samples, wallMs: performance.now() - t0 };
}

/**
 * Open loop: starts an operation every 1000/rate ms for `durationMs` (whether or not earlier
 * ones have finished, up to `maxInFlight`; a start that finds that many running, or no work,
 * is skipped and counted). Shows the latency at a given load rather than at saturation.
 */
export async function runPaced<T>(opts: {
  ratePerSecond: number;
  durationMs: number;
  maxInFlight: number;
  next: () => Promise<T | null>;
  op: (item: T) => Promise<void>;
}): Promise<{ samples: number[]; wallMs: number; skipped: number }> {
  const samples: number[] = [];
  const running = new Set<Promise<void>>();
  let skipped = 0;
  const interval = 1000 / opts.ratePerSecond;
  const t0 = performance.now();
  for (let i = 0; ; i += 1) {
    const at = t0 + i * interval;
    if (at - t0 >= opts.durationMs) break;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (running.size >= opts.maxInFlight) {
      skipped += 1;
      continue;
    }
    const item = await opts.next();
    if (item === null) {
      skipped += 1;
      continue;
    }
    const started = performance.now();
    const task: Promise<void> = opts.op(item).then(() => {
      samples.push(performance.now() - started);
      running.delete(task);
    });
    running.add(task);
  }
  await Promise.all(running);
  return { samples, wallMs: performance.now() - t0, skipped };
}

/** A FIFO of work that virtual users wait on; `close()` makes waiting takers get null. */
export class WorkQueue<T> {
  private items: T[] = [];
  private waiting: Array<(item: T | null) => void> = [];
  private closed = false;

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const taker = this.waiting.shift();
    if (taker) taker(item);
    else this.items.push(item);
  }

  take(): Promise<T | null> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const taker of this.waiting.splice(0)) taker(null);
  }
}

export const perSecond = (count: number, wallMs: number) => round((count / wallMs) * 1000, 1);
