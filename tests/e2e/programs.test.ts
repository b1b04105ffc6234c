// Programs through the built binary: importing the fictional fixture (CSV and YAML), bad rows
// reported with their lines while the good rows are kept, a file with no good row refused with
// nothing changed, the ranking against the person on the application date (a program missed today
// but met then, and the reverse), signal advice, and the programs in status, the plan and exports.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, modeOf, ROOT, run, snapshot, STACK_FRAME, type RunResult } from './helpers.js';

afterAll(cleanupTemps);
vi.setConfig({ testTimeout: 90_000 });

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'programs-fictional.csv');
const BAD = path.join(ROOT, 'tests', 'fixtures', 'programs-fictional-bad.csv');
const YAML_FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'programs-fictional.yaml');

function ok(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

interface Row {
  id: string;
  program: string;
  group: string;
  misses: string[];
  reasons: string[];
  today: { group: string; misses: string[] };
  differsToday: boolean;
}
interface RankJson {
  applicationDate: string;
  atApplication: { step2ckScored: boolean; yearsSinceGraduation: number };
  now: { step2ckScored: boolean; yearsSinceGraduation: number };
  groups: { group: string; total: number; programs: Row[] }[];
  otherSpecialties: Record<string, number>;
  signals: { season: number; advice: string[] };
}

function workspace() {
  const home = makeTemp('programs');
  const imgplan = (args: string[]) => run(['--home', home, ...args]);
  ok(imgplan(['init', '--profile', EXAMPLE_PROFILE]));
  const rank = (args: string[] = []) => JSON.parse(ok(imgplan(['programs', 'rank', '--json', ...args])).stdout) as RankJson;
  const row = (view: RankJson, name: string) => view.groups.flatMap((g) => g.programs).find((r) => r.program === name)!;
  return { home, imgplan, rank, row };
}

describe('imgplan programs', () => {
  it('imports the fictional fixture, ranks it for the person on the application date, and undo takes it back', () => {
    const { home, imgplan, rank, row } = workspace();
    const programsFile = path.join(home, 'programs.yaml');
    const planFile = path.join(home, 'plans', 'match-2028.yaml');
    const planBefore = readFileSync(planFile);

    const imported = ok(imgplan(['programs', 'import', FIXTURE]));
    expect(imported.stdout).toContain(`Imported 6 programs from ${FIXTURE} (6 new, 0 updated); programs.yaml now holds 6.`);
    expect(modeOf(programsFile)).toBe(0o600);
    const saved = (parseYaml(readFileSync(programsFile, 'utf8')) as { programs: Record<string, unknown>[] }).programs;
    expect(saved[0]).toEqual({
      id: 'program-1',
      program: 'Riverbend Fictional Medical Center',
      specialty: 'internal-medicine',
      state: 'NY',
      visa: 'J-1',
      imgShare: 55,
      minStep2ck: 220,
      maxYearsSinceGraduation: 5,
      usceRequired: 'yes',
      service: 'ERAS',
      notes: 'fictional: needs a Step 2 CK score by the application date',
    });
    // The plan's program-list task reports the ranking, in the same step.
    const listTask = (parseYaml(readFileSync(planFile, 'utf8')) as { tasks: { id: string; why: string }[] }).tasks.find((t) => t.id === 'eras-program-list')!;
    expect(listTask.why).toMatch(/Of the 5 programs of your target specialties in programs\.yaml, as you will be on .*: 0 safer, 2 target, 0 reach, 3 out of reach/);
    const history = JSON.parse(ok(imgplan(['history', '--json'])).stdout) as { label: string; files: string[] }[];
    expect(history[0]!.label).toBe('programs import programs-fictional.csv');
    expect(history[0]!.files.sort()).toEqual(['.imgplan/base/match-2028.yaml', 'plans/match-2028.yaml', 'programs.yaml']);

    const view = rank();
    expect(view.applicationDate).toBe('2027-09-01');
    // Step 2 CK is booked for 20 Apr 2027: no score today, a result by the application date.
    expect([view.now.step2ckScored, view.atApplication.step2ckScored]).toEqual([false, true]);
    expect([view.now.yearsSinceGraduation, view.atApplication.yearsSinceGraduation]).toEqual([2, 3]);

    // Missed today (no Step 2 CK score yet), met on the application date.
    const riverbend = row(view, 'Riverbend Fictional Medical Center');
    expect(riverbend.group).not.toBe('miss');
    expect(riverbend.today.group).toBe('miss');
    expect(riverbend.today.misses).toEqual(['asks for Step 2 CK 220 or more, and you will have no score by 2026-11-25']);
    expect(riverbend.differsToday).toBe(true);
    // The reverse: within reach today, graduated too long ago by the application date.
    const lakeshore = row(view, 'Lakeshore Fictional Hospital');
    expect(lakeshore.group).toBe('miss');
    expect(lakeshore.misses).toEqual(['takes graduates of the last 2 years; you will be 3 years out']);
    expect(lakeshore.today.group).not.toBe('miss');
    expect(row(view, 'Granite Fictional University').misses).toEqual(['does not sponsor the J-1 you need']);
    expect(row(view, 'Summit Fictional Health').misses[0]).toMatch(/^takes applications through ResidencyCAS/);
    expect(row(view, 'Prairie Fictional Community Hospital').reasons).toContain('70% of its residents are IMGs');
    expect(view.otherSpecialties).toEqual({ 'obstetrics-gynecology': 1 });
    expect(view.signals.season).toBe(2025);
    expect(view.signals.advice[0]).toMatch(/^Internal Medicine: 3 gold \+ 12 silver program signals in the 2025 ERAS season \(that season's figure/);

    const text = ok(imgplan(['programs', 'rank'])).stdout;
    expect(text).toMatch(/^Programs · Internal Medicine, Family Medicine · match-2028/);
    expect(text).toMatch(/Target \(2\)\n  fit +\d+  Riverbend Fictional Medical Center  program-1/);
    expect(text).toContain('Out of reach on Wed 1 Sep 2027 (3)');
    expect(text).toContain('today: out of reach — asks for Step 2 CK 220 or more');
    expect(text).toContain('Signals (2025 ERAS season figures)');
    const limited = ok(imgplan(['programs', 'rank', '--limit', '1'])).stdout;
    expect(limited).toContain('… and 1 more (--limit 1)');
    const obgyn = rank(['--specialty', 'Obstetrics and Gynecology']);
    expect(obgyn.groups.flatMap((g) => g.programs).map((r) => r.program)).toEqual(["Harbor Fictional Women's Hospital"]);

    // Status and the exports (when asked) carry the counts.
    expect(ok(imgplan(['status'])).stdout).toMatch(/Programs +0 safer · 2 target · 0 reach · 3 out of reach, as you will be on Wed 1 Sep 2027/);
    expect(ok(imgplan(['export', '--format', 'md'])).stdout).not.toContain('Programs and budget');
    const md = ok(imgplan(['export', '--format', 'md', '--show', 'programs'])).stdout;
    expect(md).toContain('## Programs and budget');
    expect(md).toContain('  - Target: Riverbend Fictional Medical Center, Prairie Fictional Community Hospital');
    expect(md).not.toContain('**Budget:**');
    const json = JSON.parse(ok(imgplan(['export', '--format', 'json', '--show', 'programs'])).stdout) as { programs: { counts: Record<string, number> } };
    expect(json.programs.counts).toEqual({ safer: 0, target: 2, reach: 0, miss: 3 });
    expect(ok(imgplan(['export', '--format', 'html', '--show', 'programs'])).stdout).toContain('<section id="programs-budget">');

    // After a Step 2 CK below Riverbend's minimum, it is out of reach for a stated reason.
    ok(imgplan(['exam', 'step2ck', '--result', 'passed', '--date', '2026-11-20', '--score', '215']));
    expect(row(rank(), 'Riverbend Fictional Medical Center').misses).toEqual(['Step 2 CK 215 is below its stated minimum of 220']);
    ok(imgplan(['undo']));

    // Undo of the import restores the plan and removes programs.yaml.
    ok(imgplan(['undo']));
    expect(() => readFileSync(programsFile)).toThrow();
    expect(readFileSync(planFile)).toEqual(planBefore);
  });

  it('reports bad rows with their lines and fields, keeps the good rows, and updates rather than repeats on a second import', () => {
    const { home, imgplan } = workspace();
    const r = imgplan(['programs', 'import', BAD]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Imported 2 programs from ${BAD} (2 new, 0 updated)`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr.split('\n')).toEqual([
      `imgplan: 4 rows of ${BAD} were left out`,
      `  ${BAD}:4: visa: must be J-1, H-1B, both or none, got "H1"`,
      `  ${BAD}:5: specialty: "cardiology" is not a specialty imgplan knows; give its id or name, e.g. internal-medicine or Internal Medicine`,
      `  ${BAD}:5: imgShare: must be a percent such as 45 or 45%, got "lots"`,
      `  ${BAD}:6: usceRequired: must be yes, no or preferred, got "maybe"`,
      `  ${BAD}:6: state: is required`,
      `  ${BAD}:7: repeats Alder Fictional Medical Center (internal-medicine) from line 3; keep one row for it`,
      'hint: fix them and import the file again; programs already imported are updated, not repeated',
      '',
    ]);
    const list = JSON.parse(ok(imgplan(['programs', 'list', '--json'])).stdout) as { id: string; program: string }[];
    expect(list.map((p) => [p.id, p.program])).toEqual([
      ['program-1', 'Alder Fictional Medical Center'],
      ['program-2', 'Elm Fictional Hospital'],
    ]);

    // YAML: a programs: list, keys matched loosely; the bad item reported with its line.
    const y = imgplan(['programs', 'import', YAML_FIXTURE, '--json']);
    expect(y.status).toBe(0);
    const out = JSON.parse(y.stdout) as { added: string[]; skipped: number; problems: { line: number; field: string }[]; total: number };
    expect(out).toMatchObject({ added: ['program-3'], skipped: 1, total: 3 });
    expect(out.problems).toEqual([{ file: YAML_FIXTURE, line: 16, field: 'imgShare', message: 'must be at most 100, got "250"' }]);

    // The same file again changes nothing; a --dry-run writes nothing.
    const snap = snapshot(home);
    expect(ok(imgplan(['programs', 'import', FIXTURE, '--dry-run'])).stdout).toContain('Checked 6 programs');
    expect(snapshot(home)).toEqual(snap);
    ok(imgplan(['programs', 'import', FIXTURE]));
    const again = ok(imgplan(['programs', 'import', FIXTURE])).stdout;
    expect(again).toContain('(0 new, 0 updated, 6 unchanged); programs.yaml now holds 9.');
  });

  it('refuses a file with no good row, a bad header and bad flags, changing nothing', () => {
    const { home, imgplan } = workspace();
    const dir = makeTemp('program-files');
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    };
    const snap = snapshot(home);
    const cases: [string[], string][] = [
      [['programs', 'import', write('all-bad.csv', 'program,specialty,state,visa,imgShare,minStep2ck,maxYearsSinceGraduation,usceRequired,service\nA,internal-medicine,NY,H1,35,,,yes,ERAS\n')], 'no program in'],
      [['programs', 'import', write('empty.csv', 'program,specialty,state,visa,imgShare,minStep2ck,maxYearsSinceGraduation,usceRequired,service\n')], 'lists no programs'],
      [['programs', 'import', write('header.csv', 'name,specialty\nA,internal-medicine\n')], 'does not start with a header row naming the program columns'],
      [['programs', 'import', write('list.xlsx', 'x')], 'is neither a .csv nor a .yaml file'],
      [['programs', 'import', path.join(dir, 'missing.csv')], 'does not exist'],
      [['programs', 'rank', '--specialty', 'cardiology'], '--specialty must be a specialty id or name'],
      [['programs', 'rank', '--limit', '0'], '--limit must be a whole number from 1 to 1000'],
    ];
    for (const [args, message] of cases) {
      const r = imgplan(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stdout).toBe('');
    }
    expect(imgplan(cases[0]![0]).stderr).toContain('all-bad.csv:2: visa: must be J-1, H-1B, both or none, got "H1"');
    expect(snapshot(home)).toEqual(snap);
  });
});
