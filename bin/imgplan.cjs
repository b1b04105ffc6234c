#!/usr/bin/env node
'use strict';
// Runs dist/imgplan.cjs, the bundle, written by scripts/build.mjs as the function Node wraps a
// CommonJS module in, in ASCII, after a comment naming its build. When the build left a V8 code
// cache beside it (dist/imgplan.v8cache, made for the node that built it), the bundle is compiled
// from that cache: V8 then skips parsing most of the file, about a third of start-up. The cache
// names the node and the build it was made for (V8 also checks the source's length); any other,
// a missing or unreadable cache, or a cache V8 rejects compiles the source instead.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'imgplan.cjs');

/** V8's data from the code cache, if it was made for this node and the build `source` names. */
function codeCache(source) {
  let cache;
  try {
    cache = fs.readFileSync(path.join(__dirname, '..', 'dist', 'imgplan.v8cache'));
  } catch {
    return undefined;
  }
  // Header: "imgplan-v8cache <node version> <build id>\n", then V8's data.
  const newline = cache.indexOf(10);
  const [magic, version, build] = cache.subarray(0, Math.max(newline, 0)).toString('latin1').split(' ');
  if (newline < 0 || magic !== 'imgplan-v8cache' || version !== process.version || !source.startsWith(`/*imgplan-build ${build}*/`)) return undefined;
  return cache.subarray(newline + 1);
}

/** The bundle compiled, and whether from the cache; the cache's bytes are garbage once it returns. */
function compile() {
  const source = fs.readFileSync(bundle, 'latin1');
  const cachedData = codeCache(source);
  const script = new vm.Script(source, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return { script, cached: cachedData !== undefined && !script.cachedDataRejected };
}

const { script, cached } = compile();
// V8 sends a function to its optimising compiler once it has run a budget of bytecode (67,584 by
// default); a command lasts a tenth of a second, and optimising what got warm by then cost more
// time than it saved and ~5 MB of memory (see the Speed section of the README). A later tier-up
// keeps long work (a large file parsed the full way) optimised. Set after compiling, so the cache,
// which names the flags it was made with, is still taken; and only with the node the build
// measured it on (the one that took the cache).
if (cached) require('node:v8').setFlagsFromString('--interrupt-budget=1000000');
const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = Module._nodeModulePaths(path.dirname(bundle));
require.cache[bundle] = mod;
script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
mod.loaded = true;
