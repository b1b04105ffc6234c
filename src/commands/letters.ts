// `imgplan letters add|list|update|show|draft`: letters of recommendation in letters.yaml, each
// moved from planned to uploaded. Every change regenerates every plan in the same step, so the
// follow-ups appear while a writer owes the letter and go once it is in, and the plan's own request
// and upload tasks are marked done when the letter gets that far.
import { parseCalendarDate, type CalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { LETTER_STAGES, letterSchema, nextId, type Letter, type LetterStage, type LettersFile } from '../domain/trackers.js';
import { referenceData } from '../reference/index.js';
import { draftLetterRequest, institutionOf, letterShowView, lettersListView, renderLetterShow, renderLettersList, STAGE_DATE } from '../render/letters.js';
import { LETTERS, LOG, OUTREACH, readPlanTrackers, readTracker, trackerChange, type LoadedTracker } from '../store/trackers.js';
import { parseYaml } from '../store/yaml-file.js';
import type { Deps } from './deps.js';
import { writeOutputFile } from './output-file.js';
import { printJson } from './planning.js';
import { commitWithPlans, regenerateEveryPlan, type EveryPlan } from './every-plan.js';
import { loadPlan, openSession, type Session } from './session.js';
import { didYouMean, rotationArg, specialtyArg } from './tracker-args.js';

export interface LettersAddOptions {
  writer: string;
  title?: string;
  institution?: string;
  rotation?: string;
  specialty?: string;
  specialtySpecific?: boolean;
  stage?: string;
  date?: string;
  note?: string;
  json?: boolean;
}

export interface LettersUpdateOptions {
  stage?: string;
  date?: string;
  writer?: string;
  title?: string;
  institution?: string;
  rotation?: string;
  note?: string;
  /** Allows moving a letter back to an earlier stage. */
  force?: boolean;
  json?: boolean;
}

export interface LettersDraftOptions {
  out?: string;
  force?: boolean;
}

/** A change to a letter: a field set, or removed when undefined. */
type LetterPatch = Partial<Record<keyof Letter, unknown>>;
type Raw = Record<string, unknown>;

const stageIndex = (s: LetterStage): number => LETTER_STAGES.indexOf(s);

function stageArg(raw: string): LetterStage {
  if ((LETTER_STAGES as readonly string[]).includes(raw)) return raw as LetterStage;
  throw new InputError('bad-stage', `--stage must be one of ${LETTER_STAGES.join(', ')}, not "${raw}"`, [], didYouMean(raw, LETTER_STAGES, 'e.g. --stage requested --date 2027-05-20'));
}

/** A stage is recorded once it has happened: a real date, not after today. */
function dateArg(raw: string, today: CalendarDate): CalendarDate {
  const d = parseCalendarDate(raw);
  if (d === null) throw new InputError('bad-date', `--date must be a real calendar date written yyyy-MM-dd, not "${raw}"`, [], 'e.g. --date 2027-05-20');
  if (d > today) throw new InputError('date-in-future', `--date ${d} is after today (${today})`, [], 'record a stage once it has happened, with the day it did');
  return d;
}

function findLetter(letters: readonly Letter[], id: string): Letter {
  const found = letters.find((l) => l.id === id);
  if (found) return found;
  throw new InputError('unknown-letter', `there is no letter "${id}"`, [], didYouMean(id, letters.map((l) => l.id), 'imgplan letters list shows the letters'));
}

const FLAG_OF: Partial<Record<keyof Letter, string>> = { requested: '--date', materialsSent: '--date', received: '--date', uploaded: '--date', specialtySpecific: '--specialty-specific' };

/** `raw` with `patch` applied. */
function applyPatch(raw: Raw, patch: LetterPatch): Raw {
  const next: Raw = { ...raw };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** The letter checked against the letters.yaml schema, so what is saved always loads. */
function checked(raw: Raw): Letter {
  const r = letterSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0]) as keyof Letter;
    throw new InputError('bad-letter', `${FLAG_OF[field] ?? `--${field}`} ${issue.message}`, [], '--writer, --title and --institution each take one line of text, quoted when it has spaces');
  }
  const l = r.data;
  // Each stage comes after the one before it.
  let last: { stage: LetterStage; date: CalendarDate } | undefined;
  for (const stage of LETTER_STAGES) {
    const field = STAGE_DATE[stage];
    const date = field ? l[field] : undefined;
    if (date === undefined) continue;
    if (last && date < last.date)
      throw new InputError('date-out-of-order', `the letter would be ${stage} on ${date}, before it was ${last.stage} on ${last.date}`, [], `give --date the day it was ${stage}: ${last.date} or later`);
    last = { stage, date };
  }
  return l;
}

/** Optional text: trimmed, and an empty value removes the field. */
const text = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** letters.yaml as written (no defaults filled in), so a save edits only the lines it changes. */
function rawLetters(loaded: LoadedTracker<LettersFile>): { file: Raw; letters: Raw[] } {
  const file = loaded.text === undefined ? (structuredClone(LETTERS.empty) as unknown as Raw) : (structuredClone(parseYaml(loaded.file, loaded.text).data) as Raw);
  const letters = Array.isArray(file.letters) ? (file.letters as Raw[]) : [];
  return { file, letters };
}

/** The plan tasks a letter at this stage has completed. */
function completedTasks(letter: Letter): string[] {
  if (!letter.rotation) return [];
  const ids: string[] = [];
  if (stageIndex(letter.stage) >= stageIndex('requested')) ids.push(`letter-request-${letter.rotation}`);
  if (letter.stage === 'uploaded') ids.push(`letter-upload-${letter.rotation}`);
  return ids;
}

interface Saved extends EveryPlan {
  /** Ids of the tasks marked done, in any plan. */
  done: Set<string>;
}

/**
 * Saves letters.yaml and, in the same step, every plan regenerated with the new letters: the
 * tasks `letter` has completed are marked done first.
 */
async function saveLetters(session: Session, deps: Deps, loaded: LoadedTracker<LettersFile>, raw: Raw, letters: Letter[], letter: Letter, label: string): Promise<Saved> {
  const trackers = { ...(await readPlanTrackers(session.ws)), letters };
  const finished = completedTasks(letter);
  const done = new Set<string>();
  const every = await regenerateEveryPlan(session, deps, {
    trackers,
    mine: (plan) => ({
      ...plan,
      tasks: plan.tasks.map((t) => {
        if (!finished.includes(t.id) || t.status === 'done') return t;
        done.add(t.id);
        return { ...t, status: 'done' };
      }),
    }),
  });
  // The file as written is valid letters.yaml input; LettersFile is its parsed form.
  await commitWithPlans(session, deps, [trackerChange(LETTERS, loaded, raw as unknown as LettersFile)], every, label);
  return { ...every, done };
}

/** "requested on 2026-11-20, from rotation-1." and what the plans did about it, in one line. */
function report(letter: Letter, saved: Saved): string {
  const field = STAGE_DATE[letter.stage];
  const parts = [`${letter.stage}${field && letter[field] ? ` on ${letter[field]}` : ''}${letter.rotation ? `, from ${letter.rotation}` : ''}.`];
  if (saved.done.size) parts.push(`Marked done in the plan: ${[...saved.done].join(', ')}.`);
  const followUp = `letter-followup-${letter.id}-`;
  const followUps = [...new Set(saved.results.flatMap((r) => r.plan.tasks.filter((t) => t.id.startsWith(followUp) && t.status === 'todo').map((t) => t.start)))];
  if (followUps.length) parts.push(`Follow up on ${followUps.join(' and ')}.`);
  else if (saved.results.some((r) => r.report.removed.some((t) => t.id.startsWith(followUp)))) parts.push('Its follow-ups are off the plan.');
  if (saved.skipped.length) parts.push(`Not regenerated (applications have gone out): ${saved.skipped.join(', ')}.`);
  return parts.join(' ');
}

export async function runLettersAdd(opts: LettersAddOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const today = deps.today(session.profile.value.timezone);
  const stage = opts.stage === undefined ? 'planned' : stageArg(opts.stage);
  const field = STAGE_DATE[stage];
  if (field && opts.date === undefined) throw new InputError('stage-date', `a ${stage} letter needs --date, the day it was ${stage}`, [], `e.g. --stage ${stage} --date ${today}`);
  if (!field && opts.date !== undefined) throw new InputError('stage-date', 'a planned letter has no date yet', [], 'give its stage too, e.g. --stage requested --date 2027-05-20');
  const date = opts.date === undefined ? undefined : dateArg(opts.date, today);
  const specialty = opts.specialty === undefined ? undefined : specialtyArg(opts.specialty);
  const rotation = opts.rotation === undefined ? undefined : rotationArg((await loadPlan(session, undefined)).value, opts.rotation);

  const loaded = await readTracker(session.ws, LETTERS);
  const id = nextId('letter', loaded.value.letters.map((l) => l.id));
  const letter = checked(
    applyPatch({}, {
      id,
      writer: opts.writer,
      title: text(opts.title),
      institution: text(opts.institution),
      rotation: rotation?.id,
      // A letter from a rotation is in that rotation's specialty unless said otherwise.
      specialty: specialty ?? rotation?.specialty,
      specialtySpecific: Boolean(opts.specialtySpecific),
      stage,
      ...(field ? { [field]: date } : {}),
      note: text(opts.note),
    }),
  );
  const { file, letters } = rawLetters(loaded);
  file.letters = [...letters, letter];
  const saved = await saveLetters(session, deps, loaded, file, [...loaded.value.letters, letter], letter, `letters add ${id}`);
  if (opts.json) printJson(deps, letter);
  else deps.out(`Added ${id} (${letter.writer}): ${report(letter, saved)}\n`);
  return 0;
}

export async function runLettersUpdate(id: string, opts: LettersUpdateOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const today = deps.today(session.profile.value.timezone);
  const loaded = await readTracker(session.ws, LETTERS);
  const current = findLetter(loaded.value.letters, id);
  const edits = [opts.stage, opts.date, opts.writer, opts.title, opts.institution, opts.rotation, opts.note];
  if (edits.every((e) => e === undefined))
    throw new InputError('nothing-to-update', `say what changed for ${id}`, [], 'e.g. --stage received, --date 2027-06-10, --writer, --title, --institution, --rotation or --note');

  const patch: LetterPatch = {};
  const stage = opts.stage === undefined ? current.stage : stageArg(opts.stage);
  if (stageIndex(stage) < stageIndex(current.stage)) {
    if (!opts.force) throw new InputError('stage-backwards', `${id} is already ${current.stage}; stages only move forward`, [], `to move it back to ${stage}, add --force`);
    // The later stages have not happened after all.
    for (const later of LETTER_STAGES.slice(stageIndex(stage) + 1)) {
      const f = STAGE_DATE[later];
      if (f) patch[f] = undefined;
    }
  }
  const field = STAGE_DATE[stage];
  if (!field && opts.date !== undefined) throw new InputError('stage-date', 'a planned letter has no date yet', [], 'give its stage too, e.g. --stage requested --date 2027-05-20');
  patch.stage = stage;
  // Reaching a stage records its day (today unless told) unless it has one; --date alone re-dates the current stage.
  if (field && opts.date !== undefined) patch[field] = dateArg(opts.date, today);
  else if (field && stage !== current.stage && current[field] === undefined) patch[field] = today;
  if (opts.writer !== undefined) patch.writer = opts.writer;
  if (opts.title !== undefined) patch.title = text(opts.title);
  if (opts.institution !== undefined) patch.institution = text(opts.institution);
  if (opts.note !== undefined) patch.note = text(opts.note);
  if (opts.rotation !== undefined) {
    patch.rotation = rotationArg((await loadPlan(session, undefined)).value, opts.rotation).id;
  }

  const { file, letters } = rawLetters(loaded);
  const at = loaded.value.letters.indexOf(current);
  const letter = checked(applyPatch(letters[at] ?? {}, patch));
  // Only the patched keys change in the file (with their checked, trimmed values); the rest stays as written.
  const written = applyPatch(letters[at] ?? {}, Object.fromEntries(Object.keys(patch).map((k) => [k, letter[k as keyof Letter]])));
  file.letters = letters.map((l, i) => (i === at ? written : l));
  const next = loaded.value.letters.map((l) => (l === current ? letter : l));
  const saved = await saveLetters(session, deps, loaded, file, next, letter, `letters update ${id}${stage !== current.stage ? ` ${stage}` : ''}`);
  if (opts.json) printJson(deps, letter);
  else deps.out(`Updated ${id} (${letter.writer}): ${report(letter, saved)}\n`);
  return 0;
}

export async function runLettersList(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const [letters, outreach, plan] = await Promise.all([readTracker(session.ws, LETTERS), readTracker(session.ws, OUTREACH), loadPlan(session, undefined)]);
  const profile = session.profile.value;
  const rules = referenceData().rules.letters;
  const data = lettersListView({
    letters: letters.value.letters,
    outreach: outreach.value.contacts,
    profile,
    plan: plan.value,
    wanted: profile.preferences.lettersNeeded ?? rules.defaultWanted.value,
    maxPerProgram: rules.maxPerProgram.value,
  });
  if (opts.json) printJson(deps, data);
  else deps.out(`${renderLettersList(data, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}

const specialtyNames = (): Record<string, string> => Object.fromEntries(referenceData().specialties.specialties.map((s) => [s.id, s.name]));

export async function runLettersShow(id: string, opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const [letters, outreach] = await Promise.all([readTracker(session.ws, LETTERS), readTracker(session.ws, OUTREACH)]);
  const letter = findLetter(letters.value.letters, id);
  const plan = (await loadPlan(session, undefined)).value;
  const data = letterShowView({ letter, plan, outreach: outreach.value.contacts, specialtyNames: specialtyNames() });
  if (opts.json) printJson(deps, data);
  else deps.out(`${renderLetterShow(data, { color: deps.color, width: deps.columns, today: deps.today(session.profile.value.timezone) })}\n`);
  return 0;
}

export async function runLettersDraft(id: string, opts: LettersDraftOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const [letters, outreach, log] = await Promise.all([readTracker(session.ws, LETTERS), readTracker(session.ws, OUTREACH), readTracker(session.ws, LOG)]);
  const letter = findLetter(letters.value.letters, id);
  const plan = (await loadPlan(session, undefined)).value;
  const email = draftLetterRequest({
    letter,
    profile: session.profile.value,
    plan,
    log: log.value.entries,
    institution: institutionOf(letter, outreach.value.contacts),
    specialtyNames: specialtyNames(),
  });
  if (opts.out === undefined) deps.out(email);
  else await writeOutputFile(deps, session.ws.home, email, { out: opts.out, force: opts.force, example: `${id}-request.txt` });
  return 0;
}
