// What the whole journey costs: a line per fee the plan will incur, each with its figure and
// source (data/fees.yaml), the person's own figure where they gave one, and what they spent.
// Lines without a citable figure stay unknown rather than guessed.
import type { Plan } from '../domain/plan.js';
import type { BudgetFile, Program } from '../domain/programs.js';
import type { Profile } from '../domain/profile.js';
import type { Outreach } from '../domain/trackers.js';
import type { Fee, FeesData } from '../reference/schema.js';

export interface BudgetLine {
  id: string;
  label: string;
  /** Planned cost in U.S. dollars, or null when unknown. */
  plannedUsd: number | null;
  estimated: boolean;
  source: string;
  spentUsd: number;
}

export interface Budget {
  lines: BudgetLine[];
  plannedUsd: number;
  unknownLines: number;
  spentUsd: number;
  budgetUsd?: number;
}

export interface BudgetInput {
  profile: Profile;
  plan: Plan;
  programs: readonly Program[];
  outreach: readonly Outreach[];
  fees: FeesData;
  budget: BudgetFile;
  /** Specialty names by id, for labels. */
  specialtyName: (id: string) => string;
}

const EXAM_FEES: Record<string, string> = { step1: 'usmle-step1', step2ck: 'usmle-step2ck', oet: 'oet', step3: 'usmle-step3' };

/** ERAS charges per specialty: one rate for the first 30 programs, another beyond (AAMC 2026). */
export function erasFee(programs: number, first: number, beyond: number): number {
  return Math.min(programs, 30) * first + Math.max(0, programs - 30) * beyond;
}

export function budgetLines(input: BudgetInput): Budget {
  const { plan, fees, budget } = input;
  const fee = (id: string): Fee => {
    const f = fees.fees.find((x) => x.id === id);
    if (!f) throw new Error(`data/fees.yaml has no fee ${id}`);
    return f;
  };
  const sourceOf = (f: Fee) => `${f.source}${f.season ? ` (${f.season})` : ''}`;
  const lines: BudgetLine[] = [];
  const add = (id: string, label: string, plannedUsd: number | null, estimated: boolean, source: string) =>
    lines.push({ id, label, plannedUsd, estimated, source, spentUsd: 0 });
  const fromFee = (id: string, lineId = id) => {
    const f = fee(id);
    add(lineId, f.label, f.amountUsd, f.estimated ?? false, sourceOf(f));
  };

  for (const [exam, feeId] of Object.entries(EXAM_FEES)) if (plan.tasks.some((t) => t.id === `exam-${exam}` && t.status !== 'skipped')) fromFee(feeId);
  if (plan.tasks.some((t) => t.id === 'ecfmg-pathway')) fromFee('ecfmg-pathway');
  fromFee('eras-token');

  const first = fee('eras-programs-first-30');
  const beyond = fee('eras-programs-beyond-30');
  for (const specialty of input.profile.targetSpecialties) {
    const n = input.programs.filter((p) => p.specialty === specialty && p.service === 'ERAS').length;
    const name = input.specialtyName(specialty);
    if (n > 0 && first.amountUsd !== null && beyond.amountUsd !== null)
      add(`eras-${specialty}`, `ERAS fees for ${n} ${name} program${n === 1 ? '' : 's'}`, erasFee(n, first.amountUsd, beyond.amountUsd), false, `${sourceOf(first)}; ${n} programs in programs.yaml`);
    else add(`eras-${specialty}`, `ERAS fees for ${name} programs`, null, false, 'import your programs (imgplan programs import) or set your own figure');
  }
  fromFee('nrmp-registration');
  add('nrmp-extra-ranks', fee('nrmp-extra-ranks').label, null, true, `${sourceOf(fee('nrmp-extra-ranks'))}: $${fee('nrmp-extra-ranks').amountUsd} a program, for as many as you rank beyond 20`);

  for (const o of input.outreach)
    if (o.status === 'confirmed' && (o.feeUsd !== undefined || o.livingCostUsd !== undefined))
      add(`rotation-${o.id}`, `Rotation at ${o.institution}: fee and living costs`, (o.feeUsd ?? 0) + (o.livingCostUsd ?? 0), false, `outreach.yaml (${o.id})`);
  add('interview-travel', 'Travel for interviews', null, false, 'your own figure: many interviews are virtual');

  // The person's own figures win; spending is added up per line.
  for (const line of lines) {
    const own = budget.planned[line.id];
    if (own !== undefined) Object.assign(line, { plannedUsd: own, estimated: false, source: 'your figure (budget.yaml)' });
    line.spentUsd = budget.spent.filter((s) => s.line === line.id).reduce((sum, s) => sum + s.amountUsd, 0);
  }
  for (const [id, amount] of Object.entries(budget.planned))
    if (!lines.some((l) => l.id === id)) lines.push({ id, label: id, plannedUsd: amount, estimated: false, source: 'your figure (budget.yaml)', spentUsd: budget.spent.filter((s) => s.line === id).reduce((sum, s) => sum + s.amountUsd, 0) });
  const other = budget.spent.filter((s) => !lines.some((l) => l.id === s.line));
  if (other.length) lines.push({ id: 'other', label: 'Other spending', plannedUsd: null, estimated: false, source: 'budget.yaml', spentUsd: other.reduce((sum, s) => sum + s.amountUsd, 0) });

  return {
    lines,
    plannedUsd: lines.reduce((sum, l) => sum + (l.plannedUsd ?? 0), 0),
    unknownLines: lines.filter((l) => l.plannedUsd === null && l.id !== 'other').length,
    spentUsd: lines.reduce((sum, l) => sum + l.spentUsd, 0),
    ...(input.profile.preferences.budgetUsd !== undefined ? { budgetUsd: input.profile.preferences.budgetUsd } : {}),
  };
}
