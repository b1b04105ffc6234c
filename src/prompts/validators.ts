// Answer checks for the init interview, in the shape @inquirer/prompts' `validate` expects:
// true, or the message shown under the prompt. Rules come from the profile schema where it
// states them, so a typed answer and a profile file are held to the same rules.
import type * as z from 'zod';
import { parseCalendarDate, type CalendarDate } from '../domain/dates.js';

export type Check = (value: string) => true | string;

/** Accepts what `schema` accepts; otherwise its first complaint. */
export function schemaCheck(schema: z.ZodType): (value: unknown) => true | string {
  return (value) => {
    const result = schema.safeParse(value);
    return result.success || (result.error.issues[0]?.message ?? 'is not valid');
  };
}

/** Accepts a blank answer (the question was skipped), else defers to `check`. */
export function blankOr(check: Check): Check {
  return (value) => value.trim() === '' || check(value);
}

export function checkDate(value: string): true | string {
  const text = value.trim();
  if (text === '') return 'Type a date as yyyy-mm-dd, e.g. 2027-01-04';
  return parseCalendarDate(text) !== null || `"${text}" is not a calendar date: type it as yyyy-mm-dd, e.g. 2027-01-04`;
}

/** A date on or after `start`: spans are inclusive, so a one-day span ends on its start. */
export function checkEndDate(start: CalendarDate): Check {
  return (value) => {
    const date = checkDate(value);
    if (date !== true) return date;
    return value.trim() >= start || `The end must be on or after the start (${start})`;
  };
}

/** The bounds a zod number schema states, for the number prompt's own range check. */
export function boundsOf(schema: z.ZodNumber): { min: number; max: number } {
  return { min: schema.minValue ?? -Infinity, max: schema.maxValue ?? Infinity };
}
