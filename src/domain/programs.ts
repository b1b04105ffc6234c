// Residency programs the person collected (from FREIDA, Residency Explorer, program websites) and
// the money side of the journey: programs.yaml and budget.yaml in the workspace.
import * as z from 'zod';
import { calendarDateSchema, lineText, slug } from './schema-kit.js';

export const PROGRAM_VISAS = ['J-1', 'H-1B', 'both', 'none'] as const;
export type ProgramVisa = (typeof PROGRAM_VISAS)[number];
export const USCE_REQUIREMENTS = ['yes', 'no', 'preferred'] as const;
export const SERVICES = ['ERAS', 'ResidencyCAS'] as const;

export const programSchema = z.strictObject({
  id: slug,
  program: lineText(200),
  specialty: slug,
  /** Two-letter U.S. state or territory code. */
  state: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code such as NY'),
  visa: z.enum(PROGRAM_VISAS),
  /** Percent of residents who are IMGs. */
  imgShare: z.number().min(0).max(100),
  minStep2ck: z.int().min(1).max(300).optional(),
  maxYearsSinceGraduation: z.int().min(0).max(60).optional(),
  usceRequired: z.enum(USCE_REQUIREMENTS),
  service: z.enum(SERVICES),
  notes: z.string().max(2000).optional(),
});
export type Program = z.infer<typeof programSchema>;

export const programsFileSchema = z.strictObject({
  schemaVersion: z.int().min(1),
  programs: z.array(programSchema).default([]),
});
export type ProgramsFile = z.infer<typeof programsFileSchema>;

export const spendingSchema = z.strictObject({
  id: slug,
  line: slug,
  amountUsd: z.number().min(0).max(1_000_000),
  date: calendarDateSchema,
  note: lineText(200).optional(),
});
export type Spending = z.infer<typeof spendingSchema>;

export const budgetFileSchema = z.strictObject({
  schemaVersion: z.int().min(1),
  /** The person's own planned amount for a budget line, over imgplan's figure. */
  planned: z.record(slug, z.number().min(0).max(1_000_000)).default({}),
  spent: z.array(spendingSchema).default([]),
});
export type BudgetFile = z.infer<typeof budgetFileSchema>;
