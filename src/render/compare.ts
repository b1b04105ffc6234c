// `imgplan plan compare A B`: the facts that tell two plans apart, side by side, so a what-if plan
// can be weighed against the one in use.
import { stripVTControlCharacters } from 'node:util';
import { daysBetween, longDate, type CalendarDate } from '../domain/dates.js';
// Types only: a value import of plan.ts or profile.ts would load the reference data just to print.
import type { ExternshipType, MilestoneId, Plan, PlanWarning, Task } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import { createPalette, type Palette } from './palette.js';
import { effectiveWidth, estimatedLegend, estimatedWord, sortTasks, words, wrapWords, type Word } from './text.js';

/** The calendar dates a what-if plan most often moves, with the short labels the table uses. */
const KEY_MILESTONES: readonly [MilestoneId, string][] = [
  ['eras-submit', 'Applications (A)'],
  ['eras-programs-review', 'Programs review'],
  ['rol-deadline', 'Rank list due'],
  ['match-day', 'Match Day'],
];

export interface RotationFacts {
  count: number;
  /** Weeks of each rotation, in date order (a part week counts as a week). */
  weeks: number[];
  /** Each type once, in the order the rotations first use it. */
  types: ExternshipType[];
  firstStart: CalendarDate | null;
  lastEnd: CalendarDate | null;
}

export interface CompareSide {
  name: string;
  matchYear: number;
  milestones: { id: MilestoneId; date: CalendarDate; estimated: boolean }[];
  rotations: RotationFacts;
  letters: {
    /** Letters in hand (profile) plus those uploaded by `by`. */
    expected: number;
    inHand: number;
    fromRotations: number;
    /** The plan's programs-review date; null when the plan has none. */
    by: CalendarDate | null;
  };
  exams: { id: string; date: CalendarDate }[];
  warnings: PlanWarning[];
}

export interface CompareData {
  a: CompareSide;
  b: CompareSide;
}

/** Skipped tasks are no longer part of the plan's work, so no fact below counts them. */
const live = (plan: Plan): Task[] => sortTasks(plan.tasks.filter((t) => t.status !== 'skipped'));

export function rotationFacts(plan: Plan): RotationFacts {
  const rotations = live(plan).filter((t) => t.kind === 'externship');
  const types: ExternshipType[] = [];
  for (const t of rotations) if (t.externshipType && !types.includes(t.externshipType)) types.push(t.externshipType);
  return {
    count: rotations.length,
    // Rotations end on the Friday of their last week, so inclusive days / 7 rounds up to the weeks.
    weeks: rotations.map((t) => Math.ceil((daysBetween(t.start, t.end) + 1) / 7)),
    types,
    firstStart: rotations[0]?.start ?? null,
    lastEnd: rotations.reduce<CalendarDate | null>((last, t) => (last === null || t.end > last ? t.end : last), null),
  };
}

function side(plan: Plan, profile: Profile): CompareSide {
  const tasks = live(plan);
  const by = plan.milestones.find((m) => m.id === 'eras-programs-review')?.date ?? null;
  const inHand = profile.usce.filter((u) => u.letter).length;
  const fromRotations = by === null ? 0 : tasks.filter((t) => t.kind === 'letter-upload' && t.end <= by).length;
  return {
    name: plan.name,
    matchYear: plan.matchYear,
    milestones: KEY_MILESTONES.flatMap(([id]) => plan.milestones.filter((m) => m.id === id).map((m) => ({ id, date: m.date, estimated: m.estimated }))),
    rotations: rotationFacts(plan),
    letters: { expected: inHand + fromRotations, inHand, fromRotations, by },
    // The sitting itself, not its study or result tasks.
    exams: tasks.filter((t) => t.kind === 'exam' && t.exam !== undefined && t.id === `exam-${t.exam}`).map((t) => ({ id: t.id, date: t.start })),
    warnings: plan.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}

export function compareData(a: Plan, b: Plan, profile: Profile): CompareData {
  return { a: side(a, profile), b: side(b, profile) };
}

/** A cell is a list of items; each item starts on a new line and wraps inside the column. */
type Cell = Word[][];

/** A section heading (an empty one is just a blank line), or a label (indented inside a section) with a cell per plan. */
type Row = { heading: string } | { label: string; a: Cell; b: Cell };

const SPLIT = 2;
/** Room for a long date ("Wed 29 Sep 2027"); narrower columns put the labels on lines of their own. */
const MIN_VALUE = 15;
const STACKED_INDENT = 4;

const visible = (s: string): number => [...stripVTControlCharacters(s)].length;

/** Words wider than the column are cut with an ellipsis, so the two columns never run into each other. */
function fit(ws: readonly Word[], width: number): Word[] {
  return ws.map((w) => ([...w.text].length <= width ? w : { ...w, text: `${[...w.text].slice(0, width - 1).join('')}…` }));
}

const cellLines = (cell: Cell, width: number): string[] => cell.flatMap((item) => wrapWords(fit(item, width), width));

const dateCell = (d: CalendarDate | null, p: Palette): Cell => [d === null ? [{ text: 'none', paint: p.dim }] : [{ text: longDate(d), paint: p.accent }]];

function rows(data: CompareData, p: Palette): Row[] {
  const both = (label: string, f: (s: CompareSide) => Cell): Row => ({ label, a: f(data.a), b: f(data.b) });
  const text = (s: string): Cell => [words(s)];
  return [
    both('Match year', (s) => text(String(s.matchYear))),
    { heading: 'Key dates' },
    ...KEY_MILESTONES.map(([id, label]) =>
      both(`  ${label}`, (s) => {
        const m = s.milestones.find((x) => x.id === id);
        return m ? [[{ text: longDate(m.date), paint: p.accent }, ...(m.estimated ? [estimatedWord(p)] : [])]] : dateCell(null, p);
      }),
    ),
    { heading: 'Rotations' },
    both('  Count', (s) => text(String(s.rotations.count))),
    both('  Weeks each', (s) => text(s.rotations.weeks.join(', ') || 'none')),
    both('  First starts', (s) => dateCell(s.rotations.firstStart, p)),
    both('  Last ends', (s) => dateCell(s.rotations.lastEnd, p)),
    both('  Types', (s) => (s.rotations.types.length ? s.rotations.types.map((t) => [{ text: t }]) : text('none'))),
    { heading: '' },
    both('Letters by review', (s) => [
      [{ text: String(s.letters.expected), paint: p.bold }, ...words(`(${s.letters.inHand} in hand, ${s.letters.fromRotations} uploaded)`, p.dim)],
    ]),
    both('Exam sittings', (s) => (s.exams.length ? s.exams.map((e) => [{ text: e.id }, { text: longDate(e.date), paint: p.accent }]) : text('none'))),
    both('Warnings', (s) => (s.warnings.length ? s.warnings.map((w) => [{ text: w.code, paint: p.warn }]) : [[{ text: 'none', paint: p.ok }]])),
  ];
}

/**
 * Plain text without a trailing newline: a label column, then one column per plan. No line is
 * wider than `width` (at least 40): too narrow for two dates beside the labels, each label gets a
 * line of its own with the values under it.
 */
export function renderCompare(data: CompareData, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const table = rows(data, p);
  const labelWidth = Math.max(...table.map((r) => ('label' in r ? r.label.length : 0)));
  const inline = width >= labelWidth + SPLIT + 2 * MIN_VALUE + SPLIT;
  const indent = inline ? labelWidth + SPLIT : STACKED_INDENT;
  const column = Math.floor((width - indent - SPLIT) / 2);

  const line = (label: string, a: string, b: string): string =>
    `${label.padEnd(indent)}${b === '' ? a : a + ' '.repeat(column + SPLIT - visible(a)) + b}`.trimEnd();
  const pair = (label: string, a: Cell, b: Cell): string[] => {
    const as = cellLines(a, column);
    const bs = cellLines(b, column);
    return Array.from({ length: Math.max(as.length, bs.length) }, (_, i) => line(i === 0 ? label : '', as[i] ?? '', bs[i] ?? ''));
  };

  const out = pair('', [[{ text: data.a.name, paint: p.title }]], [[{ text: data.b.name, paint: p.title }]]);
  for (const r of table) {
    if ('heading' in r) out.push('', ...(r.heading ? [p.heading(r.heading)] : []));
    else if (inline) out.push(...pair(r.label, r.a, r.b));
    else out.push(r.label, ...pair('', r.a, r.b));
  }
  if ([data.a, data.b].some((s) => s.milestones.some((m) => m.estimated))) out.push('', ...estimatedLegend(p, width, ''));
  return out.join('\n');
}
