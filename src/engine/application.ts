// The application itself: ERAS token, documents, personal statement, experiences, program list,
// submission at A; NRMP registration, interviews, the rank list and Match Week.
import { addDays, addWeeks, maxDate, minDate, subtractBusinessDays, ymd } from '../domain/dates.js';
import type { PlanWarning, Task } from '../domain/plan.js';
import { milestone, on, targetSpecialties, task, warning, when, type EngineContext, type FamilyResult } from './context.js';

export function planApplication(ctx: EngineContext): FamilyResult {
  const r = ctx.data.rules.application;
  const ecfmg = ctx.data.rules.ecfmg;
  const A = milestone(ctx, 'eras-submit');
  const opens = milestone(ctx, 'eras-opens');
  const review = milestone(ctx, 'eras-programs-review');
  const regOpens = milestone(ctx, 'nrmp-registration-opens');
  const regDeadline = milestone(ctx, 'nrmp-registration-deadline');
  const ranking = milestone(ctx, 'ranking-opens');
  const rol = milestone(ctx, 'rol-deadline');
  const matchDay = milestone(ctx, 'match-day');
  const warnings: PlanWarning[] = [];

  const targets = targetSpecialties(ctx);
  const primary = targets[0]!;
  const finalCheck = addDays(A.date, -r.finalCheckDays.value);
  const prepEnd = addDays(finalCheck, -1);
  const tokenFrom = maxDate(ctx.today, addDays(opens.date, r.tokenAfterErasOpensDays.value));
  const docsBy = subtractBusinessDays(A.date, ecfmg.documentsBusinessDays.value);
  const interviewsEnd = ymd(ctx.year + r.interviewSeasonEnd.yearOffset, r.interviewSeasonEnd.month, r.interviewSeasonEnd.day);
  const signals = ctx.data.specialties;

  const tasks: Task[] = [
    task({
      id: 'eras-token',
      kind: 'application',
      title: 'Buy your ERAS token from ECFMG and register in MyERAS',
      start: tokenFrom,
      end: minDate(addDays(tokenFrom, 13), docsBy),
      why: `IMGs get their ERAS token from ECFMG (MyIntealth), not their school. MyERAS opens ${when(opens)}; ECFMG has released tokens about ${r.tokenAfterErasOpensDays.value} days later. A token is good for one season; you may buy it before your exams are complete.`,
    }),
    task({
      id: 'eras-documents',
      kind: 'application',
      title: 'Send your MSPE, transcript and photo to ECFMG for ERAS',
      start: tokenFrom,
      end: docsBy,
      why: `ECFMG uploads these for IMGs and takes up to ${ecfmg.documentsBusinessDays.value} business days, so send them by ${on(docsBy)} to have them in place when applications go out on ${when(A)}.`,
      dependsOn: ['eras-token'],
    }),
    task({
      id: 'eras-personal-statement',
      kind: 'application',
      title: 'Write your personal statement',
      start: maxDate(ctx.today, addWeeks(A.date, -r.personalStatementWeeks.value)),
      end: prepEnd,
      why: `Drafts, feedback from mentors and a final edit take about ${r.personalStatementWeeks.value} weeks; done a week before ${when(A)} to leave time to proofread. Your clinical log's de-identified stories are its best material (the guide).`,
    }),
    task({
      id: 'eras-experiences',
      kind: 'application',
      title: 'Write your MyERAS experiences',
      start: maxDate(ctx.today, addWeeks(A.date, -r.experiencesWeeks.value)),
      end: prepEnd,
      why: `MyERAS takes up to 10 experiences of 750 characters each, and up to 3 "most meaningful" with a 300-character reflection (AAMC, 2025 season on). The application is locked once submitted on ${when(A)}.`,
    }),
    task({
      id: 'eras-program-list',
      kind: 'application',
      title: 'Build your program list and choose signals',
      start: maxDate(ctx.today, addWeeks(A.date, -r.programListWeeks.value)),
      end: prepEnd,
      why: `Check each program's visa sponsorship, IMG share, Step 2 CK and graduation-year cut-offs before paying to apply. ${primary.signals ? `${primary.name} used ${primary.signals} program signals in the ${signals.signalsSeason} ERAS season (check the current figure). ` : ''}Fees are per specialty: more programs cost more per application.`,
    }),
    task({
      id: 'eras-submit',
      kind: 'application',
      title: 'Certify and submit your ERAS application',
      start: A.date,
      end: A.date,
      why: `Applicants may submit from ${when(A)}. Everything submitted before programs start reviewing on ${when(review)} shows that same date, so submitting on the first day leaves three weeks to fix problems at no cost. The application is locked once submitted; USMLE scores that arrive later are sent with "Resend My Scores".`,
      dependsOn: ['eras-token', 'eras-documents', 'eras-personal-statement', 'eras-experiences', 'eras-program-list'],
    }),
    task({
      id: 'nrmp-register',
      kind: 'application',
      title: 'Register for the NRMP Main Residency Match',
      start: maxDate(ctx.today, regOpens.date),
      end: regDeadline.date,
      why: `Registration opens ${when(regOpens)}; after the standard deadline, ${when(regDeadline)}, a late fee applies. NRMP sends ECFMG its list of registered IMGs weekly, so registering early lets ECFMG report your status.`,
    }),
    task({
      id: 'interviews',
      kind: 'application',
      title: 'Interview season: invitations, interviews and thank-you notes',
      start: review.date,
      end: interviewsEnd,
      why: `Programs review from ${when(review)}; interviews run through the fall and early winter (NRMP). Answer invitations promptly and send a short thank-you after each interview.`,
      dependsOn: ['eras-submit'],
    }),
    task({
      id: 'nrmp-rank-list',
      kind: 'application',
      title: 'Enter and certify your rank order list',
      start: ranking.date,
      end: rol.date,
      why: `Ranking opens ${when(ranking)}; the list must be certified by 9 pm ET on ${when(rol)}, and re-certified after any change. Programs must tell you their visa policy before then.`,
      dependsOn: ['nrmp-register', 'interviews'],
    }),
    task({
      id: 'match-week',
      kind: 'application',
      title: 'Match Week: Monday you learn whether you matched; results Friday at noon ET',
      start: addDays(matchDay.date, -ctx.data.rules.application.matchWeekDaysBeforeMatchDay.value),
      end: matchDay.date,
      why: `Match Day is ${when(matchDay)}. If Monday says you did not match, SOAP runs Monday to Thursday: have your documents ready.`,
      dependsOn: ['nrmp-rank-list'],
    }),
  ];

  const other = targets.filter((t) => t.service === 'ResidencyCAS');
  if (other.length)
    warnings.push(
      warning(
        'residencycas',
        `${other.map((t) => t.name).join(' and ')} ${other.length > 1 ? 'take' : 'takes'} applications through ResidencyCAS, not ERAS. imgplan has no ResidencyCAS calendar and shows the ERAS dates; check ResidencyCAS's own dates.`,
      ),
    );
  return { tasks, warnings };
}
