import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
// @ts-expect-error: plain JavaScript helper shared with the build script
import { yamlToModule } from './scripts/yaml-module.mjs';

export default defineConfig({
  plugins: [
    {
      name: 'yaml-data',
      load(id: string) {
        if (!id.endsWith('.yaml')) return null;
        return (yamlToModule as (s: string, f: string) => string)(readFileSync(id, 'utf8'), id);
      },
    },
  ],
  define: { IMGPLAN_VERSION: JSON.stringify('0.0.0-test') },
  test: {
    include: ['tests/**/*.test.ts'],
    // The heavy loops run apart, in npm run test:stress (vitest.stress.config.ts).
    exclude: ['tests/stress/**', '**/node_modules/**'],
    testTimeout: 20000,
  },
});
