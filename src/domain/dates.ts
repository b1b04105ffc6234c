// Calendar dates as `yyyy-MM-dd` strings. All arithmetic goes through UTCDate, so no result
// ever depends on the machine's time zone or on a local midnight that may not exist (DST).
import { UTCDate } from '@date-fns/utc';
import { addDays as fnsAddDays } from 'date-fns/addDays';
import { addMonths as fnsAddMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';

declare const brand: unique symbol;
export type CalendarDate = string & { readonly [brand]: 'CalendarDate' };

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date if `text` is a real calendar day written yyyy-MM-dd, else null (2027-02-30 is null). */
export function parseCalendarDate(text: string): CalendarDate | null {
  const m = SHAPE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new UTCDate(Date.UTC(y, mo - 1, d));
  if (probe.getFullYear() !== y || probe.getMonth() !== mo - 1 || probe.getDate() !== d) return null;
  return text as CalendarDate;
}

export function calendarDate(text: string): CalendarDate {
  const d = parseCalendarDate(text);
  if (d === null) throw new RangeError(`not a calendar date: ${text}`);
  return d;
}

function toUtc(d: CalendarDate): UTCDate {
  return new UTCDate(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

function fromUtc(u: Date): CalendarDate {
  return format(u, 'yyyy-MM-dd') as CalendarDate;
}

export function ymd(year: number, month: number, day: number): CalendarDate {
  return fromUtc(new UTCDate(year, month - 1, day));
}

export const yearOf = (d: CalendarDate): number => Number(d.slice(0, 4));
export const monthOf = (d: CalendarDate): number => Number(d.slice(5, 7));

export const addDays = (d: CalendarDate, n: number): CalendarDate => fromUtc(fnsAddDays(toUtc(d), n));
export const addWeeks = (d: CalendarDate, n: number): CalendarDate => addDays(d, 7 * n);
/** Month arithmetic clamps to the month's end: 2027-01-31 + 1 month = 2027-02-28. */
export const addMonths = (d: CalendarDate, n: number): CalendarDate => fromUtc(fnsAddMonths(toUtc(d), n));

/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: CalendarDate, b: CalendarDate): number => differenceInCalendarDays(toUtc(b), toUtc(a));

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (d: CalendarDate): number => toUtc(d).getDay();

export const isWeekend = (d: CalendarDate): boolean => weekday(d) === 0 || weekday(d) === 6;

/** The first date on or after `d` that falls on `day` (0 = Sunday). */
export function onOrAfterWeekday(d: CalendarDate, day: number): CalendarDate {
  return addDays(d, (day - weekday(d) + 7) % 7);
}

/** The last date on or before `d` that falls on `day`. */
export function onOrBeforeWeekday(d: CalendarDate, day: number): CalendarDate {
  return addDays(d, -((weekday(d) - day + 7) % 7));
}

export function nextBusinessDay(d: CalendarDate): CalendarDate {
  let x = d;
  while (isWeekend(x)) x = addDays(x, 1);
  return x;
}

export function previousBusinessDay(d: CalendarDate): CalendarDate {
  let x = d;
  while (isWeekend(x)) x = addDays(x, -1);
  return x;
}

/** `n` business days (Monday to Friday) before `d`. */
export function subtractBusinessDays(d: CalendarDate, n: number): CalendarDate {
  let x = d;
  for (let left = n; left > 0; ) {
    x = addDays(x, -1);
    if (!isWeekend(x)) left--;
  }
  return x;
}

export const minDate = (...ds: CalendarDate[]): CalendarDate => ds.reduce((a, b) => (b < a ? b : a));
export const maxDate = (...ds: CalendarDate[]): CalendarDate => ds.reduce((a, b) => (b > a ? b : a));

/** Inclusive spans overlap when each starts on or before the other's end. */
export function spansOverlap(a: { start: CalendarDate; end: CalendarDate }, b: { start: CalendarDate; end: CalendarDate }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** "Wed 1 Sep 2027" */
export const longDate = (d: CalendarDate): string => format(toUtc(d), 'EEE d MMM yyyy');
/** "1 Sep 2027" */
export const plainDate = (d: CalendarDate): string => format(toUtc(d), 'd MMM yyyy');
/** "1 Sep" */
export const shortDate = (d: CalendarDate): string => format(toUtc(d), 'd MMM');
/** "September 2027" */
export const monthLabel = (d: CalendarDate): string => format(toUtc(d), 'MMMM yyyy');
/** "2027-09" */
export const monthKey = (d: CalendarDate): string => d.slice(0, 7);

/** Today in an IANA time zone, from an instant; the only place an instant becomes a date. */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return calendarDate(`${get('year')}-${get('month')}-${get('day')}`);
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
