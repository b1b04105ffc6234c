// Outreach and vetting through the built binary: a message brings a follow-up task, a reply takes
// it away, a confirmed offer puts its rotation at the host's dates under the host's name, the list
// counts the funnel, vet saves its verdict and status shows both; bad input and a missing terminal
// change nothing; undo puts every file back.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, run, snapshot, STACK_FRAME, type RunResult } from './helpers.js';
import { ok, planTasks } from './tracker-kit.js';

afterAll(cleanupTemps);
// Each test runs the binary a dozen times or more.
vi.setConfig({ testTimeout: 60_000 });

function workspace() {
  const home = makeTemp('outreach');
  const imgplan = (...args: string[]) => run(['--home', home, ...args]);
  ok(imgplan('init', '--profile', EXAMPLE_PROFILE));
  const planFile = path.join(home, 'plans', 'match-2028.yaml');
  const outreachFile = path.join(home, 'outreach.yaml');
  const tasks = () => planTasks(home);
  const task = (id: string) => tasks().find((t) => t.id === id);
  return { home, imgplan, planFile, outreachFile, tasks, task };
}

/** The refusal of bad input: exit 2, one message and a hint, no stack, nothing printed to stdout. */
function refused(r: RunResult, message: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/\nhint: /);
  expect(r.stderr).not.toMatch(STACK_FRAME);
}

describe('imgplan outreach', () => {
  it('follows a contact from the first message to a confirmed rotation, in the plan and in status', () => {
    const ws = workspace();
    const added = ok(ws.imgplan('outreach', 'add', "St. Mary's Hospital", '--contact', 'Dr. Ada Lee', '--date', '2026-11-20'));
    expect(added.stdout).toContain("Added outreach-1: St. Mary's Hospital (Dr. Ada Lee), sent on 20 Nov 2026.");
    // The follow-up comes 14 days after the message.
    expect(ws.task('outreach-followup-outreach-1')).toMatchObject({ kind: 'outreach', start: '2026-12-04', title: "Follow up with St. Mary's Hospital (Dr. Ada Lee)" });

    const replied = ok(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'replied'));
    expect(replied.stdout).toContain('  - Follow up with St. Mary');
    expect(ws.task('outreach-followup-outreach-1')).toBeUndefined();

    const confirmed = ok(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'confirmed', '--start', '2027-03-01', '--end', '2027-03-19', '--rotation', 'rotation-2'));
    expect(confirmed.stdout).toContain("Updated outreach-1: St. Mary's Hospital (Dr. Ada Lee), confirmed for rotation-2, 1 Mar – 19 Mar 2027.");
    expect(confirmed.stdout).toContain("  ~ Observational rotation 2: Internal Medicine at St. Mary's Hospital: 24 May – 18 Jun 2027 → 1 Mar");
    expect(ws.task('rotation-2')).toMatchObject({ start: '2027-03-01', end: '2027-03-19', title: "Observational rotation 2: Internal Medicine at St. Mary's Hospital" });
    // A confirmed rotation needs no more applying or chasing; onboarding stays.
    expect(ws.task('outreach-rotation-2')).toBeUndefined();
    expect(ws.task('outreach-followup-rotation-2')).toBeUndefined();
    expect(ws.task('onboarding-rotation-2')).toMatchObject({ end: '2027-02-28' });
    // The letter follows the rotation, and the other rotations are placed around it, one at a time.
    expect(ws.task('letter-request-rotation-2')).toMatchObject({ start: '2027-03-15', end: '2027-03-19' });
    const rotations = ws.tasks().filter((t) => t.kind === 'externship').sort((a, b) => (a.start < b.start ? -1 : 1));
    expect(rotations.map((t) => t.id).sort()).toStrictEqual(['rotation-1', 'rotation-2', 'rotation-3']);
    for (let i = 1; i < rotations.length; i++) expect(rotations[i]!.start > rotations[i - 1]!.end, `${rotations[i]!.id} overlaps ${rotations[i - 1]!.id}`).toBe(true);

    const status = ok(ws.imgplan('status')).stdout;
    expect(status).toContain('  Outreach         1 sent · 1 reply (100%) · 1 confirmed');
    const json = JSON.parse(ok(ws.imgplan('status', '--json')).stdout) as { outreach: { confirmed: number } };
    expect(json.outreach.confirmed).toBe(1);
  });

  it('counts the funnel, and vet saves a verdict that status then warns about', () => {
    const ws = workspace();
    ok(ws.imgplan('outreach', 'add', 'Lakeside Clinic', '--status', 'drafted'));
    ok(ws.imgplan('outreach', 'add', 'Global Rotations Inc', '--channel', 'portal', '--fee', '2500', '--date', '2026-11-18'));
    ok(ws.imgplan('outreach', 'add', 'Riverside Hospital', '--date', '2026-11-19'));
    ok(ws.imgplan('outreach', 'add', 'County Clinic', '--date', '2026-11-02'));
    ok(ws.imgplan('outreach', 'update', 'outreach-4', '--status', 'declined', '--date', '2026-11-10'));
    ok(ws.imgplan('outreach', 'update', 'outreach-2', '--status', 'offered'));

    const list = ok(ws.imgplan('outreach', 'list')).stdout;
    expect(list).toContain('Funnel\n  1 drafted → 3 sent → 2 replied (67% of sent) → 1 offered → 0 confirmed · 1 declined\n');
    expect(list).toContain('  3 of 3 rotations still unconfirmed: rotation-1, rotation-2, rotation-3.');
    expect(list).toContain('Not enough data yet');
    expect(list).toContain('persistence and volume of outreach matter');
    const data = JSON.parse(ok(ws.imgplan('outreach', 'list', '--json')).stdout) as { funnel: object; responseRate: number; estimate: { basis: string } };
    expect(data.funnel).toStrictEqual({ drafted: 1, sent: 3, replied: 2, offered: 1, confirmed: 0, declined: 1 });
    expect(data.responseRate).toBe(0.6667);
    expect(data.estimate.basis).toBe('not-enough-data');

    // The fee recorded on the contact answers the fee question.
    const vet = ok(
      ws.imgplan('vet', 'outreach-2', '--run-by', 'company', '--hands-on', 'yes', '--supervised', 'unknown', '--covers', 'emr,admin', '--reviews', 'no', '--promises-residency', 'yes'),
    ).stdout;
    expect(vet).toMatch(/^Vetting Global Rotations Inc \(outreach-2\)\n {2}avoid {4}It promises a residency position\./);
    expect(vet).toContain('It offers hands-on patient care, which you may not do yet.');
    expect(vet).toContain('Verdict: avoid — do not pay or travel for this placement.\nSaved on outreach-2.\n');
    const saved = (parseYaml(readFileSync(ws.outreachFile, 'utf8')) as { contacts: { id: string; vetting?: { verdict: string; checkedOn: string; answers: object } }[] }).contacts;
    expect(saved.find((c) => c.id === 'outreach-2')!.vetting).toMatchObject({ verdict: 'avoid', checkedOn: '2026-11-25', answers: { feeUsd: 2500, promisesResidency: true, mayDoHandsOn: false } });
    expect(ok(ws.imgplan('outreach', 'list')).stdout).toContain('portal · offered · replied 25 Nov 2026 · vetting avoid');

    // One screen: 24 lines at the most (the output ends in a newline).
    const status = ok(ws.imgplan('status')).stdout.replace(/\n$/, '').split('\n');
    expect(status.length).toBeLessThanOrEqual(24);
    expect(status[status.indexOf('Warnings') + 1]).toBe('! Global Rotations Inc: avoid. It promises a residency position. The guide: avoid any placement that');

    // Standalone: printed, not saved.
    const files = snapshot(ws.home);
    const alone = ok(ws.imgplan('vet', '--run-by', 'hospital', '--hands-on', 'no', '--supervised', 'yes', '--fee', '0', '--reviews', 'yes', '--promises-residency', 'no'));
    expect(alone.stdout).toContain('Verdict: ok');
    expect(alone.stdout).toContain('Not saved');
    expect(snapshot(ws.home)).toStrictEqual(files);
  });

  it('refuses bad input and a missing terminal with exit 2 at once, changing nothing', () => {
    const ws = workspace();
    ok(ws.imgplan('outreach', 'add', 'Riverside Hospital', '--date', '2026-11-19'));
    const files = snapshot(ws.home);
    const noTerminal = ws.imgplan('vet', 'outreach-1', '--run-by', 'company');
    refused(noTerminal, /^imgplan: imgplan vet asks its questions in a terminal, and this is not one; give the missing answers as flags: --hands-on, --supervised, --fee, --covers \(when there is a fee\), --reviews, --promises-residency\n/);
    // It never waits for an answer that cannot come.
    expect(noTerminal.timedOut).toBe(false);
    refused(ws.imgplan('outreach', 'update', 'outreach-2', '--status', 'replied'), /there is no outreach contact "outreach-2"\nhint: did you mean outreach-1\?/);
    refused(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'maybe'), /--status must be one of drafted, sent/);
    refused(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'confirmed', '--start', '2027-03-01'), /needs its first and last day/);
    refused(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'confirmed', '--start', '2027-02-30', '--end', '2027-03-19'), /--start must be a real calendar date/);
    refused(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'confirmed', '--start', '2027-03-01', '--end', '2027-03-19', '--rotation', 'rotation-7'), /plan match-2028 has no task "rotation-7"/);
    refused(ws.imgplan('outreach', 'add', 'Somewhere', '--date', '2026-12-01'), /--date 2026-12-01 is after today/);
    refused(ws.imgplan('vet', '--run-by', 'agency'), /--run-by must be one of hospital, practice, company/);
    expect(snapshot(ws.home)).toStrictEqual(files);
  });

  it('undo puts outreach.yaml and the plan back exactly after a confirmation', () => {
    const ws = workspace();
    ok(ws.imgplan('outreach', 'add', "St. Mary's Hospital"));
    ok(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'offered'));
    const outreach = readFileSync(ws.outreachFile, 'utf8');
    const plan = readFileSync(ws.planFile, 'utf8');
    ok(ws.imgplan('outreach', 'update', 'outreach-1', '--status', 'confirmed', '--start', '2027-03-01', '--end', '2027-03-19'));
    // By default the first rotation not yet confirmed.
    expect(ws.task('rotation-1')).toMatchObject({ start: '2027-03-01', title: "Observational rotation 1: Internal Medicine at St. Mary's Hospital" });
    expect(ok(ws.imgplan('history')).stdout).toContain('outreach update outreach-1 confirmed');
    ok(ws.imgplan('undo'));
    expect(readFileSync(ws.outreachFile, 'utf8')).toBe(outreach);
    expect(readFileSync(ws.planFile, 'utf8')).toBe(plan);
  });
});
