// Small zod building blocks shared by every file format imgplan reads.
import * as z from 'zod';
import { FIRST_YEAR, LAST_YEAR, parseCalendarDate, type CalendarDate } from './dates.js';

export const calendarDateSchema = z
  .string({ error: 'must be a calendar date written yyyy-MM-dd' })
  .refine((s) => parseCalendarDate(s) !== null, {
    error: (iss) => {
      const text = String(iss.input);
      const year = /^\d{4}-\d\d-\d\d$/.test(text) ? Number(text.slice(0, 4)) : NaN;
      // A real day in a year imgplan does not plan in (9999-12-31) says so; 2000 is a leap year.
      return (year < FIRST_YEAR || year > LAST_YEAR) && parseCalendarDate(`2000${text.slice(4)}`) !== null
        ? `must be a date from ${FIRST_YEAR} to ${LAST_YEAR}, got "${text}"`
        : `must be a real calendar date written yyyy-MM-dd, got "${text}"`;
    },
  })
  .transform((s) => s as CalendarDate);

/** One line of free text: no control characters, which would garble terminals and files. */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line without control characters');

export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes');

/** A check for objects with an inclusive start and end date: the end may not come first. */
export function endNotBeforeStart(ctx: z.core.ParsePayload<{ start: string; end: string }>): void {
  if (ctx.value.end < ctx.value.start)
    ctx.issues.push({ code: 'custom', message: `ends (${ctx.value.end}) before it starts (${ctx.value.start})`, input: ctx.value, path: ['end'] });
}
