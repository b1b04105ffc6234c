import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FIRST_YEAR,
  LAST_YEAR,
  addDays,
  addMonths,
  calendarDate,
  dateInZone,
  localDate,
  daysBetween,
  isValidTimeZone,
  longDate,
  nextBusinessDay,
  onOrAfterWeekday,
  onOrBeforeWeekday,
  parseCalendarDate,
  previousBusinessDay,
  subtractBusinessDays,
  weekday,
  ymd,
} from '../../src/domain/dates.js';

const d = calendarDate;

describe('calendar dates', () => {
  it('accepts only real days written yyyy-MM-dd', () => {
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2027-02-30', '2025-02-29', '2025-04-31', '2025-13-01', '2025-1-5', '2025-01-05T00:00', '', '20250105', '1899-12-31', '2200-01-01', '9999-12-31'])
      expect(parseCalendarDate(bad), bad).toBeNull();
    expect(parseCalendarDate(`${FIRST_YEAR}-01-01`)).toBe(`${FIRST_YEAR}-01-01`);
    expect(parseCalendarDate(`${LAST_YEAR}-12-31`)).toBe(`${LAST_YEAR}-12-31`);
  });

  it('does arithmetic across month ends, leap days and DST changes', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2025-03-08'), 1)).toBe('2025-03-09');
    expect(addDays(d('2025-03-09'), 1)).toBe('2025-03-10');
    expect(addDays(d('2018-11-03'), 1)).toBe('2018-11-04');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addMonths(d('2027-01-31'), 1)).toBe('2027-02-28');
    expect(addMonths(d('2027-09-01'), -12)).toBe('2026-09-01');
    expect(daysBetween(d('2025-03-01'), d('2025-11-01'))).toBe(245);
  });

  it('knows weekdays and business days', () => {
    expect(weekday(d('2027-09-01'))).toBe(3);
    expect(onOrAfterWeekday(d('2027-09-01'), 1)).toBe('2027-09-06');
    expect(onOrBeforeWeekday(d('2027-09-01'), 1)).toBe('2027-08-30');
    expect(nextBusinessDay(d('2029-09-15'))).toBe('2029-09-17');
    expect(previousBusinessDay(d('2027-01-31'))).toBe('2027-01-29');
    expect(subtractBusinessDays(d('2027-09-01'), 5)).toBe('2027-08-25');
    expect(ymd(2027, 6, 1)).toBe('2027-06-01');
    expect(longDate(d('2027-09-01'))).toBe('Wed 1 Sep 2027');
  });

  it('takes today in the given zone, from one instant', () => {
    const instant = new Date(Date.UTC(2026, 10, 25, 23, 30));
    expect(dateInZone(instant, 'UTC')).toBe('2026-11-25');
    expect(dateInZone(instant, 'Africa/Lagos')).toBe('2026-11-26');
    expect(dateInZone(instant, 'America/Los_Angeles')).toBe('2026-11-25');
    expect(dateInZone(instant, 'Pacific/Kiritimati')).toBe('2026-11-26');
    expect(isValidTimeZone('Africa/Lagos')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('localDate is dateInZone in the zone this process runs in (the time-zone matrix runs it in five)', () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Around DST changes and midnights alike: any instant from 1970 to 2150.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2150, 0, 1) }), (ms) => {
        const instant = new Date(ms);
        expect(localDate(instant)).toBe(dateInZone(instant, zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips: adding n days then subtracting n gives the start, and daysBetween measures n', () => {
    const dates = fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2060, 11, 31)), noInvalidDate: true }).map((x) => d(x.toISOString().slice(0, 10)));
    fc.assert(
      fc.property(dates, fc.integer({ min: -4000, max: 4000 }), (start, n) => {
        const moved = addDays(start, n);
        return parseCalendarDate(moved) === moved && addDays(moved, -n) === start && daysBetween(start, moved) === n;
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with Date.UTC arithmetic for any date and offset, and for month ends', () => {
    const dates = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true }).map((x) => d(x.toISOString().slice(0, 10)));
    fc.assert(
      fc.property(dates, fc.integer({ min: -40000, max: 40000 }), fc.integer({ min: -30, max: 30 }), (start, n, months) => {
        const [y, m, day] = start.split('-').map(Number) as [number, number, number];
        // Results outside the years a date may have are not dates (parseCalendarDate refuses them).
        const inRange = (iso: string): boolean => Number(iso.slice(0, 4)) >= FIRST_YEAR && Number(iso.slice(0, 4)) <= LAST_YEAR;
        if (!inRange(new Date(Date.UTC(y, m - 1, day + n)).toISOString()) || !inRange(new Date(Date.UTC(y, m - 1 + months, 1)).toISOString())) return true;
        const viaDate = new Date(Date.UTC(y, m - 1, day + n)).toISOString().slice(0, 10);
        const lastOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
        const viaDateMonths = new Date(Date.UTC(y, m - 1 + months, Math.min(day, lastOfTarget))).toISOString().slice(0, 10);
        return addDays(start, n) === viaDate && addMonths(start, months) === viaDateMonths && ymd(y, m + months, day) === new Date(Date.UTC(y, m - 1 + months, day)).toISOString().slice(0, 10);
      }),
      { numRuns: 5000 },
    );
  });
});
