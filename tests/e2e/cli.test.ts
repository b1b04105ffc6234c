// End-to-end: the built binary, run as a person would, in a throwaway HOME and workspace.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  ANSI,
  EXAMPLE_PROFILE,
  ROOT,
  STACK_FRAME,
  TODAY,
  cleanupTemps,
  lineOf,
  makeTemp,
  modeOf,
  problemLines,
  run,
  snapshot,
  type RunResult,
} from './helpers.js';

afterAll(cleanupTemps);
// Every test spawns node one or more times (about 0.3 s each, more on a busy machine).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const EXAMPLE_TEXT = readFileSync(EXAMPLE_PROFILE, 'utf8');
const STUDENT_PROFILE = path.join(ROOT, 'data', 'examples', 'profile-us-citizen-student.yaml');
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_HEADING = new RegExp(`^(${MONTHS.join('|')}) (\\d{4})$`);

/** Exit 2 with a message on stderr, nothing that looks like a crash, and nothing on stdout. */
function expectUsageError(r: RunResult, message: string | RegExp): void {
  expect(r.timedOut).toBe(false);
  expect(r.status, r.stderr).toBe(2);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stdout).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toContain('internal error');
}

function expectOk(r: RunResult): void {
  expect(r.timedOut).toBe(false);
  expect(r.stderr).toBe('');
  expect(r.status, r.stderr).toBe(0);
}

/** A path for a workspace that does not exist yet. */
const freshHome = (): string => path.join(makeTemp('ws'), 'ws');

/** A workspace made by `init --profile data/examples/profile.yaml`. */
function initWorkspace(home = freshHome()): string {
  const r = run(['init', '--profile', 'data/examples/profile.yaml', '--home', home]);
  expectOk(r);
  return home;
}

const planPath = (home: string) => path.join(home, 'plans', 'match-2028.yaml');

describe('help and version', () => {
  it('--help lists the commands and the examples', () => {
    const r = run(['--help']);
    expectOk(r);
    const commands = r.stdout.slice(r.stdout.indexOf('Commands:'));
    for (const cmd of ['init', 'show', 'demo']) expect(commands).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
    expect(r.stdout).toContain('Examples:');
    for (const ex of ['$ imgplan demo', '$ imgplan init', '$ imgplan init --profile data/examples/profile.yaml', '$ imgplan show', '$ imgplan show --json'])
      expect(r.stdout).toContain(ex);
    expect(r.stdout).toContain('Exit codes: 0 done, 1 failure, 2 usage or input error, 130 cancelled.');
  });

  it.each([
    ['init', ['$ imgplan init --profile my-profile.yaml', '$ imgplan init --profile my-profile.yaml --home ~/imgplan-test --force']],
    ['show', ['$ imgplan show match-2028', '$ imgplan show --json > plan.json']],
    ['demo', ['$ imgplan demo --example us-citizen-student', '$ imgplan demo --today 2027-01-15 --json']],
  ])('%s --help shows its examples', (cmd, examples) => {
    const r = run([cmd, '--help']);
    expectOk(r);
    expect(r.stdout).toContain(`Usage: imgplan ${cmd}`);
    expect(r.stdout).toContain('Examples:');
    for (const ex of examples) expect(r.stdout).toContain(ex);
    // The global flags are shown under each command too.
    expect(r.stdout).toContain('--home <dir>');
  });

  it('--version prints the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = run([flag]);
      expectOk(r);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it('an unknown command exits 2 with a message and a suggestion', () => {
    const r = run(['shwo']);
    expectUsageError(r, "unknown command 'shwo'");
    expect(r.stderr).toContain('Did you mean show?');
    expectUsageError(run(['frobnicate']), "unknown command 'frobnicate'");
  });

  it('an unknown option exits 2 with a message', () => {
    expectUsageError(run(['--frob']), "unknown option '--frob'");
    const r = run(['demo', '--jsn']);
    expectUsageError(r, "unknown option '--jsn'");
    expect(r.stderr).toContain('Did you mean --json?');
    expectUsageError(run(['demo', '--example']), "option '--example <name>' argument missing");
  });
});

describe('demo', () => {
  it('prints the timeline of the example profile and writes nothing', () => {
    const home = makeTemp('home');
    const ws = makeTemp('ws');
    const r = run(['demo', '--home', ws], { env: { HOME: home } });
    expectOk(r);
    for (const text of ['Amina Okafor', 'Warnings', 'Key dates', 'rotation-1', 'Nothing is saved']) expect(r.stdout).toContain(text);
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(ws)).toEqual([]);
  });

  it('--json is the plan: milestones, tasks and warnings', () => {
    const home = makeTemp('home');
    const r = run(['demo', '--json'], { env: { HOME: home } });
    expectOk(r);
    expect(readdirSync(home)).toEqual([]);
    const plan = JSON.parse(r.stdout) as {
      matchYear: unknown;
      today: unknown;
      milestones: Record<string, unknown>[];
      tasks: Record<string, unknown>[];
      warnings: Record<string, unknown>[];
    };
    expect(plan.matchYear).toBe(2028);
    expect(plan.today).toBe(TODAY);

    expect(plan.milestones.length).toBeGreaterThan(0);
    for (const m of plan.milestones) {
      expect(m).toMatchObject({ id: expect.any(String), date: expect.stringMatching(DATE), estimated: expect.any(Boolean), source: expect.any(String) });
      expect(String(m.source).length).toBeGreaterThan(0);
    }
    const milestoneIds = plan.milestones.map((m) => m.id);
    for (const id of ['eras-opens', 'eras-submit', 'eras-programs-review', 'nrmp-registration-opens', 'rol-deadline', 'match-day', 'residency-start'])
      expect(milestoneIds).toContain(id);

    expect(plan.tasks.length).toBeGreaterThan(0);
    const ids = new Set([...plan.tasks.map((t) => t.id), ...milestoneIds]);
    for (const t of plan.tasks) {
      expect(t).toMatchObject({
        id: expect.any(String),
        kind: expect.any(String),
        title: expect.any(String),
        start: expect.stringMatching(DATE),
        end: expect.stringMatching(DATE),
        dependsOn: expect.any(Array),
        status: expect.stringMatching(/^(todo|done|skipped)$/),
        why: expect.any(String),
      });
      expect(String(t.start) <= String(t.end), `${String(t.id)} starts after it ends`).toBe(true);
      for (const dep of t.dependsOn as unknown[]) expect(ids, `${String(t.id)} depends on ${String(dep)}`).toContain(dep);
    }
    const rotations = plan.tasks.filter((t) => /^rotation-\d+$/.test(String(t.id)));
    expect(rotations.map((t) => t.id)).toContain('rotation-1');
    for (const t of plan.tasks.filter((t) => t.kind === 'externship' || rotations.includes(t))) {
      expect(t.kind).toBe('externship');
      expect(t.externshipType).toMatch(/^(observational|hands-on|research|community)$/);
    }
    const exams = plan.tasks.filter((t) => t.kind === 'exam');
    expect(exams.length).toBeGreaterThan(0);
    for (const t of exams) expect(t.exam).toMatch(/^(step1|step2ck|oet|step3)$/);

    expect(plan.warnings.length).toBeGreaterThan(0);
    for (const w of plan.warnings) expect(w).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    // 280 days before applications open: the plan is compressed.
    expect(plan.warnings.map((w) => w.code)).toContain('late-start');
  });

  it('--example us-citizen-student plans that example', () => {
    const r = run(['demo', '--example', 'us-citizen-student']);
    expectOk(r);
    expect(r.stdout).toContain('Daniel Reyes');
    expect(r.stdout).toContain('profile-us-citizen-student.yaml');
    const json = run(['demo', '--example', 'us-citizen-student', '--json']);
    expectOk(json);
    expect(JSON.parse(json.stdout)).toMatchObject({ matchYear: 2028, today: TODAY });
  });

  it('an unknown example exits 2 with a suggestion', () => {
    const r = run(['demo', '--example', 'us-citizen-studnt']);
    expectUsageError(r, 'imgplan: there is no example profile named "us-citizen-studnt"');
    expect(r.stderr).toMatch(/^hint: .*us-citizen-student/m);
    expect(r.stdout).toBe('');
  });
});

describe('init --profile', () => {
  it('saves the profile byte for byte and the plan, privately', () => {
    const home = freshHome();
    const r = run(['init', '--profile', 'data/examples/profile.yaml', '--home', home]);
    expectOk(r);
    expect(r.stdout).toContain('Plan match-2028');
    expect(r.stdout).toContain('Next up');
    expect(r.stdout).toContain(`Saved ${path.join(home, 'profile.yaml')}\n  and ${planPath(home)}\n`);

    expect(readFileSync(path.join(home, 'profile.yaml'))).toEqual(readFileSync(EXAMPLE_PROFILE));
    const plan = parseYaml(readFileSync(planPath(home), 'utf8')) as { name: string; matchYear: number; today: string };
    expect(plan).toMatchObject({ name: 'match-2028', matchYear: 2028, today: TODAY });

    // Nothing else is left behind (no lock, no temp file): only the plan's generated base and the
    // history of this first change, and everything is private.
    const snap = snapshot(home)!;
    expect(Object.keys(snap).sort()).toEqual([
      '.',
      '.imgplan',
      path.join('.imgplan', 'base'),
      path.join('.imgplan', 'base', 'match-2028.yaml'),
      path.join('.imgplan', 'history'),
      path.join('.imgplan', 'history', '000001'),
      path.join('.imgplan', 'history', '000001', 'entry.json'),
      'plans',
      path.join('plans', 'match-2028.yaml'),
      'profile.yaml',
    ]);
    expect(modeOf(home)).toBe(0o700);
    for (const [rel, e] of Object.entries(snap)) expect(e.mode, rel).toBe(e.type === 'dir' ? 0o700 : 0o600);
  });

  it('refuses to replace a workspace without --force, and changes nothing', () => {
    const home = initWorkspace();
    const before = snapshot(home);
    const r = run(['init', '--profile', STUDENT_PROFILE, '--home', home]);
    expectUsageError(r, `imgplan: a workspace already exists in ${home}`);
    expect(r.stderr).toMatch(/^hint: .*--force/m);
    expect(r.stdout).toBe('');
    expect(snapshot(home)).toEqual(before);
  });

  it('--force replaces it, keeps the old files in the history, and undo brings them back', () => {
    const home = initWorkspace();
    const oldProfile = readFileSync(path.join(home, 'profile.yaml'));
    const oldPlan = readFileSync(planPath(home));
    const r = run(['init', '--profile', STUDENT_PROFILE, '--home', home, '--force']);
    expectOk(r);
    expect(readFileSync(path.join(home, 'profile.yaml'))).toEqual(readFileSync(STUDENT_PROFILE));
    expect(readFileSync(planPath(home))).not.toEqual(oldPlan);

    const step = path.join(home, '.imgplan', 'history', '000002');
    const kept = readdirSync(step).filter((n) => n.startsWith('before-')).map((n) => readFileSync(path.join(step, n)).toString('base64'));
    expect(kept).toContain(oldProfile.toString('base64'));
    expect(kept).toContain(oldPlan.toString('base64'));
    for (const [rel, e] of Object.entries(snapshot(home)!)) expect(e.mode, rel).toBe(e.type === 'dir' ? 0o700 : 0o600);
    expectOk(run(['undo', '--home', home]));
    expect(readFileSync(path.join(home, 'profile.yaml'))).toEqual(oldProfile);
    expect(readFileSync(planPath(home))).toEqual(oldPlan);
  });

  it('--force with the same profile succeeds and leaves identical files', () => {
    const home = initWorkspace();
    const before = snapshot(home)!;
    expectOk(run(['init', '--profile', 'data/examples/profile.yaml', '--home', home, '--force']));
    const after = snapshot(home)!;
    for (const rel of ['profile.yaml', path.join('plans', 'match-2028.yaml')]) expect(after[rel]!.bytes).toBe(before[rel]!.bytes);
  });

  it('--json prints where it saved and the plan', () => {
    const home = freshHome();
    const r = run(['init', '--profile', 'data/examples/profile.yaml', '--home', home, '--json']);
    expectOk(r);
    const out = JSON.parse(r.stdout) as { home: string; profileFile: string; planFile: string; plan: { name: string } };
    expect(out).toMatchObject({ home, profileFile: path.join(home, 'profile.yaml'), planFile: planPath(home) });
    expect(out.plan).toEqual(parseYaml(readFileSync(planPath(home), 'utf8')));
    expect(out.plan.name).toBe('match-2028');
  });

  it('a profile file that does not exist exits 2', () => {
    const home = freshHome();
    expectUsageError(run(['init', '--profile', 'no/such/profile.yaml', '--home', home]), 'no/such/profile.yaml does not exist');
    expect(existsSync(home)).toBe(false);
  });
});

describe('show', () => {
  let home = '';
  beforeAll(() => {
    home = initWorkspace();
  });

  it('prints the timeline: warnings first, then the months in order', () => {
    const r = run(['show', '--home', home]);
    expectOk(r);
    const lines = r.stdout.split('\n');
    const warnings = lines.indexOf('Warnings');
    const months = lines.map((l, i) => [MONTH_HEADING.exec(l), i] as const).filter(([m]) => m !== null);
    expect(warnings).toBeGreaterThan(-1);
    expect(months.length).toBeGreaterThan(3);
    expect(warnings).toBeLessThan(months[0]![1]);
    const keys = months.map(([m]) => Number(m![2]) * 12 + MONTHS.indexOf(m![1]!));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(keys).size).toBe(keys.length);
    expect(lines[months[0]![1]]).toBe('November 2026');
    expect(r.stdout).toContain('rotation-1');
  });

  it('--json is the saved plan', () => {
    const r = run(['show', '--json', '--home', home]);
    expectOk(r);
    expect(JSON.parse(r.stdout)).toEqual(parseYaml(readFileSync(planPath(home), 'utf8')));
  });

  it('takes the plan name', () => {
    const named = run(['show', 'match-2028', '--home', home]);
    expectOk(named);
    expect(named.stdout).toBe(run(['show', '--home', home]).stdout);
  });

  it('an unknown plan exits 2 with a suggestion', () => {
    const r = run(['show', 'nope', '--home', home]);
    expectUsageError(r, 'imgplan: there is no plan named "nope"');
    expect(r.stderr).toMatch(/^hint: .*match-2028/m);
    const near = run(['show', 'match-2029', '--home', home]);
    expectUsageError(near, 'there is no plan named "match-2029"');
    expect(near.stderr).toContain('did you mean "match-2028"?');
  });

  it('in an empty home exits 2 and says to run init', () => {
    const empty = makeTemp('ws');
    const r = run(['show', '--home', empty]);
    expectUsageError(r, `imgplan: there is no plan in ${empty}`);
    expect(r.stderr).toMatch(/^hint: .*imgplan init/m);
    expect(readdirSync(empty)).toEqual([]);
    const missing = freshHome();
    expectUsageError(run(['show', '--home', missing]), 'imgplan init');
    expect(existsSync(missing)).toBe(false);
  });
});

describe('bad profiles', () => {
  /** The example profile with one line replaced (the line must exist). */
  const edit = (from: string, to: string): string => {
    if (!EXAMPLE_TEXT.includes(from)) throw new Error(`data/examples/profile.yaml no longer holds "${from}"`);
    return EXAMPLE_TEXT.replace(from, to);
  };

  interface Expected {
    line: number;
    /** The value or key column, when the problem points at one. */
    column?: number;
    /** The field named before the message, or null for a problem with the file as a whole. */
    field: string | null;
    message: string | RegExp;
  }
  interface Case {
    name: string;
    text: string;
    headline: string | RegExp;
    problems: Expected[];
    hint?: string | RegExp;
  }

  const col = (text: string, lineNo: number, needle: string) => text.split('\n')[lineNo - 1]!.indexOf(needle) + 1;
  const at = (text: string, lineNeedle: string, colNeedle: string) => {
    const line = lineOf(text, lineNeedle);
    return { line, column: col(text, line, colNeedle) };
  };

  const brokenDate = edit('earliestStart: 2027-01-04', 'earliestStart: 2027-02-30');
  const unknownKey = edit('  budgetUsd: 8000', '  budgetUSD: 8000');
  const wrongType = edit('graduationYear: 2024', 'graduationYear: soon');
  const syntax = edit('name: Amina Okafor', 'name: "Amina Okafor');
  const newer = edit('schemaVersion: 1', 'schemaVersion: 2');
  const past = edit('targetMatchYear: 2028', 'targetMatchYear: 2027');

  const cases: Case[] = [
    {
      name: 'a date that does not exist',
      text: brokenDate,
      headline: 'is not a valid profile',
      problems: [{ ...at(brokenDate, 'earliestStart:', '2027-02-30'), field: 'availability.earliestStart', message: '"2027-02-30"' }],
    },
    {
      name: 'an unknown key',
      text: unknownKey,
      headline: 'is not a valid profile',
      problems: [{ ...at(unknownKey, 'budgetUSD', 'budgetUSD'), field: 'preferences.budgetUSD', message: 'unknown key; did you mean "budgetUsd"?' }],
    },
    {
      name: 'a value of the wrong type',
      text: wrongType,
      headline: 'is not a valid profile',
      problems: [{ ...at(wrongType, 'graduationYear:', 'soon'), field: 'school.graduationYear', message: /must be a (whole )?number, got "soon"/ }],
    },
    {
      name: 'a YAML syntax error',
      text: syntax,
      headline: 'is not valid YAML',
      problems: [{ line: lineOf(syntax, 'name: "Amina'), field: null, message: /quote/ }],
    },
    {
      name: 'deeply nested input',
      text: '['.repeat(3000),
      headline: 'is nested too deeply',
      problems: [{ line: 1, column: 1, field: null, message: /levels deep/ }],
    },
    { name: 'an empty file', text: '', headline: 'is empty', problems: [{ line: 1, column: 1, field: null, message: 'holds no data' }] },
    {
      name: 'a newer schemaVersion',
      text: newer,
      headline: 'was written by a newer imgplan',
      problems: [{ ...at(newer, 'schemaVersion:', '2'), field: 'schemaVersion', message: /2 is newer/ }],
      hint: /upgrade imgplan/,
    },
    {
      name: 'a Match year whose applications went out already',
      text: past,
      headline: /2027 Match/,
      problems: [{ ...at(past, 'targetMatchYear:', '2027'), field: 'targetMatchYear', message: /2027/ }],
      hint: /2028/,
    },
  ];

  const dir = makeTemp('profiles');
  let workspace = '';
  beforeAll(() => {
    workspace = initWorkspace();
  });

  /** Checks the whole stderr: `imgplan: …`, one line per problem, `hint: …`, nothing else. */
  function expectReport(r: RunResult, file: string, c: Case): void {
    expectUsageError(r, c.headline);
    expect(r.stdout).toBe('');
    const lines = r.stderr.replace(/\n$/, '').split('\n');
    expect(lines.length, r.stderr).toBe(c.problems.length + 2);
    expect(lines[0]).toMatch(/^imgplan: \S/);
    expect(lines[0]).toMatch(typeof c.headline === 'string' ? new RegExp(c.headline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : c.headline);
    expect(lines.at(-1)).toMatch(/^hint: \S/);
    if (c.hint) expect(lines.at(-1)).toMatch(c.hint);
    const problems = problemLines(r.stderr, file);
    expect(problems.length, r.stderr).toBe(c.problems.length);
    for (const [i, p] of problems.entries()) {
      expect(lines[i + 1]).toBe(`  ${file}:${p.line}:${p.column}: ${p.rest}`);
      const want = c.problems[i]!;
      expect(p.line, lines[i + 1]).toBe(want.line);
      if (want.column !== undefined) expect(p.column, lines[i + 1]).toBe(want.column);
      let message = p.rest;
      if (want.field !== null) {
        expect(p.rest.startsWith(`${want.field}: `), lines[i + 1]).toBe(true);
        message = p.rest.slice(want.field.length + 2);
      } else {
        // A problem with the file itself names no field.
        expect(p.rest, lines[i + 1]).not.toMatch(/^[A-Za-z]+(\.[A-Za-z]+|\[\d+\])*: /);
      }
      if (typeof want.message === 'string') expect(message).toContain(want.message);
      else expect(message).toMatch(want.message);
    }
  }

  it.each(cases)('$name: exit 2, one line per problem, no workspace made', (c) => {
    const file = path.join(dir, `${c.name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, c.text);
    const home = freshHome();
    const r = run(['init', '--profile', file, '--home', home]);
    expectReport(r, file, c);
    expect(existsSync(home)).toBe(false);
  });

  it.each(cases)('$name: an existing workspace stays byte-identical, even with --force', (c) => {
    const file = path.join(dir, `force-${c.name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, c.text);
    const before = snapshot(workspace);
    const r = run(['init', '--profile', file, '--home', workspace, '--force']);
    expectReport(r, file, c);
    expect(snapshot(workspace)).toEqual(before);
  });
});

describe('no terminal', () => {
  it('init without --profile and without a terminal exits 2 at once, pointing at --profile', () => {
    const home = freshHome();
    const r = run(['init', '--home', home], { input: '', timeout: 10_000 });
    expect(r.timedOut).toBe(false);
    expectUsageError(r, 'imgplan: imgplan init asks its questions in a terminal, and this is not one');
    expect(r.stderr).toMatch(/^hint: .*imgplan init --profile FILE/m);
    expect(existsSync(home)).toBe(false);
  });
});

describe('today', () => {
  it('--today must be a real calendar date', () => {
    const r = run(['--today', '2026-02-30', 'demo']);
    expectUsageError(r, 'imgplan: --today must be a real calendar date written yyyy-MM-dd, not "2026-02-30"');
    expect(r.stdout).toBe('');
    expectUsageError(run(['demo', '--today', '26-11-25']), '--today must be a real calendar date');
  });

  it('IMGPLAN_TODAY is honoured, checked, and --today wins over it', () => {
    const r = run(['demo', '--json'], { env: { IMGPLAN_TODAY: '2027-01-15' } });
    expectOk(r);
    expect(JSON.parse(r.stdout).today).toBe('2027-01-15');
    const flag = run(['demo', '--json', '--today', '2027-02-01'], { env: { IMGPLAN_TODAY: '2027-01-15' } });
    expectOk(flag);
    expect(JSON.parse(flag.stdout).today).toBe('2027-02-01');
    expectUsageError(run(['demo'], { env: { IMGPLAN_TODAY: '2026-02-30' } }), 'imgplan: IMGPLAN_TODAY must be a real calendar date written yyyy-MM-dd, not "2026-02-30"');
  });
});

describe('time zones', () => {
  const zones = ['UTC', 'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Kiritimati'];

  it('demo --json is byte-identical in every zone', () => {
    const outputs = zones.map((TZ) => {
      const r = run(['demo', '--json'], { env: { TZ } });
      expectOk(r);
      return r.stdout;
    });
    for (const [i, out] of outputs.entries()) expect(out, zones[i]).toBe(outputs[0]);
  });

  it('init --json, the saved files and show --json are byte-identical in every zone', () => {
    const home = path.join(makeTemp('ws'), 'ws');
    const results = zones.map((TZ) => {
      rmSync(home, { recursive: true, force: true });
      const init = run(['init', '--profile', 'data/examples/profile.yaml', '--home', home, '--json'], { env: { TZ } });
      expectOk(init);
      const show = run(['show', '--json', '--home', home], { env: { TZ } });
      expectOk(show);
      const text = run(['show', '--home', home], { env: { TZ } });
      expectOk(text);
      return { init: init.stdout, show: show.stdout, text: text.stdout, plan: readFileSync(planPath(home), 'utf8') };
    });
    for (const [i, r] of results.entries()) expect(r, zones[i]).toEqual(results[0]);
  });

  it('without a pinned today, demo takes today in the profile’s zone (Africa/Lagos), not the machine’s', () => {
    const lagosToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    // A run straddling midnight in Lagos cannot be compared; try again (it is a matter of seconds).
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = lagosToday();
      // Africa/Lagos too: a machine in the profile's zone reads the date from local time, not from ICU.
      const outputs = [...zones, 'Africa/Lagos'].map((TZ) => {
        const r = run(['demo', '--json'], { env: { TZ, IMGPLAN_TODAY: undefined } });
        expectOk(r);
        return r.stdout;
      });
      if (lagosToday() !== before) continue;
      expect(JSON.parse(outputs[0]!).today).toBe(before);
      for (const [i, out] of outputs.entries()) expect(out, zones[i] ?? 'Africa/Lagos').toBe(outputs[0]);
      return;
    }
    throw new Error('midnight in Lagos kept moving under the test');
  });
});

describe('colour', () => {
  let home = '';
  beforeAll(() => {
    home = initWorkspace();
  });

  it('FORCE_COLOR=1 without NO_COLOR colours the output', () => {
    for (const args of [['demo'], ['show', '--home', home]]) {
      const r = run(args, { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
      expectOk(r);
      expect(r.stdout, args.join(' ')).toMatch(ANSI);
    }
  });

  it('--no-color or NO_COLOR=1 turns it off, even with FORCE_COLOR', () => {
    for (const args of [['demo'], ['show', '--home', home]]) {
      const flag = run([...args, '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
      expectOk(flag);
      expect(flag.stdout).not.toMatch(ANSI);
      const env = run(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
      expectOk(env);
      expect(env.stdout).not.toMatch(ANSI);
      expect(env.stdout).toBe(flag.stdout);
    }
  });

  it('output to a pipe has no colour by default', () => {
    const r = run(['demo'], { env: { NO_COLOR: undefined } });
    expectOk(r);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('errors carry no colour when it is off', () => {
    const r = run(['show', 'nope', '--home', home, '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expectUsageError(r, 'there is no plan named "nope"');
    expect(r.stderr).not.toMatch(ANSI);
  });
});

describe('workspace layout', () => {
  it('--home is created with private permissions even under a permissive parent', () => {
    const parent = makeTemp('parent');
    const home = path.join(parent, 'a', 'b');
    mkdirSync(path.join(parent, 'a'), { mode: 0o755 });
    expectOk(run(['init', '--profile', 'data/examples/profile.yaml', '--home', home]));
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(path.join(home, 'profile.yaml'))).toBe(0o600);
  });
});
