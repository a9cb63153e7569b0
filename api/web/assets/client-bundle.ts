// The browser script, bundled with esbuild from client/main.ts on first request and kept in
// memory (plain and gzipped): it imports the domain's zod schemas, so the browser validates with
// the very same rules as the API.
import type { Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface Bundle {
  code: string;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * zod's namespace re-exports every one of its ~50 message locales (z.locales); the script uses
 * its own messages (i18n/issues.ts) and zod registers English by itself, so the index is stubbed.
 */
const withoutZodLocales: Plugin = {
  name: 'without-zod-locales',
  setup(build) {
    build.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'stub' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

let pending: Promise<Bundle> | null = null;

async function build(): Promise<Bundle> {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    entryPoints: [fileURLToPath(new URL('../client/main.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [withoutZodLocales],
  });
  const code = result.outputFiles[0]!.text;
  return { code, gzip: new Uint8Array(gzipSync(code)), etag: `"${createHash('sha256').update(code).digest('hex').slice(0, 20)}"` };
}

export function clientBundle(): Promise<Bundle> {
  pending ??= build().catch((error: unknown) => {
    pending = null; // try again on the next request
    throw error;
  });
  return pending;
}
