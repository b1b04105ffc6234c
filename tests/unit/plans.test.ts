// What-if plans (src/commands/plans.ts, src/render/compare.ts): `plan new` saves a plan and its
// base in one step or refuses and writes nothing; `plan list` and `plan compare` report the facts
// that tell plans apart, as text fitted to the width and as JSON.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Deps } from '../../src/commands/deps.js';
import { runInit } from '../../src/commands/init.js';
import { runPlanCompare, runPlanList, runPlanNew, type PlanListEntry } from '../../src/commands/plans.js';
import { calendarDate, daysBetween } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import type { Milestone, Plan, Task } from '../../src/domain/plan.js';
import { compareData, renderCompare, type CompareData } from '../../src/render/compare.js';
import { listHistory } from '../../src/store/history.js';
import { parsePlan, parseProfile } from '../../src/store/workspace.js';

const d = calendarDate;
let home: string;
let out: string[];
let err: string[];

function deps(columns = 80): Deps {
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    env: {},
    canPrompt: false,
    color: false,
    rows: 24,
    cwd: process.cwd(),
    columns,
    home,
    today: () => d('2026-11-25'),
  };
}

/** What the command printed since the last call, and forget it. */
function printed(): string {
  const text = out.join('');
  out = [];
  return text;
}

const at = (rel: string) => path.join(home, rel);
const readPlanFile = (name: string): Plan => parsePlan(name, fs.readFileSync(at(`plans/${name}.yaml`), 'utf8')).value;
const rotations = (plan: Plan) => plan.tasks.filter((t) => t.kind === 'externship');
/** Rotations run Monday to the Friday of their last week: 7 * weeks - 2 days, inclusive. */
const weeksOf = (t: Task) => (daysBetween(t.start, t.end) + 3) / 7;

/** Every file under the workspace with its content, to show a refused command wrote nothing. */
function snapshot(dir = home): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(home, file)] = fs.readFileSync(file, 'utf8');
    }
  return files;
}

async function inputError(run: Promise<unknown>): Promise<InputError> {
  const e = await run.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  expect((e as InputError).exitCode).toBe(2);
  return e as InputError;
}

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'imgplan-plans-'));
  out = [];
  err = [];
  await runInit({ profile: 'data/examples/profile.yaml' }, deps());
  out = [];
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('plan new', () => {
  it('saves a plan for another Match year with longer rotations, and its base, as one step', async () => {
    expect(await runPlanNew('later-long', { matchYear: '2029', weeks: '6' }, deps())).toBe(0);

    const plan = readPlanFile('later-long');
    expect(plan.name).toBe('later-long');
    expect(plan.matchYear).toBe(2029);
    expect(plan.applicationDate).toBe('2028-09-06');
    expect(plan.overrides).toStrictEqual({ weeksPerExternship: 6 });
    expect(rotations(plan).map(weeksOf)).toStrictEqual([6, 6, 6]);
    const base = parsePlan('base', fs.readFileSync(at('.imgplan/base/later-long.yaml'), 'utf8')).value;
    expect(base).toStrictEqual(plan);
    // The profile's own plan is untouched, and keeps its 4-week rotations.
    expect(rotations(readPlanFile('match-2028')).map(weeksOf)).toStrictEqual([4, 4, 4]);

    const history = await listHistory(home);
    expect(history.map((h) => h.label)).toStrictEqual(['init (match-2028)', 'plan new later-long']);
    expect(history[1]!.files.map((f) => f.path).sort()).toStrictEqual([path.join('.imgplan', 'base', 'later-long.yaml'), path.join('plans', 'later-long.yaml')]);

    const text = printed();
    expect(text.split('\n')[0]).toBe('Plan later-long · Match 2029');
    expect(text).toContain(`Saved ${at('plans/later-long.yaml')}\n`);
    expect(text).toContain('Compare: imgplan plan compare match-2028 later-long\n');
  });

  it('keeps overrides to the flags given, and prints the plan as JSON', async () => {
    await runPlanNew('one-rotation', { externships: '1', json: true }, deps());
    const json = JSON.parse(printed()) as Plan;
    expect(json.matchYear).toBe(2028);
    expect(json.overrides).toStrictEqual({ externships: 1 });
    expect(rotations(json).map((t) => t.id)).toStrictEqual(['rotation-1']);
    expect(readPlanFile('one-rotation')).toStrictEqual(json);

    // No flags: no overrides at all, so later regenerations follow the profile.
    await runPlanNew('same-again', {}, deps());
    expect(readPlanFile('same-again').overrides).toBeUndefined();
  });

  it.each([
    ['Later', {}, 'bad-plan-name', 'NAME must be 1 to 40 lowercase letters, digits and single dashes, not "Later"'],
    ['a--b', {}, 'bad-plan-name', 'NAME must be 1 to 40 lowercase letters, digits and single dashes, not "a--b"'],
    ['', {}, 'bad-plan-name', 'NAME must be 1 to 40 lowercase letters, digits and single dashes, not ""'],
    ['x'.repeat(41), {}, 'bad-plan-name', `NAME must be 1 to 40 lowercase letters, digits and single dashes, not "${'x'.repeat(41)}"`],
    ['later', { matchYear: 'next' }, 'bad-match-year', '--match-year must be a Match year from 2026 to 2035, not "next"'],
    ['later', { matchYear: '2040' }, 'bad-match-year', '--match-year must be a Match year from 2026 to 2035, not "2040"'],
    ['later', { matchYear: '2027' }, 'match-year-passed', 'applications for the 2027 Match have already gone out, so --match-year 2027 cannot be planned'],
    ['later', { weeks: '1' }, 'bad-weeks', '--weeks must be a whole number from 2 to 26, not "1"'],
    ['later', { weeks: '4.5' }, 'bad-weeks', '--weeks must be a whole number from 2 to 26, not "4.5"'],
    ['later', { weeks: '27' }, 'bad-weeks', '--weeks must be a whole number from 2 to 26, not "27"'],
    ['later', { externships: '9' }, 'bad-externships', '--externships must be a whole number from 0 to 8, not "9"'],
    ['match-2028', {}, 'plan-exists', 'there is already a plan named "match-2028"'],
    ['match-2029', {}, 'name-year-mismatch', 'a plan named match-2029 must be for the 2029 Match, not 2028'],
  ] as const)('refuses %j %j (%s) and writes nothing', async (name, opts, code, message) => {
    const before = snapshot();
    const e = await inputError(runPlanNew(name, opts, deps()));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(snapshot()).toStrictEqual(before);
    expect(out).toStrictEqual([]);
  });

  it('points a passed Match year at the first one still open', async () => {
    const e = await inputError(runPlanNew('later', { matchYear: '2026' }, deps()));
    expect(e.hint).toBe('the first Match still open is 2028: --match-year 2028');
  });

  it('replaces an existing plan afresh with --force', async () => {
    await runPlanNew('match-2028', { weeks: '3', force: true }, deps());
    const plan = readPlanFile('match-2028');
    expect(plan.overrides).toStrictEqual({ weeksPerExternship: 3 });
    expect(rotations(plan).map(weeksOf)).toStrictEqual([3, 3, 3]);
    expect((await listHistory(home)).map((h) => h.label)).toStrictEqual(['init (match-2028)', 'plan new match-2028']);
  });
});

describe('plan list', () => {
  beforeEach(async () => {
    await runPlanNew('later-long', { matchYear: '2029', weeks: '6' }, deps());
    out = [];
  });

  it('shows every plan in a table, marking the profile’s own', async () => {
    await runPlanList({}, deps(100));
    const total = (name: string) => readPlanFile(name).tasks.length;
    expect(printed().split('\n')).toStrictEqual([
      '  Plan        Match  Applications  Rotations  Done  Warnings  Overrides',
      `  later-long  2029   6 Sep 2028    3 × 6 wk   0/${total('later-long')}  0         6 weeks each`,
      `* match-2028  2028   1 Sep 2027    3 × 4 wk   0/${total('match-2028')}  1         none`,
      '',
      "* the profile's plan (match-2028), used when a command names none",
      '',
    ]);
  });

  it('pads the columns the same in colour', async () => {
    await runPlanList({}, deps(100));
    const plain = printed();
    await runPlanList({}, { ...deps(100), color: true });
    const coloured = printed();
    expect(coloured).not.toBe(plain);
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });

  it('falls back to a paragraph per plan when the table is wider than the terminal', async () => {
    await runPlanList({}, deps(20));
    const lines = printed().trimEnd().split('\n');
    const total = readPlanFile('later-long').tasks.length;
    expect(lines.slice(0, 4)).toStrictEqual([
      'later-long',
      '    Match 2029  applications 6 Sep 2028',
      `    rotations 3 × 6 wk  0/${total} done`,
      '    0 warnings  overrides: 6 weeks each',
    ]);
    expect(lines).toContain('* match-2028');
    expect(lines).toContain('    1 warning  overrides: none');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
  });

  it('prints the same facts as a JSON array', async () => {
    await runPlanList({ json: true }, deps());
    const list = JSON.parse(printed()) as PlanListEntry[];
    expect(list.map((p) => [p.name, p.default, p.matchYear, p.applicationDate, p.overrides, p.rotations, p.warnings])).toStrictEqual([
      ['later-long', false, 2029, '2028-09-06', { weeksPerExternship: 6 }, { count: 3, weeks: [6, 6, 6] }, 0],
      ['match-2028', true, 2028, '2027-09-01', {}, { count: 3, weeks: [4, 4, 4] }, 1],
    ]);
    expect(list[1]!.tasks).toStrictEqual({ done: 0, total: readPlanFile('match-2028').tasks.length });
  });
});

describe('plan compare', () => {
  beforeEach(async () => {
    await runPlanNew('later-long', { matchYear: '2029', weeks: '6' }, deps());
    out = [];
  });

  /** The lines of the row labelled `label` (its first and the ones with a blank label), as the two plans' cells. */
  function row(text: string, label: string): [string, string][] {
    const lines = text.split('\n');
    const first = lines[0]!.indexOf('match-2028');
    const second = lines[0]!.indexOf('later-long');
    const start = lines.findIndex((l) => l.startsWith(label));
    expect(start, `no row ${label}`).toBeGreaterThanOrEqual(0);
    let end = start + 1;
    while (end < lines.length && lines[end]!.trim() !== '' && lines[end]!.slice(0, first).trim() === '') end++;
    return lines.slice(start, end).map((l) => [l.slice(first, second).trim(), l.slice(second).trim()]);
  }

  it('sets the two plans side by side: dates, rotations, letters, exams and warnings', async () => {
    await runPlanCompare('match-2028', 'later-long', {}, deps(80));
    const text = printed();
    expect(text.split('\n')[0]).toBe('                    match-2028                     later-long');
    expect(row(text, 'Match year')).toStrictEqual([['2028', '2029']]);
    expect(row(text, '  Applications (A)')).toStrictEqual([['Wed 1 Sep 2027  ~ estimated', 'Wed 6 Sep 2028  ~ estimated']]);
    expect(row(text, '  Programs review')).toStrictEqual([['Wed 22 Sep 2027  ~ estimated', 'Wed 27 Sep 2028  ~ estimated']]);
    expect(row(text, '  Count')).toStrictEqual([['3', '3']]);
    expect(row(text, '  Weeks each')).toStrictEqual([['4, 4, 4', '6, 6, 6']]);
    expect(row(text, '  First starts')).toStrictEqual([['Mon 26 Apr 2027', 'Mon 6 Sep 2027']]);
    expect(row(text, '  Last ends')).toStrictEqual([['Fri 16 Jul 2027', 'Fri 7 Jan 2028']]);
    expect(row(text, 'Letters by review')).toStrictEqual([['4 (1 in hand, 3 uploaded)', '4 (1 in hand, 3 uploaded)']]);
    expect(row(text, 'Warnings')).toStrictEqual([['late-start', 'none']]);
    expect(row(text, 'Exam sittings')).toStrictEqual([
      ['exam-oet Wed 23 Dec 2026', 'exam-oet Fri 1 Jan 2027'],
      ['exam-step2ck Tue 20 Apr 2027', 'exam-step2ck Tue 20 Apr 2027'],
    ]);
    expect(row(text, '  Types')).toStrictEqual([
      ['observational', 'observational'],
      ['community', 'community'],
    ]);
    expect(text).toContain('~ estimated dates are projected by a rule');
    for (const l of text.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('prints the same facts as JSON, with the warnings’ messages', async () => {
    await runPlanCompare('match-2028', 'later-long', { json: true }, deps());
    const { a, b } = JSON.parse(printed()) as CompareData;
    expect([a.name, a.matchYear, b.name, b.matchYear]).toStrictEqual(['match-2028', 2028, 'later-long', 2029]);
    expect(a.milestones.map((m) => [m.id, m.date, m.estimated])).toStrictEqual([
      ['eras-submit', '2027-09-01', true],
      ['eras-programs-review', '2027-09-22', true],
      ['rol-deadline', '2028-03-01', true],
      ['match-day', '2028-03-17', true],
    ]);
    expect(b.milestones.find((m) => m.id === 'eras-submit')?.date).toBe('2028-09-06');
    expect([a.rotations.weeks, b.rotations.weeks]).toStrictEqual([
      [4, 4, 4],
      [6, 6, 6],
    ]);
    expect([a.rotations.firstStart, a.rotations.lastEnd, b.rotations.firstStart, b.rotations.lastEnd]).toStrictEqual(['2027-04-26', '2027-07-16', '2027-09-06', '2028-01-07']);
    expect(a.letters).toStrictEqual({ expected: 4, inHand: 1, fromRotations: 3, by: '2027-09-22' });
    expect(a.exams.map((e) => e.id)).toStrictEqual(['exam-oet', 'exam-step2ck']);
    expect(a.exams[1]!.date).toBe('2027-04-20');
    expect(a.warnings.map((w) => w.code)).toStrictEqual(['late-start']);
    expect(a.warnings[0]!.message).toMatch(/^Less than 12 months remain before applications go out on 1 Sep 2027/);
    expect(b.warnings).toStrictEqual([]);
  });

  it('suggests the nearest names for an unknown plan', async () => {
    const e = await inputError(runPlanCompare('match-2O28', 'later-long', {}, deps()));
    expect(e.code).toBe('unknown-plan');
    expect(e.message).toBe('there is no plan named "match-2O28"');
    expect(e.hint).toBe('did you mean "match-2028"?');
  });

  it('fits every width, stacking labels over values when the columns are narrow', async () => {
    const long = `what-if-${'x'.repeat(32)}`;
    await runPlanNew(long, { matchYear: '2029' }, deps());
    out = [];
    for (const width of [20, 40, 51, 52, 64, 120]) {
      await runPlanCompare('match-2028', long, {}, deps(width));
      const lines = printed().trimEnd().split('\n');
      for (const l of lines) expect(l.length, `${width}: ${l}`).toBeLessThanOrEqual(Math.max(40, width));
      // A name wider than its column is cut, not wrapped into the next one.
      expect(lines[0]!.endsWith(width > 100 ? long : '…')).toBe(true);
      expect(lines.includes('Match year')).toBe(width < 52);
    }
  });
});

describe('compareData', () => {
  const milestone = (id: Milestone['id'], date: string): Milestone => ({ id, title: id, date: d(date), estimated: false, source: 'test' });
  const task = (id: string, kind: Task['kind'], start: string, end: string, extra: Partial<Task> = {}): Task => ({
    id,
    kind,
    title: id,
    start: d(start),
    end: d(end),
    status: 'todo',
    why: 'test',
    dependsOn: [],
    ...extra,
  });
  const plan: Plan = {
    schemaVersion: 1,
    name: 'hand-built',
    matchYear: 2028,
    today: d('2026-11-25'),
    applicationDate: d('2027-09-01'),
    milestones: [milestone('eras-submit', '2027-09-01'), milestone('eras-programs-review', '2027-09-22')],
    tasks: [
      task('rotation-1', 'externship', '2027-05-03', '2027-05-28', { externshipType: 'hands-on' }),
      task('rotation-2', 'externship', '2027-06-07', '2027-06-18', { status: 'skipped', externshipType: 'research' }),
      task('rotation-3', 'externship', '2027-07-05', '2027-08-13', { status: 'done', externshipType: 'community' }),
      task('letter-upload-rotation-1', 'letter-upload', '2027-05-29', '2027-09-21'),
      task('letter-upload-on-the-day', 'letter-upload', '2027-08-14', '2027-09-22', { status: 'done' }),
      task('letter-upload-too-late', 'letter-upload', '2027-08-14', '2027-09-23'),
      task('letter-upload-skipped', 'letter-upload', '2027-06-19', '2027-07-01', { status: 'skipped' }),
      task('exam-step2ck-study', 'exam', '2027-02-22', '2027-04-19', { exam: 'step2ck' }),
      task('exam-step2ck', 'exam', '2027-04-20', '2027-04-20', { exam: 'step2ck' }),
      task('exam-step2ck-result', 'exam', '2027-04-21', '2027-06-15', { exam: 'step2ck' }),
      task('exam-practice', 'custom', '2027-03-01', '2027-03-01'),
    ],
    warnings: [],
  };
  const example = parseProfile('profile.yaml', fs.readFileSync('data/examples/profile.yaml', 'utf8')).value;
  const usce = example.usce[0]!;
  const profile = { ...example, usce: [usce, { ...usce, letter: false }, { ...usce, kind: 'research' as const, letter: true }] };

  it('counts letters in hand plus uploads due by the review date that are not skipped', () => {
    const { a } = compareData(plan, plan, profile);
    expect(a.letters).toStrictEqual({ expected: 4, inHand: 2, fromRotations: 2, by: '2027-09-22' });
  });

  it('counts rotations and sittings still part of the plan', () => {
    const { a } = compareData(plan, plan, profile);
    expect(a.rotations).toStrictEqual({ count: 2, weeks: [4, 6], types: ['hands-on', 'community'], firstStart: '2027-05-03', lastEnd: '2027-08-13' });
    expect(a.exams).toStrictEqual([{ id: 'exam-step2ck', date: '2027-04-20' }]);
    // Missing milestones are left out, and shown as "none".
    expect(a.milestones.map((m) => m.id)).toStrictEqual(['eras-submit', 'eras-programs-review']);
    expect(renderCompare(compareData(plan, plan, profile), { color: false, width: 80 })).toContain(
      '  Match Day         none                           none',
    );
  });

  it('lays out coloured text exactly like plain text', () => {
    const data = compareData(plan, { ...plan, name: 'other' }, profile);
    for (const width of [40, 80]) {
      const coloured = renderCompare(data, { color: true, width });
      expect(coloured).not.toBe(stripVTControlCharacters(coloured));
      expect(stripVTControlCharacters(coloured)).toBe(renderCompare(data, { color: false, width }));
    }
  });

  it('counts no uploads when the plan has no review date', () => {
    const { a } = compareData({ ...plan, milestones: [] }, plan, profile);
    expect(a.letters).toStrictEqual({ expected: 2, inHand: 2, fromRotations: 0, by: null });
  });
});
