// `imgplan show`: the whole plan as a month-by-month timeline.
import { monthKey, monthLabel, shortDate, type CalendarDate } from '../domain/dates.js';
import type { Milestone, Plan, Task } from '../domain/plan.js';
import { createPalette, type Palette } from './palette.js';
import {
  effectiveWidth,
  estimatedLegend,
  estimatedWord,
  headerLines,
  milestoneLines,
  sortMilestones,
  sortTasks,
  taskWords,
  warningLines,
  words,
  wrapText,
  wrapWords,
} from './text.js';

/** Continuation lines of an entry start under its dates; its `why` sits deeper so it reads as a note. */
const ENTRY_INDENT = '      ';
const WHY_INDENT = '        ';

interface Entry {
  date: CalendarDate;
  /** Milestones first on a shared day: they are the deadlines the tasks serve. */
  rank: number;
  lines: string[];
}

/** Plain text without a trailing newline; no line is wider than `width` (at least 40) except a single word too long to fit. */
export function renderTimeline(plan: Plan, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out = headerLines(plan, p, width, [
    ['Today', plan.today],
    ['Application date (A)', plan.applicationDate],
  ]);
  if (plan.warnings.length > 0) out.push('', p.heading('Warnings'), ...warningLines(plan.warnings, p, width));
  if (plan.milestones.length > 0) {
    out.push('', p.heading('Key dates'), ...milestoneLines(plan.milestones, p, width));
    if (plan.milestones.some((m) => m.estimated)) out.push(...estimatedLegend(p, width, '  '));
  }
  for (const entries of monthGroups(plan, p, width)) {
    const first = entries[0];
    if (first) out.push('', p.heading(monthLabel(first.date)), ...entries.flatMap((e) => e.lines));
  }
  return out.join('\n');
}

/**
 * The entries of each month that has any, in calendar order. A task belongs to the month it starts
 * in; the timeline begins at the earliest task start, so milestones before it are left to Key dates.
 */
function monthGroups(plan: Plan, p: Palette, width: number): Entry[][] {
  const tasks = sortTasks(plan.tasks);
  const from = tasks[0] ? monthKey(tasks[0].start) : '';
  const entries: Entry[] = [
    ...sortMilestones(plan.milestones)
      .filter((m) => monthKey(m.date) >= from)
      .map((m) => ({ date: m.date, rank: 0, lines: milestoneEntry(m, p, width) })),
    ...tasks.map((t) => ({ date: t.start, rank: 1, lines: taskEntry(t, plan.today, p, width) })),
  ];
  // A stable sort keeps the milestone and task orders above among equal dates.
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.rank - b.rank));
  const months = new Map<string, Entry[]>();
  for (const e of entries) {
    const key = monthKey(e.date);
    months.set(key, [...(months.get(key) ?? []), e]);
  }
  return [...months.values()];
}

function milestoneEntry(m: Milestone, p: Palette, width: number): string[] {
  const [head, ...tail] = words(m.title, p.bold);
  return wrapWords(
    [
      { text: '*', paint: p.accent },
      // Gap 2 after the star puts the date in the same column as a task's dates.
      { text: shortDate(m.date), paint: p.accent, gap: 2 },
      ...(head ? [{ ...head, gap: 2 }, ...tail] : []),
      ...(m.estimated ? [estimatedWord(p)] : []),
    ],
    width,
    '   ',
    ENTRY_INDENT,
  );
}

function taskEntry(t: Task, today: CalendarDate, p: Palette, width: number): string[] {
  return [...wrapWords(taskWords(t, p, today, false), width, '  ', ENTRY_INDENT), ...wrapText(t.why, width, WHY_INDENT, WHY_INDENT, p.dim)];
}
