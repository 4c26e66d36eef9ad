/*===- tnp-runtime/buffer.h - Reference-counted device buffers ------------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_BUFFER_H
#define TNP_RUNTIME_BUFFER_H

#include "tnp-runtime/config.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// Kinds of device. The numbering is ABI (append only).
enum tnp_rt_device_type_e {
  TNP_RT_DEVICE_CPU = 0,  ///< host memory
  TNP_RT_DEVICE_CUDA = 1, ///< CUDA device memory (not available yet)
};
typedef int32_t tnp_rt_device_type_t;

/// Where a buffer lives: a device type and an ordinal (cpu:0, cuda:N).
typedef struct tnp_rt_device_t {
  tnp_rt_device_type_t type;
  int32_t ordinal;
} tnp_rt_device_t;

/// The host device, cpu:0.
TNP_RT_API tnp_rt_device_t tnp_rt_device_host(void);

/// True when `a` and `b` name the same device.
TNP_RT_API bool tnp_rt_device_equal(tnp_rt_device_t a, tnp_rt_device_t b);

/// Writes "cpu:0" / "cuda:1" / "unknown:N" into `buffer` (snprintf rules:
/// truncated to `capacity`, always NUL-terminated when capacity > 0).
TNP_RT_API void tnp_rt_device_format(tnp_rt_device_t device, char *buffer,
                                     size_t capacity);

/// A block of memory on one device, reference counted. The contents are
/// mutable raw bytes; tnp's arrays built on a buffer treat them as immutable
/// once written.
///
/// Threading: retain/release are atomic and may be called from any thread;
/// the accessors read fields that never change after creation. Nothing
/// synchronizes access to the contents.
typedef struct tnp_rt_buffer_s tnp_rt_buffer_t;

/// Called when the last reference to a wrapped buffer is released, with the
/// data pointer and the user data given to tnp_rt_buffer_wrap_host.
typedef void (*tnp_rt_buffer_release_fn_t)(void *data, void *user_data);

/// Allocates an uninitialized buffer of `byte_size` bytes on `device`, with a
/// reference count of 1 owned by the caller. Host buffers come from the
/// runtime allocator (64-byte aligned). Other devices return an unavailable
/// status for now.
TNP_RT_API tnp_rt_status_t tnp_rt_buffer_allocate(tnp_rt_device_t device,
                                                  size_t byte_size,
                                                  tnp_rt_buffer_t **out_buffer);

/// Makes a host buffer of a block of the runtime allocator, taking ownership
/// of the block (it is freed when the buffer's last reference goes). The size
/// is the block's requested size. `block` must be a live block that no buffer
/// owns yet; otherwise returns invalid_argument and takes nothing.
TNP_RT_API tnp_rt_status_t tnp_rt_buffer_adopt_host(void *block,
                                                    tnp_rt_buffer_t **out_buffer);

/// Wraps foreign host memory without copying. `release_fn` (may be NULL) is
/// called once with (data, user_data) when the last reference goes; the
/// caller keeps `data` valid until then. `data` may be NULL only when
/// `byte_size` is 0.
TNP_RT_API tnp_rt_status_t tnp_rt_buffer_wrap_host(
    void *data, size_t byte_size, tnp_rt_buffer_release_fn_t release_fn,
    void *user_data, tnp_rt_buffer_t **out_buffer);

/// Adds a reference. NULL is accepted.
TNP_RT_API void tnp_rt_buffer_retain(tnp_rt_buffer_t *buffer);

/// Drops a reference; the last one frees the memory. NULL is accepted.
TNP_RT_API void tnp_rt_buffer_release(tnp_rt_buffer_t *buffer);

/// The data pointer (a device address for device buffers). Host buffers of
/// the allocator are 64-byte aligned; wrapped ones are as given.
TNP_RT_API void *tnp_rt_buffer_data(const tnp_rt_buffer_t *buffer);

/// The size in bytes.
TNP_RT_API size_t tnp_rt_buffer_size(const tnp_rt_buffer_t *buffer);

/// The device the memory lives on.
TNP_RT_API tnp_rt_device_t tnp_rt_buffer_device(const tnp_rt_buffer_t *buffer);

/// The current reference count (for tests and debugging: another thread may
/// change it at any time).
TNP_RT_API int64_t tnp_rt_buffer_ref_count(const tnp_rt_buffer_t *buffer);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_BUFFER_H */
