// A throw-away PostgreSQL cluster for the tests and benchmarks, from Debian's server binaries:
// initdb into a temp folder, start on a free loopback port and a Unix socket, tuned for speed
// rather than durability.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresBinDir } from '../tools';
import { portOpen, startProcess, waitFor, type Managed } from './process';

export interface PostgresCluster extends Managed {
  url: (database: string) => string;
}

// PostgreSQL refuses to run as root; as root (CI) the server runs as the `postgres` user that
// Debian's package creates.
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startPostgresCluster(opts: { port: number; quiet?: boolean }): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'spinway-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, 'data');
  const [initCmd, initArgs] = asServerUser(path.join(bin, 'initdb'), [
    '-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const [cmd, args] = asServerUser(path.join(bin, 'postgres'), [
    '-D', dataDir,
    '-p', String(opts.port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', `unix_socket_directories=${dir}`,
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
    '-c', 'max_connections=300',
  ]);
  const server = startProcess('postgres', cmd, args, { quiet: opts.quiet ?? true });
  // Clients on this machine connect through the Unix socket: over loopback TCP each query's write
  // runs the network stack for both ends in the caller's system call, which was a sixth of the
  // API process's CPU in the decision benchmark. (`host` names the socket's directory; the port
  // names the socket file. The TCP port stays open for tools.)
  const url = (database: string) => `postgresql://postgres@localhost:${opts.port}/${database}?host=${encodeURIComponent(dir)}`;
  // The port opens before the server accepts queries: until start-up finishes a connection is
  // refused with 57P03 "the database system is starting up" (seen on loaded machines). Ready
  // means a query answers.
  await waitFor('PostgreSQL', () => portOpen(opts.port), 30_000, server.child);
  await waitFor('PostgreSQL (accepting queries)', () => answersQuery(url('postgres')), 60_000, server.child);
  return {
    ...server,
    url,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answersQuery(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}
