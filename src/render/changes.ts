// What a regeneration changed in a plan: added, removed and moved tasks, conflicts resolved the
// person's way, and notes; as terminal lines and as data for --json.
import type { MergeReport } from '../engine/merge.js';
import { createPalette } from './palette.js';
import { dateRange, effectiveWidth, wrapWords, words } from './text.js';

export interface ChangesJson {
  plan: string;
  added: { id: string; title: string; start: string; end: string }[];
  removed: { id: string; title: string }[];
  moved: { id: string; title: string; from: { start: string; end: string }; to: { start: string; end: string } }[];
  conflicts: string[];
  notes: string[];
}

export function changesJson(plan: string, r: MergeReport): ChangesJson {
  return {
    plan,
    added: r.added.map((t) => ({ id: t.id, title: t.title, start: t.start, end: t.end })),
    removed: r.removed.map((t) => ({ id: t.id, title: t.title })),
    moved: r.moved,
    conflicts: r.conflicts,
    notes: r.notes,
  };
}

/** One line of counts, for the history. */
export function changesSummary(plan: string, r: MergeReport): string {
  const parts = [
    r.added.length && `${r.added.length} added`,
    r.removed.length && `${r.removed.length} removed`,
    r.moved.length && `${r.moved.length} moved`,
    r.conflicts.length && `${r.conflicts.length} kept as you set them`,
  ].filter(Boolean);
  return `${plan}: ${parts.length ? parts.join(', ') : 'no changes'}`;
}

export function renderChanges(plan: string, r: MergeReport, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out = [p.heading(changesSummary(plan, r))];
  const line = (mark: string, paint: (s: string) => string, text: string, id?: string) =>
    out.push(...wrapWords([{ text: mark, paint }, ...words(text), ...(id ? [{ text: id, paint: p.dim, gap: 2 }] : [])], width, '  ', '    '));
  for (const t of r.added) line('+', p.ok, `${dateRange(t.start, t.end, true)}  ${t.title}`, t.id);
  for (const t of r.removed) line('-', p.error, t.title, t.id);
  for (const m of r.moved) line('~', p.accent, `${m.title}: ${dateRange(m.from.start, m.from.end, true)} → ${dateRange(m.to.start, m.to.end, true)}`, m.id);
  for (const c of r.conflicts) line('!', p.warn, c);
  for (const n of r.notes) line('·', p.dim, n);
  return out.join('\n');
}
