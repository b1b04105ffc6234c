// Layout pieces both terminal views share: word wrapping that never cuts a word, date ranges,
// status markers and the lines for tasks, milestones and warnings.
import { longDate, shortDate, yearOf, type CalendarDate } from '../domain/dates.js';
// Types only: a value import of plan.ts would load the reference data just to print a plan.
import type { Milestone, Plan, PlanWarning, Task, TaskStatus } from '../domain/plan.js';
import type { Palette } from './palette.js';
import { ESTIMATED_MEANS } from '../domain/wording.js';

/** Below this a title would have almost no room beside the indents and dates. */
const MIN_WIDTH = 40;

export function effectiveWidth(width: number): number {
  return Number.isFinite(width) ? Math.max(MIN_WIDTH, Math.floor(width)) : MIN_WIDTH;
}

/**
 * A piece of text that wrapping keeps whole (it may contain spaces, like "[ ]"). It is painted only
 * after layout, so escape codes never count as width. `gap` is the number of spaces before it when
 * it does not start a line; 2 separates fields.
 */
export interface Word {
  text: string;
  paint?: (text: string) => string;
  gap?: number;
}

/** Columns a plain string takes, counting code points so accented letters count once. */
const columns = (text: string): number => [...text].length;

/** The whitespace-separated words of `text`, all painted alike. */
export function words(text: string, paint?: (text: string) => string): Word[] {
  return text
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((t) => ({ text: t, paint }));
}

/**
 * Lines of at most `width` columns: `first` starts the first line, `rest` each later one. A word
 * too wide for an empty line goes on a line of its own and overflows rather than being cut.
 * Neighbouring words with the same paint are painted as one run, to keep escape codes few.
 */
export function wrapWords(ws: readonly Word[], width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let runs: { text: string; paint?: Word['paint'] }[] = [{ text: first }];
  let used = columns(first);
  let empty = true;
  const flush = () => lines.push(runs.map((r) => (r.paint ? r.paint(r.text) : r.text)).join(''));
  for (const w of ws) {
    let gap = empty ? 0 : (w.gap ?? 1);
    if (!empty && used + gap + columns(w.text) > width) {
      flush();
      runs = [{ text: rest }];
      used = columns(rest);
      gap = 0;
    }
    const last = runs[runs.length - 1];
    const spaces = ' '.repeat(gap);
    if (!empty && last && last.paint === w.paint) last.text += spaces + w.text;
    else runs.push({ text: spaces }, { text: w.text, paint: w.paint });
    used += gap + columns(w.text);
    empty = false;
  }
  if (!empty) flush();
  return lines;
}

export function wrapText(text: string, width: number, first = '', rest = first, paint?: (text: string) => string): string[] {
  return wrapWords(words(text, paint), width, first, rest);
}

/**
 * "3 Jan", "3 Jan – 28 Jan", or "28 Dec – 14 Jan 2028" when the end falls in a later year.
 * `withYear` is for views without month headings: "3 Jan – 28 Jan 2027", "28 Dec 2027 – 14 Jan 2028".
 */
export function dateRange(start: CalendarDate, end: CalendarDate, withYear: boolean): string {
  const crosses = yearOf(start) !== yearOf(end);
  const endText = `${shortDate(end)}${withYear || crosses ? ` ${yearOf(end)}` : ''}`;
  if (start === end) return endText;
  return `${shortDate(start)}${withYear && crosses ? ` ${yearOf(start)}` : ''} – ${endText}`;
}

const MARKERS: Record<TaskStatus, string> = { todo: '[ ]', done: '[x]', skipped: '[-]' };
export const statusMarker = (status: TaskStatus): string => MARKERS[status];

/** A todo whose last day has passed; only hand-edited or stale plans have one. */
export const isOverdue = (task: Task, today: CalendarDate): boolean => task.status === 'todo' && task.end < today;

/** By start, then end, then id, so equal dates still print in one fixed order. */
export function sortTasks(tasks: readonly Task[]): Task[] {
  return [...tasks].sort((a, b) => cmp(a.start, b.start) || cmp(a.end, b.end) || cmp(a.id, b.id));
}

/** By date, then id, so milestones sharing a day still print in one fixed order. */
export function sortMilestones(ms: readonly Milestone[]): Milestone[] {
  return [...ms].sort((a, b) => cmp(a.date, b.date) || cmp(a.id, b.id));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ESTIMATED_MARK = '~ estimated';

export const estimatedWord = (p: Palette): Word => ({ text: ESTIMATED_MARK, paint: p.estimated, gap: 2 });

export function estimatedLegend(p: Palette, width: number, indent: string): string[] {
  return wrapWords(
    [
      { text: ESTIMATED_MARK, paint: p.estimated },
      ...words(`dates are ${ESTIMATED_MEANS}`, p.dim),
    ],
    width,
    indent,
    indent + '  ',
  );
}

/** Plan name and Match year, then labelled dates, the labels padded to one column. */
export function headerLines(plan: Plan, p: Palette, width: number, dates: readonly [string, CalendarDate][]): string[] {
  const labelWidth = Math.max(...dates.map(([label]) => columns(label)));
  return [
    ...wrapWords(
      // The dot travels with the year so a wrapped header never starts a line with it.
      [{ text: 'Plan' }, { text: plan.name, paint: p.title }, { text: `· Match ${plan.matchYear}`, paint: p.bold }],
      width,
      '',
      '  ',
    ),
    ...dates.flatMap(([label, date]) =>
      wrapWords([...words(label), { text: longDate(date), paint: p.accent, gap: 2 + labelWidth - columns(label) }], width, '  ', '    '),
    ),
  ];
}

export function warningLines(warnings: readonly PlanWarning[], p: Palette, width: number): string[] {
  return warnings.flatMap((w) =>
    wrapWords([{ text: '!', paint: p.warn }, ...words(w.message), { text: `[${w.code}]`, paint: p.dim }], width, '', '  '),
  );
}

/** One line (wrapped) per milestone: the long date, padded so the titles line up. */
export function milestoneLines(ms: readonly Milestone[], p: Palette, width: number): string[] {
  const sorted = sortMilestones(ms);
  const dateWidth = Math.max(0, ...sorted.map((m) => columns(longDate(m.date))));
  return sorted.flatMap((m) => {
    const date = longDate(m.date);
    const [head, ...tail] = words(m.title);
    const title = head ? [{ ...head, gap: 2 + dateWidth - columns(date) }, ...tail] : [];
    return wrapWords(
      [{ text: date, paint: p.accent }, ...title, ...(m.estimated ? [estimatedWord(p)] : [])],
      width,
      '  ',
      ' '.repeat(dateWidth + 4),
    );
  });
}

/**
 * A task's line before wrapping: status, dates, title, the scope of a research or community
 * rotation (the title names the type), an overdue mark and the id last, since people copy it into
 * later commands.
 */
export function taskWords(task: Task, p: Palette, today: CalendarDate, withYear: boolean): Word[] {
  const finished = task.status !== 'todo';
  const [head, ...tail] = words(task.title, finished ? p.dim : undefined);
  const ws: Word[] = [
    { text: statusMarker(task.status), paint: task.status === 'done' ? p.ok : finished ? p.dim : undefined },
    { text: dateRange(task.start, task.end, withYear), paint: p.accent },
    ...(head ? [{ ...head, gap: 2 }, ...tail] : []),
  ];
  if (task.kind === 'externship' && (task.externshipType === 'research' || task.externshipType === 'community') && task.handsOn !== undefined)
    ws.push({ text: task.handsOn ? '(hands-on)' : '(observe only)', paint: p.dim });
  if (isOverdue(task, today)) ws.push({ text: 'overdue', paint: p.error, gap: 2 });
  ws.push({ text: task.id, paint: p.dim, gap: 2 });
  return ws;
}
