//===- ArrayTest.cpp - Buffers, arrays and memref descriptors -------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

namespace {

#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    tnp_rt_status_t status_ = (expr);                                          \
    ASSERT_EQ(status_, nullptr) << tnp_rt_status_message(status_);            \
  } while (0)

/// Takes a status and checks its code; frees it.
void expectCode(tnp_rt_status_t s, tnp_rt_status_code_t code) {
  EXPECT_EQ(tnp_rt_status_code(s), code) << tnp_rt_status_message(s);
  tnp_rt_status_free(s);
}

/// A ranked memref descriptor of rank N, as MLIR lays it out.
template <int N> struct Memref {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];
};
template <> struct Memref<0> {
  void *allocated;
  void *aligned;
  int64_t offset;
};

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

TEST(RuntimeBuffer, AllocateRetainRelease) {
  tnp_rt_buffer_t *b = nullptr;
  ASSERT_OK(tnp_rt_buffer_allocate(tnp_rt_device_host(), 1000, &b));
  EXPECT_EQ(tnp_rt_buffer_size(b), 1000u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(tnp_rt_buffer_data(b)) % 64, 0u);
  EXPECT_TRUE(tnp_rt_device_equal(tnp_rt_buffer_device(b), tnp_rt_device_host()));
  EXPECT_EQ(tnp_rt_buffer_ref_count(b), 1);
  void *data = tnp_rt_buffer_data(b);
  EXPECT_TRUE(tnp_rt_allocator_owns(data));
  tnp_rt_buffer_retain(b);
  tnp_rt_buffer_retain(b);
  EXPECT_EQ(tnp_rt_buffer_ref_count(b), 3);
  tnp_rt_buffer_release(b);
  tnp_rt_buffer_release(b);
  EXPECT_TRUE(tnp_rt_allocator_owns(data));
  tnp_rt_buffer_release(b); // the last one frees the block
  EXPECT_FALSE(tnp_rt_allocator_owns(data));
  tnp_rt_buffer_retain(nullptr);
  tnp_rt_buffer_release(nullptr);
}

TEST(RuntimeBuffer, ConcurrentRetainRelease) {
  tnp_rt_buffer_t *b = nullptr;
  ASSERT_OK(tnp_rt_buffer_allocate(tnp_rt_device_host(), 64, &b));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([b] {
      for (int i = 0; i < 10000; ++i) {
        tnp_rt_buffer_retain(b);
        tnp_rt_buffer_release(b);
      }
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(tnp_rt_buffer_ref_count(b), 1);
  tnp_rt_buffer_release(b);
}

TEST(RuntimeBuffer, DeviceBuffersAreUnavailable) {
  if (tnp_rt_cuda_device_count() > 0)
    GTEST_SKIP() << "a CUDA device is present (CudaTest covers it)";
  tnp_rt_buffer_t *b = nullptr;
  tnp_rt_device_t cuda = {TNP_RT_DEVICE_CUDA, 0};
  tnp_rt_status_t s = tnp_rt_buffer_allocate(cuda, 16, &b);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_UNAVAILABLE);
  EXPECT_NE(std::string(tnp_rt_status_message(s)).find("cuda:0"),
            std::string::npos);
  tnp_rt_status_free(s);
  EXPECT_EQ(b, nullptr);
  char name[16];
  tnp_rt_device_format(cuda, name, sizeof(name));
  EXPECT_STREQ(name, "cuda:0");
}

struct ReleaseRecord {
  std::atomic<int> calls{0};
  void *data = nullptr;
};
void recordRelease(void *data, void *user) {
  auto *r = static_cast<ReleaseRecord *>(user);
  r->data = data;
  r->calls.fetch_add(1);
}

TEST(RuntimeBuffer, WrapCallsReleaseOnce) {
  alignas(64) static char storage[128];
  ReleaseRecord record;
  tnp_rt_buffer_t *b = nullptr;
  ASSERT_OK(tnp_rt_buffer_wrap_host(storage, sizeof(storage), recordRelease,
                                    &record, &b));
  EXPECT_EQ(tnp_rt_buffer_data(b), storage);
  tnp_rt_buffer_retain(b);
  tnp_rt_buffer_release(b);
  EXPECT_EQ(record.calls.load(), 0);
  tnp_rt_buffer_release(b);
  EXPECT_EQ(record.calls.load(), 1);
  EXPECT_EQ(record.data, storage);
}

TEST(RuntimeBuffer, AdoptRejectsForeignAndOwnedBlocks) {
  int x = 0;
  tnp_rt_buffer_t *b = nullptr;
  expectCode(tnp_rt_buffer_adopt_host(&x, &b), TNP_RT_STATUS_INVALID_ARGUMENT);
  void *block = nullptr;
  ASSERT_OK(tnp_rt_allocator_allocate(300, 0, &block));
  ASSERT_OK(tnp_rt_buffer_adopt_host(block, &b));
  EXPECT_EQ(tnp_rt_buffer_size(b), 300u);
  tnp_rt_buffer_t *again = nullptr;
  expectCode(tnp_rt_buffer_adopt_host(block, &again),
             TNP_RT_STATUS_INVALID_ARGUMENT);
  tnp_rt_buffer_release(b);
}

//===----------------------------------------------------------------------===//
// Arrays
//===----------------------------------------------------------------------===//

TEST(RuntimeArray, AllocateAndQuery) {
  const int64_t shape[] = {2, 3, 4};
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_FLOAT32,
                                  3, shape, &a));
  EXPECT_EQ(tnp_rt_array_dtype(a), TNP_RT_DTYPE_FLOAT32);
  EXPECT_EQ(tnp_rt_array_rank(a), 3);
  EXPECT_EQ(tnp_rt_array_dim(a, 1), 3);
  EXPECT_EQ(tnp_rt_array_dim(a, 3), -1);
  EXPECT_EQ(tnp_rt_array_element_count(a), 24);
  EXPECT_EQ(tnp_rt_array_byte_size(a), 96u);
  EXPECT_EQ(tnp_rt_array_byte_offset(a), 0u);
  int64_t strides[3];
  tnp_rt_array_strides(a, strides);
  EXPECT_EQ(strides[0], 12);
  EXPECT_EQ(strides[1], 4);
  EXPECT_EQ(strides[2], 1);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(tnp_rt_array_data(a)) % 64, 0u);
  tnp_rt_buffer_t *buffer = tnp_rt_array_buffer(a);
  EXPECT_EQ(tnp_rt_buffer_ref_count(buffer), 1);
  tnp_rt_array_retain(a);
  tnp_rt_array_release(a);
  tnp_rt_array_release(a);

  // 0-d and empty.
  ASSERT_OK(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT64, 0,
                                  nullptr, &a));
  EXPECT_EQ(tnp_rt_array_element_count(a), 1);
  EXPECT_EQ(tnp_rt_array_byte_size(a), 8u);
  tnp_rt_array_release(a);
  const int64_t empty[] = {0, 5};
  ASSERT_OK(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT64, 2,
                                  empty, &a));
  EXPECT_EQ(tnp_rt_array_element_count(a), 0);
  EXPECT_EQ(tnp_rt_array_byte_size(a), 0u);
  tnp_rt_array_release(a);
}

TEST(RuntimeArray, BadShapes) {
  tnp_rt_array_t *a = nullptr;
  const int64_t negative[] = {2, -1};
  expectCode(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT8, 2,
                                   negative, &a),
             TNP_RT_STATUS_VALUE);
  const int64_t huge[] = {int64_t(1) << 40, int64_t(1) << 30};
  tnp_rt_status_t s = tnp_rt_array_allocate(tnp_rt_device_host(),
                                            TNP_RT_DTYPE_FLOAT64, 2, huge, &a);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_VALUE);
  EXPECT_NE(std::string(tnp_rt_status_message(s)).find("array is too big"),
            std::string::npos);
  tnp_rt_status_free(s);
  const int64_t ok[] = {1};
  expectCode(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT8,
                                   TNP_RT_MAX_RANK + 1, ok, &a),
             TNP_RT_STATUS_INVALID_ARGUMENT);
  expectCode(tnp_rt_array_allocate(tnp_rt_device_host(),
                                   static_cast<tnp_rt_dtype_t>(99), 1, ok, &a),
             TNP_RT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(a, nullptr);
}

TEST(RuntimeArray, CreateViewsABuffer) {
  tnp_rt_buffer_t *b = nullptr;
  ASSERT_OK(tnp_rt_buffer_allocate(tnp_rt_device_host(), 64, &b));
  const int64_t shape[] = {3};
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_create(TNP_RT_DTYPE_INT32, 1, shape, b, 16, &a));
  EXPECT_EQ(tnp_rt_buffer_ref_count(b), 2);
  EXPECT_EQ(tnp_rt_array_data(a), static_cast<char *>(tnp_rt_buffer_data(b)) + 16);
  tnp_rt_array_t *bad = nullptr;
  expectCode(tnp_rt_array_create(TNP_RT_DTYPE_INT32, 1, shape, b, 56, &bad),
             TNP_RT_STATUS_INVALID_ARGUMENT);
  tnp_rt_buffer_release(b);
  EXPECT_EQ(tnp_rt_buffer_ref_count(tnp_rt_array_buffer(a)), 1);
  tnp_rt_array_release(a);
}

TEST(RuntimeArray, WrapHostZeroCopyOrCopy) {
  alignas(64) static int32_t storage[6] = {0, 1, 2, 3, 4, 5};
  const int64_t shape[] = {2, 3};
  ReleaseRecord record;
  uint64_t copies = tnp_rt_array_boundary_copy_count();
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_wrap_host(TNP_RT_DTYPE_INT32, 2, shape, nullptr,
                                   storage, recordRelease, &record, &a));
  EXPECT_EQ(tnp_rt_array_data(a), storage); // zero copy
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), copies);
  tnp_rt_array_release(a);
  EXPECT_EQ(record.calls.load(), 1);

  // Transposed view: copied into C order, counted, released at once.
  const int64_t tshape[] = {3, 2};
  const int64_t tstrides[] = {4, 12};
  ASSERT_OK(tnp_rt_array_wrap_host(TNP_RT_DTYPE_INT32, 2, tshape, tstrides,
                                   storage, recordRelease, &record, &a));
  EXPECT_EQ(record.calls.load(), 2);
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), copies + 1);
  const int32_t *d = static_cast<const int32_t *>(tnp_rt_array_data(a));
  const int32_t expected[] = {0, 3, 1, 4, 2, 5};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(d[i], expected[i]);
  tnp_rt_array_release(a);

  // Misaligned contiguous memory is copied too.
  const int64_t five[] = {5};
  ASSERT_OK(tnp_rt_array_wrap_host(TNP_RT_DTYPE_INT32, 1, five, nullptr,
                                   storage + 1, nullptr, nullptr, &a));
  EXPECT_NE(tnp_rt_array_data(a), storage + 1);
  EXPECT_EQ(static_cast<const int32_t *>(tnp_rt_array_data(a))[4], 5);
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), copies + 2);
  tnp_rt_array_release(a);
}

//===----------------------------------------------------------------------===//
// Memref descriptors
//===----------------------------------------------------------------------===//

TEST(RuntimeMemref, FillDescriptor) {
  EXPECT_EQ(tnp_rt_memref_descriptor_size(0), sizeof(Memref<0>));
  EXPECT_EQ(tnp_rt_memref_descriptor_size(2), sizeof(Memref<2>));
  const int64_t shape[] = {4, 5};
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_FLOAT64,
                                  2, shape, &a));
  Memref<2> m;
  ASSERT_OK(tnp_rt_array_fill_memref(a, 2, &m));
  EXPECT_EQ(m.allocated, tnp_rt_buffer_data(tnp_rt_array_buffer(a)));
  EXPECT_EQ(m.aligned, tnp_rt_array_data(a));
  EXPECT_EQ(m.offset, 0);
  EXPECT_EQ(m.sizes[0], 4);
  EXPECT_EQ(m.sizes[1], 5);
  EXPECT_EQ(m.strides[0], 5);
  EXPECT_EQ(m.strides[1], 1);
  Memref<3> wrongRank;
  expectCode(tnp_rt_array_fill_memref(a, 3, &wrongRank),
             TNP_RT_STATUS_INVALID_ARGUMENT);
  tnp_rt_array_release(a);
}

TEST(RuntimeMemref, AdoptRuntimeBlockWithoutCopy) {
  // What compiled code returns: a block of the runtime allocator.
  void *block = _mlir_memref_to_llvm_alloc(6 * sizeof(float) + 64);
  ASSERT_NE(block, nullptr);
  float *data = static_cast<float *>(block) + 16; // aligned past a 64 B header
  for (int i = 0; i < 6; ++i)
    data[i] = float(i);
  Memref<2> m = {block, data, 0, {2, 3}, {3, 1}};
  uint64_t copies = tnp_rt_array_boundary_copy_count();
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_FLOAT32, 2, &m, &a));
  EXPECT_EQ(tnp_rt_array_data(a), data); // no copy
  EXPECT_EQ(tnp_rt_buffer_data(tnp_rt_array_buffer(a)), block);
  EXPECT_EQ(tnp_rt_array_byte_offset(a), 64u);
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), copies);
  EXPECT_EQ(tnp_rt_array_dim(a, 0), 2);
  EXPECT_EQ(tnp_rt_array_dim(a, 1), 3);

  // A second result aliasing the same block shares the buffer.
  Memref<1> tail = {block, data, 3, {3}, {1}};
  tnp_rt_array_t *b = nullptr;
  ASSERT_OK(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_FLOAT32, 1, &tail, &b));
  EXPECT_EQ(tnp_rt_array_buffer(b), tnp_rt_array_buffer(a));
  EXPECT_EQ(static_cast<float *>(tnp_rt_array_data(b))[0], 3.0f);
  EXPECT_EQ(tnp_rt_buffer_ref_count(tnp_rt_array_buffer(a)), 2);
  tnp_rt_array_release(a);
  EXPECT_TRUE(tnp_rt_allocator_owns(block));
  tnp_rt_array_release(b);
  EXPECT_FALSE(tnp_rt_allocator_owns(block)); // freed with the last array
}

TEST(RuntimeMemref, AdoptArgumentAliasRetainsTheArgument) {
  // An identity function returns its argument's descriptor.
  const int64_t shape[] = {4};
  tnp_rt_array_t *arg = nullptr;
  ASSERT_OK(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT64, 1,
                                  shape, &arg));
  Memref<1> m;
  ASSERT_OK(tnp_rt_array_fill_memref(arg, 1, &m));
  tnp_rt_array_t *result = nullptr;
  ASSERT_OK(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_INT64, 1, &m, &result));
  EXPECT_EQ(tnp_rt_array_buffer(result), tnp_rt_array_buffer(arg));
  EXPECT_EQ(tnp_rt_buffer_ref_count(tnp_rt_array_buffer(arg)), 2);
  tnp_rt_array_release(arg);
  tnp_rt_array_release(result);
}

TEST(RuntimeMemref, AdoptForeignPointerCopies) {
  // A result pointing at a global constant: copied, never freed.
  static const double constant[4] = {1.5, 2.5, 3.5, 4.5};
  Memref<1> m = {const_cast<double *>(constant),
                 const_cast<double *>(constant), 0, {4}, {1}};
  uint64_t copies = tnp_rt_array_boundary_copy_count();
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_FLOAT64, 1, &m, &a));
  EXPECT_NE(tnp_rt_array_data(a), static_cast<const void *>(constant));
  EXPECT_EQ(std::memcmp(tnp_rt_array_data(a), constant, sizeof(constant)), 0);
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), copies + 1);
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);
  tnp_rt_array_release(a);
}

TEST(RuntimeMemref, AdoptStridedViewCopiesAndFreesTheBlock) {
  void *block = _mlir_memref_to_llvm_alloc(6 * sizeof(int16_t));
  int16_t *data = static_cast<int16_t *>(block);
  for (int i = 0; i < 6; ++i)
    data[i] = int16_t(i);
  // The transpose of a 2x3 row-major block: shape 3x2, strides (1, 3).
  Memref<2> m = {block, block, 0, {3, 2}, {1, 3}};
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_INT16, 2, &m, &a));
  EXPECT_FALSE(tnp_rt_allocator_owns(block)); // taken over and freed
  const int16_t *d = static_cast<const int16_t *>(tnp_rt_array_data(a));
  const int16_t expected[] = {0, 3, 1, 4, 2, 5};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(d[i], expected[i]);
  tnp_rt_array_release(a);
}

TEST(RuntimeMemref, AdoptZeroDAndEmpty) {
  void *block = _mlir_memref_to_llvm_alloc(sizeof(double));
  *static_cast<double *>(block) = 42.0;
  Memref<0> scalar = {block, block, 0};
  tnp_rt_array_t *a = nullptr;
  ASSERT_OK(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_FLOAT64, 0, &scalar, &a));
  EXPECT_EQ(tnp_rt_array_rank(a), 0);
  EXPECT_EQ(tnp_rt_array_data(a), block);
  EXPECT_EQ(*static_cast<double *>(tnp_rt_array_data(a)), 42.0);
  tnp_rt_array_release(a);
  EXPECT_FALSE(tnp_rt_allocator_owns(block));

  block = _mlir_memref_to_llvm_alloc(0);
  Memref<2> empty = {block, block, 0, {0, 7}, {7, 1}};
  tnp_rt_allocator_stats_t before, after;
  tnp_rt_allocator_query_stats(&before);
  ASSERT_OK(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_FLOAT32, 2, &empty, &a));
  tnp_rt_allocator_query_stats(&after);
  EXPECT_EQ(tnp_rt_array_element_count(a), 0);
  EXPECT_EQ(tnp_rt_array_dim(a, 1), 7);
  // The empty result's block was freed (the allocator may hand the same
  // address out again at once, so the count tells, not the address).
  EXPECT_EQ(after.frees, before.frees + 1);
  tnp_rt_array_release(a);
}

TEST(RuntimeMemref, AdoptViewOutsideItsBlockIsAnError) {
  void *block = _mlir_memref_to_llvm_alloc(4 * sizeof(int32_t));
  Memref<1> m = {block, block, 2, {4}, {1}}; // elements 2..5 of a 4-block
  tnp_rt_array_t *a = nullptr;
  expectCode(tnp_rt_array_adopt_memref(TNP_RT_DTYPE_INT32, 1, &m, &a),
             TNP_RT_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(a, nullptr);
  // The block was taken over and is freed anyway.
  EXPECT_FALSE(tnp_rt_allocator_owns(block));
}

} // namespace
