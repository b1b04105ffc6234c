// `imgplan status`: what statusView counts as overdue, due soon and done, and how renderStatus fits
// it to one screen; then the command end to end on a workspace in a temporary folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import aminaYaml from '../../data/examples/profile.yaml';
import { runStatus } from '../../src/commands/status.js';
import type { Deps } from '../../src/commands/deps.js';
import { calendarDate } from '../../src/domain/dates.js';
import type { Milestone, Plan, Task } from '../../src/domain/plan.js';
import type { Letter, Outreach } from '../../src/domain/trackers.js';
import { profileSchema, type Profile } from '../../src/domain/profile.js';
import { generatePlan } from '../../src/engine/index.js';
import { referenceData } from '../../src/reference/index.js';
import { renderStatus, statusView, type StatusData } from '../../src/render/status.js';
import { planToYaml } from '../../src/store/serialize.js';

const d = calendarDate;
const TODAY = d('2027-01-10');

function task(id: string, start: string, end: string, extra: Partial<Task> = {}): Task {
  return { id, kind: 'custom', title: `Task ${id}`, start: d(start), end: d(end), status: 'todo', why: 'test', dependsOn: [], ...extra };
}

function milestone(id: Milestone['id'], title: string, date: string, estimated = false): Milestone {
  return { id, title, date: d(date), estimated, source: 'test' };
}

/** Amina Okafor (data/examples/profile.yaml): Step 1 passed, one 26-day observership with a letter, J-1. */
function makeProfile(change: (p: Record<string, unknown>) => void = () => {}): Profile {
  const input = structuredClone(aminaYaml) as Record<string, unknown>;
  change(input);
  return profileSchema().parse(input);
}

function makePlan(extra: Partial<Plan> = {}): Plan {
  return {
    schemaVersion: 1,
    name: 'demo',
    matchYear: 2028,
    today: d('2026-11-25'),
    applicationDate: d('2027-09-01'),
    milestones: [
      milestone('ecfmg-pathways-open', 'Pathways open', '2026-12-01'),
      milestone('eras-opens', 'MyERAS opens', '2027-06-02', true),
      milestone('eras-submit', 'Applicants may submit in ERAS', '2027-09-01', true),
      milestone('nrmp-registration-opens', 'NRMP registration opens', '2027-09-15'),
      milestone('rol-deadline', 'Rank list deadline', '2028-03-01'),
      milestone('match-day', 'Match Day', '2028-03-17'),
    ],
    tasks: [
      task('late', '2027-01-01', '2027-01-07'),
      task('overdue-older', '2026-12-20', '2026-12-31'),
      task('late-but-done', '2027-01-01', '2027-01-05', { status: 'done' }),
      task('ends-today', '2027-01-05', '2027-01-10', { kind: 'outreach' }),
      task('long', '2026-12-01', '2027-03-01'),
      task('day-14', '2027-01-24', '2027-01-30'),
      task('day-15', '2027-01-25', '2027-01-26'),
      task('skipped-soon', '2027-01-11', '2027-01-12', { status: 'skipped' }),
      // 26 days each: a Monday-to-Friday four-week rotation.
      task('rotation-done', '2026-11-02', '2026-11-27', { kind: 'externship', status: 'done' }),
      task('rotation-1', '2027-04-26', '2027-05-21', { kind: 'externship' }),
      task('rotation-2', '2027-06-21', '2027-07-16', { kind: 'externship' }),
      task('rotation-skipped', '2027-08-02', '2027-08-27', { kind: 'externship', status: 'skipped' }),
      task('letter-upload-1', '2026-11-28', '2026-12-20', { kind: 'letter-upload', status: 'done' }),
      task('letter-upload-2', '2027-05-22', '2027-09-21', { kind: 'letter-upload' }),
    ],
    warnings: [{ code: 'late-start', message: 'Less than 12 months remain before applications go out.' }],
    ...extra,
  };
}

const view = (plan = makePlan(), profile = makeProfile(), today = TODAY): StatusData => statusView({ plan, profile, today, lettersWanted: 4 });
const lines = (text: string) => text.split('\n');

describe('statusView', () => {
  it('lists todo tasks whose last day has passed, most overdue first', () => {
    expect(view().overdue).toStrictEqual([
      { id: 'overdue-older', title: 'Task overdue-older', start: '2026-12-20', end: '2026-12-31', daysOverdue: 10 },
      { id: 'late', title: 'Task late', start: '2027-01-01', end: '2027-01-07', daysOverdue: 3 },
    ]);
  });

  it('takes todo tasks ending today or later and starting within 14 days, by end date', () => {
    expect(view().dueSoon.map((t) => [t.id, t.kind, t.daysLeft])).toStrictEqual([
      ['ends-today', 'outreach', 0],
      ['day-14', 'custom', 20],
      ['long', 'custom', 50],
    ]);
  });

  it('counts down to A, the rank list deadline and Match Day, plus the next milestone, leaving out past ones', () => {
    expect(view().milestones).toStrictEqual([
      { id: 'eras-opens', title: 'MyERAS opens', date: '2027-06-02', estimated: true, daysAway: 143 },
      { id: 'eras-submit', title: 'Applicants may submit in ERAS', date: '2027-09-01', estimated: true, daysAway: 234 },
      { id: 'rol-deadline', title: 'Rank list deadline', date: '2028-03-01', estimated: false, daysAway: 416 },
      { id: 'match-day', title: 'Match Day', date: '2028-03-17', estimated: false, daysAway: 432 },
    ]);
    // On its day a milestone is still ahead; once A is the next one, nothing else is added.
    expect(view(makePlan(), makeProfile(), d('2027-09-01')).milestones.map((m) => [m.id, m.daysAway])).toStrictEqual([
      ['eras-submit', 0],
      ['rol-deadline', 182],
      ['match-day', 198],
    ]);
  });

  it('adds weeks of U.S. experience from the profile and finished externships, and letters from both', () => {
    expect(view().progress).toStrictEqual({
      usceWeeksDone: 7.4,
      usceWeeksPlanned: 7.4,
      lettersSecured: 2,
      lettersWanted: 4,
      examsPassed: ['step1'],
      examsNeeded: ['step1', 'step2ck', 'oet'],
    });
    const noUsce = makeProfile((p) => {
      p.usce = [];
    });
    expect(view(makePlan({ tasks: [] }), noUsce).progress).toMatchObject({ usceWeeksDone: 0, usceWeeksPlanned: 0, lettersSecured: 0 });
  });

  it('counts letters as imgplan letters list does: received or uploaded in letters.yaml, the profile\'s, and uploads ticked in the plan', () => {
    const letter = (id: string, stage: Letter['stage'], rotation?: string): Letter => ({ id, writer: 'A Writer', specialtySpecific: false, stage, ...(rotation ? { rotation } : {}) });
    // Received (not yet uploaded) counts; requested does not; the plan's done letter-upload-1 has no tracked letter.
    const letters = [letter('letter-1', 'received'), letter('letter-2', 'requested', 'rotation-2'), letter('letter-3', 'uploaded', 'rotation-1')];
    expect(statusView({ plan: makePlan(), profile: makeProfile(), today: TODAY, lettersWanted: 4, letters }).progress.lettersSecured).toBe(4);
  });

  it('needs Step 3 only for an H-1B, and lists every exam passed', () => {
    const h1b = makeProfile((p) => {
      p.visa = { current: 'outside-us', residencyVisa: 'h1b' };
      p.exams = { step1: { status: 'passed' }, step2ck: { status: 'passed' }, oet: { status: 'failed' }, step3: { status: 'scheduled', date: '2027-12-01' } };
    });
    expect(view(makePlan(), h1b).progress).toMatchObject({ examsPassed: ['step1', 'step2ck'], examsNeeded: ['step1', 'step2ck', 'oet', 'step3'] });
  });
});

describe('renderStatus', () => {
  const plain = (data: StatusData, width = 100, height?: number) => renderStatus(data, { color: false, width, ...(height ? { height } : {}) });

  it('draws the header, the five sections, day counts and estimated marks', () => {
    expect(lines(plain(view()))).toStrictEqual([
      'Status for Sun 10 Jan 2027 · plan demo · Match 2028',
      'Overdue',
      '  10 days overdue  Task overdue-older  overdue-older',
      '  3 days overdue   Task late  late',
      'Next 14 days',
      '  due today        Task ends-today  ends-today',
      '  due in 20 days   Task day-14  starts in 14 days  day-14',
      '  due in 50 days   Task long  long',
      'Countdown',
      '  Wed 2 Jun 2027   in 143 days  MyERAS opens  ~ estimated',
      '  Wed 1 Sep 2027   in 234 days  Applicants may submit in ERAS  ~ estimated',
      '  Wed 1 Mar 2028   in 416 days  Rank list deadline',
      '  Fri 17 Mar 2028  in 432 days  Match Day',
      'Progress',
      '  U.S. experience  7.4 weeks done · 7.4 weeks planned',
      '  Letters          2 of 4 secured',
      '  Exams            1 of 3 passed · to pass: step2ck, oet',
      'Warnings',
      '! Less than 12 months remain before applications go out. [late-start]',
    ]);
  });

  it('says so when a section is empty, and counts a single day and "today"', () => {
    const text = plain(
      view(makePlan({ tasks: [task('one', '2027-01-09', '2027-01-09'), task('tomorrow', '2027-01-11', '2027-01-11')], warnings: [] }), makeProfile(), d('2027-01-10')),
    );
    expect(text).toContain('  1 day overdue  Task one  one');
    expect(text).toContain('  due in 1 day   Task tomorrow  starts in 1 day  tomorrow');
    expect(lines(text).slice(-2)).toStrictEqual(['Warnings', '  None.']);
    const quiet = plain(view(makePlan({ tasks: [] })));
    expect(lines(quiet).slice(1, 5)).toStrictEqual(['Overdue', '  Nothing overdue.', 'Next 14 days', '  Nothing due.']);
  });

  it('cuts the task lists to the height, saying how many more there are', () => {
    const many = Array.from({ length: 30 }, (_, i) => task(`soon-${String(i).padStart(2, '0')}`, '2027-01-11', '2027-01-20'));
    const overdue = Array.from({ length: 4 }, (_, i) => task(`old-${i}`, '2027-01-01', '2027-01-02'));
    const ls = lines(plain(view(makePlan({ tasks: [...overdue, ...many] })), 100, 24));
    expect(ls).toHaveLength(24);
    // 24 lines less the header, 5 headings, 4 countdowns, 3 progress lines and 1 warning leave 10:
    // all 4 overdue fit, the 30 due soon get 5 lines plus "+25 more".
    expect(ls.filter((l) => l.startsWith('  8 days overdue  Task old-'))).toHaveLength(4);
    expect(ls.filter((l) => l.startsWith('  due in 10 days  Task soon-'))).toHaveLength(5);
    expect(ls).toContain('  +25 more (imgplan show demo)');
    // With both lists long, each gets half of the room.
    const both = lines(plain(view(makePlan({ tasks: [...many, ...Array.from({ length: 20 }, (_, i) => task(`old-${i}`, '2027-01-01', '2027-01-02'))] })), 100, 24));
    expect(both).toHaveLength(24);
    expect(both).toContain('  +16 more (imgplan show demo)');
    expect(both).toContain('  +26 more (imgplan show demo)');
  });

  it('cuts the warnings only when the task lists are down to one line each', () => {
    const warnings = Array.from({ length: 12 }, (_, i) => ({ code: `w-${i}`, message: `Warning number ${i}.` }));
    const ls = lines(plain(view(makePlan({ warnings })), 100, 24));
    expect(ls).toHaveLength(24);
    // 24 lines less 13 fixed ones leave 11: 9 for the warnings (8 and "+4 more"), 2 for the tasks.
    expect(ls.slice(-2)).toStrictEqual(['! Warning number 7. [w-7]', '  +4 more (imgplan show demo)']);
    expect(ls.slice(1, 5)).toStrictEqual(['Overdue', '  +2 more (imgplan show demo)', 'Next 14 days', '  +3 more (imgplan show demo)']);
  });

  it('keeps every line within the width, 40 at the least', () => {
    for (const [width, limit] of [
      [40, 40],
      [20, 40],
      [57, 57],
    ] as const) {
      const ls = lines(plain(view(), width, 60));
      expect(Math.max(...ls.map((l) => [...l].length))).toBeLessThanOrEqual(limit);
    }
    expect(lines(plain(view(), 40, 60))).toContain('  Fri 17 Mar 2028  in 432 days  Match');
  });

  it('colours only when asked', () => {
    const data = view();
    expect(stripVTControlCharacters(plain(data))).toBe(plain(data));
    const coloured = renderStatus(data, { color: true, width: 100 });
    expect(coloured).not.toBe(plain(data));
    expect(stripVTControlCharacters(coloured)).toBe(plain(data));
  });
});

describe('outreach and vetting in status', () => {
  const vetted = (verdict: 'ok' | 'caution' | 'avoid', reason: string) => ({ verdict, reasons: [reason, 'A later reason.'], checkedOn: d('2027-01-02'), answers: {} });
  const contacts: Outreach[] = [
    { id: 'outreach-1', institution: 'Careful Clinic', channel: 'email', status: 'replied', sent: d('2026-12-01'), replied: d('2026-12-05'), vetting: vetted('caution', 'You found no good reviews.') },
    { id: 'outreach-2', institution: 'Sure Match Ltd', channel: 'portal', status: 'offered', vetting: vetted('avoid', 'It promises a residency position.') },
    { id: 'outreach-3', institution: 'Good Hospital', channel: 'email', status: 'confirmed', rotation: 'rotation-1', start: d('2027-04-26'), end: d('2027-05-21'), vetting: vetted('ok', 'Fine.') },
    ...['sent', 'sent', 'declined', 'drafted'].map((status, i): Outreach => ({ id: `outreach-${i + 4}`, institution: `Host ${i}`, channel: 'email', status: status as Outreach['status'] })),
  ];
  const withOutreach = (list = contacts) => statusView({ plan: makePlan(), profile: makeProfile(), today: TODAY, lettersWanted: 4, outreach: list });

  it('sums up the funnel and the messages still needed, or nothing when no outreach is tracked', () => {
    // 6 sent, 4 replied, 1 confirmed; rotation-2 is the one left: 1 × 6 ÷ 1.
    expect(withOutreach().outreach).toStrictEqual({
      sent: 6,
      replied: 4,
      confirmed: 1,
      responseRate: 0.6667,
      estimate: { basis: 'confirmation-rate', rate: 0.1667, messages: 6 },
    });
    expect(view().outreach).toBeNull();
    expect(view().vetting).toStrictEqual([]);
  });

  it('lists the placements vetted avoid, then caution, with the first reason', () => {
    expect(withOutreach().vetting).toStrictEqual([
      { id: 'outreach-2', institution: 'Sure Match Ltd', verdict: 'avoid', reason: 'It promises a residency position.' },
      { id: 'outreach-1', institution: 'Careful Clinic', verdict: 'caution', reason: 'You found no good reviews.' },
    ]);
  });

  it('shows an outreach line under progress and the vetting warnings first, within the screen', () => {
    const many = Array.from({ length: 30 }, (_, i) => task(`soon-${String(i).padStart(2, '0')}`, '2027-01-11', '2027-01-20'));
    const data = statusView({ plan: makePlan({ tasks: [...makePlan().tasks.filter((t) => t.kind === 'externship'), ...many] }), profile: makeProfile(), today: TODAY, lettersWanted: 4, outreach: contacts });
    const ls = lines(renderStatus(data, { color: false, width: 100, height: 24 }));
    expect(ls).toHaveLength(24);
    expect(ls).toContain('  Outreach         6 sent · 4 replies (67%) · 1 confirmed · about 6 more to send');
    const w = ls.indexOf('Warnings');
    expect(ls.slice(w + 1)).toStrictEqual([
      '! Sure Match Ltd: avoid. It promises a residency position. [outreach-2]',
      '! Careful Clinic: caution. You found no good reviews. [outreach-1]',
      '! Less than 12 months remain before applications go out. [late-start]',
    ]);
    // 24 lines less the header, 5 headings, "Nothing overdue", 4 countdowns, 4 progress lines and
    // 3 warnings leave 6: 5 tasks due soon and "+25 more".
    expect(ls).toContain('  +25 more (imgplan show demo)');
  });

  it('words the estimate by what the data allows', () => {
    const few = contacts.filter((c) => c.status === 'drafted' || c.id === 'outreach-1');
    const line = (list: Outreach[]) => lines(renderStatus(withOutreach(list), { color: false, width: 100, height: 60 })).find((l) => l.startsWith('  Outreach'));
    expect(line(few)).toBe('  Outreach         1 sent · 1 reply (100%) · 0 confirmed');
    expect(line(contacts.filter((c) => c.status === 'drafted'))).toBe('  Outreach         none sent yet');
    const noConfirmed = contacts.filter((c) => c.status !== 'confirmed');
    expect(line(noConfirmed)).toBe('  Outreach         5 sent · 3 replies (60%) · 0 confirmed · at least 4 more to send');
  });
});

describe('runStatus', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'imgplan-status-'));
    const profileText = fs.readFileSync(new URL('../../data/examples/profile.yaml', import.meta.url), 'utf8');
    fs.writeFileSync(path.join(home, 'profile.yaml'), profileText);
    const plan = generatePlan({ profile: makeProfile(), data: referenceData(), today: d('2026-11-25'), name: 'match-2028' });
    fs.mkdirSync(path.join(home, 'plans'));
    fs.writeFileSync(path.join(home, 'plans', 'match-2028.yaml'), planToYaml(plan));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  function fakeDeps(): { deps: Deps; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const deps: Deps = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, canPrompt: false, color: false, columns: 100,
    rows: 24, cwd: process.cwd(), home, today: () => TODAY };
    return { deps, out, err };
  }

  it('prints today\'s view of the saved plan within one screen', async () => {
    const { deps, out, err } = fakeDeps();
    expect(await runStatus({}, deps)).toBe(0);
    expect(err).toStrictEqual([]);
    const text = out.join('');
    expect(text.endsWith('\n')).toBe(true);
    const ls = lines(text.slice(0, -1));
    expect(ls.length).toBeLessThanOrEqual(24);
    expect(ls[0]).toBe('Status for Sun 10 Jan 2027 · plan match-2028 · Match 2028');
    expect(ls).toContain('  Fri 17 Mar 2028  in 432 days  Match Day (results at noon ET)  ~ estimated');
    expect(ls).toContain('  U.S. experience  3.7 weeks done · 11.1 weeks planned');
    expect(ls).toContain('  Letters          1 of 4 secured');
    expect(ls).toContain('  Exams            1 of 3 passed · to pass: step2ck, oet');
    // Rotation 1's outreach (7 Dec to 20 Dec 2026) is the most overdue.
    expect(ls[2]).toMatch(/^ {2}21 days overdue {2}.+ {2}outreach-rotation-1$/);
  });

  it('prints the same data as JSON with --json', async () => {
    const { deps, out } = fakeDeps();
    expect(await runStatus({ json: true }, deps)).toBe(0);
    const data = JSON.parse(out.join('')) as StatusData;
    expect(data).toMatchObject({ plan: 'match-2028', matchYear: 2028, today: '2027-01-10' });
    expect(data.overdue.find((t) => t.id === 'exam-oet')).toStrictEqual({ id: 'exam-oet', title: 'Sit OET Medicine', start: '2026-12-23', end: '2026-12-23', daysOverdue: 18 });
    expect(data.milestones.map((m) => [m.id, m.date, m.daysAway])).toStrictEqual([
      ['eras-opens', '2027-06-02', 143],
      ['eras-submit', '2027-09-01', 234],
      ['rol-deadline', '2028-03-01', 416],
      ['match-day', '2028-03-17', 432],
    ]);
    expect(data.progress).toStrictEqual({
      usceWeeksDone: 3.7,
      usceWeeksPlanned: 11.1,
      lettersSecured: 1,
      lettersWanted: 4,
      examsPassed: ['step1'],
      examsNeeded: ['step1', 'step2ck', 'oet'],
    });
    expect(data.warnings.map((w) => w.code)).toContain('late-start');
    expect(data.outreach).toBeNull();
  });

  it('reads outreach.yaml for the funnel and the vetting warnings', async () => {
    fs.writeFileSync(
      path.join(home, 'outreach.yaml'),
      [
        'schemaVersion: 1',
        'contacts:',
        '  - { id: outreach-1, institution: Sure Match Ltd, status: sent, sent: 2027-01-02,',
        '      vetting: { verdict: avoid, reasons: [It promises a residency position.], checkedOn: 2027-01-03 } }',
        '',
      ].join('\n'),
    );
    const { deps, out } = fakeDeps();
    expect(await runStatus({}, deps)).toBe(0);
    const ls = lines(out.join('').slice(0, -1));
    expect(ls.length).toBeLessThanOrEqual(24);
    expect(ls).toContain('  Outreach         1 sent · 0 replies (0%) · 0 confirmed');
    expect(ls).toContain('! Sure Match Ltd: avoid. It promises a residency position. [outreach-1]');
  });
});
