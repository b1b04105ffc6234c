// Letters of recommendation through the built binary: a letter added as requested brings its
// follow-ups into the plan and marks the plan's request done; uploaded, it completes the plan's
// letter tasks and the follow-ups go; list, show and draft; bad input changes nothing; undo
// restores every file exactly.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, modeOf, run, snapshot } from './helpers.js';
import { expectRefused, ok, planTasks, type TaskData } from './tracker-kit.js';

afterAll(cleanupTemps);
// One story of some forty runs of the binary.
vi.setConfig({ testTimeout: 90_000 });

/** A word that appears only in a clinical log story, to prove the draft never copies stories. */
const MARKER = 'QUOKKAMARKER';

const LOG_YAML = `schemaVersion: 1
entries:
  - id: log-1
    date: 2027-04-28
    rotation: rotation-1
    caseType: Heart failure exacerbation
    procedures:
      - { name: Paracentesis, role: observed }
    story: ${MARKER} taught me to ask about salt at home
  - id: log-2
    date: 2027-05-04
    rotation: rotation-1
    caseType: Heart failure exacerbation
    procedures:
      - { name: Paracentesis, role: assisted }
  - id: log-3
    date: 2027-05-06
    rotation: rotation-1
    caseType: Diabetic ketoacidosis
  - id: log-4
    date: 2027-06-01
    rotation: rotation-2
    caseType: Community-acquired pneumonia
`;

describe('imgplan letters', () => {
  it('tracks a letter from request to upload, with the plan following in the same step, and undo restores it all', () => {
    const home = makeTemp('letters');
    const imgplan = (args: string[]) => run(['--home', home, ...args]);
    const planFile = path.join(home, 'plans', 'match-2028.yaml');
    const baseFile = path.join(home, '.imgplan', 'base', 'match-2028.yaml');
    const lettersFile = path.join(home, 'letters.yaml');
    const readPlan = () => planTasks(home);
    const task = (id: string) => readPlan().find((t) => t.id === id);

    ok(imgplan(['init', '--profile', EXAMPLE_PROFILE]));
    const initPlan = readFileSync(planFile);
    const rotation = task('rotation-1')!;

    // Added as requested on 20 Nov 2026: follow-ups 3 and 4 weeks on, the plan's request done.
    const added = JSON.parse(ok(imgplan(['letters', 'add', '--writer', 'Sarah Chen', '--title', 'Dr.', '--rotation', 'rotation-1', '--stage', 'requested', '--date', '2026-11-20', '--json'])).stdout) as Record<string, unknown>;
    expect(added).toEqual({ id: 'letter-1', writer: 'Sarah Chen', title: 'Dr.', rotation: 'rotation-1', specialty: 'internal-medicine', specialtySpecific: false, stage: 'requested', requested: '2026-11-20' });
    expect(task('letter-followup-letter-1-1')).toMatchObject({ start: '2026-12-11', status: 'todo' });
    expect(task('letter-followup-letter-1-2')).toMatchObject({ start: '2026-12-18', status: 'todo' });
    expect(task('letter-request-rotation-1')?.status).toBe('done');
    expect(task('letter-upload-rotation-1')?.status).toBe('todo');
    const keepInTouch = readPlan().filter((t) => t.id.startsWith('keep-in-touch-'));
    expect(keepInTouch.length).toBeGreaterThan(2);
    for (const t of keepInTouch) expect(t.title).toContain('Sarah Chen');
    const history = JSON.parse(ok(imgplan(['history', '--json'])).stdout) as { label: string; files: string[] }[];
    expect(history[0]!.label).toBe('letters add letter-1');
    expect(history[0]!.files.sort()).toEqual(['.imgplan/base/match-2028.yaml', 'letters.yaml', 'plans/match-2028.yaml']);

    // A text run says the same in one line.
    const second = ok(imgplan(['letters', 'add', '--writer', 'Tunde Bello', '--rotation', 'rotation-2', '--specialty-specific']));
    expect(second.stdout).toBe('Added letter-2 (Tunde Bello): planned, from rotation-2.\n');
    // Each update goes to the people known by then: Tunde Bello once rotation-2 is over, so not the OET result in early 2027.
    const rotation2End = task('rotation-2')!.end;
    for (const t of readPlan().filter((x) => x.id.startsWith('keep-in-touch-'))) {
      expect(t.title).toContain('Sarah Chen');
      if (t.start > rotation2End) expect(t.title).toContain('Sarah Chen, Tunde Bello and your other rotation supervisors');
    }
    expect(task('keep-in-touch-oet')!.title).toBe('Tell Sarah Chen your OET Medicine result');
    expect(task('keep-in-touch-eras')!.title).toBe('Tell Sarah Chen, Tunde Bello and your other rotation supervisors you have applied, and thank them again');

    writeFileSync(path.join(home, 'log.yaml'), LOG_YAML);
    // A comment of the person's own in letters.yaml, which imgplan's later writes keep.
    writeFileSync(lettersFile, readFileSync(lettersFile, 'utf8').replace('  - id: letter-2\n', '  # met on the ward round, June\n  - id: letter-2\n'));

    // Bad input exits 2, says what is wrong and changes nothing.
    const snap = snapshot(home);
    const refused: [string[], string][] = [
      [['letters', 'update', 'letter-1', '--stage', 'sent'], '--stage must be one of planned, requested, materials-sent, received, uploaded, not "sent"'],
      [['letters', 'update', 'letter-1', '--stage', 'received', '--date', '2026-02-30'], '--date must be a real calendar date written yyyy-MM-dd, not "2026-02-30"'],
      [['letters', 'update', 'letter-1', '--stage', 'received', '--date', '2026-12-01'], '--date 2026-12-01 is after today (2026-11-25)'],
      [['letters', 'update', 'letter-1', '--stage', 'received', '--date', '2026-11-19'], 'the letter would be received on 2026-11-19, before it was requested on 2026-11-20'],
      [['letters', 'update', 'letter-1', '--stage', 'planned'], 'letter-1 is already requested; stages only move forward'],
      [['letters', 'add', '--writer', 'X', '--rotation', 'rotaton-1'], 'plan match-2028 has no task "rotaton-1"'],
      [['letters', 'add', '--writer', 'X', '--rotation', 'exam-oet'], 'exam-oet is not a rotation in plan match-2028'],
      [['letters', 'add', '--writer', 'X', '--stage', 'requested'], 'a requested letter needs --date'],
      [['letters', 'add', '--writer', 'X', '--specialty', 'cardiology'], '--specialty must be a specialty id'],
      [['letters', 'add', '--writer', '  '], '--writer must not be empty'],
      [['letters', 'update', 'leter-1', '--stage', 'received'], 'there is no letter "leter-1"'],
      [['letters', 'show', 'letter-9'], 'there is no letter "letter-9"'],
      [['letters', 'draft', 'letter-9'], 'there is no letter "letter-9"'],
    ];
    expectRefused(imgplan, refused);
    expect(imgplan(['letters', 'update', 'leter-1', '--stage', 'received']).stderr).toContain('did you mean letter-1');
    expect(imgplan(['letters', 'add', '--writer', 'X', '--rotation', 'rotaton-1']).stderr).toContain('did you mean rotation-1');
    expect(snapshot(home)).toEqual(snap);

    // Uploaded: both of the plan's letter tasks done, the follow-ups gone, the dates in letters.yaml.
    const before = { letters: readFileSync(lettersFile), plan: readFileSync(planFile), base: readFileSync(baseFile) };
    const updated = ok(imgplan(['letters', 'update', 'letter-1', '--stage', 'uploaded', '--date', '2026-11-24']));
    expect(updated.stdout).toBe('Updated letter-1 (Sarah Chen): uploaded on 2026-11-24, from rotation-1. Marked done in the plan: letter-upload-rotation-1. Its follow-ups are off the plan.\n');
    expect(task('letter-upload-rotation-1')?.status).toBe('done');
    expect(task('letter-request-rotation-1')?.status).toBe('done');
    expect(readPlan().filter((t) => t.id.startsWith('letter-followup-'))).toEqual([]);
    const saved = parseYaml(readFileSync(lettersFile, 'utf8')) as { letters: Record<string, unknown>[] };
    expect(saved.letters[0]).toMatchObject({ id: 'letter-1', stage: 'uploaded', requested: '2026-11-20', uploaded: '2026-11-24' });
    // Only letter-1's changed lines were edited.
    const tail = (t: string) => t.slice(t.indexOf('  # met on the ward round'));
    expect(tail(readFileSync(lettersFile, 'utf8'))).toBe(tail(before.letters.toString('utf8')));
    expect(readFileSync(lettersFile, 'utf8').split('\n').filter((l) => !before.letters.toString('utf8').split('\n').includes(l))).toEqual(['    stage: uploaded', '    uploaded: 2026-11-24']);
    for (const f of [lettersFile, planFile, baseFile]) expect(modeOf(f), f).toBe(0o600);

    // list: the table, the counts (one U.S. letter in the profile), the ERAS rule.
    const list = ok(imgplan(['letters', 'list'])).stdout;
    expect(list).toMatch(/letter-1 +Sarah Chen +– +rotation-1 +uploaded 24 Nov 2026 +no/);
    expect(list).toMatch(/letter-2 +Tunde Bello +– +rotation-2 +planned +yes/);
    // Lines wrap at the terminal's width.
    const flat = list.replace(/\s+/g, ' ');
    expect(flat).toContain('Secured 2 of 4 wanted: 1 received or uploaded, and 1 U.S. letter from the clinical experience in your profile.');
    expect(flat).toContain('ERAS: at most 4 letters can be assigned to each program');
    const listJson = JSON.parse(ok(imgplan(['letters', 'list', '--json'])).stdout) as { counts: Record<string, number>; maxPerProgram: number };
    expect(listJson.counts).toMatchObject({ tracked: 2, secured: 2, inProfile: 1, wanted: 4, specialtySpecific: 1 });
    expect(listJson.maxPerProgram).toBe(4);

    // show: the details and the plan's tasks with their statuses.
    const show = ok(imgplan(['letters', 'show', 'letter-1'])).stdout;
    expect(show).toMatch(/Uploaded +Tue 24 Nov 2026/);
    expect(show).toMatch(/\[x\] .*Letter from rotation 1 uploaded to ERAS +letter-upload-rotation-1/);
    const showJson = JSON.parse(ok(imgplan(['letters', 'show', 'letter-1', '--json'])).stdout) as { tasks: TaskData[] };
    expect(showJson.tasks.map((t) => [t.id, t.status])).toEqual([
      ['letter-request-rotation-1', 'done'],
      ['letter-upload-rotation-1', 'done'],
    ]);

    // draft: the rotation from the plan, the cases from the log, never a story.
    const draft = ok(imgplan(['letters', 'draft', 'letter-1'])).stdout;
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const day = (d: string) => `${Number(d.slice(8))} ${MONTHS[Number(d.slice(5, 7)) - 1]}`;
    expect(draft.split('\n')[0]).toBe(`Subject: Request for a letter of recommendation: Internal Medicine rotation, ${day(rotation.start)} – ${day(rotation.end)} ${rotation.end.slice(0, 4)}`);
    expect(draft).toContain('Dear Dr. Sarah Chen,');
    expect(draft).toContain('- Heart failure exacerbation (2 cases)');
    expect(draft).toContain('- Paracentesis: assisted once, observed once');
    expect(draft).toContain('AAMC Letter Writer Portal');
    expect(draft).not.toContain(MARKER);
    expect(draft).not.toContain('pneumonia');

    // --out follows the export rules: private, no overwrite without --force, never in the workspace.
    const out = path.join(makeTemp('draft'), 'request.txt');
    const wrote = imgplan(['letters', 'draft', 'letter-1', '--out', out]);
    expect(wrote.status).toBe(0);
    expect(wrote.stderr).toBe(`Wrote ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(draft);
    expect(modeOf(out)).toBe(0o600);
    const again = imgplan(['letters', 'draft', 'letter-1', '--out', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
    const snapDraft = snapshot(home);
    const inside = imgplan(['letters', 'draft', 'letter-1', '--out', path.join(home, 'request.txt')]);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain('inside the workspace');
    expect(snapshot(home)).toEqual(snapDraft);

    // undo: letters.yaml, the plan and its base exactly as before the update; then before the letters.
    ok(imgplan(['undo']));
    expect(readFileSync(lettersFile)).toEqual(before.letters);
    expect(readFileSync(planFile)).toEqual(before.plan);
    expect(readFileSync(baseFile)).toEqual(before.base);
    // The hand edit made after `letters add letter-2` stops its undo until it is taken out.
    const blocked = imgplan(['undo']);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain('letters.yaml changed after "letters add letter-2"');
    writeFileSync(lettersFile, readFileSync(lettersFile, 'utf8').replace('  # met on the ward round, June\n', ''));
    ok(imgplan(['undo']));
    ok(imgplan(['undo']));
    expect(existsSync(lettersFile)).toBe(false);
    expect(readFileSync(planFile)).toEqual(initPlan);
  });
});
