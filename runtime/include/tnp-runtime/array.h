/*===- tnp-runtime/array.h - Arrays and the memref calling convention -----===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* An array is a buffer, a dtype, a shape and a byte offset. Arrays inside    *|
|* tnp are C-contiguous (row-major) and immutable (SPEC.md policy rules 1 and *|
|* 7); strides are derived from the shape. Non-contiguous memory exists only  *|
|* at the boundary and is copied in; the runtime counts such copies           *|
|* (tnp_rt_array_boundary_copy_count).                                        *|
|*                                                                            *|
|* Compiled functions take and return arrays as MLIR ranked memref           *|
|* descriptors (DESIGN.md section 5):                                         *|
|*                                                                            *|
|*   struct { void *allocated; void *aligned; int64_t offset;                 *|
|*            int64_t sizes[rank]; int64_t strides[rank]; }                   *|
|*                                                                            *|
|* with offset and strides in elements. tnp_rt_array_fill_memref and          *|
|* tnp_rt_array_adopt_memref convert between the two.                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_ARRAY_H
#define TNP_RUNTIME_ARRAY_H

#include "tnp-runtime/buffer.h"
#include "tnp-runtime/config.h"
#include "tnp-runtime/dtype.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// An n-d array. Reference counted.
///
/// Threading: retain/release are atomic; dtype, shape, buffer and offset never
/// change after creation, so every accessor may be called from any thread.
/// The element data is immutable by convention once the array is handed out
/// (nothing enforces it).
typedef struct tnp_rt_array_s tnp_rt_array_t;

/// Allocates an uninitialized C-contiguous array on `device` with a new
/// buffer. `shape` has `rank` (0..TNP_RT_MAX_RANK) non-negative entries and
/// may be NULL when rank is 0. The caller owns one reference. A total byte
/// size that does not fit in int64 is a value error ("array is too big").
TNP_RT_API tnp_rt_status_t tnp_rt_array_allocate(tnp_rt_device_t device,
                                                 tnp_rt_dtype_t dtype,
                                                 int32_t rank,
                                                 const int64_t *shape,
                                                 tnp_rt_array_t **out_array);

/// Makes an array viewing `buffer` from `byte_offset` on (C-contiguous) and
/// retains the buffer. The bytes [byte_offset, byte_offset + nbytes) must lie
/// in the buffer, else invalid_argument.
TNP_RT_API tnp_rt_status_t tnp_rt_array_create(tnp_rt_dtype_t dtype,
                                               int32_t rank,
                                               const int64_t *shape,
                                               tnp_rt_buffer_t *buffer,
                                               size_t byte_offset,
                                               tnp_rt_array_t **out_array);

/// Wraps a caller's host memory: `byte_strides` (NULL means C-contiguous)
/// give the distance in bytes between elements along each axis (negative and
/// zero strides are allowed). When the memory is C-contiguous and `data` is
/// 64-byte aligned the array views it without a copy and `release_fn` (may
/// be NULL) is called once when the array's buffer goes; otherwise the
/// elements are copied into a new buffer, `release_fn` is called before this
/// returns, and the boundary copy count goes up by one.
TNP_RT_API tnp_rt_status_t tnp_rt_array_wrap_host(
    tnp_rt_dtype_t dtype, int32_t rank, const int64_t *shape,
    const int64_t *byte_strides, void *data,
    tnp_rt_buffer_release_fn_t release_fn, void *user_data,
    tnp_rt_array_t **out_array);

/// Adds a reference. NULL is accepted.
TNP_RT_API void tnp_rt_array_retain(tnp_rt_array_t *array);

/// Drops a reference; the last one releases the buffer. NULL is accepted.
TNP_RT_API void tnp_rt_array_release(tnp_rt_array_t *array);

TNP_RT_API tnp_rt_dtype_t tnp_rt_array_dtype(const tnp_rt_array_t *array);
TNP_RT_API int32_t tnp_rt_array_rank(const tnp_rt_array_t *array);
/// The shape (`rank` entries; owned by the array).
TNP_RT_API const int64_t *tnp_rt_array_shape(const tnp_rt_array_t *array);
/// The extent of `axis` (0 <= axis < rank; -1 outside).
TNP_RT_API int64_t tnp_rt_array_dim(const tnp_rt_array_t *array, int32_t axis);
/// The number of elements (1 for a 0-d array).
TNP_RT_API int64_t tnp_rt_array_element_count(const tnp_rt_array_t *array);
/// element_count * itemsize.
TNP_RT_API size_t tnp_rt_array_byte_size(const tnp_rt_array_t *array);
/// Writes the C-contiguous strides, in elements, into `out_strides` (`rank`
/// entries). An axis of extent 0 or 1 still gets the row-major stride.
TNP_RT_API void tnp_rt_array_strides(const tnp_rt_array_t *array,
                                     int64_t *out_strides);
/// The buffer (borrowed: retain it to keep it beyond the array).
TNP_RT_API tnp_rt_buffer_t *tnp_rt_array_buffer(const tnp_rt_array_t *array);
/// Byte offset of the first element in the buffer.
TNP_RT_API size_t tnp_rt_array_byte_offset(const tnp_rt_array_t *array);
/// The device of the buffer.
TNP_RT_API tnp_rt_device_t tnp_rt_array_device(const tnp_rt_array_t *array);
/// Host address of the first element (buffer data + byte offset); NULL for
/// device arrays.
TNP_RT_API void *tnp_rt_array_data(const tnp_rt_array_t *array);

/// Copies `array` to `device` (cpu:0 or cuda:0): a new array there, or
/// `array` itself, retained, when it is on `device` already (arrays are
/// immutable). Host<->device copies are synchronous and counted in
/// tnp_rt_cuda_pool_stats. Without a CUDA driver or device, asking for
/// cuda:0 is an `unavailable` status saying why.
TNP_RT_API tnp_rt_status_t tnp_rt_array_copy_to(const tnp_rt_array_t *array,
                                                tnp_rt_device_t device,
                                                tnp_rt_array_t **out_array);

/// Number of boundary copies made so far (tnp_rt_array_wrap_host of
/// non-contiguous or misaligned memory, tnp_rt_array_adopt_memref of a
/// foreign pointer or a strided view). Process-wide, thread-safe.
TNP_RT_API uint64_t tnp_rt_array_boundary_copy_count(void);
/// Bytes copied by those boundary copies (the copies' sizes).
TNP_RT_API uint64_t tnp_rt_array_boundary_copy_bytes(void);
/// Resets both counters to 0 (e.g. around a region a caller measures).
TNP_RT_API void tnp_rt_array_boundary_copy_reset(void);

/*===----------------------------------------------------------------------===*\
|* MLIR memref descriptors                                                    *|
\*===----------------------------------------------------------------------===*/

/// Size in bytes of a ranked memref descriptor of `rank`: 24 + 16 * rank.
TNP_RT_API size_t tnp_rt_memref_descriptor_size(int32_t rank);

/// Fills the ranked memref descriptor at `out_descriptor` (of
/// tnp_rt_memref_descriptor_size(rank) bytes) to pass `array` to compiled
/// code: allocated = the buffer's data, aligned = the first element, offset =
/// 0, sizes = the shape, strides = the row-major strides. `rank` must equal
/// the array's rank (invalid_argument otherwise). For a device array the
/// pointers are device addresses (for code compiled for that device). The
/// descriptor borrows the array: keep the array alive while compiled code
/// runs.
TNP_RT_API tnp_rt_status_t tnp_rt_array_fill_memref(const tnp_rt_array_t *array,
                                                    int32_t rank,
                                                    void *out_descriptor);

/// Makes an array of a memref descriptor that compiled code returned (the
/// caller owns a returned memref). When `allocated` is a live block of the
/// runtime allocator the block is taken over, without a copy when the view
/// (aligned, offset, strides) is C-contiguous: a block that already belongs
/// to a buffer (a result aliasing an argument or another result) is shared
/// by retaining that buffer; a block that nobody owns becomes a new buffer.
/// Any other `allocated` pointer (a global constant, foreign memory) is
/// neither freed nor kept: the elements are copied. A strided view is copied
/// too (the block is still taken over, and freed with the last reference).
/// Copies are counted as boundary copies.
TNP_RT_API tnp_rt_status_t tnp_rt_array_adopt_memref(tnp_rt_dtype_t dtype,
                                                     int32_t rank,
                                                     const void *descriptor,
                                                     tnp_rt_array_t **out_array);

/// tnp_rt_array_adopt_memref for code compiled for `device`: on cuda:0 the
/// memref's `allocated` is a block of the device pool (taken over, or shared
/// with the buffer that owns it already) or NULL for an empty result, and
/// the view must be C-contiguous (anything else is an `internal` error).
TNP_RT_API tnp_rt_status_t tnp_rt_array_adopt_memref_on(
    tnp_rt_device_t device, tnp_rt_dtype_t dtype, int32_t rank,
    const void *descriptor, tnp_rt_array_t **out_array);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_ARRAY_H */
