// What the whole journey costs: a line per fee the plan will incur, each with its figure and
// source (data/fees.yaml), the person's own figure where they gave one, and what they spent.
// Lines without a citable figure stay unknown rather than guessed. Pure: no files, no clock.
import type { Plan } from '../domain/plan.js';
import type { BudgetFile, Program } from '../domain/programs.js';
import type { Profile } from '../domain/profile.js';
import type { Outreach } from '../domain/trackers.js';
import type { ReferenceData } from '../reference/index.js';
import type { Fee, FeesData, Specialty } from '../reference/schema.js';
import { applicantOn, rankPrograms } from './programs.js';

export interface BudgetLine {
  id: string;
  label: string;
  /** Planned cost in U.S. dollars, or null when unknown. */
  plannedUsd: number | null;
  /** The figure is from an older season or a secondary source. */
  estimated: boolean;
  /** Where the figure comes from, or what to do to get one. */
  source: string;
  spentUsd: number;
}

export interface Budget {
  lines: BudgetLine[];
  /** The known planned figures added up (unknown lines count as nothing). */
  plannedUsd: number;
  /** Lines with no figure yet (the catch-all "other" line is not one). */
  unknownLines: number;
  spentUsd: number;
  /** preferences.budgetUsd from the profile. */
  budgetUsd?: number;
}

export interface BudgetInput {
  profile: Profile;
  plan: Pick<Plan, 'tasks'>;
  /** The programs the person will apply to: those within reach on the application date. */
  applyTo: readonly Program[];
  /** Every program the person collected, within reach or not. */
  collected: readonly Program[];
  outreach: readonly Outreach[];
  fees: FeesData;
  budget: BudgetFile;
  specialties: readonly Pick<Specialty, 'id' | 'name' | 'service'>[];
}

/** Spending recorded against no line of the budget. */
export const OTHER_LINE = 'other';

const EXAM_FEES: Record<string, string> = { step1: 'usmle-step1', step2ck: 'usmle-step2ck', oet: 'oet', step3: 'usmle-step3' };

/** ERAS charges per specialty: one rate for the first 30 programs, another beyond (AAMC 2026). */
export function erasFee(programs: number, first: number, beyond: number): number {
  return Math.min(programs, 30) * first + Math.max(0, programs - 30) * beyond;
}

export const feeSource = (f: Fee): string => `${f.source}${f.season ? ` (${f.season})` : ''}`;

const programsWord = (n: number, name: string) => `${n} ${name} program${n === 1 ? '' : 's'}`;

export function budgetLines(input: BudgetInput): Budget {
  const { plan, fees, budget } = input;
  const fee = (id: string): Fee => {
    const f = fees.fees.find((x) => x.id === id);
    // data/fees.yaml is reviewed data shipped with imgplan; a missing id is a bug, not bad input.
    if (!f) throw new Error(`data/fees.yaml has no fee ${id}`);
    return f;
  };
  const lines: BudgetLine[] = [];
  const add = (id: string, label: string, plannedUsd: number | null, estimated: boolean, source: string) => lines.push({ id, label, plannedUsd, estimated, source, spentUsd: 0 });
  const fromFee = (id: string) => {
    const f = fee(id);
    add(id, f.label, f.amountUsd, f.estimated ?? false, feeSource(f));
  };
  const live = (id: string) => plan.tasks.some((t) => t.id === id && t.status !== 'skipped');

  // Sittings still in the plan; one already sat gets its line once the person records it.
  for (const [exam, feeId] of Object.entries(EXAM_FEES)) if (live(`exam-${exam}`)) fromFee(feeId);
  if (live('ecfmg-pathway')) fromFee('ecfmg-pathway');
  fromFee('eras-token');
  fromFee('usmle-transcript');

  const first = fee('eras-programs-first-30');
  const beyond = fee('eras-programs-beyond-30');
  for (const id of input.profile.targetSpecialties) {
    const specialty = input.specialties.find((s) => s.id === id);
    const name = specialty?.name ?? id;
    const n = input.applyTo.filter((p) => p.specialty === id).length;
    if (specialty?.service === 'ResidencyCAS') {
      const cas = fee('residencycas-programs');
      add(`residencycas-${id}`, n ? `ResidencyCAS fees for ${programsWord(n, name)}` : `ResidencyCAS fees for ${name} programs`, cas.amountUsd, cas.estimated ?? false, feeSource(cas));
    } else if (n > 0 && first.amountUsd !== null && beyond.amountUsd !== null)
      add(
        `eras-${id}`,
        `ERAS fees for ${programsWord(n, name)} within reach`,
        erasFee(n, first.amountUsd, beyond.amountUsd),
        false,
        `${feeSource(first)}: $${first.amountUsd} each up to 30, $${beyond.amountUsd} beyond`,
      );
    else {
      const collected = input.collected.filter((p) => p.specialty === id).length;
      const why = collected
        ? `none of your ${programsWord(collected, name)} is within reach (imgplan programs rank); set your own figure for the ones you will apply to`
        : 'import your programs (imgplan programs import FILE) or set your own figure';
      add(`eras-${id}`, `ERAS fees for ${name} programs`, null, false, why);
    }
  }
  fromFee('nrmp-registration');
  const extra = fee('nrmp-extra-ranks');
  add(extra.id, extra.label, null, true, `${feeSource(extra)}: $${extra.amountUsd} a program, for as many as you rank beyond 20`);

  // Confirmed rotations carry their own fee and living costs; the plan's other rotations are not known yet.
  const confirmed = input.outreach.filter((o) => o.status === 'confirmed');
  for (const o of confirmed) {
    const known = o.feeUsd !== undefined || o.livingCostUsd !== undefined;
    add(
      `rotation-${o.id}`,
      `Rotation at ${o.institution}: fee and living costs`,
      known ? (o.feeUsd ?? 0) + (o.livingCostUsd ?? 0) : null,
      false,
      known ? `outreach.yaml (${o.id})` : `no fee recorded: imgplan outreach update ${o.id} --fee N, or set your own figure`,
    );
  }
  const filled = new Set(confirmed.map((o) => o.rotation));
  const open = plan.tasks.filter((t) => t.kind === 'externship' && t.status === 'todo' && !filled.has(t.id)).length;
  if (open > 0)
    add('rotations-unconfirmed', `Fees and living costs of ${open} rotation${open === 1 ? '' : 's'} not yet confirmed`, null, false, 'known once a host confirms; set your own estimate meanwhile');
  add('interview-travel', 'Travel for interviews', null, false, 'your own figure: many interviews are virtual');

  // The person's own figures win over imgplan's; a fee line the plan no longer needs (an exam
  // passed since) stays while the person has a figure or spending on it.
  const ownIds = [...Object.keys(budget.planned), ...budget.spent.map((s) => s.line)];
  for (const id of new Set(ownIds)) {
    if (id === OTHER_LINE || lines.some((l) => l.id === id)) continue;
    const f = fees.fees.find((x) => x.id === id);
    if (f) add(id, f.label, budget.spent.some((s) => s.line === id) ? f.amountUsd : null, f.estimated ?? false, feeSource(f));
    else if (budget.planned[id] !== undefined) add(id, id, null, false, 'your line (budget.yaml)');
  }
  const known = new Set(lines.map((l) => l.id));
  const otherSpent = budget.spent.filter((s) => !known.has(s.line));
  if (otherSpent.length || budget.planned[OTHER_LINE] !== undefined) add(OTHER_LINE, 'Other spending', null, false, 'spending on no other line');
  for (const line of lines) {
    const own = budget.planned[line.id];
    if (own !== undefined) Object.assign(line, { plannedUsd: own, estimated: false, source: 'your figure (budget.yaml)' });
    line.spentUsd = sum((line.id === OTHER_LINE ? otherSpent : budget.spent.filter((s) => s.line === line.id)).map((s) => s.amountUsd));
  }

  return {
    lines,
    plannedUsd: sum(lines.map((l) => l.plannedUsd ?? 0)),
    unknownLines: lines.filter((l) => l.plannedUsd === null && l.id !== OTHER_LINE).length,
    spentUsd: sum(lines.map((l) => l.spentUsd)),
    ...(input.profile.preferences.budgetUsd !== undefined ? { budgetUsd: input.profile.preferences.budgetUsd } : {}),
  };
}

/**
 * The budget of `plan`: ERAS fees are counted on the programs of the person's target specialties
 * that are within reach for the person they will be on the application date.
 */
export function planBudget(input: {
  plan: Pick<Plan, 'tasks' | 'milestones' | 'applicationDate'>;
  profile: Profile;
  programs: readonly Program[];
  outreach: readonly Outreach[];
  budget: BudgetFile;
  data: ReferenceData;
}): Budget {
  const { plan, profile, data } = input;
  const targets = input.programs.filter((p) => profile.targetSpecialties.includes(p.specialty));
  const who = applicantOn(plan.applicationDate, plan, profile, true);
  const applyTo = rankPrograms(targets, who, data)
    .filter((r) => r.group !== 'miss')
    .map((r) => r.program);
  return budgetLines({ profile, plan, applyTo, collected: targets, outreach: input.outreach, fees: data.fees, budget: input.budget, specialties: data.specialties.specialties });
}

/** Dollars and cents added in whole cents, so 0.1 + 0.2 stays 0.3. */
const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + Math.round(x * 100), 0) / 100;
