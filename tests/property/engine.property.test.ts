// Property tests for the timeline engine: thousands of random valid profiles and days, and the
// invariants every plan must keep whatever the input.
import { describe, it, expect } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { addDays, addMonths, addWeeks, daysBetween, maxDate, spansOverlap, weekday, ymd, type CalendarDate } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import { planSchemas, TASK_KINDS, type Plan, type Task } from '../../src/domain/plan.js';
import { EXAMS, EXAM_STATUSES, INTERESTS, PATHWAY_STATUSES, RESIDENCY_VISAS, USCE_KINDS, profileSchema, type ExamId, type Profile } from '../../src/domain/profile.js';
import { VISA_STATUSES } from '../../src/reference/schema.js';
import { referenceData } from '../../src/reference/index.js';
import { matchCalendar, type MatchCalendar } from '../../src/calendar/match-calendar.js';
import { generatePlan, type PlanOverrides } from '../../src/engine/index.js';

const { planSchema } = planSchemas();

const data = referenceData();
const rules = data.rules;
const { from: FIRST_YEAR, to: LAST_YEAR } = data.calendar.plannableYears;
const specialtyIds = data.specialties.specialties.map((s) => s.id);
const bySpecialty = new Map(data.specialties.specialties.map((s) => [s.id, s]));

const calendars = new Map<number, MatchCalendar>();
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) calendars.set(y, matchCalendar(data.calendar, y));
const calendarOf = (year: number): MatchCalendar => {
  const c = calendars.get(year);
  if (!c) throw new Error(`no calendar for ${year}`);
  return c;
};

// ---------------------------------------------------------------------------------------------
// Arbitraries. Every date in a profile is an offset in days from "today", so that the random
// profiles land around the dates that matter (the rotation window, A, the Match) whatever the year.

const opt = <T>(arb: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq });

const examArb = fc.record({
  status: fc.constantFrom(...EXAM_STATUSES),
  // Mostly ahead of today (within the plan), sometimes behind it.
  offset: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 700 }) }, { weight: 1, arbitrary: fc.integer({ min: -400, max: -1 }) }),
  dated: fc.boolean(),
});

const spanArb = fc.record({ offset: fc.integer({ min: -120, max: 700 }), length: fc.integer({ min: 1, max: 150 }), reason: opt(fc.constantFrom('Wedding', 'Work', 'Exam prep')) });

const usceArb = fc.record({
  kind: fc.constantFrom(...USCE_KINDS),
  specialty: fc.constantFrom(...specialtyIds),
  offset: fc.integer({ min: -1500, max: 0 }),
  length: fc.integer({ min: 0, max: 120 }),
  letter: fc.boolean(),
});

const inputArb = fc.record({
  year: fc.integer({ min: FIRST_YEAR, max: LAST_YEAR }),
  // Days from today to A: mostly a plannable runway, sometimes A already past.
  daysToA: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 800 }) }, { weight: 1, arbitrary: fc.integer({ min: -60, max: -1 }) }),
  status: fc.constantFrom('student' as const, 'graduate' as const),
  graduationYear: fc.integer({ min: 2010, max: 2037 }),
  targets: fc.uniqueArray(fc.constantFrom(...specialtyIds), { minLength: 1, maxLength: 5 }),
  visa: fc.constantFrom(...VISA_STATUSES),
  residencyVisa: fc.constantFrom(...RESIDENCY_VISAS),
  exams: fc.record({ step1: opt(examArb, 5), step2ck: opt(examArb, 5), oet: opt(examArb, 5), step3: opt(examArb, 5) }),
  step1Passed: fc.boolean(),
  pathway: fc.constantFrom(...PATHWAY_STATUSES),
  certified: fc.boolean(),
  usce: fc.array(usceArb, { maxLength: 4 }),
  earliestStart: opt(fc.integer({ min: -100, max: 500 })),
  unavailable: fc.array(spanArb, { maxLength: 5 }),
  externships: opt(fc.integer({ min: 0, max: 8 })),
  weeks: opt(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 9, max: 26 }) })),
  lettersNeeded: opt(fc.integer({ min: 1, max: 10 })),
  interests: opt(fc.subarray([...INTERESTS])),
  overrides: opt(fc.record({ externships: opt(fc.integer({ min: 0, max: 8 })), weeksPerExternship: opt(fc.integer({ min: 2, max: 26 })) }), 3),
});

type Input = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

interface Case {
  profile: Profile;
  today: CalendarDate;
  year: number;
  overrides: PlanOverrides;
}

function buildCase(x: Input): Case {
  const A = calendarOf(x.year)['eras-submit'].date;
  const today = addDays(A, -x.daysToA);
  const at = (offset: number) => addDays(today, offset);
  const exams: Record<string, unknown> = {};
  for (const exam of EXAMS) {
    const e = x.exams[exam];
    if (!e) continue;
    const status = exam === 'step1' && x.step1Passed ? 'passed' : e.status;
    exams[exam] = { status, ...(status === 'scheduled' || e.dated ? { date: at(e.offset) } : {}) };
  }
  const raw = {
    schemaVersion: 1,
    name: 'Property Person',
    school: { name: 'A School of Medicine', country: 'Somewhere', graduationYear: x.graduationYear },
    status: x.status,
    targetSpecialties: x.targets,
    targetMatchYear: x.year,
    visa: { current: x.visa, residencyVisa: x.residencyVisa },
    exams,
    ecfmg: { pathway: x.pathway, certified: x.certified },
    usce: x.usce.map((u) => ({ kind: u.kind, specialty: u.specialty, start: at(u.offset), end: at(u.offset + u.length), letter: u.letter })),
    availability: {
      ...(x.earliestStart !== undefined ? { earliestStart: at(x.earliestStart) } : {}),
      unavailable: x.unavailable.map((s) => ({ start: at(s.offset), end: at(s.offset + s.length - 1), ...(s.reason ? { reason: s.reason } : {}) })),
    },
    preferences: {
      ...(x.externships !== undefined ? { externships: x.externships } : {}),
      ...(x.weeks !== undefined ? { weeksPerExternship: x.weeks } : {}),
      ...(x.lettersNeeded !== undefined ? { lettersNeeded: x.lettersNeeded } : {}),
      ...(x.interests !== undefined ? { interests: x.interests } : {}),
    },
  };
  const overrides: PlanOverrides = {};
  if (x.overrides?.externships !== undefined) overrides.externships = x.overrides.externships;
  if (x.overrides?.weeksPerExternship !== undefined) overrides.weeksPerExternship = x.overrides.weeksPerExternship;
  return { profile: profileSchema().parse(raw), today, year: x.year, overrides };
}

const caseArb = inputArb.map(buildCase);

const run = (c: Case): Plan => generatePlan({ profile: c.profile, data, today: c.today, name: 'property-plan', overrides: c.overrides });

// ---------------------------------------------------------------------------------------------
// Helpers for the invariants. The hot loop checks with `check`, not `expect`: thousands of plans
// times hundreds of checks would otherwise spend most of the file's time inside expect.

class InvariantError extends Error {}

function check(cond: boolean, message: string | (() => string)): asserts cond {
  if (!cond) throw new InvariantError(typeof message === 'string' ? message : message());
}

const rotationNumber = (t: Task) => Number(t.id.slice('rotation-'.length));
const rotationsOf = (p: Plan): Task[] => p.tasks.filter((t) => t.kind === 'externship').sort((a, b) => rotationNumber(a) - rotationNumber(b));
const span = (t: { start: string; end: string }) => `${t.start}..${t.end}`;
const hasWarning = (p: Plan, code: string) => p.warnings.some((w) => w.code === code);

function get(tasks: Map<string, Task>, id: string): Task {
  const t = tasks.get(id);
  check(t !== undefined, `missing task ${id}`);
  return t;
}

const record = (c: Case, exam: ExamId) => c.profile.exams[exam];
const booked = (c: Case, exam: ExamId): CalendarDate | undefined => {
  const r = record(c, exam);
  return r?.status === 'scheduled' ? r.date : undefined;
};

function requestedCount(c: Case): number {
  const wanted = c.profile.preferences.lettersNeeded ?? rules.letters.defaultWanted.value;
  const inHand = c.profile.usce.filter((u) => u.letter).length;
  return c.overrides.externships ?? c.profile.preferences.externships ?? Math.max(0, Math.ceil((wanted - inHand) / rules.rotations.lettersPerRotation.value));
}

const requestedWeeks = (c: Case): number => c.overrides.weeksPerExternship ?? c.profile.preferences.weeksPerExternship ?? rules.rotations.defaultWeeks.value;

function mayBeHandsOn(c: Case): boolean {
  const legal = c.profile.status === 'student' || data.eligibility.statuses[c.profile.visa.current].graduateHandsOn;
  return legal && c.profile.exams.step1?.status === 'passed';
}

const applicationDate = (c: Case): CalendarDate => calendarOf(c.year)['eras-submit'].date;
const plannable = (c: Case): boolean => applicationDate(c) >= c.today;

/** Every invariant the issue states for one plan; throws on the first broken one. */
function checkPlan(c: Case, p: Plan): void {
  const cal = calendarOf(c.year);
  const A = cal['eras-submit'].date;
  const review = cal['eras-programs-review'].date;
  const profile = c.profile;
  const tasks = new Map(p.tasks.map((t) => [t.id, t]));

  // Shape: unique ids, known kinds, resolving dependencies, a reason, nothing todo before today.
  check(tasks.size === p.tasks.length, 'task ids are not unique');
  check(p.applicationDate === A && p.matchYear === c.year && p.today === c.today, 'plan header');
  for (const t of p.tasks) {
    check((TASK_KINDS as readonly string[]).includes(t.kind), `${t.id}: kind ${t.kind}`);
    check(t.status === 'todo', `${t.id}: status ${t.status}`);
    check(t.title.trim() !== '' && t.why.trim() !== '', `${t.id}: empty title or why`);
    check(t.start <= t.end, () => `${t.id}: starts after it ends (${span(t)})`);
    check(t.start >= c.today, () => `${t.id}: starts ${t.start}, before today ${c.today}`);
    for (const dep of t.dependsOn) check(tasks.has(dep), `${t.id} depends on missing ${dep}`);
  }

  // Late start: exactly when less than the minimum runway remains.
  check(hasWarning(p, 'late-start') === c.today > addMonths(A, -rules.planning.runwayMonths.min), 'late-start warning');

  // Rotations: count, length, window, one at a time, never in unavailable time or exam time.
  const rs = rotationsOf(p);
  const count = requestedCount(c);
  const weeks = requestedWeeks(c);
  rs.forEach((r, k) => check(r.id === `rotation-${k + 1}`, `rotation ids: ${rs.map((x) => x.id).join(', ')}`));
  check(rs.length <= count, `${rs.length} rotations, ${count} asked for`);
  check(hasWarning(p, 'rotations-do-not-fit') === rs.length < count, `rotations-do-not-fit with ${rs.length} of ${count}`);
  const windowStart = maxDate(c.today, profile.availability.earliestStart ?? c.today, addMonths(A, -rules.rotations.windowMonthsBeforeApplication.value));
  const latestEnd = addDays(addWeeks(review, -rules.rotations.letterWritingWeeks.value), -rules.rotations.letterUploadBufferDays.value);
  const examBlocks = p.tasks.filter((t) => t.kind === 'exam' && (/^exam-(step1|step2ck|step3)-study$/.test(t.id) || /^exam-(step1|step2ck|oet|step3)$/.test(t.id)));
  const unavailable = profile.availability.unavailable;
  const hands = mayBeHandsOn(c);
  const targets = profile.targetSpecialties.map((id) => bySpecialty.get(id)!);
  const interests = profile.preferences.interests ?? [];
  const visaWeeks = data.eligibility.statuses[profile.visa.current].needsVisitorVisa ? rules.outreach.visaExtraWeeks.value : 0;
  const leads = new Set<number>();
  rs.forEach((r, k) => {
    check(r.start >= windowStart, () => `${r.id} starts ${r.start}, before ${windowStart}`);
    check(r.end <= latestEnd, () => `${r.id} ends ${r.end}, after ${latestEnd}`);
    check(weekday(r.start) === rules.rotations.startWeekday.value && weekday(r.end) === 5, () => `${r.id} ${span(r)} is not Monday to Friday`);
    check(r.end === addDays(r.start, 7 * weeks - 3), () => `${r.id} ${span(r)} is not ${weeks} weeks`);
    const prev = rs[k - 1];
    if (prev) check(r.start > prev.end, () => `${r.id} ${span(r)} overlaps ${prev.id} ${span(prev)}`);
    for (const u of unavailable) check(!spansOverlap(r, u), () => `${r.id} ${span(r)} overlaps unavailable ${span(u)}`);
    for (const b of examBlocks) check(!spansOverlap(r, b), () => `${r.id} ${span(r)} overlaps ${b.id} ${span(b)}`);

    // Type: hands-on only where legal and Step 1 passed; the first always the base type.
    check(r.handsOn === hands, () => `${r.id}: handsOn ${String(r.handsOn)}, expected ${String(hands)}`);
    if (r.externshipType === 'observational') check(!r.handsOn, `${r.id}: observational but hands-on`);
    if (k === 0) check(r.externshipType === (hands ? 'hands-on' : 'observational'), `rotation-1 is ${String(r.externshipType)}`);
    else check(r.externshipType === rs[0]!.externshipType || r.externshipType === 'community' || r.externshipType === 'research', `${r.id}: ${String(r.externshipType)}`);
    if (r.externshipType === 'community') check(targets.some((t) => t.primaryCare) || interests.includes('community'), `${r.id}: community without reason`);
    if (r.externshipType === 'research') check(targets.some((t) => t.researchLeaning) || interests.includes('research'), `${r.id}: research without reason`);
    if (!r.handsOn) check(r.why.includes('observe only'), `${r.id}: observational without saying why`);

    // Outreach: the advised or the shortest lead (plus visa weeks) before the rotation.
    const out = get(tasks, `outreach-${r.id}`);
    check(out.kind === 'outreach' && out.end < r.start, `${out.id} ${span(out)} does not end before ${r.start}`);
    leads.add(daysBetween(out.start, r.start) / 7);
    for (const id of [`outreach-followup-${r.id}`, `onboarding-${r.id}`]) {
      const t = tasks.get(id);
      if (t) check(t.kind === 'outreach' && t.end < r.start, `${id} ${span(t)} does not end before ${r.start}`);
    }

    // Letters: asked for in the final week, uploaded before review; thanks the week after.
    const ask = get(tasks, `letter-request-${r.id}`);
    check(ask.start >= r.start && ask.end <= r.end && ask.start >= addDays(r.end, -6), () => `${ask.id} ${span(ask)} not in the final week of ${span(r)}`);
    const upload = get(tasks, `letter-upload-${r.id}`);
    check(upload.start > r.end && upload.end < review, () => `${upload.id} ${span(upload)}, review ${review}`);
    const thanks = get(tasks, `thank-you-${r.id}`);
    check(thanks.start === addDays(r.end, 1) && thanks.end === addDays(r.end, 7), () => `${thanks.id} ${span(thanks)} after ${r.end}`);
  });
  check(leads.size <= 1, () => `outreach leads differ: ${[...leads].join(', ')}`);
  for (const lead of leads)
    check(lead === rules.outreach.leadWeeks.value + visaWeeks || lead === rules.outreach.minLeadWeeks.value + visaWeeks, `outreach lead of ${lead} weeks`);

  // Exams: passed means no task; a booked date ahead is kept exactly; Step 3 only for an H-1B.
  const step3Planned = profile.visa.residencyVisa === 'h1b';
  for (const exam of EXAMS) {
    const r = record(c, exam);
    const own = p.tasks.filter((t) => t.exam === exam);
    if (r?.status === 'passed' || (exam === 'step3' && !step3Planned)) check(own.length === 0, () => `${exam}: tasks ${own.map((t) => t.id).join(', ')}`);
    const date = booked(c, exam);
    if (date !== undefined && (exam !== 'step3' || step3Planned)) {
      if (date >= c.today) {
        const sit = get(tasks, `exam-${exam}`);
        check(sit.start === date && sit.end === date, () => `booked ${exam} on ${date} moved to ${span(sit)}`);
      } else check(own.length === 1 && own[0]!.id === `exam-${exam}-result`, `${exam} booked in the past: ${own.map((t) => t.id).join(', ')}`);
      check(!tasks.has(`exam-${exam}-study`), `booked ${exam} got a study block`);
    }
  }

  // Planned (not booked) exam study and sittings stay out of unavailable time.
  for (const t of p.tasks)
    if (t.kind === 'exam' && t.exam && booked(c, t.exam) === undefined && !t.id.endsWith('-result'))
      for (const u of unavailable) check(!spansOverlap(t, u), () => `${t.id} ${span(t)} overlaps unavailable ${span(u)}`);

  // Step 2 CK: a warning exactly when its sitting is after A minus 8 weeks.
  if (record(c, 'step2ck')?.status !== 'passed') {
    const sitting = booked(c, 'step2ck') ?? get(tasks, 'exam-step2ck').start;
    const step2Latest = addWeeks(A, -(rules.exams.step2ck.resultWeeks.max ?? rules.exams.step2ck.resultWeeks.value));
    check(hasWarning(p, 'step2ck-after-application') === sitting > step2Latest, `step2ck-after-application with Step 2 CK on ${sitting}, A ${A}`);
  }

  // OET: a planned sitting from 1 Jan of Match year - 2, outside USMLE study and sittings.
  if (record(c, 'oet')?.status !== 'passed' && booked(c, 'oet') === undefined) {
    const sit = get(tasks, 'exam-oet');
    const study = get(tasks, 'exam-oet-study');
    const validFrom = ymd(c.year + rules.exams.oet.validFromYearOffset.value, 1, 1);
    check(sit.start >= validFrom, `OET on ${sit.start}, before ${validFrom}`);
    const oet = { start: study.start, end: sit.end };
    for (const b of examBlocks)
      if (b.exam === 'step1' || b.exam === 'step2ck') check(!spansOverlap(oet, b), () => `OET ${span(oet)} overlaps ${b.id} ${span(b)}`);
  }

  // Step 3: after the ECFMG certificate; warned exactly when after 15 Dec before the Match.
  if (step3Planned && record(c, 'step3')?.status !== 'passed') {
    const own = booked(c, 'step3');
    const sitting = own ?? get(tasks, 'exam-step3').start;
    const cert = tasks.get('ecfmg-certificate');
    check((cert === undefined) === profile.ecfmg.certified, 'ecfmg-certificate task exactly when not certified');
    if (own === undefined) {
      const certifiedBy = cert ? cert.end : c.today;
      check(sitting >= addDays(certifiedBy, rules.exams.step3.afterCertificateDays.value), `Step 3 on ${sitting}, certificate by ${certifiedBy}`);
      if (cert) check(get(tasks, 'exam-step3').dependsOn.includes('ecfmg-certificate'), 'the Step 3 sitting does not depend on the certificate');
    }
    const s = rules.exams.step3.latestSitting;
    check(hasWarning(p, 'step3-after-match-day') === sitting > ymd(c.year + s.yearOffset, s.month, s.day), `step3-after-match-day with Step 3 on ${sitting}`);
  }

  // ERAS and NRMP.
  const submit = get(tasks, 'eras-submit');
  check(submit.start === A && submit.end === A, `eras-submit ${span(submit)}, A ${A}`);
  for (const id of ['eras-token', 'eras-documents', 'eras-personal-statement', 'eras-experiences', 'eras-program-list', 'nrmp-register', 'interviews'])
    check(get(tasks, id).kind === 'application', `${id} kind`);
  check(get(tasks, 'nrmp-rank-list').end === cal['rol-deadline'].date, 'nrmp-rank-list does not end on the ROL deadline');
  check(get(tasks, 'match-week').end === cal['match-day'].date, 'match-week does not end on Match Day');
}

// ---------------------------------------------------------------------------------------------

describe('the engine, on random valid profiles', () => {
  it('refuses exactly the Match years whose application date has passed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        let error: unknown;
        try {
          run(c);
        } catch (e) {
          error = e;
        }
        if (plannable(c)) check(error === undefined, () => `refused a plannable year: ${String(error)}`);
        else check(error instanceof InputError && error.code === 'match-year-passed', () => `expected match-year-passed, got ${String(error)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses Match years outside the plannable years', () => {
    fc.assert(
      fc.property(caseArb, fc.oneof(fc.integer({ min: 1990, max: FIRST_YEAR - 1 }), fc.integer({ min: LAST_YEAR + 1, max: 2100 })), (c, matchYear) => {
        let error: unknown;
        try {
          generatePlan({ profile: c.profile, data, today: c.today, name: 'property-plan', matchYear });
        } catch (e) {
          error = e;
        }
        check(error instanceof InputError && error.code === 'match-year-out-of-range', () => `expected match-year-out-of-range, got ${String(error)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every invariant of a plan', () => {
    fc.assert(
      fc.property(caseArb.filter(plannable), (c) => checkPlan(c, run(c))),
      { numRuns: 2000 },
    );
  });

  it('gives the same plan for the same inputs, and a plan that matches the plan schema', () => {
    fc.assert(
      fc.property(caseArb.filter(plannable), (c) => {
        const before = structuredClone(c.profile);
        const a = run(c);
        const b = run({ ...c, profile: structuredClone(c.profile) });
        check(isDeepStrictEqual(a, b), 'two calls differ');
        check(JSON.stringify(a) === JSON.stringify(b), 'two calls serialise differently');
        check(isDeepStrictEqual(c.profile, before), 'the engine changed its input profile');
        const parsed = planSchema.safeParse(a);
        check(parsed.success, () => `plan schema: ${parsed.error?.message ?? ''}`);
      }),
      { numRuns: 300 },
    );
  });

  it('generates the variety the invariants need', () => {
    // A guard on the arbitraries themselves: the properties above are only as good as their inputs.
    const seen = new Set<string>();
    fc.assert(
      fc.property(caseArb.filter(plannable), (c) => {
        const p = run(c);
        const rs = rotationsOf(p);
        if (rs.some((r) => r.handsOn)) seen.add('hands-on');
        if (rs.some((r) => r.externshipType === 'community')) seen.add('community');
        if (rs.some((r) => r.externshipType === 'research')) seen.add('research');
        if (rs.some((r) => r.why.includes('Moved past'))) seen.add('moved');
        for (const w of p.warnings) seen.add(w.code);
        if (p.tasks.some((t) => t.id === 'exam-step3')) seen.add('step3');
        if (p.tasks.some((t) => t.id === 'exam-oet')) seen.add('oet');
      }),
      { numRuns: 300, seed: 42 },
    );
    for (const x of ['hands-on', 'community', 'research', 'moved', 'step3', 'oet', 'late-start', 'rotations-do-not-fit', 'step2ck-after-application', 'step3-after-match-day'])
      expect(seen, x).toContain(x);
  });
});
