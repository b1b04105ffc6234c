// Every change to the workspace as one journaled step. Before any file is replaced, the old
// versions go into .imgplan/history/<n>/ with a pending record; the files are then replaced
// atomically; last, the record is committed. A step interrupted by a crash is rolled back at the
// next start, so the workspace is always as it was before a command or as it was after it.
// The committed steps are the history that `imgplan history` lists and `imgplan undo` reverses.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { InputError, RaceLostError, WorkspaceError } from '../domain/errors.js';
import { atomicWrite, changedOnDisk, ensureDir, expectUnchanged, isTempName, LOCK_NAME, readIfExists, removeStrayTemps, sha256, withLock } from './safe-write.js';

export const HISTORY_KEPT = 50;
const PENDING = 'pending.json';
const DONE = 'entry.json';
const STEP = /^\d{6,}$/;
/** A step an undo reversed, renamed on its way out of the history. */
const UNDONE = /^\d{6,}\.undone$/;

export interface FileChange {
  file: string;
  /** The new content, or null to remove the file. */
  text: string | null;
  /** sha256 of the content this change was based on, or null when the file must not exist yet. */
  basedOn: string | null;
}

export interface HistoryFile {
  /** Relative to the workspace folder. */
  path: string;
  /** The saved copy of the old content, or null when the file did not exist. */
  before: string | null;
  /** sha256 of the new content, or null when the change removed the file. */
  after: string | null;
}

export interface HistoryEntry {
  seq: number;
  label: string;
  date: string;
  summary: string[];
  files: HistoryFile[];
  /** For an undo in progress: the step it reverses. */
  undoes?: number;
}

export interface CommitOptions {
  label: string;
  /** The calendar day of the change (from the injected clock). */
  date: string;
  summary?: string[];
}

export const historyDir = (home: string): string => path.join(home, '.imgplan', 'history');
const stepDir = (home: string, seq: number): string => path.join(historyDir(home), String(seq).padStart(6, '0'));

async function steps(home: string): Promise<number[]> {
  try {
    return (await fs.readdir(historyDir(home)))
      .filter((n) => STEP.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** A path a record may name: inside the workspace, as imgplan writes it (a crafted record must not reach beyond). */
const inWorkspace = (p: string): boolean => p !== '' && !path.isAbsolute(p) && path.normalize(p) === p && !p.split(path.sep).includes('..');

const recordSchema = z.object({
  seq: z.number().int().positive(),
  label: z.string(),
  date: z.string(),
  summary: z.array(z.string()),
  files: z.array(
    z.object({
      path: z.string().refine(inWorkspace, 'is not a path inside the workspace'),
      before: z.string().regex(/^before-\d+$/).nullable(),
      after: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    }),
  ),
  undoes: z.number().int().positive().optional(),
});

/** A record or saved copy of the history that imgplan cannot use (edited, cut short, removed). */
function damaged(file: string, message: string): InputError {
  return new InputError(
    'invalid-content',
    `${file} is not a valid history record`,
    [{ file, message }],
    `imgplan cannot use this step of its history; move the folder ${path.dirname(file)} out of the workspace (your own files are not in it), then run the command again; nothing was changed`,
  );
}

async function readRecord(dir: string, name: string): Promise<HistoryEntry | null> {
  const file = path.join(dir, name);
  let raw: Buffer | null;
  try {
    raw = await readIfExists(file);
  } catch (e) {
    throw damaged(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw damaged(file, 'is not JSON (cut short or edited?)');
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw damaged(file, `${issue.path.join('.') || 'the record'}: ${issue.message}`);
  }
  return parsed.data;
}

async function hasRecord(dir: string, name: string): Promise<boolean> {
  try {
    await fs.lstat(path.join(dir, name));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** The saved copy `name` of a file's old content, which the step's `record` names. */
async function readCopy(dir: string, record: string, name: string): Promise<Buffer> {
  const copy = await readIfExists(path.join(dir, name)).catch(() => null);
  if (copy === null) throw damaged(path.join(dir, record), `names the saved copy ${name}, which is missing or unreadable`);
  return copy;
}

async function removeFile(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

/**
 * Puts back the old version of every file an interrupted step replaced, then forgets the step. A
 * file that does not hold what the step wrote was not reached (it is as it was), or was edited
 * since by another program, whose edit stays.
 */
async function rollBack(home: string, dir: string, entry: HistoryEntry): Promise<void> {
  // Every saved copy first: a step that cannot be rolled back whole is left as it is.
  const copies = await Promise.all(entry.files.map((f) => (f.before === null ? null : readCopy(dir, PENDING, f.before))));
  for (const [i, f] of entry.files.entries()) {
    const target = path.join(home, f.path);
    const now = await readIfExists(target);
    if ((now === null ? null : sha256(now)) !== f.after) continue;
    if (copies[i] === null) await removeFile(target);
    else await atomicWrite(target, copies[i]!);
  }
  await fs.rm(dir, { recursive: true, force: true });
}

/** Every folder of the workspace (the lock aside) with the names it holds, parents first. */
async function folders(home: string): Promise<{ dir: string; names: string[] }[]> {
  const out: { dir: string; names: string[] }[] = [];
  // A level at a time, its folders read side by side: every command starts with this walk, and
  // the history alone holds up to 50 step folders.
  for (let level = [home]; level.length > 0; ) {
    const read = await Promise.all(level.map(async (dir) => ({ dir, entries: await fs.readdir(dir, { withFileTypes: true }).catch(() => null) })));
    level = [];
    for (const { dir, entries } of read) {
      if (!entries) continue;
      out.push({ dir, names: entries.map((e) => e.name) });
      for (const e of entries) if (e.isDirectory() && !(dir === home && e.name === LOCK_NAME)) level.push(path.join(dir, e.name));
    }
  }
  return out;
}

/** Whether a killed command left anything behind: a step pending or cut short, an undo half done, a temp file. */
async function leftBehind(home: string): Promise<boolean> {
  const history = historyDir(home);
  return (await folders(home)).some(
    ({ dir, names }) =>
      names.some(isTempName) ||
      (dir === history && names.some((n) => UNDONE.test(n))) ||
      (path.dirname(dir) === history && STEP.test(path.basename(dir)) && (names.includes(PENDING) || !names.includes(DONE))),
  );
}

/** Finishes the work of a crashed command, if any; call while holding the lock. */
async function recoverLocked(home: string): Promise<boolean> {
  let recovered = false;
  for (const seq of await steps(home)) {
    const dir = stepDir(home, seq);
    const pending = await readRecord(dir, PENDING);
    if (pending) {
      // An undo is done once the step it reverses has left the history: then only its record goes.
      if (pending.undoes !== undefined && !(await hasRecord(stepDir(home, pending.undoes), DONE))) await fs.rm(dir, { recursive: true, force: true });
      else await rollBack(home, dir, pending);
      recovered = true;
    } else if (!(await hasRecord(dir, DONE))) await fs.rm(dir, { recursive: true, force: true });
  }
  for (const { dir, names } of await folders(home)) {
    if (dir === historyDir(home)) for (const n of names.filter((x) => UNDONE.test(x))) await fs.rm(path.join(dir, n), { recursive: true, force: true });
    await removeStrayTemps(dir);
  }
  return recovered;
}

/**
 * Clears what a crashed command left, before anything reads the workspace: rolls back (or, for an
 * undo past its last step, finishes) a step it interrupted, so a reader never sees half of a
 * change, and removes its temp files and unfinished history folders. Takes the lock only then.
 */
export async function recoverIfNeeded(home: string): Promise<void> {
  if (!(await leftBehind(home))) return;
  // A damaged pending record is refused before the lock is taken: a refusal leaves no trace.
  for (const seq of await steps(home)) await readRecord(stepDir(home, seq), PENDING);
  await withLock(home, () => recoverLocked(home));
}

/**
 * Whether `file` holds what the newest committed step that wrote it left there (sha256 `now`):
 * then another imgplan changed it since this one read it, not a person in an editor.
 */
async function writtenByImgplan(home: string, file: string, now: string | null): Promise<boolean> {
  for (const seq of (await steps(home)).reverse()) {
    const entry = await readRecord(stepDir(home, seq), DONE).catch(() => null);
    const wrote = entry?.files.find((f) => path.join(home, f.path) === file);
    if (wrote) return wrote.after === now;
  }
  return false;
}

async function applyStep(home: string, changes: readonly FileChange[], record: Omit<HistoryEntry, 'seq' | 'files'>, keep: boolean): Promise<string[]> {
  await recoverLocked(home);
  for (const dir of new Set(changes.map((c) => path.dirname(c.file)))) {
    await ensureDir(dir);
    await removeStrayTemps(dir);
  }
  const current = await Promise.all(changes.map((c) => readIfExists(c.file)));
  for (const [i, c] of changes.entries()) {
    const now = current[i] ? sha256(current[i]!) : null;
    if (now === c.basedOn) continue;
    if (await writtenByImgplan(home, c.file, now))
      throw new RaceLostError(`the workspace at ${home} is busy: another imgplan changed ${path.relative(home, c.file)} while this one was working`);
    throw changedOnDisk(c.file, c.basedOn);
  }
  const real = changes.map((c, i) => ({ c, old: current[i] ?? null })).filter(({ c, old }) => (c.text === null ? old !== null : old?.toString('utf8') !== c.text));
  if (real.length === 0) return [];

  const seqs = await steps(home);
  const seq = (seqs[seqs.length - 1] ?? 0) + 1;
  const dir = stepDir(home, seq);
  await ensureDir(path.dirname(path.dirname(dir)));
  await ensureDir(historyDir(home));
  await ensureDir(dir);
  const files: HistoryFile[] = [];
  for (const [i, { c, old }] of real.entries()) {
    const before = old === null ? null : `before-${i}`;
    if (old !== null) await atomicWrite(path.join(dir, before!), old);
    files.push({ path: path.relative(home, c.file), before, after: c.text === null ? null : sha256(c.text) });
  }
  const entry: HistoryEntry = { seq, ...record, files };
  await atomicWrite(path.join(dir, PENDING), `${JSON.stringify(entry, null, 2)}\n`);

  try {
    // Each file is checked again as it is replaced: another program may have edited it since the check above.
    for (const { c } of real) {
      if (c.text === null) {
        await expectUnchanged(c.file, c.basedOn);
        await removeFile(c.file);
      } else await atomicWrite(c.file, c.text, c.basedOn);
    }
  } catch (e) {
    // Then the files already replaced are put back (that edit stays), and nothing of the step is left.
    await rollBack(home, dir, entry);
    throw e;
  }

  if (keep) {
    await atomicWrite(path.join(dir, DONE), `${JSON.stringify(entry, null, 2)}\n`);
    await removeFile(path.join(dir, PENDING));
    for (const old of (await steps(home)).slice(0, -HISTORY_KEPT)) {
      // The record first: a crash midway leaves a step cut short (cleared at the next start), never a listed step without its copies.
      await removeFile(path.join(stepDir(home, old), DONE));
      await fs.rm(stepDir(home, old), { recursive: true, force: true });
    }
  } else {
    // An undo is done the moment the step it reverses leaves the history, by one rename: a crash
    // before it rolls the undo back, a crash after it finishes the undo (recoverLocked).
    if (record.undoes !== undefined) {
      const undone = stepDir(home, record.undoes);
      await fs.rename(undone, `${undone}.undone`);
      await fs.rm(`${undone}.undone`, { recursive: true, force: true });
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
  return real.map(({ c }) => c.file);
}

/**
 * Writes every change as one step, under the workspace lock. Each file must still hold what the
 * change was based on (another program may have edited it since); a file whose content would not
 * change is left alone. Returns the files actually written.
 */
export async function commitChanges(home: string, changes: readonly FileChange[], opts: CommitOptions): Promise<string[]> {
  // Nothing to write (files already hold this content): leave the workspace alone, lock included.
  const current = await Promise.all(changes.map((c) => readIfExists(c.file)));
  if (changes.every((c, i) => (c.text === null ? current[i] === null : current[i]?.toString('utf8') === c.text))) return [];
  return withLock(home, () => applyStep(home, changes, { label: opts.label, date: opts.date, summary: opts.summary ?? [] }, true));
}

/** The committed steps, oldest first. */
export async function listHistory(home: string): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  for (const seq of await steps(home)) {
    const entry = await readRecord(stepDir(home, seq), DONE);
    if (entry) out.push(entry);
  }
  return out;
}

/** Reverses the newest step exactly, unless a file changed since; returns the step reversed. */
export async function undoLast(home: string, date: string): Promise<HistoryEntry> {
  // Checked before the lock is taken too, so a refusal leaves no trace (the lock changes the folder).
  await undoChanges(home);
  return withLock(home, async () => {
    await recoverLocked(home);
    const { last, changes } = await undoChanges(home);
    await applyStep(home, changes, { label: `undo: ${last.label}`, date, summary: [], undoes: last.seq }, false);
    return last;
  });
}

/** The newest step and the changes that reverse it; refused when a file changed after it. */
async function undoChanges(home: string): Promise<{ last: HistoryEntry; changes: FileChange[] }> {
  const entries = await listHistory(home);
  const last = entries[entries.length - 1];
  if (!last) throw new WorkspaceError('nothing-to-undo', 'there is nothing to undo', 'imgplan history lists the changes it keeps');
  const dir = stepDir(home, last.seq);
  const changes: FileChange[] = [];
  for (const f of last.files) {
    const file = path.join(home, f.path);
    const now = await readIfExists(file);
    if ((now ? sha256(now) : null) !== f.after)
      throw new WorkspaceError('changed-since', `${f.path} changed after "${last.label}", so undoing it would lose that change`, 'edit the file back by hand, or keep it as it is; nothing was changed');
    changes.push({ file, text: f.before === null ? null : (await readCopy(dir, DONE, f.before)).toString('utf8'), basedOn: f.after });
  }
  return { last, changes };
}
