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

/** The global options that take a value, as typed before the command: `--home <dir>`, `--today <date>`. */
const GLOBAL_VALUES = new Set(['--home', '--today']);

/**
 * The command an argument list names (its first word that is not a global option), whatever it
 * is: buildProgram then adds only that command when it has one of that name.
 */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    // `imgplan -h status` asks for the program's help, which lists every command.
    if (arg === '-h' || arg === '--help') return undefined;
    if (!arg.startsWith('-')) return arg;
    if (GLOBAL_VALUES.has(arg)) i++;
  }
  return undefined;
}

/**
 * Builds the program: every command, or only the one named `only` when there is one of that name
 * or alias (building the other 20 costs each start a few milliseconds; help, suggestions for
 * unknown commands and the rest get them all). `configure` runs before any subcommand is added,
 * because commander copies exit and output settings into subcommands when they are created.
 */
export function buildProgram(runner: Runner, configure: (program: Command) => void = () => {}, only?: string): Command {
  const program = new Command('imgplan');
  configure(program);
  const commands: { names: readonly string[]; add: () => void }[] = [];
  const define = (names: readonly string[], add: () => void) => void commands.push({ names, add });
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

  define(['init'], () => {
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
  });

  define(['show'], () => {
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
  });

  define(['demo'], () => {
    program
      .command('demo')
      .description('print the plan for a shipped example profile, without saving anything')
      .option('--example <name>', 'which example: default or us-citizen-student', 'default')
      .option('--json', 'print the plan as JSON')
      .addHelpText('after', examples(['imgplan demo', 'imgplan demo --example us-citizen-student', 'imgplan demo --today 2027-01-15 --json']))
      .action(async (opts: { example?: string; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/demo.js')).runDemo(opts, deps)),
      );
  });

  define(['export'], () => {
    program
      .command('export')
      .description('write a plan as Markdown (with a Gantt chart), iCalendar, JSON or a self-contained HTML page')
      .argument('[plan]', 'plan name (default: the only plan, or match-<target year>)')
      .requiredOption('--format <format>', 'md, ics, json or html')
      .option('--out <file>', 'write to this file instead of standard output')
      .option('--force', 'replace the --out file if it exists')
      .option('--show <facts>', 'profile facts a Markdown export may show: name, school, specialties, visa, exams; and programs, budget (any format)', 'specialties')
      .addHelpText(
        'after',
        examples(['imgplan export --format md > plan.md', 'imgplan export --format ics --out ~/match.ics', 'imgplan export --format html --out plan.html --force', 'imgplan export --format md --show name,specialties,exams']),
      )
      .action(async (plan: string | undefined, opts: { format: string; out?: string; force?: boolean; show?: string }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/export.js')).runExport({ ...opts, ...(plan !== undefined ? { plan } : {}) }, deps)),
      );
  });

  define(['status', 'next'], () => {
    program
      .command('status')
      .alias('next')
      .description("today's view: what is overdue, what is due in the next 14 days, countdowns, progress and warnings")
      .option('--plan <name>', 'which plan (default: the only plan, or match-<target year>)')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan status', 'imgplan next --plan match-2029', 'imgplan status --json']))
      .action(async (opts: { plan?: string; json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/status.js')).runStatus(opts, deps)));
  });

  define(['regenerate'], () => {
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
  });

  const planOption = (c: Command) => c.option('--plan <name>', 'which plan (default: the only plan, or match-<target year>)').option('--json', 'print the task as JSON');
  for (const [verb, status, what] of [
    ['done', 'done', 'mark a task done'],
    ['skip', 'skipped', 'mark a task skipped (it stays in the plan, struck out)'],
    ['reopen', 'todo', 'make a done or skipped task to-do again'],
  ] as const)
    define([verb], () => {
      planOption(program.command(verb).description(what).argument('<id>', 'task id, as shown by imgplan show'))
        .addHelpText('after', examples([`imgplan ${verb} outreach-rotation-1`]))
        .action(async (id: string, opts: { plan?: string; json?: boolean }, cmd: Command) =>
          runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runSetStatus(id, status, opts, deps)),
        );
    });

  define(['move'], () => {
    planOption(program.command('move').description('move a task to a new date and pin it there; the plan is re-planned around it'))
      .argument('<id>', 'task id')
      .argument('<date>', 'new first day, yyyy-mm-dd')
      .option('--end <date>', 'new last day (default: keeps the task\'s length)')
      .addHelpText('after', examples(['imgplan move rotation-1 2027-05-10', 'imgplan move exam-step2ck 2027-05-03']))
      .action(async (id: string, date: string, opts: { plan?: string; json?: boolean; end?: string }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runMove(id, date, opts, deps)),
      );
  });

  define(['add'], () => {
    planOption(program.command('add').description('add a task of your own'))
      .argument('<title>', 'what to do')
      .requiredOption('--date <date>', 'first day, yyyy-mm-dd')
      .option('--end <date>', 'last day (default: the same day)')
      .addHelpText('after', examples(['imgplan add "Call Dr. Lee about the IM elective" --date 2027-01-12', 'imgplan add "Visa interview" --date 2027-02-03 --end 2027-02-04']))
      .action(async (title: string, opts: { plan?: string; json?: boolean; date: string; end?: string }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runAdd(title, opts, deps)),
      );
  });

  define(['note'], () => {
    planOption(program.command('note').description('attach a note to a task (an empty note removes it)'))
      .argument('<id>', 'task id')
      .argument('<text>', 'the note')
      .addHelpText('after', examples(['imgplan note outreach-rotation-1 "Wrote to 12 programs; 2 replies"']))
      .action(async (id: string, text: string, opts: { plan?: string; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/task-edits.js')).runNote(id, text, opts, deps)),
      );
  });

  define(['exam'], () => {
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
  });

  define(['plan'], () => {
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
  });

  define(['letters'], () => {
    const letters = program.command('letters').description('letters of recommendation: track each from request to upload, and draft the request email');
    letters
      .command('add')
      .description('track a letter: who writes it, the rotation it comes from, how far it has got')
      .requiredOption('--writer <name>', 'who writes it, e.g. "Sarah Chen"')
      .option('--title <title>', 'how to address them in the email, e.g. Dr. or Prof.')
      .option('--institution <name>', 'where they work (default: the confirmed host of --rotation)')
      .option('--rotation <id>', "the plan's rotation it comes from, e.g. rotation-1")
      .option('--specialty <id>', "the writer's specialty id, e.g. internal-medicine (default: the rotation's)")
      .option('--specialty-specific', 'it is a specialty-specific letter')
      .option('--stage <stage>', 'planned, requested, materials-sent, received or uploaded', 'planned')
      .option('--date <date>', 'the day it reached that stage, yyyy-mm-dd (needed unless planned)')
      .option('--note <text>', 'a note of your own')
      .option('--json', 'print the letter as JSON')
      .addHelpText(
        'after',
        examples(['imgplan letters add --writer "Sarah Chen" --title Dr. --rotation rotation-1', 'imgplan letters add --writer "Dr. Tunde Bello" --rotation rotation-2 --stage requested --date 2027-06-18']),
      )
      .action(
        async (
          opts: { writer: string; title?: string; institution?: string; rotation?: string; specialty?: string; specialtySpecific?: boolean; stage?: string; date?: string; note?: string; json?: boolean },
          cmd: Command,
        ) => runner(flags(cmd), async (deps) => (await import('./commands/letters.js')).runLettersAdd(opts, deps)),
      );
    letters
      .command('list')
      .description('your letters, how many are secured against how many you want, and the ERAS limit per program')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan letters list', 'imgplan letters list --json']))
      .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/letters.js')).runLettersList(opts, deps)));
    letters
      .command('update')
      .description("move a letter to a later stage (recording the day) or change its details; the plan's letter tasks follow")
      .argument('<id>', 'letter id, as shown by imgplan letters list')
      .option('--stage <stage>', 'planned, requested, materials-sent, received or uploaded')
      .option('--date <date>', 'the day it reached the stage, yyyy-mm-dd (default: today)')
      .option('--writer <name>', 'who writes it')
      .option('--title <title>', 'how to address them (empty removes it)')
      .option('--institution <name>', 'where they work (empty removes it)')
      .option('--rotation <id>', "the plan's rotation it comes from")
      .option('--note <text>', 'a note of your own (empty removes it)')
      .option('--force', 'allow moving it back to an earlier stage')
      .option('--json', 'print the letter as JSON')
      .addHelpText('after', examples(['imgplan letters update letter-1 --stage requested', 'imgplan letters update letter-1 --stage uploaded --date 2027-07-02']))
      .action(
        async (
          id: string,
          opts: { stage?: string; date?: string; writer?: string; title?: string; institution?: string; rotation?: string; note?: string; force?: boolean; json?: boolean },
          cmd: Command,
        ) => runner(flags(cmd), async (deps) => (await import('./commands/letters.js')).runLettersUpdate(id, opts, deps)),
      );
    letters
      .command('show')
      .description('one letter: its details, stage dates and plan tasks')
      .argument('<id>', 'letter id')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan letters show letter-1']))
      .action(async (id: string, opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/letters.js')).runLettersShow(id, opts, deps)));
    letters
      .command('draft')
      .description('draft the request email: the rotation, your goals, the cases from your clinical log, the deadline and what to attach')
      .argument('<id>', 'letter id')
      .option('--out <file>', 'write to this file instead of standard output')
      .option('--force', 'replace the --out file if it exists')
      .addHelpText('after', examples(['imgplan letters draft letter-1', 'imgplan letters draft letter-1 --out ~/letter-request.txt']))
      .action(async (id: string, opts: { out?: string; force?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/letters.js')).runLettersDraft(id, opts, deps)),
      );
  });

  define(['outreach'], () => {
    const outreach = program.command('outreach').description('the institutions you write to for rotations: follow-ups, replies, confirmed dates and your funnel');
    outreach
      .command('add')
      .description('track a message to a host; a sent one gets a follow-up task 14 days later in every plan')
      .argument('<institution>', 'hospital, clinic or practice, in quotes when it has spaces')
      .option('--contact <name>', 'who you wrote to, e.g. "Dr. Ada Lee" or "IMG coordinator"')
      .option('--channel <channel>', 'email, phone, portal, in-person, referral or other', 'email')
      .option('--status <status>', 'drafted, sent, follow-up-due, replied, offered or declined', 'sent')
      .option('--date <date>', 'the day it was sent (or answered, for replied and later), yyyy-mm-dd (default: today)')
      .option('--specialty <id>', 'the specialty, e.g. internal-medicine')
      .option('--fee <usd>', 'the fee it charges, in U.S. dollars')
      .option('--note <text>', 'a note of your own')
      .option('--json', 'print the contact and the plan changes as JSON')
      .addHelpText('after', examples(['imgplan outreach add "St. Mary\'s Hospital" --contact "Dr. Ada Lee"', 'imgplan outreach add "Lakeside Clinic" --status drafted', 'imgplan outreach add "Global Rotations Inc" --channel portal --fee 2500 --date 2026-11-20']))
      .action(async (institution: string, opts: { contact?: string; channel?: string; status?: string; date?: string; specialty?: string; fee?: string; note?: string; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/outreach.js')).runOutreachAdd({ ...opts, institution }, deps)),
      );
    outreach
      .command('update')
      .description('record a reply, an offer or a confirmed rotation; a confirmed one puts its rotation at the real dates in every plan')
      .argument('<id>', 'outreach id, as shown by imgplan outreach list')
      .option('--status <status>', 'drafted, sent, follow-up-due, replied, offered, declined or confirmed')
      .option('--date <date>', 'the day it was sent or answered, yyyy-mm-dd (default: today)')
      .option('--rotation <id>', "the plan's rotation a confirmed offer fills (default: the first one not yet confirmed)")
      .option('--start <date>', 'first day of the confirmed rotation, yyyy-mm-dd')
      .option('--end <date>', 'last day of the confirmed rotation, yyyy-mm-dd')
      .option('--contact <name>', 'who you deal with (empty removes it)')
      .option('--fee <usd>', 'the fee it charges, in U.S. dollars')
      .option('--note <text>', 'a note of your own (empty removes it)')
      .option('--force', 'allow a confirmed rotation that started before today')
      .option('--json', 'print the contact and the plan changes as JSON')
      .addHelpText('after', examples(['imgplan outreach update outreach-1 --status replied', 'imgplan outreach update outreach-1 --status confirmed --start 2027-03-01 --end 2027-03-19 --rotation rotation-2']))
      .action(
        async (
          id: string,
          opts: { status?: string; date?: string; rotation?: string; start?: string; end?: string; contact?: string; fee?: string; note?: string; force?: boolean; json?: boolean },
          cmd: Command,
        ) => runner(flags(cmd), async (deps) => (await import('./commands/outreach.js')).runOutreachUpdate(id, opts, deps)),
      );
    outreach
      .command('list')
      .description('your contacts, the funnel from sent to confirmed, and how many more messages would fill the rotations left')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan outreach list', 'imgplan outreach list --json']))
      .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/outreach.js')).runOutreachList(opts, deps)));
  });

  define(['vet'], () => {
    program
      .command('vet')
      .description("check a paid or unfamiliar placement against the guide's red flags and your visa; with an id, save the verdict on that contact")
      .argument('[outreach-id]', 'the outreach contact to save the verdict on (default: check only, save nothing)')
      .option('--run-by <who>', 'hospital (or university), practice (private practice) or company (placement company)')
      .option('--hands-on <yes|no>', 'it offers hands-on patient care, not only observation')
      .option('--supervised <yes|no|unknown>', 'licensed U.S. physicians supervise it')
      .option('--fee <usd>', 'the fee in U.S. dollars, 0 if free (default: the fee on the contact)')
      .option('--covers <list>', 'what the fee covers: malpractice, emr, admin, comma-separated, or none')
      .option('--reviews <yes|no>', 'you found good reviews or testimonials from earlier IMGs')
      .option('--promises-residency <yes|no>', 'it promises or guarantees a residency position')
      .option('--json', 'print the verdict, reasons and answers as JSON')
      .addHelpText(
        'after',
        examples([
          'imgplan vet outreach-3',
          'imgplan vet outreach-3 --run-by company --hands-on yes --supervised unknown --fee 2500 --covers emr,admin --reviews no --promises-residency yes',
        ]) + '\nIn a terminal it asks what the flags do not say; elsewhere every answer must be a flag.\n',
      )
      .action(
        async (
          id: string | undefined,
          opts: { runBy?: string; handsOn?: string; supervised?: string; fee?: string; covers?: string; reviews?: string; promisesResidency?: string; json?: boolean },
          cmd: Command,
        ) => runner(flags(cmd), async (deps) => (await import('./commands/vet.js')).runVet(id, opts, deps)),
      );
  });

  define(['log'], () => {
    const log = program.command('log').description('the clinical log: cases, procedures, teaching and de-identified stories, checked for patient data before saving');
    log
      .command('add')
      .description('log a case: from a YAML file, from flags (no story), or by answering questions with the story written in $EDITOR')
      .option('--from <file>', "a YAML file with the entry's fields, the story included")
      .option('--date <date>', 'the day of the case, yyyy-mm-dd (default: today)')
      .option('--rotation <id>', "the plan's rotation, e.g. rotation-1 (leave out for experience outside the plan)")
      .option('--setting <setting>', 'inpatient, outpatient, emergency, icu, operating-room, community, telehealth or other')
      .option('--case <type>', 'the type of case, e.g. "CHF exacerbation" (no names or dates)')
      .option('--procedure <role:name>', 'a procedure you observed or assisted, e.g. observed:lumbar-puncture (repeatable)', (v: string, all: string[] = []) => [...all, v])
      .option('--teaching <session>', 'a teaching session or conference, e.g. "Grand rounds" (repeatable)', (v: string, all: string[] = []) => [...all, v])
      .option('--not-phi', 'save even though the PHI check flagged something: you confirm it is not patient data')
      .option('--json', 'print the saved entry as JSON (without its story)')
      .addHelpText(
        'after',
        examples(['imgplan log add', 'imgplan log add --from entry.yaml', 'imgplan log add --case "CHF exacerbation" --rotation rotation-1 --setting inpatient --procedure observed:paracentesis --teaching "Grand rounds"']) +
          '\nA story is never taken from the command line, where it would stay in your shell history: write it in the file or in $EDITOR.\n',
      )
      .action(async (opts: { from?: string; date?: string; rotation?: string; setting?: string; case?: string; procedure?: string[]; teaching?: string[]; notPhi?: boolean; json?: boolean }, cmd: Command) => {
        const { case: caseType, ...rest } = opts;
        return runner(flags(cmd), async (deps) => (await import('./commands/log.js')).runLogAdd({ ...rest, ...(caseType !== undefined ? { caseType } : {}) }, deps));
      });
    log
      .command('list')
      .description('the entries: date, rotation, case type and counts (never the stories)')
      .option('--json', 'print them as JSON')
      .addHelpText('after', examples(['imgplan log list']))
      .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/log.js')).runLogList(opts, deps)));
    log
      .command('summary')
      .description('counts by case type, procedure and role, rotation, setting, teaching and month, and your weeks of U.S. clinical experience')
      .option('--rotation <id>', 'count only the entries of this rotation')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan log summary', 'imgplan log summary --rotation rotation-1']))
      .action(async (opts: { rotation?: string; json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/log.js')).runLogSummary(opts, deps)));
    log
      .command('eras')
      .description('drafts of your MyERAS Experiences (10 of 750 characters) and "most meaningful" candidates (3 of 300), built from the log\'s structure')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan log eras', 'imgplan log eras --json > eras-drafts.json']))
      .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/log.js')).runLogEras(opts, deps)));
  });

  define(['programs'], () => {
    const programs = program.command('programs').description('the residency programs you collected: import them, then see which fit you as you will be when applications go out');
    programs
      .command('import')
      .description('add or update programs from a CSV or YAML file; rows with problems are reported by line and left out, the rest kept')
      .argument('<file>', 'a .csv (header row: program, specialty, state, visa, imgShare, minStep2ck, maxYearsSinceGraduation, usceRequired, service, notes) or .yaml file')
      .option('--dry-run', 'check the file and report, save nothing')
      .option('--json', 'print what was imported as JSON')
      .addHelpText('after', examples(['imgplan programs import ~/Documents/programs.csv', 'imgplan programs import programs.yaml --dry-run']) + '\nCollect the figures from FREIDA, Residency Explorer, the NRMP Program Directory and program websites.\n')
      .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/programs.js')).runProgramsImport(file, opts, deps)),
      );
    programs
      .command('list')
      .description('the programs in programs.yaml, as imported')
      .option('--json', 'print them as JSON')
      .addHelpText('after', examples(['imgplan programs list']))
      .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/programs.js')).runProgramsList(opts, deps)));
    programs
      .command('rank')
      .description('each program checked against you on the application date: out of reach (and why), else reach, target or safer, with the reasons; and signal advice')
      .option('--specialty <id>', 'rank this specialty only (default: your target specialties)')
      .option('--limit <n>', 'show at most this many programs in each group')
      .option('--plan <name>', 'which plan sets the application date and what you will have done by then')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan programs rank', 'imgplan programs rank --specialty family-medicine --limit 10', 'imgplan programs rank --json']))
      .action(async (opts: { specialty?: string; limit?: string; plan?: string; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/programs.js')).runProgramsRank(opts, deps)),
      );
  });

  define(['budget'], () => {
    const budget = program.command('budget').description("what the whole journey costs, line by line, against your budget, and what you spent");
    budget
      .command('show', { isDefault: true })
      .description('every cost line with its figure and source, what you spent, and the totals against preferences.budgetUsd')
      .option('--plan <name>', 'which plan (default: the only plan, or match-<target year>)')
      .option('--json', 'print the same data as JSON')
      .addHelpText('after', examples(['imgplan budget', 'imgplan budget show --json']))
      .action(async (opts: { plan?: string; json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/budget.js')).runBudgetShow(opts, deps)));
    budget
      .command('spend')
      .description('record money spent against a budget line (other: against none)')
      .argument('<line>', 'the line id, as imgplan budget shows it, e.g. eras-token')
      .argument('<amount>', 'U.S. dollars, e.g. 165')
      .option('--date <date>', 'the day you paid, yyyy-mm-dd (default: today)')
      .option('--note <text>', 'a note of your own')
      .option('--plan <name>', 'which plan the lines come from')
      .option('--json', 'print the spending and the line as JSON')
      .addHelpText('after', examples(['imgplan budget spend eras-token 165 --date 2027-06-10', 'imgplan budget spend other 40 --note "passport photos"']))
      .action(async (line: string, amount: string, opts: { date?: string; note?: string; plan?: string; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/budget.js')).runBudgetSpend(line, amount, opts, deps)),
      );
    budget
      .command('set')
      .description("plan your own figure for a line, over imgplan's (or where imgplan has none)")
      .argument('<line>', 'the line id, as imgplan budget shows it, e.g. interview-travel')
      .argument('<amount>', 'U.S. dollars, e.g. 1500')
      .option('--plan <name>', 'which plan the lines come from')
      .option('--json', 'print the line as JSON')
      .addHelpText('after', examples(['imgplan budget set usmle-step2ck 1000', 'imgplan budget set interview-travel 1500']))
      .action(async (line: string, amount: string, opts: { plan?: string; json?: boolean }, cmd: Command) =>
        runner(flags(cmd), async (deps) => (await import('./commands/budget.js')).runBudgetSet(line, amount, opts, deps)),
      );
  });

  define(['history'], () => {
    program
      .command('history')
      .description('list the changes imgplan made to your workspace, newest first')
      .option('--json', 'print them as JSON')
      .addHelpText('after', examples(['imgplan history']))
      .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/history.js')).runHistory(opts, deps)));
  });

  define(['undo'], () => {
    program
      .command('undo')
      .description('reverse the newest change exactly (see imgplan history)')
      .option('--json', 'print what was undone as JSON')
      .addHelpText('after', examples(['imgplan undo']))
      .action(async (opts: { json?: boolean }, cmd: Command) => runner(flags(cmd), async (deps) => (await import('./commands/history.js')).runUndo(opts, deps)));
  });

  const named = commands.filter((c) => only !== undefined && c.names.includes(only));
  for (const c of named.length ? named : commands) c.add();
  return program;
}
