// Finding free time between spans a task must not overlap.
import { addDays, onOrAfterWeekday, spansOverlap, type CalendarDate } from '../domain/dates.js';
import type { Span } from './context.js';

export interface FreeSpan {
  start: CalendarDate;
  end: CalendarDate;
  /** Blocked spans the search had to move past. */
  movedPast: Span[];
}

export interface FreeSpanQuery {
  from: CalendarDate;
  lengthDays: number;
  blocked: readonly Span[];
  /** The span must end on or before this day. */
  latestEnd?: CalendarDate;
  /** Start only on this weekday (0 = Sunday). */
  weekday?: number;
}

/** The earliest span of `lengthDays` days from `from` that overlaps nothing blocked. */
export function firstFreeSpan(q: FreeSpanQuery): FreeSpan | undefined {
  const align = (d: CalendarDate) => (q.weekday === undefined ? d : onOrAfterWeekday(d, q.weekday));
  const movedPast: Span[] = [];
  for (let start = align(q.from); ; ) {
    const candidate = { start, end: addDays(start, q.lengthDays - 1) };
    if (q.latestEnd !== undefined && candidate.end > q.latestEnd) return undefined;
    // The clashes go straight to movedPast, with the latest end among them: no array per candidate.
    let lastEnd: CalendarDate | undefined;
    for (const b of q.blocked)
      if (spansOverlap(candidate, b)) {
        movedPast.push(b);
        if (lastEnd === undefined || b.end > lastEnd) lastEnd = b.end;
      }
    if (lastEnd === undefined) return { start: candidate.start, end: candidate.end, movedPast };
    // Every clash ends on or after the candidate's start, so the search always moves forward.
    start = align(addDays(lastEnd, 1));
  }
}
