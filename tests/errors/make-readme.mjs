// Writes tests/errors/README.md: the intro below and one table row per fixture folder, from its
// case.json (code, when, exit) and the first line of its stderr.txt. Run it after adding or
// changing a fixture: node tests/errors/make-readme.mjs
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const MAX = 80;

const INTRO = `# The error catalogue

Every error a person can meet, one folder each: \`case.json\` says how to cause it and
\`stderr.txt\` pins everything imgplan prints (temporary paths shown as \`<TMP>\`).
\`tests/e2e/error-catalogue.test.ts\` runs each case against the built binary and checks the exact
standard error, the exit code, an empty standard output and an untouched disk; it also scans
\`src/\` for error codes, so a new code without a folder here fails the test.

Every message has the same shape: \`imgplan: <what is wrong>\`, then one indented line per problem
(\`file:line:column: field: problem\` where there is one), then one \`hint:\` line saying what to do.
Exit code **2** is bad input (a flag, an argument or a file's content): nothing was changed.
Exit code **1** is a workspace that cannot be changed safely right now (busy, or changed under
imgplan): nothing was changed; try again. \`--debug\` adds a last line, \`debug: error code CODE\`.

To add one: make a folder named after the code (\`CODE\` or \`CODE--variant\`) holding a
\`case.json\` (its format is at the top of the test), run
\`npm run build && UPDATE_ERRORS=1 npx vitest run tests/e2e/error-catalogue.test.ts -t NAME\`,
read the \`stderr.txt\` it wrote as the person would, then run \`node tests/errors/make-readme.mjs\`
to rebuild the table below (it reads each \`case.json\` and \`stderr.txt\`; do not edit it by hand).

| Fixture | Code | When | Exit | Message (first line, shortened) |
| --- | --- | --- | --- | --- |
`;

const cell = (s) => s.replace(/\|/g, '\\|');
const code = (s) => `\`${cell(s)}\``;
const short = (s) => (s.length > MAX ? `${s.slice(0, MAX - 1).trimEnd()}…` : s);

const rows = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  // The order of the test's fixtures.
  .sort((a, b) => a.localeCompare(b))
  .map((name) => {
    const c = JSON.parse(readFileSync(path.join(DIR, name, 'case.json'), 'utf8'));
    const stderr = path.join(DIR, name, 'stderr.txt');
    const first = c.stderrIsHelpOf
      ? `(the help of imgplan ${c.stderrIsHelpOf.filter((a) => a !== '--help').join(' ')})`
      : existsSync(stderr)
        ? short(readFileSync(stderr, 'utf8').split('\n')[0].replace(/^imgplan: /, ''))
        : '(no stderr.txt yet)';
    const message = c.stderrIsHelpOf || !existsSync(stderr) ? first : code(first);
    return `| ${code(name)} | ${code(c.code)} | ${cell(c.when)} | ${c.exit} | ${message} |`;
  });

writeFileSync(path.join(DIR, 'README.md'), `${INTRO}${rows.join('\n')}\n`);
console.log(`tests/errors/README.md: ${rows.length} fixtures`);
