//===- CallTest.cpp - tnp_rt_call, the calling convention -----------------===//
//
// Part of tnp. tnp_rt_call with hand-written "compiled functions" that
// follow the packed C-interface convention: argument checks before the call,
// results adopted without a copy, a run-time error of the callee reported
// as its status with the results freed, an allocation that fails inside
// the callee reported as out_of_memory with the callee's blocks freed, bad
// signatures rejected.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace {

/// A rank-1 memref descriptor.
struct Desc1 {
  void *allocated, *aligned;
  int64_t offset, size, stride;
};

/// double(x) for a float32 vector: args = {&result*, &x*}.
void twice(void **args) {
  Desc1 *out = *static_cast<Desc1 **>(args[0]);
  const Desc1 *in = *static_cast<Desc1 **>(args[1]);
  auto *data = static_cast<float *>(
      _mlir_memref_to_llvm_alloc(sizeof(float) * (in->size ? in->size : 1)));
  for (int64_t i = 0; i < in->size; ++i)
    data[i] = 2 * static_cast<const float *>(in->aligned)[in->offset + i];
  *out = {data, data, 0, in->size, 1};
}

/// Allocates its result, then reports an error (as compiled checks do).
void failing(void **args) {
  Desc1 *out = *static_cast<Desc1 **>(args[0]);
  void *data = _mlir_memref_to_llvm_alloc(64);
  *out = {data, data, 0, 4, 1};
  tnp_rt_error_raise(TNP_RT_STATUS_VALUE, "it went wrong");
}

/// Allocates two temporaries and frees one, then asks for more memory than
/// any machine has: the allocator returns to tnp_rt_call (nothing after the
/// failed allocation runs).
bool gReachedAfterHugeAllocation = false;
void huge(void **args) {
  Desc1 *out = *static_cast<Desc1 **>(args[0]);
  void *kept = _mlir_memref_to_llvm_alloc(1 << 20);
  void *freed = _mlir_memref_to_llvm_alloc(256);
  _mlir_memref_to_llvm_free(freed);
  void *data = _mlir_memref_to_llvm_aligned_alloc(64, size_t(1) << 62);
  gReachedAfterHugeAllocation = true;
  static_cast<char *>(data)[0] = 1;
  *out = {kept, kept, 0, 4, 1};
}

const int64_t kDynamic[] = {TNP_RT_DYNAMIC_DIM};
const int64_t kThree[] = {3};
const tnp_rt_tensor_sig_t kVecDyn = {TNP_RT_DTYPE_FLOAT32, 1, kDynamic};
const tnp_rt_tensor_sig_t kVec3 = {TNP_RT_DTYPE_FLOAT32, 1, kThree};

tnp_rt_array_t *vector(std::initializer_list<float> values) {
  int64_t n = static_cast<int64_t>(values.size());
  tnp_rt_array_t *a = nullptr;
  EXPECT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_FLOAT32,
                                  1, &n, &a),
            nullptr);
  std::memcpy(tnp_rt_array_data(a), values.begin(), sizeof(float) * n);
  return a;
}

std::string take(tnp_rt_status_t s) {
  std::string m = std::string(tnp_rt_status_code_name(tnp_rt_status_code(s))) +
                  ": " + tnp_rt_status_message(s);
  tnp_rt_status_free(s);
  return m;
}

} // namespace

TEST(Call, RunsAndAdoptsResults) {
  tnp_rt_function_sig_t sig = {TNP_RT_CALL_ABI_VERSION, "twice", 1, &kVecDyn,
                               1, &kVecDyn};
  tnp_rt_array_t *x = vector({1, 2, 3});
  tnp_rt_array_boundary_copy_reset();
  tnp_rt_array_t *r = nullptr;
  const tnp_rt_array_t *args[] = {x};
  ASSERT_EQ(tnp_rt_call(&sig, twice, args, &r), nullptr);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(tnp_rt_array_dim(r, 0), 3);
  EXPECT_EQ(static_cast<float *>(tnp_rt_array_data(r))[2], 6.0f);
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), 0u);
  tnp_rt_array_release(r);
  tnp_rt_array_release(x);
}

TEST(Call, ChecksArgumentsBeforeCalling) {
  tnp_rt_function_sig_t sig = {TNP_RT_CALL_ABI_VERSION, "f", 1, &kVec3, 1,
                               &kVecDyn};
  tnp_rt_array_t *x = vector({1, 2});
  tnp_rt_array_t *r = reinterpret_cast<tnp_rt_array_t *>(1);
  const tnp_rt_array_t *args[] = {x};
  EXPECT_EQ(take(tnp_rt_call(&sig, twice, args, &r)),
            "shape: argument 0 of f: expected float32 (3,), got float32 (2,)");
  EXPECT_EQ(r, nullptr);
  int64_t n = 3;
  tnp_rt_array_t *i = nullptr;
  ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT64, 1,
                                  &n, &i),
            nullptr);
  args[0] = i;
  EXPECT_EQ(take(tnp_rt_call(&sig, twice, args, &r)),
            "dtype: argument 0 of f: expected float32 (3,), got int64 (3,)");
  args[0] = nullptr;
  EXPECT_EQ(take(tnp_rt_call(&sig, twice, args, &r)),
            "invalid_argument: argument 0 of f is NULL");
  tnp_rt_array_release(i);
  tnp_rt_array_release(x);
}

TEST(Call, ReportsTheCalleesErrorAndFreesItsResults) {
  tnp_rt_function_sig_t sig = {TNP_RT_CALL_ABI_VERSION, "failing", 1,
                               &kVecDyn, 1, &kVecDyn};
  tnp_rt_array_t *x = vector({1});
  tnp_rt_array_t *r = nullptr;
  const tnp_rt_array_t *args[] = {x};
  tnp_rt_allocator_stats_t before, after;
  tnp_rt_allocator_query_stats(&before);
  EXPECT_EQ(take(tnp_rt_call(&sig, failing, args, &r)), "value: it went wrong");
  EXPECT_EQ(r, nullptr);
  tnp_rt_allocator_query_stats(&after);
  EXPECT_EQ(after.blocks_in_use, before.blocks_in_use);
  // The sticky error was taken: the next call is not blamed for it.
  tnp_rt_function_sig_t ok = {TNP_RT_CALL_ABI_VERSION, "twice", 1, &kVecDyn,
                              1, &kVecDyn};
  ASSERT_EQ(tnp_rt_call(&ok, twice, args, &r), nullptr);
  tnp_rt_array_release(r);
  tnp_rt_array_release(x);
}

TEST(Call, AFailedAllocationReturnsToTheCallAndFreesItsBlocks) {
  tnp_rt_function_sig_t sig = {TNP_RT_CALL_ABI_VERSION, "huge", 1, &kVecDyn,
                               1, &kVecDyn};
  tnp_rt_array_t *x = vector({1});
  tnp_rt_array_t *r = nullptr;
  const tnp_rt_array_t *args[] = {x};
  tnp_rt_allocator_stats_t before, after;
  tnp_rt_allocator_query_stats(&before);
  EXPECT_EQ(take(tnp_rt_call(&sig, huge, args, &r)),
            "out_of_memory: Unable to allocate 4 EiB (4611686018427387904 "
            "bytes) for an array");
  EXPECT_FALSE(gReachedAfterHugeAllocation);
  EXPECT_EQ(r, nullptr);
  tnp_rt_allocator_query_stats(&after);
  EXPECT_EQ(after.blocks_in_use, before.blocks_in_use);
  // Nothing is left of the call: the next one runs as usual.
  tnp_rt_function_sig_t ok = {TNP_RT_CALL_ABI_VERSION, "twice", 1, &kVecDyn,
                              1, &kVecDyn};
  ASSERT_EQ(tnp_rt_call(&ok, twice, args, &r), nullptr);
  EXPECT_EQ(static_cast<float *>(tnp_rt_array_data(r))[0], 2.0f);
  tnp_rt_array_release(r);
  tnp_rt_array_release(x);
}

TEST(Call, RejectsOtherABIVersionsAndMalformedSignatures) {
  tnp_rt_function_sig_t sig = {TNP_RT_CALL_ABI_VERSION + 1, "old", 1,
                               &kVecDyn, 1, &kVecDyn};
  tnp_rt_array_t *x = vector({1});
  tnp_rt_array_t *r = nullptr;
  const tnp_rt_array_t *args[] = {x};
  std::string m = take(tnp_rt_call(&sig, twice, args, &r));
  EXPECT_NE(m.find("invalid_argument: tnp_rt_call: old was generated for "
                   "call ABI version 2"),
            std::string::npos)
      << m;
  tnp_rt_tensor_sig_t bad = {99, 1, kDynamic};
  tnp_rt_function_sig_t malformed = {TNP_RT_CALL_ABI_VERSION, "m", 1, &bad, 1,
                                     &kVecDyn};
  EXPECT_EQ(take(tnp_rt_call(&malformed, twice, args, &r)),
            "invalid_argument: tnp_rt_call: the signature of m is malformed");
  EXPECT_EQ(take(tnp_rt_call(nullptr, twice, args, &r)).rfind(
                "invalid_argument", 0),
            0u);
  char text[32];
  tnp_rt_tensor_sig_format(&kVecDyn, text, sizeof text);
  EXPECT_STREQ(text, "float32 (?,)");
  tnp_rt_array_release(x);
}
