// Golden files under tests/golden/: compared byte for byte; UPDATE_GOLDEN=1 rewrites them.
import { expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'golden');

export function expectGolden(name: string, actual: string): void {
  const file = path.join(DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual, 'utf8');
  }
  expect(existsSync(file), `${file} is missing: run the test with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(Buffer.from(actual, 'utf8').equals(readFileSync(file)), `${name} differs from its golden file (UPDATE_GOLDEN=1 refreshes it)`).toBe(true);
}
