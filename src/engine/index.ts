// The timeline engine: profile + reviewed data + today -> a dated plan. Pure: it reads no file,
// clock or terminal, so the same inputs always give the same plan.
import { addMonths, dayNumber, daysBetween, type CalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { MILESTONE_IDS, PLAN_SCHEMA_VERSION, type MilestoneId, type Plan, type PlanWarning, type Task } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import type { ReferenceData } from '../reference/index.js';
import type { CalendarData } from '../reference/schema.js';
import { isPlannableYear, matchCalendar, type MatchCalendar } from '../calendar/match-calendar.js';
import { on, warning, when, type EngineContext, type FixedTask, type PlanOverrides } from './context.js';
import { planExams } from './exams.js';
import { planEcfmg } from './ecfmg.js';
import { planRotations } from './rotations.js';
import { planApplication } from './application.js';
import { confirmedRotations, planRelationships } from './relationships.js';
import { applicantOn, rankPrograms } from './programs.js';
import { erasFee } from './budget.js';
import type { Trackers } from '../domain/trackers.js';

/** No letters, outreach or programs (domain/trackers.ts's NO_TRACKERS, without loading the tracker schemas). */
const NO_TRACKERS: Trackers = { letters: [], outreach: [], programs: [] };

export type { FixedTask, PlanOverrides } from './context.js';

export interface PlanRequest {
  profile: Profile;
  data: ReferenceData;
  today: CalendarDate;
  /** The plan's name in the workspace, e.g. match-2028. */
  name: string;
  /** Plan a Match year other than the profile's target (what-if plans). */
  matchYear?: number;
  overrides?: PlanOverrides;
  /** Tasks the person pinned or finished: their dates stand, and the rest is planned around them. */
  fixed?: Readonly<Record<string, FixedTask>>;
  /** Letters and outreach from the person's trackers. */
  trackers?: Trackers;
}

/** The first plannable Match year whose applications have not gone out yet, if any. */
export function firstOpenMatchYear(data: ReferenceData, today: CalendarDate): number | undefined {
  for (let y = data.calendar.plannableYears.from; y <= data.calendar.plannableYears.to; y++)
    if (matchCalendar(data.calendar, y)['eras-submit'].date >= today) return y;
  return undefined;
}

export function defaultPlanName(matchYear: number): string {
  return `match-${matchYear}`;
}

export function generatePlan(req: PlanRequest): Plan {
  const { profile, data, today } = req;
  const year = req.matchYear ?? profile.targetMatchYear;
  const { from, to } = data.calendar.plannableYears;
  if (!isPlannableYear(data.calendar, year))
    throw new InputError('match-year-out-of-range', `imgplan can plan Match years ${from} to ${to}, not ${year}`, [
      { field: 'targetMatchYear', message: `must be between ${from} and ${to}` },
    ], `choose a Match year from ${from} to ${to}`);
  const calendar = matchCalendar(data.calendar, year);
  const A = calendar['eras-submit'];
  if (A.date < today) {
    const open = firstOpenMatchYear(data, today);
    throw new InputError(
      'match-year-passed',
      `applications for the ${year} Match went out on ${when(A)}; that Match can no longer be planned`,
      [{ field: 'targetMatchYear', message: `the ${year} Match is past its application date` }],
      open ? `plan for the ${open} Match instead (targetMatchYear: ${open})` : `imgplan has calendar data up to the ${to} Match; is today (${today}) right?`,
    );
  }

  const trackers = req.trackers ?? NO_TRACKERS;
  // A rotation confirmed through outreach has its real dates, as if the person had pinned it.
  const fixed: Record<string, FixedTask> = { ...confirmedRotations(trackers), ...req.fixed };
  const ctx: EngineContext = { profile, data, today, year, calendar, applicationDate: A.date, overrides: req.overrides ?? {}, fixed, trackers };
  const exams = planExams(ctx);
  const ecfmg = planEcfmg(ctx, exams);
  const rotations = planRotations(ctx, [...exams.blocked, ...ecfmg.blocked]);
  const application = planApplication(ctx);
  const relationships = planRelationships(ctx, [...exams.tasks, ...ecfmg.tasks, ...rotations.tasks]);

  const warnings: PlanWarning[] = [];
  const runway = data.rules.planning.runwayMonths;
  if (today > addMonths(A.date, -runway.min)) {
    const next = isPlannableYear(data.calendar, year + 1) ? matchCalendar(data.calendar, year + 1)['eras-submit'] : undefined;
    warnings.push(
      warning(
        'late-start',
        `Less than ${runway.min} months remain before applications go out on ${when(A)}, ${daysBetween(today, A.date)} days from today: this plan is compressed. The guide advises starting ${runway.min}-${runway.max} months ahead; the ${year + 1} Match${next ? ` (applications from ${when(next)})` : ''} would give you the full runway.`,
      ),
    );
  }
  for (const family of [exams, ecfmg, rotations, application, relationships]) warnings.push(...family.warnings);

  // Most plans pin nothing: then no task is looked up at all.
  const pins = Object.keys(fixed).length ? new Map(Object.entries(fixed)) : undefined;
  const tasks: Task[] = [];
  for (const family of [exams, ecfmg, rotations, application, relationships])
    for (const t of family.tasks) {
      const pin = pins?.get(t.id);
      tasks.push(pin ? { ...t, start: pin.start, end: pin.end } : fitToToday(t, today, warnings));
    }
  costsAndPrograms(ctx, tasks, calendar);
  const ids = new Set<string>();
  for (const t of tasks) ids.add(t.id);
  // A new array only where a dependency is dropped: nearly every task keeps all of its own.
  for (const t of tasks) if (!t.dependsOn.every((d) => ids.has(d))) t.dependsOn = t.dependsOn.filter((d) => ids.has(d));
  byDates(tasks);

  const milestones = milestoneOrder(data.calendar, year, calendar).map((id) => calendar[id]);
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    name: req.name,
    matchYear: year,
    today,
    applicationDate: A.date,
    ...(req.overrides && Object.keys(req.overrides).length ? { overrides: req.overrides } : {}),
    milestones,
    tasks,
    warnings,
  };
}

/** Milestone ids by date (ties in MILESTONE_IDS order), by data and year: the same for every plan. */
const milestoneOrders = new WeakMap<CalendarData, Map<number, readonly MilestoneId[]>>();

function milestoneOrder(data: CalendarData, year: number, calendar: MatchCalendar): readonly MilestoneId[] {
  let byYear = milestoneOrders.get(data);
  if (!byYear) milestoneOrders.set(data, (byYear = new Map()));
  let order = byYear.get(year);
  if (!order) {
    const date = (id: MilestoneId) => calendar[id].date;
    byYear.set(year, (order = [...MILESTONE_IDS].sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0))));
  }
  return order;
}

/**
 * The money and the programs in the application tasks' why: fees with their source, and how the
 * person's collected programs look for the person they will be when applications go out.
 */
function costsAndPrograms(ctx: EngineContext, tasks: Task[], calendar: MatchCalendar): void {
  const fee = (id: string) => ctx.data.fees.fees.find((f) => f.id === id);
  const money = (id: string) => {
    const f = fee(id);
    return f && f.amountUsd !== null ? `$${f.amountUsd} (${f.season ?? 'current'} figure${f.estimated ? ', unconfirmed now' : ''})` : undefined;
  };
  const add = (id: string, text: string | undefined) => {
    const i = tasks.findIndex((t) => t.id === id);
    if (i >= 0 && text) tasks[i] = { ...tasks[i]!, why: `${tasks[i]!.why} ${text}` };
  };
  const token = money('eras-token');
  add('eras-token', token && `The token cost ${token}.`);
  const registration = money('nrmp-registration');
  const late = money('nrmp-late-registration');
  add('nrmp-register', registration && `Registration: ${registration}${late ? `; the late fee is ${late}` : ''}.`);

  const programs = ctx.trackers.programs.filter((p) => ctx.profile.targetSpecialties.includes(p.specialty));
  if (programs.length === 0) return;
  const plan = { milestones: MILESTONE_IDS.map((id) => calendar[id]), tasks };
  const ranked = rankPrograms(programs, applicantOn(ctx.applicationDate, plan, ctx.profile, true), ctx.data);
  const count = (g: string) => ranked.filter((r) => r.group === g).length;
  const first = fee('eras-programs-first-30')?.amountUsd;
  const beyond = fee('eras-programs-beyond-30')?.amountUsd;
  const eligible = ranked.filter((r) => r.group !== 'miss' && r.program.service === 'ERAS');
  const bySpecialty = ctx.profile.targetSpecialties.map((s) => eligible.filter((r) => r.program.specialty === s).length);
  const fees = first != null && beyond != null ? bySpecialty.reduce((sum, n) => sum + erasFee(n, first, beyond), 0) : undefined;
  add(
    'eras-program-list',
    `Of the ${programs.length} programs of your target specialties in programs.yaml, as you will be on ${when(calendar['eras-submit'])}: ${count('safer')} safer, ${count('target')} target, ${count('reach')} reach, ${count('miss')} out of reach (imgplan programs rank).${fees !== undefined ? ` Applying to the ${eligible.length} within reach costs about $${fees} in ERAS fees (AAMC 2026: $${first} a program up to 30 per specialty, $${beyond} beyond).` : ''}`,
  );
}

/** Day numbers of FIRST_YEAR to LAST_YEAR span fewer days than this, so start * SPAN + end orders by start, then end. */
const SPAN = 2 ** 18;
/** Plans up to this many tasks (all real ones) fit the index below the dates in one exact number. */
const MAX_PACKED = 2 ** 16;

const dateKey = (t: Task): number => dayNumber(t.start) * SPAN + dayNumber(t.end);
const byId = (a: Task, b: Task): number => (a.id < b.id ? -1 : 1);

/**
 * Sorts tasks by start, then end, then id, in place. Dates compare as day numbers: the same order
 * as their yyyy-MM-dd text. Each task becomes one number, its dates above its index, sorted
 * natively with no comparator called per step (a comparator sort was a sixth of a plan); only
 * tasks with the same dates are then put in id order.
 */
function byDates(tasks: Task[]): void {
  const n = tasks.length;
  if (n > MAX_PACKED) {
    tasks.sort((a, b) => dateKey(a) - dateKey(b) || byId(a, b));
    return;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = dateKey(tasks[i]!) * MAX_PACKED + i;
  keys.sort();
  const sorted: Task[] = [];
  // The index by floor and product, exact for a power of two: % on doubles is a slow library call.
  for (let i = 0; i < n; i++) sorted.push(tasks[keys[i]! - Math.floor(keys[i]! / MAX_PACKED) * MAX_PACKED]!);
  for (let i = 0; i < n; ) {
    const dates = Math.floor(keys[i]! / MAX_PACKED);
    let j = i + 1;
    while (j < n && Math.floor(keys[j]! / MAX_PACKED) === dates) j++;
    if (j - i > 1) sorted.splice(i, j - i, ...sorted.slice(i, j).sort(byId));
    i = j;
  }
  for (let i = 0; i < n; i++) tasks[i] = sorted[i]!;
}

/** Nothing still to do is dated before today; a deadline with no time left becomes a warning. */
function fitToToday(t: Task, today: CalendarDate, warnings: PlanWarning[]): Task {
  const start = t.start < today ? today : t.start;
  if (t.end >= start) return start === t.start ? t : { ...t, start };
  warnings.push(warning('deadline-passed', `"${t.title}" was due by ${on(t.end)}; no time is left for it, so do it now (${t.id}).`));
  return { ...t, start, end: start };
}
