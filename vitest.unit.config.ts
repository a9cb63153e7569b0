// `npm run test:unit`: the pure domain rules only, no servers, for fast feedback while editing.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['domain/**/*.test.ts'] } });
