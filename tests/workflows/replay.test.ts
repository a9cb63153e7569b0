// Workflows already running when their code changes must replay their history with the new
// code: every change of commands goes behind patched(). The histories in histories/ were
// recorded by earlier releases (how: histories/README.md); each must replay with today's bundle
// without a nondeterminism error. A history recorded before a patch follows the unpatched path.
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const dir = path.join(import.meta.dirname, 'histories');
const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();

describe('histories of earlier releases replay with the current workflow code', () => {
  it('has histories of each process workflow', () => {
    const types = files.map((name) => historyFromJSON(JSON.parse(readFileSync(path.join(dir, name), 'utf8'))).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name);
    expect(new Set(types)).toEqual(new Set(['spinoutCaseWorkflow', 'ipDealWorkflow', 'settlementWorkflow']));
  });

  it.each(files)('%s', async (name) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
    // Recorded before read-model writes became local activities: ordinary activities throughout.
    expect(history.events?.some((event) => event.activityTaskScheduledEventAttributes)).toBe(true);
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, name.replace(/\.json$/, ''))).resolves.toBeUndefined();
  });
});
