// Writes data/plan.schema.json from the zod plan schema (src/export/json.ts). The source imports
// the reviewed YAML data, so it is bundled in memory like the CLI (scripts/build.mjs) and run.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { yamlToModule } from './yaml-module.mjs';

const bundled = await build({
  stdin: { contents: "export { planJsonSchema } from './src/export/json.ts';", resolveDir: new URL('..', import.meta.url).pathname, loader: 'ts' },
  bundle: true,
  write: false,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
  define: { IMGPLAN_VERSION: '"schema"' },
  plugins: [
    {
      name: 'yaml-data',
      setup(b) {
        b.onLoad({ filter: /\.yaml$/ }, async (args) => ({ contents: yamlToModule(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
      },
    },
  ],
});
const { planJsonSchema } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
const target = new URL('../data/plan.schema.json', import.meta.url);
await writeFile(target, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
