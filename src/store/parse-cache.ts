// Workspace files as a previous imgplan parsed and validated them, so that reading a large plan or
// tracker does not parse its YAML and run its schema again on every command.
//
// An entry is keyed by the file's path and holds, on its first line, everything its value depends
// on: this build of imgplan (schemas, reference data), the node version (time zone names), what
// the file is read as, and the sha256 of the file's bytes. A file whose bytes, or an imgplan whose
// build, differ from the entry's is read the full way: an entry can be missing, stale or corrupt
// and nothing changes but the time taken. Values are written only when they survive JSON exactly.
//
// Reading never writes: the values a command validated are noted, and kept when it is done, by
// rememberParsed (remember.ts) after it wrote the workspace, or else by keepValidatedReads, which
// main.ts calls after every command (so the first read after a hand edit pays, the next ones do
// not). Entries are replaced by renaming a whole file, so readers never see half of one. They live in the user's cache
// folder (e.g. ~/.cache/imgplan/parsed), not in the workspace, whose files and history are only
// ever what a command wrote; deleting that folder is always safe. The clinical log is never kept.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';

declare const IMGPLAN_BUILD: string | undefined;

/** What a cached value depends on besides the file's bytes. */
const BUILD = typeof IMGPLAN_BUILD === 'string' ? IMGPLAN_BUILD : 'source';
const FORMAT = 'imgplan-parsed 1';

export const cacheDir = (): string => path.join(envPaths('imgplan', { suffix: '' }).cache, 'parsed');

const entryFile = (file: string): string => path.join(cacheDir(), `${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 40)}.json`);

const header = (file: string, kind: string, hash: string): string =>
  JSON.stringify([FORMAT, BUILD, process.version, process.versions.tz ?? '', kind, path.resolve(file), hash]);

/** A validated value read this run, which rememberParsed may keep. */
interface Read {
  file: string;
  kind: string;
  hash: string;
  value: unknown;
}

const validatedThisRun = new Map<string, Read>();

/** Notes that `value` is what `file` (with bytes of sha256 `hash`) validates to as `kind`. */
export function noteValidated(file: string, kind: string, hash: string, value: unknown): void {
  validatedThisRun.set(path.resolve(file), { file, kind, hash, value });
}

/** The reads noted this run and not kept yet, by absolute path; they are forgotten here. */
export function takeValidatedReads(): ReadonlyMap<string, Read> {
  const reads = new Map(validatedThisRun);
  validatedThisRun.clear();
  return reads;
}

/** Keeps the reads noted this run and not kept yet: what a command that wrote nothing validated. */
export async function keepValidatedReads(): Promise<void> {
  await Promise.all([...takeValidatedReads().values()].map((r) => keepParsed(r.file, r.kind, r.hash, r.value)));
}

/** The cached value of `file` read as `kind` when its bytes have sha256 `hash`, or undefined. */
export async function cachedValue(file: string, kind: string, hash: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(entryFile(file), 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  if (newline < 0 || text.slice(0, newline) !== header(file, kind, hash)) return undefined;
  try {
    return JSON.parse(text.slice(newline + 1));
  } catch {
    return undefined;
  }
}

/** True when `b` (parsed back from JSON) is `a` exactly: same keys in the same order, no -0, no undefined. */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number') return Object.is(a, b);
  if (a === null || typeof a !== 'object') return a === b;
  if (b === null || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Keeps `value` as what `file` validates to as `kind` while its bytes have sha256 `hash`. Best
 * effort: a value JSON cannot carry exactly, or a cache folder that cannot be written, keeps nothing.
 */
export async function keepParsed(file: string, kind: string, hash: string, value: unknown): Promise<void> {
  let json: string;
  try {
    json = JSON.stringify(value);
    if (json === undefined || !sameJson(value, JSON.parse(json))) return;
  } catch {
    return;
  }
  const target = entryFile(file);
  const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await fs.writeFile(temp, `${header(file, kind, hash)}\n${json}`, { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, target);
  } catch {
    await fs.rm(temp, { force: true }).catch(() => {});
  }
}
