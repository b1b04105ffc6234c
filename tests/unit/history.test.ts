// The change journal (src/store/history.ts): undo restores exactly, refuses when a file changed
// since, and a change interrupted by a crash is rolled back before anything reads or writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceError } from '../../src/domain/errors.js';
import { commitChanges, historyDir, listHistory, recoverIfNeeded, undoLast } from '../../src/store/history.js';
import { sha256 } from '../../src/store/safe-write.js';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'imgplan-history-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const at = (rel: string) => path.join(home, rel);
const hashOf = (file: string): string | null => (fs.existsSync(file) ? sha256(fs.readFileSync(file)) : null);
const opts = (label: string) => ({ label, date: '2026-11-25', summary: [`${label} summary`] });

describe('undo', () => {
  it('restores every file of the last change exactly, one change at a time, removing files it created', async () => {
    await commitChanges(home, [{ file: at('profile.yaml'), text: 'v1\n', basedOn: null }], opts('first'));
    await commitChanges(
      home,
      [
        { file: at('profile.yaml'), text: 'v2\n', basedOn: hashOf(at('profile.yaml')) },
        { file: at('plans/a.yaml'), text: 'plan\n', basedOn: null },
      ],
      opts('second'),
    );
    expect((await listHistory(home)).map((e) => [e.seq, e.label, e.summary])).toStrictEqual([
      [1, 'first', ['first summary']],
      [2, 'second', ['second summary']],
    ]);

    expect((await undoLast(home, '2026-11-26')).label).toBe('second');
    expect(fs.readFileSync(at('profile.yaml'), 'utf8')).toBe('v1\n');
    expect(fs.existsSync(at('plans/a.yaml'))).toBe(false);
    expect((await listHistory(home)).map((e) => e.label)).toStrictEqual(['first']);

    expect((await undoLast(home, '2026-11-26')).label).toBe('first');
    expect(fs.existsSync(at('profile.yaml'))).toBe(false);
    const err = await undoLast(home, '2026-11-26').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkspaceError);
    expect((err as WorkspaceError).code).toBe('nothing-to-undo');
  });

  it('refuses when a file changed after the change, and changes nothing', async () => {
    await commitChanges(home, [{ file: at('profile.yaml'), text: 'v1\n', basedOn: null }], opts('first'));
    await commitChanges(home, [{ file: at('profile.yaml'), text: 'v2\n', basedOn: hashOf(at('profile.yaml')) }], opts('second'));
    fs.writeFileSync(at('profile.yaml'), 'edited by hand\n');
    const err = await undoLast(home, '2026-11-26').catch((e: unknown) => e);
    expect((err as WorkspaceError).code).toBe('changed-since');
    expect(fs.readFileSync(at('profile.yaml'), 'utf8')).toBe('edited by hand\n');
    expect(await listHistory(home)).toHaveLength(2);
  });

  it('can delete a file as part of a change, and undo brings it back', async () => {
    await commitChanges(home, [{ file: at('plans/b.yaml'), text: 'b\n', basedOn: null }], opts('add'));
    await commitChanges(home, [{ file: at('plans/b.yaml'), text: null, basedOn: hashOf(at('plans/b.yaml')) }], opts('delete'));
    expect(fs.existsSync(at('plans/b.yaml'))).toBe(false);
    await undoLast(home, '2026-11-26');
    expect(fs.readFileSync(at('plans/b.yaml'), 'utf8')).toBe('b\n');
  });
});

describe('recovery from an interrupted change', () => {
  it('rolls a pending change back to the state before it, on the next read or write', async () => {
    await commitChanges(home, [{ file: at('profile.yaml'), text: 'before\n', basedOn: null }], opts('first'));
    // Simulate a crash after the journal was written and one of two files was replaced.
    const step = path.join(historyDir(home), '000002');
    fs.mkdirSync(step, { recursive: true });
    fs.writeFileSync(path.join(step, 'before-0'), 'before\n');
    fs.writeFileSync(
      path.join(step, 'pending.json'),
      JSON.stringify({
        seq: 2,
        label: 'crashed',
        date: '2026-11-25',
        summary: [],
        files: [
          { path: 'profile.yaml', before: 'before-0', after: sha256('after\n') },
          { path: 'plans/new.yaml', before: null, after: sha256('new\n') },
        ],
      }),
    );
    fs.writeFileSync(at('profile.yaml'), 'after\n');
    fs.mkdirSync(at('plans'));
    fs.writeFileSync(at('plans/new.yaml'), 'new\n');

    await recoverIfNeeded(home);
    expect(fs.readFileSync(at('profile.yaml'), 'utf8')).toBe('before\n');
    expect(fs.existsSync(at('plans/new.yaml'))).toBe(false);
    expect(fs.existsSync(step)).toBe(false);
    expect((await listHistory(home)).map((e) => e.label)).toStrictEqual(['first']);
  });
});
