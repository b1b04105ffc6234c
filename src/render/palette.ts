// The one place that decides colours, so the views name a purpose ("warn", "estimated") and a
// change of scheme or a --no-color run touches nothing else.
import { Chalk } from 'chalk';

export interface Palette {
  /** The plan's name at the top of a view. */
  title(text: string): string;
  /** Section headings: warnings, key dates, months. */
  heading(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  warn(text: string): string;
  error(text: string): string;
  ok(text: string): string;
  accent(text: string): string;
  /** The mark on dates that were projected or come from a secondary source. */
  estimated(text: string): string;
}

export function createPalette(color: boolean): Palette {
  // Level 1 (16 colours) whatever the terminal supports, so coloured output is the same everywhere;
  // level 0 makes chalk return its input unchanged.
  const c = new Chalk({ level: color ? 1 : 0 });
  return {
    title: (s) => c.bold.cyan(s),
    heading: (s) => c.bold(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
    warn: (s) => c.yellow(s),
    error: (s) => c.red(s),
    ok: (s) => c.green(s),
    accent: (s) => c.cyan(s),
    estimated: (s) => c.magenta(s),
  };
}
