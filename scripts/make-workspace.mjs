// Builds a workspace for benchmarks and stress tests with the built binary and plain YAML writes:
//   node scripts/make-workspace.mjs DIR realistic|large
// realistic: the example profile, its plan, a what-if plan, and a few tracker entries.
// large: 3 plans, 5,000 clinical log entries, 200 letters, 200 outreach contacts and 1,000
// custom tasks, to check that nothing grows worse than linearly.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dir, size = 'realistic'] = process.argv.slice(2);
if (!dir || !['realistic', 'large'].includes(size)) {
  console.error('usage: node scripts/make-workspace.mjs DIR realistic|large');
  process.exit(2);
}
const TODAY = '2026-11-25';
const env = { ...process.env, IMGPLAN_TODAY: TODAY, NO_COLOR: '1' };
// IMGPLAN_BIN: the imgplan to build it with (bench.mjs passes its frozen copy).
const bin = process.env.IMGPLAN_BIN ?? path.join(root, 'bin', 'imgplan.cjs');
const imgplan = (...args) => execFileSync(process.execPath, [bin, '--home', dir, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });

mkdirSync(dir, { recursive: true, mode: 0o700 });
imgplan('init', '--profile', path.join(root, 'data', 'examples', 'profile.yaml'));
imgplan('plan', 'new', 'match-2029', '--match-year', '2029');
if (size === 'large') imgplan('plan', 'new', 'long-rotations', '--weeks', '8', '--externships', '2');

const n = size === 'large' ? { log: 5000, letters: 200, outreach: 200, custom: 1000 } : { log: 40, letters: 3, outreach: 12, custom: 5 };
const day = (i) => {
  const d = new Date(Date.UTC(2025, 0, 1 + (i % 600)));
  return d.toISOString().slice(0, 10);
};
const write = (file, value) => writeFileSync(path.join(dir, file), stringify(value, { lineWidth: 0 }), { mode: 0o600 });

const cases = ['community-acquired pneumonia', 'heart failure exacerbation', 'diabetic ketoacidosis', 'COPD exacerbation', 'sepsis', 'acute kidney injury', 'stroke work-up', 'cellulitis'];
write('log.yaml', {
  schemaVersion: 1,
  entries: Array.from({ length: n.log }, (_, i) => ({
    id: `log-${i + 1}`,
    date: day(i),
    rotation: `rotation-${(i % 3) + 1}`,
    setting: i % 2 ? 'inpatient' : 'outpatient',
    caseType: cases[i % cases.length],
    procedures: i % 4 === 0 ? [{ name: 'paracentesis', role: 'observed' }] : [],
    teaching: i % 5 === 0 ? ['Morning report'] : [],
    ...(i % 10 === 0 ? { story: 'Saw how the team weighed goals of care with the family over two meetings.\nLearned to summarise the plan in plain words.' } : {}),
  })),
});
write('letters.yaml', {
  schemaVersion: 1,
  letters: Array.from({ length: n.letters }, (_, i) => ({
    id: `letter-${i + 1}`,
    writer: `Dr. Writer ${i + 1}`,
    institution: `Teaching Hospital ${(i % 20) + 1}`,
    specialtySpecific: i % 2 === 0,
    stage: i % 3 === 0 ? 'uploaded' : 'requested',
    requested: day(i + 300),
    ...(i % 3 === 0 ? { uploaded: day(i + 340) } : {}),
  })),
});
write('outreach.yaml', {
  schemaVersion: 1,
  contacts: Array.from({ length: n.outreach }, (_, i) => ({
    id: `outreach-${i + 1}`,
    institution: `Community Clinic ${i + 1}`,
    channel: 'email',
    status: i % 7 === 0 ? 'replied' : 'sent',
    sent: day(i + 320),
    ...(i % 7 === 0 ? { replied: day(i + 330) } : {}),
  })),
});

// Custom tasks go straight into the plan file, after the plan and its base exist.
const planFile = path.join(dir, 'plans', 'match-2028.yaml');
const plan = parse(readFileSync(planFile, 'utf8'));
for (let i = 0; i < n.custom; i++)
  plan.tasks.push({ id: `custom-task-${i + 1}`, kind: 'custom', title: `My own task ${i + 1}`, start: day(i + 700), end: day(i + 700), status: 'todo', why: 'Added by me.', dependsOn: [] });
writeFileSync(planFile, stringify(plan, { lineWidth: 0 }), { mode: 0o600 });
// One regeneration so the plans know the trackers; later runs of regenerate change nothing.
imgplan('regenerate');
console.log(`${size} workspace in ${dir}: ${n.log} log entries, ${n.letters} letters, ${n.outreach} outreach contacts, ${n.custom} custom tasks`);
