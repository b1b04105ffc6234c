// Drives the init interview in-process through @inquirer/testing's screen, which must be
// imported before the module under test so its mock of @inquirer/prompts is in place.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
import { askProfile } from '../../src/prompts/init-interview.js';
import { calendarDate, type CalendarDate } from '../../src/domain/dates.js';
import { profileSchema } from '../../src/domain/profile.js';

const TODAY = calendarDate('2026-05-01');

/** Starts an interview and returns helpers that answer one question each, checking it is the one on screen. */
function interview(today: CalendarDate = TODAY) {
  const run = askProfile({ today });
  // After the last question there is no next screen, so waiting also ends when the interview does.
  let done = false;
  const settled = run.then(
    () => void (done = true),
    () => void (done = true),
  );
  const submit = async () => {
    screen.keypress('enter');
    await Promise.race([screen.next(), settled]);
  };
  return {
    run,
    /** Types `text` (nothing for a bare enter) into the prompt asking `question`, then enter. */
    async answer(question: string, text = '') {
      expect(screen.getScreen()).toContain(question);
      if (text !== '') screen.type(text);
      await submit();
    },
    /** Presses `keys` (e.g. 'down', 'space') in the prompt asking `question`, then enter. */
    async press(question: string, ...keys: string[]) {
      expect(screen.getScreen()).toContain(question);
      for (const key of keys) screen.keypress(key);
      await submit();
    },
    /** Bare enter on every remaining question: each has a default or may be left blank. */
    async acceptTheRest() {
      while (!done) await submit();
      return run;
    },
  };
}

function erase(count: number) {
  for (let i = 0; i < count; i++) screen.keypress('backspace');
}

/** The required questions before the exams, answered with the fewest keys. */
async function answerUpToExams(q: ReturnType<typeof interview>) {
  await q.answer('Your name', 'Amina Okafor');
  await q.answer('Time zone');
  await q.answer('Medical school', 'University of Ibadan');
  await q.answer('Country of the medical school', 'Nigeria');
  await q.answer('Graduation year', '2024');
  await q.answer('Are you a student or a graduate?');
  await q.answer('Primary target specialty');
  await q.answer('Other specialties');
  await q.answer('Target Match year');
  await q.answer('Your current U.S. visa or status');
  await q.answer('Visa you will need for residency');
}

describe('askProfile', () => {
  it('returns every typed answer as a profile the schema accepts', async () => {
    const q = interview();
    await q.answer('Your name', 'Amina Okafor');
    await q.answer('Time zone', 'Africa/Lagos');
    await q.answer('Medical school', 'University of Ibadan College of Medicine');
    await q.answer('Country of the medical school', 'Nigeria');
    await q.answer('Graduation year', '2024');
    await q.press('Are you a student or a graduate?', 'down');
    await q.answer('Primary target specialty', 'Internal Medicine');
    // The primary is left out of this list, so Family Medicine is first and Pediatrics second.
    await q.press('Other specialties you will also apply to', 'space', 'down', 'space');
    expect(screen.getScreen()).toContain('the year of Match Day in March; applications go out the September before');
    await q.answer('Target Match year', '2029');
    await q.answer('Your current U.S. visa or status', 'B-1');
    expect(screen.getScreen()).toContain('J-1 is sponsored by ECFMG; H-1B needs Step 3');
    await q.answer('Visa you will need for residency', 'Either');
    await q.answer('USMLE Step 1', 'Passed');
    await q.answer('USMLE Step 1 date', '2025-03-14');
    await q.answer('USMLE Step 2 CK', 'Passed');
    await q.answer('USMLE Step 2 CK date', '2026-02-10');
    await q.answer('Step 2 CK score', '245');
    await q.answer('OET Medicine', 'Scheduled');
    await q.answer('OET Medicine date', '2026-07-01');
    await q.answer('USMLE Step 3', 'Not planned');
    expect(screen.getScreen()).toContain("meets ECFMG's clinical and communication skills requirement");
    await q.answer('ECFMG Pathway', 'Application submitted');
    await q.answer('Are you already ECFMG-certified?', 'n');
    expect(screen.getScreen()).toContain('USCE: externships, observerships');
    await q.answer('Add a U.S. clinical experience you have done?', 'y');
    await q.answer('Kind', 'Externship');
    await q.answer('Specialty'); // defaults to the primary target
    await q.answer('Institution', 'Mayo Clinic');
    await q.answer('Rotation: first day', '2025-10-06');
    await q.answer('Rotation: last day', '2025-10-31');
    await q.answer('Did a U.S. letter of recommendation come from it?', 'y');
    await q.answer('Add another U.S. clinical experience?', 'y');
    await q.answer('Kind');
    await q.answer('Specialty', 'Family');
    await q.answer('Institution');
    await q.answer('Rotation: first day', '2026-01-05');
    await q.answer('Rotation: last day', '2026-01-30');
    await q.answer('Did a U.S. letter of recommendation come from it?');
    await q.answer('Add another U.S. clinical experience?');
    await q.answer('Earliest date you could start a rotation', '2027-01-04');
    await q.answer('Add a time you cannot do a rotation?', 'y');
    await q.answer('Unavailable: first day', '2027-03-22');
    await q.answer('Unavailable: last day', '2027-04-20');
    await q.answer('Reason', 'Step 2 CK study');
    await q.answer('Add another time you cannot do a rotation?');
    await q.answer('How many externships to plan', '3');
    await q.answer('Weeks per externship', '6');
    await q.answer('U.S. letters of recommendation wanted', '4');
    await q.answer('Budget for the whole journey', '8000');
    await q.press('Anything to favour when choosing rotations?', 'down', 'space');

    const profile = await q.run;
    expect(profile).toEqual({
      schemaVersion: 1,
      name: 'Amina Okafor',
      timezone: 'Africa/Lagos',
      school: { name: 'University of Ibadan College of Medicine', country: 'Nigeria', graduationYear: 2024 },
      status: 'graduate',
      targetSpecialties: ['internal-medicine', 'family-medicine', 'pediatrics'],
      targetMatchYear: 2029,
      visa: { current: 'b1-b2', residencyVisa: 'either' },
      exams: {
        step1: { status: 'passed', date: '2025-03-14' },
        step2ck: { status: 'passed', date: '2026-02-10', score: 245 },
        oet: { status: 'scheduled', date: '2026-07-01' },
        step3: { status: 'not-planned' },
      },
      ecfmg: { pathway: 'submitted', certified: false },
      usce: [
        {
          kind: 'externship',
          specialty: 'internal-medicine',
          institution: 'Mayo Clinic',
          start: '2025-10-06',
          end: '2025-10-31',
          letter: true,
        },
        { kind: 'observership', specialty: 'family-medicine', start: '2026-01-05', end: '2026-01-30', letter: false },
      ],
      availability: { earliestStart: '2027-01-04', unavailable: [{ start: '2027-03-22', end: '2027-04-20', reason: 'Step 2 CK study' }] },
      preferences: { externships: 3, weeksPerExternship: 6, lettersNeeded: 4, budgetUsd: 8000, interests: ['community'] },
    });
    expect(profileSchema().parse(profile)).toEqual(profile);
  });

  it('accepts the defaults with bare enter', async () => {
    const q = interview();
    await q.answer('Your name', 'Amina Okafor');
    await q.answer('Time zone');
    await q.answer('Medical school', 'University of Ibadan');
    await q.answer('Country of the medical school', 'Nigeria');
    await q.answer('Graduation year', '2027');
    await q.answer('Are you a student or a graduate?');
    await q.answer('Primary target specialty');
    await q.answer('Other specialties');
    expect(screen.getScreen()).toContain('(2028)');
    await q.answer('Target Match year');
    await q.answer('Your current U.S. visa or status');
    await q.answer('Visa you will need for residency');
    for (const exam of ['USMLE Step 1', 'USMLE Step 2 CK', 'OET Medicine', 'USMLE Step 3']) await q.answer(exam);
    await q.answer('ECFMG Pathway');
    await q.answer('Are you already ECFMG-certified?');
    await q.answer('Add a U.S. clinical experience you have done?');
    expect(screen.getScreen()).toContain('(2026-05-01)');
    await q.answer('Earliest date you could start a rotation');
    await q.answer('Add a time you cannot do a rotation?');
    await q.answer('How many externships to plan');
    await q.answer('Weeks per externship');
    await q.answer('U.S. letters of recommendation wanted');
    await q.answer('Budget for the whole journey');
    await q.answer('Anything to favour when choosing rotations?');

    const profile = await q.run;
    expect(profile).toEqual({
      schemaVersion: 1,
      name: 'Amina Okafor',
      school: { name: 'University of Ibadan', country: 'Nigeria', graduationYear: 2027 },
      status: 'student',
      targetSpecialties: ['internal-medicine'],
      targetMatchYear: 2028,
      visa: { current: 'outside-us', residencyVisa: 'j1' },
      exams: {
        step1: { status: 'not-started' },
        step2ck: { status: 'not-started' },
        oet: { status: 'not-started' },
        step3: { status: 'not-started' },
      },
      ecfmg: { pathway: 'not-started', certified: false },
      usce: [],
      availability: { earliestStart: '2026-05-01', unavailable: [] },
      preferences: { weeksPerExternship: 4, lettersNeeded: 3, interests: [] },
    });
    expect(Object.keys(profile)).not.toContain('timezone');
    expect(Object.keys(profile.preferences ?? {})).not.toContain('externships');
    expect(profileSchema().parse(profile)).toEqual(profile);
  });

  it('clamps the default Match year to the years imgplan has calendar data for', async () => {
    const q = interview(calendarDate('2034-06-01'));
    await q.answer('Your name', 'A');
    await q.answer('Time zone');
    await q.answer('Medical school', 'S');
    await q.answer('Country of the medical school', 'C');
    await q.answer('Graduation year', '2030');
    await q.answer('Are you a student or a graduate?');
    await q.answer('Primary target specialty');
    await q.answer('Other specialties');
    await q.answer('Target Match year');
    await q.answer('Your current U.S. visa or status', 'U.S. citizen');
    // No visa is needed for a citizen, so that is the default.
    await q.answer('Visa you will need for residency');
    const profile = await q.acceptTheRest();
    expect(profile.targetMatchYear).toBe(2035);
    expect(profile.visa).toEqual({ current: 'us-citizen', residencyVisa: 'none' });
  });

  it('rejects a date that is not a real calendar day and takes the retyped one', async () => {
    const q = interview();
    await answerUpToExams(q);
    await q.answer('USMLE Step 1', 'Scheduled');

    screen.type('2026-02-30');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('"2026-02-30" is not a calendar date: type it as yyyy-mm-dd, e.g. 2027-01-04');

    erase(10);
    screen.type('14/03/2026');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('"14/03/2026" is not a calendar date');

    erase(10);
    await q.answer('USMLE Step 1 date', '2026-02-28');
    const profile = await q.acceptTheRest();
    expect(profile.exams?.step1).toEqual({ status: 'scheduled', date: '2026-02-28' });
  });

  it('rejects an end date before its start', async () => {
    const q = interview();
    await answerUpToExams(q);
    for (const exam of ['USMLE Step 1', 'USMLE Step 2 CK', 'OET Medicine', 'USMLE Step 3']) await q.answer(exam);
    await q.answer('ECFMG Pathway');
    await q.answer('Are you already ECFMG-certified?');
    await q.answer('Add a U.S. clinical experience you have done?');
    await q.answer('Earliest date you could start a rotation');
    await q.answer('Add a time you cannot do a rotation?', 'y');
    await q.answer('Unavailable: first day', '2027-03-22');

    screen.type('2027-03-21');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('The end must be on or after the start (2027-03-22)');

    erase(10);
    // A one-day span ends on the day it starts.
    await q.answer('Unavailable: last day', '2027-03-22');
    await q.answer('Reason');
    const profile = await q.acceptTheRest();
    expect(profile.availability?.unavailable).toEqual([{ start: '2027-03-22', end: '2027-03-22' }]);
  });

  it('rejects an empty name, an unknown time zone, a sixth specialty and a year out of range', async () => {
    const q = interview();
    screen.type('   ');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('must not be empty');
    erase(3);
    await q.answer('Your name', '  Amina Okafor ');

    screen.type('Mars/Olympus');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('"Mars/Olympus" is not an IANA time zone name');
    erase(12);
    await q.answer('Time zone', 'America/New_York');

    await q.answer('Medical school', 'University of Ibadan');
    await q.answer('Country of the medical school', 'Nigeria');
    screen.type('1900');
    screen.keypress('enter');
    // The number prompt checks its range synchronously, so the error is already on screen;
    // screen.next() would wait for a render that never comes.
    expect(screen.getScreen()).toContain('Value must be between 1950 and 2040');
    erase(4);
    await q.answer('Graduation year', '2019');

    await q.answer('Are you a student or a graduate?');
    await q.answer('Primary target specialty');
    for (let i = 0; i < 5; i++) {
      screen.keypress('space');
      screen.keypress('down');
    }
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('name at most 5 target specialties');
    await q.press('Other specialties', 'up', 'space');

    screen.type('2040');
    screen.keypress('enter');
    expect(screen.getScreen()).toContain('Value must be between 2026 and 2035');
    erase(4);
    await q.answer('Target Match year', '2030');

    await q.answer('Your current U.S. visa or status');
    await q.answer('Visa you will need for residency');
    const profile = await q.acceptTheRest();
    expect(profile).toMatchObject({
      name: 'Amina Okafor',
      timezone: 'America/New_York',
      school: { graduationYear: 2019 },
      targetSpecialties: ['internal-medicine', 'family-medicine', 'pediatrics', 'psychiatry', 'neurology'],
      targetMatchYear: 2030,
    });
  });

  it('lets Ctrl-C reject with ExitPromptError for the caller to handle', async () => {
    const q = interview();
    await q.answer('Your name', 'Amina Okafor');
    screen.keypress({ name: 'c', ctrl: true });
    await expect(q.run).rejects.toMatchObject({ name: 'ExitPromptError' });
  });
});
