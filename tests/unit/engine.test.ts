// Unit tests for the timeline engine: one describe per rule family of the product's issue, each
// rule pinned with a small hand-built profile and a fixed "today".
import { describe, it, expect } from 'vitest';
import aminaYaml from '../../data/examples/profile.yaml';
import danielYaml from '../../data/examples/profile-us-citizen-student.yaml';
import { addDays, addMonths, addWeeks, calendarDate, spansOverlap, weekday, type CalendarDate } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import { planSchemas, TASK_KINDS, type Plan, type Task } from '../../src/domain/plan.js';
import { profileSchema, type Profile, type ProfileInput } from '../../src/domain/profile.js';
import { referenceData } from '../../src/reference/index.js';
import { generatePlan, type PlanOverrides } from '../../src/engine/index.js';

const { planSchema } = planSchemas();

const d = calendarDate;
const data = referenceData();
const rules = data.rules;

// ---------------------------------------------------------------------------------------------
// Helpers

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Objects merge key by key, arrays and scalars replace, and `undefined` removes the key. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isRecord(base) || !isRecord(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete out[k];
    else out[k] = k in base ? deepMerge(base[k], v) : v;
  }
  return out;
}

/** A profile starting from data/examples/profile.yaml (Amina Okafor), with `overrides` merged in. */
function makeProfile(overrides: DeepPartial<ProfileInput> = {}): Profile {
  return profileSchema().parse(deepMerge(structuredClone(aminaYaml), overrides));
}

/** A profile with nothing that constrains rotations: a U.S. citizen graduate with Step 1 and 2 passed. */
function plainProfile(overrides: DeepPartial<ProfileInput> = {}): Profile {
  return makeProfile(
    deepMerge(
      {
        visa: { current: 'us-citizen', residencyVisa: 'none' },
        exams: { step1: { status: 'passed' }, step2ck: { status: 'passed' }, oet: { status: 'passed' }, step3: { status: 'not-planned' } },
        usce: [],
        availability: { earliestStart: undefined, unavailable: [] },
        preferences: { externships: undefined, weeksPerExternship: undefined, lettersNeeded: undefined, interests: undefined },
      },
      overrides,
    ) as DeepPartial<ProfileInput>,
  );
}

function plan(profile: Profile, today: string, extra: { matchYear?: number; overrides?: PlanOverrides } = {}): Plan {
  return generatePlan({ profile, data, today: d(today), name: 'test-plan', ...extra });
}

function byId(p: Plan, id: string): Task {
  const t = p.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id} in the plan; ids: ${p.tasks.map((x) => x.id).join(', ')}`);
  return t;
}

const has = (p: Plan, id: string): boolean => p.tasks.some((t) => t.id === id);
const codes = (p: Plan): string[] => p.warnings.map((w) => w.code);
const examTasks = (p: Plan, exam: string): Task[] => p.tasks.filter((t) => t.exam === exam);

function rotations(p: Plan): Task[] {
  const n = (t: Task) => Number(t.id.slice('rotation-'.length));
  return p.tasks.filter((t) => t.kind === 'externship').sort((a, b) => n(a) - n(b));
}

function milestoneDate(p: Plan, id: string): CalendarDate {
  const m = p.milestones.find((x) => x.id === id);
  if (!m) throw new Error(`no milestone ${id}`);
  return m.date;
}

/** The last day a rotation may end: programs review, less the upload buffer and the writing weeks. */
const latestRotationEnd = (p: Plan): CalendarDate =>
  addWeeks(addDays(milestoneDate(p, 'eras-programs-review'), -rules.rotations.letterUploadBufferDays.value), -rules.rotations.letterWritingWeeks.value);

function expectInputError(fn: () => unknown, code: string): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).code).toBe(code);
    return e as InputError;
  }
  throw new Error(`expected InputError ${code}, nothing was thrown`);
}

function expectNoOverlaps(ts: readonly Task[]): void {
  for (let i = 0; i < ts.length; i++)
    for (let j = i + 1; j < ts.length; j++) expect(spansOverlap(ts[i]!, ts[j]!), `${ts[i]!.id} overlaps ${ts[j]!.id}`).toBe(false);
}

// Match 2028: A = Wed 1 Sep 2027, programs review Wed 22 Sep 2027, so the last rotation day is
// Tue 10 Aug 2027 and the 12-month window opens on Wed 1 Sep 2026.
const A_2028 = d('2027-09-01');
const LATEST_END_2028 = d('2027-08-10');
const EARLY = '2026-03-02'; // 18 months ahead: a comfortable runway
const LATE = '2026-11-25'; // 280 days ahead: a late start

// ---------------------------------------------------------------------------------------------

describe('the data this file relies on', () => {
  it('has the figures the hand-computed dates below assume', () => {
    expect(rules.letters.defaultWanted.value).toBe(3);
    expect(rules.rotations.defaultWeeks.value).toBe(4);
    expect(rules.rotations.letterWritingWeeks.value).toBe(6);
    expect(rules.rotations.windowMonthsBeforeApplication.value).toBe(12);
    expect(rules.outreach.leadWeeks.value).toBe(12);
    expect(rules.outreach.minLeadWeeks.value).toBe(8);
    expect(rules.outreach.visaExtraWeeks.value).toBe(8);
    const p = plan(plainProfile(), EARLY);
    expect(p.applicationDate).toBe(A_2028);
    expect(milestoneDate(p, 'eras-programs-review')).toBe('2027-09-22');
    expect(latestRotationEnd(p)).toBe(LATEST_END_2028);
  });
});

describe('application date and Match year', () => {
  it('dates the plan from A, the day applicants may submit in ERAS for the target Match', () => {
    const p = plan(plainProfile(), EARLY);
    expect(p.matchYear).toBe(2028);
    expect(p.applicationDate).toBe(milestoneDate(p, 'eras-submit'));
    expect(byId(p, 'eras-submit')).toMatchObject({ start: A_2028, end: A_2028 });
  });

  it('plans another Match year when asked (what-if), from that year\'s A', () => {
    const p = plan(plainProfile(), EARLY, { matchYear: 2029 });
    expect(p.matchYear).toBe(2029);
    expect(p.applicationDate).toBe('2028-09-06');
    expect(byId(p, 'eras-submit').start).toBe('2028-09-06');
  });

  it('gives no late-start warning with 12 months or more to go', () => {
    expect(codes(plan(plainProfile(), EARLY))).not.toContain('late-start');
    // Exactly 12 months before A is not "less than 12 months".
    expect(codes(plan(plainProfile(), addMonths(A_2028, -12)))).not.toContain('late-start');
  });

  it('still makes the plan with less than 12 months to go, with a late-start warning naming the next Match year', () => {
    const justLate = plan(plainProfile(), addDays(addMonths(A_2028, -12), 1));
    expect(codes(justLate)).toContain('late-start');
    const p = plan(plainProfile(), LATE);
    const w = p.warnings.find((x) => x.code === 'late-start');
    expect(w?.message).toContain('2029 Match');
    expect(p.tasks.length).toBeGreaterThan(0);
    expect(rotations(p).length).toBeGreaterThan(0);
  });

  it('plans on A itself', () => {
    const p = plan(plainProfile(), '2027-09-01');
    expect(byId(p, 'eras-submit').start).toBe('2027-09-01');
    expect(codes(p)).toContain('late-start');
  });

  it('refuses a Match year whose A has passed (match-year-passed), suggesting the next open year', () => {
    const e = expectInputError(() => plan(plainProfile(), '2027-09-02'), 'match-year-passed');
    expect(e.hint).toContain('2029');
    expectInputError(() => plan(plainProfile(), '2027-12-01'), 'match-year-passed');
    expectInputError(() => plan(plainProfile(), EARLY, { matchYear: 2026 }), 'match-year-passed');
  });

  it('refuses years outside the data\'s plannable years (match-year-out-of-range)', () => {
    const { from, to } = data.calendar.plannableYears;
    expectInputError(() => plan(plainProfile(), EARLY, { matchYear: to + 1 }), 'match-year-out-of-range');
    expectInputError(() => plan(plainProfile(), '2020-01-06', { matchYear: from - 1 }), 'match-year-out-of-range');
    expectInputError(() => plan(plainProfile(), EARLY, { matchYear: 2028.5 }), 'match-year-out-of-range');
  });
});

describe('rotations: how many and how long', () => {
  it('plans enough rotations for the default number of letters, one letter per rotation', () => {
    expect(rotations(plan(plainProfile(), EARLY))).toHaveLength(rules.letters.defaultWanted.value);
  });

  it('subtracts U.S. letters already in hand, and only those with a letter', () => {
    const usce = [
      { kind: 'observership' as const, specialty: 'internal-medicine', start: '2025-10-06', end: '2025-10-31', letter: true },
      { kind: 'externship' as const, specialty: 'internal-medicine', start: '2025-11-03', end: '2025-11-28', letter: false },
    ];
    expect(rotations(plan(plainProfile({ usce, preferences: { lettersNeeded: 4 } }), EARLY))).toHaveLength(3);
    expect(rotations(plan(plainProfile({ usce, preferences: { lettersNeeded: 1 } }), EARLY))).toHaveLength(0);
    expect(rotations(plan(plainProfile({ usce: [], preferences: { lettersNeeded: 5 } }), EARLY))).toHaveLength(5);
  });

  it('plans no rotation and no rotation tasks when enough letters are in hand', () => {
    const letter = { kind: 'observership' as const, specialty: 'internal-medicine', start: '2025-10-06', end: '2025-10-31', letter: true };
    const p = plan(plainProfile({ usce: [letter, letter, letter] }), EARLY);
    expect(p.tasks.filter((t) => /rotation/.test(t.id))).toEqual([]);
    expect(codes(p)).not.toContain('letters-short');
  });

  it('lets preferences.externships set the count, and overrides.externships win over it', () => {
    expect(rotations(plan(plainProfile({ preferences: { externships: 2, lettersNeeded: 5 } }), EARLY))).toHaveLength(2);
    expect(rotations(plan(plainProfile({ preferences: { externships: 2 } }), EARLY, { overrides: { externships: 1 } }))).toHaveLength(1);
    expect(rotations(plan(plainProfile({ preferences: { externships: 2 } }), EARLY, { overrides: { externships: 0 } }))).toHaveLength(0);
  });

  it('makes each rotation 4 weeks by default, Monday to Friday', () => {
    for (const r of rotations(plan(plainProfile(), EARLY))) {
      expect(weekday(r.start)).toBe(1);
      expect(weekday(r.end)).toBe(5);
      expect(r.end).toBe(addDays(r.start, 7 * 4 - 3));
    }
  });

  it('takes weeks from preferences.weeksPerExternship, and overrides.weeksPerExternship win', () => {
    for (const r of rotations(plan(plainProfile({ preferences: { weeksPerExternship: 6 } }), EARLY))) expect(r.end).toBe(addDays(r.start, 7 * 6 - 3));
    const rs = rotations(plan(plainProfile({ preferences: { weeksPerExternship: 6 } }), EARLY, { overrides: { weeksPerExternship: 2 } }));
    expect(rs).toHaveLength(3);
    for (const r of rs) expect(r.end).toBe(addDays(r.start, 7 * 2 - 3));
  });

  it('plans fewer rotations with a rotations-do-not-fit warning when they do not all fit, never an impossible schedule', () => {
    const p = plan(plainProfile({ preferences: { externships: 8, weeksPerExternship: 12, lettersNeeded: 8 } }), EARLY);
    const rs = rotations(p);
    // Mon 7 Sep 2026 to Tue 10 Aug 2027 holds 4 rotations of 12 weeks (the 4th ends Fri 6 Aug 2027).
    expect(rs).toHaveLength(4);
    expect(rs[3]!.end).toBe('2027-08-06');
    expect(codes(p)).toContain('rotations-do-not-fit');
    expect(codes(p)).toContain('letters-short');
    expectNoOverlaps(rs);
    for (const r of rs) expect(r.end <= LATEST_END_2028).toBe(true);
  });

  it('warns nothing about fit when all rotations fit', () => {
    expect(codes(plan(plainProfile(), EARLY))).not.toContain('rotations-do-not-fit');
  });
});

describe('rotations: when', () => {
  it('places them one at a time, inside the 12 months before A, starting Monday and ending Friday', () => {
    const p = plan(plainProfile({ preferences: { externships: 5, weeksPerExternship: 6 } }), EARLY);
    const rs = rotations(p);
    expect(rs).toHaveLength(5);
    expectNoOverlaps(rs);
    // The window opens Tue 1 Sep 2026; the first Monday inside it is 7 Sep.
    expect(rs[0]!.start).toBe('2026-09-07');
    for (const r of rs) {
      expect(r.start >= addMonths(A_2028, -12)).toBe(true);
      expect(weekday(r.start)).toBe(1);
      expect(weekday(r.end)).toBe(5);
    }
  });

  it('ends every rotation early enough for the letter to be written and uploaded before programs review', () => {
    const p = plan(plainProfile({ preferences: { externships: 8, weeksPerExternship: 7 } }), EARLY);
    const rs = rotations(p);
    expect(rs.length).toBeGreaterThan(0);
    for (const r of rs) expect(r.end <= LATEST_END_2028).toBe(true);
    // 7 Sep 2026 + 7 rotations of 7 weeks ends on 13 Aug 2027, 3 days too late: only 6 fit.
    expect(rs).toHaveLength(6);
    expect(codes(p)).toContain('rotations-do-not-fit');
  });

  it('never starts before availability.earliestStart', () => {
    const rs = rotations(plan(plainProfile({ availability: { earliestStart: '2027-02-03' } }), EARLY));
    expect(rs[0]!.start).toBe('2027-02-08');
    for (const r of rs) expect(r.start >= '2027-02-03').toBe(true);
  });

  it('never starts before today, nor before outreach has had its lead time', () => {
    // No visitor visa needed: 12 weeks of outreach from Wed 25 Nov 2026 is Wed 17 Feb 2027.
    const rs = rotations(plan(plainProfile(), LATE));
    expect(rs[0]!.start).toBe('2027-02-22');
    for (const r of rs) expect(r.start >= LATE).toBe(true);
  });

  it('moves past an unavailable span and says so', () => {
    const p = plan(plainProfile({ availability: { unavailable: [{ start: '2026-10-01', end: '2026-11-15', reason: 'Wedding' }] } }), EARLY);
    const rs = rotations(p);
    expect(rs).toHaveLength(3);
    for (const r of rs) expect(spansOverlap(r, { start: d('2026-10-01'), end: d('2026-11-15') })).toBe(false);
    // 7 Sep to 2 Oct would overlap the span: the first rotation starts after it.
    expect(rs[0]!.start).toBe('2026-11-16');
    expect(rs[0]!.why).toContain('Moved past Wedding');
  });

  it('never overlaps a single unavailable day', () => {
    const p = plan(plainProfile({ availability: { unavailable: [{ start: '2026-09-11', end: '2026-09-11' }] } }), EARLY);
    const rs = rotations(p);
    expect(rs[0]!.start).toBe('2026-09-14');
    for (const r of rs) expect(spansOverlap(r, { start: d('2026-09-11'), end: d('2026-09-11') })).toBe(false);
  });

  it('never overlaps exam study blocks or sitting days the engine planned', () => {
    // Step 1 booked for Mon 5 Oct 2026, so Step 2 CK study and its sitting come after it, inside the window.
    const p = plan(plainProfile({ exams: { step1: { status: 'scheduled', date: '2026-10-05' }, step2ck: { status: 'not-started' } } }), EARLY);
    const blocks = p.tasks.filter((t) => ['exam-step1', 'exam-step2ck-study', 'exam-step2ck'].includes(t.id));
    expect(blocks).toHaveLength(3);
    const rs = rotations(p);
    expect(rs).toHaveLength(3);
    for (const r of rs) for (const b of blocks) expect(spansOverlap(r, b), `${r.id} overlaps ${b.id}`).toBe(false);
    expect(rs[0]!.start).toBe('2026-09-07');
    expect(rs[1]!.start > byId(p, 'exam-step2ck').start).toBe(true);
  });

  it('never overlaps a booked exam day', () => {
    const p = plan(plainProfile({ exams: { step2ck: { status: 'scheduled', date: '2026-09-16' } } }), EARLY);
    for (const r of rotations(p)) expect(spansOverlap(r, { start: d('2026-09-16'), end: d('2026-09-16') })).toBe(false);
    expect(rotations(p)[0]!.start).toBe('2026-09-21');
  });
});

describe('rotations: type (what the person may legally do)', () => {
  const step1Passed = { exams: { step1: { status: 'passed' as const } } };
  const step1Not = { exams: { step1: { status: 'not-started' as const } } };
  const typesOf = (p: Plan) => rotations(p).map((r) => [r.externshipType, r.handsOn]);
  // Psychiatry is neither primary care nor research-leaning, so every rotation keeps the base type.
  const neutral = { targetSpecialties: ['psychiatry'] };

  it('lets a student of a foreign school do hands-on rotations once Step 1 is passed, whatever the visa', () => {
    for (const current of ['outside-us', 'b1-b2', 'f1', 'h4'] as const) {
      const p = plan(plainProfile({ ...neutral, status: 'student', visa: { current, residencyVisa: 'j1' }, ...step1Passed }), EARLY);
      expect(typesOf(p)).toEqual([
        ['hands-on', true],
        ['hands-on', true],
        ['hands-on', true],
      ]);
      expect(rotations(p)[0]!.why).toContain('elective clerkship');
    }
  });

  it('keeps a student observational until Step 1 is passed, and says why', () => {
    const p = plan(plainProfile({ ...neutral, status: 'student', ...step1Not }), EARLY);
    for (const r of rotations(p)) {
      expect([r.externshipType, r.handsOn]).toEqual(['observational', false]);
      expect(r.why).toContain('until you pass Step 1');
    }
  });

  it('lets a graduate outside the U.S. or on a B-1/B-2 only observe, even with Step 1 passed', () => {
    for (const current of ['outside-us', 'b1-b2'] as const) {
      const p = plan(plainProfile({ ...neutral, status: 'graduate', visa: { current, residencyVisa: 'j1' }, ...step1Passed }), EARLY);
      const rs = rotations(p);
      expect(rs.length).toBeGreaterThan(0);
      for (const r of rs) {
        expect([r.externshipType, r.handsOn]).toEqual(['observational', false]);
        expect(r.why).toContain('observe only');
        expect(r.why).toContain('B-1/B-2');
      }
    }
  });

  it('follows data/eligibility.yaml graduateHandsOn for every other status of a graduate', () => {
    for (const [current, rule] of Object.entries(data.eligibility.statuses)) {
      const p = plan(plainProfile({ ...neutral, status: 'graduate', visa: { current: current as Profile['visa']['current'], residencyVisa: 'either' }, ...step1Passed }), EARLY);
      for (const r of rotations(p)) {
        expect(r.handsOn, current).toBe(rule.graduateHandsOn);
        expect(r.externshipType, current).toBe(rule.graduateHandsOn ? 'hands-on' : 'observational');
        if (!rule.graduateHandsOn) expect(r.why).toContain('observe only');
      }
    }
  });

  it('keeps a graduate who may work observational until Step 1 is passed', () => {
    for (const current of ['ead', 'green-card', 'us-citizen'] as const) {
      const p = plan(plainProfile({ ...neutral, status: 'graduate', visa: { current, residencyVisa: 'none' }, ...step1Not }), EARLY);
      for (const r of rotations(p)) {
        expect([r.externshipType, r.handsOn]).toEqual(['observational', false]);
        expect(r.why).toContain('until you pass Step 1');
      }
    }
  });

  it('plans a community rotation when a target is primary care, never as the first rotation', () => {
    const p = plan(plainProfile({ targetSpecialties: ['psychiatry', 'pediatrics'] }), EARLY);
    const rs = rotations(p);
    expect(rs.map((r) => r.externshipType)).toEqual(['hands-on', 'hands-on', 'community']);
    expect(rs[2]!.specialty).toBe('pediatrics');
    expect(rs[2]!.handsOn).toBe(true);
    expect(rs[0]!.specialty).toBe('psychiatry');
  });

  it('plans a community rotation in the primary target when interests include community', () => {
    const rs = rotations(plan(plainProfile({ ...neutral, preferences: { interests: ['community'] } }), EARLY));
    expect(rs.map((r) => r.externshipType)).toEqual(['hands-on', 'hands-on', 'community']);
    expect(rs[2]!.specialty).toBe('psychiatry');
  });

  it('plans a research rotation when a target is research-leaning, or interests include research', () => {
    const byTarget = rotations(plan(plainProfile({ targetSpecialties: ['neurology'] }), EARLY));
    expect(byTarget.map((r) => r.externshipType)).toEqual(['hands-on', 'hands-on', 'research']);
    expect(byTarget[2]!.specialty).toBe('neurology');
    const byInterest = rotations(plan(plainProfile({ ...neutral, preferences: { interests: ['research'] } }), EARLY));
    expect(byInterest.map((r) => r.externshipType)).toEqual(['hands-on', 'hands-on', 'research']);
  });

  it('plans only the base type with no primary-care or research target and no interests', () => {
    const rs = rotations(plan(plainProfile({ targetSpecialties: ['psychiatry', 'general-surgery'] }), EARLY));
    expect(rs.map((r) => r.externshipType)).toEqual(['hands-on', 'hands-on', 'hands-on']);
  });

  it('plans both community and research when both apply, the primary target\'s kind last', () => {
    const rs = rotations(plan(plainProfile({ targetSpecialties: ['family-medicine', 'neurology'] }), EARLY));
    expect(rs.map((r) => [r.externshipType, r.specialty])).toEqual([
      ['hands-on', 'family-medicine'],
      ['research', 'neurology'],
      ['community', 'family-medicine'],
    ]);
  });

  it('keeps the first rotation the base type however few rotations there are', () => {
    const one = rotations(plan(plainProfile({ targetSpecialties: ['family-medicine', 'neurology'], preferences: { externships: 1 } }), EARLY));
    expect(one.map((r) => r.externshipType)).toEqual(['hands-on']);
    const two = rotations(plan(plainProfile({ targetSpecialties: ['neurology', 'family-medicine'], preferences: { externships: 2 } }), EARLY));
    expect(two.map((r) => r.externshipType)).toEqual(['hands-on', 'research']);
    const observing = rotations(
      plan(plainProfile({ targetSpecialties: ['internal-medicine'], visa: { current: 'outside-us', residencyVisa: 'j1' }, preferences: { externships: 1 } }), EARLY),
    );
    expect(observing.map((r) => r.externshipType)).toEqual(['observational']);
  });
});

describe('rotations: outreach', () => {
  it('starts outreach 12 weeks before each rotation when no visitor visa is needed, with follow-up and onboarding in between', () => {
    const p = plan(plainProfile(), EARLY);
    for (const r of rotations(p)) {
      const out = byId(p, `outreach-${r.id}`);
      const follow = byId(p, `outreach-followup-${r.id}`);
      const onboard = byId(p, `onboarding-${r.id}`);
      expect(out.start).toBe(addWeeks(r.start, -12));
      for (const t of [out, follow, onboard]) {
        expect(t.kind).toBe('outreach');
        expect(t.end < r.start).toBe(true);
      }
      expect(follow.start).toBe(addDays(out.end, 1));
      expect(onboard.start).toBe(addDays(follow.end, 1));
      expect(onboard.end).toBe(addDays(r.start, -1));
      expect(follow.dependsOn).toEqual([out.id]);
      expect(onboard.dependsOn).toEqual([follow.id]);
      expect(r.dependsOn).toEqual([onboard.id]);
    }
  });

  it('adds the visitor-visa weeks when the person must get a visitor visa', () => {
    const p = plan(plainProfile({ visa: { current: 'outside-us', residencyVisa: 'j1' } }), EARLY);
    for (const r of rotations(p)) expect(byId(p, `outreach-${r.id}`).start).toBe(addWeeks(r.start, -(12 + 8)));
    // A B-1/B-2 holder is already in the U.S.: no extra weeks.
    const b1 = plan(plainProfile({ visa: { current: 'b1-b2', residencyVisa: 'j1' } }), EARLY);
    for (const r of rotations(b1)) expect(byId(b1, `outreach-${r.id}`).start).toBe(addWeeks(r.start, -12));
  });

  it('never starts outreach before today', () => {
    const p = plan(plainProfile({ visa: { current: 'outside-us', residencyVisa: 'j1' } }), LATE);
    const rs = rotations(p);
    expect(rs.length).toBeGreaterThan(0);
    expect(rs[0]!.start).toBe('2027-04-19'); // Wed 25 Nov 2026 + 20 weeks = Wed 14 Apr 2027, next Monday
    for (const r of rs) expect(byId(p, `outreach-${r.id}`).start >= LATE).toBe(true);
    expect(byId(p, 'outreach-rotation-1').start).toBe('2026-11-30');
  });

  it('falls back to the shortest lead when that places more rotations', () => {
    // From Mon 4 Jan 2027 with a visitor visa: 20 weeks of lead leaves room for 2 rotations before
    // 10 Aug 2027, 16 weeks for 3.
    const p = plan(plainProfile({ visa: { current: 'outside-us', residencyVisa: 'j1' } }), '2027-01-04');
    const rs = rotations(p);
    expect(rs.map((r) => r.start)).toEqual(['2027-04-26', '2027-05-24', '2027-06-21']);
    for (const r of rs) expect(byId(p, `outreach-${r.id}`).start).toBe(addWeeks(r.start, -(8 + 8)));
    expect(codes(p)).not.toContain('rotations-do-not-fit');
  });

  it('keeps the advised lead when the shortest one places no more rotations', () => {
    const p = plan(plainProfile({ visa: { current: 'outside-us', residencyVisa: 'j1' }, preferences: { externships: 8 } }), '2027-01-04');
    const rs = rotations(p);
    // 16 weeks of lead would fit 3 (26 Apr, 24 May, 21 Jun), and 20 weeks only 2: the fallback wins.
    expect(rs).toHaveLength(3);
    expect(codes(p)).toContain('rotations-do-not-fit');
    const roomy = plan(plainProfile({ visa: { current: 'outside-us', residencyVisa: 'j1' } }), EARLY);
    for (const r of rotations(roomy)) expect(byId(roomy, `outreach-${r.id}`).start).toBe(addWeeks(r.start, -20));
  });
});

describe('rotations: letters and thank-yous', () => {
  for (const weeks of [2, 4, 6]) {
    it(`asks for each letter in the rotation's final week, uploads it before programs review, thanks the week after (${weeks}-week rotations)`, () => {
      const p = plan(plainProfile({ preferences: { weeksPerExternship: weeks } }), EARLY);
      const review = milestoneDate(p, 'eras-programs-review');
      const rs = rotations(p);
      expect(rs).toHaveLength(3);
      for (const r of rs) {
        const ask = byId(p, `letter-request-${r.id}`);
        const upload = byId(p, `letter-upload-${r.id}`);
        const thanks = byId(p, `thank-you-${r.id}`);
        expect(ask.kind).toBe('letter-request');
        expect(ask.start >= r.start && ask.end <= r.end).toBe(true);
        expect(ask.start >= addDays(r.end, -6)).toBe(true);
        expect(ask.end).toBe(r.end);
        expect(ask.dependsOn).toEqual([r.id]);
        expect(upload.kind).toBe('letter-upload');
        expect(upload.start > r.end).toBe(true);
        expect(upload.end < review).toBe(true);
        expect(upload.dependsOn).toEqual([ask.id]);
        expect(thanks.kind).toBe('thank-you');
        expect(thanks.start).toBe(addDays(r.end, 1));
        expect(thanks.end).toBe(addDays(r.end, 7));
      }
    });
  }
});

describe('exams', () => {
  it('plans Step 2 CK by A minus 8 weeks with a comfortable runway, with study, sitting and result', () => {
    const p = plan(plainProfile({ exams: { step2ck: { status: 'not-started' } } }), EARLY);
    const sit = byId(p, 'exam-step2ck');
    const study = byId(p, 'exam-step2ck-study');
    const result = byId(p, 'exam-step2ck-result');
    expect(sit.start).toBe(sit.end);
    expect(sit.start <= addWeeks(A_2028, -8)).toBe(true);
    expect(study.end < sit.start).toBe(true);
    expect(result.start > sit.start).toBe(true);
    expect(sit.dependsOn).toEqual(['exam-step2ck-study']);
    expect(codes(p)).not.toContain('step2ck-after-application');
  });

  it('keeps a booked Step 2 CK date exactly', () => {
    const p = plan(plainProfile({ exams: { step2ck: { status: 'scheduled', date: '2027-04-20' } } }), EARLY);
    expect(byId(p, 'exam-step2ck')).toMatchObject({ start: '2027-04-20', end: '2027-04-20' });
    expect(has(p, 'exam-step2ck-study')).toBe(false);
  });

  it('warns step2ck-after-application for a booked sitting later than A minus 8 weeks, and keeps the date', () => {
    const p = plan(plainProfile({ exams: { step2ck: { status: 'scheduled', date: '2027-08-16' } } }), EARLY);
    expect(byId(p, 'exam-step2ck').start).toBe('2027-08-16');
    expect(codes(p)).toContain('step2ck-after-application');
    // A minus 8 weeks (Wed 7 Jul 2027) is still in time; the day after is not.
    expect(codes(plan(plainProfile({ exams: { step2ck: { status: 'scheduled', date: '2027-07-07' } } }), EARLY))).not.toContain('step2ck-after-application');
    expect(codes(plan(plainProfile({ exams: { step2ck: { status: 'scheduled', date: '2027-07-08' } } }), EARLY))).toContain('step2ck-after-application');
  });

  it('plans a late Step 2 CK as a real sitting with a warning, not an impossible task', () => {
    const p = plan(plainProfile({ exams: { step2ck: { status: 'not-started' } } }), '2027-06-01');
    const sit = byId(p, 'exam-step2ck');
    expect(sit.start >= '2027-06-01').toBe(true);
    expect(sit.start > addWeeks(A_2028, -8)).toBe(true);
    expect(codes(p)).toContain('step2ck-after-application');
  });

  it('plans Step 2 CK at least 8 weeks after a Step 1 sitting', () => {
    const p = plan(plainProfile({ exams: { step1: { status: 'not-started' }, step2ck: { status: 'not-started' } } }), EARLY);
    expect(byId(p, 'exam-step2ck').start >= addWeeks(byId(p, 'exam-step1').start, 8)).toBe(true);
    // Study may start any time; the sitting comes after its study and after the Step 1 sitting.
    expect(byId(p, 'exam-step2ck-study').dependsOn).toEqual([]);
    expect(byId(p, 'exam-step2ck').dependsOn).toEqual(['exam-step2ck-study', 'exam-step1']);
  });

  it('produces no task for a passed exam', () => {
    const p = plan(plainProfile(), EARLY);
    for (const exam of ['step1', 'step2ck', 'oet']) expect(examTasks(p, exam)).toEqual([]);
  });

  it('waits for the result of a booked date that has passed, instead of planning a new sitting', () => {
    const p = plan(plainProfile({ exams: { step2ck: { status: 'scheduled', date: '2026-02-20' } } }), EARLY);
    expect(examTasks(p, 'step2ck').map((t) => t.id)).toEqual(['exam-step2ck-result']);
    expect(byId(p, 'exam-step2ck-result').start).toBe(EARLY);
  });

  it('plans a retake for a failed exam, with a warning', () => {
    const p = plan(plainProfile({ exams: { step2ck: { status: 'failed' } } }), EARLY);
    expect(byId(p, 'exam-step2ck').title).toContain('Retake');
    expect(codes(p)).toContain('step2ck-retake');
  });

  it('plans OET no earlier than 1 January of Match year minus 2', () => {
    const p = plan(plainProfile({ exams: { oet: { status: 'not-started' } } }), EARLY, { matchYear: 2029 });
    const sit = byId(p, 'exam-oet');
    expect(sit.start >= '2027-01-01').toBe(true);
    expect(sit.start).toBe('2027-01-01'); // a Friday: the earliest valid day
    expect(codes(p)).not.toContain('oet-may-be-too-old');
  });

  it('plans OET outside USMLE study time', () => {
    const p = plan(plainProfile({ exams: { step1: { status: 'not-started' }, step2ck: { status: 'not-started' }, oet: { status: 'not-started' } } }), EARLY);
    const usmle = p.tasks.filter((t) => ['exam-step1-study', 'exam-step1', 'exam-step2ck-study', 'exam-step2ck'].includes(t.id));
    expect(usmle).toHaveLength(4);
    const oet = { start: byId(p, 'exam-oet-study').start, end: byId(p, 'exam-oet').end };
    for (const u of usmle) expect(spansOverlap(oet, u), `OET overlaps ${u.id}`).toBe(false);
  });

  it('keeps a booked OET date, even one before the recency date, with a warning', () => {
    const p = plan(plainProfile({ exams: { oet: { status: 'scheduled', date: '2026-05-12' } } }), EARLY, { matchYear: 2029 });
    expect(byId(p, 'exam-oet')).toMatchObject({ start: '2026-05-12', end: '2026-05-12' });
    expect(codes(p)).toContain('oet-may-be-too-old');
  });

  it('moves a sitting that would fall on a weekend to a business day clear of unavailable dates', () => {
    // From Sun 29 Nov 2026, 4 weeks of OET study end on Sun 27 Dec: the sitting would move to
    // Mon 28 Dec, which is unavailable, so study and sitting must move past it.
    const unavailable = [{ start: '2026-12-28', end: '2026-12-28' }];
    const p = plan(plainProfile({ exams: { oet: { status: 'not-started' } }, availability: { unavailable } }), '2026-11-29');
    const sit = byId(p, 'exam-oet');
    const study = byId(p, 'exam-oet-study');
    expect([0, 6]).not.toContain(weekday(sit.start));
    for (const t of [sit, study]) expect(spansOverlap(t, { start: d('2026-12-28'), end: d('2026-12-28') }), t.id).toBe(false);
    expect(study.end).toBe(addDays(sit.start, -1));
    expect(study.start).toBe(addDays(sit.start, -28));
  });

  it('plans exam study and sittings around unavailable dates', () => {
    const unavailable = [{ start: '2026-03-02', end: '2026-04-10' }];
    const p = plan(plainProfile({ exams: { step2ck: { status: 'not-started' } }, availability: { unavailable } }), EARLY);
    for (const id of ['exam-step2ck-study', 'exam-step2ck']) expect(spansOverlap(byId(p, id), { start: d('2026-03-02'), end: d('2026-04-10') })).toBe(false);
  });
});

describe('Step 3 and ECFMG', () => {
  const h1b = { visa: { current: 'outside-us' as const, residencyVisa: 'h1b' as const } };

  it('plans Step 3 only for an H-1B residency, after the ECFMG certificate', () => {
    const p = plan(plainProfile(h1b), EARLY);
    const cert = byId(p, 'ecfmg-certificate');
    const sit = byId(p, 'exam-step3');
    expect(sit.start >= addDays(cert.end, rules.exams.step3.afterCertificateDays.value)).toBe(true);
    expect(byId(p, 'exam-step3').dependsOn).toEqual(['exam-step3-study', 'ecfmg-certificate']);
    expect(sit.start <= '2027-12-15').toBe(true);
    expect(codes(p)).not.toContain('step3-after-match-day');
  });

  it('plans no Step 3 for a J-1, either, or no residency visa', () => {
    for (const residencyVisa of ['j1', 'either', 'none'] as const) {
      const p = plan(plainProfile({ visa: { current: 'outside-us', residencyVisa } }), EARLY);
      expect(examTasks(p, 'step3'), residencyVisa).toEqual([]);
    }
  });

  it('plans no Step 3 once it is passed', () => {
    expect(examTasks(plan(plainProfile({ ...h1b, exams: { step3: { status: 'passed' } } }), EARLY), 'step3')).toEqual([]);
  });

  it('warns step3-after-match-day when a late certificate pushes Step 3 past 15 Dec before the Match', () => {
    // OET booked for 1 Dec 2027: the Pathway, then the certificate, come in early 2028.
    const p = plan(plainProfile({ ...h1b, exams: { oet: { status: 'scheduled', date: '2027-12-01' } } }), EARLY);
    const cert = byId(p, 'ecfmg-certificate');
    const sit = byId(p, 'exam-step3');
    expect(cert.end > '2027-12-15').toBe(true);
    expect(sit.start >= addDays(cert.end, 14)).toBe(true);
    expect(codes(p)).toContain('step3-after-match-day');
  });

  it('plans Step 3 from today for a person already certified', () => {
    const p = plan(plainProfile({ ...h1b, ecfmg: { certified: true, pathway: 'accepted' } }), EARLY);
    expect(has(p, 'ecfmg-certificate')).toBe(false);
    expect(byId(p, 'exam-step3').start >= addDays(d(EARLY), 14)).toBe(true);
    expect(byId(p, 'exam-step3-study').dependsOn).toEqual([]);
  });

  it('plans J-1 sponsorship after Match Day for a J-1 residency', () => {
    const p = plan(plainProfile({ visa: { current: 'outside-us', residencyVisa: 'j1' } }), EARLY);
    expect(byId(p, 'ecfmg-j1-sponsorship')).toMatchObject({ start: '2028-03-18', end: '2028-06-30', dependsOn: ['match-week'] });
    expect(has(plan(plainProfile(h1b), EARLY), 'ecfmg-j1-sponsorship')).toBe(false);
  });
});

describe('ERAS and NRMP tasks', () => {
  const ids = ['eras-token', 'eras-documents', 'eras-personal-statement', 'eras-experiences', 'eras-program-list', 'eras-submit', 'nrmp-register', 'interviews', 'nrmp-rank-list', 'match-week'];

  for (const today of [EARLY, LATE, '2027-08-30', '2027-09-01']) {
    it(`plans every application task (today ${today})`, () => {
      const p = plan(plainProfile(), today);
      for (const id of ids) expect(byId(p, id).kind).toBe('application');
      expect(byId(p, 'eras-submit')).toMatchObject({ start: A_2028, end: A_2028 });
      expect(byId(p, 'nrmp-rank-list').end).toBe(milestoneDate(p, 'rol-deadline'));
      expect(byId(p, 'match-week').end).toBe(milestoneDate(p, 'match-day'));
      expect(byId(p, 'interviews').start).toBe(milestoneDate(p, 'eras-programs-review'));
      expect(byId(p, 'eras-submit').dependsOn).toEqual(['eras-token', 'eras-documents', 'eras-personal-statement', 'eras-experiences', 'eras-program-list']);
    });
  }

  it('dates the Match 2028 milestones as the calendar rules give them', () => {
    const p = plan(plainProfile(), EARLY);
    expect(milestoneDate(p, 'rol-deadline')).toBe('2028-03-01');
    expect(milestoneDate(p, 'match-day')).toBe('2028-03-17');
    expect(byId(p, 'match-week').start).toBe('2028-03-13');
  });
});

describe('every task', () => {
  const profiles: Array<[string, Profile]> = [
    ['Amina', makeProfile()],
    ['Daniel', profileSchema().parse(danielYaml)],
    ['H-1B student', plainProfile({ status: 'student', school: { graduationYear: 2027 }, visa: { current: 'f1', residencyVisa: 'h1b' }, exams: { step1: { status: 'failed' }, step2ck: { status: 'not-started' }, oet: { status: 'not-started' } } })],
    ['busy', plainProfile({ preferences: { externships: 8, weeksPerExternship: 3 }, availability: { earliestStart: '2026-12-02', unavailable: [{ start: '2027-01-11', end: '2027-02-19' }, { start: '2027-05-05', end: '2027-05-05' }] } })],
  ];
  for (const [who, profile] of profiles)
    for (const today of [EARLY, LATE, '2027-07-14', '2027-09-01'])
      it(`is well formed (${who}, today ${today})`, () => {
        const p = plan(profile, today);
        expect(planSchema.parse(p)).toEqual(p);
        const ids = p.tasks.map((t) => t.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const t of p.tasks) {
          expect(TASK_KINDS).toContain(t.kind);
          expect(t.title.length).toBeGreaterThan(0);
          expect(t.why.trim().length, t.id).toBeGreaterThan(0);
          expect(t.status).toBe('todo');
          expect(t.start <= t.end, t.id).toBe(true);
          expect(t.start >= today, t.id).toBe(true);
          for (const dep of t.dependsOn) expect(ids, `${t.id} depends on ${dep}`).toContain(dep);
        }
        expectNoOverlaps(rotations(p));
        for (const r of rotations(p)) expect(r.end <= LATEST_END_2028).toBe(true);
      });

  it('is the same for the same inputs, deep-equal and byte for byte, and leaves the profile alone', () => {
    const profile = makeProfile();
    const before = structuredClone(profile);
    const a = plan(profile, LATE);
    const b = plan(makeProfile(), LATE);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(profile).toEqual(before);
  });
});

describe('the example profiles', () => {
  describe('Amina Okafor (data/examples/profile.yaml)', () => {
    const amina = makeProfile();
    const p = plan(amina, LATE);
    const rs = rotations(p);

    it('is the profile the factory starts from', () => {
      expect(amina.name).toBe('Amina Okafor');
      expect(amina.status).toBe('graduate');
      expect(amina.visa.current).toBe('outside-us');
    });

    it('plans 3 observational-or-community rotations of 4 weeks, all observe-only', () => {
      expect(rs).toHaveLength(3);
      expect(rs.map((r) => r.externshipType)).toEqual(['observational', 'observational', 'community']);
      for (const r of rs) {
        expect(r.handsOn).toBe(false);
        expect(r.end).toBe(addDays(r.start, 25));
        expect(r.why).toContain('observe only');
        expect(r.start >= '2027-01-04').toBe(true);
        expect(r.end <= LATEST_END_2028).toBe(true);
      }
      expect(rs[2]!.specialty).toBe('internal-medicine');
      expectNoOverlaps(rs);
    });

    it('keeps every rotation out of her Step 2 CK study span and off her booked exam day', () => {
      for (const r of rs) expect(spansOverlap(r, { start: d('2027-03-22'), end: d('2027-04-20') })).toBe(false);
      expect(rs.map((r) => r.start)).toEqual(['2027-04-26', '2027-05-24', '2027-06-21']);
    });

    it('keeps Step 2 CK on 2027-04-20 and plans nothing for the passed Step 1', () => {
      expect(byId(p, 'exam-step2ck')).toMatchObject({ start: '2027-04-20', end: '2027-04-20', exam: 'step2ck' });
      expect(examTasks(p, 'step1')).toEqual([]);
      expect(codes(p)).not.toContain('step2ck-after-application');
    });

    it('allows visa time in outreach (20 weeks ahead)', () => {
      for (const r of rs) expect(byId(p, `outreach-${r.id}`).start).toBe(addWeeks(r.start, -20));
    });

    it('plans OET from 2026, J-1 sponsorship after Match Day, and no Step 3', () => {
      expect(byId(p, 'exam-oet').start >= '2026-01-01').toBe(true);
      expect(byId(p, 'ecfmg-j1-sponsorship')).toMatchObject({ start: '2028-03-18', end: '2028-06-30' });
      expect(examTasks(p, 'step3')).toEqual([]);
      expect(byId(p, 'ecfmg-pathway').dependsOn).toEqual(['exam-oet-result']);
    });

    it('warns late-start with today 2026-11-25, naming the 2029 Match, and nothing about fit', () => {
      expect(codes(p)).toContain('late-start');
      expect(p.warnings.find((w) => w.code === 'late-start')!.message).toContain('2029');
      expect(codes(p)).not.toContain('rotations-do-not-fit');
      expect(codes(p)).not.toContain('letters-short');
    });

    it('warns no late start with an 18-month runway', () => {
      expect(codes(plan(amina, EARLY))).not.toContain('late-start');
    });
  });

  describe('Daniel Reyes (data/examples/profile-us-citizen-student.yaml)', () => {
    const daniel = profileSchema().parse(danielYaml);
    const p = plan(daniel, LATE);
    const rs = rotations(p);

    it('plans 3 hands-on rotations (a student with Step 1 passed), the last in a community setting', () => {
      expect(rs).toHaveLength(3);
      expect(rs.map((r) => r.externshipType)).toEqual(['hands-on', 'hands-on', 'community']);
      for (const r of rs) {
        expect(r.handsOn).toBe(true);
        expect(r.specialty).toBe('pediatrics');
        expect(r.end).toBe(addDays(r.start, 25));
        expect(r.why).toContain('hands-on');
      }
      expectNoOverlaps(rs);
    });

    it('starts rotations after his earliest start and 12 weeks of outreach (no visa)', () => {
      expect(rs[0]!.start).toBe('2027-02-22');
      for (const r of rs) {
        expect(r.start >= '2027-01-04').toBe(true);
        expect(byId(p, `outreach-${r.id}`).start).toBe(addWeeks(r.start, -12));
      }
    });

    it('plans Step 2 CK in time, keeps rotations off its study, and plans no Step 3', () => {
      const sit = byId(p, 'exam-step2ck');
      expect(sit.start <= addWeeks(A_2028, -8)).toBe(true);
      for (const r of rs) for (const id of ['exam-step2ck-study', 'exam-step2ck']) expect(spansOverlap(r, byId(p, id))).toBe(false);
      expect(examTasks(p, 'step3')).toEqual([]);
      expect(examTasks(p, 'step1')).toEqual([]);
      expect(codes(p)).not.toContain('step2ck-after-application');
    });

    it('needs no J-1 sponsorship and no residency visa, and verifies his diploma after graduation', () => {
      expect(has(p, 'ecfmg-j1-sponsorship')).toBe(false);
      expect(codes(p)).not.toContain('residency-visa-missing');
      expect(codes(p)).not.toContain('residency-visa-not-needed');
      expect(byId(p, 'ecfmg-credentials').start).toBe('2027-07-01');
    });

    it('warns late-start with today 2026-11-25 only', () => {
      expect(codes(p)).toContain('late-start');
      expect(codes(plan(daniel, EARLY))).not.toContain('late-start');
    });
  });
});

describe('deadlines with no time left', () => {
  it('warns for each application step whose deadline has passed, and never dates one after what it feeds', () => {
    const p = plan(plainProfile(), '2027-08-30');
    const passed = p.warnings.filter((w) => w.code === 'deadline-passed').map((w) => w.message);
    for (const id of ['eras-documents', 'eras-personal-statement', 'eras-experiences', 'eras-program-list'])
      expect(passed.some((m) => m.includes(`(${id})`)), id).toBe(true);
    expect(byId(p, 'eras-documents')).toMatchObject({ start: '2027-08-30', end: '2027-08-30' });
    expect(byId(p, 'eras-token').end <= byId(p, 'eras-submit').start).toBe(true);
  });

  it('gives no such warning when there is time', () => {
    expect(codes(plan(plainProfile(), EARLY))).not.toContain('deadline-passed');
  });
});

describe('booked sittings', () => {
  it('keeps a planned exam and its study clear of a sitting already booked for another exam', () => {
    const p = plan(plainProfile({ exams: { step1: { status: 'not-started' }, step2ck: { status: 'scheduled', date: '2026-12-21' } } }), '2026-11-25');
    const study = byId(p, 'exam-step1-study');
    const sitting = byId(p, 'exam-step1');
    expect(spansOverlap({ start: study.start, end: sitting.end }, { start: d('2026-12-21'), end: d('2026-12-21') })).toBe(false);
    expect(byId(p, 'exam-step2ck').start).toBe('2026-12-21');
  });
});
