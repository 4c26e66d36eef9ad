//===- Buffer.cpp - Reference-counted device buffers ----------------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <atomic>
#include <cstdio>
#include <new>

namespace {
enum class Origin { AllocatorBlock, DeviceBlock, Foreign };
} // namespace

struct tnp_rt_buffer_s {
  std::atomic<int64_t> refCount{1};
  tnp_rt_device_t device{TNP_RT_DEVICE_CPU, 0};
  void *data = nullptr;
  size_t size = 0;
  Origin origin = Origin::Foreign;
  tnp_rt_buffer_release_fn_t releaseFn = nullptr;
  void *userData = nullptr;
};

namespace tnp {
namespace rt {

bool bufferTryRetain(tnp_rt_buffer_t *buffer) {
  int64_t count = buffer->refCount.load(std::memory_order_relaxed);
  while (count > 0) {
    if (buffer->refCount.compare_exchange_weak(count, count + 1,
                                               std::memory_order_relaxed))
      return true;
  }
  return false;
}

tnp_rt_status_t adoptDeviceBlock(void *block, tnp_rt_buffer_t **out) {
  auto *buffer = new (std::nothrow) tnp_rt_buffer_s();
  if (!buffer)
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "cannot allocate a buffer object");
  size_t size = 0;
  if (!claimDeviceBlock(block, buffer, &size)) {
    delete buffer;
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "%p is not a live block of the cuda:0 pool, "
                                 "or a buffer owns it already",
                                 block);
  }
  buffer->device = tnp_rt_device_t{TNP_RT_DEVICE_CUDA, 0};
  buffer->data = block;
  buffer->size = size;
  buffer->origin = Origin::DeviceBlock;
  *out = buffer;
  return nullptr;
}

tnp_rt_status_t hostBlockBuffer(const char *fn, void *block,
                                tnp_rt_buffer_t **out) {
  *out = nullptr;
  auto *fresh = new (std::nothrow) tnp_rt_buffer_s();
  if (!fresh)
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "cannot allocate a buffer object");
  fresh->data = block;
  fresh->origin = Origin::AllocatorBlock;
  bool claimed = false;
  BlockLookup lookup = claimOrLookupBlock(block, fresh, &claimed);
  if (!claimed)
    delete fresh;
  if (!lookup.live)
    return nullptr;
  if (lookup.dying)
    return tnp_rt_status_createf(
        TNP_RT_STATUS_INTERNAL,
        "%s: the result's block %p belongs to a buffer that is being "
        "destroyed (a result outlived its owner)",
        fn, block);
  if (claimed)
    fresh->size = lookup.size;
  *out = lookup.owner;
  return nullptr;
}

} // namespace rt
} // namespace tnp

using namespace tnp::rt;

extern "C" {

tnp_rt_device_t tnp_rt_device_host(void) {
  return tnp_rt_device_t{TNP_RT_DEVICE_CPU, 0};
}

bool tnp_rt_device_equal(tnp_rt_device_t a, tnp_rt_device_t b) {
  return a.type == b.type && a.ordinal == b.ordinal;
}

void tnp_rt_device_format(tnp_rt_device_t device, char *buffer,
                          size_t capacity) {
  if (!buffer || capacity == 0)
    return;
  const char *name = device.type == TNP_RT_DEVICE_CPU    ? "cpu"
                     : device.type == TNP_RT_DEVICE_CUDA ? "cuda"
                                                         : "unknown";
  std::snprintf(buffer, capacity, "%s:%d", name,
                static_cast<int>(device.ordinal));
}

tnp_rt_status_t tnp_rt_buffer_allocate(tnp_rt_device_t device,
                                       size_t byte_size,
                                       tnp_rt_buffer_t **out_buffer) {
  if (!out_buffer)
    return nullArgument("tnp_rt_buffer_allocate", "out_buffer");
  if (device.type == TNP_RT_DEVICE_CUDA && device.ordinal == 0) {
    if (tnp_rt_status_t status = tnp_rt_cuda_init()) {
      tnp_rt_status_t why = tnp_rt_status_createf(
          TNP_RT_STATUS_UNAVAILABLE, "cannot allocate a buffer on cuda:0: %s",
          tnp_rt_status_message(status));
      tnp_rt_status_free(status);
      return why;
    }
    void *block = nullptr;
    if (tnp_rt_status_t status = allocateDeviceBlock(byte_size, &block))
      return status;
    if (!block) { // 0 bytes
      auto *buffer = new (std::nothrow) tnp_rt_buffer_s();
      if (!buffer)
        return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                    "cannot allocate a buffer object");
      buffer->device = device;
      *out_buffer = buffer;
      return nullptr;
    }
    tnp_rt_status_t status = adoptDeviceBlock(block, out_buffer);
    if (status)
      freeDeviceBlock(block);
    return status;
  }
  if (device.type != TNP_RT_DEVICE_CPU || device.ordinal != 0) {
    char name[32];
    tnp_rt_device_format(device, name, sizeof(name));
    return tnp_rt_status_createf(
        TNP_RT_STATUS_UNAVAILABLE,
        "cannot allocate a buffer on %s: this runtime supports cpu:0 and "
        "cuda:0",
        name);
  }
  void *block = nullptr;
  if (tnp_rt_status_t status =
          tnp_rt_allocator_allocate(byte_size, TNP_RT_HOST_ALIGNMENT, &block))
    return status;
  tnp_rt_status_t status = tnp_rt_buffer_adopt_host(block, out_buffer);
  if (status)
    tnp_rt_allocator_free(block);
  return status;
}

tnp_rt_status_t tnp_rt_buffer_adopt_host(void *block,
                                         tnp_rt_buffer_t **out_buffer) {
  if (!out_buffer)
    return nullArgument("tnp_rt_buffer_adopt_host", "out_buffer");
  if (!block)
    return nullArgument("tnp_rt_buffer_adopt_host", "block");
  auto *buffer = new (std::nothrow) tnp_rt_buffer_s();
  if (!buffer)
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "cannot allocate a buffer object");
  size_t size = 0;
  if (!claimBlock(block, buffer, &size)) {
    delete buffer;
    return tnp_rt_status_createf(
        TNP_RT_STATUS_INVALID_ARGUMENT,
        "tnp_rt_buffer_adopt_host: %p is not a live block of the runtime "
        "allocator, or a buffer owns it already",
        block);
  }
  buffer->data = block;
  buffer->size = size;
  buffer->origin = Origin::AllocatorBlock;
  *out_buffer = buffer;
  return nullptr;
}

tnp_rt_status_t tnp_rt_buffer_wrap_host(void *data, size_t byte_size,
                                        tnp_rt_buffer_release_fn_t release_fn,
                                        void *user_data,
                                        tnp_rt_buffer_t **out_buffer) {
  if (!out_buffer)
    return nullArgument("tnp_rt_buffer_wrap_host", "out_buffer");
  if (!data && byte_size != 0)
    return nullArgument("tnp_rt_buffer_wrap_host", "data");
  auto *buffer = new (std::nothrow) tnp_rt_buffer_s();
  if (!buffer)
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "cannot allocate a buffer object");
  buffer->data = data;
  buffer->size = byte_size;
  buffer->origin = Origin::Foreign;
  buffer->releaseFn = release_fn;
  buffer->userData = user_data;
  *out_buffer = buffer;
  return nullptr;
}

void tnp_rt_buffer_retain(tnp_rt_buffer_t *buffer) {
  if (buffer)
    buffer->refCount.fetch_add(1, std::memory_order_relaxed);
}

void tnp_rt_buffer_release(tnp_rt_buffer_t *buffer) {
  if (!buffer)
    return;
  if (buffer->refCount.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  if (buffer->origin == Origin::AllocatorBlock)
    freeOwnedBlock(buffer->data);
  else if (buffer->origin == Origin::DeviceBlock)
    freeDeviceBlock(buffer->data);
  else if (buffer->releaseFn)
    buffer->releaseFn(buffer->data, buffer->userData);
  delete buffer;
}

void *tnp_rt_buffer_data(const tnp_rt_buffer_t *buffer) {
  return buffer ? buffer->data : nullptr;
}

size_t tnp_rt_buffer_size(const tnp_rt_buffer_t *buffer) {
  return buffer ? buffer->size : 0;
}

tnp_rt_device_t tnp_rt_buffer_device(const tnp_rt_buffer_t *buffer) {
  return buffer ? buffer->device : tnp_rt_device_host();
}

int64_t tnp_rt_buffer_ref_count(const tnp_rt_buffer_t *buffer) {
  return buffer ? buffer->refCount.load(std::memory_order_relaxed) : 0;
}

} // extern "C"
