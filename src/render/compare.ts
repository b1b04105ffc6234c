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

interface Row {
  label: string;
  a: Cell;
  b: Cell;
  /** A heading row (a section of the table); its cells are empty. */
  heading?: boolean;
}

const SPLIT = 2;
/** Room for a long date ("Wed 29 Sep 2027"); narrower columns put the labels on their own lines. */
const MIN_VALUE = 15;

const visible = (s: string): number => [...stripVTControlCharacters(s)].length;

/** Words wider than the column are cut with an ellipsis, so the two columns never collide. */
function fit(ws: readonly Word[], width: number): Word[] {
  return ws.map((w) => ([...w.text].length <= width ? w : { ...w, text: `${[...w.text].slice(0, width - 1).join('')}…` }));
}

function cellLines(cell: Cell, width: number): string[] {
  return cell.flatMap((item) => wrapWords(fit(item, width), width, '', '  '));
}

const dateWord = (d: CalendarDate | null, p: Palette): Word[] => (d === null ? [{ text: 'none', paint: p.dim }] : [{ text: longDate(d), paint: p.accent }]);

function rows(data: CompareData, p: Palette): Row[] {
  const both = (f: (s: CompareSide) => Cell): Pick<Row, 'a' | 'b'> => ({ a: f(data.a), b: f(data.b) });
  const text = (s: string): Cell => [words(s)];
  const out: Row[] = [{ label: 'Match year', ...both((s) => text(String(s.matchYear))) }];

  out.push({ label: 'Key dates', a: [], b: [], heading: true });
  for (const [id, label] of KEY_MILESTONES)
    out.push({
      label,
      ...both((s) => {
        const m = s.milestones.find((x) => x.id === id);
        return [m ? [...dateWord(m.date, p), ...(m.estimated ? [estimatedWord(p)] : [])] : dateWord(null, p)];
      }),
    });

  out.push(
    { label: 'Rotations', a: [], b: [], heading: true },
    { label: 'Count', ...both((s) => text(String(s.rotations.count))) },
    { label: 'Weeks each', ...both((s) => text(s.rotations.weeks.join(', ') || 'none')) },
    { label: 'First starts', ...both((s) => [dateWord(s.rotations.firstStart, p)]) },
    { label: 'Last ends', ...both((s) => [dateWord(s.rotations.lastEnd, p)]) },
    { label: 'Types', ...both((s) => (s.rotations.types.length ? s.rotations.types.map((t) => [{ text: t }]) : text('none'))) },
  );

  out.push(
    { label: 'Letters', a: [], b: [], heading: true },
    {
      label: 'By review',
      ...both((s) => [[{ text: String(s.letters.expected), paint: p.bold }, ...words(`(${s.letters.inHand} in hand, ${s.letters.fromRotations} from rotations)`, p.dim)]]),
    },
  );

  out.push(
    { label: 'Exam sittings', ...both((s) => (s.exams.length ? s.exams.map((e) => [{ text: e.id }, { text: longDate(e.date), paint: p.accent }]) : text('none'))) },
    {
      label: 'Warnings',
      ...both((s) => (s.warnings.length ? s.warnings.map((w) => [{ text: w.code, paint: p.warn }]) : [[{ text: 'none', paint: p.ok }]])),
    },
  );
  return out;
}

/**
 * Plain text without a trailing newline: a label column and one column per plan. No line is wider
 * than `width` (at least 40); below the width two dates need beside a label, labels get lines of their own.
 */
export function renderCompare(data: CompareData, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const table = rows(data, p);
  // Value rows are indented under their section heading.
  const labelText = (r: Row) => (r.heading || r.label === 'Match year' || r.label === 'Exam sittings' || r.label === 'Warnings' ? r.label : `  ${r.label}`);
  const labelWidth = Math.max(...table.map((r) => labelText(r).length));
  const inline = width >= labelWidth + SPLIT + 2 * MIN_VALUE + SPLIT;
  const indent = inline ? labelWidth + SPLIT : 2;
  const column = Math.floor((width - indent - SPLIT) / 2);

  const line = (label: string, a: string, b: string) => {
    const left = label + ' '.repeat(Math.max(0, indent - visible(label)));
    return (b === '' ? left + a : left + a + ' '.repeat(column + SPLIT - visible(a)) + b).trimEnd();
  };
  const pair = (label: string, a: Cell, b: Cell): string[] => {
    const as = cellLines(a, column);
    const bs = cellLines(b, column);
    const out: string[] = [];
    for (let i = 0; i < Math.max(as.length, bs.length); i++) out.push(line(i === 0 ? label : '', as[i] ?? '', bs[i] ?? ''));
    return out;
  };

  const out = pair('', [[{ text: data.a.name, paint: p.title }]], [[{ text: data.b.name, paint: p.title }]]);
  for (const r of table) {
    const label = r.heading ? p.heading(labelText(r)) : labelText(r);
    if (r.heading) out.push('', label);
    else if (inline) out.push(...pair(label, r.a, r.b));
    else out.push(label, ...pair('', r.a, r.b));
  }
  if ([data.a, data.b].some((s) => s.milestones.some((m) => m.estimated))) out.push('', ...estimatedLegend(p, width, ''));
  return out.join('\n');
}
