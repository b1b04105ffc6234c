// parseProfile and parsePlan (src/store/workspace.ts): the example profiles parse exactly as
// written, and every bad profile or plan is an InputError (exit 2) whose problems name the file,
// the line and column, and the field. The problem texts pinned here are an API: change them on
// purpose, not by accident.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatProblem, type Problem } from '../../src/domain/errors.js';
import { calendarDate } from '../../src/domain/dates.js';
import { parsePlan, parseProfile } from '../../src/store/workspace.js';
import { planToYaml } from '../../src/store/serialize.js';
import { generatePlan } from '../../src/engine/index.js';
import { referenceData } from '../../src/reference/index.js';
import { at, inputError } from '../support/input-error.js';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'data', 'examples');
const example = readFileSync(path.join(EXAMPLES, 'profile.yaml'), 'utf8');
const student = readFileSync(path.join(EXAMPLES, 'profile-us-citizen-student.yaml'), 'utf8');
const FILE = 'profile.yaml';


/** `text` with exactly one occurrence of `from` replaced, so an edit can never miss silently. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `"${from}" occurs once`).toBe(1);
  return text.replace(from, to);
}

/** The problems of a profile that must fail with `code`, after checking what every failure shares. */
function profileProblems(text: string, code: string): readonly Problem[] {
  const err = inputError(() => parseProfile(FILE, text));
  expect(err.code).toBe(code);
  expect(err.exitCode).toBe(2);
  expect(err.problems.length).toBeGreaterThan(0);
  for (const p of err.problems) expect(p.file).toBe(FILE);
  return err.problems;
}

function onlyProblem(text: string, code: string): Problem {
  const problems = profileProblems(text, code);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('the example profiles parse exactly as written', () => {
  it('data/examples/profile.yaml', () => {
    const { value } = parseProfile(FILE, example);
    expect(value.schemaVersion).toBe(1);
    expect(value.name).toBe('Amina Okafor');
    expect(value.timezone).toBe('Africa/Lagos');
    expect(value.school).toStrictEqual({ name: 'University of Ibadan College of Medicine', country: 'Nigeria', graduationYear: 2024 });
    expect(value.status).toBe('graduate');
    expect(value.targetSpecialties).toStrictEqual(['internal-medicine', 'family-medicine']);
    expect(value.targetMatchYear).toBe(2028);
    expect(value.visa).toStrictEqual({ current: 'outside-us', residencyVisa: 'j1' });
    expect(value.exams.step1).toStrictEqual({ status: 'passed', date: '2025-03-14' });
    expect(value.exams.step2ck?.date).toBe('2027-04-20');
    expect(typeof value.exams.step2ck?.date).toBe('string');
    expect(value.exams.step2ck?.status).toBe('scheduled');
    expect(value.exams.oet).toStrictEqual({ status: 'not-started' });
    expect(value.exams.step3).toStrictEqual({ status: 'not-planned' });
    expect(value.ecfmg).toStrictEqual({ pathway: 'not-started', certified: false });
    expect(value.usce).toStrictEqual([{ kind: 'observership', specialty: 'internal-medicine', start: '2025-10-06', end: '2025-10-31', letter: true }]);
    expect(value.availability).toStrictEqual({ earliestStart: '2027-01-04', unavailable: [{ start: '2027-03-22', end: '2027-04-20', reason: 'Step 2 CK study' }] });
    expect(value.preferences).toStrictEqual({ externships: 3, weeksPerExternship: 4, lettersNeeded: 4, budgetUsd: 8000 });
  });

  it('data/examples/profile-us-citizen-student.yaml', () => {
    const { value } = parseProfile(FILE, student);
    expect(value.name).toBe('Daniel Reyes');
    expect(value.timezone).toBeUndefined();
    expect(value.status).toBe('student');
    expect(value.school.graduationYear).toBe(2027);
    expect(value.targetSpecialties).toStrictEqual(['pediatrics']);
    expect(value.visa).toStrictEqual({ current: 'us-citizen', residencyVisa: 'none' });
    expect(value.exams.step1).toStrictEqual({ status: 'passed', date: '2026-06-30' });
    expect(value.exams.step2ck).toStrictEqual({ status: 'not-started' });
    expect(value.usce).toStrictEqual([]);
    expect(value.availability).toStrictEqual({ earliestStart: '2027-01-04', unavailable: [] });
    expect(value.preferences).toStrictEqual({ weeksPerExternship: 4, lettersNeeded: 3 });
  });

  it('the same profile with CRLF line ends parses to the same value', () => {
    expect(parseProfile(FILE, example.replace(/\n/g, '\r\n')).value).toStrictEqual(parseProfile(FILE, example).value);
  });

  it('leaving out the optional sections gives their defaults', () => {
    const minimal = [
      'schemaVersion: 1',
      'name: A',
      'school: { name: S, country: C, graduationYear: 2024 }',
      'status: graduate',
      'targetSpecialties: [pediatrics]',
      'targetMatchYear: 2028',
      'visa: { current: outside-us, residencyVisa: j1 }',
      '',
    ].join('\n');
    const { value } = parseProfile(FILE, minimal);
    expect(value.exams).toStrictEqual({});
    expect(value.ecfmg).toStrictEqual({ pathway: 'not-started', certified: false });
    expect(value.usce).toStrictEqual([]);
    expect(value.availability).toStrictEqual({ unavailable: [] });
    expect(value.preferences).toStrictEqual({});
  });
});

describe('a bad profile: code, exit code 2, file:line:column and field', () => {
  it('an impossible date (2027-02-30)', () => {
    const text = edit(example, 'date: 2027-04-20', 'date: 2027-02-30');
    expect(onlyProblem(text, 'invalid-content')).toStrictEqual({
      file: FILE,
      ...at(text, '2027-02-30'),
      field: 'exams.step2ck.date',
      message: 'must be a real calendar date written yyyy-MM-dd, got "2027-02-30"',
    });
  });

  it('a date written another way (20/04/2027, 2027-4-20)', () => {
    for (const written of ['20/04/2027', '2027-4-20']) {
      const text = edit(example, 'earliestStart: 2027-01-04', `earliestStart: ${written}`);
      expect(onlyProblem(text, 'invalid-content')).toMatchObject({ ...at(text, written), field: 'availability.earliestStart' });
    }
  });

  it('an unknown key, with a "did you mean" suggestion, at the key', () => {
    const text = edit(example, 'graduationYear: 2024', 'graduationyear: 2024');
    const problems = profileProblems(text, 'invalid-content');
    expect(problems).toContainEqual({ file: FILE, ...at(text, 'graduationyear'), field: 'school.graduationyear', message: 'unknown key; did you mean "graduationYear"?' });
    const top = edit(example, 'targetMatchYear: 2028', 'targetMatchyear: 2028');
    expect(profileProblems(top, 'invalid-content').map(formatProblem)).toContain(`${FILE}:15:1: targetMatchyear: unknown key; did you mean "targetMatchYear"?`);
  });

  it('an unknown specialty, with a suggestion', () => {
    const text = edit(example, '  - family-medicine', '  - family-medcine');
    expect(onlyProblem(text, 'invalid-content')).toStrictEqual({
      file: FILE,
      ...at(text, 'family-medcine'),
      field: 'targetSpecialties[1]',
      message: '"family-medcine" is not a known value; did you mean "family-medicine"?',
    });
  });

  it('an unknown specialty in usce names its list index', () => {
    const text = edit(example, '    specialty: internal-medicine', '    specialty: cardiology');
    expect(onlyProblem(text, 'invalid-content')).toMatchObject({ ...at(text, 'cardiology'), field: 'usce[0].specialty', message: '"cardiology" is not a known value' });
  });

  it('an unknown exam key: a guess when a known exam is missing, none when all four are there', () => {
    const typo = edit(example, '  step3:   { status: not-planned }', '  stepp3:  { status: not-planned }');
    expect(onlyProblem(typo, 'invalid-content')).toStrictEqual({ file: FILE, ...at(typo, 'stepp3'), field: 'exams.stepp3', message: 'unknown key; did you mean "step3"?' });
    const extra = edit(example, '  step3:   { status: not-planned }', '  step3:   { status: not-planned }\n  step2cs: { status: passed }');
    expect(onlyProblem(extra, 'invalid-content')).toStrictEqual({ file: FILE, ...at(extra, 'step2cs'), field: 'exams.step2cs', message: 'unknown key' });
  });

  it('a wrong type: text for a number, a fraction for a whole number, text for a boolean or a list, nothing for a mapping, a list for a choice', () => {
    const word = edit(example, 'targetMatchYear: 2028 ', 'targetMatchYear: soon ');
    expect(onlyProblem(word, 'invalid-content')).toStrictEqual({ file: FILE, ...at(word, 'soon'), field: 'targetMatchYear', message: 'must be a number, got "soon"' });
    const fraction = edit(example, 'externships: 3', 'externships: 2.5');
    expect(onlyProblem(fraction, 'invalid-content')).toMatchObject({ ...at(fraction, '2.5'), field: 'preferences.externships', message: 'must be a whole number, got 2.5' });
    const yes = edit(example, 'certified: false', 'certified: yes');
    expect(onlyProblem(yes, 'invalid-content')).toMatchObject({ ...at(yes, 'yes'), field: 'ecfmg.certified', message: 'must be a boolean, got "yes"' });
    // One problem only: zod would also run "at most 5" on the 17 characters of the string.
    const single = edit(example, 'targetSpecialties:                # first one is the primary target\n  - internal-medicine\n  - family-medicine', 'targetSpecialties: internal-medicine');
    expect(onlyProblem(single, 'invalid-content')).toStrictEqual({ file: FILE, ...at(single, 'internal-medicine'), field: 'targetSpecialties', message: 'must be a list, got "internal-medicine"' });
    const empty = edit(example, 'oet:     { status: not-started }', 'oet:');
    expect(onlyProblem(empty, 'invalid-content')).toMatchObject({ line: at(empty, 'oet:').line, column: at(empty, 'oet:').column + 4, field: 'exams.oet', message: 'must be a mapping, got an empty value' });
    const listed = edit(example, 'status: graduate ', 'status: [graduate]');
    expect(onlyProblem(listed, 'invalid-content')).toMatchObject({ ...at(listed, '[graduate]'), field: 'status', message: 'must be one of student, graduate; got a list' });
  });

  it('a scheduled exam without its date', () => {
    const text = edit(example, 'step2ck: { status: scheduled, date: 2027-04-20 }', 'step2ck: { status: scheduled }');
    expect(onlyProblem(text, 'invalid-content')).toMatchObject({ field: 'exams.step2ck.date', message: 'a scheduled exam needs its date', ...at(text, '{ status: scheduled }') });
  });

  it('a span that ends before it starts', () => {
    const text = edit(example, 'end: 2025-10-31', 'end: 2025-09-30');
    expect(onlyProblem(text, 'invalid-content')).toStrictEqual({ file: FILE, ...at(text, '2025-09-30'), field: 'usce[0].end', message: 'ends (2025-09-30) before it starts (2025-10-06)' });
  });

  it('a required key left out is reported at the mapping that lacks it', () => {
    const text = edit(example, '  country: Nigeria\n', '');
    expect(onlyProblem(text, 'invalid-content')).toStrictEqual({ file: FILE, ...at(text, 'name: University'), field: 'school.country', message: 'is required' });
  });

  it('a YAML syntax error', () => {
    const text = edit(example, 'name: Amina Okafor', 'name: "Amina Okafor');
    expect(onlyProblem(text, 'yaml-syntax')).toStrictEqual({ file: FILE, ...at(text, '"Amina'), message: 'this quoted value is never closed' });
  });

  it('a duplicate key', () => {
    const text = edit(example, 'status: graduate ', 'status: graduate\nstatus: student ');
    expect(onlyProblem(text, 'yaml-syntax')).toStrictEqual({ file: FILE, ...at(text, 'status: student'), message: 'Map keys must be unique' });
  });

  it('an unknown tag such as !!js/function', () => {
    const text = edit(example, 'name: Amina Okafor', 'name: !!js/function "function () {}"');
    expect(onlyProblem(text, 'yaml-syntax')).toStrictEqual({ file: FILE, ...at(text, '!!js/function'), message: 'Unresolved tag: tag:yaml.org,2002:js/function' });
  });

  it('an alias (*a)', () => {
    const text = edit(edit(example, 'name: Amina Okafor', 'name: &a Amina Okafor'), '  country: Nigeria', '  country: *a');
    expect(onlyProblem(text, 'yaml-alias')).toStrictEqual({ file: FILE, ...at(text, '*a'), message: 'aliases (*name) are not allowed in imgplan files; write the value out' });
  });

  it('deeply nested input (2,000+ levels), parsed twice in one process', () => {
    const deep = example + `deep: ${'['.repeat(2_000)}${']'.repeat(2_000)}\n`;
    for (let i = 0; i < 2; i++)
      expect(onlyProblem(deep, 'too-deep')).toStrictEqual({ file: FILE, line: 1, column: 1, message: 'nests 2001 levels deep; imgplan files need at most 64' });
    expect(parseProfile(FILE, example).value.name).toBe('Amina Okafor');
  });

  it('an empty file and a file of only comments', () => {
    expect(onlyProblem('', 'empty-file')).toStrictEqual({ file: FILE, line: 1, column: 1, message: 'the file holds no data' });
    const comments = example.split('\n').filter((l) => l.startsWith('#')).join('\n') + '\n';
    expect(onlyProblem(comments, 'empty-file').message).toBe('the file holds no data');
  });

  it('a top-level list', () => {
    expect(onlyProblem('- schemaVersion: 1\n- name: A\n', 'not-a-mapping')).toStrictEqual({
      file: FILE,
      line: 1,
      column: 1,
      message: 'must be a mapping of keys to values (key: value)',
    });
  });

  it('NUL bytes', () => {
    const text = edit(example, 'country: Nigeria', 'country: Nige\u0000ria');
    expect(onlyProblem(text, 'not-text')).toStrictEqual({ file: FILE, ...at(text, '\u0000'), message: 'contains NUL bytes; it is not a YAML text file' });
  });

  it('a newer schemaVersion: refused as a whole, the other content unchecked', () => {
    const text = edit(edit(example, 'schemaVersion: 1', 'schemaVersion: 2'), 'status: graduate ', 'status: retired ');
    const err = inputError(() => parseProfile(FILE, text));
    expect(err.code).toBe('newer-schema');
    expect(err.exitCode).toBe(2);
    expect(err.hint).toBe('upgrade imgplan to read this file; it was not changed');
    expect(err.problems.map(formatProblem)).toStrictEqual([`${FILE}:4:16: schemaVersion: 2 is newer than this imgplan understands (profile files up to version 1)`]);
  });

  it('a 6 MB file', () => {
    const text = example + `# ${'x'.repeat(6_000_000)}\n`;
    expect(onlyProblem(text, 'file-too-large')).toStrictEqual({ file: FILE, message: 'is larger than 5 MB; imgplan files are far smaller' });
  });

  it('a __proto__ key is an unknown key, and Object.prototype stays clean', () => {
    const text = edit(example, 'status: graduate ', 'status: graduate\n__proto__: { polluted: yes, isAdmin: true }\n');
    expect(onlyProblem(text, 'invalid-content')).toStrictEqual({ file: FILE, ...at(text, '__proto__'), field: '__proto__', message: 'unknown key' });
    const nested = edit(example, '  country: Nigeria', '  country: Nigeria\n  __proto__: { polluted: yes }');
    expect(onlyProblem(nested, 'invalid-content')).toMatchObject({ ...at(nested, '__proto__'), field: 'school.__proto__', message: 'unknown key' });
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('a %YAML 1.1 directive: no/yes stay strings where strings are expected, dates stay dates written as text', () => {
    const v11 = (text: string) => `%YAML 1.1\n---\n${text}`;
    const words = v11(edit(edit(example, 'name: Amina Okafor', 'name: no'), '  country: Nigeria', '  country: yes'));
    const { value } = parseProfile(FILE, words);
    expect(value.name).toBe('no');
    expect(value.school.country).toBe('yes');
    expect(value.exams.step2ck?.date).toBe('2027-04-20');
    expect(value.ecfmg.certified).toBe(false);
    // Where a boolean is expected, a 1.1-style "no" is a clean error, not a silent false.
    const bool = v11(edit(example, 'certified: false', 'certified: no'));
    expect(onlyProblem(bool, 'invalid-content')).toStrictEqual({ file: FILE, ...at(bool, 'certified: no'), column: at(bool, 'certified: no').column + 11, field: 'ecfmg.certified', message: 'must be a boolean, got "no"' });
  });

  it('a leading-zero value: a whole number reads as decimal; where text is expected it is an error that shows what was written', () => {
    expect(parseProfile(FILE, edit(example, 'graduationYear: 2024', 'graduationYear: 02024')).value.school.graduationYear).toBe(2024);
    expect(parseProfile(FILE, edit(example, 'lettersNeeded: 4 ', 'lettersNeeded: 04 ')).value.preferences.lettersNeeded).toBe(4);
    const text = edit(example, 'name: Amina Okafor', 'name: 01234');
    expect(onlyProblem(text, 'invalid-content')).toStrictEqual({
      file: FILE,
      ...at(text, '01234'),
      field: 'name',
      message: 'must be a string, got 01234; put it in quotes ("01234") to keep it as written',
    });
    expect(parseProfile(FILE, edit(example, 'name: Amina Okafor', 'name: "01234"')).value.name).toBe('01234');
  });

  it('several problems in one file are all reported, sorted by line', () => {
    let text = example;
    text = edit(text, 'preferences:\n', 'preferences:\n  colour: red\n');
    text = edit(text, 'date: 2027-04-20', 'date: 2027-02-30');
    text = edit(text, 'graduationYear: 2024', 'graduationYear: "2024"');
    text = edit(text, 'status: graduate ', 'status: retired ');
    text = edit(text, '  - family-medicine', '  - family-medcine');
    const err = inputError(() => parseProfile(FILE, text));
    expect(err.code).toBe('invalid-content');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`${FILE} is not a valid profile`);
    expect(err.hint).toBe('fix the file and run the command again; nothing was changed');
    expect(err.problems.map(formatProblem)).toStrictEqual([
      `${FILE}:10:19: school.graduationYear: must be a number, got "2024"`,
      `${FILE}:11:9: status: must be one of student, graduate; got "retired"`,
      `${FILE}:14:5: targetSpecialties[1]: "family-medcine" is not a known value; did you mean "family-medicine"?`,
      `${FILE}:21:39: exams.step2ck.date: must be a real calendar date written yyyy-MM-dd, got "2027-02-30"`,
      `${FILE}:38:3: preferences.colour: unknown key`,
    ]);
    const lines = err.problems.map((p) => p.line!);
    expect(lines).toStrictEqual([...lines].sort((a, b) => a - b));
  });
});

describe('a bad plan', () => {
  const plan = generatePlan({ profile: parseProfile(FILE, example).value, data: referenceData(), today: calendarDate('2026-11-25'), name: 'match-2028' });
  const good = planToYaml(plan);
  const PLAN = 'plans/match-2028.yaml';

  function planProblems(text: string, code: string): readonly Problem[] {
    const err = inputError(() => parsePlan(PLAN, text));
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(2);
    for (const p of err.problems) expect(p.file).toBe(PLAN);
    return err.problems;
  }

  it('a generated plan parses', () => {
    expect(parsePlan(PLAN, good).value.name).toBe('match-2028');
  });

  it('an unknown task status, a bad dependsOn id and an impossible date, each at its place', () => {
    const first = plan.tasks[0]!;
    let text = good;
    text = edit(text, `  - id: ${first.id}\n    kind: ${first.kind}`, `  - id: ${first.id}\n    kind: chore`);
    text = edit(text, `today: ${plan.today}`, 'today: 2026-11-31');
    const problems = planProblems(text, 'invalid-content');
    expect(problems.map((p) => p.field)).toStrictEqual(['today', 'tasks[0].kind']);
    expect(problems[0]).toMatchObject({ ...at(text, '2026-11-31'), message: 'must be a real calendar date written yyyy-MM-dd, got "2026-11-31"' });
    expect(problems[1]).toMatchObject({ ...at(text, 'chore'), message: expect.stringMatching(/^must be one of exam, ecfmg, .*; got "chore"$/) });
  });

  it('an unknown key in a task', () => {
    const first = plan.tasks[0]!;
    const text = edit(good, `  - id: ${first.id}\n`, `  - id: ${first.id}\n    notes: mine\n`);
    expect(planProblems(text, 'invalid-content')).toStrictEqual([{ file: PLAN, ...at(text, 'notes'), field: 'tasks[0].notes', message: 'unknown key; did you mean "note"?' }]);
  });

  it('a newer plan schemaVersion', () => {
    const text = edit(good, 'schemaVersion: 1', 'schemaVersion: 3');
    expect(planProblems(text, 'newer-schema').map(formatProblem)).toStrictEqual([
      `${PLAN}:${at(text, 'schemaVersion').line}:16: schemaVersion: 3 is newer than this imgplan understands (plan files up to version 1)`,
    ]);
  });
});
