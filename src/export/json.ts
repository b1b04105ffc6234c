// The plan as JSON, and the JSON Schema (draft 2020-12) that describes that JSON, generated from
// the zod schema so the two cannot drift apart. data/plan.schema.json is this schema, written by
// `npm run schema` and shipped in the package for people who read plans with other tools.
import * as z from 'zod';
import { PLAN_SCHEMA_VERSION, planSchemas, type Plan } from '../domain/plan.js';
import { calendarDateSchema } from '../domain/schema-kit.js';
import type { JourneyBriefs } from '../render/budget.js';

// The programs and budget sections a JSON export carries when asked (--show programs,budget); the
// same shapes as ProgramsBrief and BudgetBrief, here so the published schema describes them.
const byGroup = <T extends z.ZodType>(v: T) => z.strictObject({ safer: v, target: v, reach: v, miss: v });
const { planSchema, taskSchema } = planSchemas();
const exportSchema = planSchema.extend({
  programs: z
    .strictObject({ applicationDate: calendarDateSchema, counts: byGroup(z.int().min(0)), names: byGroup(z.array(z.string())) })
    .optional()
    .describe('The collected programs of the target specialties, grouped for the person on the application date (imgplan programs rank).'),
  budget: z
    .strictObject({ plannedUsd: z.number(), unknownLines: z.int().min(0), spentUsd: z.number(), budgetUsd: z.number().optional() })
    .optional()
    .describe('The journey\'s planned costs and spending in U.S. dollars (imgplan budget).'),
});

/**
 * Pretty JSON with a trailing newline. Going through planSchema.parse puts every object's keys in
 * the schema's order (zod builds its output key by key), and a plan the schema rejects throws here
 * instead of becoming a file the published schema would reject.
 */
export function planToJson(plan: Plan, journey: Partial<JourneyBriefs> = {}): string {
  const extra = { ...(journey.programs ? { programs: journey.programs } : {}), ...(journey.budget ? { budget: journey.budget } : {}) };
  return `${JSON.stringify(exportSchema.parse({ ...plan, ...extra }), null, 2)}\n`;
}

/** The shape only: whether the day exists (2027-02-30) is left to imgplan, as a regex for it would be unreadable. */
const DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

export function planJsonSchema(): object {
  const generated = z.toJSONSchema(exportSchema, {
    target: 'draft-2020-12',
    // The JSON imgplan writes is the parsed plan, so the schema describes zod's output.
    io: 'output',
    // Calendar dates end in a transform (to the branded type), which has no JSON Schema of its
    // own; `override` below gives them one, and anything else unrepresentable would fail the
    // schema test rather than pass silently as "any".
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === calendarDateSchema) {
        // Replace, not merge: the transform's empty schema has nothing worth keeping.
        for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
        Object.assign(ctx.jsonSchema, { type: 'string', pattern: DATE_PATTERN, description: 'A calendar date written yyyy-MM-dd.' });
      } else if (ctx.zodSchema === taskSchema) {
        // The start/end check is code, so it can only be said in words.
        ctx.jsonSchema.description = 'A task: `end` is on or after `start` (both inclusive).';
      }
    },
  });
  return {
    $schema: generated.$schema,
    $id: `urn:imgplan:schema:plan:${PLAN_SCHEMA_VERSION}`,
    title: 'imgplan plan',
    description: `A plan made by imgplan (schemaVersion ${PLAN_SCHEMA_VERSION}): the dated milestones and tasks for one Match year.`,
    ...generated,
  };
}
