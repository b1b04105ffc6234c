// The trackers feeding the plan, through the built binary: a letter received and uploaded and a
// rotation confirmed with its host show in the plan, in `status` (text and JSON) and in every
// export (Markdown, iCalendar, JSON, HTML); the staying-in-touch tasks name the people the
// trackers know, each from when they are known; vet's --json verdict is saved on the contact.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cleanupTemps, EXAMPLE_PROFILE, makeTemp, run } from './helpers.js';
import { ok, planTasks, type TaskData } from './tracker-kit.js';

afterAll(cleanupTemps);
// One workspace taken through some twenty runs of the binary.
vi.setConfig({ testTimeout: 90_000 });

const HOST = "St. Mary's Hospital";

describe('trackers flow into the plan, status and the exports', () => {
  it('a confirmed rotation and an uploaded letter reach status and every export, and the updates name who is known by then', () => {
    const home = makeTemp('trackers');
    const imgplan = (...args: string[]) => run(['--home', home, ...args]);
    const tasks = () => planTasks(home);
    const task = (id: string) => tasks().find((t) => t.id === id);
    const yamlOf = <T>(file: string) => parseYaml(readFileSync(path.join(home, file), 'utf8')) as T;
    ok(imgplan('init', '--profile', EXAMPLE_PROFILE));

    // A mentor asked already, and a writer from the rotation the outreach confirms.
    ok(imgplan('letters', 'add', '--writer', 'Ada Obi', '--title', 'Prof.', '--stage', 'requested', '--date', '2026-11-20'));
    ok(imgplan('letters', 'add', '--writer', 'Sarah Chen', '--title', 'Dr.', '--rotation', 'rotation-2', '--specialty-specific'));
    ok(imgplan('outreach', 'add', HOST, '--contact', 'Dr. Ada Lee', '--fee', '500', '--date', '2026-11-20'));
    ok(imgplan('outreach', 'update', 'outreach-1', '--status', 'offered', '--date', '2026-11-24'));
    ok(imgplan('outreach', 'update', 'outreach-1', '--status', 'confirmed', '--start', '2027-03-01', '--end', '2027-03-19', '--rotation', 'rotation-2'));
    expect(yamlOf<{ contacts: Record<string, unknown>[] }>('outreach.yaml').contacts).toStrictEqual([
      { id: 'outreach-1', institution: HOST, contact: 'Dr. Ada Lee', channel: 'email', status: 'confirmed', feeUsd: 500, sent: '2026-11-20', replied: '2026-11-24', rotation: 'rotation-2', start: '2027-03-01', end: '2027-03-19' },
    ]);
    expect(task('rotation-2')).toMatchObject({ start: '2027-03-01', end: '2027-03-19', title: `Observational rotation 2: Internal Medicine at ${HOST}` });

    // vet --json: the verdict with its reasons, saved on the contact.
    const vet = JSON.parse(ok(imgplan('vet', 'outreach-1', '--run-by', 'hospital', '--hands-on', 'no', '--supervised', 'yes', '--covers', 'malpractice,emr,admin', '--reviews', 'yes', '--promises-residency', 'no', '--json')).stdout) as Record<string, unknown>;
    expect(vet).toMatchObject({ id: 'outreach-1', institution: HOST, saved: true, verdict: 'ok', checkedOn: '2026-11-25', answers: { feeUsd: 500, covers: 'malpractice,emr,admin', runBy: 'hospital' } });
    expect((vet.reasons as string[]).length).toBeGreaterThan(3);
    expect(yamlOf<{ contacts: { vetting: unknown }[] }>('outreach.yaml').contacts[0]!.vetting).toStrictEqual({ verdict: vet.verdict, reasons: vet.reasons, checkedOn: '2026-11-25', answers: vet.answers });

    // Staying in touch: each update goes to the people known by then. The OET result (early 2027)
    // comes before the rotation, so only the mentor asked in November hears of it.
    const oet = task('keep-in-touch-oet')!;
    expect(oet.title).toBe('Tell Ada Obi your OET Medicine result');
    expect(oet.kind).toBe('thank-you');
    expect(task('keep-in-touch-step2ck')!.title).toBe('Tell Ada Obi, Sarah Chen, Dr. Ada Lee and 1 more your USMLE Step 2 CK result');
    expect(task('keep-in-touch-match')!.title).toBe('Share your Match result with Ada Obi, Sarah Chen, Dr. Ada Lee and 1 more');
    expect(task('thank-you-rotation-2')).toMatchObject({ start: '2027-03-20' });

    // The letter from the confirmed rotation: received, then uploaded.
    ok(imgplan('letters', 'update', 'letter-2', '--stage', 'received', '--date', '2026-11-25'));
    const status = JSON.parse(ok(imgplan('status', '--json')).stdout) as { progress: { lettersSecured: number }; outreach: { confirmed: number } };
    // The profile's U.S. letter and the received one, as `letters list` counts them.
    expect(status.progress.lettersSecured).toBe(2);
    expect((JSON.parse(ok(imgplan('letters', 'list', '--json')).stdout) as { counts: { secured: number } }).counts.secured).toBe(2);
    ok(imgplan('letters', 'update', 'letter-2', '--stage', 'uploaded', '--date', '2026-11-25'));
    expect(task('letter-upload-rotation-2')?.status).toBe('done');
    expect(task('letter-request-rotation-2')?.status).toBe('done');
    expect(yamlOf<{ letters: Record<string, unknown>[] }>('letters.yaml').letters[1]).toMatchObject({ id: 'letter-2', stage: 'uploaded', received: '2026-11-25', uploaded: '2026-11-25', rotation: 'rotation-2' });

    const text = ok(imgplan('status')).stdout;
    expect(text).toMatch(/ {2}Letters +2 of 4 secured\n/);
    expect(text).toMatch(/ {2}Outreach +1 sent · 1 reply \(100%\) · 1 confirmed/);

    // Every export carries the host on its rotation and the upload as done.
    const md = ok(imgplan('export', '--format', 'md')).stdout;
    expect(md).toContain(`Observational rotation 2: Internal Medicine at ${HOST}`.replace(':', '∶'));
    expect(md).toMatch(/^- \[x\] \*\*Letter from rotation 2 uploaded to ERAS\*\*/m);
    expect(md).toContain('Tell Ada Obi your OET Medicine result');
    const ics = ok(imgplan('export', '--format', 'ics')).stdout.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`SUMMARY:Observational rotation 2: Internal Medicine at ${HOST}\r\n`);
    expect(ics).toContain('DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270320\r\n');
    expect(ics).toContain('SUMMARY:✓ Letter from rotation 2 uploaded to ERAS\r\n');
    const json = JSON.parse(ok(imgplan('export', '--format', 'json')).stdout) as { tasks: TaskData[] };
    expect(json.tasks.find((t) => t.id === 'rotation-2')).toMatchObject({ title: `Observational rotation 2: Internal Medicine at ${HOST}`, start: '2027-03-01', end: '2027-03-19' });
    expect(json.tasks.find((t) => t.id === 'letter-upload-rotation-2')).toMatchObject({ status: 'done' });
    const html = ok(imgplan('export', '--format', 'html')).stdout;
    expect(html).toContain(`Observational rotation 2: Internal Medicine at St. Mary&#39;s Hospital`);
    expect(html).toMatch(/Letter from rotation 2 uploaded to ERAS: [^<]*\(done\)/);
  });
});
