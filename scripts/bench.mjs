// npm run bench: imgplan's commands timed as whole processes, interleaved with `node -e 0` so
// each is reported as a ratio to Node's own start-up on this machine; peak memory; how times grow
// from a realistic to a large workspace; and the engine alone, in plans per second.
// NODE_EXTRA_CA_CERTS is removed from the environment: it adds its cost to every Node start.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { yamlToModule } from './yaml-module.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
if (!existsSync(path.join(root, 'dist', 'imgplan.cjs'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

const tmp = mkdtempSync(path.join(os.tmpdir(), 'imgplan-bench-'));
// The build as it is now, copied: a rebuild in another terminal during the minutes this takes must
// not mix two builds (nor invalidate the code cache or the parse cache half-way).
const frozen = path.join(tmp, 'imgplan');
for (const sub of ['bin', 'dist']) mkdirSync(path.join(frozen, sub), { recursive: true });
for (const file of ['bin/imgplan.cjs', 'dist/imgplan.cjs', 'dist/imgplan.v8cache', 'package.json'])
  if (existsSync(path.join(root, file))) copyFileSync(path.join(root, file), path.join(frozen, file));
symlinkSync(path.join(root, 'data'), path.join(frozen, 'data'));
const bin = path.join(frozen, 'bin', 'imgplan.cjs');
const codeCache = existsSync(path.join(frozen, 'dist', 'imgplan.v8cache'));

// The parse cache (src/store/parse-cache.ts) lives in the user's cache folder: here, in tmp.
const env = { ...process.env, IMGPLAN_TODAY: '2026-11-25', NO_COLOR: '1', XDG_CACHE_HOME: path.join(tmp, 'cache'), IMGPLAN_BIN: bin };
delete env.NODE_EXTRA_CA_CERTS;
const homes = { realistic: path.join(tmp, 'realistic'), large: path.join(tmp, 'large') };
for (const [size, dir] of Object.entries(homes)) execFileSync(process.execPath, [path.join(root, 'scripts', 'make-workspace.mjs'), dir, size], { env, stdio: 'inherit' });
// A command keeps what it parsed for the next one: each "files edited" run gets an empty cache folder.
let emptyCaches = 0;
const noCache = () => ({ ...env, XDG_CACHE_HOME: path.join(tmp, 'no-cache', String(emptyCaches++)) });

const commands = {
  status: ['status'],
  // The same, with an empty parse cache: a workspace whose files were edited by hand since imgplan wrote them.
  'status, files edited': ['status'],
  show: ['show'],
  'show --json': ['show', '--json'],
  'export --format md': ['export', '--format', 'md'],
  regenerate: ['regenerate'],
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (args, runEnv = env) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: runEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
};

// Interleaved: every round runs node -e 0 and each command once, so drift hits all alike.
const samples = { 'node -e 0': [] };
for (let round = 0; round < RUNS; round++) {
  samples['node -e 0'].push(time(['-e', '0']));
  for (const [size, home] of Object.entries(homes))
    for (const [name, args] of Object.entries(commands)) (samples[`${name} (${size})`] ??= []).push(time([bin, '--home', home, ...args], name.endsWith('edited') ? noCache() : env));
}
const base = median(samples['node -e 0']);
const targets = { status: 1.5, 'status, files edited': 1.5, show: 1.5, 'show --json': 1.5, 'export --format md': 2, regenerate: 2 };

console.log(`\nimgplan ${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version} on Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${RUNS} interleaved runs, medians`);
console.log(`node -e 0: ${base.toFixed(1)} ms; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; V8 code cache ${codeCache ? 'on' : 'off'}\n`);
console.log('command'.padEnd(22), 'realistic'.padStart(10), 'ratio'.padStart(6), 'large'.padStart(10), 'ratio'.padStart(6), 'large/real'.padStart(11), 'target'.padStart(7));
for (const name of Object.keys(commands)) {
  const r = median(samples[`${name} (realistic)`]);
  const l = median(samples[`${name} (large)`]);
  console.log(name.padEnd(22), `${r.toFixed(1)} ms`.padStart(10), `${(r / base).toFixed(2)}×`.padStart(6), `${l.toFixed(1)} ms`.padStart(10), `${(l / base).toFixed(2)}×`.padStart(6), `${(l / r).toFixed(2)}`.padStart(11), `≤${targets[name]}×`.padStart(7));
}

// Peak memory (maximum resident set) of status on the large workspace against Node's own.
const peak = (args, runEnv = () => env) => {
  const kb = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env: runEnv(), encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    kb.push(Number(r.stderr.trim().split('\n').pop()));
  }
  return median(kb);
};
if (existsSync('/usr/bin/time')) {
  const nodePeak = peak(['-e', '0']);
  const statusPeak = peak([bin, '--home', homes.large, 'status']);
  const editedPeak = peak([bin, '--home', homes.large, 'status'], noCache);
  console.log(`\npeak memory: node -e 0 ${(nodePeak / 1024).toFixed(1)} MB, status (large) ${(statusPeak / 1024).toFixed(1)} MB, ratio ${(statusPeak / nodePeak).toFixed(2)}× (target ≤1.5×); files edited ${(editedPeak / 1024).toFixed(1)} MB, ${(editedPeak / nodePeak).toFixed(2)}×`);
}

// The engine alone, in process: plans generated per second for the example profile.
const entry = path.join(tmp, 'engine-bench.js');
await build({
  stdin: {
    contents: `
      import { generatePlan } from './src/engine/index.ts';
      import { referenceData } from './src/reference/index.ts';
      import { profileSchema } from './src/domain/profile.ts';
      import example from './data/examples/profile.yaml';
      const profile = profileSchema().parse(example);
      const data = referenceData();
      // Warm until V8 has settled its optimisations (about 3,000 plans), then five one-second rounds.
      for (let i = 0; i < 5000; i++) generatePlan({ profile, data, today: '2026-11-25', name: 'warm' });
      const rounds = [];
      for (let r = 0; r < 5; r++) {
        const end = performance.now() + 1000; let n = 0; const start = performance.now(); const cpu = process.cpuUsage();
        while (performance.now() < end) { generatePlan({ profile, data, today: '2026-11-25', name: 'b' }); n++; }
        const used = process.cpuUsage(cpu);
        rounds.push({ perSecond: Math.round(n / ((performance.now() - start) / 1000)), perCpuSecond: Math.round(n / ((used.user + used.system) / 1e6)) });
      }
      const mid = (k) => rounds.map((x) => x[k]).sort((a, b) => a - b)[2];
      console.log(JSON.stringify({ perSecond: mid('perSecond'), perCpuSecond: mid('perCpuSecond'), all: rounds.map((x) => x.perSecond) }));`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: entry,
  logLevel: 'error',
  define: { IMGPLAN_VERSION: '"bench"' },
  plugins: [{ name: 'yaml', setup: (b) => b.onLoad({ filter: /\.yaml$/ }, (a) => ({ contents: yamlToModule(readFileSync(a.path, 'utf8'), a.path), loader: 'js' })) }],
});
// Wall time counts the time other processes take the CPU from it; CPU time does not.
const { perSecond, perCpuSecond, all } = JSON.parse(execFileSync(process.execPath, [entry], { env, encoding: 'utf8' }));
console.log(`engine: ${perSecond.toLocaleString('en-US')} plans per second (median of 5 one-second rounds: ${all.map((n) => n.toLocaleString('en-US')).join(', ')}), ${perCpuSecond.toLocaleString('en-US')} per CPU second (target ≥10,000)`);
rmSync(tmp, { recursive: true, force: true });
