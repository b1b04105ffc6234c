// Eight imgplan processes changing one plan at once (done, skip, note, add and an exam result).
// Each must land its change or fail with a clear "busy" (exit 1) and leave nothing of it;
// in the end every change whose process exited 0 is in the plan or profile, no other is, nothing
// else was lost, and the history holds one step per successful command. "Nothing else was lost"
// is checked by replaying the successful commands one by one, in the history's order, on a copy of
// the starting workspace: the result must be the same, byte for byte, history included.
import { expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { makeTemp } from '../e2e/helpers.js';
import { copyWorkspace, diffStates, mustRun, sleep, spawnImgplan, STRESS_DIR, traces, workspaceState, wrongModes, type AsyncResult } from './kit.js';

interface TaskData {
  id: string;
  title: string;
  status: string;
  note?: string;
}

interface Found {
  tasks: TaskData[];
  exams: Record<string, { status?: string; date?: string } | undefined>;
}

export interface Writer {
  args: string[];
  /** The label of its step in the history. */
  label: string;
  /** Whether its change is in the workspace. */
  landed: (found: Found) => boolean;
}

const task = (f: Found, id: string): TaskData | undefined => f.tasks.find((t) => t.id === id);
const slug = (title: string) => `custom-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;

/** The eight writers of round `r`: different tasks, so that every one of them can land. */
export function writers(r: number): Writer[] {
  const status = (verb: 'done' | 'skip', id: string, want: string): Writer => ({ args: [verb, id], label: `${verb} ${id}`, landed: (f) => task(f, id)?.status === want });
  const note = (id: string, text: string): Writer => ({ args: ['note', id, text], label: `note ${id}`, landed: (f) => task(f, id)?.note === text });
  const add = (title: string, date: string): Writer => ({ args: ['add', title, '--date', date], label: `add ${slug(title)}`, landed: (f) => f.tasks.some((t) => t.title === title) });
  const examDate = `2027-05-${String(3 + (r % 20)).padStart(2, '0')}`;
  return [
    status('done', 'exam-oet-study', 'done'),
    status('skip', 'outreach-rotation-3', 'skipped'),
    note('ecfmg-credentials', `Registrar says 3 weeks (round ${r})`),
    add(`Call Dr Lee r${r}`, '2026-12-02'),
    status('done', 'eras-token', 'done'),
    note('rotation-1', `Dr Adeyemi supervises (round ${r})`),
    add(`Visa interview r${r}`, '2027-02-03'),
    {
      args: ['exam', 'step2ck', '--result', 'scheduled', '--date', examDate],
      label: `exam step2ck scheduled ${examDate}`,
      landed: (f) => f.exams.step2ck?.status === 'scheduled' && f.exams.step2ck.date === examDate,
    },
  ];
}

function found(home: string): Found {
  const plan = parseYaml(readFileSync(path.join(home, 'plans', 'match-2028.yaml'), 'utf8')) as { tasks: TaskData[] };
  const profile = parseYaml(readFileSync(path.join(home, 'profile.yaml'), 'utf8')) as { exams: Found['exams'] };
  return { tasks: plan.tasks, exams: profile.exams };
}

/** The labels of the committed history steps, oldest first. */
function historyLabels(home: string): string[] {
  const state = workspaceState(home);
  return Object.keys(state)
    .filter((f) => /^\.imgplan\/history\/\d+\/entry\.json$/.test(f))
    .sort()
    .map((f) => (JSON.parse(Buffer.from(state[f]!, 'base64').toString('utf8')) as { label: string }).label);
}


export interface RoundResult {
  landed: number;
  busy: number;
  attempts: number;
  ms: number;
}

/**
 * One round on a fresh copy of `template`: the eight writers start together (each after a random
 * wait of up to `stagger` ms). With `retry`, a refused writer runs again until it lands.
 */
export async function round(template: string, r: number, opts: { stagger?: number; retry?: boolean } = {}): Promise<RoundResult> {
  const started = Date.now();
  const home = copyWorkspace(template, 'race');
  const before = historyLabels(home);
  const ws = writers(r);
  const tally = { busy: 0, attempts: 0 };
  const outcomes = await Promise.all(
    ws.map(async (w) => {
      await sleep(Math.random() * (opts.stagger ?? 0));
      for (let attempt = 1; ; attempt++) {
        tally.attempts++;
        const res: AsyncResult = await spawnImgplan(home, w.args).result;
        const what = `imgplan ${w.args.join(' ')} (round ${r}, attempt ${attempt})`;
        if (res.code === 0) {
          expect(res.stderr, what).toBe('');
          return true;
        }
        // Only imgplans write here: a refusal must say busy, never blame an edit in another window.
        expect({ code: res.code, busy: /is busy: another imgplan/.test(res.stderr) }, `${what}: ${res.stderr}`).toEqual({ code: 1, busy: true });
        tally.busy++;
        if (!opts.retry) return false;
        expect(attempt, `${what} never landed`).toBeLessThan(40);
      }
    }),
  );

  // Every change that exited 0 is there, and no other.
  const f = found(home);
  ws.forEach((w, i) => expect(w.landed(f), `${w.label} exited ${outcomes[i] ? 0 : 1} (round ${r})`).toBe(outcomes[i]));
  // One history step per successful command.
  const steps = historyLabels(home);
  expect(steps.slice(0, before.length)).toEqual(before);
  const added = steps.slice(before.length);
  expect([...added].sort()).toEqual(ws.filter((_, i) => outcomes[i]).map((w) => w.label).sort());
  // Nothing was lost: the successful commands replayed one at a time give the same workspace.
  const replay = copyWorkspace(template, 'race-replay');
  for (const label of added) await mustRun(replay, ws.find((w) => w.label === label)!.args);
  expect(diffStates(workspaceState(home), workspaceState(replay)), `round ${r}: the workspace differs from the successful commands replayed one by one`).toEqual([]);
  const t = traces(home);
  expect({ temps: t.temps, pending: t.pending, unfinished: t.unfinishedSteps, lock: t.lock }).toEqual({ temps: [], pending: [], unfinished: [], lock: false });
  expect(wrongModes(home)).toEqual([]);
  return { landed: outcomes.filter(Boolean).length, busy: tally.busy, attempts: tally.attempts, ms: Date.now() - started };
}

/**
 * Runs `args` stopped by pause-write.cjs at `at` (lock, write or replace:NAME, see there); while
 * it waits, `edit` runs, as another program editing a file would; then the command goes on.
 */
export async function editWhilePaused(home: string, args: string[], at: string, edit: () => void): Promise<AsyncResult> {
  const signals = makeTemp('pause');
  const preload = path.join(STRESS_DIR, 'pause-write.cjs');
  const run = spawnImgplan(home, args, { env: { NODE_OPTIONS: `--require ${preload}`, IMGPLAN_PAUSE_DIR: signals, IMGPLAN_PAUSE_AT: at } });
  const exited = run.result.then(() => true);
  while (!existsSync(path.join(signals, 'paused'))) {
    if (await Promise.race([exited, sleep(5).then(() => false)])) throw new Error(`imgplan ${args.join(' ')} ended before pausing at ${at}: ${(await run.result).stderr}`);
  }
  edit();
  writeFileSync(path.join(signals, 'go'), '');
  return run.result;
}
