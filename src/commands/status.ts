// `imgplan status` (alias `next`): today's view of a plan: overdue, the next 14 days, countdowns,
// progress with the outreach funnel, and warnings with placements vetted as risky, on one screen,
// or as JSON.
import { referenceData } from '../reference/index.js';
import { journeyBriefs } from '../render/budget.js';
import { renderStatus, statusView } from '../render/status.js';
import { BUDGET, LETTERS, OUTREACH, PROGRAMS, readTracker } from '../store/trackers.js';
import type { Deps } from './deps.js';
import { printJson } from './planning.js';
import { loadPlan, openSession } from './session.js';

export interface StatusOptions {
  plan?: string;
  json?: boolean;
}


export async function runStatus(opts: StatusOptions, deps: Deps): Promise<number> {
  const session = await openSession(deps);
  const plan = (await loadPlan(session, opts.plan)).value;
  const profile = session.profile.value;
  // Overdue and "in N days" count from today, not from the day the plan was made.
  const today = deps.today(profile.timezone);
  const [letters, outreach, programs, budget] = await Promise.all([readTracker(session.ws, LETTERS), readTracker(session.ws, OUTREACH), readTracker(session.ws, PROGRAMS), readTracker(session.ws, BUDGET)]);
  const data = statusView({
    plan,
    profile,
    today,
    lettersWanted: profile.preferences.lettersNeeded ?? referenceData().rules.letters.defaultWanted.value,
    letters: letters.value.letters,
    outreach: outreach.value.contacts,
    journey: journeyBriefs({
      plan,
      profile,
      today,
      programs: programs.value.programs,
      outreach: outreach.value.contacts,
      budget: budget.value,
      budgetSaved: budget.text !== undefined,
      data: referenceData(),
    }),
  });
  if (opts.json) {
    printJson(deps, data);
    return 0;
  }
  deps.out(`${renderStatus(data, { color: deps.color, width: deps.columns, height: deps.rows })}\n`);
  return 0;
}
