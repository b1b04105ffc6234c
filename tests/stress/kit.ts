// Shared by the crash and concurrency tests (the heavy loops in tests/stress/, the fast sample in
// tests/e2e/): run the BUILT binary asynchronously so it can be killed or raced, and look at a
// workspace the way a person would after a crash: every file it holds, and every trace a write in
// progress leaves (temp files, a pending journal step, the lock).
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { assertBuilt, baseEnv, BIN, BUNDLE, makeTemp, ROOT, TODAY } from '../e2e/helpers.js';

export const STRESS_DIR = path.join(ROOT, 'tests', 'stress');
export const OTHER_PROFILE = path.join(ROOT, 'data', 'examples', 'profile-us-citizen-student.yaml');

export interface AsyncResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

export interface Spawned {
  child: ChildProcess;
  started: number;
  result: Promise<AsyncResult>;
}

export interface SpawnOptions {
  /** Overrides of the clean environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Milliseconds before the process is killed as hung (default 30 s). */
  timeout?: number;
}

let frozen: string | undefined;

/**
 * bin/imgplan.cjs as built when the first run starts, copied (with the package.json and data/ it
 * finds beside it): a run takes minutes and compares the workspace with states made at its start,
 * so a rebuild meanwhile (`npm run build` in another terminal) must not mix two versions in it.
 */
export function frozenBin(): string {
  if (frozen) return frozen;
  assertBuilt();
  const dir = makeTemp('frozen-bin');
  for (const sub of ['bin', 'dist']) mkdirSync(path.join(dir, sub));
  copyFileSync(path.join(ROOT, BIN), path.join(dir, BIN));
  copyFileSync(BUNDLE, path.join(dir, 'dist', path.basename(BUNDLE)));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  symlinkSync(path.join(ROOT, 'data'), path.join(dir, 'data'));
  return (frozen = path.join(dir, BIN));
}

/** The bundle that `frozenBin()` loads. */
export const frozenBundle = (): string => path.join(path.dirname(path.dirname(frozenBin())), 'dist', path.basename(BUNDLE));

/** Spawns `node bin/imgplan.cjs --home HOME ...args` in a clean environment (HOME is the workspace's parent). */
export function spawnImgplan(home: string, args: readonly string[], opts: SpawnOptions = {}): Spawned {
  const bin = frozenBin();
  const env: Record<string, string> = baseEnv(path.dirname(home));
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const started = Date.now();
  const child = spawn(process.execPath, [bin, '--home', home, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const hung = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 30_000);
  const result = new Promise<AsyncResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(hung);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, started, result };
}

export const runImgplan = (home: string, args: readonly string[], opts: SpawnOptions = {}): Promise<AsyncResult> => spawnImgplan(home, args, opts).result;

/** Runs and insists on exit 0 with nothing on standard error. */
export async function mustRun(home: string, args: readonly string[], opts: SpawnOptions = {}): Promise<AsyncResult> {
  const r = await runImgplan(home, args, opts);
  if (r.code !== 0 || r.stderr !== '') throw new Error(`imgplan ${args.join(' ')} exited ${r.code ?? r.signal}:\n${r.stderr}${r.stdout.slice(0, 2000)}`);
  return r;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh folder `ws` (not yet created) inside a new temp folder; the temp folder is the run's HOME. */
export function freshHome(label: string): string {
  return path.join(makeTemp(label), 'ws');
}

/** Copies a workspace, modes included, to a fresh home. */
export function copyWorkspace(from: string, label: string): string {
  const to = freshHome(label);
  if (existsSync(from)) cpSync(from, to, { recursive: true });
  return to;
}

const LOCK = '.imgplan.lock';
const isTemp = (name: string): boolean => name.includes('.tmp-');

/** Every path under `dir` (relative, '/'-separated), folders included, sorted. */
export function walk(dir: string): { rel: string; dir: boolean }[] {
  const out: { rel: string; dir: boolean }[] = [];
  const go = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push({ rel: r, dir: e.isDirectory() });
      if (e.isDirectory()) go(r);
    }
  };
  if (existsSync(dir)) go('');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * The state of a workspace: every file's bytes by relative path, the history included, leaving out
 * only what a write in progress leaves behind (temp files, the lock), which `traces` reports.
 */
export function workspaceState(home: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { rel, dir } of walk(home)) {
    if (dir || rel === LOCK || rel.startsWith(`${LOCK}/`) || isTemp(path.basename(rel))) continue;
    out[rel] = readFileSync(path.join(home, rel)).toString('base64');
  }
  return out;
}

/** What a killed write may leave behind. */
export interface Traces {
  temps: string[];
  pending: string[];
  /** History step folders without a committed entry.json (a step cut short). */
  unfinishedSteps: string[];
  lock: boolean;
}

export function traces(home: string): Traces {
  const all = walk(home);
  const steps = all.filter((e) => e.dir && /^\.imgplan\/history\/\d+$/.test(e.rel)).map((e) => e.rel);
  return {
    temps: all.filter((e) => isTemp(path.basename(e.rel))).map((e) => e.rel),
    pending: all.filter((e) => path.basename(e.rel) === 'pending.json').map((e) => e.rel),
    unfinishedSteps: steps.filter((s) => !existsSync(path.join(home, s, 'entry.json'))),
    lock: existsSync(path.join(home, LOCK)),
  };
}

/** Files and folders under `home` (itself included) whose permission bits are not 0600 / 0700. */
export function wrongModes(home: string): string[] {
  const out: string[] = [];
  if (existsSync(home) && (statSync(home).mode & 0o777) !== 0o700) out.push(`. ${(statSync(home).mode & 0o777).toString(8)}`);
  for (const { rel, dir } of walk(home)) {
    const mode = statSync(path.join(home, rel)).mode & 0o777;
    if (mode !== (dir ? 0o700 : 0o600)) out.push(`${rel} ${mode.toString(8)}`);
  }
  return out;
}

/** Parses every .yaml file of the workspace (history copies are checked by state comparison); returns the ones that fail. */
export function unparsableYaml(home: string): string[] {
  const bad: string[] = [];
  for (const { rel, dir } of walk(home)) {
    if (dir || !rel.endsWith('.yaml') || rel.startsWith('.imgplan/history/')) continue;
    try {
      parseYaml(readFileSync(path.join(home, rel), 'utf8'));
    } catch (e) {
      bad.push(`${rel}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return bad;
}

/** Names the differences between two states, for failure messages. */
export function diffStates(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => a[k] !== b[k]).map((k) => `${k}: ${a[k] === undefined ? 'missing' : 'present'} vs ${b[k] === undefined ? 'missing' : 'present'}`);
}

export const sameState = (a: Record<string, string>, b: Record<string, string>): boolean => diffStates(a, b).length === 0;

/** The pinned day of the runs, like the e2e tests. */
export { TODAY };

/** Percentile of a list of numbers (0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Prints a test's figures: one line to quote (`[stress] title: summary`), then the detail as one
 * line of JSON; both are appended to $IMGPLAN_STRESS_REPORT when it is set.
 */
export function report(title: string, summary: string, details: unknown): void {
  const text = `[stress] ${title}: ${summary}\n[stress] ${title} (detail): ${JSON.stringify(details)}\n`;
  process.stdout.write(text);
  if (process.env.IMGPLAN_STRESS_REPORT) appendFileSync(process.env.IMGPLAN_STRESS_REPORT, text);
}
