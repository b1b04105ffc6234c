// What the commands that change a living plan share: opening the workspace, finding a plan, and
// regenerating it from the profile while keeping everything the person did.
import { InputError } from '../domain/errors.js';
import { nearest } from '../domain/nearest.js';
import type { Plan, Task } from '../domain/plan.js';
import type { Profile } from '../domain/profile.js';
import type { Trackers } from '../domain/trackers.js';
import { readPlanTrackers } from '../store/trackers.js';
import { fixedTasks, mergePlans, type MergeReport } from '../engine/merge.js';
import { recoverIfNeeded, type FileChange } from '../store/history.js';
import { baseFile, bytesHash, planChanges, readBase, readPlan, readProfile, workspaceAt, type Loaded, type Workspace } from '../store/workspace.js';
import type { ParsedYaml } from '../store/yaml-file.js';
import type { Deps } from './deps.js';
import { planForProfile } from './planning.js';
import { choosePlan } from './show.js';

export interface Session {
  ws: Workspace;
  profile: Loaded<Profile>;
}

/** The workspace with its profile; finishes or rolls back a change a crash interrupted first. */
export async function openSession(deps: Deps): Promise<Session> {
  const ws = workspaceAt(deps.home);
  await recoverIfNeeded(ws.home);
  const profile = await readProfile(ws);
  if (!profile) throw new InputError('no-workspace', `there is no imgplan workspace in ${ws.home}`, [], 'make one with: imgplan init');
  return { ws, profile };
}

export async function loadPlan(session: Session, named: string | undefined): Promise<Loaded<Plan>> {
  const name = await choosePlan(session.ws, named, session.profile.value.targetMatchYear);
  const loaded = await readPlan(session.ws, name);
  if (!loaded) throw new InputError('unknown-plan', `there is no plan named "${name}"`, [], 'imgplan plan list lists the plans');
  return loaded;
}

/** The task with `id`, or an error that suggests the nearest ids. */
export function findTask(plan: Plan, id: string): Task {
  const found = plan.tasks.find((t) => t.id === id);
  if (found) return found;
  const guesses = nearest(id, plan.tasks.map((t) => t.id));
  throw new InputError('unknown-task', `plan ${plan.name} has no task "${id}"`, [], guesses.length ? `did you mean ${guesses.join(', ')}?` : 'imgplan show lists the task ids');
}

export interface Regenerated {
  plan: Plan;
  report: MergeReport;
  changes: FileChange[];
}

/**
 * The plan recomputed from `profile` for today and merged with what the person did (`mine`, by
 * default the plan as read). The changes save the plan and its new generated base.
 */
export async function regenerate(
  session: Session,
  deps: Deps,
  loaded: Loaded<Plan>,
  opts: { profile?: { value: Profile; parsed: ParsedYaml }; mine?: Plan; trackers?: Trackers } = {},
): Promise<Regenerated> {
  const mine = opts.mine ?? loaded.value;
  const generated = planForProfile(opts.profile ?? session.profile, deps, {
    name: mine.name,
    matchYear: mine.matchYear,
    overrides: mine.overrides,
    fixed: fixedTasks(mine),
    trackers: opts.trackers ?? (await readPlanTrackers(session.ws)),
    matchYearFrom: loaded.parsed,
  });
  const base = await readBase(session.ws, mine.name);
  // Without the last generated plan, every difference is taken to be the person's own.
  const { plan, report } = mergePlans(base?.value ?? generated, mine, generated);
  if (!base) report.notes.push('no record of the last generated plan was found, so every difference from the new plan was kept as yours');
  // A base that exists but cannot be read is replaced by the new one (the history keeps its bytes).
  const onDisk = base ?? (await bytesHash(baseFile(session.ws, mine.name)).then((hash) => (hash === null ? null : { hash })));
  return { plan, report, changes: planChanges(session.ws, plan, generated, loaded, onDisk) };
}
