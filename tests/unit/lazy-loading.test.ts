// Commands load only what they need: the code reachable from the `status` and `show` paths must
// not include the prompt library, the exporters or anything only other commands use. Checked on
// the static import graph esbuild sees (what a bundle evaluates when the path is imported).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// @ts-expect-error: plain JavaScript helper shared with the build script
import { yamlToModule } from '../../scripts/yaml-module.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every input file reachable from `entry` without import(), relative to the repository. */
async function reachable(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
    define: { IMGPLAN_VERSION: '"test"' },
    plugins: [
      {
        name: 'yaml',
        setup: (b) =>
          b.onLoad({ filter: /\.yaml$/ }, (a) => ({ contents: (yamlToModule as (s: string, f: string) => string)(readFileSync(a.path, 'utf8'), a.path), loader: 'js' })),
      },
    ],
  });
  // The metafile lists dynamically imported files too (they are bundled); follow static edges only.
  const inputs = result.metafile.inputs;
  const start = Object.keys(inputs).find((f) => f.endsWith(entry))!;
  const seen = new Set([start]);
  for (const file of seen)
    for (const imp of inputs[file]?.imports ?? []) if (imp.kind !== 'dynamic-import' && inputs[imp.path] && !seen.has(imp.path)) seen.add(imp.path);
  return [...seen];
}

// proper-lockfile (with graceful-fs): commands that only read never take the lock.
const HEAVY_FOR_READERS = [/node_modules\/@inquirer\//, /src\/prompts\//, /src\/export\//, /node_modules\/mermaid/, /node_modules\/ical\.js/, /node_modules\/(proper-lockfile|graceful-fs)\//];

describe('lazy loading', () => {
  for (const entry of ['src/commands/status.ts', 'src/commands/show.ts']) {
    it(`${entry} reaches no prompt library, exporter, lock library or other command's heavy code`, async () => {
      const inputs = await reachable(entry);
      expect(inputs.length).toBeGreaterThan(10);
      for (const heavy of HEAVY_FOR_READERS) expect(inputs.filter((f) => heavy.test(f)), String(heavy)).toEqual([]);
    });
  }

  // The tracker schemas are loaded with import() only when a tracker has to be validated: read
  // from the parse cache (src/store/parse-cache.ts), status, show, export and regenerate build none.
  for (const entry of ['src/commands/status.ts', 'src/commands/show.ts', 'src/commands/export.ts', 'src/commands/regenerate.ts'])
    it(`${entry} reaches the tracker and program schemas only through import()`, async () => {
      const inputs = await reachable(entry);
      expect(inputs.filter((f) => /src\/domain\/(trackers|programs)\.ts$/.test(f))).toEqual([]);
    });

  it("the tracker version store/trackers.ts writes is domain/trackers.ts's", async () => {
    const store = await import('../../src/store/trackers.js');
    const domain = await import('../../src/domain/trackers.js');
    expect(store.TRACKER_SCHEMA_VERSION).toBe(domain.TRACKER_SCHEMA_VERSION);
    for (const kind of [store.LETTERS, store.LOG, store.OUTREACH, store.PROGRAMS, store.BUDGET]) expect(kind.empty.schemaVersion).toBe(domain.TRACKER_SCHEMA_VERSION);
  });

  it('the entry point loads only the command line, not any command', async () => {
    const inputs = await reachable('src/main.ts');
    // Commands are imported with import(), so they are not in the static graph of main.ts.
    expect(inputs.filter((f) => /src\/commands\/(?!deps)/.test(f))).toEqual([]);
    expect(inputs.filter((f) => /node_modules\/(yaml|zod)\//.test(f))).toEqual([]);
    expect(inputs.some((f) => /node_modules\/commander\//.test(f))).toBe(true);
  });

  it('export reaches its exporters only through import(), one per format', async () => {
    const inputs = await reachable('src/commands/export.ts');
    expect(inputs.filter((f) => /src\/export\/(markdown|ics|html|json)\.ts$/.test(f))).toEqual([]);
  });
});
