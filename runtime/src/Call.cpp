//===- Call.cpp - Calling compiled tnp functions ---------------------------===//
//
// Part of tnp. tnp_rt_call (call.h): the calling convention shared by the
// JIT and the entry points of tnp-compile headers.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "tnp-runtime/allocator.h"
#include "tnp-runtime/buffer.h"
#include "tnp-runtime/call.h"
#include "tnp-runtime/cuda.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

using tnp::rt::nullArgument;

namespace {

std::string formatDims(int32_t rank, const int64_t *dims, bool allowDynamic) {
  std::string s = "(";
  for (int32_t i = 0; i < rank; ++i) {
    if (i)
      s += ",";
    s += allowDynamic && dims[i] == TNP_RT_DYNAMIC_DIM ? "?"
                                                       : std::to_string(dims[i]);
  }
  if (rank == 1)
    s += ",";
  return s + ")";
}

std::string sigText(const tnp_rt_tensor_sig_t &t) {
  return std::string(tnp_rt_dtype_name(t.dtype)) + " " +
         formatDims(t.rank, t.dims, /*allowDynamic=*/true);
}

std::string arrayText(const tnp_rt_array_t *a) {
  return std::string(tnp_rt_dtype_name(tnp_rt_array_dtype(a))) + " " +
         formatDims(tnp_rt_array_rank(a), tnp_rt_array_shape(a), false);
}

/// Checks the signature itself (a generated header or a JIT caller built it).
tnp_rt_status_t checkSignature(const tnp_rt_function_sig_t *sig) {
  if (sig->abi_version != TNP_RT_CALL_ABI_VERSION)
    return tnp_rt_status_createf(
        TNP_RT_STATUS_INVALID_ARGUMENT,
        "tnp_rt_call: %s was generated for call ABI version %u, but this "
        "runtime implements version %d: regenerate it with a matching "
        "tnp-compile",
        sig->name ? sig->name : "the function", sig->abi_version,
        TNP_RT_CALL_ABI_VERSION);
  auto bad = [&](const tnp_rt_tensor_sig_t *ts, int32_t n) {
    if (n < 0 || (n > 0 && !ts))
      return true;
    for (int32_t i = 0; i < n; ++i)
      if (!tnp_rt_dtype_is_valid(ts[i].dtype) || ts[i].rank < 0 ||
          ts[i].rank > TNP_RT_MAX_RANK || (ts[i].rank > 0 && !ts[i].dims))
        return true;
    return false;
  };
  if (bad(sig->args, sig->num_args) || bad(sig->results, sig->num_results))
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "tnp_rt_call: the signature of %s is malformed",
                                 sig->name ? sig->name : "the function");
  return nullptr;
}

/// Checks argument `i` against its signature.
tnp_rt_status_t checkArgument(const tnp_rt_function_sig_t *sig, int32_t i,
                              const tnp_rt_array_t *a) {
  const tnp_rt_tensor_sig_t &t = sig->args[i];
  if (!a)
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "argument %d of %s is NULL", i, sig->name);
  tnp_rt_status_code_t code = TNP_RT_STATUS_OK;
  if (tnp_rt_array_dtype(a) != t.dtype) {
    code = TNP_RT_STATUS_DTYPE;
  } else if (tnp_rt_array_rank(a) != t.rank) {
    code = TNP_RT_STATUS_SHAPE;
  } else {
    for (int32_t d = 0; d < t.rank; ++d)
      if (t.dims[d] != TNP_RT_DYNAMIC_DIM && t.dims[d] != tnp_rt_array_dim(a, d))
        code = TNP_RT_STATUS_SHAPE;
  }
  if (code == TNP_RT_STATUS_OK)
    return nullptr;
  return tnp_rt_status_createf(code, "argument %d of %s: expected %s, got %s",
                               i, sig->name, sigText(t).c_str(),
                               arrayText(a).c_str());
}

/// A buffer of `n` T that lives on the stack while small (tnp_rt_call is
/// on the path of every eager operation: no heap allocation for the usual
/// few arguments of small rank). Value-initialized only when `zero`.
template <typename T, size_t Inline> class SmallBuffer {
public:
  SmallBuffer(size_t n, bool zero) : size_(n) {
    if (n > Inline) {
      heap_.reset(new T[n]);
      data_ = heap_.get();
    }
    if (zero)
      for (size_t i = 0; i < n; ++i)
        data_[i] = T();
  }
  T *data() { return data_; }
  T &operator[](size_t i) { return data_[i]; }
  size_t size() const { return size_; }

private:
  T inline_[Inline];
  std::unique_ptr<T[]> heap_;
  T *data_ = inline_;
  size_t size_;
};

/// Frees what a failed call may have left in its result descriptors.
template <typename Storage, typename Offsets>
void discardResults(tnp_rt_device_t device, const tnp_rt_function_sig_t *sig,
                    Storage &storage, Offsets &offsets) {
  for (int32_t i = 0; i < sig->num_results; ++i) {
    void *descriptor = storage.data() + offsets[i];
    void *allocated = *static_cast<void **>(descriptor);
    if (!allocated ||
        (device.type == TNP_RT_DEVICE_CPU ? !tnp_rt_allocator_owns(allocated)
                                          : !tnp::rt::lookupDeviceBlock(
                                                 allocated)
                                                 .live))
      continue;
    tnp_rt_array_t *array = nullptr;
    if (tnp_rt_status_t s = tnp_rt_array_adopt_memref_on(
            device, sig->results[i].dtype, sig->results[i].rank, descriptor,
            &array))
      tnp_rt_status_free(s);
    tnp_rt_array_release(array);
  }
}

} // namespace

void tnp_rt_tensor_sig_format(const tnp_rt_tensor_sig_t *sig, char *buffer,
                              size_t size) {
  if (!buffer || size == 0)
    return;
  std::string s = sig ? sigText(*sig) : "(null)";
  std::snprintf(buffer, size, "%s", s.c_str());
}

tnp_rt_status_t tnp_rt_call(const tnp_rt_function_sig_t *sig,
                            tnp_rt_packed_function_t fn,
                            const tnp_rt_array_t *const *args,
                            tnp_rt_array_t **results) {
  return tnp_rt_call_on(tnp_rt_device_host(), sig, fn, args, results);
}

tnp_rt_status_t tnp_rt_call_on(tnp_rt_device_t device,
                               const tnp_rt_function_sig_t *sig,
                               tnp_rt_packed_function_t fn,
                               const tnp_rt_array_t *const *args,
                               tnp_rt_array_t **results) {
  if (!sig)
    return nullArgument("tnp_rt_call", "sig");
  if (!fn)
    return nullArgument("tnp_rt_call", "fn");
  if (tnp_rt_status_t s = checkSignature(sig))
    return s;
  if (sig->num_args > 0 && !args)
    return nullArgument("tnp_rt_call", "args");
  if (sig->num_results > 0 && !results)
    return nullArgument("tnp_rt_call", "results");
  for (int32_t i = 0; i < sig->num_results; ++i)
    results[i] = nullptr;
  for (int32_t i = 0; i < sig->num_args; ++i)
    if (tnp_rt_status_t s = checkArgument(sig, i, args[i]))
      return s;
  if (device.type != TNP_RT_DEVICE_CPU &&
      (device.type != TNP_RT_DEVICE_CUDA || device.ordinal != 0))
    return tnp_rt_status_create(TNP_RT_STATUS_UNAVAILABLE,
                                "tnp_rt_call_on: only cpu:0 and cuda:0 run "
                                "compiled code");
  if (device.type == TNP_RT_DEVICE_CUDA)
    if (tnp_rt_status_t s = tnp_rt_cuda_init()) {
      tnp_rt_status_t why = tnp_rt_status_createf(
          TNP_RT_STATUS_UNAVAILABLE, "%s runs on cuda:0, which is not "
          "available: %s", sig->name ? sig->name : "the function",
          tnp_rt_status_message(s));
      tnp_rt_status_free(s);
      return why;
    }
  // Arguments on another device are copied to `device` first (released when
  // the call returns).
  SmallBuffer<tnp_rt_array_t *, 16> moved(sig->num_args, /*zero=*/true);
  struct Release {
    SmallBuffer<tnp_rt_array_t *, 16> &arrays;
    ~Release() {
      for (size_t i = 0; i < arrays.size(); ++i)
        tnp_rt_array_release(arrays[i]);
    }
  } releaseMoved{moved};
  SmallBuffer<const tnp_rt_array_t *, 16> placed(sig->num_args, false);
  for (int32_t i = 0; i < sig->num_args; ++i) {
    placed[i] = args[i];
    if (tnp_rt_device_equal(tnp_rt_array_device(args[i]), device))
      continue;
    if (tnp_rt_status_t s = tnp_rt_array_copy_to(args[i], device, &moved[i]))
      return s;
    placed[i] = moved[i];
  }

  // Descriptors are arrays of 8-byte words (pointers and int64_t); the
  // results' descriptors are consecutive, as in the C interface's struct.
  size_t resultWords = 0, argWords = 0;
  for (int32_t i = 0; i < sig->num_results; ++i)
    resultWords += tnp_rt_memref_descriptor_size(sig->results[i].rank) / 8;
  for (int32_t i = 0; i < sig->num_args; ++i)
    argWords += tnp_rt_memref_descriptor_size(sig->args[i].rank) / 8;
  SmallBuffer<int64_t, 48> resultStorage(resultWords, /*zero=*/true);
  SmallBuffer<size_t, 8> resultOffsets(sig->num_results, false);
  SmallBuffer<int64_t, 96> argStorage(argWords, false);
  SmallBuffer<void *, 16> pointers(sig->num_args + (sig->num_results > 0),
                                   false);
  SmallBuffer<void *, 16> packed(pointers.size(), false);
  size_t next = 0, np = 0;
  for (int32_t i = 0; i < sig->num_results; ++i) {
    resultOffsets[i] = next;
    next += tnp_rt_memref_descriptor_size(sig->results[i].rank) / 8;
  }
  if (sig->num_results > 0)
    pointers[np++] = resultStorage.data();
  next = 0;
  for (int32_t i = 0; i < sig->num_args; ++i) {
    int32_t rank = sig->args[i].rank;
    int64_t *descriptor = argStorage.data() + next;
    next += tnp_rt_memref_descriptor_size(rank) / 8;
    if (tnp_rt_status_t s = tnp_rt_array_fill_memref(placed[i], rank, descriptor))
      return s;
    pointers[np++] = descriptor;
  }
  for (size_t i = 0; i < pointers.size(); ++i)
    packed[i] = &pointers[i];

  // A stale error of an earlier call must not be blamed on this one.
  if (tnp_rt_status_t stale = tnp_rt_error_take())
    tnp_rt_status_free(stale);
  // CPU code runs in a call frame: an allocation that fails in it returns
  // here (longjmp), and the blocks the call allocated are freed.
  tnp::rt::CallFrame *frame = device.type == TNP_RT_DEVICE_CPU
                                  ? tnp::rt::enterCallFrame()
                                  : nullptr;
  if (!frame) {
    fn(packed.data());
  } else if (setjmp(frame->env) == 0) {
    fn(packed.data());
    tnp::rt::leaveCallFrame(frame);
  } else {
    for (void *block : frame->live)
      tnp_rt_allocator_free(block);
    tnp::rt::leaveCallFrame(frame);
    // The results were never written.
    std::fill(resultStorage.data(), resultStorage.data() + resultWords, 0);
  }
  if (tnp_rt_status_t error = tnp_rt_error_take()) {
    discardResults(device, sig, resultStorage, resultOffsets);
    return error;
  }

  tnp_rt_status_t failure = nullptr;
  for (int32_t i = 0; i < sig->num_results; ++i) {
    const tnp_rt_tensor_sig_t &r = sig->results[i];
    tnp_rt_array_t *array = nullptr;
    if (tnp_rt_status_t s = tnp_rt_array_adopt_memref_on(
            device, r.dtype, r.rank, resultStorage.data() + resultOffsets[i],
            &array)) {
      if (!failure)
        failure = s;
      else
        tnp_rt_status_free(s);
      continue;
    }
    results[i] = array;
    // A result whose shape contradicts the signature is a compiler bug:
    // report it rather than hand out a wrong array.
    bool ok = tnp_rt_array_rank(array) == r.rank;
    for (int32_t d = 0; ok && d < r.rank; ++d)
      ok = r.dims[d] == TNP_RT_DYNAMIC_DIM || r.dims[d] == tnp_rt_array_dim(array, d);
    if (!ok && !failure)
      failure = tnp_rt_status_createf(
          TNP_RT_STATUS_INTERNAL,
          "result %d of %s: compiled code returned %s for %s (a bug in tnp)", i,
          sig->name, arrayText(array).c_str(), sigText(r).c_str());
  }
  if (failure) {
    for (int32_t i = 0; i < sig->num_results; ++i) {
      tnp_rt_array_release(results[i]);
      results[i] = nullptr;
    }
  }
  return failure;
}

namespace {
/// This thread's call frames, innermost last; `depth` of them in use (the
/// others are kept, with their `live` capacity, for the next calls).
struct CallFrames {
  std::vector<std::unique_ptr<tnp::rt::CallFrame>> frames;
  size_t depth = 0;
  tnp::rt::CallFrame *current = nullptr;
};
thread_local CallFrames tCallFrames;
} // namespace

tnp::rt::CallFrame *tnp::rt::currentCallFrame() { return tCallFrames.current; }

tnp::rt::CallFrame *tnp::rt::enterCallFrame() {
  CallFrames &t = tCallFrames;
  if (t.depth == t.frames.size())
    t.frames.push_back(std::make_unique<CallFrame>());
  CallFrame *frame = t.frames[t.depth++].get();
  frame->live.clear();
  t.current = frame;
  return frame;
}

void tnp::rt::leaveCallFrame(CallFrame *frame) {
  CallFrames &t = tCallFrames;
  (void)frame;
  frame->live.clear();
  --t.depth;
  t.current = t.depth ? t.frames[t.depth - 1].get() : nullptr;
}
