//===- DLPack.cpp - DLPack 0.6 import and export --------------------------===//
//
// Part of the tnp runtime. See tnp-runtime/dlpack.h.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"
#include "tnp-runtime/dlpack.h"

#include <dlpack/dlpack.h>

#include <cstdlib>
#include <new>
#include <string>

using tnp::rt::makeStatus;

namespace {

/// DLPack 0.8's kDLBool (not in 0.6): how tnp exchanges bool.
constexpr uint8_t kTnpDLBool = 6;

/// The tnp dtype of a DLPack dtype, or -1.
int dtypeOf(DLDataType t) {
  if (t.lanes != 1)
    return -1;
  switch (t.code) {
  case kDLInt:
    return t.bits == 8    ? TNP_RT_DTYPE_INT8
           : t.bits == 16 ? TNP_RT_DTYPE_INT16
           : t.bits == 32 ? TNP_RT_DTYPE_INT32
           : t.bits == 64 ? TNP_RT_DTYPE_INT64
                          : -1;
  case kDLUInt:
    return t.bits == 8    ? TNP_RT_DTYPE_UINT8
           : t.bits == 16 ? TNP_RT_DTYPE_UINT16
           : t.bits == 32 ? TNP_RT_DTYPE_UINT32
           : t.bits == 64 ? TNP_RT_DTYPE_UINT64
                          : -1;
  case kDLFloat:
    return t.bits == 16   ? TNP_RT_DTYPE_FLOAT16
           : t.bits == 32 ? TNP_RT_DTYPE_FLOAT32
           : t.bits == 64 ? TNP_RT_DTYPE_FLOAT64
                          : -1;
  case kDLBfloat:
    return t.bits == 16 ? TNP_RT_DTYPE_BFLOAT16 : -1;
  case kDLComplex:
    return t.bits == 64    ? TNP_RT_DTYPE_COMPLEX64
           : t.bits == 128 ? TNP_RT_DTYPE_COMPLEX128
                           : -1;
  case kTnpDLBool:
    return t.bits == 8 ? TNP_RT_DTYPE_BOOL : -1;
  default:
    return -1;
  }
}

DLDataType dlpackTypeOf(tnp_rt_dtype_t t) {
  DLDataType r;
  r.lanes = 1;
  r.bits = static_cast<uint8_t>(8 * tnp_rt_dtype_itemsize(t));
  switch (t) {
  case TNP_RT_DTYPE_BOOL: r.code = kTnpDLBool; break;
  case TNP_RT_DTYPE_UINT8: case TNP_RT_DTYPE_UINT16: case TNP_RT_DTYPE_UINT32:
  case TNP_RT_DTYPE_UINT64: r.code = kDLUInt; break;
  case TNP_RT_DTYPE_INT8: case TNP_RT_DTYPE_INT16: case TNP_RT_DTYPE_INT32:
  case TNP_RT_DTYPE_INT64: r.code = kDLInt; break;
  case TNP_RT_DTYPE_BFLOAT16: r.code = kDLBfloat; break;
  case TNP_RT_DTYPE_COMPLEX64: case TNP_RT_DTYPE_COMPLEX128:
    r.code = kDLComplex; break;
  default: r.code = kDLFloat; break;
  }
  return r;
}

void callDeleter(DLManagedTensor *managed) {
  if (managed && managed->deleter)
    managed->deleter(managed);
}

/// The buffer release of a zero-copy import: the producer's deleter.
void releaseManaged(void *, void *userData) {
  callDeleter(static_cast<DLManagedTensor *>(userData));
}

/// What an exported DLManagedTensor owns besides the struct.
struct Export {
  DLManagedTensor managed;
  tnp_rt_array_t *array;
  int64_t shape[TNP_RT_MAX_RANK];
  int64_t strides[TNP_RT_MAX_RANK];
};

void deleteExport(DLManagedTensor *self) {
  auto *e = static_cast<Export *>(self->manager_ctx);
  tnp_rt_array_release(e->array);
  delete e;
}

} // namespace

extern "C" {

tnp_rt_status_t tnp_rt_array_from_dlpack(DLManagedTensor *managed,
                                         tnp_rt_array_t **out_array) {
  if (!out_array) {
    callDeleter(managed);
    return tnp::rt::nullArgument("tnp_rt_array_from_dlpack", "out_array");
  }
  *out_array = nullptr;
  if (!managed)
    return tnp::rt::nullArgument("tnp_rt_array_from_dlpack", "managed");
  const DLTensor &t = managed->dl_tensor;
  auto fail = [&](tnp_rt_status_code_t code, const std::string &why) {
    callDeleter(managed);
    return makeStatus(code, "tnp_rt_array_from_dlpack: " + why);
  };
  if (t.device.device_type != kDLCPU && t.device.device_type != kDLCUDAHost)
    return fail(TNP_RT_STATUS_UNSUPPORTED,
                "device type " + std::to_string(t.device.device_type) +
                    " is not host memory (kDLCPU or kDLCUDAHost)");
  int dtype = dtypeOf(t.dtype);
  if (dtype < 0)
    return fail(TNP_RT_STATUS_UNSUPPORTED,
                "unsupported DLPack dtype (code " +
                    std::to_string(t.dtype.code) + ", " +
                    std::to_string(t.dtype.bits) + " bits, " +
                    std::to_string(t.dtype.lanes) + " lanes)");
  if (t.ndim < 0 || t.ndim > TNP_RT_MAX_RANK)
    return fail(TNP_RT_STATUS_INVALID_ARGUMENT,
                "rank " + std::to_string(t.ndim) + " is outside 0.." +
                    std::to_string(TNP_RT_MAX_RANK));
  if (t.ndim > 0 && !t.shape)
    return fail(TNP_RT_STATUS_INVALID_ARGUMENT, "shape is NULL");
  int64_t count = 1;
  for (int32_t i = 0; i < t.ndim; ++i) {
    if (t.shape[i] < 0)
      return fail(TNP_RT_STATUS_INVALID_ARGUMENT,
                  "negative extent " + std::to_string(t.shape[i]));
    count *= t.shape[i];
  }
  if (count > 0 && !t.data)
    return fail(TNP_RT_STATUS_INVALID_ARGUMENT, "data is NULL");
  size_t itemsize = tnp_rt_dtype_itemsize(static_cast<tnp_rt_dtype_t>(dtype));
  int64_t byteStrides[TNP_RT_MAX_RANK];
  for (int32_t i = 0; i < t.ndim; ++i)
    byteStrides[i] = t.strides ? t.strides[i] * int64_t(itemsize) : 0;
  char *data = static_cast<char *>(t.data);
  if (data)
    data += t.byte_offset;
  // Zero-copy or copy is wrap_host's rule; it calls the release (the
  // producer's deleter) when the buffer goes, or at once after a copy.
  tnp_rt_status_t status = tnp_rt_array_wrap_host(
      static_cast<tnp_rt_dtype_t>(dtype), t.ndim, t.shape,
      t.strides ? byteStrides : nullptr, data, releaseManaged, managed,
      out_array);
  if (status) // wrap_host took nothing over
    callDeleter(managed);
  return status;
}

tnp_rt_status_t tnp_rt_array_to_dlpack(tnp_rt_array_t *array,
                                       DLManagedTensor **out_managed) {
  if (!out_managed)
    return tnp::rt::nullArgument("tnp_rt_array_to_dlpack", "out_managed");
  *out_managed = nullptr;
  if (!array)
    return tnp::rt::nullArgument("tnp_rt_array_to_dlpack", "array");
  if (tnp_rt_array_device(array).type != TNP_RT_DEVICE_CPU)
    return makeStatus(TNP_RT_STATUS_UNSUPPORTED,
                      "tnp_rt_array_to_dlpack: only host arrays are exported");
  auto *e = new (std::nothrow) Export();
  if (!e)
    return makeStatus(TNP_RT_STATUS_OUT_OF_MEMORY,
                      "tnp_rt_array_to_dlpack: out of memory");
  int32_t rank = tnp_rt_array_rank(array);
  const int64_t *shape = tnp_rt_array_shape(array);
  for (int32_t i = 0; i < rank; ++i)
    e->shape[i] = shape[i];
  tnp_rt_array_strides(array, e->strides);
  tnp_rt_array_retain(array);
  e->array = array;
  DLTensor &t = e->managed.dl_tensor;
  t.data = tnp_rt_array_data(array);
  t.device = DLDevice{kDLCPU, 0};
  t.ndim = rank;
  t.dtype = dlpackTypeOf(tnp_rt_array_dtype(array));
  t.shape = e->shape;
  t.strides = e->strides;
  t.byte_offset = 0;
  e->managed.manager_ctx = e;
  e->managed.deleter = deleteExport;
  *out_managed = &e->managed;
  return nullptr;
}

} // extern "C"
