#!/usr/bin/env bash
#===- scripts/run-tests.sh - Install, build and run every test suite ------===#
# The README's test command and what .ci/run calls. Ends with one line
# "N passed, N failed" over every suite (lit suites and gtest unit tests, all
# run by one lit invocation through `check-tnp`). Exits non-zero if any test
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
set -e

count() { # count "NAME": lit's summary line "  NAME: N (..%)" (absent = 0)
  local n
  # lit pads the names when several categories print: "  Passed  : 126".
  n=$(sed -n "s/^ *$1 *: *\([0-9][0-9]*\).*/\1/p" "$LOG" | head -n 1)
  echo "${n:-0}"
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
