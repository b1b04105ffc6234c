// The heavy kill loop (npm run test:stress): at least 200 SIGKILLs, spread over every kind of write
// imgplan makes, each followed by the checks of crash.ts. tests/e2e/crash-safety.test.ts runs a
// small sample of the same on every `npm test`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps } from '../e2e/helpers.js';
import { report } from './kit.js';
import { figures, killOnce, pickKill, prepare, SCENARIOS, sharedWorkspace, type KillOutcome, type Prepared } from './crash.js';

/** Kills wanted, in all; spread evenly over the scenarios. */
const KILLS = Number(process.env.IMGPLAN_STRESS_KILLS ?? 210);
/** Only these scenarios (comma-separated names), when chasing one failure. */
const ONLY = process.env.IMGPLAN_STRESS_ONLY?.split(',');
/** Kills run side by side (each in its own workspace). */
const PARALLEL = 2;

/** Set by vitest.stress.config.ts: the plain `vitest run` of `npm test` passes over these loops. */
const STRESS = process.env.IMGPLAN_STRESS === '1';

afterAll(cleanupTemps);

let prepared: Prepared[] = [];
let prepareMs = 0;

beforeAll(async () => {
  if (!STRESS) return;
  const started = Date.now();
  const shared = await sharedWorkspace();
  const scenarios = SCENARIOS.filter((s) => !ONLY || ONLY.includes(s.name));
  const queue = [...scenarios];
  const out: Prepared[] = [];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) out.push(await prepare(s, shared));
    }),
  );
  prepared = scenarios.map((s) => out.find((p) => p.scenario === s)!);
  prepareMs = Date.now() - started;
}, 180_000);

describe.runIf(STRESS)('SIGKILL at random moments during every kind of write', () => {
  it(`leaves the workspace as before or as after the command, ${KILLS}+ times`, async () => {
    const started = Date.now();
    const perScenario = Math.ceil(KILLS / prepared.length);
    const kills = new Map(prepared.map((p) => [p, 0]));
    const attempts = new Map(prepared.map((p) => [p, 0]));
    const outcomes: KillOutcome[] = [];
    // The scenario furthest from its share of kills goes next; a run that finished before the kill
    // does not count, so the delays may overshoot without costing kills.
    const next = (): Prepared | undefined =>
      prepared.filter((p) => kills.get(p)! < perScenario && attempts.get(p)! < perScenario * 3).sort((a, b) => kills.get(a)! - kills.get(b)!)[0];
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        for (let p = next(); p; p = next()) {
          attempts.set(p, attempts.get(p)! + 1);
          // Counted before the run so the other worker sees it; taken back if the command finished first.
          kills.set(p, kills.get(p)! + 1);
          // status --json checked after every third kill: show --json is the next start each time.
          const o = await killOnce(p, pickKill(p), attempts.get(p)! % 3 === 1);
          if (!o.killed) kills.set(p, kills.get(p)! - 1);
          outcomes.push(o);
        }
      }),
    );
    const f = figures(outcomes);
    const seconds = (ms: number) => Math.round(ms / 100) / 10;
    report(
      'kills',
      `${f.kills} SIGKILLs survived over ${prepared.length} kinds of write (${f.killsAtDiskCalls} just before a disk call, ${f.killsByTimer} by a timer; ` +
        `${f.finishedFirst} runs finished before their timer): ${f.before} left the state before, ${f.after} the state after, 0 torn; ` +
        `${f.rolledBack} interrupted steps rolled back, ${f.undosFinished} undos finished, ${f.tempsLeft} kills left temp files and ${f.locksLeft} a lock, all cleared at the next start ` +
        `(p95 ${f.recoverP95} ms); ${seconds(prepareMs)} s to prepare, ${seconds(Date.now() - started)} s of kills`,
      { ...f, scenarios: Object.fromEntries(prepared.map((p) => [p.scenario.name, { runMs: p.duration, writingMs: p.writing, diskCalls: p.ops }])) },
    );
    expect(f.kills).toBeGreaterThanOrEqual(KILLS);
    for (const p of prepared) expect(f.byScenario[p.scenario.name]?.kills, p.scenario.name).toBeGreaterThanOrEqual(perScenario);
    // The kills must reach into the writes: some interrupt a journaled step, and some land after
    // it, for the figures to say anything about the middle.
    expect(f.rolledBack).toBeGreaterThan(0);
    expect(f.after).toBeGreaterThan(0);
    expect(f.before).toBeGreaterThan(0);
  }, 600_000);
});
