// Bundles the CLI into one ES module file, dist/imgplan.js, with its data files inlined.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { yamlToModule } from './yaml-module.mjs';

const yamlData = {
  name: 'yaml-data',
  setup(b) {
    b.onLoad({ filter: /\.yaml$/ }, async (args) => ({
      contents: yamlToModule(await readFile(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
  },
};

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/imgplan.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  define: { IMGPLAN_VERSION: JSON.stringify(pkg.version) },
  // commander, yaml and proper-lockfile are CommonJS inside this ES module bundle.
  banner: { js: "import { createRequire as __imgplanCreateRequire } from 'node:module'; const require = __imgplanCreateRequire(import.meta.url);" },
  plugins: [yamlData],
});
