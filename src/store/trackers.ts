// The tracker files in the workspace (letters.yaml, log.yaml, outreach.yaml): read safely like
// every other file, and written with only the changed lines edited (yaml-patch.ts).
import path from 'node:path';
import type * as z from 'zod';
import {
  lettersFileSchema,
  logFileSchema,
  outreachFileSchema,
  TRACKER_SCHEMA_VERSION,
  type LettersFile,
  type LogFile,
  type OutreachFile,
  type Trackers,
} from '../domain/trackers.js';
import type { FileChange } from './history.js';
import { rewriteYaml } from './yaml-patch.js';
import { parseYaml, validate } from './yaml-file.js';
import { readText, type Loaded, type Workspace } from './workspace.js';
import { Document } from 'yaml';

interface TrackerKind<T> {
  file: string;
  what: string;
  schema: z.ZodType<T>;
  empty: T;
  header: string;
}

export const LETTERS: TrackerKind<LettersFile> = {
  file: 'letters.yaml',
  what: 'letters file',
  schema: lettersFileSchema as z.ZodType<LettersFile>,
  empty: { schemaVersion: TRACKER_SCHEMA_VERSION, letters: [] },
  header: ' imgplan letters of recommendation. stage: planned | requested | materials-sent | received | uploaded',
};

export const LOG: TrackerKind<LogFile> = {
  file: 'log.yaml',
  what: 'clinical log',
  schema: logFileSchema as z.ZodType<LogFile>,
  empty: { schemaVersion: TRACKER_SCHEMA_VERSION, entries: [] },
  header: ' imgplan clinical log. Keep it de-identified: no names, dates tied to a patient, record numbers or places.',
};

export const OUTREACH: TrackerKind<OutreachFile> = {
  file: 'outreach.yaml',
  what: 'outreach file',
  schema: outreachFileSchema as z.ZodType<OutreachFile>,
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

export async function readTracker<T>(ws: Workspace, kind: TrackerKind<T>): Promise<LoadedTracker<T>> {
  const file = trackerPath(ws, kind);
  const read = await readText(file);
  if (!read) return { value: structuredClone(kind.empty), text: undefined, hash: null, file };
  const value = validate(parseYaml(file, read.text), kind.schema, { current: TRACKER_SCHEMA_VERSION, kind: kind.what });
  return { value, text: read.text, hash: read.hash, file };
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

/** What the plan needs from the trackers: letters and outreach (the log does not change dates). */
export async function readPlanTrackers(ws: Workspace): Promise<Trackers> {
  const [letters, outreach] = await Promise.all([readTracker(ws, LETTERS), readTracker(ws, OUTREACH)]);
  return { letters: letters.value.letters, outreach: outreach.value.contacts };
}
