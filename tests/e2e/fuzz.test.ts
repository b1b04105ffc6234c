// Fuzzing the built binary, the fast part (the heavy loops are tests/stress/fuzz.stress.test.ts):
// every file imgplan reads and every argument it takes, fed random bytes, cut-off files, deep
// nesting, huge files, alias bombs, __proto__ keys, wrong types, absurd dates, control characters
// and random command lines. Whatever comes in: exit 2 with a clear message (0 when the input
// happens to be valid), never a signal, a stack trace or an internal error, never a hang, and the
// files on disk byte-identical unless the command succeeded at changing them. Seeds are fixed, so
// a failure is reproducible; it is reported with the input that caused it.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RUN_TIMEOUT, failureLine, finish, prepare, problemsOf, runBatch, spawnNode, type Job, type Outcome, type Prepared, type Ran } from '../support/fuzz-kit.js';
import { BIN, BUNDLE, EXAMPLE_PROFILE, ROOT, assertBuilt, cleanupTemps, makeTemp, run } from './helpers.js';

afterAll(cleanupTemps);
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const SEED = 20261125;
const EXAMPLE = readFileSync(EXAMPLE_PROFILE, 'utf8');
/** Processes side by side: for runs of their own, and for batches of runs. */
const PARALLEL = 4;
const BATCH_PROCESSES = 2;

// ---- running many inputs (tests/support/fuzz-kit.ts) -------------------------------------------

/** One run of the built binary in its own process, in <dir> (so relative paths stay inside it). */
const spawnBinary = (p: Prepared): Promise<Ran> => spawnNode([path.join(ROOT, BIN), ...p.argv], p.dir, p.env, RUN_TIMEOUT);

/** Runs every job, each in its own temp folder: through the batch by default, else a process each. */
async function runAll(jobs: readonly Job[], how: 'batch' | 'processes' = 'batch'): Promise<Outcome[]> {
  assertBuilt();
  const prepared = jobs.map((job) => prepare(job, makeTemp('fuzz')));
  if (how === 'batch') {
    const ran = await runBatch(prepared, { bundle: BUNDLE, processes: BATCH_PROCESSES, label: 'fuzz-batch' });
    return prepared.map((p, i) => finish(p, ran[i]!));
  }
  const out: Outcome[] = new Array(prepared.length);
  let next = 0;
  const worker = async () => {
    while (next < prepared.length) {
      const i = next++;
      out[i] = finish(prepared[i]!, await spawnBinary(prepared[i]!));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return out;
}

const untemp = (text: string) => text.replace(/\/[^\s"']*imgplan-e2e-fuzz-[A-Za-z0-9]+/g, '<TMP>');

function expectAllClean(outcomes: readonly Outcome[]): void {
  const failures = outcomes.flatMap((o) => {
    const bad = problemsOf(o, 'hung (killed after 20 s)');
    return bad.length ? [failureLine(o, bad)] : [];
  });
  expect(failures, `${failures.length} of ${outcomes.length} inputs misbehaved:\n${failures.join('\n')}`).toEqual([]);
}

/** How many of the outcomes exited with each code, for the report. */
const tally = (outcomes: readonly Outcome[]) => outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [String(o.status)]: (t[String(o.status)] ?? 0) + 1 }), {});

// ---- the workspace the inputs are dropped into --------------------------------------------------

let template = '';
beforeAll(() => {
  template = path.join(makeTemp('fuzz-template'), 'ws');
  const r = run(['init', '--profile', 'data/examples/profile.yaml', '--home', template]);
  expect(r.status, r.stderr).toBe(0);
  const whatIf = run(['plan', 'new', 'what-if', '--externships', '1', '--home', template]);
  expect(whatIf.status, whatIf.stderr).toBe(0);
});

/** A copy of the workspace at <dir>/ws, with `files` (relative to ws) replaced. */
function workspace(dir: string, files: Record<string, string | Uint8Array> = {}): string {
  const ws = path.join(dir, 'ws');
  cpSync(template, ws, { recursive: true, preserveTimestamps: true });
  for (const [rel, content] of Object.entries(files)) writeFileSync(path.join(ws, rel), content);
  return ws;
}

/** Commands that read the profile; `readOnly` ones must leave the disk alone even on success. */
const PROFILE_READERS: { argv: string[]; readOnly: boolean }[] = [
  { argv: ['status'], readOnly: true },
  { argv: ['show'], readOnly: true },
  { argv: ['regenerate', '--dry-run'], readOnly: true },
  { argv: ['plan', 'list'], readOnly: true },
  { argv: ['done', 'rotation-1'], readOnly: false },
  { argv: ['exam', 'step1', '--result', 'passed', '--date', '2025-03-14'], readOnly: false },
];
/** Commands that read plans/x.yaml. */
const PLAN_READERS: { argv: string[]; readOnly: boolean }[] = [
  { argv: ['show', 'x'], readOnly: true },
  { argv: ['status', '--plan', 'x'], readOnly: true },
  { argv: ['export', 'x', '--format', 'json'], readOnly: true },
  { argv: ['plan', 'list'], readOnly: true },
  { argv: ['regenerate', 'x', '--dry-run'], readOnly: true },
  { argv: ['done', 'rotation-1', '--plan', 'x'], readOnly: false },
];

/** The profile as a workspace file (read by a rotating command) or as `init --profile FILE`. */
function profileJobs(kind: string, inputs: readonly (string | Uint8Array)[]): Job[] {
  return inputs.map((content, i) => {
    if (i % 3 === 2)
      return {
        label: `${kind} #${i} as init --profile FILE`,
        setup: (dir) => {
          writeFileSync(path.join(dir, 'in.yaml'), content);
          return { argv: ['init', '--profile', path.join(dir, 'in.yaml'), '--home', path.join(dir, 'fresh')] };
        },
      };
    const reader = PROFILE_READERS[i % PROFILE_READERS.length]!;
    return {
      label: `${kind} #${i} as profile.yaml, ${reader.argv.join(' ')}`,
      readOnly: reader.readOnly,
      setup: (dir) => ({ argv: [...reader.argv, '--home', workspace(dir, { 'profile.yaml': content })] }),
    };
  });
}

function planJobs(kind: string, inputs: readonly (string | Uint8Array)[]): Job[] {
  return inputs.map((content, i) => {
    const reader = PLAN_READERS[i % PLAN_READERS.length]!;
    return {
      label: `${kind} #${i} as plans/x.yaml, ${reader.argv.join(' ')}`,
      readOnly: reader.readOnly,
      setup: (dir) => ({ argv: [...reader.argv, '--home', workspace(dir, { 'plans/x.yaml': content })] }),
    };
  });
}

// ---- inputs ------------------------------------------------------------------------------------

/** Random bytes, and random text made of YAML's own characters (more likely to get past the parser). */
const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 3000 });
const yamlish = fc
  .array(fc.constantFrom('a', 'b', ':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', ',', '"', "'", '#', '&x', '*x', '!!', '|', '>', '---', '...', '%YAML 1.1', '\t', '\u0000', 'é', '2027-02-29', '1e9', 'null', '~'), { maxLength: 400 })
  .map((xs) => xs.join(''));
const sample = <T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] => fc.sample(arb, { seed, numRuns: n });

/** `n` mappings, each nested in the one before (block style), and `n` nested flow lists. */
const deep = (n: number) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('')}${' '.repeat(n)}end\n`;
const deepFlow = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}\n`;
const aliasBomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n') + '\n';

/** The example profile with `from` replaced (it must be there). */
function edited(from: string, to: string): string {
  if (!EXAMPLE.includes(from)) throw new Error(`data/examples/profile.yaml no longer holds ${JSON.stringify(from)}`);
  return EXAMPLE.replace(from, to);
}

/** Every value of the example profile replaced by a value of the wrong kind (a list for text, text for a number, ...). */
function everyFieldWrong(kind: 'list' | 'map' | 'swap'): string {
  return EXAMPLE.split('\n')
    .map((line) => {
      const m = /^(\s*(?:- )?)([A-Za-z0-9]+):( +)([^#{\s][^#]*?)(\s*(#.*)?)$/.exec(line);
      if (!m || m[2] === 'schemaVersion') return line;
      const value = m[4]!;
      const wrong = kind === 'list' ? '[1, 2]' : kind === 'map' ? '{ x: 1 }' : /^\d/.test(value) ? '"text"' : /^(true|false)$/.test(value) ? '"yes"' : '12345';
      return `${m[1]}${m[2]}:${m[3]}${wrong}${m[5] ?? ''}`;
    })
    .join('\n');
}

describe('random and broken files: exit 2 with a clear message, nothing changed', () => {
  it('random bytes and YAML-like noise as profile.yaml, init --profile FILE and plans/x.yaml', async () => {
    const profiles = [...sample(randomBytes, 6, SEED), ...sample(yamlish, 6, SEED + 1)];
    const plans = [...sample(randomBytes, 4, SEED + 2), ...sample(yamlish, 4, SEED + 3)];
    const trackers = sample(yamlish, 4, SEED + 4).map((text, i) => ({
      label: `YAML-like noise #${i} as ${i % 2 ? 'outreach' : 'letters'}.yaml, regenerate --dry-run`,
      readOnly: true,
      setup: (dir: string) => ({ argv: ['regenerate', '--dry-run', '--home', workspace(dir, { [i % 2 ? 'outreach.yaml' : 'letters.yaml']: text })] }),
    }));
    const outcomes = await runAll([...profileJobs('random profile', profiles), ...planJobs('random plan', plans), ...trackers]);
    expectAllClean(outcomes);
    expect(outcomes.every((o) => o.status === 2)).toBe(true);
  });

  it('the example profile cut at 50 random offsets', async () => {
    const offsets = sample(fc.integer({ min: 0, max: EXAMPLE.length - 1 }), 50, SEED + 5);
    const outcomes = await runAll(profileJobs('example profile cut', offsets.map((n) => EXAMPLE.slice(0, n))));
    expectAllClean(outcomes);
    // Most cuts leave a required key out; a cut after the visa section is a valid profile.
    expect(tally(outcomes)['2']).toBeGreaterThan(25);
  });

  it('the plan cut at 12 random offsets', async () => {
    const plan = readFileSync(path.join(template, 'plans', 'match-2028.yaml'), 'utf8').replace('name: match-2028', 'name: x');
    const offsets = sample(fc.integer({ min: 0, max: plan.length - 1 }), 12, SEED + 6);
    expectAllClean(await runAll(planJobs('plan cut', offsets.map((n) => plan.slice(0, n)))));
  });

  it('deep nesting (3,000 levels, two documents in one run), a 6 MB file, an alias bomb', async () => {
    const big = `${EXAMPLE}${'# padding padding padding padding padding padding padding padding pad\n'.repeat(90_000)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(6_000_000);
    const jobs: Job[] = [
      ...profileJobs('3,000 nested mappings', [deep(3000), deep(3000), deep(3000)]),
      ...profileJobs('3,000 nested lists', [deepFlow(3000), deepFlow(3000), deepFlow(3000)]),
      ...planJobs('3,000 nested lists', [deepFlow(3000)]),
      {
        // Both trackers are read side by side: two deep documents in one process (yaml 2.9.1 crashes Node on the second).
        label: 'deep letters.yaml and deep outreach.yaml in one run',
        readOnly: true,
        setup: (dir) => ({ argv: ['regenerate', '--dry-run', '--home', workspace(dir, { 'letters.yaml': deepFlow(3000), 'outreach.yaml': deep(3000) })] }),
      },
      {
        // exam regenerates every plan, reading each one's generated base: two deep bases in one run.
        label: 'two deep plan bases in one exam run',
        setup: (dir) => ({
          argv: ['exam', 'step1', '--result', 'passed', '--date', '2025-03-14', '--home', workspace(dir, { '.imgplan/base/match-2028.yaml': deepFlow(3000), '.imgplan/base/what-if.yaml': deep(3000) })],
        }),
      },
      ...profileJobs('6 MB profile', [big, big, big]),
      ...profileJobs('alias bomb', [aliasBomb, edited('name: Amina Okafor', 'name: &n Amina Okafor\nalias: *n'), aliasBomb]),
    ];
    // The two-documents runs in a process of their own too: a crash there is the binary's own exit.
    const outcomes = [...(await runAll(jobs)), ...(await runAll(jobs.filter((j) => / in one /.test(j.label)), 'processes'))];
    expectAllClean(outcomes);
    // The two deep bases are imgplan's own records: refused, then replaced; the run succeeds.
    expect(outcomes.filter((o) => o.status === 0).map((o) => o.job.label)).toEqual(['two deep plan bases in one exam run', 'two deep plan bases in one exam run']);
  });

  it('__proto__ keys, wrong types in every field, absurd dates and control characters in files', async () => {
    const files = [
      edited('status: graduate ', '__proto__: { isAdmin: true }\nstatus: graduate '),
      edited('  country: Nigeria', '  country: Nigeria\n  __proto__: { polluted: yes }'),
      edited('targetSpecialties:', '"__proto__": [1]\nconstructor: { prototype: { x: 1 } }\ntargetSpecialties:'),
      everyFieldWrong('list'),
      everyFieldWrong('map'),
      everyFieldWrong('swap'),
      ...['0000-00-00', '9999-12-31', '2027-02-29', '0001-01-01', '2100-02-29', '+002027-01-01', '2027-1-4', '20270104'].map((d) => edited('earliestStart: 2027-01-04', `earliestStart: ${d}`)),
      edited('step2ck: { status: scheduled, date: 2027-04-20 }', 'step2ck: { status: scheduled, date: 9999-12-31 }'),
      edited('    start: 2025-10-06', '    start: 0100-01-01'),
      edited('name: Amina Okafor', 'name: "Amina\\u0007Okafor"'),
      edited('name: Amina Okafor', 'name: "Amina\\u001b[2JOkafor"'),
      edited('  name: University of Ibadan College of Medicine', '  name: "Ibadan\\nCollege"'),
      edited('    - { start: 2027-03-22, end: 2027-04-20, reason: Step 2 CK study }', '    - { start: 2027-03-22, end: 2027-04-20, reason: "\\u0000\\u007f" }'),
    ];
    const plan = readFileSync(path.join(template, 'plans', 'match-2028.yaml'), 'utf8').replace('name: match-2028', 'name: x');
    const plans = [
      plan.replace('\ntoday: 2026-11-25\n', '\ntoday: 0000-00-00\n'),
      plan.replace('\ntoday: 2026-11-25\n', '\ntoday: 9999-12-31\n'),
      plan.replace('\nmatchYear: 2028\n', '\nmatchYear: 99999999999999999999\n'),
      plan.replace('\nmatchYear: 2028\n', '\nmatchYear: -1\n'),
      plan.replace('\nname: x\n', '\nname: x\n__proto__: { isAdmin: true }\n'),
      plan.replace(/title: .*/, 'title: "bad\\u0007title"'),
    ];
    const outcomes = await runAll([...profileJobs('edited profile', files), ...planJobs('edited plan', plans)]);
    expectAllClean(outcomes);
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  });
});

describe('the batch runner', () => {
  it('gives what the binary gives, run by run: the same exit code, stdout and stderr', async () => {
    const cut = sample(fc.integer({ min: 0, max: EXAMPLE.length - 1 }), 4, SEED + 8).map((n) => EXAMPLE.slice(0, n));
    const jobs: Job[] = [
      ...profileJobs('cut profile', cut),
      ...profileJobs('random profile', sample(yamlish, 2, SEED + 9)),
      { label: 'status', readOnly: true, setup: (dir) => ({ argv: ['status', '--home', workspace(dir)] }) },
      { label: 'demo --json', readOnly: true, setup: () => ({ argv: ['demo', '--json'] }) },
      { label: 'unknown option', setup: () => ({ argv: ['demo', '--jsn'] }) },
      { label: 'bad --today', setup: () => ({ argv: ['--today', '2027-02-29', 'demo'] }) },
    ];
    const [batch, processes] = [await runAll(jobs, 'batch'), await runAll(jobs, 'processes')];
    // Each run had its own temp folder: compare with the folder's name left out.
    const seen = (o: Outcome) => ({ label: o.job.label, status: o.status, stdout: untemp(o.stdout), stderr: untemp(o.stderr) });
    for (const [i, b] of batch.entries()) expect(seen(b)).toEqual(seen(processes[i]!));
    expectAllClean([...batch, ...processes]);
  });
});

describe('arguments: exit 2 with a clear message, nothing changed', () => {
  it('absurd dates and control characters in every date, name and title argument', async () => {
    const dates = ['0000-00-00', '9999-12-31', '2027-02-29', '0001-01-01', '0100-01-01', '1970-01-01', '2027-12-32', '+002027-01-01', '2027-1-4', '', ' 2027-01-04', '2027-01-04\n'];
    const cmd = (argv: (ws: string) => string[], label: string, readOnly = false): Job => ({ label, readOnly, setup: (dir) => ({ argv: argv(workspace(dir)) }) });
    const jobs: Job[] = [
      ...dates.flatMap((d) => [
        cmd((ws) => ['--today', d, 'status', '--home', ws], `--today ${JSON.stringify(d)} status`, true),
        cmd((ws) => ['add', 'Visa interview', '--date', d, '--home', ws], `add --date ${JSON.stringify(d)}`),
      ]),
      ...['0000-00-00', '9999-12-31', '2027-02-29', '2035-12-31'].flatMap((d) => [
        cmd((ws) => ['exam', 'step2ck', '--result', 'scheduled', '--date', d, '--home', ws], `exam --date ${d}`),
        cmd((ws) => ['move', 'rotation-1', d, '--home', ws], `move rotation-1 ${d}`),
        cmd((ws) => ['--today', d, 'plan', 'new', 'late', '--home', ws], `--today ${d} plan new`),
      ]),
      { label: 'IMGPLAN_TODAY=9999-12-31 demo', readOnly: true, setup: () => ({ argv: ['demo'], env: { IMGPLAN_TODAY: '9999-12-31' } }) },
      { label: 'IMGPLAN_TODAY=0000-00-00 demo', readOnly: true, setup: () => ({ argv: ['demo'], env: { IMGPLAN_TODAY: '0000-00-00' } }) },
      cmd((ws) => ['add', 'bad\x07title', '--date', '2027-02-03', '--home', ws], 'add $\'bad\\x07title\''),
      cmd((ws) => ['add', 'two\nlines', '--date', '2027-02-03', '--home', ws], 'add a title with a newline'),
      cmd((ws) => ['add', '\x1b[2J\x1b[31mred', '--date', '2027-02-03', '--home', ws], 'add a title with terminal escapes'),
      cmd((ws) => ['add', ' ', '--date', '2027-02-03', '--home', ws], 'add a blank title'),
      cmd((ws) => ['add', 'x'.repeat(201), '--date', '2027-02-03', '--home', ws], 'add a 201-character title'),
      cmd((ws) => ['done', 'rot\x1b[31mation-1', '--home', ws], 'done with an escape in the id', true),
      cmd((ws) => ['plan', 'new', 'x\x07y', '--home', ws], 'plan new with a bell in the name'),
      cmd((ws) => ['plan', 'new', '../../escape', '--home', ws], 'plan new with a path in the name'),
      cmd((ws) => ['note', 'rotation-1', 'x'.repeat(4001), '--home', ws], 'note of 4001 characters'),
    ];
    const outcomes = await runAll(jobs);
    expectAllClean(outcomes);
    // Every absurd date is refused; the plausible ones (0100-01-01 and such as --today) may plan.
    for (const o of outcomes.filter((x) => /0000-00-00|2027-02-29|2027-12-32|\+002027|2027-1-4/.test(x.job.label))) expect(o.status, o.job.label).toBe(2);
  });

  it('--home pointing at a file, and at a path under a file', async () => {
    const commands = [['show'], ['status'], ['init', '--profile', EXAMPLE_PROFILE], ['history'], ['undo'], ['plan', 'list'], ['regenerate'], ['done', 'rotation-1'], ['exam', 'step1', '--result', 'passed', '--date', '2025-03-14']];
    const jobs: Job[] = commands.flatMap((argv) => [
      {
        label: `${argv[0]} --home FILE`,
        setup: (dir: string) => {
          writeFileSync(path.join(dir, 'file'), 'x');
          return { argv: [...argv, '--home', path.join(dir, 'file')] };
        },
      },
      {
        label: `${argv[0]} with IMGPLAN_HOME=FILE/sub`,
        setup: (dir: string) => {
          writeFileSync(path.join(dir, 'file'), 'x');
          return { argv, env: { IMGPLAN_HOME: path.join(dir, 'file', 'sub') } };
        },
      },
    ]);
    const outcomes = [...(await runAll(jobs)), ...(await runAll(jobs.slice(0, 2), 'processes'))];
    expectAllClean(outcomes);
    for (const o of outcomes) expect(o.stderr, o.job.label).toMatch(/^imgplan: .* is not a folder$/m);
  });

  it('random command lines', async () => {
    const words = [
      'init', 'show', 'demo', 'export', 'status', 'next', 'regenerate', 'done', 'skip', 'reopen', 'move', 'add', 'note', 'exam', 'plan', 'new', 'list', 'compare', 'history', 'undo', 'help',
      '--json', '--force', '--dry-run', '--gantt', '--help', '--version', '--no-color', '--debug', '--frob', '-x', '--', '-', '--home', '--today', '--plan', '--date', '--end', '--format', '--out',
      '--show', '--example', '--profile', '--result', '--score', '--match-year', '--weeks', '--externships', 'rotation-1', 'match-2028', 'step1', 'passed', 'md', 'x.md', '2027-02-29', '2027-05-10',
      '9999-12-31', '99999999999999999999', '-1', '1e3', 'NaN', '', ' ', '\x07', 'é', '../x', 'ws',
    ];
    const argvs = sample(fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 8 }), 24, SEED + 7);
    const jobs: Job[] = argvs.map((argv, i) => ({
      label: `random argv #${i}`,
      // undo may find nothing to undo (a workspace error, exit 1, with a hint).
      allow: argv.includes('undo') ? [0, 1] : [0],
      setup: (dir) => {
        workspace(dir);
        return { argv: argv.map((a) => (a === 'ws' ? path.join(dir, 'ws') : a)) };
      },
    }));
    const outcomes = await runAll(jobs);
    expectAllClean(outcomes);
    for (const o of outcomes.filter((x) => x.status === 1)) expect(o.stderr).toMatch(/^imgplan: there is nothing to undo$/m);
  });
});
