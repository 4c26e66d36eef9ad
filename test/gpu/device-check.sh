#!/usr/bin/env bash
#===- test/gpu/device-check.sh - Everything a GPU session checks ---------===#
#
# device-check.sh OUT: the one script a session runs on a lent GPU machine
# (the `device` tool), with build/gpu-suite (gpu_suite.py prepare) and
# build/gpu-bench (bench/gpu/build.sh) carried along. Logs go to OUT (few
# files: the tool brings back at most 8); results stay in /tmp.
#   0. the runtime's CUDA unit tests, if build/gpu-unit/TNPRuntimeTests
#      was carried;
#   1. the GPU suite (test/gpu/run.sh): the model, then every case;
#   2. the GPU benchmark beside its peers (bench/gpu/run.py).
#
#===----------------------------------------------------------------------===#
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../.."
OUT="${1:?usage: device-check.sh OUT}"
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
rc=0
if [ -x "$ROOT/build/gpu-unit/TNPRuntimeTests" ]; then
  echo "== runtime unit tests (CUDA)"
  "$ROOT/build/gpu-unit/TNPRuntimeTests" --gtest_filter='Cuda*:RuntimeBuffer*' \
    2>&1 | tail -8 || rc=1
fi
echo "== suite"
timeout 240 bash "$HERE/run.sh" "$ROOT/build/gpu-suite" /tmp/tnp-gpu-suite \
  > "$OUT/suite.log" 2>&1 || rc=1
grep -v "^FAIL " "$OUT/suite.log" | tail -40
grep "^FAIL " "$OUT/suite.log" | head -40
echo "== bench"
if [ -x "$ROOT/build/gpu-bench/bench" ]; then
  timeout 180 python3 "$ROOT/bench/gpu/run.py" "$ROOT/build/gpu-bench/bench" \
    /tmp/tnp-gpu-bench > "$OUT/bench.log" 2>&1 || rc=1
  cat "$OUT/bench.log" | tail -40
fi
exit $rc
