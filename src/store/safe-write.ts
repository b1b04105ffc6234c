// The primitives of safe writing: a lock on the workspace, and an atomic replace of one file
// (private temp file, fsync, rename, fsync of the folder), so a crash never leaves a torn file.
// reliability.md 1; history.ts builds whole changes from them.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { WorkspaceError } from '../domain/errors.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;
const TEMP_MARK = '.tmp-';

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

export async function ensureDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
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
export async function removeStrayTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => n.startsWith('.') && n.includes(TEMP_MARK)).map((n) => fs.rm(path.join(dir, n), { force: true })));
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

