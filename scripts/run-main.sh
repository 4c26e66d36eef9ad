#!/usr/bin/env bash
#===- scripts/run-main.sh - The main job: the tutorial's model ------------===#
# Installs what is missing, builds tnp-opt and tnp-run, prints the tutorial's
# model after the tnp-level passes (canonicalization, explicit casts, their
# contract check), then compiles it for this CPU and runs it: the weights are
# float64 randn draws from NumPy with a fixed seed (tnp's own seeded random
# ops come later), the input is ones([2, 32], float32); it prints the (2, 2)
# float32 result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TNP_BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup.sh" >/dev/null
bash "$ROOT/scripts/build.sh" tnp-opt tnp-run >/dev/null
MODEL="$ROOT/examples/tutorial_model.mlir"

echo "== the tutorial's model in the tnp dialect, casts made explicit =="
"$BUILD/bin/tnp-opt" "$MODEL" \
  --canonicalize --tnp-make-casts-explicit --canonicalize --tnp-verify-explicit-dtypes

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp" <<'PY'
import sys, numpy as np
rng = np.random.RandomState(0)
d = sys.argv[1]
np.save(f"{d}/w1.npy", rng.randn(32, 64))
np.save(f"{d}/bias.npy", rng.randn(64))
np.save(f"{d}/w2.npy", rng.randn(64, 2))
PY
echo "== model.predict(tnp.ones([2, 32], dtype=tnp.float32)), weights from seed 0 =="
"$BUILD/bin/tnp-run" "$MODEL" -e main \
  --input "$tmp/w1.npy" --input "$tmp/bias.npy" --input "$tmp/w2.npy" --print
