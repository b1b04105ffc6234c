// Workspace files as a previous imgplan parsed and validated them, so that reading a large plan or
// tracker does not parse its YAML and run its schema again on every command.
//
// An entry is keyed by the file's path and holds, on its first line, everything its value depends
// on: this build of imgplan (schemas, reference data), the node version (time zone names), what
// the file is read as and the length of its text; then that text itself, then the value as JSON.
// The entry is used only when its text is the file's text exactly (a string comparison: neither
// node:crypto, which a command that only reads then never loads, nor a hash loop in JavaScript,
// which V8 would compile with megabytes of memory for a large plan). A file whose text, or an
// imgplan whose build, differ from the entry's is read the full way: an entry can be missing,
// stale or corrupt and nothing changes but the time taken. Values are written only when they
// survive JSON exactly.
//
// Reading never writes: the values a command validated are noted, and kept when it is done, by
// rememberParsed (remember.ts) after it wrote the workspace, or else by keepValidatedReads, which
// main.ts calls after every command (so the first read after a hand edit pays, the next ones do
// not). Entries are replaced by renaming a whole file, so readers never see half of one. They
// live in the user's cache folder (e.g. ~/.cache/imgplan/parsed), not in the workspace, whose
// files and history are only ever what a command wrote; deleting that folder is always safe. The
// clinical log is never kept.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { makeDirs } from './safe-write.js';

declare const IMGPLAN_BUILD: string | undefined;

/** What a cached value depends on besides the file's bytes. */
const BUILD = typeof IMGPLAN_BUILD === 'string' ? IMGPLAN_BUILD : 'source';
const FORMAT = 'imgplan-parsed 3';

/** A 53-bit hash of a short text (cyrb53), in hex: an entry's file name from the path it is for. */
export function textHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

export const cacheDir = (): string => path.join(envPaths('imgplan', { suffix: '' }).cache, 'parsed');

const entryFile = (file: string): string => path.join(cacheDir(), `${textHash(path.resolve(file))}.json`);

const header = (file: string, kind: string, text: string): string =>
  JSON.stringify([FORMAT, BUILD, process.version, process.versions.tz ?? '', kind, path.resolve(file), text.length]);

/** Entries written by this process, for their temp files' names. */
let writes = 0;

/** A validated value read this run, which rememberParsed may keep. */
interface Read {
  file: string;
  kind: string;
  text: string;
  value: unknown;
}

const validatedThisRun = new Map<string, Read>();

/** Notes that `value` is what `file` (holding `text`) validates to as `kind`. */
export function noteValidated(file: string, kind: string, text: string, value: unknown): void {
  validatedThisRun.set(path.resolve(file), { file, kind, text, value });
}

/** The reads noted this run and not kept yet, by absolute path; they are forgotten here. */
export function takeValidatedReads(): ReadonlyMap<string, Read> {
  const reads = new Map(validatedThisRun);
  validatedThisRun.clear();
  return reads;
}

/** Keeps the reads noted this run and not kept yet: what a command that wrote nothing validated. */
export async function keepValidatedReads(): Promise<void> {
  await Promise.all([...takeValidatedReads().values()].map((r) => keepParsed(r.file, r.kind, r.text, r.value)));
}

/** The cached value of `file` read as `kind` when it holds `text`, or undefined. */
export async function cachedValue(file: string, kind: string, text: string): Promise<unknown> {
  let entry: string;
  try {
    entry = await fs.readFile(entryFile(file), 'utf8');
  } catch {
    return undefined;
  }
  // Header, newline, the text, newline, the value.
  const newline = entry.indexOf('\n');
  const end = newline + 1 + text.length;
  if (newline < 0 || entry.slice(0, newline) !== header(file, kind, text) || entry[end] !== '\n' || entry.slice(newline + 1, end) !== text) return undefined;
  try {
    return JSON.parse(entry.slice(end + 1));
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
 * Keeps `value` as what `file` validates to as `kind` while it holds `text`. Best effort: a value
 * JSON cannot carry exactly, or a cache folder that cannot be written, keeps nothing.
 */
export async function keepParsed(file: string, kind: string, text: string, value: unknown): Promise<void> {
  let json: string;
  try {
    json = JSON.stringify(value);
    if (json === undefined || !sameJson(value, JSON.parse(json))) return;
  } catch {
    return;
  }
  const target = entryFile(file);
  const temp = `${target}.${process.pid}-${Date.now()}-${writes++}`;
  try {
    await makeDirs(path.dirname(target), 0o700);
    await fs.writeFile(temp, `${header(file, kind, text)}\n${text}\n${json}`, { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, target);
  } catch {
    await fs.rm(temp, { force: true }).catch(() => {});
  }
}
