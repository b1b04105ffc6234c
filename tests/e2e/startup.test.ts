// What the built binary loads at start: a command that only reads, with its output going to a file
// (a pipe or a terminal needs node:net or node:tty for the stream itself), loads none of Node's modules that cost a start milliseconds and megabytes (crypto,
// child_process, net, tty) and compiles the bundle from the build's V8 code cache.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, baseEnv, BIN, cleanupTemps, EXAMPLE_PROFILE, makeTemp, ROOT, run } from './helpers.js';
import { ok } from './tracker-kit.js';

afterAll(cleanupTemps);

const HEAVY = ['crypto', 'child_process', 'net', 'tty'];

/** The Node modules a run of the binary loaded (of HEAVY), and whether V8 took the code cache. */
function startup(args: string[], home: string): { loaded: string[]; cacheRejected: boolean | undefined; status: number | null } {
  assertBuilt();
  const dir = makeTemp('startup');
  const preload = path.join(dir, 'watch.cjs');
  const report = path.join(dir, 'report.json');
  // vm.Script is wrapped to see what the bin asked of V8; the list of loaded modules is read at exit.
  writeFileSync(
    preload,
    `const vm = require('node:vm'); const fs = require('node:fs'); let rejected;
     const Script = vm.Script;
     vm.Script = class extends Script { constructor(src, opts) { super(src, opts); if (opts && opts.cachedData) rejected = this.cachedDataRejected; } };
     process.on('exit', () => fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ loaded: process.moduleLoadList, rejected })));`,
  );
  const out = openSync(path.join(dir, 'out.txt'), 'w');
  const r = spawnSync(process.execPath, ['-r', preload, BIN, '--home', home, ...args], { cwd: ROOT, env: baseEnv(home), stdio: ['ignore', out, out] });
  closeSync(out);
  const { loaded, rejected } = JSON.parse(readFileSync(report, 'utf8')) as { loaded: string[]; rejected?: boolean };
  return { loaded: HEAVY.filter((m) => loaded.includes(`NativeModule ${m}`)), cacheRejected: rejected, status: r.status };
}

describe('start-up', () => {
  const home = makeTemp('startup-ws');
  ok(run(['--home', home, 'init', '--profile', EXAMPLE_PROFILE]));
  // A first read keeps what it parsed (the parse cache); the runs below read from it.
  ok(run(['--home', home, 'status'], { env: { HOME: home } }));

  for (const args of [['status'], ['show'], ['show', '--json'], ['--version']])
    it(`imgplan ${args.join(' ')} loads none of ${HEAVY.join(', ')}, from the code cache`, () => {
      const s = startup(args, home);
      expect(s.status).toBe(0);
      expect(s.loaded).toEqual([]);
      expect(s.cacheRejected).toBe(false);
    });

  it('a command that writes loads node:crypto for its hashes (the check above can see it)', () => {
    const s = startup(['note', 'outreach-rotation-1', 'Wrote to 3 programs'], home);
    expect(s.status).toBe(0);
    expect(s.loaded).toContain('crypto');
  });
});
