//===- Internal.h - Helpers shared by the runtime's sources -----*- C++ -*-===//
//
// Part of tnp. Not installed: the public API is the C headers under
// runtime/include/tnp-runtime/.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_RUNTIME_SRC_INTERNAL_H
#define TNP_RUNTIME_SRC_INTERNAL_H

#include "tnp-runtime/tnp_runtime.h"

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tnp {
namespace rt {

//===----------------------------------------------------------------------===//
// Status helpers
//===----------------------------------------------------------------------===//

/// A status with a message built from a std::string.
tnp_rt_status_t makeStatus(tnp_rt_status_code_t code, const std::string &msg);

/// "invalid argument: <what> is NULL" as an invalid_argument status.
tnp_rt_status_t nullArgument(const char *function, const char *what);

//===----------------------------------------------------------------------===//
// Allocator internals used by buffers and arrays
//===----------------------------------------------------------------------===//

/// What the allocator knows about a pointer.
struct BlockLookup {
  bool live = false;  ///< a live block of the allocator
  size_t size = 0;    ///< its requested size
  /// Its owning buffer, retained for the caller (NULL when none, or when the
  /// owner is being destroyed concurrently: then `dying` is set).
  tnp_rt_buffer_t *owner = nullptr;
  bool dying = false;
};

/// Looks up `ptr`; retains the owner when there is one.
BlockLookup lookupBlock(const void *ptr);

/// lookupBlock, and under the same lock: when `ptr` is a live block without
/// an owner, `candidate` becomes its owner (returned as `owner`, *claimed
/// set). One lock instead of two for a block a caller adopts.
BlockLookup claimOrLookupBlock(const void *ptr, tnp_rt_buffer_t *candidate,
                               bool *claimed);

/// Makes `owner` the owner of the live block `ptr` when it has none. Returns
/// false when `ptr` is not a live block or already has an owner. On success
/// *outSize is the block's requested size.
bool claimBlock(void *ptr, tnp_rt_buffer_t *owner, size_t *outSize);

/// Frees a block whether or not it has an owner (the owning buffer calls this
/// when its last reference goes).
void freeOwnedBlock(void *ptr);

/// Increments the reference count of `buffer` unless it already reached 0
/// (a buffer being destroyed). Called under the allocator's lock.
bool bufferTryRetain(tnp_rt_buffer_t *buffer);

/// The device pool (Cuda.cpp): like the allocator's blocks above, for
/// cuda:0. allocateDeviceBlock gives NULL for 0 bytes.
tnp_rt_status_t allocateDeviceBlock(size_t bytes, void **out);
BlockLookup lookupDeviceBlock(const void *ptr);
bool claimDeviceBlock(void *ptr, tnp_rt_buffer_t *owner, size_t *outSize);
void freeDeviceBlock(void *ptr);
/// A synchronous copy between host and cuda:0 memory (or within cuda:0),
/// counted in the pool's transfer statistics.
tnp_rt_status_t deviceCopy(void *dst, const void *src, size_t bytes,
                           bool toDevice);
/// The buffer of `block` when it is a live block of the host allocator: its
/// owner (retained for the caller), or else a new buffer that now owns it;
/// NULL when it is not a live block. An error when its owner is being
/// destroyed (a result outlived its owner; `fn` names the caller) or out of
/// memory.
tnp_rt_status_t hostBlockBuffer(const char *fn, void *block,
                                tnp_rt_buffer_t **out);
/// Makes a buffer own a live, unowned device block.
tnp_rt_status_t adoptDeviceBlock(void *block, tnp_rt_buffer_t **out);

//===----------------------------------------------------------------------===//
// Shapes and copies
//===----------------------------------------------------------------------===//

/// Checks `rank` and `shape` and computes the element count and byte size.
/// Returns an invalid_argument or value status on bad input.
tnp_rt_status_t checkShape(int32_t rank, const int64_t *shape, size_t itemsize,
                           int64_t *outCount, size_t *outBytes);

/// Copies a strided n-d view into C-contiguous `dst`: `src` points at element
/// [0,...,0], `srcByteStrides` are per axis. Same walk as upstream memrefCopy.
void stridedCopyToContiguous(void *dst, const void *src, int32_t rank,
                             const int64_t *shape,
                             const int64_t *srcByteStrides, size_t itemsize);

/// Counts one boundary copy.
/// Counts one boundary copy of `bytes` bytes.
void countBoundaryCopy(size_t bytes);

//===----------------------------------------------------------------------===//
// Calls of compiled code
//===----------------------------------------------------------------------===//

/// A call of compiled CPU code in progress on this thread (tnp_rt_call_on).
/// Compiled code cannot take a status from its allocator: when an
/// allocation fails, the allocator raises out_of_memory and jumps back to
/// the call (longjmp to `env`), which frees the blocks the call allocated
/// and has not freed (`live`) and returns the error. Generated code holds no
/// resources a jump would skip other than those blocks.
struct CallFrame {
  std::jmp_buf env;
  std::vector<void *> live;
};

/// The innermost call of compiled CPU code on this thread, or NULL.
CallFrame *currentCallFrame();
/// A frame for a new call on this thread (the innermost until left).
CallFrame *enterCallFrame();
/// Ends the innermost call, `frame`.
void leaveCallFrame(CallFrame *frame);

//===----------------------------------------------------------------------===//
// 16-bit floats
//===----------------------------------------------------------------------===//

/// IEEE binary16 bits to float (exact).
float halfToFloat(uint16_t bits);
/// bfloat16 bits to float (exact).
float bfloat16ToFloat(uint16_t bits);

} // namespace rt
} // namespace tnp

#endif // TNP_RUNTIME_SRC_INTERNAL_H
