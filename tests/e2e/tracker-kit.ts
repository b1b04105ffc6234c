// What the end-to-end tests of a workspace lived in (letters, outreach, budget, the trackers in the
// plan, the living plan) share: a run that must succeed quietly, command lines that must be
// refused cleanly, and the tasks of a workspace's plan as saved.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { STACK_FRAME, type RunResult } from './helpers.js';

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

/**
 * Runs each command line with `imgplan` and expects it refused as bad input: exit 2, `imgplan:
 * MESSAGE` on standard error with no stack trace, nothing on standard output.
 */
export function expectRefused(imgplan: (args: string[]) => RunResult, refused: readonly (readonly [string[], string])[]): void {
  for (const [args, message] of refused) {
    const r = imgplan(args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stderr, args.join(' ')).toContain(`imgplan: ${message}`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stdout).toBe('');
  }
}

/** The tasks of plan `name` in the workspace at `home`, read from plans/NAME.yaml. */
export const planTasks = (home: string, name = 'match-2028'): TaskData[] => (parseYaml(readFileSync(path.join(home, 'plans', `${name}.yaml`), 'utf8')) as { tasks: TaskData[] }).tasks;
