// The trackers the guide asks an IMG to keep beside the calendar, each a file in the workspace:
// letters.yaml (letters of recommendation), log.yaml (the clinical log) and outreach.yaml
// (institutions approached for rotations, with vetting). They feed the plan.
import * as z from 'zod';
import { calendarDateSchema, lineText, slug } from './schema-kit.js';
import type { Program } from './programs.js';

export const TRACKER_SCHEMA_VERSION = 1;

// ---- Letters ----------------------------------------------------------------------------------

export const LETTER_STAGES = ['planned', 'requested', 'materials-sent', 'received', 'uploaded'] as const;
export type LetterStage = (typeof LETTER_STAGES)[number];

export const letterSchema = z.strictObject({
  id: slug,
  writer: lineText(120),
  title: lineText(160).optional(),
  institution: lineText(200).optional(),
  /** The plan's rotation it comes from (e.g. rotation-2), when it comes from one. */
  rotation: slug.optional(),
  specialty: slug.optional(),
  specialtySpecific: z.boolean().default(false),
  stage: z.enum(LETTER_STAGES),
  requested: calendarDateSchema.optional(),
  materialsSent: calendarDateSchema.optional(),
  received: calendarDateSchema.optional(),
  uploaded: calendarDateSchema.optional(),
  note: z.string().max(4000).optional(),
});
export type Letter = z.infer<typeof letterSchema>;

export const lettersFileSchema = z.strictObject({
  schemaVersion: z.int().min(1),
  letters: z.array(letterSchema).default([]),
});
export type LettersFile = z.infer<typeof lettersFileSchema>;

// ---- Clinical log -----------------------------------------------------------------------------

export const SETTINGS = ['inpatient', 'outpatient', 'emergency', 'icu', 'operating-room', 'community', 'telehealth', 'other'] as const;
export const PROCEDURE_ROLES = ['observed', 'assisted'] as const;

export const logEntrySchema = z.strictObject({
  id: slug,
  date: calendarDateSchema,
  /** The plan's rotation (e.g. rotation-1), or left out for experience outside the plan. */
  rotation: slug.optional(),
  setting: z.enum(SETTINGS).optional(),
  caseType: lineText(120),
  procedures: z.array(z.strictObject({ name: lineText(120), role: z.enum(PROCEDURE_ROLES) })).default([]),
  teaching: z.array(lineText(200)).default([]),
  /** A de-identified story: clinical reasoning, an ethical or communication lesson. */
  story: z.string().max(8000).optional(),
  /** The person confirmed that what the PHI check flagged is not patient data. */
  phiConfirmed: z.boolean().optional(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const logFileSchema = z.strictObject({
  schemaVersion: z.int().min(1),
  entries: z.array(logEntrySchema).default([]),
});
export type LogFile = z.infer<typeof logFileSchema>;

// ---- Outreach and vetting ---------------------------------------------------------------------

export const OUTREACH_STATUSES = ['drafted', 'sent', 'follow-up-due', 'replied', 'offered', 'declined', 'confirmed'] as const;
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];
export const CHANNELS = ['email', 'phone', 'portal', 'in-person', 'referral', 'other'] as const;
export const VERDICTS = ['ok', 'caution', 'avoid'] as const;

export const vettingSchema = z.strictObject({
  verdict: z.enum(VERDICTS),
  reasons: z.array(z.string()),
  checkedOn: calendarDateSchema,
  answers: z.record(z.string(), z.union([z.string(), z.boolean(), z.number()])).default({}),
});
export type Vetting = z.infer<typeof vettingSchema>;

export const outreachSchema = z
  .strictObject({
    id: slug,
    institution: lineText(200),
    contact: lineText(120).optional(),
    channel: z.enum(CHANNELS).default('email'),
    status: z.enum(OUTREACH_STATUSES),
    specialty: slug.optional(),
    sent: calendarDateSchema.optional(),
    replied: calendarDateSchema.optional(),
    /** For a confirmed offer: the plan's rotation it fills and its real dates. */
    rotation: slug.optional(),
    start: calendarDateSchema.optional(),
    end: calendarDateSchema.optional(),
    feeUsd: z.number().min(0).max(1_000_000).optional(),
    /** Travel, housing and living costs for the rotation, for the budget. */
    livingCostUsd: z.number().min(0).max(1_000_000).optional(),
    vetting: vettingSchema.optional(),
    note: z.string().max(4000).optional(),
  })
  .check((ctx) => {
    const v = ctx.value;
    if (v.start !== undefined && v.end !== undefined && v.end < v.start)
      ctx.issues.push({ code: 'custom', message: `ends (${v.end}) before it starts (${v.start})`, input: v, path: ['end'] });
    if (v.status === 'confirmed' && (v.start === undefined || v.end === undefined))
      ctx.issues.push({ code: 'custom', message: 'a confirmed rotation needs its start and end dates', input: v, path: ['start'] });
  });
export type Outreach = z.infer<typeof outreachSchema>;

export const outreachFileSchema = z.strictObject({
  schemaVersion: z.int().min(1),
  contacts: z.array(outreachSchema).default([]),
});
export type OutreachFile = z.infer<typeof outreachFileSchema>;

/** What the engine reads from the trackers. */
export interface Trackers {
  letters: readonly Letter[];
  outreach: readonly Outreach[];
  programs: readonly Program[];
}

export const NO_TRACKERS: Trackers = { letters: [], outreach: [], programs: [] };

/** The next free id of the form `prefix-N`. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}
