// `imgplan log add | list | summary | eras`: the clinical log the guide asks for (types of cases,
// procedures observed or assisted, teaching sessions and conferences, de-identified stories) and
// what it feeds: the weeks of U.S. clinical experience and drafts of the MyERAS Experiences.
// Privacy first: a story is never taken from the command line (it would land in shell history),
// every free-text field goes through the PHI check before anything is saved, and no message or
// view ever repeats what the check flagged or what a story says.
import { commitAndRemember } from '../store/remember.js';
import { spawn } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calendarDate, parseCalendarDate, type CalendarDate } from '../domain/dates.js';
import { CancelledError, InputError, type Problem } from '../domain/errors.js';
import { nearest } from '../domain/nearest.js';
import { scanForPhi, type PhiFinding } from '../domain/phi.js';
import type { ExternshipType, Plan, Task } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import { calendarDateSchema } from '../domain/schema-kit.js';
import { logEntrySchema, nextId, PROCEDURE_ROLES, SETTINGS, TRACKER_SCHEMA_VERSION, type LogEntry, type Outreach } from '../domain/trackers.js';
import { referenceData } from '../reference/index.js';
import { erasDrafts, logRows, logSummary, renderErasDrafts, renderLogList, renderLogSummary, rowCounts, type Experience } from '../render/log.js';
import { plural } from '../render/outreach.js';
import { dateRange } from '../render/text.js';
import { LOG, OUTREACH, readTracker, trackerChange } from '../store/trackers.js';
import { readText } from '../store/workspace.js';
import { locate, parseYaml, validate } from '../store/yaml-file.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';
import { loadPlan, openSession, type Session } from './session.js';

export interface LogAddOptions {
  /** A YAML file with the entry's fields, story included. */
  from?: string;
  date?: string;
  rotation?: string;
  setting?: string;
  caseType?: string;
  /** ROLE:NAME, e.g. observed:lumbar-puncture. */
  procedure?: string[];
  teaching?: string[];
  /** The person confirms that what the PHI check flags is not patient data. */
  notPhi?: boolean;
  json?: boolean;
}

/**
 * An entry as given, before it gets its id. phiConfirmed is not taken from a file: only --not-phi
 * or the confirm prompt, answered for this check's findings, sets it.
 */
const entryInputSchema = logEntrySchema.omit({ id: true, phiConfirmed: true }).extend({ date: calendarDateSchema.optional() });
type Draft = Omit<LogEntry, 'id' | 'phiConfirmed'>;

const SETTING_NAMES: Record<(typeof SETTINGS)[number], string> = {
  inpatient: 'Inpatient ward',
  outpatient: 'Outpatient clinic',
  emergency: 'Emergency department',
  icu: 'Intensive care unit',
  'operating-room': 'Operating room',
  community: 'Community setting',
  telehealth: 'Telehealth',
  other: 'Other',
};

const EXTERNSHIP_KINDS: Record<ExternshipType, string> = {
  observational: 'Observership',
  'hands-on': 'Hands-on externship',
  research: 'Research rotation',
  community: 'Community rotation',
};

const USCE_KINDS: Record<Profile['usce'][number]['kind'], string> = {
  observership: 'Observership',
  externship: 'Externship',
  research: 'Research experience',
  volunteer: 'Volunteer experience',
};

/** The plan's rotations an entry can belong to: every externship task not skipped. */
const rotationsOf = (plan: Plan): Task[] => plan.tasks.filter((t) => t.kind === 'externship' && t.status !== 'skipped');

/** The plan's rotations (not the skipped ones) and the profile's U.S. clinical experience. */
function experiencesOf(plan: Plan, profile: Profile, outreach: readonly Outreach[]): Experience[] {
  const names = new Map(referenceData().specialties.specialties.map((s) => [s.id, s.name]));
  const fromPlan = rotationsOf(plan).map((t): Experience => {
    const institution = outreach.find((o) => o.status === 'confirmed' && o.rotation === t.id)?.institution;
    const specialty = t.specialty === undefined ? undefined : names.get(t.specialty);
    return {
      id: t.id,
      source: 'plan',
      title: t.title,
      kind: t.externshipType ? EXTERNSHIP_KINDS[t.externshipType] : 'Rotation',
      ...(specialty !== undefined ? { specialty } : {}),
      ...(institution !== undefined ? { institution } : {}),
      start: t.start,
      end: t.end,
      done: t.status === 'done',
    };
  });
  const fromProfile = profile.usce.map((u, i): Experience => {
    const specialty = names.get(u.specialty) ?? u.specialty;
    return {
      id: `usce-${i + 1}`,
      source: 'profile',
      title: `${USCE_KINDS[u.kind]}: ${specialty}${u.institution !== undefined ? ` at ${u.institution}` : ''}`,
      kind: USCE_KINDS[u.kind],
      specialty,
      ...(u.institution !== undefined ? { institution: u.institution } : {}),
      start: u.start,
      end: u.end,
      done: true,
    };
  });
  return [...fromPlan, ...fromProfile];
}

// ---- PHI check --------------------------------------------------------------------------------

interface FieldFinding extends PhiFinding {
  field: string;
}

/** Every free-text field of the entry through the scanner; structured fields are the person's own. */
function scanEntry(d: Draft): FieldFinding[] {
  const fields: [string, string | undefined][] = [
    ['caseType', d.caseType],
    ...d.procedures.map((p, i): [string, string] => [`procedures[${i}].name`, p.name]),
    ...d.teaching.map((t, i): [string, string] => [`teaching[${i}]`, t]),
    ['story', d.story],
  ];
  return fields.flatMap(([field, text]) => (text === undefined ? [] : scanForPhi(text).map((f) => ({ field, ...f }))));
}

/** "story line 3, column 12: a phone number": where and what, never the text. */
const findingText = (f: FieldFinding): string => `${f.field} line ${f.line}, column ${f.column}: ${f.kind}`;

const PHI_ADVICE = 'remove or generalise it (no names, dates finer than the year, ages over 89, places smaller than a state, numbers or addresses)';

// ---- Where the entry comes from ----------------------------------------------------------------

/** A story as kept: Windows line ends made plain, blank edges trimmed, nothing at all left out. */
function cleanStory(story: string | undefined): string | undefined {
  const text = story?.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').trim();
  return text ? text : undefined;
}

/**
 * Problems of an entry file without the values in them: the validator quotes what it found
 * (", got ..."), and in the clinical log that could be patient data.
 */
function withoutValues<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new InputError(e.code, e.message, e.problems.map((p) => ({ ...p, message: p.message.replace(/[,;] got .*$/s, '') })), e.hint);
  }
}

async function entryFromFile(file: string, today: CalendarDate, rotations: readonly Task[]): Promise<Draft> {
  const read = await readText(file);
  if (!read)
    throw new InputError('no-such-file', `${file} does not exist`, [], "give a YAML file with the entry's fields: date, rotation, setting, caseType, procedures, teaching, story");
  const parsed = withoutValues(() => parseYaml(file, read.text));
  const value = withoutValues(() => validate(parsed, entryInputSchema, { current: TRACKER_SCHEMA_VERSION, kind: 'clinical log entry' }));
  if (value.rotation !== undefined) checkRotation(value.rotation, rotations, { file, ...locate(parsed, ['rotation']), field: 'rotation' });
  return { ...value, date: value.date ?? today, story: cleanStory(value.story) };
}

const FLAG_OF: Record<string, string> = { date: '--date', rotation: '--rotation', setting: '--setting', caseType: '--case', procedures: '--procedure', teaching: '--teaching' };

function entryFromFlags(opts: LogAddOptions, today: CalendarDate, rotations: readonly Task[]): Draft {
  const problems: Problem[] = [];
  const date = opts.date === undefined ? today : parseCalendarDate(opts.date);
  if (date === null) problems.push({ field: '--date', message: `must be a real calendar date written yyyy-mm-dd, not "${opts.date}"` });
  if (opts.setting !== undefined && !(SETTINGS as readonly string[]).includes(opts.setting)) {
    const guess = nearest(opts.setting, SETTINGS, 1)[0];
    problems.push({ field: '--setting', message: `must be one of ${SETTINGS.join(', ')}${guess ? `; did you mean ${guess}?` : ''}` });
  }
  if (opts.caseType === undefined) problems.push({ field: '--case', message: 'is needed: the type of case, e.g. --case "CHF exacerbation"' });
  const procedures = (opts.procedure ?? []).flatMap((raw, i) => {
    const [role = '', ...rest] = raw.split(':');
    if (!(PROCEDURE_ROLES as readonly string[]).includes(role.trim()) || rest.length === 0) {
      problems.push({ field: `--procedure ${i + 1}`, message: 'write it as observed:NAME or assisted:NAME, e.g. observed:lumbar-puncture' });
      return [];
    }
    return [{ name: rest.join(':'), role: role.trim() }];
  });
  if (problems.length) throw new InputError('bad-flags', 'the entry was not saved: fix the flags below', problems, 'imgplan log add --help shows the flags');
  const result = entryInputSchema.safeParse({
    date,
    ...(opts.rotation !== undefined ? { rotation: opts.rotation } : {}),
    ...(opts.setting !== undefined ? { setting: opts.setting } : {}),
    caseType: opts.caseType,
    procedures,
    teaching: opts.teaching ?? [],
  });
  if (!result.success)
    throw new InputError(
      'bad-flags',
      'the entry was not saved: fix the flags below',
      result.error.issues.map((iss) => {
        const [key, index] = iss.path;
        return { field: `${FLAG_OF[String(key)] ?? String(key)}${typeof index === 'number' ? ` ${index + 1}` : ''}`, message: iss.message };
      }),
      'imgplan log add --help shows the flags',
    );
  if (result.data.rotation !== undefined) checkRotation(result.data.rotation, rotations, { field: '--rotation' });
  return { ...result.data, date: result.data.date ?? today };
}

function checkRotation(id: string, rotations: readonly Task[], where: Omit<Problem, 'message'>): void {
  if (rotations.some((r) => r.id === id)) return;
  const guesses = nearest(id, rotations.map((r) => r.id));
  throw new InputError(
    'not-a-rotation',
    'the entry was not saved',
    [{ ...where, message: `the plan has no rotation "${id}"` }],
    guesses.length ? `did you mean ${guesses.join(', ')}? Leave the rotation out for experience outside the plan` : 'leave the rotation out for experience outside the plan; imgplan show lists the rotations',
  );
}

// ---- The interview ----------------------------------------------------------------------------

const STORY_TEMPLATE = [
  '# Write a de-identified story: clinical reasoning, an ethical dilemma or a communication challenge.',
  '# Leave out names, dates finer than the year, ages over 89, places, phone and record numbers.',
  '# Lines starting with # are left out. Save and close the editor to go on; an empty story adds none.',
  '',
  '',
].join('\n');

/** RAM-backed /dev/shm when there is one, so the story never touches a disk; else the temp folder. */
async function privateTempRoot(): Promise<string> {
  try {
    await fs.access('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/**
 * Runs the editor on `file`. Its own Ctrl-C is its business (imgplan stays, to remove the file);
 * an editor that fails or is quit without saving (vim's :cq) cancels the entry.
 */
function runEditor(editor: string, file: string, err: Deps['err']): Promise<void> {
  return new Promise((resolve, reject) => {
    // Like git: the setting goes through the shell, so "code --wait" or an editor with quoted arguments works.
    const child =
      process.platform === 'win32'
        ? spawn(`${editor} "${file}"`, { shell: true, stdio: 'inherit' })
        : spawn('/bin/sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit' });
    const ignore = () => {};
    process.on('SIGINT', ignore);
    child.once('error', (e) => {
      process.off('SIGINT', ignore);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      if (signal === null && code === 0) return resolve();
      err(`The editor ($EDITOR) ${signal !== null ? `was stopped (${signal})` : `exited with status ${code}`}; nothing was saved.\n`);
      reject(new CancelledError());
    });
  });
}

/** The story written in $EDITOR, in a private file (0600 in a 0700 folder) removed afterwards. */
async function storyFromEditor(editor: string, most: number, err: Deps['err'], draft?: string): Promise<string | undefined> {
  const dir = await fs.mkdtemp(path.join(await privateTempRoot(), 'imgplan-story-'));
  try {
    await fs.chmod(dir, 0o700);
    const file = path.join(dir, 'story.txt');
    await fs.writeFile(file, draft === undefined ? STORY_TEMPLATE : `${STORY_TEMPLATE.trimEnd()}\n\n${draft}\n`, { mode: 0o600, flag: 'wx' });
    for (;;) {
      await runEditor(editor, file, err);
      const story = cleanStory((await fs.readFile(file, 'utf8')).split(/\r?\n/).filter((l) => !l.startsWith('#')).join('\n'));
      if (story === undefined || story.length <= most) return story;
      // The text stays in the file, so the person shortens it rather than losing it.
      err(`The story has ${story.length} characters, more than the ${most} the log keeps; it opens again for you to shorten it (save it empty to add none).\n`);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const STORY_MOST = logEntrySchema.shape.story.unwrap().maxLength ?? Infinity;

/** The story, in $EDITOR when there is one (starting from `draft`), else line by line at the prompt. */
async function askStory(deps: Deps, draft?: string): Promise<string | undefined> {
  if (deps.env.EDITOR) return storyFromEditor(deps.env.EDITOR, STORY_MOST, deps.err, draft);
  const { input } = await import('@inquirer/prompts');
  if (draft !== undefined) deps.err('Write the story again, without what was flagged.\n');
  const lines: string[] = [];
  const room = (line: string) => [...lines, line].join('\n').length <= STORY_MOST || `the story may be at most ${STORY_MOST} characters`;
  for (;;) {
    const line = await input({ message: lines.length ? '…' : 'Story, line by line (an empty line ends it)', validate: room });
    if (line.trim() === '') break;
    lines.push(line);
  }
  return cleanStory(lines.join('\n'));
}

/**
 * Asks again for every field the PHI check flagged, starting from what the person wrote, so a
 * flagged entry is fixed rather than typed again (or lost with a story written in $EDITOR).
 */
async function fixFlagged(draft: Draft, findings: readonly FieldFinding[], deps: Deps): Promise<Draft> {
  const { input } = await import('@inquirer/prompts');
  const { schemaCheck } = await import('../prompts/validators.js');
  const shape = logEntrySchema.shape;
  const flagged = new Set(findings.map((f) => f.field));
  const again = (message: string, value: string, check: Parameters<typeof schemaCheck>[0]) => input({ message, default: value, prefill: 'editable', validate: schemaCheck(check) }).then((v) => v.trim());
  const fixed: Draft = { ...draft, procedures: [...draft.procedures], teaching: [...draft.teaching] };
  if (flagged.has('caseType')) fixed.caseType = await again('Type of case', draft.caseType, shape.caseType);
  for (const [i, p] of draft.procedures.entries())
    if (flagged.has(`procedures[${i}].name`)) fixed.procedures[i] = { ...p, name: await again(`Procedure ${i + 1}`, p.name, shape.procedures.unwrap().element.shape.name) };
  for (const [i, t] of draft.teaching.entries())
    if (flagged.has(`teaching[${i}]`)) fixed.teaching[i] = await again(`Teaching session ${i + 1}`, t, shape.teaching.unwrap().element);
  if (flagged.has('story')) {
    const story = await askStory(deps, draft.story);
    if (story === undefined) delete fixed.story;
    else fixed.story = story;
  }
  return fixed;
}

async function askEntry(rotations: readonly Task[], today: CalendarDate, deps: Deps): Promise<Draft> {
  const { confirm, input, select } = await import('@inquirer/prompts');
  const { checkDate, schemaCheck } = await import('../prompts/validators.js');
  const shape = logEntrySchema.shape;
  const procedureName = shape.procedures.unwrap().element.shape.name;

  const date = calendarDate((await input({ message: 'Date of the case', default: today, validate: checkDate })).trim());
  const covering = rotations.find((r) => r.start <= date && date <= r.end);
  const rotation = await select({
    message: 'Rotation',
    choices: [...rotations.map((r) => ({ value: r.id, name: `${r.title} (${dateRange(r.start, r.end, true)})` })), { value: '', name: 'None: outside the plan' }],
    default: covering?.id ?? '',
  });
  const setting = await select<(typeof SETTINGS)[number] | ''>({
    message: 'Setting',
    choices: [...SETTINGS.map((s) => ({ value: s, name: SETTING_NAMES[s] })), { value: '', name: 'Skip' }],
  });
  const caseType = (await input({ message: 'Type of case (no names or dates), e.g. CHF exacerbation', validate: schemaCheck(shape.caseType) })).trim();

  const procedures: Draft['procedures'] = [];
  while (await confirm({ message: procedures.length ? 'Add another procedure?' : 'Add a procedure you observed or assisted?', default: false })) {
    const name = (await input({ message: 'Procedure, e.g. lumbar puncture', validate: schemaCheck(procedureName) })).trim();
    const role = await select({ message: 'Your role', choices: PROCEDURE_ROLES.map((r) => ({ value: r, name: r === 'observed' ? 'Observed' : 'Assisted' })) });
    procedures.push({ name, role });
  }
  const teaching: string[] = [];
  while (await confirm({ message: teaching.length ? 'Add another teaching session?' : 'Add a teaching session or conference?', default: false }))
    teaching.push((await input({ message: 'Session, e.g. Grand rounds: sepsis', validate: schemaCheck(shape.teaching.unwrap().element) })).trim());

  const story = (await confirm({ message: 'Add a de-identified story (clinical reasoning, an ethical dilemma, a communication challenge)?', default: true }))
    ? await askStory(deps)
    : undefined;
  return {
    date,
    ...(rotation !== '' ? { rotation } : {}),
    ...(setting !== '' ? { setting } : {}),
    caseType,
    procedures,
    teaching,
    ...(story !== undefined ? { story } : {}),
  };
}

/**
 * In a terminal, what the PHI check found (never the text), then the person's choice: fix the
 * flagged fields (checked again), save as not patient data, or discard the entry.
 */
async function reviewFindings(draft: Draft, findings: FieldFinding[], deps: Deps): Promise<{ draft: Draft; findings: FieldFinding[] }> {
  const { select } = await import('@inquirer/prompts');
  while (findings.length > 0) {
    deps.err(`The PHI check found ${plural(findings.length, 'possible identifier')} of a patient:\n${findings.map((f) => `  ${findingText(f)}\n`).join('')}`);
    const choice = await select({
      message: 'What now?',
      choices: [
        { value: 'fix', name: 'Fix it: edit what was flagged' },
        { value: 'save', name: 'Save it anyway: none of this is patient data' },
        { value: 'discard', name: 'Discard the entry' },
      ],
      default: 'fix',
    });
    if (choice === 'save') break;
    if (choice === 'discard') throw new InputError('phi-found', 'the entry was not saved', [], `${PHI_ADVICE}, then run imgplan log add again`);
    draft = await fixFlagged(draft, findings, deps);
    findings = scanEntry(draft);
  }
  return { draft, findings };
}

// ---- Commands ---------------------------------------------------------------------------------

export async function runLogAdd(opts: LogAddOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const plan = (await loadPlan(session, undefined)).value;
  const log = await readTracker(session.ws, LOG);
  const today = deps.today(session.profile.value.timezone);
  const rotations = rotationsOf(plan);

  const flagged =
    opts.date !== undefined || opts.rotation !== undefined || opts.setting !== undefined || opts.caseType !== undefined || !!opts.procedure?.length || !!opts.teaching?.length;
  const interactive = opts.from === undefined && !flagged;
  let draft: Draft;
  if (opts.from !== undefined) {
    if (flagged) throw new InputError('bad-flags', 'give the entry either as --from FILE or as flags, not both', [], 'put every field in the file (the story too), or leave out --from and give them as flags');
    draft = await entryFromFile(path.resolve(deps.cwd, opts.from), today, rotations);
  } else if (flagged) draft = entryFromFlags(opts, today, rotations);
  else if (deps.canPrompt) draft = await askEntry(rotations, today, deps);
  else
    throw new InputError(
      'no-terminal',
      'imgplan log add asks its questions in a terminal, and this is not one',
      [],
      'give the entry as a file (imgplan log add --from entry.yaml, the story included) or as flags (--case, --procedure, --teaching; a story only from a file or the terminal)',
    );
  // Past this check, anything flagged has been vouched for: by --not-phi, or at a prompt that defaults to fixing it.
  let findings = scanEntry(draft);
  if (findings.length > 0 && !opts.notPhi && interactive) ({ draft, findings } = await reviewFindings(draft, findings, deps));
  const vouched = findings.length > 0;
  if (vouched && !opts.notPhi && !interactive)
    throw new InputError(
      'phi-found',
      `the entry was not saved: the PHI check found ${plural(findings.length, 'possible identifier')} of a patient`,
      findings.map((f) => ({ message: findingText(f) })),
      `${PHI_ADVICE}; or, if none of it is patient data, add --not-phi to save it marked as checked`,
    );

  const entry: LogEntry = { id: nextId('log', log.value.entries.map((e) => e.id)), ...draft, ...(vouched ? { phiConfirmed: true } : {}) };
  await commitAndRemember(session.ws, [trackerChange(LOG, log, { ...log.value, entries: [...log.value.entries, entry] })], {
    label: `log add ${entry.id}`,
    date: today,
  });

  const row = logRows([entry])[0]!;
  if (opts.json) printJson(deps, { file: log.file, entry: row });
  else
    deps.out(
      `Logged ${entry.id}: ${entry.date}${entry.rotation ? `, ${entry.rotation}` : ''}, ${entry.caseType} (${rowCounts(row)})${vouched ? '; marked as checked: not patient data' : ''}.\nSaved ${log.file}\n`,
    );
  return 0;
}

export async function runLogList(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const rows = logRows((await readTracker(session.ws, LOG)).value.entries);
  if (opts.json) printJson(deps, { entries: rows });
  else deps.out(`${renderLogList(rows, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}

/** The log's entries with the rotations they can be about. */
async function logContext(session: Session): Promise<{ entries: LogEntry[]; experiences: Experience[] }> {
  const [plan, log, outreach] = await Promise.all([loadPlan(session, undefined), readTracker(session.ws, LOG), readTracker(session.ws, OUTREACH)]);
  return { entries: log.value.entries, experiences: experiencesOf(plan.value, session.profile.value, outreach.value.contacts) };
}

export async function runLogSummary(opts: { rotation?: string; json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const { entries, experiences } = await logContext(session);
  if (opts.rotation !== undefined) {
    const known = [...new Set([...experiences.filter((x) => x.source === 'plan').map((x) => x.id), ...entries.flatMap((e) => (e.rotation ? [e.rotation] : []))])];
    if (!known.includes(opts.rotation)) {
      const guesses = nearest(opts.rotation, known);
      throw new InputError('not-a-rotation', `neither the plan nor the log has a rotation "${opts.rotation}"`, [], guesses.length ? `did you mean ${guesses.join(', ')}?` : 'imgplan log list shows the rotations of the entries');
    }
  }
  const summary = logSummary({ entries, experiences, ...(opts.rotation !== undefined ? { rotation: opts.rotation } : {}) });
  if (opts.json) printJson(deps, summary);
  else deps.out(`${renderLogSummary(summary, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}

export async function runLogEras(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const drafts = erasDrafts(await logContext(session));
  if (opts.json) printJson(deps, drafts);
  else deps.out(`${renderErasDrafts(drafts, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}
