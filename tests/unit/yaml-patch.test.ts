// Minimal-edit YAML rewrites (src/store/yaml-patch.ts, used by profileText and planText in
// src/store/serialize.ts): the new text reads back as the new value, and every line that did not
// need to change is byte-identical, the person's comments and the spaces before them included.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, parseDocument } from 'yaml';
import { calendarDate } from '../../src/domain/dates.js';
import type { Plan, Task } from '../../src/domain/plan.js';
import { profileSchema } from '../../src/domain/profile.js';
import { generatePlan } from '../../src/engine/index.js';
import { referenceData } from '../../src/reference/index.js';
import { planText, planToYaml, profileText, profileToYaml } from '../../src/store/serialize.js';
import { parsePlan } from '../../src/store/workspace.js';
import { parseYaml } from '../../src/store/yaml-file.js';
import { patchYaml, rewriteYaml, type Render } from '../../src/store/yaml-patch.js';

const d = calendarDate;
const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'data', 'examples');

// ---------------------------------------------------------------------------------------------
// Helpers

/** What imgplan's own loader reads from `text` (strict: warnings are errors too). */
const readBack = (text: string): unknown => parseYaml('test.yaml', text).data;

/** The lines only in `before` and the lines only in `after`, by a longest-common-subsequence diff. */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const L = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) L[i]![j] = a[i] === b[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || L[i]![j + 1]! >= L[i + 1]![j]!)) added.push(b[j++]!);
    else removed.push(a[i++]!);
  }
  return { removed, added };
}

/** `text` with the one line equal to `line` replaced by `by` (lines, joined with newlines). */
function replaceLine(text: string, line: string, by: string[]): string {
  const lines = text.split('\n');
  const at = lines.indexOf(line);
  if (at < 0 || lines.indexOf(line, at + 1) >= 0) throw new Error(`"${line}" is not exactly one line of the text`);
  lines.splice(at, 1, ...by);
  return lines.join('\n');
}

const clone = <T>(x: T): T => structuredClone(x);

// ---------------------------------------------------------------------------------------------
// (a) The example profile, as a person would keep it

const PROFILE = readFileSync(path.join(EXAMPLES, 'profile.yaml'), 'utf8');
// Plain data read from the YAML, edited freely by each case.
type RawProfile = Record<string, any>;
const profileValue = (): RawProfile => clone(readBack(PROFILE)) as RawProfile;

describe('profileText on data/examples/profile.yaml', () => {
  const cases: { name: string; change: (p: RawProfile) => void; removed: string[]; added: string[] }[] = [
    {
      name: "changing one exam's status and date",
      change: (p) => (p.exams.step2ck = { status: 'passed', date: '2027-05-18' }),
      removed: ['  step2ck: { status: scheduled, date: 2027-04-20 }'],
      added: ['  step2ck: { status: passed, date: 2027-05-18 }'],
    },
    {
      name: 'adding a score to a flow map, keeping the alignment after the key',
      change: (p) => (p.exams.step1.score = 240),
      removed: ['  step1:   { status: passed, date: 2025-03-14 }'],
      added: ['  step1:   { status: passed, date: 2025-03-14, score: 240 }'],
    },
    {
      name: 'deleting timezone',
      change: (p) => delete p.timezone,
      removed: ['timezone: Africa/Lagos            # optional (IANA name); "today" is taken in this zone'],
      added: [],
    },
    {
      name: 'appending a usce entry',
      change: (p) => p.usce.push({ kind: 'externship', specialty: 'family-medicine', institution: 'Cook County: Family Medicine', start: '2026-01-05', end: '2026-01-30', letter: false }),
      removed: [],
      added: ['  - kind: externship', '    specialty: family-medicine', '    institution: "Cook County: Family Medicine"', '    start: 2026-01-05', '    end: 2026-01-30', '    letter: false'],
    },
    {
      name: 'emptying unavailable',
      change: (p) => (p.availability.unavailable = []),
      removed: ['  unavailable:', '    - { start: 2027-03-22, end: 2027-04-20, reason: Step 2 CK study }'],
      added: ['  unavailable: []'],
    },
  ];

  it.each(cases)('$name: reads back as the new profile, and only the expected lines change', ({ change, removed, added }) => {
    const next = profileValue();
    change(next);
    const out = profileText(PROFILE, next);
    expect(readBack(out)).toStrictEqual(next);
    expect(profileSchema().safeParse(readBack(out)).success).toBe(true);
    expect(lineDiff(PROFILE, out)).toStrictEqual({ removed, added });
  });

  it('the appended usce entry comes right after the last one, below its end-of-line comment', () => {
    const next = profileValue();
    next.usce.push({ kind: 'research', specialty: 'internal-medicine', start: '2026-02-02', end: '2026-03-27', letter: true });
    const out = profileText(PROFILE, next);
    const last = '    letter: true                  # a U.S. letter of recommendation came from it';
    expect(out).toBe(replaceLine(PROFILE, last, [last, '  - kind: research', '    specialty: internal-medicine', '    start: 2026-02-02', '    end: 2026-03-27', '    letter: true']));
  });

  it('all of the changes at once: each changes only its own lines', () => {
    const next = profileValue();
    for (const c of cases) c.change(next);
    const out = profileText(PROFILE, next);
    expect(readBack(out)).toStrictEqual(next);
    const diff = lineDiff(PROFILE, out);
    expect(diff.removed.sort()).toStrictEqual(cases.flatMap((c) => c.removed).sort());
    expect(diff.added.sort()).toStrictEqual(cases.flatMap((c) => c.added).sort());
  });

  it('every comment of the file is kept, with the spaces before it, when nothing it is on changes', () => {
    const next = profileValue();
    next.exams.step1.score = 240;
    next.preferences.budgetUsd = 9000;
    next.availability.unavailable = [];
    const out = profileText(PROFILE, next);
    const commented = PROFILE.split('\n').filter((l) => l.includes('#'));
    const outLines = out.split('\n');
    for (const l of commented) expect(outLines).toContain(l);
  });

  it('an unchanged profile is written back byte for byte', () => {
    expect(profileText(PROFILE, profileValue())).toBe(PROFILE);
  });
});

// ---------------------------------------------------------------------------------------------
// (b) A plan written by imgplan, then commented by hand

const data = referenceData();
const amina = profileSchema().parse(readBack(PROFILE));
const PLAN: Plan = generatePlan({ profile: amina, data, today: d('2026-11-25'), name: 'match-2028' });

const COMMENT_ABOVE = '  # Dr. Adeyemi said yes on the phone: bring the signed form';
const R2_START = `    start: ${PLAN.tasks.find((t) => t.id === 'rotation-2')!.start}`;
const R2_START_COMMENTED = `${R2_START}   # host confirmed by email`;

/** The plan file after the person added a comment line above rotation-1 and one at the end of rotation-2's start. */
function handEditedPlan(): string {
  let text = replaceLine(planToYaml(PLAN), '  - id: rotation-1', [COMMENT_ABOVE, '  - id: rotation-1']);
  const lines = text.split('\n');
  const r2 = lines.indexOf('  - id: rotation-2');
  const at = lines.indexOf(R2_START, r2);
  lines[at] = R2_START_COMMENTED;
  text = lines.join('\n');
  return text;
}
const HAND = handEditedPlan();

const withTask = (p: Plan, id: string, change: (t: Task) => Task): Plan => ({ ...p, tasks: p.tasks.map((t) => (t.id === id ? change(t) : t)) });

/** The lines of one task's block in `text`: from its "- id:" line to the line before the next item or key. */
function taskBlock(text: string, id: string): string[] {
  const lines = text.split('\n');
  const from = lines.indexOf(`  - id: ${id}`);
  let to = from + 1;
  while (to < lines.length && lines[to]!.startsWith('    ')) to++;
  return lines.slice(from, to);
}

const CUSTOM: Task = {
  id: 'custom-call-dr-lee',
  kind: 'custom',
  title: 'Call Dr. Lee',
  start: d('2027-04-26'),
  end: d('2027-04-26'),
  status: 'todo',
  why: 'Added by you on 2026-11-25.',
  dependsOn: [],
};
const CUSTOM_LINES = [
  '  - id: custom-call-dr-lee',
  '    kind: custom',
  '    title: Call Dr. Lee',
  '    start: 2027-04-26',
  '    end: 2027-04-26',
  '    status: todo',
  '    why: Added by you on 2026-11-25.',
  '    dependsOn: []',
];

/** The plan with CUSTOM inserted right before rotation-1. */
function withCustom(p: Plan): Plan {
  const tasks = [...p.tasks];
  tasks.splice(
    tasks.findIndex((t) => t.id === 'rotation-1'),
    0,
    CUSTOM,
  );
  return { ...p, tasks };
}

describe('planText on a plan with comments added by hand', () => {
  it('the hand-edited file still reads as the plan', () => {
    expect(parsePlan('plans/match-2028.yaml', HAND).value).toStrictEqual(PLAN);
    expect(HAND.split('\n')).toContain(COMMENT_ABOVE);
    expect(HAND.split('\n')).toContain(R2_START_COMMENTED);
  });

  it('a status change rewrites only that task\'s status line', () => {
    const next = withTask(PLAN, 'rotation-1', (t) => ({ ...t, status: 'done' }));
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    const block = taskBlock(HAND, 'rotation-1');
    const status = block.indexOf('    status: todo');
    const expected = HAND.replace(block.join('\n'), [...block.slice(0, status), '    status: done', ...block.slice(status + 1)].join('\n'));
    expect(out).toBe(expected);
  });

  it('a note is added as one line at the end of its task, quoted as it needs, the end-of-line comment kept', () => {
    const note = 'Bring: immunisation record #2';
    const next = withTask(PLAN, 'rotation-2', (t) => ({ ...t, note }));
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    const block = taskBlock(HAND, 'rotation-2');
    expect(out).toBe(HAND.replace(block.join('\n'), [...block, '    note: "Bring: immunisation record #2"'].join('\n')));
    expect(out.split('\n')).toContain(R2_START_COMMENTED);
  });

  it('moving a task changes its date lines; the comment at the end of the start line stays on it', () => {
    const next = withTask(PLAN, 'rotation-2', (t) => ({ ...t, start: d('2027-05-31'), end: d('2027-06-25'), pinned: true }));
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    const r2 = PLAN.tasks.find((t) => t.id === 'rotation-2')!;
    expect(lineDiff(HAND, out)).toStrictEqual({
      removed: [R2_START_COMMENTED, `    end: ${r2.end}`],
      added: ['    start: 2027-05-31   # host confirmed by email', '    end: 2027-06-25', '    pinned: true'],
    });
  });

  it('a removed task takes exactly its own lines with it', () => {
    const next = { ...PLAN, tasks: PLAN.tasks.filter((t) => t.id !== 'letter-request-rotation-1') };
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    const block = taskBlock(HAND, 'letter-request-rotation-1');
    expect(block.length).toBeGreaterThan(5);
    expect(out).toBe(HAND.replace(`${block.join('\n')}\n`, ''));
  });

  it('a custom task inserted between two tasks goes between them, above the comment that belongs to the next one', () => {
    const next = withCustom(PLAN);
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    expect(lineDiff(HAND, out)).toStrictEqual({ removed: [], added: CUSTOM_LINES });
    // The comment still sits right above rotation-1, not above the new task.
    expect(out).toBe(HAND.replace(`${COMMENT_ABOVE}\n`, `${CUSTOM_LINES.join('\n')}\n${COMMENT_ABOVE}\n`));
  });

  it.each([
    ['at the list indent', COMMENT_ABOVE],
    ['at the key indent', `  ${COMMENT_ABOVE}`],
  ])('a task inserted where the task before was removed, with a comment %s above the next: reads back, comment kept', (_, comment) => {
    const text = HAND.replace(COMMENT_ABOVE, comment);
    const previous = PLAN.tasks[PLAN.tasks.findIndex((t) => t.id === 'rotation-1') - 1]!;
    const next = withCustom({ ...PLAN, tasks: PLAN.tasks.filter((t) => t.id !== previous.id) });
    const out = planText(text, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    const removed = taskBlock(text, previous.id).filter((l) => l !== comment);
    expect(out).toBe(text.replace(`${removed.join('\n')}\n`, '').replace(`${comment}\n`, `${CUSTOM_LINES.join('\n')}\n${comment}\n`));
  });

  it('a custom task inserted before a task with no comment above goes right before it', () => {
    const tasks = [...PLAN.tasks];
    const at = tasks.findIndex((t) => t.id === 'rotation-2');
    tasks.splice(at, 0, CUSTOM);
    const next = { ...PLAN, tasks };
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    expect(out).toBe(replaceLine(HAND, '  - id: rotation-2', [...CUSTOM_LINES, '  - id: rotation-2']));
  });

  it('a change of the top-level today rewrites one line', () => {
    const next = { ...PLAN, today: d('2026-12-01') };
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    expect(lineDiff(HAND, out)).toStrictEqual({ removed: ['today: 2026-11-25'], added: ['today: 2026-12-01'] });
  });

  it('all of them at once: the plan reads back, both hand comments survive where they were, and only the expected lines differ', () => {
    let next = withTask(PLAN, 'rotation-1', (t) => ({ ...t, status: 'done' }));
    next = withTask(next, 'rotation-2', (t) => ({ ...t, note: 'Bring: immunisation record #2', start: d('2027-05-31'), end: d('2027-06-25'), pinned: true }));
    next = { ...withCustom(next), today: d('2026-12-01') };
    next = { ...next, tasks: next.tasks.filter((t) => t.id !== 'letter-request-rotation-1') };
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    const lines = out.split('\n');
    expect(lines[lines.indexOf('  - id: rotation-1') - 1]).toBe(COMMENT_ABOVE);
    expect(lines).toContain('    start: 2027-05-31   # host confirmed by email');
    const diff = lineDiff(HAND, out);
    const removedTask = taskBlock(HAND, 'letter-request-rotation-1');
    const r2 = PLAN.tasks.find((t) => t.id === 'rotation-2')!;
    expect(diff.removed.sort()).toStrictEqual(['today: 2026-11-25', '    status: todo', R2_START_COMMENTED, `    end: ${r2.end}`, ...removedTask].sort());
    expect(diff.added.sort()).toStrictEqual(
      ['today: 2026-12-01', '    status: done', '    start: 2027-05-31   # host confirmed by email', '    end: 2027-06-25', '    pinned: true', '    note: "Bring: immunisation record #2"', ...CUSTOM_LINES].sort(),
    );
  });

  it('an unchanged plan is written back byte for byte', () => {
    expect(planText(HAND, PLAN)).toBe(HAND);
  });

  it('with no previous file, the plan is written fresh', () => {
    expect(planText(undefined, PLAN)).toBe(planToYaml(PLAN));
  });
});

// ---------------------------------------------------------------------------------------------
// (c) What a patch cannot express

const RENDER: Render = (v) => new Document(v).toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
const FRESH = (v: unknown) => `# fresh\n${RENDER(v)}`;

describe('rewriteYaml falls back when a patch cannot express the change', () => {
  it('a top level that becomes a list: patchYaml refuses, rewriteYaml writes the fresh rendering', () => {
    const text = '# mine\na: 1   # one\nb: two\n';
    const next = [1, { b: 'two' }];
    expect(() => patchYaml(text, next, RENDER)).toThrow();
    const out = rewriteYaml(text, next, RENDER, FRESH);
    expect(out).toBe(FRESH(next));
    expect(parseDocument(out).toJS()).toStrictEqual(next);
  });

  it('a top level written as a flow map, or old text that does not parse, is written fresh', () => {
    for (const text of ['{a: 1, b: 2}\n', 'a: [1, 2\nb: : :\n']) {
      const next = { a: 1, b: 3 };
      expect(() => patchYaml(text, next, RENDER)).toThrow();
      const out = rewriteYaml(text, next, RENDER, FRESH);
      expect(out).toBe(FRESH(next));
      expect(readBack(out)).toStrictEqual(next);
    }
  });

  it('a mapping value that becomes a scalar: that key alone is written afresh, the rest kept', () => {
    const next = profileValue();
    next.visa = 'none';
    const out = profileText(PROFILE, next);
    expect(readBack(out)).toStrictEqual(next);
    expect(lineDiff(PROFILE, out)).toStrictEqual({
      removed: [
        'visa:',
        '  current: outside-us             # outside-us | b1-b2 | f1 | j1 | j2 | h1b | h4 | ead | green-card | us-citizen',
        '  residencyVisa: j1               # what residency will need: none | j1 | h1b | either',
      ],
      added: ['visa: none'],
    });
  });

  it('a scalar that becomes a mapping, and a multi-line string: each key written afresh, and both read back', () => {
    const next = profileValue();
    next.name = { given: 'Amina', family: 'Okafor' };
    next.school.name = 'University of Ibadan\nCollege of Medicine';
    const out = profileText(PROFILE, next);
    expect(readBack(out)).toStrictEqual(next);
    const diff = lineDiff(PROFILE, out);
    expect(diff.removed).toStrictEqual(['name: Amina Okafor', '  name: University of Ibadan College of Medicine']);
    expect(diff.added.slice(0, 3)).toStrictEqual(['name:', '  given: Amina', '  family: Okafor']);
    // Every comment line of the file is still there.
    for (const l of PROFILE.split('\n').filter((x) => x.includes('#'))) expect(out.split('\n')).toContain(l);
  });

  it('a flow map that becomes a list is written afresh for that key and reads back', () => {
    const next = profileValue();
    next.exams.step1 = ['passed', '2025-03-14'];
    const out = profileText(PROFILE, next);
    expect(readBack(out)).toStrictEqual(next);
    expect(lineDiff(PROFILE, out).removed).toStrictEqual(['  step1:   { status: passed, date: 2025-03-14 }']);
  });

  it('a profile that can no longer be patched at all is written as profileToYaml would', () => {
    const next = ['not', 'a', 'profile'];
    expect(rewriteYaml(PROFILE, next, RENDER, (v) => profileToYaml(v as never))).toBe(profileToYaml(next as never));
  });
});

// ---------------------------------------------------------------------------------------------
// (d) Strings that need quoting

const AWKWARD = ['no', 'yes', 'true', '~', 'null', '01234', '0x1F', '1e3', 'a: b', '#x', 'a #b', ' leading space', 'trailing space ', `it's "quoted"`, "'single'", '"double"', '- dash', '[x]', '{y}', 'a, b', '@at', '`tick', '*star', '&amp', '!bang', '%pct', '|pipe', '>fold', '2027-01-01', ''];

describe('strings that need quoting round-trip in every context', () => {
  const contexts: { name: string; text: string; next: (s: string) => Record<string, unknown> }[] = [
    { name: 'a block mapping value', text: 'a: plain   # keep\nb: 1\n', next: (s) => ({ a: s, b: 1 }) },
    { name: 'a block list item', text: 'list:\n  - x   # keep\n  - y\n', next: (s) => ({ list: [s, 'y'] }) },
    { name: 'a flow list item', text: 'list: [x, y]   # keep\n', next: (s) => ({ list: [s, 'y'] }) },
    { name: 'a flow list item, padded', text: 'list: [ x, y ]   # keep\n', next: (s) => ({ list: ['x', s] }) },
    { name: 'a flow mapping value', text: 'm:   { k: x, n: 1 }   # keep\n', next: (s) => ({ m: { k: s, n: 1 } }) },
    { name: 'a flow mapping key', text: 'm: {k: x}   # keep\n', next: (s) => ({ m: { [s]: 'x' } }) },
    { name: 'a new key of a block mapping', text: 'a: 1   # keep\n', next: (s) => ({ a: 1, b: s }) },
    { name: 'a new item of a block list', text: 'list:\n  - x   # keep\n', next: (s) => ({ list: ['x', s] }) },
  ];

  for (const c of contexts)
    it(`in ${c.name}`, () => {
      for (const s of AWKWARD) {
        const next = c.next(s);
        const patched = patchYaml(c.text, next, RENDER);
        expect(readBack(patched), `${JSON.stringify(s)} -> ${patched}`).toStrictEqual(next);
        expect(parseDocument(patched, { version: '1.2', schema: 'core' }).toJS()).toStrictEqual(next);
        // The patch is what rewriteYaml writes (no fallback), and the comment is kept.
        expect(rewriteYaml(c.text, next, RENDER, FRESH)).toBe(patched);
        expect(patched, JSON.stringify(s)).toContain('# keep');
      }
    });

  it('in a plan: titles and notes with awkward text read back through the plan loader', () => {
    let next = PLAN;
    AWKWARD.filter((s) => s.trim() !== '' && s === s.trim()).forEach((s, i) => {
      const t = next.tasks[i]!;
      next = withTask(next, t.id, (x) => ({ ...x, title: s, note: s }));
    });
    const out = planText(HAND, next);
    expect(parsePlan('p.yaml', out).value).toStrictEqual(next);
    expect(out.split('\n')).toContain(COMMENT_ABOVE);
  });
});
