// Unit tests for regeneration: each rule of mergePlans (src/engine/merge.ts) on small hand-built
// plans (base = last generated, mine = as the person left it, theirs = generated now), and the
// engine keeping pinned and finished tasks where they are (generatePlan with `fixed`).
import { describe, it, expect } from 'vitest';
import aminaYaml from '../../data/examples/profile.yaml';
import danielYaml from '../../data/examples/profile-us-citizen-student.yaml';
import { addDays, calendarDate, daysBetween, isWeekend, spansOverlap, weekday, type CalendarDate } from '../../src/domain/dates.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import { profileSchema, type Profile } from '../../src/domain/profile.js';
import { referenceData } from '../../src/reference/index.js';
import { generatePlan } from '../../src/engine/index.js';
import { fixedTasks, mergePlans, reportIsEmpty } from '../../src/engine/merge.js';
import type { FixedTask } from '../../src/engine/index.js';

const d = calendarDate;
const data = referenceData();

// ---------------------------------------------------------------------------------------------
// Small plans

function task(id: string, over: Partial<Task> = {}): Task {
  return { id, kind: 'application', title: `Task ${id}`, start: d('2027-01-04'), end: d('2027-01-08'), status: 'todo', why: `Rule for ${id}.`, dependsOn: [], ...over };
}

function plan(tasks: Task[], over: Partial<Plan> = {}): Plan {
  return { schemaVersion: 1, name: 'match-2028', matchYear: 2028, today: d('2026-11-25'), applicationDate: d('2027-09-01'), milestones: [], tasks, warnings: [], ...over };
}

const byId = (p: Plan, id: string): Task | undefined => p.tasks.find((t) => t.id === id);
const ids = (p: Plan): string[] => p.tasks.map((t) => t.id);

// ---------------------------------------------------------------------------------------------

describe('mergePlans: fields', () => {
  it('a field the person did not touch takes the new generated value', () => {
    const b = task('a', { title: 'Old title', why: 'Old why' });
    const t = task('a', { title: 'New title', why: 'New why', start: d('2027-02-01'), end: d('2027-02-05'), dependsOn: ['x'] });
    const { plan: out, report } = mergePlans(plan([b, task('x')]), plan([b, task('x')]), plan([t, task('x')]));
    expect(byId(out, 'a')).toStrictEqual(t);
    expect(report.conflicts).toStrictEqual([]);
  });

  it('an optional field the new plan no longer has is dropped when the person did not touch it', () => {
    const b = task('a', { kind: 'externship', handsOn: true, externshipType: 'hands-on' });
    const t = task('a', { kind: 'externship', externshipType: 'observational' });
    const { plan: out } = mergePlans(plan([b]), plan([b]), plan([t]));
    expect(byId(out, 'a')).toStrictEqual(t);
    expect(Object.keys(byId(out, 'a')!)).not.toContain('handsOn');
  });

  it('a field the person edited is kept, with no conflict when the new plan did not change it', () => {
    const b = task('a', { title: 'Generated' });
    const m = task('a', { title: 'Mine' });
    const t = task('a', { title: 'Generated', why: 'New why' });
    const { plan: out, report } = mergePlans(plan([b]), plan([m]), plan([t]));
    expect(byId(out, 'a')).toStrictEqual({ ...t, title: 'Mine' });
    expect(report.conflicts).toStrictEqual([]);
  });

  it('a field both changed keeps the person\'s value and is reported as a conflict', () => {
    const b = task('a', { title: 'Generated' });
    const m = task('a', { title: 'Mine' });
    const t = task('a', { title: 'Regenerated' });
    const { plan: out, report } = mergePlans(plan([b]), plan([m]), plan([t]));
    expect(byId(out, 'a')!.title).toBe('Mine');
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]).toMatch(/^a\.title: kept yours \("Mine"\); the new plan has "Regenerated"$/);
  });

  it('no conflict when the new plan made the same change as the person', () => {
    const { plan: out, report } = mergePlans(plan([task('a')]), plan([task('a', { title: 'Same' })]), plan([task('a', { title: 'Same' })]));
    expect(byId(out, 'a')!.title).toBe('Same');
    expect(report.conflicts).toStrictEqual([]);
  });

  it('dates moved by the person are kept, and reported as a conflict when the new plan moved them too', () => {
    const m = task('a', { start: d('2027-03-01'), end: d('2027-03-05'), pinned: true });
    const t = task('a', { start: d('2027-02-01'), end: d('2027-02-05') });
    const { plan: out, report } = mergePlans(plan([task('a')]), plan([m]), plan([t]));
    expect(byId(out, 'a')).toStrictEqual(m);
    expect(report.moved).toStrictEqual([]);
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]).toContain('a.');
  });

  it('the dates are one span: an end set by hand keeps its start, so a task never ends before it starts', () => {
    // The person shortened the task; the new plan starts it later than their end.
    const m = task('a', { end: d('2027-01-05') });
    const t = task('a', { start: d('2027-01-11'), end: d('2027-01-15') });
    const { plan: out, report } = mergePlans(plan([task('a')]), plan([m]), plan([t]));
    const a = byId(out, 'a')!;
    expect([a.start, a.end]).toStrictEqual([d('2027-01-04'), d('2027-01-05')]);
    expect(report.conflicts).toHaveLength(1);
  });

  it('status, note and pin are the person\'s own: never taken from a generated plan', () => {
    const t = task('a', { status: 'skipped', note: 'generated?', pinned: true, title: 'New' });
    const { plan: out } = mergePlans(plan([task('a')]), plan([task('a')]), plan([t]));
    expect(byId(out, 'a')).toStrictEqual(task('a', { title: 'New' }));
  });

  it('the person\'s note and status survive a regeneration that changes everything else', () => {
    const m = task('a', { note: 'Called Dr. Lee', title: 'Task a' });
    const t = task('a', { start: d('2027-05-03'), end: d('2027-05-07'), why: 'Moved by a rule.' });
    const { plan: out } = mergePlans(plan([task('a')]), plan([m]), plan([t]));
    expect(byId(out, 'a')).toStrictEqual({ ...t, note: 'Called Dr. Lee' });
  });
});

describe('mergePlans: tasks', () => {
  it('a task the person added is kept, where they put it, and is not reported as added', () => {
    const mine = plan([task('a'), task('custom-call', { kind: 'custom', title: 'Call', start: d('2027-01-05'), end: d('2027-01-05') }), task('b')]);
    const { plan: out, report } = mergePlans(plan([task('a'), task('b')]), mine, plan([task('a'), task('b')]));
    expect(ids(out)).toStrictEqual(['a', 'custom-call', 'b']);
    expect(byId(out, 'custom-call')).toStrictEqual(mine.tasks[1]);
    expect(report.added).toStrictEqual([]);
  });

  it('a task the person deleted is not added back, and a note says so', () => {
    const { plan: out, report } = mergePlans(plan([task('a'), task('b')]), plan([task('a')]), plan([task('a'), task('b', { start: d('2027-02-01'), end: d('2027-02-02') })]));
    expect(ids(out)).toStrictEqual(['a']);
    expect(report.added).toStrictEqual([]);
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toMatch(/^b: you deleted it/);
  });

  it('a task the generator dropped is removed when the person never touched it', () => {
    const { plan: out, report } = mergePlans(plan([task('a'), task('b')]), plan([task('a'), task('b')]), plan([task('a')]));
    expect(ids(out)).toStrictEqual(['a']);
    expect(report.removed).toStrictEqual([task('b')]);
    expect(report.notes).toStrictEqual([]);
  });

  it('a task the generator dropped is kept, with a note, when the person edited it', () => {
    const m = task('b', { note: 'Paid the deposit' });
    const { plan: out, report } = mergePlans(plan([task('a'), task('b')]), plan([task('a'), m]), plan([task('a')]));
    expect(byId(out, 'b')).toStrictEqual(m);
    expect(report.removed).toStrictEqual([]);
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toMatch(/^b: no longer part of the generated plan, kept because you edited it/);
  });

  it.each(['done', 'skipped'] as const)('a task the generator dropped is kept, with a note, when the person marked it %s', (status) => {
    const m = task('b', { status });
    const { plan: out, report } = mergePlans(plan([task('a'), task('b')]), plan([task('a'), m]), plan([task('a')]));
    expect(byId(out, 'b')).toStrictEqual(m);
    expect(report.removed).toStrictEqual([]);
    expect(report.notes).toStrictEqual([`b: no longer part of the generated plan, kept because you marked it ${status}`]);
  });

  it.each(['done', 'skipped'] as const)('a %s task is left exactly as it is, even when the new plan moved and retitled it', (status) => {
    const m = task('a', { status, note: 'Went well' });
    const t = task('a', { title: 'Renamed', why: 'New rule', start: d('2027-06-07'), end: d('2027-06-11'), handsOn: true });
    const { plan: out, report } = mergePlans(plan([task('a')]), plan([m]), plan([t]));
    expect(byId(out, 'a')).toStrictEqual(m);
    expect(report.moved).toStrictEqual([]);
    expect(report.conflicts).toStrictEqual([]);
  });

  it('a new generated task goes in before the first task that starts after it', () => {
    const [a, b, c] = [task('a', { start: d('2027-01-04'), end: d('2027-01-08') }), task('b', { start: d('2027-02-01'), end: d('2027-02-05') }), task('c', { start: d('2027-03-01'), end: d('2027-03-05') })];
    const early = task('n-early', { start: d('2026-12-01'), end: d('2026-12-02') });
    const middle = task('n-middle', { start: d('2027-02-15'), end: d('2027-02-16') });
    const late = task('n-late', { start: d('2027-04-01'), end: d('2027-04-02') });
    const { plan: out, report } = mergePlans(plan([a, b, c]), plan([a, b, c]), plan([early, a, b, middle, c, late]));
    expect(ids(out)).toStrictEqual(['n-early', 'a', 'b', 'n-middle', 'c', 'n-late']);
    expect(report.added.map((t) => t.id)).toStrictEqual(['n-early', 'n-middle', 'n-late']);
  });

  it('the person\'s order of the tasks is kept, even when the new plan orders them otherwise', () => {
    const mine = plan([task('b'), task('a')]);
    const theirs = plan([task('a', { start: d('2027-01-01') }), task('b', { start: d('2027-01-06') })]);
    const { plan: out } = mergePlans(plan([task('a'), task('b')]), mine, theirs);
    expect(ids(out)).toStrictEqual(['b', 'a']);
  });

  it('the move report lists each task whose dates changed, from the old dates to the new', () => {
    const t = [
      task('a', { start: d('2027-01-11'), end: d('2027-01-15'), title: 'A, renamed' }),
      task('b'),
      task('c', { start: d('2027-01-04'), end: d('2027-01-20') }),
    ];
    const { report } = mergePlans(plan([task('a'), task('b'), task('c')]), plan([task('a'), task('b'), task('c')]), plan(t));
    expect(report.moved).toStrictEqual([
      { id: 'a', title: 'A, renamed', from: { start: d('2027-01-04'), end: d('2027-01-08') }, to: { start: d('2027-01-11'), end: d('2027-01-15') } },
      { id: 'c', title: 'Task c', from: { start: d('2027-01-04'), end: d('2027-01-08') }, to: { start: d('2027-01-04'), end: d('2027-01-20') } },
    ]);
  });

  it('dependencies name only tasks still in the plan', () => {
    const theirs = plan([task('a'), task('b', { dependsOn: ['a', 'gone'] }), task('c', { dependsOn: ['b'] })]);
    const { plan: out } = mergePlans(plan([task('a'), task('b', { dependsOn: ['a'] }), task('c', { dependsOn: ['b'] })]), plan([task('b', { dependsOn: ['a'] }), task('c', { dependsOn: ['b'] })]), theirs);
    expect(ids(out)).toStrictEqual(['b', 'c']);
    expect(byId(out, 'b')!.dependsOn).toStrictEqual([]);
    expect(byId(out, 'c')!.dependsOn).toStrictEqual(['b']);
  });

  it('the header, milestones and warnings come from the new plan', () => {
    const theirs = plan([task('a')], { today: d('2026-12-10'), warnings: [{ code: 'late-start', message: 'Late.' }] });
    const { plan: out } = mergePlans(plan([task('a')]), plan([task('a')], { today: d('2026-11-25') }), theirs);
    expect(out).toStrictEqual(theirs);
  });

  it('merging against an unchanged generated plan changes nothing and reports nothing', () => {
    const base = plan([task('a'), task('b', { dependsOn: ['a'] })]);
    const mine = plan([task('a', { status: 'done' }), task('custom-x', { kind: 'custom' }), task('b', { dependsOn: ['a'], note: 'n', title: 'Mine', pinned: true, start: d('2027-05-03'), end: d('2027-05-07') })]);
    const { plan: out, report } = mergePlans(base, mine, base);
    expect(out).toStrictEqual(mine);
    expect(reportIsEmpty(report)).toBe(true);
  });
});

describe('fixedTasks', () => {
  it('returns the dates of pinned and finished tasks, and nothing else', () => {
    const p = plan([
      task('todo'),
      task('pinned', { pinned: true, start: d('2027-03-01'), end: d('2027-03-05') }),
      task('done', { status: 'done', start: d('2027-01-11'), end: d('2027-01-11') }),
      task('skipped', { status: 'skipped', start: d('2027-02-01'), end: d('2027-02-03') }),
      task('unpinned', { pinned: false }),
    ]);
    expect(fixedTasks(p)).toStrictEqual({
      pinned: { start: d('2027-03-01'), end: d('2027-03-05'), finished: false },
      done: { start: d('2027-01-11'), end: d('2027-01-11'), finished: true },
      skipped: { start: d('2027-02-01'), end: d('2027-02-03'), finished: true },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The engine with `fixed`

const amina: Profile = profileSchema().parse(aminaYaml);
const daniel: Profile = profileSchema().parse(danielYaml);
const TODAY = d('2026-11-25');
const generate = (profile: Profile, today: CalendarDate, fixed: Record<string, FixedTask> = {}): Plan =>
  generatePlan({ profile, data, today, name: 'match-2028', fixed });
const rotations = (p: Plan): Task[] => p.tasks.filter((t) => t.kind === 'externship');
const mustGet = (p: Plan, id: string): Task => {
  const t = byId(p, id);
  if (!t) throw new Error(`no task ${id} in ${ids(p).join(', ')}`);
  return t;
};

describe('generatePlan with fixed tasks', () => {
  it('a pinned rotation keeps its dates, and the others are placed around it without overlap', () => {
    const before = generate(amina, TODAY);
    expect(rotations(before).map((t) => t.id)).toStrictEqual(['rotation-1', 'rotation-2', 'rotation-3']);
    // Rotation 2 moved to start where rotation 2 was going to end, same length (a Monday).
    const r2 = mustGet(before, 'rotation-2');
    const start = addDays(r2.start, 14);
    const pin = { start, end: addDays(start, daysBetween(r2.start, r2.end)), finished: false };
    expect(weekday(pin.start)).toBe(1);

    const after = generate(amina, TODAY, { 'rotation-2': pin });
    const rs = rotations(after);
    expect(rs.map((t) => t.id).sort()).toStrictEqual(['rotation-1', 'rotation-2', 'rotation-3']);
    const moved = mustGet(after, 'rotation-2');
    expect({ start: moved.start, end: moved.end, finished: false }).toStrictEqual(pin);
    expect(moved.why).toContain('kept where you put it');
    for (const a of rs) for (const b of rs) if (a.id < b.id) expect(spansOverlap(a, b), `${a.id} ${a.start}..${a.end} overlaps ${b.id} ${b.start}..${b.end}`).toBe(false);
    // The others still avoid the person's unavailable time and start on or after today.
    for (const r of rs.filter((x) => x.id !== 'rotation-2')) {
      expect(r.start >= TODAY).toBe(true);
      for (const u of amina.availability.unavailable) expect(spansOverlap(r, u), `${r.id} in unavailable time`).toBe(false);
    }
    // Its outreach is timed against the pinned start.
    expect(mustGet(after, 'outreach-rotation-2').end < pin.start).toBe(true);
    expect(mustGet(after, 'letter-request-rotation-2').end).toBe(pin.end);
  });

  it('a pinned Step 2 CK sitting is the sitting date, over the date booked in the profile', () => {
    // Amina booked Step 2 CK for 2027-04-20 in her profile; she moved it in the plan.
    const pinned = d('2027-05-10');
    const p = generate(amina, TODAY, { 'exam-step2ck': { start: pinned, end: pinned, finished: false } });
    const sitting = mustGet(p, 'exam-step2ck');
    expect([sitting.start, sitting.end]).toStrictEqual([pinned, pinned]);
    expect(sitting.why).toMatch(/^Moved by you to 10 May 2027/);
    expect(mustGet(p, 'exam-step2ck-result').start).toBe(addDays(pinned, 1));
    expect(mustGet(p, 'exam-step2ck-result').dependsOn).toStrictEqual(['exam-step2ck']);
    for (const r of rotations(p)) expect(spansOverlap(r, { start: pinned, end: pinned }), `${r.id} on the sitting day`).toBe(false);
    // A sitting moved in the plan keeps its study time just before it.
    expect(mustGet(p, 'exam-step2ck-study')).toMatchObject({ end: addDays(pinned, -1) });
    expect(sitting.dependsOn).toContain('exam-step2ck-study');
  });

  it('a pinned sitting for an exam not yet booked becomes the sitting, and what waits for its result follows it', () => {
    const before = generate(daniel, TODAY);
    const planned = mustGet(before, 'exam-step2ck').start;
    const pinned = addDays(planned, 28);
    expect(isWeekend(pinned)).toBe(false);
    const p = generate(daniel, TODAY, { 'exam-step2ck': { start: pinned, end: pinned, finished: false } });
    const sitting = mustGet(p, 'exam-step2ck');
    expect([sitting.start, sitting.end]).toStrictEqual([pinned, pinned]);
    expect(mustGet(p, 'exam-step2ck-result').start).toBe(addDays(pinned, 1));
    expect(mustGet(p, 'ecfmg-certificate').start >= mustGet(p, 'exam-step2ck-result').end).toBe(true);
  });

  it('a done rotation in the past keeps its slot and gets no outreach tasks', () => {
    const before = generate(amina, TODAY);
    const r1 = mustGet(before, 'rotation-1');
    expect(byId(before, 'outreach-rotation-1')).toBeDefined();
    const later = addDays(r1.end, 10);
    const slot = { start: r1.start, end: r1.end };

    const after = generate(amina, later, { 'rotation-1': { ...slot, finished: true } });
    const kept = mustGet(after, 'rotation-1');
    expect({ start: kept.start, end: kept.end }).toStrictEqual(slot);
    expect(kept.dependsOn).toStrictEqual([]);
    for (const id of ['outreach-rotation-1', 'outreach-followup-rotation-1', 'onboarding-rotation-1']) expect(byId(after, id), id).toBeUndefined();
    for (const r of rotations(after).filter((x) => x.id !== 'rotation-1')) {
      expect(r.start >= later, `${r.id} starts ${r.start}, before today ${later}`).toBe(true);
      expect(spansOverlap(r, slot)).toBe(false);
    }

  });

  it('through the merge, a done rotation in the past stays exactly as marked and its untouched outreach goes', () => {
    // `imgplan done rotation-1` after the rotation, then `imgplan regenerate` ten days later.
    const before = generate(amina, TODAY);
    const later = addDays(mustGet(before, 'rotation-1').end, 10);
    const mine = { ...before, tasks: before.tasks.map((t) => (t.id === 'rotation-1' ? { ...t, status: 'done' as const } : t)) };
    const regenerated = generatePlan({ profile: amina, data, today: later, name: mine.name, matchYear: mine.matchYear, fixed: fixedTasks(mine) });
    const { plan: merged, report } = mergePlans(before, mine, regenerated);
    expect(report.removed.map((t) => t.id)).toEqual(expect.arrayContaining(['outreach-rotation-1', 'outreach-followup-rotation-1', 'onboarding-rotation-1']));
    expect(byId(merged, 'outreach-rotation-1')).toBeUndefined();
    // Exactly as marked, but for the dependency on its onboarding, which has left the plan.
    expect(byId(merged, 'rotation-1')).toStrictEqual({ ...byId(mine, 'rotation-1'), dependsOn: [] });
  });
});
