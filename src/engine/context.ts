// What every rule family of the engine reads: the profile, the reviewed data, today, and the
// Match year's calendar, plus small builders so each family states only its own rules.
import { plainDate, type CalendarDate } from '../domain/dates.js';
import type { Milestone, MilestoneId, PlanWarning, Task, TaskKind } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import type { Trackers } from '../domain/trackers.js';
import type { ReferenceData } from '../reference/index.js';
import type { MatchCalendar } from '../calendar/match-calendar.js';
import type { Specialty } from '../reference/schema.js';

/** Per-plan settings that override the profile's preferences (what-if plans). */
export interface PlanOverrides {
  externships?: number;
  weeksPerExternship?: number;
}

export interface EngineContext {
  profile: Profile;
  data: ReferenceData;
  today: CalendarDate;
  year: number;
  calendar: MatchCalendar;
  /** The application date A: the first day applicants may submit in ERAS for this Match. */
  applicationDate: CalendarDate;
  overrides: PlanOverrides;
  /** Tasks the person pinned or finished, by id: they keep these dates and the plan goes around them. */
  fixed: Readonly<Record<string, FixedTask>>;
  /** Letters and outreach the person tracks. */
  trackers: Trackers;
}

export interface FixedTask {
  start: CalendarDate;
  end: CalendarDate;
  /** Done or skipped, rather than only pinned. */
  finished: boolean;
}

export interface Span {
  start: CalendarDate;
  end: CalendarDate;
  reason: string;
}

export interface FamilyResult {
  tasks: Task[];
  warnings: PlanWarning[];
}

export const milestone = (ctx: EngineContext, id: MilestoneId): Milestone => ctx.calendar[id];

/** Specialties by id, per reference data (which never changes while imgplan runs). */
const specialtyIndex = new WeakMap<readonly Specialty[], ReadonlyMap<string, Specialty>>();

/** The person's target specialties known to the reference data, in the profile's order. */
export function targetSpecialties(ctx: EngineContext): Specialty[] {
  const all = ctx.data.specialties.specialties;
  let byId = specialtyIndex.get(all);
  if (!byId) specialtyIndex.set(all, (byId = new Map(all.map((s) => [s.id, s]))));
  const out: Specialty[] = [];
  for (const id of ctx.profile.targetSpecialties) {
    const s = byId.get(id);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** "1 Sep 2027", or "1 Sep 2027 (estimated)" when the calendar date is not confirmed. */
export function when(m: Milestone): string {
  return `${plainDate(m.date)}${m.estimated ? ' (estimated)' : ''}`;
}

export const on = (d: CalendarDate): string => plainDate(d);

export interface TaskSpec {
  id: string;
  kind: TaskKind;
  title: string;
  start: CalendarDate;
  end: CalendarDate;
  why: string;
  dependsOn?: string[];
  extra?: Pick<Task, 'exam' | 'externshipType' | 'handsOn' | 'specialty'>;
}

export function task(spec: TaskSpec): Task {
  return {
    id: spec.id,
    kind: spec.kind,
    title: spec.title,
    start: spec.start,
    end: spec.end,
    status: 'todo',
    why: spec.why,
    dependsOn: spec.dependsOn ?? [],
    ...spec.extra,
  };
}

export const warning = (code: string, message: string): PlanWarning => ({ code, message });

/** The person's unavailable dates, as spans nothing may be planned into. */
export function unavailableSpans(ctx: EngineContext): Span[] {
  return ctx.profile.availability.unavailable.map((u) => ({ start: u.start, end: u.end, reason: u.reason ?? 'unavailable' }));
}
