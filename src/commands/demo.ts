// `imgplan demo`: the plan for an example profile shipped in data/examples, printed, never saved.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../domain/errors.js';
import { nearest } from '../domain/nearest.js';
import { firstOpenMatchYear } from '../engine/index.js';
import { referenceData } from '../reference/index.js';
import { renderTimeline } from '../render/timeline.js';
import { parseProfile, readText } from '../store/workspace.js';
import type { Deps } from './deps.js';
import { planForProfile, printJson } from './planning.js';

export interface DemoOptions {
  example?: string;
  json?: boolean;
}

/** data/examples in the installed package (the bundle sits in dist/, the sources in src/commands/). */
export function examplesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the imgplan package folder');
    dir = up;
  }
  return path.join(dir, 'data', 'examples');
}

/** Example names: "profile.yaml" is "default", "profile-NAME.yaml" is NAME. */
export function exampleNames(dir = examplesDir()): string[] {
  return readdirSync(dir)
    .filter((f) => /^profile(-[a-z0-9-]+)?\.yaml$/.test(f))
    .map((f) => (f === 'profile.yaml' ? 'default' : f.slice('profile-'.length, -'.yaml'.length)))
    .sort();
}

export async function runDemo(opts: DemoOptions, deps: Deps): Promise<number> {
  const dir = examplesDir();
  const name = opts.example ?? 'default';
  const names = exampleNames(dir);
  if (!names.includes(name)) {
    const guesses = nearest(name, names);
    throw new InputError('unknown-example', `there is no example profile named "${name}"`, [], `examples: ${(guesses.length ? guesses : names).join(', ')}`);
  }
  const file = path.join(dir, name === 'default' ? 'profile.yaml' : `profile-${name}.yaml`);
  const read = await readText(file);
  if (!read) throw new Error(`example profile missing: ${file}`);
  const profile = parseProfile(path.join('data', 'examples', path.basename(file)), read.text);
  // The examples target a fixed year; once it has gone by, the demo plans the first open one.
  const today = deps.today(profile.value.timezone);
  const open = firstOpenMatchYear(referenceData(), today);
  const year = open !== undefined && open > profile.value.targetMatchYear ? open : profile.value.targetMatchYear;
  const plan = planForProfile(profile, deps, { matchYear: year });
  if (opts.json) {
    printJson(deps, plan);
    return 0;
  }
  const note = `Demo: the plan for the example profile ${path.basename(file)} (${profile.value.name}), made for today, ${today}. Nothing is saved.${
    year !== profile.value.targetMatchYear ? ` The example targets the ${profile.value.targetMatchYear} Match, which is past; this is the ${year} Match.` : ''
  }\n\n`;
  deps.out(note + `${renderTimeline(plan, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}
