// Shared by the commands that make plans: run the engine for a loaded profile, and point any
// problem it finds at the profile's line.
import { InputError } from '../domain/errors.js';
import type { Plan } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import type { Trackers } from '../domain/trackers.js';
import { defaultPlanName, generatePlan, type FixedTask, type PlanOverrides } from '../engine/index.js';
import { referenceData } from '../reference/index.js';
import { locate, type ParsedYaml } from '../store/yaml-file.js';
import type { Deps } from './deps.js';

export interface PlanOptions {
  name?: string;
  matchYear?: number;
  overrides?: PlanOverrides | undefined;
  fixed?: Readonly<Record<string, FixedTask>>;
  trackers?: Trackers;
  /** The plan file `matchYear` was read from: a problem with that year points there, not at the profile. */
  matchYearFrom?: ParsedYaml;
}

export function planForProfile(profile: { value: Profile; parsed: ParsedYaml }, deps: Deps, opts: PlanOptions = {}): Plan {
  const year = opts.matchYear ?? profile.value.targetMatchYear;
  try {
    return generatePlan({
      profile: profile.value,
      data: referenceData(),
      today: deps.today(profile.value.timezone),
      name: opts.name ?? defaultPlanName(year),
      matchYear: year,
      ...(opts.overrides ? { overrides: opts.overrides } : {}),
      ...(opts.fixed ? { fixed: opts.fixed } : {}),
      ...(opts.trackers ? { trackers: opts.trackers } : {}),
    });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // The engine names profile fields; add the file and line they are on.
    const file = profile.parsed.file;
    const fromPlan = opts.matchYearFrom !== undefined && year !== profile.value.targetMatchYear ? opts.matchYearFrom : undefined;
    const problems = e.problems.map((p) => {
      if (!p.field || p.file) return p;
      if (fromPlan && p.field === 'targetMatchYear') return { ...p, file: fromPlan.file, ...locate(fromPlan, ['matchYear']), field: 'matchYear' };
      return { ...p, file, ...locate(profile.parsed, p.field.split('.')) };
    });
    throw new InputError(e.code, e.message, problems, e.hint);
  }
}

export function printJson(deps: Deps, value: unknown): void {
  deps.out(`${JSON.stringify(value, null, 2)}\n`);
}
