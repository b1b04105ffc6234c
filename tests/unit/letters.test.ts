// Letters of recommendation, the pure parts: the request email drafted from a hand-built plan,
// profile and clinical log (de-identified: case types and procedures, never the stories), and
// the list's counts against what is wanted with the ERAS limit of letters per program.
import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { calendarDate } from '../../src/domain/dates.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import type { Profile } from '../../src/domain/profile.js';
import { letterSchema, logEntrySchema, type Letter, type LogEntry } from '../../src/domain/trackers.js';
import { draftLetterRequest, letterShowView, lettersListView, letterTasks, renderLetterShow, renderLettersList, securedLetters, type DraftInput } from '../../src/render/letters.js';

const d = calendarDate;
const STORY = 'PERIWINKLE the patient in bed 4 told me about her son';

const letter = (fields: Record<string, unknown> = {}): Letter =>
  letterSchema.parse({ id: 'letter-1', writer: 'Sarah Chen', title: 'Dr.', rotation: 'rotation-1', stage: 'requested', requested: '2027-05-20', ...fields });

const entry = (fields: Record<string, unknown>): LogEntry => logEntrySchema.parse({ id: 'log-x', date: '2027-05-03', rotation: 'rotation-1', ...fields });

function task(id: string, fields: Partial<Task> = {}): Task {
  return { id, kind: 'custom', title: `Task ${id}`, start: d('2027-05-01'), end: d('2027-05-02'), status: 'todo', why: 'test', dependsOn: [], ...fields };
}

const PLAN: Plan = {
  schemaVersion: 1,
  name: 'match-2028',
  matchYear: 2028,
  today: d('2027-05-24'),
  applicationDate: d('2027-09-01'),
  milestones: [
    { id: 'eras-submit', title: 'Applicants may submit in ERAS', date: d('2027-09-01'), estimated: true, source: 'test' },
    { id: 'eras-programs-review', title: 'Programs may start reviewing', date: d('2027-09-22'), estimated: true, source: 'test' },
  ],
  tasks: [
    task('rotation-1', {
      kind: 'externship',
      title: 'Hands-on rotation 1: Internal Medicine',
      start: d('2027-04-26'),
      end: d('2027-05-21'),
      externshipType: 'hands-on',
      handsOn: true,
      specialty: 'internal-medicine',
      status: 'done',
    }),
    task('letter-request-rotation-1', { kind: 'letter-request', start: d('2027-05-17'), end: d('2027-05-21'), status: 'done' }),
    task('letter-upload-rotation-1', { kind: 'letter-upload', start: d('2027-05-22'), end: d('2027-09-21') }),
    task('letter-followup-letter-1-1', { kind: 'letter-request', start: d('2027-06-10'), end: d('2027-06-12') }),
    task('letter-followup-letter-1-2', { kind: 'letter-request', start: d('2027-06-17'), end: d('2027-06-19') }),
    task('letter-followup-letter-10-1', { kind: 'letter-request', start: d('2027-06-10'), end: d('2027-06-12') }),
    task('letter-request-rotation-2', { kind: 'letter-request' }),
  ],
  warnings: [],
};

const LOG: LogEntry[] = [
  entry({ id: 'log-1', caseType: 'Heart failure exacerbation', procedures: [{ name: 'Paracentesis', role: 'observed' }], story: STORY }),
  entry({ id: 'log-2', caseType: 'heart failure exacerbation', procedures: [{ name: 'Paracentesis', role: 'assisted' }, { name: 'paracentesis', role: 'assisted' }] }),
  entry({ id: 'log-3', caseType: 'Diabetic ketoacidosis', procedures: [{ name: 'Arterial blood gas', role: 'observed' }], teaching: ['Grand rounds on sepsis'] }),
  entry({ id: 'log-4', rotation: 'rotation-2', caseType: 'Acute stroke', story: 'another rotation' }),
  entry({ id: 'log-5', rotation: undefined, caseType: 'Malaria' }),
];

const PROFILE = { name: 'Amina Okafor', targetSpecialties: ['internal-medicine', 'family-medicine'] } as Pick<Profile, 'name' | 'targetSpecialties'>;
const NAMES = { 'internal-medicine': 'Internal Medicine', 'family-medicine': 'Family Medicine' };

const draft = (over: Partial<DraftInput> = {}): string =>
  draftLetterRequest({ letter: letter(), profile: PROFILE, plan: PLAN, log: LOG, institution: 'Lakeside Medical Center', specialtyNames: NAMES, ...over });

describe('the letter request email', () => {
  it('names the rotation, the person\'s goals, the deadline and the materials, and ends with thanks', () => {
    const text = draft();
    const lines = text.split('\n');
    expect(lines[0]).toBe('Subject: Request for a letter of recommendation: Internal Medicine rotation, 26 Apr – 21 May 2027');
    expect(lines[1]).toBe('');
    expect(text).toContain('Dear Dr. Sarah Chen,');
    expect(text).toContain('during my hands-on rotation in Internal Medicine at Lakeside Medical Center, 26 Apr – 21 May 2027.');
    expect(text).toContain('residency in Internal Medicine and Family Medicine in the 2028 Match');
    // The guide: share your career goals; imgplan cannot know them, so they are left to fill in.
    expect(text).toMatch(/After residency I hope to \[your career goals: .*\]\./);
    expect(text).toContain('Programs start reviewing applications on 22 Sep 2027 (the expected date)');
    expect(text).toContain('AAMC Letter Writer Portal with the Letter ID from MyERAS');
    for (const item of ['- my updated CV', '- a draft of my personal statement', '- the ERAS Letter Request Form, with my Letter ID', '- the list of cases above'])
      expect(lines).toContain(item);
    expect(text).toMatch(/Thank you very much for considering my request/);
    expect(text.endsWith('Kind regards,\nAmina Okafor\n')).toBe(true);
  });

  it('lists the rotation\'s cases by type with counts and the procedures by role, from the log', () => {
    const lines = draft().split('\n');
    // Case types count together whatever their capitals; the most frequent first.
    expect(lines).toContain('- Heart failure exacerbation (2 cases)');
    expect(lines).toContain('- Diabetic ketoacidosis');
    expect(lines.indexOf('- Heart failure exacerbation (2 cases)')).toBeLessThan(lines.indexOf('- Diabetic ketoacidosis'));
    expect(lines).toContain('- Paracentesis: assisted 2 times, observed once');
    expect(lines).toContain('- Arterial blood gas: observed once');
  });

  it('is de-identified: never the stories, nor other rotations\' cases or teaching notes', () => {
    const text = draft();
    expect(text).not.toContain('PERIWINKLE');
    expect(text).not.toContain('bed 4');
    expect(text).not.toContain('another rotation');
    expect(text).not.toContain('Acute stroke');
    expect(text).not.toContain('Malaria');
    expect(text).not.toContain('Grand rounds');
  });

  it('invents nothing: without log entries or an institution it leaves a placeholder, and a title already in the name is not repeated', () => {
    const text = draft({ log: [], institution: undefined, letter: letter({ writer: 'Dr. Sarah Chen' }) });
    expect(text).toContain('Dear Dr. Sarah Chen,');
    expect(text).not.toContain('Dr. Dr.');
    expect(text).toContain('during my hands-on rotation in Internal Medicine, 26 Apr – 21 May 2027.');
    expect(text).toMatch(/^- \[.*your clinical log has none for this rotation\]$/m);
    expect(text).toContain('- a list of the cases I worked on with you');
    expect(text).not.toContain('the list of cases above');
  });

  it('a letter from no rotation asks without rotation details; a confirmed date is not called expected', () => {
    const plan: Plan = { ...PLAN, milestones: PLAN.milestones.map((m) => ({ ...m, estimated: false })) };
    const text = draft({ plan, letter: letter({ rotation: undefined, title: undefined, writer: 'Prof. Ada Obi' }), institution: undefined });
    expect(text.split('\n')[0]).toBe('Subject: Request for a letter of recommendation');
    expect(text).toContain('Dear Prof. Ada Obi,');
    expect(text).not.toContain('rotation in');
    expect(text).toContain('on 22 Sep 2027, so the letter');
    expect(text).not.toContain('Heart failure');
  });
});

describe('the letters list', () => {
  const usce = (letterFromIt: boolean) => ({ kind: 'observership' as const, specialty: 'internal-medicine', start: d('2025-10-06'), end: d('2025-10-31'), letter: letterFromIt });
  const letters = [
    letter({ id: 'letter-1', stage: 'uploaded', uploaded: '2027-06-01', specialtySpecific: true }),
    letter({ id: 'letter-2', stage: 'received', received: '2027-06-02', rotation: 'rotation-2' }),
    letter({ id: 'letter-3', stage: 'requested', institution: 'Riverside Clinic' }),
    letter({ id: 'letter-4', stage: 'planned', requested: undefined, rotation: undefined, specialtySpecific: true }),
  ];
  const view = (profileLetters: number, more: Letter[] = []) =>
    lettersListView({
      letters: [...letters, ...more],
      outreach: [{ id: 'outreach-1', institution: 'Lakeside Medical Center', channel: 'email', status: 'confirmed', rotation: 'rotation-2', start: d('2027-05-24'), end: d('2027-06-18') }],
      profile: { usce: Array.from({ length: profileLetters }, () => usce(true)).concat(usce(false)) },
      wanted: 4,
      maxPerProgram: 4,
    });

  it('counts the received and uploaded letters and the profile\'s U.S. letters against the wanted number', () => {
    const data = view(1);
    expect(data.counts).toEqual({ tracked: 4, secured: 3, securedTracked: 2, inProfile: 1, inPlan: 0, wanted: 4, specialtySpecific: 2, specialtySpecificSecured: 1 });
    expect(data.warnings).toEqual([]);
    expect(data.rule).toContain('at most 4 letters can be assigned to each program');
    // The institution comes from the letter, else the rotation's confirmed host.
    expect(data.letters.map((l) => l.institution)).toEqual([undefined, 'Lakeside Medical Center', 'Riverside Clinic', undefined]);
    expect(data.letters.map((l) => l.stageDate)).toEqual(['2027-06-01', '2027-06-02', '2027-05-20', null]);
  });

  it('counts the same in letters list and status: an upload ticked in the plan counts unless a tracked letter is from that rotation', () => {
    const done = (rotation: string) => task(`letter-upload-${rotation}`, { kind: 'letter-upload', status: 'done' });
    const plan = { tasks: [done('rotation-1'), done('rotation-2'), done('rotation-3'), task('letter-upload-rotation-4', { kind: 'letter-upload' })] };
    // Tracked letters come from rotation-1 and rotation-2; rotation-3's upload has no tracked letter, rotation-4's is not done.
    const counts = lettersListView({ letters, outreach: [], profile: { usce: [usce(true)] }, plan, wanted: 4, maxPerProgram: 4 }).counts;
    expect(counts).toMatchObject({ secured: 4, securedTracked: 2, inProfile: 1, inPlan: 1 });
    expect(securedLetters({ letters, profile: { usce: [usce(true)] }, plan }).secured).toBe(4);
    expect(securedLetters({ letters: [], profile: { usce: [] }, plan }).secured).toBe(3);
  });

  it('warns when more than 4 are secured: the person must choose 4 per program', () => {
    expect(view(2).counts.secured).toBe(4);
    expect(view(2).warnings).toEqual([]);
    const over = view(3);
    expect(over.counts.secured).toBe(5);
    expect(over.warnings).toHaveLength(1);
    expect(over.warnings[0]).toMatch(/5 letters secured, more than the 4 ERAS lets you assign to one program: choose the 4/);
  });

  it('prints a table, the counts, the rule and the warning', () => {
    const text = stripVTControlCharacters(renderLettersList(view(3), { color: true, width: 120 }));
    const lines = text.split('\n');
    expect(lines[1]).toBe('  Id        Writer      Institution              Rotation    Stage                  Specialty-specific');
    // Every cell starts in its heading's column.
    const header = lines[1]!;
    const row = (id: string) => lines.find((l) => l.startsWith(`  ${id} `))!;
    expect(row('letter-1').indexOf('uploaded 1 Jun 2027')).toBe(header.indexOf('Stage'));
    expect(row('letter-1').indexOf('yes')).toBe(header.indexOf('Specialty-specific'));
    expect(row('letter-2').indexOf('Lakeside Medical Center')).toBe(header.indexOf('Institution'));
    expect(row('letter-3').indexOf('rotation-1')).toBe(header.indexOf('Rotation'));
    expect(row('letter-4')).toMatch(/Sarah Chen {2}– +– +planned +yes$/);
    expect(text).toContain('Secured 5 of 4 wanted: 2 received or uploaded, and 3 U.S. letters from the clinical experience in your profile.');
    expect(text).toContain('Specialty-specific: 2 (1 secured).');
    expect(text).toContain('ERAS: at most 4 letters can be assigned to each program');
    expect(text).toMatch(/^! You have 5 letters secured/m);
    // Too narrow for the table: one wrapped entry per letter, every line within the width.
    const narrow = renderLettersList(view(3), { color: false, width: 60 });
    expect(narrow).not.toContain('Specialty-specific\n');
    expect(narrow.replace(/\s+/g, ' ')).toContain('letter-1 Sarah Chen rotation-1 uploaded 1 Jun 2027 specialty-specific');
    expect(narrow.replace(/\s+/g, ' ')).toContain('letter-2 Sarah Chen Lakeside Medical Center rotation-2 received 2 Jun 2027 not specialty-specific');
    for (const l of narrow.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(60);
  });

  it('says how to add a letter when there is none', () => {
    const data = lettersListView({ letters: [], outreach: [], profile: { usce: [] }, wanted: 3, maxPerProgram: 4 });
    expect(renderLettersList(data, { color: false, width: 80 })).toContain('No letters tracked yet. Add one: imgplan letters add');
  });
});

describe('one letter', () => {
  it('has its rotation\'s request and upload and its own follow-ups, not another letter\'s', () => {
    expect(letterTasks(PLAN, letter()).map((t) => t.id)).toEqual([
      'letter-request-rotation-1',
      'letter-upload-rotation-1',
      'letter-followup-letter-1-1',
      'letter-followup-letter-1-2',
    ]);
    expect(letterTasks(PLAN, letter({ rotation: undefined, id: 'letter-3' }))).toEqual([]);
  });

  it('shows its details, stage dates and tasks with their status', () => {
    const data = letterShowView({ letter: letter({ note: 'Prefers email' }), plan: PLAN, outreach: [], specialtyNames: NAMES });
    expect(data.specialty).toBe('Internal Medicine');
    expect(data.rotation).toMatchObject({ id: 'rotation-1', start: '2027-04-26', end: '2027-05-21' });
    const text = renderLetterShow(data, { color: false, width: 100, today: d('2027-05-24') });
    expect(text.split('\n')[0]).toBe('letter-1 Sarah Chen');
    expect(text).toMatch(/^ {2}Requested {4}Thu 20 May 2027$/m);
    expect(text).toMatch(/^ {2}Note {9}Prefers email$/m);
    expect(text).toContain('Hands-on rotation 1: Internal Medicine, 26 Apr – 21 May 2027 (rotation-1)');
    expect(text).toMatch(/\[x\] 17 May – 21 May 2027 .* letter-request-rotation-1/);
    expect(text).toMatch(/\[ \] 10 Jun – 12 Jun 2027 .* letter-followup-letter-1-1/);
  });
});
