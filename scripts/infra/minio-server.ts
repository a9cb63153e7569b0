// MinIO on a local data folder: the S3 document store for `npm start` and the tests.
import { mkdirSync } from 'node:fs';
import { minioBin } from '../tools';
import { startProcess, waitFor, type Managed } from './process';

export interface MinioServer extends Managed {
  endpoint: string;
  accessKey: string;
  secretKey: string;
}

export async function startMinio(opts: {
  dataDir: string;
  port: number;
  consolePort: number;
  accessKey?: string;
  secretKey?: string;
  quiet?: boolean;
}): Promise<MinioServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  const accessKey = opts.accessKey ?? 'spinway';
  const secretKey = opts.secretKey ?? 'spinway-dev-secret';
  const server = startProcess(
    'minio',
    minioBin(),
    ['server', opts.dataDir, '--address', `127.0.0.1:${opts.port}`, '--console-address', `127.0.0.1:${opts.consolePort}`, '--quiet'],
    {
      quiet: opts.quiet,
      env: {
        ...process.env,
        MINIO_ROOT_USER: accessKey,
        MINIO_ROOT_PASSWORD: secretKey,
        MINIO_BROWSER: 'on',
        MINIO_UPDATE: 'off',
        MINIO_CALLHOME_ENABLE: 'off',
      },
    },
  );
  const endpoint = `http://127.0.0.1:${opts.port}`;
  await waitFor(
    'MinIO',
    async () => (await fetch(`${endpoint}/minio/health/ready`)).ok,
    60_000,
    server.child,
  );
  return { ...server, endpoint, accessKey, secretKey };
}
