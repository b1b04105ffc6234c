// The terminal Gantt chart (`show --gantt`): a hand-made plan whose days map onto columns two to a
// cell, so every bar, mark and the today line can be checked cell by cell; widths; and golden
// files for both example profiles. Refresh the goldens with
// UPDATE_GOLDEN=1 npx vitest run tests/unit/gantt.test.ts
import { describe, it, expect } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import aminaYaml from '../../data/examples/profile.yaml';
import danielYaml from '../../data/examples/profile-us-citizen-student.yaml';
import { calendarDate } from '../../src/domain/dates.js';
import type { Milestone, Plan, Task } from '../../src/domain/plan.js';
import { profileSchema } from '../../src/domain/profile.js';
import { referenceData } from '../../src/reference/index.js';
import { generatePlan } from '../../src/engine/index.js';
import { renderGantt } from '../../src/render/gantt.js';
import { expectGolden } from '../support/golden.js';

const d = calendarDate;
const data = referenceData();
const profiles = { profile: aminaYaml, 'profile-us-citizen-student': danielYaml };
const EXAMPLE_TODAY = d('2026-11-25');

function examplePlan(yaml: unknown): Plan {
  return generatePlan({ profile: profileSchema().parse(yaml), data, today: EXAMPLE_TODAY, name: 'match-2028' });
}

function task(id: string, kind: Task['kind'], title: string, start: string, end: string, extra: Partial<Task> = {}): Task {
  return { id, kind, title, start: d(start), end: d(end), status: 'todo', why: `Because ${id} matters.`, dependsOn: [], ...extra };
}

function milestone(id: Milestone['id'], title: string, date: string): Milestone {
  return { id, title, date: d(date), estimated: false, source: 'test' };
}

/**
 * 108 days, 1 Jan to 18 Apr 2027. At width 80 the labels take 25 columns (the long rotation title
 * is cut), one blank follows, and the remaining 54 cells hold two days each: day k is cell k/2.
 */
function handPlan(extra: Partial<Plan> = {}): Plan {
  const step2 = { exam: 'step2ck' as const };
  return {
    schemaVersion: 1,
    name: 'demo',
    matchYear: 2028,
    today: d('2027-01-21'),
    applicationDate: d('2027-03-15'),
    milestones: [
      milestone('eras-opens', 'MyERAS opens', '2027-01-01'),
      milestone('rol-deadline', 'Rank list due', '2027-03-01'),
      milestone('match-day', 'Match Day', '2027-04-18'),
    ],
    tasks: [
      task('exam-step2ck-study', 'exam', 'Study for USMLE Step 2 CK', '2027-01-01', '2027-01-20', step2),
      task('exam-step2ck', 'exam', 'Sit USMLE Step 2 CK', '2027-01-21', '2027-01-21', step2),
      task('exam-step2ck-result', 'exam', 'USMLE Step 2 CK result expected', '2027-01-22', '2027-02-18', step2),
      task('outreach-rotation-1', 'outreach', 'Apply for rotation 1', '2027-01-04', '2027-01-31', { status: 'done' }),
      task('rotation-1', 'externship', 'Observational rotation 1: Internal Medicine', '2027-02-01', '2027-02-28'),
      task('letter-request-rotation-1', 'letter-request', 'Ask for a letter (rotation 1)', '2027-02-24', '2027-02-28'),
      task('thank-you-rotation-1', 'thank-you', 'Send thank-you notes (rotation 1)', '2027-03-01', '2027-03-07', { status: 'done' }),
      task('letter-upload-rotation-1', 'letter-upload', 'Letter from rotation 1 uploaded', '2027-03-01', '2027-04-10'),
      task('eras-submit', 'application', 'Submit ERAS', '2027-03-15', '2027-03-15'),
    ],
    warnings: [],
    ...extra,
  };
}

const BAR_COLUMN = 26;
const CELLS = 54;
const lines = (text: string) => text.split('\n');

/** The bar area of the row whose label starts with `label` (after the two-space indent). */
function barsOf(text: string, label: string): string {
  const found = lines(text).filter((l) => l.startsWith(`  ${label}`));
  expect(found, `one row labelled "${label}"`).toHaveLength(1);
  return found[0]!.slice(BAR_COLUMN);
}

/** A bar area: blanks, with `marks` written at their cells. */
function cells(...marks: [number, string][]): string {
  const out = Array.from({ length: CELLS }, () => ' ');
  for (const [at, text] of marks) [...text].forEach((ch, i) => (out[at + i] = ch));
  return out.join('').trimEnd();
}

const widest = (text: string) => Math.max(...lines(stripVTControlCharacters(text)).map((l) => [...l].length));

describe('renderGantt on a hand-made plan', () => {
  const plan = handPlan();
  const today = d('2027-01-21');
  const chart = renderGantt(plan, { color: false, width: 80, today });

  it('puts the month axis over the columns of each month’s first day, the year where it changes', () => {
    const ls = lines(chart);
    const at = ls.findIndex((l) => l.startsWith('Exams'));
    expect(ls[at - 2]).toBe(' '.repeat(BAR_COLUMN) + cells([0, '2027']));
    expect(ls[at - 1]).toBe(' '.repeat(BAR_COLUMN) + cells([0, 'Jan'], [15, 'Feb'], [29, 'Mar'], [45, 'Apr']));
  });

  it('merges an exam into one row: study, the sitting marked, then the wait for the result', () => {
    expect(barsOf(chart, 'Sit USMLE Step 2 CK')).toBe(cells([0, '█'.repeat(10)], [10, '◆'], [11, '░'.repeat(14)]));
  });

  it('draws a rotation with its outreach before it, done outreach shaded differently', () => {
    expect(barsOf(chart, 'Observational rotation…')).toBe(cells([1, '▒'.repeat(14)], [15, '█'.repeat(15)]));
  });

  it('merges a rotation’s letters: the request at its last day, the thank-you (done), the upload window', () => {
    expect(barsOf(chart, 'Letter from rotation 1…')).toBe(cells([10, '│'], [29, '▲'], [30, '▒▒▒'], [33, '░'.repeat(17)]));
  });

  it('names rows by id where their titles, cut to fit, would look alike', () => {
    const second = task('rotation-2', 'externship', 'Observational rotation 2: Internal Medicine', '2027-03-01', '2027-03-28');
    const twin = renderGantt({ ...plan, tasks: [...plan.tasks, second] }, { color: false, width: 80, today });
    expect(barsOf(twin, 'rotation-1 ')).toBe(cells([1, '▒'.repeat(14)], [15, '█'.repeat(15)]));
    expect(barsOf(twin, 'rotation-2 ')).toBe(cells([10, '│'], [29, '█'.repeat(15)]));
    expect(twin).not.toContain('Observational');
  });

  it('gives a one-day task one cell', () => {
    expect(barsOf(chart, 'Submit ERAS')).toBe(cells([10, '│'], [36, '█']));
  });

  it('marks each deadline in one cell, the first day in the first cell and the last in the last', () => {
    expect(barsOf(chart, 'MyERAS opens')).toBe(cells([0, '◆'], [10, '│']));
    expect(barsOf(chart, 'Rank list due')).toBe(cells([10, '│'], [29, '◆']));
    expect(barsOf(chart, 'Match Day')).toBe(cells([10, '│'], [CELLS - 1, '◆']));
    expect(lines(chart).find((l) => l.startsWith('  Match Day'))).toHaveLength(80);
  });

  it('runs the today line through every row where nothing is drawn, headings included', () => {
    for (const heading of ['Exams', 'Rotations', 'Letters', 'Application', 'Deadlines'])
      expect(lines(chart)).toContain(heading.padEnd(BAR_COLUMN + 10) + '│');
    expect(chart.split('\n').at(-1)).toContain('│ today');
  });

  it('starts the chart at today when today comes before every task', () => {
    const early = renderGantt(plan, { color: false, width: 80, today: d('2026-12-28') });
    // 112 days now: four days a cell would not divide evenly, so check only the ends.
    expect(barsOf(early, 'Submit ERAS').startsWith('│')).toBe(true);
    expect(barsOf(early, 'Match Day')).toHaveLength(CELLS);
  });

  it('draws no today line when today is past the plan', () => {
    const late = renderGantt(plan, { color: false, width: 80, today: d('2027-05-01') });
    expect(late).not.toContain('│');
  });

  it('draws done and skipped tasks differently from tasks to do', () => {
    const tasks = plan.tasks.map((t) => (t.id === 'rotation-1' ? { ...t, status: 'skipped' as const } : t));
    const done = renderGantt({ ...plan, tasks }, { color: false, width: 80, today });
    expect(barsOf(done, 'Observational rotation…')).toBe(cells([1, '▒'.repeat(29)]));
  });

  it('paints with colour only when asked', () => {
    expect(chart).not.toContain('\u001b[');
    const coloured = renderGantt(plan, { color: true, width: 80, today });
    expect(coloured).toContain('\u001b[');
    expect(stripVTControlCharacters(coloured)).toBe(chart);
  });

  it('never writes a line wider than the width, even for a long plan name and warning words', () => {
    const long = handPlan({
      name: `plan-${'x'.repeat(150)}`,
      warnings: [{ code: `code-${'y'.repeat(150)}`, message: `A warning with ${'z'.repeat(150)} in it.` }],
    });
    for (const width of [60, 80, 120, 200])
      for (const color of [false, true]) expect(widest(renderGantt(long, { color, width, today }))).toBeLessThanOrEqual(width);
    expect(widest(renderGantt(long, { color: false, width: 20, today }))).toBeLessThanOrEqual(60);
  });
});

describe('renderGantt on the example profiles', () => {
  for (const [file, yaml] of Object.entries(profiles)) {
    describe(file, () => {
      const plan = examplePlan(yaml);
      const render = (width: number, color = false) => renderGantt(plan, { color, width, today: EXAMPLE_TODAY });

      it('fits every width', () => {
        for (const width of [60, 80, 120, 200])
          for (const color of [false, true]) expect(widest(render(width, color)), `width ${width}`).toBeLessThanOrEqual(width);
      });

      it('has a row for every exam, rotation and deadline', () => {
        const ls = lines(render(200));
        const labels = [
          ...plan.tasks.filter((t) => t.kind === 'exam' && t.id === `exam-${t.exam}`).map((t) => t.title),
          ...plan.tasks.filter((t) => t.kind === 'externship').map((t) => t.title),
          ...plan.milestones.map((m) => m.title),
        ];
        expect(labels.length).toBeGreaterThan(plan.milestones.length);
        for (const label of labels) expect(ls.some((l) => l.startsWith(`  ${label} `)), label).toBe(true);
      });

      it('marks every deadline once, even at the narrowest width', () => {
        const ls = lines(render(60));
        const from = ls.findIndex((l) => l.startsWith('Deadlines')) + 1;
        const rows = ls.slice(from, ls.indexOf('', from));
        expect(rows).toHaveLength(plan.milestones.length);
        for (const row of rows) expect(row.split('◆')).toHaveLength(2);
      });

      it('is deterministic', () => {
        expect(renderGantt(examplePlan(yaml), { color: true, width: 100, today: EXAMPLE_TODAY })).toBe(render(100, true));
      });

      it('matches the golden file at width 100 without colour (UPDATE_GOLDEN=1 to refresh)', () => {
        expectGolden(`gantt-${file}.txt`, `${render(100)}\n`);
      });
    });
  }
});
