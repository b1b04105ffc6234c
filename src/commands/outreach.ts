// `imgplan outreach add|update|list`: the institutions written to for rotations. A change saves
// outreach.yaml and regenerates every plan in the same step, because the plan reads the tracker:
// a sent message brings a follow-up task, a reply removes it, and a confirmed offer puts its
// rotation at the real dates with the host's name.
import { parseCalendarDate, spansOverlap, type CalendarDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import type { Plan } from '../domain/plan.js';
import { CHANNELS, nextId, OUTREACH_STATUSES, outreachSchema, type Outreach, type OutreachFile, type OutreachStatus } from '../domain/trackers.js';
import { outreachList, renderOutreachList, unconfirmedRotations } from '../render/outreach.js';
import { OUTREACH, readPlanTrackers, readTracker, trackerChange, type LoadedTracker } from '../store/trackers.js';
import { dateRange } from '../render/text.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';
import { commitWithPlans, everyPlanJson, everyPlanLines, regenerateEveryPlan } from './every-plan.js';
import { loadPlan, openSession, type Session } from './session.js';
import { didYouMean, rotationArg, specialtyArg } from './tracker-args.js';

export interface OutreachAddOptions {
  institution: string;
  contact?: string;
  channel?: string;
  status?: string;
  date?: string;
  specialty?: string;
  fee?: string;
  note?: string;
  json?: boolean;
}

export interface OutreachUpdateOptions {
  status?: string;
  date?: string;
  rotation?: string;
  start?: string;
  end?: string;
  contact?: string;
  note?: string;
  fee?: string;
  /** Allows a confirmed rotation that started before today (one already under way or done). */
  force?: boolean;
  json?: boolean;
}

/** Statuses past a reply: their date is the reply's. */
const ANSWERED: readonly OutreachStatus[] = ['replied', 'offered', 'declined', 'confirmed'];

function statusArg(raw: string): OutreachStatus {
  if ((OUTREACH_STATUSES as readonly string[]).includes(raw)) return raw as OutreachStatus;
  throw new InputError('bad-status', `--status must be one of ${OUTREACH_STATUSES.join(', ')}, not "${raw}"`, [], didYouMean(raw, OUTREACH_STATUSES, 'e.g. --status replied'));
}

function channelArg(raw: string): Outreach['channel'] {
  if ((CHANNELS as readonly string[]).includes(raw)) return raw as Outreach['channel'];
  throw new InputError('bad-channel', `--channel must be one of ${CHANNELS.join(', ')}, not "${raw}"`, [], didYouMean(raw, CHANNELS, 'e.g. --channel email'));
}

function dateFlag(flag: string, raw: string): CalendarDate {
  const d = parseCalendarDate(raw);
  if (d === null) throw new InputError('bad-date', `${flag} must be a real calendar date written yyyy-MM-dd, not "${raw}"`, [], `e.g. ${flag} 2027-03-01`);
  return d;
}

/** A text flag held to the tracker's own rule for that field. */
function textFlag(flag: string, raw: string, field: 'institution' | 'contact' | 'note'): string {
  const parsed = outreachSchema.shape[field].safeParse(raw);
  if (!parsed.success) throw new InputError('bad-outreach', `${flag} ${parsed.error.issues[0]?.message ?? 'is not valid'}`, [], 'give one line of text, in quotes when it has spaces');
  return parsed.data!;
}

/** A fee in U.S. dollars: "2500", "2,500" or "$2500.50". */
export function parseFee(flag: string, raw: string): number {
  const clean = raw.trim().replace(/^\$/, '').replace(/,/g, '');
  const fee = /^\d+(\.\d{1,2})?$/.test(clean) ? Number(clean) : NaN;
  if (!(fee >= 0 && fee <= 1_000_000)) throw new InputError('bad-fee', `${flag} must be an amount in U.S. dollars from 0 to 1000000, not "${raw}"`, [], `e.g. ${flag} 2500, or ${flag} 0 when it is free`);
  return fee;
}

/** The contact with `id`, or an error that suggests the nearest ids. */
export function findContact(contacts: readonly Outreach[], id: string): Outreach {
  const found = contacts.find((c) => c.id === id);
  if (found) return found;
  throw new InputError('unknown-outreach', `there is no outreach contact "${id}"`, [], didYouMean(id, contacts.map((c) => c.id), 'imgplan outreach list shows the ids'));
}

/**
 * The entry at `status`, with `date` (default today) recorded where that status keeps it: the
 * sent date for sent and follow-up-due, the reply date from replied on. A draft has no dates; and
 * only a confirmed entry holds a rotation, so any other status releases it.
 */
function withStatus(entry: Outreach, status: OutreachStatus, date: CalendarDate | undefined, today: CalendarDate): Outreach {
  const { sent, replied, rotation: _rotation, start: _start, end: _end, ...rest } = entry;
  if (status === 'drafted') {
    if (date !== undefined) throw new InputError('stage-date', 'a drafted message has no date yet', [], 'leave out --date, or give the status it reached: --status sent');
    return { ...rest, status };
  }
  if (date !== undefined && date > today)
    throw new InputError('date-in-future', `--date ${date} is after today (${today}); it is the day the message was sent or answered`, [], 'for a message still to send use --status drafted');
  if (!ANSWERED.includes(status)) return { ...rest, status, sent: date ?? sent ?? today };
  const answered = date ?? replied ?? today;
  if (sent !== undefined && answered < sent) throw new InputError('date-out-of-order', `the reply (${answered}) cannot come before the message was sent (${sent})`, [], `give --date the day the reply came: ${sent} or later`);
  return { ...rest, status, ...(sent !== undefined ? { sent } : {}), replied: answered };
}

/**
 * Saves the tracker and every plan regenerated with it as one step, then prints what changed. A
 * rotation being confirmed loses any pin the person set on it: the host's dates replace where
 * they had moved it.
 */
async function saveAndReport(
  session: Session,
  deps: Deps,
  tracker: LoadedTracker<OutreachFile>,
  change: { contacts: Outreach[]; entry: Outreach; label: string; headline: string; json?: boolean; confirming?: string },
): Promise<number> {
  const { confirming } = change;
  const pinnedIn = (plan: Plan) => confirming !== undefined && plan.tasks.some((t) => t.id === confirming && t.pinned);
  const every = await regenerateEveryPlan(session, deps, {
    trackers: { ...(await readPlanTrackers(session.ws)), outreach: change.contacts },
    mine: (plan) => (pinnedIn(plan) ? { ...plan, tasks: plan.tasks.map((t) => (t.id === confirming ? { ...t, pinned: undefined } : t)) } : plan),
  });
  for (const r of every.results) if (pinnedIn(r.before)) r.report.notes.push(`${confirming}: you had pinned it; the confirmed dates replace that`);
  await commitWithPlans(session, deps, [trackerChange(OUTREACH, tracker, { ...tracker.value, contacts: change.contacts })], every, change.label);
  if (change.json) printJson(deps, { contact: change.entry, ...everyPlanJson(every) });
  else deps.out(`${[change.headline, ...everyPlanLines(every, deps, (r) => r.newWarnings)].join('\n')}\n`);
  return 0;
}

const who = (c: Outreach): string => `${c.institution}${c.contact ? ` (${c.contact})` : ''}`;

function statusWords(c: Outreach): string {
  if (c.status === 'confirmed' && c.start && c.end) return `confirmed for ${c.rotation}, ${dateRange(c.start, c.end, true)}`;
  const day = ANSWERED.includes(c.status) ? c.replied : c.sent;
  return `${c.status}${day ? ` on ${dateRange(day, day, true)}` : ''}`;
}

export async function runOutreachAdd(opts: OutreachAddOptions, deps: Deps): Promise<number> {
  const institution = textFlag('INSTITUTION', opts.institution, 'institution');
  const contact = opts.contact !== undefined ? textFlag('--contact', opts.contact, 'contact') : undefined;
  const channel = opts.channel !== undefined ? channelArg(opts.channel) : 'email';
  const status = opts.status !== undefined ? statusArg(opts.status) : 'sent';
  if (status === 'confirmed')
    throw new InputError('add-confirmed', "a new contact cannot start as confirmed: confirming needs the rotation's first and last day, which imgplan outreach update takes", [], 'add it with --status offered, then: imgplan outreach update ID --status confirmed --start DATE --end DATE');
  const date = opts.date !== undefined ? dateFlag('--date', opts.date) : undefined;
  const specialty = opts.specialty !== undefined ? specialtyArg(opts.specialty) : undefined;
  const feeUsd = opts.fee !== undefined ? parseFee('--fee', opts.fee) : undefined;
  const note = opts.note !== undefined ? textFlag('--note', opts.note, 'note') : undefined;

  const session = await openSession(deps);
  const today = deps.today(session.profile.value.timezone);
  const tracker = await readTracker(session.ws, OUTREACH);
  const { contacts } = tracker.value;
  const draft: Outreach = {
    id: nextId('outreach', contacts.map((c) => c.id)),
    institution,
    ...(contact !== undefined ? { contact } : {}),
    channel,
    status: 'drafted',
    ...(specialty !== undefined ? { specialty } : {}),
    ...(feeUsd !== undefined ? { feeUsd } : {}),
    ...(note !== undefined ? { note } : {}),
  };
  const entry = withStatus(draft, status, date, today);
  return saveAndReport(session, deps, tracker, {
    contacts: [...contacts, entry],
    entry,
    label: `outreach add ${entry.id} (${institution})`,
    headline: `Added ${entry.id}: ${who(entry)}, ${statusWords(entry)}.`,
    json: opts.json,
  });
}

export async function runOutreachUpdate(id: string, opts: OutreachUpdateOptions, deps: Deps): Promise<number> {
  const given = (['status', 'date', 'rotation', 'start', 'end', 'contact', 'note', 'fee'] as const).filter((k) => opts[k] !== undefined);
  if (given.length === 0)
    throw new InputError('nothing-to-update', `say what changed for ${id}`, [], `e.g. imgplan outreach update ${id} --status replied, or --status confirmed --start DATE --end DATE`);
  const status = opts.status !== undefined ? statusArg(opts.status) : undefined;
  const date = opts.date !== undefined ? dateFlag('--date', opts.date) : undefined;
  const start = opts.start !== undefined ? dateFlag('--start', opts.start) : undefined;
  const end = opts.end !== undefined ? dateFlag('--end', opts.end) : undefined;
  // An empty --contact or --note removes it.
  const contact = opts.contact === undefined || opts.contact.trim() === '' ? undefined : textFlag('--contact', opts.contact, 'contact');
  const note = opts.note === undefined || opts.note.trim() === '' ? undefined : textFlag('--note', opts.note, 'note');
  const feeUsd = opts.fee !== undefined ? parseFee('--fee', opts.fee) : undefined;

  const session = await openSession(deps);
  const today = deps.today(session.profile.value.timezone);
  const tracker = await readTracker(session.ws, OUTREACH);
  const { contacts } = tracker.value;
  const current = findContact(contacts, id);
  const target = status ?? current.status;
  if (target !== 'confirmed' && (opts.rotation !== undefined || start !== undefined || end !== undefined))
    throw new InputError('not-confirmed', '--rotation, --start and --end are for a confirmed rotation', [], `add --status confirmed${current.status === 'confirmed' ? '' : ` (${id} is ${current.status})`}`);

  let entry: Outreach = status !== undefined || date !== undefined ? withStatus(current, target, date, today) : { ...current };
  if (opts.contact !== undefined) entry = { ...entry, contact };
  if (opts.note !== undefined) entry = { ...entry, note };
  if (feeUsd !== undefined) entry = { ...entry, feeUsd };
  // Drop keys left undefined, so the file does not gain empty fields.
  entry = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as Outreach;

  const others = contacts.filter((c) => c.id !== id);
  let confirming: string | undefined;
  if (target === 'confirmed') {
    const held = current.status === 'confirmed' ? current : undefined;
    const first = start ?? held?.start;
    const last = end ?? held?.end;
    if (first === undefined || last === undefined)
      throw new InputError('confirm-needs-dates', 'a confirmed rotation needs its first and last day: --start and --end', [], `e.g. imgplan outreach update ${id} --status confirmed --start 2027-03-01 --end 2027-03-26`);
    if (last < first) throw new InputError('bad-span', `--end (${last}) is before --start (${first})`, [], 'give --end a day on or after --start');
    if (start !== undefined && start < today && !opts.force)
      throw new InputError('date-in-past', `--start ${start} is before today (${today})`, [], 'for a rotation already under way or done, add --force');
    const span = { start: first, end: last };
    const clash = others.find((c) => c.status === 'confirmed' && c.start && c.end && spansOverlap(span, { start: c.start, end: c.end }));
    if (clash) throw new InputError('rotations-overlap', `${span.start} to ${span.end} overlaps the rotation confirmed with ${clash.institution} (${clash.id}, ${clash.start} to ${clash.end})`, [], 'rotations run one at a time; check the dates');
    const plan = (await loadPlan(session, undefined)).value;
    const rotation = opts.rotation !== undefined ? rotationFor(plan, others, opts.rotation) : (held?.rotation ?? firstOpen(plan, others));
    entry = { ...entry, rotation, ...span };
    confirming = rotation;
  }
  const next = contacts.map((c) => (c.id === id ? entry : c));
  const released = current.status === 'confirmed' && target !== 'confirmed' ? ` ${current.rotation} is no longer held for it; the plan places that rotation again.` : '';
  return saveAndReport(session, deps, tracker, {
    contacts: next,
    entry,
    label: `outreach update ${id} ${entry.status}`,
    headline: `Updated ${id}: ${who(entry)}, ${statusWords(entry)}.${released}`,
    json: opts.json,
    ...(confirming !== undefined ? { confirming } : {}),
  });
}

/** `rotation` named on the command line: a rotation of `plan` still to do, held by no other contact. */
function rotationFor(plan: Plan, others: readonly Outreach[], rotation: string): string {
  const task = rotationArg(plan, rotation);
  if (task.status !== 'todo') throw new InputError('rotation-finished', `${rotation} is marked ${task.status} in plan ${plan.name}; only a rotation still to do can be confirmed`, [], `reopen it first: imgplan reopen ${rotation}`);
  const holder = others.find((c) => c.status === 'confirmed' && c.rotation === rotation);
  if (holder) throw new InputError('rotation-taken', `${rotation} is already confirmed with ${holder.institution} (${holder.id})`, [], `choose another with --rotation, or release it first: imgplan outreach update ${holder.id} --status declined`);
  return rotation;
}

function firstOpen(plan: Plan, others: readonly Outreach[]): string {
  const open = unconfirmedRotations(plan, others)[0];
  if (!open)
    throw new InputError('no-open-rotation', `every rotation of plan ${plan.name} is confirmed or finished`, [], 'name one with --rotation, or plan more: imgplan plan new NAME --externships N');
  return open.id;
}

export async function runOutreachList(opts: { json?: boolean }, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const { contacts } = (await readTracker(session.ws, OUTREACH)).value;
  const data = outreachList(contacts, (await loadPlan(session, undefined)).value);
  if (opts.json) printJson(deps, data);
  else deps.out(`${renderOutreachList(data, { color: deps.color, width: deps.columns })}\n`);
  return 0;
}
