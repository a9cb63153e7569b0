// CPU time per server over a window, read from /proc (Linux): each named process with all its
// descendants (PostgreSQL's backends, say). Shows which part of the stack the cores went to,
// and how much went to programs outside the bench.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { round } from './load';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** ticks: the process's own CPU; reaped: its own plus that of children it has reaped. */
interface Stat { ppid: number; ticks: number; reaped: number }

function readStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return stats;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may hold spaces; the fields after its closing ')' are fixed.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks, reaped: ticks + Number(fields[13]) + Number(fields[14]) });
    } catch {
      // the process exited between readdir and read
    }
  }
  return stats;
}

/**
 * CPU of a process and all its descendants, counting the children that exited too (their time
 * moves into the parent's cutime/cstime when reaped, as PostgreSQL's backends do when a pool
 * closes idle connections), so the total never goes backwards.
 */
function treeTicks(stats: Map<number, Stat>, root: number): number {
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    ticks += stats.get(pid)?.reaped ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

function machineTicks(): { busy: number; all: number } {
  return os.cpus().reduce((acc, cpu) => {
    const t = cpu.times;
    acc.all += t.user + t.nice + t.sys + t.irq + t.idle;
    acc.busy += t.user + t.nice + t.sys + t.irq;
    return acc;
  }, { busy: 0, all: 0 });
}

/**
 * Starts a window over the named process trees; the returned function closes it and gives each
 * one's CPU in % of one core, the bench process's own, and the rest of the machine's.
 */
export function processCpuWindow(processes: Record<string, number | undefined>): () => Record<string, number> {
  const roots = Object.entries(processes).filter((entry): entry is [string, number] => entry[1] !== undefined);
  const snapshot = () => {
    const stats = readStats();
    return { at: performance.now(), machine: machineTicks(), trees: roots.map(([, pid]) => treeTicks(stats, pid)), self: stats.get(process.pid)?.ticks ?? 0 };
  };
  const before = snapshot();
  return () => {
    const after = snapshot();
    const seconds = (after.at - before.at) / 1000;
    const pct = (ticks: number) => round((ticks / TICKS_PER_SECOND / seconds) * 100, 1);
    const result: Record<string, number> = { benchProcess: pct(after.self - before.self) };
    let accounted = after.self - before.self;
    roots.forEach(([name], i) => {
      const ticks = after.trees[i]! - before.trees[i]!;
      accounted += ticks;
      result[name] = pct(ticks);
    });
    // os.cpus() times are in ms per core.
    const machineBusyTicks = ((after.machine.busy - before.machine.busy) / 1000) * TICKS_PER_SECOND;
    result.everythingElse = pct(Math.max(machineBusyTicks - accounted, 0));
    result.machineCapacity = os.cpus().length * 100;
    return result;
  };
}
