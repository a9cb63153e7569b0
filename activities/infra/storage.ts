// Documents in any S3-compatible store (MinIO by default). The bucket keeps every version and
// has object lock enabled at creation, so signed agreements can be put under retention.
import { createHash } from 'node:crypto';
import { Client } from 'minio';
import type { AppConfig } from './config';

export interface Storage {
  client: Client;
  /**
   * Signs the download links browsers follow: for S3_PUBLIC_ENDPOINT when set (a presigned
   * URL's signature covers its host, so it cannot be rewritten afterwards), else `client`.
   * Signing is local; this client never connects anywhere.
   */
  linkSigner: Client;
  bucket: string;
}

type StorageConfig = Pick<AppConfig, 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY' | 'S3_BUCKET'> & Partial<Pick<AppConfig, 'S3_PUBLIC_ENDPOINT'>>;

function clientFor(endpoint: string, config: StorageConfig): Client {
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
    // A fixed region spares the client a GetBucketLocation round trip before every request
    // (and lets the link signer sign without asking).
    region: config.S3_REGION,
    pathStyle: true,
  });
}

export function createStorage(config: StorageConfig): Storage {
  const client = clientFor(config.S3_ENDPOINT, config);
  const linkSigner = config.S3_PUBLIC_ENDPOINT ? clientFor(config.S3_PUBLIC_ENDPOINT, config) : client;
  return { client, linkSigner, bucket: config.S3_BUCKET };
}

/** Creates the bucket with object lock (which implies versioning) if it is missing. */
export async function ensureBucket(storage: Storage, region: string): Promise<void> {
  const { client, bucket } = storage;
  if (await client.bucketExists(bucket)) return;
  try {
    await client.makeBucket(bucket, region, { ObjectLocking: true });
  } catch (error) {
    // Another API or worker replica may have created it between the check and the call.
    if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
  }
  await client.setBucketVersioning(bucket, { Status: 'Enabled' });
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface StoredObject {
  key: string;
  versionId: string | null;
  sha256: string;
  size: number;
}

export async function putObject(storage: Storage, key: string, data: Buffer, contentType: string): Promise<StoredObject> {
  const sha256 = sha256Hex(data);
  const info = await storage.client.putObject(storage.bucket, key, data, data.length, {
    'Content-Type': contentType,
    'x-amz-meta-sha256': sha256,
  });
  return { key, versionId: info.versionId ?? null, sha256, size: data.length };
}

export async function getObject(storage: Storage, key: string, versionId?: string): Promise<Buffer> {
  const stream = await storage.client.getObject(storage.bucket, key, versionId ? { versionId } : {});
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
