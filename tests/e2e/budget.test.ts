// The budget through the built binary: the lines with their figures and sources, ERAS fees counted
// on the imported (fictional) programs within reach, spending and the person's own figures saved in
// budget.yaml (checked on disk, private, journaled), the totals in status and exports, bad input
// refused with nothing changed, and undo.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, modeOf, ROOT, run, snapshot } from './helpers.js';
import { expectRefused, ok } from './tracker-kit.js';

afterAll(cleanupTemps);
vi.setConfig({ testTimeout: 90_000 });

interface Line {
  id: string;
  label: string;
  plannedUsd: number | null;
  estimated: boolean;
  source: string;
  spentUsd: number;
}
interface BudgetJson {
  plan: string;
  lines: Line[];
  plannedUsd: number;
  spentUsd: number;
  unknownLines: number;
  budgetUsd: number;
  leftUsd: number;
}

describe('imgplan budget', () => {
  it('plans the costs, records spending and own figures in budget.yaml, and shows the totals', () => {
    const home = makeTemp('budget');
    const imgplan = (args: string[]) => run(['--home', home, ...args]);
    const budgetFile = path.join(home, 'budget.yaml');
    const show = () => JSON.parse(ok(imgplan(['budget', '--json'])).stdout) as BudgetJson;
    const line = (b: BudgetJson, id: string) => b.lines.find((l) => l.id === id)!;
    ok(imgplan(['init', '--profile', EXAMPLE_PROFILE]));

    const start = show();
    expect(start.plan).toBe('match-2028');
    expect(start.budgetUsd).toBe(8000);
    expect(line(start, 'eras-token')).toMatchObject({ plannedUsd: 165, estimated: true });
    expect(line(start, 'eras-token').source).toContain('ERAS 2024');
    expect(line(start, 'nrmp-registration')).toMatchObject({ plannedUsd: 75, estimated: true });
    expect(line(start, 'usmle-step2ck').plannedUsd).toBeNull();
    expect(line(start, 'eras-internal-medicine')).toMatchObject({ plannedUsd: null, source: 'import your programs (imgplan programs import FILE) or set your own figure' });
    expect(start.plannedUsd).toBe(240);
    expect(existsSync(budgetFile)).toBe(false);

    // With the fictional programs, the ERAS fees count the 2 within reach on the application date.
    ok(imgplan(['programs', 'import', path.join(ROOT, 'tests', 'fixtures', 'programs-fictional.csv')]));
    expect(line(show(), 'eras-internal-medicine')).toMatchObject({ plannedUsd: 22, label: 'ERAS fees for 2 Internal Medicine programs within reach' });

    // Spending and an own figure, saved in budget.yaml.
    const spent = JSON.parse(ok(imgplan(['budget', 'spend', 'eras-token', '165', '--date', '2026-11-20', '--note', 'token bought', '--json'])).stdout) as { spending: Record<string, unknown>; line: Line };
    expect(spent.spending).toEqual({ id: 'spent-1', line: 'eras-token', amountUsd: 165, date: '2026-11-20', note: 'token bought' });
    expect(spent.line).toMatchObject({ plannedUsd: 165, spentUsd: 165 });
    expect(ok(imgplan(['budget', 'set', 'interview-travel', '1,500'])).stdout).toBe(
      'Planned $1,500 for interview-travel (Travel for interviews).\nTotal: $1,762 planned (7 lines unknown) · $165 spent · budget $8,000, $6,238 left.\n',
    );
    expect(ok(imgplan(['budget', 'spend', 'other', '$40.50'])).stdout).toMatch(/^Recorded \$40\.50 spent on other \(Other spending\) on 2026-11-25/);
    expect(modeOf(budgetFile)).toBe(0o600);
    expect(parseYaml(readFileSync(budgetFile, 'utf8'))).toEqual({
      schemaVersion: 1,
      planned: { 'interview-travel': 1500 },
      spent: [
        { id: 'spent-1', line: 'eras-token', amountUsd: 165, date: '2026-11-20', note: 'token bought' },
        { id: 'spent-2', line: 'other', amountUsd: 40.5, date: '2026-11-25' },
      ],
    });
    const history = JSON.parse(ok(imgplan(['history', '--json'])).stdout) as { label: string; files: string[] }[];
    expect(history[0]).toMatchObject({ label: 'budget spend other 40.5', files: ['budget.yaml'] });

    const after = show();
    expect([after.plannedUsd, after.spentUsd, after.leftUsd]).toEqual([1762, 205.5, 6238]);
    expect(line(after, 'interview-travel')).toMatchObject({ plannedUsd: 1500, source: 'your figure (budget.yaml)' });
    const text = ok(imgplan(['budget'])).stdout;
    expect(text).toMatch(/\$165 +\$165 +eras-token +ERAS token from ECFMG +~ estimated/);
    expect(text).toContain('Total $1,762 planned (7 lines unknown) · $205.50 spent · budget $8,000, $6,238 left');
    expect(ok(imgplan(['status'])).stdout).toMatch(/Budget +\$1,762 planned \(7 lines unknown\) · \$205\.50 spent · budget \$8,000, \$6,238 left/);
    expect(ok(imgplan(['export', '--format', 'md', '--show', 'budget'])).stdout).toContain('- **Budget:** \\$1,762 planned (7 lines unknown) · \\$205.50 spent · budget \\$8,000, \\$6,238 left');
    const json = JSON.parse(ok(imgplan(['export', '--format', 'json', '--show', 'budget'])).stdout) as { budget: unknown; programs?: unknown };
    expect(json.budget).toEqual({ plannedUsd: 1762, unknownLines: 7, spentUsd: 205.5, budgetUsd: 8000 });
    expect(json.programs).toBeUndefined();

    // Bad input exits 2 with one line and a hint, and changes nothing.
    const snap = snapshot(home);
    const refused: [string[], string][] = [
      [['budget', 'spend', 'eras-tokn', '165'], 'the budget has no line "eras-tokn"'],
      [['budget', 'set', 'interview-travel', 'lots'], 'AMOUNT must be an amount in U.S. dollars from 0 to 1000000, not "lots"'],
      [['budget', 'spend', 'eras-token', '10', '--date', '2026-12-01'], '--date 2026-12-01 is after today (2026-11-25)'],
      [['budget', 'spend', 'eras-token', '10', '--date', '2026-02-30'], '--date must be a real calendar date written yyyy-MM-dd, not "2026-02-30"'],
      [['budget', 'spend', 'eras-token', '10', '--note', 'x'.repeat(201)], '--note must be at most 200 characters'],
    ];
    expectRefused(imgplan, refused);
    expect(imgplan(['budget', 'spend', 'eras-tokn', '165']).stderr).toContain('hint: did you mean eras-token?');
    expect(snapshot(home)).toEqual(snap);

    // Undo reverses the newest spending exactly.
    ok(imgplan(['undo']));
    expect((parseYaml(readFileSync(budgetFile, 'utf8')) as { spent: unknown[] }).spent).toHaveLength(1);
  });
});
