// The plan as an iCalendar file (RFC 5545): one all-day event per milestone and per task, to
// import into or subscribe from any calendar app. Written by hand because the `ics` package folds
// lines by characters rather than octets. Pure: the same plan always gives the same bytes.
import { createHash } from 'node:crypto';
import { addDays, longDate, type CalendarDate } from '../domain/dates.js';
import type { Milestone, MilestoneId, Plan, Task, TaskKind } from '../domain/plan.js';
import { EXAMS } from '../domain/profile.js';

interface CalendarEvent {
  uid: string;
  summary: string;
  description: string;
  category: string;
  start: CalendarDate;
  /** Inclusive, as in the plan; written as the exclusive DTEND the day after. */
  end: CalendarDate;
  status: 'CONFIRMED' | 'CANCELLED';
  alarm: boolean;
}

// Deadlines worth a reminder a week ahead.
const ALARM_MILESTONES: ReadonlySet<MilestoneId> = new Set<MilestoneId>(['eras-submit', 'nrmp-registration-deadline', 'rol-deadline']);
const ALARM_TASK_KINDS: ReadonlySet<TaskKind> = new Set<TaskKind>(['application', 'letter-upload']);
// Only the sitting itself, not its study block or its result.
const EXAM_SITTINGS: ReadonlySet<string> = new Set(EXAMS.map((exam) => `exam-${exam}`));

export function planToIcs(plan: Plan): string {
  // A fixed stamp from the plan's own "today", so regenerating the file does not change it.
  const stamp = `${basicDate(plan.today)}T000000Z`;
  const events = [...plan.milestones.map((m) => milestoneEvent(plan.name, m)), ...plan.tasks.map((t) => taskEvent(plan.name, t))];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//imgplan//imgplan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(`imgplan: ${plan.name}`)}`,
    ...events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map((line) => `${fold(line)}\r\n`).join('');
}

function milestoneEvent(planName: string, m: Milestone): CalendarEvent {
  return {
    // Task and milestone ids overlap (both have `eras-submit`), hence the separate namespace.
    uid: uid(`imgplan:${planName}:milestone:${m.id}`),
    summary: m.estimated ? `${m.title} (estimated)` : m.title,
    description: `${m.source}\n\nimgplan milestone: ${m.id}`,
    category: 'milestone',
    start: m.date,
    end: m.date,
    status: 'CONFIRMED',
    alarm: ALARM_MILESTONES.has(m.id),
  };
}

function taskEvent(planName: string, t: Task): CalendarEvent {
  return {
    uid: uid(`imgplan:${planName}:${t.id}`),
    // A VEVENT has no "completed" status (that is VTODO's), and apps show the summary everywhere,
    // so done tasks stay on the calendar as a record, marked with a check. Skipped ones are
    // CANCELLED: apps hide or strike them out, and a subscribed calendar drops the old event.
    summary: t.status === 'done' ? `✓ ${t.title}` : t.title,
    description: `${t.why}\n\nimgplan task: ${t.id}`,
    category: t.kind,
    start: t.start,
    end: t.end,
    status: t.status === 'skipped' ? 'CANCELLED' : 'CONFIRMED',
    // Finished or skipped work needs no reminder.
    alarm: t.status === 'todo' && (ALARM_TASK_KINDS.has(t.kind) || (t.kind === 'exam' && EXAM_SITTINGS.has(t.id))),
  };
}

function eventLines(e: CalendarEvent, stamp: string): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${basicDate(e.start)}`,
    `DTEND;VALUE=DATE:${basicDate(addDays(e.end, 1))}`,
    `SUMMARY:${text(e.summary)}`,
    `DESCRIPTION:${text(e.description)}`,
    `CATEGORIES:${text(e.category)}`,
    `STATUS:${e.status}`,
    ...(e.alarm
      ? [
          'BEGIN:VALARM',
          'ACTION:DISPLAY',
          `DESCRIPTION:${text(`${e.summary}: ${e.start === e.end ? longDate(e.start) : `due ${longDate(e.end)}`}`)}`,
          // A week before the deadline: for a span that is its last day, and DTEND is the day after.
          e.start === e.end ? 'TRIGGER:-P7D' : 'TRIGGER;RELATED=END:-P8D',
          'END:VALARM',
        ]
      : []),
    'END:VEVENT',
  ];
}

/**
 * Stable across regenerations, so re-importing updates events instead of duplicating them, and
 * a hash, so it carries no personal data (RFC 7986 5.3).
 */
function uid(key: string): string {
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}@imgplan`;
}

const basicDate = (d: CalendarDate): string => d.replaceAll('-', '');

/**
 * A TEXT value (RFC 5545 3.3.11): `\`, `;` and `,` escaped, newlines as `\n`, and other control
 * characters, which TEXT does not allow, dropped (tab is allowed).
 */
function text(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\r\n|[\\;,\r\n]|[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => {
    if (c === '\\' || c === ';' || c === ',') return `\\${c}`;
    return c.includes('\n') || c === '\r' ? '\\n' : '';
  });
}

/**
 * RFC 5545 3.1: lines of at most 75 octets, continued after CRLF and one space (which counts).
 * Iterating by code point never splits a multi-byte character or a surrogate pair.
 */
function fold(line: string): string {
  let out = '';
  let room = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (size > room) {
      out += '\r\n ';
      room = 74;
    }
    out += ch;
    room -= size;
  }
  return out;
}
