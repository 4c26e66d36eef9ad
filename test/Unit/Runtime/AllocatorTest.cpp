//===- AllocatorTest.cpp - The host allocator and its block cache ---------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

namespace {

bool aligned(const void *p, size_t alignment) {
  return reinterpret_cast<uintptr_t>(p) % alignment == 0;
}

void *mustAllocate(size_t size, size_t alignment = 0) {
  void *p = nullptr;
  tnp_rt_status_t s = tnp_rt_allocator_allocate(size, alignment, &p);
  EXPECT_EQ(s, nullptr) << tnp_rt_status_message(s);
  tnp_rt_status_free(s);
  return p;
}

tnp_rt_allocator_stats_t stats() {
  tnp_rt_allocator_stats_t st;
  tnp_rt_allocator_query_stats(&st);
  return st;
}

TEST(RuntimeAllocator, EveryAllocationIsAligned) {
  std::vector<void *> blocks;
  for (size_t size : {size_t(0), size_t(1), size_t(3), size_t(63), size_t(64),
                      size_t(65), size_t(1000), size_t(4096), size_t(100000),
                      size_t(1) << 20, (size_t(1) << 20) + 1,
                      size_t(3) << 21}) {
    void *p = mustAllocate(size);
    ASSERT_NE(p, nullptr) << size;
    EXPECT_TRUE(aligned(p, 64)) << size;
    EXPECT_TRUE(tnp_rt_allocator_owns(p));
    EXPECT_EQ(tnp_rt_allocator_block_size(p), size);
    if (size)
      std::memset(p, 0xAB, size); // the whole block is usable
    blocks.push_back(p);
  }
  // Larger alignments, and one that is not a power of two (rounded up).
  for (size_t alignment : {size_t(128), size_t(4096), size_t(8192),
                           size_t(100)}) {
    for (size_t size : {size_t(10), size_t(2) << 20}) {
      void *p = mustAllocate(size, alignment);
      size_t expected = alignment == 100 ? 128 : alignment;
      EXPECT_TRUE(aligned(p, expected)) << alignment << " " << size;
      blocks.push_back(p);
    }
  }
  // Zero-size blocks are distinct.
  EXPECT_NE(blocks[0], mustAllocate(0));
  for (void *p : blocks)
    tnp_rt_allocator_free(p);
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);
}

TEST(RuntimeAllocator, FreedLargeBlockIsReused) {
  const size_t size = size_t(64) << 20; // the 64 MB output of DESIGN.md s.8
  void *first = mustAllocate(size);
  std::memset(first, 1, size);
  tnp_rt_allocator_free(first);
  tnp_rt_allocator_stats_t before = stats();
  EXPECT_GE(before.cache_bytes, size);
  EXPECT_GE(before.cache_blocks, 1u);
  // A request of the same size class gets the cached block back.
  void *second = mustAllocate(size - 1000);
  tnp_rt_allocator_stats_t after = stats();
  EXPECT_EQ(second, first);
  EXPECT_EQ(after.cache_hits, before.cache_hits + 1);
  EXPECT_EQ(after.cache_misses, before.cache_misses);
  EXPECT_EQ(before.cache_bytes - after.cache_bytes, size);
  EXPECT_EQ(tnp_rt_allocator_block_size(second), size - 1000);
  tnp_rt_allocator_free(second);
}

TEST(RuntimeAllocator, SmallBlocksAreNotCached) {
  tnp_rt_allocator_stats_t before = stats();
  void *p = mustAllocate(1000);
  tnp_rt_allocator_free(p);
  tnp_rt_allocator_stats_t after = stats();
  EXPECT_EQ(after.cache_hits, before.cache_hits);
  EXPECT_EQ(after.cache_misses, before.cache_misses);
  EXPECT_EQ(after.cache_bytes, before.cache_bytes);
  EXPECT_EQ(after.allocations, before.allocations + 1);
  EXPECT_EQ(after.frees, before.frees + 1);
}

TEST(RuntimeAllocator, TrimAndCacheLimit) {
  void *a = mustAllocate(size_t(4) << 20);
  void *b = mustAllocate(size_t(8) << 20);
  tnp_rt_allocator_free(a);
  tnp_rt_allocator_free(b);
  EXPECT_GE(stats().cache_bytes, size_t(12) << 20);
  tnp_rt_allocator_trim();
  EXPECT_EQ(stats().cache_bytes, 0u);
  EXPECT_EQ(stats().cache_blocks, 0u);

  // A limit of 9 MiB: caching the 8 MiB block evicts the older 4 MiB one...
  tnp_rt_allocator_set_cache_limit(size_t(9) << 20);
  a = mustAllocate(size_t(4) << 20);
  b = mustAllocate(size_t(8) << 20);
  tnp_rt_allocator_free(a);
  tnp_rt_allocator_free(b);
  EXPECT_EQ(stats().cache_bytes, size_t(8) << 20);
  EXPECT_EQ(stats().cache_limit_bytes, size_t(9) << 20);
  // ...and a block above the limit is not cached at all.
  void *c = mustAllocate(size_t(16) << 20);
  tnp_rt_allocator_free(c);
  EXPECT_EQ(stats().cache_bytes, size_t(8) << 20);
  // Caching off.
  tnp_rt_allocator_set_cache_limit(0);
  EXPECT_EQ(stats().cache_bytes, 0u);
  uint64_t hits = stats().cache_hits;
  a = mustAllocate(size_t(2) << 20);
  tnp_rt_allocator_free(a);
  a = mustAllocate(size_t(2) << 20);
  tnp_rt_allocator_free(a);
  EXPECT_EQ(stats().cache_hits, hits);
  tnp_rt_allocator_set_cache_limit(TNP_RT_ALLOCATOR_DEFAULT_CACHE_BYTES);
}

TEST(RuntimeAllocator, StatsCountBytesInUse) {
  tnp_rt_allocator_stats_t before = stats();
  void *p = mustAllocate(12345);
  void *q = mustAllocate(size_t(3) << 20);
  tnp_rt_allocator_stats_t during = stats();
  EXPECT_EQ(during.bytes_in_use, before.bytes_in_use + 12345 + (size_t(3) << 20));
  EXPECT_EQ(during.blocks_in_use, before.blocks_in_use + 2);
  EXPECT_GE(during.peak_bytes_in_use, during.bytes_in_use);
  tnp_rt_allocator_free(p);
  tnp_rt_allocator_free(q);
  tnp_rt_allocator_stats_t after = stats();
  EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
  EXPECT_EQ(after.blocks_in_use, before.blocks_in_use);
}

TEST(RuntimeAllocator, ForeignAndDoubleFreeAreReportedNotFreed) {
  int onStack = 0;
  EXPECT_FALSE(tnp_rt_allocator_owns(&onStack));
  EXPECT_FALSE(tnp_rt_allocator_owns(nullptr));
  EXPECT_EQ(tnp_rt_allocator_block_size(&onStack), 0u);
  tnp_rt_allocator_free(nullptr); // fine
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);
  tnp_rt_allocator_free(&onStack);
  tnp_rt_status_t s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INTERNAL);
  tnp_rt_status_free(s);

  void *p = mustAllocate(100);
  tnp_rt_allocator_free(p);
  EXPECT_FALSE(tnp_rt_allocator_owns(p));
  tnp_rt_allocator_free(p); // double free: reported
  s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INTERNAL);
  tnp_rt_status_free(s);
}

TEST(RuntimeAllocator, BlocksOwnedByABufferAreNotFreedDirectly) {
  void *p = mustAllocate(256);
  tnp_rt_buffer_t *buffer = nullptr;
  ASSERT_EQ(tnp_rt_buffer_adopt_host(p, &buffer), nullptr);
  tnp_rt_allocator_free(p);
  tnp_rt_status_t s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INTERNAL);
  tnp_rt_status_free(s);
  EXPECT_TRUE(tnp_rt_allocator_owns(p));
  tnp_rt_buffer_release(buffer);
  EXPECT_FALSE(tnp_rt_allocator_owns(p));
}

// The side table grows past its first capacity, keeps every block findable
// across erasures (erased slots on probe paths), and counts what it holds.
TEST(RuntimeAllocator, ManyLiveBlocksStayRecorded) {
  const tnp_rt_allocator_stats_t before = stats();
  std::vector<void *> blocks;
  const size_t kBlocks = 20000;
  for (size_t i = 0; i < kBlocks; ++i) {
    void *p = mustAllocate(1 + i % 5000);
    ASSERT_NE(p, nullptr);
    blocks.push_back(p);
  }
  EXPECT_EQ(stats().blocks_in_use, before.blocks_in_use + kBlocks);
  // Free every other block, then every block left is still its own size.
  for (size_t i = 0; i < kBlocks; i += 2)
    tnp_rt_allocator_free(blocks[i]);
  for (size_t i = 1; i < kBlocks; i += 2) {
    ASSERT_TRUE(tnp_rt_allocator_owns(blocks[i])) << i;
    ASSERT_EQ(tnp_rt_allocator_block_size(blocks[i]), 1 + i % 5000) << i;
  }
  // New blocks reuse erased slots and small blocks from this thread's cache.
  for (size_t i = 0; i < kBlocks; i += 2) {
    blocks[i] = mustAllocate(1 + i % 5000);
    ASSERT_TRUE(tnp_rt_allocator_owns(blocks[i]));
  }
  EXPECT_EQ(stats().blocks_in_use, before.blocks_in_use + kBlocks);
  for (void *p : blocks)
    tnp_rt_allocator_free(p);
  const tnp_rt_allocator_stats_t after = stats();
  EXPECT_EQ(after.blocks_in_use, before.blocks_in_use);
  EXPECT_EQ(after.allocations - before.allocations, kBlocks + kBlocks / 2);
  EXPECT_EQ(after.frees - before.frees, kBlocks + kBlocks / 2);
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);
}

// Small blocks kept for reuse are per thread: a block allocated on one
// thread and freed on another is kept by the freeing thread, which returns
// its blocks when it exits; a trim on any thread is honoured by the others
// at their next use. Nothing is lost or handed out twice.
TEST(RuntimeAllocator, SmallBlocksMoveBetweenThreads) {
  const tnp_rt_allocator_stats_t before = stats();
  std::vector<void *> made(500);
  std::thread producer([&] {
    for (size_t i = 0; i < made.size(); ++i) {
      made[i] = mustAllocate(8 + i % 300);
      std::memset(made[i], 0x5A, 8 + i % 300);
    }
  });
  producer.join(); // its cache (empty) went with it
  std::thread consumer([&] {
    for (void *p : made)
      tnp_rt_allocator_free(p);
    // Blocks from this thread's cache are distinct and usable.
    std::vector<void *> again;
    for (int i = 0; i < 64; ++i) {
      again.push_back(mustAllocate(100));
      std::memset(again.back(), i, 100);
    }
    std::sort(again.begin(), again.end());
    EXPECT_EQ(std::adjacent_find(again.begin(), again.end()), again.end());
    tnp_rt_allocator_trim(); // returns this thread's kept blocks
    for (void *p : again)
      tnp_rt_allocator_free(p);
  }); // exits with up to a class's worth of kept blocks: freed at exit
  consumer.join();
  const tnp_rt_allocator_stats_t after = stats();
  EXPECT_EQ(after.blocks_in_use, before.blocks_in_use);
  EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);
}

TEST(RuntimeAllocator, ThreadSafetySmoke) {
  const int kThreads = 8;
  const int kIterations = 2000;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &failures] {
      std::mt19937 rng(static_cast<unsigned>(t));
      std::vector<std::pair<unsigned char *, size_t>> live;
      for (int i = 0; i < kIterations; ++i) {
        if (live.size() > 4 || (!live.empty() && rng() % 2)) {
          size_t k = rng() % live.size();
          auto [p, n] = live[k];
          // The block still holds what this thread wrote.
          for (size_t j = 0; j < n; j += 4099)
            if (p[j] != static_cast<unsigned char>(t))
              failures.fetch_add(1);
          tnp_rt_allocator_free(p);
          live.erase(live.begin() + static_cast<std::ptrdiff_t>(k));
          continue;
        }
        size_t n = (rng() % 4 == 0) ? (size_t(1) << 20) + rng() % (size_t(1) << 20)
                                    : 1 + rng() % 5000;
        void *p = nullptr;
        tnp_rt_status_t s = tnp_rt_allocator_allocate(n, 0, &p);
        if (s || !p || reinterpret_cast<uintptr_t>(p) % 64) {
          failures.fetch_add(1);
          tnp_rt_status_free(s);
          continue;
        }
        for (size_t j = 0; j < n; j += 4099)
          static_cast<unsigned char *>(p)[j] = static_cast<unsigned char>(t);
        live.emplace_back(static_cast<unsigned char *>(p), n);
      }
      for (auto &b : live)
        tnp_rt_allocator_free(b.first);
      if (tnp_rt_error_peek_code() != 0)
        failures.fetch_add(1);
    });
  }
  for (auto &th : threads)
    th.join();
  EXPECT_EQ(failures.load(), 0);
}

} // namespace
