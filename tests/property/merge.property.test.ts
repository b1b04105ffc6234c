// Property tests for regeneration (src/engine/merge.ts): a plan is generated, the person edits it
// at random, the profile and/or today change, and the plan is regenerated the way the CLI does it.
// Whatever the person did must survive, and a second regenerate with the same inputs must change
// nothing.
import { describe, it, expect } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import aminaYaml from '../../data/examples/profile.yaml';
import danielYaml from '../../data/examples/profile-us-citizen-student.yaml';
import { addDays, daysBetween, minDate, type CalendarDate } from '../../src/domain/dates.js';
import { planSchemas, type Plan, type Task } from '../../src/domain/plan.js';
import { INTERESTS, profileSchema, type Profile } from '../../src/domain/profile.js';
import { referenceData } from '../../src/reference/index.js';
import { matchCalendar } from '../../src/calendar/match-calendar.js';
import { generatePlan } from '../../src/engine/index.js';
import { fixedTasks, mergePlans, type MergeReport } from '../../src/engine/merge.js';

const { planSchema } = planSchemas();

const data = referenceData();
const applicationDate = (year: number): CalendarDate => matchCalendar(data.calendar, year)['eras-submit'].date;

// ---------------------------------------------------------------------------------------------
// Arbitraries: a profile varied from one of the two examples, a day, the person's edits, and
// the change that triggers regeneration. Dates are offsets in days from "today".

const opt = <T>(arb: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq });

const USMLE_AND_OET = ['step1', 'step2ck', 'oet'] as const;

const examArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'as-example' as const }) },
  fc.constant({ kind: 'passed' as const }),
  fc.constant({ kind: 'not-started' as const }),
  fc.record({ kind: fc.constant('scheduled' as const), offset: fc.integer({ min: -30, max: 400 }) }),
  fc.record({ kind: fc.constant('failed' as const), offset: fc.integer({ min: -200, max: -1 }) }),
);

const profileArb = fc.record({
  example: fc.constantFrom('amina' as const, 'daniel' as const),
  year: fc.constantFrom(2028, 2029),
  daysToA: fc.integer({ min: 20, max: 700 }),
  earliestStart: opt(fc.integer({ min: -60, max: 400 })),
  unavailable: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 500 }), length: fc.integer({ min: 1, max: 60 }) }), { maxLength: 3 }),
  exams: fc.record({ step1: examArb, step2ck: examArb, oet: examArb }),
  residencyVisa: fc.constantFrom('j1' as const, 'h1b' as const, 'either' as const),
  externships: opt(fc.integer({ min: 0, max: 4 })),
  weeks: opt(fc.integer({ min: 2, max: 8 })),
  interests: opt(fc.subarray([...INTERESTS])),
});
type ProfileInputs = typeof profileArb extends fc.Arbitrary<infer T> ? T : never;

const editArb = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom('done' as const, 'skipped' as const) }),
  fc.record({ kind: fc.constant('note' as const), pick: fc.nat(), text: fc.constantFrom('Called the coordinator', 'Booked: confirmation #123', 'no') }),
  fc.record({ kind: fc.constant('pin' as const), pick: fc.nat(), offset: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('custom' as const), offset: fc.integer({ min: 0, max: 400 }), length: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('title' as const), pick: fc.nat() }),
  // Hand edits of the dates in the file, without a pin: the end alone, or both moved to a new start.
  fc.record({ kind: fc.constant('end' as const), pick: fc.nat(), days: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('dates' as const), pick: fc.nat(), offset: fc.integer({ min: 0, max: 400 }) }),
);
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

const changeArb = fc.record({
  profile: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('passed' as const), exam: fc.constantFrom(...USMLE_AND_OET) }),
    fc.record({ kind: fc.constant('scheduled' as const), exam: fc.constantFrom(...USMLE_AND_OET), offset: fc.integer({ min: 0, max: 400 }) }),
    fc.record({ kind: fc.constant('weeks' as const), weeks: fc.integer({ min: 2, max: 8 }) }),
  ),
  /** Days today moves forward (capped at the application date). */
  shift: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 365 })),
});
type Change = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

const caseArb = fc.record({ profile: profileArb, edits: fc.array(editArb, { maxLength: 14 }), change: changeArb });
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------
// Building the inputs.

type Raw = Record<string, unknown> & { exams: Record<string, unknown>; availability: Record<string, unknown>; preferences: Record<string, unknown> };

function rawProfile(x: ProfileInputs, today: CalendarDate): Raw {
  const at = (offset: number) => addDays(today, offset);
  const raw = structuredClone(x.example === 'amina' ? aminaYaml : danielYaml) as Raw;
  raw.targetMatchYear = x.year;
  for (const exam of USMLE_AND_OET) {
    const e = x.exams[exam];
    if (e.kind === 'passed') raw.exams[exam] = { status: 'passed' };
    else if (e.kind === 'not-started') raw.exams[exam] = { status: 'not-started' };
    else if (e.kind === 'scheduled') raw.exams[exam] = { status: 'scheduled', date: at(e.offset) };
    else if (e.kind === 'failed') raw.exams[exam] = { status: 'failed', date: at(e.offset), attempts: 1 };
  }
  if (x.example === 'amina') raw.visa = { current: 'outside-us', residencyVisa: x.residencyVisa };
  raw.availability = {
    ...(x.earliestStart !== undefined ? { earliestStart: at(x.earliestStart) } : {}),
    unavailable: x.unavailable.map((s) => ({ start: at(s.offset), end: at(s.offset + s.length - 1), reason: 'Away' })),
  };
  const prefs = { ...raw.preferences };
  if (x.externships !== undefined) prefs.externships = x.externships;
  if (x.weeks !== undefined) prefs.weeksPerExternship = x.weeks;
  if (x.interests !== undefined) prefs.interests = x.interests;
  raw.preferences = prefs;
  return raw;
}

function changedProfile(raw: Raw, change: Change['profile'], today: CalendarDate): Profile {
  const next = structuredClone(raw);
  if (change.kind === 'passed') next.exams[change.exam] = { status: 'passed' };
  else if (change.kind === 'scheduled') next.exams[change.exam] = { status: 'scheduled', date: addDays(today, change.offset) };
  else if (change.kind === 'weeks') next.preferences = { ...next.preferences, weeksPerExternship: change.weeks };
  return profileSchema().parse(next);
}

interface Edited {
  plan: Plan;
  deleted: Set<string>;
  titled: Set<string>;
}

const pick = <T>(xs: readonly T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

/** The person's edits, applied in order to the generated plan, as `done`, `note`, `move`, `add` and a hand edit would. */
function applyEdits(generated: Plan, edits: readonly Edit[], today: CalendarDate): Edited {
  let tasks = generated.tasks.map((t) => ({ ...t }));
  const deleted = new Set<string>();
  const titled = new Set<string>();
  let customs = 0;
  const replace = (id: string, change: (t: Task) => Task) => {
    tasks = tasks.map((t) => (t.id === id ? change(t) : t));
  };
  for (const e of edits) {
    if (e.kind === 'custom') {
      const start = addDays(today, e.offset);
      const task: Task = { id: `custom-${++customs}`, kind: 'custom', title: `My task ${customs}`, start, end: addDays(start, e.length), status: 'todo', why: `Added by you on ${today}.`, dependsOn: [] };
      const at = tasks.findIndex((t) => t.start > start);
      tasks.splice(at < 0 ? tasks.length : at, 0, task);
      continue;
    }
    if (e.kind === 'pin' || e.kind === 'dates') {
      const t = pick(
        tasks.filter((x) => x.status === 'todo'),
        e.pick,
      );
      if (!t) continue;
      const start = addDays(today, e.offset);
      const moved = { start, end: addDays(start, daysBetween(t.start, t.end)) };
      replace(t.id, (x) => (e.kind === 'pin' ? { ...x, ...moved, pinned: true } : { ...x, ...moved }));
      continue;
    }
    const t = pick(tasks, e.pick);
    if (!t) continue;
    if (e.kind === 'end') replace(t.id, (x) => ({ ...x, end: addDays(x.start, e.days) }));
    else if (e.kind === 'status') replace(t.id, (x) => ({ ...x, status: e.status }));
    else if (e.kind === 'note') replace(t.id, (x) => ({ ...x, note: e.text }));
    else if (e.kind === 'title') {
      replace(t.id, (x) => ({ ...x, title: `${x.title} (mine)` }));
      titled.add(t.id);
    } else {
      // Deleted by hand in the file: other tasks may still name it in dependsOn.
      tasks = tasks.filter((x) => x.id !== t.id);
      deleted.add(t.id);
      titled.delete(t.id);
    }
  }
  return { plan: { ...generated, tasks }, deleted, titled };
}

interface Run {
  generated: Plan;
  plan: Plan;
  report: MergeReport;
}

/** What `imgplan regenerate` does. */
function regenerate(profile: Profile, today: CalendarDate, base: Plan, mine: Plan): Run {
  const generated = generatePlan({ profile, data, today, name: mine.name, matchYear: mine.matchYear, overrides: mine.overrides, fixed: fixedTasks(mine) });
  return { generated, ...mergePlans(base, mine, generated) };
}

// ---------------------------------------------------------------------------------------------
// Checks. Plain throws, not expect, in the hot loop.

class PropertyError extends Error {}
function check(cond: boolean, message: string | (() => string)): asserts cond {
  if (!cond) throw new PropertyError(typeof message === 'string' ? message : message());
}
const show = (x: unknown) => JSON.stringify(x);

interface Scenario {
  today: CalendarDate;
  later: CalendarDate;
  profile: Profile;
  generated: Plan;
  mine: Edited;
  first: Run;
}

/** Generate, edit, change the profile and/or today, regenerate once. */
function scenario({ profile: x, edits, change }: Case): Scenario {
  const A = applicationDate(x.year);
  const today = addDays(A, -x.daysToA);
  const raw = rawProfile(x, today);
  const generated = generatePlan({ profile: profileSchema().parse(raw), data, today, name: `match-${x.year}` });
  const mine = applyEdits(generated, edits, today);
  const later = minDate(A, addDays(today, change.shift));
  const profile = changedProfile(raw, change.profile, later);
  return { today, later, profile, generated, mine, first: regenerate(profile, later, generated, mine.plan) };
}

/** Done and skipped tasks come through the regeneration exactly as the person left them. */
function checkFinished({ mine, first }: Scenario): void {
  const out = new Map(first.plan.tasks.map((t) => [t.id, t]));
  for (const m of mine.plan.tasks) {
    if (m.status === 'todo') continue;
    const got = out.get(m.id);
    check(got !== undefined, `${m.status} task ${m.id} was dropped`);
    // Only dependencies on tasks that have left the plan may go (every dependsOn must resolve);
    // everything else of a finished task stays exactly as the person left it.
    check(isDeepStrictEqual({ ...got, dependsOn: [] }, { ...m, dependsOn: [] }), () => `${m.status} task ${m.id} changed: ${show(m)} -> ${show(got)}`);
    check(isDeepStrictEqual(got.dependsOn, m.dependsOn.filter((d) => out.has(d))), () => `${m.status} task ${m.id} lost a dependency still in the plan: ${show(m)} -> ${show(got)}`);
  }
}

/** Notes, pins, hand-edited dates and titles, added tasks and deletions survive; the plan stays valid. */
function checkKept({ generated, mine, first }: Scenario): void {
  const out = new Map(first.plan.tasks.map((t) => [t.id, t]));
  const G = new Map(generated.tasks.map((t) => [t.id, t]));
  check(out.size === first.plan.tasks.length, () => `task ids are not unique: ${first.plan.tasks.map((t) => t.id).join(', ')}`);
  for (const t of first.plan.tasks) for (const d of t.dependsOn) check(out.has(d), `${t.id} depends on ${d}, which is not in the plan`);

  for (const m of mine.plan.tasks) {
    const got = out.get(m.id);
    if (m.status !== 'todo') check(got !== undefined, `${m.status} task ${m.id} was dropped`);
    if (m.note !== undefined) check(got?.note === m.note, () => `note on ${m.id} lost: ${show(got)}`);
    if (m.pinned) {
      check(got !== undefined, `pinned task ${m.id} was dropped`);
      check(got.pinned === true && got.start === m.start && got.end === m.end, () => `pinned task ${m.id} moved: ${m.start}..${m.end} -> ${show(got)}`);
    }
    const g = G.get(m.id);
    if (g && (g.start !== m.start || g.end !== m.end))
      check(got?.start === m.start && got.end === m.end, () => `dates set by hand on ${m.id} lost: ${m.start}..${m.end} -> ${show(got)}`);
    if (m.kind === 'custom') check(isDeepStrictEqual(got, m), () => `custom task ${m.id} changed: ${show(m)} -> ${show(got)}`);
    if (mine.titled.has(m.id)) check(got?.title === m.title, () => `title of ${m.id} lost: ${show(m.title)} -> ${show(got?.title)}`);
  }
  for (const id of mine.deleted) check(!out.has(id), `deleted task ${id} came back`);
  const parsed = planSchema.safeParse(first.plan);
  check(parsed.success, () => `the merged plan is not a valid plan: ${parsed.error?.message}`);
}

/** Where the person touched nothing, the task is the new generated one; the move report is true. */
function checkUntouchedTakeTheirs({ generated, mine, first }: Scenario): void {
  const T = new Map(first.generated.tasks.map((t) => [t.id, t]));
  const G = new Map(generated.tasks.map((t) => [t.id, t]));
  const out = new Map(first.plan.tasks.map((t) => [t.id, t]));
  for (const m of mine.plan.tasks) {
    const g = G.get(m.id);
    const t = T.get(m.id);
    if (!g || !t || !isDeepStrictEqual(g, m)) continue;
    const want = { ...t, dependsOn: t.dependsOn.filter((d) => out.has(d)) };
    check(isDeepStrictEqual(out.get(m.id), want), () => `untouched ${m.id} should be the new generated task ${show(want)}, is ${show(out.get(m.id))}`);
  }
  for (const mv of first.report.moved) {
    const m = mine.plan.tasks.find((x) => x.id === mv.id);
    const got = out.get(mv.id);
    check(m?.start === mv.from.start && m.end === mv.from.end && got?.start === mv.to.start && got.end === mv.to.end, () => `move report wrong: ${show(mv)}`);
  }
}

/** Regenerating again with the same profile and day (base = last generated, mine = last merged) changes nothing. */
function checkIdempotent({ profile, later, first }: Scenario): void {
  const second = regenerate(profile, later, first.generated, first.plan);
  check(isDeepStrictEqual(second.generated, first.generated), 'the same inputs generated a different plan');
  check(isDeepStrictEqual(second.plan, first.plan), () => {
    const a = new Map(first.plan.tasks.map((t) => [t.id, t]));
    const diff = second.plan.tasks.filter((t) => !isDeepStrictEqual(a.get(t.id), t)).map((t) => `${show(a.get(t.id))} -> ${show(t)}`);
    return `second regenerate changed the plan: ${diff.join('; ') || 'task order or header'}`;
  });
  const r = second.report;
  check(
    r.added.length + r.removed.length + r.moved.length + r.conflicts.length === 0,
    () => `second regenerate reported changes: ${show({ added: r.added.map((t) => t.id), removed: r.removed.map((t) => t.id), moved: r.moved, conflicts: r.conflicts })}`,
  );
}

// ---------------------------------------------------------------------------------------------

const RUNS = 800;

describe('regenerating a plan the person edited', () => {
  it('leaves every done or skipped task as it was, but for dependencies on tasks no longer in the plan', () => {
    fc.assert(
      fc.property(caseArb, (c) => checkFinished(scenario(c))),
      { numRuns: RUNS },
    );
  });

  it('keeps notes, pins, dates and titles set by hand, added tasks and deletions; untouched tasks take the new plan; a second regenerate changes nothing', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = scenario(c);
        checkKept(s);
        checkUntouchedTakeTheirs(s);
        checkIdempotent(s);
      }),
      { numRuns: RUNS },
    );
  });

  it('the generators exercise every rule (the properties above are not vacuous)', () => {
    const seen = { finished: 0, pinned: 0, noted: 0, custom: 0, deleted: 0, titled: 0, handDates: 0, moved: 0, added: 0, removed: 0, conflicts: 0, keptNotes: 0 };
    for (const c of fc.sample(caseArb, { numRuns: 200, seed: 42 })) {
      const { generated, mine, first } = scenario(c);
      const G = new Map(generated.tasks.map((t) => [t.id, t]));
      const ts = mine.plan.tasks;
      seen.finished += Number(ts.some((t) => t.status !== 'todo'));
      seen.pinned += Number(ts.some((t) => t.pinned));
      seen.noted += Number(ts.some((t) => t.note !== undefined));
      seen.custom += Number(ts.some((t) => t.kind === 'custom'));
      seen.deleted += Number(mine.deleted.size > 0);
      seen.titled += Number(mine.titled.size > 0);
      seen.handDates += Number(ts.some((t) => !t.pinned && G.has(t.id) && G.get(t.id)!.end !== t.end));
      seen.moved += Number(first.report.moved.length > 0);
      seen.added += Number(first.report.added.length > 0);
      seen.removed += Number(first.report.removed.length > 0);
      seen.conflicts += Number(first.report.conflicts.length > 0);
      seen.keptNotes += Number(first.report.notes.length > 0);
    }
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThanOrEqual(10);
  });
});
