// The people behind the plan (engine/relationships.ts), through generatePlan with trackers: letter
// follow-ups 3 and 4 weeks after a request, outreach follow-ups, a confirmed rotation held at its
// dates under its host's name, and staying in touch after each rotation, each update going to the
// people known by then.
import { describe, expect, it } from 'vitest';
import aminaYaml from '../../data/examples/profile.yaml';
import { calendarDate as d } from '../../src/domain/dates.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import { profileSchema } from '../../src/domain/profile.js';
import { NO_TRACKERS, type Letter, type Outreach, type Trackers } from '../../src/domain/trackers.js';
import { generatePlan } from '../../src/engine/index.js';
import { referenceData } from '../../src/reference/index.js';

const TODAY = '2026-11-25';
const profile = profileSchema().parse(structuredClone(aminaYaml));
const plan = (trackers: Partial<Trackers> = {}): Plan => generatePlan({ profile, data: referenceData(), today: d(TODAY), name: 'match-2028', trackers: { ...NO_TRACKERS, ...trackers } });
const task = (p: Plan, id: string): Task | undefined => p.tasks.find((t) => t.id === id);
const keepInTouch = (p: Plan): Task[] => p.tasks.filter((t) => t.id.startsWith('keep-in-touch-'));

const letter = (over: Partial<Letter>): Letter => ({ id: 'letter-1', writer: 'Sarah Chen', specialtySpecific: false, stage: 'planned', ...over });
const contact = (over: Partial<Outreach>): Outreach => ({ id: 'outreach-1', institution: "St. Mary's Hospital", channel: 'email', status: 'sent', ...over });

describe('letter and outreach follow-ups', () => {
  it('follows up on a requested letter 3 and 4 weeks on, and not once it is received', () => {
    const asked = plan({ letters: [letter({ stage: 'requested', requested: d('2026-11-20') })] });
    expect(task(asked, 'letter-followup-letter-1-1')).toMatchObject({ start: '2026-12-11', kind: 'letter-request', title: 'Follow up with Sarah Chen on your letter (3 weeks after asking)' });
    expect(task(asked, 'letter-followup-letter-1-2')).toMatchObject({ start: '2026-12-18', title: 'Follow up with Sarah Chen on your letter (4 weeks after asking)' });
    const received = plan({ letters: [letter({ stage: 'received', requested: d('2026-11-20'), received: d('2026-11-24') })] });
    expect(received.tasks.filter((t) => t.id.startsWith('letter-followup-'))).toEqual([]);
  });

  it('follows up on a message 14 days after it was sent, until it is answered', () => {
    expect(task(plan({ outreach: [contact({ sent: d('2026-11-20') })] }), 'outreach-followup-outreach-1')).toMatchObject({ start: '2026-12-04', kind: 'outreach' });
    expect(task(plan({ outreach: [contact({ status: 'replied', sent: d('2026-11-20'), replied: d('2026-11-23') })] }), 'outreach-followup-outreach-1')).toBeUndefined();
  });

  it('holds a confirmed rotation at its real dates under its host, and drops its applying', () => {
    const p = plan({ outreach: [contact({ status: 'confirmed', rotation: 'rotation-2', start: d('2027-03-01'), end: d('2027-03-19') })] });
    expect(task(p, 'rotation-2')).toMatchObject({ start: '2027-03-01', end: '2027-03-19', title: "Observational rotation 2: Internal Medicine at St. Mary's Hospital" });
    expect(task(p, 'outreach-rotation-2')).toBeUndefined();
  });
});

describe('staying in touch', () => {
  it('after each rotation there is a thank-you, then updates after exam results, at ERAS, on interviews and after Match Day', () => {
    const p = plan();
    const rotations = p.tasks.filter((t) => t.kind === 'externship');
    for (const r of rotations) expect(task(p, `thank-you-${r.id}`), r.id).toMatchObject({ kind: 'thank-you' });
    expect(keepInTouch(p).map((t) => t.id)).toEqual(['keep-in-touch-step2ck', 'keep-in-touch-eras', 'keep-in-touch-interviews', 'keep-in-touch-match']);
    for (const t of keepInTouch(p)) expect(t.title).toContain('your rotation supervisors');
    // Nobody is told a result that comes before the first rotation is over.
    const firstEnd = rotations.map((r) => r.end).sort()[0]!;
    expect(task(p, 'keep-in-touch-step2ck')!.start > firstEnd).toBe(true);
    expect(task(p, 'keep-in-touch-oet')).toBeUndefined();
  });

  it('names the writers and hosts from the trackers, each from when they are known, and the supervisors no tracker names', () => {
    const p = plan({
      letters: [
        // Asked already: known now, so told the OET result in January.
        letter({ id: 'letter-1', writer: 'Prof. Ada Obi', stage: 'requested', requested: d('2026-11-20') }),
        // From rotation-1 (April to May 2027): known once it ends.
        letter({ id: 'letter-2', writer: 'Sarah Chen', rotation: 'rotation-1' }),
      ],
      outreach: [contact({ status: 'confirmed', contact: 'Dr. Ada Lee', rotation: 'rotation-2', start: d('2027-03-01'), end: d('2027-03-19') })],
    });
    expect(task(p, 'keep-in-touch-oet')!.title).toBe('Tell Prof. Ada Obi your OET Medicine result');
    // Step 2 CK's result (May 2027) comes after rotation-2 (March) and rotation-1 ends, before rotation-3.
    expect(task(p, 'keep-in-touch-step2ck')!.title).toBe('Tell Prof. Ada Obi, Sarah Chen and Dr. Ada Lee your USMLE Step 2 CK result');
    expect(task(p, 'keep-in-touch-eras')!.title).toBe('Tell Prof. Ada Obi, Sarah Chen, Dr. Ada Lee and 1 more you have applied, and thank them again');
    expect(task(p, 'keep-in-touch-match')!.why).toContain('Match Day is');
  });

  it('a writer with two letters is one person, and a confirmed host without a contact is its supervisors', () => {
    const p = plan({
      letters: [letter({ id: 'letter-1', rotation: 'rotation-1' }), letter({ id: 'letter-2', writer: 'sarah chen', rotation: 'rotation-3' })],
      outreach: [contact({ status: 'confirmed', rotation: 'rotation-2', start: d('2027-03-01'), end: d('2027-03-19') })],
    });
    expect(task(p, 'keep-in-touch-eras')!.title).toBe("Tell Sarah Chen and your supervisors at St. Mary's Hospital you have applied, and thank them again");
  });
});
