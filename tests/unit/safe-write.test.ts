// Changing workspace files safely (src/store/safe-write.ts, history.ts): private modes, history, the
// compare-and-swap check against edits made on disk, no rewrite of unchanged files, cleanup of
// temp files a killed process left, the workspace lock, and no lost update under concurrency.
// The pitfalls are in reference/reliability.md section 1.
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { WorkspaceError } from '../../src/domain/errors.js';
import { atomicWrite, DIR_MODE, FILE_MODE, makeDirs, sha256, withLock } from '../../src/store/safe-write.js';
import { commitChanges as commit, HISTORY_KEPT, historyDir, listHistory, type FileChange } from '../../src/store/history.js';

const commitChanges = (home: string, changes: FileChange[]): Promise<string[]> => commit(home, changes, { label: 'test', date: '2026-11-25' });
const beforeCopy = (seq: number, n = 0): string => path.join(historyDir(home), String(seq).padStart(6, '0'), `before-${n}`);

let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'imgplan-'));
});

afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const hashOf = (file: string): string | null => (fs.existsSync(file) ? sha256(fs.readFileSync(file)) : null);

/** Every file under `dir` (relative paths) with its bytes, to prove nothing changed. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), fs.readFileSync(full, 'latin1'));
  }
  return out;
}

/** Awaits `promise`, which must reject with a WorkspaceError, and returns it. */
async function workspaceError(promise: Promise<unknown>): Promise<WorkspaceError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(WorkspaceError);
    return e as WorkspaceError;
  }
  throw new Error('expected a WorkspaceError, but the promise resolved');
}

/** Writes `text` to `file` through commitChanges, based on whatever is on disk now. */
const save = (file: string, text: string): Promise<string[]> => commitChanges(home, [{ file, text, basedOn: hashOf(file) }]);

describe('commitChanges', () => {
  it('creates folders with mode 0700 and files with mode 0600, whatever the umask', async () => {
    // A permissive umask must not loosen the modes (umask cannot be set in worker threads).
    let previous: number | undefined;
    try {
      previous = process.umask(0o000);
    } catch {
      previous = undefined;
    }
    try {
      const profile = path.join(home, 'profile.yaml');
      const plan = path.join(home, 'plans', 'match-2028.yaml');
      const written = await commitChanges(home, [
        { file: profile, text: 'name: A\n', basedOn: null },
        { file: plan, text: 'name: match-2028\n', basedOn: null },
      ]);
      expect(written).toStrictEqual([profile, plan]);
      expect(mode(home)).toBe(DIR_MODE);
      expect(DIR_MODE).toBe(0o700);
      expect(mode(path.join(home, 'plans'))).toBe(0o700);
      expect(FILE_MODE).toBe(0o600);
      expect(mode(profile)).toBe(0o600);
      expect(mode(plan)).toBe(0o600);
      expect(fs.readFileSync(profile, 'utf8')).toBe('name: A\n');
      // The lock is released and leaves nothing behind.
      expect(fs.existsSync(path.join(home, '.imgplan.lock'))).toBe(false);

      // The history keeps old versions privately too: folders 0700, files 0600.
      await save(profile, 'name: B\n');
      expect(historyDir(home)).toBe(path.join(home, '.imgplan', 'history'));
      expect(mode(path.join(home, '.imgplan'))).toBe(0o700);
      expect(mode(historyDir(home))).toBe(0o700);
      expect(fs.readdirSync(historyDir(home))).toStrictEqual(['000001', '000002']);
      expect(mode(path.join(historyDir(home), '000002'))).toBe(0o700);
      expect(fs.readFileSync(beforeCopy(2), 'utf8')).toBe('name: A\n');
      expect(mode(beforeCopy(2))).toBe(0o600);
      expect(mode(path.join(historyDir(home), '000002', 'entry.json'))).toBe(0o600);
    } finally {
      if (previous !== undefined) process.umask(previous);
    }
  });

  it('makes an existing world-readable file private when it rewrites it', async () => {
    const file = path.join(home, 'profile.yaml');
    fs.writeFileSync(file, 'name: A\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    await save(file, 'name: B\n');
    expect(mode(file)).toBe(0o600);
  });

  it('keeps the previous content of each change in the history, and only the newest HISTORY_KEPT changes', async () => {
    const file = path.join(home, 'plans', 'match-2028.yaml');
    await save(file, 'version 1\n');
    const [first] = await listHistory(home);
    expect(first).toMatchObject({ seq: 1, label: 'test', date: '2026-11-25', files: [{ path: path.join('plans', 'match-2028.yaml'), before: null }] });
    await save(file, 'version 2\n');
    expect(fs.readFileSync(beforeCopy(2), 'utf8')).toBe('version 1\n');

    const total = HISTORY_KEPT + 5;
    for (let v = 3; v <= total; v++) await save(file, `version ${v}\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(`version ${total}\n`);
    const entries = await listHistory(home);
    expect(entries).toHaveLength(HISTORY_KEPT);
    // Changes 1..total were recorded; the oldest were pruned.
    expect(entries.map((e) => e.seq)).toStrictEqual(Array.from({ length: HISTORY_KEPT }, (_, i) => total - HISTORY_KEPT + 1 + i));
    for (const e of entries) expect(fs.readFileSync(beforeCopy(e.seq), 'utf8')).toBe(`version ${e.seq - 1}\n`);
  });

  it('a file edited on disk after it was read: changed-on-disk, and nothing of the commit is written', async () => {
    const profile = path.join(home, 'profile.yaml');
    const plan = path.join(home, 'plans', 'match-2028.yaml');
    await commitChanges(home, [
      { file: profile, text: 'name: A\n', basedOn: null },
      { file: plan, text: 'plan 1\n', basedOn: null },
    ]);
    await save(plan, 'plan 2\n'); // so there is a backup to compare too
    const planHash = hashOf(plan);
    const profileHash = hashOf(profile);
    fs.writeFileSync(profile, 'name: A (edited in vim)\n'); // the editor changes it behind imgplan's back
    const before = snapshot(home);

    const err = await workspaceError(
      commitChanges(home, [
        { file: plan, text: 'plan 3\n', basedOn: planHash },
        { file: profile, text: 'name: B\n', basedOn: profileHash },
      ]),
    );
    expect(err.code).toBe('changed-on-disk');
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`${profile} changed since imgplan read it (edited in another window?)`);
    expect(err.hint).toBe('nothing was written; run the command again');
    // Every file is byte-identical, the plan (the first change, whose check passed) included,
    // and no backup was made.
    expect(snapshot(home)).toStrictEqual(before);
    expect(fs.existsSync(path.join(home, '.imgplan.lock'))).toBe(false);
  });

  it('a file that appeared since imgplan looked (basedOn null): changed-on-disk, nothing written', async () => {
    const file = path.join(home, 'profile.yaml');
    fs.writeFileSync(file, 'made by someone else\n');
    const err = await workspaceError(commitChanges(home, [{ file, text: 'mine\n', basedOn: null }]));
    expect(err.code).toBe('changed-on-disk');
    expect(err.message).toBe(`${file} appeared while imgplan was working`);
    expect(fs.readFileSync(file, 'utf8')).toBe('made by someone else\n');
  });

  it('a file deleted since it was read: changed-on-disk, not recreated', async () => {
    const file = path.join(home, 'profile.yaml');
    await save(file, 'a\n');
    const hash = hashOf(file);
    fs.rmSync(file);
    const err = await workspaceError(commitChanges(home, [{ file, text: 'b\n', basedOn: hash }]));
    expect(err.code).toBe('changed-on-disk');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('a change whose text equals the current content is not written: same inode and mtime, not in the history', async () => {
    const file = path.join(home, 'profile.yaml');
    const other = path.join(home, 'notes.yaml');
    await commitChanges(home, [
      { file, text: 'name: A\n', basedOn: null },
      { file: other, text: 'x\n', basedOn: null },
    ]);
    const old = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, old, old);
    const before = fs.statSync(file);

    const written = await commitChanges(home, [
      { file, text: 'name: A\n', basedOn: hashOf(file) },
      { file: other, text: 'y\n', basedOn: hashOf(other) },
    ]);
    expect(written).toStrictEqual([other]);
    const after = fs.statSync(file);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect((await listHistory(home)).map((e) => e.files.map((f) => f.path))).toStrictEqual([['profile.yaml', 'notes.yaml'], ['notes.yaml']]);

    expect(await commitChanges(home, [{ file, text: 'name: A\n', basedOn: hashOf(file) }])).toStrictEqual([]);
    expect(fs.statSync(file).ino).toBe(before.ino);
  });

  it('removes stray temp files (.name.tmp-123-abcd) of a killed process from the folders it writes to', async () => {
    const plans = path.join(home, 'plans');
    fs.mkdirSync(plans, { recursive: true });
    const strays = [path.join(home, '.profile.yaml.tmp-123-abcd'), path.join(plans, '.match-2028.yaml.tmp-999-0f0f0f0f')];
    for (const s of strays) fs.writeFileSync(s, 'half a private file');
    const keep = [path.join(home, '.hidden'), path.join(home, 'tmp-notes.yaml'), path.join(plans, 'match-2027.yaml')];
    for (const k of keep) fs.writeFileSync(k, 'mine');

    await commitChanges(home, [
      { file: path.join(home, 'profile.yaml'), text: 'a\n', basedOn: null },
      { file: path.join(plans, 'match-2028.yaml'), text: 'b\n', basedOn: null },
    ]);
    for (const s of strays) expect(fs.existsSync(s), s).toBe(false);
    for (const k of keep) expect(fs.readFileSync(k, 'utf8'), k).toBe('mine');
    expect(fs.readdirSync(home).filter((n) => n.includes('.tmp-'))).toStrictEqual([]);
    expect(fs.readdirSync(plans).filter((n) => n.includes('.tmp-'))).toStrictEqual([]);
  });

  it('while another process holds the workspace lock: waits, then fails with busy, having written nothing', async () => {
    const file = path.join(home, 'profile.yaml');
    await save(file, 'a\n');
    const before = snapshot(home);
    const release = await lockfile.lock(home, { lockfilePath: path.join(home, '.imgplan.lock'), realpath: false });
    try {
      const started = Date.now();
      const err = await workspaceError(save(file, 'b\n'));
      const waited = Date.now() - started;
      expect(err.code).toBe('busy');
      expect(err.exitCode).toBe(1);
      expect(err.message).toBe(`the workspace at ${home} is busy: another imgplan is changing it`);
      expect(err.hint).toBe('try again in a moment; nothing was changed');
      expect(waited).toBeGreaterThan(1_000); // it did wait for the other process
      expect(fs.readFileSync(file, 'utf8')).toBe('a\n');
    } finally {
      await release();
    }
    // Only the lock folder came and went; the files are as they were.
    expect(snapshot(home)).toStrictEqual(before);
    // Once the lock is free, the same change goes through.
    expect(await save(file, 'b\n')).toStrictEqual([file]);
  }, 60_000);

  it('a lock held briefly is waited for, and the commit then succeeds', async () => {
    const file = path.join(home, 'profile.yaml');
    const release = await lockfile.lock(home, { lockfilePath: path.join(home, '.imgplan.lock'), realpath: false });
    const freed = new Promise<void>((resolve) => setTimeout(() => void release().then(resolve), 300));
    expect(await save(file, 'a\n')).toStrictEqual([file]);
    await freed;
  });

  it('withLock releases the lock when the work throws', async () => {
    await expect(withLock(home, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.existsSync(path.join(home, '.imgplan.lock'))).toBe(false);
    expect(await withLock(home, () => Promise.resolve(42))).toBe(42);
  });

  it('8 concurrent read-modify-write commits on one file: every one lands or fails cleanly, and no update is lost', async () => {
    const file = path.join(home, 'log.yaml');
    await save(file, 'lines:\n');
    const landed: string[] = [];
    const refused: string[] = [];

    async function writer(w: number): Promise<void> {
      for (let attempt = 0; attempt < 4; attempt++) {
        const line = `  - writer ${w} attempt ${attempt}\n`;
        const bytes = fs.readFileSync(file);
        // Let the other writers read the same content before this one commits.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));
        try {
          await commitChanges(home, [{ file, text: bytes.toString('utf8') + line, basedOn: sha256(bytes) }]);
          landed.push(line);
        } catch (e) {
          expect(e).toBeInstanceOf(WorkspaceError);
          expect(['changed-on-disk', 'busy']).toContain((e as WorkspaceError).code);
          refused.push(line);
        }
      }
    }

    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    expect(landed.length + refused.length).toBe(32);
    expect(landed.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0); // the race was real: some were based on stale content
    const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1, -1).map((l) => `${l}\n`);
    // Exactly the lines of the commits that succeeded, each once.
    expect(new Set(lines).size).toBe(lines.length);
    expect([...lines].sort()).toStrictEqual([...landed].sort());
    expect(fs.readdirSync(home).filter((n) => n.includes('.tmp-'))).toStrictEqual([]);
    expect(fs.existsSync(path.join(home, '.imgplan.lock'))).toBe(false);
  }, 60_000);
});

describe('makeDirs', () => {
  it('makes every missing level with the mode, and accepts a folder that exists', async () => {
    const deep = path.join(home, 'a', 'b', 'c');
    await makeDirs(deep, 0o700);
    for (const dir of [path.join(home, 'a'), path.join(home, 'a', 'b'), deep]) expect(mode(dir)).toBe(0o700);
    await makeDirs(deep, 0o700);
    await Promise.all([1, 2, 3, 4].map((n) => makeDirs(path.join(home, 'x', String(n % 2)), 0o700)));
    expect(fs.readdirSync(path.join(home, 'x')).sort()).toEqual(['0', '1']);
  });

  it('fails where a file is in the way', async () => {
    fs.writeFileSync(path.join(home, 'f'), '');
    await expect(makeDirs(path.join(home, 'f'), 0o700)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirs(path.join(home, 'f', 'g', 'h'), 0o700)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // Node 20's fs.mkdir(dir, { recursive: true }) never settles here.
  it.runIf(fs.existsSync('/proc/self'))('fails, and returns, where the file system refuses a folder in a parent that exists (/proc)', async () => {
    await expect(makeDirs('/proc/imgplan-test/a', 0o700)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('atomicWrite', () => {
  it('writes a new file with mode 0600 and replaces an existing one', async () => {
    const file = path.join(home, 'a.yaml');
    await atomicWrite(file, 'one\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('one\n');
    expect(mode(file)).toBe(0o600);
    await atomicWrite(file, 'two\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('two\n');
    expect(fs.readdirSync(home)).toStrictEqual(['a.yaml']);
  });

  it('leaves no temp file when the rename fails (the target is a folder)', async () => {
    const target = path.join(home, 'plan.yaml');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'x');
    await expect(atomicWrite(target, 'new content\n')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|ENOTDIR)$/) });
    expect(fs.readdirSync(home)).toStrictEqual(['plan.yaml']);
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(fs.readFileSync(path.join(target, 'inside'), 'utf8')).toBe('x');
  });

  it('fails cleanly when the folder does not exist, leaving nothing', async () => {
    const file = path.join(home, 'missing', 'a.yaml');
    await expect(atomicWrite(file, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.readdirSync(home)).toStrictEqual([]);
  });
});
