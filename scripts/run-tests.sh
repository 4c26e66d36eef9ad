#!/usr/bin/env bash
#===- scripts/run-tests.sh - Install, build and run every test suite ------===#
# The README's test command and what .ci/run calls. Ends with one line
# "N passed, N failed" over every suite (lit suites and gtest unit tests, all
# run by one lit invocation through `check-tnp`, then the sanitizer builds of
# scripts/run-sanitizers.sh; TNP_SKIP_SANITIZERS=1 skips those). Exits non-zero if any test
# fails or the build breaks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TNP_BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"

LOG="$(mktemp)"
set +e
TNP_LIT_ARGS="" ninja -C "$BUILD" check-tnp 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
# The robustness builds: ASan + UBSan (unit tests, every tnp-run test) and
# TSan (runtime tests); their lit summaries count in the totals below.
if [ "${TNP_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash "$ROOT/scripts/run-sanitizers.sh" 2>&1 | tee -a "$LOG"
  src=${PIPESTATUS[0]}
  [ "$src" -ne 0 ] && rc=$src
fi
set -e

count() { # count "NAME": the sum of lit's summary lines "  NAME: N (..%)"
  # lit pads the names when several categories print: "  Passed  : 126".
  sed -n "s/^ *$1 *: *\([0-9][0-9]*\).*/\1/p" "$LOG" |
    awk '{ s += $1 } END { print s + 0 }'
}
passed=$(count "Passed")
failed=$(( $(count "Failed") + $(count "Unresolved") + $(count "Timed Out") \
           + $(count "Unexpectedly Passed") ))
skipped=$(( $(count "Unsupported") + $(count "Expectedly Failed") \
            + $(count "Skipped") + $(count "Excluded") ))
rm -f "$LOG"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the test run itself broke
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
