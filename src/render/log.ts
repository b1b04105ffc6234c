// The clinical log's views: the list of entries, the summary (counts and weeks of U.S. clinical
// experience) and the MyERAS Experiences drafts. Everything here is built from the entries'
// structured fields; a story's text never appears in a view, since it may hold patient details.
import { daysBetween, monthKey, monthLabel, type CalendarDate } from '../domain/dates.js';
// Types only, like text.ts: a value import of trackers.ts would load zod just to print.
import type { LogEntry } from '../domain/trackers.js';
import { plural } from './outreach.js';
import { createPalette } from './palette.js';
import { dateRange, effectiveWidth, words, wrapText, wrapWords, type Word } from './text.js';

/** MyERAS Experiences (AAMC, from the 2025 season): 10 experiences of 750 characters, 3 "most meaningful" with 300. */
export const ERAS_LIMITS = { experiences: 10, description: 750, meaningful: 3, reflection: 300 } as const;

const DRAFT_NOTE =
  "Drafts built from your log's structure (case types, procedures, teaching, settings), never from your stories. Rewrite each in your own words before you paste it into MyERAS; it holds 10 experiences in all, research and work included.";

/** A rotation the log can be about: one of the plan's, or a U.S. clinical experience in the profile. */
export interface Experience {
  /** The plan's task id (rotation-1), or usce-N for the profile's Nth experience. */
  id: string;
  source: 'plan' | 'profile';
  /** "Observership: Internal Medicine", or the plan task's title. */
  title: string;
  /** "Observership", "Hands-on externship". */
  kind: string;
  specialty?: string;
  institution?: string;
  start: CalendarDate;
  end: CalendarDate;
  /** Done (the profile's, or a plan task marked done), rather than still ahead. */
  done: boolean;
}

/** The experience an entry belongs to: its rotation, else the profile experience its date falls in. */
export function experienceOf(entry: LogEntry, experiences: readonly Experience[]): Experience | undefined {
  if (entry.rotation !== undefined) return experiences.find((x) => x.id === entry.rotation);
  return experiences.find((x) => x.source === 'profile' && x.start <= entry.date && entry.date <= x.end);
}

export interface Counted {
  name: string;
  count: number;
}

/** "lumbar-puncture" and "Lumbar puncture" are one procedure; the first spelling seen names it. */
const keyOf = (name: string): string => name.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
/** A procedure typed as a flag (observed:lumbar-puncture) reads as words. */
const procedureLabel = (name: string): string => (/\s/.test(name.trim()) ? name.trim() : name.trim().replace(/[-_]+/g, ' '));

/** How often each name occurs, the most frequent first, then alphabetically. */
export function tally(names: readonly string[], label: (name: string) => string = (n) => n.trim()): Counted[] {
  const byKey = new Map<string, Counted>();
  for (const name of names) {
    const seen = byKey.get(keyOf(name));
    if (seen) seen.count++;
    else byKey.set(keyOf(name), { name: label(name), count: 1 });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || keyOf(a.name).localeCompare(keyOf(b.name)));
}

export interface ProcedureCount {
  name: string;
  observed: number;
  assisted: number;
}

/** Each procedure of the entries with how often it was observed and assisted, the most frequent first. */
export function procedureCounts(entries: readonly LogEntry[]): ProcedureCount[] {
  const procs = new Map<string, ProcedureCount>();
  for (const pr of entries.flatMap((e) => e.procedures)) {
    const row = procs.get(keyOf(pr.name)) ?? { name: procedureLabel(pr.name), observed: 0, assisted: 0 };
    row[pr.role]++;
    procs.set(keyOf(pr.name), row);
  }
  return [...procs.values()].sort((a, b) => b.observed + b.assisted - (a.observed + a.assisted) || keyOf(a.name).localeCompare(keyOf(b.name)));
}

const hasStory = (e: LogEntry): boolean => (e.story ?? '').trim() !== '';
const byDate = (a: LogEntry, b: LogEntry): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id.localeCompare(b.id, 'en', { numeric: true }));

// ---- List -------------------------------------------------------------------------------------

/** One entry as listed: the structure and counts, never the story. */
export interface LogRow {
  id: string;
  date: CalendarDate;
  rotation?: string;
  setting?: string;
  caseType: string;
  procedures: LogEntry['procedures'];
  teaching: string[];
  /** Whether it has a story; the story itself is never listed. */
  hasStory: boolean;
  phiConfirmed: boolean;
}

export function logRows(entries: readonly LogEntry[]): LogRow[] {
  return [...entries].sort(byDate).map((e) => ({
    id: e.id,
    date: e.date,
    ...(e.rotation !== undefined ? { rotation: e.rotation } : {}),
    ...(e.setting !== undefined ? { setting: e.setting } : {}),
    caseType: e.caseType,
    procedures: e.procedures,
    teaching: e.teaching,
    hasStory: hasStory(e),
    phiConfirmed: e.phiConfirmed === true,
  }));
}

/** "2 procedures · 1 teaching session · a story" */
export function rowCounts(row: LogRow): string {
  return [plural(row.procedures.length, 'procedure'), plural(row.teaching.length, 'teaching session'), row.hasStory ? 'a story' : 'no story'].join(' · ');
}

export function renderLogList(rows: readonly LogRow[], opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  if (rows.length === 0) return wrapText('The clinical log is empty. Add an entry with: imgplan log add', width).join('\n');
  const out = [p.heading(`Clinical log: ${plural(rows.length, 'entry', 'entries')}`)];
  for (const r of rows)
    out.push(
      ...wrapWords(
        [
          { text: r.date, paint: p.accent },
          { text: r.rotation ?? 'no rotation', paint: p.dim, gap: 2 },
          ...words(r.caseType).map((w, i) => (i === 0 ? { ...w, gap: 2 } : w)),
          ...words(`(${rowCounts(r)})`, p.dim),
          { text: r.id, paint: p.dim, gap: 2 },
        ],
        width,
        '  ',
        '      ',
      ),
    );
  return out.join('\n');
}

// ---- Summary ----------------------------------------------------------------------------------

export interface UsceSpan {
  id: string;
  title: string;
  start: CalendarDate;
  end: CalendarDate;
  weeks: number;
}

export interface LogSummary {
  /** The rotation the counts are limited to, if any. */
  rotation?: string;
  entries: number;
  first?: CalendarDate;
  last?: CalendarDate;
  stories: number;
  caseTypes: Counted[];
  procedures: ProcedureCount[];
  rotations: { rotation: string | null; title?: string; count: number }[];
  settings: Counted[];
  teaching: { sessions: number; kinds: Counted[] };
  months: { month: string; count: number }[];
  /** Weeks of U.S. clinical experience: the profile's and the plan's finished rotations, days they share (`overlap`) counted once. */
  usce: { weeks: number; spans: UsceSpan[]; overlap: boolean };
}

/** Days to weeks, to one decimal: a span is counted inclusively, so 6 to 31 October is 26 days, 3.7 weeks. */
const toWeeks = (days: number): number => Math.round((days / 7) * 10) / 10;
const spanDays = (s: { start: CalendarDate; end: CalendarDate }): number => daysBetween(s.start, s.end) + 1;

/** Days covered by the spans, a day two of them share counted once. */
function unionDays(spans: readonly { start: CalendarDate; end: CalendarDate }[]): number {
  const sorted = [...spans].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let days = 0;
  let reach: CalendarDate | undefined;
  for (const s of sorted) {
    if (reach === undefined || s.start > reach) days += spanDays(s);
    else if (s.end > reach) days += daysBetween(reach, s.end);
    if (reach === undefined || s.end > reach) reach = s.end;
  }
  return days;
}

export function logSummary(input: { entries: readonly LogEntry[]; experiences: readonly Experience[]; rotation?: string }): LogSummary {
  const entries = [...input.entries].filter((e) => input.rotation === undefined || e.rotation === input.rotation).sort(byDate);
  const title = (id: string) => input.experiences.find((x) => x.id === id)?.title;
  const done = input.experiences.filter((x) => x.done);
  return {
    ...(input.rotation !== undefined ? { rotation: input.rotation } : {}),
    entries: entries.length,
    ...(entries.length ? { first: entries[0]!.date, last: entries[entries.length - 1]!.date } : {}),
    stories: entries.filter(hasStory).length,
    caseTypes: tally(entries.map((e) => e.caseType)),
    procedures: procedureCounts(entries),
    rotations: tally(entries.map((e) => e.rotation ?? '')).map(({ name, count }) => {
      const t = name === '' ? undefined : title(name);
      return { rotation: name === '' ? null : name, ...(t !== undefined ? { title: t } : {}), count };
    }),
    settings: tally(entries.map((e) => e.setting ?? 'not recorded')),
    teaching: { sessions: entries.reduce((n, e) => n + e.teaching.length, 0), kinds: tally(entries.flatMap((e) => e.teaching)) },
    months: [...new Set(entries.map((e) => monthKey(e.date)))].sort().map((month) => ({ month, count: entries.filter((e) => monthKey(e.date) === month).length })),
    usce: {
      weeks: toWeeks(unionDays(done)),
      spans: done.map((x) => ({ id: x.id, title: x.title, start: x.start, end: x.end, weeks: toWeeks(spanDays(x)) })),
      overlap: unionDays(done) < done.reduce((n, x) => n + spanDays(x), 0),
    },
  };
}

/** Label and number rows, the numbers lined up after the longest label that fits. */
function countRows(rows: readonly [string, string][], width: number, paint: (s: string) => string): string[] {
  const labelWidth = Math.min(Math.max(0, ...rows.map(([l]) => [...l].length)), Math.max(10, width - 24));
  return rows.flatMap(([label, value]) => {
    const lines = wrapText(label, labelWidth + 2, '  ', '    ');
    const last = lines.pop() ?? '  ';
    return [...lines, `${last.padEnd(labelWidth + 2)}  ${paint(value)}`];
  });
}

export function renderLogSummary(s: LogSummary, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out: string[] = [];
  const head = `Clinical log${s.rotation !== undefined ? ` for ${s.rotation}` : ''}: ${plural(s.entries, 'entry', 'entries')}`;
  out.push(
    ...wrapWords(
      [{ text: head, paint: p.heading }, ...(s.first && s.last ? words(`(${dateRange(s.first, s.last, true)}), ${plural(s.stories, 'story', 'stories')}`, p.dim) : [])],
      width,
      '',
      '  ',
    ),
  );

  out.push('', p.heading(`U.S. clinical experience: ${plural(s.usce.weeks, 'week')}`));
  if (s.usce.spans.length === 0) out.push(...wrapText('None done yet: the profile lists none, and no rotation of the plan is marked done.', width, '  ', '  ', p.dim));
  out.push(...countRows(s.usce.spans.map((x) => [`${x.title}, ${dateRange(x.start, x.end, true)}`, plural(x.weeks, 'week')]), width, p.accent));
  if (s.usce.overlap) out.push(...wrapText('Rotations that overlap are counted once.', width, '  ', '  ', p.dim));
  if (s.entries === 0) {
    out.push('', ...wrapText(s.rotation !== undefined ? `No entries for ${s.rotation} yet.` : 'No entries yet. Add one with: imgplan log add', width));
    return out.join('\n');
  }

  const section = (title: string, rows: [string, string][]) => {
    if (rows.length) out.push('', p.heading(title), ...countRows(rows, width, p.accent));
  };
  section('Case types', s.caseTypes.map((c) => [c.name, String(c.count)]));
  section(
    'Procedures',
    s.procedures.map((pr) => [pr.name, [pr.observed ? `${pr.observed} observed` : '', pr.assisted ? `${pr.assisted} assisted` : ''].filter(Boolean).join(', ')]),
  );
  section(`Teaching sessions and conferences: ${s.teaching.sessions}`, s.teaching.kinds.map((c) => [c.name, String(c.count)]));
  if (s.rotation === undefined) section('By rotation', s.rotations.map((r) => [r.rotation === null ? 'outside the plan' : `${r.rotation}${r.title ? ` (${r.title})` : ''}`, String(r.count)]));
  section('By setting', s.settings.map((c) => [c.name, String(c.count)]));
  section('By month', s.months.map((m) => [monthLabel(`${m.month}-01` as CalendarDate), String(m.count)]));
  return out.join('\n');
}

// ---- MyERAS drafts ----------------------------------------------------------------------------

export interface ErasExperienceDraft {
  id: string;
  title: string;
  institution?: string;
  specialty?: string;
  start: CalendarDate;
  end: CalendarDate;
  done: boolean;
  entries: number;
  stories: number;
  description: string;
  descriptionChars: number;
}

export interface ErasMeaningfulDraft {
  id: string;
  title: string;
  stories: number;
  reflection: string;
  reflectionChars: number;
}

export interface ErasDrafts {
  draft: true;
  note: string;
  limits: typeof ERAS_LIMITS;
  experiences: ErasExperienceDraft[];
  /** Older experiences left out to keep within the limit. */
  leftOut: string[];
  meaningful: ErasMeaningfulDraft[];
}

/** Characters as MyERAS counts them: each letter once, accented or not. */
const chars = (text: string): number => [...text].length;

/** `text` cut at a word boundary to at most `limit` characters, "..." marking the cut. */
export function trimToLimit(text: string, limit: number): string {
  if (chars(text) <= limit) return text;
  const cut = [...text].slice(0, limit - 3).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s,;:.(]+$/, '')}...`;
}

const SETTING_WORDS: Record<string, string> = {
  inpatient: 'inpatient wards',
  outpatient: 'outpatient clinics',
  emergency: 'the emergency department',
  icu: 'intensive care',
  'operating-room': 'the operating room',
  community: 'community settings',
  telehealth: 'telehealth',
};

const counted = (cs: readonly Counted[]): string => cs.map((c) => (c.count > 1 ? `${c.name} (${c.count})` : c.name)).join(', ');

function description(x: Experience, entries: readonly LogEntry[]): string {
  const settings = tally(entries.flatMap((e) => (e.setting !== undefined && SETTING_WORDS[e.setting] ? [SETTING_WORDS[e.setting]!] : [])));
  const sentences = [
    `${x.kind}${x.specialty ? ` in ${x.specialty}` : ''}${x.institution ? ` at ${x.institution}` : ''}, ${plural(toWeeks(spanDays(x)), 'week')}${settings.length ? `, in ${settings.map((s) => s.name).join(', ')}` : ''}.`,
  ];
  const cases = tally(entries.map((e) => e.caseType));
  if (cases.length) sentences.push(`Cases: ${counted(cases)}.`);
  for (const role of ['assisted', 'observed'] as const) {
    const done = tally(
      entries.flatMap((e) => e.procedures.filter((pr) => pr.role === role).map((pr) => pr.name)),
      procedureLabel,
    );
    if (done.length) sentences.push(`Procedures ${role}: ${counted(done)}.`);
  }
  const teaching = tally(entries.flatMap((e) => e.teaching));
  if (teaching.length) sentences.push(`Teaching and conferences: ${counted(teaching)}.`);
  return trimToLimit(sentences.join(' '), ERAS_LIMITS.description);
}

function reflection(x: Experience, entries: readonly LogEntry[]): string {
  const stories = entries.filter(hasStory);
  const cases = tally(stories.map((e) => e.caseType)).slice(0, 3);
  const where = `your ${x.specialty ? `${x.specialty} ` : ''}${x.kind.toLowerCase()}`;
  const text =
    `You logged ${plural(stories.length, 'story', 'stories')} in ${where} (${cases.map((c) => c.name).join(', ')}). ` +
    `${stories.length > 1 ? 'Pick the one that changed you most' : 'Start from it'}: what happened, what you did and why, what you learned, and what you do differently now.`;
  return trimToLimit(text, ERAS_LIMITS.reflection);
}

export function erasDrafts(input: { entries: readonly LogEntry[]; experiences: readonly Experience[] }): ErasDrafts {
  const of = new Map<string, LogEntry[]>();
  for (const e of input.entries) {
    const x = experienceOf(e, input.experiences);
    if (x) of.set(x.id, [...(of.get(x.id) ?? []), e]);
  }
  const newestFirst = [...input.experiences].sort((a, b) => (a.end > b.end ? -1 : a.end < b.end ? 1 : a.id.localeCompare(b.id)));
  const kept = newestFirst.slice(0, ERAS_LIMITS.experiences);
  const experiences = kept.map((x): ErasExperienceDraft => {
    const entries = of.get(x.id) ?? [];
    const text = description(x, entries);
    return {
      id: x.id,
      title: x.title,
      ...(x.institution !== undefined ? { institution: x.institution } : {}),
      ...(x.specialty !== undefined ? { specialty: x.specialty } : {}),
      start: x.start,
      end: x.end,
      done: x.done,
      entries: entries.length,
      stories: entries.filter(hasStory).length,
      description: text,
      descriptionChars: chars(text),
    };
  });
  const meaningful = kept
    .map((x) => ({ x, entries: of.get(x.id) ?? [] }))
    .map((m) => ({ ...m, stories: m.entries.filter(hasStory).length }))
    .filter((m) => m.stories > 0)
    .sort((a, b) => b.stories - a.stories || b.entries.length - a.entries.length)
    .slice(0, ERAS_LIMITS.meaningful)
    .map(({ x, entries, stories }): ErasMeaningfulDraft => {
      const text = reflection(x, entries);
      return { id: x.id, title: x.title, stories, reflection: text, reflectionChars: chars(text) };
    });
  return { draft: true, note: DRAFT_NOTE, limits: ERAS_LIMITS, experiences, leftOut: newestFirst.slice(ERAS_LIMITS.experiences).map((x) => x.id), meaningful };
}

export function renderErasDrafts(d: ErasDrafts, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const count = (n: number, limit: number): Word => ({ text: `${n}/${limit} characters`, paint: n <= limit ? p.dim : p.error, gap: 2 });
  const out = [p.heading(`MyERAS Experiences: ${plural(d.experiences.length, 'draft')}`), ...wrapText(d.note, width, '', '', p.warn)];
  if (d.experiences.length === 0) out.push('', ...wrapText('There is no rotation yet: the plan has none and the profile lists no U.S. clinical experience.', width));
  for (const x of d.experiences) {
    out.push(
      '',
      ...wrapWords(
        [...words(x.title, p.bold), { text: `(${x.id})`, paint: p.dim }, ...(x.done ? [] : [{ text: 'planned', paint: p.warn, gap: 2 }])],
        width,
        '',
        '  ',
      ),
      ...wrapText(`${x.institution ?? '[institution]'} · ${x.specialty ?? '[specialty]'} · ${dateRange(x.start, x.end, true)} · ${plural(x.entries, 'log entry', 'log entries')}`, width, '  ', '  ', p.dim),
      ...wrapWords([...words('Description'), count(x.descriptionChars, d.limits.description)], width, '  ', '  '),
      ...wrapText(x.description, width, '    ', '    '),
    );
  }
  if (d.leftOut.length)
    out.push('', ...wrapText(`Left out to keep within ${d.limits.experiences} experiences (the oldest): ${d.leftOut.join(', ')}.`, width, '', '  ', p.warn));
  out.push('', p.heading(`Most meaningful: ${plural(d.meaningful.length, 'candidate')} of ${d.limits.meaningful}`));
  if (d.meaningful.length === 0) out.push(...wrapText('No rotation has a story in the log yet; the rotations with the most stories are suggested here.', width, '  ', '  ', p.dim));
  for (const m of d.meaningful)
    out.push(
      ...wrapWords([...words(`${m.title} (${m.id}), ${plural(m.stories, 'story', 'stories')}`), count(m.reflectionChars, d.limits.reflection)], width, '  ', '    '),
      ...wrapText(m.reflection, width, '    ', '    '),
    );
  return out.join('\n');
}
