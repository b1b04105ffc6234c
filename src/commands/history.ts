// `imgplan history` and `imgplan undo`: the changes imgplan made to the workspace, and reversing
// the newest one exactly.
import { listHistory, recoverIfNeeded, undoLast } from '../store/history.js';
import { workspaceAt } from '../store/workspace.js';
import { createPalette } from '../render/palette.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';

export async function runHistory(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const ws = workspaceAt(deps.home);
  await recoverIfNeeded(ws.home);
  const entries = (await listHistory(ws.home)).reverse();
  if (opts.json) {
    printJson(deps, entries.map(({ seq, label, date, summary, files }) => ({ seq, label, date, summary, files: files.map((f) => f.path) })));
    return 0;
  }
  if (entries.length === 0) {
    deps.out('No changes recorded yet.\n');
    return 0;
  }
  const p = createPalette(deps.color);
  const lines = entries.flatMap((e, i) => [
    `${p.accent(`#${e.seq}`)}  ${e.date}  ${e.label}${i === 0 ? p.dim('  (imgplan undo reverses this)') : ''}`,
    ...e.summary.map((s) => `      ${s}`),
    p.dim(`      files: ${e.files.map((f) => f.path).join(', ')}`),
  ]);
  deps.out(`${lines.join('\n')}\n`);
  return 0;
}

export async function runUndo(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const ws = workspaceAt(deps.home);
  const entry = await undoLast(ws.home, deps.today());
  if (opts.json) printJson(deps, { undone: { seq: entry.seq, label: entry.label, date: entry.date }, files: entry.files.map((f) => f.path) });
  else deps.out(`Undone: ${entry.label} (#${entry.seq}, ${entry.date}). Restored ${entry.files.map((f) => f.path).join(', ')}.\n`);
  return 0;
}
