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
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

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
  X(cuCtxSynchronize, CUresult (*)())                                          \
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

/// The caching pool of device memory (DESIGN.md section 5). Blocks come
/// from cuMemAlloc (256-byte aligned) in size classes (multiples of 256 bytes
/// up to 1 MiB, of 1 MiB above) and go back to a free list instead of
/// cuMemFree. A block freed by compiled code on a stream (mgpuMemFree) may
/// still be read by kernels queued on that stream: it joins the free list
/// only once the stream is synchronized. Every live block is registered with
/// its owning buffer, so that a memref returned by compiled code is adopted
/// like a host block of the allocator.
struct PoolBlock {
  size_t size = 0;     ///< requested size
  size_t capacity = 0; ///< size class
  bool managed = false; ///< cuMemAllocManaged (host-accessible)
  tnp_rt_buffer_t *owner = nullptr;
};

/// The free list's key: the size class, and whether the blocks are managed.
size_t freeKey(size_t capacity, bool managed) {
  return capacity * 2 + (managed ? 1 : 0);
}

struct Pool {
  std::mutex mutex;
  std::unordered_map<void *, PoolBlock> live;
  std::multimap<size_t, void *> free; ///< freeKey -> block
  std::unordered_map<void *, std::vector<void *>> pending; ///< stream -> blocks
  tnp_rt_cuda_pool_stats_t stats{};
};

Pool &pool() {
  static Pool *p = new Pool(); // never destroyed: buffers may outlive main()
  return *p;
}

size_t sizeClass(size_t bytes) {
  const size_t kSmall = 256, kLarge = size_t(1) << 20;
  size_t unit = bytes <= kLarge ? kSmall : kLarge;
  return (bytes + unit - 1) / unit * unit;
}

/// Returns a block to the free list (the pool's mutex held).
void recycleLocked(Pool &p, void *ptr) {
  auto it = p.live.find(ptr);
  if (it == p.live.end())
    return;
  p.stats.live_blocks -= 1;
  p.stats.live_bytes -= it->second.capacity;
  p.stats.cached_blocks += 1;
  p.stats.cached_bytes += it->second.capacity;
  p.free.emplace(freeKey(it->second.capacity, it->second.managed), ptr);
  p.live.erase(it);
}

/// Frees every cached block (the pool's mutex held).
void trimLocked(Pool &p) {
  Driver &d = driver();
  for (auto &entry : p.free)
    d.cuMemFree_v2(reinterpret_cast<CUdeviceptr>(entry.second));
  p.free.clear();
  p.stats.cached_blocks = 0;
  p.stats.cached_bytes = 0;
}

constexpr unsigned kMemAttachGlobal = 1; // CU_MEM_ATTACH_GLOBAL

/// A block of at least `bytes` (> 0) bytes, managed (host-accessible) or
/// not; NULL with a status on failure.
void *poolAllocate(size_t bytes, tnp_rt_status_t *status, bool managed) {
  *status = nullptr;
  Driver &d = driver();
  if (!d.error.empty()) {
    *status = tnp_rt_status_create(TNP_RT_STATUS_UNAVAILABLE, d.error.c_str());
    return nullptr;
  }
  d.cuCtxSetCurrent(d.context);
  const size_t capacity = sizeClass(bytes);
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  void *ptr = nullptr;
  auto hit = p.free.find(freeKey(capacity, managed));
  if (hit != p.free.end()) {
    ptr = hit->second;
    p.free.erase(hit);
    p.stats.cached_blocks -= 1;
    p.stats.cached_bytes -= capacity;
  } else {
    CUdeviceptr dp = 0;
    auto allocate = [&] {
      return managed ? d.cuMemAllocManaged(&dp, capacity, kMemAttachGlobal)
                     : d.cuMemAlloc_v2(&dp, capacity);
    };
    CUresult r = allocate();
    if (r != kSuccess && !p.free.empty()) {
      trimLocked(p); // the cache may hold what is missing
      r = allocate();
    }
    if (r != kSuccess) {
      const char *name = nullptr;
      d.cuGetErrorName(r, &name);
      *status = tnp_rt_status_createf(
          r == 2 ? TNP_RT_STATUS_OUT_OF_MEMORY : TNP_RT_STATUS_INTERNAL,
          "cannot allocate %zu bytes on cuda:0: %s", bytes,
          name ? name : "CUDA error");
      return nullptr;
    }
    ptr = reinterpret_cast<void *>(dp);
    p.stats.driver_allocations += 1;
  }
  PoolBlock block;
  block.size = bytes;
  block.capacity = capacity;
  block.managed = managed;
  p.live[ptr] = block;
  p.stats.live_blocks += 1;
  p.stats.live_bytes += capacity;
  return ptr;
}

/// The blocks freed on `stream` join the free list (it is synchronized).
void releasePending(void *stream) {
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  auto it = p.pending.find(stream);
  if (it == p.pending.end())
    return;
  for (void *ptr : it->second)
    recycleLocked(p, ptr);
  p.pending.erase(it);
}

} // namespace

namespace tnp {
namespace rt {

tnp_rt_status_t allocateDeviceBlock(size_t bytes, void **out) {
  tnp_rt_status_t status = nullptr;
  *out = bytes ? poolAllocate(bytes, &status, /*managed=*/false) : nullptr;
  return status;
}

BlockLookup lookupDeviceBlock(const void *ptr) {
  BlockLookup result;
  if (!ptr)
    return result;
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  auto it = p.live.find(const_cast<void *>(ptr));
  if (it == p.live.end())
    return result;
  result.live = true;
  result.size = it->second.size;
  if (tnp_rt_buffer_t *owner = it->second.owner) {
    if (bufferTryRetain(owner))
      result.owner = owner;
    else
      result.dying = true;
  }
  return result;
}

bool claimDeviceBlock(void *ptr, tnp_rt_buffer_t *owner, size_t *outSize) {
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  auto it = p.live.find(ptr);
  if (it == p.live.end() || it->second.owner)
    return false;
  it->second.owner = owner;
  *outSize = it->second.size;
  return true;
}

void freeDeviceBlock(void *ptr) {
  if (!ptr)
    return;
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  recycleLocked(p, ptr);
}

tnp_rt_status_t deviceCopy(void *dst, const void *src, size_t bytes,
                           bool toDevice) {
  if (bytes == 0)
    return nullptr;
  if (tnp_rt_status_t s = tnp_rt_cuda_init())
    return s;
  Driver &d = driver();
  d.cuCtxSetCurrent(d.context);
  // On the legacy stream, and waited for: a synchronous cuMemcpy from
  // pageable host memory may return before its DMA reaches the device (the
  // driver's documented behaviour), and the compiled code's kernels run on
  // non-blocking streams, which do not wait for the legacy stream. (The
  // suspected cause of one GPU suite failure on an H100: a prod whose rows
  // past the first 132 of 200 read other data; not reproduced since.)
  CUresult r = d.cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                               reinterpret_cast<CUdeviceptr>(src), bytes,
                               /*legacy stream*/ nullptr);
  if (r == kSuccess)
    r = d.cuStreamSynchronize(nullptr);
  if (r != kSuccess) {
    const char *name = nullptr;
    d.cuGetErrorName(r, &name);
    return tnp_rt_status_createf(TNP_RT_STATUS_INTERNAL,
                                 "cannot copy %zu bytes %s cuda:0: %s", bytes,
                                 toDevice ? "to" : "from",
                                 name ? name : "CUDA error");
  }
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  (toDevice ? p.stats.host_to_device_bytes : p.stats.device_to_host_bytes) +=
      bytes;
  p.stats.transfers += 1;
  return nullptr;
}

} // namespace rt
} // namespace tnp

void tnp_rt_cuda_pool_stats(tnp_rt_cuda_pool_stats_t *out) {
  if (!out)
    return;
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  *out = p.stats;
}

void tnp_rt_cuda_pool_trim(void) {
  if (!driver().error.empty())
    return;
  Pool &p = pool();
  std::lock_guard<std::mutex> lock(p.mutex);
  trimLocked(p);
}

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

namespace {
/// Why the last module load failed: modules load in constructors at load
/// time, and the entry point that later launches a kernel of such a module
/// has cleared the sticky error since, so the reason is kept here.
std::mutex loadErrorMutex;
std::string loadError;

void recordLoadError(const char *call, CUresult r) {
  Driver &d = driver();
  const char *name = nullptr, *text = nullptr;
  d.cuGetErrorName(r, &name);
  d.cuGetErrorString(r, &text);
  std::lock_guard<std::mutex> lock(loadErrorMutex);
  loadError = std::string(call) + " failed: " +
              (name ? name : std::to_string(r)) + " (" + (text ? text : "") +
              ")";
}
} // namespace

void *mgpuModuleLoad(void *data, size_t) {
  if (!ready("mgpuModuleLoad"))
    return nullptr;
  CUmodule m = nullptr;
  CUresult r = driver().cuModuleLoadData(&m, data);
  if (r != kSuccess)
    recordLoadError("cuModuleLoadData", r);
  return check(r, "cuModuleLoadData") ? m : nullptr;
}

void *mgpuModuleLoadJIT(void *data, int optLevel) {
  if (!ready("mgpuModuleLoadJIT"))
    return nullptr;
  CUmodule m = nullptr;
  int options[] = {7}; // CU_JIT_OPTIMIZATION_LEVEL
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  CUresult r = driver().cuModuleLoadDataEx(&m, data, 1, options, values);
  if (r != kSuccess)
    recordLoadError("cuModuleLoadDataEx", r);
  return check(r, "cuModuleLoadDataEx") ? m : nullptr;
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
    // The module was loaded by a constructor at load time, whose sticky
    // error an entry point has cleared since: say why again.
    if (tnp_rt_error_peek_code() == TNP_RT_STATUS_OK) {
      if (!ready("cannot launch a kernel on cuda:0"))
        return;
      std::string why;
      {
        std::lock_guard<std::mutex> lock(loadErrorMutex);
        why = loadError;
      }
      tnp_rt_error_raise(
          TNP_RT_STATUS_UNAVAILABLE,
          ("cannot launch a kernel on cuda:0: its module did not load" +
           (why.empty() ? std::string(" (no cubin or PTX in it for this GPU, "
                                      "or a driver too old for its PTX)")
                        : ": " + why))
              .c_str());
    }
    return;
  }
  // An empty array gives an empty grid: nothing to run (the driver would
  // reject a zero dimension).
  if (gx <= 0 || gy <= 0 || gz <= 0 || bx <= 0 || by <= 0 || bz <= 0)
    return;
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

namespace {
/// Idle streams kept for reuse: compiled code creates a stream per call (and
/// per host synchronization inside one), and cuStreamCreate costs
/// microseconds. A stream comes back here synchronized, with its pending
/// frees released. TNP_CUDA_STREAM_CACHE=0 turns the cache off.
struct StreamCache {
  std::mutex mutex;
  std::vector<CUstream> idle;
  bool enabled = true;
  static constexpr size_t kMax = 16;
};

StreamCache &streamCache() {
  static StreamCache *c = [] {
    auto *cache = new StreamCache(); // never destroyed: used at exit
    const char *env = std::getenv("TNP_CUDA_STREAM_CACHE");
    cache->enabled = !(env && std::string(env) == "0");
    return cache;
  }();
  return *c;
}
} // namespace

void *mgpuStreamCreate(void) {
  if (!ready("mgpuStreamCreate"))
    return nullptr;
  StreamCache &cache = streamCache();
  if (cache.enabled) {
    std::lock_guard<std::mutex> lock(cache.mutex);
    if (!cache.idle.empty()) {
      CUstream s = cache.idle.back();
      cache.idle.pop_back();
      return s;
    }
  }
  CUstream s = nullptr;
  return check(driver().cuStreamCreate(&s, kStreamNonBlocking), "cuStreamCreate")
             ? s
             : nullptr;
}

void mgpuStreamDestroy(void *stream) {
  if (stream && ready("mgpuStreamDestroy")) {
    // Kernels still queued keep running after destruction: wait for them
    // before their freed blocks can be handed out again.
    bool idle =
        check(driver().cuStreamSynchronize(stream), "cuStreamSynchronize");
    if (idle)
      releasePending(stream);
    StreamCache &cache = streamCache();
    if (idle && cache.enabled) {
      std::lock_guard<std::mutex> lock(cache.mutex);
      if (cache.idle.size() < StreamCache::kMax) {
        cache.idle.push_back(stream);
        return;
      }
    }
    check(driver().cuStreamDestroy_v2(stream), "cuStreamDestroy");
  }
}

void mgpuStreamSynchronize(void *stream) {
  if (ready("mgpuStreamSynchronize") &&
      check(driver().cuStreamSynchronize(stream), "cuStreamSynchronize"))
    releasePending(stream);
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
  // Host-shared: managed memory, for host code over buffers (indexing's
  // checks and compaction until they run on the GPU).
  tnp_rt_status_t status = nullptr;
  void *p = poolAllocate(sizeBytes, &status, isHostShared);
  if (status) {
    tnp_rt_error_raise(tnp_rt_status_code(status), tnp_rt_status_message(status));
    tnp_rt_status_free(status);
  }
  return p;
}

void mgpuMemFree(void *ptr, void *stream) {
  if (!ptr)
    return;
  Pool &p = pool();
  std::unique_lock<std::mutex> lock(p.mutex);
  if (!p.live.count(ptr)) {
    lock.unlock(); // not the pool's: managed memory of upstream's ABI
    if (ready("mgpuMemFree"))
      check(driver().cuMemFree_v2(reinterpret_cast<CUdeviceptr>(ptr)),
            "cuMemFree");
    return;
  }
  if (stream)
    p.pending[stream].push_back(ptr); // kernels on `stream` may still read it
  else
    recycleLocked(p, ptr);
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
