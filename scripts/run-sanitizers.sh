#!/usr/bin/env bash
#===- scripts/run-sanitizers.sh - The robustness builds and their tests ---===#
# Usage: scripts/run-sanitizers.sh [asan|tsan|all]   (default: all)
#
# asan: builds tnp's own code with AddressSanitizer + UndefinedBehavior-
#       Sanitizer (+ LeakSanitizer) into build-asan/ and runs the runtime and
#       semantics unit tests and every tnp-run test (the error paths
#       included) there: any invalid access, leak or undefined behaviour
#       fails the test that hit it.
# tsan: builds the runtime with ThreadSanitizer into build-tsan/ and runs
#       the runtime unit tests (the allocator's cache, the per-thread sticky
#       error and the reference counts are exercised from several threads).
# Prints lit's summary per build; exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-all}"
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1 CCACHE_COMPILERCHECK=content
JOBS="${TNP_JOBS:-$(nproc)}"
LIT=/usr/lib/llvm-22/bin/lit

configure() { # configure DIR SANITIZERS
  if [ ! -f "$1/build.ninja" ]; then
    cmake -S "$ROOT" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      "-DTNP_SANITIZE=$2" >/dev/null
  fi
}

rc=0
if [ "$MODE" = asan ] || [ "$MODE" = all ]; then
  B="$ROOT/build-asan"
  configure "$B" "address;undefined"
  ninja -C "$B" -j"$JOBS" TNPRuntimeTests TNPSemanticsTests tnp-run tnp-opt \
    tnp-case
  echo "== ASan + UBSan: unit tests and every tnp-run test =="
  "$LIT" -sv "$B/test/Unit" "$B/test/tools/tnp-run" || rc=1
fi
if [ "$MODE" = tsan ] || [ "$MODE" = all ]; then
  B="$ROOT/build-tsan"
  configure "$B" "thread"
  ninja -C "$B" -j"$JOBS" TNPRuntimeTests
  echo "== TSan: runtime unit tests =="
  "$LIT" -sv "$B/test/Unit" --filter 'TNPRuntimeTests' || rc=1
fi
exit $rc
