//===- Cuda.cpp - The runtime's CUDA device side --------------------------===//
//
// Part of tnp. See tnp-runtime/cuda.h. The driver API is reached through
// dlopen/dlsym only; its few types are declared here (no CUDA header is
// needed to build the runtime). Every entry point makes cuda:0's primary
// context current on the calling thread first (upstream's ScopedContext).
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "tnp-runtime/cuda.h"

#include <dlfcn.h>

#include <cstdio>
#include <mutex>
#include <string>

namespace {

// The driver API's types (cuda.h), as the ABI has them.
using CUresult = int;
using CUdevice = int;
using CUcontext = void *;
using CUmodule = void *;
using CUfunction = void *;
using CUstream = void *;
using CUevent = void *;
using CUdeviceptr = unsigned long long;
constexpr CUresult kSuccess = 0;
constexpr int kAttrMajor = 75, kAttrMinor = 76; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_*
constexpr unsigned kStreamNonBlocking = 1;
constexpr unsigned kEventDisableTiming = 2;

struct Driver {
  bool loaded = false;
  std::string error; // why the driver cannot be used ("" when it can)
  CUcontext context = nullptr;
  int deviceCount = 0;
#define TNP_CU_FUNCTIONS(X)                                                    \
  X(cuInit, CUresult (*)(unsigned))                                            \
  X(cuDriverGetVersion, CUresult (*)(int *))                                   \
  X(cuDeviceGetCount, CUresult (*)(int *))                                     \
  X(cuDeviceGet, CUresult (*)(CUdevice *, int))                                \
  X(cuDeviceGetName, CUresult (*)(char *, int, CUdevice))                      \
  X(cuDeviceGetAttribute, CUresult (*)(int *, int, CUdevice))                  \
  X(cuDevicePrimaryCtxRetain, CUresult (*)(CUcontext *, CUdevice))            \
  X(cuCtxSetCurrent, CUresult (*)(CUcontext))                                  \
  X(cuModuleLoadData, CUresult (*)(CUmodule *, const void *))                  \
  X(cuModuleLoadDataEx,                                                        \
    CUresult (*)(CUmodule *, const void *, unsigned, int *, void **))          \
  X(cuModuleUnload, CUresult (*)(CUmodule))                                    \
  X(cuModuleGetFunction, CUresult (*)(CUfunction *, CUmodule, const char *))   \
  X(cuLaunchKernel,                                                            \
    CUresult (*)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, \
                 unsigned, unsigned, CUstream, void **, void **))              \
  X(cuStreamCreate, CUresult (*)(CUstream *, unsigned))                        \
  X(cuStreamDestroy_v2, CUresult (*)(CUstream))                                \
  X(cuStreamSynchronize, CUresult (*)(CUstream))                               \
  X(cuStreamWaitEvent, CUresult (*)(CUstream, CUevent, unsigned))              \
  X(cuEventCreate, CUresult (*)(CUevent *, unsigned))                          \
  X(cuEventDestroy_v2, CUresult (*)(CUevent))                                  \
  X(cuEventSynchronize, CUresult (*)(CUevent))                                 \
  X(cuEventRecord, CUresult (*)(CUevent, CUstream))                            \
  X(cuMemAlloc_v2, CUresult (*)(CUdeviceptr *, size_t))                        \
  X(cuMemAllocManaged, CUresult (*)(CUdeviceptr *, size_t, unsigned))          \
  X(cuMemFree_v2, CUresult (*)(CUdeviceptr))                                   \
  X(cuMemcpyAsync, CUresult (*)(CUdeviceptr, CUdeviceptr, size_t, CUstream))   \
  X(cuMemsetD32Async, CUresult (*)(CUdeviceptr, unsigned, size_t, CUstream))   \
  X(cuMemsetD16Async,                                                          \
    CUresult (*)(CUdeviceptr, unsigned short, size_t, CUstream))               \
  X(cuGetErrorName, CUresult (*)(CUresult, const char **))                     \
  X(cuGetErrorString, CUresult (*)(CUresult, const char **))
#define TNP_CU_MEMBER(name, type)                                              \
  using name##_t = type;                                                       \
  name##_t name = nullptr;
  TNP_CU_FUNCTIONS(TNP_CU_MEMBER)
#undef TNP_CU_MEMBER
};

Driver &driver() {
  static Driver d;
  static std::once_flag once;
  std::call_once(once, [] {
    void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char *why = dlerror();
      d.error = std::string("no CUDA driver: libcuda.so.1 cannot be loaded (") +
                (why ? why : "unknown reason") + ")";
      return;
    }
#define TNP_CU_LOAD(name, type)                                                \
  d.name = reinterpret_cast<type>(dlsym(lib, #name));                          \
  if (!d.name) {                                                               \
    d.error = "the CUDA driver lacks " #name " (a driver too old for tnp)";     \
    return;                                                                    \
  }
    TNP_CU_FUNCTIONS(TNP_CU_LOAD)
#undef TNP_CU_LOAD
    d.loaded = true;
    auto fail = [&](const char *call, CUresult r) {
      const char *name = nullptr, *text = nullptr;
      d.cuGetErrorName(r, &name);
      d.cuGetErrorString(r, &text);
      d.error = std::string(call) + " failed: " + (name ? name : "CUDA error") +
                " (" + (text ? text : std::to_string(r)) + ")";
    };
    if (CUresult r = d.cuInit(0); r != kSuccess) {
      if (r == 100) // CUDA_ERROR_NO_DEVICE
        d.error = "no CUDA device (the driver found none)";
      else
        fail("cuInit", r);
      return;
    }
    if (CUresult r = d.cuDeviceGetCount(&d.deviceCount); r != kSuccess)
      return fail("cuDeviceGetCount", r);
    if (d.deviceCount == 0) {
      d.error = "no CUDA device";
      return;
    }
    CUdevice dev = 0;
    if (CUresult r = d.cuDeviceGet(&dev, 0); r != kSuccess)
      return fail("cuDeviceGet", r);
    if (CUresult r = d.cuDevicePrimaryCtxRetain(&d.context, dev); r != kSuccess)
      return fail("cuDevicePrimaryCtxRetain", r);
  });
  return d;
}

/// Whether CUDA can be used; otherwise records the sticky `unavailable`
/// error (for the mgpu* entry points). Makes the context current.
bool ready(const char *what) {
  Driver &d = driver();
  if (!d.error.empty()) {
    tnp_rt_error_raise(TNP_RT_STATUS_UNAVAILABLE,
                       (std::string(what) + ": " + d.error).c_str());
    return false;
  }
  d.cuCtxSetCurrent(d.context);
  return true;
}

/// Records a failed driver call as the sticky error; true when it worked.
bool check(CUresult r, const char *call) {
  if (r == kSuccess)
    return true;
  Driver &d = driver();
  const char *name = nullptr, *text = nullptr;
  d.cuGetErrorName(r, &name);
  d.cuGetErrorString(r, &text);
  std::string msg = std::string("CUDA error in ") + call + ": " +
                    (name ? name : std::to_string(r)) + " (" +
                    (text ? text : "") + ")";
  tnp_rt_error_raise(TNP_RT_STATUS_INTERNAL, msg.c_str());
  return false;
}

} // namespace

tnp_rt_status_t tnp_rt_cuda_init(void) {
  Driver &d = driver();
  if (!d.error.empty())
    return tnp_rt_status_create(TNP_RT_STATUS_UNAVAILABLE, d.error.c_str());
  return nullptr;
}

int32_t tnp_rt_cuda_device_count(void) {
  Driver &d = driver();
  return d.error.empty() ? d.deviceCount : 0;
}

tnp_rt_status_t tnp_rt_cuda_device_info(int32_t ordinal, char *name,
                                        size_t capacity, int32_t *major,
                                        int32_t *minor) {
  if (tnp_rt_status_t s = tnp_rt_cuda_init())
    return s;
  Driver &d = driver();
  if (ordinal < 0 || ordinal >= d.deviceCount)
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "no CUDA device cuda:%d (%d present)",
                                 static_cast<int>(ordinal), d.deviceCount);
  CUdevice dev = 0;
  d.cuDeviceGet(&dev, ordinal);
  char buffer[256] = {0};
  d.cuDeviceGetName(buffer, sizeof buffer, dev);
  if (name && capacity)
    std::snprintf(name, capacity, "%s", buffer);
  int ma = 0, mi = 0;
  d.cuDeviceGetAttribute(&ma, kAttrMajor, dev);
  d.cuDeviceGetAttribute(&mi, kAttrMinor, dev);
  if (major)
    *major = ma;
  if (minor)
    *minor = mi;
  return nullptr;
}

void *mgpuModuleLoad(void *data, size_t) {
  if (!ready("mgpuModuleLoad"))
    return nullptr;
  CUmodule m = nullptr;
  return check(driver().cuModuleLoadData(&m, data), "cuModuleLoadData") ? m
                                                                        : nullptr;
}

void *mgpuModuleLoadJIT(void *data, int optLevel) {
  if (!ready("mgpuModuleLoadJIT"))
    return nullptr;
  CUmodule m = nullptr;
  int options[] = {7}; // CU_JIT_OPTIMIZATION_LEVEL
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  return check(driver().cuModuleLoadDataEx(&m, data, 1, options, values),
               "cuModuleLoadDataEx")
             ? m
             : nullptr;
}

void mgpuModuleUnload(void *module) {
  if (module && ready("mgpuModuleUnload"))
    check(driver().cuModuleUnload(module), "cuModuleUnload");
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!module) // the load failed and said why
    return nullptr;
  if (!ready("mgpuModuleGetFunction"))
    return nullptr;
  CUfunction f = nullptr;
  return check(driver().cuModuleGetFunction(&f, module, name),
               "cuModuleGetFunction")
             ? f
             : nullptr;
}

void mgpuLaunchKernel(void *function, intptr_t gx, intptr_t gy, intptr_t gz,
                      intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                      void *stream, void **params, void **extra, size_t) {
  if (!function) {
    if (tnp_rt_error_peek_code() == TNP_RT_STATUS_OK)
      tnp_rt_error_raise(TNP_RT_STATUS_UNAVAILABLE,
                         "mgpuLaunchKernel: the kernel was not loaded");
    return;
  }
  if (!ready("mgpuLaunchKernel"))
    return;
  check(driver().cuLaunchKernel(function, static_cast<unsigned>(gx),
                                static_cast<unsigned>(gy),
                                static_cast<unsigned>(gz),
                                static_cast<unsigned>(bx),
                                static_cast<unsigned>(by),
                                static_cast<unsigned>(bz),
                                static_cast<unsigned>(smem), stream, params,
                                extra),
        "cuLaunchKernel");
}

void *mgpuStreamCreate(void) {
  if (!ready("mgpuStreamCreate"))
    return nullptr;
  CUstream s = nullptr;
  return check(driver().cuStreamCreate(&s, kStreamNonBlocking), "cuStreamCreate")
             ? s
             : nullptr;
}

void mgpuStreamDestroy(void *stream) {
  if (stream && ready("mgpuStreamDestroy"))
    check(driver().cuStreamDestroy_v2(stream), "cuStreamDestroy");
}

void mgpuStreamSynchronize(void *stream) {
  if (ready("mgpuStreamSynchronize"))
    check(driver().cuStreamSynchronize(stream), "cuStreamSynchronize");
}

void mgpuStreamWaitEvent(void *stream, void *event) {
  if (event && ready("mgpuStreamWaitEvent"))
    check(driver().cuStreamWaitEvent(stream, event, 0), "cuStreamWaitEvent");
}

void *mgpuEventCreate(void) {
  if (!ready("mgpuEventCreate"))
    return nullptr;
  CUevent e = nullptr;
  return check(driver().cuEventCreate(&e, kEventDisableTiming), "cuEventCreate")
             ? e
             : nullptr;
}

void mgpuEventDestroy(void *event) {
  if (event && ready("mgpuEventDestroy"))
    check(driver().cuEventDestroy_v2(event), "cuEventDestroy");
}

void mgpuEventSynchronize(void *event) {
  if (event && ready("mgpuEventSynchronize"))
    check(driver().cuEventSynchronize(event), "cuEventSynchronize");
}

void mgpuEventRecord(void *event, void *stream) {
  if (event && ready("mgpuEventRecord"))
    check(driver().cuEventRecord(event, stream), "cuEventRecord");
}

void *mgpuMemAlloc(uint64_t sizeBytes, void *, bool isHostShared) {
  if (!ready("mgpuMemAlloc"))
    return nullptr;
  if (sizeBytes == 0)
    return nullptr;
  CUdeviceptr p = 0;
  bool ok = isHostShared
                ? check(driver().cuMemAllocManaged(&p, sizeBytes, 1),
                        "cuMemAllocManaged")
                : check(driver().cuMemAlloc_v2(&p, sizeBytes), "cuMemAlloc");
  return ok ? reinterpret_cast<void *>(p) : nullptr;
}

void mgpuMemFree(void *ptr, void *) {
  if (ptr && ready("mgpuMemFree"))
    check(driver().cuMemFree_v2(reinterpret_cast<CUdeviceptr>(ptr)), "cuMemFree");
}

void mgpuMemcpy(void *dst, void *src, size_t sizeBytes, void *stream) {
  if (sizeBytes && ready("mgpuMemcpy"))
    check(driver().cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                                 reinterpret_cast<CUdeviceptr>(src), sizeBytes,
                                 stream),
          "cuMemcpyAsync");
}

void mgpuMemset32(void *dst, unsigned int value, size_t count, void *stream) {
  if (count && ready("mgpuMemset32"))
    check(driver().cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                    count, stream),
          "cuMemsetD32Async");
}

void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream) {
  if (count && ready("mgpuMemset16"))
    check(driver().cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst), value,
                                    count, stream),
          "cuMemsetD16Async");
}

void mgpuSetDefaultDevice(int32_t device) {
  if (device != 0)
    tnp_rt_error_raise(TNP_RT_STATUS_UNAVAILABLE,
                       "mgpuSetDefaultDevice: tnp uses cuda:0 only for now");
}
