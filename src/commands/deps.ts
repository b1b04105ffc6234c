// What every command receives from main.ts instead of touching process, the clock or the
// terminal itself; tests build their own.
import type { CalendarDate } from '../domain/dates.js';

export interface Deps {
  /** Writes text to standard output as given (callers add newlines). */
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Prompts are allowed only when both ends are terminals. */
  canPrompt: boolean;
  color: boolean;
  columns: number;
  /** Lines on the screen, for views that must fit one (24 when not a terminal). */
  rows: number;
  /** The folder relative paths given on the command line are resolved against. */
  cwd: string;
  /** The workspace folder (--home, IMGPLAN_HOME or the user's data folder). */
  home: string;
  /** Today as a calendar date in `timeZone` (or the machine's), unless --today or IMGPLAN_TODAY pins it. */
  today(timeZone?: string): CalendarDate;
}
