// After a command has written the workspace: keep, in the parse cache (parse-cache.ts), the files
// it validated on the way and the files it wrote, so the next commands read them without parsing
// their YAML again. Called once the step is committed; a failure here never fails the command.
import path from 'node:path';
import { commitChanges, type CommitOptions, type FileChange } from './history.js';
import { keepParsed, takeValidatedReads } from './parse-cache.js';
import { BUDGET, LETTERS, OUTREACH, PROGRAMS, TRACKER_SCHEMA_VERSION, trackerPath } from './trackers.js';
import { baseFile, parsePlan, parseProfile, type Workspace } from './workspace.js';
import { parseYaml, validate } from './yaml-file.js';

/** What a file of the workspace is read as, with the validation of its text; null for the clinical log and other files. */
function kindOf(ws: Workspace, file: string): { kind: string; validate: (text: string) => unknown } | null {
  const abs = path.resolve(file);
  if (abs === path.resolve(ws.profileFile)) return { kind: 'profile', validate: (t) => parseProfile(file, t).value };
  const dir = path.dirname(abs);
  if (abs.endsWith('.yaml') && (dir === path.resolve(ws.plansDir) || dir === path.dirname(path.resolve(baseFile(ws, 'x')))))
    return { kind: 'plan', validate: (t) => parsePlan(file, t).value };
  for (const tracker of [LETTERS, OUTREACH, PROGRAMS, BUDGET] as const)
    if (abs === path.resolve(trackerPath(ws, tracker)))
      return { kind: tracker.what, validate: async (t) => validate(parseYaml(file, t), await tracker.schema(), { current: TRACKER_SCHEMA_VERSION, kind: tracker.what }) };
  return null;
}

/**
 * Keeps the parsed form of what this run validated and of what `changes` wrote (`written`: the
 * files commitChanges reports as written). Nothing is kept when nothing was written.
 */
export async function rememberParsed(ws: Workspace, changes: readonly FileChange[], written: readonly string[]): Promise<void> {
  if (written.length === 0) return;
  const writtenSet = new Set(written.map((f) => path.resolve(f)));
  const jobs: Promise<void>[] = [];
  for (const [abs, read] of takeValidatedReads())
    if (!writtenSet.has(abs) && kindOf(ws, read.file)?.kind === read.kind) jobs.push(keepParsed(read.file, read.kind, read.text, read.value));
  for (const change of changes) {
    if (change.text === null || !writtenSet.has(path.resolve(change.file))) continue;
    const kind = kindOf(ws, change.file);
    if (!kind) continue;
    // Keyed by the text as readText gives it back, without a byte order mark.
    const text = change.text.replace(/^\uFEFF/, '');
    let value: unknown;
    try {
      value = await kind.validate(text);
    } catch {
      continue;
    }
    jobs.push(keepParsed(change.file, kind.kind, text, value));
  }
  await Promise.all(jobs);
}

/** commitChanges, then rememberParsed: how every command that changes the workspace saves. */
export async function commitAndRemember(ws: Workspace, changes: readonly FileChange[], opts: CommitOptions): Promise<string[]> {
  const written = await commitChanges(ws.home, changes, opts);
  await rememberParsed(ws, changes, written);
  return written;
}
