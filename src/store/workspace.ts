// The workspace: a private folder holding profile.yaml and plans/<name>.yaml (where: paths.ts).
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../domain/errors.js';
import { sameValue } from '../domain/same-value.js';
import { planSchemas, PLAN_SCHEMA_VERSION, type Plan } from '../domain/plan.js';
import { profileSchema, PROFILE_SCHEMA_VERSION, type Profile } from '../domain/profile.js';
import { locate, parseYaml, validate, type ParsedYaml } from './yaml-file.js';
import { readIfExists, sha256 } from './safe-write.js';
import type { FileChange } from './history.js';
import { planText, planToYaml } from './serialize.js';
import { cachedValue, noteValidated } from './parse-cache.js';

export interface Workspace {
  home: string;
  profileFile: string;
  plansDir: string;
}

export function workspaceAt(home: string): Workspace {
  // A workspace is a folder, or a path where one can be made; not a file (--home ~/profile.yaml).
  let isFolder = true;
  try {
    isFolder = statSync(home).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') isFolder = false;
  }
  if (!isFolder)
    throw new InputError('home-not-a-folder', `${home} is not a folder`, [], 'the workspace (--home or IMGPLAN_HOME) must be a folder, or a path where imgplan can make one');
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

/** Line and column (1-based, as the YAML loader counts them) of the first byte that is not UTF-8. */
function firstBadByte(bytes: Buffer): { line: number; column: number } {
  // A streaming decoder holds back an unfinished character, so "the first n bytes decode" is
  // true up to the first bad byte and false from there: a binary search finds it.
  const fine = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let [lo, hi] = [0, bytes.length];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fine(mid)) lo = mid;
    else hi = mid - 1;
  }
  // bytes[lo] makes the sequence invalid; a character it interrupts is held back and not counted.
  const lineStart = bytes.lastIndexOf(0x0a, lo - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  return { line, column: new TextDecoder('utf-8').decode(bytes.subarray(lineStart, lo), { stream: true }).length + 1 };
}

/** A file's text, and the sha256 of its bytes. */
export interface ReadText {
  text: string;
  /** What a write over the file is based on; computed when first asked for (commands that only read never do). */
  readonly hash: string;
}

/** The text of a file the person may have written, or null when it does not exist. */
export async function readText(file: string): Promise<ReadText | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a folder on the way is a file, so the file does not exist either.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw new InputError('not-a-file', `${file} is a folder, not a file`, [], 'give the path of a file');
    if (code === 'EACCES') throw new InputError('unreadable', `${file} cannot be read (permission denied)`, [], 'let your user read it (chmod u+r), or give another file');
    throw e;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstBadByte(bytes);
    throw new InputError(
      'not-text',
      `${file} is not a text file`,
      [{ file, ...at, message: 'this byte is not UTF-8 text (imgplan reads UTF-8 files only)' }],
      'save it as UTF-8 text (editors offer it when saving), or give the right file; nothing was changed',
    );
  }
  let hash: string | undefined;
  return {
    text: text.replace(/^\uFEFF/, ''),
    get hash() {
      return (hash ??= sha256(bytes));
    },
  };
}

/** `value` as loaded from a read file: its hash stays unread until asked for (a spread would read it). */
const loadedFrom = <T>(value: T, parsed: ParsedYaml, read: ReadText): Loaded<T> => ({
  value,
  parsed,
  text: read.text,
  get hash() {
    return read.hash;
  },
});

export function parseProfile(file: string, text: string): { value: Profile; parsed: ParsedYaml } {
  const parsed = parseYaml(file, text);
  return { value: validate(parsed, profileSchema(), { current: PROFILE_SCHEMA_VERSION, kind: 'profile' }), parsed };
}

export function parsePlan(file: string, text: string): { value: Plan; parsed: ParsedYaml } {
  const parsed = parseYaml(file, text);
  return { value: validate(parsed, planSchemas().planSchema, { current: PLAN_SCHEMA_VERSION, kind: 'plan' }), parsed };
}

/**
 * The parse of a text known to be valid YAML (it validated before), made when first asked for:
 * only error messages that point at a line need it once a value comes from the parse cache.
 */
export function lazyParsed(file: string, text: string): ParsedYaml {
  let parsed: ParsedYaml | undefined;
  const get = (): ParsedYaml => (parsed ??= parseYaml(file, text));
  return {
    file,
    get doc() {
      return get().doc;
    },
    get lines() {
      return get().lines;
    },
    get data() {
      return get().data;
    },
  };
}

/** What a workspace file is read as (the parse cache keeps values per kind). */
export type FileKind = 'profile' | 'plan';

async function load<T>(file: string, kind: FileKind, parse: (f: string, t: string) => { value: T; parsed: ParsedYaml }): Promise<Loaded<T> | null> {
  const read = await readText(file);
  if (!read) return null;
  const cached = await cachedValue(file, kind, read.text);
  if (cached !== undefined) return loadedFrom(cached as T, lazyParsed(file, read.text), read);
  const { value, parsed } = parse(file, read.text);
  noteValidated(file, kind, read.text, value);
  return loadedFrom(value, parsed, read);
}

export const readProfile = (ws: Workspace): Promise<Loaded<Profile> | null> => load(ws.profileFile, 'profile', parseProfile);

/** plans/NAME.yaml, which must be the plan named NAME: commands write a plan to the file of its name. */
export async function readPlan(ws: Workspace, name: string): Promise<Loaded<Plan> | null> {
  const loaded = await load(planFile(ws, name), 'plan', parsePlan);
  if (loaded && loaded.value.name !== name) {
    const file = planFile(ws, name);
    throw new InputError(
      'invalid-content',
      `${file} is not a valid plan`,
      [{ file, ...locate(loaded.parsed, ['name']), field: 'name', message: `is "${loaded.value.name}", but a plan's name must be its file's name, "${name}"` }],
      `write name: ${name} in the file (to copy a plan, use: imgplan plan new NAME); nothing was changed`,
    );
  }
  return loaded;
}

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
    return await load(baseFile(ws, name), 'plan', parsePlan);
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

/**
 * The changes that save a plan: the plan file (editing only what changed in the person's text)
 * and its generated base. `previous` and `base` are what was read, for the on-disk checks. A file
 * whose value does not change keeps its text as it is, without rendering and re-reading the YAML
 * (most of the time a regeneration takes when nothing changed).
 */
export function planChanges(ws: Workspace, plan: Plan, generated: Plan, previous: Loaded<Plan> | null, base: Pick<Loaded<Plan>, 'hash'> & Partial<Loaded<Plan>> | null): FileChange[] {
  const kept = (read: Partial<Loaded<Plan>> | null, value: Plan): string | undefined => (read?.text !== undefined && sameValue(read.value, value) ? read.text : undefined);
  return [
    { file: planFile(ws, plan.name), text: kept(previous, plan) ?? planText(previous?.text, plan), basedOn: previous?.hash ?? null },
    { file: baseFile(ws, plan.name), text: kept(base, generated) ?? planToYaml(generated), basedOn: base?.hash ?? null },
  ];
}

/** sha256 of the bytes at `file` whatever they hold, or null when there is no file: what a write over it is based on. */
export async function bytesHash(file: string): Promise<string | null> {
  const bytes = await readIfExists(file);
  return bytes === null ? null : sha256(bytes);
}

export async function currentHash(file: string): Promise<string | null> {
  return (await readText(file))?.hash ?? null;
}

