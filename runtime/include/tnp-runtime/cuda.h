/*===- tnp-runtime/cuda.h - The runtime's CUDA device side ----------------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* The CUDA driver is opened with dlopen("libcuda.so.1") the first time a     *|
|* CUDA function runs: no tnp binary or library links libcuda, and without a  *|
|* driver or a device every CUDA call reports `unavailable` (a status, or the *|
|* sticky error for the mgpu* entry points) while everything on the CPU keeps *|
|* working. The device is cuda:0's primary context.                           *|
|*                                                                            *|
|* The mgpu* functions are the host entry points MLIR's GPU lowering emits    *|
|* (gpu-to-llvm and the gpu.binary offloading translation), with the          *|
|* signatures of LLVM 22's mlir/lib/ExecutionEngine/CudaRuntimeWrappers.cpp   *|
|* (test/Runtime/mgpu-declarations.test pins the declarations the lowering    *|
|* emits). Unlike upstream's, they never abort: a failure records the sticky  *|
|* error (status.h) that the entry point of compiled code reports, and        *|
|* returns NULL where a pointer is returned.                                  *|
|*                                                                            *|
|* Threading: thread-safe; the driver is loaded once.                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_CUDA_H
#define TNP_RUNTIME_CUDA_H

#include "tnp-runtime/config.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// Loads the driver and initializes it. NULL when cuda:0 can be used;
/// otherwise an `unavailable` status saying why ("no CUDA driver:
/// libcuda.so.1 cannot be loaded (...)", "no CUDA device", the driver's
/// error).
TNP_RT_API tnp_rt_status_t tnp_rt_cuda_init(void);

/// The number of CUDA devices (0 without a driver).
TNP_RT_API int32_t tnp_rt_cuda_device_count(void);

/// The name and compute capability of device `ordinal`.
TNP_RT_API tnp_rt_status_t tnp_rt_cuda_device_info(int32_t ordinal,
                                                   char *name, size_t capacity,
                                                   int32_t *major,
                                                   int32_t *minor);

/// What the device memory pool holds and has moved, process-wide. Device
/// buffers (tnp_rt_buffer_allocate on cuda:0, results of compiled code) come
/// from a caching pool of 256-byte aligned blocks in size classes: a freed
/// block is kept for the next allocation of its class instead of going back
/// to the driver.
typedef struct tnp_rt_cuda_pool_stats_t {
  uint64_t live_blocks;          ///< blocks in use
  uint64_t live_bytes;           ///< their size-class bytes
  uint64_t cached_blocks;        ///< free blocks kept for reuse
  uint64_t cached_bytes;         ///< their size-class bytes
  uint64_t driver_allocations;   ///< cuMemAlloc calls so far
  uint64_t transfers;            ///< host<->device copies so far
  uint64_t host_to_device_bytes; ///< bytes copied to the device so far
  uint64_t device_to_host_bytes; ///< bytes copied from the device so far
} tnp_rt_cuda_pool_stats_t;

/// A snapshot of the pool's counters (all zero before CUDA is used).
TNP_RT_API void tnp_rt_cuda_pool_stats(tnp_rt_cuda_pool_stats_t *out);

/// Gives the cached free blocks back to the driver.
TNP_RT_API void tnp_rt_cuda_pool_trim(void);

/* MLIR's GPU host entry points (CudaRuntimeWrappers.cpp signatures). */
TNP_RT_API void *mgpuModuleLoad(void *data, size_t gpu_blob_size);
TNP_RT_API void *mgpuModuleLoadJIT(void *data, int opt_level);
TNP_RT_API void mgpuModuleUnload(void *module);
TNP_RT_API void *mgpuModuleGetFunction(void *module, const char *name);
TNP_RT_API void mgpuLaunchKernel(void *function, intptr_t grid_x,
                                 intptr_t grid_y, intptr_t grid_z,
                                 intptr_t block_x, intptr_t block_y,
                                 intptr_t block_z, int32_t smem, void *stream,
                                 void **params, void **extra,
                                 size_t params_count);
TNP_RT_API void *mgpuStreamCreate(void);
TNP_RT_API void mgpuStreamDestroy(void *stream);
TNP_RT_API void mgpuStreamSynchronize(void *stream);
TNP_RT_API void mgpuStreamWaitEvent(void *stream, void *event);
TNP_RT_API void *mgpuEventCreate(void);
TNP_RT_API void mgpuEventDestroy(void *event);
TNP_RT_API void mgpuEventSynchronize(void *event);
TNP_RT_API void mgpuEventRecord(void *event, void *stream);
TNP_RT_API void *mgpuMemAlloc(uint64_t size_bytes, void *stream,
                              bool is_host_shared);
TNP_RT_API void mgpuMemFree(void *ptr, void *stream);
TNP_RT_API void mgpuMemcpy(void *dst, void *src, size_t size_bytes,
                           void *stream);
TNP_RT_API void mgpuMemset32(void *dst, unsigned int value, size_t count,
                             void *stream);
TNP_RT_API void mgpuMemset16(void *dst, unsigned short value, size_t count,
                             void *stream);
TNP_RT_API void mgpuSetDefaultDevice(int32_t device);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_CUDA_H */
