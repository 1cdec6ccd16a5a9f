#!/usr/bin/env bash
# Runs the worker kill -9 fault test N times (default 20) and fails if any run fails. Each run checks,
# among the rest, that every approved award's payment orders equal its split and that a co-funded
# award is split into the city's and the district's shares as assessed (test/support/faults.ts).
#   scripts/fault-repeat.sh [N]
# One run takes minutes and both CPUs; start it on a quiet machine.
set -u
runs="${1:-20}"
cd "$(dirname "$0")/.."
failed=0
for i in $(seq 1 "$runs"); do
  log="$(mktemp -t fault-repeat-XXXXXX.log)"
  if npx jest --selectProjects integration --runInBand test/integration/fault-worker-kill.test.ts >"$log" 2>&1; then
    echo "run $i/$runs: passed"
    rm -f "$log"
  else
    failed=$((failed + 1))
    echo "run $i/$runs: FAILED (log: $log)"
    grep -E 'casesWithOrdersAsSplit|casesSplitAsAssessed|Expected|Received' "$log" | head -20
  fi
done
echo "$((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
