// Bundles the CLI into one CommonJS file, dist/imgplan.cjs, with its data files inlined, written
// as the function Node wraps a module in (bin/imgplan.cjs calls it).
// CommonJS because Node 20 starts it about 20 ms sooner than the same bundle as an ES module
// (the ES module loader compiles the whole file up front); see the Speed section of the README.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { yamlToModule } from './yaml-module.mjs';
import { writeCodeCache } from './v8cache.mjs';

const yamlData = {
  name: 'yaml-data',
  setup(b) {
    b.onLoad({ filter: /\.yaml$/ }, async (args) => ({
      contents: yamlToModule(await readFile(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
  },
};

// The reviewed data, validated here once (src/reference/index.ts run at build time) and inlined as
// the validated value: the shipped bundle neither builds the data schemas nor runs them at start-up.
// A data file that breaks its schema fails the build. Values JSON cannot carry exactly (never
// so far) keep the validation at run time.
async function validatedReferenceData() {
  const bundled = await build({
    stdin: { contents: "export { referenceData } from './src/reference/index.ts';", resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    plugins: [yamlData],
  });
  const { referenceData } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
  const value = referenceData();
  const json = JSON.stringify(value);
  return isDeepStrictEqual(JSON.parse(json), value) && sameKeyOrder(JSON.parse(json), value) ? json : null;
}
const sameKeyOrder = (a, b) =>
  a === null || typeof a !== 'object' ? true : Object.keys(a).join('\0') === Object.keys(b).join('\0') && Object.keys(a).every((k) => sameKeyOrder(a[k], b[k]));

const referenceJson = await validatedReferenceData();
const prevalidated = {
  name: 'reference-prevalidated',
  setup(b) {
    if (referenceJson === null) return;
    b.onLoad({ filter: /[\\/]src[\\/]reference[\\/]index\.ts$/ }, () => ({
      contents: `// Validated by scripts/build.mjs.\nconst data = JSON.parse(${JSON.stringify(referenceJson)});\nexport function referenceData() {\n  return data;\n}\n`,
      loader: 'js',
    }));
  },
};

// @inquirer/prompts without its editor prompt, which no command uses: the editor brings an external
// editor launcher with iconv-lite and chardet, a third of the bundle (650 kB) that every command
// would read and compile. Commands import the prompts they use from '@inquirer/prompts' as before;
// a command that starts using editor (or another prompt) must add it here.
const PROMPTS = ['checkbox', 'confirm', 'input', 'number', 'select', 'expand', 'rawlist', 'password', 'search'];
const promptsWithoutEditor = {
  name: 'prompts-without-editor',
  setup(b) {
    b.onResolve({ filter: /^@inquirer\/prompts$/ }, () => ({ path: '@inquirer/prompts', namespace: 'prompts-without-editor' }));
    b.onLoad({ filter: /.*/, namespace: 'prompts-without-editor' }, () => ({
      contents: [`export { Separator } from '@inquirer/checkbox';`, ...PROMPTS.map((p) => `export { default as ${p} } from '@inquirer/${p}';`)].join('\n'),
      resolveDir: fileURLToPath(new URL('../node_modules/@inquirer/prompts/', import.meta.url)),
      loader: 'js',
    }));
  },
};

/**
 * The bundle in ASCII, so that V8 holds it as a one-byte string and bin/imgplan.cjs decodes it as
 * latin1 (4 ms sooner than UTF-8). esbuild escapes strings but leaves regular expressions and
 * comments as written; a \\uXXXX escape means the same character in both (and in strings and
 * cooked templates). It would not after a backslash, nor in String.raw text: those fail the build.
 */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (ch, at) => {
    const line = text.slice(text.lastIndexOf('\n', at) + 1, at);
    if (line.endsWith('\\') || line.includes('String.raw'))
      throw new Error(`dist/imgplan.cjs: cannot escape "${ch}" after "${line.slice(-40)}"; write it as \\u${ch.charCodeAt(0).toString(16).padStart(4, '0')} in the source`);
    // One UTF-16 unit at a time (no u flag): a pair of escapes still reads as one astral character.
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

// commander loads node:child_process at import, for subcommands that are separate executables,
// which imgplan has none of: loaded when first used instead (it and node:net cost every start
// ~5 ms and 2 MB). Fails the build if commander stops loading it this way.
const CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(CHILD_PROCESS)) throw new Error(`${args.path} no longer has "${CHILD_PROCESS}": update lazyChildProcess in scripts/build.mjs`);
      return { contents: source.replace(CHILD_PROCESS, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: 'js' };
    });
  },
};

// chalk works out at import whether the terminal takes colour (loading node:tty, and with it
// node:net: ~3 ms and 1 MB on every start), for its default instance. imgplan decides colour
// itself (src/main.ts: --no-color, NO_COLOR, FORCE_COLOR, a terminal) and gives chalk the level
// (src/render/palette.ts), so the default instance is given none.
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => (/[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'chalk-without-detection' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'chalk-without-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// IMGPLAN_BUILD names this exact bundle (the sha256 of its text), so that the parse cache
// (src/store/parse-cache.ts) never hands one build's values to another.
const BUILD_PLACEHOLDER = 'imgplan-build-0000000000000000000000000000';
const result = await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/imgplan.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // Sources use import.meta.url (ES modules under vitest); in the CommonJS bundle it is the file's URL.
  banner: { js: "const __imgplanUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { IMGPLAN_VERSION: JSON.stringify(pkg.version), IMGPLAN_BUILD: JSON.stringify(BUILD_PLACEHOLDER), 'import.meta.url': '__imgplanUrl' },
  plugins: [prevalidated, promptsWithoutEditor, lazyChildProcess, chalkWithoutDetection, yamlData],
  // IMGPLAN_META=1 writes what the bundle is made of, for start-up work.
  metafile: process.env.IMGPLAN_META === '1',
});
if (result.metafile) await writeFile('dist/meta.json', JSON.stringify(result.metafile));
const text = asciiOnly(await readFile('dist/imgplan.cjs', 'utf8'));
const buildId = createHash('sha256').update(text).digest('hex').slice(0, BUILD_PLACEHOLDER.length);
// Written as Node wraps a CommonJS module, so bin/imgplan.cjs compiles the file's text as it is
// (wrapping it there made a second 1.3 MB copy of the source), behind a comment naming the build,
// which the code cache's header names too. Only the bin runs it.
await writeFile('dist/imgplan.cjs', `/*imgplan-build ${buildId}*/(function (exports, require, module, __filename, __dirname) { ${text.replaceAll(BUILD_PLACEHOLDER, buildId)}\n});`);

// The V8 code cache bin/imgplan.cjs starts from (scripts/v8cache.mjs); IMGPLAN_V8CACHE=0 builds without it.
const root = fileURLToPath(new URL('..', import.meta.url));
rmSync('dist/imgplan.v8cache', { force: true });
if (process.env.IMGPLAN_V8CACHE !== '0') writeCodeCache(root, `${root}dist/imgplan.cjs`, `${root}dist/imgplan.v8cache`, { buildId, warm: process.env.IMGPLAN_V8CACHE !== 'cold' });
