// Changing files in the workspace without ever tearing or losing one: a lock on the workspace,
// a check that nobody changed a file since it was read, a backup of the old version, then an
// atomic replace (private temp file, fsync, rename, fsync of the folder). reliability.md 1.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { WorkspaceError } from '../domain/errors.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;
export const BACKUPS_KEPT = 20;
const TEMP_MARK = '.tmp-';

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

export async function ensureDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  await fs.chmod(dir, DIR_MODE);
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = await fs.open(dir, fsc.O_RDONLY);
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/** Replaces `file` with `text` so that a crash at any moment leaves the old or the new content. */
export async function atomicWrite(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = await fs.open(temp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, FILE_MODE);
  try {
    try {
      await fd.writeFile(text, 'utf8');
      await fd.sync();
    } finally {
      await fd.close();
    }
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

/** Removes temp files left by a process killed mid-write; only safe while holding the lock. */
async function removeStrayTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => n.startsWith('.') && n.includes(TEMP_MARK)).map((n) => fs.rm(path.join(dir, n), { force: true })));
}

export const backupsDir = (home: string): string => path.join(home, '.imgplan', 'backups');

/** Copies the current `file` into the backups folder as <name>.<sequence>, keeping the newest few. */
async function backup(home: string, file: string, content: Buffer): Promise<void> {
  const dir = backupsDir(home);
  await ensureDir(path.dirname(dir));
  await ensureDir(dir);
  await removeStrayTemps(dir);
  const stem = path.relative(home, file).split(path.sep).join('__');
  const existing = (await fs.readdir(dir)).filter((n) => n.startsWith(`${stem}.`) && /^\d+$/.test(n.slice(stem.length + 1))).sort();
  const last = existing.length ? Number(existing[existing.length - 1]!.slice(stem.length + 1)) : 0;
  await atomicWrite(path.join(dir, `${stem}.${String(last + 1).padStart(6, '0')}`), content.toString('utf8'));
  for (const old of existing.slice(0, Math.max(0, existing.length + 1 - BACKUPS_KEPT))) await fs.rm(path.join(dir, old), { force: true });
}

export interface FileChange {
  file: string;
  text: string;
  /** sha256 of the content this change was based on, or null when the file must not exist yet. */
  basedOn: string | null;
}

/** Runs `fn` holding the workspace lock; another imgplan waits a few seconds, then gives up clearly. */
export async function withLock<T>(home: string, fn: () => Promise<T>): Promise<T> {
  await ensureDir(home);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(home, {
      lockfilePath: path.join(home, '.imgplan.lock'),
      stale: 10_000,
      retries: { retries: 30, factor: 1.3, minTimeout: 20, maxTimeout: 200, randomize: true },
      realpath: false,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED')
      throw new WorkspaceError('busy', `the workspace at ${home} is busy: another imgplan is changing it`, 'try again in a moment; nothing was changed');
    throw e;
  }
  try {
    return await fn();
  } finally {
    await release();
  }
}

/**
 * Writes every change under one lock. Each file must still hold what the change was based on
 * (another program may have edited it since); a file whose content would not change is left alone.
 * Returns the files actually written.
 */
export async function commitChanges(home: string, changes: readonly FileChange[]): Promise<string[]> {
  return withLock(home, async () => {
    const dirs = [...new Set(changes.map((c) => path.dirname(c.file)))];
    for (const dir of dirs) {
      await ensureDir(dir);
      await removeStrayTemps(dir);
    }
    const current = await Promise.all(changes.map((c) => readIfExists(c.file)));
    changes.forEach((c, i) => {
      const now = current[i] ? sha256(current[i]!) : null;
      if (now !== c.basedOn)
        throw new WorkspaceError(
          'changed-on-disk',
          c.basedOn === null ? `${c.file} appeared while imgplan was working` : `${c.file} changed since imgplan read it (edited in another window?)`,
          'nothing was written; run the command again',
        );
    });
    const written: string[] = [];
    for (const [i, c] of changes.entries()) {
      const old = current[i];
      if (old && old.toString('utf8') === c.text) continue;
      if (old) await backup(home, c.file, old);
      await atomicWrite(c.file, c.text);
      written.push(c.file);
    }
    return written;
  });
}
