// Privacy through the built binary: the workspace is private (folders 0700, files 0600, the
// history's copies and the generated bases too, whatever the umask), exports never land inside
// it, and no command reaches the network: every command runs with a trap preloaded that records
// and refuses any networking call (tests/stress/network-trap.cjs).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STRESS_DIR, walk } from '../stress/kit.js';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, modeOf, run, snapshot, type RunResult } from './helpers.js';

afterAll(cleanupTemps);
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

// A permissive umask, so that only imgplan's own modes can make its files private. The spawned
// runs inherit it (vitest runs test files in child processes, where the umask can be set).
let umask: number | undefined;
beforeAll(() => {
  umask = process.umask(0o000);
});
afterAll(() => {
  if (umask !== undefined) process.umask(umask);
});

const TRAP = path.join(STRESS_DIR, 'network-trap.cjs');

function ok(r: RunResult, what: string): RunResult {
  expect({ status: r.status, timedOut: r.timedOut }, `${what}: ${r.stderr}`).toEqual({ status: 0, timedOut: false });
  return r;
}

/** Paths under `dir` (itself included) that are not private: folders other than 0700, files other than 0600. */
function notPrivate(dir: string): string[] {
  return [{ rel: '.', dir: true }, ...walk(dir)].flatMap(({ rel, dir: isDir }) => {
    const mode = modeOf(path.join(dir, rel));
    return mode === (isDir ? 0o700 : 0o600) ? [] : [`${rel} ${mode.toString(8)}`];
  });
}

describe('privacy', () => {
  it('runs with a permissive umask, so the mode checks below mean something', () => {
    expect(process.umask()).toBe(0);
    const probe = path.join(makeTemp('umask'), 'probe');
    writeFileSync(probe, '');
    expect(modeOf(probe)).toBe(0o666);
  });

  it('keeps every folder of the workspace 0700 and every file 0600, history and bases included', () => {
    const home = path.join(makeTemp('private'), 'ws');
    const out = makeTemp('exports');
    const imgplan = (...args: string[]) => ok(run(['--home', home, ...args]), args.join(' '));
    imgplan('init', '--profile', EXAMPLE_PROFILE);
    imgplan('exam', 'step2ck', '--result', 'failed', '--date', '2026-11-20');
    imgplan('done', 'exam-oet-study');
    imgplan('note', 'ecfmg-credentials', 'Registrar says 3 weeks');
    imgplan('add', 'Call Dr. Lee', '--date', '2026-12-02');
    imgplan('move', 'rotation-2', '2027-06-07');
    imgplan('plan', 'new', 'match-2029', '--match-year', '2029');
    imgplan('undo');
    imgplan('export', '--format', 'html', '--out', path.join(out, 'plan.html'));

    const files = walk(home).map((e) => e.rel);
    expect(files.filter((f) => /^\.imgplan\/history\/\d+\/before-\d+$/.test(f)).length).toBeGreaterThanOrEqual(5);
    expect(files).toContain('.imgplan/base/match-2028.yaml');
    expect(notPrivate(home)).toEqual([]);
    expect(modeOf(path.join(out, 'plan.html'))).toBe(0o600);
    // A world-readable file put in the workspace by hand is made private when imgplan rewrites it.
    const plan = path.join(home, 'plans', 'match-2028.yaml');
    chmodSync(plan, 0o644);
    imgplan('done', 'eras-token');
    expect(notPrivate(home)).toEqual([]);
  });

  it('never writes an export inside the workspace, however the path is spelled', () => {
    const parent = makeTemp('inside');
    const home = path.join(parent, 'ws');
    ok(run(['--home', home, 'init', '--profile', EXAMPLE_PROFILE]), 'init');
    const outside = path.join(parent, 'exports');
    mkdirSync(outside);
    symlinkSync(home, path.join(outside, 'link'));
    const before = snapshot(home);
    for (const out of [
      path.join(home, 'plan.md'),
      path.join(home, 'plans', 'plan.md'),
      path.join(home, '.imgplan', 'plan.md'),
      path.join(home, '..plan.md'),
      `${outside}/../ws/plan.md`,
      path.join(outside, 'link', 'plan.md'),
    ]) {
      const r = run(['--home', home, 'export', '--format', 'md', '--out', out, '--force']);
      expect(r.status, `${out}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('is inside the workspace');
      expect(r.stdout).toBe('');
    }
    expect(snapshot(home)).toEqual(before);
    // Beside the workspace is fine.
    ok(run(['--home', home, 'export', '--format', 'md', '--out', path.join(parent, 'ws-plan.md')]), 'export beside');
    expect(statSync(path.join(parent, 'ws-plan.md')).size).toBeGreaterThan(1000);
  });

  it('the network trap catches what it is meant to catch', () => {
    const log = path.join(makeTemp('trap'), 'net.log');
    const probe = [
      "for (const f of [() => fetch('http://example.com'), () => require('node:dns').lookup('localhost', () => {}),",
      "  () => require('node:https').get('https://example.com'), () => require('node:net').connect(80, 'example.com'),",
      "  () => require('node:tls').connect(443, 'example.com'), () => require('node:child_process').execSync('true')])",
      '  try { f(); } catch {}',
    ].join('\n');
    const r = run(['--version'], { env: { NODE_OPTIONS: `--require ${TRAP}`, IMGPLAN_NET_LOG: log } });
    ok(r, '--version under the trap');
    const p = spawnSync(process.execPath, ['-e', probe], { env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: `--require ${TRAP}`, IMGPLAN_NET_LOG: log }, encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    const calls = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('call '));
    expect(calls.map((l) => l.split(' ')[2])).toEqual(['globalThis.fetch', 'dns.lookup', 'https.get', 'net.connect', 'tls.connect', 'child_process.execSync']);
  });

  it('no command makes a network call, and every command still works with networking trapped', () => {
    const parent = makeTemp('offline');
    const home = path.join(parent, 'ws');
    const out = path.join(parent, 'exports');
    mkdirSync(out);
    const log = path.join(parent, 'net.log');
    const env = { NODE_OPTIONS: `--require ${TRAP}`, IMGPLAN_NET_LOG: log };
    const commands: string[][] = [
      ['--help'],
      ['--version'],
      ['help', 'export'],
      ['demo'],
      ['demo', '--example', 'us-citizen-student', '--json'],
      ['init', '--profile', EXAMPLE_PROFILE],
      ['show'],
      ['show', '--json'],
      ['show', '--gantt'],
      ['status'],
      ['next', '--json'],
      ['regenerate', '--dry-run'],
      ['done', 'exam-oet-study'],
      ['skip', 'outreach-rotation-3'],
      ['reopen', 'outreach-rotation-3'],
      ['add', 'Visa interview in Lagos', '--date', '2027-02-03'],
      ['note', 'ecfmg-credentials', 'Registrar says 3 weeks'],
      ['move', 'rotation-2', '2027-06-07'],
      ['exam', 'oet', '--result', 'passed', '--date', '2026-11-20', '--score', '410'],
      ['regenerate'],
      ['plan', 'new', 'match-2029', '--match-year', '2029'],
      ['plan', 'list'],
      ['plan', 'compare', 'match-2028', 'match-2029'],
      ...['md', 'ics', 'json', 'html'].flatMap((format) => [
        ['export', '--format', format],
        ['export', '--format', format, '--out', path.join(out, `plan.${format}`)],
      ]),
      ['history'],
      ['undo'],
      ['history', '--json'],
    ];
    for (const args of commands) ok(run(['--home', home, ...args], { env }), `imgplan ${args.join(' ')}`);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    // The trap was in place in every run, and caught nothing.
    expect(lines.filter((l) => l.startsWith('loaded ')).length).toBe(commands.length);
    expect(lines.filter((l) => !l.startsWith('loaded '))).toEqual([]);
    for (const format of ['md', 'ics', 'json', 'html']) expect(existsSync(path.join(out, `plan.${format}`))).toBe(true);
  });
});
