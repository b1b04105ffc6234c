// The clinical log through the built binary: entries from a file, from flags and from the
// interview in a pseudo-terminal with the story written in $EDITOR; the PHI check refusing an
// entry without echoing it and without touching log.yaml; --not-phi; no way to pass a story on
// the command line; the summary's counts and weeks; the MyERAS drafts within their limits and
// free of story text.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { EXAMPLE_PROFILE, STACK_FRAME, cleanupTemps, makeTemp, modeOf, run, snapshot, type RunResult } from './helpers.js';
import { CTRL_C, DOWN, killSessions, startSession, type PtySession } from './pty-session.js';

afterAll(cleanupTemps);
vi.setConfig({ testTimeout: 60_000 });

/** A word that appears only in stories, to prove no output ever copies one. */
const MARKER = 'QUOKKASTORY';
const PHONE = '(617) 555-0142';

interface Entry {
  id: string;
  date: string;
  rotation?: string;
  setting?: string;
  caseType: string;
  procedures: { name: string; role: string }[];
  teaching: string[];
  story?: string;
  phiConfirmed?: boolean;
}

function ok(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

function workspace(profile = EXAMPLE_PROFILE) {
  const home = makeTemp('log');
  const dir = makeTemp('log-files');
  const imgplan = (args: string[], env: Record<string, string> = {}) => run(['--home', home, ...args], { env });
  ok(imgplan(['init', '--profile', profile]));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const logFile = path.join(home, 'log.yaml');
  const entries = (): Entry[] => (parseYaml(readFileSync(logFile, 'utf8')) as { entries: Entry[] }).entries;
  return { home, imgplan, file, logFile, entries };
}

const CLEAN = `date: 2027-04-28
rotation: rotation-1
setting: inpatient
caseType: CHF exacerbation
procedures:
  - { name: paracentesis, role: assisted }
  - { name: lumbar puncture, role: observed }
teaching: [Grand rounds, Morning report]
story: |
  A 67F with CHF did not take her diuretic because of its cost.
  ${MARKER}: I learned to ask about access before adherence.
`;

const WITH_PHONE = `date: 2027-04-29
rotation: rotation-1
caseType: DKA
story: |
  Learned to use teach-back for insulin dosing.
  The family wanted daily updates.
  They asked me to call ${PHONE} after rounds.
`;

describe('imgplan log add', () => {
  it('refuses an entry with a phone number in its story, saying where and what but never the number, and leaves the workspace as it was', () => {
    const ws = workspace();
    const phone = ws.file('phone.yaml', WITH_PHONE);
    // Before log.yaml exists: it must still not exist.
    const before = snapshot(ws.home);
    const refused = ws.imgplan(['log', 'add', '--from', phone]);
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('the PHI check found 1 possible identifier');
    expect(refused.stderr).toContain('  story line 3, column 23: a phone number\n');
    expect(refused.stderr).toContain('--not-phi');
    for (const leak of [PHONE, '555-0142', '617']) expect(refused.stderr + refused.stdout).not.toContain(leak);
    expect(refused.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(ws.logFile)).toBe(false);
    expect(snapshot(ws.home)).toEqual(before);

    // After a clean entry: log.yaml is kept byte for byte.
    const added = ok(ws.imgplan(['log', 'add', '--from', ws.file('clean.yaml', CLEAN)]));
    expect(added.stdout).toContain('Logged log-1: 2027-04-28, rotation-1, CHF exacerbation (2 procedures · 2 teaching sessions · a story).');
    expect(added.stdout).not.toContain(MARKER);
    expect(modeOf(ws.logFile)).toBe(0o600);
    const bytes = readFileSync(ws.logFile);
    expect(ws.imgplan(['log', 'add', '--from', phone]).status).toBe(2);
    expect(readFileSync(ws.logFile).equals(bytes)).toBe(true);

    // --not-phi: the person vouches for it; saved and marked.
    const vouched = ok(ws.imgplan(['log', 'add', '--from', phone, '--not-phi']));
    expect(vouched.stdout).toContain('marked as checked: not patient data');
    expect(vouched.stdout).not.toContain('555-0142');
    expect(ws.entries()).toMatchObject([
      {
        id: 'log-1',
        date: '2027-04-28',
        rotation: 'rotation-1',
        setting: 'inpatient',
        caseType: 'CHF exacerbation',
        procedures: [
          { name: 'paracentesis', role: 'assisted' },
          { name: 'lumbar puncture', role: 'observed' },
        ],
        teaching: ['Grand rounds', 'Morning report'],
        story: `A 67F with CHF did not take her diuretic because of its cost.\n${MARKER}: I learned to ask about access before adherence.`,
      },
      { id: 'log-2', caseType: 'DKA', phiConfirmed: true },
    ]);
    expect(ws.entries()[0]!.phiConfirmed).toBeUndefined();
    // Each add is one step that undo reverses.
    ok(ws.imgplan(['undo']));
    expect(readFileSync(ws.logFile).equals(bytes)).toBe(true);
  });

  it('checks every free-text field, and reports a bad file by line and field without its values', () => {
    const ws = workspace();
    const named = ws.imgplan(['log', 'add', '--from', ws.file('named.yaml', 'caseType: Sepsis\nteaching: ["Case of Mr. John Smith"]\nprocedures:\n  - { name: lumbar puncture, role: observed }\n')]);
    expect(named.status).toBe(2);
    expect(named.stderr).toContain('  teaching[0] line 1, column 9: a name after a title\n');
    expect(named.stderr).not.toContain('Smith');

    const bad = ws.imgplan(['log', 'add', '--from', ws.file('bad.yaml', 'caseType: 6175550142\nsetting: ward 4821\nphiConfirmed: true\n')]);
    expect(bad.status).toBe(2);
    const where = path.join(path.dirname(ws.file('x', '')), 'bad.yaml');
    expect(bad.stderr).toContain(`${where}:1:11: caseType: must be a string`);
    expect(bad.stderr).toContain(`${where}:2:10: setting: must be one of inpatient,`);
    expect(bad.stderr).toContain(`${where}:3:1: phiConfirmed: unknown key`);
    for (const leak of ['6175550142', '4821']) expect(bad.stderr).not.toContain(leak);
    expect(existsSync(ws.logFile)).toBe(false);
  });

  it('takes structured flags, but a story never from the command line', () => {
    const ws = workspace();
    const added = ok(
      ws.imgplan(['log', 'add', '--date', '2027-05-03', '--rotation', 'rotation-1', '--setting', 'icu', '--case', 'Septic shock', '--procedure', 'observed:central-line', '--procedure', 'assisted:lumbar-puncture', '--teaching', 'Grand rounds', '--json']),
    );
    expect(JSON.parse(added.stdout)).toMatchObject({ file: ws.logFile, entry: { id: 'log-1', hasStory: false, procedures: [{ name: 'central-line', role: 'observed' }, { name: 'lumbar-puncture', role: 'assisted' }] } });
    const bytes = readFileSync(ws.logFile);

    const story = ws.imgplan(['log', 'add', '--case', 'Sepsis', '--story', `${MARKER} at home`]);
    expect(story.status).toBe(2);
    expect(story.stderr).toContain("unknown option '--story'");
    const positional = ws.imgplan(['log', 'add', '--case', 'Sepsis', `${MARKER} at home`]);
    expect(positional.status).toBe(2);
    expect(positional.stderr).toContain('too many arguments');
    expect(ws.imgplan(['log', 'add', '--help']).stdout).not.toContain('--story');

    const wrong = ws.imgplan(['log', 'add', '--case', 'Sepsis', '--rotation', 'rotaton-1']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--rotation: the plan has no rotation "rotaton-1"');
    expect(wrong.stderr).toContain('did you mean rotation-1');
    const noTerminal = ws.imgplan(['log', 'add']);
    expect(noTerminal.status).toBe(2);
    expect(noTerminal.stderr).toContain('asks its questions in a terminal');
    expect(readFileSync(ws.logFile).equals(bytes)).toBe(true);
  });
});

/** One Safe Harbor identifier class that can be typed, in one free-text field of an entry. */
interface Identifiable {
  kind: string;
  field: 'caseType' | 'procedures[0].name' | 'teaching[0]' | 'story';
  /** The identifier: the report points at it and never repeats it. */
  at: string;
  text: string;
}

const IDENTIFIABLE: Identifiable[] = [
  { kind: 'a name after a title', field: 'story', at: 'Mrs. Alvarez', text: 'Learned to ask about home support.\nMrs. Alvarez lived alone.' },
  { kind: 'a personal name', field: 'story', at: 'Maria Gonzalez', text: 'Maria Gonzalez taught me to explain insulin simply.' },
  { kind: 'a personal name', field: 'caseType', at: 'Chinedu Okoro', text: 'Cough in Chinedu Okoro' },
  { kind: 'a medical record number', field: 'teaching[0]', at: '00482913', text: 'Case review of MRN 00482913' },
  { kind: 'a date tied to a patient', field: 'story', at: '03/14/1958', text: 'Her DOB 03/14/1958 made her the oldest on the ward.' },
  { kind: 'a date tied to a patient', field: 'caseType', at: 'March 3rd', text: 'NSTEMI admitted on March 3rd' },
  { kind: 'an age over 89', field: 'caseType', at: '92 yo', text: 'Hip fracture in a 92 yo' },
  { kind: 'a phone number', field: 'story', at: '617-555-0142', text: 'The family was worried.\nThey asked me to call 617-555-0142.' },
  { kind: 'a fax number', field: 'teaching[0]', at: '617 555 0199', text: 'Records by fax 617 555 0199' },
  { kind: 'an email address', field: 'story', at: 'jsmith@gmail.com', text: 'He wrote to the team from jsmith@gmail.com.' },
  { kind: 'a street address', field: 'story', at: '42 Maple Street', text: 'We made a home visit at 42 Maple Street.' },
  { kind: 'a place smaller than a state', field: 'story', at: 'Springfield', text: 'He lives in Springfield with his wife.' },
  { kind: 'a ZIP code', field: 'story', at: '01105', text: 'His ZIP is 01105, far from the clinic.' },
  { kind: 'a Social Security number', field: 'story', at: '123-45-6789', text: 'The form showed 123-45-6789.' },
  { kind: 'a health plan number', field: 'story', at: '9KD2ML73', text: 'Her Medicaid ID 9KD2ML73 had expired.' },
  { kind: 'a licence or account number', field: 'story', at: '88314207', text: 'Billing account number 88314207 was on the chart.' },
  { kind: 'a vehicle plate', field: 'story', at: '7ABC123', text: 'He arrived by car, plate 7ABC123, after the crash.' },
  { kind: 'a vehicle identification number', field: 'story', at: '1HGCM82633A004352', text: 'VIN 1HGCM82633A004352 was on the police report.' },
  { kind: 'a device serial', field: 'procedures[0].name', at: 'SN-4829-XY', text: 'Pacemaker SN-4829-XY interrogation' },
  { kind: 'a URL', field: 'story', at: 'https://example.org/cases/4821', text: 'The family posted at https://example.org/cases/4821.' },
  { kind: 'an IP address', field: 'story', at: '192.168.10.24', text: 'The remote monitor at 192.168.10.24 alarmed.' },
  { kind: 'a social media handle', field: 'story', at: '@jsmith_1958', text: 'She follows @jsmith_1958 for updates.' },
  { kind: 'an identifying number', field: 'story', at: '5829301744', text: 'Reference 5829301744 was on the transfer form.' },
];

const DEIDENTIFIED: string[] = [
  'A 67F with CHF did not take her diuretic because of its cost; I learned to ask about access before adherence.',
  'Presented a 45yo M with CAP at morning report, CURB-65 of 2; Dr. rounds on 4 West; temp 99 F overnight.',
  "A Jehovah's Witness declined transfusion; we discussed it with the attending and the Palliative Care team in 2027.",
  'Murphy sign positive; Wilson disease ruled out; metformin 500 mg twice daily; HbA1c 7.2%.',
];

/** An entry file with `text` in `field`, the other fields plain. */
function entryWith(field: Identifiable['field'] | 'story', text: string): string {
  const entry: Record<string, unknown> = { date: '2027-05-03', rotation: 'rotation-1', caseType: 'Follow-up visit', procedures: [{ name: 'ECG', role: 'observed' }], teaching: ['Grand rounds'] };
  if (field === 'caseType') entry.caseType = text;
  else if (field === 'procedures[0].name') entry.procedures = [{ name: text, role: 'assisted' }];
  else if (field === 'teaching[0]') entry.teaching = [text];
  else entry.story = text;
  return stringifyYaml(entry);
}

describe('the PHI check on identifiable and de-identified entries', () => {
  it('refuses every identifier class that can be typed, saying field, line, column and kind, never the text, and leaves log.yaml byte for byte', () => {
    const ws = workspace();
    ok(ws.imgplan(['log', 'add', '--from', ws.file('first.yaml', CLEAN)]));
    const bytes = readFileSync(ws.logFile);
    for (const [i, c] of IDENTIFIABLE.entries()) {
      const r = ws.imgplan(['log', 'add', '--from', ws.file(`id-${i}.yaml`, entryWith(c.field, c.text))]);
      const label = `${c.kind} in ${c.field}`;
      expect(r.status, label).toBe(2);
      const lines = c.text.split('\n');
      const line = lines.findIndex((l) => l.includes(c.at));
      const column = [...lines[line]!.slice(0, lines[line]!.indexOf(c.at))].length + 1;
      expect(r.stderr, label).toContain(`  ${c.field} line ${line + 1}, column ${column}: ${c.kind}\n`);
      expect(r.stderr + r.stdout, label).not.toContain(c.at);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(readFileSync(ws.logFile).equals(bytes), label).toBe(true);
    }
    // Two dozen runs of the binary.
  }, 180_000);

  it('saves every de-identified entry as it is, unmarked', () => {
    const ws = workspace();
    for (const [i, text] of DEIDENTIFIED.entries()) ok(ws.imgplan(['log', 'add', '--from', ws.file(`clean-${i}.yaml`, entryWith('story', text))]));
    expect(ws.entries().map((e) => [e.story, e.phiConfirmed])).toEqual(DEIDENTIFIED.map((t) => [t, undefined]));
  });
});

describe('imgplan log summary and list', () => {
  it('counts cases, procedures by role, rotations, settings, teaching and months, and the weeks of U.S. clinical experience', () => {
    const ws = workspace();
    ok(ws.imgplan(['log', 'add', '--from', ws.file('clean.yaml', CLEAN)]));
    ok(ws.imgplan(['log', 'add', '--date', '2027-05-03', '--rotation', 'rotation-1', '--setting', 'icu', '--case', 'chf exacerbation', '--procedure', 'observed:lumbar-puncture', '--teaching', 'Grand rounds']));
    ok(ws.imgplan(['log', 'add', '--date', '2027-06-01', '--rotation', 'rotation-2', '--setting', 'outpatient', '--case', 'Diabetes follow-up', '--procedure', 'assisted:Paracentesis']));
    ok(ws.imgplan(['log', 'add', '--date', '2027-06-02', '--case', 'Preop assessment', '--teaching', 'Journal club']));

    const summary = JSON.parse(ok(ws.imgplan(['log', 'summary', '--json'])).stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      entries: 4,
      first: '2027-04-28',
      last: '2027-06-02',
      stories: 1,
      caseTypes: [
        { name: 'CHF exacerbation', count: 2 },
        { name: 'Diabetes follow-up', count: 1 },
        { name: 'Preop assessment', count: 1 },
      ],
      procedures: [
        { name: 'lumbar puncture', observed: 2, assisted: 0 },
        { name: 'paracentesis', observed: 0, assisted: 2 },
      ],
      rotations: [
        { rotation: 'rotation-1', count: 2 },
        { rotation: null, count: 1 },
        { rotation: 'rotation-2', count: 1 },
      ],
      teaching: { sessions: 4, kinds: [{ name: 'Grand rounds', count: 2 }, { name: 'Journal club', count: 1 }, { name: 'Morning report', count: 1 }] },
      months: [
        { month: '2027-04', count: 1 },
        { month: '2027-05', count: 1 },
        { month: '2027-06', count: 2 },
      ],
      // The example profile's observership, 6 to 31 October 2025: 26 days.
      usce: { weeks: 3.7, spans: [{ id: 'usce-1', weeks: 3.7 }], overlap: false },
    });
    expect(summary.settings).toEqual(expect.arrayContaining([{ name: 'inpatient', count: 1 }, { name: 'icu', count: 1 }, { name: 'outpatient', count: 1 }, { name: 'not recorded', count: 1 }]));

    // A finished rotation of the plan counts too: rotation-1 runs 26 April to 21 May 2027.
    ok(ws.imgplan(['done', 'rotation-1']));
    const text = ok(ws.imgplan(['log', 'summary'])).stdout;
    expect(text).toContain('U.S. clinical experience: 7.4 weeks');
    expect(text).toMatch(/CHF exacerbation +2/);
    expect(text).toMatch(/lumbar puncture +2 observed/);
    expect(text).toContain('Teaching sessions and conferences: 4');
    const one = JSON.parse(ok(ws.imgplan(['log', 'summary', '--rotation', 'rotation-1', '--json'])).stdout) as Record<string, unknown>;
    expect(one).toMatchObject({ rotation: 'rotation-1', entries: 2, caseTypes: [{ name: 'CHF exacerbation', count: 2 }] });
    expect(ws.imgplan(['log', 'summary', '--rotation', 'rotation-9']).status).toBe(2);

    const list = ok(ws.imgplan(['log', 'list'])).stdout;
    expect(list).toContain('Clinical log: 4 entries');
    expect(list).toContain('2027-04-28  rotation-1  CHF exacerbation (2 procedures · 2 teaching sessions · a story)  log-1');
    const listed = JSON.parse(ok(ws.imgplan(['log', 'list', '--json'])).stdout) as { entries: Entry[] };
    expect(listed.entries.map((e) => e.id)).toEqual(['log-1', 'log-2', 'log-3', 'log-4']);
    for (const out of [list, JSON.stringify(listed), text]) expect(out).not.toContain(MARKER);
  });
});

describe('imgplan log eras', () => {
  it('drafts at most 10 experiences within 750 characters and 3 most meaningful within 300, with no story text', () => {
    // Nine experiences in the profile and three rotations in the plan: twelve, two too many.
    const usce = Array.from(
      { length: 9 },
      (_, i) => `  - { kind: ${i % 2 ? 'observership' : 'research'}, specialty: internal-medicine, institution: Hospital ${i + 1}, start: 2024-0${i + 1}-01, end: 2024-0${i + 1}-20 }`,
    ).join('\n');
    const profile = readFileSync(EXAMPLE_PROFILE, 'utf8').replace(/^usce:[\s\S]*?(?=^availability:)/m, `usce:\n${usce}\n`);
    const profileFile = path.join(makeTemp('profile'), 'profile.yaml');
    writeFileSync(profileFile, profile);
    const w = workspace(profileFile);

    // Written by hand, as a person may: long case types push rotation-1's description past 750.
    const entries: string[] = [];
    const entry = (rotation: string | null, date: string, caseType: string, story: boolean) =>
      entries.push(
        `  - id: log-${entries.length + 1}\n    date: ${date}\n${rotation ? `    rotation: ${rotation}\n` : ''}    setting: inpatient\n    caseType: ${caseType}\n` +
          `    procedures:\n      - { name: paracentesis, role: assisted }\n    teaching: [Grand rounds]\n${story ? `    story: ${MARKER} taught me to listen\n` : ''}`,
      );
    for (let i = 0; i < 30; i++) entry('rotation-1', '2027-05-03', `Acute decompensated heart failure variant ${i + 1}`, i < 4);
    entry('rotation-2', '2027-06-01', 'Diabetic ketoacidosis', true);
    entry('rotation-2', '2027-06-02', 'Hyperosmolar state', true);
    entry('rotation-3', '2027-06-25', 'Hypertension follow-up', true);
    entry(null, '2024-09-10', 'Research clinic visit', true);
    writeFileSync(w.logFile, `schemaVersion: 1\nentries:\n${entries.join('')}`);

    const drafts = JSON.parse(ok(w.imgplan(['log', 'eras', '--json'])).stdout) as {
      draft: boolean;
      experiences: { id: string; description: string; descriptionChars: number; entries: number }[];
      leftOut: string[];
      meaningful: { id: string; reflection: string; reflectionChars: number; stories: number }[];
    };
    expect(drafts.draft).toBe(true);
    expect(drafts.experiences).toHaveLength(10);
    // The most recent first; the two oldest are left out.
    expect(drafts.experiences.slice(0, 3).map((x) => x.id)).toEqual(['rotation-3', 'rotation-2', 'rotation-1']);
    expect(drafts.leftOut).toEqual(['usce-2', 'usce-1']);
    for (const x of drafts.experiences) {
      expect([...x.description].length).toBe(x.descriptionChars);
      expect(x.descriptionChars).toBeLessThanOrEqual(750);
    }
    const r1 = drafts.experiences.find((x) => x.id === 'rotation-1')!;
    expect(r1.entries).toBe(30);
    expect(r1.descriptionChars).toBeGreaterThan(700);
    expect(r1.description).toMatch(/^Observership in Internal Medicine, 3\.7 weeks, in inpatient wards\. Cases: /);
    expect(r1.description.endsWith('...')).toBe(true);
    // September 2024 falls in the profile's research experience of that month.
    expect(drafts.experiences.find((x) => x.id === 'usce-9')).toMatchObject({ entries: 1 });

    expect(drafts.meaningful.map((m) => [m.id, m.stories])).toEqual([
      ['rotation-1', 4],
      ['rotation-2', 2],
      ['rotation-3', 1],
    ]);
    for (const m of drafts.meaningful) {
      expect([...m.reflection].length).toBe(m.reflectionChars);
      expect(m.reflectionChars).toBeLessThanOrEqual(300);
    }

    const text = ok(w.imgplan(['log', 'eras'])).stdout;
    expect(text).toContain('MyERAS Experiences: 10 drafts');
    expect(text).toContain('Rewrite each in your own words');
    expect(text).toMatch(/Description {2}\d+\/750 characters/);
    expect(text).toMatch(/\d+\/300 characters/);
    for (const out of [text, JSON.stringify(drafts)]) {
      expect(out).not.toContain(MARKER);
      expect(out).not.toContain('taught me to listen');
    }
  });
});

// ---- In a terminal ----------------------------------------------------------------------------

afterEach(killSessions);

/** `imgplan log add` in a pseudo-terminal, answered key by key; `exited` gives the exit code. */
function startLogAdd(home: string, env: Record<string, string>) {
  const s = startSession(['--home', home, 'log', 'add'], env);
  return { ...s, exited: s.exited.then((e) => e.exitCode) };
}

/** Answers the interview through the story: the date, rotation and setting offered, a case of delirium, no procedure, no teaching. */
async function answerDeliriumCase(s: Pick<PtySession, 'answer'>): Promise<void> {
  await s.answer('? Date of the case');
  await s.answer('? Rotation');
  await s.answer('? Setting');
  await s.answer('? Type of case', 'Delirium');
  await s.answer('? Add a procedure');
  await s.answer('? Add a teaching session');
  await s.answer('? Add a de-identified story');
}

/** An $EDITOR in the shell style people use, which records its file's folder and modes, then writes `story`. */
function fakeEditor(record: string, story: string): string {
  const modes = `(stat -c %a "$d" "$1" 2>/dev/null || stat -f %Lp "$d" "$1")`;
  return `sh -c 'd=$(dirname "$1"); echo "$d" > "${record}/dir"; ${modes} > "${record}/modes"; printf "${story}" > "$1"' --`;
}

describe('imgplan log add in a terminal', () => {
  it('asks for the entry, takes the story from $EDITOR in a private temporary file, and saves it', async () => {
    const ws = workspace();
    const record = makeTemp('editor');
    // Inside rotation-1, which the rotation question then offers first.
    const s = startLogAdd(ws.home, { IMGPLAN_TODAY: '2027-05-03', EDITOR: fakeEditor(record, 'Learned to ask about cost before adherence.\\n# a comment line\\nThe team changed the plan.\\n') });
    await s.answer('? Date of the case');
    await s.answer('? Rotation');
    await s.answer('? Setting', DOWN);
    await s.answer('? Type of case', 'CHF exacerbation');
    await s.answer('? Add a procedure you observed or assisted?', 'y');
    await s.answer('? Procedure', 'paracentesis');
    await s.answer('? Your role', DOWN);
    await s.answer('? Add another procedure?');
    await s.answer('? Add a teaching session or conference?', 'y');
    await s.answer('? Session', 'Grand rounds');
    await s.answer('? Add another teaching session?');
    await s.answer('? Add a de-identified story');
    await s.waitFor('Logged log-1');
    const code = await s.exited;
    expect(code, s.screen()).toBe(0);
    expect(s.screen()).not.toMatch(STACK_FRAME);
    expect(s.screen()).not.toContain('Learned to ask');

    expect(ws.entries()).toEqual([
      {
        id: 'log-1',
        date: '2027-05-03',
        rotation: 'rotation-1',
        setting: 'outpatient',
        caseType: 'CHF exacerbation',
        procedures: [{ name: 'paracentesis', role: 'assisted' }],
        teaching: ['Grand rounds'],
        story: 'Learned to ask about cost before adherence.\nThe team changed the plan.',
      },
    ]);
    expect(readFileSync(path.join(record, 'modes'), 'utf8').split('\n').filter(Boolean)).toEqual(['700', '600']);
    expect(existsSync(readFileSync(path.join(record, 'dir'), 'utf8').trim())).toBe(false);
  });

  it('shows what the PHI check found, never the text, and saves nothing when the person does not confirm', async () => {
    const ws = workspace();
    ok(ws.imgplan(['log', 'add', '--from', ws.file('clean.yaml', CLEAN)]));
    const bytes = readFileSync(ws.logFile);
    const s = startLogAdd(ws.home, { EDITOR: fakeEditor(makeTemp('editor'), 'Learned patience.\\nHer son is on 617-555-0199.\\n') });
    await answerDeliriumCase(s);
    await s.waitFor('story line 2, column 15: a phone number');
    await s.answer('? What now?', DOWN, DOWN);
    expect(await s.exited).toBe(2);
    expect(s.screen()).toContain('the entry was not saved');
    expect(s.screen()).not.toContain('555-0199');
    expect(readFileSync(ws.logFile).equals(bytes)).toBe(true);
  });

  it('lets the person fix a flagged story: $EDITOR opens again on what they wrote, and the checked story is saved', async () => {
    const ws = workspace();
    const record = makeTemp('editor');
    // First run: a story with a phone number. Second run: the editor is handed that story back
    // (kept in "seen"), and writes it without the number.
    const editor = `sh -c 'if [ -e "${record}/first" ]; then cat "$1" > "${record}/seen"; printf "Learned patience.\\nHer son called the team.\\n" > "$1"; else touch "${record}/first"; printf "Learned patience.\\nHer son is on 617-555-0199.\\n" > "$1"; fi' --`;
    const s = startLogAdd(ws.home, { IMGPLAN_TODAY: '2027-05-03', EDITOR: editor });
    await answerDeliriumCase(s);
    await s.waitFor('story line 2, column 15: a phone number');
    await s.answer('? What now?');
    expect(await s.exited).toBe(0);
    expect(readFileSync(path.join(record, 'seen'), 'utf8')).toContain('Her son is on 617-555-0199.');
    const entries = (parseYaml(readFileSync(ws.logFile, 'utf8')) as { entries: { story?: string; phiConfirmed?: boolean }[] }).entries;
    expect(entries.at(-1)).toMatchObject({ story: 'Learned patience.\nHer son called the team.' });
    expect(entries.at(-1)!.phiConfirmed).toBeUndefined();
    expect(s.screen()).not.toContain('555-0199');
  });

  it('saves a flagged entry the person vouches for, marked as checked', async () => {
    const ws = workspace();
    const s = startLogAdd(ws.home, { IMGPLAN_TODAY: '2027-05-03', EDITOR: fakeEditor(makeTemp('editor'), 'Dr. Osler taught us to listen.\n') });
    await answerDeliriumCase(s);
    await s.waitFor('story line 1');
    await s.answer('? What now?', DOWN);
    expect(await s.exited).toBe(0);
    const entries = (parseYaml(readFileSync(ws.logFile, 'utf8')) as { entries: { phiConfirmed?: boolean }[] }).entries;
    expect(entries.at(-1)!.phiConfirmed).toBe(true);
  });

  it('an editor quit without saving (exit status not 0) cancels the entry: exit 130, nothing saved', async () => {
    const ws = workspace();
    const before = snapshot(ws.home);
    const s = startLogAdd(ws.home, { EDITOR: "sh -c 'exit 3' --" });
    await answerDeliriumCase(s);
    expect(await s.exited).toBe(130);
    expect(s.screen()).toContain('The editor ($EDITOR) exited with status 3; nothing was saved.');
    expect(snapshot(ws.home)).toEqual(before);
  });

  it('Ctrl-C at a question exits 130 quietly and leaves log.yaml as it was', async () => {
    const ws = workspace();
    ok(ws.imgplan(['log', 'add', '--from', ws.file('clean.yaml', CLEAN)]));
    const before = snapshot(ws.home);
    const s = startLogAdd(ws.home, {});
    await s.answer('? Date of the case');
    await s.waitFor('? Rotation');
    await s.press(CTRL_C);
    expect(await s.exited).toBe(130);
    expect(s.screen()).not.toContain('Error');
    expect(s.screen()).not.toMatch(STACK_FRAME);
    expect(snapshot(ws.home)).toEqual(before);
  });
});
