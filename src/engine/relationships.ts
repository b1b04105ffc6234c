// The people behind the plan, from the trackers: reminders to writers who owe a letter, follow-ups
// on rotation applications, and staying in touch with supervisors and writers after exams, at
// ERAS submission, on interview invitations and after Match Day (the guide: sustained
// relationships bring updated letters and advocates).
import { addDays, type CalendarDate } from '../domain/dates.js';
import { EXAM_NAMES, EXAMS, type ExamId } from '../domain/profile.js';
import type { Task } from '../domain/plan.js';
import type { Trackers } from '../domain/trackers.js';
import { andList } from '../domain/wording.js';
import { EXAM_TASK_IDS } from './exams.js';
import { milestone, on, task, when, type EngineContext, type FamilyResult, type FixedTask } from './context.js';

/** Rotations an outreach contact confirmed, with their real dates: the plan keeps them there. */
export function confirmedRotations(trackers: Trackers): Record<string, FixedTask> {
  const fixed: Record<string, FixedTask> = {};
  for (const o of trackers.outreach)
    if (o.status === 'confirmed' && o.rotation && o.start && o.end) fixed[o.rotation] = { start: o.start, end: o.end, finished: false };
  return fixed;
}

/** Letter follow-ups about 3 and 4 weeks after a request (the guide's persistence). */
const LETTER_FOLLOW_UP_DAYS = [21, 28];
const OUTREACH_FOLLOW_UP_DAYS = 14;
const WINDOW_DAYS = 2;

/** Someone to keep posted, known from `since` (undefined: known already). */
interface Contact {
  name: string;
  since: CalendarDate | undefined;
}

function earliest(...dates: (CalendarDate | undefined)[]): CalendarDate | undefined {
  let min: CalendarDate | undefined;
  for (const d of dates) if (d !== undefined && (min === undefined || d < min)) min = d;
  return min;
}

/**
 * The people to keep posted, from the trackers: each letter writer (known from the request, or the
 * end of the rotation the letter comes from), the contact at each confirmed rotation (from its
 * end), and the supervisors of the rotations neither names (from the first one's end).
 */
function contacts(trackers: Trackers, rotations: readonly Task[]): Contact[] {
  const endOf = (id: string | undefined) => rotations.find((r) => r.id === id)?.end;
  const byName = new Map<string, Contact>();
  const covered = new Set<string>();
  const add = (name: string, since: CalendarDate | undefined, rotation: string | undefined) => {
    if (rotation !== undefined) covered.add(rotation);
    const seen = byName.get(name.toLowerCase());
    // The same person twice (two letters): known from the earlier.
    if (seen) seen.since = seen.since === undefined || since === undefined ? undefined : earliest(seen.since, since);
    else byName.set(name.toLowerCase(), { name, since });
  };
  for (const l of trackers.letters) add(l.writer, l.requested === undefined && l.rotation === undefined ? undefined : earliest(l.requested, endOf(l.rotation)), l.rotation);
  for (const o of trackers.outreach) if (o.status === 'confirmed' && o.end) add(o.contact ?? `your supervisors at ${o.institution}`, o.end, o.rotation);
  const others = rotations.filter((r) => !covered.has(r.id));
  const named = [...byName.values()];
  if (others.length) named.push({ name: named.length ? 'your other rotation supervisors' : 'your rotation supervisors', since: earliest(...others.map((r) => r.end)) });
  return named;
}

/** Who, of `people`, is known by `date`: "A, B and C", or "A, B, C and 2 more". */
function knownBy(people: readonly Contact[], date: CalendarDate): string | undefined {
  const names = people.filter((c) => c.since === undefined || c.since <= date).map((c) => c.name);
  if (names.length === 0) return undefined;
  return names.length <= 3 ? andList(names) : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

export function planRelationships(ctx: EngineContext, planned: readonly Task[]): FamilyResult {
  const { trackers } = ctx;
  const review = milestone(ctx, 'eras-programs-review');
  const A = milestone(ctx, 'eras-submit');
  const matchDay = milestone(ctx, 'match-day');
  const tasks: Task[] = [];

  for (const l of trackers.letters) {
    if ((l.stage !== 'requested' && l.stage !== 'materials-sent') || !l.requested) continue;
    for (const [n, days] of LETTER_FOLLOW_UP_DAYS.entries()) {
      const start = addDays(l.requested, days);
      tasks.push(
        task({
          id: `letter-followup-${l.id}-${n + 1}`,
          kind: 'letter-request',
          title: `Follow up with ${l.writer} on your letter (${days / 7} weeks after asking)`,
          start,
          end: addDays(start, WINDOW_DAYS),
          why: `You asked ${l.writer} on ${on(l.requested)}. A short, polite reminder ${days / 7} weeks on, with your CV and the Letter ID again, keeps the letter on track for programs' review on ${when(review)}. Mark the letter received or uploaded (imgplan letters update ${l.id}) and this goes away.`,
        }),
      );
    }
  }

  for (const o of trackers.outreach) {
    if ((o.status !== 'sent' && o.status !== 'follow-up-due') || !o.sent) continue;
    const start = addDays(o.sent, OUTREACH_FOLLOW_UP_DAYS);
    tasks.push(
      task({
        id: `outreach-followup-${o.id}`,
        kind: 'outreach',
        title: `Follow up with ${o.institution}${o.contact ? ` (${o.contact})` : ''}`,
        start,
        end: addDays(start, WINDOW_DAYS),
        why: `No reply since you wrote on ${on(o.sent)}. The guide: persistence and volume matter; one courteous follow-up after two weeks is normal. Record the answer with imgplan outreach update ${o.id}.`,
      }),
    );
  }

  // Staying in touch, after each rotation's thank-you: each update goes to the people known by then.
  const people = contacts(trackers, planned.filter((t) => t.kind === 'externship'));
  // `news` is the day there is something to tell: the people known by then are told.
  const keep = (id: string, title: (who: string) => string, start: CalendarDate, days: number, why: string, news = start) => {
    const who = knownBy(people, news);
    if (who === undefined) return;
    tasks.push(task({ id: `keep-in-touch-${id}`, kind: 'thank-you', title: title(who), start, end: addDays(start, days), why: `${why} The guide: keep supervisors and writers posted on exam results, interviews and Match; it is how letters get updated and faculty speak up for you.` }));
  };
  for (const exam of EXAMS) {
    const result = planned.find((t) => t.id === EXAM_TASK_IDS[exam].result);
    if (!result) continue;
    const name = EXAM_NAMES[exam as ExamId];
    keep(exam, (who) => `Tell ${who} your ${name} result`, addDays(result.end, 1), 7, `Your ${name} result is expected by ${on(result.end)}.`, result.end);
  }
  keep('eras', (who) => `Tell ${who} you have applied, and thank them again`, A.date, 7, `Applications go out on ${when(A)}.`);
  keep('interviews', (who) => `Tell ${who} where you have interviews`, addDays(review.date, 28), 14, `Invitations come in the weeks after programs start reviewing on ${when(review)}; a word from faculty who know a program can help.`);
  keep('match', (who) => `Share your Match result with ${who}`, addDays(matchDay.date, 1), 7, `Match Day is ${when(matchDay)}.`);
  return { tasks, warnings: [] };
}
