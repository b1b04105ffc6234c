// The heavy fuzz loops (npm run test:stress); tests/e2e/fuzz.test.ts runs a seeded sample on every
// `npm test`. Every file imgplan reads cut at every offset, thousands of random and mutated files,
// every field of the profile with a value of every wrong kind, every date field with absurd dates,
// and thousands of random command lines, through the built bundle. For each: exit 2 with a clear
// message (0 when the input happens to be valid), never a signal, a stack trace, an internal error
// or a hang, and the disk byte-identical unless the command succeeded at changing it.
// The runs go through the bundle's main() many times per process (see BATCH); a sample is run
// again one process each, and must give the same exit code and output.
// FUZZ_SEED=n reruns one seed (the seed of every run is printed with its figures).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, BUNDLE, ROOT, STACK_FRAME, assertBuilt, baseEnv, cleanupTemps, makeTemp, run } from '../e2e/helpers.js';
import { report } from './kit.js';

afterAll(cleanupTemps);

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_007);
const PROFILES = ['profile.yaml', 'profile-us-citizen-student.yaml'].map((f) => ({ name: f, text: readFileSync(path.join(ROOT, 'data', 'examples', f), 'utf8') }));
const EXAMPLE = PROFILES[0]!.text;
const BATCH_PROCESSES = Math.max(2, Math.min(4, os.availableParallelism()));
/** Runs prepared on disk at a time (each in its own folder), then checked and removed. */
const CHUNK = 600;
const RUN_TIMEOUT = 20_000;

// ---- jobs, outcomes, checks (as in tests/e2e/fuzz.test.ts) ------------------------------------

interface Job {
  kind: string;
  label: string;
  setup: (dir: string) => { argv: string[]; env?: Record<string, string | undefined> };
  readOnly?: boolean;
  allow?: number[];
}

interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

interface Outcome extends Ran {
  job: Job;
  argv: string[];
  changed: string[];
}

interface Prepared {
  job: Job;
  dir: string;
  argv: string[];
  env: Record<string, string>;
  before: Map<string, string>;
}

function diskState(dir: string): Map<string, string> {
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

const differences = (a: Map<string, string>, b: Map<string, string>): string[] => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
const show = (s: string, max = 300) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
const untemp = (text: string) => text.replace(/\/[^\s"']*imgplan-fuzz-stress-[A-Za-z0-9]+\/\d+/g, '<TMP>');

function prepare(job: Job, dir: string): Prepared {
  mkdirSync(dir);
  const { argv, env: extra = {} } = job.setup(dir);
  const env: Record<string, string> = { ...baseEnv(path.join(dir, 'home')), IMGPLAN_HOME: path.join(dir, 'ws') };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return { job, dir, argv, env, before: diskState(dir) };
}

function problemsOf(o: Outcome): string[] {
  const bad: string[] = [];
  const allowed = [2, ...(o.job.allow ?? [0])];
  if (o.timedOut) bad.push('hung');
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
  if (o.changed.length && (o.status !== 0 || o.job.readOnly)) bad.push(`changed on disk: ${o.changed.join(', ')}`);
  return bad;
}

function spawnNode(args: string[], cwd: string, env: Record<string, string>, timeout: number): Promise<Ran> {
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
  });
}

/** Many runs of the built bundle in one process: main() once per command line, output captured (as in tests/e2e/fuzz.test.ts). */
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
const { main } = require(bundle);
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

let batchScript = '';

async function runBatch(prepared: readonly Prepared[]): Promise<Ran[]> {
  if (!batchScript) {
    batchScript = path.join(makeTemp('fuzz-stress-batch'), 'batch.cjs');
    writeFileSync(batchScript, BATCH);
  }
  const n = Math.min(BATCH_PROCESSES, prepared.length);
  const chunks = Array.from({ length: n }, (_, k) => prepared.filter((_, i) => i % n === k));
  const done = await Promise.all(
    chunks.map(async (chunk) => {
      const dir = makeTemp('fuzz-stress-batch');
      const jobsFile = path.join(dir, 'jobs.json');
      const outFile = path.join(dir, 'out.json');
      writeFileSync(jobsFile, JSON.stringify(chunk.map((p) => ({ argv: p.argv, env: p.env, cwd: p.dir, timeout: RUN_TIMEOUT }))));
      const r = await spawnNode([batchScript, BUNDLE, jobsFile, outFile], dir, baseEnv(path.join(dir, 'home')), RUN_TIMEOUT * 4 + chunk.length * 2000);
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
  const byJob = new Map(done.flat());
  return prepared.map((p) => byJob.get(p)!);
}

// ---- figures ---------------------------------------------------------------------------------

/** Per kind of input: runs and exit codes. */
const figures = new Map<string, Record<string, number>>();
/** A few runs per kind, kept to be run again one process each. */
const samples: Job[] = [];

/**
 * Runs `jobs` CHUNK at a time through the batch, checks every outcome, and fails with every
 * misbehaving input (up to 30 shown) after all have run.
 */
async function fuzz(jobs: Iterable<Job>): Promise<Outcome[]> {
  assertBuilt();
  const failures: string[] = [];
  const kept: Outcome[] = [];
  let total = 0;
  let chunk: Job[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const root = mkdtempSync(path.join(os.tmpdir(), 'imgplan-fuzz-stress-'));
    try {
      const prepared = chunk.map((job, i) => prepare(job, path.join(root, String(i))));
      const ran = await runBatch(prepared);
      for (const [i, p] of prepared.entries()) {
        const o: Outcome = { job: p.job, argv: p.argv, ...ran[i]!, changed: differences(p.before, diskState(p.dir)) };
        const f = figures.get(o.job.kind) ?? {};
        f.runs = (f.runs ?? 0) + 1;
        f[`exit ${o.status}`] = (f[`exit ${o.status}`] ?? 0) + 1;
        figures.set(o.job.kind, f);
        const bad = problemsOf(o);
        if (bad.length) failures.push(`${o.job.label}\n    argv: ${show(o.argv.join(' '), 200)}\n    ${bad.join('; ')}\n    exit ${o.status}, stderr: ${show(o.stderr)}`);
        if (kept.length < 50) kept.push({ ...o, stdout: o.stdout.slice(0, 200) });
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    total += chunk.length;
    chunk = [];
  };
  for (const job of jobs) {
    chunk.push(job);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  expect(failures, `${failures.length} of ${total} inputs misbehaved (seed ${SEED}):\n${failures.slice(0, 30).join('\n')}`).toEqual([]);
  return kept;
}

/** Every `every`th item of a generator of jobs, for the sample run one process each. */
function* sampled(jobs: Iterable<Job>, every: number): Generator<Job> {
  let i = 0;
  for (const job of jobs) {
    if (i++ % every === 0 && samples.length < 120) samples.push(job);
    yield job;
  }
}

// ---- the workspace ---------------------------------------------------------------------------

let template = '';
let planText = '';
let whatIfText = '';

beforeAll(() => {
  template = path.join(makeTemp('fuzz-stress-template'), 'ws');
  const r = run(['init', '--profile', 'data/examples/profile.yaml', '--home', template]);
  expect(r.status, r.stderr).toBe(0);
  const w = run(['plan', 'new', 'what-if', '--externships', '1', '--home', template]);
  expect(w.status, w.stderr).toBe(0);
  planText = readFileSync(path.join(template, 'plans', 'match-2028.yaml'), 'utf8');
  whatIfText = readFileSync(path.join(template, 'plans', 'what-if.yaml'), 'utf8');
}, 60_000);

function workspace(dir: string, files: Record<string, string | Uint8Array> = {}): string {
  const ws = path.join(dir, 'ws');
  cpSync(template, ws, { recursive: true, preserveTimestamps: true });
  for (const [rel, content] of Object.entries(files)) writeFileSync(path.join(ws, rel), content);
  return ws;
}

/** A workspace of one file: enough for commands that read only it (show x reads no profile when there is none). */
function bare(dir: string, rel: string, content: string | Uint8Array): string {
  const ws = path.join(dir, 'ws');
  mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
  writeFileSync(path.join(ws, rel), content);
  return ws;
}

const PROFILE_READERS: { argv: string[]; readOnly: boolean }[] = [
  { argv: ['status'], readOnly: true },
  { argv: ['show'], readOnly: true },
  { argv: ['regenerate', '--dry-run'], readOnly: true },
  { argv: ['plan', 'list'], readOnly: true },
  { argv: ['export', '--format', 'md'], readOnly: true },
  { argv: ['done', 'rotation-1'], readOnly: false },
  { argv: ['move', 'rotation-1', '2027-05-10'], readOnly: false },
  { argv: ['exam', 'step1', '--result', 'passed', '--date', '2025-03-14'], readOnly: false },
  { argv: ['plan', 'new', 'other', '--externships', '2'], readOnly: false },
];
const PLAN_READERS: { argv: string[]; readOnly: boolean }[] = [
  { argv: ['show', 'x'], readOnly: true },
  { argv: ['status', '--plan', 'x'], readOnly: true },
  { argv: ['export', 'x', '--format', 'ics'], readOnly: true },
  { argv: ['plan', 'list'], readOnly: true },
  { argv: ['plan', 'compare', 'match-2028', 'x'], readOnly: true },
  { argv: ['regenerate', 'x', '--dry-run'], readOnly: true },
  { argv: ['done', 'rotation-1', '--plan', 'x'], readOnly: false },
  { argv: ['add', 'Call Dr. Lee', '--date', '2027-01-12', '--plan', 'x'], readOnly: false },
];

/** Content as the workspace profile, read by a rotating command (`n` picks it). */
const asProfile = (kind: string, label: string, content: string | Uint8Array, n: number): Job => {
  const reader = PROFILE_READERS[n % PROFILE_READERS.length]!;
  return { kind, label: `${label} as profile.yaml, ${reader.argv.join(' ')}`, readOnly: reader.readOnly, setup: (dir) => ({ argv: [...reader.argv, '--home', workspace(dir, { 'profile.yaml': content })] }) };
};
const asInitProfile = (kind: string, label: string, content: string | Uint8Array): Job => ({
  kind,
  label: `${label} as init --profile FILE`,
  setup: (dir) => {
    writeFileSync(path.join(dir, 'in.yaml'), content);
    return { argv: ['init', '--profile', path.join(dir, 'in.yaml'), '--home', path.join(dir, 'fresh')] };
  },
});
/** Content as plans/x.yaml of the full workspace, read by a rotating command. */
const asPlan = (kind: string, label: string, content: string | Uint8Array, n: number): Job => {
  const reader = PLAN_READERS[n % PLAN_READERS.length]!;
  return { kind, label: `${label} as plans/x.yaml, ${reader.argv.join(' ')}`, readOnly: reader.readOnly, setup: (dir) => ({ argv: [...reader.argv, '--home', workspace(dir, { 'plans/x.yaml': content })] }) };
};
const asBarePlan = (kind: string, label: string, content: string): Job => ({
  kind,
  label: `${label} as plans/x.yaml, show x --json`,
  readOnly: true,
  setup: (dir) => ({ argv: ['show', 'x', '--json', '--home', bare(dir, 'plans/x.yaml', content)] }),
});
/** Content as one of the other files imgplan reads in a workspace. */
const OTHER_FILES: { rel: string; argv: string[]; readOnly: boolean }[] = [
  { rel: 'letters.yaml', argv: ['regenerate', '--dry-run'], readOnly: true },
  { rel: 'outreach.yaml', argv: ['regenerate', '--dry-run'], readOnly: true },
  { rel: '.imgplan/base/match-2028.yaml', argv: ['regenerate', '--dry-run'], readOnly: true },
  { rel: '.imgplan/base/match-2028.yaml', argv: ['regenerate'], readOnly: false },
];
const asOther = (kind: string, label: string, content: string | Uint8Array, n: number): Job => {
  const f = OTHER_FILES[n % OTHER_FILES.length]!;
  return { kind, label: `${label} as ${f.rel}, ${f.argv.join(' ')}`, readOnly: f.readOnly, setup: (dir) => ({ argv: [...f.argv, '--home', workspace(dir, { [f.rel]: content })] }) };
};

// ---- inputs ------------------------------------------------------------------------------------

const TOKENS = ['a', 'b', ':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', ',', '"', "'", '#', '&x', '*x', '!!str', '!!binary', '|', '>', '---', '...', '%YAML 1.1', '\t', '\u0000', '\r\n', 'é', '\u{1F600}', '\uFEFF', '2027-02-29', '1e9', 'null', '~', '<<: *x', '? ', 'schemaVersion: 1', '__proto__'];
const yamlish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 500 }).map((xs) => xs.join(''));
const bytes = fc.uint8Array({ maxLength: 4000 });

/** A small edit of a real file: a byte flipped, a line dropped, doubled or moved, a token put in. */
const mutation = (text: string) =>
  fc
    .array(
      fc.tuple(fc.constantFrom('flip', 'drop', 'double', 'move', 'insert', 'indent'), fc.nat(), fc.nat(), fc.constantFrom(...TOKENS)),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      let lines = text.split('\n');
      for (const [op, a, b, token] of edits) {
        const i = a % lines.length;
        const j = b % lines.length;
        if (op === 'drop') lines.splice(i, 1);
        else if (op === 'double') lines.splice(i, 0, lines[i]!);
        else if (op === 'move') lines.splice(j, 0, ...lines.splice(i, 1));
        else if (op === 'indent') lines[i] = ` ${lines[i]}`;
        else if (op === 'insert') lines[i] = `${lines[i]!.slice(0, b % (lines[i]!.length + 1))}${token}${lines[i]!.slice(b % (lines[i]!.length + 1))}`;
        else {
          const l = lines[i]!;
          const k = b % Math.max(1, l.length);
          lines[i] = `${l.slice(0, k)}${String.fromCharCode((l.charCodeAt(k) || 32) ^ (1 << (b % 7)))}${l.slice(k + 1)}`;
        }
        if (!lines.length) lines = [''];
      }
      return lines.join('\n');
    });

const sample = <T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] => fc.sample(arb, { seed: SEED + salt, numRuns: n });

const WRONG_VALUES = ['[1, 2]', '{ x: 1 }', '12345', '-1', '1.5', '"text"', 'true', 'null', '""', '2027-02-29', '0000-00-00', '9999-12-31', '"\\u0007"', '"\\u001b[2J"', '~', '[]', '{}', '1e400', '0x1F', '.inf', '!!binary aGk='];
const ABSURD_DATES = ['0000-00-00', '9999-12-31', '2027-02-29', '1899-12-31', '2200-01-01', '0001-01-01', '2100-02-29', '2027-13-01', '2027-00-10', '+002027-01-01', '2027-1-4', '20270104', '"2027-01-04T00:00"', '2027-01-04 ', '1900-01-01', '2199-12-31'];

/** Every scalar value of `text` (a `key: value` line, or a value inside { }), one at a time, replaced by each of `values`. */
function* everyValue(text: string, values: readonly string[]): Generator<{ field: string; was: string; value: string; text: string }> {
  const lines = text.split('\n');
  for (const [n, line] of lines.entries()) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(/(?<=^\s*(?:- )?|[{,]\s*)([A-Za-z0-9]+):\s+([^#{}\[\],\s][^#{},]*?)(?=\s*(?:[,}]|#|$))/g)) {
      const start = m.index! + m[0].length - m[2]!.length;
      for (const value of values) {
        const edited = [...lines];
        edited[n] = `${line.slice(0, start)}${value}${line.slice(start + m[2]!.length)}`;
        yield { field: `line ${n + 1} ${m[1]}`, was: m[2]!, value, text: edited.join('\n') };
      }
    }
  }
}

// ---- the loops -----------------------------------------------------------------------------------

describe('files cut at every offset', () => {
  it('both example profiles, at every offset, as init --profile FILE; every 7th also as the workspace profile', async () => {
    function* jobs(): Generator<Job> {
      for (const { name, text } of PROFILES)
        for (let n = 0; n <= text.length; n++) {
          yield asInitProfile('profile cut at every offset', `${name} cut at ${n}`, text.slice(0, n));
          if (n % 7 === 0) yield asProfile('profile cut at every offset', `${name} cut at ${n}`, text.slice(0, n), n / 7);
        }
    }
    await fuzz(sampled(jobs(), 97));
  });

  it('a plan file at every offset, and the main plan at every line end', async () => {
    const whatIf = whatIfText.replace('name: what-if', 'name: x');
    const main = planText.replace('name: match-2028', 'name: x');
    function* jobs(): Generator<Job> {
      for (let n = 0; n <= whatIf.length; n++) {
        yield asBarePlan('plan cut at every offset', `plans/what-if.yaml cut at ${n}`, whatIf.slice(0, n));
        if (n % 41 === 0) yield asPlan('plan cut at every offset', `plans/what-if.yaml cut at ${n}`, whatIf.slice(0, n), n / 41);
      }
      for (let n = main.indexOf('\n'); n >= 0; n = main.indexOf('\n', n + 1))
        for (const at of [n, n + 1]) yield asBarePlan('main plan cut at every line end', `plans/match-2028.yaml cut at ${at}`, main.slice(0, at));
    }
    await fuzz(sampled(jobs(), 211));
  });
});

describe('random and mutated files', () => {
  it('thousands of random bytes, YAML-like noise and small edits of real files, as every file imgplan reads', async () => {
    const plan = planText.replace('name: match-2028', 'name: x');
    function* jobs(): Generator<Job> {
      let n = 0;
      for (const [i, b] of sample(bytes, 700, 1).entries()) {
        yield asProfile('random bytes', `random bytes #${i}`, b, n++);
        if (i % 2) yield asInitProfile('random bytes', `random bytes #${i}`, b);
        yield asPlan('random bytes', `random bytes #${i}`, b, n++);
        if (i % 4 === 0) yield asOther('random bytes', `random bytes #${i}`, b, n++);
      }
      for (const [i, t] of sample(yamlish, 700, 2).entries()) {
        yield asProfile('YAML-like noise', `noise #${i}`, t, n++);
        yield asPlan('YAML-like noise', `noise #${i}`, t, n++);
        if (i % 3 === 0) yield asOther('YAML-like noise', `noise #${i}`, t, n++);
      }
      for (const [i, t] of sample(mutation(EXAMPLE), 900, 3).entries()) yield i % 3 === 2 ? asInitProfile('edited example profile', `edit #${i}`, t) : asProfile('edited example profile', `edit #${i}`, t, n++);
      for (const [i, t] of sample(mutation(plan), 500, 4).entries()) yield asPlan('edited plan', `edit #${i}`, t, n++);
    }
    await fuzz(sampled(jobs(), 53));
  });

  it('every value of the example profile replaced by a value of every wrong kind, and every date by absurd dates', async () => {
    function* jobs(): Generator<Job> {
      let n = 0;
      for (const { field, value, text } of everyValue(EXAMPLE, WRONG_VALUES)) {
        yield n % 3 === 0 ? asInitProfile('wrong value in every field', `${field} = ${value}`, text) : asProfile('wrong value in every field', `${field} = ${value}`, text, n);
        n++;
      }
      const isDate = (v: string) => /^\d{4}-\d\d-\d\d$/.test(v);
      for (const { field, was, value, text } of everyValue(EXAMPLE, ABSURD_DATES)) if (isDate(was)) yield asProfile('absurd date in every date field', `${field} = ${value}`, text, n++);
      const plan = planText.replace('name: match-2028', 'name: x');
      // The header and the first milestones and tasks: every kind of date field a plan has.
      const head = plan.split('\n').slice(0, 120).join('\n');
      for (const { field, was, value, text } of everyValue(head, ABSURD_DATES))
        if (isDate(was)) yield asPlan('absurd date in plan date fields', `${field} = ${value}`, `${text}${plan.slice(head.length)}`, n++);
    }
    await fuzz(sampled(jobs(), 29));
  });
});

describe('random command lines', () => {
  it('thousands of them, words and values of every kind', async () => {
    const words = [
      'init', 'show', 'demo', 'export', 'status', 'next', 'regenerate', 'done', 'skip', 'reopen', 'move', 'add', 'note', 'exam', 'plan', 'new', 'list', 'compare', 'history', 'undo', 'help',
      '--json', '--force', '--dry-run', '--gantt', '--help', '-h', '--version', '-V', '--no-color', '--debug', '--frob', '-x', '--', '-', '--home', '--today', '--plan', '--date', '--end', '--format',
      '--out', '--show', '--example', '--profile', '--result', '--score', '--match-year', '--weeks', '--externships', 'rotation-1', 'exam-step2ck', 'match-2028', 'what-if', 'step1', 'step2ck', 'oet',
      'passed', 'failed', 'scheduled', 'md', 'ics', 'json', 'html', 'x.md', 'default', 'us-citizen-student', 'name,visa', '2027-02-29', '2027-05-10', '2026-11-25', '9999-12-31', '0000-00-00',
      '99999999999999999999', '-1', '0', '8', '26', '1e3', 'NaN', 'Infinity', '0x10', '', ' ', '\x07', '\x1b[2J', 'é', '\u{1F600}', '../x', '/', 'ws', 'ws/profile.yaml', 'ws/plans',
      '--home=ws', '--today=2027-01-01', '--json=1',
    ];
    const argvs = sample(fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 10 }), 2500, 5);
    function* jobs(): Generator<Job> {
      for (const [i, argv] of argvs.entries())
        yield {
          kind: 'random command line',
          label: `random argv #${i}`,
          allow: argv.includes('undo') ? [0, 1] : [0],
          setup: (dir) => {
            workspace(dir);
            return { argv: argv.map((a) => a.replace(/^ws(?=\/|$)/, path.join(dir, 'ws')).replace(/=ws$/, `=${path.join(dir, 'ws')}`)) };
          },
        };
    }
    const kept = await fuzz(sampled(jobs(), 41));
    for (const o of kept.filter((x) => x.status === 1)) expect(o.stderr).toMatch(/^imgplan: there is nothing to undo$/m);
  });
});

describe('the batch runs are the binary\'s runs', () => {
  it('a sample of every loop, run again one process each, gives the same exit code, stdout and stderr', async () => {
    assertBuilt();
    const root = mkdtempSync(path.join(os.tmpdir(), 'imgplan-fuzz-stress-'));
    try {
      const prepared = samples.map((job, i) => prepare(job, path.join(root, String(i))));
      const batch = await runBatch(prepared);
      const failures: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: BATCH_PROCESSES }, async () => {
          while (next < prepared.length) {
            const i = next++;
            const p = prepared[i]!;
            // The batch run may have changed the folder (a valid input): start again from a fresh one.
            rmSync(p.dir, { recursive: true, force: true });
            const again = prepare(p.job, p.dir);
            const r = await spawnNode([path.join(ROOT, BIN), ...again.argv], again.dir, again.env, RUN_TIMEOUT);
            const b = batch[i]!;
            const seen = (x: Ran) => `exit ${x.status}\n${untemp(x.stdout)}\n${untemp(x.stderr)}`;
            if (seen(r) !== seen(b)) failures.push(`${p.job.label}: the process gave ${show(seen(r))}, the batch ${show(seen(b))}`);
          }
        }),
      );
      expect(failures).toEqual([]);
      figures.set('sampled runs compared with a process each', { runs: prepared.length });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

afterAll(() => {
  report(`fuzz (seed ${SEED})`, Object.fromEntries(figures));
});
