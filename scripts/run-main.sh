#!/usr/bin/env bash
#===- scripts/run-main.sh - The main job: the tutorial's model ------------===#
# Installs what is missing, builds tnp-opt and tnp-run, prints the tutorial's
# model after the tnp-level passes (canonicalization, explicit casts, their
# contract check), then compiles it for this CPU and runs it: the weights are
# tnp's seeded randn draws (tnp.random.normal, seed 0), the input is
# ones([2, 32], float32); it prints the (2, 2) float32 result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TNP_BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup.sh" >/dev/null
bash "$ROOT/scripts/build.sh" tnp-opt tnp-run >/dev/null
MODEL="$ROOT/examples/tutorial_model.mlir"

echo "== the tutorial's model in the tnp dialect, casts made explicit =="
"$BUILD/bin/tnp-opt" "$MODEL" \
  --canonicalize --tnp-make-casts-explicit --canonicalize --tnp-verify-explicit-dtypes

echo "== model.predict(tnp.ones([2, 32], dtype=tnp.float32)), tnp.random.seed(0) weights =="
"$BUILD/bin/tnp-run" "$MODEL" -e main --print
