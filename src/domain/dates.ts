// Calendar dates as `yyyy-MM-dd` strings. Arithmetic runs on whole days since 1970-01-01 in UTC,
// so no result ever depends on the machine's time zone or on a local midnight that may not exist
// (DST). Plain Date.UTC arithmetic rather than date-fns: date-fns with the UTC context it needs
// (@date-fns/utc or @date-fns/tz) added about 25 ms to every start of the bundled CLI (median of
// 25 runs each: 45 ms bare, 69-72 ms with it), for what these few functions do.

declare const brand: unique symbol;
export type CalendarDate = string & { readonly [brand]: 'CalendarDate' };

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Days since 1970-01-01 of a year, month (1-12) and day: integer arithmetic, no Date objects
 * (H. Hinnant's days-from-civil), because the engine does this hundreds of times per plan. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// The parts of a yyyy-MM-dd date read digit by digit: no substring or number parsing, since the
// engine reads dates thousands of times per plan. Only for CalendarDate values (checked shape).
const digit = (d: string, i: number): number => d.charCodeAt(i) - 48;
const yearPart = (d: string): number => digit(d, 0) * 1000 + digit(d, 1) * 100 + digit(d, 2) * 10 + digit(d, 3);
const monthPart = (d: string): number => digit(d, 5) * 10 + digit(d, 6);
const dayPart = (d: string): number => digit(d, 8) * 10 + digit(d, 9);

/** fromDays results by day number: each date string is built once per run. */
const built = new Map<number, CalendarDate>();
/** The same strings' day numbers: most dates the engine reads back are ones it built, and a
 * lookup of a string already hashed costs less than reading its digits and converting them. */
const numbered = new Map<string, number>();

const toDays = (d: CalendarDate): number => numbered.get(d) ?? daysFromCivil(yearPart(d), monthPart(d), dayPart(d));

function fromDays(days: number): CalendarDate {
  let d = built.get(days);
  if (d === undefined) {
    d = civilFromDays(days);
    if (built.size < 20_000) {
      built.set(days, d);
      numbered.set(d, days);
    }
  }
  return d;
}

function civilFromDays(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? pad(year, 4) : year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}` as CalendarDate;
}

/**
 * The years a date may have: any career's, and far from the edges of yyyy-MM-dd (a plan adds
 * months and years to what it is given: 9999-12-31 plus 8 weeks has no four-digit year).
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;

/** The date if `text` is a real calendar day written yyyy-MM-dd from FIRST_YEAR to LAST_YEAR, else null (2027-02-30 is null). */
export function parseCalendarDate(text: string): CalendarDate | null {
  const m = SHAPE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < FIRST_YEAR || y > LAST_YEAR) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return text as CalendarDate;
}

export function calendarDate(text: string): CalendarDate {
  const d = parseCalendarDate(text);
  if (d === null) throw new RangeError(`not a calendar date: ${text}`);
  return d;
}

/** The date of year, month (1-12) and day; out-of-range parts roll over as Date.UTC does. */
export function ymd(year: number, month: number, day: number): CalendarDate {
  // Month and day may overflow (month 13, day 0), as with Date.UTC.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return fromDays(daysFromCivil(y, m, 1) + day - 1);
}

export const yearOf = (d: CalendarDate): number => yearPart(d);
export const monthOf = (d: CalendarDate): number => monthPart(d);
const dayOf = (d: CalendarDate): number => dayPart(d);

export const addDays = (d: CalendarDate, n: number): CalendarDate => fromDays(toDays(d) + n);
export const addWeeks = (d: CalendarDate, n: number): CalendarDate => addDays(d, 7 * n);

/** Month arithmetic clamps to the month's end: 2027-01-31 + 1 month = 2027-02-28. */
export function addMonths(d: CalendarDate, n: number): CalendarDate {
  const total = yearOf(d) * 12 + monthOf(d) - 1 + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  // The month's length from day numbers: no Date object per call.
  const first = daysFromCivil(year, month, 1);
  const last = (month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)) - first;
  return fromDays(first + Math.min(dayOf(d), last) - 1);
}

/** Days since 1970-01-01: orders dates as their text does, for sorting many at once. */
export const dayNumber = (d: CalendarDate): number => toDays(d);

/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: CalendarDate, b: CalendarDate): number => toDays(b) - toDays(a);

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (d: CalendarDate): number => (((toDays(d) + 4) % 7) + 7) % 7;

export const isWeekend = (d: CalendarDate): boolean => {
  const w = weekday(d);
  return w === 0 || w === 6;
};

/** The first date on or after `d` that falls on `day` (0 = Sunday). */
export function onOrAfterWeekday(d: CalendarDate, day: number): CalendarDate {
  return addDays(d, (day - weekday(d) + 7) % 7);
}

/** The last date on or before `d` that falls on `day`. */
export function onOrBeforeWeekday(d: CalendarDate, day: number): CalendarDate {
  return addDays(d, -((weekday(d) - day + 7) % 7));
}

/** Saturday or Sunday, for a day number. */
const weekendDay = (days: number): boolean => {
  const w = (((days + 4) % 7) + 7) % 7;
  return w === 0 || w === 6;
};

export function nextBusinessDay(d: CalendarDate): CalendarDate {
  if (!isWeekend(d)) return d;
  let x = toDays(d);
  while (weekendDay(x)) x++;
  return fromDays(x);
}

export function previousBusinessDay(d: CalendarDate): CalendarDate {
  if (!isWeekend(d)) return d;
  let x = toDays(d);
  while (weekendDay(x)) x--;
  return fromDays(x);
}

/** `n` business days (Monday to Friday) before `d`. */
export function subtractBusinessDays(d: CalendarDate, n: number): CalendarDate {
  if (!(n > 0)) return d;
  let x = toDays(d);
  for (let left = n; left > 0; ) {
    x--;
    if (!weekendDay(x)) left--;
  }
  return fromDays(x);
}

export function minDate(...ds: CalendarDate[]): CalendarDate {
  let min = ds[0]!;
  for (let i = 1; i < ds.length; i++) if (ds[i]! < min) min = ds[i]!;
  return min;
}

export function maxDate(...ds: CalendarDate[]): CalendarDate {
  let max = ds[0]!;
  for (let i = 1; i < ds.length; i++) if (ds[i]! > max) max = ds[i]!;
  return max;
}

/** Inclusive spans overlap when each starts on or before the other's end. */
export function spansOverlap(a: { start: CalendarDate; end: CalendarDate }, b: { start: CalendarDate; end: CalendarDate }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

const MONTHS_SHORT = MONTHS.map((m) => m.slice(0, 3));
const monthShort = (d: CalendarDate): string => MONTHS_SHORT[monthOf(d) - 1]!;

/** "Wed 1 Sep 2027" */
export const longDate = (d: CalendarDate): string => `${WEEKDAYS[weekday(d)]} ${dayOf(d)} ${monthShort(d)} ${yearOf(d)}`;
/** plainDate results: the engine writes the same few dates into many sentences of a plan. */
const plainDates = new Map<string, string>();
/** "1 Sep 2027" */
export const plainDate = (d: CalendarDate): string => {
  let text = plainDates.get(d);
  if (text === undefined) {
    text = `${dayOf(d)} ${monthShort(d)} ${yearOf(d)}`;
    if (plainDates.size < 20_000) plainDates.set(d, text);
  }
  return text;
};
/** "1 Sep" */
export const shortDate = (d: CalendarDate): string => `${dayOf(d)} ${monthShort(d)}`;
/** "September 2027" */
export const monthLabel = (d: CalendarDate): string => `${MONTHS[monthOf(d) - 1]} ${yearOf(d)}`;
/** "2027-09" */
export const monthKey = (d: CalendarDate): string => d.slice(0, 7);

/** Today in an IANA time zone, from an instant; with localDate, the only places an instant becomes a date. */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return calendarDate(`${get('year')}-${get('month')}-${get('day')}`);
}

/**
 * The date of an instant in the process's own time zone: dateInZone for that zone, without the
 * ~25 ms an Intl.DateTimeFormat costs to build the first time (Date's local fields need no locale data).
 */
export const localDate = (instant: Date): CalendarDate =>
  calendarDate(`${String(instant.getFullYear()).padStart(4, '0')}-${String(instant.getMonth() + 1).padStart(2, '0')}-${String(instant.getDate()).padStart(2, '0')}`);

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
