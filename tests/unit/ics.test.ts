// The iCalendar export: golden files for both example profiles, a round trip through ical.js
// compared exactly with the plan, and the structural rules ical.js does not check (it is a
// lenient parser, not a validator).
import { describe, it, expect } from 'vitest';
import ICAL from 'ical.js';
import aminaYaml from '../../data/examples/profile.yaml';
import danielYaml from '../../data/examples/profile-us-citizen-student.yaml';
import { addDays, calendarDate, type CalendarDate } from '../../src/domain/dates.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import { profileSchema } from '../../src/domain/profile.js';
import { referenceData } from '../../src/reference/index.js';
import { generatePlan } from '../../src/engine/index.js';
import { planToIcs } from '../../src/export/ics.js';
import { expectGolden } from '../support/golden.js';

const data = referenceData();
const profiles = { profile: aminaYaml, 'profile-us-citizen-student': danielYaml };

function planFor(yaml: unknown, today = '2026-11-25', name = 'match-2028'): Plan {
  return generatePlan({ profile: profileSchema().parse(yaml), data, today: calendarDate(today), name });
}

function events(ics: string): ICAL.Component[] {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
}

const time = (v: ICAL.Component, name: string): ICAL.Time => v.getFirstPropertyValue(name) as ICAL.Time;

/** What each event should say, in the file's order: milestones, then tasks. */
interface Expected {
  id: string;
  summary: string;
  description: string;
  category: string;
  start: CalendarDate;
  end: CalendarDate;
  status: string;
  alarm: boolean;
}

function expected(plan: Plan): Expected[] {
  const alarmMilestones = ['eras-submit', 'nrmp-registration-deadline', 'rol-deadline'];
  return [
    ...plan.milestones.map((m) => ({
      id: `milestone:${m.id}`,
      summary: m.estimated ? `${m.title} (estimated)` : m.title,
      description: `${m.source}\n\nimgplan milestone: ${m.id}`,
      category: 'milestone',
      start: m.date,
      end: m.date,
      status: 'CONFIRMED',
      alarm: alarmMilestones.includes(m.id),
    })),
    ...plan.tasks.map((t) => ({
      id: t.id,
      summary: t.status === 'done' ? `✓ ${t.title}` : t.title,
      description: `${t.why}\n\nimgplan task: ${t.id}`,
      category: t.kind,
      start: t.start,
      end: t.end,
      status: t.status === 'skipped' ? 'CANCELLED' : 'CONFIRMED',
      alarm:
        t.status === 'todo' &&
        (t.kind === 'application' || t.kind === 'letter-upload' || (t.kind === 'exam' && /^exam-(step1|step2ck|oet|step3)$/.test(t.id))),
    })),
  ];
}

/** UID by task id (milestones as `milestone:<id>`). */
function uidsById(plan: Plan): Map<string, string> {
  const evs = events(planToIcs(plan));
  return new Map(expected(plan).map((e, i) => [e.id, String(evs[i]!.getFirstPropertyValue('uid'))]));
}

/** Every rule of RFC 5545 that ical.js lets through, checked on the raw text. */
function expectWellFormed(ics: string): void {
  expect(ics, 'no bare LF').not.toMatch(/(?<!\r)\n/);
  expect(ics, 'no bare CR').not.toMatch(/\r(?!\n)/);
  expect(ics.endsWith('\r\n')).toBe(true);
  const lines = ics.slice(0, -2).split('\r\n');
  for (const line of lines) {
    expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    // A fold inside a surrogate pair would leave a lone half on each side.
    expect(line, 'lone surrogate').not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
  // And on the bytes: every physical line is valid UTF-8 on its own.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const bytes = Buffer.from(ics, 'utf8');
  let from = 0;
  for (let at = bytes.indexOf('\r\n'); at !== -1; at = bytes.indexOf('\r\n', from)) {
    expect(() => decoder.decode(bytes.subarray(from, at))).not.toThrow();
    from = at + 2;
  }

  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const p of ['version', 'prodid', 'calscale', 'method', 'x-wr-calname']) expect(calendar.getAllProperties(p), p).toHaveLength(1);
  const uids = new Set<string>();
  for (const v of calendar.getAllSubcomponents('vevent')) {
    for (const p of ['uid', 'dtstamp', 'dtstart', 'dtend', 'summary', 'description', 'status']) expect(v.getAllProperties(p), p).toHaveLength(1);
    const uid = String(v.getFirstPropertyValue('uid'));
    expect(uids.has(uid), `duplicate UID ${uid}`).toBe(false);
    uids.add(uid);
    expect(time(v, 'dtend').compare(time(v, 'dtstart')), `DTEND after DTSTART for ${uid}`).toBe(1);
  }
}

/** Undoes folding only (RFC 5545 3.1), leaving escapes as written. */
const unfold = (ics: string): string[] => ics.replace(/\r\n /g, '').split('\r\n');

describe('planToIcs on the example profiles', () => {
  for (const [file, yaml] of Object.entries(profiles)) {
    describe(file, () => {
      const plan = planFor(yaml);
      const ics = planToIcs(plan);

      it('matches the golden file byte for byte (UPDATE_GOLDEN=1 to refresh)', () => {
        expectGolden(`ics-${file}.ics`, ics);
      });

      it('is deterministic', () => {
        expect(planToIcs(planFor(yaml))).toBe(ics);
      });

      it('is well formed', () => {
        expectWellFormed(ics);
      });

      it('has the calendar header', () => {
        const lines = unfold(ics);
        expect(lines.slice(0, 6)).toEqual([
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'PRODID:-//imgplan//imgplan//EN',
          'CALSCALE:GREGORIAN',
          'METHOD:PUBLISH',
          'X-WR-CALNAME:imgplan: match-2028',
        ]);
        expect(lines.at(-2)).toBe('END:VCALENDAR');
      });

      it('has one all-day event per milestone and task, saying exactly what the plan says', () => {
        const evs = events(ics);
        const want = expected(plan);
        expect(evs).toHaveLength(plan.milestones.length + plan.tasks.length);
        evs.forEach((v, i) => {
          const e = want[i]!;
          expect(v.getFirstPropertyValue('summary'), e.id).toBe(e.summary);
          expect(v.getFirstPropertyValue('description'), e.id).toBe(e.description);
          expect(v.getFirstPropertyValue('categories'), e.id).toBe(e.category);
          expect(v.getFirstPropertyValue('status'), e.id).toBe(e.status);
          const [start, end, stamp] = [time(v, 'dtstart'), time(v, 'dtend'), time(v, 'dtstamp')];
          expect([start.isDate, end.isDate], e.id).toEqual([true, true]);
          expect(start.toString(), e.id).toBe(e.start);
          expect(end.toString(), `${e.id}: DTEND is exclusive`).toBe(addDays(e.end, 1));
          expect(stamp.toString(), e.id).toBe('2026-11-25T00:00:00Z');
        });
      });

      it('reminds a week ahead of each deadline (the last day of a span), and of nothing else', () => {
        const evs = events(ics);
        const want = expected(plan);
        expect(want.filter((e) => e.alarm).length).toBeGreaterThan(5);
        evs.forEach((v, i) => {
          const e = want[i]!;
          const alarms = v.getAllSubcomponents('valarm');
          expect(alarms, e.id).toHaveLength(e.alarm ? 1 : 0);
          for (const a of alarms) {
            expect(a.getFirstPropertyValue('action')).toBe('DISPLAY');
            expect(String(a.getFirstPropertyValue('description'))).toContain(e.summary);
            const trigger = a.getFirstProperty('trigger')!;
            const oneDay = e.start === e.end;
            // DTEND is exclusive (the day after the last day), so a week before the last day is -P8D from it.
            expect((trigger.getFirstValue() as ICAL.Duration).toSeconds(), e.id).toBe((oneDay ? -7 : -8) * 86400);
            expect(trigger.getParameter('related'), e.id).toBe(oneDay ? undefined : 'END');
          }
        });
      });

      it('gives UIDs free of personal data', () => {
        for (const uid of uidsById(plan).values()) expect(uid).toMatch(/^[0-9a-f]{32}@imgplan$/);
        expect(ics).not.toMatch(/Okafor|Reyes/);
      });
    });
  }
});

describe('UID stability', () => {
  const plan = planFor(aminaYaml);
  const before = uidsById(plan);

  it('keeps each task id on its UID when the plan is regenerated later', () => {
    const later = planFor(aminaYaml, '2027-02-15');
    const after = uidsById(later);
    const shared = [...after.keys()].filter((id) => before.has(id));
    // Meaningful only if regeneration moved things: some tasks dropped or redated.
    expect(shared.length).toBeGreaterThan(20);
    expect(shared.length).toBeLessThan(before.size);
    for (const id of shared) expect(after.get(id), id).toBe(before.get(id));
  });

  it('keeps UIDs when tasks are marked done or skipped', () => {
    const tasks = plan.tasks.map((t, i): Task => (i === 0 ? { ...t, status: 'done' } : i === 1 ? { ...t, status: 'skipped' } : t));
    expect(uidsById({ ...plan, tasks })).toEqual(before);
  });

  it('differs between plans, so what-if plans imported side by side do not overwrite each other', () => {
    const other = uidsById({ ...plan, name: 'what-if' });
    for (const [id, uid] of other) expect(uid, id).not.toBe(before.get(id));
  });
});

describe('task status', () => {
  const plan = planFor(aminaYaml);
  const tasks = plan.tasks.map((t): Task => (t.id === 'exam-oet' ? { ...t, status: 'done' } : t.id === 'eras-token' ? { ...t, status: 'skipped' } : t));
  const done = { ...plan, tasks };
  const ics = planToIcs(done);

  it('marks done tasks with a check and skipped ones cancelled, without reminders', () => {
    const evs = events(ics);
    const want = expected(done);
    const at = (id: string) => evs[want.findIndex((e) => e.id === id)]!;
    expect(at('exam-oet').getFirstPropertyValue('summary')).toBe('✓ Sit OET Medicine');
    expect(at('exam-oet').getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(at('exam-oet').getAllSubcomponents('valarm')).toHaveLength(0);
    expect(at('eras-token').getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(at('eras-token').getAllSubcomponents('valarm')).toHaveLength(0);
    expectWellFormed(ics);
  });
});

describe('text escaping and folding', () => {
  const base = planFor(aminaYaml);
  const withTitle = (title: string, why = 'Because.'): Plan => ({
    ...base,
    milestones: [],
    tasks: [{ ...base.tasks[0]!, id: 'tricky', title, why }],
  });
  const summaryLine = (ics: string): string => unfold(ics).find((l) => l.startsWith('SUMMARY:'))!;

  it('round-trips ; , \\ newlines and emoji through escaping', () => {
    const title = 'Step 2 CK; exam, day: "big" \\ done\\n not a newline\nsecond line\r\nthird; 🎓👩🏽‍⚕️ café, naïve';
    const why = 'Line one\nLine two, with comma; semicolon \\ backslash\n\nLast 🩺';
    const ics = planToIcs(withTitle(title, why));
    expectWellFormed(ics);
    expect(summaryLine(ics)).toBe(
      'SUMMARY:Step 2 CK\\; exam\\, day: "big" \\\\ done\\\\n not a newline\\nsecond line\\nthird\\; 🎓👩🏽‍⚕️ café\\, naïve',
    );
    const [v] = events(ics);
    expect(v!.getFirstPropertyValue('summary')).toBe(title.replace('\r\n', '\n'));
    expect(v!.getFirstPropertyValue('description')).toBe(`${why}\n\nimgplan task: tricky`);
  });

  it('drops control characters TEXT does not allow, and keeps tabs', () => {
    const ics = planToIcs(withTitle('bell\u0007 and\ttab\u007f'));
    expect(summaryLine(ics)).toBe('SUMMARY:bell and\ttab');
  });

  // Long runs of 2-, 3- and 4-octet characters, shifted by 0-3 ASCII characters, put a fold
  // boundary at every offset inside a multi-byte sequence.
  const runs = {
    accents: 'Résumé éléphant à Genève '.repeat(6),
    cjk: '日本語の履歴書'.repeat(10),
    emoji: '🎓🩺👩🏽‍⚕️🇳🇬'.repeat(8),
    mixed: `ERAS — résumé ${'é'.repeat(40)} 🎓🎓🎓 日本 ${'🎓'.repeat(20)}`,
  };
  for (const [name, run] of Object.entries(runs)) {
    it(`folds ${name} titles at 75 octets without splitting a character`, () => {
      for (const pad of ['', 'a', 'ab', 'abc']) {
        const title = `${pad}${run}`;
        const ics = planToIcs(withTitle(title));
        expectWellFormed(ics);
        const physical = ics.split('\r\n');
        expect(physical[physical.findIndex((l) => l.startsWith('SUMMARY:')) + 1], 'the summary is folded').toMatch(/^ /);
        expect(summaryLine(ics)).toBe(`SUMMARY:${title}`);
        expect(events(ics)[0]!.getFirstPropertyValue('summary')).toBe(title);
      }
    });
  }
});
