// The heavy loops of the crash and concurrency checks: `npm run test:stress`.
// vitest.config.ts extended (its YAML plugin and defines kept), with only tests/stress/ included,
// one file at a time: each file runs its own processes side by side, and the kill delays are
// calibrated from how long each command takes, which other test files running at once would skew.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['tests/stress/**/*.test.ts'],
    // The base config excludes tests/stress/ (so npm test passes over it): not here.
    exclude: ['**/node_modules/**'],
    env: { ...base.test?.env, IMGPLAN_STRESS: '1' },
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
