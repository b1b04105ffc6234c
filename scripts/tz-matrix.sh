#!/usr/bin/env bash
# The test suite under five time zones (issue #6): UTC; Los Angeles (behind UTC, with DST);
# São Paulo (southern hemisphere, DST in its past); Kolkata (a half-hour offset); Kiritimati
# (UTC+14, the first to reach a date). No plan may depend on the machine's zone.
#
# What runs where, and why: the unit and property suites run in-process, once per zone (TZ set for
# vitest and its workers). The end-to-end tests start the binary in the zone they run in
# (tests/e2e/helpers.ts baseEnv passes TZ on, UTC when unset); per zone run the ones that make and
# change plans and write every export (cli, living-plan, trackers-plan, export, programs, budget),
# as the whole end-to-end suite per zone would add about 2 minutes a zone to CI. Then the
# cross-zone comparison in tests/e2e/cli.test.ts ("time zones") runs the binary in each of the five
# zones itself and compares demo, init, the saved plan and show, byte for byte.
#
#   scripts/tz-matrix.sh                       # build once, then the matrix in all five zones
#   TZ_ZONES="Asia/Kolkata" scripts/tz-matrix.sh   # only these zones (.ci/run leaves out UTC, which npm test ran)
#   scripts/tz-matrix.sh tests/unit/dates.test.ts  # other vitest arguments instead of those suites
#   SKIP_BUILD=1 scripts/tz-matrix.sh          # reuse dist/imgplan.cjs as it is
#
# Prints a summary and exits non-zero when the suite fails in any zone.
set -uo pipefail
cd "$(dirname "$0")/.."

ALL_ZONES=(UTC America/Los_Angeles America/Sao_Paulo Asia/Kolkata Pacific/Kiritimati)
read -r -a ZONES <<< "${TZ_ZONES:-${ALL_ZONES[*]}}"
SUITES=("$@")
((${#SUITES[@]})) || SUITES=(tests/unit tests/property tests/e2e/cli.test.ts tests/e2e/living-plan.test.ts tests/e2e/trackers-plan.test.ts tests/e2e/export.test.ts tests/e2e/programs.test.ts tests/e2e/budget.test.ts)

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  npm run build > /dev/null || { echo "tz-matrix: npm run build failed" >&2; exit 1; }
fi

declare -A outcome
failed=0
started_all=$SECONDS
for zone in "${ZONES[@]}"; do
  # Node must run in the zone (one it does not know falls back to UTC without a word); ICU may
  # name it by an alias (Asia/Kolkata is Asia/Calcutta).
  seen=$(TZ="$zone" node -p "const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    here === new Intl.DateTimeFormat('en', { timeZone: '$zone' }).resolvedOptions().timeZone ? 'ok' : here" 2>&1)
  if [[ "$seen" != ok ]]; then
    outcome[$zone]="FAILED: node does not run in $zone (${seen//$'\n'/ })"
    failed=$((failed + 1))
    continue
  fi
  echo "=== TZ=$zone: npx vitest run ${SUITES[*]}"
  started=$SECONDS
  if TZ="$zone" npx vitest run "${SUITES[@]}"; then
    outcome[$zone]="passed"
  else
    outcome[$zone]="FAILED"
    failed=$((failed + 1))
  fi
  outcome[$zone]+=" in $((SECONDS - started)) s"
done

cross="the cross-zone comparison (tests/e2e/cli.test.ts, time zones)"
echo "=== $cross"
started=$SECONDS
if npx vitest run tests/e2e/cli.test.ts -t 'time zones'; then
  outcome[cross]="passed"
else
  outcome[cross]="FAILED"
  failed=$((failed + 1))
fi
outcome[cross]+=" in $((SECONDS - started)) s"

echo
echo "Time-zone matrix (${SUITES[*]}):"
for zone in "${ZONES[@]}"; do
  printf '  %-20s %s\n' "$zone" "${outcome[$zone]}"
done
printf '  %-20s %s\n' "all five, compared" "${outcome[cross]}"
if ((failed)); then
  echo "tz-matrix: failed in $failed of $((${#ZONES[@]} + 1)) runs ($((SECONDS - started_all)) s)" >&2
  exit 1
fi
echo "tz-matrix: passed in ${#ZONES[@]} zones and across all five ($((SECONDS - started_all)) s)"
