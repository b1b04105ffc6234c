// `imgplan exam EXAM --result R --date D`: record an exam result in the profile, then regenerate
// every plan in the workspace, all as one step.
import { parseCalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { EXAMS, EXAM_NAMES, type ExamId } from '../domain/profile.js';
import { profileText } from '../store/serialize.js';
import { parseProfile } from '../store/workspace.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';
import { commitWithPlans, everyPlanJson, everyPlanLines, regenerateEveryPlan } from './every-plan.js';
import { openSession } from './session.js';

export const RESULTS = ['passed', 'failed', 'scheduled'] as const;
export type ExamResult = (typeof RESULTS)[number];

export interface ExamOptions {
  result: string;
  date: string;
  score?: string;
  json?: boolean;
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function runExam(examArg: string, opts: ExamOptions, deps: Deps): Promise<number> {
  if (!(EXAMS as readonly string[]).includes(examArg)) throw new InputError('unknown-exam', `EXAM must be one of ${EXAMS.join(', ')}, not "${examArg}"`, [], 'e.g. imgplan exam step2ck --result passed --date 2027-04-20');
  const exam = examArg as ExamId;
  if (!(RESULTS as readonly string[]).includes(opts.result)) throw new InputError('bad-result', `--result must be one of ${RESULTS.join(', ')}, not "${opts.result}"`, [], 'passed or failed for a sitting you took, scheduled for one you booked');
  const result = opts.result as ExamResult;
  const date = parseCalendarDate(opts.date);
  if (date === null) throw new InputError('bad-date', `--date must be a real calendar date written yyyy-MM-dd, not "${opts.date}"`, [], 'e.g. --date 2027-04-20');
  const score = opts.score === undefined ? undefined : Number(opts.score);
  if (score !== undefined && (!Number.isInteger(score) || score < 0 || score > 999)) throw new InputError('bad-score', `--score must be a whole number from 0 to 999, not "${opts.score}"`, [], 'give the score as reported, e.g. --score 248, or leave --score out');

  const session = await openSession(deps);
  const today = deps.today(session.profile.value.timezone);
  if (result !== 'scheduled' && date > today) throw new InputError('date-in-future', `a ${result} result cannot be dated after today (${today})`, [], 'for a booked sitting use --result scheduled');

  // Edit the profile as written (not with defaults filled in), so only this exam's lines change.
  const raw = structuredClone(session.profile.parsed.data) as Raw;
  const exams = isRaw(raw.exams) ? raw.exams : (raw.exams = {});
  const previous = isRaw(exams[exam]) ? (exams[exam] as Raw) : {};
  const record: Raw = { status: result, date, ...(score !== undefined ? { score } : {}) };
  if (result === 'failed') {
    const before = typeof previous.attempts === 'number' ? previous.attempts : previous.status === 'failed' ? 1 : 0;
    record.attempts = before + 1;
    record.firstAttempt = previous.firstAttempt ?? (previous.status === 'failed' ? previous.date : date);
  } else if (previous.attempts !== undefined) {
    record.attempts = previous.attempts;
    if (previous.firstAttempt !== undefined) record.firstAttempt = previous.firstAttempt;
  }
  exams[exam] = record;
  const text = profileText(session.profile.text, raw);
  const profile = parseProfile(session.profile.parsed.file, text);

  const every = await regenerateEveryPlan(session, deps, { profile });
  await commitWithPlans(session, deps, [{ file: session.ws.profileFile, text, basedOn: session.profile.hash }], every, `exam ${exam} ${result} ${date}`);

  if (opts.json) {
    printJson(deps, { exam, record, ...everyPlanJson(every) });
    return 0;
  }
  const lines = [
    `Recorded: ${EXAM_NAMES[exam]} ${result} on ${date}${score !== undefined ? `, score ${score}` : ''}.`,
    ...everyPlanLines(every, deps, (r) => r.plan.warnings.filter((w) => w.code !== 'late-start')),
  ];
  deps.out(`${lines.join('\n')}\n`);
  return 0;
}
