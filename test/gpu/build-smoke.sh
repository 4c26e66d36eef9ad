#!/usr/bin/env bash
#===- test/gpu/build-smoke.sh - Build the GPU smoke test -----------------===#
# build-smoke.sh BUILD_DIR OUT_DIR: compiles vector_add.cu with the CUDA
# toolkit into one fatbin (cubins for sm_80 and sm_90, PTX for compute_90),
# embeds it in a C file and links test/gpu/smoke.c with the static runtime.
# OUT_DIR/smoke then runs on a GPU machine without LLVM or the toolkit.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$1"
OUT="$2"
NVCC="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
mkdir -p "$OUT"
"$NVCC" -fatbin -o "$OUT/vector_add.fatbin" \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 "$HERE/vector_add.cu"
( cd "$OUT" && xxd -i -n fatbin vector_add.fatbin > fatbin.c )
sed -i 's/^unsigned char fatbin/const unsigned char fatbin/; s/^unsigned int fatbin_len/const unsigned int fatbin_len/' "$OUT/fatbin.c"
cc -std=c11 -O2 -I"$HERE/../../runtime/include" "$HERE/smoke.c" "$OUT/fatbin.c" \
  "$BUILD/lib/libtnp_runtime.a" -lstdc++ -lm -lpthread -o "$OUT/smoke"
