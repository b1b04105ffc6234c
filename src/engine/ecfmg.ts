// ECFMG certification (Pathway, primary-source verification, the certificate), Step 3 for an
// H-1B residency, and J-1 sponsorship after Match Day.
import { addDays, addWeeks, maxDate, ymd, type CalendarDate } from '../domain/dates.js';
import type { PlanWarning, Task } from '../domain/plan.js';
import { planSitting, examRecord, type ExamPlan } from './exams.js';
import { milestone, on, task, warning, when, type EngineContext, type FamilyResult, type Span, unavailableSpans } from './context.js';

export interface EcfmgPlan extends FamilyResult {
  blocked: Span[];
}

const NEEDS_NO_RESIDENCY_VISA = new Set(['us-citizen', 'green-card']);

export function planEcfmg(ctx: EngineContext, exams: ExamPlan): EcfmgPlan {
  const rules = ctx.data.rules;
  const rol = milestone(ctx, 'rol-deadline');
  const matchDay = milestone(ctx, 'match-day');
  const start = milestone(ctx, 'residency-start');
  const tasks: Task[] = [];
  const warnings: PlanWarning[] = [];
  const blocked: Span[] = [];
  const nextYear = ctx.year + 1;
  const { profile } = ctx;

  let certificateBy: CalendarDate = ctx.today;
  let certificateTask: string | undefined;

  if (!profile.ecfmg.certified) {
    // Pathway: applied for once the season's Pathways open and the OET result is in.
    let pathwayReady: CalendarDate = ctx.today;
    const processing = rules.ecfmg.pathwayProcessingWeeks.value;
    if (profile.ecfmg.pathway === 'not-started') {
      const opens = milestone(ctx, 'ecfmg-pathways-open');
      const oet = exams.outcomes.oet;
      const from = maxDate(ctx.today, opens.date, oet.resultBy ?? ctx.today);
      const by = addDays(from, 13);
      pathwayReady = addWeeks(by, processing);
      tasks.push(
        task({
          id: 'ecfmg-pathway',
          kind: 'ecfmg',
          title: `Apply for an ECFMG Pathway for the ${ctx.year} Match`,
          start: from,
          end: by,
          why: `A Pathway with your OET result meets ECFMG's clinical and communication skills requirement, and must be accepted and reported to NRMP by the rank list deadline on ${when(rol)}. Pathways for this Match open around ${when(opens)}; ECFMG publishes no processing time, so apply as soon as it opens${oet.resultBy ? ' and your OET result is in' : ''} (imgplan allows ${processing} weeks).`,
          dependsOn: oet.resultTaskId ? [oet.resultTaskId] : [],
        }),
      );
    } else if (profile.ecfmg.pathway === 'submitted') {
      pathwayReady = addWeeks(ctx.today, processing);
      tasks.push(
        task({
          id: 'ecfmg-pathway',
          kind: 'ecfmg',
          title: 'Follow your ECFMG Pathway application to acceptance',
          start: ctx.today,
          end: pathwayReady,
          why: `The Pathway must be accepted and reported to NRMP by the rank list deadline on ${when(rol)}; answer any ECFMG request quickly (imgplan allows ${processing} weeks).`,
        }),
      );
    }
    if (pathwayReady > rol.date)
      warnings.push(
        warning(
          'pathway-after-rol-deadline',
          `Your ECFMG Pathway may not be accepted before the rank list deadline (${when(rol)}): without it ECFMG cannot report you as eligible and you would be withdrawn from the ${ctx.year} Match. The ${nextYear} Match is the alternative.`,
        ),
      );

    // Primary-source verification of the final diploma: now for graduates, after graduation for students.
    const verifyWeeks = rules.ecfmg.credentialVerificationWeeks.value;
    const gradMonth = rules.ecfmg.graduationMonth.value;
    const graduated = addDays(ymd(profile.school.graduationYear, gradMonth + 1, 1), -1);
    const credFrom = profile.status === 'graduate' ? ctx.today : maxDate(ctx.today, addDays(graduated, 1));
    const credBy = addWeeks(credFrom, verifyWeeks);
    tasks.push(
      task({
        id: 'ecfmg-credentials',
        kind: 'ecfmg',
        title: 'Have ECFMG verify your final diploma and transcript',
        start: credFrom,
        end: credBy,
        why: `ECFMG certification is complete only when your school confirms your final diploma and transcript directly to ECFMG (primary-source verification); schools take weeks (imgplan allows ${verifyWeeks}).${profile.status === 'student' ? ` Planned after graduation, assumed by ${on(graduated)}; move it if your school differs.` : ' If ECFMG has already verified them, mark this done.'}`,
      }),
    );

    const step1 = exams.outcomes.step1;
    const step2 = exams.outcomes.step2ck;
    const readyFrom = maxDate(ctx.today, step1.resultBy ?? ctx.today, step2.resultBy ?? ctx.today, pathwayReady, credBy);
    const issueWeeks = rules.ecfmg.certificateIssueWeeks.value;
    certificateBy = addWeeks(readyFrom, issueWeeks);
    certificateTask = 'ecfmg-certificate';
    tasks.push(
      task({
        id: certificateTask,
        kind: 'ecfmg',
        title: 'ECFMG certificate issued',
        start: readyFrom,
        end: certificateBy,
        why: `ECFMG issues the certificate about ${issueWeeks} weeks after the last requirement (Step 1, Step 2 CK, the Pathway with OET, the verified diploma). You need it before residency starts on ${when(start)}${profile.visa.residencyVisa === 'h1b' ? ', and before you may apply for Step 3' : ''}.`,
        dependsOn: [step1.resultTaskId, step2.resultTaskId, 'ecfmg-pathway', 'ecfmg-credentials'].filter((x): x is string => x !== undefined),
      }),
    );
    if (certificateBy > start.date)
      warnings.push(
        warning(
          'ecfmg-certificate-late',
          `Your ECFMG certificate is expected around ${on(certificateBy)}, after residency starts on ${when(start)}. Programs need it before you start; the ${nextYear} Match is the alternative.`,
        ),
      );
    if (profile.status === 'student' && graduated >= start.date)
      warnings.push(
        warning(
          'graduation-after-residency-start',
          `You graduate in ${profile.school.graduationYear}, too late to start residency on ${when(start)}; NRMP requires you to be able to start then. Plan for a later Match year.`,
        ),
      );
  }

  // Step 3: an H-1B residency needs all three Steps; it may only be taken after ECFMG certification.
  if (profile.visa.residencyVisa === 'h1b') {
    const r3 = rules.exams.step3;
    const latest = ymd(ctx.year + r3.latestSitting.yearOffset, r3.latestSitting.month, r3.latestSitting.day);
    const s3 = planSitting(ctx, {
      exam: 'step3',
      record: examRecord(ctx, 'step3'),
      earliest: addDays(certificateBy, r3.afterCertificateDays.value),
      rules: r3,
      studyBlocksRotations: true,
      avoid: [...unavailableSpans(ctx), ...exams.blocked],
      purpose: `An H-1B residency needs all three USMLE Steps passed, and many programs that sponsor it want Step 3 passed by Match Day (${when(matchDay)}). IMGs may apply for Step 3 only after their ECFMG certificate is issued; scores come within 4 weeks, but tests in January and February are reported around mid-March, so sit by ${on(latest)}.`,
      dependsOn: certificateTask ? [certificateTask] : [],
    });
    tasks.push(...s3.tasks);
    warnings.push(...s3.warnings);
    blocked.push(...s3.blocked);
    if (s3.outcome.sitting && !s3.outcome.passed && s3.outcome.sitting > latest)
      warnings.push(
        warning(
          'step3-after-match-day',
          `Step 3 on ${on(s3.outcome.sitting)} is unlikely to be scored before Match Day (${when(matchDay)}). Programs that sponsor the H-1B often require it by then: consider J-1 programs too, or the ${nextYear} Match.`,
        ),
      );
  }

  // J-1: ECFMG sponsors every clinical J-1; the program starts the application after Match Day.
  const needsVisa = !NEEDS_NO_RESIDENCY_VISA.has(profile.visa.current);
  if (needsVisa && (profile.visa.residencyVisa === 'j1' || profile.visa.residencyVisa === 'either')) {
    const weeks = rules.ecfmg.j1SponsorshipWeeks.value;
    tasks.push(
      task({
        id: 'ecfmg-j1-sponsorship',
        kind: 'ecfmg',
        title: 'J-1 sponsorship through ECFMG (with your program)',
        start: addDays(matchDay.date, 1),
        end: addDays(start.date, -1),
        why: `ECFMG is the only J-1 sponsor for clinical training. After Match Day your program's Training Program Liaison starts the application, which takes ${weeks - 2}-${weeks} weeks; you need a Statement of Need from your home country's Ministry of Health. Residency starts ${when(start)}.`,
        dependsOn: ['match-week'],
      }),
    );
  }
  if (needsVisa && profile.visa.residencyVisa === 'none')
    warnings.push(
      warning(
        'residency-visa-missing',
        `Your current status (${profile.visa.current}) does not let you train in the U.S. without a visa: set visa.residencyVisa to j1, h1b or either, unless you will hold other work authorisation.`,
      ),
    );
  if (!needsVisa && profile.visa.residencyVisa !== 'none')
    warnings.push(
      warning(
        'residency-visa-not-needed',
        `As a ${profile.visa.current === 'us-citizen' ? 'U.S. citizen' : 'permanent resident'} you need no visa for residency; visa.residencyVisa could be none.`,
      ),
    );

  return { tasks, warnings, blocked };
}
