import { describe, expect, it } from 'vitest';
import { addDays, weekday, yearOf, type CalendarDate } from '../../src/domain/dates.js';
import { MILESTONE_IDS, type MilestoneId } from '../../src/domain/plan.js';
import { isPlannableYear, matchCalendar, projectRule } from '../../src/calendar/match-calendar.js';
import { referenceData } from '../../src/reference/index.js';

const { calendar: data } = referenceData();
const FRIDAY = 5;
const WEDNESDAY = 3;

describe('calendar data', () => {
  it('defines a rule for every milestone a plan reports, and nothing else', () => {
    expect(data.milestones.map((m) => m.id).sort()).toEqual([...MILESTONE_IDS].sort());
  });

  it('names a known source for every published date and every rule source', () => {
    for (const [year, entries] of Object.entries(data.published))
      for (const [id, entry] of Object.entries(entries)) {
        expect(data.sources[entry.source], `${year} ${id}`).toBeDefined();
        expect(MILESTONE_IDS).toContain(id as MilestoneId);
      }
    for (const m of data.milestones) if (m.ruleSource) expect(data.sources[m.ruleSource]).toBeDefined();
  });

  it('reproduces every officially published date with its rule, in the years the rule holds', () => {
    let checked = 0;
    for (const [yearText, entries] of Object.entries(data.published)) {
      const year = Number(yearText);
      for (const [id, entry] of Object.entries(entries)) {
        const def = data.milestones.find((m) => m.id === id)!;
        if (def.ruleHoldsFrom !== undefined && year < def.ruleHoldsFrom) continue;
        if (data.sources[entry.source]!.grade !== 'official') continue;
        const resolve = (other: string): CalendarDate => {
          const pub = data.published[yearText]?.[other];
          if (pub) return pub.date;
          const otherDef = data.milestones.find((m) => m.id === other)!;
          return projectRule(otherDef.rule, year, resolve);
        };
        expect(projectRule(def.rule, year, resolve), `${id} ${year}`).toBe(entry.date);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});

describe('matchCalendar', () => {
  it('uses an official published date exactly, not estimated, with its source', () => {
    const c = matchCalendar(data, 2026);
    expect(c['match-day']).toMatchObject({ date: '2026-03-20', estimated: false });
    expect(c['match-day'].source).toContain('NRMP');
    expect(c['eras-submit']).toMatchObject({ date: '2025-09-03', estimated: false });
  });

  it('marks a date known only from a secondary source as estimated and says so', () => {
    const c = matchCalendar(data, 2026);
    expect(c['rol-deadline']).toMatchObject({ date: '2026-03-04', estimated: true });
    expect(c['rol-deadline'].source).toMatch(/secondary source/);
  });

  it('projects unpublished years by rule, marked estimated with the rule named', () => {
    const c = matchCalendar(data, 2028);
    expect(c['eras-submit']).toMatchObject({ date: '2027-09-01', estimated: true });
    expect(c['eras-submit'].source).toMatch(/^Estimated by rule: the first Wednesday of September/);
    expect(c['eras-programs-review'].date).toBe('2027-09-22');
    expect(c['match-day'].date).toBe('2028-03-17');
    expect(c['rol-deadline'].date).toBe('2028-03-01');
    expect(c['residency-start'].date).toBe('2028-07-01');
    // Sep 15, 2029 is a Saturday: registration opens the next business day.
    expect(matchCalendar(data, 2030)['nrmp-registration-opens'].date).toBe('2029-09-17');
    // Jan 31, 2027 is a Sunday: the deadline is the Friday before.
    expect(matchCalendar(data, 2027)['nrmp-registration-deadline'].date).toBe('2027-01-29');
  });

  it('gives every plannable year a coherent calendar', () => {
    for (let y = data.plannableYears.from; y <= data.plannableYears.to; y++) {
      expect(isPlannableYear(data, y)).toBe(true);
      const c = matchCalendar(data, y);
      for (const id of MILESTONE_IDS) expect(c[id].date, `${id} ${y}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(weekday(c['match-day'].date)).toBe(FRIDAY);
      expect(Number(c['match-day'].date.slice(8))).toBeGreaterThanOrEqual(15);
      expect(Number(c['match-day'].date.slice(8))).toBeLessThanOrEqual(21);
      expect(c['rol-deadline'].date).toBe(addDays(c['match-day'].date, -16));
      expect(weekday(c['rol-deadline'].date)).toBe(WEDNESDAY);
      expect(weekday(c['eras-submit'].date)).toBe(WEDNESDAY);
      expect(yearOf(c['eras-submit'].date)).toBe(y - 1);
      const order: MilestoneId[] = ['eras-opens', 'eras-submit', 'eras-programs-review', 'nrmp-registration-deadline', 'ranking-opens', 'rol-deadline', 'match-day', 'residency-start'];
      for (let i = 1; i < order.length; i++) expect(c[order[i - 1]!].date < c[order[i]!].date, `${order[i]} ${y}`).toBe(true);
    }
    expect(isPlannableYear(data, data.plannableYears.to + 1)).toBe(false);
    expect(isPlannableYear(data, data.plannableYears.from - 1)).toBe(false);
  });
});
