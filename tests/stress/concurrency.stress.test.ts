// The heavy concurrency loop (npm run test:stress): rounds of eight imgplan processes changing one
// plan at once, checked by race.ts. tests/e2e/crash-safety.test.ts runs one round on every `npm test`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, EXAMPLE_PROFILE } from '../e2e/helpers.js';
import { freshHome, mustRun, report } from './kit.js';
import { round, type RoundResult } from './race.js';

/** Rounds where a refused writer gives up, and rounds where it tries again until it lands. */
const ONCE = Number(process.env.IMGPLAN_STRESS_ROUNDS ?? 4);
const RETRY = Number(process.env.IMGPLAN_STRESS_RETRY_ROUNDS ?? 1);

/** Set by vitest.stress.config.ts: the plain `vitest run` of `npm test` passes over these loops. */
const STRESS = process.env.IMGPLAN_STRESS === '1';

afterAll(cleanupTemps);

let template = '';
beforeAll(async () => {
  if (!STRESS) return;
  template = freshHome('race-template');
  await mustRun(template, ['init', '--profile', EXAMPLE_PROFILE]);
});

const sum = (rs: RoundResult[], k: keyof RoundResult) => rs.reduce((n, r) => n + r[k], 0);

describe.runIf(STRESS)('eight processes changing the same plan at once', () => {
  it(`land their change or fail clearly with nothing of it written, ${ONCE} rounds`, async () => {
    const results: RoundResult[] = [];
    // Half the rounds start all eight together, half spread their starts over 600 ms.
    for (let r = 0; r < ONCE; r++) results.push(await round(template, r, { stagger: r % 2 ? 600 : 0 }));
    report('concurrency figures (refused writers give up)', {
      rounds: ONCE,
      writes: ONCE * 8,
      landed: sum(results, 'landed'),
      refusedChangedSince: sum(results, 'changed'),
      refusedBusy: sum(results, 'busy'),
      roundSeconds: results.map((r) => Math.round(r.ms / 100) / 10),
    });
    expect(sum(results, 'landed')).toBeGreaterThanOrEqual(ONCE);
  });

  it(`every one of them lands when refused writers try again, ${RETRY} rounds`, async () => {
    const results: RoundResult[] = [];
    for (let r = 0; r < RETRY; r++) results.push(await round(template, 100 + r, { retry: true }));
    report('concurrency figures (refused writers try again)', {
      rounds: RETRY,
      writes: RETRY * 8,
      landed: sum(results, 'landed'),
      attempts: sum(results, 'attempts'),
      refusedChangedSince: sum(results, 'changed'),
      refusedBusy: sum(results, 'busy'),
      roundSeconds: results.map((r) => Math.round(r.ms / 100) / 10),
    });
    expect(sum(results, 'landed')).toBe(RETRY * 8);
  });
});
