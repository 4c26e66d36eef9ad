/*===- tnp-runtime/allocator.h - The host allocator with a block cache ----===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* Every host allocation of the runtime and of compiled code (through        *|
|* _mlir_memref_to_llvm_alloc, see mlir_abi.h) comes from here. Blocks are    *|
|* at least TNP_RT_HOST_ALIGNMENT (64) bytes aligned.                         *|
|*                                                                            *|
|* Large blocks (>= TNP_RT_ALLOCATOR_LARGE_BLOCK_BYTES) are mapped from the   *|
|* OS and, when freed, kept in a cache of size classes (8 per power of two)   *|
|* and handed out again: a fresh 64 MB output costs more in page faults than  *|
|* a fused loop over it (DESIGN.md section 8). The cache holds at most        *|
|* TNP_RT_CACHE_BYTES bytes (environment variable, read once at first use;    *|
|* plain bytes or with a K/M/G suffix, binary; 0 disables caching; default    *|
|* 1 GiB); beyond that the least recently cached blocks are unmapped. Smaller *|
|* blocks go to the C library's aligned allocation; freed blocks of at most   *|
|* 4 KiB are kept per thread (up to 32 per power-of-two size class) for that  *|
|* thread's next requests, and returned when the thread exits or after        *|
|* tnp_rt_allocator_trim.                                                     *|
|*                                                                            *|
|* Threading: every function here is thread-safe.                             *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_ALLOCATOR_H
#define TNP_RUNTIME_ALLOCATOR_H

#include "tnp-runtime/config.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// Requests of at least this many bytes are large blocks (mapped, cached).
#define TNP_RT_ALLOCATOR_LARGE_BLOCK_BYTES ((size_t)1 << 20)

/// Default bound of the cache of free large blocks (1 GiB).
#define TNP_RT_ALLOCATOR_DEFAULT_CACHE_BYTES ((size_t)1 << 30)

/// Allocates `byte_size` bytes (0 is allowed and gives a distinct block)
/// aligned to max(`alignment`, 64); `alignment` 0 means 64, and one that is
/// not a power of two is rounded up to the next one. The contents are
/// uninitialized. The block is released with tnp_rt_allocator_free or handed
/// to a buffer with tnp_rt_buffer_adopt_host.
TNP_RT_API tnp_rt_status_t tnp_rt_allocator_allocate(size_t byte_size,
                                                     size_t alignment,
                                                     void **out_ptr);

/// Frees a block of tnp_rt_allocator_allocate. NULL does nothing. A pointer
/// that is not a live block, or a block owned by a buffer, is not freed: the
/// call records an internal error in the sticky error slot (status.h) so the
/// bug is reported instead of corrupting the heap.
TNP_RT_API void tnp_rt_allocator_free(void *ptr);

/// True when `ptr` is the start of a live block of this allocator (cached
/// free blocks are not live).
TNP_RT_API bool tnp_rt_allocator_owns(const void *ptr);

/// The byte size requested for the live block `ptr`; 0 when `ptr` is not a
/// live block.
TNP_RT_API size_t tnp_rt_allocator_block_size(const void *ptr);

/// Unmaps every cached free block. The small blocks kept per thread go back
/// to the C library: the calling thread's now, another thread's at its next
/// allocation or free (or when it exits).
TNP_RT_API void tnp_rt_allocator_trim(void);

/// Sets the bound of the cache (0 disables caching) and trims the cache down
/// to it.
TNP_RT_API void tnp_rt_allocator_set_cache_limit(size_t byte_limit);

/// Counters of the allocator. All counts are since process start.
typedef struct tnp_rt_allocator_stats_t {
  /// Bytes requested by live blocks, and the number of live blocks.
  size_t bytes_in_use;
  size_t blocks_in_use;
  /// The largest bytes_in_use seen.
  size_t peak_bytes_in_use;
  /// Bytes and blocks held by the cache of free large blocks.
  size_t cache_bytes;
  size_t cache_blocks;
  /// The bound of the cache.
  size_t cache_limit_bytes;
  /// Large-block requests served from the cache, and those that had to map
  /// fresh memory.
  uint64_t cache_hits;
  uint64_t cache_misses;
  /// Every successful allocation, and every free.
  uint64_t allocations;
  uint64_t frees;
} tnp_rt_allocator_stats_t;

/// Fills `out_stats` with the counters. Each is read atomically, but other
/// threads may allocate between the reads, so the fields are only mutually
/// consistent when nothing else is allocating.
TNP_RT_API void tnp_rt_allocator_query_stats(tnp_rt_allocator_stats_t *out_stats);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_ALLOCATOR_H */
