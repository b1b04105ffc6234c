// The primitives of safe writing: a lock on the workspace, and an atomic replace of one file
// (private temp file, fsync, rename, fsync of the folder), so a crash never leaves a torn file.
// reliability.md 1; history.ts builds whole changes from them.
import * as nodeFs from 'node:fs';
import { promises as fs, constants as fsc } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, WorkspaceError } from '../domain/errors.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;
const TEMP_MARK = '.tmp-';
/** The workspace lock, a folder in the workspace (proper-lockfile). */
export const LOCK_NAME = '.imgplan.lock';

/**
 * node:crypto when first needed: a command that only reads never hashes with it, and loading it
 * costs every start ~4 ms and 2 MB.
 */
const crypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

export const sha256 = (text: string | Buffer): string => crypto().createHash('sha256').update(text).digest('hex');

/**
 * mkdir -p, a level at a time. Node 20's own recursive mkdir never returns where a parent exists
 * but the folder cannot be made in it with ENOENT (under /proc, for one): it takes the parent for
 * missing and tries again forever. Here a second ENOENT, once the parent exists, is the error.
 */
export async function makeDirs(dir: string, mode: number): Promise<void> {
  try {
    await fs.mkdir(dir, { mode });
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await fs.stat(dir)).isDirectory()) return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw e;
  }
  await makeDirs(path.dirname(dir), mode);
  await fs.mkdir(dir, { mode }).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST' || !(await fs.stat(dir)).isDirectory()) throw e;
  });
}

/** Why a folder cannot be made, in words, for the errors a person can do something about. */
const CANNOT_MAKE: Partial<Record<string, string>> = {
  ENOENT: 'this file system does not allow a folder there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

export async function ensureDir(dir: string): Promise<void> {
  try {
    await makeDirs(dir, DIR_MODE);
  } catch (e) {
    const why = CANNOT_MAKE[(e as NodeJS.ErrnoException).code ?? ''];
    if (why) throw new InputError('cannot-make-folder', `cannot make the folder ${dir}: ${why}`, [], 'give a workspace (--home or IMGPLAN_HOME) in a folder of yours; nothing was changed');
    throw e;
  }
  await fs.chmod(dir, DIR_MODE);
}

export async function readIfExists(file: string): Promise<Buffer | null> {
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

/**
 * The error for a file that no longer holds what a change was based on: `basedOn` is the sha256 it
 * was read with, or null when it did not exist.
 */
export function changedOnDisk(file: string, basedOn: string | null): WorkspaceError {
  return new WorkspaceError(
    'changed-on-disk',
    basedOn === null ? `${file} appeared while imgplan was working` : `${file} changed since imgplan read it (edited in another window?)`,
    'nothing was written; run the command again',
  );
}

/** Throws `changedOnDisk` unless `file` still holds what it was read with (see there). */
export async function expectUnchanged(file: string, basedOn: string | null): Promise<void> {
  const now = await readIfExists(file);
  if ((now === null ? null : sha256(now)) !== basedOn) throw changedOnDisk(file, basedOn);
}

/**
 * Replaces `file` with `text` so that a crash at any moment leaves the old or the new content.
 * With `basedOn` (see `changedOnDisk`), the file is checked once more just before the rename, the
 * last moment before it is replaced, so an edit by another program is not overwritten.
 */
export async function atomicWrite(file: string, text: string | Buffer, basedOn?: string | null): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARK}${process.pid}-${crypto().randomBytes(4).toString('hex')}`);
  const fd = await fs.open(temp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, FILE_MODE);
  try {
    try {
      await fd.writeFile(text);
      await fd.sync();
    } finally {
      await fd.close();
    }
    if (basedOn !== undefined) await expectUnchanged(file, basedOn);
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

/** A temp file of `atomicWrite`, by its name. */
export const isTempName = (name: string): boolean => name.startsWith('.') && name.includes(TEMP_MARK);

/** Removes temp files left by a process killed mid-write; only safe while holding the lock. */
export async function removeStrayTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter(isTempName).map((n) => fs.rm(path.join(dir, n), { force: true })));
}

// Who holds the lock: the lock folder holds a mark `owner-<pid>@<host>` of the process that made
// it, so a lock left by an imgplan that was killed (SIGKILL, a crash, power) is taken over at once
// instead of the workspace being "busy" until proper-lockfile finds the lock stale (10 s without
// its mtime being refreshed), which stays the rule when the owner cannot be checked.
const OWNER = 'owner-';
const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');
const ownerMark = `${OWNER}${process.pid}@${host}`;

function removeMarksSync(dir: string): void {
  let names: string[];
  try {
    names = nodeFs.readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const n of names) if (n.startsWith(OWNER)) nodeFs.rmSync(path.join(dir, n), { force: true });
}

type Callback = (err: NodeJS.ErrnoException | null) => void;

/**
 * The file system proper-lockfile works with: node's, except that the lock folder gets this
 * process's mark as it is made (before proper-lockfile stamps the mtime it keeps refreshing) and
 * loses its marks just before it is removed (release, a stale lock, exit), as it must be empty.
 */
const lockFs = {
  ...nodeFs,
  mkdir(dir: string, cb: Callback): void {
    nodeFs.mkdir(dir, { mode: DIR_MODE }, (err) => {
      if (err) return cb(err);
      nodeFs.writeFile(path.join(dir, ownerMark), '', { mode: FILE_MODE }, (markErr) => (markErr ? nodeFs.rmdir(dir, () => cb(markErr)) : cb(null)));
    });
  },
  rmdir(dir: string, cb: Callback): void {
    try {
      removeMarksSync(dir);
    } catch (e) {
      return cb(e as NodeJS.ErrnoException);
    }
    nodeFs.rmdir(dir, cb);
  },
  rmdirSync(dir: string): void {
    removeMarksSync(dir);
    nodeFs.rmdirSync(dir);
  },
};

/** Whether process `pid` is running (as any user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock folder away when every process marked in it is gone from this machine; true when
 * it did (or the lock went meanwhile), so the caller tries again at once. Only the marks seen are
 * removed, by name, and the folder only once empty: if another imgplan takes the dead lock over
 * first, one of the two removals fails here and its new lock, which cannot exist before the old
 * folder is gone, is left alone.
 */
async function takeOverDeadLock(lockDir: string): Promise<boolean> {
  let names: string[];
  try {
    names = await fs.readdir(lockDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  const marks = names.filter((n) => n.startsWith(OWNER));
  if (marks.length === 0) return false;
  for (const mark of marks) {
    const m = /^owner-(\d+)@(.*)$/.exec(mark);
    if (!m || m[2] !== host || Number(m[1]) === process.pid || running(Number(m[1]))) return false;
  }
  try {
    for (const mark of marks) await fs.unlink(path.join(lockDir, mark));
    await fs.rmdir(lockDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTEMPTY') throw e;
  }
  return true;
}

const LOCK_TRIES = 30;

/** Runs `fn` holding the workspace lock; another imgplan waits a few seconds, then gives up clearly. */
export async function withLock<T>(home: string, fn: () => Promise<T>): Promise<T> {
  await ensureDir(home);
  const lockDir = path.join(home, LOCK_NAME);
  // Loaded here, not at import: commands that only read never lock (proper-lockfile and its
  // graceful-fs cost every start a few milliseconds).
  const { default: lockfile } = await import('proper-lockfile');
  let release: () => Promise<void>;
  for (let attempt = 1; ; attempt++) {
    try {
      release = await lockfile.lock(home, { lockfilePath: lockDir, stale: 10_000, realpath: false, fs: lockFs });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      if (attempt > LOCK_TRIES)
        throw new WorkspaceError('busy', `the workspace at ${home} is busy: another imgplan is changing it`, 'try again in a moment; nothing was changed');
      if (!(await takeOverDeadLock(lockDir))) await new Promise((r) => setTimeout(r, Math.min(200, 20 * 1.3 ** attempt) * (1 + Math.random())));
    }
  }
  try {
    return await fn();
  } finally {
    await release();
  }
}

