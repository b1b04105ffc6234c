// Changes every plan follows (an exam result in the profile, a letter, an outreach reply): each plan
// in the workspace regenerated and saved with the changed file in one step, and what the person is
// told about them.
import { commitAndRemember } from '../store/remember.js';
import { InputError } from '../domain/errors.js';
import type { Plan, PlanWarning } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import type { Trackers } from '../domain/trackers.js';
import { changesJson, changesSummary, renderChanges } from '../render/changes.js';
import type { FileChange } from '../store/history.js';
import { listPlans, readPlan } from '../store/workspace.js';
import type { ParsedYaml } from '../store/yaml-file.js';
import type { Deps } from './deps.js';
import { regenerate, type Regenerated, type Session } from './session.js';

export interface PlanResult extends Regenerated {
  /** The plan as it was read. */
  before: Plan;
  /** Warnings the regeneration brought that the plan did not have. */
  newWarnings: PlanWarning[];
}

export interface EveryPlan {
  results: PlanResult[];
  /** Plans for a Match whose applications have gone out: left as they are. */
  skipped: string[];
}

/**
 * Every plan of the workspace regenerated with the new profile or trackers; `mine` may first edit
 * the plan as the person has it (mark a task done, lift a pin).
 */
export async function regenerateEveryPlan(
  session: Session,
  deps: Deps,
  opts: { profile?: { value: Profile; parsed: ParsedYaml }; trackers?: Trackers; mine?: (plan: Plan) => Plan },
): Promise<EveryPlan> {
  const every: EveryPlan = { results: [], skipped: [] };
  for (const name of await listPlans(session.ws)) {
    const loaded = await readPlan(session.ws, name);
    if (!loaded) continue;
    try {
      const r = await regenerate(session, deps, loaded, {
        ...(opts.profile ? { profile: opts.profile } : {}),
        ...(opts.trackers ? { trackers: opts.trackers } : {}),
        ...(opts.mine ? { mine: opts.mine(loaded.value) } : {}),
      });
      const had = new Set(loaded.value.warnings.map((w) => w.message));
      every.results.push({ ...r, before: loaded.value, newWarnings: r.plan.warnings.filter((w) => !had.has(w.message)) });
    } catch (e) {
      // A what-if plan for a Match whose applications have gone out is history, not an error.
      if (e instanceof InputError && e.code === 'match-year-passed') every.skipped.push(name);
      else throw e;
    }
  }
  return every;
}

/** Saves `changes` (the file that changed) and every regenerated plan as one step that undo reverses. */
export async function commitWithPlans(session: Session, deps: Deps, changes: readonly FileChange[], every: EveryPlan, label: string): Promise<void> {
  await commitAndRemember(session.ws, [...changes, ...every.results.flatMap((r) => r.changes)], {
    label,
    date: deps.today(session.profile.value.timezone),
    summary: every.results.map((r) => changesSummary(r.plan.name, r.report)),
  });
}

/** The plans' changes as --json prints them. */
export const everyPlanJson = (every: EveryPlan) => ({
  plans: every.results.map((r) => ({ ...changesJson(r.plan.name, r.report), warnings: r.plan.warnings })),
  notRegenerated: every.skipped,
});

/** What changed in each plan, with the warnings `warningsOf` picks, then the plans left alone. */
export function everyPlanLines(every: EveryPlan, deps: Deps, warningsOf: (r: PlanResult) => readonly PlanWarning[]): string[] {
  const lines: string[] = [];
  for (const r of every.results) {
    lines.push('', renderChanges(r.plan.name, r.report, { color: deps.color, width: deps.columns }));
    for (const w of warningsOf(r)) lines.push(`  ! ${w.message}`);
  }
  for (const name of every.skipped) lines.push('', `${name}: not regenerated; applications for its Match year have already gone out.`);
  return lines;
}
