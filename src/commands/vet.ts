// `imgplan vet [OUTREACH-ID]`: the guide's checks for a paid or unfamiliar placement (who runs it,
// what is hands-on, who supervises, what the fee covers, what earlier IMGs say, whether it promises
// a residency position), plus whether the person's visa and exam status allow what it offers.
// Asks in a terminal, else takes every answer as a flag. With an id the verdict is saved on that
// outreach contact; without one it is only printed.
import { commitAndRemember } from '../store/remember.js';
import type { CalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { Profile } from '../domain/profile.js';
import { NO_TRACKERS, type Outreach, type Vetting } from '../domain/trackers.js';
import { andList } from '../domain/wording.js';
import { matchCalendar } from '../calendar/match-calendar.js';
import { handsOnEligibility } from '../engine/rotations.js';
import { referenceData } from '../reference/index.js';
import { renderVet } from '../render/outreach.js';
import { OUTREACH, readTracker, trackerChange } from '../store/trackers.js';
import type { Deps } from './deps.js';
import { findContact, parseFee } from './outreach.js';
import { printJson } from './planning.js';
import { openSession } from './session.js';

export const RUN_BY = ['hospital', 'practice', 'company'] as const;
export type RunBy = (typeof RUN_BY)[number];
export const SUPERVISION = ['yes', 'no', 'unknown'] as const;
export type Supervision = (typeof SUPERVISION)[number];
export const COVERS = ['malpractice', 'emr', 'admin'] as const;
export type Cover = (typeof COVERS)[number];
type Verdict = Vetting['verdict'];

const RUN_BY_NAMES: Record<RunBy, string> = {
  hospital: 'a hospital or university',
  practice: 'a private practice',
  company: 'a placement company',
};
const COVER_NAMES: Record<Cover, string> = { malpractice: 'malpractice coverage', emr: 'EMR access', admin: 'administrative costs' };

export interface VetAnswers {
  runBy: RunBy;
  /** It offers hands-on patient care (not only observation). */
  handsOn: boolean;
  /** Supervised by licensed U.S. physicians. */
  supervised: Supervision;
  feeUsd: number;
  /** What the fee covers; empty when there is no fee. */
  covers: Cover[];
  /** Good reviews or testimonials from earlier IMGs were found. */
  reviews: boolean;
  promisesResidency: boolean;
}

export interface VetFinding {
  level: Verdict;
  text: string;
}

export interface VetResult {
  verdict: Verdict;
  /** Most serious first. */
  findings: VetFinding[];
}

/** What the person may do now, from their visa and exam status (see handsOnEligibility). */
export interface MayDo {
  handsOn: boolean;
  reason: string;
}

const SEVERITY: Record<Verdict, number> = { avoid: 0, caution: 1, ok: 2 };
const usd = (n: number): string => `$${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

/**
 * The verdict: avoid on a promise of a residency position or an activity the person's status does
 * not allow; caution when supervision is missing or unknown, when no earlier IMG vouches for it, or
 * when a fee leaves out malpractice coverage; ok otherwise. Every finding is a sentence for the person.
 */
export function vetPlacement(a: VetAnswers, may: MayDo): VetResult {
  const findings: VetFinding[] = [];
  const add = (level: Verdict, text: string) => findings.push({ level, text });

  if (a.promisesResidency)
    add('avoid', 'It promises a residency position. The guide: avoid any placement that promises guaranteed residency positions or sounds too good to be true; no rotation can promise a Match.');
  else add('ok', 'It does not promise a residency position; the guide warns against any placement that does.');

  if (a.handsOn && !may.handsOn)
    add('avoid', `It offers hands-on patient care, which you may not do yet. imgplan's check of your visa and exams: ${may.reason}. The guide asks exactly what is offered, hands-on or observership; doing what your status does not allow puts your visa and your application at risk.`);
  else if (a.handsOn) add('ok', `It offers hands-on patient care, which is open to you. imgplan's check of your visa and exams: ${may.reason}.`);
  else add('ok', `It is observation only, which your status allows${may.handsOn ? '; you may do hands-on work, which the guide calls the most coveted kind, so ask whether any is possible' : ''}.`);

  if (a.supervised === 'no')
    add('caution', 'No licensed U.S. physician supervises it. The guide: an externship is patient care under the supervision of licensed U.S. physicians, and they are the ones who write the U.S. letters programs want.');
  else if (a.supervised === 'unknown')
    add('caution', 'You do not know who supervises it. The guide asks for the supervision details: get the supervising physicians\' names and confirm their U.S. licences before you pay or travel.');
  else add('ok', 'Licensed U.S. physicians supervise it, as the guide asks.');

  if (a.feeUsd > 0) {
    const covered = COVERS.filter((c) => a.covers.includes(c));
    const missing = COVERS.filter((c) => !a.covers.includes(c));
    const what = `The ${usd(a.feeUsd)} fee covers ${covered.length ? andList(covered.map((c) => COVER_NAMES[c])) : 'none of malpractice coverage, EMR access or administrative costs'}`;
    if (!a.covers.includes('malpractice'))
      add('caution', `${what}. The guide: clarify what a fee covers (administrative costs, malpractice coverage, EMR access); without malpractice coverage, ask how you are insured before you start.`);
    else add('ok', `${what}${missing.length ? `; ask what you will pay for ${andList(missing.map((c) => COVER_NAMES[c]))}` : ''}.`);
  } else add('ok', 'There is no fee.');

  if (!a.reviews)
    add('caution', 'You found no good reviews or testimonials from earlier IMGs. The guide: search for them; ask the host to put you in touch with past participants.');
  else add('ok', 'You found good reviews from earlier IMGs, as the guide advises you to look for.');

  add(
    'ok',
    a.runBy === 'company'
      ? 'A placement company arranges it. The guide: verify the credibility of the organization; ask which hospital or clinic you will be in and who will write your letter.'
      : `It is run by ${RUN_BY_NAMES[a.runBy]}. The guide: verify the credibility of the organization or clinic.`,
  );

  findings.sort((x, y) => SEVERITY[x.level] - SEVERITY[y.level]);
  return { verdict: findings[0]!.level, findings };
}

/** The hands-on question for this person today: handsOnEligibility reads only the profile and the data. */
function mayDo(profile: Profile, today: CalendarDate): MayDo {
  const data = referenceData();
  const year = profile.targetMatchYear;
  const calendar = matchCalendar(data.calendar, year);
  return handsOnEligibility({ profile, data, today, year, calendar, applicationDate: calendar['eras-submit'].date, overrides: {}, fixed: {}, trackers: NO_TRACKERS });
}

export interface VetOptions {
  runBy?: string;
  handsOn?: string;
  supervised?: string;
  fee?: string;
  /** Comma-separated: malpractice, emr, admin, or none. */
  covers?: string;
  reviews?: string;
  promisesResidency?: string;
  json?: boolean;
}

function yesNo(flag: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === 'yes' || v === 'y') return true;
  if (v === 'no' || v === 'n') return false;
  throw new InputError('bad-answer', `${flag} must be yes or no, not "${raw}"`, [], `e.g. ${flag} no`);
}

function choice<T extends string>(flag: string, raw: string, values: readonly T[]): T {
  const v = raw.trim().toLowerCase();
  if ((values as readonly string[]).includes(v)) return v as T;
  throw new InputError('bad-answer', `${flag} must be one of ${values.join(', ')}, not "${raw}"`, [], flag === '--run-by' ? 'choose hospital (a hospital or university), practice (a private practice) or company (a placement company or agency)' : `e.g. ${flag} ${values[0]}`);
}

function coversFlag(raw: string): Cover[] {
  const items = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (items.length === 1 && items[0] === 'none') return [];
  return [...new Set(items.map((i) => choice('--covers', i, COVERS)))];
}

/** The answers given as flags, each checked; the rest left out. */
function answersFromFlags(opts: VetOptions): Partial<VetAnswers> {
  return {
    ...(opts.runBy !== undefined ? { runBy: choice('--run-by', opts.runBy, RUN_BY) } : {}),
    ...(opts.handsOn !== undefined ? { handsOn: yesNo('--hands-on', opts.handsOn) } : {}),
    ...(opts.supervised !== undefined ? { supervised: choice('--supervised', opts.supervised, SUPERVISION) } : {}),
    ...(opts.fee !== undefined ? { feeUsd: parseFee('--fee', opts.fee) } : {}),
    ...(opts.covers !== undefined ? { covers: coversFlag(opts.covers) } : {}),
    ...(opts.reviews !== undefined ? { reviews: yesNo('--reviews', opts.reviews) } : {}),
    ...(opts.promisesResidency !== undefined ? { promisesResidency: yesNo('--promises-residency', opts.promisesResidency) } : {}),
  };
}

/** The flags still needed; what the fee covers matters only when there is a fee. */
function missingFlags(a: Partial<VetAnswers>): string[] {
  return [
    a.runBy === undefined && '--run-by',
    a.handsOn === undefined && '--hands-on',
    a.supervised === undefined && '--supervised',
    a.feeUsd === undefined && '--fee',
    a.covers === undefined && a.feeUsd !== 0 && '--covers (when there is a fee)',
    a.reviews === undefined && '--reviews',
    a.promisesResidency === undefined && '--promises-residency',
  ].filter((f): f is string => f !== false);
}

/** Asks for each missing answer, in the order the guide lists its checks. */
async function ask(a: Partial<VetAnswers>): Promise<VetAnswers> {
  const { checkbox, confirm, number, select } = await import('@inquirer/prompts');
  const runBy =
    a.runBy ??
    (await select<RunBy>({
      message: 'Who runs it?',
      choices: [
        { value: 'hospital', name: 'A hospital or university' },
        { value: 'practice', name: 'A private practice' },
        { value: 'company', name: 'A placement company', description: 'an agency or website that arranges placements with hosts' },
      ],
    }));
  const handsOn =
    a.handsOn ??
    (await select<boolean>({
      message: 'What does it offer?',
      choices: [
        { value: true, name: 'Hands-on patient care', description: 'examining patients, writing notes, procedures under supervision' },
        { value: false, name: 'Observation only', description: 'shadowing: an observership' },
      ],
    }));
  const supervised =
    a.supervised ??
    (await select<Supervision>({
      message: 'Is it supervised by licensed U.S. physicians?',
      choices: [
        { value: 'yes', name: 'Yes' },
        { value: 'no', name: 'No' },
        { value: 'unknown', name: 'I do not know yet' },
      ],
    }));
  const feeUsd = a.feeUsd ?? (await number({ message: 'Fee in U.S. dollars (0 if free)', min: 0, max: 1_000_000, step: 'any', required: true, default: 0 }));
  const covers =
    feeUsd === 0
      ? []
      : (a.covers ??
        (await checkbox<Cover>({ message: 'What does the fee cover?', choices: COVERS.map((c) => ({ value: c, name: COVER_NAMES[c] })) })));
  const reviews = a.reviews ?? (await confirm({ message: 'Did you find good reviews or testimonials from IMGs who did it before?', default: false }));
  const promisesResidency = a.promisesResidency ?? (await confirm({ message: 'Does it promise or guarantee a residency position?', default: false }));
  return { runBy, handsOn, supervised, feeUsd, covers, reviews, promisesResidency };
}

/** The answers as saved on the contact (flat values only: the cover list is comma-separated). */
function savedAnswers(a: VetAnswers, may: MayDo): Vetting['answers'] {
  return {
    runBy: a.runBy,
    handsOn: a.handsOn,
    supervised: a.supervised,
    feeUsd: a.feeUsd,
    ...(a.feeUsd > 0 ? { covers: a.covers.join(',') || 'none' } : {}),
    reviews: a.reviews,
    promisesResidency: a.promisesResidency,
    mayDoHandsOn: may.handsOn,
  };
}

export async function runVet(id: string | undefined, opts: VetOptions, deps: Deps): Promise<number> {
  const given = answersFromFlags(opts);
  const session = await openSession(deps);
  const today = deps.today(session.profile.value.timezone);
  const tracker = id !== undefined ? await readTracker(session.ws, OUTREACH) : undefined;
  const entry: Outreach | undefined = tracker && id !== undefined ? findContact(tracker.value.contacts, id) : undefined;
  // The fee already on the contact answers the fee question.
  const known: Partial<VetAnswers> = { ...(entry?.feeUsd !== undefined ? { feeUsd: entry.feeUsd } : {}), ...given };
  const missing = missingFlags(known);
  if (missing.length > 0 && !deps.canPrompt)
    throw new InputError(
      'no-terminal',
      `imgplan vet asks its questions in a terminal, and this is not one; give the missing answers as flags: ${missing.join(', ')}`,
      [],
      `e.g. imgplan vet${id !== undefined ? ` ${id}` : ''} --run-by company --hands-on no --supervised yes --fee 1500 --covers malpractice,emr --reviews yes --promises-residency no`,
    );
  const answers = missing.length > 0 ? await ask(known) : ({ covers: [], ...known } as VetAnswers);
  const may = mayDo(session.profile.value, today);
  const result = vetPlacement(answers, may);
  const vetting: Vetting = { verdict: result.verdict, reasons: result.findings.map((f) => f.text), checkedOn: today, answers: savedAnswers(answers, may) };

  if (tracker && entry) {
    const updated: Outreach = { ...entry, feeUsd: answers.feeUsd, vetting };
    const contacts = tracker.value.contacts.map((c) => (c.id === entry.id ? updated : c));
    await commitAndRemember(session.ws, [trackerChange(OUTREACH, tracker, { ...tracker.value, contacts })], { label: `vet ${entry.id}: ${result.verdict}`, date: today });
  }
  if (opts.json) {
    printJson(deps, { ...(entry ? { id: entry.id, institution: entry.institution } : {}), saved: entry !== undefined, ...vetting, findings: result.findings });
    return 0;
  }
  const about = entry ? { id: entry.id, institution: entry.institution } : null;
  const saved = entry ? `Saved on ${entry.id}.` : 'Not saved: give an outreach id to keep the verdict with that contact.';
  deps.out(`${renderVet(result, about, { color: deps.color, width: deps.columns })}\n${saved}\n`);
  return 0;
}
