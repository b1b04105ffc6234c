// The parse cache (src/store/parse-cache.ts, remember.ts): a workspace file is read from it only
// while its bytes are the ones it was validated with; reads never write it; a write keeps what the
// command validated and wrote, and a command that wrote nothing keeps what it validated when done; a missing, stale or corrupt entry, or a value JSON cannot carry,
// costs time and nothing else; the clinical log is never kept.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import fc from 'fast-check';
import os from 'node:os';
import path from 'node:path';
import type { Deps } from '../../src/commands/deps.js';
import { runInit } from '../../src/commands/init.js';
import { runRegenerate } from '../../src/commands/regenerate.js';
import { calendarDate } from '../../src/domain/dates.js';
import { cacheDir, cachedValue, keepParsed, keepValidatedReads, textHash } from '../../src/store/parse-cache.js';
import { LOG, OUTREACH, readTracker } from '../../src/store/trackers.js';
import { planFile, readPlan, readProfile, workspaceAt } from '../../src/store/workspace.js';
import { sha256 } from '../../src/store/safe-write.js';

let tmp: string;
let home: string;
const savedXdg = process.env.XDG_CACHE_HOME;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imgplan-parse-cache-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
});

let n = 0;
beforeEach(() => {
  n++;
  process.env.XDG_CACHE_HOME = path.join(tmp, `cache-${n}`);
  home = path.join(tmp, `ws-${n}`);
});
afterEach(() => {
  delete process.env.XDG_CACHE_HOME;
});

const deps = (): Deps => ({
  out: () => {},
  err: () => {},
  env: {},
  canPrompt: false,
  color: false,
  rows: 24,
  cwd: process.cwd(),
  columns: 80,
  home,
  today: () => calendarDate('2026-11-25'),
});

const entries = (): string[] => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()).sort() : []);

async function workspace(): Promise<void> {
  expect(await runInit({ profile: 'data/examples/profile.yaml' }, deps())).toBe(0);
  fs.writeFileSync(path.join(home, 'outreach.yaml'), 'schemaVersion: 1\ncontacts:\n  - id: outreach-1\n    institution: Clinic\n    status: sent\n    sent: 2026-11-01\n', { mode: 0o600 });
  fs.writeFileSync(path.join(home, 'log.yaml'), 'schemaVersion: 1\nentries:\n  - id: log-1\n    date: 2026-11-02\n    caseType: sepsis\n', { mode: 0o600 });
}

describe('parse cache', () => {
  it('is not written by reads, and is written by a command that wrote the workspace', async () => {
    await workspace();
    // init wrote the workspace, so it kept what it wrote; start from an empty cache.
    expect(entries().length).toBeGreaterThanOrEqual(2);
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    const ws = workspaceAt(home);
    await readProfile(ws);
    await readPlan(ws, 'match-2028');
    await readTracker(ws, OUTREACH);
    expect(entries()).toEqual([]);
    // The plan's file changes (the outreach file is new to it): regenerate writes, then keeps.
    expect(await runRegenerate({}, deps())).toBe(0);
    expect(entries().length).toBeGreaterThanOrEqual(4);
    for (const e of entries()) expect(fs.statSync(path.join(cacheDir(), e)).mode & 0o777).toBe(0o600);
  });

  it('keeps, once the command is done, what a command that wrote nothing validated', async () => {
    await workspace();
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    const ws = workspaceAt(home);
    const profile = await readProfile(ws);
    await readTracker(ws, OUTREACH);
    await keepValidatedReads();
    expect(entries()).toHaveLength(2);
    expect(await cachedValue(ws.profileFile, 'profile', profile!.text)).toStrictEqual(profile!.value);
    // Kept once: a second call has nothing left to keep.
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    await keepValidatedReads();
    expect(entries()).toEqual([]);
  });

  it('keeps the bytes a command wrote, not the ones it read before writing', async () => {
    await workspace();
    const ws = workspaceAt(home);
    const file = planFile(ws, 'match-2028');
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    const before = fs.readFileSync(file);
    // regenerate reads the plan, writes it anew (the outreach file is new to it), keeps the new bytes.
    expect(await runRegenerate({}, deps())).toBe(0);
    await keepValidatedReads();
    const after = fs.readFileSync(file);
    expect(sha256(after)).not.toBe(sha256(before));
    expect(await cachedValue(file, 'plan', after.toString('utf8'))).toBeDefined();
  });

  it('gives the value a full read gives, for the bytes it was kept for only', async () => {
    await workspace();
    const ws = workspaceAt(home);
    await runRegenerate({}, deps());
    const file = planFile(ws, 'match-2028');
    const text = fs.readFileSync(file, 'utf8');
    const cached = await cachedValue(file, 'plan', fs.readFileSync(file, 'utf8'));
    expect(cached).toBeDefined();
    delete process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = path.join(tmp, 'empty');
    const full = await readPlan(ws, 'match-2028');
    expect(JSON.stringify(cached)).toBe(JSON.stringify(full!.value));
    expect(cached).toStrictEqual(full!.value);
    // Other bytes, another kind: nothing.
    expect(await cachedValue(file, 'plan', `${text}\n`)).toBeUndefined();
    expect(await cachedValue(file, 'profile', fs.readFileSync(file, 'utf8'))).toBeUndefined();
  });

  it('is passed over when the file changed, and the edit is read', async () => {
    await workspace();
    const ws = workspaceAt(home);
    await runRegenerate({}, deps());
    const file = planFile(ws, 'match-2028');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^name: match-2028$/m, 'name: match-2099'));
    await expect(readPlan(ws, 'match-2028')).rejects.toThrow(/is not a valid plan/);
  });

  it('is passed over when an entry is corrupt', async () => {
    await workspace();
    const ws = workspaceAt(home);
    await runRegenerate({}, deps());
    for (const e of entries()) fs.writeFileSync(path.join(cacheDir(), e), fs.readFileSync(path.join(cacheDir(), e), 'utf8').slice(0, -20));
    const loaded = await readPlan(ws, 'match-2028');
    expect(loaded!.value.name).toBe('match-2028');
    expect(loaded!.parsed.file).toBe(planFile(ws, 'match-2028'));
  });

  it('parses the YAML of a cached file only when a line is needed', async () => {
    await workspace();
    const ws = workspaceAt(home);
    await runRegenerate({}, deps());
    const loaded = await readProfile(ws);
    expect(loaded!.parsed.file).toBe(ws.profileFile);
    expect((loaded!.parsed.data as { name: string }).name).toBe(loaded!.value.name);
    expect(loaded!.parsed.lines.linePos(0)).toEqual({ line: 1, col: 1 });
  });

  it('tells texts apart that differ in one character, wherever it is', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 2000, unit: 'binary' }), fc.nat(), fc.integer({ min: 1, max: 0xffff }), (text, at, delta) => {
        const i = at % text.length;
        const other = text.slice(0, i) + String.fromCharCode((text.charCodeAt(i) + delta) % 0x10000) + text.slice(i + 1);
        expect(textHash(other)).not.toBe(textHash(text));
      }),
      { numRuns: 5000 },
    );
    expect(textHash('')).toMatch(/^[0-9a-f]+$/);
  });

  it('keeps no value JSON cannot carry exactly', async () => {
    const file = path.join(tmp, 'x.yaml');
    for (const value of [{ a: -0 }, { a: undefined }, { a: new Date(0) }, { a: Number.NaN }, Object.assign(Object.create(null), { a: 1 })]) {
      await keepParsed(file, 'plan', 'h', value);
      expect(await cachedValue(file, 'plan', 'h')).toBeUndefined();
    }
    await keepParsed(file, 'plan', 'h', { a: [1, 'b', null, true, { c: 0.5 }] });
    expect(await cachedValue(file, 'plan', 'h')).toStrictEqual({ a: [1, 'b', null, true, { c: 0.5 }] });
  });

  it('never keeps the clinical log', async () => {
    await workspace();
    const ws = workspaceAt(home);
    await readTracker(ws, LOG);
    await runRegenerate({}, deps());
    const logFile = path.join(home, 'log.yaml');
    expect(await cachedValue(logFile, LOG.what, fs.readFileSync(logFile, 'utf8'))).toBeUndefined();
    for (const e of entries()) expect(fs.readFileSync(path.join(cacheDir(), e), 'utf8')).not.toContain('sepsis');
  });
});
