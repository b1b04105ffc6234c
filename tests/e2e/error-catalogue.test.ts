// The error catalogue (tests/errors/): every error a person can meet, each with a fixture that
// runs the BUILT binary and pins its whole stderr (temp paths replaced by <TMP>), its exit code,
// an empty stdout and an untouched disk. The source is scanned for error codes, so a new code
// without a fixture fails here. UPDATE_ERRORS=1 rewrites the stderr.txt files (read them before
// committing: they are the messages people see); node tests/errors/make-readme.mjs then rebuilds
// the table of tests/errors/README.md from the folders.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, closeSync, constants as fsc, cpSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnNode, type Ran } from '../support/fuzz-kit.js';
import { BIN, ROOT, STACK_FRAME, assertBuilt, baseEnv, cleanupTemps, makeTemp, run } from './helpers.js';

afterAll(cleanupTemps);
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ERRORS = path.join(ROOT, 'tests', 'errors');
const SRC = path.join(ROOT, 'src');
const UPDATE = process.env.UPDATE_ERRORS === '1';
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** A step that prepares the fixture's folder (<TMP>) before the run. Paths are relative to <TMP>. */
type Op =
  | { write: string; text?: string; base64?: string; repeat?: string; times?: number }
  | { edit: string; from: string; to: string }
  | { append: string; text: string }
  | { copy: string; to: string }
  | { remove: string }
  | { mkdir: string }
  | { chmod: string; mode: number };

interface Case {
  code: string;
  when: string;
  /** 2 for bad input (nothing changed), 1 for a workspace that cannot be changed safely now. */
  exit: 1 | 2;
  argv: string[];
  /** A copy of a workspace made by `init --profile data/examples/profile.yaml` at <TMP>/ws. */
  workspace?: boolean;
  ops?: Op[];
  env?: Record<string, string>;
  /** The expected stderr is the help that this argv prints on standard output. */
  stderrIsHelpOf?: string[];
  /** Hold the workspace lock at <TMP>/<holdLock> (refreshed, as a live imgplan does) during the run. */
  holdLock?: string;
  /** Feed the run's input file through a FIFO: once imgplan waits on it, apply `then`, then feed `feed`. */
  race?: { fifo: string; then: Op[]; feed: string };
  /** Permissions do not stop root: the fixture cannot fail as root. */
  skipAsRoot?: boolean;
}

interface Fixture {
  name: string;
  dir: string;
  c: Case;
}

function loadFixtures(): Fixture[] {
  return readdirSync(ERRORS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, dir: path.join(ERRORS, e.name), c: JSON.parse(readFileSync(path.join(ERRORS, e.name, 'case.json'), 'utf8')) as Case }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const FIXTURES = loadFixtures();

// ---- the codes in the source ------------------------------------------------------------------

/** Codes built from a template at the throw site, and the codes the template can make. */
const TEMPLATED: Record<string, string[]> = {
  'bad-${flag.slice(2)}': ['bad-match-year', 'bad-weeks', 'bad-externships'],
};
/** Non-literal first arguments that re-throw an error already thrown with a literal code. */
const RETHROWS = new Set(['e.code']);
/** The YAML loader, whose fail(code, …) forwards a code: `fail(code: LoaderCode` and `new InputError(code` there. */
const LOADER = path.join('src', 'store', 'yaml-file.ts');
const LOADER_FORWARDS = new Set(['code: LoaderCode', 'code']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every error code thrown in src/: `new InputError(code`, `new WorkspaceError(code`, the loader's `fail(code`. */
function codesInSource(): { codes: Map<string, string[]>; unknown: string[] } {
  const codes = new Map<string, string[]>();
  const unknown: string[] = [];
  const add = (code: string, where: string) => codes.set(code, [...(codes.get(code) ?? []), where]);
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    for (const m of text.matchAll(/\b(?:new\s+(?:InputError|WorkspaceError|ImgplanError)|fail)\(\s*(`[^`]*`|'[^']*'|"[^"]*"|[^,)]*)/g)) {
      const where = `${rel}:${text.slice(0, m.index).split('\n').length}`;
      const arg = m[1]!.trim();
      const literal = /^(['"])([^'"]+)\1$/.exec(arg) ?? /^`([^`$]+)`$/.exec(arg);
      if (literal) add(literal[2] ?? literal[1]!, where);
      else if (/^`.*`$/.test(arg) && TEMPLATED[arg.slice(1, -1)]) for (const c of TEMPLATED[arg.slice(1, -1)]!) add(c, where);
      else if (RETHROWS.has(arg)) continue;
      // The loader's fail(code, …) throws the code its callers give it, and those calls are scanned
      // (a non-literal code there is reported): its definition and its throw are skipped.
      else if (!(rel === LOADER && LOADER_FORWARDS.has(arg))) unknown.push(`${where}: ${arg}`);
    }
  }
  return { codes, unknown };
}

/** The usage errors commander raises for this command line (cli.ts): required arguments and option values, unknown names. */
const COMMANDER_CODES = [
  'commander.unknownCommand',
  'commander.unknownOption',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.excessArguments',
  'commander.help',
];

describe('the catalogue covers every error code', () => {
  const { codes, unknown } = codesInSource();

  it('finds the codes in the source (the scan still works)', () => {
    for (const code of ['bad-today', 'yaml-syntax', 'invalid-content', 'busy', 'bad-weeks']) expect([...codes.keys()]).toContain(code);
    expect(unknown, 'a throw site whose code the scan cannot read: give it a literal code, or teach TEMPLATED/RETHROWS about it').toEqual([]);
  });

  it('every code thrown in src/ has a fixture in tests/errors/', () => {
    const covered = new Set(FIXTURES.map((f) => f.c.code));
    const missing = [...codes.entries()].filter(([code]) => !covered.has(code)).map(([code, where]) => `${code} (${where.join(', ')})`);
    expect(missing, 'add a folder to tests/errors/ for each (case.json, then UPDATE_ERRORS=1 for stderr.txt), then node tests/errors/make-readme.mjs').toEqual([]);
  });

  it("every commander usage error has a fixture, and every fixture's code is one imgplan can raise", () => {
    const covered = new Set(FIXTURES.map((f) => f.c.code));
    for (const code of COMMANDER_CODES) expect(covered, code).toContain(code);
    for (const f of FIXTURES) expect([...codes.keys(), ...COMMANDER_CODES], f.name).toContain(f.c.code);
  });

  it('the README lists every code with its fixtures', () => {
    const readme = readFileSync(path.join(ERRORS, 'README.md'), 'utf8');
    for (const f of FIXTURES) expect(readme, `tests/errors/README.md does not mention ${f.name}: run node tests/errors/make-readme.mjs`).toContain(`\`${f.name}\``);
  });

  it('every fixture folder holds a case.json with a code, a "when" and an argv, and a stderr.txt', () => {
    for (const f of FIXTURES) {
      expect(f.c.code, f.name).toMatch(/^[a-z][a-zA-Z.-]+$/);
      expect(f.name === f.c.code || f.name.startsWith(`${f.c.code}--`), `${f.name} is named after its code (${f.c.code}) or code--variant`).toBe(true);
      expect(f.c.when.length, f.name).toBeGreaterThan(5);
      expect(Array.isArray(f.c.argv), f.name).toBe(true);
      expect([1, 2], f.name).toContain(f.c.exit);
      if (!UPDATE && !f.c.stderrIsHelpOf) expect(existsSync(path.join(f.dir, 'stderr.txt')), `${f.name}/stderr.txt: run with UPDATE_ERRORS=1`).toBe(true);
    }
  });
});

// ---- running the fixtures ----------------------------------------------------------------------

let template = '';
beforeAll(() => {
  template = path.join(makeTemp('errors-template'), 'ws');
  const r = run(['init', '--profile', 'data/examples/profile.yaml', '--home', template]);
  expect(r.status, r.stderr).toBe(0);
});

const sub = (s: string, tmp: string) => s.split('<TMP>').join(tmp).split('<ROOT>').join(ROOT);

function apply(op: Op, tmp: string): void {
  const at = (rel: string) => path.join(tmp, rel);
  if ('write' in op) {
    const bytes = op.base64 !== undefined ? Buffer.from(op.base64, 'base64') : Buffer.from(op.repeat !== undefined ? op.repeat.repeat(op.times ?? 1) : (op.text ?? ''), 'utf8');
    writeFileSync(at(op.write), bytes);
  } else if ('edit' in op) {
    const text = readFileSync(at(op.edit), 'utf8');
    if (text.split(op.from).length !== 2) throw new Error(`${op.edit} must hold ${JSON.stringify(op.from)} exactly once`);
    writeFileSync(at(op.edit), text.replace(op.from, () => op.to));
  } else if ('append' in op) appendFileSync(at(op.append), op.text);
  else if ('copy' in op) cpSync(op.copy.includes('<ROOT>') ? sub(op.copy, tmp) : at(op.copy), at(op.to), { recursive: true });
  else if ('remove' in op) rmSync(at(op.remove), { recursive: true });
  else if ('mkdir' in op) mkdirSync(at(op.mkdir), { recursive: true });
  else if ('chmod' in op) chmodSync(at(op.chmod), op.mode);
}

/** Runs the built binary like helpers.run, but without blocking, so a fixture can act during the run. */
function spawnBinary(args: string[], env: Record<string, string>, during?: () => Promise<void>): Promise<Ran> {
  assertBuilt();
  return spawnNode([BIN, ...args], ROOT, env, 40_000, during);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until a reader has the FIFO open (imgplan is blocked on it), then writes `bytes` and closes. */
async function feedFifo(fifo: string, bytes: Buffer, before: () => void): Promise<void> {
  for (let i = 0; i < 400; i++) {
    let fd: number;
    try {
      fd = openSync(fifo, fsc.O_WRONLY | fsc.O_NONBLOCK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
      await sleep(50);
      continue;
    }
    before();
    try {
      for (let off = 0; off < bytes.length; ) {
        try {
          off += writeSync(fd, bytes, off);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
          await sleep(5);
        }
      }
    } finally {
      closeSync(fd);
    }
    return;
  }
  throw new Error(`nobody opened ${fifo} for reading`);
}

/**
 * Every entry under `dir` with its type, mode and mtime, and for files a hash of their bytes; a
 * FIFO is never read. `dirTimes: false` leaves out folders' mtimes, which change when a lock
 * comes and goes: an exit-1 error is found while holding the workspace lock, by design.
 */
function diskSnapshot(dir: string, dirTimes: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const full = path.join(dir, rel);
    const st = lstatSync(full);
    if (st.isDirectory()) {
      out[rel || '.'] = `dir ${st.mode.toString(8)}${dirTimes ? ` ${st.mtimeMs}` : ''}`;
      for (const name of readdirSync(full).sort()) walk(path.join(rel, name));
    } else if (st.isFile()) out[rel] = `file ${st.mode.toString(8)} ${st.mtimeMs} sha256:${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    else out[rel] = `other ${st.mode.toString(8)}`;
  };
  walk('');
  return out;
}

/** The disk as a fixture must leave it: everything under <TMP> but the test's own lock and FIFO. */
function disk(tmp: string, c: Case): Record<string, string> {
  const snap = diskSnapshot(tmp, c.exit === 2);
  if (c.holdLock) delete snap[path.join(c.holdLock, '.imgplan.lock')];
  if (c.race) delete snap[c.race.fifo];
  return snap;
}

const DEBUG_LINE = /^debug: error code (\S+)\n$/m;

describe('every fixture: exact stderr, exit code, empty stdout, nothing changed', () => {
  it.concurrent.each(FIXTURES.map((f) => [f.name, f] as const))('%s', async (_name, { dir, c }) => {
    if (c.skipAsRoot && IS_ROOT) {
      // Root reads any file whatever its mode: this error cannot be produced here.
      expect(c.code).toBe('unreadable');
      return;
    }
    const tmp = makeTemp('err');
    if (c.workspace) cpSync(template, path.join(tmp, 'ws'), { recursive: true, preserveTimestamps: true });
    for (const op of c.ops ?? []) apply(op, tmp);
    if (c.race) mkfifo(path.join(tmp, c.race.fifo));
    const lock = c.holdLock ? path.join(tmp, c.holdLock, '.imgplan.lock') : undefined;
    if (lock) mkdirSync(lock);
    const before = disk(tmp, c);

    const env = { ...baseEnv(makeTemp('home')), ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, sub(v, tmp)])) };
    // --debug adds a last line naming the error's code; the rest is what a person sees.
    const args = [...c.argv.map((a) => sub(a, tmp)), '--debug'];
    let during: (() => Promise<void>) | undefined;
    let afterRace = before;
    if (c.race) {
      const race = c.race;
      during = () =>
        feedFifo(path.join(tmp, race.fifo), readFileSync(sub(race.feed, tmp)), () => {
          for (const op of race.then) apply(op, tmp);
          afterRace = disk(tmp, c);
        });
    } else if (lock) {
      // A live holder refreshes its lock; proper-lockfile takes a lock older than 10 s as stale.
      during = async () => {
        for (let i = 0; i < 60 && existsSync(lock); i++) {
          const now = new Date();
          utimesSync(lock, now, now);
          await sleep(500);
        }
      };
    }
    const r = await spawnBinary(args, env, during);
    const after = disk(tmp, c);
    if (lock) rmSync(lock, { recursive: true, force: true });

    expect(r.timedOut, 'the run hung').toBe(false);
    expect(r.signal).toBe(null);
    expect(r.stdout, 'an error prints nothing on standard output').toBe('');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toContain('internal error');
    const debug = DEBUG_LINE.exec(r.stderr);
    expect(debug?.[1], `the error's code (stderr: ${r.stderr})`).toBe(c.code);
    expect(r.stderr.endsWith(debug![0]), 'the debug line comes last').toBe(true);
    const shown = r.stderr.slice(0, -debug![0].length).split(tmp).join('<TMP>').split(ROOT).join('<ROOT>');

    let expected: string;
    if (c.stderrIsHelpOf) {
      const help = run(c.stderrIsHelpOf);
      expect(help.status).toBe(0);
      expected = help.stdout;
    } else {
      const file = path.join(dir, 'stderr.txt');
      if (UPDATE) writeFileSync(file, shown);
      expected = readFileSync(file, 'utf8');
    }
    expect(shown).toBe(expected);
    expect(r.status, 'exit code').toBe(c.exit);

    // The shape every error has: `imgplan: message`, then `  file:line:col: field: problem` lines, then `hint: …`.
    if (!c.stderrIsHelpOf) {
      const lines = shown.replace(/\n$/, '').split('\n');
      expect(lines[0]).toMatch(/^imgplan: \S/);
      expect(lines.at(-1), 'every error ends with a hint').toMatch(/^hint: \S/);
      for (const l of lines.slice(1, -1)) expect(l, 'a problem line').toMatch(/^ {2}\S/);
      expect(lines.filter((l) => l.startsWith('hint: ')).length).toBe(1);
    }
    expect(after, 'the run changed the disk').toEqual(c.race ? afterRace : before);
  });
});

/** node has no mkfifo; the system's is on every POSIX PATH. */
function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo ${file} failed: ${r.stderr?.toString() ?? r.error?.message ?? ''}`);
}

describe('the error report', () => {
  it('names the code only with --debug', () => {
    const r = run(['demo', '--today', '2026-02-30']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/^debug:/m);
    expect(run(['demo', '--today', '2026-02-30', '--debug']).stderr).toMatch(/^debug: error code bad-today$/m);
  });
});
