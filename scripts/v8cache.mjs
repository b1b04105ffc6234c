// Makes dist/imgplan.v8cache, the V8 code cache bin/imgplan.cjs compiles the bundle from.
// A child node (the node running the build, so the cache matches it) compiles the bundle the way
// the bin does, runs a few read-only commands on a scratch workspace so the functions they call
// are compiled too, and writes the cache after them, behind a header naming the node version and
// the bundle's build id (scripts/build.mjs: the sha256 of its text, in a comment at its start).
// Another node, or another bundle, simply does not use it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHILD = String.raw`
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const [bundle, out, header, home, warm] = process.argv.slice(1);
const script = new vm.Script(fs.readFileSync(bundle, 'latin1'), { filename: bundle, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = Module._nodeModulePaths(path.dirname(bundle));
process.argv = [process.argv0, bundle, '--version'];
const write = process.stdout.write;
process.stdout.write = () => true;
script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
(async () => {
  if (warm === '1')
    for (const args of [['status'], ['show'], ['show', '--json'], ['export', '--format', 'md'], ['regenerate', '--dry-run']])
      await mod.exports.main([process.argv0, bundle, '--home', home, ...args], { ...process.env, IMGPLAN_TODAY: '2026-11-25', NO_COLOR: '1' });
  process.stdout.write = write;
  fs.writeFileSync(out, Buffer.concat([Buffer.from(header + '\n', 'latin1'), script.createCachedData()]));
})();
`;

/** Writes the code cache for `bundle` (build `buildId`) (after `init` of the example profile in a scratch workspace when `warm`). */
export function writeCodeCache(root, bundle, out, { buildId, warm = true }) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'imgplan-v8cache-'));
  try {
    const env = { ...process.env, IMGPLAN_TODAY: '2026-11-25', NO_COLOR: '1' };
    delete env.NODE_OPTIONS;
    if (warm) execFileSync(process.execPath, [path.join(root, 'bin', 'imgplan.cjs'), '--home', home, 'init', '--profile', path.join(root, 'data', 'examples', 'profile.yaml')], { env, stdio: 'ignore' });
    execFileSync(process.execPath, ['-e', CHILD, bundle, out, `imgplan-v8cache ${process.version} ${buildId}`, home, warm ? '1' : '0'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
