// Flags the tracker commands (letters, outreach) check alike: a specialty id and a rotation of the
// plan, each refused with the nearest valid values as a hint.
import { InputError } from '../domain/errors.js';
import { nearest } from '../domain/nearest.js';
import type { Plan, Task } from '../domain/plan.js';
import { referenceData } from '../reference/index.js';
import { findTask } from './session.js';

/** "did you mean a, b?" for the values nearest `raw`, else `otherwise`. */
export function didYouMean(raw: string, values: readonly string[], otherwise: string): string {
  const guesses = nearest(raw, values);
  return guesses.length ? `did you mean ${guesses.join(', ')}?` : otherwise;
}

/** --specialty: a specialty id of the reference data. */
export function specialtyArg(raw: string): string {
  const ids = referenceData().specialties.specialties.map((s) => s.id);
  if (ids.includes(raw)) return raw;
  throw new InputError('unknown-specialty', `--specialty must be a specialty id such as internal-medicine, not "${raw}"`, [], didYouMean(raw, ids, `specialties: ${ids.join(', ')}`));
}

/** --rotation: the rotation task `id` of `plan` (an unknown id gets the nearest task ids). */
export function rotationArg(plan: Plan, id: string): Task {
  const task = findTask(plan, id);
  if (task.kind === 'externship') return task;
  const rotations = plan.tasks.filter((t) => t.kind === 'externship').map((t) => t.id);
  throw new InputError('not-a-rotation', `${id} is not a rotation in plan ${plan.name}`, [], rotations.length ? `--rotation takes one of the plan's rotations: ${rotations.join(', ')}` : 'this plan has no rotations; leave out --rotation');
}
