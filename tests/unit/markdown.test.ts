// The Markdown export: golden files for both example profiles, and a round trip of its gantt chart
// through Mermaid's own parser, which is what a renderer would draw (reliability.md section 5).
// Refresh the goldens with UPDATE_GOLDEN=1 npx vitest run tests/unit/markdown.test.ts
import { describe, it, expect } from 'vitest';
import { JSDOM } from 'jsdom';
import fc from 'fast-check';
import aminaYaml from '../../data/examples/profile.yaml';
import danielYaml from '../../data/examples/profile-us-citizen-student.yaml';
import { addDays, calendarDate, type CalendarDate } from '../../src/domain/dates.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import { profileSchema } from '../../src/domain/profile.js';
import { referenceData } from '../../src/reference/index.js';
import { generatePlan } from '../../src/engine/index.js';
import { ganttIdMaker, ganttName, planToMarkdown, type ProfileSummary } from '../../src/export/markdown.js';
import { expectGolden } from '../support/golden.js';

// Mermaid needs a DOM when it loads (DOMPurify hooks), so the window goes in before the import.
const { window } = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window, document: window.document, DOMParser: window.DOMParser, Element: window.Element });
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

/** The fields of Mermaid's gantt db this test reads. */
interface GanttTask {
  id: string;
  task: string;
  startTime: Date;
  endTime: Date;
  done?: boolean;
  milestone?: boolean;
}

const data = referenceData();
const today = calendarDate('2026-11-25');
const examplePlan = (yaml: unknown): Plan =>
  generatePlan({ profile: profileSchema().parse(yaml), data, today, name: 'match-2028' });

const AMINA_SUMMARY: ProfileSummary = {
  name: 'Amina Okafor',
  school: 'University of Ibadan College of Medicine, Nigeria (graduated 2024)',
  specialties: ['Internal Medicine', 'Family Medicine'],
  visa: 'Outside the U.S.; for residency: j1',
  exams: ['USMLE Step 1: passed (2025-03-14)', 'USMLE Step 2 CK: scheduled (2027-04-20)'],
};


/** The one mermaid block, checking the fence is intact: exactly two fence lines in the document. */
function ganttSource(md: string): string {
  const lines = md.split('\n');
  // Only a backtick fence can close the block opened with backticks.
  const fences = lines.flatMap((l, i) => (/^ {0,3}```/.test(l) ? [i] : []));
  expect(fences.map((i) => lines[i])).toEqual(['```mermaid', '```']);
  return `${lines.slice(fences[0]! + 1, fences[1]).join('\n')}\n`;
}

async function ganttTasks(md: string): Promise<GanttTask[]> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(ganttSource(md));
  return (diagram.db as unknown as { getTasks(): GanttTask[] }).getTasks();
}

/** Mermaid builds its dates at local midnight, so local getters give the calendar day in any TZ. */
const localDay = (d: Date): CalendarDate =>
  calendarDate(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);

/** What the db should hold for each plan entry, sorted so the order of sections does not matter. */
function expected(plan: Plan): string[] {
  return [
    ...plan.tasks.filter((t) => t.status !== 'skipped').map((t) => [ganttName(t.title), t.start, t.end, t.status === 'done', false]),
    ...plan.milestones.map((m) => [ganttName(m.title), m.date, m.date, false, true]),
  ]
    .map((row) => JSON.stringify(row))
    .sort();
}

/** Mermaid's end is exclusive except for milestones, which last 0 days. */
function drawn(tasks: readonly GanttTask[]): string[] {
  return tasks
    .map((t) => {
      const end = t.milestone ? localDay(t.endTime) : addDays(localDay(t.endTime), -1);
      return JSON.stringify([t.task.replace(/ $/, ''), localDay(t.startTime), end, Boolean(t.done), Boolean(t.milestone)]);
    })
    .sort();
}

function checkMarkdownShape(md: string, plan: Plan): void {
  expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
  expect(md).not.toMatch(/[ \t]$/m);
  // One checklist line per task: no title or why spilled onto a line of its own.
  expect(md.split('\n').filter((l) => /^- \[[ x]\] /.test(l))).toHaveLength(plan.tasks.length);
  for (const t of plan.tasks) expect(md).toContain(` \`${t.id}\`\n`);
}

describe('planToMarkdown: example profiles', () => {
  const cases = [
    { file: 'markdown-profile.md', plan: examplePlan(aminaYaml), summary: AMINA_SUMMARY },
    { file: 'markdown-profile-us-citizen-student.md', plan: examplePlan(danielYaml), summary: {} },
  ];

  for (const { file, plan, summary } of cases) {
    it(`matches tests/golden/${file}, the same bytes every time`, () => {
      const md = planToMarkdown(plan, summary);
      expect(planToMarkdown(structuredClone(plan), { ...summary })).toBe(md);
      checkMarkdownShape(md, plan);
      expectGolden(file, md);
    });

    it(`${file}: Mermaid reads every task and milestone with the plan's ids, names and dates`, async () => {
      const tasks = await ganttTasks(planToMarkdown(plan, summary));
      expect(tasks).toHaveLength(plan.tasks.length + plan.milestones.length);
      expect(drawn(tasks)).toEqual(expected(plan));
      // Plan ids are slugs, so each maps to its own gantt id with no collision suffix.
      const ids = new Set(tasks.map((t) => t.id));
      for (const t of plan.tasks) expect(ids).toContain(`t_${t.id.replace(/-/g, '_')}`);
      for (const m of plan.milestones) expect(ids).toContain(`m_${m.id.replace(/-/g, '_')}`);
    });
  }

  it('shows only the profile facts it is given', () => {
    const plan = examplePlan(aminaYaml);
    const md = planToMarkdown(plan);
    for (const secret of ['Amina', 'Okafor', 'Ibadan', 'Nigeria', 'Name:', 'School:', 'Visa:', 'Exams:']) expect(md).not.toContain(secret);
    const some = planToMarkdown(plan, { specialties: ['Internal Medicine'], exams: [] });
    expect(some).toContain('- **Specialties:** Internal Medicine\n');
    expect(some).not.toContain('Exams:');
  });

  it('marks done and skipped tasks in the checklist and the chart', async () => {
    const plan = examplePlan(aminaYaml);
    const [first, second] = plan.tasks as [Task, Task];
    first.status = 'done';
    second.status = 'skipped';
    const md = planToMarkdown(plan);
    expect(md).toMatch(new RegExp(`^- \\[x\\] \\*\\*.*\`${first.id}\`$`, 'm'));
    expect(md).toMatch(new RegExp(`^- \\[ \\] ~~\\*\\*.*~~ \\(skipped\\) \`${second.id}\`$`, 'm'));
    const tasks = await ganttTasks(md);
    expect(tasks.find((t) => t.id === `t_${first.id.replace(/-/g, '_')}`)?.done).toBe(true);
    expect(tasks.some((t) => t.id === `t_${second.id.replace(/-/g, '_')}`)).toBe(false);
    expect(drawn(tasks)).toEqual(expected(plan));
  });
});

describe('ganttName and ganttIdMaker', () => {
  it('replaces the characters the gantt lexer treats specially', () => {
    expect(ganttName('Step 2: CK; #1 <b>`x`</b>\n\t 50%%')).toBe('Step 2\u2236 CK\uFF1B \uFF031 bx/b 50\uFF05\uFF05');
    expect(ganttName('Title of thesis')).toBe('\u200BTitle of thesis');
    expect(ganttName('2027-01-04 start')).toBe('\u200B2027-01-04 start');
    expect(ganttName('Titles')).toBe('Titles');
    expect(ganttName(' <> ')).toBe('untitled');
  });

  it('gives distinct ids to raw ids that sanitise alike', () => {
    const id = ganttIdMaker();
    expect(['x-1', 'x_1', 'X.1', 'x-1-2', 'done', ''].map((raw) => id(raw, 't_'))).toEqual(['t_x_1', 't_x_1_2', 't_x_1_3', 't_x_1_2_2', 't_done', 't_']);
  });
});

describe('planToMarkdown: hostile titles', () => {
  const NASTY = [
    'Step 2: CK :t1, 2025-05-15, 1d',
    'title of thesis',
    'TITLE',
    'section review',
    'excludes weekends draft',
    'includes 2025-01-01',
    'todayMarker off',
    'dateFormat DD',
    'axisFormat %Y',
    'tickInterval 1day',
    'weekday monday',
    'click here for ERAS',
    'call back(1)',
    'accTitle: x',
    'accDescr { y }',
    'accDescription z',
    'gantt',
    'done',
    'active crit milestone',
    'after nope',
    'until then',
    'inclusiveEndDates',
    '2027-01-04 deadline',
    '#58; entity &#58; &amp;',
    'a; b; c',
    '%% comment',
    '%%{init: {"theme": "dark"}}%%',
    '5% done',
    '%',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '```\nfence break\n```',
    '~~~',
    'line one\nline two\r\n\tline three',
    '   spaced    out   ',
    '🎉 emoji 👩🏽‍⚕️ résumé 中文',
    '[link](javascript:alert(1)) *bold* _it_ | pipe | \\ back',
    '- [ ] fake item',
    '# heading',
    '> quote',
    '$x$ and $y$',
    'done, crit, t_x, 2025-01-01, 1d',
    'x'.repeat(500),
  ];

  /** The example plan with titles, whys and statuses replaced; ids stay, so the checklist can be checked by id. */
  function hostile(titles: readonly string[]): Plan {
    const plan = examplePlan(aminaYaml);
    plan.tasks = plan.tasks.map((t, i) => ({
      ...t,
      title: titles[i % titles.length]!,
      why: titles[(i + 1) % titles.length]!,
      status: i % 5 === 0 ? 'done' : i % 7 === 3 ? 'skipped' : 'todo',
    }));
    plan.milestones = plan.milestones.map((m, i) => ({ ...m, title: titles[(i + 2) % titles.length]! }));
    plan.warnings = [{ code: 'nasty', message: titles.join('\n') }];
    return plan;
  }

  async function roundTrip(plan: Plan): Promise<void> {
    const md = planToMarkdown(plan);
    checkMarkdownShape(md, plan);
    const tasks = await ganttTasks(md);
    expect(drawn(tasks)).toEqual(expected(plan));
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const t of tasks) expect(t.id).toMatch(/^[tm]_[a-z0-9_]+$/);
  }

  it('every nasty title reaches Mermaid whole, with its dates, and leaves the Markdown intact', async () => {
    await roundTrip(hostile(NASTY));
  });

  it('so do arbitrary strings', async () => {
    const title = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1 }));
    await fc.assert(
      fc.asyncProperty(fc.array(title, { minLength: 1, maxLength: 60 }), async (titles) => {
        await roundTrip(hostile(titles));
      }),
      { numRuns: 40, seed: 20261125 },
    );
  });
});
