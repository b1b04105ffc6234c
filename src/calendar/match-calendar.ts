// The milestones of one Match year: published dates where the data has them, otherwise projected
// by the milestone's rule and marked estimated.
import {
  addDays,
  nextBusinessDay,
  onOrAfterWeekday,
  previousBusinessDay,
  ymd,
  type CalendarDate,
} from '../domain/dates.js';
import type { Milestone, MilestoneId } from '../domain/plan.js';
import type { CalendarData, MilestoneRule } from '../reference/schema.js';

export type MatchCalendar = Record<MilestoneId, Milestone>;

/** The date a rule gives for Match year `year`; `resolve` supplies other milestones for offsets. */
export function projectRule(rule: MilestoneRule, year: number, resolve: (id: string) => CalendarDate): CalendarDate {
  switch (rule.kind) {
    case 'nth-weekday': {
      const first = onOrAfterWeekday(ymd(year + rule.yearOffset, rule.month, 1), rule.weekday);
      return addDays(first, 7 * (rule.n - 1));
    }
    case 'fixed': {
      const d = ymd(year + rule.yearOffset, rule.month, rule.day);
      if (rule.weekend === 'next-business-day') return nextBusinessDay(d);
      if (rule.weekend === 'previous-business-day') return previousBusinessDay(d);
      return d;
    }
    case 'offset':
      return addDays(resolve(rule.from), rule.days);
  }
}

export function describeSource(data: CalendarData, sourceId: string): string {
  const s = data.sources[sourceId];
  if (!s) throw new Error(`calendar data names an unknown source: ${sourceId}`);
  return `${s.title}, ${s.url}${s.grade === 'official' ? '' : ` (${s.grade} source)`}`;
}

/** Calendars already worked out, by data and year: the reviewed data never changes while imgplan runs. */
const worked = new WeakMap<CalendarData, Map<number, MatchCalendar>>();

/** Milestones for Match year `year`, which the caller has checked is plannable (fresh objects each call). */
export function matchCalendar(data: CalendarData, year: number): MatchCalendar {
  let byYear = worked.get(data);
  if (!byYear) worked.set(data, (byYear = new Map()));
  let known = byYear.get(year);
  if (!known) byYear.set(year, (known = workOut(data, year)));
  const out = {} as MatchCalendar;
  for (const id in known) out[id as MilestoneId] = { ...known[id as MilestoneId] };
  return out;
}

function workOut(data: CalendarData, year: number): MatchCalendar {
  const published = data.published[String(year)] ?? {};
  const out = {} as MatchCalendar;
  const resolve = (id: string): CalendarDate => {
    const known = out[id as MilestoneId];
    if (known) return known.date;
    const def = data.milestones.find((m) => m.id === id);
    if (!def) throw new Error(`calendar data: unknown milestone ${id}`);
    return build(def).date;
  };
  const build = (def: CalendarData['milestones'][number]): Milestone => {
    const id = def.id as MilestoneId;
    if (out[id]) return out[id];
    const pub = published[def.id];
    let m: Milestone;
    if (pub) {
      const official = data.sources[pub.source]?.grade === 'official';
      m = {
        id,
        title: def.title,
        date: pub.date,
        estimated: !official,
        source: official
          ? `Published: ${describeSource(data, pub.source)}`
          : `Reported by ${describeSource(data, pub.source)}; not yet confirmed by the organiser`,
      };
    } else {
      const ruleBy = def.ruleSource ? `; ${describeSource(data, def.ruleSource)}` : '';
      m = {
        id,
        title: def.title,
        date: projectRule(def.rule, year, resolve),
        estimated: true,
        source: `Estimated by rule: ${def.ruleText}${ruleBy}`,
      };
    }
    out[id] = m;
    return m;
  };
  for (const def of data.milestones) build(def);
  return out;
}

export function isPlannableYear(data: CalendarData, year: number): boolean {
  return Number.isInteger(year) && year >= data.plannableYears.from && year <= data.plannableYears.to;
}
