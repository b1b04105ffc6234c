// The tracker files in the workspace (letters.yaml, log.yaml, outreach.yaml): read safely like
// every other file, and written with only the changed lines edited (yaml-patch.ts).
import path from 'node:path';
import type * as z from 'zod';
import type { LettersFile, LogFile, OutreachFile, Trackers } from '../domain/trackers.js';
import type { BudgetFile, ProgramsFile } from '../domain/programs.js';
import type { FileChange } from './history.js';
import { rewriteYaml } from './yaml-patch.js';
import { parseYaml, validate } from './yaml-file.js';
import { readText, type Loaded, type ReadText, type Workspace } from './workspace.js';
import { cachedValue, noteValidated } from './parse-cache.js';
import { Document } from 'yaml';

/**
 * domain/trackers.ts's TRACKER_SCHEMA_VERSION (tests/unit/lazy-loading.test.ts checks they agree),
 * so that a tracker read from the parse cache never builds the tracker schemas: they are loaded
 * with import() when a file has to be validated.
 */
export const TRACKER_SCHEMA_VERSION = 1;

const trackerSchemas = () => import('../domain/trackers.js');
const programSchemas = () => import('../domain/programs.js');

export interface TrackerKind<T> {
  file: string;
  what: string;
  /** The file's schema, loaded on first use. */
  schema: () => Promise<z.ZodType<T>>;
  empty: T;
  header: string;
}

export const LETTERS: TrackerKind<LettersFile> = {
  file: 'letters.yaml',
  what: 'letters file',
  schema: async () => (await trackerSchemas()).lettersFileSchema as z.ZodType<LettersFile>,
  empty: { schemaVersion: TRACKER_SCHEMA_VERSION, letters: [] },
  header: ' imgplan letters of recommendation. stage: planned | requested | materials-sent | received | uploaded',
};

export const LOG: TrackerKind<LogFile> = {
  file: 'log.yaml',
  what: 'clinical log',
  schema: async () => (await trackerSchemas()).logFileSchema as z.ZodType<LogFile>,
  empty: { schemaVersion: TRACKER_SCHEMA_VERSION, entries: [] },
  header: ' imgplan clinical log. Keep it de-identified: no names, dates tied to a patient, record numbers or places.',
};

export const OUTREACH: TrackerKind<OutreachFile> = {
  file: 'outreach.yaml',
  what: 'outreach file',
  schema: async () => (await trackerSchemas()).outreachFileSchema as z.ZodType<OutreachFile>,
  empty: { schemaVersion: TRACKER_SCHEMA_VERSION, contacts: [] },
  header: ' imgplan outreach for rotations. status: drafted | sent | follow-up-due | replied | offered | declined | confirmed',
};

export const trackerPath = (ws: Workspace, kind: TrackerKind<unknown>): string => path.join(ws.home, kind.file);

/** The tracker as read (null hash and text when the file does not exist yet: it starts empty). */
export interface LoadedTracker<T> extends Omit<Loaded<T>, 'parsed' | 'text' | 'hash'> {
  text: string | undefined;
  hash: string | null;
  file: string;
}

/** The tracker as read, its hash unread until a write asks for it (workspace.ts's readText). */
const trackerFrom = <T>(value: T, read: ReadText, file: string): LoadedTracker<T> => ({
  value,
  text: read.text,
  get hash() {
    return read.hash;
  },
  file,
});

export async function readTracker<T>(ws: Workspace, kind: TrackerKind<T>): Promise<LoadedTracker<T>> {
  const file = trackerPath(ws, kind);
  const read = await readText(file);
  if (!read) return { value: structuredClone(kind.empty), text: undefined, hash: null, file };
  // The clinical log is never cached (parse-cache.ts): it stays in the workspace only.
  const cacheable = kind.file !== LOG.file;
  const cached = cacheable ? await cachedValue(file, kind.what, read.text) : undefined;
  if (cached !== undefined) return trackerFrom(cached as T, read, file);
  const parsed = parseYaml(file, read.text);
  const value = validate(parsed, await kind.schema(), { current: TRACKER_SCHEMA_VERSION, kind: kind.what });
  if (cacheable) noteValidated(file, kind.what, read.text, value);
  return trackerFrom(value, read, file);
}

/** A change that saves `value` over the tracker as read. */
export function trackerChange<T>(kind: TrackerKind<T>, loaded: LoadedTracker<T>, value: T): FileChange {
  const fresh = (v: unknown) => {
    const doc = new Document(v);
    doc.commentBefore = kind.header;
    return doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
  };
  return { file: loaded.file, text: rewriteYaml(loaded.text, value, (v) => new Document(v).toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true }), fresh), basedOn: loaded.hash };
}

export const PROGRAMS: TrackerKind<ProgramsFile> = {
  file: 'programs.yaml',
  what: 'programs file',
  schema: async () => (await programSchemas()).programsFileSchema as z.ZodType<ProgramsFile>,
  empty: { schemaVersion: TRACKER_SCHEMA_VERSION, programs: [] },
  header: ' Residency programs you collected (imgplan programs import). Check every figure with the program itself.',
};

export const BUDGET: TrackerKind<BudgetFile> = {
  file: 'budget.yaml',
  what: 'budget file',
  schema: async () => (await programSchemas()).budgetFileSchema as z.ZodType<BudgetFile>,
  empty: { schemaVersion: TRACKER_SCHEMA_VERSION, planned: {}, spent: [] },
  header: ' Your own planned amounts (planned) and what you spent (spent), in U.S. dollars.',
};

/** What the plan needs from the trackers: letters, outreach and programs (the log does not change dates). */
export async function readPlanTrackers(ws: Workspace): Promise<Trackers> {
  const [letters, outreach, programs] = await Promise.all([readTracker(ws, LETTERS), readTracker(ws, OUTREACH), readTracker(ws, PROGRAMS)]);
  return { letters: letters.value.letters, outreach: outreach.value.contacts, programs: programs.value.programs };
}
