// `imgplan init`: take the profile (from questions or --profile FILE), make the first plan, save
// both in the workspace and print the plan's summary.
import { commitAndRemember } from '../store/remember.js';
import { InputError } from '../domain/errors.js';
import { renderSummary } from '../render/summary.js';
import { recoverIfNeeded } from '../store/history.js';
import { baseFile, currentHash, parseProfile, planChanges, planFile, readText, workspaceAt } from '../store/workspace.js';
import { profileToYaml } from '../store/serialize.js';
import type { Deps } from './deps.js';
import { planForProfile, printJson } from './planning.js';
import { readPlanTrackers } from '../store/trackers.js';

export interface InitOptions {
  profile?: string;
  force?: boolean;
  json?: boolean;
}

export async function runInit(opts: InitOptions, deps: Deps): Promise<number> {
  const ws = workspaceAt(deps.home);
  // Roll back a change a crash interrupted before reading what is there (the files the new ones replace).
  await recoverIfNeeded(ws.home);
  const existing = await currentHash(ws.profileFile);
  if (existing !== null && !opts.force)
    throw new InputError(
      'workspace-exists',
      `a workspace already exists in ${ws.home}`,
      [],
      'use --force to replace its profile and plan (the old files are kept in the history: imgplan undo brings them back), or --home DIR for another workspace',
    );

  let text: string;
  let file: string;
  if (opts.profile !== undefined) {
    const read = await readText(opts.profile);
    if (!read) throw new InputError('no-such-file', `${opts.profile} does not exist`, [], 'give the path of a profile file, e.g. data/examples/profile.yaml');
    text = read.text;
    file = opts.profile;
  } else if (deps.canPrompt) {
    const { askProfile } = await import('../prompts/init-interview.js');
    text = profileToYaml(await askProfile({ today: deps.today() }));
    file = ws.profileFile;
  } else {
    throw new InputError(
      'no-terminal',
      'imgplan init asks its questions in a terminal, and this is not one',
      [],
      'run it in a terminal, or give your answers as a file: imgplan init --profile FILE (see data/examples/profile.yaml)',
    );
  }

  const profile = parseProfile(file, text);
  const plan = planForProfile(profile, deps, { trackers: await readPlanTrackers(ws) });
  const planPath = planFile(ws, plan.name);
  // A forced init starts the plan afresh: the old plan is replaced, not merged.
  const planHash = await currentHash(planPath);
  const baseHash = await currentHash(baseFile(ws, plan.name));
  const [planFileChange, baseChange] = planChanges(ws, plan, plan, null, baseHash === null ? null : { hash: baseHash });
  // The profile is written last: a workspace exists once its profile does.
  await commitAndRemember(ws, [{ ...planFileChange!, basedOn: planHash }, baseChange!, { file: ws.profileFile, text, basedOn: existing }], {
    label: `init (${plan.name})`,
    date: plan.today,
  });

  if (opts.json) {
    printJson(deps, { home: ws.home, profileFile: ws.profileFile, planFile: planPath, plan });
    return 0;
  }
  deps.out(`${renderSummary(plan, { color: deps.color, width: deps.columns })}\n\nSaved ${ws.profileFile}\n  and ${planPath}\n`);
  return 0;
}
