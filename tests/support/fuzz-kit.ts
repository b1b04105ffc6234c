// The machinery of the fuzz tests (tests/e2e/fuzz.test.ts, the seeded sample run on every `npm
// test`, and tests/stress/fuzz.stress.test.ts, the heavy loops): a job prepares its own folder and
// gives a command line; the built binary runs it, in a process of its own or many to a process
// through the bundle's main() (BATCH); the outcome is checked against what any input must give
// (exit 2 with a clear message, or 0, never a signal, a stack trace, a hang or a refused command
// that changed the disk). Also the plain "spawn node, capture its output, kill it when hung" that
// the error catalogue uses.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STACK_FRAME, baseEnv, makeTemp } from '../e2e/helpers.js';

/** Milliseconds a fuzzed run may take before it counts as hung. */
export const RUN_TIMEOUT = 20_000;

export interface Job {
  /** What was tried, for the failure report. */
  label: string;
  /** Prepares <dir> (a fresh folder) and returns the command line to run there. */
  setup: (dir: string) => { argv: string[]; env?: Record<string, string | undefined> };
  /** Commands that only read: the disk must be unchanged even when they succeed. */
  readOnly?: boolean;
  /** Exit codes allowed besides 2 (0 by default: the input may happen to be valid). */
  allow?: number[];
}

/** What one run gave. */
export interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface Outcome<J extends Job = Job> extends Ran {
  job: J;
  argv: string[];
  /** Entries of the job's folder that differ from before the run. */
  changed: string[];
}

export interface Prepared<J extends Job = Job> {
  job: J;
  dir: string;
  argv: string[];
  env: Record<string, string>;
  before: Map<string, string>;
}

/** Type, mode, mtime and a hash of the bytes of every entry under `dir`. */
export function diskState(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const st = lstatSync(path.join(dir, rel));
    if (st.isDirectory()) {
      out.set(rel || '.', `dir ${st.mode} ${st.mtimeMs}`);
      for (const name of readdirSync(path.join(dir, rel))) walk(path.join(rel, name));
    } else if (st.isFile()) out.set(rel, `file ${st.mode} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(path.join(dir, rel))).digest('hex')}`);
    else out.set(rel, `other ${st.mode} ${st.mtimeMs}`);
  };
  walk('');
  return out;
}

/** The keys whose values differ between two disk states, sorted. */
export const differences = (a: Map<string, string>, b: Map<string, string>): string[] => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();

/** A string quoted for a failure message, cut at `max` characters. */
export const show = (s: string, max = 300): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/** Sets up `job` in `dir` (created when missing) and records the folder's state before the run. */
export function prepare<J extends Job>(job: J, dir: string): Prepared<J> {
  mkdirSync(dir, { recursive: true });
  const { argv, env: extra = {} } = job.setup(dir);
  // The workspace is <dir>/ws unless the command line says otherwise; HOME is inside <dir> too.
  const env: Record<string, string> = { ...baseEnv(path.join(dir, 'home')), IMGPLAN_HOME: path.join(dir, 'ws') };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return { job, dir, argv, env, before: diskState(dir) };
}

/** The outcome of a prepared job once it has run: what it gave, and what it changed on disk. */
export const finish = <J extends Job>(p: Prepared<J>, r: Ran): Outcome<J> => ({ job: p.job, argv: p.argv, ...r, changed: differences(p.before, diskState(p.dir)) });

/** What is wrong with an outcome, or nothing. `hung` names a run killed for taking too long. */
export function problemsOf(o: Outcome, hung = 'hung'): string[] {
  const bad: string[] = [];
  const allowed = [2, ...(o.job.allow ?? [0])];
  if (o.timedOut) bad.push(hung);
  if (o.signal) bad.push(`killed by ${o.signal}`);
  if (o.status !== null && !allowed.includes(o.status)) bad.push(`exit ${o.status}, expected ${allowed.join(' or ')}`);
  if (STACK_FRAME.test(o.stderr) || STACK_FRAME.test(o.stdout)) bad.push('a stack frame in the output');
  if (/internal error/i.test(o.stderr)) bad.push('an internal error');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(o.stderr)) bad.push('a control character in stderr');
  if (o.status === 2) {
    const lines = o.stderr.replace(/\n$/, '').split('\n');
    const help = lines[0]?.startsWith('Usage: imgplan');
    if (!help && !/^imgplan: \S/.test(lines[0] ?? '')) bad.push('stderr does not start with "imgplan: "');
    if (!help && !lines.some((l) => /^hint: \S/.test(l))) bad.push('no hint');
    if (!help && o.stdout !== '') bad.push('output on stdout with an error');
  }
  const changed = o.status === 0 ? outsideParseCache(o.changed) : o.changed;
  if (changed.length && (o.status !== 0 || o.job.readOnly)) bad.push(`changed on disk: ${changed.join(', ')}`);
  return bad;
}

/** The parse cache in HOME (src/store/parse-cache.ts): a command that succeeded may keep what it read there. */
const PARSE_CACHE = /^home(\/\.cache(\/imgplan(\/parsed(\/[0-9a-f]+\.json)?)?)?)?$/;

/** Changes other than to the parse cache (and to the run's folder, when HOME was made in it for the cache). */
function outsideParseCache(changed: readonly string[]): string[] {
  const rest = changed.filter((k) => !PARSE_CACHE.test(k));
  return changed.includes('home') ? rest.filter((k) => k !== '.') : rest;
}

/** One misbehaving input, for the failure report: what it was, its command line, what was wrong. */
export const failureLine = (o: Outcome, bad: readonly string[]): string => `${o.job.label}\n    argv: ${show(o.argv.join(' '), 200)}\n    ${bad.join('; ')}\n    exit ${o.status}, stderr: ${show(o.stderr)}`;

/**
 * `node ...args` in `cwd` with exactly `env`, standard input closed at once, its output captured;
 * killed (and reported as timed out) after `timeout` ms. `during`, when given, runs alongside (a
 * fixture acting during the run); if it fails, the process is killed and the run fails with it.
 */
export function spawnNode(args: string[], cwd: string, env: Record<string, string>, timeout: number, during?: () => Promise<void>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
    during?.().catch((e: unknown) => {
      child.kill('SIGKILL');
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}

/**
 * Many runs of the built bundle (dist/imgplan.cjs, what bin/imgplan.cjs loads) in one node
 * process: its main() called once per command line, standard output and error captured. A
 * crash of that process (a signal, an uncaught error) is charged to the run in progress. About
 * fifty times faster than a process per run, and stricter: state left by one run (yaml's crash
 * on a second deep document) would show in the next.
 */
const BATCH = `'use strict';
const fs = require('node:fs');
const [bundle, jobsFile, outFile] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
let sink = { stdout: '', stderr: '' };
for (const name of ['stdout', 'stderr'])
  process[name].write = (chunk, encoding, cb) => {
    sink[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
const results = [];
let current = -1;
const save = (extra) => fs.writeFileSync(outFile, JSON.stringify({ results, ...extra }));
const crash = (e) => {
  save({ crash: { job: current, message: String((e && e.stack) || e) } });
  process.exit(70);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.argv = [process.argv[0], 'imgplan', '--version'];
// The bundle is the function Node wraps a module in (scripts/build.mjs): compiled and called as bin/imgplan.cjs does.
const vm = require('node:vm');
const mod = { exports: {} };
new vm.Script(fs.readFileSync(bundle, 'latin1'), { filename: bundle, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER })
  .runInThisContext()(mod.exports, require, mod, bundle, require('node:path').dirname(bundle));
const { main } = mod.exports;
setImmediate(async () => {
  for (const [i, job] of jobs.entries()) {
    current = i;
    fs.writeFileSync(outFile + '.at', String(i));
    process.chdir(job.cwd);
    sink = { stdout: '', stderr: '' };
    let timer;
    const hung = new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), job.timeout)));
    const status = await Promise.race([main(['node', 'imgplan', ...job.argv], job.env), hung]);
    clearTimeout(timer);
    if (status === 'hung') {
      save({ hung: i });
      process.exit(71);
    }
    results.push({ status, stdout: sink.stdout, stderr: sink.stderr });
  }
  save({});
  process.exit(0);
});
`;

export interface BatchOptions {
  /** The bundle whose main() runs the jobs. */
  bundle: string;
  /** Batch processes side by side (the jobs are dealt out among them). */
  processes: number;
  /** The label of the temp folders the batches work in (see makeTemp). */
  label: string;
}

let batchScript = '';

/** Runs prepared jobs through BATCH, split over a few processes; a crash or a hang fails, naming the run. */
export async function runBatch<J extends Job>(prepared: readonly Prepared<J>[], { bundle, processes, label }: BatchOptions): Promise<Ran[]> {
  if (!batchScript) {
    batchScript = path.join(makeTemp(label), 'batch.cjs');
    writeFileSync(batchScript, BATCH);
  }
  const n = Math.min(processes, prepared.length);
  const chunks = Array.from({ length: n }, (_, k) => prepared.filter((_, i) => i % n === k));
  const done = await Promise.all(
    chunks.map(async (chunk) => {
      const dir = makeTemp(label);
      const jobsFile = path.join(dir, 'jobs.json');
      const outFile = path.join(dir, 'out.json');
      writeFileSync(jobsFile, JSON.stringify(chunk.map((p) => ({ argv: p.argv, env: p.env, cwd: p.dir, timeout: RUN_TIMEOUT }))));
      const r = await spawnNode([batchScript, bundle, jobsFile, outFile], dir, baseEnv(path.join(dir, 'home')), RUN_TIMEOUT * 4 + chunk.length * 2000);
      const out = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as { results: { status: number; stdout: string; stderr: string }[]; crash?: { job: number; message: string }; hung?: number }) : { results: [] };
      const at = existsSync(`${outFile}.at`) ? Number(readFileSync(`${outFile}.at`, 'utf8')) : 0;
      rmSync(dir, { recursive: true, force: true });
      if (r.status !== 0 || out.crash || out.hung !== undefined) {
        const i = out.crash?.job ?? out.hung ?? at;
        const p = chunk[i];
        throw new Error(
          `the batch process ${r.signal ? `was killed by ${r.signal}` : `exited ${r.status}`}${out.hung !== undefined ? ' (a run hung)' : ''} during ${p ? `${p.job.label}: ${show(p.argv.join(' '), 200)}` : `run ${i}`}\n${out.crash?.message ?? r.stderr.slice(0, 2000)}`,
        );
      }
      return chunk.map((p, i) => [p, { status: out.results[i]!.status, signal: null, stdout: out.results[i]!.stdout, stderr: out.results[i]!.stderr, timedOut: false }] as const);
    }),
  );
  const byJob = new Map<Prepared<J>, Ran>(done.flat());
  return prepared.map((p) => byJob.get(p)!);
}
