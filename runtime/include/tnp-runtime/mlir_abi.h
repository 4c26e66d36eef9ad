/*===- tnp-runtime/mlir_abi.h - Symbols MLIR-generated code calls ---------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* These names are fixed by MLIR, not by tnp (STYLE.md rule 11); they are     *|
|* defined in runtime/src/MlirAbi.cpp. A JIT that links the runtime           *|
|* statically registers them in the ExecutionEngine's symbol map; an AOT      *|
|* program gets them by linking the runtime.                                  *|
|*                                                                            *|
|* - finalize-memref-to-llvm{use-generic-functions=1} routes memref.alloc /   *|
|*   memref.dealloc to the _mlir_memref_to_llvm_* functions: here they are    *|
|*   the runtime allocator (allocator.h), so results of compiled code can be  *|
|*   adopted as buffers without a copy.                                       *|
|* - a strided memref.copy lowers to memrefCopy (upstream                     *|
|*   mlir/lib/ExecutionEngine/CRunnerUtils.cpp, same semantics).              *|
|*                                                                            *|
|* Do not include this header in a file that also includes                   *|
|* mlir/ExecutionEngine/CRunnerUtils.h: both declare memrefCopy, with        *|
|* different (layout-identical) parameter types.                              *|
|*                                                                            *|
|* Threading: all thread-safe.                                                *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_MLIR_ABI_H
#define TNP_RUNTIME_MLIR_ABI_H

#include "tnp-runtime/config.h"

TNP_RT_EXTERN_C_BEGIN

/// The C layout of MLIR's UnrankedMemRefType<T> (CRunnerUtils.h): a rank and
/// a pointer to a ranked descriptor {allocated, aligned, offset, sizes[rank],
/// strides[rank]}.
typedef struct tnp_rt_unranked_memref_t {
  int64_t rank;
  void *descriptor;
} tnp_rt_unranked_memref_t;

/// memref.alloc without alignment: a 64-byte aligned block of the runtime
/// allocator. On failure records an out_of_memory sticky error and returns
/// NULL.
TNP_RT_API void *_mlir_memref_to_llvm_alloc(size_t size);

/// memref.alloc with alignment: aligned to max(alignment, 64).
TNP_RT_API void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t size);

/// memref.dealloc: returns the block to the runtime allocator.
TNP_RT_API void _mlir_memref_to_llvm_free(void *ptr);

/// Copies the strided memref `src` into `dst` (same rank and sizes), element
/// by element, `elem_size` bytes each; nothing when a size is 0; a 0-d memref
/// copies one element.
TNP_RT_API void memrefCopy(int64_t elem_size, tnp_rt_unranked_memref_t *src,
                           tnp_rt_unranked_memref_t *dst);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_MLIR_ABI_H */
