// The short summary printed after `imgplan init`: what to do next and the dates that matter most.
import type { MilestoneId, Plan, Task, TaskKind } from '../domain/plan.js';
import { createPalette } from './palette.js';
import {
  effectiveWidth,
  estimatedLegend,
  headerLines,
  milestoneLines,
  sortTasks,
  taskWords,
  warningLines,
  wrapText,
  wrapWords,
  words,
} from './text.js';

const NEXT_COUNT = 5;
const SUMMARY_MILESTONES: readonly MilestoneId[] = ['eras-submit', 'rol-deadline', 'match-day'];
/** One letter-request task per letter; its upload and thank-you tasks would count it again. */
const COUNTED: readonly [TaskKind, string, string][] = [
  ['externship', 'rotation', 'rotations'],
  ['letter-request', 'letter', 'letters'],
];

/** Plain text without a trailing newline; no line is wider than `width` (at least 40) except a single word too long to fit. */
export function renderSummary(plan: Plan, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out = headerLines(plan, p, width, [['Application date (A)', plan.applicationDate]]);

  const next = sortTasks(plan.tasks.filter((t) => t.status === 'todo')).slice(0, NEXT_COUNT);
  out.push('', p.heading('Next up'));
  if (next.length === 0) out.push('  Nothing left to do.');
  for (const t of next) out.push(...wrapWords(taskWords(t, p, plan.today, true), width, '  ', '      '));

  out.push('', ...wrapText(`Planned: ${counts(plan.tasks)}.`, width, '', '  '));

  const key = plan.milestones.filter((m) => SUMMARY_MILESTONES.includes(m.id));
  if (key.length > 0) {
    out.push('', p.heading('Key dates'), ...milestoneLines(key, p, width));
    if (key.some((m) => m.estimated)) out.push(...estimatedLegend(p, width, '  '));
  }
  if (plan.warnings.length > 0) out.push('', p.heading('Warnings'), ...warningLines(plan.warnings, p, width));

  out.push('', ...wrapWords([{ text: 'Full timeline:' }, ...words(`imgplan show ${plan.name}`, p.accent)], width, '', '  '));
  return out.join('\n');
}

/** "2 rotations, 3 letters, 1 exam"; skipped tasks are no longer part of the plan's work. */
function counts(tasks: readonly Task[]): string {
  const live = tasks.filter((t) => t.status !== 'skipped');
  const parts = COUNTED.map(([kind, one, many]) => {
    const n = live.filter((t) => t.kind === kind).length;
    return `${n} ${n === 1 ? one : many}`;
  });
  // An exam has study, sitting and result tasks; count the exams themselves.
  const exams = new Set(live.filter((t) => t.kind === 'exam' && t.exam !== undefined).map((t) => t.exam)).size;
  return [...parts, `${exams} ${exams === 1 ? 'exam' : 'exams'}`].join(', ');
}
