// Plans and profiles written as YAML (src/store/serialize.ts) read back, through the same safe
// loader as a hand-edited file, to exactly the value that was written.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { calendarDate } from '../../src/domain/dates.js';
import type { Plan } from '../../src/domain/plan.js';
import { generatePlan } from '../../src/engine/index.js';
import { referenceData } from '../../src/reference/index.js';
import { planToYaml, profileToYaml } from '../../src/store/serialize.js';
import { parsePlan, parseProfile } from '../../src/store/workspace.js';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'data', 'examples');
const exampleText = readFileSync(path.join(EXAMPLES, 'profile.yaml'), 'utf8');
const studentText = readFileSync(path.join(EXAMPLES, 'profile-us-citizen-student.yaml'), 'utf8');
const profile = parseProfile('profile.yaml', exampleText).value;
const plan = generatePlan({ profile, data: referenceData(), today: calendarDate('2026-11-25'), name: 'match-2028' });
const planText = planToYaml(plan);

describe('planToYaml', () => {
  it('the generated plan is a real one: milestones, tasks with dependencies, and warnings or none', () => {
    expect(plan.tasks.length).toBeGreaterThan(5);
    expect(plan.milestones.length).toBeGreaterThan(5);
    expect(plan.tasks.some((t) => t.dependsOn.length >= 2)).toBe(true);
    expect(plan.tasks.some((t) => t.dependsOn.length === 0)).toBe(true);
  });

  it('parses back with parsePlan to a deep-equal plan', () => {
    const { value } = parsePlan('plans/match-2028.yaml', planText);
    expect(value).toStrictEqual(plan);
  });

  it('writing the parsed plan again gives the same bytes', () => {
    expect(planToYaml(parsePlan('plans/match-2028.yaml', planText).value)).toBe(planText);
  });

  it('starts with the header comment', () => {
    const header = planText.split('\n').slice(0, 3);
    expect(header).toStrictEqual([
      '# imgplan plan "match-2028" for the 2028 Match, made on 2026-11-25.',
      '# A task is todo, done or skipped; "why" says which rule placed it and the date it protects.',
      '# Milestones marked "estimated: true" are projected by a rule, not yet published: check them.',
    ]);
    expect(planText).toMatch(/^# [^\n]*\n# [^\n]*\n# [^\n]*\n\nschemaVersion: 1\nname: match-2028\nmatchYear: 2028\ntoday: 2026-11-25\n/);
  });

  it('writes dependsOn lists inline, unpadded: dependsOn: [a, b]', () => {
    const withTwo = plan.tasks.find((t) => t.dependsOn.length >= 2)!;
    expect(planText).toContain(`    dependsOn: [${withTwo.dependsOn.join(', ')}]\n`);
    expect(planText).toContain('    dependsOn: []\n');
    const dependsOnLines = planText.split('\n').filter((l) => l.trimStart().startsWith('dependsOn:'));
    expect(dependsOnLines).toHaveLength(plan.tasks.length);
    for (const l of dependsOnLines) expect(l).toMatch(/^ {4}dependsOn: \[(?:[a-z0-9-]+(?:, [a-z0-9-]+)*)?\]$/);
  });

  it('writes dates unquoted, one key per line, no folded long lines', () => {
    expect(planText).toContain(`applicationDate: ${plan.applicationDate}\n`);
    expect(planText).not.toMatch(/date: ["']\d/);
    const longest = plan.tasks.reduce((a, t) => (t.why.length > a.length ? t.why : a), '');
    expect(longest.length).toBeGreaterThan(80);
    expect(planText.split('\n').some((l) => l.includes(longest.slice(0, 60)) && l.length > 80)).toBe(true);
  });

  it('reads the same with a default YAML 1.2 parser (yaml.parse), as a script reading the file would', () => {
    expect(parse(planText)).toStrictEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('round-trips text that YAML would otherwise read as something else', () => {
    const tricky: Plan = {
      ...plan,
      tasks: [
        {
          ...plan.tasks[0]!,
          title: 'no',
          why: '2027-04-20: #1 priority: "quoted" and \'single\' & *star [x] {y}',
          status: 'done',
        },
        { ...plan.tasks[1]!, title: '01234', why: 'yes', dependsOn: [plan.tasks[0]!.id] },
        ...plan.tasks.slice(2),
      ],
      warnings: [{ code: 'late-start', message: 'true' }, { code: 'x', message: '- looks like a list: and a map' }],
    };
    const text = planToYaml(tricky);
    expect(parsePlan('p.yaml', text).value).toStrictEqual(tricky);
  });
});

describe('profileToYaml', () => {
  it('the parsed example profile parses back with parseProfile to a deep-equal profile', () => {
    const text = profileToYaml(profile);
    expect(parseProfile('profile.yaml', text).value).toStrictEqual(profile);
  });

  it('so does the U.S.-citizen student example', () => {
    const student = parseProfile('profile.yaml', studentText).value;
    expect(parseProfile('profile.yaml', profileToYaml(student)).value).toStrictEqual(student);
  });

  it('contains the explanatory comments above their keys, and the header', () => {
    const text = profileToYaml(profile);
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toStrictEqual([
      '# An imgplan profile: the answers to `imgplan init`. Edit it, then regenerate your plan.',
      '# Dates are calendar dates (yyyy-mm-dd).',
    ]);
    const above = (key: string): string[] => {
      const i = lines.findIndex((l) => l.startsWith(`${key}:`));
      expect(i, key).toBeGreaterThan(0);
      const out: string[] = [];
      for (let j = i - 1; j >= 0 && lines[j]!.startsWith('#'); j--) out.unshift(lines[j]!);
      return out;
    };
    expect(above('timezone')).toStrictEqual(['# IANA name; "today" is taken in this zone']);
    expect(above('status')).toStrictEqual(['# student | graduate']);
    expect(above('targetSpecialties')).toStrictEqual(['# the first one is the primary target']);
    expect(above('targetMatchYear')).toStrictEqual(['# Match Day in March of this year; ERAS applications go out the September before']);
    expect(above('visa')).toStrictEqual([
      '# current: outside-us | b1-b2 | f1 | j1 | j2 | h1b | h4 | ead | green-card | us-citizen',
      '# residencyVisa (what residency will need): none | j1 | h1b | either',
    ]);
    expect(above('exams')).toStrictEqual(['# status: not-started | not-planned | scheduled | passed | failed']);
    expect(above('ecfmg')).toStrictEqual(['# pathway: not-started | submitted | accepted']);
    expect(above('usce')).toStrictEqual(['# U.S. clinical experience already done; letter: a U.S. letter of recommendation came from it']);
    expect(above('availability')).toStrictEqual(['# earliestStart: first day free for a rotation; unavailable: spans with no rotation']);
    expect(above('preferences')).toStrictEqual(['# externships: rotations to plan (leave out to let imgplan decide); lettersNeeded: U.S. letters wanted']);
    // The comments belong to the top-level keys only: an exam's status is not "student | graduate".
    expect(text.match(/# student \| graduate/g)).toHaveLength(1);
    expect(above('schemaVersion')).toStrictEqual([]);
    expect(above('name')).toStrictEqual([]);
  });

  it('writes targetSpecialties inline, in order, and dates unquoted', () => {
    const text = profileToYaml(profile);
    expect(text).toContain('\ntargetSpecialties: [internal-medicine, family-medicine]\n');
    expect(text).toContain('    date: 2027-04-20\n');
  });

  it('writes what the init interview gives (input with defaults left out) so it parses back', () => {
    const input = {
      schemaVersion: 1,
      name: 'no',
      school: { name: 'Yes University', country: 'Norway', graduationYear: 2025 },
      status: 'student' as const,
      targetSpecialties: ['psychiatry'],
      targetMatchYear: 2028,
      visa: { current: 'outside-us' as const, residencyVisa: 'either' as const },
    };
    const text = profileToYaml(input);
    const { value } = parseProfile('profile.yaml', text);
    expect(value).toMatchObject(input);
    expect(value.ecfmg).toStrictEqual({ pathway: 'not-started', certified: false });
  });
});
