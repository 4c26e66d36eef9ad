//===- MlirAbi.cpp - The symbols MLIR-generated code calls ----------------===//
//
// Part of tnp.
//
// Every function in this file has a name fixed by MLIR, not by tnp (STYLE.md
// rule 11), and nothing else lives here:
//
//  - _mlir_memref_to_llvm_alloc / _aligned_alloc / _free: what
//    finalize-memref-to-llvm{use-generic-functions=1} calls for memref.alloc
//    and memref.dealloc. They route every allocation of compiled code to the
//    runtime allocator, so results can be adopted as buffers (array.h).
//  - memrefCopy: what a strided memref.copy lowers to. Same semantics as
//    upstream mlir/lib/ExecutionEngine/CRunnerUtils.cpp, so an AOT program
//    does not need libmlir_c_runner_utils.
//
// Signatures: mlir/ExecutionEngine/CRunnerUtils.h of LLVM 22 and the
// MemRefToLLVM lowering (size_t / i64 sizes, pointer results).
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cstdio>
#include <cstring>

extern "C" {

void *_mlir_memref_to_llvm_alloc(size_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(TNP_RT_HOST_ALIGNMENT, size);
}

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  void *ptr = nullptr;
  tnp::rt::CallFrame *frame = tnp::rt::currentCallFrame();
  tnp_rt_status_t status = tnp_rt_allocator_allocate(size, alignment, &ptr);
  if (status) {
    // Generated code cannot take a status here: record it for the entry
    // point, and return to the call of compiled code when there is one
    // (tnp_rt_call_on frees what the call allocated). Outside such a call,
    // NULL.
    // NumPy's wording (it also names the shape and dtype, which the
    // allocator does not know).
    static const char *const kUnits[] = {"bytes", "KiB", "MiB", "GiB",
                                         "TiB",   "PiB", "EiB"};
    double amount = static_cast<double>(size);
    int unit = 0;
    while (amount >= 1024.0 && unit < 6) {
      amount /= 1024.0;
      ++unit;
    }
    char message[128];
    std::snprintf(message, sizeof(message),
                  "Unable to allocate %.3g %s (%zu bytes) for an array", amount,
                  kUnits[unit], size);
    tnp_rt_error_raise(TNP_RT_STATUS_OUT_OF_MEMORY, message);
    tnp_rt_status_free(status);
    if (frame)
      std::longjmp(frame->env, 1);
    return nullptr;
  }
  if (frame)
    frame->live.push_back(ptr);
  return ptr;
}

void _mlir_memref_to_llvm_free(void *ptr) {
  if (tnp::rt::CallFrame *frame = tnp::rt::currentCallFrame()) {
    // Usually the most recent allocation: search from the back.
    for (size_t i = frame->live.size(); i-- > 0;)
      if (frame->live[i] == ptr) {
        frame->live[i] = frame->live.back();
        frame->live.pop_back();
        break;
      }
  }
  tnp_rt_allocator_free(ptr);
}

void memrefCopy(int64_t elem_size, tnp_rt_unranked_memref_t *src_arg,
                tnp_rt_unranked_memref_t *dst_arg) {
  // Ranked descriptor: {T *allocated; T *aligned; int64_t offset;
  //                     int64_t sizes[rank]; int64_t strides[rank];}
  struct Header {
    char *allocated;
    char *aligned;
    int64_t offset;
  };
  const int64_t rank = src_arg->rank;
  auto *src = static_cast<Header *>(src_arg->descriptor);
  auto *dst = static_cast<Header *>(dst_arg->descriptor);
  const int64_t *srcSizes = reinterpret_cast<const int64_t *>(src + 1);
  const int64_t *srcStrides = srcSizes + rank;
  const int64_t *dstSizes = reinterpret_cast<const int64_t *>(dst + 1);
  const int64_t *dstStrides = dstSizes + rank;

  for (int64_t axis = 0; axis < rank; ++axis)
    if (srcSizes[axis] == 0)
      return; // empty: nothing to copy

  char *srcPtr = src->aligned + src->offset * elem_size;
  char *dstPtr = dst->aligned + dst->offset * elem_size;
  if (rank == 0) {
    std::memcpy(dstPtr, srcPtr, size_t(elem_size));
    return;
  }

  // Walk the index space in row-major order, as upstream does (it advances
  // read and write positions by each axis's byte stride and rewinds an axis
  // by sizes * strides when it wraps).
  int64_t indexStorage[TNP_RT_MAX_RANK];
  int64_t *indices = indexStorage;
  int64_t *heapIndices = nullptr;
  if (rank > TNP_RT_MAX_RANK) {
    heapIndices = new int64_t[size_t(rank)];
    indices = heapIndices;
  }
  for (int64_t axis = 0; axis < rank; ++axis)
    indices[axis] = 0;
  int64_t readIndex = 0, writeIndex = 0;
  for (;;) {
    std::memcpy(dstPtr + writeIndex, srcPtr + readIndex, size_t(elem_size));
    int64_t axis = rank - 1;
    for (; axis >= 0; --axis) {
      int64_t next = ++indices[axis];
      readIndex += srcStrides[axis] * elem_size;
      writeIndex += dstStrides[axis] * elem_size;
      if (next != srcSizes[axis])
        break;
      indices[axis] = 0;
      readIndex -= srcSizes[axis] * srcStrides[axis] * elem_size;
      writeIndex -= dstSizes[axis] * dstStrides[axis] * elem_size;
    }
    if (axis < 0)
      break;
  }
  delete[] heapIndices;
}

} // extern "C"
