//===- Allocator.cpp - The host allocator with a cache of large blocks ----===//
//
// Part of tnp.
//
// Every live block is recorded in a side table (pointer -> size, owner), so
// the allocator can tell a block's size from its pointer, tell its own
// pointers from foreign ones without reading memory around them (a pointer to
// a global constant may sit at the start of a mapping), and know which buffer
// owns a block. The table is sharded by pointer to keep threads apart.
//
// Large blocks are mmap'ed in size classes (8 per power of two, so at most
// 12.5% is wasted, and untouched pages of the slack are never faulted in) and
// cached on free; a request is served from the cache only by a block of
// exactly its class, most recently freed first (its pages are the likeliest
// to be warm). Eviction is least recently cached first.
//
// Small blocks (<= 4 KiB) come in power-of-two classes from 64 bytes and up
// to 32 of each class are kept per thread on free for that thread's next
// request of that class, without a lock (BlockInfo::small; not under
// AddressSanitizer); trim returns them (another thread's at its next
// allocation or free, or when it exits).
//
// The side table is an open-addressing hash table per shard (no allocation
// per block), and a shard's lock is the only lock an allocation, a claim by
// a buffer or a free of a small block takes.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace tnp {
namespace rt {
namespace {

constexpr size_t kPageSize = 4096;

/// Parses TNP_RT_CACHE_BYTES: digits with an optional K/M/G suffix (binary,
/// case-insensitive, an optional trailing 'B' or 'iB'). Returns false when
/// the text is not of that form.
bool parseByteCount(const char *text, size_t *out) {
  if (!text || !*text)
    return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || text[0] == '-')
    return false;
  unsigned shift = 0;
  switch (*end) {
  case 'k': case 'K': shift = 10; ++end; break;
  case 'm': case 'M': shift = 20; ++end; break;
  case 'g': case 'G': shift = 30; ++end; break;
  default: break;
  }
  if (shift && (*end == 'i' || *end == 'I'))
    ++end;
  if (*end == 'b' || *end == 'B')
    ++end;
  if (*end != '\0')
    return false;
  if (shift && value > (~0ull >> shift))
    value = ~0ull; // saturate
  else
    value <<= shift;
  *out = static_cast<size_t>(value);
  return true;
}

/// The class (mapped size) of a large request: rounded up to a multiple of
/// 1/8 of the largest power of two not above it. 0 on overflow.
size_t largeSizeClass(size_t n) {
  if (n > (~size_t(0) >> 2))
    return 0;
  unsigned lg = 63 - static_cast<unsigned>(__builtin_clzll(n));
  size_t step = size_t(1) << (lg - 3);
  step = std::max(step, kPageSize);
  return (n + step - 1) & ~(step - 1);
}

struct BlockInfo {
  size_t size;     ///< requested bytes
  size_t capacity; ///< mapped bytes (large blocks), else 0
  tnp_rt_buffer_t *owner;
  int small;       ///< 1 + the small class of a small block, else 0
};

/// Small blocks (at most kSmallMax bytes, alignment at most 64) come in
/// power-of-two classes from 64 bytes and are kept for reuse on free, up to
/// kSmallKeep per class: a small array's result (an eager op on a few
/// elements) then costs a list pop instead of posix_memalign and free.
/// Not under AddressSanitizer, whose use-after-free checks need real frees.
constexpr size_t kSmallMax = 4096;
constexpr int kSmallClasses = 7; // 64 .. 4096
constexpr int kSmallKeep = 32;   // per class and thread
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TNP_RT_NO_SMALL_CACHE 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TNP_RT_NO_SMALL_CACHE 1
#endif

int smallClassOf(size_t size) {
  int cls = 0;
  for (size_t bytes = 64; bytes < size; bytes <<= 1)
    ++cls;
  return cls;
}

/// The live blocks of one shard: open addressing with linear probing over
/// the blocks' addresses (0 marks an empty slot and 1 an erased one; blocks
/// are at least 64-byte aligned), so recording a block allocates nothing
/// but the table's occasional growth.
class BlockTable {
public:
  struct Slot {
    uintptr_t key;
    BlockInfo info;
  };

  BlockTable() = default;
  BlockTable(const BlockTable &) = delete;
  BlockTable &operator=(const BlockTable &) = delete;
  ~BlockTable() { std::free(slots); }

  Slot *find(uintptr_t key) {
    if (!slots)
      return nullptr;
    for (size_t i = indexOf(key);; i = (i + 1) & mask) {
      if (slots[i].key == key)
        return &slots[i];
      if (slots[i].key == kEmpty)
        return nullptr;
    }
  }

  /// Records a block that is not in the table. False when the table cannot
  /// grow (out of memory).
  bool insert(uintptr_t key, const BlockInfo &info) {
    if ((used + 1) * 4 > capacity() * 3 && !rehash())
      return false;
    size_t i = indexOf(key);
    while (slots[i].key > kErased)
      i = (i + 1) & mask;
    if (slots[i].key == kEmpty)
      ++used;
    slots[i] = Slot{key, info};
    ++live;
    return true;
  }

  void erase(Slot *slot) {
    slot->key = kErased;
    --live;
  }

  size_t size() const { return live; }

private:
  static constexpr uintptr_t kEmpty = 0, kErased = 1;

  size_t capacity() const { return slots ? mask + 1 : 0; }

  size_t indexOf(uintptr_t key) const {
    uint64_t h = (uint64_t(key) >> 6) * 0x9E3779B97F4A7C15ull;
    return size_t(h ^ (h >> 32)) & mask;
  }

  /// Grows the table (or only sweeps erased slots when they are most of the
  /// load) and reinserts the live blocks.
  bool rehash() {
    size_t newCapacity = 64;
    while (newCapacity < live * 4)
      newCapacity <<= 1;
    if (newCapacity < capacity())
      newCapacity = capacity();
    auto *fresh = static_cast<Slot *>(std::calloc(newCapacity, sizeof(Slot)));
    if (!fresh)
      return false;
    Slot *old = slots;
    size_t oldCapacity = capacity();
    slots = fresh;
    mask = newCapacity - 1;
    used = live;
    for (size_t j = 0; j < oldCapacity; ++j) {
      if (old[j].key <= kErased)
        continue;
      size_t i = indexOf(old[j].key);
      while (slots[i].key != kEmpty)
        i = (i + 1) & mask;
      slots[i] = old[j];
    }
    std::free(old);
    return true;
  }

  Slot *slots = nullptr;
  size_t mask = 0;
  size_t used = 0; ///< live and erased slots
  size_t live = 0;
};

/// Bumped by trim: a thread's cache of small blocks filled before the last
/// trim is returned to the C library at its next use.
std::atomic<uint64_t> smallTrimEpoch{0};

/// The calling thread's free small blocks. Trivially destructible, so it
/// stays usable while other thread-local objects are destroyed; its flusher
/// below returns its blocks when the thread exits and marks it dead (later
/// frees on this thread go straight to the C library).
struct ThreadSmallCache {
  void *blocks[kSmallClasses][kSmallKeep];
  int counts[kSmallClasses];
  uint64_t epoch;
  bool registered;
  bool dead;

  void flush() {
    for (int c = 0; c < kSmallClasses; ++c) {
      for (int i = 0; i < counts[c]; ++i)
        std::free(blocks[c][i]);
      counts[c] = 0;
    }
  }
};
thread_local ThreadSmallCache tSmallCache;

struct ThreadSmallCacheFlusher {
  ThreadSmallCacheFlusher() { tSmallCache.registered = true; }
  ~ThreadSmallCacheFlusher() {
    tSmallCache.flush();
    tSmallCache.dead = true;
  }
};
thread_local ThreadSmallCacheFlusher tSmallCacheFlusher;

/// The calling thread's cache, current with the last trim; NULL once the
/// thread is exiting.
ThreadSmallCache *threadSmallCache() {
  ThreadSmallCache &cache = tSmallCache;
  if (cache.dead)
    return nullptr;
  if (!cache.registered) {
    // The first use on this thread: construct the flusher (registers its
    // destructor for this thread's exit).
    (void)&tSmallCacheFlusher;
    if (!cache.registered)
      return nullptr;
  }
  uint64_t epoch = smallTrimEpoch.load(std::memory_order_relaxed);
  if (cache.epoch != epoch) {
    cache.flush();
    cache.epoch = epoch;
  }
  return &cache;
}

class HostAllocator {
public:
  HostAllocator() {
    cacheLimit = TNP_RT_ALLOCATOR_DEFAULT_CACHE_BYTES;
    size_t fromEnv = 0;
    if (parseByteCount(std::getenv("TNP_RT_CACHE_BYTES"), &fromEnv))
      cacheLimit = fromEnv;
  }

  void *allocate(size_t size, size_t alignment) {
    if (alignment < TNP_RT_HOST_ALIGNMENT)
      alignment = TNP_RT_HOST_ALIGNMENT;
    if (alignment & (alignment - 1)) {
      if (alignment > (~size_t(0) >> 1) + 1)
        return nullptr;
      size_t p = 1;
      while (p < alignment)
        p <<= 1;
      alignment = p;
    }
    void *ptr = nullptr;
    size_t capacity = 0;
    int small = 0;
    if (size >= TNP_RT_ALLOCATOR_LARGE_BLOCK_BYTES && alignment <= kPageSize) {
      ptr = allocateLarge(size, &capacity);
    } else if (size <= kSmallMax && alignment <= 64) {
      int cls = smallClassOf(size);
      small = cls + 1;
      ptr = takeSmall(cls);
      if (!ptr && posix_memalign(&ptr, 64, size_t(64) << cls) != 0)
        ptr = nullptr;
    } else {
      if (posix_memalign(&ptr, alignment, size ? size : 1) != 0)
        ptr = nullptr;
    }
    if (!ptr)
      return nullptr;
    bool recorded = false;
    {
      Shard &shard = shardOf(ptr);
      std::lock_guard<std::mutex> lock(shard.mutex);
      recorded =
          shard.blocks.insert(key(ptr), BlockInfo{size, capacity, nullptr, small});
      if (recorded)
        ++shard.allocations;
    }
    if (!recorded) {
      release(ptr, capacity, small);
      return nullptr;
    }
    size_t now = bytesInUse.fetch_add(size, std::memory_order_relaxed) + size;
    size_t peak = peakBytesInUse.load(std::memory_order_relaxed);
    while (now > peak && !peakBytesInUse.compare_exchange_weak(
                             peak, now, std::memory_order_relaxed)) {
    }
    return ptr;
  }

  /// Frees a live block. With `requireUnowned`, a block owned by a buffer
  /// is left alone and false is returned.
  bool free(void *ptr, bool requireUnowned, const char **whyNot) {
    BlockInfo info;
    {
      Shard &shard = shardOf(ptr);
      std::lock_guard<std::mutex> lock(shard.mutex);
      BlockTable::Slot *slot = shard.blocks.find(key(ptr));
      if (!slot) {
        *whyNot = "is not a live block of the runtime allocator (a foreign "
                  "pointer, or freed twice)";
        return false;
      }
      if (requireUnowned && slot->info.owner) {
        *whyNot = "belongs to a runtime buffer";
        return false;
      }
      info = slot->info;
      shard.blocks.erase(slot);
      ++shard.frees;
    }
    bytesInUse.fetch_sub(info.size, std::memory_order_relaxed);
    if (info.capacity)
      cacheOrUnmap(ptr, info.capacity);
    else
      release(ptr, 0, info.small);
    return true;
  }

  BlockLookup lookup(const void *ptr) {
    bool claimed = false;
    return claimOrLookup(ptr, /*candidate=*/nullptr, &claimed);
  }

  /// lookup, and under the same lock: a live block without an owner gets
  /// `candidate` as its owner when there is one (result.owner = candidate,
  /// claimed).
  BlockLookup claimOrLookup(const void *ptr, tnp_rt_buffer_t *candidate,
                            bool *claimed) {
    *claimed = false;
    BlockLookup result;
    Shard &shard = shardOf(ptr);
    std::lock_guard<std::mutex> lock(shard.mutex);
    BlockTable::Slot *slot = shard.blocks.find(key(ptr));
    if (!slot)
      return result;
    result.live = true;
    result.size = slot->info.size;
    if (!slot->info.owner) {
      if (candidate) {
        slot->info.owner = candidate;
        result.owner = candidate;
        *claimed = true;
      }
    } else if (bufferTryRetain(slot->info.owner)) {
      result.owner = slot->info.owner;
    } else {
      result.dying = true;
    }
    return result;
  }

  bool peek(const void *ptr, size_t *outSize) {
    Shard &shard = shardOf(ptr);
    std::lock_guard<std::mutex> lock(shard.mutex);
    BlockTable::Slot *slot = shard.blocks.find(key(ptr));
    if (!slot)
      return false;
    *outSize = slot->info.size;
    return true;
  }

  bool claim(void *ptr, tnp_rt_buffer_t *owner, size_t *outSize) {
    Shard &shard = shardOf(ptr);
    std::lock_guard<std::mutex> lock(shard.mutex);
    BlockTable::Slot *slot = shard.blocks.find(key(ptr));
    if (!slot || slot->info.owner)
      return false;
    slot->info.owner = owner;
    *outSize = slot->info.size;
    return true;
  }

  void trim(size_t keepBytes) {
    std::vector<std::pair<void *, size_t>> victims;
    {
      std::lock_guard<std::mutex> lock(cacheMutex);
      evictLocked(keepBytes, victims);
    }
    for (auto &v : victims)
      munmap(v.first, v.second);
    // The small blocks kept for reuse go back to malloc: this thread's now,
    // every other thread's at its next use of its cache.
    smallTrimEpoch.fetch_add(1, std::memory_order_relaxed);
    if (ThreadSmallCache *cache = threadSmallCache())
      cache->flush();
  }

  void setCacheLimit(size_t limit) {
    {
      std::lock_guard<std::mutex> lock(cacheMutex);
      cacheLimit = limit;
    }
    trim(limit);
  }

  void stats(tnp_rt_allocator_stats_t *out) {
    {
      std::lock_guard<std::mutex> lock(cacheMutex);
      out->cache_bytes = cacheBytes;
      out->cache_blocks = lru.size();
      out->cache_limit_bytes = cacheLimit;
    }
    uint64_t allocations = 0, frees = 0, blocks = 0;
    for (Shard &shard : shards) {
      std::lock_guard<std::mutex> lock(shard.mutex);
      allocations += shard.allocations;
      frees += shard.frees;
      blocks += shard.blocks.size();
    }
    out->bytes_in_use = bytesInUse.load(std::memory_order_relaxed);
    out->blocks_in_use = blocks;
    out->peak_bytes_in_use = peakBytesInUse.load(std::memory_order_relaxed);
    out->cache_hits = cacheHits.load(std::memory_order_relaxed);
    out->cache_misses = cacheMisses.load(std::memory_order_relaxed);
    out->allocations = allocations;
    out->frees = frees;
  }

private:
  static constexpr unsigned kShards = 64;
  struct Shard {
    std::mutex mutex;
    BlockTable blocks;
    uint64_t allocations = 0, frees = 0;
  };
  static uintptr_t key(const void *ptr) {
    return reinterpret_cast<uintptr_t>(ptr);
  }
  Shard &shardOf(const void *ptr) {
    uintptr_t k = key(ptr) >> 6;
    k ^= k >> 17;
    k *= 0x9E3779B97F4A7C15ull;
    return shards[(k >> 58) % kShards];
  }

  void *allocateLarge(size_t size, size_t *outCapacity) {
    size_t cls = largeSizeClass(size);
    if (!cls)
      return nullptr;
    {
      std::lock_guard<std::mutex> lock(cacheMutex);
      auto it = freeByClass.find(cls);
      if (it != freeByClass.end() && !it->second.empty()) {
        auto [seq, ptr] = it->second.back();
        it->second.pop_back();
        if (it->second.empty())
          freeByClass.erase(it);
        lru.erase(seq);
        cacheBytes -= cls;
        cacheHits.fetch_add(1, std::memory_order_relaxed);
        *outCapacity = cls;
        return ptr;
      }
    }
    cacheMisses.fetch_add(1, std::memory_order_relaxed);
    void *ptr = mapFresh(cls);
    if (!ptr) {
      // The cache may hold the memory we need: give it back and retry.
      trim(0);
      ptr = mapFresh(cls);
    }
    if (ptr)
      *outCapacity = cls;
    return ptr;
  }

  static void *mapFresh(size_t bytes) {
    void *ptr = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ptr == MAP_FAILED)
      return nullptr;
#ifdef MADV_HUGEPAGE
    // Large blocks are >= 1 MiB: ask for transparent huge pages (where THP
    // runs in "madvise" mode this is what turns ~16k page faults of a fresh
    // 64 MB output into ~32, as NumPy does for its large arrays). Advice
    // only: failure changes nothing.
    if (bytes >= (size_t(2) << 20))
      (void)madvise(ptr, bytes, MADV_HUGEPAGE);
#endif
    return ptr;
  }

  void release(void *ptr, size_t capacity, int small) {
    if (capacity) {
      munmap(ptr, capacity);
      return;
    }
#ifndef TNP_RT_NO_SMALL_CACHE
    if (small) {
      ThreadSmallCache *cache = threadSmallCache();
      if (cache && cache->counts[small - 1] < kSmallKeep) {
        cache->blocks[small - 1][cache->counts[small - 1]++] = ptr;
        return;
      }
    }
#endif
    std::free(ptr);
  }

  void *takeSmall(int cls) {
#ifndef TNP_RT_NO_SMALL_CACHE
    ThreadSmallCache *cache = threadSmallCache();
    if (cache && cache->counts[cls] > 0)
      return cache->blocks[cls][--cache->counts[cls]];
#endif
    (void)cls;
    return nullptr;
  }

  void cacheOrUnmap(void *ptr, size_t cls) {
    std::vector<std::pair<void *, size_t>> victims;
    bool cached = false;
    {
      std::lock_guard<std::mutex> lock(cacheMutex);
      if (cls <= cacheLimit) {
        try {
          evictLocked(cacheLimit - cls, victims);
          uint64_t seq = nextSeq++;
          lru.emplace(seq, std::make_pair(ptr, cls));
          try {
            freeByClass[cls].emplace_back(seq, ptr);
          } catch (...) {
            lru.erase(seq);
            throw;
          }
          cacheBytes += cls;
          cached = true;
        } catch (...) {
        }
      }
    }
    for (auto &v : victims)
      munmap(v.first, v.second);
    if (!cached)
      munmap(ptr, cls);
  }

  /// Evicts least recently cached blocks until at most `keepBytes` remain;
  /// the caller unmaps `victims` after unlocking.
  void evictLocked(size_t keepBytes,
                   std::vector<std::pair<void *, size_t>> &victims) {
    while (cacheBytes > keepBytes && !lru.empty()) {
      auto oldest = lru.begin();
      uint64_t seq = oldest->first;
      auto [ptr, cls] = oldest->second;
      lru.erase(oldest);
      auto it = freeByClass.find(cls);
      if (it != freeByClass.end()) {
        auto &vec = it->second;
        for (size_t i = 0; i < vec.size(); ++i) {
          if (vec[i].first == seq) {
            vec.erase(vec.begin() + static_cast<std::ptrdiff_t>(i));
            break;
          }
        }
        if (vec.empty())
          freeByClass.erase(it);
      }
      cacheBytes -= cls;
      try {
        victims.emplace_back(ptr, cls);
      } catch (...) {
        munmap(ptr, cls); // under the lock, but never leak
      }
    }
  }

  Shard shards[kShards];

  std::mutex cacheMutex;
  size_t cacheLimit;
  size_t cacheBytes = 0;
  uint64_t nextSeq = 0;
  /// Free blocks by class: (sequence number, pointer), most recent last.
  std::map<size_t, std::vector<std::pair<uint64_t, void *>>> freeByClass;
  /// Every cached block by sequence number: oldest first.
  std::map<uint64_t, std::pair<void *, size_t>> lru;

  std::atomic<size_t> bytesInUse{0};
  std::atomic<size_t> peakBytesInUse{0};
  std::atomic<uint64_t> cacheHits{0};
  std::atomic<uint64_t> cacheMisses{0};
};

/// Never destroyed: blocks may be freed by static destructors of other
/// translation units, after this one's would have run.
HostAllocator &allocator() {
  static HostAllocator *instance = new HostAllocator();
  return *instance;
}

} // namespace

BlockLookup lookupBlock(const void *ptr) {
  if (!ptr)
    return BlockLookup();
  return allocator().lookup(ptr);
}

BlockLookup claimOrLookupBlock(const void *ptr, tnp_rt_buffer_t *candidate,
                               bool *claimed) {
  *claimed = false;
  if (!ptr)
    return BlockLookup();
  return allocator().claimOrLookup(ptr, candidate, claimed);
}

bool claimBlock(void *ptr, tnp_rt_buffer_t *owner, size_t *outSize) {
  if (!ptr)
    return false;
  return allocator().claim(ptr, owner, outSize);
}

void freeOwnedBlock(void *ptr) {
  const char *whyNot = nullptr;
  if (!allocator().free(ptr, /*requireUnowned=*/false, &whyNot))
    tnp_rt_error_raise(TNP_RT_STATUS_INTERNAL,
                       "a runtime buffer's block vanished from the allocator");
}

} // namespace rt
} // namespace tnp

using namespace tnp::rt;

extern "C" {

tnp_rt_status_t tnp_rt_allocator_allocate(size_t byte_size, size_t alignment,
                                          void **out_ptr) {
  if (!out_ptr)
    return nullArgument("tnp_rt_allocator_allocate", "out_ptr");
  void *ptr = allocator().allocate(byte_size, alignment);
  if (!ptr)
    return tnp_rt_status_createf(
        TNP_RT_STATUS_OUT_OF_MEMORY,
        "cannot allocate %zu bytes of host memory (alignment %zu)", byte_size,
        alignment < TNP_RT_HOST_ALIGNMENT ? size_t(TNP_RT_HOST_ALIGNMENT)
                                          : alignment);
  *out_ptr = ptr;
  return nullptr;
}

void tnp_rt_allocator_free(void *ptr) {
  if (!ptr)
    return;
  const char *whyNot = nullptr;
  if (!allocator().free(ptr, /*requireUnowned=*/true, &whyNot)) {
    char message[160];
    std::snprintf(message, sizeof(message),
                  "tnp_rt_allocator_free: %p %s; not freed", ptr, whyNot);
    tnp_rt_error_raise(TNP_RT_STATUS_INTERNAL, message);
  }
}

bool tnp_rt_allocator_owns(const void *ptr) {
  size_t size = 0;
  return ptr && allocator().peek(ptr, &size);
}

size_t tnp_rt_allocator_block_size(const void *ptr) {
  size_t size = 0;
  if (!ptr || !allocator().peek(ptr, &size))
    return 0;
  return size;
}

void tnp_rt_allocator_trim(void) { allocator().trim(0); }

void tnp_rt_allocator_set_cache_limit(size_t byte_limit) {
  allocator().setCacheLimit(byte_limit);
}

void tnp_rt_allocator_query_stats(tnp_rt_allocator_stats_t *out_stats) {
  if (!out_stats)
    return;
  allocator().stats(out_stats);
}

} // extern "C"
