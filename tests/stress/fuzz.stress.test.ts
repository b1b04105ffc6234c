// The heavy fuzz loops (npm run test:stress); tests/e2e/fuzz.test.ts runs a seeded sample on every
// `npm test`. Every file imgplan reads (profile, plans, their generated bases, the letters, outreach
// and log trackers, the history's records, and the files given to init --profile and log add
// --from) cut at every offset (a plan: its header and first task at every offset, the rest at
// every line end), random bytes, YAML-like noise and small edits of real files, deep nesting, a
// 6 MB file, alias bombs, __proto__ keys, control characters, every field of the profile with a
// value of every wrong kind, every date field with absurd dates, and random command lines, through
// the built bundle. For each: exit 2 with a clear message (0 when the input happens to be valid),
// never a signal, a stack trace, an internal error or a hang, and the disk byte-identical unless
// the command succeeded at changing it.
// The runs go through the bundle's main() many times per process (see BATCH); a sample is run
// again one process each, and must give the same exit code and output.
// FUZZ_SEED=n reruns one seed (the seed of every run is printed with its figures).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTemps, makeTemp } from '../e2e/helpers.js';
import { RUN_TIMEOUT, failureLine, finish, prepare, problemsOf, runBatch, show, spawnNode, type Job as KitJob, type Outcome as KitOutcome, type Prepared, type Ran } from '../support/fuzz-kit.js';
import { frozenBin, frozenBundle, mustRun, report } from './kit.js';

afterAll(cleanupTemps);

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_007);
const BATCH_PROCESSES = Math.max(2, Math.min(4, os.availableParallelism()));
/** Runs prepared on disk at a time (each in its own folder), then checked and removed. */
const CHUNK = 600;

// ---- jobs, outcomes, checks (tests/support/fuzz-kit.ts, shared with tests/e2e/fuzz.test.ts) ----

interface Job extends KitJob {
  kind: string;
}

type Outcome = KitOutcome<Job>;

const untemp = (text: string) => text.replace(/\/[^\s"']*imgplan-fuzz-stress-[A-Za-z0-9]+\/\d+/g, '<TMP>');

const batchOf = (prepared: readonly Prepared<Job>[]): Promise<Ran[]> => runBatch(prepared, { bundle: frozenBundle(), processes: BATCH_PROCESSES, label: 'fuzz-stress-batch' });

// ---- figures ---------------------------------------------------------------------------------

/** Per kind of input: runs and exit codes. */
const figures = new Map<string, Record<string, number>>();
/** A few runs per kind, kept to be run again one process each. */
const samples: Job[] = [];
/** Inputs that misbehaved (each also fails its test). */
let misbehaved = 0;

/**
 * Runs `jobs` CHUNK at a time through the batch, checks every outcome, and fails with every
 * misbehaving input (up to 30 shown) after all have run.
 */
async function fuzz(jobs: Iterable<Job>): Promise<Outcome[]> {
  const failures: string[] = [];
  const kept: Outcome[] = [];
  let total = 0;
  let chunk: Job[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const root = mkdtempSync(path.join(os.tmpdir(), 'imgplan-fuzz-stress-'));
    try {
      const prepared = chunk.map((job, i) => prepare(job, path.join(root, String(i))));
      const ran = await batchOf(prepared);
      for (const [i, p] of prepared.entries()) {
        const o: Outcome = finish(p, ran[i]!);
        const f = figures.get(o.job.kind) ?? {};
        f.runs = (f.runs ?? 0) + 1;
        f[`exit ${o.status}`] = (f[`exit ${o.status}`] ?? 0) + 1;
        figures.set(o.job.kind, f);
        const bad = problemsOf(o);
        if (bad.length) misbehaved++;
        if (bad.length) failures.push(failureLine(o, bad));
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

// ---- the workspace and the files it reads --------------------------------------------------------

const LOG_ENTRY = path.join(ROOT, 'tests', 'stress', 'fixtures', 'log-entry.yaml');
let template = '';
/** By target (below): the text the file holds as imgplan, or the person, wrote it; the inputs are made from these. */
const texts: Record<string, string> = {};
/** The history step after the template's last one: where a pending record is put. */
let nextStep = '';

beforeAll(async () => {
  template = path.join(makeTemp('fuzz-stress-template'), 'ws');
  await mustRun(template, ['init', '--profile', path.join(ROOT, 'data', 'examples', 'profile.yaml')]);
  await mustRun(template, ['plan', 'new', 'what-if', '--externships', '1']);
  await mustRun(template, ['letters', 'add', '--writer', 'Sarah Chen', '--title', 'Dr.', '--rotation', 'rotation-1', '--stage', 'requested', '--date', '2026-11-20']);
  await mustRun(template, ['outreach', 'add', "St. Mary's Hospital", '--contact', 'Dr. Ada Lee', '--date', '2026-11-20']);
  await mustRun(template, ['log', 'add', '--from', LOG_ENTRY]);
  const steps = readdirSync(path.join(template, '.imgplan', 'history')).sort();
  const last = `.imgplan/history/${steps[steps.length - 1]}/entry.json`;
  nextStep = `.imgplan/history/${String(Number(steps[steps.length - 1]) + 1).padStart(6, '0')}`;
  const read = (rel: string) => readFileSync(path.join(template, rel), 'utf8');
  Object.assign(texts, {
    'profile.yaml': read('profile.yaml'),
    'plans/x.yaml': read('plans/match-2028.yaml').replace('name: match-2028', 'name: x'),
    '.imgplan/base/match-2028.yaml': read('.imgplan/base/match-2028.yaml'),
    'letters.yaml': read('letters.yaml'),
    'outreach.yaml': read('outreach.yaml'),
    'log.yaml': read('log.yaml'),
    'a history record': read(last),
    'a pending history record': read(last),
    'init --profile FILE': read('profile.yaml'),
    'log add --from FILE': readFileSync(LOG_ENTRY, 'utf8'),
  });
  entryFile = last;
}, 120_000);
let entryFile = '';

/**
 * A copy of the workspace at <dir>/ws with `files` replaced; without its history unless `history`:
 * copying (and hashing, before and after) is most of a run's cost, and the history most of the files.
 */
function workspace(dir: string, files: Record<string, string | Uint8Array> = {}, history = false): string {
  const ws = path.join(dir, 'ws');
  cpSync(template, ws, { recursive: true, preserveTimestamps: true, filter: (from) => history || !from.startsWith(path.join(template, '.imgplan', 'history')) });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    writeFileSync(path.join(ws, rel), content);
  }
  return ws;
}

interface Reader {
  argv: string[];
  readOnly: boolean;
  /** Exit codes allowed besides 2 (0 by default). */
  allow?: number[];
}
const ro = (...argv: string[]): Reader => ({ argv, readOnly: true });
const rw = (...argv: string[]): Reader => ({ argv, readOnly: false });

/** Where an input goes (`place` writes it and gives the arguments that point at it) and the commands that read it there. */
interface Target {
  name: string;
  readers: Reader[];
  place: (dir: string, content: string | Uint8Array) => string[];
}

const inWorkspace = (name: string, rel: () => string, readers: Reader[], history = false): Target => ({
  name,
  readers,
  place: (dir, content) => ['--home', workspace(dir, { [rel()]: content }, history)],
});
const given = (name: string, reader: Reader, place: (file: string, dir: string) => string[]): Target => ({
  name,
  readers: [reader],
  place: (dir, content) => {
    writeFileSync(path.join(dir, 'in.yaml'), content);
    return place(path.join(dir, 'in.yaml'), dir);
  },
});

const TARGETS: Target[] = [
  inWorkspace('profile.yaml', () => 'profile.yaml', [
    ro('status'), ro('show'), ro('regenerate', '--dry-run'), ro('plan', 'list'), ro('export', '--format', 'md'), ro('letters', 'list'),
    rw('done', 'rotation-1'), rw('move', 'rotation-1', '2027-05-10'), rw('exam', 'step1', '--result', 'passed', '--date', '2025-03-14'), rw('plan', 'new', 'other', '--externships', '2'),
  ]),
  given('init --profile FILE', rw('init'), (file, dir) => ['--profile', file, '--home', path.join(dir, 'fresh')]),
  inWorkspace('plans/x.yaml', () => 'plans/x.yaml', [
    ro('show', 'x'), ro('show', 'x', '--json'), ro('status', '--plan', 'x'), ro('export', 'x', '--format', 'ics'), ro('plan', 'compare', 'match-2028', 'x'), ro('regenerate', 'x', '--dry-run'),
    rw('done', 'rotation-1', '--plan', 'x'), rw('add', 'Call Dr. Lee', '--date', '2027-01-12', '--plan', 'x'),
  ]),
  inWorkspace('.imgplan/base/match-2028.yaml', () => '.imgplan/base/match-2028.yaml', [ro('regenerate', '--dry-run'), rw('regenerate')]),
  inWorkspace('letters.yaml', () => 'letters.yaml', [ro('letters', 'list'), ro('regenerate', '--dry-run'), ro('letters', 'show', 'letter-1'), rw('letters', 'update', 'letter-1', '--stage', 'received', '--date', '2026-11-24')]),
  inWorkspace('outreach.yaml', () => 'outreach.yaml', [ro('outreach', 'list'), ro('status'), rw('outreach', 'update', 'outreach-1', '--status', 'replied')]),
  inWorkspace('log.yaml', () => 'log.yaml', [ro('log', 'list'), ro('log', 'summary'), ro('log', 'eras'), rw('log', 'add', '--from', LOG_ENTRY)]),
  // undo may refuse a record it can read (a file changed since), with exit 1.
  inWorkspace('a history record', () => entryFile, [ro('history'), ro('history', '--json'), { argv: ['undo'], readOnly: false, allow: [0, 1] }], true),
  // A pending record is rolled back by whatever command comes next.
  inWorkspace('a pending history record', () => `${nextStep}/pending.json`, [rw('show'), rw('status'), rw('history')], true),
  given('log add --from FILE', rw('log', 'add'), (file, dir) => ['--from', file, '--home', workspace(dir)]),
];
const textOf = (t: Target): string => texts[t.name]!;

/** `content` put where `target` reads it, read by the `n`th of its commands (in turn). */
function into(kind: string, label: string, target: Target, content: string | Uint8Array, n: number): Job {
  const reader = target.readers[n % target.readers.length]!;
  return {
    kind,
    label: `${label} as ${target.name}, ${reader.argv.join(' ')}`,
    readOnly: reader.readOnly,
    ...(reader.allow ? { allow: reader.allow } : {}),
    setup: (dir) => ({ argv: [...reader.argv, ...target.place(dir, content)] }),
  };
}

// ---- inputs ------------------------------------------------------------------------------------

const TOKENS = ['a', 'b', ':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', ',', '"', "'", '#', '&x', '*x', '!!str', '!!binary', '|', '>', '---', '...', '%YAML 1.1', '\t', '\u0000', '\r\n', 'é', '\u{1F600}', '\uFEFF', '2027-02-29', '1e9', 'null', '~', '<<: *x', '? ', 'schemaVersion: 1', '__proto__', '\u001b[2J'];
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

/** `n` mappings each nested in the one before, and `n` nested flow lists. */
const deep = (n: number) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('')}${' '.repeat(n)}end\n`;
const deepFlow = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}\n`;
const aliasBomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n') + '\n';

const WRONG_VALUES = ['[1, 2]', '{ x: 1 }', '12345', '-1', '1.5', '"text"', 'true', 'null', '""', '2027-02-29', '0000-00-00', '9999-12-31', '"\\u0007"', '"\\u001b[2J"', '~', '[]', '{}', '1e400', '0x1F', '.inf', '!!binary aGk=', '*x', '"__proto__"'];
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

/** Offsets to cut `text` at: one in `stride` (every one with 1), the end included. */
function* cuts(text: string, stride: number): Generator<number> {
  for (let n = 0; n < text.length; n += stride) yield n;
  yield text.length;
}

/** Sums the figures of the kinds whose name starts with `prefix` (all when empty). */
function totals(prefix = ''): { runs: number; byExit: Record<string, number> } {
  const out = { runs: 0, byExit: {} as Record<string, number> };
  for (const [kind, f] of figures)
    if (kind.startsWith(prefix))
      for (const [k, v] of Object.entries(f)) {
        if (k === 'runs') out.runs += v;
        else out.byExit[k.replace('exit ', '')] = (out.byExit[k.replace('exit ', '')] ?? 0) + v;
      }
  return out;
}

// ---- the loops -----------------------------------------------------------------------------------

describe('every file imgplan reads, cut short', () => {
  it('the profile at every offset (read in the workspace and given to init), every other file at 100 offsets', async () => {
    const profile = TARGETS.filter((t) => t.name === 'profile.yaml' || t.name === 'init --profile FILE');
    function* jobs(): Generator<Job> {
      for (const at of cuts(textOf(profile[0]!), 1)) yield into('cut: profile at every offset', `cut at ${at}`, profile[at % 2]!, textOf(profile[0]!).slice(0, at), at >> 1);
      for (const target of TARGETS.filter((t) => !profile.includes(t))) {
        const text = textOf(target);
        let n = 0;
        for (const at of cuts(text, Math.ceil(text.length / 100))) yield into(`cut: ${target.name}`, `cut at ${at}`, target, text.slice(0, at), n++);
      }
    }
    await fuzz(sampled(jobs(), 97));
  });
});

describe('random and mutated files', () => {
  it('random bytes, YAML-like noise and small edits of the real file, as every file imgplan reads', async () => {
    function* jobs(): Generator<Job> {
      let n = 0;
      for (const [i, b] of sample(bytes, 150, 1).entries()) yield into('random bytes', `random bytes #${i}`, TARGETS[i % TARGETS.length]!, b, n++);
      for (const [i, t] of sample(yamlish, 150, 2).entries()) yield into('YAML-like noise', `noise #${i}`, TARGETS[i % TARGETS.length]!, t, n++);
      for (const [k, target] of TARGETS.entries())
        for (const [i, t] of sample(mutation(textOf(target)), 30, 10 + k).entries()) yield into('small edits of a real file', `edit #${i}`, target, t, n++);
    }
    await fuzz(sampled(jobs(), 53));
  });

  it('deep nesting, a 6 MB file, an alias bomb, __proto__ keys and control characters, as every file imgplan reads', async () => {
    function* jobs(): Generator<Job> {
      for (const target of TARGETS) {
        const text = textOf(target);
        const inputs: [string, string][] = [
          ['3,000 nested mappings', deep(3000)],
          ['3,000 nested lists', deepFlow(3000)],
          ['a 6 MB file', `${text}${'# padding padding padding padding padding padding padding padding pad\n'.repeat(90_000)}`],
          ['an alias bomb', aliasBomb],
          ['an alias in the real file', text.replace(/^(\w+): (.+)$/m, '$1: &a $2\nalias: *a')],
          ['__proto__ at the top', `__proto__: { polluted: yes }\n${text}`],
          ['constructor.prototype at the top', `constructor: { prototype: { polluted: yes } }\n${text}`],
          ['"__proto__" as a list', `"__proto__": [1]\n${text}`],
          ['a bell and terminal escapes in the first value', text.replace(/^(\s*\w+): (\S.*)$/m, '$1: "\\u0007\\u001b[2J$2"')],
          ['a NUL and DEL in the first value', text.replace(/^(\s*\w+): (\S.*)$/m, '$1: "\\u0000\\u007f$2"')],
          ['a UTF-8 BOM and CRLF line ends', `\uFEFF${text.replace(/\n/g, '\r\n')}`],
          ['an empty file', ''],
        ];
        for (const [n, [what, content]] of inputs.entries()) yield into(`special: ${what}`, what, target, content, n);
      }
    }
    await fuzz(sampled(jobs(), 7));
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('every value of the profile and the trackers replaced by a value of every wrong kind, and every date by absurd dates', async () => {
    const isDate = (v: string) => /^\d{4}-\d\d-\d\d$/.test(v);
    function* jobs(): Generator<Job> {
      let n = 0;
      for (const target of TARGETS.filter((t) => /^(profile\.yaml|letters|outreach|log)/.test(t.name))) {
        // Every field of the profile gets every wrong value, the trackers' fields one of each kind,
        // through one of the target's commands in turn.
        const values = target.name === 'profile.yaml' ? WRONG_VALUES : ['[1, 2]', '{ x: 1 }', '-1', '"text"', 'null', '2027-02-29', '"\\u001b[2J"', '*x'];
        for (const { field, value, text } of everyValue(textOf(target), values)) yield into('wrong value in every field', `${field} = ${value}`, target, text, n++);
        for (const { field, was, value, text } of everyValue(textOf(target), ABSURD_DATES)) if (isDate(was)) yield into('absurd date in every date field', `${field} = ${value}`, target, text, n++);
      }
      // The header and the first milestones and tasks of a plan: every kind of date field it has.
      const plan = TARGETS.find((t) => t.name === 'plans/x.yaml')!;
      const text = textOf(plan);
      const head = text.split('\n').slice(0, 120).join('\n');
      for (const { field, was, value, text: edited } of everyValue(head, ABSURD_DATES))
        if (isDate(was)) yield into('absurd date in every date field', `${field} = ${value}`, plan, `${edited}${text.slice(head.length)}`, n++);
    }
    await fuzz(sampled(jobs(), 29));
  });
});

describe('random command lines', () => {
  it('words and values of every kind, for every command', async () => {
    const words = [
      'init', 'show', 'demo', 'export', 'status', 'next', 'regenerate', 'done', 'skip', 'reopen', 'move', 'add', 'note', 'exam', 'plan', 'new', 'list', 'compare', 'history', 'undo', 'help',
      'letters', 'outreach', 'log', 'vet', 'update', 'summary', 'eras', 'draft', 'letter-1', 'outreach-1', '--writer', '--stage', '--status', '--from', '--not-phi', '--contact', '--fee', '--start',
      '--rotation', '--case', '--procedure', '--teaching', '--setting', 'requested', 'received', 'confirmed', 'replied', 'inpatient', 'observed:lumbar-puncture',
      '--json', '--force', '--dry-run', '--gantt', '--help', '-h', '--version', '-V', '--no-color', '--debug', '--frob', '-x', '--', '-', '--home', '--today', '--plan', '--date', '--end', '--format',
      '--out', '--show', '--example', '--profile', '--result', '--score', '--match-year', '--weeks', '--externships', 'rotation-1', 'exam-step2ck', 'match-2028', 'what-if', 'step1', 'step2ck', 'oet',
      'passed', 'failed', 'scheduled', 'md', 'ics', 'json', 'html', 'x.md', 'default', 'us-citizen-student', 'name,visa', '2027-02-29', '2027-05-10', '2026-11-25', '9999-12-31', '0000-00-00',
      '99999999999999999999', '-1', '0', '8', '26', '1e3', 'NaN', 'Infinity', '0x10', '', ' ', '\x07', '\x1b[2J', '\u0000x', 'é', '\u{1F600}', '../x', '/', 'ws', 'ws/profile.yaml', 'ws/plans',
      'ws/log.yaml', '--home=ws', '--today=2027-01-01', '--json=1', 'x'.repeat(5000),
    ];
    const argvs = sample(fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 10 }), 500, 5);
    function* jobs(): Generator<Job> {
      for (const [i, argv] of argvs.entries())
        yield {
          kind: 'random command line',
          label: `random argv #${i}`,
          // undo may find nothing to undo, or a file changed since the step (exit 1, with a hint).
          allow: argv.includes('undo') ? [0, 1] : [0],
          setup: (dir) => {
            workspace(dir, {}, argv.includes('undo') || argv.includes('history'));
            // A NUL cannot be passed to a process: the batch passes it, the process test below does not get it.
            return { argv: argv.map((a) => a.replace(/^ws(?=\/|$)/, path.join(dir, 'ws')).replace(/=ws$/, `=${path.join(dir, 'ws')}`)) };
          },
        };
    }
    const kept = await fuzz(sampled(jobs(), 41));
    for (const o of kept.filter((x) => x.status === 1)) expect(o.stderr).toMatch(/^imgplan: (there is nothing to undo|.* changed after ")/m);
  });
});

describe("the batch runs are the binary's runs", () => {
  it('a sample of every loop, run again one process each, gives the same exit code, stdout and stderr', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'imgplan-fuzz-stress-'));
    try {
      // A NUL cannot be given to a process as an argument.
      const runnable = samples.filter((job) => !job.label.includes('\u0000'));
      const prepared = runnable.map((job, i) => prepare(job, path.join(root, String(i))));
      const batch = await batchOf(prepared);
      const failures: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: BATCH_PROCESSES }, async () => {
          while (next < prepared.length) {
            const i = next++;
            const p = prepared[i]!;
            if (p.argv.some((a) => a.includes('\u0000'))) continue;
            // The batch run may have changed the folder (a valid input): start again from a fresh one.
            rmSync(p.dir, { recursive: true, force: true });
            const again = prepare(p.job, p.dir);
            const r = await spawnNode([frozenBin(), ...again.argv], again.dir, again.env, RUN_TIMEOUT);
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
  const all = totals();
  const compared = figures.get('sampled runs compared with a process each')?.runs ?? 0;
  const fuzzed = all.runs - compared;
  report(
    'fuzz',
    `${fuzzed} inputs tried (seed ${SEED}; ${totals('cut: ').runs} cut-short files of ${TARGETS.length} kinds, the profile at every offset, ${totals('random').runs - totals('random command line').runs} random, ` +
      `${totals('small edits').runs} edited, ${totals('special: ').runs} deep/huge/alias/__proto__/control-character, ${totals('wrong value').runs + totals('absurd date').runs} wrong values and absurd dates, ` +
      `${totals('random command line').runs} random command lines), exits ${Object.entries(all.byExit).filter(([k]) => k !== 'undefined').map(([k, v]) => `${k}: ${v}`).join(', ')}; ` +
      `${misbehaved} misbehaved (a crash, a stack trace, a hang, another exit code or a file changed by a refused command); ${compared} sampled runs compared with one process each`,
    Object.fromEntries(figures),
  );
});
