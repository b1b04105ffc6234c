// The plan as a Markdown document: header, warnings, key dates, a Mermaid gantt chart and a
// month-by-month checklist. Pure: the same plan and summary always give the same bytes.
import { addDays, longDate, monthLabel, plainDate } from '../domain/dates.js';
import type { Milestone, Plan, Task, TaskKind } from '../domain/plan.js';
import { dateRange, sortMilestones, sortTasks } from '../render/text.js';
import { budgetBriefText, type JourneyBriefs } from '../render/budget.js';
import { HEADINGS, programsBriefText } from '../render/programs.js';
import { ESTIMATED_MEANS } from '../domain/wording.js';

/** Profile facts the person chose to show; the export prints these and nothing else about them. */
export interface ProfileSummary {
  name?: string;
  school?: string;
  specialties?: string[];
  visa?: string;
  exams?: string[];
}

const SECTIONS: readonly [string, readonly TaskKind[]][] = [
  ['Exams', ['exam', 'ecfmg']],
  ['Rotations', ['externship', 'outreach']],
  ['Letters', ['letter-request', 'letter-upload', 'thank-you']],
  ['Application', ['application', 'custom']],
];

const ESTIMATED_NOTE = `Estimated dates are ${ESTIMATED_MEANS}`;

/** `journey` holds the programs and budget sections the person asked for (--show programs,budget). */
export function planToMarkdown(plan: Plan, summary: ProfileSummary = {}, journey: Partial<JourneyBriefs> = {}): string {
  const appliesOn = plan.milestones.find((m) => m.id === 'eras-submit' && m.date === plan.applicationDate);
  const blocks: string[][] = [
    [`# Match ${plan.matchYear} plan: ${mdText(plan.name)}`],
    [`**Application date (A):** ${longDate(plan.applicationDate)}${appliesOn?.estimated ? ' (estimated)' : ''} · made on ${plainDate(plan.today)}`],
    summaryLines(summary),
    ...plan.warnings.flatMap((w) => (oneLine(w.message) ? [[`> **Warning:** ${mdText(w.message)}`]] : [])),
    milestoneTable(plan.milestones),
    journeyLines(journey),
    ['## Timeline'],
    ['```mermaid', ...gantt(plan), '```'],
    ...checklist(plan.tasks),
  ];
  return `${blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join('\n'))
    .join('\n\n')}\n`;
}

function summaryLines(s: ProfileSummary): string[] {
  const rows: [string, string | undefined][] = [
    ['Name', s.name],
    ['School', s.school],
    ['Specialties', s.specialties?.join(', ')],
    ['Visa', s.visa],
    ['Exams', s.exams?.join('; ')],
  ];
  return rows.flatMap(([label, value]) => (value && oneLine(value) ? [`- **${label}:** ${mdText(value)}`] : []));
}

function journeyLines({ programs, budget }: Partial<JourneyBriefs>): string[] {
  if (!programs && !budget) return [];
  const groups = programs
    ? (Object.keys(HEADINGS) as (keyof typeof HEADINGS)[]).flatMap((g) => (programs.names[g].length ? [`  - ${HEADINGS[g]}: ${mdText(programs.names[g].join(', '))}`] : []))
    : [];
  return [
    '## Programs and budget',
    '',
    ...(programs ? [`- **Programs:** ${mdText(programsBriefText(programs))}`, ...groups] : []),
    ...(budget ? [`- **Budget:** ${mdText(budgetBriefText(budget))}`] : []),
  ];
}

function milestoneTable(ms: readonly Milestone[]): string[] {
  if (ms.length === 0) return [];
  const sorted = sortMilestones(ms);
  return [
    '## Key dates',
    '',
    '| Date | What | Estimated |',
    '| --- | --- | --- |',
    ...sorted.map((m) => `| ${longDate(m.date)} | ${mdText(m.title)} | ${m.estimated ? 'yes' : 'no'} |`),
    ...(sorted.some((m) => m.estimated) ? ['', ESTIMATED_NOTE] : []),
  ];
}

/**
 * The gantt lines, unindented `gantt` first. Skipped tasks are left out: they are no longer part of
 * the plan's work. Dates are explicit (no `after`, no durations) so what Mermaid draws is exactly
 * the plan; its end date is exclusive, hence end + 1 day.
 */
function gantt(plan: Plan): string[] {
  const id = ganttIdMaker();
  const live = sortTasks(plan.tasks.filter((t) => t.status !== 'skipped'));
  const lines = ['gantt', '  dateFormat YYYY-MM-DD', '  axisFormat %b %Y'];
  for (const [section, kinds] of SECTIONS) {
    const tasks = live.filter((t) => kinds.includes(t.kind));
    if (tasks.length === 0) continue;
    lines.push(`  section ${section}`);
    for (const t of tasks)
      lines.push(`  ${ganttName(t.title)} :${t.status === 'done' ? 'done, ' : ''}${id(t.id, 't_')}, ${t.start}, ${addDays(t.end, 1)}`);
  }
  if (plan.milestones.length > 0) {
    lines.push('  section Key dates');
    for (const m of sortMilestones(plan.milestones)) lines.push(`  ${ganttName(m.title)} :milestone, ${id(m.id, 'm_')}, ${m.date}, 0d`);
  }
  return lines;
}

// Words the gantt lexer reads at the start of a line, ahead of a task name (case-insensitive), and
// the tags it reads after the colon; a leading date is lexed as a date too.
const GANTT_LEADING =
  /^(?:(?:title|section|excludes|includes|todaymarker|dateformat|axisformat|tickinterval|weekday|weekend|inclusiveenddates|topaxis|click|call|href|acctitle|accdescr\w*|gantt|done|active|crit|milestone|vert|after|until)\b|\d{4}-\d\d-\d\d)/i;

/** A task name Mermaid's gantt parser keeps whole (see reliability.md section 5). */
export function ganttName(text: string): string {
  const name = oneLine(text)
    .replace(/:/g, '\u2236') // the first `:` ends the name
    .replace(/#/g, '\uFF03') // `#…;` is an entity code
    .replace(/;/g, '\uFF1B')
    // A `%` as the first or second character makes the lexer read the line as a comment.
    .replace(/%/g, '\uFF05')
    .replace(/[<>`]/g, '') // HTML, and backticks that could close the Markdown fence
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '') return 'untitled';
  // A zero-width space is invisible but stops the keyword or date from matching.
  return GANTT_LEADING.test(name) ? `\u200B${name}` : name;
}

/** Makes gantt ids: `prefix` + [a-z0-9_], unique in order of use (`x-1` and `x_1` must not meet). */
export function ganttIdMaker(): (raw: string, prefix: string) => string {
  const used = new Set<string>();
  return (raw, prefix) => {
    const base = prefix + raw.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    return id;
  };
}

/** One `## Month Year` block per month a task starts in. */
function checklist(tasks: readonly Task[]): string[][] {
  const months = new Map<string, string[]>();
  for (const t of sortTasks(tasks)) {
    const heading = `## ${monthLabel(t.start)}`;
    months.set(heading, [...(months.get(heading) ?? []), checklistItem(t)]);
  }
  return [...months].map(([heading, items]) => [heading, '', ...items]);
}

function checklistItem(t: Task): string {
  // Only a hand-edited plan has a blank title or why; neither may leave empty emphasis or a trailing space.
  const why = mdText(t.why);
  const text = `**${mdText(t.title) || 'untitled'}** (${dateRange(t.start, t.end, false)})${why ? ` — ${why}` : ''}`;
  const id = `\`${t.id.replace(/`/g, '')}\``;
  if (t.status === 'skipped') return `- [ ] ~~${text}~~ (skipped) ${id}`;
  return `- [${t.status === 'done' ? 'x' : ' '}] ${text} ${id}`;
}

/** Control characters and runs of whitespace (newlines included) become one space. */
function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

/**
 * Inline Markdown text on one line. Escapes what could start emphasis, code, HTML, links, entities,
 * table cells, strikethrough or (on GitHub) math; block syntax cannot start since the text never
 * begins a line.
 */
function mdText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~&$]/g, '\\$&');
}
