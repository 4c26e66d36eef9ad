#!/usr/bin/env bash
#===- bench/aot.sh - Sizes and start-up time of the AOT example -----------===#
# Builds examples/aot (the tutorial's model through tnp-compile --emit=lib,
# linked with the static runtime), then prints the executable's size
# (as linked and stripped), the runtime libraries' sizes, and the median
# wall time from process start to the first result over N runs of
#   ./model              (AOT: no compiler in the process)
#   tnp-run ... -e main  (JIT: parse, tnp-cpu-pipeline, LLVM codegen, run)
# Usage: bench/aot.sh [N]   (after a build; default N = 20)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TNP_BUILD_DIR:-$ROOT/build}"
N="${1:-20}"
WORK="$(mktemp -d /tmp/tnp-aot-bench.XXXX)"
trap 'rm -rf "$WORK"' EXIT
"$BUILD/bin/tnp-compile" "$ROOT/examples/tutorial_model.mlir" --emit=lib \
  --name=model -o "$WORK/libmodel.a"
cc -O2 -I"$WORK" -I"$ROOT/runtime/include" "$ROOT/examples/aot/main.c" \
  "$WORK/libmodel.a" "$BUILD/lib/libtnp_runtime.a" -lstdc++ -lm -lpthread \
  -o "$WORK/model"
strip -o "$WORK/model.stripped" "$WORK/model"
size() { stat -L -c %s "$1"; }
echo "AOT example executable: $(size "$WORK/model") bytes ($(size "$WORK/model.stripped") stripped)"
echo "libmodel.a: $(size "$WORK/libmodel.a") bytes"
echo "libtnp_runtime.a: $(size "$BUILD/lib/libtnp_runtime.a") bytes"
so="$(ls "$BUILD"/lib/libtnp_runtime.so* | head -1)"
echo "libtnp_runtime.so: $(size "$so") bytes"
median() {
  /usr/bin/python3 - "$@" <<'PY'
import subprocess, sys, time
cmd = sys.argv[1:]
ts = []
for _ in range(int(__import__("os").environ["N"])):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    ts.append(time.perf_counter() - t0)
ts.sort()
print(f"{ts[len(ts) // 2] * 1e3:.2f} ms")
PY
}
export N
echo "start to first result, AOT (./model):  $(median "$WORK/model")"
echo "start to first result, JIT (tnp-run):  $(median "$BUILD/bin/tnp-run" "$ROOT/examples/tutorial_model.mlir" -e main --print)"
