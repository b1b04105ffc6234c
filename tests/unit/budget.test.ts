// The budget: ERAS fees by tier per specialty, a line per fee the plan incurs with its source,
// unknown fees left unknown, the person's own figures over imgplan's, spending added up per line,
// and the totals against preferences.budgetUsd. Every program here is fictional.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarDate } from '../../src/domain/dates.js';
import type { BudgetFile, Program } from '../../src/domain/programs.js';
import type { Profile } from '../../src/domain/profile.js';
import type { Outreach } from '../../src/domain/trackers.js';
import { budgetLines, erasFee, planBudget, type BudgetInput } from '../../src/engine/budget.js';
import { referenceData } from '../../src/reference/index.js';
import { briefOf, budgetBriefText, budgetData, renderBudget, usd } from '../../src/render/budget.js';
import { AMINA, EXAMPLE_TODAY, examplePlan } from '../support/examples.js';

const d = calendarDate;
const data = referenceData();
const plan = examplePlan(AMINA);
const EMPTY: BudgetFile = { schemaVersion: 1, planned: {}, spent: [] };

function program(id: string, extra: Partial<Program> = {}): Program {
  return { id, program: `Fictional ${id}`, specialty: 'internal-medicine', state: 'NY', visa: 'J-1', imgShare: 40, usceRequired: 'preferred', service: 'ERAS', ...extra };
}

const many = (n: number, specialty = 'internal-medicine') => Array.from({ length: n }, (_, i) => program(`${specialty}-${i}`, { specialty }));

function input(extra: Partial<BudgetInput> = {}): BudgetInput {
  return { profile: AMINA, plan, applyTo: [], collected: [], outreach: [], fees: data.fees, budget: EMPTY, specialties: data.specialties.specialties, ...extra };
}

const line = (b: ReturnType<typeof budgetLines>, id: string) => b.lines.find((l) => l.id === id);

describe('erasFee: $11 a program up to 30 per specialty, $30 beyond', () => {
  it.each([
    [0, 0],
    [1, 11],
    [30, 330],
    [31, 360],
    [45, 780],
  ])('%i programs cost $%i', (n, usd) => expect(erasFee(n, 11, 30)).toBe(usd));

  it('the fees file carries the 2026 figures with their source and season', () => {
    const fee = (id: string) => data.fees.fees.find((f) => f.id === id)!;
    expect(fee('eras-programs-first-30')).toMatchObject({ amountUsd: 11, season: 'ERAS 2026' });
    expect(fee('eras-programs-beyond-30')).toMatchObject({ amountUsd: 30, season: 'ERAS 2026' });
    expect(fee('eras-token')).toMatchObject({ amountUsd: 165, estimated: true });
    for (const f of data.fees.fees) expect(f.source.length, f.id).toBeGreaterThan(10);
  });
});

describe('budgetLines', () => {
  it('has a line per fee of the plan, ERAS fees per target specialty by tier, and unknown fees left unknown', () => {
    const b = budgetLines(input({ applyTo: [...many(35), ...many(3, 'family-medicine')], collected: [...many(35), ...many(3, 'family-medicine')] }));
    expect(b.lines.map((l) => l.id)).toEqual([
      'usmle-step2ck',
      'oet',
      'ecfmg-pathway',
      'eras-token',
      'usmle-transcript',
      'eras-internal-medicine',
      'eras-family-medicine',
      'nrmp-registration',
      'nrmp-extra-ranks',
      'rotations-unconfirmed',
      'interview-travel',
    ]);
    expect(line(b, 'eras-internal-medicine')).toMatchObject({ plannedUsd: 30 * 11 + 5 * 30, label: 'ERAS fees for 35 Internal Medicine programs within reach' });
    expect(line(b, 'eras-family-medicine')!.plannedUsd).toBe(33);
    expect(line(b, 'usmle-step2ck')).toMatchObject({ plannedUsd: null, estimated: false });
    expect(line(b, 'eras-token')).toMatchObject({ plannedUsd: 165, estimated: true });
    expect(line(b, 'eras-token')!.source).toMatch(/ECFMG.*ERAS 2024/);
    expect(b.plannedUsd).toBe(165 + 480 + 33 + 75);
    expect(b.unknownLines).toBe(7);
    expect(b.budgetUsd).toBe(8000);
  });

  it('says why a specialty has no ERAS figure: no programs, or none within reach', () => {
    expect(line(budgetLines(input()), 'eras-family-medicine')!.source).toMatch(/imgplan programs import/);
    expect(line(budgetLines(input({ collected: many(2, 'family-medicine') })), 'eras-family-medicine')!.source).toMatch(/none of your 2 Family Medicine programs is within reach/);
  });

  it('gives a ResidencyCAS specialty its own line, not ERAS fees', () => {
    const profile: Profile = { ...AMINA, targetSpecialties: ['obstetrics-gynecology'] };
    const b = budgetLines(input({ profile, applyTo: many(4, 'obstetrics-gynecology') }));
    expect(b.lines.some((l) => l.id.startsWith('eras-obstetrics'))).toBe(false);
    expect(line(b, 'residencycas-obstetrics-gynecology')).toMatchObject({ plannedUsd: null, label: 'ResidencyCAS fees for 4 Obstetrics and Gynecology programs' });
  });

  it('costs a confirmed rotation with its fee and living costs, and counts the rotations not yet confirmed', () => {
    const confirmed: Outreach = { id: 'outreach-1', institution: 'Fictional Clinic', channel: 'email', status: 'confirmed', rotation: 'rotation-1', start: d('2027-05-03'), end: d('2027-05-28'), feeUsd: 1200, livingCostUsd: 900 };
    const b = budgetLines(input({ outreach: [confirmed, { ...confirmed, id: 'outreach-2', rotation: 'rotation-2', feeUsd: undefined, livingCostUsd: undefined }] }));
    expect(line(b, 'rotation-outreach-1')).toMatchObject({ plannedUsd: 2100, label: 'Rotation at Fictional Clinic: fee and living costs' });
    expect(line(b, 'rotation-outreach-2')!.plannedUsd).toBeNull();
    expect(line(b, 'rotations-unconfirmed')!.label).toBe('Fees and living costs of 1 rotation not yet confirmed');
  });

  it("puts the person's figures over imgplan's, adds spending per line in cents, and keeps a paid line the plan no longer needs", () => {
    const budget: BudgetFile = {
      schemaVersion: 1,
      planned: { 'usmle-step2ck': 1000, 'interview-travel': 1500, 'eras-token': 170 },
      spent: [
        { id: 'spent-1', line: 'eras-token', amountUsd: 165.1, date: d('2026-11-01') },
        { id: 'spent-2', line: 'eras-token', amountUsd: 0.2, date: d('2026-11-02') },
        { id: 'spent-3', line: 'usmle-step1', amountUsd: 1000, date: d('2025-01-10') },
        { id: 'spent-4', line: 'other', amountUsd: 40, date: d('2026-11-03') },
        { id: 'spent-5', line: 'gone-line', amountUsd: 10, date: d('2026-11-03') },
      ],
    };
    const b = budgetLines(input({ budget }));
    expect(line(b, 'usmle-step2ck')).toMatchObject({ plannedUsd: 1000, source: 'your figure (budget.yaml)' });
    expect(line(b, 'eras-token')).toMatchObject({ plannedUsd: 170, estimated: false, spentUsd: 165.3 });
    // Step 1 was passed before the plan, but the person paid for it.
    expect(line(b, 'usmle-step1')).toMatchObject({ label: 'USMLE Step 1 registration (through ECFMG)', spentUsd: 1000 });
    expect(line(b, 'other')).toMatchObject({ spentUsd: 50, plannedUsd: null });
    expect(b.spentUsd).toBe(1215.3);
    expect(b.unknownLines).toBe(budgetLines(input()).unknownLines - 2 + 1);
  });
});

describe('planBudget', () => {
  it('counts ERAS fees only for the programs within reach on the application date', () => {
    const programs = [program('a'), program('b'), program('c', { visa: 'H-1B' }), program('d', { specialty: 'pathology' })];
    const b = planBudget({ plan, profile: AMINA, programs, outreach: [], budget: EMPTY, data });
    expect(b.lines.find((l) => l.id === 'eras-internal-medicine')).toMatchObject({ plannedUsd: 22, label: 'ERAS fees for 2 Internal Medicine programs within reach' });
  });
});

describe('the budget views', () => {
  it('writes dollars with separators and cents only when there are some', () => {
    expect([usd(8000), usd(165), usd(12.5), usd(0.3), usd(1234567.891)]).toEqual(['$8,000', '$165', '$12.50', '$0.30', '$1,234,567.89']);
  });

  it('says what is left of the budget, or how far over it is', () => {
    expect(budgetBriefText({ plannedUsd: 300, spentUsd: 100, unknownLines: 1 })).toBe('$300 planned (1 line unknown) · $100 spent');
    expect(budgetBriefText({ plannedUsd: 300, spentUsd: 100, unknownLines: 0, budgetUsd: 1000 })).toBe('$300 planned · $100 spent · budget $1,000, $700 left');
    expect(budgetBriefText({ plannedUsd: 300, spentUsd: 1200, unknownLines: 0, budgetUsd: 1000 })).toBe('$300 planned · $1,200 spent · budget $1,000, over by $200');
  });

  it('renders every line with its figure or ?, and the totals', () => {
    const b = budgetLines(input({ applyTo: many(3), collected: many(3) }));
    const text = renderBudget(budgetData(b, 'match-2028', EXAMPLE_TODAY), { color: false, width: 100 });
    expect(text).toContain('Budget · plan match-2028');
    expect(text).toMatch(/\$33\s+–\s+eras-internal-medicine\s+ERAS fees for 3 Internal Medicine programs within reach/);
    expect(text).toMatch(/\?\s+–\s+interview-travel\s+Travel for interviews/);
    expect(text).toContain(`Total ${budgetBriefText(briefOf(b))}`);
    // Only a word too long for any line (a source's URL) may run past the width.
    for (const l of text.split('\n')) expect(l.length <= 100 || !l.trim().includes(' '), l).toBe(true);
  });
});

describe('usd', () => {
  it('writes dollars as en-US Intl.NumberFormat does: whole dollars bare, cents with two digits', () => {
    const whole = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
    const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.boolean(), (c, asCents) => {
        const n = asCents ? c / 100 : c;
        return usd(n) === (Number.isInteger(n) ? whole : cents).format(n);
      }),
      { numRuns: 5000 },
    );
    expect(usd(1234)).toBe('$1,234');
    expect(usd(12.5)).toBe('$12.50');
    expect(usd(-1234567.25)).toBe('-$1,234,567.25');
  });
});
