// The person's own changes to tasks: done, skip, move (which pins), add, note. Each edits only
// what it changes in the plan file, and is one step in the history.
import { commitAndRemember } from '../store/remember.js';
import { addDays, daysBetween, parseCalendarDate, type CalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { Plan, Task, TaskStatus } from '../domain/plan.js';
import { changesSummary, renderChanges } from '../render/changes.js';
import { planChanges, readBase } from '../store/workspace.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';
import { findTask, loadPlan, openSession, regenerate, type Session } from './session.js';

export interface TaskOptions {
  plan?: string;
  json?: boolean;
}

function dateArg(flag: string, raw: string): CalendarDate {
  const d = parseCalendarDate(raw);
  if (d === null) throw new InputError('bad-date', `${flag} must be a real calendar date written yyyy-MM-dd, not "${raw}"`, [], `e.g. ${flag === 'DATE' ? '' : `${flag} `}2027-05-10`);
  return d;
}

const withTask = (plan: Plan, id: string, change: (t: Task) => Task): Plan => ({ ...plan, tasks: plan.tasks.map((t) => (t.id === id ? change(t) : t)) });

/** Saves `next` over the plan as read, leaving the generated base as it is. */
async function saveEdit(session: Session, deps: Deps, loaded: Awaited<ReturnType<typeof loadPlan>>, next: Plan, label: string): Promise<void> {
  const base = await readBase(session.ws, next.name);
  const [planChange] = planChanges(session.ws, next, base?.value ?? next, loaded, base);
  await commitAndRemember(session.ws, [planChange!], { label, date: deps.today(session.profile.value.timezone) });
}

function report(deps: Deps, opts: TaskOptions, task: Task, message: string): number {
  if (opts.json) printJson(deps, task);
  else deps.out(`${message}\n`);
  return 0;
}

export async function runSetStatus(id: string, status: TaskStatus, opts: TaskOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const loaded = await loadPlan(session, opts.plan);
  const task = findTask(loaded.value, id);
  const next = withTask(loaded.value, id, (t) => ({ ...t, status }));
  await saveEdit(session, deps, loaded, next, `${status === 'done' ? 'done' : status === 'skipped' ? 'skip' : 'reopen'} ${id}`);
  return report(deps, opts, findTask(next, id), `${status === 'todo' ? 'Reopened' : status === 'done' ? 'Done' : 'Skipped'}: ${task.title} (${id})`);
}

export async function runNote(id: string, text: string, opts: TaskOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const loaded = await loadPlan(session, opts.plan);
  findTask(loaded.value, id);
  const note = text.trim();
  if (note.length > 4000) throw new InputError('note-too-long', `a note may be at most 4000 characters, not ${note.length}`, [], 'shorten it, or keep the long text in a file of your own and note where it is');
  const next = withTask(loaded.value, id, (t) => ({ ...t, note: note || undefined }));
  await saveEdit(session, deps, loaded, next, `note ${id}`);
  return report(deps, opts, findTask(next, id), note ? `Noted on ${id}.` : `Removed the note on ${id}.`);
}

/** Moving pins the task, then the plan is regenerated around it. */
export async function runMove(id: string, date: string, opts: TaskOptions & { end?: string }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const loaded = await loadPlan(session, opts.plan);
  const task = findTask(loaded.value, id);
  const start = dateArg('DATE', date);
  const end = opts.end !== undefined ? dateArg('--end', opts.end) : addDays(start, daysBetween(task.start, task.end));
  if (end < start) throw new InputError('bad-span', `--end (${end}) is before DATE (${start})`, [], 'give --end a day on or after DATE, or leave --end out to keep the task\'s length');
  const today = deps.today(session.profile.value.timezone);
  if (task.status === 'todo' && start < today)
    throw new InputError('date-in-past', `${start} is before today (${today}); a task still to do cannot start in the past`, [], `mark it done instead: imgplan done ${id}`);
  const mine = withTask(loaded.value, id, (t) => ({ ...t, start, end, pinned: true }));
  const { plan, report: changes, changes: files } = await regenerate(session, deps, loaded, { mine });
  await commitAndRemember(session.ws, files, { label: `move ${id} to ${start}`, date: today, summary: [changesSummary(plan.name, changes)] });
  if (opts.json) {
    printJson(deps, findTask(plan, id));
    return 0;
  }
  const others = changes.moved.filter((m) => m.id !== id);
  deps.out(
    `Moved and pinned: ${task.title} (${id}), now ${start}${end !== start ? ` to ${end}` : ''}.\n` +
      (others.length || changes.added.length || changes.removed.length ? `${renderChanges(plan.name, { ...changes, moved: others }, { color: deps.color, width: deps.columns })}\n` : ''),
  );
  return 0;
}

/** "Call Dr. Lee" -> custom-call-dr-lee, unique within the plan. */
function customId(plan: Plan, title: string): string {
  const stem = `custom-${title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'task'}`;
  const ids = new Set(plan.tasks.map((t) => t.id));
  if (!ids.has(stem)) return stem;
  for (let n = 2; ; n++) if (!ids.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

export async function runAdd(title: string, opts: TaskOptions & { date: string; end?: string }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const loaded = await loadPlan(session, opts.plan);
  const clean = title.trim();
  // eslint-disable-next-line no-control-regex
  if (clean === '' || clean.length > 200 || /[\u0000-\u001f\u007f]/.test(clean))
    throw new InputError('bad-title', 'TITLE must be one line of 1 to 200 characters, without control characters', [], 'put the title in quotes: imgplan add "Call Dr. Lee" --date 2027-01-12');
  const start = dateArg('--date', opts.date);
  const end = opts.end !== undefined ? dateArg('--end', opts.end) : start;
  if (end < start) throw new InputError('bad-span', `--end (${end}) is before --date (${start})`, [], 'give --end a day on or after --date, or leave it out for a one-day task');
  const today = deps.today(session.profile.value.timezone);
  if (start < today) throw new InputError('date-in-past', `${start} is before today (${today}); a task still to do cannot start in the past`, [], `give --date ${today} or later`);
  const task: Task = { id: customId(loaded.value, clean), kind: 'custom', title: clean, start, end, status: 'todo', why: `Added by you on ${today}.`, dependsOn: [] };
  const at = loaded.value.tasks.findIndex((t) => t.start > start);
  const tasks = [...loaded.value.tasks];
  tasks.splice(at < 0 ? tasks.length : at, 0, task);
  await saveEdit(session, deps, loaded, { ...loaded.value, tasks }, `add ${task.id}`);
  return report(deps, opts, task, `Added: ${clean} (${task.id}), ${start}${end !== start ? ` to ${end}` : ''}.`);
}
