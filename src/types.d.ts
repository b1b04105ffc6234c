// Reviewed data files are imported as parsed values (scripts/yaml-module.mjs) and validated by
// src/reference before use.
declare module '*.yaml' {
  const data: unknown;
  export default data;
}

// Injected at build time from package.json.
declare const IMGPLAN_VERSION: string;
