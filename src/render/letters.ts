// Letters of recommendation as the person sees them: the list with the counts against what they
// want and the ERAS rule of at most four letters per program, one letter with its plan tasks, and
// the request email drafted from the profile, the plan and the clinical log.
import { longDate, plainDate, type CalendarDate } from '../domain/dates.js';
import { andList } from '../domain/wording.js';
// Types only, like text.ts: value imports would load zod and the reference data to print a table.
import type { Plan, Task } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import type { Letter, LetterStage, LogEntry, Outreach } from '../domain/trackers.js';
import { procedureCounts, tally, type ProcedureCount } from './log.js';
import { createPalette } from './palette.js';
import { dateRange, effectiveWidth, sortTasks, taskWords, words, wrapText, wrapWords, type Word } from './text.js';

export type StageDateField = 'requested' | 'materialsSent' | 'received' | 'uploaded';

/** The field each stage records its date in; a planned letter has no date yet. */
export const STAGE_DATE: Record<LetterStage, StageDateField | undefined> = {
  planned: undefined,
  requested: 'requested',
  'materials-sent': 'materialsSent',
  received: 'received',
  uploaded: 'uploaded',
};

const stageDate = (l: Letter): CalendarDate | undefined => {
  const field = STAGE_DATE[l.stage];
  return field ? l[field] : undefined;
};

/** A letter counts as secured once the writer has written it. */
const isSecured = (l: Letter): boolean => l.stage === 'received' || l.stage === 'uploaded';

/** The letter's own institution, else the confirmed host of the rotation it comes from. */
export function institutionOf(letter: Letter, outreach: readonly Outreach[]): string | undefined {
  if (letter.institution !== undefined) return letter.institution;
  if (letter.rotation === undefined) return undefined;
  return outreach.find((o) => o.status === 'confirmed' && o.rotation === letter.rotation)?.institution;
}

/** The plan's tasks about one letter: its rotation's request and upload, and its follow-ups. */
export function letterTasks(plan: Plan, letter: Letter): Task[] {
  const own = new RegExp(`^letter-followup-${letter.id}-\\d+$`);
  const ofRotation = letter.rotation ? [`letter-request-${letter.rotation}`, `letter-upload-${letter.rotation}`] : [];
  return sortTasks(plan.tasks.filter((t) => own.test(t.id) || ofRotation.includes(t.id)));
}

const STAGE_LABELS: Record<StageDateField, string> = { requested: 'Requested', materialsSent: 'Materials sent', received: 'Received', uploaded: 'Uploaded' };

const columns = (text: string): number => [...text].length;

// ---- list -------------------------------------------------------------------------------------

export interface LetterRow extends Letter {
  /** The date of the stage it is at, if any. */
  stageDate: CalendarDate | null;
}

export interface LetterCounts {
  /** Letters in letters.yaml. */
  tracked: number;
  /** securedTracked + inProfile + inPlan. */
  secured: number;
  /** Received or uploaded letters in letters.yaml. */
  securedTracked: number;
  /** U.S. letters from the clinical experience listed in the profile (usce[].letter). */
  inProfile: number;
  /** The plan's letter uploads marked done for a rotation no letter in letters.yaml comes from. */
  inPlan: number;
  wanted: number;
  specialtySpecific: number;
  specialtySpecificSecured: number;
}

/** What `imgplan letters list` shows, and what its --json prints. */
export interface LettersListData {
  letters: LetterRow[];
  counts: LetterCounts;
  maxPerProgram: number;
  rule: string;
  warnings: string[];
}

/**
 * The letters secured, counted the same in \`letters list\` and \`status\`: those received or uploaded
 * in letters.yaml, the U.S. letters in the profile, and, for someone who ticks the plan's tasks
 * rather than keeping letters.yaml, uploads the plan marks done for rotations no tracked letter is from.
 */
export function securedLetters(input: { letters: readonly Letter[]; profile: Pick<Profile, 'usce'>; plan?: Pick<Plan, 'tasks'> }): Pick<LetterCounts, 'secured' | 'securedTracked' | 'inProfile' | 'inPlan'> {
  const securedTracked = input.letters.filter(isSecured).length;
  const inProfile = input.profile.usce.filter((u) => u.letter).length;
  const tracked = new Set(input.letters.map((l) => (l.rotation === undefined ? undefined : `letter-upload-${l.rotation}`)));
  const inPlan = (input.plan?.tasks ?? []).filter((t) => t.kind === 'letter-upload' && t.status === 'done' && !tracked.has(t.id)).length;
  return { secured: securedTracked + inProfile + inPlan, securedTracked, inProfile, inPlan };
}

export function lettersListView(input: {
  letters: readonly Letter[];
  outreach: readonly Outreach[];
  profile: Pick<Profile, 'usce'>;
  plan?: Pick<Plan, 'tasks'>;
  wanted: number;
  maxPerProgram: number;
}): LettersListData {
  const { letters, wanted, maxPerProgram } = input;
  const counted = securedLetters(input);
  const { secured } = counted;
  const warnings: string[] = [];
  if (secured > maxPerProgram)
    warnings.push(
      `You have ${secured} letters secured, more than the ${maxPerProgram} ERAS lets you assign to one program: choose the ${maxPerProgram} that fit each program best (specialty-specific letters for programs in that specialty).`,
    );
  return {
    letters: letters.map((l) => {
      const institution = institutionOf(l, input.outreach);
      return { ...l, ...(institution !== undefined ? { institution } : {}), stageDate: stageDate(l) ?? null };
    }),
    counts: {
      tracked: letters.length,
      ...counted,
      wanted,
      specialtySpecific: letters.filter((l) => l.specialtySpecific).length,
      specialtySpecificSecured: letters.filter((l) => l.specialtySpecific && isSecured(l)).length,
    },
    maxPerProgram,
    rule: `ERAS: at most ${maxPerProgram} letters can be assigned to each program; you choose which ones for each program.`,
    warnings,
  };
}

const NONE = '–';

/** Plain text without a trailing newline: a table, or one entry per letter when a table would not fit. */
export function renderLettersList(data: LettersListData, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out = [p.heading('Letters of recommendation')];
  if (data.letters.length === 0) out.push(...wrapText('No letters tracked yet. Add one: imgplan letters add --writer NAME --rotation rotation-1', width, '  ', '    '));
  else {
    const header = ['Id', 'Writer', 'Institution', 'Rotation', 'Stage', 'Specialty-specific'];
    const rows = data.letters.map((l) => [
      l.id,
      l.writer,
      l.institution ?? NONE,
      l.rotation ?? NONE,
      l.stageDate ? `${l.stage} ${plainDate(l.stageDate)}` : l.stage,
      l.specialtySpecific ? 'yes' : 'no',
    ]);
    const paint = (r: readonly string[]) => (i: number) => (i === 0 ? p.accent : i === 4 && r[4]!.startsWith('uploaded') ? p.ok : undefined);
    const widths = header.map((h, i) => Math.max(columns(h), ...rows.map((r) => columns(r[i]!))));
    if (2 + widths.reduce((a, b) => a + b + 2, -2) <= width) {
      // Each cell stays whole; the gap before it pads the previous cell to its column.
      const line = (cells: readonly string[], paintOf: (i: number) => Word['paint']) =>
        cells.map((text, i): Word => ({ text, paint: paintOf(i), gap: i === 0 ? 0 : 2 + widths[i - 1]! - columns(cells[i - 1]!) }));
      out.push(...wrapWords(line(header, () => p.dim), width, '  '));
      for (const r of rows) out.push(...wrapWords(line(r, paint(r)), width, '  '));
    } else {
      // Too wide for a table: one wrapped entry per letter, the fields it has in the table's order.
      for (const r of rows) {
        const fields = r.map((text, i): Word => ({ text: i === 5 ? (text === 'yes' ? 'specialty-specific' : 'not specialty-specific') : text, paint: paint(r)(i), gap: 2 }));
        out.push(...wrapWords(fields.filter((f) => f.text !== NONE), width, '  ', '    '));
      }
    }
  }
  const c = data.counts;
  const sources = [
    `${c.securedTracked} received or uploaded`,
    ...(c.inProfile ? [`${c.inProfile} U.S. ${c.inProfile === 1 ? 'letter' : 'letters'} from the clinical experience in your profile`] : []),
    ...(c.inPlan ? [`${c.inPlan} marked uploaded in the plan`] : []),
  ];
  out.push(
    '',
    ...wrapWords(
      [{ text: `Secured ${c.secured} of ${c.wanted} wanted:`, paint: c.secured >= c.wanted ? p.ok : p.bold }, ...words(`${sources.join(', and ')}.`)],
      width,
      '',
      '  ',
    ),
    ...wrapText(`Specialty-specific: ${c.specialtySpecific} (${c.specialtySpecificSecured} secured).`, width, '', '  '),
    ...wrapText(data.rule, width, '', '  '),
    ...data.warnings.flatMap((w) => wrapWords([{ text: '!', paint: p.warn }, ...words(w)], width, '', '  ')),
  );
  return out.join('\n');
}

// ---- show -------------------------------------------------------------------------------------

export interface LetterShowData {
  letter: Letter;
  /** The letter's institution, else its rotation's confirmed host. */
  institution: string | null;
  specialty: string | null;
  plan: string;
  rotation: { id: string; title: string; start: CalendarDate; end: CalendarDate; status: Task['status'] } | null;
  tasks: Task[];
}

export function letterShowView(input: {
  letter: Letter;
  plan: Plan;
  outreach: readonly Outreach[];
  specialtyNames: Readonly<Record<string, string>>;
}): LetterShowData {
  const { letter, plan } = input;
  const rotation = letter.rotation === undefined ? undefined : plan.tasks.find((t) => t.id === letter.rotation);
  const specialty = letter.specialty ?? rotation?.specialty;
  return {
    letter,
    institution: institutionOf(letter, input.outreach) ?? null,
    specialty: specialty === undefined ? null : (input.specialtyNames[specialty] ?? specialty),
    plan: plan.name,
    rotation: rotation ? { id: rotation.id, title: rotation.title, start: rotation.start, end: rotation.end, status: rotation.status } : null,
    tasks: letterTasks(plan, letter),
  };
}

export function renderLetterShow(data: LetterShowData, opts: { color: boolean; width: number; today: CalendarDate }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const l = data.letter;
  const fields: [string, string][] = [
    ...(l.title !== undefined ? [['Title', l.title] as [string, string]] : []),
    ['Institution', data.institution ?? NONE],
    ['Rotation', data.rotation ? `${data.rotation.title}, ${dateRange(data.rotation.start, data.rotation.end, true)} (${data.rotation.id})` : (l.rotation ?? NONE)],
    ['Specialty', `${data.specialty ?? NONE}${l.specialtySpecific ? ', specialty-specific' : ''}`],
    ['Stage', l.stage],
    ...(Object.entries(STAGE_LABELS) as [StageDateField, string][]).flatMap(([field, label]): [string, string][] => (l[field] ? [[label, longDate(l[field])]] : [])),
    ...(l.note !== undefined ? [['Note', l.note] as [string, string]] : []),
  ];
  const labelWidth = Math.max(...fields.map(([label]) => columns(label)));
  const out = [
    ...wrapWords([{ text: l.id, paint: p.title }, ...words(l.writer, p.bold)], width, '', '  '),
    ...fields.flatMap(([label, value]) => wrapWords([...words(label, p.dim), ...words(value).map((w, i) => (i === 0 ? { ...w, gap: 2 + labelWidth - columns(label) } : w))], width, '  ', ' '.repeat(labelWidth + 4))),
    '',
    p.heading(`In plan ${data.plan}`),
  ];
  if (data.tasks.length === 0) out.push(...wrapText(l.rotation ? 'No tasks about this letter.' : 'No tasks about this letter: link it to a rotation with --rotation to see its request and upload.', width, '  ', '    '));
  for (const t of data.tasks) out.push(...wrapWords(taskWords(t, p, opts.today, true), width, '  ', '      '));
  return out.join('\n');
}

// ---- draft ------------------------------------------------------------------------------------

export interface DraftInput {
  letter: Letter;
  profile: Pick<Profile, 'name' | 'targetSpecialties'>;
  plan: Plan;
  /** The whole clinical log; only the entries of the letter's rotation are used. */
  log: readonly LogEntry[];
  institution: string | undefined;
  specialtyNames: Readonly<Record<string, string>>;
}

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);

/**
 * The request email as plain text, one paragraph a line so a mail client wraps it. Everything in
 * it comes from the person's files: case types and procedures from the clinical log, never its
 * free-text stories (they may hold patient details), dates from the plan; what imgplan cannot
 * know is left in [brackets] to fill in.
 */
export function draftLetterRequest(input: DraftInput): string {
  const { letter, plan, institution } = input;
  const name = (id: string) => input.specialtyNames[id] ?? id;
  const rotation = letter.rotation === undefined ? undefined : plan.tasks.find((t) => t.id === letter.rotation && t.kind === 'externship');
  const specialtyId = rotation?.specialty ?? letter.specialty;
  const specialty = specialtyId === undefined ? undefined : name(specialtyId);
  const dates = rotation ? dateRange(rotation.start, rotation.end, true) : undefined;
  const review = plan.milestones.find((m) => m.id === 'eras-programs-review');

  const subject = `Subject: Request for a letter of recommendation${rotation ? `: ${specialty ? `${specialty} rotation` : 'my rotation'}, ${dates}` : ''}`;
  // Someone entered as "Dr. Sarah Chen" with the title "Dr." is greeted once, not twice.
  const addressee = letter.title !== undefined && !letter.writer.toLowerCase().startsWith(letter.title.toLowerCase()) ? `${letter.title} ${letter.writer}` : letter.writer;

  const paragraphs: string[] = [`Dear ${addressee},`];
  if (rotation) {
    const kind = rotation.externshipType ? `${rotation.externshipType} rotation` : 'rotation';
    paragraphs.push(`Thank you for having me on your team during my ${kind}${specialty ? ` in ${specialty}` : ''}${institution ? ` at ${institution}` : ''}, ${dates}.`);
  } else if (institution) paragraphs.push(`Thank you for the time I spent with you and your team at ${institution}.`);
  paragraphs.push(
    `I am applying for residency in ${andList(input.profile.targetSpecialties.map(name))} in the ${plan.matchYear} Match, and I would be grateful if you would write a letter of recommendation for me. After residency I hope to [your career goals: a fellowship, academic medicine, practice in an underserved community...].`,
  );

  const entries = letter.rotation === undefined ? [] : input.log.filter((e) => e.rotation === letter.rotation);
  const cases = tally(entries.map((e) => e.caseType));
  const procedures = procedureCounts(entries);
  // The more frequent role first: "assisted 3 times, observed once".
  const roles = (pr: ProcedureCount) =>
    (['assisted', 'observed'] as const)
      .filter((role) => pr[role] > 0)
      .sort((a, b) => pr[b] - pr[a])
      .map((role) => `${role} ${times(pr[role])}`)
      .join(', ');
  const caseLines = cases.length
    ? [
        `To help you recall my work, these are the cases I saw${rotation ? ' during the rotation' : ''}, from my clinical log:`,
        ...cases.map((c) => `- ${c.name}${c.count > 1 ? ` (${c.count} cases)` : ''}`),
        ...(procedures.length ? ['Procedures:', ...procedures.map((pr) => `- ${pr.name}: ${roles(pr)}`)] : []),
      ]
    : ['To help you recall my work, these are cases I worked on with you:', '- [a case or contribution you would like them to remember; your clinical log has none for this rotation]'];
  paragraphs.push(caseLines.join('\n'));

  const by = review ? ` on ${plainDate(review.date)}${review.estimated ? ' (the expected date)' : ''}` : '';
  paragraphs.push(
    `Programs start reviewing applications${by}, so the letter would need to be uploaded before then. It is uploaded through the AAMC Letter Writer Portal with the Letter ID from MyERAS, which is on the attached Letter Request Form.`,
  );
  paragraphs.push(
    [
      'I have attached:',
      '- my updated CV',
      '- a draft of my personal statement',
      '- the ERAS Letter Request Form, with my Letter ID',
      cases.length ? '- the list of cases above' : '- a list of the cases I worked on with you',
    ].join('\n'),
  );
  paragraphs.push(`Thank you very much for considering my request${rotation ? ', and for your teaching during the rotation' : ''}.`);
  paragraphs.push(`Kind regards,\n${input.profile.name}`);
  return `${subject}\n\n${paragraphs.join('\n\n')}\n`;
}
