// The fast sample of the crash and concurrency checks, on every `npm test` (the heavy loops are in
// tests/stress/, `npm run test:stress`): ten SIGKILLs during writes, eight writers at once, and a
// hand edit made while imgplan is between reading a file and replacing it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { killOnce, prepare, SCENARIOS, sharedWorkspace, type KillAt, type Prepared } from '../stress/crash.js';
import { freshHome, mustRun, traces, workspaceState } from '../stress/kit.js';
import { editWhilePaused, round } from '../stress/race.js';
import { cleanupTemps, EXAMPLE_PROFILE } from './helpers.js';

afterAll(cleanupTemps);
// Each kill runs imgplan three times (about 0.3 s each, more on a busy machine).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe('SIGKILL during a write (a sample; npm run test:stress kills 200+ times)', () => {
  let prepared: Prepared[] = [];
  beforeAll(async () => {
    const shared = await sharedWorkspace();
    // Five files in one step, a replace of the whole workspace, and an undo.
    prepared = await Promise.all(['exam passed', 'init --force', 'undo'].map((name) => prepare(SCENARIOS.find((s) => s.name === name)!, shared)));
  });

  it('leaves the workspace as before or as after, ten times', async () => {
    const landed: string[] = [];
    for (let i = 0; i < 10; i++) {
      const p = prepared[i % prepared.length]!;
      // In turn: just before a disk call of the write, while the lock is held, anywhere in the run.
      const at: KillAt =
        i % 3 === 0 ? { from: 'op', op: 1 + Math.floor(Math.random() * p.ops) } : { from: i % 3 === 1 ? 'lock' : 'start', delay: Math.round(Math.random() * (i % 3 === 1 ? p.writing : p.duration)) };
      landed.push((await killOnce(p, at)).landed);
    }
    expect(landed).toHaveLength(10);
  });
});

describe('eight imgplan processes changing one plan at once', () => {
  it('each lands its change or is refused clearly, losing nothing', async () => {
    const template = freshHome('race-template');
    await mustRun(template, ['init', '--profile', EXAMPLE_PROFILE]);
    const r = await round(template, 0);
    expect(r.landed).toBeGreaterThanOrEqual(1);
    expect(r.landed + r.busy).toBe(8);
  });
});

describe('a file edited by another program while imgplan works', () => {
  const workspace = async () => {
    const home = freshHome('hand-edit');
    await mustRun(home, ['init', '--profile', EXAMPLE_PROFILE]);
    await mustRun(home, ['plan', 'new', 'match-2029', '--match-year', '2029']);
    return home;
  };

  for (const [at, when] of [
    ['lock', 'after imgplan read it, before the lock'],
    ['write', 'after imgplan checked it under the lock, before anything is written'],
  ] as const)
    it(`is detected, not overwritten, when edited ${when}`, async () => {
      const home = await workspace();
      const file = path.join(home, 'plans', 'match-2028.yaml');
      const before = workspaceState(home);
      let edited = '';
      const r = await editWhilePaused(home, ['note', 'rotation-1', 'Dr. Adeyemi supervises'], at, () => {
        edited = readFileSync(file, 'utf8').replace('  - id: rotation-1\n', '  # moved to June, says the coordinator\n  - id: rotation-1\n');
        writeFileSync(file, edited);
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/match-2028\.yaml changed since imgplan read it/);
      expect(r.stderr).toContain('nothing was written');
      expect(readFileSync(file, 'utf8')).toBe(edited);
      // Nothing else changed: no history step, no temp file, no lock.
      expect(workspaceState(home)).toEqual({ ...before, 'plans/match-2028.yaml': Buffer.from(edited).toString('base64') });
      expect(traces(home)).toEqual({ temps: [], pending: [], unfinishedSteps: [], lock: false });
    });

  it('is detected midway through a change of several files, and the files already replaced are put back', async () => {
    const home = await workspace();
    const other = path.join(home, 'plans', 'match-2029.yaml');
    const before = workspaceState(home);
    let edited = '';
    // exam replaces the profile, then each plan and its base: pause as the first plan is replaced
    // (the profile is new by then) and edit the second plan.
    const r = await editWhilePaused(home, ['exam', 'oet', '--result', 'passed', '--date', '2026-11-20'], 'replace:match-2028.yaml', () => {
      expect(readFileSync(path.join(home, 'profile.yaml'), 'utf8')).toMatch(/oet:\s+\{ status: passed/);
      edited = `${readFileSync(other, 'utf8')}# my own notes\n`;
      writeFileSync(other, edited);
    });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/match-2029\.yaml changed since imgplan read it/);
    expect(workspaceState(home)).toEqual({ ...before, 'plans/match-2029.yaml': Buffer.from(edited).toString('base64') });
    expect(traces(home)).toEqual({ temps: [], pending: [], unfinishedSteps: [], lock: false });
  });
});
