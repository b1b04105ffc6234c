// `imgplan show [plan]`: a saved plan as a month-by-month timeline, or as JSON.
import { InputError } from '../domain/errors.js';
import { nearest } from '../domain/nearest.js';
import type { Plan } from '../domain/plan.js';
import { defaultPlanName } from '../engine/index.js';
import { renderGantt } from '../render/gantt.js';
import { renderTimeline } from '../render/timeline.js';
import { recoverIfNeeded } from '../store/history.js';
import { listPlans, readPlan, readProfile, workspaceAt, type Workspace } from '../store/workspace.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';

export interface ShowOptions {
  plan?: string;
  json?: boolean;
  /** A Gantt chart instead of the timeline. */
  gantt?: boolean;
}

/** The plan a command means: the one named, the only one, or the one for the profile's Match year. */
export async function choosePlan(ws: Workspace, named: string | undefined, targetMatchYear: number | undefined): Promise<string> {
  const plans = await listPlans(ws);
  if (plans.length === 0)
    throw new InputError('no-plan', `there is no plan in ${ws.home}`, [], 'make one with: imgplan init');
  if (named !== undefined) {
    if (plans.includes(named)) return named;
    const guesses = nearest(named, plans);
    throw new InputError('unknown-plan', `there is no plan named "${named}"`, [], guesses.length ? `did you mean ${guesses.map((g) => `"${g}"`).join(' or ')}?` : `plans: ${plans.join(', ')}`);
  }
  if (plans.length === 1) return plans[0]!;
  const preferred = targetMatchYear !== undefined ? defaultPlanName(targetMatchYear) : undefined;
  if (preferred && plans.includes(preferred)) return preferred;
  throw new InputError('which-plan', `${ws.home} holds several plans`, [], `name one: ${plans.join(', ')}`);
}

export async function runShow(opts: ShowOptions, deps: Deps): Promise<number> {
  const ws = workspaceAt(deps.home);
  // A change a crash interrupted is rolled back first, so show never prints half of one.
  await recoverIfNeeded(ws.home);
  const profile = await readProfile(ws);
  const name = await choosePlan(ws, opts.plan, profile?.value.targetMatchYear);
  const loaded = await readPlan(ws, name);
  if (!loaded) throw new InputError('unknown-plan', `there is no plan named "${name}"`, [], 'imgplan plan list lists the plans');
  const plan: Plan = loaded.value;
  if (opts.json) {
    printJson(deps, plan);
    return 0;
  }
  // Both views mark today as it is now, not as of the day the plan was made.
  const today = deps.today(profile?.value.timezone);
  const view = opts.gantt
    ? renderGantt(plan, { color: deps.color, width: deps.columns, today })
    : renderTimeline({ ...plan, today }, { color: deps.color, width: deps.columns });
  deps.out(`${view}\n`);
  return 0;
}
