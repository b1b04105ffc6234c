// Outreach views: the contacts with their funnel and what it says about the messages still to send
// (`imgplan outreach list`, and the line `imgplan status` shows), and a vetting result
// (`imgplan vet`). The data is worked out here from the tracker and the plan, like statusView.
import type { CalendarDate } from '../domain/dates.js';
// Types only, like text.ts: a value import of plan.ts would load the reference data.
import type { Plan, Task } from '../domain/plan.js';
import type { Outreach, OutreachStatus, Vetting } from '../domain/trackers.js';
import type { VetResult } from '../commands/vet.js';
import { createPalette, type Palette } from './palette.js';
import { dateRange, effectiveWidth, wrapText, wrapWords, words, type Word } from './text.js';

/** Below this many messages sent, a rate says more about luck than about the outreach. */
export const MIN_SENT_FOR_RATE = 5;

export const VOLUME_ADVICE = 'The guide: persistence and volume of outreach matter; a small percentage of well-crafted emails may yield opportunities.';

const REPLIED: readonly OutreachStatus[] = ['replied', 'offered', 'declined', 'confirmed'];
const OFFERED: readonly OutreachStatus[] = ['offered', 'confirmed'];

/** How far the contacts got: each stage counts everyone who reached it. */
export interface Funnel {
  /** Written but not sent yet. */
  drafted: number;
  /** Everything past drafted. */
  sent: number;
  replied: number;
  offered: number;
  confirmed: number;
  declined: number;
}

/**
 * How many more messages would fill the unconfirmed rotations: at the person's confirmation rate
 * when there is enough of it, else at their reply rate (a lower bound: not every reply is an
 * offer), else none.
 */
export interface MessagesEstimate {
  basis: 'all-confirmed' | 'confirmation-rate' | 'response-rate' | 'not-enough-data';
  rate: number | null;
  messages: number | null;
}

export interface OutreachRow {
  id: string;
  institution: string;
  contact: string | null;
  channel: Outreach['channel'];
  status: OutreachStatus;
  /** The date that matters at this status: sent, replied, or the confirmed rotation's span. */
  keyDate: { what: 'sent' | 'replied' | 'rotation'; start: CalendarDate; end?: CalendarDate } | null;
  rotation: string | null;
  verdict: Vetting['verdict'] | null;
}

export interface OutreachSummary {
  funnel: Funnel;
  /** Replied ÷ sent, null before anything is sent. */
  responseRate: number | null;
  /** Confirmed ÷ sent, null before anything is sent. */
  confirmationRate: number | null;
  plan: string;
  /** The plan's rotations still to do or done (skipped ones are not needed), and those no contact confirmed. */
  rotations: { total: number; unconfirmed: string[] };
  estimate: MessagesEstimate;
}

export interface OutreachListData extends OutreachSummary {
  contacts: OutreachRow[];
}

export function funnelOf(contacts: readonly Outreach[]): Funnel {
  const count = (test: (s: OutreachStatus) => boolean) => contacts.filter((c) => test(c.status)).length;
  return {
    drafted: count((s) => s === 'drafted'),
    sent: count((s) => s !== 'drafted'),
    replied: count((s) => REPLIED.includes(s)),
    offered: count((s) => OFFERED.includes(s)),
    confirmed: count((s) => s === 'confirmed'),
    declined: count((s) => s === 'declined'),
  };
}

export function messagesEstimate(f: Funnel, remaining: number): MessagesEstimate {
  if (remaining === 0) return { basis: 'all-confirmed', rate: null, messages: 0 };
  // remaining ÷ (hits ÷ sent), in whole numbers so 3 ÷ (3 ÷ 10) is 10, not 10.000000000000002.
  const at = (basis: MessagesEstimate['basis'], hits: number): MessagesEstimate => ({ basis, rate: ratio(hits, f.sent), messages: Math.ceil((remaining * f.sent) / hits) });
  if (f.sent >= MIN_SENT_FOR_RATE && f.confirmed > 0) return at('confirmation-rate', f.confirmed);
  if (f.sent >= MIN_SENT_FOR_RATE && f.replied > 0) return at('response-rate', f.replied);
  return { basis: 'not-enough-data', rate: null, messages: null };
}

const ratio = (n: number, of: number): number | null => (of === 0 ? null : Math.round((n / of) * 10000) / 10000);

/** The plan's rotations still to do that no contact has confirmed, earliest first. */
export function unconfirmedRotations(plan: Plan, contacts: readonly Outreach[]): Task[] {
  const held = new Set(contacts.filter((c) => c.status === 'confirmed' && c.rotation).map((c) => c.rotation));
  return plan.tasks.filter((t) => t.kind === 'externship' && t.status === 'todo' && !held.has(t.id)).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

export function outreachSummary(contacts: readonly Outreach[], plan: Plan): OutreachSummary {
  const funnel = funnelOf(contacts);
  const unconfirmed = unconfirmedRotations(plan, contacts).map((t) => t.id);
  return {
    funnel,
    responseRate: ratio(funnel.replied, funnel.sent),
    confirmationRate: ratio(funnel.confirmed, funnel.sent),
    plan: plan.name,
    rotations: { total: plan.tasks.filter((t) => t.kind === 'externship' && t.status !== 'skipped').length, unconfirmed },
    estimate: messagesEstimate(funnel, unconfirmed.length),
  };
}

function keyDate(c: Outreach): OutreachRow['keyDate'] {
  if (c.status === 'confirmed' && c.start && c.end) return { what: 'rotation', start: c.start, end: c.end };
  if (REPLIED.includes(c.status) && c.replied) return { what: 'replied', start: c.replied };
  return c.status !== 'drafted' && c.sent ? { what: 'sent', start: c.sent } : null;
}

export function outreachList(contacts: readonly Outreach[], plan: Plan): OutreachListData {
  return {
    contacts: contacts.map((c) => ({
      id: c.id,
      institution: c.institution,
      contact: c.contact ?? null,
      channel: c.channel,
      status: c.status,
      keyDate: keyDate(c),
      rotation: c.status === 'confirmed' ? (c.rotation ?? null) : null,
      verdict: c.vetting?.verdict ?? null,
    })),
    ...outreachSummary(contacts, plan),
  };
}

export const percent = (rate: number): string => `${Math.round(rate * 100)}%`;
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const verdictPaint = (p: Palette, v: Vetting['verdict']): ((s: string) => string) => (v === 'avoid' ? p.error : v === 'caution' ? p.warn : p.ok);

/** "sent 2 Dec 2026", "offered · replied 5 Dec 2026", "confirmed · rotation-2, 1 Mar – 19 Mar 2027", "drafted". */
function statusText(r: OutreachRow): string {
  const k = r.keyDate;
  if (!k) return r.status;
  if (k.what === 'rotation') return `${r.status} · ${r.rotation ? `${r.rotation}, ` : ''}${dateRange(k.start, k.end ?? k.start, true)}`;
  const when = `${k.what} ${dateRange(k.start, k.start, true)}`;
  return k.what === r.status ? when : `${r.status} · ${when}`;
}

/**
 * What the estimate says, in words. Every basis but all-confirmed ends with the guide's advice,
 * since the number is only there to keep the person writing.
 */
export function estimateText(s: OutreachSummary): string {
  const e = s.estimate;
  const left = s.rotations.unconfirmed.length;
  const them = left === 1 ? 'it' : 'them';
  const sent = s.funnel.sent;
  switch (e.basis) {
    case 'all-confirmed':
      return `Every rotation in ${s.plan} is confirmed or done.`;
    case 'confirmation-rate':
      return `At your confirmation rate (${s.funnel.confirmed} of ${sent} sent, ${percent(e.rate!)}), about ${plural(e.messages!, 'more message')} would fill ${them}. ${VOLUME_ADVICE}`;
    case 'response-rate':
      return `Not enough data yet for your confirmation rate (it needs ${MIN_SENT_FOR_RATE} sent and 1 confirmed). At your reply rate (${s.funnel.replied} of ${sent}, ${percent(e.rate!)}), at least ${plural(e.messages!, 'more message')} would fill ${them}, likely more: not every reply becomes an offer. ${VOLUME_ADVICE}`;
    case 'not-enough-data':
      return `Not enough data yet to estimate how many more messages would fill ${them} (an estimate needs ${MIN_SENT_FOR_RATE} sent and a reply; you have sent ${sent}). ${VOLUME_ADVICE}`;
  }
}

/** Plain text without a trailing newline: the contacts, the funnel, the rotations left and the messages they may take. */
export function renderOutreachList(data: OutreachListData, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const out = [p.heading(`Outreach · ${plural(data.contacts.length, 'contact')}`)];
  if (data.contacts.length === 0) out.push(...wrapText('None yet. Add one: imgplan outreach add "Institution" --contact "Dr. Name"', width, '  ', '    '));
  else out.push(...contactLines(data.contacts, p, width));

  const f = data.funnel;
  const stage = (n: number, what: string, extra: Word[] = []): Word[] => [{ text: String(n), paint: p.bold }, ...words(what), ...extra];
  out.push(
    p.heading('Funnel'),
    ...wrapWords(
      [
        ...stage(f.drafted, 'drafted'),
        { text: '→' },
        ...stage(f.sent, 'sent'),
        { text: '→' },
        ...stage(f.replied, 'replied', data.responseRate === null ? [] : words(`(${percent(data.responseRate)} of sent)`, p.dim)),
        { text: '→' },
        ...stage(f.offered, 'offered'),
        { text: '→' },
        ...stage(f.confirmed, 'confirmed', [{ text: '·' }, ...stage(f.declined, 'declined')]),
      ],
      width,
      '  ',
      '    ',
    ),
  );
  const left = data.rotations.unconfirmed;
  out.push(
    p.heading(`Rotations in ${data.plan}`),
    ...wrapText(
      left.length === 0 ? `${plural(data.rotations.total, 'rotation')}, none left to confirm.` : `${left.length} of ${plural(data.rotations.total, 'rotation')} still unconfirmed: ${left.join(', ')}.`,
      width,
      '  ',
      '    ',
    ),
    ...wrapText(estimateText(data), width, '  ', '  '),
  );
  return out.join('\n');
}

/** Two lines a contact, the second under the institution: a table would not fit long names. */
function contactLines(rows: readonly OutreachRow[], p: Palette, width: number): string[] {
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  const under = ' '.repeat(2 + idWidth + 2);
  return rows.flatMap((r) => {
    const [head, ...tail] = words(`${r.institution}${r.contact ? ` · ${r.contact}` : ''}`);
    return [
      ...wrapWords([{ text: r.id, paint: p.dim }, ...(head ? [{ ...head, gap: 2 + idWidth - r.id.length }, ...tail] : [])], width, '  ', under),
      ...wrapWords(
        [...words(`${r.channel} ·`), ...words(statusText(r), p.accent), ...(r.verdict ? [{ text: '·' }, ...words(`vetting ${r.verdict}`, verdictPaint(p, r.verdict))] : [])],
        width,
        under,
        under,
      ),
    ];
  });
}

/** Plain text without a trailing newline: each finding, most serious first, then the verdict. */
export function renderVet(result: VetResult, about: { id: string; institution: string } | null, opts: { color: boolean; width: number }): string {
  const p = createPalette(opts.color);
  const width = effectiveWidth(opts.width);
  const levelWidth = Math.max(...result.findings.map((f) => f.level.length));
  const out = [p.heading(about ? `Vetting ${about.institution} (${about.id})` : 'Vetting a placement')];
  for (const f of result.findings) {
    const [head, ...tail] = words(f.text);
    out.push(
      ...wrapWords(
        [{ text: f.level, paint: verdictPaint(p, f.level) }, ...(head ? [{ ...head, gap: 2 + levelWidth - f.level.length }, ...tail] : [])],
        width,
        '  ',
        ' '.repeat(4 + levelWidth),
      ),
    );
  }
  const meaning = {
    avoid: 'do not pay or travel for this placement.',
    caution: 'settle the cautions above before you pay or travel.',
    ok: "it passes the guide's checks.",
  }[result.verdict];
  out.push(...wrapWords([{ text: 'Verdict:', paint: p.bold }, { text: result.verdict, paint: verdictPaint(p, result.verdict) }, ...words(`— ${meaning}`)], width, '', '  '));
  return out.join('\n');
}
