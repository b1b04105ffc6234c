import { describe, it, expect } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { calendarDate } from '../../src/domain/dates.js';
import type { Milestone, Plan, Task } from '../../src/domain/plan.js';
import { renderTimeline } from '../../src/render/timeline.js';
import { renderSummary } from '../../src/render/summary.js';
import { createPalette } from '../../src/render/palette.js';
import { dateRange, wrapText } from '../../src/render/text.js';

const d = calendarDate;

function task(id: string, start: string, end: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    kind: 'custom',
    title: `Task ${id}`,
    start: d(start),
    end: d(end),
    status: 'todo',
    why: `Because ${id} matters.`,
    dependsOn: [],
    ...extra,
  };
}

function milestone(id: Milestone['id'], title: string, date: string, estimated: boolean): Milestone {
  return { id, title, date: d(date), estimated, source: 'test' };
}

function makePlan(extra: Partial<Plan> = {}): Plan {
  return {
    schemaVersion: 1,
    name: 'demo',
    matchYear: 2028,
    today: d('2027-08-15'),
    applicationDate: d('2027-09-20'),
    milestones: [
      milestone('match-day', 'Match Day', '2028-03-17', false),
      milestone('eras-submit', 'ERAS applications can be submitted', '2027-09-24', true),
    ],
    tasks: [
      task('step2ck', '2027-09-03', '2027-10-20', { kind: 'exam', exam: 'step2ck', title: 'Take USMLE Step 2 CK' }),
      task('ext-mayo', '2027-11-28', '2028-01-14', {
        kind: 'externship',
        externshipType: 'community',
        handsOn: false,
        title: 'Observership at Mayo',
      }),
      task('thanks', '2027-09-10', '2027-09-10', { kind: 'thank-you', status: 'done', title: 'Thank Dr Lee' }),
    ],
    warnings: [{ code: 'late-start', message: 'Your plan starts late: fewer than 12 months remain before A.' }],
    ...extra,
  };
}

const plain = (plan: Plan, width = 80) => renderTimeline(plan, { color: false, width });
const lines = (text: string) => text.split('\n');
const isMonthHeading = (l: string) => /^[A-Z][a-z]+ \d{4}$/.test(l);

/** The lines from a month heading up to the next blank line. */
function section(text: string, heading: string): string[] {
  const ls = lines(text);
  const at = ls.indexOf(heading);
  expect(at, `no section "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = ls.indexOf('', at);
  return ls.slice(at + 1, end === -1 ? undefined : end);
}

describe('renderTimeline', () => {
  it('opens with the plan name, Match year, today and A', () => {
    const ls = lines(plain(makePlan()));
    expect(ls[0]).toBe('Plan demo · Match 2028');
    expect(ls[1]).toBe('  Today                 Sun 15 Aug 2027');
    expect(ls[2]).toBe('  Application date (A)  Mon 20 Sep 2027');
  });

  it('puts warnings, with their code, before key dates and months', () => {
    const ls = lines(plain(makePlan()));
    const warning = ls.findIndex((l) => l.startsWith('! '));
    expect(ls[warning]).toBe('! Your plan starts late: fewer than 12 months remain before A. [late-start]');
    expect(warning).toBeLessThan(ls.indexOf('Key dates'));
    expect(warning).toBeLessThan(ls.findIndex(isMonthHeading));
  });

  it('has no warnings section when there are none', () => {
    expect(plain(makePlan({ warnings: [] }))).not.toContain('Warnings');
  });

  it('lists months in calendar order and skips those with nothing starting in them', () => {
    const headings = lines(plain(makePlan())).filter(isMonthHeading);
    // October, December and January are covered only by tasks that started earlier.
    expect(headings).toEqual(['September 2027', 'November 2027', 'March 2028']);
  });

  it('lists a task crossing months once, under its start month, with its whole range', () => {
    const text = plain(makePlan());
    expect(section(text, 'September 2027')).toContain('  [ ] 3 Sep – 20 Oct  Take USMLE Step 2 CK  step2ck');
    const nov = section(text, 'November 2027');
    expect(nov[0]).toBe('  [ ] 28 Nov – 14 Jan 2028  Observership at Mayo (observe only)  ext-mayo');
    expect(lines(text).filter((l) => l.endsWith('  ext-mayo'))).toHaveLength(1);
  });

  it('shows a one-day task with a single date and orders a month by date, milestones in place', () => {
    expect(section(plain(makePlan()), 'September 2027')).toEqual([
      '  [ ] 3 Sep – 20 Oct  Take USMLE Step 2 CK  step2ck',
      '        Because step2ck matters.',
      '  [x] 10 Sep  Thank Dr Lee  thanks',
      '        Because thanks matters.',
      '   *  24 Sep  ERAS applications can be submitted  ~ estimated',
    ]);
  });

  it('marks estimated milestones in key dates and months, and explains the mark once', () => {
    const text = plain(makePlan());
    const key = section(text, 'Key dates');
    expect(key[0]).toBe('  Fri 24 Sep 2027  ERAS applications can be submitted  ~ estimated');
    expect(key[1]).toBe('  Fri 17 Mar 2028  Match Day');
    expect(key.slice(2).map((l) => l.trim()).join(' ')).toMatch(/^ *~ estimated dates are projected by a rule or reported only by a secondary source; .*\(AAMC, NRMP, ECFMG\)\.$/);
    expect(section(text, 'March 2028')).toEqual(['   *  17 Mar  Match Day']);
  });

  it('leaves out the legend when no date is estimated', () => {
    const plan = makePlan();
    const text = plain({ ...plan, milestones: plan.milestones.map((m) => ({ ...m, estimated: false })) });
    expect(text).not.toContain('estimated');
  });

  it('shows [x] for done, [-] for skipped and [ ] for todo', () => {
    const plan = makePlan({
      tasks: [
        task('a', '2027-09-01', '2027-09-02', { status: 'done' }),
        task('b', '2027-09-03', '2027-09-04', { status: 'skipped' }),
        task('c', '2027-09-05', '2027-09-06'),
      ],
    });
    const ls = lines(plain(plan));
    expect(ls).toContain('  [x] 1 Sep – 2 Sep  Task a  a');
    expect(ls).toContain('  [-] 3 Sep – 4 Sep  Task b  b');
    expect(ls).toContain('  [ ] 5 Sep – 6 Sep  Task c  c');
  });

  it('marks a todo whose end has passed as overdue, and nothing else', () => {
    const plan = makePlan({
      today: d('2027-09-10'),
      tasks: [
        task('late', '2027-09-01', '2027-09-09'),
        task('finished', '2027-09-01', '2027-09-09', { status: 'done' }),
        task('ends-today', '2027-09-02', '2027-09-10'),
      ],
    });
    const ls = lines(plain(plan));
    expect(ls).toContain('  [ ] 1 Sep – 9 Sep  Task late  overdue  late');
    expect(ls).toContain('  [x] 1 Sep – 9 Sep  Task finished  finished');
    expect(ls).toContain('  [ ] 2 Sep – 10 Sep  Task ends-today  ends-today');
    expect(plain(plan).split('overdue').length - 1).toBe(1);
  });

  it('indents the why under its task and wraps it without cutting words', () => {
    const why = 'Programs weigh letters from U.S. clinicians heavily, and an observership is the usual way to earn one before ERAS opens.';
    const plan = makePlan({ tasks: [task('obs', '2027-09-01', '2027-09-30', { why })] });
    const sep = section(plain(plan, 40), 'September 2027');
    expect(sep[0]).toBe('  [ ] 1 Sep – 30 Sep  Task obs  obs');
    const whyLines = sep.slice(1, sep.findIndex((l) => l.startsWith('   *')));
    expect(whyLines.length).toBeGreaterThan(2);
    for (const l of whyLines) expect(l).toMatch(/^ {8}\S/);
    expect(whyLines.map((l) => l.trim()).join(' ')).toBe(why);
  });

  it('keeps every line within the width, 40 at least, for long titles and whys', () => {
    const long = 'Complete a four-week hands-on clinical elective in internal medicine at a university teaching hospital';
    const why = 'A long explanation '.repeat(20).trim();
    const plan = makePlan({
      name: 'a-rather-long-plan-name-for-testing',
      tasks: [
        task('long-one', '2027-09-01', '2028-02-01', { kind: 'externship', externshipType: 'hands-on', title: long, why }),
        task('long-two', '2027-12-30', '2028-01-02', { title: long, why, status: 'done' }),
        task('late', '2027-08-01', '2027-08-02', { title: long, why }),
      ],
      warnings: [{ code: 'very-long-warning-code', message: why }],
    });
    for (const width of [10, 40, 41, 53, 80, 120]) {
      for (const render of [renderTimeline, renderSummary]) {
        for (const color of [false, true]) {
          const text = render(plan, { color, width });
          for (const l of lines(stripVTControlCharacters(text))) expect([...l].length, `width ${width}: "${l}"`).toBeLessThanOrEqual(Math.max(40, width));
        }
      }
    }
    // The narrow render really wrapped: the title spans several lines.
    expect(plain(plan, 40)).toContain('\n      four-week hands-on clinical\n');
  });

  it('treats a width below 40 as 40', () => {
    expect(plain(makePlan(), 12)).toBe(plain(makePlan(), 40));
    expect(renderSummary(makePlan(), { color: false, width: 0 })).toBe(renderSummary(makePlan(), { color: false, width: 40 }));
  });

  it('lets a single word longer than the width overflow on its own line, uncut', () => {
    const url = 'https://www.example.org/a/very/long/path/that/cannot/be/broken/anywhere';
    const plan = makePlan({ tasks: [task('link', '2027-09-01', '2027-09-02', { why: `See ${url} first.` })] });
    expect(section(plain(plan, 40), 'September 2027').slice(0, 4)).toEqual([
      '  [ ] 1 Sep – 2 Sep  Task link  link',
      '        See',
      `        ${url}`,
      '        first.',
    ]);
  });

  it('has ANSI colour only when asked, and the same text either way', () => {
    const plan = makePlan();
    const colourless = renderTimeline(plan, { color: false, width: 80 });
    const coloured = renderTimeline(plan, { color: true, width: 80 });
    expect(colourless).not.toContain('\u001b');
    expect(coloured).toContain('\u001b[');
    expect(stripVTControlCharacters(coloured)).toBe(colourless);
  });

  it('is deterministic, whatever order the plan lists its tasks in', () => {
    const plan = makePlan();
    const reversed = { ...plan, tasks: [...plan.tasks].reverse(), milestones: [...plan.milestones].reverse() };
    expect(plain(plan)).toBe(plain(plan));
    expect(plain(reversed)).toBe(plain(plan));
    expect(renderTimeline(reversed, { color: true, width: 60 })).toBe(renderTimeline(plan, { color: true, width: 60 }));
  });

  it('starts the months at the earliest task, leaving earlier milestones to key dates', () => {
    const plan = makePlan({
      milestones: [milestone('eras-opens', 'ERAS opens', '2027-06-02', false)],
      tasks: [task('t', '2027-09-01', '2027-09-02')],
    });
    const text = plain(plan);
    expect(section(text, 'Key dates')).toEqual(['  Wed 2 Jun 2027  ERAS opens']);
    expect(lines(text).filter(isMonthHeading)).toEqual(['September 2027']);
  });
});

describe('renderSummary', () => {
  const plan = makePlan({
    milestones: [
      milestone('eras-opens', 'ERAS opens', '2027-06-02', false),
      milestone('eras-submit', 'ERAS submission opens', '2027-09-24', true),
      milestone('rol-deadline', 'Rank order list deadline', '2028-03-04', false),
      milestone('match-day', 'Match Day', '2028-03-17', false),
    ],
    tasks: [
      task('t7', '2027-12-01', '2027-12-02'),
      task('t1', '2027-09-01', '2027-09-02', { kind: 'exam', exam: 'step2ck' }),
      task('t1-result', '2027-12-03', '2028-01-28', { kind: 'exam', exam: 'step2ck' }),
      task('t2', '2027-09-05', '2027-09-06', { kind: 'letter-request' }),
      task('done', '2027-09-03', '2027-09-04', { kind: 'letter-request', status: 'done' }),
      task('skip', '2027-09-03', '2027-09-04', { kind: 'externship', status: 'skipped' }),
      task('t3', '2027-10-01', '2027-10-02', { kind: 'letter-upload' }),
      task('t4', '2027-10-05', '2027-11-02', { kind: 'externship', externshipType: 'research', handsOn: true }),
      task('t5', '2027-12-30', '2028-01-03'),
      task('t6', '2027-12-30', '2028-01-04'),
    ],
  });
  const text = renderSummary(plan, { color: false, width: 80 });

  it('shows the Match year and A', () => {
    expect(lines(text).slice(0, 2)).toEqual(['Plan demo · Match 2028', '  Application date (A)  Mon 20 Sep 2027']);
  });

  it('lists the next five todo tasks by start date, with years', () => {
    // t5 and t6 (30 Dec) come after t7 (1 Dec) although listed before it; done and skipped are not next.
    expect(section(text, 'Next up')).toEqual([
      '  [ ] 1 Sep – 2 Sep 2027  Task t1  t1',
      '  [ ] 5 Sep – 6 Sep 2027  Task t2  t2',
      '  [ ] 1 Oct – 2 Oct 2027  Task t3  t3',
      '  [ ] 5 Oct – 2 Nov 2027  Task t4 (hands-on)  t4',
      '  [ ] 1 Dec – 2 Dec 2027  Task t7  t7',
    ]);
  });

  it('counts rotations, letters and exams (not their study and result tasks), leaving skipped tasks out', () => {
    expect(lines(text)).toContain('Planned: 1 rotation, 2 letters, 1 exam.');
  });

  it('shows only the submission, rank list and Match Day milestones, estimated ones marked', () => {
    const key = section(text, 'Key dates');
    expect(key.slice(0, 3)).toEqual([
      '  Fri 24 Sep 2027  ERAS submission opens  ~ estimated',
      '  Sat 4 Mar 2028   Rank order list deadline',
      '  Fri 17 Mar 2028  Match Day',
    ]);
    expect(key.slice(3).join(' ')).toContain('~ estimated dates are projected');
    expect(text).not.toContain('ERAS opens');
  });

  it('shows warnings and ends by pointing to imgplan show', () => {
    expect(lines(text)).toContain('! Your plan starts late: fewer than 12 months remain before A. [late-start]');
    expect(lines(text).at(-1)).toBe('Full timeline: imgplan show demo');
    expect(renderSummary(plan, { color: true, width: 80 })).toContain('\u001b[');
  });
});

describe('text helpers', () => {
  it('formats date ranges with the year only where needed', () => {
    expect(dateRange(d('2027-01-03'), d('2027-01-28'), false)).toBe('3 Jan – 28 Jan');
    expect(dateRange(d('2027-12-28'), d('2028-01-14'), false)).toBe('28 Dec – 14 Jan 2028');
    expect(dateRange(d('2027-01-03'), d('2027-01-03'), false)).toBe('3 Jan');
    expect(dateRange(d('2027-01-03'), d('2027-03-14'), true)).toBe('3 Jan – 14 Mar 2027');
    expect(dateRange(d('2027-12-28'), d('2028-01-14'), true)).toBe('28 Dec 2027 – 14 Jan 2028');
    expect(dateRange(d('2027-01-03'), d('2027-01-03'), true)).toBe('3 Jan 2027');
  });

  it('wraps at word boundaries with first and hanging prefixes', () => {
    expect(wrapText('one two three four five', 12, '- ', '  ')).toEqual(['- one two', '  three four', '  five']);
    expect(wrapText('   ', 12)).toEqual([]);
  });

  it('returns text unchanged from a colourless palette', () => {
    const p = createPalette(false);
    for (const f of Object.values(p)) expect(f('x y')).toBe('x y');
    expect(createPalette(true).warn('x')).toBe('\u001b[33mx\u001b[39m');
  });
});
