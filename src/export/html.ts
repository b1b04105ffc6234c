// The plan as one self-contained web page: header, warnings, key dates, a timeline drawn as inline
// SVG and a month-by-month checklist. No script and no external resource (a Content Security
// Policy forbids both), so the file works offline, from an email attachment or printed. Pure: the
// same plan always gives the same bytes.
import { addDays, daysBetween, longDate, monthKey, monthLabel, monthOf, yearOf, ymd, type CalendarDate } from '../domain/dates.js';
// Types only: a value import of plan.ts would load the reference data just to print a plan.
import type { Milestone, Plan, Task, TaskKind, TaskStatus } from '../domain/plan.js';
import { dateRange, isOverdue, sortMilestones, sortTasks } from '../render/text.js';
import { ESTIMATED_MEANS } from '../domain/wording.js';
import { budgetBriefText, type JourneyBriefs } from '../render/budget.js';
import { HEADINGS, programsBriefText } from '../render/programs.js';

type SectionId = 'exams' | 'rotations' | 'letters' | 'application' | 'other';

// A Record, so a new task kind cannot be added without choosing its row group.
const SECTION_OF: Record<TaskKind, SectionId> = {
  exam: 'exams',
  ecfmg: 'exams',
  outreach: 'rotations',
  externship: 'rotations',
  'letter-request': 'letters',
  'letter-upload': 'letters',
  'thank-you': 'letters',
  application: 'application',
  custom: 'other',
};

/** In the timeline's order, which follows the road: exams, then rotations and their letters, then applying. */
const SECTION_LABELS: Record<SectionId, string> = { exams: 'Exams', rotations: 'Rotations', letters: 'Letters', application: 'Application', other: 'Other' };
const SECTIONS = Object.keys(SECTION_LABELS) as SectionId[];

const GLYPHS: Record<TaskStatus, string> = { todo: '☐', done: '☑', skipped: '☒' };

const ESTIMATED_MARK = '<span class="est">~ estimated</span>';
const ESTIMATED_NOTE = `dates are ${ESTIMATED_MEANS}`;

/** Text for HTML content and double-quoted attributes alike. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `opts.journey` holds the programs and budget sections the person asked for (--show programs,budget). */
export function planToHtml(plan: Plan, opts: { title?: string; journey?: Partial<JourneyBriefs> } = {}): string {
  const title = opts.title ?? `imgplan: ${plan.name} (Match ${plan.matchYear})`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="imgplan">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${header(plan)}
<main>
${warnings(plan)}${keyDates(plan)}${journey(opts.journey ?? {})}<section id="timeline">
<h2>Timeline</h2>
<figure>
${timelineSvg(plan)}
${legend(plan)}
</figure>
</section>
${checklist(plan)}
</main>
<footer><p>Made by imgplan from the plan “${esc(plan.name)}” on ${esc(longDate(plan.today))}. Regenerate the plan when your profile or the Match calendar changes.</p></footer>
</body>
</html>
`;
}

function header(plan: Plan): string {
  const a = plan.milestones.find((m) => m.id === 'eras-submit' && m.date === plan.applicationDate);
  const { externships, weeksPerExternship } = plan.overrides ?? {};
  const whatIf = [
    ...(externships !== undefined ? [`${externships} externships`] : []),
    ...(weeksPerExternship !== undefined ? [`${weeksPerExternship} weeks per externship`] : []),
  ];
  return `<header>
<h1>${esc(plan.name)} <span class="match">· Match ${plan.matchYear}</span></h1>
<dl class="facts">
<dt>Application date (A)</dt><dd>${dateHtml(plan.applicationDate)}${a?.estimated ? ` ${ESTIMATED_MARK}` : ''}</dd>
<dt>Made on</dt><dd>${dateHtml(plan.today)}</dd>
${whatIf.length ? `<dt>What-if settings</dt><dd>${whatIf.join(', ')}</dd>\n` : ''}</dl>
</header>`;
}

const dateHtml = (d: CalendarDate): string => `<time datetime="${d}">${esc(longDate(d))}</time>`;

function warnings(plan: Plan): string {
  if (plan.warnings.length === 0) return '';
  const items = plan.warnings.map((w) => `<li><span class="msg">${esc(w.message)}</span> <code>${esc(w.code)}</code></li>`);
  return `<section id="warnings" class="warnings">
<h2>Warnings</h2>
<ul>
${items.join('\n')}
</ul>
</section>
`;
}

function keyDates(plan: Plan): string {
  if (plan.milestones.length === 0) return '';
  const items = sortMilestones(plan.milestones).map(
    (m) =>
      `<li class="key-date" id="date-${esc(m.id)}">${dateHtml(m.date)} <span class="title">${esc(m.title)}</span>${m.estimated ? ` ${ESTIMATED_MARK}` : ''}<br><small class="source">${esc(m.source)}</small></li>`,
  );
  const legendLine = plan.milestones.some((m) => m.estimated) ? `\n<p class="estimated-note">${ESTIMATED_MARK}: ${esc(ESTIMATED_NOTE)}</p>` : '';
  return `<section id="key-dates">
<h2>Key dates</h2>
<ul class="key-dates">
${items.join('\n')}
</ul>${legendLine}
</section>
`;
}

function journey({ programs, budget }: Partial<JourneyBriefs>): string {
  if (!programs && !budget) return '';
  const groups = programs
    ? (Object.keys(HEADINGS) as (keyof typeof HEADINGS)[]).flatMap((g) => (programs.names[g].length ? [`<li><strong>${HEADINGS[g]}:</strong> ${esc(programs.names[g].join(', '))}</li>`] : []))
    : [];
  return `<section id="programs-budget">
<h2>Programs and budget</h2>
${programs ? `<p><strong>Programs:</strong> ${esc(programsBriefText(programs))}</p>\n<ul class="program-groups">\n${groups.join('\n')}\n</ul>\n` : ''}${budget ? `<p><strong>Budget:</strong> ${esc(budgetBriefText(budget))}</p>\n` : ''}</section>
`;
}

// ---------------------------------------------------------------------------------------------
// The timeline. Coordinates are SVG user units; the viewBox scales them to the page width.

const LABEL_W = 300;
const MONTH_W = 44;
const ROW_H = 20;
const BAR_H = 12;
const SECTION_H = 26;
const AXIS_H = 36;
const KEY_ROW_H = 24;
const FOOT_H = 22;
const LABEL_CHARS = 38;

/** One decimal is finer than a screen pixel and keeps the output short and stable. */
const num = (n: number): string => String(Math.round(n * 10) / 10);

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

interface Axis {
  first: CalendarDate;
  months: number;
  /** The left edge of a day; the day after the end is the right edge of a span. */
  x(d: CalendarDate): number;
}

/** Whole months from the earliest to the latest date in the plan, today included. */
function axisOf(plan: Plan): Axis {
  const dates = [plan.today, ...plan.tasks.flatMap((t) => [t.start, t.end]), ...plan.milestones.map((m) => m.date)].sort();
  const lo = dates[0] ?? plan.today;
  const hi = dates[dates.length - 1] ?? plan.today;
  const first = ymd(yearOf(lo), monthOf(lo), 1);
  const months = (yearOf(hi) - yearOf(lo)) * 12 + monthOf(hi) - monthOf(lo) + 1;
  const x = (d: CalendarDate): number => {
    const index = (yearOf(d) - yearOf(first)) * 12 + monthOf(d) - monthOf(first);
    const start = ymd(yearOf(d), monthOf(d), 1);
    const length = daysBetween(start, ymd(yearOf(d), monthOf(d) + 1, 1));
    return LABEL_W + MONTH_W * (index + daysBetween(start, d) / length);
  };
  return { first, months, x };
}

function timelineSvg(plan: Plan): string {
  const axis = axisOf(plan);
  const width = LABEL_W + axis.months * MONTH_W + 8;
  const bodyTop = AXIS_H + KEY_ROW_H;
  const rows: string[] = [];
  let y = bodyTop;
  for (const section of SECTIONS) {
    const tasks = sortTasks(plan.tasks.filter((t) => SECTION_OF[t.kind] === section));
    if (tasks.length === 0) continue;
    rows.push(`<text class="section" x="4" y="${num(y + SECTION_H - 8)}">${SECTION_LABELS[section]}</text>`);
    y += SECTION_H;
    for (const t of tasks) {
      rows.push(taskRow(t, section, y, axis, plan.today));
      y += ROW_H;
    }
  }
  const bodyBottom = y;
  const height = bodyBottom + FOOT_H;

  const grid: string[] = [];
  for (let i = 0; i < axis.months; i++) {
    const month = ymd(yearOf(axis.first), monthOf(axis.first) + i, 1);
    const x = LABEL_W + i * MONTH_W;
    if (i % 2 === 1) grid.push(`<rect class="band" x="${num(x)}" y="${AXIS_H}" width="${MONTH_W}" height="${num(bodyBottom - AXIS_H)}"/>`);
    grid.push(`<line class="${monthOf(month) === 1 ? 'grid year' : 'grid'}" x1="${num(x)}" y1="18" x2="${num(x)}" y2="${num(bodyBottom)}"/>`);
    grid.push(`<text class="month" x="${num(x + MONTH_W / 2)}" y="32" text-anchor="middle">${monthLabel(month).slice(0, 3)}</text>`);
    if (i === 0 || monthOf(month) === 1) grid.push(`<text class="year" x="${num(x + 3)}" y="13">${yearOf(month)}</text>`);
  }

  const marks: string[] = [`<text class="key-label" x="4" y="${AXIS_H + 16}">Key dates</text>`];
  const midOf = (d: CalendarDate): number => (axis.x(d) + axis.x(addDays(d, 1))) / 2;
  for (const m of sortMilestones(plan.milestones)) marks.push(milestoneMark(m, midOf(m.date), bodyBottom));
  for (const [cls, label, d] of [
    ['today', 'today', plan.today],
    ['application', 'A', plan.applicationDate],
  ] as const) {
    const x = num(midOf(d));
    marks.push(
      `<line class="${cls}" x1="${x}" y1="${AXIS_H}" x2="${x}" y2="${num(bodyBottom + 4)}"><title>${esc(`${label === 'A' ? 'Application date (A)' : 'Today'}: ${longDate(d)}`)}</title></line>`,
      `<text class="${cls}" x="${x}" y="${num(bodyBottom + 17)}" text-anchor="middle">${label}</text>`,
    );
  }

  return `<svg class="timeline" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-labelledby="timeline-title" preserveAspectRatio="xMinYMin meet">
<title id="timeline-title">${esc(`Timeline of ${plan.name}: ${plan.tasks.length} tasks and ${plan.milestones.length} key dates by month`)}</title>
${grid.join('\n')}
${rows.join('\n')}
${marks.join('\n')}
</svg>`;
}

function taskRow(t: Task, section: SectionId, y: number, axis: Axis, today: CalendarDate): string {
  const x = axis.x(t.start);
  // A one-day task would be under two units wide; keep every bar visible.
  const w = Math.max(axis.x(addDays(t.end, 1)) - x, 4);
  const overdue = isOverdue(t, today);
  const tip = `${t.title}: ${dateRange(t.start, t.end, true)} (${t.status}${overdue ? ', overdue' : ''}${t.pinned ? ', pinned' : ''}) · ${t.id}`;
  const prefix = t.status === 'done' ? '✓ ' : t.status === 'skipped' ? '– ' : '';
  const labelClass = `label ${t.status}${overdue ? ' overdue' : ''}`;
  // The row links to the task's checklist entry, where the small print of a phone-sized chart is readable.
  return `<a href="#task-${esc(t.id)}"><text class="${labelClass}" x="14" y="${num(y + ROW_H / 2 + 4.5)}">${esc(prefix + truncate(t.title, LABEL_CHARS))}</text><rect class="bar s-${section} ${t.status}" data-id="${esc(t.id)}" x="${num(x)}" y="${num(y + (ROW_H - BAR_H) / 2)}" width="${num(w)}" height="${BAR_H}" rx="2"><title>${esc(tip)}</title></rect></a>`;
}

function milestoneMark(m: Milestone, x: number, bottom: number): string {
  const cy = AXIS_H + KEY_ROW_H / 2;
  const r = 6;
  const tip = `${m.title}: ${longDate(m.date)}${m.estimated ? ' (estimated)' : ''}`;
  return `<line class="milestone" x1="${num(x)}" y1="${num(cy + r)}" x2="${num(x)}" y2="${num(bottom)}"/><a href="#date-${esc(m.id)}"><path class="diamond${m.estimated ? ' estimated' : ''}" d="M${num(x)} ${num(cy - r)}l${r} ${r}l${-r} ${r}l${-r} ${-r}z"><title>${esc(tip)}</title></path></a>`;
}

function legend(plan: Plan): string {
  const used = new Set(plan.tasks.map((t) => SECTION_OF[t.kind]));
  const swatch = (cls: string): string => `<svg class="swatch" viewBox="0 0 18 12" aria-hidden="true"><rect class="${cls}" x="1" y="1" width="16" height="10" rx="2"/></svg>`;
  const items = [
    ...SECTIONS.filter((s) => used.has(s)).map((s) => `<li>${swatch(`bar s-${s} todo`)} ${SECTION_LABELS[s]}</li>`),
    `<li>${swatch('bar s-other done')} done</li>`,
    `<li>${swatch('bar s-other skipped')} skipped</li>`,
    `<li><svg class="swatch" viewBox="0 0 18 12" aria-hidden="true"><path class="diamond" d="M9 0l6 6l-6 6l-6 -6z"/></svg> key date (hollow: estimated)</li>`,
    `<li><svg class="swatch" viewBox="0 0 18 12" aria-hidden="true"><line class="today" x1="9" y1="0" x2="9" y2="12"/></svg> today</li>`,
    `<li><svg class="swatch" viewBox="0 0 18 12" aria-hidden="true"><line class="application" x1="9" y1="0" x2="9" y2="12"/></svg> A: application date</li>`,
  ];
  return `<figcaption>
<ul class="legend">
${items.join('\n')}
</ul>
</figcaption>`;
}

// ---------------------------------------------------------------------------------------------
// The checklist: each task under the month it starts in, in the order of the text timeline.

function checklist(plan: Plan): string {
  const ids = new Set(plan.tasks.map((t) => t.id));
  const months = new Map<string, { heading: string; tasks: Task[] }>();
  for (const t of sortTasks(plan.tasks)) {
    const key = monthKey(t.start);
    const month = months.get(key) ?? { heading: monthLabel(t.start), tasks: [] };
    month.tasks.push(t);
    months.set(key, month);
  }
  const sections = [...months].map(
    ([key, { heading, tasks }]) => `<section class="month" id="month-${key}">
<h3>${heading}</h3>
<ul class="tasks">
${tasks.map((t) => taskItem(t, plan.today, ids)).join('\n')}
</ul>
</section>`,
  );
  return `<section id="checklist">
<h2>Checklist</h2>
${sections.join('\n')}
</section>`;
}

function taskItem(t: Task, today: CalendarDate, ids: ReadonlySet<string>): string {
  const section = SECTION_OF[t.kind];
  const tags = [
    `<span class="tag s-${section}">${SECTION_LABELS[section]}</span>`,
    ...(t.pinned ? ['<span class="tag pinned">pinned</span>'] : []),
    ...(isOverdue(t, today) ? ['<strong class="overdue">overdue</strong>'] : []),
  ];
  const deps = t.dependsOn.length
    ? // A hand-edited plan may name a task it no longer has; a link would lead nowhere.
      `\n<p class="deps">After ${t.dependsOn.map((d) => (ids.has(d) ? `<a href="#task-${esc(d)}"><code>${esc(d)}</code></a>` : `<code>${esc(d)}</code>`)).join(', ')}</p>`
    : '';
  const note = t.note ? `\n<p class="note"><strong>Note:</strong> ${esc(t.note)}</p>` : '';
  return `<li class="task ${t.status}" id="task-${esc(t.id)}">
<span class="box" role="img" aria-label="${t.status}">${GLYPHS[t.status]}</span>
<div class="body">
<p class="line"><span class="title">${esc(t.title)}</span> <span class="dates">${esc(dateRange(t.start, t.end, true))}</span> <code class="id">${esc(t.id)}</code> ${tags.join(' ')}</p>
<p class="why">${esc(t.why)}</p>${note}${deps}
</div>
</li>`;
}

// ---------------------------------------------------------------------------------------------

const STYLE = `
:root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #d1d5db; --band: #f3f4f6; --accent: #0e7490; --warn: #b45309; --est: #a21caf; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; overflow-wrap: anywhere; }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; line-height: 1.2; }
h1 .match { color: var(--muted); font-weight: normal; }
h2 { margin: 1.75rem 0 .5rem; font-size: 1.25rem; border-bottom: 1px solid var(--line); }
h3 { margin: 1.25rem 0 .25rem; font-size: 1.05rem; color: var(--accent); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: .5rem 0 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .85em; color: var(--muted); }
a { color: inherit; }
.est { color: var(--est); white-space: nowrap; }
.warnings { background: #fff8eb; border-left: 4px solid var(--warn); padding: .25rem 1rem; margin-top: 1rem; }
.warnings h2 { border: 0; margin-top: .5rem; color: var(--warn); }
.warnings ul, .key-dates, .tasks, .legend { padding: 0; list-style: none; }
.warnings li { margin: .25rem 0 .5rem; }
.key-date { margin: .35rem 0; }
.key-date time { font-weight: 600; }
.source, .legend, .estimated-note, .deps { color: var(--muted); }
.source { display: block; font-size: .8rem; }
figure { margin: 0; }
svg.timeline { display: block; width: 100%; height: auto; font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 13px; }
.timeline .band { fill: var(--band); }
.timeline .grid { stroke: var(--line); stroke-width: .5; }
.timeline .grid.year { stroke: var(--muted); stroke-width: 1; }
.timeline .month, .timeline .year { fill: var(--muted); font-size: 11px; }
.timeline .year { font-weight: bold; }
.timeline .section, .timeline .key-label { font-weight: bold; fill: var(--ink); }
.timeline .label { fill: var(--ink); }
.timeline .label.done, .timeline .label.skipped { fill: var(--muted); }
.timeline .label.overdue { fill: #b91c1c; }
.timeline a:hover .label { text-decoration: underline; }
.s-exams { --c: #2563eb; }
.s-rotations { --c: #059669; }
.s-letters { --c: #d97706; }
.s-application { --c: #7c3aed; }
.s-other { --c: #64748b; }
.bar { fill: var(--c); stroke: var(--c); stroke-width: 0; }
.bar.done { fill-opacity: .3; stroke-width: 1.5; }
.bar.skipped { fill-opacity: 0; stroke-width: 1.5; stroke-dasharray: 3 2; }
.milestone { stroke: var(--est); stroke-width: .75; stroke-dasharray: 2 3; }
.diamond { fill: var(--est); stroke: var(--est); stroke-width: 1.5; }
.diamond.estimated { fill: #fff; }
line.today { stroke: #dc2626; stroke-width: 2; }
text.today { fill: #dc2626; font-size: 11px; }
line.application { stroke: var(--ink); stroke-width: 2; }
text.application { fill: var(--ink); font-weight: bold; font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: .5rem 0 0; font-size: .85rem; }
.swatch { width: 1.5em; height: 1em; vertical-align: -.15em; }
.month { margin-top: 1rem; }
.task { display: flex; gap: .6rem; margin: .6rem 0; }
.box { font-size: 1.3rem; line-height: 1.2; flex: none; }
.body { min-width: 0; }
.body p { margin: 0; }
.task .title { font-weight: 600; }
.task.done .title, .task.skipped .title { color: var(--muted); }
.task.skipped .title { text-decoration: line-through; }
.dates { color: var(--accent); white-space: nowrap; }
.why { font-size: .92rem; }
.note { white-space: pre-line; font-size: .92rem; }
.tag { font-size: .75rem; border: 1px solid var(--line); border-left: .5em solid var(--c, var(--line)); border-radius: 3px; padding: 0 .35em; white-space: nowrap; }
.overdue { color: #b91c1c; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
@media (max-width: 30rem) {
  body { padding: .75rem; font-size: 15px; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: .25rem; }
}
@media print {
  @page { margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; color: #000; background: #fff; }
  .warnings { background: none; border: 1px solid var(--warn); }
  svg.timeline { width: 100%; max-height: 24cm; }
  figure { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .task, .key-date { break-inside: avoid; }
  a { text-decoration: none; }
}
`;
