// Programs: who the person will be on the application date (not today), the hard misses with their
// reasons, the fit score and groups, signal advice, the import's reading of CSV and YAML (column
// names loosely matched, bad rows reported by line, good rows kept), and the brief for status.
// Every program here is fictional.
import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../src/domain/dates.js';
import type { Program } from '../../src/domain/programs.js';
import type { Profile } from '../../src/domain/profile.js';
import { applicantOn, missesOf, rankPrograms, signalAdvice, type Applicant } from '../../src/engine/programs.js';
import { referenceData } from '../../src/reference/index.js';
import { programsBrief, programsBriefText, rankView } from '../../src/render/programs.js';
import { normaliseColumn, parseCsv, readProgramsCsv, readProgramsFile, readProgramsYaml } from '../../src/store/program-import.js';
import { AMINA, EXAMPLE_TODAY, examplePlan } from '../support/examples.js';
import { inputError } from '../support/input-error.js';

const d = calendarDate;
const data = referenceData();

function program(id: string, extra: Partial<Program> = {}): Program {
  return { id, program: `Fictional ${id}`, specialty: 'internal-medicine', state: 'NY', visa: 'J-1', imgShare: 40, usceRequired: 'preferred', service: 'ERAS', ...extra };
}

function applicant(extra: Partial<Applicant> = {}): Applicant {
  return {
    on: d('2027-09-01'),
    step2ckScored: true,
    usceWeeks: 12,
    letters: 3,
    yearsSinceGraduation: 3,
    residencyVisa: 'j1',
    states: [],
    targets: ['internal-medicine'],
    ...extra,
  };
}

describe('applicantOn: the person on the application date, not today', () => {
  const plan = examplePlan(AMINA);

  it('counts the planned Step 2 CK result, rotations and letters by A, and the years since graduation then', () => {
    const atA = applicantOn(plan.applicationDate, plan, AMINA, true);
    const now = applicantOn(EXAMPLE_TODAY, plan, AMINA, false);
    // Step 2 CK is booked for 20 Apr 2027: a result by A, none today.
    expect(atA.step2ckScored).toBe(true);
    expect(now.step2ckScored).toBe(false);
    expect(atA.step2ckScore).toBeUndefined();
    expect(atA.usceWeeks).toBeGreaterThan(now.usceWeeks);
    expect(atA.letters).toBeGreaterThan(now.letters);
    // Graduated 2024: 2 years out today (2026), 3 on the application date (2027).
    expect(now.yearsSinceGraduation).toBe(2);
    expect(atA.yearsSinceGraduation).toBe(3);
  });

  it('takes a passed score from the profile', () => {
    const passed: Profile = { ...AMINA, exams: { ...AMINA.exams, step2ck: { status: 'passed', date: d('2026-10-01'), score: 241 } } };
    expect(applicantOn(EXAMPLE_TODAY, examplePlan(passed), passed, false)).toMatchObject({ step2ckScore: 241, step2ckScored: true });
  });
});

describe('missesOf: the hard misses and their reasons', () => {
  it('visa not sponsored', () => {
    expect(missesOf(program('a', { visa: 'H-1B' }), applicant(), data)).toEqual(['does not sponsor the J-1 you need']);
    expect(missesOf(program('a', { visa: 'none' }), applicant({ residencyVisa: 'either' }), data)).toEqual(['sponsors no visa, and you need one']);
    expect(missesOf(program('a', { visa: 'none' }), applicant({ residencyVisa: 'none' }), data)).toEqual([]);
    expect(missesOf(program('a', { visa: 'both' }), applicant({ residencyVisa: 'h1b' }), data)).toEqual([]);
  });

  it('a score below the stated minimum, or no score by then', () => {
    expect(missesOf(program('a', { minStep2ck: 230 }), applicant({ step2ckScore: 225 }), data)).toEqual(['Step 2 CK 225 is below its stated minimum of 230']);
    expect(missesOf(program('a', { minStep2ck: 230 }), applicant({ step2ckScore: 230 }), data)).toEqual([]);
    expect(missesOf(program('a', { minStep2ck: 230 }), applicant({ step2ckScored: false }), data)[0]).toMatch(/asks for Step 2 CK 230 or more, and you will have no score by 2027-09-01/);
  });

  it('graduated too long ago, U.S. experience required, another application service', () => {
    expect(missesOf(program('a', { maxYearsSinceGraduation: 2 }), applicant(), data)).toEqual(['takes graduates of the last 2 years; you will be 3 years out']);
    expect(missesOf(program('a', { maxYearsSinceGraduation: 3 }), applicant(), data)).toEqual([]);
    expect(missesOf(program('a', { usceRequired: 'yes' }), applicant({ usceWeeks: 0 }), data)).toEqual(['requires U.S. clinical experience']);
    expect(missesOf(program('a', { service: 'ResidencyCAS' }), applicant(), data)[0]).toMatch(/through ResidencyCAS/);
    // An OB-GYN target applies through ResidencyCAS.
    expect(missesOf(program('a', { service: 'ResidencyCAS' }), applicant({ targets: ['obstetrics-gynecology'] }), data)).toEqual([]);
  });
});

describe('rankPrograms: fit, reasons and groups', () => {
  it('scores the margin, IMG share, U.S. experience, visa and preferred states, and groups by score', () => {
    const who = applicant({ step2ckScore: 250, states: ['NY'] });
    const ranked = rankPrograms(
      [
        program('far', { imgShare: 2, minStep2ck: 248, usceRequired: 'yes', state: 'WA' }),
        program('best', { imgShare: 60, minStep2ck: 220 }),
        program('out', { visa: 'H-1B' }),
        program('mid', { imgShare: 25, state: 'OH' }),
      ],
      who,
      data,
    );
    expect(ranked.map((r) => [r.program.id, r.group])).toEqual([
      ['best', 'safer'],
      ['mid', 'target'],
      ['far', 'reach'],
      ['out', 'miss'],
    ]);
    const best = ranked[0]!;
    expect(best.score).toBe(100);
    expect(best.reasons).toEqual([
      'Step 2 CK 250, 30 above its minimum',
      '60% of its residents are IMGs',
      '12 weeks of U.S. clinical experience by then',
      'sponsors J-1',
      'in NY, one of your preferred states',
    ]);
    expect(ranked[3]).toMatchObject({ score: 0, reasons: [], misses: ['does not sponsor the J-1 you need'] });
  });
});

describe('rankView and the brief', () => {
  const plan = examplePlan(AMINA);
  const programs = [
    program('program-1', { minStep2ck: 220 }),
    program('program-2', { specialty: 'family-medicine', maxYearsSinceGraduation: 2 }),
    program('program-3', { specialty: 'pathology' }),
  ];
  const view = rankView({ programs, plan, profile: AMINA, today: EXAMPLE_TODAY, data });

  it('ranks the target specialties for A and says where today differs, both ways', () => {
    const rows = view.groups.flatMap((g) => g.programs);
    const one = rows.find((r) => r.id === 'program-1')!;
    const two = rows.find((r) => r.id === 'program-2')!;
    expect(one.group).not.toBe('miss');
    expect(one.today.group).toBe('miss');
    expect(one.differsToday).toBe(true);
    expect(two.group).toBe('miss');
    expect(two.today.group).not.toBe('miss');
    expect(view.otherSpecialties).toEqual({ pathology: 1 });
    expect(view.signals.season).toBe(2025);
    expect(view.signals.advice.join('\n')).toContain('Internal Medicine: 3 gold + 12 silver program signals in the 2025 ERAS season');
  });

  it('--specialty ranks that one only, --limit cuts each group but keeps its total', () => {
    const fm = rankView({ programs, plan, profile: AMINA, today: EXAMPLE_TODAY, data, specialty: 'family-medicine' });
    expect(fm.specialties).toEqual(['family-medicine']);
    expect(fm.groups.reduce((n, g) => n + g.total, 0)).toBe(1);
    const many = Array.from({ length: 5 }, (_, i) => program(`p-${i}`, { program: `Fictional ${i}` }));
    const cut = rankView({ programs: many, plan, profile: AMINA, today: EXAMPLE_TODAY, data, limit: 2 });
    const g = cut.groups.find((x) => x.total > 0)!;
    expect([g.total, g.programs.length]).toEqual([5, 2]);
  });

  it('the brief counts each group and is null without programs', () => {
    const brief = programsBrief(view)!;
    expect(Object.values(brief.counts).reduce((a, b) => a + b, 0)).toBe(2);
    expect(brief.counts.miss).toBe(1);
    expect(programsBriefText(brief)).toMatch(/· 1 out of reach, as you will be on Wed 1 Sep 2027$/);
    expect(programsBrief(rankView({ programs: [], plan, profile: AMINA, today: EXAMPLE_TODAY, data }))).toBeNull();
  });
});

describe('signalAdvice', () => {
  it("gives each target's counts as that season's figures, and nothing for a specialty without them", () => {
    const advice = signalAdvice(['internal-medicine', 'obstetrics-gynecology', 'psychiatry'], data);
    expect(advice).toHaveLength(2);
    expect(advice[0]).toMatch(/^Internal Medicine: 3 gold \+ 12 silver program signals in the 2025 ERAS season \(that season's figure; check the current one\)/);
    expect(advice[1]).toMatch(/^Psychiatry: 10 program signals/);
  });
});

describe('the import', () => {
  const header = 'Program, Specialty ,STATE,visa,IMG_share,min-step2ck,Max Years Since Graduation,usce required,Service,Notes';

  it('matches column names without case, spaces, dashes or underscores', () => {
    expect(['IMG share', 'img_share', 'IMG-Share', 'imgShare'].map(normaliseColumn)).toEqual(['imgshare', 'imgshare', 'imgshare', 'imgshare']);
    const r = readProgramsCsv('p.csv', `${header}\nFictional A,Internal Medicine,ny,j1,45%,230,5,Yes,eras,"fictional, with a comma"\n`);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        program: {
          program: 'Fictional A',
          specialty: 'internal-medicine',
          state: 'NY',
          visa: 'J-1',
          imgShare: 45,
          minStep2ck: 230,
          maxYearsSinceGraduation: 5,
          usceRequired: 'yes',
          service: 'ERAS',
          notes: 'fictional, with a comma',
        },
      },
    ]);
  });

  it('reports each bad row with its line and field, keeps the good ones, and counts lines across quoted line breaks', () => {
    const text = [
      '# fictional',
      header,
      'Fictional A,internal-medicine,NY,J-1,40,,,no,ERAS,"two',
      'lines"',
      'Fictional B,internal-medicine,NY,H1,40,,,no,ERAS,',
      'Fictional C,internal-medicine,NY,J-1,40,,,no,ERAS,,extra',
      'Fictional a,internal-medicine,NY,J-1,40,,,no,ERAS,',
      'Fictional D,family-medicine,NY,none,40,,,no,ERAS,',
    ].join('\n');
    const r = readProgramsCsv('p.csv', text);
    expect(r.rows.map((x) => [x.line, x.program.program])).toEqual([
      [3, 'Fictional A'],
      [8, 'Fictional D'],
    ]);
    expect(r.skipped).toBe(3);
    expect(r.problems.map((p) => [p.line, p.field ?? null])).toEqual([
      [5, 'visa'],
      [6, null],
      [7, null],
    ]);
    expect(r.problems[2]!.message).toMatch(/repeats Fictional a \(internal-medicine\) from line 3/);
  });

  it('parses RFC 4180 quoting', () => {
    expect(parseCsv('a,"b ""c""",d\r\n\r\n"e\nf",g\n').records).toEqual([
      { line: 1, cells: ['a', 'b "c"', 'd'] },
      { line: 3, cells: ['e\nf', 'g'] },
    ]);
    expect(parseCsv('a,"open\nb,c\n').unclosed).toBe(1);
  });

  it('reads YAML as a list or a programs: mapping, with each item\'s line', () => {
    const list = readProgramsYaml('p.yaml', '- program: Fictional A\n  specialty: internal-medicine\n  state: NY\n  visa: both\n  imgShare: 50\n  usceRequired: no\n  service: ERAS\n- program: Fictional B\n  specialty: internal-medicine\n');
    expect(list.rows.map((x) => x.program.program)).toEqual(['Fictional A']);
    expect(list.problems.map((p) => [p.line, p.field])).toEqual([
      [8, 'state'],
      [8, 'visa'],
      [8, 'imgShare'],
      [8, 'usceRequired'],
      [8, 'service'],
    ]);
    const mapping = readProgramsFile('p.yml', 'programs:\n  - {program: Fictional A, specialty: Family Medicine, state: OH, visa: J-1, imgShare: 10, usceRequired: yes, service: ERAS, website: x}\n');
    expect(mapping.rows[0]!.program.specialty).toBe('family-medicine');
    expect(mapping.ignored).toEqual(['website']);
  });

  it('refuses a header without the required columns and a file that is neither CSV nor YAML', () => {
    expect(inputError(() => readProgramsCsv('p.csv', 'program,specialty\nA,internal-medicine\n')).code).toBe('not-a-program-list');
    expect(inputError(() => readProgramsFile('p.xlsx', '')).code).toBe('bad-format');
  });
});
