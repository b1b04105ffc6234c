// A plan lived with, through the built binary: tasks done, noted, added and pinned; exam results;
// regeneration that keeps all of it; dry runs; undo; hand edits of both files.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, run, snapshot, STACK_FRAME, type RunResult } from './helpers.js';
import { ok, type TaskData as SavedTask } from './tracker-kit.js';

afterAll(cleanupTemps);

interface TaskData extends SavedTask {
  note?: string;
  pinned?: boolean;
  dependsOn: string[];
}
interface PlanData {
  today: string;
  tasks: TaskData[];
  warnings: { code: string; message: string }[];
}

function workspace(): { home: string; imgplan: (args: string[], today?: string) => RunResult; planFile: string; profileFile: string } {
  const home = makeTemp('living');
  const imgplan = (args: string[], today?: string) => run(['--home', home, ...args], { env: today ? { IMGPLAN_TODAY: today } : {} });
  ok(imgplan(['init', '--profile', EXAMPLE_PROFILE]));
  return { home, imgplan, planFile: path.join(home, 'plans', 'match-2028.yaml'), profileFile: path.join(home, 'profile.yaml') };
}

const readPlan = (file: string): PlanData => parseYaml(readFileSync(file, 'utf8')) as PlanData;
const task = (plan: PlanData, id: string): TaskData => {
  const t = plan.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};

describe('a lived-in plan', () => {
  it('keeps everything the person did through an exam result and regeneration, byte for byte where untouched', () => {
    const ws = workspace();
    // A comment written by hand above a task, and one at the end of a line.
    const handmade = readFileSync(ws.planFile, 'utf8')
      .replace('  - id: exam-step2ck\n', '  # booked at the Lagos Prometric centre\n  - id: exam-step2ck\n')
      .replace('  - id: eras-submit\n', '  - id: eras-submit # the big day\n');
    writeFileSync(ws.planFile, handmade);

    ok(ws.imgplan(['done', 'exam-oet-study']));
    ok(ws.imgplan(['note', 'ecfmg-credentials', 'Registrar says 3 weeks']));
    const added = JSON.parse(ok(ws.imgplan(['add', 'Call Dr. Lee', '--date', '2026-12-02', '--json'])).stdout) as TaskData;
    expect(added).toMatchObject({ id: 'custom-call-dr-lee', kind: 'custom', start: '2026-12-02', end: '2026-12-02', status: 'todo' });
    const moved = ok(ws.imgplan(['move', 'rotation-2', '2027-06-07']));
    expect(moved.stdout).toContain('Moved and pinned');

    const before = readPlan(ws.planFile);
    const beforeText = readFileSync(ws.planFile, 'utf8');
    expect(task(before, 'rotation-2')).toMatchObject({ start: '2027-06-07', end: '2027-07-02', pinned: true });
    // The letter request follows the pinned rotation into its final week.
    expect(task(before, 'letter-request-rotation-2')).toMatchObject({ start: '2027-06-28', end: '2027-07-02' });

    // OET passed: its remaining tasks go, and the plan is regenerated around everything above.
    const exam = ok(ws.imgplan(['exam', 'oet', '--result', 'passed', '--date', '2026-11-20', '--json']));
    const examReport = JSON.parse(exam.stdout) as { plans: { plan: string; removed: { id: string }[] }[] };
    expect(examReport.plans[0]!.removed.map((t) => t.id)).toEqual(expect.arrayContaining(['exam-oet', 'exam-oet-result']));
    expect(readFileSync(ws.profileFile, 'utf8')).toContain('oet:     { status: passed, date: 2026-11-20 }');

    const after = readPlan(ws.planFile);
    expect(task(after, 'exam-oet-study')).toEqual(task(before, 'exam-oet-study'));
    expect(task(after, 'exam-oet-study').status).toBe('done');
    expect(task(after, 'ecfmg-credentials').note).toBe('Registrar says 3 weeks');
    expect(task(after, 'custom-call-dr-lee')).toEqual(added);
    expect(task(after, 'rotation-2')).toMatchObject({ start: '2027-06-07', end: '2027-07-02', pinned: true });
    const text = readFileSync(ws.planFile, 'utf8');
    expect(text).toContain('  # booked at the Lagos Prometric centre\n  - id: exam-step2ck\n');
    expect(text).toContain('  - id: eras-submit # the big day\n');

    // Lines of tasks nobody touched are byte-identical.
    const block = (t: string, id: string) => t.slice(t.indexOf(`  - id: ${id}`), t.indexOf('  - id:', t.indexOf(`  - id: ${id}`) + 5));
    for (const id of ['eras-token', 'nrmp-rank-list', 'custom-call-dr-lee', 'exam-oet-study']) {
      expect(block(text, id).length).toBeGreaterThan(50);
      expect(block(text, id)).toBe(block(beforeText, id));
    }
    // Only the lines that had to change differ: the removed OET tasks, today, and moved dates.
    const removedLines = beforeText.split('\n').filter((l) => !text.split('\n').includes(l));
    expect(removedLines.some((l) => l.includes('exam-oet-result'))).toBe(true);
    expect(removedLines.filter((l) => l.includes('#'))).toEqual([]);

    // A second regeneration changes nothing.
    const snap = snapshot(ws.home);
    const again = JSON.parse(ok(ws.imgplan(['regenerate', '--json'])).stdout) as { added: unknown[]; removed: unknown[]; moved: unknown[]; written: boolean };
    expect(again).toMatchObject({ added: [], removed: [], moved: [], written: false });
    expect(snapshot(ws.home)).toEqual(snap);
  });

  it('a failed exam plans the retake under the attempt rules and warns; undo restores the files exactly', () => {
    const ws = workspace();
    const planBefore = readFileSync(ws.planFile);
    const profileBefore = readFileSync(ws.profileFile);
    const r = JSON.parse(ok(ws.imgplan(['exam', 'step2ck', '--result', 'failed', '--date', '2026-11-20', '--json'])).stdout) as {
      record: Record<string, unknown>;
      plans: { warnings: { code: string; message: string }[] }[];
    };
    expect(r.record).toEqual({ status: 'failed', date: '2026-11-20', attempts: 1, firstAttempt: '2026-11-20' });
    const codes = r.plans[0]!.warnings.map((w) => w.code);
    expect(codes).toContain('step2ck-retake');
    const plan = readPlan(ws.planFile);
    expect(task(plan, 'exam-step2ck').title).toBe('Retake USMLE Step 2 CK');
    expect(task(plan, 'exam-step2ck').start > '2026-11-25').toBe(true);

    // A retake too late for ERAS: the warning names the next Match year.
    const late = JSON.parse(ok(ws.imgplan(['exam', 'step2ck', '--result', 'failed', '--date', '2027-07-01', '--json'], '2027-07-05')).stdout) as {
      record: Record<string, unknown>;
      plans: { warnings: { code: string; message: string }[] }[];
    };
    expect(late.record).toMatchObject({ attempts: 2, firstAttempt: '2026-11-20' });
    const warn = late.plans[0]!.warnings.find((w) => w.code === 'step2ck-after-application');
    expect(warn?.message).toContain('2029 Match');

    ok(ws.imgplan(['undo']));
    ok(ws.imgplan(['undo']));
    expect(readFileSync(ws.planFile)).toEqual(planBefore);
    expect(readFileSync(ws.profileFile)).toEqual(profileBefore);
  });

  it('a regeneration that changes no value leaves the files as they are, spacing the person typed included', () => {
    const ws = workspace();
    const text = readFileSync(ws.planFile, 'utf8');
    const title = /^ {4}title: (.+)$/m.exec(text.slice(text.indexOf('\ntasks:')))!;
    // The same title to imgplan (titles are trimmed), written differently.
    writeFileSync(ws.planFile, text.replace(title[0], `    title: "  ${title[1]}  "`));
    const snap = snapshot(ws.home);
    expect(ok(ws.imgplan(['regenerate'])).stdout).toContain('The plan was already up to date.');
    expect(snapshot(ws.home)).toEqual(snap);
  });

  it('--dry-run shows the changes after a hand edit of the profile and writes nothing; regenerate then applies them', () => {
    const ws = workspace();
    ok(ws.imgplan(['done', 'outreach-rotation-1']));
    writeFileSync(ws.profileFile, readFileSync(ws.profileFile, 'utf8').replace('weeksPerExternship: 4', 'weeksPerExternship: 6'));
    const snap = snapshot(ws.home);
    const dry = ok(ws.imgplan(['regenerate', '--dry-run']));
    expect(dry.stdout).toContain('dry run: nothing was written');
    expect(dry.stdout).toMatch(/~ .*rotation 2/);
    expect(snapshot(ws.home)).toEqual(snap);

    ok(ws.imgplan(['regenerate']));
    const plan = readPlan(ws.planFile);
    const r2 = task(plan, 'rotation-2');
    expect((Date.parse(r2.end) - Date.parse(r2.start)) / 86_400_000 + 1).toBe(40);
    expect(task(plan, 'outreach-rotation-1').status).toBe('done');
  });

  it('suggests the nearest ids for an unknown task, and refuses a plan edited into an invalid state without touching it', () => {
    const ws = workspace();
    const unknown = ws.imgplan(['done', 'rotaton-1']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('did you mean rotation-1');

    const broken = readFileSync(ws.planFile, 'utf8').replace(/(- id: rotation-1\n(?:.*\n)*?\s+start: )\d{4}-\d{2}-\d{2}/, '$12027-02-30');
    writeFileSync(ws.planFile, broken);
    const snap = snapshot(ws.home);
    for (const args of [['done', 'rotation-1'], ['regenerate'], ['exam', 'oet', '--result', 'passed', '--date', '2026-11-20'], ['show']]) {
      const r = ws.imgplan(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/match-2028\.yaml:\d+:\d+: tasks\[\d+\]\.start: must be a real calendar date/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
    expect(snapshot(ws.home)).toEqual(snap);
  });

  it('history lists the changes, newest first', () => {
    const ws = workspace();
    ok(ws.imgplan(['done', 'exam-oet-study']));
    const list = JSON.parse(ok(ws.imgplan(['history', '--json'])).stdout) as { seq: number; label: string }[];
    expect(list.map((e) => [e.seq, e.label])).toEqual([
      [2, 'done exam-oet-study'],
      [1, 'init (match-2028)'],
    ]);
  });
});

describe('status and what-if plans through the binary', () => {
  it('status (and next) show today; --json gives the same data', () => {
    const ws = workspace();
    const text = ok(ws.imgplan(['status'], '2027-01-10')).stdout;
    expect(text).toContain('Overdue');
    expect(text).toContain('Countdown');
    expect(text.split('\n').length).toBeLessThanOrEqual(25);
    expect(ok(ws.imgplan(['next'], '2027-01-10')).stdout).toBe(text);
    const data = JSON.parse(ok(ws.imgplan(['status', '--json'], '2027-01-10')).stdout) as { today: string; overdue: { id: string }[]; progress: { lettersWanted: number } };
    expect(data.today).toBe('2027-01-10');
    expect(data.overdue.map((t) => t.id)).toContain('outreach-rotation-1');
    expect(data.progress.lettersWanted).toBe(4);
  });

  it('status reads a hand edit, then keeps its parse for the next command in the cache folder', () => {
    const home = makeTemp('living');
    const cache = makeTemp('cache');
    const imgplan = (args: string[]) => run(['--home', home, ...args], { env: { XDG_CACHE_HOME: cache } });
    ok(imgplan(['init', '--profile', EXAMPLE_PROFILE]));
    const profileFile = path.join(home, 'profile.yaml');
    const edited = readFileSync(profileFile, 'utf8').replace(/lettersNeeded: 4/, 'lettersNeeded: 3');
    writeFileSync(profileFile, edited);
    const kept = () => {
      const dir = path.join(cache, 'imgplan', 'parsed');
      return Object.keys(snapshot(dir) ?? {}).filter((f) => f !== '.' && readFileSync(path.join(dir, f), 'utf8').includes(`\n${edited}\n`));
    };
    expect(kept()).toEqual([]);
    const first = ok(imgplan(['status', '--json'])).stdout;
    expect((JSON.parse(first) as { progress: { lettersWanted: number } }).progress.lettersWanted).toBe(3);
    expect(kept()).toHaveLength(1);
    expect(ok(imgplan(['status', '--json'])).stdout).toBe(first);
  });

  it('plan new, list and compare', () => {
    const ws = workspace();
    ok(ws.imgplan(['plan', 'new', 'match-2029', '--match-year', '2029', '--weeks', '6']));
    const list = JSON.parse(ok(ws.imgplan(['plan', 'list', '--json'])).stdout) as { name: string; matchYear: number }[];
    expect(list.map((p) => [p.name, p.matchYear])).toEqual([
      ['match-2028', 2028],
      ['match-2029', 2029],
    ]);
    const cmp = ok(ws.imgplan(['plan', 'compare', 'match-2028', 'match-2029'])).stdout;
    expect(cmp).toMatch(/Weeks each\s+4, 4, 4\s+6, 6, 6/);
    const bad = ws.imgplan(['plan', 'new', 'Bad Name']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(STACK_FRAME);
  });
});
