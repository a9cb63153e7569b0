// Prisma 7 configuration. See docs/decisions/0002-prisma-schema-engine-wasm.md for why the schema
// engine is a local Node script instead of Prisma's downloaded native binary.
import { fileURLToPath } from 'node:url';
import { defineConfig, env } from 'prisma/config';

// `prisma migrate|db` spawn the "schema-engine" binary found through this variable. Ours runs
// @prisma/schema-engine-wasm over @prisma/adapter-pg, so nothing has to be downloaded.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL('./scripts/prisma-schema-engine.mjs', import.meta.url),
);

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  // DATABASE_URL is only required by commands that talk to a database: `prisma generate` and
  // `prisma migrate diff --from-empty --to-schema ...` work without it.
  datasource: {
    url: process.env.DATABASE_URL ? env('DATABASE_URL') : undefined,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL ? env('SHADOW_DATABASE_URL') : undefined,
  },
});
