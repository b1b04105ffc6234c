#!/usr/bin/env node
'use strict';
// Runs dist/imgplan.cjs, the bundle, written by scripts/build.mjs as the function Node wraps a
// CommonJS module in, in ASCII. When the build left a V8 code cache beside it
// (dist/imgplan.v8cache, made for the node that built it), the bundle is compiled from that cache:
// V8 then skips parsing most of the file, about a third of start-up. The cache names the sha256 of
// the bundle it was made from; any other bundle, a missing or unreadable cache, or a cache V8
// rejects (another node version) compiles the source instead.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'imgplan.cjs');

/** V8's data from the code cache, if it was made for this node and these bytes of the bundle. */
function codeCache(bytes) {
  let cache;
  try {
    cache = fs.readFileSync(path.join(__dirname, '..', 'dist', 'imgplan.v8cache'));
  } catch {
    return undefined;
  }
  // Header: "imgplan-v8cache <node version> <sha256 of the bundle>\n", then V8's data.
  const newline = cache.indexOf(10);
  const [magic, version, hash] = cache.subarray(0, Math.max(newline, 0)).toString('latin1').split(' ');
  if (newline < 0 || magic !== 'imgplan-v8cache' || version !== process.version) return undefined;
  if (require('node:crypto').createHash('sha256').update(bytes).digest('hex') !== hash) return undefined;
  return cache.subarray(newline + 1);
}

/** The bundle compiled; the file's bytes and the cache are garbage once it returns (1 MB and more). */
function compile() {
  const bytes = fs.readFileSync(bundle);
  const cachedData = codeCache(bytes);
  return new vm.Script(bytes.toString('latin1'), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

const script = compile();
const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = Module._nodeModulePaths(path.dirname(bundle));
require.cache[bundle] = mod;
script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
mod.loaded = true;
