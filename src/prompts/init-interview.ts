// The interview behind `imgplan init`: every profile question, in the order of
// data/examples/profile.yaml. It only asks and returns the answers; the caller validates and saves.
// Ctrl-C is not caught here: the prompt rejects with ExitPromptError and the caller exits 130.
import { styleText } from 'node:util';
import { checkbox, confirm, input, number, select } from '@inquirer/prompts';
import type * as z from 'zod';
import { calendarDate, yearOf, type CalendarDate } from '../domain/dates.js';
import {
  EXAMS,
  EXAM_NAMES,
  EXAM_STATUSES,
  INTERESTS,
  PATHWAY_STATUSES,
  RESIDENCY_VISAS,
  USCE_KINDS,
  profileSchema,
  type ExamId,
  type ExamStatus,
  type ProfileInput,
  type ResidencyVisa,
} from '../domain/profile.js';
import { referenceData } from '../reference/index.js';
import { VISA_STATUSES, type VisaStatus } from '../reference/schema.js';
import { blankOr, boundsOf, checkDate, checkEndDate, schemaCheck, type Check } from './validators.js';

/** Where the prompts read and write; tests pass their own streams. */
export interface InterviewContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

type UsceInput = NonNullable<ProfileInput['usce']>[number];
type Span = NonNullable<NonNullable<ProfileInput['availability']>['unavailable']>[number];
type ExamInput = NonNullable<NonNullable<ProfileInput['exams']>[ExamId]>;

const EXAM_STATUS_NAMES: Record<ExamStatus, string> = {
  'not-started': 'Not started',
  'not-planned': 'Not planned (not needed)',
  scheduled: 'Scheduled',
  passed: 'Passed',
  failed: 'Failed (most recent attempt)',
};

const EXAM_HINTS: Partial<Record<ExamId, string>> = {
  oet: 'the English test ECFMG accepts alongside the Pathway',
  step3: 'needed before residency only for an H-1B',
};

const RESIDENCY_VISA_CHOICES: Record<ResidencyVisa, { name: string; description: string }> = {
  none: { name: 'None', description: 'U.S. citizen or permanent resident: no visa needed' },
  j1: { name: 'J-1', description: 'sponsored by ECFMG for residency' },
  h1b: { name: 'H-1B', description: 'sponsored by the program; needs USMLE Step 3 passed first' },
  either: { name: 'Either J-1 or H-1B', description: 'keep both doors open' },
};

const PATHWAY_NAMES: Record<(typeof PATHWAY_STATUSES)[number], string> = {
  'not-started': 'Not started',
  submitted: 'Application submitted',
  accepted: 'Accepted (requirement met)',
};

const USCE_KIND_NAMES: Record<(typeof USCE_KINDS)[number], string> = {
  observership: 'Observership (observing only)',
  externship: 'Externship (hands-on)',
  research: 'Research',
  volunteer: 'Volunteer',
};

const INTEREST_NAMES: Record<(typeof INTERESTS)[number], string> = {
  research: 'Research (academic, research-leaning programs)',
  community: 'Community hospitals',
};

/**
 * A dim one-line explanation after the question while it is open, dropped once answered.
 * Plain styleText, as @inquirer styles its own prompts, so the hint matches their look.
 */
function hint(text: string) {
  return {
    style: {
      message: (message: string, status: string) =>
        status === 'done' ? styleText('bold', message) : `${styleText('bold', message)} ${styleText('dim', text)}`,
    },
  };
}

export async function askProfile(opts: { today: CalendarDate; context?: InterviewContext }): Promise<ProfileInput> {
  const ctx = opts.context;
  const { specialties, calendar, eligibility, rules } = referenceData();
  const shape = profileSchema().shape;
  const examShape = shape.exams.unwrap().shape.step2ck.unwrap().shape;
  const usce = shape.usce.unwrap().element.shape;
  const unavailableSpan = shape.availability.unwrap().shape.unavailable.unwrap().element.shape;
  const prefs = shape.preferences.unwrap().shape;

  const text = async (message: string, schema: z.ZodType<string>): Promise<string> =>
    (await input({ message, validate: schemaCheck(schema) }, ctx)).trim();
  const optionalText = async (message: string, schema: z.ZodType<string>, help = 'optional; blank to skip') => {
    const answer = (await input({ message, validate: blankOr(schemaCheck(schema)), theme: hint(help) }, ctx)).trim();
    return answer === '' ? undefined : answer;
  };
  const date = async (message: string, check: Check = checkDate, fallback?: CalendarDate): Promise<CalendarDate> =>
    calendarDate((await input({ message, default: fallback, validate: check, theme: hint('yyyy-mm-dd') }, ctx)).trim());
  const askSpan = async (what: string): Promise<{ start: CalendarDate; end: CalendarDate }> => {
    const start = await date(`${what}: first day`);
    return { start, end: await date(`${what}: last day`, checkEndDate(start)) };
  };
  const specialtyChoices = specialties.specialties.map((s) => ({ value: s.id, name: s.name }));

  const name = await text('Your name', shape.name);
  const timezone = await optionalText('Time zone', shape.timezone.unwrap(), 'IANA name, e.g. Africa/Lagos; blank for none');
  const school = {
    name: await text('Medical school', shape.school.shape.name),
    country: await text('Country of the medical school', shape.school.shape.country),
    graduationYear: await number(
      { message: 'Graduation year (expected, if still a student)', required: true, ...boundsOf(shape.school.shape.graduationYear) },
      ctx,
    ),
  };
  const status = await select(
    {
      message: 'Are you a student or a graduate?',
      choices: [
        { value: 'student', name: 'Student' },
        { value: 'graduate', name: 'Graduate' },
      ],
    },
    ctx,
  );

  const primary = await select({ message: 'Primary target specialty', choices: specialtyChoices, pageSize: 10 }, ctx);
  const others = await checkbox(
    {
      message: 'Other specialties you will also apply to',
      choices: specialtyChoices.filter((c) => c.value !== primary),
      pageSize: 10,
      validate: (picked) => schemaCheck(shape.targetSpecialties)([primary, ...picked.map((c) => c.value)]),
    },
    ctx,
  );

  const { from, to } = calendar.plannableYears;
  const targetMatchYear = await number(
    {
      message: 'Target Match year',
      // Today's year + 2 stands in for the first Match year whose ERAS submission is still ahead.
      default: Math.min(Math.max(yearOf(opts.today) + 2, from), to),
      required: true,
      ...boundsOf(shape.targetMatchYear),
      theme: hint('the year of Match Day in March; applications go out the September before'),
    },
    ctx,
  );

  const current = await select(
    {
      message: 'Your current U.S. visa or status',
      choices: VISA_STATUSES.map((v) => ({ value: v, name: eligibility.statuses[v].label })),
      pageSize: VISA_STATUSES.length,
    },
    ctx,
  );
  const residencyVisa = await select(
    {
      message: 'Visa you will need for residency',
      choices: RESIDENCY_VISAS.map((v) => ({ value: v, ...RESIDENCY_VISA_CHOICES[v] })),
      default: defaultResidencyVisa(current),
      theme: hint('J-1 is sponsored by ECFMG; H-1B needs Step 3'),
    },
    ctx,
  );

  const exams: Partial<Record<ExamId, ExamInput>> = {};
  for (const id of EXAMS) {
    const help = EXAM_HINTS[id];
    const examStatus = await select(
      {
        message: EXAM_NAMES[id],
        choices: EXAM_STATUSES.map((s) => ({ value: s, name: EXAM_STATUS_NAMES[s] })),
        theme: help === undefined ? undefined : hint(help),
      },
      ctx,
    );
    const record: ExamInput = { status: examStatus };
    if (examStatus === 'scheduled' || examStatus === 'passed') record.date = await date(`${EXAM_NAMES[id]} date`);
    if (examStatus === 'failed') record.date = await date(`${EXAM_NAMES[id]} date of the last attempt`);
    if (id === 'step2ck' && examStatus === 'passed') {
      const score = await number({ message: 'Step 2 CK score', ...boundsOf(examShape.score.unwrap()), theme: hint('optional; blank to skip') }, ctx);
      if (score !== undefined) record.score = score;
    }
    exams[id] = record;
  }

  const ecfmg = {
    pathway: await select(
      {
        message: 'ECFMG Pathway',
        choices: PATHWAY_STATUSES.map((p) => ({ value: p, name: PATHWAY_NAMES[p] })),
        theme: hint("the route that meets ECFMG's clinical and communication skills requirement, with OET Medicine"),
      },
      ctx,
    ),
    certified: await confirm({ message: 'Are you already ECFMG-certified?', default: false }, ctx),
  };

  const experiences: UsceInput[] = [];
  while (
    await confirm(
      {
        message: experiences.length === 0 ? 'Add a U.S. clinical experience you have done?' : 'Add another U.S. clinical experience?',
        default: false,
        theme: hint('USCE: externships, observerships, research, volunteering'),
      },
      ctx,
    )
  ) {
    const kind = await select({ message: 'Kind', choices: USCE_KINDS.map((k) => ({ value: k, name: USCE_KIND_NAMES[k] })) }, ctx);
    const specialty = await select({ message: 'Specialty', choices: specialtyChoices, default: primary, pageSize: 10 }, ctx);
    const institution = await optionalText('Institution', usce.institution.unwrap());
    const { start, end } = await askSpan('Rotation');
    const letter = await confirm({ message: 'Did a U.S. letter of recommendation come from it?', default: false }, ctx);
    experiences.push({ kind, specialty, ...(institution === undefined ? {} : { institution }), start, end, letter });
  }

  const earliestStart = await date('Earliest date you could start a rotation', checkDate, opts.today);
  const unavailable: Span[] = [];
  while (
    await confirm(
      {
        message: unavailable.length === 0 ? 'Add a time you cannot do a rotation?' : 'Add another time you cannot do a rotation?',
        default: false,
        theme: hint('exam study, travel, work'),
      },
      ctx,
    )
  ) {
    const { start, end } = await askSpan('Unavailable');
    const reason = await optionalText('Reason', unavailableSpan.reason.unwrap());
    unavailable.push({ start, end, ...(reason === undefined ? {} : { reason }) });
  }

  const externships = await number(
    { message: 'How many externships to plan', ...boundsOf(prefs.externships.unwrap()), theme: hint('blank = let imgplan decide') },
    ctx,
  );
  const weeksPerExternship = await number(
    { message: 'Weeks per externship', default: rules.rotations.defaultWeeks.value, required: true, ...boundsOf(prefs.weeksPerExternship.unwrap()) },
    ctx,
  );
  const lettersNeeded = await number(
    {
      message: 'U.S. letters of recommendation wanted',
      default: rules.letters.defaultWanted.value,
      required: true,
      ...boundsOf(prefs.lettersNeeded.unwrap()),
    },
    ctx,
  );
  const budgetUsd = await number(
    { message: 'Budget for the whole journey (exams, rotations, applications), in USD', ...boundsOf(prefs.budgetUsd.unwrap()), step: 'any', theme: hint('optional; blank for none') },
    ctx,
  );
  const interests = await checkbox(
    {
      message: 'Anything to favour when choosing rotations?',
      choices: INTERESTS.map((i) => ({ value: i, name: INTEREST_NAMES[i] })),
    },
    ctx,
  );

  return {
    schemaVersion: 1,
    name,
    ...(timezone === undefined ? {} : { timezone }),
    school,
    status,
    targetSpecialties: [primary, ...others],
    targetMatchYear,
    visa: { current, residencyVisa },
    exams,
    ecfmg,
    usce: experiences,
    availability: { earliestStart, unavailable },
    preferences: {
      ...(externships === undefined ? {} : { externships }),
      weeksPerExternship,
      lettersNeeded,
      ...(budgetUsd === undefined ? {} : { budgetUsd }),
      interests,
    },
  };
}

/** Citizens and permanent residents need no visa; anyone else most often goes the J-1 route. */
function defaultResidencyVisa(current: VisaStatus): ResidencyVisa {
  return current === 'us-citizen' || current === 'green-card' ? 'none' : 'j1';
}
