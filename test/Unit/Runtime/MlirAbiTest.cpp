//===- MlirAbiTest.cpp - The symbols MLIR-generated code calls ------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <numeric>
#include <vector>

namespace {

/// A rank-N strided descriptor over caller storage, laid out as MLIR's.
struct Descriptor {
  std::vector<int64_t> words; // allocated, aligned, offset, sizes, strides

  Descriptor(void *base, int64_t offset, std::vector<int64_t> sizes,
             std::vector<int64_t> strides) {
    words.resize(3 + 2 * sizes.size());
    std::memcpy(&words[0], &base, sizeof(void *));
    std::memcpy(&words[1], &base, sizeof(void *));
    words[2] = offset;
    for (size_t i = 0; i < sizes.size(); ++i) {
      words[3 + i] = sizes[i];
      words[3 + sizes.size() + i] = strides[i];
    }
  }
  tnp_rt_unranked_memref_t unranked() {
    return {static_cast<int64_t>((words.size() - 3) / 2), words.data()};
  }
};

/// Reference: element-wise copy by explicit multi-index.
template <typename T>
void referenceCopy(const T *src, int64_t srcOffset,
                   const std::vector<int64_t> &sizes,
                   const std::vector<int64_t> &srcStrides, T *dst,
                   int64_t dstOffset, const std::vector<int64_t> &dstStrides) {
  int64_t total = 1;
  for (int64_t s : sizes)
    total *= s;
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t rem = flat, si = srcOffset, di = dstOffset;
    for (size_t a = sizes.size(); a-- > 0;) {
      int64_t idx = rem % sizes[a];
      rem /= sizes[a];
      si += idx * srcStrides[a];
      di += idx * dstStrides[a];
    }
    dst[di] = src[si];
  }
}

template <typename T>
void checkCopy(std::vector<int64_t> sizes, int64_t srcOffset,
               std::vector<int64_t> srcStrides, size_t srcElems,
               int64_t dstOffset, std::vector<int64_t> dstStrides,
               size_t dstElems) {
  std::vector<T> src(srcElems);
  for (size_t i = 0; i < srcElems; ++i)
    src[i] = static_cast<T>(i * 7 + 1);
  std::vector<T> dst(dstElems, T(-1)), expected(dstElems, T(-1));
  referenceCopy(src.data(), srcOffset, sizes, srcStrides, expected.data(),
                dstOffset, dstStrides);
  Descriptor s(src.data(), srcOffset, sizes, srcStrides);
  Descriptor d(dst.data(), dstOffset, sizes, dstStrides);
  auto us = s.unranked(), ud = d.unranked();
  memrefCopy(sizeof(T), &us, &ud);
  EXPECT_EQ(dst, expected);
}

TEST(RuntimeMlirAbi, MemrefCopyContiguous) {
  checkCopy<float>({2, 3}, 0, {3, 1}, 6, 0, {3, 1}, 6);
  checkCopy<int8_t>({5}, 0, {1}, 5, 0, {1}, 5);
}

TEST(RuntimeMlirAbi, MemrefCopyTransposed) {
  // src is the transpose of a 3x4 row-major buffer, copied into a 4x3 one.
  checkCopy<double>({4, 3}, 0, {1, 4}, 12, 0, {3, 1}, 12);
  // ...and the other way round, into a strided destination.
  checkCopy<int32_t>({3, 4}, 0, {4, 1}, 12, 0, {1, 3}, 12);
}

TEST(RuntimeMlirAbi, MemrefCopyStridedWithOffsets) {
  // Every other column of rows 1..2 of a 4x6 source, into an offset
  // destination with padded rows.
  checkCopy<int16_t>({2, 3}, 7, {6, 2}, 24, 3, {5, 1}, 16);
  // Rank 3 with a negative stride.
  checkCopy<int64_t>({2, 2, 3}, 2, {6, 3, -1}, 12, 0, {6, 3, 1}, 12);
  // Broadcast-like zero stride in the source.
  checkCopy<uint8_t>({3, 4}, 2, {0, 1}, 8, 0, {4, 1}, 12);
}

TEST(RuntimeMlirAbi, MemrefCopyZeroDAndEmpty) {
  double a = 3.25, b = 0;
  Descriptor s(&a, 0, {}, {});
  Descriptor d(&b, 0, {}, {});
  auto us = s.unranked(), ud = d.unranked();
  memrefCopy(sizeof(double), &us, &ud);
  EXPECT_EQ(b, 3.25);

  // A 0-d view with an offset.
  int32_t arr[4] = {1, 2, 3, 4}, out = 0;
  Descriptor s2(arr, 2, {}, {});
  Descriptor d2(&out, 0, {}, {});
  us = s2.unranked();
  ud = d2.unranked();
  memrefCopy(sizeof(int32_t), &us, &ud);
  EXPECT_EQ(out, 3);

  // An empty shape copies nothing (and reads nothing).
  std::vector<float> dst(4, -1.0f);
  Descriptor s3(nullptr, 0, {0, 4}, {4, 1});
  Descriptor d3(dst.data(), 0, {0, 4}, {4, 1});
  us = s3.unranked();
  ud = d3.unranked();
  memrefCopy(sizeof(float), &us, &ud);
  EXPECT_EQ(dst, std::vector<float>(4, -1.0f));
}

TEST(RuntimeMlirAbi, MemrefCopyComplexElements) {
  // 16-byte elements (complex<f64>), transposed.
  struct C {
    double re, im;
    bool operator==(const C &o) const { return re == o.re && im == o.im; }
  };
  std::vector<C> src(6), dst(6), expected(6);
  for (int i = 0; i < 6; ++i)
    src[i] = {double(i), -double(i)};
  referenceCopy(src.data(), 0, {3, 2}, {1, 3}, expected.data(), 0, {2, 1});
  Descriptor s(src.data(), 0, {3, 2}, {1, 3});
  Descriptor d(dst.data(), 0, {3, 2}, {2, 1});
  auto us = s.unranked(), ud = d.unranked();
  memrefCopy(sizeof(C), &us, &ud);
  EXPECT_TRUE(dst == expected);
}

TEST(RuntimeMlirAbi, AllocRoutesToTheRuntimeAllocator) {
  tnp_rt_allocator_stats_t before;
  tnp_rt_allocator_query_stats(&before);
  void *p = _mlir_memref_to_llvm_alloc(100);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
  EXPECT_TRUE(tnp_rt_allocator_owns(p));
  EXPECT_EQ(tnp_rt_allocator_block_size(p), 100u);
  // Smaller alignments are raised to 64; larger ones are honoured.
  void *q = _mlir_memref_to_llvm_aligned_alloc(16, 10);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(q) % 64, 0u);
  void *r = _mlir_memref_to_llvm_aligned_alloc(256, 3 << 20);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(r) % 256, 0u);
  tnp_rt_allocator_stats_t during;
  tnp_rt_allocator_query_stats(&during);
  EXPECT_EQ(during.blocks_in_use, before.blocks_in_use + 3);
  _mlir_memref_to_llvm_free(p);
  _mlir_memref_to_llvm_free(q);
  _mlir_memref_to_llvm_free(r);
  _mlir_memref_to_llvm_free(nullptr);
  EXPECT_FALSE(tnp_rt_allocator_owns(p));
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);
}

TEST(RuntimeMlirAbi, FailedAllocRaisesStickyError) {
  void *p = _mlir_memref_to_llvm_alloc(~size_t(0) - 4096);
  EXPECT_EQ(p, nullptr);
  tnp_rt_status_t s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_OUT_OF_MEMORY);
  tnp_rt_status_free(s);
}

} // namespace

// The bfloat16 libcalls (CompilerRt.cpp): a bfloat16 in the low 16 bits of
// the float return register, rounded to nearest even.
extern "C" float __truncsfbf2(float);
extern "C" float __truncdfbf2(double);

namespace {
uint16_t lowBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return static_cast<uint16_t>(u & 0xffffu);
}
float fromBits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
} // namespace

TEST(CompilerRt, TruncFloatToBFloat16) {
  EXPECT_EQ(lowBits(__truncsfbf2(1.0f)), 0x3f80);
  EXPECT_EQ(lowBits(__truncsfbf2(-2.0f)), 0xc000);
  EXPECT_EQ(lowBits(__truncsfbf2(0.0f)), 0x0000);
  EXPECT_EQ(lowBits(__truncsfbf2(-0.0f)), 0x8000);
  // Ties go to the even neighbour; above a tie rounds up.
  EXPECT_EQ(lowBits(__truncsfbf2(fromBits(0x3f808000))), 0x3f80);
  EXPECT_EQ(lowBits(__truncsfbf2(fromBits(0x3f818000))), 0x3f82);
  EXPECT_EQ(lowBits(__truncsfbf2(fromBits(0x3f808001))), 0x3f81);
  // Overflow to infinity; infinities and NaNs stay (NaNs quiet, signed).
  EXPECT_EQ(lowBits(__truncsfbf2(fromBits(0x7f7fffff))), 0x7f80);
  EXPECT_EQ(lowBits(__truncsfbf2(fromBits(0xff800000))), 0xff80);
  EXPECT_EQ(lowBits(__truncsfbf2(fromBits(0x7f800001))), 0x7fc0);
  EXPECT_EQ(lowBits(__truncsfbf2(fromBits(0xffc00000))), 0xffc0);
}

TEST(CompilerRt, TruncDoubleToBFloat16RoundsOnce) {
  EXPECT_EQ(lowBits(__truncdfbf2(1.0)), 0x3f80);
  EXPECT_EQ(lowBits(__truncdfbf2(-3.0)), 0xc040);
  // 1 + 2^-8 + 2^-30: just above the tie between 1 and 1 + 2^-7, so it
  // rounds up; rounding to float first would give the tie 1 + 2^-8, then 1.
  double above = 1.0 + 0x1p-8 + 0x1p-30;
  EXPECT_EQ(lowBits(__truncdfbf2(above)), 0x3f81);
  EXPECT_EQ(lowBits(__truncdfbf2(-above)), 0xbf81);
  EXPECT_EQ(lowBits(__truncdfbf2(1.0 + 0x1p-8)), 0x3f80); // the tie: even
  EXPECT_EQ(lowBits(__truncdfbf2(1.0 + 0x1p-8 - 0x1p-30)), 0x3f80);
  EXPECT_EQ(lowBits(__truncdfbf2(1e300)), 0x7f80);
  EXPECT_EQ(lowBits(__truncdfbf2(1e-300)), 0x0000);
  EXPECT_EQ(lowBits(__truncdfbf2(-1e-300)), 0x8000);
  EXPECT_EQ(lowBits(__truncdfbf2(__builtin_nan(""))) & 0x7fc0, 0x7fc0);
}
