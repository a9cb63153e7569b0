// Where the server binaries installed by `npm run setup` live. Mirrors scripts/setup/lib.sh:
// the same versions.env, the same tools folder, the same *_BIN overrides.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const setupDir = path.join(import.meta.dirname, 'setup');

function readVersions(): Record<string, string> {
  const text = readFileSync(path.join(setupDir, 'versions.env'), 'utf8');
  const versions: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) versions[match[1]!] = match[2]!;
  }
  return versions;
}

export const versions = readVersions();
export const toolsDir = process.env.SPINWAY_TOOLS_DIR ?? path.join(homedir(), '.cache', 'spinway', 'tools');

function tool(envVar: string, name: string, versionKey: string, binary: string): string {
  const override = process.env[envVar];
  if (override) return override;
  const file = path.join(toolsDir, `${name}-${versions[versionKey]}`, 'bin', binary);
  if (!existsSync(file)) {
    throw new Error(`${binary} not found at ${file}. Run \`npm run setup\` first, or set ${envVar}=/path/to/${binary}.`);
  }
  return file;
}

export const temporalBin = () => tool('TEMPORAL_BIN', 'temporal-cli', 'TEMPORAL_CLI_VERSION', 'temporal');
export const minioBin = () => tool('MINIO_BIN', 'minio', 'MINIO_VERSION', 'minio');
export const temporalTestServerBin = () =>
  tool('TEMPORAL_TEST_SERVER_BIN', 'temporal-test-server', 'TEMPORAL_TEST_SERVER_VERSION', 'temporal-test-server');

/** The newest PostgreSQL ≤ 17 server binaries from Debian's packages (or PG_BIN_DIR). */
export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root).map(Number).filter((major) => major <= 17).sort((a, b) => b - a)
    : [];
  for (const major of majors) {
    const dir = path.join(root, String(major), 'bin');
    if (existsSync(path.join(dir, 'postgres'))) return dir;
  }
  throw new Error('No PostgreSQL ≤ 17 server found. Run `npm run setup`, set PG_BIN_DIR, or set TEST_DATABASE_URL.');
}
