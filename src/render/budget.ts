// The budget as the person sees it (`imgplan budget`): each line's planned figure with its source,
// what was spent against it, and the totals against preferences.budgetUsd; and the one-line
// summary that status and the exports show.
import type { CalendarDate } from '../domain/dates.js';
// Types only, like text.ts: value imports of these would load zod and the reference data.
import type { Plan } from '../domain/plan.js';
import type { BudgetFile, Program } from '../domain/programs.js';
import type { Profile } from '../domain/profile.js';
import type { Outreach } from '../domain/trackers.js';
import type { ReferenceData } from '../reference/index.js';
import { planBudget, type Budget, type BudgetLine } from '../engine/budget.js';
import { programsBrief, rankView, type ProgramsBrief } from './programs.js';
import { createPalette } from './palette.js';
import { effectiveWidth, estimatedWord, words, wrapText, wrapWords } from './text.js';

export interface BudgetData extends Budget {
  plan: string;
  today: CalendarDate;
  /** budgetUsd minus the larger of planned and spent, when there is a budget. */
  leftUsd?: number;
}

/** The totals only, for status and the exports. */
export type BudgetBrief = Omit<Budget, 'lines'>;

export function budgetData(budget: Budget, plan: string, today: CalendarDate): BudgetData {
  const committed = Math.max(budget.plannedUsd, budget.spentUsd);
  return { plan, today, ...budget, ...(budget.budgetUsd !== undefined ? { leftUsd: Math.round((budget.budgetUsd - committed) * 100) / 100 } : {}) };
}

export const briefOf = ({ lines: _lines, ...totals }: Budget): BudgetBrief => totals;

/**
 * "$1,234" for whole dollars, "$12.50" otherwise, as en-US Intl.NumberFormat writes them (a test
 * checks), by hand: building Intl's currency formatters cost every command about 25 ms and 8 MB.
 */
export function usd(n: number): string {
  const digits = Number.isInteger(n) ? Math.abs(n).toFixed(0) : Math.abs(n).toFixed(2);
  const [whole, cents] = digits.split('.') as [string, string?];
  return `${n < 0 ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${cents === undefined ? '' : `.${cents}`}`;
}

/** "$240 planned (9 lines unknown) · $165 spent · budget $8,000, $7,760 left". */
export function budgetBriefText(b: BudgetBrief): string {
  const parts = [`${usd(b.plannedUsd)} planned${b.unknownLines ? ` (${b.unknownLines} line${b.unknownLines === 1 ? '' : 's'} unknown)` : ''}`, `${usd(b.spentUsd)} spent`];
  if (b.budgetUsd !== undefined) {
    const left = b.budgetUsd - Math.max(b.plannedUsd, b.spentUsd);
    parts.push(`budget ${usd(b.budgetUsd)}, ${left >= 0 ? `${usd(left)} left` : `over by ${usd(-left)}`}`);
  }
  return parts.join(' · ');
}

/** Plain text without a trailing newline: a row per line, then the totals. */
export function renderBudget(data: BudgetData, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const amount = (n: number | null) => (n === null ? '?' : usd(n));
  const plannedWidth = Math.max(7, ...data.lines.map((l) => amount(l.plannedUsd).length));
  const spentWidth = Math.max(5, ...data.lines.map((l) => usd(l.spentUsd).length));
  const idWidth = Math.max(...data.lines.map((l) => l.id.length));
  const under = ' '.repeat(2 + plannedWidth + 2 + spentWidth + 2);
  const out = [
    ...wrapWords([{ text: 'Budget', paint: p.title }, ...words(`· plan ${data.plan}`, p.bold)], width, '', '  '),
    `  ${'planned'.padStart(plannedWidth)}  ${'spent'.padStart(spentWidth)}  ${p.dim('line')}`,
  ];
  for (const l of data.lines) out.push(...lineRows(l, { plannedWidth, spentWidth, idWidth, under, width, p, amount }));
  out.push(
    '',
    ...wrapWords(
      [{ text: 'Total', paint: p.heading }, ...words(budgetBriefText(data), data.leftUsd !== undefined && data.leftUsd < 0 ? p.error : p.bold)],
      width,
      '  ',
      '    ',
    ),
  );
  if (data.unknownLines)
    out.push(...wrapText(`? is a fee imgplan has no citable figure for: record your own with imgplan budget set LINE AMOUNT.`, width, '  ', '    ', p.dim));
  out.push(...wrapText('Record a payment with imgplan budget spend LINE AMOUNT; every figure is in U.S. dollars.', width, '  ', '    ', p.dim));
  return out.join('\n');
}

function lineRows(
  l: BudgetLine,
  o: { plannedWidth: number; spentWidth: number; idWidth: number; under: string; width: number; p: ReturnType<typeof createPalette>; amount: (n: number | null) => string },
): string[] {
  const planned = o.amount(l.plannedUsd);
  const spent = l.spentUsd ? usd(l.spentUsd) : '–';
  const over = l.plannedUsd !== null && l.spentUsd > l.plannedUsd;
  return [
    ...wrapWords(
      [
        { text: `${planned.padStart(o.plannedWidth)}`, paint: l.plannedUsd === null ? o.p.warn : o.p.bold },
        { text: spent.padStart(o.spentWidth), paint: over ? o.p.error : undefined, gap: 2 },
        { text: l.id.padEnd(o.idWidth), paint: o.p.accent, gap: 2 },
        ...words(l.label).map((w, i) => (i === 0 ? { ...w, gap: 2 } : w)),
        ...(l.estimated ? [estimatedWord(o.p)] : []),
      ],
      o.width,
      '  ',
      o.under,
    ),
    ...wrapText(l.source, o.width, o.under, o.under, o.p.dim),
  ];
}

/** What status and the exports show of the programs and the budget. */
export interface JourneyBriefs {
  /** Null when no program of the target specialties was imported. */
  programs: ProgramsBrief | null;
  /** Null until the person has a budget, a budget.yaml or programs. */
  budget: BudgetBrief | null;
}

export function journeyBriefs(input: {
  plan: Plan;
  profile: Profile;
  today: CalendarDate;
  programs: readonly Program[];
  outreach: readonly Outreach[];
  budget: BudgetFile;
  /** budget.yaml exists: the person has started keeping a budget. */
  budgetSaved: boolean;
  data: ReferenceData;
}): JourneyBriefs {
  const { plan, profile, data } = input;
  const programs = programsBrief(rankView({ programs: input.programs, plan, profile, today: input.today, data }));
  const wanted = input.budgetSaved || profile.preferences.budgetUsd !== undefined || programs !== null;
  return { programs, budget: wanted ? briefOf(planBudget({ plan, profile, programs: input.programs, outreach: input.outreach, budget: input.budget, data })) : null };
}
