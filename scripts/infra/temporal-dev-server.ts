// The Temporal CLI's dev server: a real Temporal server on SQLite, with its Web UI.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { temporalBin } from '../tools';
import { portOpen, startProcess, waitFor, type Managed } from './process';

export interface TemporalDevServer extends Managed {
  address: string;
  uiUrl: string;
}

export async function startTemporalDevServer(opts: { dataDir: string; port: number; uiPort: number; quiet?: boolean }): Promise<TemporalDevServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  const server = startProcess(
    'temporal',
    temporalBin(),
    [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(opts.port),
      '--ui-port', String(opts.uiPort),
      '--db-filename', path.join(opts.dataDir, 'temporal.sqlite'),
      // SQLite's default rollback journal with full sync makes every history write wait for
      // several fsyncs: the decision benchmark ran about 3× slower than with these two, which
      // match the database in memory. A write-ahead log synced at checkpoints survives a crash
      // of the server; an OS crash may lose the last moments, never the file's consistency.
      '--sqlite-pragma', 'journal_mode=wal',
      '--sqlite-pragma', 'synchronous=normal',
      '--log-level', 'warn',
    ],
    { quiet: opts.quiet },
  );
  await waitFor('Temporal dev server', () => portOpen(opts.port), 60_000, server.child);
  return { ...server, address: `127.0.0.1:${opts.port}`, uiUrl: `http://127.0.0.1:${opts.uiPort}` };
}
