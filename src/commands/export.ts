// `imgplan export --format md|ics|json|html [--out FILE] [plan]`: a plan in the formats people
// keep elsewhere. Standard output by default; a file only where asked, under output-file.ts's rules.
import { InputError } from '../domain/errors.js';
import { EXAMS, EXAM_NAMES, type Profile } from '../domain/profile.js';
import type { Plan } from '../domain/plan.js';
import { referenceData } from '../reference/index.js';
import type { ProfileSummary } from '../export/markdown.js';
import type { Deps } from './deps.js';
import { writeOutputFile } from './output-file.js';
import { loadPlan, openSession, type Session } from './session.js';
import { journeyBriefs, type JourneyBriefs } from '../render/budget.js';
import { BUDGET, OUTREACH, PROGRAMS, readTracker } from '../store/trackers.js';

export const FORMATS = ['md', 'ics', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** Profile facts a Markdown or HTML export may show, named by --show; programs and budget go in every format. */
export const SHOWABLE = ['name', 'school', 'specialties', 'visa', 'exams', 'programs', 'budget'] as const;

export interface ExportOptions {
  format: string;
  out?: string;
  force?: boolean;
  plan?: string;
  show?: string;
}

function summaryOf(profile: Profile, wanted: readonly string[]): ProfileSummary {
  const names = new Map(referenceData().specialties.specialties.map((s) => [s.id, s.name]));
  const summary: ProfileSummary = {};
  if (wanted.includes('name')) summary.name = profile.name;
  if (wanted.includes('school')) summary.school = `${profile.school.name}, ${profile.school.country} (${profile.status === 'student' ? 'graduating' : 'graduated'} ${profile.school.graduationYear})`;
  if (wanted.includes('specialties')) summary.specialties = profile.targetSpecialties.map((id) => names.get(id) ?? id);
  if (wanted.includes('visa')) summary.visa = `${referenceData().eligibility.statuses[profile.visa.current].label}; for residency: ${profile.visa.residencyVisa}`;
  if (wanted.includes('exams'))
    summary.exams = EXAMS.flatMap((e) => {
      const r = profile.exams[e];
      return r && r.status !== 'not-started' && r.status !== 'not-planned' ? [`${EXAM_NAMES[e]}: ${r.status}${r.date ? ` (${r.date})` : ''}${r.score !== undefined ? `, ${r.score}` : ''}`] : [];
    });
  return summary;
}

/** The programs and budget sections --show asks for: trackers reach the exports only this way. */
async function journeyOf(session: Session, plan: Plan, show: readonly string[], deps: Deps): Promise<Partial<JourneyBriefs>> {
  if (!show.includes('programs') && !show.includes('budget')) return {};
  const [programs, outreach, budget] = await Promise.all([readTracker(session.ws, PROGRAMS), readTracker(session.ws, OUTREACH), readTracker(session.ws, BUDGET)]);
  const profile = session.profile.value;
  const briefs = journeyBriefs({ plan, profile, today: deps.today(profile.timezone), programs: programs.value.programs, outreach: outreach.value.contacts, budget: budget.value, budgetSaved: true, data: referenceData() });
  return { ...(show.includes('programs') && briefs.programs ? { programs: briefs.programs } : {}), ...(show.includes('budget') && briefs.budget ? { budget: briefs.budget } : {}) };
}

async function render(format: Format, plan: Plan, profile: Profile, show: readonly string[], journey: Partial<JourneyBriefs>): Promise<string> {
  switch (format) {
    case 'md':
      return (await import('../export/markdown.js')).planToMarkdown(plan, summaryOf(profile, show), journey);
    case 'ics':
      return (await import('../export/ics.js')).planToIcs(plan);
    case 'json':
      return (await import('../export/json.js')).planToJson(plan, journey);
    case 'html':
      return (await import('../export/html.js')).planToHtml(plan, { journey });
  }
}

export async function runExport(opts: ExportOptions, deps: Deps): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(opts.format))
    throw new InputError('bad-format', `--format must be one of ${FORMATS.join(', ')}, not "${opts.format}"`, [], 'e.g. imgplan export --format md');
  const format = opts.format as Format;
  const show = (opts.show ?? 'specialties').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = show.filter((s) => !(SHOWABLE as readonly string[]).includes(s));
  if (unknown.length) throw new InputError('bad-show', `--show takes ${SHOWABLE.join(', ')}; not ${unknown.join(', ')}`, [], 'list them with commas, e.g. --show name,specialties');

  const session = await openSession(deps);
  const loaded = await loadPlan(session, opts.plan);
  const text = await render(format, loaded.value, session.profile.value, show, await journeyOf(session, loaded.value, show, deps));
  if (opts.out === undefined) {
    deps.out(text);
    return 0;
  }
  await writeOutputFile(deps, session.ws.home, text, { out: opts.out, force: opts.force, example: `plan.${format}` });
  return 0;
}
