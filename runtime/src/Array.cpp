//===- Array.cpp - Arrays and the memref calling convention ---------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>

struct tnp_rt_array_s {
  std::atomic<int64_t> refCount{1};
  tnp_rt_buffer_t *buffer = nullptr;
  size_t byteOffset = 0;
  tnp_rt_dtype_t dtype = TNP_RT_DTYPE_BOOL;
  int32_t rank = 0;
  int64_t count = 1;
  size_t bytes = 0;
  int64_t shape[TNP_RT_MAX_RANK]; // the first `rank` are set
};

namespace {

std::atomic<uint64_t> boundaryCopies{0};
std::atomic<uint64_t> boundaryCopyBytes{0};

tnp_rt_status_t invalidDType(const char *function, int32_t dtype) {
  return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                               "%s: %d is not a dtype code", function,
                               static_cast<int>(dtype));
}

std::string shapeString(int32_t rank, const int64_t *shape) {
  std::string s = "(";
  for (int32_t i = 0; i < rank; ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  if (rank == 1)
    s += ",";
  return s + ")";
}

/// True when a view with these element strides is C-contiguous (axes of
/// extent 1 may have any stride; an empty view is contiguous).
bool isRowMajor(int32_t rank, const int64_t *shape, const int64_t *strides,
                int64_t count) {
  if (count == 0)
    return true;
  int64_t expected = 1;
  for (int32_t i = rank - 1; i >= 0; --i) {
    if (shape[i] != 1 && strides[i] != expected)
      return false;
    expected *= shape[i];
  }
  return true;
}

/// Makes the array struct; takes over one reference to `buffer`.
tnp_rt_status_t makeArray(tnp_rt_dtype_t dtype, int32_t rank,
                          const int64_t *shape, int64_t count, size_t bytes,
                          tnp_rt_buffer_t *buffer, size_t byteOffset,
                          tnp_rt_array_t **out) {
  auto *array = new (std::nothrow) tnp_rt_array_s; // shape beyond rank left unset
  if (!array) {
    tnp_rt_buffer_release(buffer);
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "cannot allocate an array object");
  }
  array->buffer = buffer;
  array->byteOffset = byteOffset;
  array->dtype = dtype;
  array->rank = rank;
  array->count = count;
  array->bytes = bytes;
  for (int32_t i = 0; i < rank; ++i)
    array->shape[i] = shape[i];
  *out = array;
  return nullptr;
}

/// Allocates a host array and copies a strided view into it.
tnp_rt_status_t copyIntoNewArray(tnp_rt_dtype_t dtype, int32_t rank,
                                 const int64_t *shape, const void *src,
                                 const int64_t *byteStrides,
                                 tnp_rt_array_t **out) {
  tnp_rt_array_t *array = nullptr;
  if (tnp_rt_status_t status = tnp_rt_array_allocate(tnp_rt_device_host(),
                                                     dtype, rank, shape,
                                                     &array))
    return status;
  if (array->count > 0) {
    tnp::rt::stridedCopyToContiguous(tnp_rt_array_data(array), src, rank,
                                     shape, byteStrides,
                                     tnp_rt_dtype_itemsize(dtype));
    tnp::rt::countBoundaryCopy(tnp_rt_array_byte_size(array));
  }
  *out = array;
  return nullptr;
}

} // namespace

namespace tnp {
namespace rt {

tnp_rt_status_t checkShape(int32_t rank, const int64_t *shape, size_t itemsize,
                           int64_t *outCount, size_t *outBytes) {
  if (rank < 0 || rank > TNP_RT_MAX_RANK)
    return tnp_rt_status_createf(
        TNP_RT_STATUS_INVALID_ARGUMENT,
        "rank %d is outside the supported range 0..%d", static_cast<int>(rank),
        TNP_RT_MAX_RANK);
  if (rank > 0 && !shape)
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "shape is NULL for rank %d",
                                 static_cast<int>(rank));
  for (int32_t i = 0; i < rank; ++i)
    if (shape[i] < 0)
      return makeStatus(TNP_RT_STATUS_VALUE,
                        "negative dimensions are not allowed (shape " +
                            shapeString(rank, shape) + ")");
  // NumPy's rule: the product of the non-zero extents times the itemsize
  // must fit in a signed 64-bit integer.
  uint64_t product = itemsize ? itemsize : 1;
  bool zero = false;
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] == 0) {
      zero = true;
      continue;
    }
    if (__builtin_mul_overflow(product, uint64_t(shape[i]), &product) ||
        product > uint64_t(INT64_MAX))
      return makeStatus(TNP_RT_STATUS_VALUE,
                        "array is too big; `arr.size * arr.dtype.itemsize` "
                        "is larger than the maximum possible size (shape " +
                            shapeString(rank, shape) + ")");
  }
  int64_t count = 1;
  for (int32_t i = 0; i < rank; ++i)
    count *= shape[i];
  if (zero)
    count = 0;
  *outCount = count;
  *outBytes = size_t(count) * itemsize;
  return nullptr;
}

void stridedCopyToContiguous(void *dst, const void *src, int32_t rank,
                             const int64_t *shape,
                             const int64_t *srcByteStrides, size_t itemsize) {
  char *out = static_cast<char *>(dst);
  const char *in = static_cast<const char *>(src);
  if (rank == 0) {
    std::memcpy(out, in, itemsize);
    return;
  }
  for (int32_t i = 0; i < rank; ++i)
    if (shape[i] == 0)
      return;
  int64_t index[TNP_RT_MAX_RANK] = {};
  const int32_t inner = rank - 1;
  const int64_t innerExtent = shape[inner];
  const int64_t innerStride = srcByteStrides[inner];
  const size_t rowBytes = size_t(innerExtent) * itemsize;
  int64_t offset = 0; // byte offset of the current row's first element
  for (;;) {
    if (innerStride == int64_t(itemsize)) {
      std::memcpy(out, in + offset, rowBytes);
      out += rowBytes;
    } else {
      const char *p = in + offset;
      for (int64_t j = 0; j < innerExtent; ++j, p += innerStride) {
        std::memcpy(out, p, itemsize);
        out += itemsize;
      }
    }
    // Advance the odometer over the outer axes.
    int32_t axis = inner - 1;
    for (; axis >= 0; --axis) {
      offset += srcByteStrides[axis];
      if (++index[axis] < shape[axis])
        break;
      offset -= shape[axis] * srcByteStrides[axis];
      index[axis] = 0;
    }
    if (axis < 0)
      return;
  }
}

void countBoundaryCopy(size_t bytes) {
  boundaryCopies.fetch_add(1, std::memory_order_relaxed);
  boundaryCopyBytes.fetch_add(bytes, std::memory_order_relaxed);
}

} // namespace rt
} // namespace tnp

using namespace tnp::rt;

extern "C" {

tnp_rt_status_t tnp_rt_array_allocate(tnp_rt_device_t device,
                                      tnp_rt_dtype_t dtype, int32_t rank,
                                      const int64_t *shape,
                                      tnp_rt_array_t **out_array) {
  if (!out_array)
    return nullArgument("tnp_rt_array_allocate", "out_array");
  if (!tnp_rt_dtype_is_valid(dtype))
    return invalidDType("tnp_rt_array_allocate", dtype);
  int64_t count = 0;
  size_t bytes = 0;
  if (tnp_rt_status_t status =
          checkShape(rank, shape, tnp_rt_dtype_itemsize(dtype), &count, &bytes))
    return status;
  tnp_rt_buffer_t *buffer = nullptr;
  if (tnp_rt_status_t status = tnp_rt_buffer_allocate(device, bytes, &buffer))
    return status;
  return makeArray(dtype, rank, shape, count, bytes, buffer, 0, out_array);
}

tnp_rt_status_t tnp_rt_array_create(tnp_rt_dtype_t dtype, int32_t rank,
                                    const int64_t *shape,
                                    tnp_rt_buffer_t *buffer,
                                    size_t byte_offset,
                                    tnp_rt_array_t **out_array) {
  if (!out_array)
    return nullArgument("tnp_rt_array_create", "out_array");
  if (!buffer)
    return nullArgument("tnp_rt_array_create", "buffer");
  if (!tnp_rt_dtype_is_valid(dtype))
    return invalidDType("tnp_rt_array_create", dtype);
  int64_t count = 0;
  size_t bytes = 0;
  if (tnp_rt_status_t status =
          checkShape(rank, shape, tnp_rt_dtype_itemsize(dtype), &count, &bytes))
    return status;
  size_t size = tnp_rt_buffer_size(buffer);
  if (byte_offset > size || bytes > size - byte_offset)
    return tnp_rt_status_createf(
        TNP_RT_STATUS_INVALID_ARGUMENT,
        "tnp_rt_array_create: %zu bytes at offset %zu do not fit in a buffer "
        "of %zu bytes",
        bytes, byte_offset, size);
  tnp_rt_buffer_retain(buffer);
  return makeArray(dtype, rank, shape, count, bytes, buffer, byte_offset,
                   out_array);
}

tnp_rt_status_t tnp_rt_array_wrap_host(tnp_rt_dtype_t dtype, int32_t rank,
                                       const int64_t *shape,
                                       const int64_t *byte_strides, void *data,
                                       tnp_rt_buffer_release_fn_t release_fn,
                                       void *user_data,
                                       tnp_rt_array_t **out_array) {
  if (!out_array)
    return nullArgument("tnp_rt_array_wrap_host", "out_array");
  if (!tnp_rt_dtype_is_valid(dtype))
    return invalidDType("tnp_rt_array_wrap_host", dtype);
  size_t itemsize = tnp_rt_dtype_itemsize(dtype);
  int64_t count = 0;
  size_t bytes = 0;
  if (tnp_rt_status_t status =
          checkShape(rank, shape, itemsize, &count, &bytes))
    return status;
  if (!data && count != 0)
    return nullArgument("tnp_rt_array_wrap_host", "data");

  bool contiguous = true;
  int64_t rowMajor[TNP_RT_MAX_RANK];
  for (int32_t i = rank - 1; i >= 0; --i) {
    rowMajor[i] = (i == rank - 1) ? int64_t(itemsize)
                                  : rowMajor[i + 1] * shape[i + 1];
  }
  if (byte_strides && count != 0)
    for (int32_t i = 0; i < rank; ++i)
      if (shape[i] != 1 && byte_strides[i] != rowMajor[i])
        contiguous = false;
  bool aligned = reinterpret_cast<uintptr_t>(data) % TNP_RT_HOST_ALIGNMENT == 0;

  if (count == 0 || !contiguous || !aligned) {
    tnp_rt_status_t status = copyIntoNewArray(
        dtype, rank, shape, data, byte_strides ? byte_strides : rowMajor,
        out_array);
    if (!status && release_fn)
      release_fn(data, user_data);
    return status;
  }
  tnp_rt_buffer_t *buffer = nullptr;
  if (tnp_rt_status_t status =
          tnp_rt_buffer_wrap_host(data, bytes, release_fn, user_data, &buffer))
    return status;
  return makeArray(dtype, rank, shape, count, bytes, buffer, 0, out_array);
}

void tnp_rt_array_retain(tnp_rt_array_t *array) {
  if (array)
    array->refCount.fetch_add(1, std::memory_order_relaxed);
}

void tnp_rt_array_release(tnp_rt_array_t *array) {
  if (!array)
    return;
  if (array->refCount.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  tnp_rt_buffer_release(array->buffer);
  delete array;
}

tnp_rt_dtype_t tnp_rt_array_dtype(const tnp_rt_array_t *array) {
  return array->dtype;
}

int32_t tnp_rt_array_rank(const tnp_rt_array_t *array) { return array->rank; }

const int64_t *tnp_rt_array_shape(const tnp_rt_array_t *array) {
  return array->shape;
}

int64_t tnp_rt_array_dim(const tnp_rt_array_t *array, int32_t axis) {
  if (axis < 0 || axis >= array->rank)
    return -1;
  return array->shape[axis];
}

int64_t tnp_rt_array_element_count(const tnp_rt_array_t *array) {
  return array->count;
}

size_t tnp_rt_array_byte_size(const tnp_rt_array_t *array) {
  return array->bytes;
}

void tnp_rt_array_strides(const tnp_rt_array_t *array, int64_t *out_strides) {
  int64_t stride = 1;
  for (int32_t i = array->rank - 1; i >= 0; --i) {
    out_strides[i] = stride;
    stride *= array->shape[i];
  }
}

tnp_rt_buffer_t *tnp_rt_array_buffer(const tnp_rt_array_t *array) {
  return array->buffer;
}

size_t tnp_rt_array_byte_offset(const tnp_rt_array_t *array) {
  return array->byteOffset;
}

tnp_rt_device_t tnp_rt_array_device(const tnp_rt_array_t *array) {
  return tnp_rt_buffer_device(array->buffer);
}

void *tnp_rt_array_data(const tnp_rt_array_t *array) {
  if (tnp_rt_buffer_device(array->buffer).type != TNP_RT_DEVICE_CPU)
    return nullptr;
  char *base = static_cast<char *>(tnp_rt_buffer_data(array->buffer));
  return base ? base + array->byteOffset : nullptr;
}

uint64_t tnp_rt_array_boundary_copy_count(void) {
  return boundaryCopies.load(std::memory_order_relaxed);
}

uint64_t tnp_rt_array_boundary_copy_bytes(void) {
  return boundaryCopyBytes.load(std::memory_order_relaxed);
}

void tnp_rt_array_boundary_copy_reset(void) {
  boundaryCopies.store(0, std::memory_order_relaxed);
  boundaryCopyBytes.store(0, std::memory_order_relaxed);
}

//===----------------------------------------------------------------------===//
// Memref descriptors
//===----------------------------------------------------------------------===//

size_t tnp_rt_memref_descriptor_size(int32_t rank) {
  if (rank < 0)
    return 0;
  return 2 * sizeof(void *) + sizeof(int64_t) + 2 * sizeof(int64_t) * rank;
}

tnp_rt_status_t tnp_rt_array_fill_memref(const tnp_rt_array_t *array,
                                         int32_t rank, void *out_descriptor) {
  if (!array)
    return nullArgument("tnp_rt_array_fill_memref", "array");
  if (!out_descriptor)
    return nullArgument("tnp_rt_array_fill_memref", "out_descriptor");
  if (rank != array->rank)
    return tnp_rt_status_createf(
        TNP_RT_STATUS_INVALID_ARGUMENT,
        "tnp_rt_array_fill_memref: the descriptor has rank %d but the array "
        "has rank %d",
        static_cast<int>(rank), static_cast<int>(array->rank));
  char *d = static_cast<char *>(out_descriptor);
  void *allocated = tnp_rt_buffer_data(array->buffer);
  void *aligned = allocated ? static_cast<char *>(allocated) + array->byteOffset
                            : nullptr;
  int64_t offset = 0;
  std::memcpy(d, &allocated, sizeof(void *));
  std::memcpy(d + sizeof(void *), &aligned, sizeof(void *));
  std::memcpy(d + 2 * sizeof(void *), &offset, sizeof(int64_t));
  // Sizes, then row-major strides (element by element: ranks are small, and
  // this runs for every argument of every call).
  char *sizes = d + 2 * sizeof(void *) + sizeof(int64_t);
  char *strides = sizes + sizeof(int64_t) * rank;
  int64_t stride = 1;
  for (int32_t i = rank - 1; i >= 0; --i) {
    std::memcpy(sizes + sizeof(int64_t) * i, &array->shape[i], sizeof(int64_t));
    std::memcpy(strides + sizeof(int64_t) * i, &stride, sizeof(int64_t));
    stride *= array->shape[i];
  }
  return nullptr;
}

/// The argument checks of the adopt_memref functions.
static tnp_rt_status_t checkAdoptArgs(const char *fn, tnp_rt_dtype_t dtype,
                                      int32_t rank, const void *descriptor,
                                      tnp_rt_array_t **out_array) {
  if (!out_array)
    return nullArgument(fn, "out_array");
  if (!descriptor)
    return nullArgument(fn, "descriptor");
  if (!tnp_rt_dtype_is_valid(dtype))
    return invalidDType(fn, dtype);
  if (rank < 0 || rank > TNP_RT_MAX_RANK)
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "%s: rank %d is outside 0..%d", fn,
                                 static_cast<int>(rank), TNP_RT_MAX_RANK);
  return nullptr;
}

/// The fields of a ranked memref descriptor (array.h), with its shape
/// checked and sized.
struct MemrefView {
  void *allocated = nullptr, *aligned = nullptr;
  int64_t offset = 0;
  int64_t shape[TNP_RT_MAX_RANK], strides[TNP_RT_MAX_RANK]; // `rank` set
  size_t itemsize = 0, bytes = 0;
  int64_t count = 0;
};

static tnp_rt_status_t readMemref(tnp_rt_dtype_t dtype, int32_t rank,
                                  const void *descriptor, MemrefView &v) {
  const char *d = static_cast<const char *>(descriptor);
  std::memcpy(&v.allocated, d, sizeof(void *));
  std::memcpy(&v.aligned, d + sizeof(void *), sizeof(void *));
  std::memcpy(&v.offset, d + 2 * sizeof(void *), sizeof(int64_t));
  const char *sizes = d + 2 * sizeof(void *) + sizeof(int64_t);
  for (int32_t i = 0; i < rank; ++i) {
    std::memcpy(&v.shape[i], sizes + sizeof(int64_t) * i, sizeof(int64_t));
    std::memcpy(&v.strides[i], sizes + sizeof(int64_t) * (rank + i),
                sizeof(int64_t));
  }
  v.itemsize = tnp_rt_dtype_itemsize(dtype);
  return checkShape(rank, v.shape, v.itemsize, &v.count, &v.bytes);
}

tnp_rt_status_t tnp_rt_array_adopt_memref(tnp_rt_dtype_t dtype, int32_t rank,
                                          const void *descriptor,
                                          tnp_rt_array_t **out_array) {
  const char *fn = "tnp_rt_array_adopt_memref";
  if (tnp_rt_status_t status =
          checkAdoptArgs(fn, dtype, rank, descriptor, out_array))
    return status;
  MemrefView view;
  if (tnp_rt_status_t status = readMemref(dtype, rank, descriptor, view))
    return status;
  void *allocated = view.allocated, *aligned = view.aligned;
  int64_t offset = view.offset, count = view.count;
  int64_t *shape = view.shape, *strides = view.strides;
  const size_t itemsize = view.itemsize;

  // Take over the block when it is the runtime's.
  tnp_rt_buffer_t *owned = nullptr;
  if (allocated)
    if (tnp_rt_status_t status = hostBlockBuffer(fn, allocated, &owned))
      return status;

  if (count == 0) {
    tnp_rt_buffer_release(owned);
    return tnp_rt_array_allocate(tnp_rt_device_host(), dtype, rank, shape,
                                 out_array);
  }

  const char *first = static_cast<const char *>(aligned) +
                      offset * static_cast<int64_t>(itemsize);
  int64_t byteStrides[TNP_RT_MAX_RANK];
  for (int32_t i = 0; i < rank; ++i)
    byteStrides[i] = strides[i] * static_cast<int64_t>(itemsize);

  if (owned) {
    // The view must lie inside the block.
    const char *base = static_cast<const char *>(tnp_rt_buffer_data(owned));
    const size_t size = tnp_rt_buffer_size(owned);
    int64_t lo = 0, hi = 0; // byte extent of the view relative to `first`
    for (int32_t i = 0; i < rank; ++i) {
      int64_t span = (shape[i] - 1) * byteStrides[i];
      (span < 0 ? lo : hi) += span;
    }
    intptr_t start = reinterpret_cast<intptr_t>(first) + lo;
    intptr_t end = reinterpret_cast<intptr_t>(first) + hi + int64_t(itemsize);
    if (start < reinterpret_cast<intptr_t>(base) ||
        end > reinterpret_cast<intptr_t>(base) + intptr_t(size)) {
      tnp_rt_buffer_release(owned);
      return tnp_rt_status_createf(
          TNP_RT_STATUS_INVALID_ARGUMENT,
          "%s: the memref view (aligned %p, offset %lld) reaches outside its "
          "block %p of %zu bytes",
          fn, aligned, static_cast<long long>(offset), allocated, size);
    }
    // A row-major view inside the block (checked above, and its shape by
    // readMemref) becomes an array that takes over our reference.
    if (isRowMajor(rank, shape, strides, count))
      return makeArray(dtype, rank, shape, count, view.bytes, owned,
                       size_t(first - base), out_array);
    tnp_rt_status_t status =
        copyIntoNewArray(dtype, rank, shape, first, byteStrides, out_array);
    tnp_rt_buffer_release(owned);
    return status;
  }
  return copyIntoNewArray(dtype, rank, shape, first, byteStrides, out_array);
}

} // extern "C"

/// Adopts a memref that compiled code for cuda:0 returned: its `allocated`
/// is a block of the device pool (or NULL for an empty result).
static tnp_rt_status_t adoptDeviceMemref(tnp_rt_dtype_t dtype, int32_t rank,
                                         const void *descriptor,
                                         tnp_rt_array_t **out_array) {
  const char *fn = "tnp_rt_array_adopt_memref_on";
  MemrefView view;
  if (tnp_rt_status_t status = readMemref(dtype, rank, descriptor, view))
    return status;
  void *allocated = view.allocated, *aligned = view.aligned;
  int64_t offset = view.offset, count = view.count;
  int64_t *shape = view.shape, *strides = view.strides;
  const size_t itemsize = view.itemsize, bytes = view.bytes;
  const tnp_rt_device_t cuda{TNP_RT_DEVICE_CUDA, 0};
  tnp::rt::BlockLookup lookup = tnp::rt::lookupDeviceBlock(allocated);
  tnp_rt_buffer_t *owned = lookup.owner;
  if (lookup.live && lookup.dying)
    return tnp_rt_status_createf(TNP_RT_STATUS_INTERNAL,
                                 "%s: the result's block %p belongs to a "
                                 "buffer that is being destroyed",
                                 fn, allocated);
  if (lookup.live && !owned)
    if (tnp_rt_status_t s = tnp::rt::adoptDeviceBlock(allocated, &owned))
      return s;
  if (count == 0) {
    tnp_rt_buffer_release(owned);
    return tnp_rt_array_allocate(cuda, dtype, rank, shape, out_array);
  }
  if (!owned)
    return tnp_rt_status_createf(TNP_RT_STATUS_INTERNAL,
                                 "%s: the result's memory %p is not a block "
                                 "of the cuda:0 pool (a bug in tnp)",
                                 fn, allocated);
  const char *base = static_cast<const char *>(tnp_rt_buffer_data(owned));
  const char *first = static_cast<const char *>(aligned) +
                      offset * static_cast<int64_t>(itemsize);
  tnp_rt_status_t status;
  if (!isRowMajor(rank, shape, strides, count) || first < base ||
      first + bytes > base + tnp_rt_buffer_size(owned))
    status = tnp_rt_status_createf(
        TNP_RT_STATUS_INTERNAL,
        "%s: compiled code returned a strided or out-of-block view of a "
        "device block (a bug in tnp)",
        fn);
  else
    status = tnp_rt_array_create(dtype, rank, shape, owned,
                                 size_t(first - base), out_array);
  tnp_rt_buffer_release(owned);
  return status;
}

tnp_rt_status_t tnp_rt_array_adopt_memref_on(tnp_rt_device_t device,
                                             tnp_rt_dtype_t dtype, int32_t rank,
                                             const void *descriptor,
                                             tnp_rt_array_t **out_array) {
  if (device.type == TNP_RT_DEVICE_CPU)
    return tnp_rt_array_adopt_memref(dtype, rank, descriptor, out_array);
  const char *fn = "tnp_rt_array_adopt_memref_on";
  if (tnp_rt_status_t status =
          checkAdoptArgs(fn, dtype, rank, descriptor, out_array))
    return status;
  if (device.type != TNP_RT_DEVICE_CUDA || device.ordinal != 0)
    return tnp_rt_status_createf(TNP_RT_STATUS_UNAVAILABLE,
                                 "%s: only cpu:0 and cuda:0 are supported", fn);
  return adoptDeviceMemref(dtype, rank, descriptor, out_array);
}

tnp_rt_status_t tnp_rt_array_copy_to(const tnp_rt_array_t *array,
                                     tnp_rt_device_t device,
                                     tnp_rt_array_t **out_array) {
  if (!array)
    return nullArgument("tnp_rt_array_copy_to", "array");
  if (!out_array)
    return nullArgument("tnp_rt_array_copy_to", "out_array");
  *out_array = nullptr;
  const tnp_rt_device_t from = tnp_rt_array_device(array);
  if (tnp_rt_device_equal(from, device)) { // immutable: share it
    tnp_rt_array_retain(const_cast<tnp_rt_array_t *>(array));
    *out_array = const_cast<tnp_rt_array_t *>(array);
    return nullptr;
  }
  tnp_rt_array_t *copy = nullptr;
  if (tnp_rt_status_t s =
          tnp_rt_array_allocate(device, array->dtype, array->rank,
                                array->shape, &copy))
    return s;
  const size_t bytes = tnp_rt_array_byte_size(array);
  auto address = [](const tnp_rt_array_t *a) -> void * {
    char *base = static_cast<char *>(tnp_rt_buffer_data(a->buffer));
    return base ? base + a->byteOffset : nullptr;
  };
  if (tnp_rt_status_t s =
          tnp::rt::deviceCopy(address(copy), address(array), bytes,
                              device.type == TNP_RT_DEVICE_CUDA)) {
    tnp_rt_array_release(copy);
    return s;
  }
  *out_array = copy;
  return nullptr;
}
