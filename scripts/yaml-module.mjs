// Turns a reviewed data file (YAML) into an ES module at build and test time, so the shipped
// bundle carries its data already parsed and never reads data/ at start-up.
import { parse } from 'yaml';

export function yamlToModule(source, file) {
  const value = parse(source, { schema: 'core', merge: false, maxAliasCount: 0, uniqueKeys: true });
  if (value === null || typeof value !== 'object') throw new Error(`${file}: data file must hold a mapping`);
  return `export default ${JSON.stringify(value)};`;
}
