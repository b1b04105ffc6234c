// `imgplan show --gantt`: the plan as a terminal Gantt chart. Time runs left to right across the
// terminal; related tasks share a row (an exam's study, sitting and result; a rotation and its
// outreach; a rotation's letters) so a whole plan fits on one screen or two.
import { addMonths, daysBetween, maxDate, minDate, monthOf, yearOf, ymd, type CalendarDate } from '../domain/dates.js';
// Types only: a value import of plan.ts would load the reference data just to print a plan.
import type { Plan, Task } from '../domain/plan.js';
import { createPalette, type Palette } from './palette.js';
import { headerLines, sortMilestones, sortTasks, warningLines } from './text.js';

/** Narrower than this, a month is two cells and labels have no room. */
const MIN_WIDTH = 60;
/** Labels take at most this share of the width (but at least MIN_LABEL columns); the rest is time. */
const LABEL_SHARE = 0.32;
const MIN_LABEL = 20;
const INDENT = '  ';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Months between axis labels: the smallest that keeps labels apart; each divides 12 so January always shows. */
const MONTH_STEPS = [1, 2, 3, 6, 12];

const GLYPH = { todo: '█', finished: '▒', lead: '░', sitting: '◆', letter: '▲', deadline: '◆', today: '│' } as const;

type Paint = ((text: string) => string) | undefined;

interface Cell {
  ch: string;
  paint: Paint;
}

/**
 * What a row draws: a span of cells over its days, or a mark in the one cell of its last day.
 * Layers are drawn in order, so a sitting or letter request is never hidden under a bar.
 */
interface Piece {
  start: CalendarDate;
  end: CalendarDate;
  glyph: string;
  paint: Paint;
  layer: Layer;
}

/** Lead-in and waiting (outreach, results, uploads) under work, work under single-day marks. */
const LAYERS = ['lead', 'bar', 'mark'] as const;
type Layer = (typeof LAYERS)[number];

interface Row {
  label: string;
  /** The row's task id (for merged rows, the id they share), shown when titles cut short look alike. */
  id: string;
  pieces: Piece[];
  /** Every task in it is done or skipped. */
  finished: boolean;
}

type Heading = 'Exams' | 'Rotations' | 'Letters' | 'Application' | 'Deadlines';

interface Group {
  heading: Heading;
  rows: Row[];
}

/** Maps the plan's days onto `cells` columns, the first day to the first column and the last to the last. */
interface Scale {
  first: CalendarDate;
  days: number;
  cells: number;
}

const cellOf = (s: Scale, d: CalendarDate): number => Math.floor((daysBetween(s.first, d) * s.cells) / s.days);

/** The cells any day of the span touches, so the shortest task still gets one. */
function cellsOf(s: Scale, start: CalendarDate, end: CalendarDate): [number, number] {
  return [cellOf(s, start), Math.ceil(((daysBetween(s.first, end) + 1) * s.cells) / s.days) - 1];
}

/** Columns a plain string takes, counting code points so accented letters count once. */
const columns = (text: string): number => [...text].length;

/** `text` cut to `max` columns, ending in … when cut. */
function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Plain text without a trailing newline; no line is wider than `width` (at least 60). Rows are
 * grouped under Exams, Rotations, Letters, Application and Deadlines; a legend closes the chart.
 */
export function renderGantt(plan: Plan, opts: { color: boolean; width: number; today: CalendarDate }): string {
  const p = createPalette(opts.color);
  const width = Number.isFinite(opts.width) ? Math.max(MIN_WIDTH, Math.floor(opts.width)) : MIN_WIDTH;
  const { today } = opts;

  const groups = chartGroups(plan, p).filter((g) => g.rows.length > 0);
  const longest = Math.max(0, ...groups.flatMap((g) => [columns(g.heading), ...g.rows.map((r) => INDENT.length + columns(r.label))]));
  const labelWidth = Math.min(longest, Math.max(MIN_LABEL, Math.floor(width * LABEL_SHARE)));
  const cells = width - labelWidth - 1;

  const taskDates = plan.tasks.flatMap((t) => [t.start, t.end]);
  const milestoneDates = plan.milestones.map((m) => m.date);
  const first = minDate(today, ...taskDates, ...milestoneDates);
  const last = maxDate(first, ...taskDates, ...milestoneDates);
  const scale: Scale = { first, days: daysBetween(first, last) + 1, cells };
  const todayCell = today <= last ? cellOf(scale, today) : undefined;

  const line = (label: string, paint: Paint, bar: Cell[]) =>
    `${paint ? paint(label) : label}${' '.repeat(labelWidth - columns(label))} ${paintCells(bar)}`.trimEnd();
  const bars = (pieces: readonly Piece[]) => drawRow(pieces, scale, todayCell, p);

  // wrapWords lets a word wider than the line overflow; this view promises never to, so such words are cut.
  const out = headerLines({ ...plan, name: fit(plan.name, width - INDENT.length) }, p, width, [
    ['Today', today],
    ['Application date (A)', plan.applicationDate],
  ]);
  if (plan.warnings.length > 0) {
    const warnings = plan.warnings.map((w) => ({
      code: fit(w.code, width - INDENT.length - 2),
      message: w.message
        .split(/\s+/)
        .map((word) => fit(word, width - INDENT.length))
        .join(' '),
    }));
    out.push('', p.heading('Warnings'), ...warningLines(warnings, p, width));
  }
  const [years, months] = axis(scale, last, p);
  out.push('', line('', undefined, years), line('', undefined, months));
  for (const g of groups) {
    out.push(line(g.heading, p.heading, bars([])));
    const labels = rowLabels(g.rows, labelWidth - INDENT.length);
    g.rows.forEach((r, i) => out.push(line(INDENT + labels[i]!, r.finished ? p.dim : undefined, bars(r.pieces))));
  }
  out.push('', legend(p, width, todayCell !== undefined));
  return out.join('\n');
}

/** Titles cut to `room`; where two come out the same, their ids, so every row can be told apart. */
function rowLabels(rows: readonly Row[], room: number): string[] {
  const cut = rows.map((r) => fit(r.label, room));
  return cut.map((label, i) => (cut.indexOf(label) === cut.lastIndexOf(label) ? label : fit(rows[i]!.id, room)));
}

function chartGroups(plan: Plan, p: Palette): Group[] {
  const rotations = plan.tasks.filter((t) => t.kind === 'externship');
  // Outreach and letter ids end with their rotation's id (outreach-rotation-2, letter-upload-rotation-2).
  const rotationOf = (t: Task): string | undefined => rotations.find((r) => t.id.endsWith(`-${r.id}`))?.id;
  const headings: Heading[] = ['Exams', 'Rotations', 'Letters', 'Application'];
  const byGroup = new Map(headings.map((g) => [g, new Map<string, Task[]>()]));
  // Sorted first, so rows come in the order their first task starts.
  for (const t of sortTasks(plan.tasks)) {
    const [group, key] = placeOf(t, rotationOf);
    const rows = byGroup.get(group)!;
    rows.set(key, [...(rows.get(key) ?? []), t]);
  }
  const groups = [...byGroup].map(([heading, rows]) => ({
    heading,
    rows: [...rows].map(([key, tasks]) => taskRow(key, tasks, p)),
  }));
  const deadlines = sortMilestones(plan.milestones).map((m) => ({
    label: m.title,
    id: m.id,
    pieces: [{ start: m.date, end: m.date, glyph: GLYPH.deadline, paint: m.estimated ? p.estimated : p.accent, layer: 'mark' as const }],
    finished: false,
  }));
  return [...groups, { heading: 'Deadlines', rows: deadlines }];
}

/** The group a task is charted in, and the row it shares with related tasks there. */
function placeOf(t: Task, rotationOf: (t: Task) => string | undefined): [Heading, string] {
  switch (t.kind) {
    case 'exam':
      return ['Exams', t.exam ? `exam-${t.exam}` : t.id];
    case 'ecfmg':
      return ['Exams', t.id];
    case 'externship':
      return ['Rotations', t.id];
    case 'outreach':
      return ['Rotations', rotationOf(t) ?? t.id];
    case 'letter-request':
    case 'letter-upload':
    case 'thank-you':
      return ['Letters', rotationOf(t) ?? t.id];
    case 'application':
    case 'custom':
      return ['Application', t.id];
  }
}

/**
 * A row is named after the task that stands for it: the sitting of an exam row and the rotation of
 * a rotation row share the row's key; a letters row is named by its upload, which names the rotation.
 */
function taskRow(key: string, tasks: readonly Task[], p: Palette): Row {
  const named = tasks.find((t) => t.id === key) ?? tasks.find((t) => t.kind === 'letter-upload') ?? tasks[0]!;
  return {
    label: named.title,
    id: key,
    pieces: tasks.map((t) => piece(t, p)),
    finished: tasks.every((t) => t.status !== 'todo'),
  };
}

function piece(t: Task, p: Palette): Piece {
  const finished = t.status !== 'todo';
  const sitting = t.kind === 'exam' && t.id === `exam-${t.exam}`;
  if (sitting || t.kind === 'letter-request')
    return { start: t.end, end: t.end, glyph: sitting ? GLYPH.sitting : GLYPH.letter, paint: finished ? p.dim : p.bold, layer: 'mark' };
  const waiting = t.kind === 'outreach' || t.kind === 'letter-upload' || (t.kind === 'exam' && t.id.endsWith('-result'));
  return {
    start: t.start,
    end: t.end,
    glyph: finished ? GLYPH.finished : waiting ? GLYPH.lead : GLYPH.todo,
    paint: finished ? p.dim : p.accent,
    layer: waiting ? 'lead' : 'bar',
  };
}

const blank = (): Cell => ({ ch: ' ', paint: undefined });

function drawRow(pieces: readonly Piece[], s: Scale, todayCell: number | undefined, p: Palette): Cell[] {
  const cells = Array.from({ length: s.cells }, blank);
  for (const layer of LAYERS)
    for (const pc of pieces.filter((x) => x.layer === layer)) {
      const [from, to] = layer === 'mark' ? [cellOf(s, pc.end), cellOf(s, pc.end)] : cellsOf(s, pc.start, pc.end);
      for (let c = from; c <= to; c++) cells[c] = { ch: pc.glyph, paint: pc.paint };
    }
  // The today line runs behind the bars, so it never hides what is planned for today.
  if (todayCell !== undefined && cells[todayCell]!.ch === ' ') cells[todayCell] = { ch: GLYPH.today, paint: p.warn };
  return cells;
}

/** Trailing blanks dropped, and neighbouring cells of one paint painted as one run, to keep escape codes few. */
function paintCells(cells: readonly Cell[]): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1]!.ch === ' ') end--;
  const runs: Cell[] = [];
  for (const c of cells.slice(0, end)) {
    const prev = runs[runs.length - 1];
    if (prev && prev.paint === c.paint) prev.ch += c.ch;
    else runs.push({ ...c });
  }
  return runs.map((r) => (r.paint ? r.paint(r.ch) : r.ch)).join('');
}

/** Writes `text` from `col` if it fits in the row with a blank cell either side, so labels never touch. */
function place(cells: Cell[], col: number, text: string, paint: Paint): void {
  const chars = [...text];
  if (col < 0 || col + chars.length > cells.length) return;
  for (let i = Math.max(0, col - 1); i <= Math.min(cells.length - 1, col + chars.length); i++) if (cells[i]!.ch !== ' ') return;
  chars.forEach((ch, i) => (cells[col + i] = { ch, paint }));
}

/**
 * Two lines over the bars: years where they change, and month names at the column of each month's
 * first day, every month or every few when months are narrow. The month (and year) the chart opens
 * in is placed last, only if the room before the next label allows.
 */
function axis(s: Scale, last: CalendarDate, p: Palette): [Cell[], Cell[]] {
  const starts: { date: CalendarDate; col: number }[] = [];
  for (let date = ymd(yearOf(s.first), monthOf(s.first), 1); date <= last; date = addMonths(date, 1))
    if (date >= s.first) starts.push({ date, col: cellOf(s, date) });
  const every = (step: number) => starts.filter((m) => (monthOf(m.date) - 1) % step === 0);
  // Three letters and a blank between neighbours.
  const shown = MONTH_STEPS.map(every).find((ms) => ms.every((m, i) => i === 0 || m.col - ms[i - 1]!.col > 3)) ?? every(12);
  const years = Array.from({ length: s.cells }, blank);
  const months = Array.from({ length: s.cells }, blank);
  for (const m of shown) {
    place(months, m.col, MONTHS[monthOf(m.date) - 1]!, undefined);
    if (monthOf(m.date) === 1) place(years, m.col, String(yearOf(m.date)), p.bold);
  }
  place(months, 0, MONTHS[monthOf(s.first) - 1]!, undefined);
  place(years, 0, String(yearOf(s.first)), p.bold);
  return [years, months];
}

/** One line; the short wording fits the narrowest chart. */
function legend(p: Palette, width: number, withToday: boolean): string {
  const items = [
    { glyph: GLYPH.todo, paint: p.accent, long: 'to do', short: 'to do' },
    { glyph: GLYPH.finished, paint: p.dim, long: 'done/skipped', short: 'done' },
    { glyph: GLYPH.lead, paint: p.accent, long: 'outreach/waiting', short: 'waiting' },
    { glyph: GLYPH.sitting, paint: p.bold, long: 'exam sitting/deadline', short: 'date' },
    { glyph: GLYPH.letter, paint: p.bold, long: 'letter request', short: 'letter' },
    ...(withToday ? [{ glyph: GLYPH.today, paint: p.warn, long: 'today', short: 'today' }] : []),
  ];
  const wording = columns(items.map((i) => `${i.glyph} ${i.long}`).join('  ')) <= width ? 'long' : 'short';
  return items.map((i) => `${i.paint(i.glyph)} ${p.dim(i[wording])}`).join('  ');
}
