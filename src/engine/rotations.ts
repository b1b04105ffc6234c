// Rotations (externships and observerships) with their outreach, letters and thank-yous.
// How many: enough for the U.S. letters wanted. When: one at a time, inside the 12 months before
// applications go out, ending early enough for each letter to be written and uploaded before
// programs review, never before today, the earliest start or outreach allows, never in an
// unavailable span or an exam's study time. What type: what the person may legally do.
import { addDays, addMonths, addWeeks, maxDate, minDate, type CalendarDate } from '../domain/dates.js';
import type { ExternshipType, PlanWarning, Task } from '../domain/plan.js';
import type { Specialty } from '../reference/schema.js';
import { examRecord } from './exams.js';
import { milestone, on, targetSpecialties, task, warning, when, type EngineContext, type FamilyResult, type Span, unavailableSpans } from './context.js';
import { firstFreeSpan, type FreeSpan } from './spans.js';

export interface PlacementInput {
  count: number;
  weeks: number;
  earliest: CalendarDate;
  latestEnd: CalendarDate;
  blocked: readonly Span[];
  startWeekday: number;
}

/**
 * Places up to `count` rotations of `weeks` weeks, one after another, each starting on
 * `startWeekday` and ending on the fifth day of its last week (Monday to Friday), as early as the
 * window allows. Returns fewer slots when no more fit.
 */
export function placeRotations(input: PlacementInput): FreeSpan[] {
  const slots: FreeSpan[] = [];
  let from = input.earliest;
  while (slots.length < input.count) {
    const slot = firstFreeSpan({
      from,
      lengthDays: 7 * input.weeks - 2,
      blocked: input.blocked,
      latestEnd: input.latestEnd,
      weekday: input.startWeekday,
    });
    if (!slot) break;
    slots.push(slot);
    from = addDays(slot.end, 1);
  }
  return slots;
}

interface RotationRole {
  type: ExternshipType;
  handsOn: boolean;
  specialty: Specialty;
  why: string;
}

const TYPE_LABEL: Record<ExternshipType, string> = {
  observational: 'Observational',
  'hands-on': 'Hands-on',
  research: 'Research/hybrid',
  community: 'Community',
};

/** A source's title: its text up to the first comma (no array of the rest, as split makes). */
function sourceTitle(source: string): string {
  const comma = source.indexOf(',');
  return comma < 0 ? source : source.slice(0, comma);
}

/** Whether the person may do hands-on patient care now, and the reason in words. */
export function handsOnEligibility(ctx: EngineContext): { handsOn: boolean; reason: string } {
  const { profile, data } = ctx;
  const status = data.eligibility.statuses[profile.visa.current];
  const step1Passed = examRecord(ctx, 'step1').status === 'passed';
  const legal = profile.status === 'student' || status.graduateHandsOn;
  const legalWhy =
    profile.status === 'student'
      ? `as a student of a foreign medical school you may do a supervised elective clerkship (on a B-1 visa too: ${sourceTitle(data.eligibility.studentRule.source)})`
      : `${status.reason}${status.confirmed ? '' : ' (not confirmed by an official source: check with the host)'}`;
  if (!legal) return { handsOn: false, reason: `observe only: ${status.reason} (${sourceTitle(status.source)})` };
  if (!step1Passed)
    return { handsOn: false, reason: `observe only until you pass Step 1, which hands-on rotations require; ${legalWhy}. Record your pass and regenerate to upgrade` };
  return { handsOn: true, reason: `hands-on: ${legalWhy}, and you have passed Step 1` };
}

/** The type, scope and specialty of each of `count` rotations. */
export function rotationRoles(ctx: EngineContext, count: number): RotationRole[] {
  const { profile } = ctx;
  const targets = targetSpecialties(ctx);
  const primary = targets[0]!;
  const interests = profile.preferences.interests ?? [];
  const { handsOn, reason } = handsOnEligibility(ctx);
  const base: RotationRole = {
    type: handsOn ? 'hands-on' : 'observational',
    handsOn,
    specialty: primary,
    why: `${handsOn ? 'Hands-on' : 'Observational'} in ${primary.name}, your primary target, for a specialty-specific letter. Scope: ${reason}.`,
  };
  const specials: RotationRole[] = [];
  const community = targets.find((t) => t.primaryCare) ?? (interests.includes('community') ? primary : undefined);
  if (community)
    specials.push({
      type: 'community',
      handsOn,
      specialty: community,
      why: `Community or safety-net setting (a federally qualified health centre, free clinic, rural or community hospital) in ${community.name}: the guide recommends it for primary care and it shows commitment to underserved patients. Scope: ${reason}.`,
    });
  const research = targets.find((t) => t.researchLeaning) ?? (interests.includes('research') ? primary : undefined);
  if (research)
    specials.push({
      type: 'research',
      handsOn,
      specialty: research,
      why: `Research-oriented or hybrid rotation in ${research.name} (clinics plus chart reviews, data collection, abstracts): the guide recommends it for academic and research-heavy specialties. Scope: ${reason}.`,
    });
  // The primary target's own kind of special rotation comes first; the first rotation stays the base.
  specials.sort((a, b) => Number(b.specialty.id === primary.id) - Number(a.specialty.id === primary.id));
  const roles: RotationRole[] = [];
  for (let i = 0; i < count; i++) roles.push(base);
  let slot = count - 1;
  for (const s of specials) {
    if (slot < 1) break;
    roles[slot--] = s;
  }
  return roles;
}

interface RotationIds {
  rotation: string;
  letterRequest: string;
  letterUpload: string;
  thankYou: string;
  outreach: string;
  followUp: string;
  onboarding: string;
}

/** The task ids of rotation n, built once per n (as EXAM_TASK_IDS); a pinned rotation may have any n, hence the bound. */
const idsByNumber = new Map<number, RotationIds>();

function rotationIds(n: number): RotationIds {
  let ids = idsByNumber.get(n);
  if (ids === undefined) {
    const id = `rotation-${n}`;
    ids = {
      rotation: id,
      letterRequest: `letter-request-${id}`,
      letterUpload: `letter-upload-${id}`,
      thankYou: `thank-you-${id}`,
      outreach: `outreach-${id}`,
      followUp: `outreach-followup-${id}`,
      onboarding: `onboarding-${id}`,
    };
    if (idsByNumber.size < 100) idsByNumber.set(n, ids);
  }
  return ids;
}

/** One span per start and end, in order of first appearance, with the reason of its last appearance. */
function distinctSpans(spans: readonly Span[]): Span[] {
  // A search moves past few spans: a scan beats building and hashing a text key for each.
  const out: Span[] = [];
  for (const b of spans) {
    const i = out.findIndex((o) => o.start === b.start && o.end === b.end);
    if (i < 0) out.push(b);
    else out[i] = b;
  }
  return out;
}

export function planRotations(ctx: EngineContext, examBlocks: readonly Span[]): FamilyResult {
  const { profile, data, today } = ctx;
  const r = data.rules;
  const A = milestone(ctx, 'eras-submit');
  const review = milestone(ctx, 'eras-programs-review');
  const erasOpens = milestone(ctx, 'eras-opens');
  const tasks: Task[] = [];
  const warnings: PlanWarning[] = [];

  const lettersWanted = profile.preferences.lettersNeeded ?? r.letters.defaultWanted.value;
  const inHand = profile.usce.filter((u) => u.letter).length;
  const perRotation = r.rotations.lettersPerRotation.value;
  const needed = Math.max(0, Math.ceil((lettersWanted - inHand) / perRotation));
  const count = ctx.overrides.externships ?? profile.preferences.externships ?? needed;
  const weeks = ctx.overrides.weeksPerExternship ?? profile.preferences.weeksPerExternship ?? r.rotations.defaultWeeks.value;
  const countWhy =
    ctx.overrides.externships !== undefined || profile.preferences.externships !== undefined
      ? `you asked for ${count}`
      : `${lettersWanted} U.S. letters wanted, ${inHand} in hand, one letter per rotation`;

  const uploadBy = addDays(review.date, -r.rotations.letterUploadBufferDays.value);
  const writingWeeks = r.rotations.letterWritingWeeks.value;
  const latestEnd = addWeeks(uploadBy, -writingWeeks);
  const windowMonths = r.rotations.windowMonthsBeforeApplication.value;
  const windowStart = addMonths(A.date, -windowMonths);
  const needsVisa = data.eligibility.statuses[profile.visa.current].needsVisitorVisa;
  const visaWeeks = needsVisa ? r.outreach.visaExtraWeeks.value : 0;
  const blocked: Span[] = [
    ...unavailableSpans(ctx),
    ...examBlocks,
  ];
  const earliestStart = profile.availability.earliestStart ?? today;

  // Rotations the person pinned or already did stay where they are; the rest are placed around them.
  const fixedSlots = Object.entries(ctx.fixed)
    .map(([id, span]) => ({ n: Number(/^rotation-(\d+)$/.exec(id)?.[1]), ...span }))
    .filter((f) => Number.isInteger(f.n) && f.n > 0);
  const total = Math.max(count, fixedSlots.length);
  const toPlace = total - fixedSlots.length;
  for (const f of fixedSlots) blocked.push({ start: f.start, end: f.end, reason: `rotation ${f.n}, where you put it` });

  // Outreach needs its lead time before the first day; try the advised lead, then the shortest.
  const attempt = (leadWeeks: number) => {
    const earliest = maxDate(windowStart, earliestStart, today, addWeeks(today, leadWeeks + visaWeeks));
    const slots = placeRotations({ count: toPlace, weeks, earliest, latestEnd, blocked, startWeekday: r.rotations.startWeekday.value });
    return { leadWeeks, earliest, slots };
  };
  let placement = attempt(r.outreach.leadWeeks.value);
  if (placement.slots.length < toPlace) {
    const short = attempt(r.outreach.minLeadWeeks.value);
    if (short.slots.length > placement.slots.length) placement = short;
  }
  const { slots, leadWeeks, earliest } = placement;
  const taken = new Set(fixedSlots.map((f) => f.n));
  const freeNumbers: number[] = [];
  for (let n = 1; n <= total + fixedSlots.length; n++) if (!taken.has(n)) freeNumbers.push(n);
  const entries = [
    ...fixedSlots.map((f) => ({ n: f.n, slot: { start: f.start, end: f.end, movedPast: [] as Span[] }, fixed: true })),
    ...slots.map((slot, k) => ({ n: freeNumbers[k]!, slot, fixed: false })),
  ].sort((a, b) => a.n - b.n);
  const roles = rotationRoles(ctx, Math.max(total, ...entries.map((e) => e.n)));
  const leadDays = 7 * (leadWeeks + visaWeeks);

  const earliestWhy =
    earliest === windowStart
      ? `the start of the ${windowMonths}-month window`
      : earliest === earliestStart && earliestStart > today
        ? `your earliest start (${on(earliestStart)})`
        : `${leadWeeks + visaWeeks} weeks from today, the time outreach needs (AMA: apply 2-3 months ahead${visaWeeks ? ', plus time for a visitor visa' : ''})`;

  for (const { n, slot, fixed } of entries) {
    const role = roles[n - 1]!;
    const ids = rotationIds(n);
    const id = ids.rotation;
    const host = ctx.trackers.outreach.find((o) => o.status === 'confirmed' && o.rotation === id);
    const moved = slot.movedPast.length ? ` Moved past ${distinctSpans(slot.movedPast).map((b) => `${b.reason} (${b.start === b.end ? on(b.start) : `${on(b.start)} to ${on(b.end)}`})`).join(', ')}.` : '';
    const placedWhy = host
      ? `Rotation ${n}, confirmed with ${host.institution} (${host.id}) for ${on(slot.start)} to ${on(slot.end)}; the rest of the plan is arranged around it.`
      : fixed
      ? `Rotation ${n}, kept where you put it (${on(slot.start)} to ${on(slot.end)}); the rest of the plan is arranged around it.`
      : `Rotation ${n} of ${total} (${countWhy}), ${weeks} weeks: inside the ${windowMonths} months before applications go out on ${when(A)} (the guide: finish the key rotations 6-12 months before applying, so experience and letters are recent), and ending by ${on(latestEnd)} so the letter can be written (allow ${writingWeeks} weeks) and uploaded before programs start reviewing on ${when(review)}. Not before ${earliestWhy}.${moved}`;
    // Outreach belongs to rotations still ahead and not yet confirmed; a confirmed one needs only onboarding.
    const outreach =
      slot.start <= today ? [] : outreachTasks(ctx, { n, ids, slot, role, leadDays, leadWeeks, visaWeeks, needsVisa }).filter((t) => !host || t.id.startsWith('onboarding-'));
    tasks.push(
      task({
        id,
        kind: 'externship',
        title: `${TYPE_LABEL[role.type]} rotation ${n}: ${role.specialty.name}${host ? ` at ${host.institution}` : ''}`,
        start: slot.start,
        end: slot.end,
        why: `${placedWhy} ${role.why}`,
        dependsOn: outreach.length ? [outreach[outreach.length - 1]!.id] : [],
        extra: { externshipType: role.type, handsOn: role.handsOn, specialty: role.specialty.id },
      }),
      ...outreach,
    );

    tasks.push(
      task({
        id: ids.letterRequest,
        kind: 'letter-request',
        title: `Ask for a letter of recommendation (rotation ${n})`,
        start: maxDate(slot.start, addDays(slot.end, -4)),
        end: slot.end,
        why: `Ask your supervising physician in the rotation's final week, while your work is fresh; give them your CV, your goals and target specialties, and the cases you worked on (the guide). The letter must be uploaded before programs start reviewing on ${when(review)}.`,
        dependsOn: [id],
      }),
      task({
        id: ids.letterUpload,
        kind: 'letter-upload',
        title: `Letter from rotation ${n} uploaded to ERAS`,
        start: addDays(slot.end, 1),
        end: uploadBy,
        why: `Programs start reviewing on ${when(review)}. Create the letter request in MyERAS (opens ${when(erasOpens)}) and send the writer its Letter ID; only the writer or their designee uploads it, to the AAMC Letter Writer Portal. You may assign up to ${r.letters.maxPerProgram.value} letters to each program.`,
        dependsOn: [ids.letterRequest],
      }),
      task({
        id: ids.thankYou,
        kind: 'thank-you',
        title: `Send thank-you notes (rotation ${n})`,
        start: addDays(slot.end, 1),
        end: addDays(slot.end, 7),
        why: `A short, sincere thank-you to your supervisors and team within a week of ${on(slot.end)}; then keep them posted on exam results, interviews and Match (the guide), which is how letters are updated and advocates made.`,
        dependsOn: [id],
      }),
    );
  }

  if (slots.length < toPlace) {
    const room =
      earliest > latestEnd
        ? `no time is left for the others: they could start ${on(earliest)} at the earliest, but must end by ${on(latestEnd)}`
        : `between ${on(earliest)} and ${on(latestEnd)}`;
    warnings.push(
      warning(
        'rotations-do-not-fit',
        `Only ${slots.length + fixedSlots.length} of ${total} rotations of ${weeks} weeks fit ${room} (the last day that leaves ${writingWeeks} weeks for a letter before programs review on ${when(review)}). Shorter rotations, fewer unavailable dates, or the ${ctx.year + 1} Match would make room.`,
      ),
    );
  }
  const expected = inHand + entries.length * perRotation;
  if (expected < lettersWanted)
    warnings.push(
      warning('letters-short', `This plan gives ${expected} of the ${lettersWanted} U.S. letters you want by ${when(review)}.`),
    );
  return { tasks, warnings };
}

interface OutreachInput {
  n: number;
  ids: RotationIds;
  slot: { start: CalendarDate; end: CalendarDate };
  role: RotationRole;
  leadDays: number;
  leadWeeks: number;
  visaWeeks: number;
  needsVisa: boolean;
}

/** Applying for a rotation, following up, and onboarding before its first day. */
function outreachTasks(ctx: EngineContext, { n, ids, slot, role, leadDays, leadWeeks, visaWeeks, needsVisa }: OutreachInput): Task[] {
  const r = ctx.data.rules;
  const today = ctx.today;
  const outStart = maxDate(today, addDays(slot.start, -leadDays));
  const outEnd = minDate(addDays(outStart, r.outreach.followUpAfterDays.value - 1), addDays(slot.start, -1));
  const out: Task[] = [];
  out.push(
    task({
      id: ids.outreach,
      kind: 'outreach',
      title: `Apply for rotation ${n} (${role.specialty.name}, ${TYPE_LABEL[role.type].toLowerCase()})`,
      start: outStart,
      end: outEnd,
      why: `Rotation ${n} starts ${on(slot.start)}; the AMA advises applying 2-3 months ahead to allow for a visa and clearance (imgplan: ${leadWeeks} weeks${visaWeeks ? ` plus ${visaWeeks} for a visitor visa` : ''}). Write to many hosts at once (programme coordinators, clinic managers, physicians, alumni of your school) with a short CV, a statement of interest, your exam status and your goals: persistence and volume matter. Vet paid placements: what is hands-on, who supervises, what the fee covers; avoid any that promise a residency position.`,
    }),
  );
  const followStart = addDays(outEnd, 1);
  if (followStart < slot.start) {
    const followEnd = minDate(addDays(followStart, r.outreach.followUpAfterDays.value - 1), addDays(slot.start, -1));
    out.push(
      task({
        id: ids.followUp,
        kind: 'outreach',
        title: `Follow up and confirm a host for rotation ${n}`,
        start: followStart,
        end: followEnd,
        why: `Follow up on unanswered messages after ${r.outreach.followUpAfterDays.value} days, and confirm one offer in writing (dates, supervisor, what you may do) so onboarding can finish before ${on(slot.start)}.`,
        dependsOn: [ids.outreach],
      }),
    );
    const onboardStart = addDays(followEnd, 1);
    if (onboardStart < slot.start)
      out.push(
        task({
          id: ids.onboarding,
          kind: 'outreach',
          title: `Complete onboarding for rotation ${n}`,
          start: onboardStart,
          end: addDays(slot.start, -1),
          why: `Hosts need paperwork, immunisation records, a background check and malpractice cover before day one (${on(slot.start)})${needsVisa ? ', and you need a B-1/B-2 visa to travel' : ''}.`,
          dependsOn: [ids.followUp],
        }),
      );
  }
  return out;
}
