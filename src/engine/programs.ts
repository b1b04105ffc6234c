// Which programs fit: each program the person collected, checked against the person as they will
// be on the day applications go out (A): the plan's exams, U.S. clinical experience and letters by
// then, and years since graduation then. Hard misses are flagged with their reason; the rest are
// scored for fit with the reasons shown, and grouped into reach, target and safer.
import { daysBetween, yearOf, type CalendarDate } from '../domain/dates.js';
import type { Plan } from '../domain/plan.js';
import type { Program } from '../domain/programs.js';
import type { Profile } from '../domain/profile.js';
import type { ReferenceData } from '../reference/index.js';

/** What a program sees of the person on one day. */
export interface Applicant {
  on: CalendarDate;
  step2ckScore?: number;
  /** Whether a Step 2 CK score exists by then (passed, or a result expected by then). */
  step2ckScored: boolean;
  usceWeeks: number;
  letters: number;
  yearsSinceGraduation: number;
  residencyVisa: Profile['visa']['residencyVisa'];
  states: readonly string[];
  targets: readonly string[];
}

const weeks = (start: CalendarDate, end: CalendarDate): number => (daysBetween(start, end) + 1) / 7;

/**
 * The person on `on`: only what is done by then counts. `planned` counts the plan's tasks that
 * end by then (the person at A); without it only what is already done counts (the person today).
 */
export function applicantOn(on: CalendarDate, plan: Pick<Plan, 'milestones' | 'tasks'>, profile: Profile, planned: boolean): Applicant {
  const review = plan.milestones.find((m) => m.id === 'eras-programs-review')?.date ?? on;
  const counts = (t: Plan['tasks'][number], by: CalendarDate) => t.status === 'done' || (planned && t.status === 'todo' && t.end <= by);
  const usce = profile.usce.filter((u) => u.end <= on).reduce((sum, u) => sum + weeks(u.start, u.end), 0);
  const rotations = plan.tasks.filter((t) => t.kind === 'externship' && counts(t, on)).reduce((sum, t) => sum + weeks(t.start, t.end), 0);
  const uploads = plan.tasks.filter((t) => t.kind === 'letter-upload' && counts(t, review)).length;
  const step2 = profile.exams.step2ck;
  const result = plan.tasks.find((t) => t.id === 'exam-step2ck-result');
  return {
    on,
    ...(step2?.status === 'passed' && step2.score !== undefined ? { step2ckScore: step2.score } : {}),
    step2ckScored: step2?.status === 'passed' || (planned && result !== undefined && result.end <= on),
    usceWeeks: Math.round((usce + rotations) * 10) / 10,
    letters: profile.usce.filter((u) => u.letter).length + uploads,
    yearsSinceGraduation: Math.max(0, yearOf(on) - profile.school.graduationYear),
    residencyVisa: profile.visa.residencyVisa,
    states: profile.preferences.states ?? [],
    targets: profile.targetSpecialties,
  };
}

export type Group = 'safer' | 'target' | 'reach' | 'miss';

export interface Ranked {
  program: Program;
  group: Group;
  score: number;
  /** Why the program is out of reach, when it is. */
  misses: string[];
  /** What raised or lowered the fit. */
  reasons: string[];
}

function visaMiss(program: Program, need: Applicant['residencyVisa']): string | undefined {
  const SPONSORS: Record<Program['visa'], readonly string[]> = { 'J-1': ['j1'], 'H-1B': ['h1b'], both: ['j1', 'h1b'], none: [] };
  const sponsors = SPONSORS[program.visa];
  if (need === 'none') return undefined;
  if (need === 'either') return sponsors.length ? undefined : 'sponsors no visa, and you need one';
  return sponsors.includes(need) ? undefined : `does not sponsor the ${need === 'j1' ? 'J-1' : 'H-1B'} you need`;
}

/** Hard misses: reasons a program would screen the person out on the day in question. */
export function missesOf(program: Program, who: Applicant, data: ReferenceData): string[] {
  const misses: string[] = [];
  const visa = visaMiss(program, who.residencyVisa);
  if (visa) misses.push(visa);
  if (program.minStep2ck !== undefined) {
    if (who.step2ckScore !== undefined && who.step2ckScore < program.minStep2ck)
      misses.push(`Step 2 CK ${who.step2ckScore} is below its stated minimum of ${program.minStep2ck}`);
    else if (!who.step2ckScored) misses.push(`asks for Step 2 CK ${program.minStep2ck} or more, and you will have no score by ${who.on}`);
  }
  if (program.maxYearsSinceGraduation !== undefined && who.yearsSinceGraduation > program.maxYearsSinceGraduation)
    misses.push(`takes graduates of the last ${program.maxYearsSinceGraduation} years; you will be ${who.yearsSinceGraduation} years out`);
  if (program.usceRequired === 'yes' && who.usceWeeks === 0) misses.push('requires U.S. clinical experience');
  const services = new Set(who.targets.map((id) => data.specialties.specialties.find((s) => s.id === id)?.service ?? 'ERAS'));
  if (!services.has(program.service)) misses.push(`takes applications through ${program.service}; none of your target specialties applies there`);
  return misses;
}

/** Fit points for a program the person can apply to, with the reasons, out of 100. */
function fitOf(program: Program, who: Applicant): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = 0;
  if (who.step2ckScore !== undefined && program.minStep2ck !== undefined) {
    const margin = who.step2ckScore - program.minStep2ck;
    const points = margin >= 15 ? 30 : margin >= 5 ? 20 : 10;
    score += points;
    reasons.push(`Step 2 CK ${who.step2ckScore}, ${margin} above its minimum`);
  } else if (who.step2ckScore !== undefined) {
    score += 15;
    reasons.push('states no Step 2 CK minimum');
  } else {
    score += 5;
    reasons.push('your Step 2 CK score is not known yet');
  }
  const share = program.imgShare;
  score += share >= 40 ? 25 : share >= 20 ? 15 : share >= 5 ? 5 : 0;
  reasons.push(`${share}% of its residents are IMGs`);
  if (program.usceRequired === 'no') {
    score += 10;
    reasons.push('asks for no U.S. clinical experience');
  } else if (who.usceWeeks >= (program.usceRequired === 'yes' ? 4 : 8)) {
    score += 15;
    reasons.push(`${who.usceWeeks} weeks of U.S. clinical experience by then`);
  } else reasons.push(`${program.usceRequired === 'yes' ? 'requires' : 'prefers'} U.S. clinical experience; you will have ${who.usceWeeks} weeks`);
  score += 10;
  if (who.residencyVisa !== 'none') reasons.push(`sponsors ${program.visa === 'both' ? 'J-1 and H-1B' : program.visa}`);
  if (who.states.includes(program.state)) {
    score += 20;
    reasons.push(`in ${program.state}, one of your preferred states`);
  }
  return { score, reasons };
}

const GROUP_ORDER: Record<Group, number> = { safer: 0, target: 1, reach: 2, miss: 3 };

export function rankPrograms(programs: readonly Program[], who: Applicant, data: ReferenceData): Ranked[] {
  return programs
    .map((program): Ranked => {
      const misses = missesOf(program, who, data);
      if (misses.length) return { program, group: 'miss', score: 0, misses, reasons: [] };
      const { score, reasons } = fitOf(program, who);
      return { program, group: score >= 65 ? 'safer' : score >= 40 ? 'target' : 'reach', score, misses, reasons };
    })
    .sort((a, b) => GROUP_ORDER[a.group] - GROUP_ORDER[b.group] || b.score - a.score || (a.program.program < b.program.program ? -1 : 1));
}

/** Signal advice for each target specialty from the season's published counts. */
export function signalAdvice(targets: readonly string[], data: ReferenceData): string[] {
  const { specialties, signalsSeason } = data.specialties;
  return targets.flatMap((id) => {
    const s = specialties.find((x) => x.id === id);
    if (!s?.signals) return [];
    return [
      `${s.name}: ${s.signals} program signals in the ${signalsSeason} ERAS season (that season's figure; check the current one). Signal programs you fit and want most, where your application might otherwise be missed; programs are told not to screen on a missing signal.`,
    ];
  });
}
