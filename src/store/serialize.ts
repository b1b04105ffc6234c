// Plans and profiles as YAML a person can read and edit: a short header, one key per line,
// id lists inline, dates unquoted (imgplan reads them as text under YAML 1.2's core schema).
// Rewrites of an existing file change only what changed (yaml-patch.ts).
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Plan } from '../domain/plan.js';
import type { ProfileInput } from '../domain/profile.js';
import { rewriteYaml } from './yaml-patch.js';

const TO_STRING = { lineWidth: 0, flowCollectionPadding: false, indentSeq: true } as const;

/** A value as YAML, with the lists under `inlineKeys` written on one line. */
function renderYaml(value: unknown, inlineKeys: readonly string[]): Document {
  const doc = new Document(value);
  visit(doc, {
    Pair(_, pair) {
      if (isSeq(pair.value) && isScalar(pair.key) && inlineKeys.includes(String(pair.key.value))) pair.value.flow = true;
    },
  });
  return doc;
}

const renderPlanPart = (value: unknown): string => renderYaml(value, ['dependsOn']).toString(TO_STRING);

export function planToYaml(plan: Plan): string {
  const doc = renderYaml(plan, ['dependsOn']);
  doc.commentBefore = [
    ` imgplan plan "${plan.name}" for the ${plan.matchYear} Match, made on ${plan.today}.`,
    ' A task is todo, done or skipped; "why" says which rule placed it and the date it protects.',
    ' Milestones marked "estimated: true" are projected by a rule, not yet published: check them.',
  ].join('\n');
  return doc.toString(TO_STRING);
}

const PROFILE_COMMENTS: Record<string, string> = {
  timezone: ' IANA name; "today" is taken in this zone',
  status: ' student | graduate',
  targetSpecialties: ' the first one is the primary target',
  targetMatchYear: ' Match Day in March of this year; ERAS applications go out the September before',
  visa: ' current: outside-us | b1-b2 | f1 | j1 | j2 | h1b | h4 | ead | green-card | us-citizen\n residencyVisa (what residency will need): none | j1 | h1b | either',
  exams: ' status: not-started | not-planned | scheduled | passed | failed',
  ecfmg: ' pathway: not-started | submitted | accepted',
  usce: ' U.S. clinical experience already done; letter: a U.S. letter of recommendation came from it',
  availability: ' earliestStart: first day free for a rotation; unavailable: spans with no rotation',
  preferences: ' externships: rotations to plan (leave out to let imgplan decide); lettersNeeded: U.S. letters wanted',
};

/** A profile written by `imgplan init` from its questions, with the comments of the example file. */
export function profileToYaml(profile: ProfileInput | Record<string, unknown>): string {
  const doc = renderYaml(profile, ['targetSpecialties']);
  // Top-level keys only: "status" also names each exam's status, which is not student | graduate.
  if (isMap(doc.contents))
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const comment = PROFILE_COMMENTS[key];
      // Set it on the key node itself: a key made from plain data has no commentBefore property
      // until one is set, so testing `'commentBefore' in key` first would never write a comment.
      if (comment) pair.key.commentBefore = comment;
    }
  doc.commentBefore = ' An imgplan profile: the answers to `imgplan init`. Edit it, then regenerate your plan.\n Dates are calendar dates (yyyy-mm-dd).';
  return doc.toString(TO_STRING);
}

/** The plan file's new text: the old text with only the changed parts edited, or a fresh file. */
export function planText(previous: string | undefined, plan: Plan): string {
  return rewriteYaml(previous, plan, renderPlanPart, planToYaml);
}

/** The profile file's new text, keeping the person's comments and layout where nothing changed. */
export function profileText(previous: string, profile: ProfileInput | Record<string, unknown>): string {
  return rewriteYaml(previous, profile, (v) => renderYaml(v, ['targetSpecialties']).toString(TO_STRING), (v) => profileToYaml(v));
}
