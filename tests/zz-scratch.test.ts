import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { calendarDate } from '../src/domain/dates.js';
import { generatePlan } from '../src/engine/index.js';
import { referenceData } from '../src/reference/index.js';
import { parseProfile } from '../src/store/workspace.js';
import { planToYaml } from '../src/store/serialize.js';
it('x', () => {
  const profile = parseProfile('p', readFileSync('data/examples/profile.yaml', 'utf8')).value;
  const t0 = performance.now();
  let p;
  for (let i = 0; i < 100; i++) p = generatePlan({ profile, data: referenceData(), today: calendarDate('2026-11-25'), name: 'match-2028' });
  console.log('ms per plan', (performance.now() - t0) / 100);
  console.log(p!.tasks.map((t) => `${t.id} ${t.start} ${t.end} [${t.dependsOn}]`).join('\n'));
  console.log(planToYaml(p!).split('\n').slice(0, 60).join('\n'));
});
