// What the tracker end-to-end tests (letters, outreach, the trackers in the plan) share: a run
// that must succeed quietly, and the tasks of a workspace's plan as saved.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RunResult } from './helpers.js';

export interface TaskData {
  id: string;
  kind: string;
  title: string;
  start: string;
  end: string;
  status: string;
}

/** `r`, once it has exited 0 with nothing on standard error. */
export function ok(r: RunResult): RunResult {
  expect(r.stderr, r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

/** The tasks of plan `name` in the workspace at `home`, read from plans/NAME.yaml. */
export const planTasks = (home: string, name = 'match-2028'): TaskData[] => (parseYaml(readFileSync(path.join(home, 'plans', `${name}.yaml`), 'utf8')) as { tasks: TaskData[] }).tasks;
