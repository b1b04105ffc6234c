// The command line: every command, its flags and examples. Actions load their command module
// only when run, so a command never pays for another's code.
import { Command, Option } from 'commander';
import type { Deps } from './commands/deps.js';

/** Flags every command takes, resolved by main.ts into Deps. */
export interface GlobalFlags {
  home?: string;
  today?: string;
  color: boolean;
  debug?: boolean;
}

export type Runner = (flags: GlobalFlags, run: (deps: Deps) => Promise<number>) => Promise<void>;

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

/**
 * Builds the program. `configure` runs before any subcommand is added, because commander copies
 * exit and output settings into subcommands when they are created.
 */
export function buildProgram(runner: Runner, configure: (program: Command) => void = () => {}): Command {
  const program = new Command('imgplan');
  configure(program);
  program
    .description('Plan your road to the U.S. residency Match as an International Medical Graduate: exams, rotations, letters, ERAS and NRMP, dated back from your target Match year.')
    .version(IMGPLAN_VERSION, '-V, --version')
    .addOption(new Option('--home <dir>', 'workspace folder (default: $IMGPLAN_HOME, else your data folder)'))
    .addOption(new Option('--today <yyyy-mm-dd>', 'plan as if today were this date (default: $IMGPLAN_TODAY, else the clock)'))
    .option('--no-color', 'plain text without colour (NO_COLOR is honoured too)')
    .addOption(new Option('--debug', 'show internal details of unexpected errors').hideHelp())
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      examples(['imgplan demo', 'imgplan init', 'imgplan init --profile data/examples/profile.yaml', 'imgplan show', 'imgplan show --json']) +
        '\nExit codes: 0 done, 1 failure, 2 usage or input error, 130 cancelled.\n',
    );

  const flags = (cmd: Command): GlobalFlags => cmd.optsWithGlobals<GlobalFlags>();

  program
    .command('init')
    .description('answer the profile questions (or give a profile file), then make and save your first plan')
    .option('--profile <file>', 'read the answers from a profile YAML file instead of asking')
    .option('--force', 'replace an existing workspace (the old files are kept as backups)')
    .option('--json', 'print the saved plan as JSON')
    .addHelpText('after', examples(['imgplan init', 'imgplan init --profile my-profile.yaml', 'imgplan init --profile my-profile.yaml --home ~/imgplan-test --force']))
    .action(async (opts: { profile?: string; force?: boolean; json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/init.js')).runInit(opts, deps)),
    );

  program
    .command('show')
    .description('show a saved plan month by month, warnings first')
    .argument('[plan]', 'plan name (default: the only plan, or match-<target year>)')
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', examples(['imgplan show', 'imgplan show match-2028', 'imgplan show --json > plan.json']))
    .action(async (plan: string | undefined, opts: { json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/show.js')).runShow({ ...opts, ...(plan !== undefined ? { plan } : {}) }, deps)),
    );

  program
    .command('demo')
    .description('print the plan for a shipped example profile, without saving anything')
    .option('--example <name>', 'which example: default or us-citizen-student', 'default')
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', examples(['imgplan demo', 'imgplan demo --example us-citizen-student', 'imgplan demo --today 2027-01-15 --json']))
    .action(async (opts: { example?: string; json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/demo.js')).runDemo(opts, deps)),
    );

  return program;
}
