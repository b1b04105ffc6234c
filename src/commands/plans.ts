// `imgplan plan new|list|compare`: what-if plans kept beside the one in use (another Match year,
// other rotation settings), so the person can weigh them before changing course.
import { commitAndRemember } from '../store/remember.js';
import { plainDate, type CalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { Plan } from '../domain/plan.js';
import { slug } from '../domain/schema-kit.js';
import { defaultPlanName, firstOpenMatchYear, type PlanOverrides } from '../engine/index.js';
import { referenceData } from '../reference/index.js';
import { compareData, renderCompare, rotationFacts } from '../render/compare.js';
import { createPalette } from '../render/palette.js';
import { renderSummary } from '../render/summary.js';
import { effectiveWidth, wrapText, wrapWords } from '../render/text.js';
import { baseFile, currentHash, listPlans, planChanges, planFile, readPlan } from '../store/workspace.js';
import type { Deps } from './deps.js';
import { planForProfile, printJson } from './planning.js';
import { loadPlan, openSession } from './session.js';
import { readPlanTrackers } from '../store/trackers.js';

const MAX_NAME = 40;
/** As the plan and profile schemas allow. */
const MAX_EXTERNSHIPS = 8;

export interface PlanNewOptions {
  matchYear?: string;
  weeks?: string;
  externships?: string;
  force?: boolean;
  json?: boolean;
}

function wholeNumber(flag: string, raw: string, min: number, max: number, what = 'a whole number'): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw new InputError(`bad-${flag.slice(2)}`, `${flag} must be ${what} from ${min} to ${max}, not "${raw}"`, [], `e.g. ${flag} ${max}`);
  return n;
}

export async function runPlanNew(name: string, opts: PlanNewOptions, deps: Deps): Promise<number> {
  if (name.length > MAX_NAME || !slug.safeParse(name).success)
    throw new InputError('bad-plan-name', `NAME must be 1 to ${MAX_NAME} lowercase letters, digits and single dashes, not "${name}"`, [], 'e.g. imgplan plan new match-2029-long');
  const data = referenceData();
  const { from, to } = data.calendar.plannableYears;
  const matchYear = opts.matchYear === undefined ? undefined : wholeNumber('--match-year', opts.matchYear, from, to, 'a Match year');
  const { min, max } = data.rules.rotations.weeksRange;
  const weeks = opts.weeks === undefined ? undefined : wholeNumber('--weeks', opts.weeks, min, max);
  const externships = opts.externships === undefined ? undefined : wholeNumber('--externships', opts.externships, 0, MAX_EXTERNSHIPS);

  const session = await openSession(deps);
  const { ws } = session;
  // Checked here rather than left to the engine, whose error points at the profile's targetMatchYear.
  if (matchYear !== undefined) {
    const open = firstOpenMatchYear(data, deps.today(session.profile.value.timezone));
    if (open === undefined || matchYear < open)
      throw new InputError(
        'match-year-passed',
        `applications for the ${matchYear} Match have already gone out, so --match-year ${matchYear} cannot be planned`,
        [],
        open === undefined ? `imgplan has calendar data up to the ${to} Match; is today (${deps.today(session.profile.value.timezone)}) right?` : `the first Match still open is ${open}: --match-year ${open}`,
      );
  }
  // A plan named for a Match year must plan that year: commands take match-<year> to be the year's plan.
  const named = /^match-(\d+)$/.exec(name);
  const year = matchYear ?? session.profile.value.targetMatchYear;
  if (named && Number(named[1]) !== year)
    throw new InputError('name-year-mismatch', `a plan named ${name} must be for the ${named[1]} Match, not ${year}`, [], `add --match-year ${named[1]}, or choose another name`);
  const file = planFile(ws, name);
  const planHash = await currentHash(file);
  if (planHash !== null && !opts.force)
    throw new InputError('plan-exists', `there is already a plan named "${name}"`, [], 'choose another name, or use --force to replace it (imgplan undo brings it back)');

  const overrides: PlanOverrides = {
    ...(externships !== undefined ? { externships } : {}),
    ...(weeks !== undefined ? { weeksPerExternship: weeks } : {}),
  };
  const plan = planForProfile(session.profile, deps, { name, matchYear: year, overrides, trackers: await readPlanTrackers(ws) });
  // Like a forced init, a forced plan starts afresh: the old plan is replaced, not merged.
  const baseHash = await currentHash(baseFile(ws, name));
  const changes = planChanges(ws, plan, plan, null, baseHash === null ? null : { hash: baseHash }).map((c) => (c.file === file ? { ...c, basedOn: planHash } : c));
  await commitAndRemember(ws, changes, { label: `plan new ${name}`, date: plan.today });

  if (opts.json) {
    printJson(deps, plan);
    return 0;
  }
  const main = defaultPlanName(session.profile.value.targetMatchYear);
  const next = name !== main && (await currentHash(planFile(ws, main))) !== null ? [`Compare: imgplan plan compare ${main} ${name}`] : [];
  deps.out(`${renderSummary(plan, { color: deps.color, width: deps.columns })}\n\nSaved ${file}\n${next.map((l) => `${l}\n`).join('')}`);
  return 0;
}

export interface PlanListEntry {
  name: string;
  /** The plan commands use when none is named: match-<the profile's targetMatchYear>. */
  default: boolean;
  matchYear: number;
  applicationDate: CalendarDate;
  overrides: PlanOverrides;
  rotations: { count: number; weeks: number[] };
  /** Skipped tasks are left out of the total: they are no longer part of the work. */
  tasks: { done: number; total: number };
  warnings: number;
}

function listEntry(plan: Plan, defaultName: string): PlanListEntry {
  const { count, weeks } = rotationFacts(plan);
  const live = plan.tasks.filter((t) => t.status !== 'skipped');
  return {
    name: plan.name,
    default: plan.name === defaultName,
    matchYear: plan.matchYear,
    applicationDate: plan.applicationDate,
    overrides: plan.overrides ?? {},
    rotations: { count, weeks },
    tasks: { done: live.filter((t) => t.status === 'done').length, total: live.length },
    warnings: plan.warnings.length,
  };
}

export async function runPlanList(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const defaultName = defaultPlanName(session.profile.value.targetMatchYear);
  const entries: PlanListEntry[] = [];
  for (const name of await listPlans(session.ws)) {
    const loaded = await readPlan(session.ws, name);
    if (loaded) entries.push(listEntry(loaded.value, defaultName));
  }
  if (opts.json) {
    printJson(deps, entries);
    return 0;
  }
  if (entries.length === 0) {
    deps.out(`There are no plans in ${session.ws.home}.\nMake one: imgplan plan new NAME\n`);
    return 0;
  }
  deps.out(`${renderPlanList(entries, defaultName, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}

const rotationsText = ({ count, weeks }: PlanListEntry['rotations']): string =>
  count === 0 ? 'none' : weeks.every((w) => w === weeks[0]) ? `${count} × ${weeks[0]} wk` : `${count}: ${weeks.join('/')} wk`;

function overridesText(o: PlanOverrides): string {
  const parts = [
    ...(o.externships !== undefined ? [`${o.externships} ${o.externships === 1 ? 'rotation' : 'rotations'}`] : []),
    ...(o.weeksPerExternship !== undefined ? [`${o.weeksPerExternship} weeks each`] : []),
  ];
  return parts.length ? parts.join(', ') : 'none';
}

/** A table when it fits the width (at least 40), else one wrapped paragraph per plan. */
function renderPlanList(entries: readonly PlanListEntry[], defaultName: string, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const cells = entries.map((e) => [
    `${e.default ? '*' : ' '} ${e.name}`,
    String(e.matchYear),
    plainDate(e.applicationDate),
    rotationsText(e.rotations),
    `${e.tasks.done}/${e.tasks.total}`,
    String(e.warnings),
    overridesText(e.overrides),
  ]);
  const head = ['  Plan', 'Match', 'Applications', 'Rotations', 'Done', 'Warnings', 'Overrides'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const footnote = wrapText(`* the profile's plan (${defaultName}), used when a command names none`, width, '', '  ', p.dim);

  if (widths.reduce((sum, w) => sum + w + 2, -2) <= width) {
    const paints: (((s: string) => string) | undefined)[] = [p.title, undefined, p.accent, undefined, undefined, undefined, p.dim];
    // Padding goes outside the paint, so escape codes never shift the columns.
    const row = (c: readonly string[], paint: (i: number) => ((s: string) => string) | undefined): string =>
      c.map((s, i) => (paint(i)?.(s) ?? s) + (i < c.length - 1 ? ' '.repeat(widths[i]! - s.length + 2) : '')).join('');
    return [row(head, () => p.heading), ...cells.map((c) => row(c, (i) => paints[i])), '', ...footnote].join('\n');
  }
  const paragraph = (e: PlanListEntry, c: readonly string[]): string[] => [
    p.title(c[0]!.trimStart()),
    ...wrapWords(
      [
        { text: `Match ${e.matchYear}` },
        { text: `applications ${c[2]}`, paint: p.accent },
        { text: `rotations ${c[3]}` },
        { text: `${c[4]} done` },
        { text: `${c[5]} ${e.warnings === 1 ? 'warning' : 'warnings'}` },
        { text: `overrides: ${c[6]}`, paint: p.dim },
      ].map((w) => ({ ...w, gap: 2 })),
      width,
      '    ',
    ),
  ];
  return [...entries.flatMap((e, n) => paragraph(e, cells[n]!)), '', ...footnote].join('\n');
}

export async function runPlanCompare(a: string, b: string, opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const first = await loadPlan(session, a);
  const second = await loadPlan(session, b);
  const data = compareData(first.value, second.value, session.profile.value);
  if (opts.json) {
    printJson(deps, data);
    return 0;
  }
  deps.out(`${renderCompare(data, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}
