// The process edge: argv in, exit code out. The only module that reads process, the clock or the
// terminal, and the only one that decides how an error looks and which code it exits with.
import { CommanderError, type Command } from 'commander';
import { buildProgram, commandWord, type GlobalFlags, type Runner } from './cli.js';
import type { Deps } from './commands/deps.js';
import { readlinkSync } from 'node:fs';
import { dateInZone, localDate, parseCalendarDate, type CalendarDate } from './domain/dates.js';
import { formatProblem, ImgplanError, InputError, RaceLostError } from './domain/errors.js';
import { resolveHome } from './store/paths.js';

function pinnedToday(flags: GlobalFlags, env: NodeJS.ProcessEnv): CalendarDate | undefined {
  const [source, raw] = flags.today !== undefined ? ['--today', flags.today] : ['IMGPLAN_TODAY', env.IMGPLAN_TODAY || undefined];
  if (raw === undefined) return undefined;
  const date = parseCalendarDate(raw);
  if (date === null)
    throw new InputError('bad-today', `${source} must be a real calendar date written yyyy-MM-dd, not "${raw}"`, [], `e.g. ${source === '--today' ? '--today ' : 'IMGPLAN_TODAY='}2027-01-15, or leave it out to use the clock`);
  return date;
}

function colorWanted(flags: GlobalFlags, env: NodeJS.ProcessEnv): boolean {
  if (!flags.color || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY) && env.TERM !== 'dumb';
}

/**
 * The IANA name of the zone this process keeps local time in, when it can be told cheaply: $TZ, or
 * the zoneinfo file /etc/localtime links to (where ICU looks too). Undefined when unsure.
 */
function processZone(env: NodeJS.ProcessEnv): string | undefined {
  if (env.TZ !== undefined) return /^[A-Za-z]/.test(env.TZ) ? env.TZ : undefined;
  try {
    const link = readlinkSync('/etc/localtime');
    const at = link.lastIndexOf('zoneinfo/');
    return at < 0 ? undefined : link.slice(at + 'zoneinfo/'.length);
  } catch {
    return undefined;
  }
}

function todayOnClock(timeZone: string | undefined, env: NodeJS.ProcessEnv): CalendarDate {
  const now = new Date();
  // In the process's own zone, Date's local fields give the date without building an ICU formatter.
  return timeZone === undefined || timeZone === processZone(env) ? localDate(now) : dateInZone(now, timeZone);
}

export function makeDeps(flags: GlobalFlags, env: NodeJS.ProcessEnv): Deps {
  const pinned = pinnedToday(flags, env);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env,
    // A getter: process.stdin costs a few milliseconds to open, and only commands that may prompt ask.
    get canPrompt() {
      return Boolean(process.stdin.isTTY && process.stdout.isTTY);
    },
    color: colorWanted(flags, env),
    columns: process.stdout.columns || Number(env.COLUMNS) || 100,
    rows: process.stdout.rows || Number(env.LINES) || 24,
    cwd: process.cwd(),
    home: resolveHome(flags.home, env),
    today: (timeZone) => pinned ?? todayOnClock(timeZone, env),
  };
}

/** The command a usage error belongs to, as typed ("plan new"), for its --help hint. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names: string[] = [];
  let cmd = program;
  for (const arg of argv.slice(2)) {
    const sub = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (sub) {
      names.push(sub.name());
      cmd = sub;
    }
  }
  return names.length ? `imgplan ${names.join(' ')}` : 'imgplan';
}

/** commander's "error: unknown option '--jsn'\n(Did you mean --json?)" as one line and a hint. */
function usageLines(e: CommanderError, program: Command, argv: readonly string[]): string[] {
  const [first = '', ...rest] = e.message.split('\n');
  const guess = rest.map((l) => l.replace(/^\((.*)\)$/, '$1').trim()).filter(Boolean).join(' ');
  const where = commandPath(program, argv);
  const help = e.code === 'commander.unknownCommand' ? `${where} --help lists the commands` : `${where} --help shows how to use it`;
  return [`imgplan: ${visible(first.replace(/^error: /, ''))}`, `hint: ${guess ? `${visible(guess)} ` : ''}${help}`];
}

/**
 * Control characters that came in with the input (a task id typed as $'rot\x1b[2J'), shown as
 * escapes: an error report is one line per problem and never drives the terminal.
 */
const visible = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

function report(e: unknown, debug: boolean, program: Command, argv: readonly string[]): number {
  // With --debug, every error a person can meet names its code (tests/errors/README.md lists them).
  const code = (c: string) => (debug ? `debug: error code ${c}\n` : '');
  if (e instanceof ImgplanError) {
    const lines = [`imgplan: ${visible(e.message)}`, ...e.problems.map((p) => `  ${visible(formatProblem(p))}`)];
    if (e.hint) lines.push(`hint: ${visible(e.hint)}`);
    process.stderr.write(`${lines.join('\n')}\n${code(e.code)}`);
    return e.exitCode;
  }
  if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'CancelledError' || e.name === 'AbortPromptError')) {
    process.stderr.write('\n');
    return 130;
  }
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return 0;
    // Help asked for without a command was printed already; other usage errors get their line here.
    if (e.code !== 'commander.help') process.stderr.write(`${usageLines(e, program, argv).join('\n')}\n`);
    process.stderr.write(code(e.code));
    return 2;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`imgplan: internal error: ${message}\n${debug && e instanceof Error && e.stack ? `${e.stack}\n` : 'run again with --debug for details\n'}`);
  return 1;
}

/** Runs of a command that lost a race to another imgplan, at most. */
const RACE_RETRIES = 5;

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let code = 0;
  const runner: Runner = async (flags, run) => {
    const deps = makeDeps(flags, env);
    // A command that lost a race to another imgplan wrote nothing; without a terminal it asked
    // nothing either, so it runs again on the new state (scripts and parallel jobs just work).
    for (let attempt = 1; ; attempt++) {
      try {
        code = await run(deps);
        // What it validated and did not write, for the next command (src/store/parse-cache.ts).
        await (await import('./store/parse-cache.js')).keepValidatedReads();
        return;
      } catch (e) {
        if (!(e instanceof RaceLostError) || deps.canPrompt || attempt >= RACE_RETRIES) throw e;
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 100 * attempt));
      }
    }
  };
  // commander's own error output is off: report() prints usage errors like every other error.
  const program = buildProgram(runner, (p) => p.exitOverride().configureOutput({ outputError: () => {} }), commandWord(argv.slice(2)));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    code = report(e, argv.includes('--debug'), program, argv);
  }
  return code;
}

// A closed pipe (`imgplan show | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

void main(process.argv, process.env).then((code) => {
  process.exitCode = code;
});
