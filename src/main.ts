// The process edge: argv in, exit code out. The only module that reads process, the clock or the
// terminal, and the only one that decides how an error looks and which code it exits with.
import { CommanderError } from 'commander';
import { buildProgram, type GlobalFlags, type Runner } from './cli.js';
import type { Deps } from './commands/deps.js';
import { dateInZone, parseCalendarDate, type CalendarDate } from './domain/dates.js';
import { formatProblem, ImgplanError, InputError } from './domain/errors.js';
import { resolveHome } from './store/paths.js';

function pinnedToday(flags: GlobalFlags, env: NodeJS.ProcessEnv): CalendarDate | undefined {
  const [source, raw] = flags.today !== undefined ? ['--today', flags.today] : ['IMGPLAN_TODAY', env.IMGPLAN_TODAY || undefined];
  if (raw === undefined) return undefined;
  const date = parseCalendarDate(raw);
  if (date === null) throw new InputError('bad-today', `${source} must be a real calendar date written yyyy-MM-dd, not "${raw}"`);
  return date;
}

function colorWanted(flags: GlobalFlags, env: NodeJS.ProcessEnv): boolean {
  if (!flags.color || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY) && env.TERM !== 'dumb';
}

export function makeDeps(flags: GlobalFlags, env: NodeJS.ProcessEnv): Deps {
  const pinned = pinnedToday(flags, env);
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env,
    canPrompt: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    color: colorWanted(flags, env),
    columns: process.stdout.columns || Number(env.COLUMNS) || 100,
    rows: process.stdout.rows || Number(env.LINES) || 24,
    cwd: process.cwd(),
    home: resolveHome(flags.home, env),
    today: (timeZone) => pinned ?? dateInZone(new Date(), timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
  };
}

function report(e: unknown, debug: boolean): number {
  if (e instanceof ImgplanError) {
    const lines = [`imgplan: ${e.message}`, ...e.problems.map((p) => `  ${formatProblem(p)}`)];
    if (e.hint) lines.push(`hint: ${e.hint}`);
    process.stderr.write(`${lines.join('\n')}\n`);
    return e.exitCode;
  }
  if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'CancelledError' || e.name === 'AbortPromptError')) {
    process.stderr.write('\n');
    return 130;
  }
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`imgplan: internal error: ${message}\n${debug && e instanceof Error && e.stack ? `${e.stack}\n` : 'run again with --debug for details\n'}`);
  return 1;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let code = 0;
  const runner: Runner = async (flags, run) => {
    code = await run(makeDeps(flags, env));
  };
  const program = buildProgram(runner, (p) => p.exitOverride());
  try {
    await program.parseAsync(argv);
  } catch (e) {
    code = report(e, argv.includes('--debug'));
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
