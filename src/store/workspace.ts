// The workspace: a private folder holding profile.yaml and plans/<name>.yaml (where: paths.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../domain/errors.js';
import { planSchema, PLAN_SCHEMA_VERSION, type Plan } from '../domain/plan.js';
import { profileSchema, PROFILE_SCHEMA_VERSION, type Profile } from '../domain/profile.js';
import { parseYaml, validate, type ParsedYaml } from './yaml-file.js';
import { sha256 } from './safe-write.js';
import type { FileChange } from './history.js';
import { planText, planToYaml } from './serialize.js';

export interface Workspace {
  home: string;
  profileFile: string;
  plansDir: string;
}

export function workspaceAt(home: string): Workspace {
  return { home, profileFile: path.join(home, 'profile.yaml'), plansDir: path.join(home, 'plans') };
}

export const planFile = (ws: Workspace, name: string): string => path.join(ws.plansDir, `${name}.yaml`);

/** A value read from a file, with what is needed to write it back safely and to point at lines. */
export interface Loaded<T> {
  value: T;
  text: string;
  hash: string;
  parsed: ParsedYaml;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file the person may have written, or null when it does not exist. */
export async function readText(file: string): Promise<{ text: string; hash: string } | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new InputError('not-a-file', `${file} is a folder, not a file`);
    if (code === 'EACCES') throw new InputError('unreadable', `${file} cannot be read (permission denied)`);
    throw e;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new InputError('not-text', `${file} is not a text file`, [{ file, message: 'is not valid UTF-8 text' }], 'nothing was changed');
  }
  return { text: text.replace(/^\uFEFF/, ''), hash: sha256(bytes) };
}

export function parseProfile(file: string, text: string): { value: Profile; parsed: ParsedYaml } {
  const parsed = parseYaml(file, text);
  return { value: validate(parsed, profileSchema(), { current: PROFILE_SCHEMA_VERSION, kind: 'profile' }), parsed };
}

export function parsePlan(file: string, text: string): { value: Plan; parsed: ParsedYaml } {
  const parsed = parseYaml(file, text);
  return { value: validate(parsed, planSchema, { current: PLAN_SCHEMA_VERSION, kind: 'plan' }), parsed };
}

async function load<T>(file: string, parse: (f: string, t: string) => { value: T; parsed: ParsedYaml }): Promise<Loaded<T> | null> {
  const read = await readText(file);
  if (!read) return null;
  return { ...parse(file, read.text), ...read };
}

export const readProfile = (ws: Workspace): Promise<Loaded<Profile> | null> => load(ws.profileFile, parseProfile);
export const readPlan = (ws: Workspace, name: string): Promise<Loaded<Plan> | null> => load(planFile(ws, name), parsePlan);

/** Plan names in the workspace, sorted. */
export async function listPlans(ws: Workspace): Promise<string[]> {
  try {
    return (await fs.readdir(ws.plansDir))
      .filter((n) => n.endsWith('.yaml') && !n.startsWith('.'))
      .map((n) => n.slice(0, -'.yaml'.length))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** The last plan imgplan generated for `name`: the base of the next regeneration's merge. */
export const baseFile = (ws: Workspace, name: string): string => path.join(ws.home, '.imgplan', 'base', `${name}.yaml`);

/** The generated base of a plan, or null when it is missing or unreadable (then nothing is assumed about edits). */
export async function readBase(ws: Workspace, name: string): Promise<Loaded<Plan> | null> {
  try {
    return await load(baseFile(ws, name), parsePlan);
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

/**
 * The changes that save a plan: the plan file (editing only what changed in the person's text)
 * and its generated base. `previous` and `base` are what was read, for the on-disk checks.
 */
export function planChanges(ws: Workspace, plan: Plan, generated: Plan, previous: Loaded<Plan> | null, base: { hash: string } | null): FileChange[] {
  return [
    { file: planFile(ws, plan.name), text: planText(previous?.text, plan), basedOn: previous?.hash ?? null },
    { file: baseFile(ws, plan.name), text: planToYaml(generated), basedOn: base?.hash ?? null },
  ];
}

export async function currentHash(file: string): Promise<string | null> {
  return (await readText(file))?.hash ?? null;
}

