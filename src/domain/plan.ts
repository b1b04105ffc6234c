// A plan: the dated milestones and tasks for one Match year, as saved in plans/<name>.yaml and
// printed by `show --json`.
import * as z from 'zod';
import { calendarDateSchema, endNotBeforeStart, lineText, slug } from './schema-kit.js';
import { EXAMS } from './profile.js';

export const PLAN_SCHEMA_VERSION = 1;

export const TASK_KINDS = [
  'exam',
  'ecfmg',
  'outreach',
  'externship',
  'letter-request',
  'letter-upload',
  'thank-you',
  'application',
  'custom',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['todo', 'done', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const EXTERNSHIP_TYPES = ['observational', 'hands-on', 'research', 'community'] as const;
export type ExternshipType = (typeof EXTERNSHIP_TYPES)[number];

export const MILESTONE_IDS = [
  'eras-opens',
  'ecfmg-pathways-open',
  'eras-submit',
  'eras-programs-review',
  'nrmp-registration-opens',
  'nrmp-registration-deadline',
  'ranking-opens',
  'rol-deadline',
  'match-day',
  'residency-start',
] as const;
export type MilestoneId = (typeof MILESTONE_IDS)[number];

/**
 * The plan's schemas, built when first asked for: a command that reads its plan from the parse
 * cache (store/parse-cache.ts) builds none (zod's schema building costs every start milliseconds).
 */
function buildPlanSchemas() {
  const milestoneSchema = z.strictObject({
    id: z.enum(MILESTONE_IDS),
    title: z.string(),
    date: calendarDateSchema,
    estimated: z.boolean(),
    source: z.string(),
  });

  const taskSchema = z
    .strictObject({
      id: slug,
      kind: z.enum(TASK_KINDS),
      title: lineText(200),
      start: calendarDateSchema,
      end: calendarDateSchema,
      status: z.enum(TASK_STATUSES),
      why: z.string().min(1),
      dependsOn: z.array(slug),
      exam: z.enum(EXAMS).optional(),
      externshipType: z.enum(EXTERNSHIP_TYPES).optional(),
      handsOn: z.boolean().optional(),
      specialty: slug.optional(),
      /** The person moved the task: regeneration keeps its dates and plans around it. */
      pinned: z.boolean().optional(),
      note: z.string().max(4000, 'must be at most 4000 characters').optional(),
    })
    .check(endNotBeforeStart);

  const warningSchema = z.strictObject({ code: slug, message: z.string() });

  const planSchema = z.strictObject({
    schemaVersion: z.int().min(1),
    name: slug,
    matchYear: z.int(),
    today: calendarDateSchema,
    applicationDate: calendarDateSchema,
    /** What-if settings this plan was made with, instead of the profile's preferences. */
    overrides: z
      .strictObject({
        externships: z.int().min(0).max(8).optional(),
        weeksPerExternship: z.int().min(2).max(26).optional(),
      })
      .optional(),
    milestones: z.array(milestoneSchema),
    tasks: z.array(taskSchema),
    warnings: z.array(warningSchema),
  });
  return { milestoneSchema, taskSchema, warningSchema, planSchema };
}

type PlanSchemas = ReturnType<typeof buildPlanSchemas>;
let built: PlanSchemas | undefined;
export function planSchemas(): PlanSchemas {
  built ??= buildPlanSchemas();
  return built;
}

export type Milestone = z.infer<PlanSchemas['milestoneSchema']>;
export type Task = z.infer<PlanSchemas['taskSchema']>;
export type PlanWarning = z.infer<PlanSchemas['warningSchema']>;
export type Plan = z.infer<PlanSchemas['planSchema']>;
