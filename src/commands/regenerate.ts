// `imgplan regenerate [plan]`: recompute a plan after the profile changed (by a command or by
// hand), keeping every status, note, pin, added task and deletion of the person's.
import { commitChanges } from '../store/history.js';
import { rememberParsed } from '../store/remember.js';
import { changesJson, changesSummary, renderChanges } from '../render/changes.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';
import { loadPlan, openSession, regenerate } from './session.js';

export interface RegenerateOptions {
  plan?: string;
  dryRun?: boolean;
  json?: boolean;
}

export async function runRegenerate(opts: RegenerateOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const loaded = await loadPlan(session, opts.plan);
  const { plan, report, changes } = await regenerate(session, deps, loaded);
  const written = opts.dryRun
    ? []
    : await commitChanges(session.ws.home, changes, { label: `regenerate ${plan.name}`, date: plan.today, summary: [changesSummary(plan.name, report)] });
  if (opts.json) printJson(deps, { ...changesJson(plan.name, report), dryRun: Boolean(opts.dryRun), written: written.length > 0 });
  else {
    const tail = opts.dryRun ? '\n(dry run: nothing was written)' : written.length ? '' : '\nThe plan was already up to date.';
    deps.out(`${renderChanges(plan.name, report, { color: deps.color, width: deps.columns })}${tail}\n`);
  }
  // The next commands read what was just written, and what was validated for it, from the parse cache.
  await rememberParsed(session.ws, changes, written);
  return 0;
}
