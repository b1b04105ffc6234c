// `imgplan budget [show]|spend|set`: what the journey costs, line by line, against the profile's
// preferences.budgetUsd, with what the person spent. Their own figures and spending live in
// budget.yaml; imgplan's figures come from data/fees.yaml, the plan and the trackers.
import { commitAndRemember } from '../store/remember.js';
import { parseCalendarDate, type CalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { Plan } from '../domain/plan.js';
import { spendingSchema, type BudgetFile } from '../domain/programs.js';
import { nextId } from '../domain/trackers.js';
import { OTHER_LINE, planBudget, type Budget } from '../engine/budget.js';
import { referenceData } from '../reference/index.js';
import { briefOf, budgetBriefText, budgetData, renderBudget, usd } from '../render/budget.js';
import { BUDGET, OUTREACH, PROGRAMS, readTracker, trackerChange, type LoadedTracker } from '../store/trackers.js';
import type { Deps } from './deps.js';
import { parseFee } from './outreach.js';
import { printJson } from './planning.js';
import { loadPlan, openSession, type Session } from './session.js';
import { didYouMean } from './tracker-args.js';

export interface BudgetShowOptions {
  plan?: string;
  json?: boolean;
}

export interface BudgetSpendOptions {
  date?: string;
  note?: string;
  plan?: string;
  json?: boolean;
}

interface Context {
  plan: Plan;
  file: LoadedTracker<BudgetFile>;
  budget: Budget;
  today: CalendarDate;
}

/** The budget of one plan, with budget.yaml as read (to save changes over it). */
async function context(session: Session, deps: Deps, planName: string | undefined, budgetFile?: BudgetFile): Promise<Context> {
  const plan = (await loadPlan(session, planName)).value;
  const [file, programs, outreach] = await Promise.all([readTracker(session.ws, BUDGET), readTracker(session.ws, PROGRAMS), readTracker(session.ws, OUTREACH)]);
  const budget = planBudget({
    plan,
    profile: session.profile.value,
    programs: programs.value.programs,
    outreach: outreach.value.contacts,
    budget: budgetFile ?? file.value,
    data: referenceData(),
  });
  return { plan, file, budget, today: deps.today(session.profile.value.timezone) };
}

/** LINE: one of the budget's lines, or "other" for spending that belongs to none. */
function lineArg(raw: string, budget: Budget): string {
  const ids = [...new Set([...budget.lines.map((l) => l.id), OTHER_LINE])];
  if (ids.includes(raw)) return raw;
  throw new InputError('unknown-budget-line', `the budget has no line "${raw}"`, [], didYouMean(raw, ids, `lines: ${ids.join(', ')} (imgplan budget lists them)`));
}

/** AMOUNT: U.S. dollars, read as --fee is. */
function amountArg(raw: string, example: string): number {
  try {
    return parseFee('AMOUNT', raw);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.code, e.message, e.problems, `e.g. ${example}`);
    throw e;
  }
}

function dateArg(raw: string, today: CalendarDate): CalendarDate {
  const d = parseCalendarDate(raw);
  if (d === null) throw new InputError('bad-date', `--date must be a real calendar date written yyyy-MM-dd, not "${raw}"`, [], 'e.g. --date 2027-05-20');
  if (d > today) throw new InputError('date-in-future', `--date ${d} is after today (${today})`, [], 'record a payment once it is made, with the day it was');
  return d;
}

async function save(session: Session, ctx: Context, value: BudgetFile, label: string): Promise<void> {
  await commitAndRemember(session.ws, [trackerChange(BUDGET, ctx.file, value)], { label, date: ctx.today });
}

export async function runBudgetShow(opts: BudgetShowOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const ctx = await context(session, deps, opts.plan);
  const data = budgetData(ctx.budget, ctx.plan.name, ctx.today);
  if (opts.json) printJson(deps, data);
  else deps.out(`${renderBudget(data, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}

export async function runBudgetSpend(line: string, amount: string, opts: BudgetSpendOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const ctx = await context(session, deps, opts.plan);
  const id = lineArg(line, ctx.budget);
  const amountUsd = amountArg(amount, `imgplan budget spend ${id} 165`);
  const date = opts.date === undefined ? ctx.today : dateArg(opts.date, ctx.today);
  const parsed = spendingSchema.safeParse({ id: nextId('spent', ctx.file.value.spent.map((s) => s.id)), line: id, amountUsd, date, ...(opts.note !== undefined ? { note: opts.note } : {}) });
  if (!parsed.success) throw new InputError('bad-note', `--note ${parsed.error.issues[0]!.message}`, [], 'a note is one line of text, quoted when it has spaces');
  const entry = parsed.data;
  const value: BudgetFile = { ...ctx.file.value, spent: [...ctx.file.value.spent, entry] };
  await save(session, ctx, value, `budget spend ${id} ${amountUsd}`);
  const after = await context(session, deps, opts.plan, value);
  const saved = after.budget.lines.find((l) => l.id === id)!;
  if (opts.json) printJson(deps, { spending: entry, line: saved, totals: briefOf(after.budget) });
  else
    deps.out(
      `Recorded ${usd(amountUsd)} spent on ${id} (${saved.label}) on ${date}: ${saved.plannedUsd === null ? 'no planned figure' : `${usd(saved.plannedUsd)} planned`}, ${usd(saved.spentUsd)} spent on it so far.\nTotal: ${budgetBriefText(after.budget)}.\n`,
    );
  return 0;
}

export async function runBudgetSet(line: string, amount: string, opts: BudgetShowOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const ctx = await context(session, deps, opts.plan);
  const id = lineArg(line, ctx.budget);
  const amountUsd = amountArg(amount, `imgplan budget set ${id} 1500`);
  const value: BudgetFile = { ...ctx.file.value, planned: { ...ctx.file.value.planned, [id]: amountUsd } };
  await save(session, ctx, value, `budget set ${id} ${amountUsd}`);
  const after = await context(session, deps, opts.plan, value);
  const saved = after.budget.lines.find((l) => l.id === id)!;
  if (opts.json) printJson(deps, { line: saved, totals: briefOf(after.budget) });
  else deps.out(`Planned ${usd(amountUsd)} for ${id} (${saved.label}).\nTotal: ${budgetBriefText(after.budget)}.\n`);
  return 0;
}
