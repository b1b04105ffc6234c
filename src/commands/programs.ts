// `imgplan programs import|list|rank`: the residency programs the person collected, kept in
// programs.yaml, and how each looks for the person they will be when applications go out.
// An import regenerates every plan in the same step, since the plan's program-list task reports
// the ranking and the ERAS fees it implies.
import path from 'node:path';
import { formatProblem, InputError } from '../domain/errors.js';
import type { Program } from '../domain/programs.js';
import { nextId } from '../domain/trackers.js';
import { referenceData } from '../reference/index.js';
import { plural } from '../render/outreach.js';
import { rankView, renderProgramsList, renderRank } from '../render/programs.js';
import { findSpecialty, programKey, readProgramsFile, type ImportResult } from '../store/program-import.js';
import { PROGRAMS, readPlanTrackers, readTracker, trackerChange } from '../store/trackers.js';
import { readText } from '../store/workspace.js';
import type { Deps } from './deps.js';
import { commitWithPlans, everyPlanJson, regenerateEveryPlan, type EveryPlan } from './every-plan.js';
import { printJson } from './planning.js';
import { loadPlan, openSession } from './session.js';
import { didYouMean } from './tracker-args.js';

export interface ProgramsImportOptions {
  dryRun?: boolean;
  json?: boolean;
}

export interface ProgramsRankOptions {
  specialty?: string;
  limit?: string;
  plan?: string;
  json?: boolean;
}

const names = (): ((id: string) => string) => {
  const byId = new Map(referenceData().specialties.specialties.map((s) => [s.id, s.name]));
  return (id) => byId.get(id) ?? id;
};

/** The import's rows laid over the programs already saved: a program named again is updated in place. */
function merge(saved: readonly Program[], result: ImportResult): { programs: Program[]; added: string[]; updated: string[]; unchanged: string[] } {
  const programs = [...saved];
  const out = { programs, added: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  for (const { program } of result.rows) {
    const at = programs.findIndex((p) => programKey(p) === programKey(program));
    if (at < 0) {
      const id = nextId('program', programs.map((p) => p.id));
      programs.push({ id, ...program });
      out.added.push(id);
      continue;
    }
    const old = programs[at]!;
    const next: Program = { id: old.id, ...program };
    const same = JSON.stringify(Object.entries(old).sort()) === JSON.stringify(Object.entries(next).sort());
    programs[at] = next;
    (same ? out.unchanged : out.updated).push(old.id);
  }
  return out;
}

export async function runProgramsImport(file: string, opts: ProgramsImportOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const read = await readText(path.resolve(deps.cwd, file));
  if (!read) throw new InputError('no-such-file', `${file} does not exist`, [], 'give the path of a .csv or .yaml file of programs, e.g. programs.csv');
  const result = readProgramsFile(file, read.text);
  if (result.rows.length === 0)
    throw new InputError(
      'no-programs-imported',
      result.problems.length ? `no program in ${file} could be imported` : `${file} lists no programs`,
      result.problems,
      result.problems.length
        ? 'fix the rows above and import the file again; nothing was changed'
        : 'add one row per program under the header (CSV) or one "- program: ..." item each (YAML); nothing was changed',
    );

  const loaded = await readTracker(session.ws, PROGRAMS);
  const merged = merge(loaded.value.programs, result);
  let every: EveryPlan = { results: [], skipped: [] };
  if (!opts.dryRun) {
    every = await regenerateEveryPlan(session, deps, { trackers: { ...(await readPlanTrackers(session.ws)), programs: merged.programs } });
    await commitWithPlans(session, deps, [trackerChange(PROGRAMS, loaded, { ...loaded.value, programs: merged.programs })], every, `programs import ${path.basename(file)}`);
  }

  // Rows left out are reported like errors, one line each, while the good rows are kept.
  if (result.problems.length)
    deps.err(
      [
        `imgplan: ${plural(result.skipped, 'row')} of ${file} ${result.skipped === 1 ? 'was' : 'were'} left out`,
        ...result.problems.map((p) => `  ${formatProblem(p)}`),
        'hint: fix them and import the file again; programs already imported are updated, not repeated',
        '',
      ].join('\n'),
    );
  if (opts.json) {
    printJson(deps, {
      file,
      dryRun: Boolean(opts.dryRun),
      added: merged.added,
      updated: merged.updated,
      unchanged: merged.unchanged,
      skipped: result.skipped,
      problems: result.problems,
      ignoredColumns: result.ignored,
      total: merged.programs.length,
      ...everyPlanJson(every),
    });
    return 0;
  }
  const counts = [`${merged.added.length} new`, `${merged.updated.length} updated`, ...(merged.unchanged.length ? [`${merged.unchanged.length} unchanged`] : [])].join(', ');
  const lines = [
    `${opts.dryRun ? 'Checked' : 'Imported'} ${plural(result.rows.length, 'program')} from ${file} (${counts})${opts.dryRun ? '; nothing was saved (--dry-run)' : `; programs.yaml now holds ${merged.programs.length}`}.`,
  ];
  if (result.ignored.length) lines.push(`Columns imgplan does not use were left out: ${result.ignored.join(', ')}.`);
  if (every.skipped.length) lines.push(`Not regenerated (applications have gone out): ${every.skipped.join(', ')}.`);
  if (!opts.dryRun) lines.push('See how they fit: imgplan programs rank');
  deps.out(`${lines.join('\n')}\n`);
  return 0;
}

export async function runProgramsList(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const programs = (await readTracker(session.ws, PROGRAMS)).value.programs;
  if (opts.json) printJson(deps, programs);
  else deps.out(`${renderProgramsList(programs, names(), { color: deps.color, width: deps.columns })}\n`);
  return 0;
}

/** --specialty: a specialty's id or its name, as the import takes them. */
function specialtyArg(raw: string): string {
  const found = findSpecialty(raw);
  if (found) return found;
  const ids = referenceData().specialties.specialties.map((s) => s.id);
  throw new InputError('unknown-specialty', `--specialty must be a specialty id or name such as internal-medicine, not "${raw}"`, [], didYouMean(raw, ids, `specialties: ${ids.join(', ')}`));
}

function limitArg(raw: string): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 1000)) throw new InputError('bad-limit', `--limit must be a whole number from 1 to 1000, not "${raw}"`, [], 'e.g. --limit 10 shows the first 10 programs of each group');
  return n;
}

export async function runProgramsRank(opts: ProgramsRankOptions, deps: Deps): Promise<number> {
  const specialty = opts.specialty === undefined ? undefined : specialtyArg(opts.specialty);
  const limit = opts.limit === undefined ? undefined : limitArg(opts.limit);
  const session = await openSession(deps);
  const plan = (await loadPlan(session, opts.plan)).value;
  const programs = (await readTracker(session.ws, PROGRAMS)).value.programs;
  const view = rankView({
    programs,
    plan,
    profile: session.profile.value,
    today: deps.today(session.profile.value.timezone),
    data: referenceData(),
    ...(specialty !== undefined ? { specialty } : {}),
    ...(limit !== undefined ? { limit } : {}),
  });
  if (opts.json) printJson(deps, view);
  else deps.out(`${renderRank(view, names(), { color: deps.color, width: deps.columns, ...(limit !== undefined ? { limit } : {}) })}\n`);
  return 0;
}
