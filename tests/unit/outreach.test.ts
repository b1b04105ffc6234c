// Outreach and vetting (src/commands/outreach.ts, src/commands/vet.ts, src/render/outreach.ts):
// the funnel and the messages-still-needed estimate, the vetting verdict for each red flag and
// caution, the visa clash, and the commands' date rules on a workspace in a temporary folder.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Deps } from '../../src/commands/deps.js';
import { runInit } from '../../src/commands/init.js';
import { runOutreachAdd, runOutreachList, runOutreachUpdate } from '../../src/commands/outreach.js';
import { runVet, vetPlacement, type MayDo, type VetAnswers } from '../../src/commands/vet.js';
import { calendarDate } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import type { Outreach, OutreachStatus } from '../../src/domain/trackers.js';
import { funnelOf, messagesEstimate, outreachList, outreachSummary, renderOutreachList, renderVet, type Funnel, type OutreachListData } from '../../src/render/outreach.js';

// The prompts stand in for a person at a terminal: each answers as the test says and records the question.
const asked: string[] = [];
const promptAnswers: Record<string, unknown> = {};
vi.mock('@inquirer/prompts', () => {
  const answer = async (cfg: { message: string }) => {
    asked.push(cfg.message);
    if (!(cfg.message in promptAnswers)) throw new Error(`unexpected question: ${cfg.message}`);
    return promptAnswers[cfg.message];
  };
  return { select: answer, confirm: answer, number: answer, checkbox: answer, input: answer };
});

const d = calendarDate;
const TODAY = d('2026-11-25');

function contact(id: string, status: OutreachStatus, extra: Partial<Outreach> = {}): Outreach {
  return { id, institution: `Host ${id}`, channel: 'email', status, ...extra };
}

function rotation(n: number, start: string, end: string, status: Task['status'] = 'todo'): Task {
  return { id: `rotation-${n}`, kind: 'externship', title: `Rotation ${n}`, start: d(start), end: d(end), status, why: 'test', dependsOn: [] };
}

function plan(tasks: Task[]): Plan {
  return { schemaVersion: 1, name: 'match-2028', matchYear: 2028, today: TODAY, applicationDate: d('2027-09-01'), milestones: [], tasks, warnings: [] };
}

const funnel = (f: Partial<Funnel>): Funnel => ({ drafted: 0, sent: 0, replied: 0, offered: 0, confirmed: 0, declined: 0, ...f });

describe('the funnel', () => {
  it('counts each stage with everyone who reached it; declined counts as a reply', () => {
    const contacts = [
      contact('a', 'drafted'),
      contact('b', 'sent'),
      contact('c', 'follow-up-due'),
      contact('d', 'replied'),
      contact('e', 'offered'),
      contact('f', 'declined'),
      contact('g', 'confirmed', { rotation: 'rotation-1', start: d('2027-03-01'), end: d('2027-03-19') }),
    ];
    expect(funnelOf(contacts)).toStrictEqual({ drafted: 1, sent: 6, replied: 4, offered: 2, confirmed: 1, declined: 1 });
  });

  it('estimates the messages left at the confirmation rate once 5 are sent and 1 confirmed', () => {
    expect(messagesEstimate(funnel({ sent: 10, replied: 4, confirmed: 2 }), 3)).toStrictEqual({ basis: 'confirmation-rate', rate: 0.2, messages: 15 });
    // 3 ÷ (3 ÷ 10) is exactly 10, not 11 from a floating-point remainder.
    expect(messagesEstimate(funnel({ sent: 10, replied: 3, confirmed: 3 }), 3)).toMatchObject({ messages: 10 });
    expect(messagesEstimate(funnel({ sent: 5, replied: 1, confirmed: 1 }), 1)).toMatchObject({ basis: 'confirmation-rate', messages: 5 });
  });

  it('falls back to the reply rate, as a lower bound, when nothing is confirmed yet', () => {
    expect(messagesEstimate(funnel({ sent: 6, replied: 2 }), 2)).toStrictEqual({ basis: 'response-rate', rate: 0.3333, messages: 6 });
  });

  it('gives no number with fewer than 5 sent, or no reply at all', () => {
    const none = { basis: 'not-enough-data', rate: null, messages: null };
    expect(messagesEstimate(funnel({ sent: 4, replied: 4, confirmed: 2 }), 2)).toStrictEqual(none);
    expect(messagesEstimate(funnel({ sent: 30 }), 2)).toStrictEqual(none);
    expect(messagesEstimate(funnel({ sent: 0 }), 2)).toStrictEqual(none);
  });

  it('needs no more messages once every rotation is confirmed', () => {
    expect(messagesEstimate(funnel({ sent: 2 }), 0)).toStrictEqual({ basis: 'all-confirmed', rate: null, messages: 0 });
  });

  it('counts the plan rotations no contact confirmed, leaving out done and skipped ones', () => {
    const p = plan([
      rotation(1, '2027-04-26', '2027-05-21'),
      rotation(2, '2027-03-01', '2027-03-19'),
      rotation(3, '2027-06-21', '2027-07-16'),
      rotation(4, '2026-10-05', '2026-10-30', 'done'),
      rotation(5, '2027-08-02', '2027-08-27', 'skipped'),
    ]);
    const contacts = [
      contact('outreach-1', 'confirmed', { rotation: 'rotation-2', start: d('2027-03-01'), end: d('2027-03-19'), replied: d('2026-11-20') }),
      ...['sent', 'sent', 'replied', 'declined', 'sent'].map((s, i) => contact(`outreach-${i + 2}`, s as OutreachStatus)),
    ];
    const s = outreachSummary(contacts, p);
    expect(s.rotations).toStrictEqual({ total: 4, unconfirmed: ['rotation-1', 'rotation-3'] });
    expect(s).toMatchObject({ responseRate: 0.5, confirmationRate: 0.1667, estimate: { basis: 'confirmation-rate', messages: 12 } });
  });
});

describe('renderOutreachList', () => {
  const p = plan([rotation(1, '2027-04-26', '2027-05-21'), rotation(2, '2027-03-01', '2027-03-19'), rotation(3, '2027-06-21', '2027-07-16')]);
  const contacts = [
    contact('outreach-1', 'confirmed', { institution: "St. Mary's Hospital", contact: 'Dr. Ada Lee', rotation: 'rotation-2', start: d('2027-03-01'), end: d('2027-03-19'), sent: d('2026-11-02'), replied: d('2026-11-20') }),
    contact('outreach-2', 'drafted', { institution: 'Lakeside Clinic' }),
    contact('outreach-3', 'offered', { institution: 'Global Rotations Inc', channel: 'portal', sent: d('2026-11-10'), replied: d('2026-11-18'), vetting: { verdict: 'avoid', reasons: ['It promises a residency position.'], checkedOn: TODAY, answers: {} } }),
  ];
  const text = (data: OutreachListData, width = 100) => renderOutreachList(data, { color: false, width });

  it('lists each contact with its key date and verdict, then the funnel and what the rotations left need', () => {
    expect(text(outreachList(contacts, p)).split('\n')).toStrictEqual([
      'Outreach · 3 contacts',
      "  outreach-1  St. Mary's Hospital · Dr. Ada Lee",
      '              email · confirmed · rotation-2, 1 Mar – 19 Mar 2027',
      '  outreach-2  Lakeside Clinic',
      '              email · drafted',
      '  outreach-3  Global Rotations Inc',
      '              portal · offered · replied 18 Nov 2026 · vetting avoid',
      'Funnel',
      '  1 drafted → 2 sent → 2 replied (100% of sent) → 2 offered → 1 confirmed · 0 declined',
      'Rotations in match-2028',
      '  2 of 3 rotations still unconfirmed: rotation-1, rotation-3.',
      '  Not enough data yet to estimate how many more messages would fill them (an estimate needs 5 sent',
      '  and a reply; you have sent 2). The guide: persistence and volume of outreach matter; a small',
      '  percentage of well-crafted emails may yield opportunities.',
    ]);
  });

  it('gives the JSON the same facts', () => {
    const data = outreachList(contacts, p);
    expect(data.contacts[0]).toStrictEqual({
      id: 'outreach-1',
      institution: "St. Mary's Hospital",
      contact: 'Dr. Ada Lee',
      channel: 'email',
      status: 'confirmed',
      keyDate: { what: 'rotation', start: '2027-03-01', end: '2027-03-19' },
      rotation: 'rotation-2',
      verdict: null,
    });
    expect(data.contacts[1]!.keyDate).toBeNull();
    expect(data.contacts[2]).toMatchObject({ keyDate: { what: 'replied', start: '2026-11-18' }, verdict: 'avoid' });
  });

  it('says what the reply rate suggests, with its caveat, and the count at the confirmation rate', () => {
    const many = [...Array.from({ length: 8 }, (_, i) => contact(`o-${i}`, i < 2 ? 'replied' : 'sent'))];
    expect(text(outreachList(many, p), 300)).toContain(
      'At your reply rate (2 of 8, 25%), at least 12 more messages would fill them, likely more: not every reply becomes an offer.',
    );
    const confirmed = [...many, contact('o-9', 'confirmed', { rotation: 'rotation-2', start: d('2027-03-01'), end: d('2027-03-19') })];
    expect(text(outreachList(confirmed, p), 200)).toContain('At your confirmation rate (1 of 9 sent, 11%), about 18 more messages would fill them.');
  });

  it('keeps within the width and colours only when asked', () => {
    const data = outreachList(contacts, p);
    expect(Math.max(...text(data, 40).split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(40);
    const coloured = renderOutreachList(data, { color: true, width: 100 });
    expect(coloured).not.toBe(text(data));
    expect(stripVTControlCharacters(coloured)).toBe(text(data));
  });
});

describe('vetPlacement', () => {
  const clean: VetAnswers = { runBy: 'hospital', handsOn: false, supervised: 'yes', feeUsd: 0, covers: [], reviews: true, promisesResidency: false };
  const observeOnly: MayDo = { handsOn: false, reason: 'observe only: a graduate visiting on a B-1/B-2 visa may observe U.S. practice but not take part in patient care' };
  const mayHandsOn: MayDo = { handsOn: true, reason: 'hands-on: U.S. work authorisation generally allows a hands-on externship, and you have passed Step 1' };
  const vet = (change: Partial<VetAnswers>, may = observeOnly) => vetPlacement({ ...clean, ...change }, may);
  const flagged = (change: Partial<VetAnswers>, may = observeOnly) => vet(change, may).findings.filter((f) => f.level !== 'ok');

  it('is ok when every check passes, each finding a sentence', () => {
    const r = vet({});
    expect(r.verdict).toBe('ok');
    expect(r.findings.map((f) => f.level)).toStrictEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    for (const f of r.findings) expect(f.text).toMatch(/^[A-Z].*\.$/);
  });

  it('says avoid on a promise of a residency position, citing the guide', () => {
    const r = vet({ promisesResidency: true });
    expect(r.verdict).toBe('avoid');
    expect(r.findings[0]!.text).toMatch(/^It promises a residency position\. The guide: avoid any placement that promises guaranteed residency positions/);
  });

  it('says avoid when it offers hands-on care the person may not give, naming why', () => {
    const r = vet({ handsOn: true });
    expect(r.verdict).toBe('avoid');
    expect(r.findings[0]!.text).toContain('It offers hands-on patient care, which you may not do yet');
    expect(r.findings[0]!.text).toContain(observeOnly.reason);
    // The same placement is fine for someone whose status allows hands-on work.
    expect(vet({ handsOn: true }, mayHandsOn).verdict).toBe('ok');
    // Observing is allowed either way.
    expect(vet({ handsOn: false }).verdict).toBe('ok');
  });

  it('says caution when supervision is missing or unknown', () => {
    expect(vet({ supervised: 'no' }).verdict).toBe('caution');
    expect(flagged({ supervised: 'no' })[0]!.text).toMatch(/^No licensed U\.S\. physician supervises it\. The guide:/);
    expect(vet({ supervised: 'unknown' }).verdict).toBe('caution');
    expect(flagged({ supervised: 'unknown' })[0]!.text).toMatch(/^You do not know who supervises it/);
  });

  it('says caution without reviews from earlier IMGs', () => {
    expect(vet({ reviews: false }).verdict).toBe('caution');
    expect(flagged({ reviews: false })[0]!.text).toContain('The guide: search for them');
  });

  it('says caution when a fee leaves out malpractice coverage, and names what it covers', () => {
    const r = vet({ feeUsd: 2500, covers: ['emr', 'admin'] });
    expect(r.verdict).toBe('caution');
    expect(flagged({ feeUsd: 2500, covers: ['emr', 'admin'] })[0]!.text).toMatch(/^The \$2,500 fee covers EMR access and administrative costs\. The guide: clarify what a fee covers/);
    expect(vet({ feeUsd: 2500, covers: [] }).findings.find((f) => f.level === 'caution')!.text).toMatch(/^The \$2,500 fee covers none of/);
    const covered = vet({ feeUsd: 1200, covers: ['malpractice'] });
    expect(covered.verdict).toBe('ok');
    expect(covered.findings.map((f) => f.text)).toContain('The $1,200 fee covers malpractice coverage; ask what you will pay for EMR access and administrative costs.');
    expect(vet({ feeUsd: 0, covers: [] }).verdict).toBe('ok');
  });

  it('puts the most serious findings first, and an avoid outranks every caution', () => {
    const r = vet({ promisesResidency: true, supervised: 'no', reviews: false, feeUsd: 900, covers: [], handsOn: true, runBy: 'company' });
    expect(r.verdict).toBe('avoid');
    expect(r.findings.map((f) => f.level)).toStrictEqual(['avoid', 'avoid', 'caution', 'caution', 'caution', 'ok']);
    expect(r.findings[5]!.text).toMatch(/^A placement company arranges it\. The guide: verify the credibility/);
  });

  it('renders the findings and the verdict', () => {
    const text = renderVet(vet({ promisesResidency: true }), { id: 'outreach-3', institution: 'Global Rotations Inc' }, { color: false, width: 100 });
    const ls = text.split('\n');
    expect(ls[0]).toBe('Vetting Global Rotations Inc (outreach-3)');
    expect(ls[1]).toMatch(/^ {2}avoid {2}It promises a residency position\./);
    expect(ls.at(-1)).toBe('Verdict: avoid — do not pay or travel for this placement.');
  });
});

// ---- the commands on a workspace ---------------------------------------------------------------

let home: string;
let out: string[];
const EXAMPLE = path.resolve('data/examples/profile.yaml');

function deps(extra: Partial<Deps> = {}): Deps {
  return { out: (t) => void out.push(t), err: () => {}, env: {}, canPrompt: false, color: false, columns: 100, rows: 24, cwd: process.cwd(), home, today: () => TODAY, ...extra };
}

const printed = (): string => out.splice(0).join('');
const at = (rel: string) => path.join(home, rel);
const readText = (rel: string) => fs.readFileSync(at(rel), 'utf8');

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'imgplan-outreach-'));
  out = [];
  await runInit({ profile: EXAMPLE }, deps());
  printed();
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('outreach add and update', () => {
  it('records dates by status, and refuses dates that do not fit it, writing nothing', async () => {
    await runOutreachAdd({ institution: 'Lakeside Clinic', status: 'drafted' }, deps());
    await runOutreachAdd({ institution: "St. Mary's Hospital", date: '2026-11-10' }, deps());
    const before = readText('outreach.yaml');
    expect(before).toContain('status: drafted');
    expect(before).toContain('sent: 2026-11-10');

    expect((await inputError(runOutreachAdd({ institution: 'X', status: 'drafted', date: '2026-11-20' }, deps()))).code).toBe('stage-date');
    expect((await inputError(runOutreachAdd({ institution: 'X', date: '2026-12-01' }, deps()))).code).toBe('date-in-future');
    expect((await inputError(runOutreachAdd({ institution: 'X', status: 'confirmed' }, deps()))).code).toBe('add-confirmed');
    expect((await inputError(runOutreachAdd({ institution: ' ' }, deps()))).code).toBe('bad-outreach');
    expect((await inputError(runOutreachAdd({ institution: 'X', channel: 'fax' }, deps()))).code).toBe('bad-channel');
    expect((await inputError(runOutreachAdd({ institution: 'X', fee: 'lots' }, deps()))).code).toBe('bad-fee');
    expect((await inputError(runOutreachAdd({ institution: 'X', specialty: 'internal-medecine' }, deps()))).hint).toBe('did you mean internal-medicine?');
    expect((await inputError(runOutreachUpdate('outreach-2', { status: 'replied', date: '2026-11-05' }, deps()))).code).toBe('date-out-of-order');
    expect((await inputError(runOutreachUpdate('outreach-2', {}, deps()))).code).toBe('nothing-to-update');
    expect((await inputError(runOutreachUpdate('outreach-2', { start: '2027-03-01' }, deps()))).code).toBe('not-confirmed');
    expect((await inputError(runOutreachUpdate('outreach-2', { status: 'confirmed' }, deps()))).code).toBe('confirm-needs-dates');
    expect((await inputError(runOutreachUpdate('outreach-2', { status: 'confirmed', start: '2027-03-19', end: '2027-03-01' }, deps()))).code).toBe('bad-span');
    expect((await inputError(runOutreachUpdate('outreach-2', { status: 'confirmed', start: '2026-11-02', end: '2026-11-27' }, deps()))).code).toBe('date-in-past');
    expect((await inputError(runOutreachUpdate('outreach-2', { status: 'confirmed', start: '2027-03-01', end: '2027-03-19', rotation: 'rotation-9' }, deps()))).code).toBe('unknown-task');
    expect((await inputError(runOutreachUpdate('outreach-2', { status: 'confirmed', start: '2027-03-01', end: '2027-03-19', rotation: 'exam-oet' }, deps()))).code).toBe('not-a-rotation');
    const unknown = await inputError(runOutreachUpdate('outreach-21', { status: 'replied' }, deps()));
    expect([unknown.code, unknown.hint]).toStrictEqual(['unknown-outreach', 'did you mean outreach-2, outreach-1?']);
    expect(readText('outreach.yaml')).toBe(before);

    await runOutreachUpdate('outreach-1', { status: 'sent', date: '2026-11-24' }, deps());
    await runOutreachUpdate('outreach-1', { status: 'replied' }, deps());
    expect(readText('outreach.yaml')).toMatch(/id: outreach-1\n.*\n.*\n {4}status: replied\n {4}sent: 2026-11-24\n {4}replied: 2026-11-25\n/);
  });

  it('fills the first unconfirmed rotation by default, never one another contact holds, and never overlapping', async () => {
    await runOutreachAdd({ institution: 'First Hospital' }, deps());
    await runOutreachAdd({ institution: 'Second Hospital' }, deps());
    await runOutreachUpdate('outreach-1', { status: 'confirmed', start: '2027-03-01', end: '2027-03-19', rotation: 'rotation-2' }, deps());
    const taken = await inputError(runOutreachUpdate('outreach-2', { status: 'confirmed', start: '2027-06-07', end: '2027-07-02', rotation: 'rotation-2' }, deps()));
    expect(taken.code).toBe('rotation-taken');
    expect((await inputError(runOutreachUpdate('outreach-2', { status: 'confirmed', start: '2027-03-15', end: '2027-04-02' }, deps()))).code).toBe('rotations-overlap');
    printed();
    await runOutreachUpdate('outreach-2', { status: 'confirmed', start: '2027-06-07', end: '2027-07-02', json: true }, deps());
    const report = JSON.parse(printed()) as { contact: Outreach };
    expect(report.contact).toMatchObject({ rotation: 'rotation-1', start: '2027-06-07', end: '2027-07-02' });
    // Only rotation-3 is left, and there is no data yet to say how many messages it needs.
    await runOutreachList({ json: true }, deps());
    const list = JSON.parse(printed()) as OutreachListData;
    expect(list.rotations).toStrictEqual({ total: 3, unconfirmed: ['rotation-3'] });
    expect(list.estimate.basis).toBe('not-enough-data');
    // Declining releases the rotation for the plan to place again.
    await runOutreachUpdate('outreach-2', { status: 'declined' }, deps());
    expect(printed()).toContain('rotation-1 is no longer held for it; the plan places that rotation again.');
    expect(readText('outreach.yaml')).not.toMatch(/id: outreach-2[^]*rotation:/);
  });
});

describe('runVet', () => {
  const flags = { runBy: 'company', handsOn: 'yes', supervised: 'yes', fee: '1500', covers: 'malpractice,emr', reviews: 'yes', promisesResidency: 'no' };

  it("finds the eligibility clash from the person's own profile, standalone, saving nothing", async () => {
    // Amina (the example) is a graduate outside the U.S.: she may only observe.
    expect(await runVet(undefined, { ...flags, json: true }, deps())).toBe(0);
    const r = JSON.parse(printed()) as { verdict: string; saved: boolean; reasons: string[]; answers: Record<string, unknown> };
    expect(r).toMatchObject({ verdict: 'avoid', saved: false, answers: { handsOn: true, mayDoHandsOn: false, covers: 'malpractice,emr', feeUsd: 1500 } });
    expect(r.reasons[0]).toContain('a graduate visiting on a B-1/B-2 visa may observe U.S. practice but not take part in patient care');
    expect(fs.existsSync(at('outreach.yaml'))).toBe(false);

    // A U.S. citizen who passed Step 1 may do the same placement.
    fs.writeFileSync(at('profile.yaml'), readText('profile.yaml').replace('current: outside-us', 'current: us-citizen'));
    await runVet(undefined, { ...flags, json: true }, deps());
    expect(JSON.parse(printed())).toMatchObject({ verdict: 'ok', answers: { mayDoHandsOn: true } });
  });

  it('without a terminal, names every missing flag at once; the fee on the contact counts as an answer', async () => {
    const e = await inputError(runVet(undefined, { runBy: 'hospital' }, deps()));
    expect(e.code).toBe('no-terminal');
    expect(e.message).toContain('--hands-on, --supervised, --fee, --covers (when there is a fee), --reviews, --promises-residency');
    expect((await inputError(runVet(undefined, { ...flags, fee: '0', covers: undefined, reviews: 'maybe' }, deps()))).code).toBe('bad-answer');
    expect((await inputError(runVet(undefined, { ...flags, covers: 'lunch' }, deps()))).code).toBe('bad-answer');

    await runOutreachAdd({ institution: 'Global Rotations Inc', fee: '2500' }, deps());
    const fromEntry = await inputError(runVet('outreach-1', { runBy: 'company' }, deps()));
    expect(fromEntry.message).not.toContain('--fee');
    expect((await inputError(runVet('outreach-9', flags, deps()))).code).toBe('unknown-outreach');
  });

  it('saves the verdict, reasons and answers on the contact in one step', async () => {
    await runOutreachAdd({ institution: 'Global Rotations Inc', channel: 'portal' }, deps());
    printed();
    await runVet('outreach-1', { ...flags, handsOn: 'no', supervised: 'unknown', promisesResidency: 'yes' }, deps());
    const text = printed();
    expect(text).toMatch(/^Vetting Global Rotations Inc \(outreach-1\)\n {2}avoid {4}It promises a residency position\./);
    expect(text).toContain('Verdict: avoid — do not pay or travel for this placement.\nSaved on outreach-1.\n');
    const saved = readText('outreach.yaml');
    expect(saved).toContain('feeUsd: 1500');
    expect(saved).toMatch(/vetting:\n {6}verdict: avoid\n {6}reasons:\n {8}- "It promises a residency position\./);
    expect(saved).toContain('checkedOn: 2026-11-25');
    expect(saved).toMatch(/answers:\n {8}runBy: company\n {8}handsOn: false\n {8}supervised: unknown\n {8}feeUsd: 1500\n {8}covers: malpractice,emr\n {8}reviews: true\n {8}promisesResidency: true\n {8}mayDoHandsOn: false\n/);
  });

  it('asks in a terminal only what the flags left out', async () => {
    asked.length = 0;
    Object.assign(promptAnswers, {
      'Is it supervised by licensed U.S. physicians?': 'no',
      'Fee in U.S. dollars (0 if free)': 0,
      'Did you find good reviews or testimonials from IMGs who did it before?': true,
    });
    await runVet(undefined, { runBy: 'hospital', handsOn: 'no', promisesResidency: 'no', json: true }, deps({ canPrompt: true }));
    expect(asked).toStrictEqual(['Is it supervised by licensed U.S. physicians?', 'Fee in U.S. dollars (0 if free)', 'Did you find good reviews or testimonials from IMGs who did it before?']);
    expect(JSON.parse(printed())).toMatchObject({ verdict: 'caution', answers: { supervised: 'no', feeUsd: 0, reviews: true } });
  });
});
