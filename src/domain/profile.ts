// The profile: what `imgplan init` asks, and the input contract of `init --profile FILE`.
// data/examples/*.yaml must always parse as written: extend this schema, never break it.
import * as z from 'zod';
import { calendarDateSchema, endNotBeforeStart, lineText } from './schema-kit.js';
import { isValidTimeZone } from './dates.js';
import { VISA_STATUSES } from '../reference/visa.js';
import { referenceData } from '../reference/index.js';

export const PROFILE_SCHEMA_VERSION = 1;

export const EXAMS = ['step1', 'step2ck', 'oet', 'step3'] as const;
export type ExamId = (typeof EXAMS)[number];
export const EXAM_NAMES: Record<ExamId, string> = {
  step1: 'USMLE Step 1',
  step2ck: 'USMLE Step 2 CK',
  oet: 'OET Medicine',
  step3: 'USMLE Step 3',
};

export const EXAM_STATUSES = ['not-started', 'not-planned', 'scheduled', 'passed', 'failed'] as const;
export const RESIDENCY_VISAS = ['none', 'j1', 'h1b', 'either'] as const;
export const PATHWAY_STATUSES = ['not-started', 'submitted', 'accepted'] as const;
export const USCE_KINDS = ['observership', 'externship', 'research', 'volunteer'] as const;
export const INTERESTS = ['research', 'community'] as const;

function buildProfileSchema() {
  const { specialties, calendar } = referenceData();
  const specialtyIds = specialties.specialties.map((s) => s.id) as [string, ...string[]];
  const specialty = z.enum(specialtyIds);

  const exam = z
    .strictObject({
      status: z.enum(EXAM_STATUSES),
      date: calendarDateSchema.optional(),
      score: z.int().min(0).max(999).optional(),
      /** Attempts made so far, failed ones included (USMLE limits them). */
      attempts: z.int().min(1).max(6).optional(),
      firstAttempt: calendarDateSchema.optional(),
    })
    .check((ctx) => {
      if (ctx.value.status === 'scheduled' && ctx.value.date === undefined)
        ctx.issues.push({ code: 'custom', message: 'a scheduled exam needs its date', input: ctx.value, path: ['date'] });
    });


  const { from, to } = calendar.plannableYears;

  return z.strictObject({
    schemaVersion: z.int().min(1),
    name: lineText(120),
    timezone: z
      .string()
      .refine(isValidTimeZone, { error: (i) => `"${String(i.input)}" is not an IANA time zone name (e.g. Africa/Lagos)` })
      .optional(),
    school: z.strictObject({
      name: lineText(200),
      country: lineText(100),
      graduationYear: z.int().min(1950).max(2040),
    }),
    status: z.enum(['student', 'graduate']),
    targetSpecialties: z
      .array(specialty)
      .min(1, 'name at least one target specialty')
      .max(5, 'name at most 5 target specialties')
      .refine((xs) => new Set(xs).size === xs.length, 'lists a specialty twice'),
    targetMatchYear: z
      .int()
      .min(from, `imgplan has calendar data for Match years ${from} to ${to}`)
      .max(to, `imgplan has calendar data for Match years ${from} to ${to}`),
    visa: z.strictObject({
      current: z.enum(VISA_STATUSES),
      residencyVisa: z.enum(RESIDENCY_VISAS),
    }),
    exams: z
      .strictObject({
        step1: exam.optional(),
        step2ck: exam.optional(),
        oet: exam.optional(),
        step3: exam.optional(),
      })
      .default({}),
    ecfmg: z
      .strictObject({
        pathway: z.enum(PATHWAY_STATUSES).default('not-started'),
        certified: z.boolean().default(false),
      })
      .default({ pathway: 'not-started', certified: false }),
    usce: z
      .array(
        z
          .strictObject({
            kind: z.enum(USCE_KINDS),
            specialty,
            institution: lineText(200).optional(),
            start: calendarDateSchema,
            end: calendarDateSchema,
            letter: z.boolean().default(false),
          })
          .check(endNotBeforeStart),
      )
      .default([]),
    availability: z
      .strictObject({
        earliestStart: calendarDateSchema.optional(),
        unavailable: z
          .array(z.strictObject({ start: calendarDateSchema, end: calendarDateSchema, reason: lineText(200).optional() }).check(endNotBeforeStart))
          .default([]),
      })
      .default({ unavailable: [] }),
    preferences: z
      .strictObject({
        externships: z.int().min(0).max(8).optional(),
        weeksPerExternship: z.int().min(2).max(26).optional(),
        lettersNeeded: z.int().min(1).max(10).optional(),
        budgetUsd: z.number().min(0).max(10_000_000).optional(),
        interests: z.array(z.enum(INTERESTS)).optional(),
        /** States where the person would rather train (two-letter codes), for ranking programs. */
        states: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code such as NY')).max(60).optional(),
      })
      .default({}),
  });
}

let cached: ReturnType<typeof buildProfileSchema> | undefined;
export function profileSchema() {
  cached ??= buildProfileSchema();
  return cached;
}

export type Profile = z.output<ReturnType<typeof buildProfileSchema>>;
export type ProfileInput = z.input<ReturnType<typeof buildProfileSchema>>;
export type ExamRecord = NonNullable<Profile['exams']['step1']>;
export type ExamStatus = (typeof EXAM_STATUSES)[number];
export type ResidencyVisa = (typeof RESIDENCY_VISAS)[number];
