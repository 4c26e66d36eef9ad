#!/usr/bin/env bash
#===- scripts/run-main.sh - The main job: the tutorial's model ------------===#
# Installs what is missing, builds tnp-opt, then parses the tutorial's model
# written in the tnp dialect, canonicalizes it, makes its casts explicit (and
# folds the casts of constants),
# checks the explicit-dtypes contract and prints the result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" tnp-opt >/dev/null
"${TNP_BUILD_DIR:-$ROOT/build}/bin/tnp-opt" "$ROOT/examples/tutorial_model.mlir" \
  --canonicalize --tnp-make-casts-explicit --canonicalize --tnp-verify-explicit-dtypes
