#!/usr/bin/env bash
# The whole test suite under five time zones (issue #6): UTC; Los Angeles (behind UTC, with DST);
# São Paulo (southern hemisphere, DST in its past); Kolkata (a half-hour offset); Kiritimati
# (UTC+14, the first to reach a date). No plan may depend on the machine's zone:
# tests/e2e/cli.test.ts also compares the plan output across these five zones byte for byte.
#
#   scripts/tz-matrix.sh                      # build once, then `npx vitest run` per zone
#   scripts/tz-matrix.sh tests/unit           # arguments go to vitest
#   SKIP_BUILD=1 scripts/tz-matrix.sh         # reuse dist/imgplan.cjs as it is
#
# Prints a summary and exits non-zero when the suite fails in any zone.
set -uo pipefail
cd "$(dirname "$0")/.."

ZONES=(UTC America/Los_Angeles America/Sao_Paulo Asia/Kolkata Pacific/Kiritimati)

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  npm run build > /dev/null || { echo "tz-matrix: npm run build failed" >&2; exit 1; }
fi

declare -A outcome
failed=0
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
  echo "=== TZ=$zone: npx vitest run $*"
  started=$SECONDS
  if TZ="$zone" npx vitest run "$@"; then
    outcome[$zone]="passed"
  else
    outcome[$zone]="FAILED"
    failed=$((failed + 1))
  fi
  outcome[$zone]+=" in $((SECONDS - started)) s"
done

echo
echo "Time-zone matrix:"
for zone in "${ZONES[@]}"; do
  printf '  %-20s %s\n' "$zone" "${outcome[$zone]}"
done
if ((failed)); then
  echo "tz-matrix: the suite failed in $failed of ${#ZONES[@]} time zones" >&2
  exit 1
fi
echo "tz-matrix: the suite passed in all ${#ZONES[@]} time zones"
