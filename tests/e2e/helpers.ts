// Shared by the end-to-end tests: run the BUILT binary (bin/imgplan.cjs → dist/imgplan.cjs) in a
// clean environment and a throwaway HOME, and look at what it left on disk.
// The tests never build: `npm test` runs `npm run build` first. A missing or stale bundle is an
// error that says so, rather than a silent test of old code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join('bin', 'imgplan.cjs');
export const BUNDLE = path.join(ROOT, 'dist', 'imgplan.cjs');
export const EXAMPLE_PROFILE = path.join(ROOT, 'data', 'examples', 'profile.yaml');
/** The pinned "today" of every run unless a test says otherwise. */
export const TODAY = '2026-11-25';

/** The newest file under `dir` (recursively), as [path, mtimeMs]. */
function newest(dir: string, filter: (file: string) => boolean = () => true): [string, number] | null {
  let best: [string, number] | null = null;
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory() ? newest(full, filter) : filter(full) ? ([full, statSync(full).mtimeMs] as [string, number]) : null;
    if (candidate && (!best || candidate[1] > best[1])) best = candidate;
  }
  return best;
}

let checked = false;

/** Throws a clear error when dist/imgplan.cjs is missing or older than what it is built from. */
export function assertBuilt(): void {
  if (checked) return;
  if (!existsSync(BUNDLE)) throw new Error('dist/imgplan.cjs does not exist: run `npm run build` before the end-to-end tests (`npm test` does it for you)');
  const built = statSync(BUNDLE).mtimeMs;
  // The bundle inlines src/ and the reference data in data/*.yaml (data/examples is read at run time).
  const examples = path.join(ROOT, 'data', 'examples') + path.sep;
  const sources = [newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'data'), (f) => f.endsWith('.yaml') && !f.startsWith(examples))].filter(
    (x): x is [string, number] => x !== null,
  );
  for (const [file, mtime] of sources)
    if (mtime > built)
      throw new Error(`dist/imgplan.cjs is older than ${path.relative(ROOT, file)}: run \`npm run build\` before the end-to-end tests (\`npm test\` does it for you)`);
  checked = true;
}

const temps: string[] = [];

/** A fresh empty folder under the system temp folder, removed by `cleanupTemps`. */
export function makeTemp(label = 'tmp'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `imgplan-e2e-${label}-`));
  temps.push(dir);
  return dir;
}

export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The environment every run starts from: nothing of the developer's own leaks in but the zone the suite runs in (UTC when unset; scripts/tz-matrix.sh sets it). */
export function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, NO_COLOR: '1', TZ: process.env.TZ || 'UTC', IMGPLAN_TODAY: TODAY };
}

export interface RunOptions {
  /** Overrides of the base environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Text piped to standard input (stdin is always a pipe, never a terminal). */
  input?: string;
  /** Milliseconds before the process is killed (default 20 s). */
  timeout?: number;
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed for taking longer than `timeout`. */
  timedOut: boolean;
  /** The HOME the run had (a fresh temp folder unless env.HOME was given). */
  home: string;
  ms: number;
}

/** Runs `node bin/imgplan.cjs ...args` from the repository root in a clean environment. */
export function run(args: readonly string[], opts: RunOptions = {}): RunResult {
  assertBuilt();
  const home = opts.env?.HOME ?? makeTemp('home');
  const env: Record<string, string> = baseEnv(home);
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const started = Date.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: opts.timeout ?? 20_000,
    killSignal: 'SIGKILL',
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (result.error && !timedOut) throw result.error;
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    timedOut,
    home,
    ms: Date.now() - started,
  };
}

/** What a folder holds, to prove a run left it alone: every entry's bytes, mode and mtime. */
export interface Entry {
  type: 'file' | 'dir';
  mode: number;
  mtimeMs: number;
  bytes?: string;
}

/** `dir` ('.') and every entry under it by relative path, or null when `dir` does not exist. */
export function snapshot(dir: string): Record<string, Entry> | null {
  if (!existsSync(dir)) return null;
  const root = statSync(dir);
  // The folder itself too: its mtime changes when anything (a lock, a temp file) comes and goes.
  const out: Record<string, Entry> = { '.': { type: 'dir', mode: root.mode & 0o777, mtimeMs: root.mtimeMs } };
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const relPath = path.join(rel, entry.name);
      const full = path.join(dir, relPath);
      const st = statSync(full);
      if (entry.isDirectory()) {
        out[relPath] = { type: 'dir', mode: st.mode & 0o777, mtimeMs: st.mtimeMs };
        walk(relPath);
      } else {
        out[relPath] = { type: 'file', mode: st.mode & 0o777, mtimeMs: st.mtimeMs, bytes: readFileSync(full).toString('base64') };
      }
    }
  };
  walk('');
  return out;
}

/** Permission bits of a path, e.g. 0o600. */
export const modeOf = (p: string): number => statSync(p).mode & 0o777;

/** ANSI SGR (colour/style) escapes. */
export const ANSI = /\x1b\[[0-9;]*m/;

/** A line that looks like a JavaScript stack frame ("    at foo (file.js:1:2)"). */
export const STACK_FRAME = /^\s+at\s/m;

export interface ProblemLine {
  file: string;
  line: number;
  column: number;
  /** The field before the message, when the line names one (`field: message`). */
  rest: string;
}

/** The `  file:line:col: …` lines of an error report for `file`. */
export function problemLines(stderr: string, file: string): ProblemLine[] {
  const out: ProblemLine[] = [];
  for (const l of stderr.split('\n')) {
    if (!l.startsWith(`  ${file}:`)) continue;
    const m = /^(\d+):(\d+): (.*)$/.exec(l.slice(file.length + 3));
    if (!m) throw new Error(`malformed problem line: ${JSON.stringify(l)}`);
    out.push({ file, line: Number(m[1]), column: Number(m[2]), rest: m[3]! });
  }
  return out;
}

/** 1-based line number of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in the text`);
  return i + 1;
}

/**
 * A minimal terminal: enough of the escape sequences @inquirer/prompts writes (cursor column,
 * up/down, erase in line and below) to show what a person would see, for failure messages and
 * for asserting that something is on screen now rather than somewhere in the output's history.
 */
export class VirtualScreen {
  private lines: string[][] = [[]];
  private row = 0;
  private col = 0;
  private pending = '';

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {}

  write(data: string): void {
    const text = this.pending + data;
    this.pending = '';
    const chars = [...text];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (ch === '\x1b') {
        if (i + 1 >= chars.length) {
          this.pending = ch;
          return;
        }
        if (chars[i + 1] !== '[') {
          i++; // a two-character escape: ignored
          continue;
        }
        let j = i + 2;
        while (j < chars.length && !/[@-~]/.test(chars[j]!)) j++;
        if (j >= chars.length) {
          this.pending = chars.slice(i).join('');
          return;
        }
        this.csi(chars.slice(i + 2, j).join(''), chars[j]!);
        i = j;
      } else if (ch === '\r') this.col = 0;
      else if (ch === '\n') this.moveTo(this.row + 1, this.col);
      else if (ch === '\b') this.col = Math.max(0, this.col - 1);
      else if (ch >= ' ' || ch === '\t') {
        if (this.col >= this.cols) this.moveTo(this.row + 1, 0);
        const line = this.line();
        while (line.length < this.col) line.push(' ');
        line[this.col++] = ch;
      }
    }
  }

  private line(): string[] {
    while (this.lines.length <= this.row) this.lines.push([]);
    return this.lines[this.row]!;
  }

  private moveTo(row: number, col: number): void {
    this.row = Math.max(0, row);
    this.col = Math.max(0, col);
    this.line();
  }

  private csi(params: string, final: string): void {
    if (params.startsWith('?')) return; // modes such as cursor visibility
    const n = (fallback: number) => (params === '' ? fallback : Number(params.split(';')[0]) || fallback);
    const top = Math.max(0, this.lines.length - this.rows);
    switch (final) {
      case 'A':
        this.moveTo(Math.max(top, this.row - n(1)), this.col);
        break;
      case 'B':
        this.moveTo(this.row + n(1), this.col);
        break;
      case 'C':
        this.col += n(1);
        break;
      case 'D':
        this.col = Math.max(0, this.col - n(1));
        break;
      case 'G':
        this.col = n(1) - 1;
        break;
      case 'K': {
        const line = this.line();
        const mode = n(0);
        if (mode === 0) line.length = Math.min(line.length, this.col);
        else if (mode === 1) for (let k = 0; k <= this.col && k < line.length; k++) line[k] = ' ';
        else line.length = 0;
        break;
      }
      case 'J':
        if (n(0) === 0) {
          this.line().length = Math.min(this.line().length, this.col);
          this.lines.length = this.row + 1;
        } else {
          this.lines = [[]];
          this.moveTo(0, 0);
        }
        break;
      default: // colours and anything else do not move text
    }
  }

  /** The visible rows (the last `rows` lines), trailing spaces and blank lines at the end removed. */
  text(): string {
    return this.lines
      .slice(-this.rows)
      .map((l) => l.join('').trimEnd())
      .join('\n')
      .replace(/\n+$/, '');
  }
}
