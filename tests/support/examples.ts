// The two example profiles shipped in data/examples, and their plans on a fixed day.
import aminaYaml from '../../data/examples/profile.yaml';
import danielYaml from '../../data/examples/profile-us-citizen-student.yaml';
import { calendarDate, type CalendarDate } from '../../src/domain/dates.js';
import type { Plan } from '../../src/domain/plan.js';
import { profileSchema, type Profile } from '../../src/domain/profile.js';
import { generatePlan, type PlanOverrides } from '../../src/engine/index.js';
import { referenceData } from '../../src/reference/index.js';

export const EXAMPLE_TODAY = calendarDate('2026-11-25');

/** Each example by its file's name without .yaml, as the golden files are named. */
export const EXAMPLES: readonly { file: string; profile: Profile }[] = [
  { file: 'profile', profile: profileSchema().parse(aminaYaml) },
  { file: 'profile-us-citizen-student', profile: profileSchema().parse(danielYaml) },
];

export function examplePlan(profile: Profile, opts: { today?: CalendarDate; name?: string; overrides?: PlanOverrides } = {}): Plan {
  return generatePlan({
    profile,
    data: referenceData(),
    today: opts.today ?? EXAMPLE_TODAY,
    name: opts.name ?? 'match-2028',
    ...(opts.overrides ? { overrides: opts.overrides } : {}),
  });
}

export const AMINA = EXAMPLES[0]!.profile;
export const DANIEL = EXAMPLES[1]!.profile;
