#!/usr/bin/env bash
#===- test/gpu/run.sh - The GPU suite, on a GPU machine -------------------===#
#
# run.sh SUITE [OUT]: SUITE is a folder that `gpu_suite.py prepare` built
# (build/gpu-suite by default; it travels on its own: programs, data and
# NumPy's expected results, no LLVM needed). On a machine with a CUDA GPU,
# driver and Python with NumPy this
#   1. names the GPU and the driver;
#   2. lists the fatbin of one program with the toolkit's cuobjdump, if
#      there (cubins for sm_80 and sm_90, PTX for sm_90);
#   3. runs the tutorial's model compiled for cuda (examples/aot/main.c) and
#      compares its output with the CPU's;
#   4. runs every program of the suite on cuda:0 and on the CPU and compares
#      each GPU result with NumPy's and with the CPU's
#      (gpu_suite.py check), ending with 'gpu-suite: N passed, N failed'.
# The exit status is 1 when anything failed.
#
#===----------------------------------------------------------------------===#
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE="${1:-$HERE/../../build/gpu-suite}"
OUT="${2:-$(mktemp -d /tmp/tnp-gpu-suite.XXXXXX)}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"
rc=0

echo "== device"
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader || rc=1

if command -v cuobjdump >/dev/null; then
  for prog in model_cuda m0; do
  echo "== cuobjdump of bin/$prog's fatbin"
  # The fatbin is a constant of the program: cuobjdump finds it when the
  # section is named .nv_fatbin only, so extract it by its magic instead.
  "$PY" - "$SUITE/bin/$prog" "$OUT/$prog.fatbin" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
i = data.find(struct.pack("<I", 0xBA55ED50))
if i < 0:
    sys.exit("no fatbin in " + sys.argv[1])
_, _, hsize, fsize = struct.unpack_from("<IHHQ", data, i)
open(sys.argv[2], "wb").write(data[i:i + hsize + fsize])
EOF
  cuobjdump -lelf -lptx "$OUT/$prog.fatbin" | head -20 || rc=1
  done
fi

echo "== the tutorial's model on cuda:0"
want='[[-0.01263003  0.38562223]'
if "$SUITE/bin/model_cuda" > "$OUT/model.txt" 2>&1; then
  cat "$OUT/model.txt"
  if grep -qF -- "$want" "$OUT/model.txt"; then
    echo "model: matches the CPU's result"
  else
    echo "model: FAIL: expected $want"
    rc=1
  fi
else
  cat "$OUT/model.txt"
  echo "model: FAIL: the program failed"
  rc=1
fi

echo "== the suite"
"$PY" "$HERE/gpu_suite.py" check "$SUITE" --out "$OUT/results" || rc=1
exit $rc
