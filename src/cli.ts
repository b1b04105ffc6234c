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
    .option('--force', 'replace an existing workspace (imgplan undo brings the old files back)')
    .option('--json', 'print the saved plan as JSON')
    .addHelpText('after', examples(['imgplan init', 'imgplan init --profile my-profile.yaml', 'imgplan init --profile my-profile.yaml --home ~/imgplan-test --force']))
    .action(async (opts: { profile?: string; force?: boolean; json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/init.js')).runInit(opts, deps)),
    );

  program
    .command('show')
    .description('show a saved plan month by month, warnings first')
    .argument('[plan]', 'plan name (default: the only plan, or match-<target year>)')
    .option('--gantt', 'draw the plan as a Gantt chart fitted to the terminal')
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', examples(['imgplan show', 'imgplan show match-2028', 'imgplan show --gantt', 'imgplan show --json > plan.json']))
    .action(async (plan: string | undefined, opts: { json?: boolean; gantt?: boolean }, cmd: Command) =>
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

  program
    .command('export')
    .description('write a plan as Markdown (with a Gantt chart), iCalendar, JSON or a self-contained HTML page')
    .argument('[plan]', 'plan name (default: the only plan, or match-<target year>)')
    .requiredOption('--format <format>', 'md, ics, json or html')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--force', 'replace the --out file if it exists')
    .option('--show <facts>', 'profile facts a Markdown export may show: name, school, specialties, visa, exams', 'specialties')
    .addHelpText(
      'after',
      examples(['imgplan export --format md > plan.md', 'imgplan export --format ics --out ~/match.ics', 'imgplan export --format html --out plan.html --force', 'imgplan export --format md --show name,specialties,exams']),
    )
    .action(async (plan: string | undefined, opts: { format: string; out?: string; force?: boolean; show?: string }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/export.js')).runExport({ ...opts, ...(plan !== undefined ? { plan } : {}) }, deps)),
    );

  program
    .command('status')
    .alias('next')
    .description("today's view: what is overdue, what is due in the next 14 days, countdowns, progress and warnings")
    .option('--plan <name>', 'which plan (default: the only plan, or match-<target year>)')
    .option('--json', 'print the same data as JSON')
    .addHelpText('after', examples(['imgplan status', 'imgplan next --plan match-2029', 'imgplan status --json']))
    .action(async (opts: { plan?: string; json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/status.js')).runStatus(opts, deps)));

  program
    .command('regenerate')
    .description('recompute a plan after your profile changed, keeping everything you did and edited')
    .argument('[plan]', 'plan name (default: the only plan, or match-<target year>)')
    .option('--dry-run', 'show what would change, write nothing')
    .option('--json', 'print the changes as JSON')
    .addHelpText('after', examples(['imgplan regenerate', 'imgplan regenerate match-2029 --dry-run']))
    .action(async (plan: string | undefined, opts: { dryRun?: boolean; json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/regenerate.js')).runRegenerate({ ...opts, ...(plan !== undefined ? { plan } : {}) }, deps)),
    );

  const planOption = (c: Command) => c.option('--plan <name>', 'which plan (default: the only plan, or match-<target year>)').option('--json', 'print the task as JSON');
  for (const [verb, status, what] of [
    ['done', 'done', 'mark a task done'],
    ['skip', 'skipped', 'mark a task skipped (it stays in the plan, struck out)'],
    ['reopen', 'todo', 'make a done or skipped task to-do again'],
  ] as const)
    planOption(program.command(verb).description(what).argument('<id>', 'task id, as shown by imgplan show'))
      .addHelpText('after', examples([`imgplan ${verb} outreach-rotation-1`]))
      .action(async (id: string, opts: { plan?: string; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runSetStatus(id, status, opts, deps)),
      );

  planOption(program.command('move').description('move a task to a new date and pin it there; the plan is re-planned around it'))
    .argument('<id>', 'task id')
    .argument('<date>', 'new first day, yyyy-mm-dd')
    .option('--end <date>', 'new last day (default: keeps the task\'s length)')
    .addHelpText('after', examples(['imgplan move rotation-1 2027-05-10', 'imgplan move exam-step2ck 2027-05-03']))
    .action(async (id: string, date: string, opts: { plan?: string; json?: boolean; end?: string }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runMove(id, date, opts, deps)),
    );

  planOption(program.command('add').description('add a task of your own'))
    .argument('<title>', 'what to do')
    .requiredOption('--date <date>', 'first day, yyyy-mm-dd')
    .option('--end <date>', 'last day (default: the same day)')
    .addHelpText('after', examples(['imgplan add "Call Dr. Lee about the IM elective" --date 2027-01-12', 'imgplan add "Visa interview" --date 2027-02-03 --end 2027-02-04']))
    .action(async (title: string, opts: { plan?: string; json?: boolean; date: string; end?: string }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runAdd(title, opts, deps)),
    );

  planOption(program.command('note').description('attach a note to a task (an empty note removes it)'))
    .argument('<id>', 'task id')
    .argument('<text>', 'the note')
    .addHelpText('after', examples(['imgplan note outreach-rotation-1 "Wrote to 12 programs; 2 replies"']))
    .action(async (id: string, text: string, opts: { plan?: string; json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runNote(id, text, opts, deps)),
    );

  program
    .command('exam')
    .description('record an exam result or booking in your profile, then regenerate every plan')
    .argument('<exam>', 'step1, step2ck, oet or step3')
    .requiredOption('--result <result>', 'passed, failed or scheduled')
    .requiredOption('--date <date>', 'the sitting date, yyyy-mm-dd')
    .option('--score <n>', 'the score, if any')
    .option('--json', 'print the changes as JSON')
    .addHelpText('after', examples(['imgplan exam step2ck --result passed --date 2027-04-20 --score 248', 'imgplan exam oet --result scheduled --date 2027-02-10', 'imgplan exam step1 --result failed --date 2027-01-15']))
    .action(async (exam: string, opts: { result: string; date: string; score?: string; json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/exam.js')).runExam(exam, opts, deps)),
    );

  const plan = program.command('plan').description('what-if plans: other Match years, rotation lengths or counts, side by side');
  plan
    .command('new')
    .description('make another plan from your profile, with its own Match year or rotation settings')
    .argument('<name>', 'plan name: lowercase letters, digits and dashes')
    .option('--match-year <year>', 'the Match year to plan for (default: your target)')
    .option('--weeks <n>', 'weeks per rotation (default: your preference, else 4)')
    .option('--externships <n>', 'number of rotations (default: as many as your letters need)')
    .option('--force', 'replace a plan of that name (imgplan undo brings it back)')
    .option('--json', 'print the new plan as JSON')
    .addHelpText('after', examples(['imgplan plan new match-2029 --match-year 2029', 'imgplan plan new long-rotations --weeks 8 --externships 2']))
    .action(async (name: string, opts: { matchYear?: string; weeks?: string; externships?: string; force?: boolean; json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/plans.js')).runPlanNew(name, opts, deps)),
    );
  plan
    .command('list')
    .description('list the plans in the workspace')
    .option('--json', 'print them as JSON')
    .addHelpText('after', examples(['imgplan plan list']))
    .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/plans.js')).runPlanList(opts, deps)));
  plan
    .command('compare')
    .description('two plans side by side: key dates, rotations, letters by the review date, exams, warnings')
    .argument('<a>', 'first plan')
    .argument('<b>', 'second plan')
    .option('--json', 'print the comparison as JSON')
    .addHelpText('after', examples(['imgplan plan compare match-2028 match-2029']))
    .action(async (a: string, b: string, opts: { json?: boolean }, cmd: Command) =>
      runner(flags(cmd), async (deps) => (await import('./commands/plans.js')).runPlanCompare(a, b, opts, deps)),
    );

  program
    .command('history')
    .description('list the changes imgplan made to your workspace, newest first')
    .option('--json', 'print them as JSON')
    .addHelpText('after', examples(['imgplan history']))
    .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/history.js')).runHistory(opts, deps)));

  program
    .command('undo')
    .description('reverse the newest change exactly (see imgplan history)')
    .option('--json', 'print what was undone as JSON')
    .addHelpText('after', examples(['imgplan undo']))
    .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/history.js')).runUndo(opts, deps)));

  return program;
}
