// Exams: USMLE Step 1 and Step 2 CK and OET Medicine, each with preparation, a sitting and a
// result buffer; a date the person already booked is kept exactly as booked.
import { addDays, addMonths, addWeeks, maxDate, nextBusinessDay, spansOverlap, ymd, type CalendarDate } from '../domain/dates.js';
import { EXAMS, EXAM_NAMES, type ExamId, type ExamRecord } from '../domain/profile.js';
import type { PlanWarning, Task } from '../domain/plan.js';
import { milestone, on, task, warning, when, type EngineContext, type FamilyResult, type Span, unavailableSpans } from './context.js';
import { firstFreeSpan } from './spans.js';

export interface ExamOutcome {
  exam: ExamId;
  passed: boolean;
  /** The sitting, when booked by the person or planned here. */
  sitting?: CalendarDate;
  /** The latest day the result is expected, when it is still to come. */
  resultBy?: CalendarDate;
  /** The task to depend on for the result, when there is one. */
  resultTaskId?: string;
}

export interface ExamPlan extends FamilyResult {
  outcomes: Record<'step1' | 'step2ck' | 'oet', ExamOutcome>;
  /** Spans a rotation must not overlap: dedicated study planned here, and every sitting day. */
  blocked: Span[];
}

interface SittingRules {
  prepWeeks: { value: number };
  resultWeeks: { value: number; max?: number };
}

interface SittingInput {
  exam: ExamId;
  record: ExamRecord;
  /** The first day a new sitting may be planned (prerequisites and recency). */
  earliest: CalendarDate;
  rules: SittingRules;
  /** Whether dedicated study keeps the person from a rotation. */
  studyBlocksRotations: boolean;
  /** Spans a new sitting's preparation may not overlap: unavailable dates, other exams. */
  avoid: readonly Span[];
  purpose: string;
  dependsOn: string[];
}

/**
 * Each exam's task ids, built once: an id made afresh for every plan is hashed afresh wherever the
 * plan looks it up.
 */
export const EXAM_TASK_IDS = Object.fromEntries(
  EXAMS.map((e) => [e, { sitting: `exam-${e}`, study: `exam-${e}-study`, result: `exam-${e}-result` }]),
) as Record<ExamId, { sitting: string; study: string; result: string }>;

/** Tasks for one exam: nothing once passed, the booked date kept, or a new sitting planned. */
export function planSitting(ctx: EngineContext, input: SittingInput): { tasks: Task[]; warnings: PlanWarning[]; outcome: ExamOutcome; blocked: Span[] } {
  const { exam, rules } = input;
  const name = EXAM_NAMES[exam];
  const resultMaxWeeks = rules.resultWeeks.max ?? rules.resultWeeks.value;
  const resultWhy = `Results typically take ${rules.resultWeeks.value} weeks; imgplan allows ${resultMaxWeeks}.`;
  const ids = EXAM_TASK_IDS[exam];
  const id = ids.sitting;
  const extra = { exam };
  // A sitting the person moved in the plan counts as booked on that day.
  const pinned = ctx.fixed[id];
  const record: ExamRecord = pinned && input.record.status !== 'passed' ? { ...input.record, status: 'scheduled', date: pinned.start } : input.record;

  if (record.status === 'passed') return { tasks: [], warnings: [], outcome: { exam, passed: true }, blocked: [] };

  if (record.status === 'scheduled' && record.date !== undefined && record.date < ctx.today) {
    // The booked day has gone by without a result being recorded: wait for it, then record it.
    const resultBy = maxDate(ctx.today, addWeeks(record.date, resultMaxWeeks));
    const t = task({
      id: ids.result,
      kind: 'exam',
      title: `Record your ${name} result (sat ${on(record.date)})`,
      start: ctx.today,
      end: resultBy,
      why: `You booked ${name} for ${on(record.date)}, which has passed. ${resultWhy} Update exams.${exam} in your profile when the result arrives, so the plan can unlock what it gates. ${input.purpose}`,
      extra,
    });
    return { tasks: [t], warnings: [], outcome: { exam, passed: false, sitting: record.date, resultBy, resultTaskId: t.id }, blocked: [] };
  }

  const warnings: PlanWarning[] = [];
  const tasks: Task[] = [];
  const blocked: Span[] = [];
  let sitting: CalendarDate;
  if (record.status === 'scheduled' && record.date !== undefined) {
    sitting = record.date;
    // A sitting the person moved in the plan keeps imgplan's study time before it; one booked in
    // the profile is theirs to prepare for (they mark study time as unavailable).
    const study = pinned && !pinned.finished ? studyTask(ctx, input, sitting) : undefined;
    if (study) {
      tasks.push(study);
      if (input.studyBlocksRotations) blocked.push({ start: study.start, end: study.end, reason: `${name} study` });
    }
    tasks.push(
      task({
        id,
        kind: 'exam',
        title: `Sit ${name}${pinned ? '' : ' (booked)'}`,
        start: sitting,
        end: sitting,
        why: `${pinned ? 'Moved by you to' : 'Booked by you for'} ${on(sitting)}; imgplan keeps it there. ${input.purpose}`,
        dependsOn: [...(study ? [study.id] : []), ...input.dependsOn],
        extra,
      }),
    );
  } else {
    const retake = record.status === 'failed';
    const limit = retake && exam !== 'oet' ? retakeRule(ctx, exam, record) : undefined;
    if (limit?.exhausted) return { tasks: [], warnings: [limit.exhausted], outcome: { exam, passed: false }, blocked: [] };
    const earliest = maxDate(input.earliest, limit?.earliest ?? input.earliest);
    const prepDays = 7 * rules.prepWeeks.value;
    // The sitting is a business day: when a free span ends on a weekend the sitting, and the study
    // before it, move to the Monday after, so search again until both are clear of everything to avoid.
    let found: CalendarDate | undefined;
    for (let from = maxDate(ctx.today, addDays(earliest, -prepDays)); found === undefined; ) {
      const free = firstFreeSpan({ from, lengthDays: prepDays + 1, blocked: input.avoid });
      // An unbounded search always finds a span; the fallback only satisfies the type checker.
      if (!free) found = nextBusinessDay(addDays(maxDate(ctx.today, earliest), prepDays));
      else {
        const candidate = nextBusinessDay(free.end);
        const span = { start: addDays(candidate, -prepDays), end: candidate };
        if (input.avoid.some((b) => spansOverlap(span, b))) from = addDays(free.start, 1);
        else found = candidate;
      }
    }
    sitting = found;
    const study = studyTask(ctx, input, sitting, retake);
    tasks.push(
      study,
      task({
        id,
        kind: 'exam',
        title: `${retake ? 'Retake' : 'Sit'} ${name}`,
        start: sitting,
        end: sitting,
        why: `${retake ? `Your last attempt was recorded as failed. ${limit?.why ?? 'OET allows unlimited retakes.'} ` : ''}The earliest sitting after preparation${earliest > ctx.today ? ` and after ${on(earliest)}` : ''}; book it as soon as you can, as test centres fill up. ${input.purpose}`,
        dependsOn: [ids.study, ...input.dependsOn],
        extra,
      }),
    );
    if (input.studyBlocksRotations) blocked.push({ start: study.start, end: study.end, reason: `${name} study` });
    if (retake) warnings.push(warning(`${exam}-retake`, `${name} is recorded as failed: a retake is planned for ${on(sitting)}.${limit ? ` ${limit.why}` : ''}`));
  }
  blocked.push({ start: sitting, end: sitting, reason: `${name} sitting` });
  const resultBy = addWeeks(sitting, resultMaxWeeks);
  tasks.push(
    task({
      id: ids.result,
      kind: 'exam',
      title: `${name} result expected`,
      start: addDays(sitting, 1),
      end: resultBy,
      why: `${resultWhy} Record the result in your profile (exams.${exam}) when it arrives; the plan depends on it.`,
      dependsOn: [id],
      extra,
    }),
  );
  return { tasks, warnings, outcome: { exam, passed: false, sitting, resultBy, resultTaskId: ids.result }, blocked };
}

/** Dedicated preparation in the weeks before a sitting, never before today. */
function studyTask(ctx: EngineContext, input: SittingInput, sitting: CalendarDate, retake = false): Task {
  const name = EXAM_NAMES[input.exam];
  const weeks = input.rules.prepWeeks.value;
  const start = maxDate(ctx.today, addWeeks(sitting, -weeks));
  return task({
    id: EXAM_TASK_IDS[input.exam].study,
    kind: 'exam',
    title: `${retake ? 'Prepare to retake' : 'Study for'} ${name}`,
    start,
    end: maxDate(start, addDays(sitting, -1)),
    why: `About ${weeks} weeks of preparation before the sitting on ${on(sitting)}${input.studyBlocksRotations ? '; no rotation is planned in this time' : ''}. ${input.purpose}`,
    extra: { exam: input.exam },
  });
}

/** When a failed USMLE Step may be retaken under the attempt rules, or why it may not. */
function retakeRule(ctx: EngineContext, exam: ExamId, record: ExamRecord): { earliest?: CalendarDate; why: string; exhausted?: PlanWarning } {
  const r = ctx.data.rules.exams.usmleAttempts;
  const used = record.attempts ?? 1;
  const name = EXAM_NAMES[exam];
  if (used >= r.max)
    return {
      why: '',
      exhausted: warning(
        'usmle-attempt-limit',
        `You have used all ${r.max} attempts at ${name} that USMLE allows, so it cannot be retaken and ECFMG certification through it is closed. Talk to ECFMG about your options before planning further.`,
      ),
    };
  const base = `USMLE allows ${r.max} attempts per Step; this is attempt ${used + 1}.`;
  if (used + 1 <= r.perTwelveMonths) return { why: base };
  const last = record.date ?? ctx.today;
  const first = record.firstAttempt ?? last;
  const earliest = maxDate(addMonths(first, r.laterAfterFirstMonths), addMonths(last, r.laterAfterLastMonths));
  return {
    earliest,
    why: `${base} A ${used + 1}th attempt must come at least ${r.laterAfterFirstMonths} months after the first (${on(first)}) and ${r.laterAfterLastMonths} months after the last (${on(last)}), so not before ${on(earliest)} (FSMB rule; still current: unconfirmed).`,
  };
}

export const examRecord = (ctx: EngineContext, exam: ExamId): ExamRecord =>
  ctx.profile.exams[exam] ?? { status: exam === 'step3' ? 'not-planned' : 'not-started' };

export function planExams(ctx: EngineContext): ExamPlan {
  const r = ctx.data.rules.exams;
  const A = milestone(ctx, 'eras-submit');
  const rol = milestone(ctx, 'rol-deadline');
  const tasks: Task[] = [];
  const warnings: PlanWarning[] = [];
  const blocked: Span[] = [];
  // New sittings avoid unavailable dates, other exams' study, and every day already booked.
  const booked: Span[] = EXAMS.map((e) => ({ e, rec: examRecord(ctx, e) }))
    .filter(({ rec }) => rec.status === 'scheduled' && rec.date !== undefined && rec.date >= ctx.today)
    .map(({ e, rec }) => ({ start: rec.date!, end: rec.date!, reason: `${EXAM_NAMES[e]} sitting` }));
  const unavailable = [...unavailableSpans(ctx), ...booked];
  const avoid = () => [...unavailable, ...blocked];
  const take = (x: ReturnType<typeof planSitting>) => {
    tasks.push(...x.tasks);
    warnings.push(...x.warnings);
    blocked.push(...x.blocked);
    return x.outcome;
  };
  // ECFMG must report exam results to NRMP by the ROL deadline; allow the USMLE result buffer.
  const lastUsmleForMatch = addWeeks(rol.date, -(r.step2ck.resultWeeks.max ?? r.step2ck.resultWeeks.value));

  const step1 = take(
    planSitting(ctx, {
      exam: 'step1',
      record: examRecord(ctx, 'step1'),
      earliest: ctx.today,
      rules: r.step1,
      studyBlocksRotations: true,
      avoid: avoid(),
      purpose: `Step 1 (pass/fail) is required for ECFMG certification and for hands-on rotations, and comes before Step 2 CK.`,
      dependsOn: [],
    }),
  );

  const step2Latest = addWeeks(A.date, -(r.step2ck.resultWeeks.max ?? r.step2ck.resultWeeks.value));
  const step2 = take(
    planSitting(ctx, {
      exam: 'step2ck',
      record: examRecord(ctx, 'step2ck'),
      earliest: step1.sitting ? addWeeks(step1.sitting, r.step2ck.afterStep1Weeks.value) : ctx.today,
      rules: r.step2ck,
      studyBlocksRotations: true,
      avoid: avoid(),
      purpose: `Its score should be in ERAS when applications go out on ${when(A)}: sit by ${on(step2Latest)} so even an 8-week result arrives in time. Programs screen IMGs on this score.`,
      dependsOn: step1.passed ? [] : step1.sitting && step1.sitting >= ctx.today ? ['exam-step1'] : step1.resultTaskId ? [step1.resultTaskId] : [],
    }),
  );

  // OET outside USMLE study time (one exam at a time), and recent enough for the Match's Pathways.
  const oetValidFrom = ymd(ctx.year + r.oet.validFromYearOffset.value, 1, 1);
  const oetEarliest = maxDate(ctx.today, oetValidFrom);
  const oetLatest = addWeeks(rol.date, -(ctx.data.rules.ecfmg.pathwayProcessingWeeks.value + (r.oet.resultWeeks.max ?? r.oet.resultWeeks.value)));
  const oet = take(
    planSitting(ctx, {
      exam: 'oet',
      record: examRecord(ctx, 'oet'),
      earliest: oetEarliest,
      rules: r.oet,
      studyBlocksRotations: false,
      avoid: avoid(),
      purpose: `OET Medicine (350 or more in Listening, Reading and Speaking, 300 or more in Writing, in one sitting) meets ECFMG's communication requirement with a Pathway, which must be accepted by the rank list deadline on ${when(rol)}. Pathways for the ${ctx.year} Match are expected to accept OET results from ${on(oetValidFrom)} on (derived from the 2025 Pathways; unconfirmed).`,
      dependsOn: [],
    }),
  );

  const nextYear = ctx.year + 1;
  if (step2.sitting && !step2.passed && step2.sitting > step2Latest)
    warnings.push(
      warning(
        'step2ck-after-application',
        `Step 2 CK on ${on(step2.sitting)} is too late for its score to be sure to reach ERAS by ${when(A)} (allow up to 8 weeks). Many programs screen on it; the ${nextYear} Match is the alternative.`,
      ),
    );
  for (const [o, latest] of [
    [step1, lastUsmleForMatch],
    [step2, lastUsmleForMatch],
  ] as const) {
    if (o.sitting && !o.passed && o.sitting > latest)
      warnings.push(
        warning(
          `${o.exam}-after-rol-deadline`,
          `${EXAM_NAMES[o.exam]} on ${on(o.sitting)} leaves its result too late for ECFMG to report it to NRMP by the rank list deadline (${when(rol)}); you would be withdrawn from the ${ctx.year} Match. Plan for the ${nextYear} Match instead.`,
        ),
      );
  }
  if (oet.sitting && !oet.passed && oet.sitting > oetLatest)
    warnings.push(
      warning(
        'oet-after-pathway-window',
        `OET on ${on(oet.sitting)} leaves little time for the Pathway to be accepted by the rank list deadline (${when(rol)}); book an earlier sitting or plan for the ${nextYear} Match.`,
      ),
    );
  if (oet.sitting && oet.sitting < oetValidFrom)
    warnings.push(
      warning(
        'oet-may-be-too-old',
        `OET on ${on(oet.sitting)} is before ${on(oetValidFrom)}, the date from which Pathways for the ${ctx.year} Match are expected to accept results (unconfirmed); check ECFMG's Pathway requirements.`,
      ),
    );

  return { tasks, warnings, blocked, outcomes: { step1, step2ck: step2, oet } };
}
