#!/usr/bin/env bash
#===- bench/gpu/build.sh - Build the GPU benchmark ------------------------===#
# build.sh BUILD_DIR OUT_DIR: compiles workloads.mlir with tnp-compile
# --target=cuda (host code for x86-64-v3) and links bench.c with the static
# runtime into OUT_DIR/bench, which runs on a GPU machine without LLVM
# (bench/gpu/run.py runs it beside gpu_peers.py).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$(cd "$1" && pwd)"
OUT="$2"
mkdir -p "$OUT"
"$BUILD/bin/tnp-compile" "$HERE/workloads.mlir" --target=cuda --cpu=x86-64-v3 \
  --emit=lib --name=wl -o "$OUT/libwl.a"
"${CC:-clang}" -std=c11 -O2 -Wall -Wextra -Werror -I"$OUT" \
  -I"$HERE/../../runtime/include" "$HERE/bench.c" "$OUT/libwl.a" \
  "$BUILD/lib/libtnp_runtime.a" -lstdc++ -lm -lpthread -o "$OUT/bench"
rm -f "$OUT/libwl.a" "$OUT/wl.h"
