// Kills imgplan with SIGKILL at random moments during every kind of write and checks what a person
// would find afterwards: a workspace that loads, equal to the state before the command or the state
// after it (files and history alike), never a torn file, and no temp file or pending journal step
// left once the next command has run.
//
// Each write command has a scenario: a workspace to start from (the "before" template) and the
// command. The "after" state is the template with the command run to completion (on a copy, with
// the same pinned day). What `show --json` and `status --json` print for each state is recorded
// too, so after a kill both must print exactly what they print for the state the workspace is in.
//
// Where a kill lands: most kills are aimed by kill-at.cjs just before the n-th call that changes
// the disk (n drawn from the calls the command makes when left alone), so every step of a write is
// hit, however short; the others come from a timer, at a random moment of the whole run or after
// the lock appears, as a crash would.
import { expect } from 'vitest';
import path from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { EXAMPLE_PROFILE, ROOT, makeTemp } from '../e2e/helpers.js';
import {
  copyWorkspace,
  diffStates,
  freshHome,
  mustRun,
  OTHER_PROFILE,
  percentile,
  runImgplan,
  STRESS_DIR,
  sameState,
  sleep,
  spawnImgplan,
  traces,
  unparsableYaml,
  workspaceState,
  wrongModes,
  type AsyncResult,
} from './kit.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface Scenario {
  name: string;
  args: string[];
  /** Builds the "before" workspace from the shared one (already initialised, with a what-if plan). */
  prepare?: (home: string) => Promise<void>;
  /** Start from no workspace at all. */
  empty?: boolean;
}

/** Every kind of write imgplan makes. */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'init --profile', args: ['init', '--profile', EXAMPLE_PROFILE], empty: true },
  {
    name: 'init --force',
    args: ['init', '--profile', OTHER_PROFILE, '--force'],
    prepare: async (home) => {
      await mustRun(home, ['done', 'exam-oet-study']);
    },
  },
  { name: 'done', args: ['done', 'exam-oet-study'] },
  { name: 'skip', args: ['skip', 'outreach-rotation-3'] },
  { name: 'reopen', args: ['reopen', 'ecfmg-credentials'], prepare: async (home) => void (await mustRun(home, ['done', 'ecfmg-credentials'])) },
  { name: 'note', args: ['note', 'ecfmg-credentials', 'Registrar says 3 weeks; call again on Monday'] },
  { name: 'add', args: ['add', 'Visa interview in Lagos', '--date', '2027-02-03', '--end', '2027-02-04'] },
  { name: 'move', args: ['move', 'rotation-2', '2027-06-07'] },
  { name: 'exam passed', args: ['exam', 'oet', '--result', 'passed', '--date', '2026-11-20', '--score', '410'] },
  { name: 'exam failed', args: ['exam', 'step2ck', '--result', 'failed', '--date', '2026-11-20'] },
  { name: 'exam scheduled', args: ['exam', 'step2ck', '--result', 'scheduled', '--date', '2027-05-04'] },
  {
    name: 'regenerate',
    args: ['regenerate'],
    // A hand edit of the profile, which regenerate then carries into the plan.
    prepare: async (home) => {
      const file = path.join(home, 'profile.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('weeksPerExternship: 4', 'weeksPerExternship: 6'));
    },
  },
  { name: 'plan new', args: ['plan', 'new', 'long-rotations', '--weeks', '8', '--externships', '2'] },
  { name: 'plan new --force', args: ['plan', 'new', 'match-2029', '--match-year', '2029', '--externships', '2', '--force'] },
  { name: 'undo', args: ['undo'], prepare: async (home) => void (await mustRun(home, ['note', 'rotation-1', 'Dr. Adeyemi supervises'])) },
  { name: 'letters add', args: ['letters', 'add', '--writer', 'Sarah Chen', '--title', 'Dr.', '--rotation', 'rotation-1', '--stage', 'requested', '--date', '2026-11-20'] },
  { name: 'letters update', args: ['letters', 'update', 'letter-1', '--stage', 'received', '--date', '2026-11-24'], prepare: async (home) => void (await mustRun(home, ['letters', 'add', '--writer', 'Sarah Chen', '--rotation', 'rotation-1', '--stage', 'requested', '--date', '2026-11-20'])) },
  { name: 'log add --from', args: ['log', 'add', '--from', path.join(STRESS_DIR, 'fixtures', 'log-entry.yaml')] },
  { name: 'outreach add', args: ['outreach', 'add', "St. Mary's Hospital", '--contact', 'Dr. Ada Lee', '--date', '2026-11-20'] },
  {
    name: 'outreach update',
    args: ['outreach', 'update', 'outreach-1', '--status', 'confirmed', '--start', '2027-03-01', '--end', '2027-03-26', '--rotation', 'rotation-2'],
    prepare: async (home) => void (await mustRun(home, ['outreach', 'add', "St. Mary's Hospital", '--date', '2026-11-20'])),
  },
  {
    name: 'vet',
    args: ['vet', 'outreach-1', '--run-by', 'company', '--hands-on', 'yes', '--supervised', 'unknown', '--fee', '2500', '--covers', 'emr', '--reviews', 'no', '--promises-residency', 'yes'],
    prepare: async (home) => void (await mustRun(home, ['outreach', 'add', 'Global Rotations Inc', '--channel', 'portal', '--fee', '2500', '--date', '2026-11-20'])),
  },
  { name: 'programs import', args: ['programs', 'import', path.join(ROOT, 'tests', 'fixtures', 'programs-fictional.csv')] },
  { name: 'budget spend', args: ['budget', 'spend', 'eras-token', '165', '--date', '2026-11-20', '--note', 'token bought'] },
];

const KILL_AT = path.join(STRESS_DIR, 'kill-at.cjs');
const killAtEnv = (vars: Record<string, string>) => ({ NODE_OPTIONS: `--require ${KILL_AT}`, ...vars });

/** What the read commands print for one state of the workspace. */
interface Reading {
  show: { code: number | null; stdout: string };
  status: { code: number | null; stdout: string };
}

export interface Prepared {
  scenario: Scenario;
  template: string;
  before: Record<string, string>;
  after: Record<string, string>;
  readings: { before: Reading; after: Reading };
  /** How long the command takes when left alone (ms). */
  duration: number;
  /** From the lock's appearance to the exit (ms): the writing part. */
  writing: number;
  /** The calls changing the disk that the command makes (kill-at.cjs). */
  ops: number;
}

const readings = new Map<string, Promise<Reading>>();

/** What show --json and status --json print for the workspace in `home` (cached by its state). */
function read(home: string): Promise<Reading> {
  const key = sha256(JSON.stringify(workspaceState(home)));
  let reading = readings.get(key);
  if (!reading) {
    reading = Promise.all([runImgplan(home, ['show', '--json']), runImgplan(home, ['status', '--json'])]).then(([show, status]) => ({
      show: { code: show.code, stdout: show.stdout },
      status: { code: status.code, stdout: status.stdout },
    }));
    readings.set(key, reading);
  }
  return reading;
}

/** The shared starting workspace: initialised from the example profile, plus a what-if plan. */
export async function sharedWorkspace(): Promise<string> {
  const home = freshHome('crash-shared');
  await mustRun(home, ['init', '--profile', EXAMPLE_PROFILE]);
  await mustRun(home, ['plan', 'new', 'match-2029', '--match-year', '2029']);
  return home;
}

export async function prepare(scenario: Scenario, shared: string): Promise<Prepared> {
  const template = scenario.empty ? freshHome('crash-template') : copyWorkspace(shared, 'crash-template');
  await scenario.prepare?.(template);
  const before = workspaceState(template);
  const home = copyWorkspace(template, 'crash-after');
  const counted = path.join(makeTemp('crash-count'), 'ops');
  const run = spawnImgplan(home, scenario.args, { env: killAtEnv({ IMGPLAN_KILL_COUNT: counted }) });
  const locked = seen(path.join(home, '.imgplan.lock'), run.started);
  const r = await run.result;
  locked.stop();
  expect({ code: r.code, stderr: r.stderr }, scenario.name).toEqual({ code: 0, stderr: '' });
  const after = workspaceState(home);
  expect(sameState(before, after), `${scenario.name} must change the workspace`).toBe(false);
  const [readBefore, readAfter] = await Promise.all([read(copyWorkspace(template, 'crash-read')), read(home)]);
  return {
    scenario,
    template,
    before,
    after,
    readings: { before: readBefore, after: readAfter },
    duration: r.ms,
    // A short step (undo) may take and release the lock between two looks: then its last quarter.
    writing: locked.at === null ? Math.round(r.ms / 4) : r.ms - locked.at,
    ops: Number(readFileSync(counted, 'utf8')),
  };
}

/** Watches for `file` to appear (polling every millisecond); `at` is ms since `since`. */
function seen(file: string, since: number): { at: number | null; stop: () => void; seen: Promise<void> } {
  let resolve!: () => void;
  const out = { at: null as number | null, stop: () => clearInterval(timer), seen: new Promise<void>((r) => (resolve = r)) };
  const timer = setInterval(() => {
    if (existsSync(file)) {
      out.at = Date.now() - since;
      clearInterval(timer);
      resolve();
    }
  }, 1);
  return out;
}

export type Landed = 'before' | 'after';

/** When to kill: just before the `op`-th call changing the disk, or `delay` ms after the start or after the lock appears. */
export type KillAt = { from: 'op'; op: number } | { from: 'start' | 'lock'; delay: number };

const describeKill = (at: KillAt): string => (at.from === 'op' ? `just before its disk call #${at.op}` : `${at.delay} ms after the ${at.from}`);

export interface KillOutcome {
  scenario: string;
  at: KillAt;
  /** False when the command finished before the kill arrived. */
  killed: boolean;
  landed: Landed;
  /** What the kill left behind, before the next command ran: a pending step (to roll back), an undo to finish, ... */
  left: { pending: boolean; undoDone: boolean; temps: number; unfinishedStep: boolean; lock: boolean };
  /** Time the next start (show) took, which may include breaking a dead lock and a roll-back. */
  recoverMs: number;
}

const expectReading = (what: string, r: AsyncResult, want: { code: number | null; stdout: string }) => {
  expect(r.signal, `${what} was killed: ${r.stderr}`).toBe(null);
  expect({ code: r.code, stderr: r.code === want.code ? '' : r.stderr }, what).toEqual({ code: want.code, stderr: '' });
  expect(r.stdout === want.stdout, `${what} printed other data than for this state`).toBe(true);
};

/**
 * One kill of `p`'s command, and every check of what it leaves. The next start is `show --json`;
 * with `alsoStatus`, `status --json` after it must print what it prints for the same state too.
 */
export async function killOnce(p: Prepared, at: KillAt, alsoStatus = true): Promise<KillOutcome> {
  const home = copyWorkspace(p.template, 'crash');
  const run = spawnImgplan(home, p.scenario.args, at.from === 'op' ? { env: killAtEnv({ IMGPLAN_KILL_AT: String(at.op) }) } : {});
  const exited = run.result.then(() => {});
  if (at.from === 'lock') {
    const mark = seen(path.join(home, '.imgplan.lock'), run.started);
    await Promise.race([mark.seen, exited]);
    mark.stop();
    if (mark.at !== null) await Promise.race([sleep(at.delay), exited]);
  } else if (at.from === 'start') await Promise.race([sleep(Math.max(0, at.delay - (Date.now() - run.started))), exited]);
  else await exited;
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  const r = await run.result;
  const killed = r.signal === 'SIGKILL';
  if (!killed) expect({ code: r.code, stderr: r.stderr }, `${p.scenario.name} finished before the kill`).toEqual({ code: 0, stderr: '' });
  const t = traces(home);
  // An undo is done once the step it reverses has left the history, its pending record still there.
  const undoes = t.pending.map((f) => (JSON.parse(readFileSync(path.join(home, f), 'utf8')) as { undoes?: number }).undoes).find((u) => u !== undefined);
  const undoDone = undoes !== undefined && !existsSync(path.join(home, '.imgplan', 'history', String(undoes).padStart(6, '0'), 'entry.json'));
  const left = { pending: t.pending.length > 0 && !undoDone, undoDone, temps: t.temps.length, unfinishedStep: t.unfinishedSteps.length > 0, lock: t.lock };
  const context = `${p.scenario.name}, killed ${describeKill(at)} (left: ${JSON.stringify(t)})`;

  // The next start: show (which only reads), then status. Each must load the workspace as it was before or after.
  const show = await runImgplan(home, ['show', '--json']);
  const status = alsoStatus ? await runImgplan(home, ['status', '--json']) : null;
  const state = workspaceState(home);
  expect(unparsableYaml(home), context).toEqual([]);
  const landed: Landed | null = sameState(state, p.before) ? 'before' : sameState(state, p.after) ? 'after' : null;
  if (landed === null) {
    const nearer = diffStates(state, p.before).length <= diffStates(state, p.after).length ? 'before' : 'after';
    expect.fail(
      `${context}: the workspace is neither as before nor as after; against ${nearer}: ${diffStates(state, p[nearer]).join('; ')}` +
        ` (show exited ${show.code}: ${show.stderr.trim()}${status ? `; status exited ${status.code}: ${status.stderr.trim()}` : ''})`,
    );
  }
  if (!killed) expect(landed, `${context}: finished (${r.ms} ms) without being killed, printing ${JSON.stringify(r.stdout.slice(0, 300))}`).toBe('after');
  // A step whose journal was still pending is rolled back, never half kept; an undo past its last step is finished.
  if (left.pending) expect(landed, context).toBe('before');
  if (left.undoDone) expect(landed, context).toBe('after');
  expectReading(`show --json after ${context}`, show, p.readings[landed].show);
  if (status) expectReading(`status --json after ${context}`, status, p.readings[landed].status);

  // After the next successful command nothing of the killed write is left.
  if (show.code !== 0 && status?.code !== 0) {
    const history = await runImgplan(home, ['history', '--json']);
    expect({ code: history.code, stderr: history.stderr }, context).toEqual({ code: 0, stderr: '' });
  }
  const after = traces(home);
  expect({ temps: after.temps, pending: after.pending, unfinishedSteps: after.unfinishedSteps }, context).toEqual({ temps: [], pending: [], unfinishedSteps: [] });
  expect(wrongModes(home), context).toEqual([]);
  return { scenario: p.scenario.name, at, killed, landed, left, recoverMs: show.ms };
}

/**
 * Three kills in five just before a disk call of the command (uniform over the calls it makes), one
 * at a uniform moment of the whole run, one in the writing part (after the lock appears). The spans
 * are measured on an undisturbed run, so some timed kills come after the exit.
 */
export function pickKill(p: Prepared, random: () => number = Math.random): KillAt {
  const r = random();
  if (r < 0.6) return { from: 'op', op: 1 + Math.floor(random() * p.ops) };
  return { from: r < 0.8 ? 'start' : 'lock', delay: Math.round(random() * (r < 0.8 ? p.duration : p.writing)) };
}

export interface Figures {
  attempts: number;
  kills: number;
  /** Kills just before a disk call, and by a timer. */
  killsAtDiskCalls: number;
  killsByTimer: number;
  finishedFirst: number;
  before: number;
  after: number;
  rolledBack: number;
  undosFinished: number;
  tempsLeft: number;
  unfinishedSteps: number;
  locksLeft: number;
  recoverP95: number;
  byScenario: Record<string, { kills: number; before: number; after: number; rolledBack: number }>;
}

export function figures(outcomes: readonly KillOutcome[]): Figures {
  const kills = outcomes.filter((o) => o.killed);
  const byScenario: Figures['byScenario'] = {};
  for (const o of kills) {
    const s = (byScenario[o.scenario] ??= { kills: 0, before: 0, after: 0, rolledBack: 0 });
    s.kills++;
    s[o.landed]++;
    if (o.left.pending) s.rolledBack++;
  }
  return {
    attempts: outcomes.length,
    kills: kills.length,
    killsAtDiskCalls: kills.filter((o) => o.at.from === 'op').length,
    killsByTimer: kills.filter((o) => o.at.from !== 'op').length,
    finishedFirst: outcomes.length - kills.length,
    before: kills.filter((o) => o.landed === 'before').length,
    after: kills.filter((o) => o.landed === 'after').length,
    rolledBack: kills.filter((o) => o.left.pending).length,
    undosFinished: kills.filter((o) => o.left.undoDone).length,
    tempsLeft: kills.filter((o) => o.left.temps > 0).length,
    unfinishedSteps: kills.filter((o) => o.left.unfinishedStep).length,
    locksLeft: kills.filter((o) => o.left.lock).length,
    recoverP95: percentile(
      kills.map((o) => o.recoverMs),
      95,
    ),
    byScenario,
  };
}
