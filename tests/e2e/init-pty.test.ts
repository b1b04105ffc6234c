// End-to-end in a real pseudo-terminal: the built binary's `init` interview, answered key by key
// the way a person would. Only this catches raw-mode, TTY, exit-code and stack-trace problems.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseProfile } from '../../src/store/workspace.js';
import { ANSI, STACK_FRAME, cleanupTemps, makeTemp, modeOf } from './helpers.js';
import { CTRL_C, DOWN, ENTER, killSessions, startSession, type PtySession } from './pty-session.js';

afterAll(cleanupTemps);

const SLOW = { timeout: 30_000 };
const SPACE = ' ';
const BACKSPACE = '\x7f';

afterEach(killSessions);

const startInit = (home: string): PtySession => startSession(['init', '--home', home]);

describe('init in a terminal', () => {
  it('asks every question, rejects a bad date, and saves the typed answers', SLOW, async () => {
    const home = path.join(makeTemp('ws'), 'ws');
    const s = startInit(home);

    await s.answer('? Your name', 'Amina Okafor');
    await s.answer('? Time zone', 'Africa/Lagos');
    await s.answer('? Medical school', 'University of Ibadan College of Medicine');
    await s.answer('? Country of the medical school', 'Nigeria');
    await s.answer('? Graduation year (expected, if still a student)', '2024');

    await s.waitFor('? Are you a student or a graduate?');
    await s.press(DOWN, ENTER); // Graduate

    await s.waitFor('? Primary target specialty');
    await s.press(ENTER); // Internal Medicine, the first
    await s.waitFor('? Other specialties you will also apply to');
    await s.press(SPACE, DOWN, SPACE, ENTER); // Family Medicine and Pediatrics

    await s.waitFor('? Target Match year');
    expect(s.screen()).toContain('(2028)');
    await s.press(ENTER);

    await s.waitFor('? Your current U.S. visa or status');
    await s.press(DOWN, ENTER); // B-1/B-2 visitor
    await s.waitFor('? Visa you will need for residency');
    await s.press(DOWN, DOWN, ENTER); // from the J-1 default to "Either"

    await s.waitFor('? USMLE Step 1');
    await s.press(DOWN, DOWN, DOWN, ENTER); // Passed
    // A date that does not exist is refused on screen, then corrected.
    await s.answer('? USMLE Step 1 date', '2025-02-30');
    await s.waitFor('"2025-02-30" is not a calendar date');
    expect(s.current()).toMatch(/^\? USMLE Step 1 date .*2025-02-30\n.*"2025-02-30" is not a calendar date: type it as yyyy-mm-dd/m);
    await s.press(...Array<string>(10).fill(BACKSPACE), '2025-03-14', ENTER);

    await s.waitFor('? USMLE Step 2 CK');
    await s.press(DOWN, DOWN, ENTER); // Scheduled
    await s.answer('? USMLE Step 2 CK date', '2027-04-20');
    await s.waitFor('? OET Medicine');
    await s.press(ENTER); // Not started
    await s.waitFor('? USMLE Step 3');
    await s.press(DOWN, ENTER); // Not planned

    await s.answer('? ECFMG Pathway');
    await s.answer('? Are you already ECFMG-certified?');
    await s.answer('? Add a U.S. clinical experience you have done?');
    await s.answer('? Earliest date you could start a rotation', '2027-01-04');
    await s.answer('? Add a time you cannot do a rotation?', 'y');
    await s.answer('? Unavailable: first day', '2027-03-22');
    await s.answer('? Unavailable: last day', '2027-04-20');
    await s.answer('? Reason', 'Step 2 CK study');
    await s.answer('? Add another time you cannot do a rotation?');
    await s.answer('? How many externships to plan', '3');
    await s.answer('? Weeks per externship');
    await s.answer('? U.S. letters of recommendation wanted', '4');
    await s.answer('? Budget for', '8000');
    await s.waitFor('? Anything to favour when choosing rotations?');
    await s.press(DOWN, SPACE, ENTER); // Community hospitals

    await s.waitFor(`Saved ${path.join(home, 'profile.yaml')}`);
    const { exitCode } = await s.exited;
    const screen = s.screen();
    expect(exitCode, screen).toBe(0);
    expect(screen).toContain('Plan match-2028');
    expect(s.current()).toContain(`Saved ${path.join(home, 'profile.yaml')}`);
    expect(screen).toContain(`and ${path.join(home, 'plans', 'match-2028.yaml')}`);
    expect(screen).not.toMatch(STACK_FRAME);
    // NO_COLOR=1: cursor movement, but no colour or style escapes.
    expect(s.raw()).not.toMatch(ANSI);

    const file = path.join(home, 'profile.yaml');
    const { value: profile } = parseProfile(file, readFileSync(file, 'utf8'));
    expect(profile).toMatchObject({
      name: 'Amina Okafor',
      timezone: 'Africa/Lagos',
      school: { name: 'University of Ibadan College of Medicine', country: 'Nigeria', graduationYear: 2024 },
      status: 'graduate',
      targetSpecialties: ['internal-medicine', 'family-medicine', 'pediatrics'],
      targetMatchYear: 2028,
      visa: { current: 'b1-b2', residencyVisa: 'either' },
      exams: {
        step1: { status: 'passed', date: '2025-03-14' },
        step2ck: { status: 'scheduled', date: '2027-04-20' },
        oet: { status: 'not-started' },
        step3: { status: 'not-planned' },
      },
      ecfmg: { pathway: 'not-started', certified: false },
      usce: [],
      availability: { earliestStart: '2027-01-04', unavailable: [{ start: '2027-03-22', end: '2027-04-20', reason: 'Step 2 CK study' }] },
      preferences: { externships: 3, weeksPerExternship: 4, lettersNeeded: 4, budgetUsd: 8000, interests: ['community'] },
    });
    expect(readFileSync(file, 'utf8')).not.toContain('2025-02-30');
    expect(existsSync(path.join(home, 'plans', 'match-2028.yaml'))).toBe(true);
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
  });

  it('Ctrl-C at the second question exits 130 quietly and saves nothing', SLOW, async () => {
    const home = path.join(makeTemp('ws'), 'ws');
    const s = startInit(home);
    await s.answer('? Your name', 'Amina Okafor');
    await s.waitFor('? Time zone');
    await s.press(CTRL_C);
    const { exitCode } = await s.exited;
    const screen = s.screen();
    expect(exitCode, screen).toBe(130);
    expect(screen).not.toContain('ExitPromptError');
    expect(screen).not.toContain('Error');
    expect(screen).not.toMatch(STACK_FRAME);
    expect(existsSync(path.join(home, 'profile.yaml'))).toBe(false);
    expect(existsSync(path.join(home, 'plans'))).toBe(false);
  });
});
