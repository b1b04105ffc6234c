// The shapes of the reviewed data files in data/. A data file that breaks its shape fails the
// test suite (tests/unit/reference.test.ts) and the build's first run, never a user's command.
import * as z from 'zod';
import { calendarDateSchema, slug } from '../domain/schema-kit.js';
import { VISA_STATUSES, type VisaStatus } from './visa.js';

const grade = z.enum(['official', 'institutional', 'secondary']);
const basis = z.enum(['guide', 'rule', 'derived', 'heuristic']);
const weekendShift = z.enum(['next-business-day', 'previous-business-day']);

export const milestoneRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('nth-weekday'),
    n: z.int().min(1).max(5),
    weekday: z.int().min(0).max(6),
    month: z.int().min(1).max(12),
    yearOffset: z.int().min(-2).max(0),
  }),
  z.strictObject({
    kind: z.literal('fixed'),
    month: z.int().min(1).max(12),
    day: z.int().min(1).max(31),
    yearOffset: z.int().min(-2).max(0),
    weekend: weekendShift.optional(),
  }),
  z.strictObject({ kind: z.literal('offset'), from: slug, days: z.int() }),
]);
export type MilestoneRule = z.infer<typeof milestoneRuleSchema>;

export const calendarDataSchema = z.strictObject({
  schemaVersion: z.literal(1),
  plannableYears: z.strictObject({ from: z.int(), to: z.int() }),
  sources: z.record(slug, z.strictObject({ title: z.string(), url: z.string(), grade })),
  milestones: z.array(
    z.strictObject({
      id: slug,
      title: z.string(),
      rule: milestoneRuleSchema,
      ruleText: z.string(),
      ruleSource: slug.optional(),
      ruleHoldsFrom: z.int().optional(),
    }),
  ),
  published: z.record(z.string().regex(/^\d{4}$/), z.record(slug, z.strictObject({ date: calendarDateSchema, source: slug }))),
});
export type CalendarData = z.infer<typeof calendarDataSchema>;

const figure = z.strictObject({ value: z.int(), max: z.int().optional(), basis, source: z.string() });
const range = z.strictObject({ min: z.int(), max: z.int(), basis, source: z.string() });
const dayOfYear = z.strictObject({
  month: z.int().min(1).max(12),
  day: z.int().min(1).max(31),
  yearOffset: z.int().min(-2).max(0),
  basis,
  source: z.string(),
});
const examRules = z.strictObject({ prepWeeks: figure, resultWeeks: figure });

export const rulesDataSchema = z.strictObject({
  schemaVersion: z.literal(1),
  planning: z.strictObject({ runwayMonths: range }),
  letters: z.strictObject({ defaultWanted: figure, maxPerProgram: figure }),
  rotations: z.strictObject({
    defaultWeeks: figure,
    weeksRange: range,
    windowMonthsBeforeApplication: figure,
    startWeekday: figure,
    lettersPerRotation: figure,
    letterWritingWeeks: figure,
    letterUploadBufferDays: figure,
  }),
  outreach: z.strictObject({ leadWeeks: figure, minLeadWeeks: figure, visaExtraWeeks: figure, followUpAfterDays: figure }),
  exams: z.strictObject({
    usmleAttempts: z.strictObject({
      max: z.int(),
      perTwelveMonths: z.int(),
      laterAfterFirstMonths: z.int(),
      laterAfterLastMonths: z.int(),
      basis,
      source: z.string(),
    }),
    step1: examRules,
    step2ck: examRules.extend({ afterStep1Weeks: figure }),
    oet: examRules.extend({ validFromYearOffset: figure }),
    step3: examRules.extend({ latestSitting: dayOfYear, afterCertificateDays: figure }),
  }),
  ecfmg: z.strictObject({
    certificateIssueWeeks: figure,
    documentsBusinessDays: figure,
    j1SponsorshipWeeks: figure,
    pathwayProcessingWeeks: figure,
    credentialVerificationWeeks: figure,
    graduationMonth: figure,
  }),
  application: z.strictObject({
    tokenAfterErasOpensDays: figure,
    personalStatementWeeks: figure,
    experiencesWeeks: figure,
    programListWeeks: figure,
    finalCheckDays: figure,
    matchWeekDaysBeforeMatchDay: figure,
    interviewSeasonEnd: dayOfYear,
  }),
});
export type RulesData = z.infer<typeof rulesDataSchema>;

export const specialtiesDataSchema = z.strictObject({
  schemaVersion: z.literal(1),
  signalsSeason: z.int(),
  signalsSource: z.string(),
  specialties: z.array(
    z.strictObject({
      id: slug,
      name: z.string(),
      service: z.enum(['ERAS', 'ResidencyCAS']),
      primaryCare: z.boolean(),
      researchLeaning: z.boolean(),
      signals: z.string().optional(),
    }),
  ),
});
export type SpecialtiesData = z.infer<typeof specialtiesDataSchema>;
export type Specialty = SpecialtiesData['specialties'][number];

export { VISA_STATUSES, type VisaStatus };

const statusRule = z.strictObject({
  label: z.string(),
  graduateHandsOn: z.boolean(),
  confirmed: z.boolean(),
  needsVisitorVisa: z.boolean(),
  reason: z.string(),
  source: z.string(),
});
export const eligibilityDataSchema = z.strictObject({
  schemaVersion: z.literal(1),
  studentRule: z.strictObject({ text: z.string(), source: z.string() }),
  statuses: z.strictObject(Object.fromEntries(VISA_STATUSES.map((v) => [v, statusRule])) as Record<VisaStatus, typeof statusRule>),
});
export type EligibilityData = z.infer<typeof eligibilityDataSchema>;

export const feesDataSchema = z.strictObject({
  schemaVersion: z.literal(1),
  fees: z.array(
    z.strictObject({
      id: slug,
      label: z.string(),
      amountUsd: z.number().min(0).nullable(),
      season: z.string().optional(),
      estimated: z.boolean().optional(),
      source: z.string(),
    }),
  ),
});
export type FeesData = z.infer<typeof feesDataSchema>;
export type Fee = FeesData['fees'][number];
