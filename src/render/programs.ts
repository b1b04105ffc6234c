// Program views: the ranking (`imgplan programs rank`), worked out here from the programs, the
// plan and the profile like outreachList, and the programs as stored (`imgplan programs list`).
import { longDate, type CalendarDate } from '../domain/dates.js';
// Types only, like text.ts: a value import of plan.ts would load the reference data.
import type { Plan } from '../domain/plan.js';
import type { Program } from '../domain/programs.js';
import type { Profile } from '../domain/profile.js';
import { applicantOn, rankPrograms, signalAdvice, type Applicant, type Group } from '../engine/programs.js';
import type { ReferenceData } from '../reference/index.js';
import { plural } from './outreach.js';
import { createPalette, type Palette } from './palette.js';
import { effectiveWidth, wrapText, wrapWords, words, type Word } from './text.js';

export interface RankedRow {
  id: string;
  program: string;
  specialty: string;
  state: string;
  visa: Program['visa'];
  service: Program['service'];
  group: Group;
  /** Fit out of 100 (0 when out of reach). */
  score: number;
  reasons: string[];
  misses: string[];
  /** The same program for the person as they are today. */
  today: { group: Group; score: number; misses: string[] };
  /** Within reach on one day and out of reach on the other. */
  differsToday: boolean;
}

export interface RankView {
  plan: string;
  matchYear: number;
  applicationDate: CalendarDate;
  today: CalendarDate;
  /** The specialties ranked: the person's targets, or the one asked for. */
  specialties: string[];
  atApplication: Applicant;
  now: Applicant;
  /** safer, target, reach, then out of reach; each with how many there are before --limit. */
  groups: { group: Group; total: number; programs: RankedRow[] }[];
  /** Programs in programs.yaml not ranked because they are in other specialties, by specialty. */
  otherSpecialties: Record<string, number>;
  signals: { season: number; source: string; advice: string[] };
}

export interface RankRequest {
  programs: readonly Program[];
  plan: Plan;
  profile: Profile;
  today: CalendarDate;
  data: ReferenceData;
  /** Rank only this specialty (default: the profile's targets). */
  specialty?: string;
  /** At most this many programs in each group. */
  limit?: number;
}

const GROUPS: readonly Group[] = ['safer', 'target', 'reach', 'miss'];

/**
 * Every program of the ranked specialties checked against the person on the application date
 * (with the plan's exams, rotations and letters done by then) and against the person today.
 */
export function rankView(req: RankRequest): RankView {
  const { plan, profile, data } = req;
  const specialties = req.specialty !== undefined ? [req.specialty] : profile.targetSpecialties;
  const ranked = req.programs.filter((p) => specialties.includes(p.specialty));
  const atApplication = applicantOn(plan.applicationDate, plan, profile, true);
  const now = applicantOn(req.today, plan, profile, false);
  const todays = new Map(rankPrograms(ranked, now, data).map((r) => [r.program.id, r]));
  const rows = rankPrograms(ranked, atApplication, data).map((r): RankedRow => {
    const t = todays.get(r.program.id)!;
    return {
      id: r.program.id,
      program: r.program.program,
      specialty: r.program.specialty,
      state: r.program.state,
      visa: r.program.visa,
      service: r.program.service,
      group: r.group,
      score: r.score,
      reasons: r.reasons,
      misses: r.misses,
      today: { group: t.group, score: t.score, misses: t.misses },
      differsToday: (r.group === 'miss') !== (t.group === 'miss'),
    };
  });
  const otherSpecialties: Record<string, number> = {};
  for (const p of req.programs) if (!specialties.includes(p.specialty)) otherSpecialties[p.specialty] = (otherSpecialties[p.specialty] ?? 0) + 1;
  return {
    plan: plan.name,
    matchYear: plan.matchYear,
    applicationDate: plan.applicationDate,
    today: req.today,
    specialties,
    atApplication,
    now,
    groups: GROUPS.map((group) => {
      const all = rows.filter((r) => r.group === group);
      return { group, total: all.length, programs: req.limit !== undefined ? all.slice(0, req.limit) : all };
    }),
    otherSpecialties,
    signals: { season: data.specialties.signalsSeason, source: data.specialties.signalsSource, advice: signalAdvice(specialties, data) },
  };
}

export const HEADINGS: Record<Group, string> = { safer: 'Safer', target: 'Target', reach: 'Reach', miss: 'Out of reach' };

/** The ranking in brief, for status and the exports. */
export interface ProgramsBrief {
  applicationDate: CalendarDate;
  /** How many programs of the ranked specialties fall in each group on the application date. */
  counts: Record<Group, number>;
  /** Their names in each group, best fit first. */
  names: Record<Group, string[]>;
}

/** Null when no program of the ranked specialties was imported. */
export function programsBrief(view: RankView): ProgramsBrief | null {
  if (view.groups.every((g) => g.total === 0)) return null;
  const pick = <T>(f: (g: RankView['groups'][number]) => T) => Object.fromEntries(view.groups.map((g) => [g.group, f(g)])) as Record<Group, T>;
  return { applicationDate: view.applicationDate, counts: pick((g) => g.total), names: pick((g) => g.programs.map((r) => r.program)) };
}

/** "2 safer · 3 target · 1 reach · 2 out of reach, as you will be on Wed 1 Sep 2027" */
export function programsBriefText(b: ProgramsBrief): string {
  return `${GROUPS.map((g) => `${b.counts[g]} ${g === 'miss' ? 'out of reach' : g}`).join(' · ')}, as you will be on ${longDate(b.applicationDate)}`;
}

/** "Step 2 CK 248 · 11.7 weeks of U.S. clinical experience · 4 U.S. letters · 3 years since graduation". */
export function applicantText(a: Applicant): string {
  const step2 = a.step2ckScore !== undefined ? `Step 2 CK ${a.step2ckScore}` : a.step2ckScored ? 'a Step 2 CK result, score not known yet' : 'no Step 2 CK score yet';
  return [step2, `${a.usceWeeks} weeks of U.S. clinical experience`, plural(a.letters, 'U.S. letter'), `${plural(a.yearsSinceGraduation, 'year')} since graduation`].join(' · ');
}

/** What the person's verdict is today, when it differs from the one on the application date. */
function todayText(r: RankedRow): string {
  return r.today.group === 'miss' ? `today: out of reach — ${r.today.misses.join('; ')}` : 'today: within reach';
}

/** Plain text without a trailing newline: who the programs see, the groups, and the signal advice. */
export function renderRank(view: RankView, names: (id: string) => string, opts: { color: boolean; width: number; limit?: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out = [
    ...wrapWords([{ text: 'Programs', paint: p.title }, ...words(`· ${view.specialties.map(names).join(', ')} · ${view.plan}`, p.bold)], width, '', '  '),
    ...wrapText(`As you will be on ${longDate(view.applicationDate)}, when applications go out: ${applicantText(view.atApplication)}.`, width, '  ', '    '),
    ...wrapText(`Today (${longDate(view.today)}): ${applicantText(view.now)}.`, width, '  ', '    ', p.dim),
  ];
  const total = view.groups.reduce((sum, g) => sum + g.total, 0);
  if (total === 0) out.push(...wrapText(`No programs of ${view.specialties.map(names).join(' or ')} in programs.yaml yet. Import the ones you collected: imgplan programs import FILE`, width, '  ', '    '));
  for (const g of view.groups) {
    if (g.total === 0) continue;
    out.push('', p.heading(`${HEADINGS[g.group]}${g.group === 'miss' ? ` on ${longDate(view.applicationDate)}` : ''} (${g.total})`));
    for (const r of g.programs) out.push(...programLines(r, p, width, names));
    if (g.total > g.programs.length) out.push(...wrapText(`… and ${g.total - g.programs.length} more (--limit ${opts.limit ?? g.programs.length})`, width, '  ', '    ', p.dim));
  }
  if (total > 0) out.push(...wrapText('fit: points out of 100 for the Step 2 CK margin, IMG share, U.S. clinical experience, visa and your preferred states.', width, '', '  ', p.dim));
  const others = Object.entries(view.otherSpecialties);
  if (others.length)
    out.push(
      '',
      ...wrapText(
        `Not ranked: ${others.map(([id, n]) => `${n} ${names(id)}`).join(', ')} (not ${view.specialties.length === 1 ? 'the specialty asked for' : 'among your target specialties'}; rank them with --specialty ${others[0]![0]}).`,
        width,
        '',
        '  ',
        p.dim,
      ),
    );
  out.push('', p.heading(`Signals (${view.signals.season} ERAS season figures)`));
  if (view.signals.advice.length === 0) out.push(...wrapText(`No signal figures for ${view.specialties.map(names).join(' or ')}.`, width, '  ', '    '));
  for (const a of view.signals.advice) out.push(...wrapText(a, width, '  ', '    '));
  out.push(...wrapText(`Source: ${view.signals.source}`, width, '  ', '    ', p.dim));
  return out.join('\n');
}

function programLines(r: RankedRow, p: Palette, width: number, names: (id: string) => string): string[] {
  // "fit  75" is 7 columns; the lines under it start where the program's name does.
  const indent = ' '.repeat(11);
  const lead: Word[] = r.group === 'miss' ? [{ text: ' '.repeat(7) }] : [{ text: 'fit', paint: p.dim }, { text: String(r.score).padStart(3), paint: p.bold }];
  const [head, ...tail] = words(r.program);
  return [
    ...wrapWords([...lead, ...(head ? [{ ...head, gap: 2 }, ...tail] : []), { text: r.id, paint: p.dim, gap: 2 }], width, '  ', indent),
    ...wrapText(`${names(r.specialty)} · ${r.state} · visa ${r.visa} · ${r.service}`, width, indent, indent, p.dim),
    ...(r.group === 'miss' ? r.misses.flatMap((m) => wrapWords([{ text: '!', paint: p.error }, ...words(m)], width, indent, `${indent}  `)) : wrapText(r.reasons.join(' · '), width, indent, indent)),
    ...(r.differsToday ? wrapText(todayText(r), width, indent, `${indent}  `, r.today.group === 'miss' ? p.warn : p.ok) : []),
  ];
}

const usceWords: Record<Program['usceRequired'], string> = { yes: 'U.S. clinical experience required', preferred: 'U.S. clinical experience preferred', no: 'no U.S. clinical experience needed' };

/** Plain text without a trailing newline: every program as stored, two or three lines each. */
export function renderProgramsList(programs: readonly Program[], names: (id: string) => string, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out = [p.heading(`Programs · ${plural(programs.length, 'program')} in programs.yaml`)];
  if (programs.length === 0) out.push(...wrapText('None yet. Import the ones you collected: imgplan programs import FILE', width, '  ', '    '));
  const idWidth = Math.max(0, ...programs.map((x) => x.id.length));
  const under = ' '.repeat(2 + idWidth + 2);
  for (const x of programs) {
    const [head, ...tail] = words(x.program);
    const facts = [
      names(x.specialty),
      x.state,
      `visa ${x.visa}`,
      `${x.imgShare}% IMGs`,
      x.minStep2ck !== undefined ? `Step 2 CK ${x.minStep2ck}+` : 'no Step 2 CK minimum stated',
      x.maxYearsSinceGraduation !== undefined ? `graduated within ${plural(x.maxYearsSinceGraduation, 'year')}` : 'no graduation limit stated',
      usceWords[x.usceRequired],
      x.service,
    ];
    out.push(
      ...wrapWords([{ text: x.id, paint: p.dim }, ...(head ? [{ ...head, gap: 2 + idWidth - x.id.length }, ...tail] : [])], width, '  ', under),
      ...wrapText(facts.join(' · '), width, under, under),
      ...(x.notes ? wrapText(x.notes, width, under, under, p.dim) : []),
    );
  }
  out.push(...wrapText('Figures you collected: check each with the program before you rely on it.', width, '', '  ', p.dim));
  return out.join('\n');
}
