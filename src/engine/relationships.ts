// The people behind the plan, from the trackers: reminders to writers who owe a letter, follow-ups
// on rotation applications, and staying in touch with supervisors and writers after exams, at
// ERAS submission, on interview invitations and after Match Day (the guide: sustained
// relationships bring updated letters and advocates).
import { addDays, type CalendarDate } from '../domain/dates.js';
import { EXAM_NAMES, EXAMS, type ExamId } from '../domain/profile.js';
import type { Task } from '../domain/plan.js';
import type { Trackers } from '../domain/trackers.js';
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

function who(trackers: Trackers): string | undefined {
  const writers = [...new Set(trackers.letters.map((l) => l.writer))];
  if (writers.length === 0) return undefined;
  if (writers.length <= 3) return writers.join(', ');
  return `${writers.slice(0, 3).join(', ')} and ${writers.length - 3} more`;
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

  // Staying in touch: with the letter writers when they are known, else with rotation supervisors.
  const rotations = planned.filter((t) => t.kind === 'externship');
  const writers = who(trackers);
  if (writers !== undefined || rotations.length > 0) {
    const people = writers ?? 'your rotation supervisors';
    const firstRotationEnd = rotations.map((r) => r.end).sort()[0];
    const since = writers !== undefined ? undefined : firstRotationEnd;
    const keep = (id: string, title: string, start: CalendarDate, days: number, why: string) =>
      tasks.push(task({ id: `keep-in-touch-${id}`, kind: 'thank-you', title, start, end: addDays(start, days), why: `${why} The guide: keep supervisors and writers posted on exam results, interviews and Match; it is how letters get updated and faculty speak up for you.` }));
    for (const exam of EXAMS) {
      const result = planned.find((t) => t.id === `exam-${exam}-result`);
      if (!result || (since !== undefined && result.end < since)) continue;
      keep(exam, `Tell ${people} your ${EXAM_NAMES[exam as ExamId]} result`, addDays(result.end, 1), 7, `Your ${EXAM_NAMES[exam as ExamId]} result is expected by ${on(result.end)}.`);
    }
    keep('eras', `Tell ${people} you have applied, and thank them again`, A.date, 7, `Applications go out on ${when(A)}.`);
    keep('interviews', `Tell ${people} where you have interviews`, addDays(review.date, 28), 14, `Invitations come in the weeks after programs start reviewing on ${when(review)}; a word from faculty who know a program can help.`);
    keep('match', `Share your Match result with ${people}`, addDays(matchDay.date, 1), 7, `Match Day is ${when(matchDay)}.`);
  }
  return { tasks, warnings: [] };
}
