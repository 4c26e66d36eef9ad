//===- DLPackTest.cpp - DLPack import and export --------------------------===//
//
// Part of tnp. Zero-copy when the alignment rule allows (and counted copies
// otherwise), the deleter contract in both directions, dtype mapping incl.
// bool, and the errors.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <dlpack/dlpack.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

/// A producer's tensor: 64-byte aligned storage (plus `offset` bytes), and a
/// deleter that counts its calls.
struct Producer {
  DLManagedTensor managed{};
  std::vector<int64_t> shape, strides;
  void *storage = nullptr;
  int deleted = 0;

  Producer(DLDataType type, std::vector<int64_t> shape_,
           std::vector<int64_t> strides_ = {}, size_t offset = 0,
           size_t bytes = 4096)
      : shape(std::move(shape_)), strides(std::move(strides_)) {
    storage = std::aligned_alloc(64, bytes);
    std::memset(storage, 0, bytes);
    DLTensor &t = managed.dl_tensor;
    t.data = storage;
    t.byte_offset = offset;
    t.device = DLDevice{kDLCPU, 0};
    t.ndim = static_cast<int32_t>(shape.size());
    t.dtype = type;
    t.shape = shape.data();
    t.strides = strides.empty() ? nullptr : strides.data();
    managed.manager_ctx = this;
    managed.deleter = [](DLManagedTensor *self) {
      static_cast<Producer *>(self->manager_ctx)->deleted++;
    };
  }
  ~Producer() { std::free(storage); }
  template <typename T> T *at(size_t byteOffset = 0) {
    return reinterpret_cast<T *>(static_cast<char *>(storage) + byteOffset);
  }
};

DLDataType type(uint8_t code, uint8_t bits) { return DLDataType{code, bits, 1}; }

} // namespace

TEST(RuntimeDLPack, AlignedContiguousImportIsZeroCopy) {
  Producer p(type(kDLFloat, 32), {2, 3});
  for (int i = 0; i < 6; ++i)
    p.at<float>()[i] = float(i) + 0.5f;
  tnp_rt_array_boundary_copy_reset();
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_array_from_dlpack(&p.managed, &a), nullptr);
  EXPECT_EQ(tnp_rt_array_dtype(a), TNP_RT_DTYPE_FLOAT32);
  EXPECT_EQ(tnp_rt_array_rank(a), 2);
  EXPECT_EQ(tnp_rt_array_dim(a, 1), 3);
  EXPECT_EQ(tnp_rt_array_data(a), p.storage); // the producer's memory
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), 0u);
  EXPECT_EQ(p.deleted, 0); // still in use
  tnp_rt_array_release(a);
  EXPECT_EQ(p.deleted, 1); // once, when the buffer went
}

TEST(RuntimeDLPack, MisalignedOrStridedImportCopiesAndDeletesAtOnce) {
  // byte_offset 4: misaligned.
  Producer m(type(kDLInt, 32), {4}, {}, 4);
  for (int i = 0; i < 4; ++i)
    m.at<int32_t>(4)[i] = 10 * i;
  tnp_rt_array_boundary_copy_reset();
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_array_from_dlpack(&m.managed, &a), nullptr);
  EXPECT_EQ(m.deleted, 1); // copied: the producer is done
  EXPECT_NE(tnp_rt_array_data(a), m.at<void>(4));
  EXPECT_EQ(static_cast<int32_t *>(tnp_rt_array_data(a))[3], 30);
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), 1u);
  EXPECT_EQ(tnp_rt_array_boundary_copy_bytes(), 16u);
  tnp_rt_array_release(a);
  EXPECT_EQ(m.deleted, 1);

  // Strides in elements: a transposed (Fortran-order) 2x3 view.
  Producer f(type(kDLFloat, 64), {2, 3}, {1, 2});
  for (int i = 0; i < 6; ++i)
    f.at<double>()[i] = i; // column-major: element (r, c) = r + 2c
  ASSERT_EQ(tnp_rt_array_from_dlpack(&f.managed, &a), nullptr);
  EXPECT_EQ(f.deleted, 1);
  const double *d = static_cast<const double *>(tnp_rt_array_data(a));
  EXPECT_EQ(d[0], 0);
  EXPECT_EQ(d[1], 2); // (0, 1)
  EXPECT_EQ(d[3], 1); // (1, 0)
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), 2u);
  tnp_rt_array_release(a);

  // A negative stride (reversed vector).
  Producer r(type(kDLInt, 64), {3}, {-1}, 16);
  for (int i = 0; i < 3; ++i)
    r.at<int64_t>()[i] = i + 1; // data points at the last element
  ASSERT_EQ(tnp_rt_array_from_dlpack(&r.managed, &a), nullptr);
  const int64_t *v = static_cast<const int64_t *>(tnp_rt_array_data(a));
  EXPECT_EQ(v[0], 3);
  EXPECT_EQ(v[2], 1);
  tnp_rt_array_release(a);
  EXPECT_EQ(r.deleted, 1);
}

TEST(RuntimeDLPack, ExportViewsTheArrayAndTheDeleterReleasesIt) {
  const int64_t shape[] = {2, 2};
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_COMPLEX64,
                                  2, shape, &a),
            nullptr);
  DLManagedTensor *m = nullptr;
  ASSERT_EQ(tnp_rt_array_to_dlpack(a, &m), nullptr);
  EXPECT_EQ(m->dl_tensor.data, tnp_rt_array_data(a));
  EXPECT_EQ(m->dl_tensor.device.device_type, kDLCPU);
  EXPECT_EQ(m->dl_tensor.dtype.code, kDLComplex);
  EXPECT_EQ(m->dl_tensor.dtype.bits, 64);
  EXPECT_EQ(m->dl_tensor.ndim, 2);
  EXPECT_EQ(m->dl_tensor.strides[0], 2);
  EXPECT_EQ(m->dl_tensor.strides[1], 1);
  // The export keeps the array alive after the producer lets go.
  void *data = tnp_rt_array_data(a);
  tnp_rt_array_release(a);
  EXPECT_EQ(m->dl_tensor.data, data);
  // Round trip: importing our own export is zero-copy.
  tnp_rt_array_boundary_copy_reset();
  tnp_rt_array_t *back = nullptr;
  ASSERT_EQ(tnp_rt_array_from_dlpack(m, &back), nullptr);
  EXPECT_EQ(tnp_rt_array_data(back), data);
  EXPECT_EQ(tnp_rt_array_dtype(back), TNP_RT_DTYPE_COMPLEX64);
  EXPECT_EQ(tnp_rt_array_boundary_copy_count(), 0u);
  tnp_rt_array_release(back); // calls the export's deleter: no leak
}

TEST(RuntimeDLPack, EveryDTypeRoundTrips) {
  for (int code = 0; code < TNP_RT_DTYPE_COUNT; ++code) {
    auto dt = static_cast<tnp_rt_dtype_t>(code);
    const int64_t shape[] = {3};
    tnp_rt_array_t *a = nullptr;
    ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), dt, 1, shape, &a),
              nullptr);
    DLManagedTensor *m = nullptr;
    ASSERT_EQ(tnp_rt_array_to_dlpack(a, &m), nullptr) << code;
    if (dt == TNP_RT_DTYPE_BOOL) { // DLPack 0.8's kDLBool, one byte
      EXPECT_EQ(m->dl_tensor.dtype.code, 6);
      EXPECT_EQ(m->dl_tensor.dtype.bits, 8);
    }
    EXPECT_EQ(m->dl_tensor.dtype.bits, 8 * tnp_rt_dtype_itemsize(dt));
    tnp_rt_array_t *back = nullptr;
    ASSERT_EQ(tnp_rt_array_from_dlpack(m, &back), nullptr) << code;
    EXPECT_EQ(tnp_rt_array_dtype(back), dt) << tnp_rt_dtype_name(dt);
    tnp_rt_array_release(back);
    tnp_rt_array_release(a);
  }
}

TEST(RuntimeDLPack, ErrorsNameTheProblemAndStillCallTheDeleter) {
  auto expectError = [](Producer &p, tnp_rt_status_code_t code,
                        const char *needle) {
    tnp_rt_array_t *a = nullptr;
    tnp_rt_status_t s = tnp_rt_array_from_dlpack(&p.managed, &a);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(tnp_rt_status_code(s), code);
    EXPECT_NE(std::string(tnp_rt_status_message(s)).find(needle),
              std::string::npos)
        << tnp_rt_status_message(s);
    tnp_rt_status_free(s);
    EXPECT_EQ(a, nullptr);
    EXPECT_EQ(p.deleted, 1);
  };
  Producer lanes(DLDataType{kDLFloat, 32, 4}, {2});
  expectError(lanes, TNP_RT_STATUS_UNSUPPORTED, "4 lanes");
  Producer bits(type(kDLFloat, 8), {2});
  expectError(bits, TNP_RT_STATUS_UNSUPPORTED, "8 bits");
  Producer handle(type(kDLOpaqueHandle, 64), {2});
  expectError(handle, TNP_RT_STATUS_UNSUPPORTED, "code 3");
  Producer gpu(type(kDLFloat, 32), {2});
  gpu.managed.dl_tensor.device = DLDevice{kDLCUDA, 0};
  expectError(gpu, TNP_RT_STATUS_UNSUPPORTED, "not host memory");
  Producer neg(type(kDLInt, 8), {-1});
  expectError(neg, TNP_RT_STATUS_INVALID_ARGUMENT, "negative extent");
  tnp_rt_status_t s = tnp_rt_array_from_dlpack(nullptr, nullptr);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INVALID_ARGUMENT);
  tnp_rt_status_free(s);
}
