#!/usr/bin/env bash
# Runs the jest suite with the machine's clock set to instants where dates bite: the first of a month after the
# prompt hour (value check-ins, review digests), New Year's Eve half an hour before midnight UTC, and a few
# minutes before the daylight-saving switches in Europe and in the US. libfaketime (Debian's `faketime`) starts
# the clock at the instant and lets it run; monotonic clocks (timers) are left alone.
# Usage: scripts/test-at-fixed-instants.sh [jest arguments…]   (FIXED_INSTANTS="…;…" to choose others)
# Without arguments: the suites that start the service, its scheduler or its clocks (the date-sensitive parts);
# pass paths, or `test`, for others or for the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  echo "faketime is not installed (apt-get install faketime): cannot run the suite at fixed instants" >&2
  exit 1
fi

IFS=';' read -r -a instants <<<"${FIXED_INSTANTS:-2027-01-01 10:00:00;2026-12-31 23:30:00;2027-03-28 00:55:00;2027-03-14 06:55:00}"
node scripts/ferretdb-binary.cjs
for instant in "${instants[@]}"; do
  echo "=== jest at ${instant} UTC ==="
  if [ $# -eq 0 ]; then
    # process-crash runs only the fan-out (SCHEDULER_JOBS), so no date reaches it; it runs once in npm test.
    set -- test/reliability/unreachable-owner.test.ts test/reliability/archived-channel.test.ts \
      test/reliability/database-outage.test.ts test/scheduler test/services test/domain test/config test/app.test.ts
  fi
  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "${instant}" npx jest "$@"
done
