// The JSON export and its published schema: every plan imgplan writes validates against the
// committed data/plan.schema.json (with ajv, as another tool would read it), the schema rejects
// broken documents, and the committed file is exactly what the zod schema generates today.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { calendarDate } from '../../src/domain/dates.js';
import { planSchemas, type Plan } from '../../src/domain/plan.js';
import { planJsonSchema, planToJson } from '../../src/export/json.js';
import { expectGolden } from '../support/golden.js';
import { AMINA, DANIEL, EXAMPLES, examplePlan } from '../support/examples.js';

const { planSchema, taskSchema } = planSchemas();

const SCHEMA_FILE = new URL('../../data/plan.schema.json', import.meta.url);


/** A plan someone has worked on: a task done, one pinned with a note, one of their own, what-if settings. */
function editedPlan(): Plan {
  const plan = examplePlan(AMINA, { overrides: { externships: 2, weeksPerExternship: 6 } });
  const tasks = plan.tasks.map((t, i) =>
    i === 0 ? { ...t, status: 'done' as const } : i === 1 ? { ...t, pinned: true, note: 'Moved: the clinic asked for a later start.\nSecond line.' } : t,
  );
  tasks.push({
    id: 'visa-interview',
    kind: 'custom',
    title: 'Visa interview at the embassy',
    start: calendarDate('2027-03-02'),
    end: calendarDate('2027-03-02'),
    status: 'todo',
    why: 'The embassy gave me this date.',
    dependsOn: ['exam-oet'],
  });
  return planSchema.parse({ ...plan, tasks });
}

const PLANS: [string, () => Plan][] = [
  ['Amina (profile.yaml)', () => examplePlan(AMINA)],
  ['Daniel (profile-us-citizen-student.yaml)', () => examplePlan(DANIEL)],
  ['an edited plan', editedPlan],
];

function committedSchema(): object {
  return JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
}

/** A validator for the committed schema, built as a consumer of the package would build it. */
function validator() {
  // strict mode also refuses unknown keywords and formats, so the schema must be plain 2020-12.
  return new Ajv2020({ strict: true, allErrors: true }).compile(committedSchema());
}

describe('planJsonSchema and data/plan.schema.json', () => {
  it('the committed file is what the zod schema generates', () => {
    const fresh = `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '(missing)';
    expect(committed, 'data/plan.schema.json is out of date with src/domain/plan.ts: run `npm run schema` and commit the file').toBe(fresh);
  });

  it('is draft 2020-12 with an $id and a title', () => {
    expect(planJsonSchema()).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:imgplan:schema:plan:1',
      title: 'imgplan plan',
      type: 'object',
      additionalProperties: false,
    });
  });

  it('has no empty ("anything goes") schema left by something zod cannot represent', () => {
    const empty: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`));
      else if (typeof node === 'object' && node !== null) {
        if (Object.keys(node).length === 0) empty.push(at);
        for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
      }
    };
    walk(planJsonSchema(), '#');
    expect(empty).toEqual([]);
  });

  it('describes dates as yyyy-MM-dd strings by pattern, not by a format a validator may not know', () => {
    const dates = planJsonSchema() as { properties: Record<string, unknown> };
    expect(dates.properties['today']).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(JSON.stringify(planJsonSchema())).not.toContain('"format"');
  });
});

describe('planToJson', () => {
  it.each(PLANS)('%s validates against the committed schema', (_, make) => {
    const validate = validator();
    const ok = validate(JSON.parse(planToJson(make())));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(PLANS)('%s round-trips through planSchema.parse to an equal plan', (_, make) => {
    const plan = make();
    expect(planSchema.parse(JSON.parse(planToJson(plan)))).toEqual(plan);
  });

  it('is pretty JSON with a trailing newline', () => {
    const text = planToJson(examplePlan(AMINA));
    expect(text.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('writes keys in the schema order, whatever order the plan object has them in', () => {
    const plan = editedPlan();
    const reversed = (o: object) => Object.fromEntries(Object.entries(o).reverse());
    const shuffled = { ...reversed(plan), tasks: plan.tasks.map(reversed) } as Plan;
    const out = JSON.parse(planToJson(shuffled)) as Plan;
    const inSchemaOrder = (keys: string[], present: object) => keys.filter((k) => k in present);
    expect(Object.keys(out)).toEqual(inSchemaOrder(Object.keys(planSchema.shape), plan));
    for (const [i, t] of out.tasks.entries()) expect(Object.keys(t)).toEqual(inSchemaOrder(Object.keys(taskSchema.shape), plan.tasks[i]!));
    expect(planToJson(shuffled)).toBe(planToJson(plan));
  });
});

describe('the schema rejects broken plans', () => {
  const base = () => JSON.parse(planToJson(editedPlan())) as { today: string; tasks: Record<string, unknown>[]; milestones: Record<string, unknown>[] };

  const broken: [string, (doc: ReturnType<typeof base>) => void][] = [
    ['a date in the wrong shape', (doc) => void (doc.today = '2027-9-1')],
    ['a month 13', (doc) => void (doc.tasks[0]!['start'] = '2027-13-01')],
    ['an unknown task kind', (doc) => void (doc.tasks[0]!['kind'] = 'holiday')],
    ['a task without why', (doc) => void delete doc.tasks[0]!['why']],
    ['an unknown key', (doc) => void (doc.milestones[0]!['colour'] = 'red')],
    ['an id that is not a slug', (doc) => void (doc.tasks[0]!['id'] = 'Exam OET')],
  ];

  it.each(broken)('%s', (_, spoil) => {
    const doc = base();
    spoil(doc);
    const validate = validator();
    expect(validate(doc)).toBe(false);
    // The zod schema, which imgplan reads plans with, refuses it too.
    expect(planSchema.safeParse(doc).success).toBe(false);
  });

  it('leaves what a pattern cannot say to imgplan: a day that does not exist, an end before the start', () => {
    const doc = base();
    doc.today = '2027-02-30';
    doc.tasks[0]!['end'] = '2020-01-01';
    expect(validator()(doc)).toBe(true);
    expect(planSchema.safeParse(doc).error?.issues.map((i) => i.path.join('.'))).toEqual(['today', 'tasks.0.end']);
  });
});

describe('golden files', () => {
  for (const { file, profile } of EXAMPLES)
    it(`${file}: the JSON export matches its golden file (UPDATE_GOLDEN=1 to refresh)`, () => {
      expectGolden(`json-${file}.json`, planToJson(examplePlan(profile)));
    });
});
