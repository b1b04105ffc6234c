// Exports through the built binary: every format to standard output and to a file, the file
// rules (no overwrite without --force, never inside the workspace), and UIDs that survive a
// regeneration so a calendar updates instead of duplicating.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, run, snapshot, STACK_FRAME, type RunResult } from './helpers.js';

afterAll(cleanupTemps);

function ok(r: RunResult): RunResult {
  expect(r.stderr.replace(/^Wrote .*\n/m, ''), r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

function workspace() {
  const home = makeTemp('export');
  const imgplan = (args: string[], today?: string) => run(['--home', home, ...args], { env: today ? { IMGPLAN_TODAY: today } : {} });
  ok(imgplan(['init', '--profile', EXAMPLE_PROFILE]));
  return { home, imgplan };
}

const uids = (ics: string): Map<string, string> => {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  const out = new Map<string, string>();
  for (const ev of unfolded.split('BEGIN:VEVENT').slice(1)) {
    const uid = /\r\nUID:(.*)\r\n/.exec(ev)?.[1];
    // Tasks and milestones may share an id (eras-submit), so key them by both.
    const ref = /imgplan (task|milestone): ([a-z0-9-]+)/.exec(ev);
    if (uid && ref) out.set(`${ref[1]}:${ref[2]}`, uid);
  }
  return out;
};

describe('imgplan export', () => {
  it('prints each format to standard output', () => {
    const ws = workspace();
    const md = ok(ws.imgplan(['export', '--format', 'md'])).stdout;
    expect(md).toMatch(/^# Match 2028 plan: match-2028/);
    expect(md).toContain('```mermaid\ngantt');
    expect(md).not.toContain('Amina');
    expect(ok(ws.imgplan(['export', '--format', 'md', '--show', 'name,exams'])).stdout).toContain('Amina Okafor');
    const ics = ok(ws.imgplan(['export', '--format', 'ics'])).stdout;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
    const json = JSON.parse(ok(ws.imgplan(['export', '--format', 'json'])).stdout) as { schemaVersion: number; name: string };
    expect(json).toMatchObject({ schemaVersion: 1, name: 'match-2028' });
    const html = ok(ws.imgplan(['export', '--format', 'html'])).stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<svg');
  });

  it('writes a private file only where asked, never over an existing one without --force, never into the workspace', () => {
    const ws = workspace();
    const out = path.join(makeTemp('out'), 'plan.ics');
    ok(ws.imgplan(['export', '--format', 'ics', '--out', out]));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const first = readFileSync(out);
    writeFileSync(out, 'mine');
    const refused = ws.imgplan(['export', '--format', 'ics', '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('mine');
    ok(ws.imgplan(['export', '--format', 'ics', '--out', out, '--force']));
    expect(readFileSync(out)).toEqual(first);

    const before = snapshot(ws.home);
    const inside = ws.imgplan(['export', '--format', 'md', '--out', path.join(ws.home, 'plans', 'copy.md')]);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain('inside the workspace');
    expect(inside.stderr).not.toMatch(STACK_FRAME);
    expect(snapshot(ws.home)).toEqual(before);
    expect(existsSync(path.join(ws.home, 'plans', 'copy.md'))).toBe(false);

    const bad = ws.imgplan(['export', '--format', 'pdf']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be one of md, ics, json, html');
  });

  it('keeps every unchanged task\'s UID after a regeneration', () => {
    const ws = workspace();
    const before = uids(ok(ws.imgplan(['export', '--format', 'ics'])).stdout);
    expect(before.size).toBeGreaterThan(40);
    ok(ws.imgplan(['done', 'exam-oet-study']));
    ok(ws.imgplan(['exam', 'oet', '--result', 'passed', '--date', '2026-11-20']));
    ok(ws.imgplan(['regenerate'], '2026-12-10'));
    const after = uids(ok(ws.imgplan(['export', '--format', 'ics'], '2026-12-10')).stdout);
    let shared = 0;
    for (const [id, uid] of after) {
      if (!before.has(id)) continue;
      shared++;
      expect(uid, id).toBe(before.get(id));
    }
    expect(shared).toBeGreaterThan(30);
  });
});
