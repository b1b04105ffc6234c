// `imgplan status`: the view for today (what is overdue, what is due in the next two weeks, how far
// the big deadlines are, and how far along the person is), sized to fit one terminal screen.
import { addDays, daysBetween, longDate, type CalendarDate } from '../domain/dates.js';
// Types only, like text.ts: a value import of plan.ts or profile.ts would load the reference data.
import type { MilestoneId, Plan, PlanWarning, Task, TaskKind } from '../domain/plan.js';
import type { ExamId, Profile } from '../domain/profile.js';
import type { Letter, Outreach, Vetting } from '../domain/trackers.js';
import { budgetBriefText, type BudgetBrief, type JourneyBriefs } from './budget.js';
import { securedLetters } from './letters.js';
import { outreachSummary, percent, plural, type MessagesEstimate } from './outreach.js';
import { programsBriefText, type ProgramsBrief } from './programs.js';
import { createPalette, type Palette } from './palette.js';
import { effectiveWidth, estimatedWord, isOverdue, sortMilestones, sortTasks, warningLines, words, wrapWords, type Word } from './text.js';

/** "Next 14 days": a task counts when it is under way or starts within this many days. */
const WINDOW_DAYS = 14;
/** Always counted down, even when another milestone comes first. */
const COUNTDOWN_IDS: readonly MilestoneId[] = ['eras-submit', 'rol-deadline', 'match-day'];
/** Every IMG needs these for ECFMG certification; Step 3 only for an H-1B (see examsNeeded). */
const CORE_EXAMS: readonly ExamId[] = ['step1', 'step2ck', 'oet'];
const DEFAULT_HEIGHT = 24;
const TASK_INDENT = '  ';
const CONTINUATION = '      ';

export interface StatusTask {
  id: string;
  title: string;
  start: CalendarDate;
  end: CalendarDate;
}

export interface OverdueTask extends StatusTask {
  daysOverdue: number;
}

export interface DueTask extends StatusTask {
  kind: TaskKind;
  /** Days from today to the task's last day; 0 when it ends today. */
  daysLeft: number;
}

export interface Countdown {
  id: MilestoneId;
  title: string;
  date: CalendarDate;
  estimated: boolean;
  daysAway: number;
}

export interface StatusProgress {
  /** Weeks of U.S. clinical experience: the profile's usce spans and finished externship tasks. */
  usceWeeksDone: number;
  /** Weeks of externship tasks still to do. */
  usceWeeksPlanned: number;
  lettersSecured: number;
  lettersWanted: number;
  examsPassed: ExamId[];
  examsNeeded: ExamId[];
}

/** The outreach funnel in brief (imgplan outreach list has it whole). */
export interface StatusOutreach {
  sent: number;
  replied: number;
  confirmed: number;
  /** Replied ÷ sent, null before anything is sent. */
  responseRate: number | null;
  /** More messages that would fill the plan's unconfirmed rotations, when the person's own rates can say. */
  estimate: MessagesEstimate;
}

/** A placement vetted as avoid or caution, with the most serious reason. */
export interface VettingWarning {
  id: string;
  institution: string;
  verdict: Exclude<Vetting['verdict'], 'ok'>;
  reason: string;
}

/** What `imgplan status` shows, and what `status --json` prints. */
export interface StatusData {
  plan: string;
  matchYear: number;
  today: CalendarDate;
  overdue: OverdueTask[];
  dueSoon: DueTask[];
  milestones: Countdown[];
  progress: StatusProgress;
  /** Null when no outreach is tracked. */
  outreach: StatusOutreach | null;
  /** Avoid before caution. */
  vetting: VettingWarning[];
  warnings: PlanWarning[];
  /** The programs ranked for the application date; null when none are imported. */
  programs: ProgramsBrief | null;
  /** Planned and spent against the budget; null until the person keeps one. */
  budget: BudgetBrief | null;
}

export function statusView(input: { plan: Plan; profile: Profile; today: CalendarDate; lettersWanted: number; letters?: readonly Letter[]; outreach?: readonly Outreach[]; journey?: JourneyBriefs }): StatusData {
  const { plan, profile, today, lettersWanted } = input;
  const contacts = input.outreach ?? [];
  const todo = plan.tasks.filter((t) => t.status === 'todo');
  const horizon = addDays(today, WINDOW_DAYS);
  const overdue = byEnd(todo.filter((t) => isOverdue(t, today))).map((t) => ({ ...taskFields(t), daysOverdue: daysBetween(t.end, today) }));
  const dueSoon = byEnd(todo.filter((t) => t.start <= horizon && t.end >= today)).map((t) => ({
    ...taskFields(t),
    kind: t.kind,
    daysLeft: daysBetween(today, t.end),
  }));

  const upcoming = sortMilestones(plan.milestones.filter((m) => m.date >= today));
  const next = upcoming[0];
  const milestones = upcoming
    .filter((m) => COUNTDOWN_IDS.includes(m.id) || m === next)
    .map((m) => ({ id: m.id, title: m.title, date: m.date, estimated: m.estimated, daysAway: daysBetween(today, m.date) }));

  const externships = (status: Task['status']) => plan.tasks.filter((t) => t.kind === 'externship' && t.status === status);
  const examsPassed = (Object.keys(profile.exams) as ExamId[]).filter((id) => profile.exams[id]?.status === 'passed');
  return {
    plan: plan.name,
    matchYear: plan.matchYear,
    today,
    overdue,
    dueSoon,
    milestones,
    progress: {
      usceWeeksDone: weeks([...profile.usce, ...externships('done')]),
      usceWeeksPlanned: weeks(externships('todo')),
      lettersSecured: securedLetters({ letters: input.letters ?? [], profile, plan }).secured,
      lettersWanted,
      examsPassed,
      examsNeeded: profile.visa.residencyVisa === 'h1b' ? [...CORE_EXAMS, 'step3'] : [...CORE_EXAMS],
    },
    outreach: contacts.length === 0 ? null : statusOutreach(contacts, plan),
    vetting: (['avoid', 'caution'] as const).flatMap((verdict) =>
      contacts
        .filter((c) => c.vetting?.verdict === verdict)
        .map((c) => ({ id: c.id, institution: c.institution, verdict, reason: c.vetting!.reasons[0] ?? 'no reason was recorded' })),
    ),
    warnings: plan.warnings,
    programs: input.journey?.programs ?? null,
    budget: input.journey?.budget ?? null,
  };
}

function statusOutreach(contacts: readonly Outreach[], plan: Plan): StatusOutreach {
  const s = outreachSummary(contacts, plan);
  return { sent: s.funnel.sent, replied: s.funnel.replied, confirmed: s.funnel.confirmed, responseRate: s.responseRate, estimate: s.estimate };
}

const taskFields = (t: Task): StatusTask => ({ id: t.id, title: t.title, start: t.start, end: t.end });

/** By end, then start, then id: what is due first comes first. */
function byEnd(tasks: readonly Task[]): Task[] {
  // sortTasks orders by start, end, id; a stable sort by end keeps that order among equal ends.
  return sortTasks(tasks).sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
}

/** Inclusive spans in weeks, to one decimal: a Monday-to-Friday month is 26 days, 3.7 weeks. */
function weeks(spans: readonly { start: CalendarDate; end: CalendarDate }[]): number {
  const days = spans.reduce((sum, s) => sum + daysBetween(s.start, s.end) + 1, 0);
  return Math.round((days / 7) * 10) / 10;
}

/** "today", "in 12 days" */
const inDays = (n: number): string => (n === 0 ? 'today' : `in ${plural(n, 'day')}`);

/**
 * Plain text without a trailing newline, at most `height` lines (24 unless given) and `width`
 * columns (at least 40). The task lists, then the warnings, are cut to fit, each cut list ending
 * in "+N more"; only a screen too small for the headings, countdown, progress and one line per
 * list overflows.
 */
export function renderStatus(data: StatusData, opts: { color: boolean; width: number; height?: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const height = opts.height ?? DEFAULT_HEIGHT;
  const more = (n: number) => wrapWords([{ text: `+${n} more`, paint: p.dim }, ...words(`(imgplan show ${data.plan})`, p.dim)], width, TASK_INDENT, CONTINUATION);

  const header = wrapWords(
    [
      ...words('Status for'),
      ...words(longDate(data.today), p.accent),
      { text: '· plan' },
      { text: data.plan, paint: p.title },
      { text: `· Match ${data.matchYear}`, paint: p.bold },
    ],
    width,
    '',
    '  ',
  );
  // How late or how soon leads each task line, in one column across both lists: dates would push
  // most lines past one row, and the distance from today is what this view is for.
  const overdueWhen = data.overdue.map((t): Word => ({ text: `${plural(t.daysOverdue, 'day')} overdue`, paint: p.error }));
  const dueWhen = data.dueSoon.map((t): Word => ({ text: `due ${inDays(t.daysLeft)}`, paint: t.daysLeft === 0 ? p.warn : p.bold }));
  const whenWidth = Math.max(0, ...[...overdueWhen, ...dueWhen].map((w) => w.text.length));
  const overdue = entries(data.overdue, (t, i) => taskLines(t, overdueWhen[i]!, [], whenWidth, p, width));
  // A task not yet begun says when it does, so "due in 20 days" is not read as work for today.
  const dueSoon = entries(data.dueSoon, (t, i) => {
    const startsIn = daysBetween(data.today, t.start);
    return taskLines(t, dueWhen[i]!, startsIn > 0 ? [{ text: `starts ${inDays(startsIn)}`, paint: p.dim, gap: 2 }] : [], whenWidth, p, width);
  });
  // A placement to avoid is a decision to make now, so vetting comes before the plan's warnings.
  const warnings = entries([...data.vetting.map((v) => ({ code: v.id, message: `${v.institution}: ${v.verdict}. ${v.reason}` })), ...data.warnings], (w) => warningLines([w], p, width));
  const countdown = countdownLines(data.milestones, p, width);
  const progress = progressLines(data, p, width);

  // Five headings, and one line for each empty list saying so.
  const empties = [overdue.count, dueSoon.count, data.milestones.length, warnings.count].filter((n) => n === 0).length;
  let room = height - header.length - 5 - empties - countdown.length - progress.length;
  // The warnings are shown whole if the task lists can still keep a "+N more" line each.
  const taskLists = [overdue, dueSoon].filter((xs) => xs.count > 0).length;
  const shownWarnings = fit(warnings, Math.max(1, room - taskLists), more);
  room -= shownWarnings.length;
  // Counted up to one line past the room: share treats any need beyond it alike.
  const [overdueRoom, dueRoom] = share([lineCount(overdue, room), lineCount(dueSoon, room)], room);

  const section = (title: string, body: string[], empty: string) => [p.heading(title), ...(body.length ? body : [`${TASK_INDENT}${empty}`])];
  return [
    ...header,
    ...section('Overdue', fit(overdue, overdueRoom ?? 0, more), 'Nothing overdue.'),
    ...section(`Next ${WINDOW_DAYS} days`, fit(dueSoon, dueRoom ?? 0, more), 'Nothing due.'),
    ...section('Countdown', countdown, 'No milestones ahead.'),
    p.heading('Progress'),
    ...progress,
    ...section('Warnings', shownWarnings, 'None.'),
  ].join('\n');
}

/** When, the title, any note, and the id last, since people copy it into later commands. */
function taskLines(t: StatusTask, when: Word, note: Word[], whenWidth: number, p: Palette, width: number): string[] {
  const [head, ...tail] = words(t.title);
  const ws: Word[] = [when, ...(head ? [{ ...head, gap: 2 + whenWidth - when.text.length }, ...tail] : []), ...note, { text: t.id, paint: p.dim, gap: 2 }];
  return wrapWords(ws, width, TASK_INDENT, CONTINUATION);
}

/** Date and distance in padded columns, then the title. */
function countdownLines(ms: readonly Countdown[], p: Palette, width: number): string[] {
  const dateWidth = Math.max(0, ...ms.map((m) => longDate(m.date).length));
  const daysWidth = Math.max(0, ...ms.map((m) => inDays(m.daysAway).length));
  return ms.flatMap((m) => {
    const date = longDate(m.date);
    const days = inDays(m.daysAway);
    const [head, ...tail] = words(m.title);
    return wrapWords(
      [
        { text: date, paint: p.accent },
        { text: days, paint: p.bold, gap: 2 + dateWidth - date.length },
        ...(head ? [{ ...head, gap: 2 + daysWidth - days.length }, ...tail] : []),
        ...(m.estimated ? [estimatedWord(p)] : []),
      ],
      width,
      TASK_INDENT,
      CONTINUATION,
    );
  });
}

function progressLines(data: StatusData, p: Palette, width: number): string[] {
  const { progress: pr, outreach } = data;
  const toPass = pr.examsNeeded.filter((e) => !pr.examsPassed.includes(e));
  const passedNeeded = pr.examsNeeded.length - toPass.length;
  const rows: [string, Word[]][] = [
    [
      'U.S. experience',
      [
        { text: `${plural(pr.usceWeeksDone, 'week')} done`, paint: pr.usceWeeksDone > 0 ? p.ok : undefined },
        { text: `· ${plural(pr.usceWeeksPlanned, 'week')} planned` },
      ],
    ],
    ['Letters', [{ text: `${pr.lettersSecured} of ${pr.lettersWanted} secured`, paint: pr.lettersSecured >= pr.lettersWanted ? p.ok : undefined }]],
    [
      'Exams',
      [
        { text: `${passedNeeded} of ${pr.examsNeeded.length} passed`, paint: toPass.length === 0 ? p.ok : undefined },
        ...(toPass.length ? [{ text: '· to pass:' }, ...words(toPass.join(', '), p.bold)] : []),
      ],
    ],
    ...(outreach ? [['Outreach', outreachWords(outreach, p)] as [string, Word[]]] : []),
    ...(data.programs ? [['Programs', words(programsBriefText(data.programs))] as [string, Word[]]] : []),
    ...(data.budget ? [['Budget', words(budgetBriefText(data.budget))] as [string, Word[]]] : []),
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  // Wrapped values continue in their own column, under the first value.
  const valueIndent = ' '.repeat(TASK_INDENT.length + labelWidth + 2);
  return rows.flatMap(([label, ws]) => {
    const [first, ...rest] = ws;
    return wrapWords([...words(label), ...(first ? [{ ...first, gap: 2 + labelWidth - label.length }, ...rest] : [])], width, TASK_INDENT, valueIndent);
  });
}

/** "8 sent · 3 replies (38%) · 1 confirmed · about 16 more to send" */
function outreachWords(o: StatusOutreach, p: Palette): Word[] {
  if (o.sent === 0) return words('none sent yet');
  const e = o.estimate;
  const more =
    e.basis === 'confirmation-rate' ? `about ${e.messages} more to send` : e.basis === 'response-rate' ? `at least ${e.messages} more to send` : e.basis === 'all-confirmed' ? 'every rotation confirmed' : undefined;
  return [
    { text: `${o.sent} sent` },
    { text: `· ${plural(o.replied, 'reply', 'replies')}${o.responseRate === null ? '' : ` (${percent(o.responseRate)})`}` },
    { text: `· ${o.confirmed} confirmed`, paint: o.confirmed > 0 ? p.ok : undefined },
    ...(more ? [{ text: '·' }, ...words(more, e.basis === 'all-confirmed' ? p.ok : p.bold)] : []),
  ];
}

/**
 * The entries of a list, each rendered to its lines when first asked for: a screen shows a few of
 * a workspace's thousand overdue tasks, and rendering the rest took most of the time of status.
 */
interface Entries {
  count: number;
  at(i: number): string[];
}

function entries<T>(items: readonly T[], render: (item: T, i: number) => string[]): Entries {
  const rendered: string[][] = [];
  return { count: items.length, at: (i) => (rendered[i] ??= render(items[i]!, i)) };
}

/** Lines of the entries, counted until they pass `cap`. */
function lineCount(list: Entries, cap: number): number {
  let n = 0;
  for (let i = 0; i < list.count && n <= cap; i++) n += list.at(i).length;
  return n;
}

/** Whole entries within `room` lines; when some are left out, the last line says how many. */
function fit(list: Entries, room: number, more: (n: number) => string[]): string[] {
  const all = lineCount(list, room) <= room;
  const shown: string[] = [];
  let kept = 0;
  for (; kept < list.count; kept++) {
    const e = list.at(kept);
    if (!all && shown.length + e.length + more(list.count - kept - 1).length > room) break;
    shown.push(...e);
  }
  return all ? shown : [...shown, ...more(list.count - kept)];
}

/**
 * `room` lines split among lists needing `needs` lines: a list needing no more than an even share
 * gets all it needs, and the others split what is left evenly (the first ones taking any odd line).
 */
function share(needs: readonly number[], room: number): number[] {
  const got = needs.map(() => 0);
  let left = Math.max(0, room);
  let open = needs.map((_, i) => i).filter((i) => needs[i]! > 0);
  while (open.length > 0) {
    const even = Math.floor(left / open.length);
    const small = open.filter((i) => needs[i]! <= even);
    if (small.length === 0) {
      open.forEach((i, k) => (got[i] = even + (k < left % open.length ? 1 : 0)));
      break;
    }
    for (const i of small) {
      got[i] = needs[i]!;
      left -= needs[i]!;
    }
    open = open.filter((i) => !small.includes(i));
  }
  return got;
}
