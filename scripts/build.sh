#!/usr/bin/env bash
#===- scripts/build.sh - Configure and build tnp into build/ -------------===#
# Usage: scripts/build.sh [ninja targets...]   (default: everything)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TNP_BUILD_DIR:-$ROOT/build}"

# ccache: paths relative to the checkout so a fresh clone elsewhere hits.
export CCACHE_BASEDIR="$ROOT"
export CCACHE_NOHASHDIR=1
export CCACHE_COMPILERCHECK=content
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

JOBS="${TNP_JOBS:-$(nproc)}"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fi
ninja -C "$BUILD" -j"$JOBS" "$@"
