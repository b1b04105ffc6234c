#!/usr/bin/env node
'use strict';
// Runs dist/imgplan.cjs. When the build left a V8 code cache beside it (dist/imgplan.v8cache,
// made by scripts/build.mjs for the node that built it), the bundle is compiled from that cache:
// V8 then skips parsing most of the 1.9 MB file, about a third of start-up. The cache names the
// sha256 of the bundle it was made from; any other bundle, a missing or unreadable cache, or a
// cache V8 rejects (another node version) falls back to compiling the source, as require() does.
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'imgplan.cjs');

function loadWithCache() {
  let cache;
  try {
    cache = fs.readFileSync(path.join(__dirname, '..', 'dist', 'imgplan.v8cache'));
  } catch {
    return false;
  }
  // Header: "imgplan-v8cache <node version> <sha256 of the bundle>\n", then V8's data.
  const newline = cache.indexOf(10);
  const [magic, version, hash] = cache.subarray(0, Math.max(newline, 0)).toString('latin1').split(' ');
  if (newline < 0 || magic !== 'imgplan-v8cache' || version !== process.version) return false;
  const bytes = fs.readFileSync(bundle);
  if (require('node:crypto').createHash('sha256').update(bytes).digest('hex') !== hash) return false;
  const vm = require('node:vm');
  const Module = require('node:module');
  // The build keeps the bundle ASCII (scripts/build.mjs), so latin1 reads it as UTF-8 would, faster.
  const script = new vm.Script(Module.wrap(bytes.toString('latin1')), {
    filename: bundle,
    cachedData: cache.subarray(newline + 1),
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  require.cache[bundle] = mod;
  script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return true;
}

if (!loadWithCache()) require(bundle);
