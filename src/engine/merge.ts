// Regeneration that keeps everything the person did: a three-way merge, task by task and field by
// field, between the plan imgplan generated last time (base), the plan as the person left it
// (mine) and the plan generated now (theirs). reliability.md 2.5.
//  - The person's statuses, notes, pins, added tasks and deletions win.
//  - A field the person did not touch takes the new generated value.
//  - A field both changed keeps the person's value and is reported as a conflict.
//  - A finished (done or skipped) task is left exactly as it is.
import type { CalendarDate } from '../domain/dates.js';
import type { Plan, Task } from '../domain/plan.js';
import type { FixedTask } from './context.js';
import { sameValue } from '../domain/same-value.js';

export interface Move {
  id: string;
  title: string;
  from: { start: CalendarDate; end: CalendarDate };
  to: { start: CalendarDate; end: CalendarDate };
}

export interface MergeReport {
  added: Task[];
  removed: Task[];
  moved: Move[];
  /** Where the person's edit was kept against a new generated value. */
  conflicts: string[];
  /** Other things worth saying, e.g. a task the person deleted that is not re-added. */
  notes: string[];
}


/** The person's own fields: never taken from a generated plan. */
const PERSONAL = new Set(['status', 'note', 'pinned']);

export const isFinished = (t: Task): boolean => t.status !== 'todo';

function mergeTask(b: Task, m: Task, t: Task, conflicts: string[]): Task {
  if (isFinished(m)) return m;
  const out: Record<string, unknown> = { ...m };
  // The dates are one span: when the person changed either, both stay theirs, so a new start can
  // never land after their end (nor a new end before their start).
  const span = (x: Task) => ({ start: x.start, end: x.end });
  if (sameValue(span(m), span(b))) Object.assign(out, span(t));
  else if (!sameValue(span(t), span(b)) && !sameValue(span(t), span(m)))
    conflicts.push(`${m.id}.dates: kept yours (${m.start} to ${m.end}); the new plan has ${t.start} to ${t.end}`);
  const keys = new Set([...Object.keys(b), ...Object.keys(m), ...Object.keys(t)]);
  for (const k of keys) {
    if (PERSONAL.has(k) || k === 'start' || k === 'end') continue;
    const [bv, mv, tv] = [(b as Record<string, unknown>)[k], (m as Record<string, unknown>)[k], (t as Record<string, unknown>)[k]];
    if (sameValue(mv, bv)) {
      if (tv === undefined) delete out[k];
      else out[k] = tv;
    } else if (!sameValue(tv, bv) && !sameValue(tv, mv)) conflicts.push(`${m.id}.${k}: kept yours (${JSON.stringify(mv)}); the new plan has ${JSON.stringify(tv)}`);
  }
  return out as Task;
}

export function mergePlans(base: Plan, mine: Plan, theirs: Plan): { plan: Plan; report: MergeReport } {
  const B = new Map(base.tasks.map((t) => [t.id, t]));
  const M = new Map(mine.tasks.map((t) => [t.id, t]));
  const T = new Map(theirs.tasks.map((t) => [t.id, t]));
  const report: MergeReport = { added: [], removed: [], moved: [], conflicts: [], notes: [] };
  const tasks: Task[] = [];

  for (const m of mine.tasks) {
    const b = B.get(m.id);
    const t = T.get(m.id);
    if (!b) {
      // Added by the person (or kept from an older plan): always stays.
      tasks.push(m);
      continue;
    }
    if (!t) {
      if (isFinished(m) || !sameValue(m, b)) {
        tasks.push(m);
        report.notes.push(`${m.id}: no longer part of the generated plan, kept because you ${isFinished(m) ? `marked it ${m.status}` : 'edited it'}`);
      } else report.removed.push(m);
      continue;
    }
    const merged = mergeTask(b, m, t, report.conflicts);
    if (merged.start !== m.start || merged.end !== m.end)
      report.moved.push({ id: m.id, title: merged.title, from: { start: m.start, end: m.end }, to: { start: merged.start, end: merged.end } });
    tasks.push(merged);
  }
  // New tasks go in by date; the person's own order of the rest is kept.
  for (const t of theirs.tasks) {
    if (M.has(t.id)) continue;
    if (B.has(t.id)) {
      report.notes.push(`${t.id}: you deleted it, so it is not added back`);
      continue;
    }
    const at = tasks.findIndex((x) => x.start > t.start);
    tasks.splice(at < 0 ? tasks.length : at, 0, t);
    report.added.push(t);
  }

  // Dependencies may only name tasks that are still in the plan.
  const ids = new Set(tasks.map((t) => t.id));
  const cleaned = tasks.map((t) => (t.dependsOn.every((d) => ids.has(d)) ? t : { ...t, dependsOn: t.dependsOn.filter((d) => ids.has(d)) }));
  return { plan: { ...theirs, tasks: cleaned }, report };
}

/** The tasks whose dates the engine must keep: pinned ones and finished ones. */
export function fixedTasks(plan: Plan): Record<string, FixedTask> {
  const fixed: Record<string, FixedTask> = {};
  for (const t of plan.tasks) if (t.pinned || isFinished(t)) fixed[t.id] = { start: t.start, end: t.end, finished: isFinished(t) };
  return fixed;
}

export const reportIsEmpty = (r: MergeReport): boolean =>
  r.added.length + r.removed.length + r.moved.length + r.conflicts.length + r.notes.length === 0;
