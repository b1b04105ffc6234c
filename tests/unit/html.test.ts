// The HTML export: one self-contained page. Every text from the plan is escaped, every task is in
// both the timeline and the checklist under its id, nothing is loaded from elsewhere, and the same
// plan always gives the same bytes. How it looks in a browser: tests/e2e/html-chromium.test.ts.
import { describe, it, expect } from 'vitest';
import { JSDOM } from 'jsdom';
import { calendarDate, longDate, monthLabel } from '../../src/domain/dates.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import { planToHtml } from '../../src/export/html.js';
import { expectGolden } from '../support/golden.js';
import { AMINA, DANIEL, EXAMPLES, examplePlan } from '../support/examples.js';


const XSS = '<script>alert(1)</script>';

/** Amina's plan with hostile text in every free-text field, a task of each status and a custom task. */
function hostilePlan(): Plan {
  const plan = examplePlan(AMINA);
  const tasks: Task[] = plan.tasks.map((t, i) =>
    i === 0 ? { ...t, status: 'done' } : i === 1 ? { ...t, status: 'skipped', pinned: true, note: `Moved by me ${XSS}\n"quoted" & 'single'` } : t,
  );
  tasks.push({
    id: 'visa-interview',
    kind: 'custom',
    title: XSS,
    start: calendarDate('2027-03-02'),
    end: calendarDate('2027-03-02'),
    status: 'todo',
    why: 'Because <img src=x onerror=alert(2)> & "why" not',
    dependsOn: ['exam-oet'],
  });
  const [m, ...ms] = plan.milestones;
  return {
    ...plan,
    milestones: [{ ...m!, title: `Match </title><svg onload=alert(3)>`, source: 'see <a href="https://evil.example">here</a>' }, ...ms],
    tasks,
    warnings: [...plan.warnings, { code: 'odd', message: `</li></ul>${XSS}<iframe src="https://evil.example">` }],
  };
}

const dom = (html: string): Document => new JSDOM(html).window.document;
const texts = (doc: Document, selector: string): string[] => [...doc.querySelectorAll(selector)].map((e) => e.textContent ?? '');

describe('planToHtml escapes every text from the plan', () => {
  const plan = hostilePlan();
  const html = planToHtml(plan, { title: `My <plan> & "me"` });
  const doc = dom(html);

  it('shows the hostile texts as text', () => {
    const custom = doc.getElementById('task-visa-interview')!;
    expect(custom.querySelector('.title')?.textContent).toBe(XSS);
    expect(custom.querySelector('.why')?.textContent).toBe('Because <img src=x onerror=alert(2)> & "why" not');
    expect(doc.querySelector('#task-' + plan.tasks[1]!.id + ' .note')?.textContent).toBe(`Note: Moved by me ${XSS}\n"quoted" & 'single'`);
    expect(texts(doc, '#warnings .msg')).toContain(`</li></ul>${XSS}<iframe src="https://evil.example">`);
    expect(texts(doc, '.key-date .title')).toContain('Match </title><svg onload=alert(3)>');
    expect(texts(doc, '.key-date .source')).toContain('see <a href="https://evil.example">here</a>');
    expect(doc.title).toBe('My <plan> & "me"');
    const bar = doc.querySelector('svg.timeline rect.bar[data-id="visa-interview"] title');
    expect(bar?.textContent).toContain(XSS);
  });

  it('adds no element from them', () => {
    for (const tag of ['script', 'img', 'iframe', 'object', 'embed', 'link']) expect(doc.getElementsByTagName(tag)).toHaveLength(0);
    expect(doc.querySelectorAll('[onerror], [onload]')).toHaveLength(0);
    expect(doc.querySelectorAll('svg')).toHaveLength(doc.querySelectorAll('svg.timeline, svg.swatch').length);
    expect(html).not.toMatch(/<script|<img|<iframe/i);
  });
});

describe.each([
  ['Amina', () => examplePlan(AMINA)],
  ['Daniel', () => examplePlan(DANIEL)],
  ['an edited plan', hostilePlan],
])('planToHtml for %s', (_, make) => {
  const plan = make();
  const html = planToHtml(plan);
  const doc = dom(html);

  it('has every task in the timeline and the checklist, under its id', () => {
    expect(doc.querySelectorAll('svg.timeline rect.bar')).toHaveLength(plan.tasks.length);
    expect(doc.querySelectorAll('#checklist li.task')).toHaveLength(plan.tasks.length);
    for (const t of plan.tasks) {
      const item = doc.getElementById(`task-${t.id}`);
      expect(item?.querySelector('.title')?.textContent).toBe(t.title);
      expect(item?.querySelector('.id')?.textContent).toBe(t.id);
      expect(item?.querySelector('.why')?.textContent).toBe(t.why);
      expect(item?.classList.contains(t.status)).toBe(true);
      const bars = doc.querySelectorAll(`svg.timeline rect.bar[data-id="${t.id}"]`);
      expect(bars).toHaveLength(1);
      expect(bars[0]!.querySelector('title')?.textContent).toContain(t.title);
      expect(bars[0]!.querySelector('title')?.textContent).toContain(t.id);
      expect(bars[0]!.classList.contains(t.status)).toBe(true);
    }
  });

  it('draws a diamond per key date and lists each, estimated ones marked and explained', () => {
    expect(doc.querySelectorAll('svg.timeline .diamond')).toHaveLength(plan.milestones.length);
    expect(doc.querySelectorAll('svg.timeline .diamond.estimated')).toHaveLength(plan.milestones.filter((m) => m.estimated).length);
    expect(doc.querySelectorAll('.key-date')).toHaveLength(plan.milestones.length);
    expect(doc.querySelectorAll('.key-date .est')).toHaveLength(plan.milestones.filter((m) => m.estimated).length);
    if (plan.milestones.some((m) => m.estimated)) expect(doc.querySelector('.estimated-note')?.textContent).toContain('check them with the organiser');
  });

  it('heads the page with the plan name, Match year, A and the day it was made', () => {
    const header = doc.querySelector('header')?.textContent ?? '';
    expect(doc.querySelector('h1')?.textContent).toBe(`${plan.name} · Match ${plan.matchYear}`);
    expect(header).toContain(`Application date (A)${longDate(plan.applicationDate)}`);
    expect(header).toContain(`Made on${longDate(plan.today)}`);
  });

  it('lists the warnings', () => {
    expect(texts(doc, '#warnings .msg')).toEqual(plan.warnings.map((w) => w.message));
  });

  it('groups the checklist by the month a task starts in, in order, with a glyph per status', () => {
    const months = [...new Set([...plan.tasks].sort((a, b) => (a.start < b.start ? -1 : 1)).map((t) => monthLabel(t.start)))];
    expect(texts(doc, '#checklist .month h3')).toEqual(months);
    for (const t of plan.tasks)
      expect(doc.querySelector(`#task-${t.id} .box`)?.textContent).toBe({ todo: '☐', done: '☑', skipped: '☒' }[t.status]);
  });

  it('loads nothing from outside the page', () => {
    const outside: string[] = [];
    for (const el of doc.querySelectorAll('*'))
      for (const attr of el.attributes)
        if (attr.name === 'src' || (attr.name.endsWith('href') && !attr.value.startsWith('#')) || attr.value.includes('://')) outside.push(`${el.tagName} ${attr.name}=${attr.value}`);
    expect(outside).toEqual([]);
    // Internal links all land somewhere.
    for (const a of doc.querySelectorAll('[href]')) expect(doc.getElementById(a.getAttribute('href')!.slice(1)), a.getAttribute('href')!).not.toBeNull();
    const css = texts(doc, 'style').join('\n');
    expect(css).not.toMatch(/@import|url\(|@font-face/);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('is deterministic, whatever order the plan lists its tasks and key dates in', () => {
    expect(planToHtml(structuredClone(plan))).toBe(html);
    expect(planToHtml({ ...plan, tasks: [...plan.tasks].reverse(), milestones: [...plan.milestones].reverse() })).toBe(html);
  });
});

describe('planToHtml layout', () => {
  const plan = hostilePlan();
  const html = planToHtml(plan);
  const doc = dom(html);

  it('scales the timeline by its viewBox on a page with a viewport and a print stylesheet', () => {
    expect(doc.querySelector('meta[name="viewport"]')?.getAttribute('content')).toBe('width=device-width, initial-scale=1');
    const svg = doc.querySelector('svg.timeline')!;
    expect(svg.getAttribute('viewBox')).toMatch(/^0 0 \d+(\.\d)? \d+(\.\d)?$/);
    expect(svg.hasAttribute('width')).toBe(false);
    expect(texts(doc, 'style').join('')).toContain('@media print');
  });

  it('groups the timeline rows by section, with custom tasks under Other', () => {
    expect(texts(doc, 'svg.timeline text.section')).toEqual(['Exams', 'Rotations', 'Letters', 'Application', 'Other']);
    expect(doc.querySelector('rect.bar[data-id="visa-interview"]')?.classList.contains('s-other')).toBe(true);
    expect(texts(dom(planToHtml(examplePlan(AMINA))), 'svg.timeline text.section')).toEqual(['Exams', 'Rotations', 'Letters', 'Application']);
  });

  it('marks pinned and overdue tasks and links a task to the ones it follows', () => {
    const pinned = plan.tasks[1]!;
    expect(texts(doc, `#task-${pinned.id} .tag`)).toContain('pinned');
    expect(doc.querySelector('#task-visa-interview .deps a')?.getAttribute('href')).toBe('#task-exam-oet');
    const late = planToHtml({ ...plan, today: calendarDate('2027-03-10') });
    expect(dom(late).querySelector('#task-visa-interview .overdue')?.textContent).toBe('overdue');
  });

  it('names the what-if settings a plan was made with', () => {
    const header = dom(planToHtml({ ...plan, overrides: { externships: 2, weeksPerExternship: 6 } })).querySelector('header')?.textContent;
    expect(header).toContain('What-if settings2 externships, 6 weeks per externship');
    expect(doc.querySelector('header')?.textContent).not.toContain('What-if');
  });

  it('links no dependency the plan does not have', () => {
    const tasks = plan.tasks.map((t) => (t.id === 'visa-interview' ? { ...t, dependsOn: ['exam-oet', 'gone'] } : t));
    const deps = dom(planToHtml({ ...plan, tasks })).querySelector('#task-visa-interview .deps');
    expect(deps?.textContent).toBe('After exam-oet, gone');
    expect([...deps!.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['#task-exam-oet']);
  });

  it('uses the given title, or one naming the plan', () => {
    expect(doc.title).toBe('imgplan: match-2028 (Match 2028)');
  });

  it('leaves out the warnings section when there are none', () => {
    expect(dom(planToHtml({ ...plan, warnings: [] })).getElementById('warnings')).toBeNull();
  });
});

describe('golden files', () => {
  for (const { file, profile } of EXAMPLES)
    it(`${file}: the HTML export matches its golden file (UPDATE_GOLDEN=1 to refresh)`, () => {
      expectGolden(`html-${file}.html`, planToHtml(examplePlan(profile)));
    });
});
