//===- Status.cpp - Status values and the sticky per-thread error ---------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "tnp/Semantics/DType.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using tnp::sem::ErrorKind;

// The status codes of the error kinds are ErrorKind + 1 (status.h): check the
// numbering against the semantics library at compile time.
#define TNP_RT_CHECK_KIND(KIND, CODE)                                          \
  static_assert(static_cast<int>(ErrorKind::KIND) + 1 == (CODE),               \
                "status code of ErrorKind::" #KIND " out of sync")
TNP_RT_CHECK_KIND(Broadcast, TNP_RT_STATUS_BROADCAST);
TNP_RT_CHECK_KIND(DType, TNP_RT_STATUS_DTYPE);
TNP_RT_CHECK_KIND(Index, TNP_RT_STATUS_INDEX);
TNP_RT_CHECK_KIND(Axis, TNP_RT_STATUS_AXIS);
TNP_RT_CHECK_KIND(Shape, TNP_RT_STATUS_SHAPE);
TNP_RT_CHECK_KIND(Reduction, TNP_RT_STATUS_REDUCTION);
TNP_RT_CHECK_KIND(Value, TNP_RT_STATUS_VALUE);
TNP_RT_CHECK_KIND(Overflow, TNP_RT_STATUS_OVERFLOW);
TNP_RT_CHECK_KIND(Mutation, TNP_RT_STATUS_MUTATION);
TNP_RT_CHECK_KIND(Unsupported, TNP_RT_STATUS_UNSUPPORTED);
static_assert(tnp::sem::kNumErrorKinds + 1 == TNP_RT_STATUS_OUT_OF_MEMORY,
              "a new ErrorKind needs a status code before the runtime's own");
#undef TNP_RT_CHECK_KIND

/// One allocation: the struct followed by the NUL-terminated message.
struct tnp_rt_status_s {
  tnp_rt_status_code_t code;
  const char *message;
};

namespace {

/// Returned when a status cannot be allocated; never freed.
tnp_rt_status_s outOfMemoryStatus = {
    TNP_RT_STATUS_OUT_OF_MEMORY, "out of memory (while reporting an error)"};

const char *const kCodeNames[TNP_RT_STATUS_CODE_COUNT] = {
    "ok",
#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description) name,
#include "tnp-runtime/error_kinds.def"
    "out_of_memory", "io", "internal", "invalid_argument", "unavailable",
};

tnp_rt_status_t allocateStatus(tnp_rt_status_code_t code, const char *msg,
                               size_t len) {
  void *mem = std::malloc(sizeof(tnp_rt_status_s) + len + 1);
  if (!mem)
    return &outOfMemoryStatus;
  auto *status = static_cast<tnp_rt_status_s *>(mem);
  char *text = reinterpret_cast<char *>(status + 1);
  if (len)
    std::memcpy(text, msg, len);
  text[len] = '\0';
  status->code = code;
  status->message = text;
  return status;
}

//===----------------------------------------------------------------------===//
// The sticky error slot
//===----------------------------------------------------------------------===//

/// Kept trivially destructible (a fixed buffer, no std::string) so that a
/// raise from a thread that is exiting, or during static destruction, is safe
/// and never allocates. Messages longer than the buffer are truncated.
struct StickyError {
  int32_t code;
  char message[512];
};

thread_local StickyError stickyError = {0, {0}};

} // namespace

namespace tnp {
namespace rt {

tnp_rt_status_t makeStatus(tnp_rt_status_code_t code, const std::string &msg) {
  if (code == TNP_RT_STATUS_OK)
    return nullptr;
  return allocateStatus(code, msg.data(), msg.size());
}

tnp_rt_status_t nullArgument(const char *function, const char *what) {
  return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                               "%s: %s is NULL", function, what);
}

} // namespace rt
} // namespace tnp

extern "C" {

tnp_rt_status_t tnp_rt_status_create(tnp_rt_status_code_t code,
                                     const char *message) {
  if (code == TNP_RT_STATUS_OK)
    return nullptr;
  if (!message)
    message = "";
  return allocateStatus(code, message, std::strlen(message));
}

tnp_rt_status_t tnp_rt_status_createf(tnp_rt_status_code_t code,
                                      const char *format, ...) {
  if (code == TNP_RT_STATUS_OK)
    return nullptr;
  if (!format)
    return tnp_rt_status_create(code, "");
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  int len = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (len < 0) {
    va_end(args);
    return tnp_rt_status_create(code, format);
  }
  void *mem = std::malloc(sizeof(tnp_rt_status_s) + size_t(len) + 1);
  if (!mem) {
    va_end(args);
    return &outOfMemoryStatus;
  }
  auto *status = static_cast<tnp_rt_status_s *>(mem);
  char *text = reinterpret_cast<char *>(status + 1);
  std::vsnprintf(text, size_t(len) + 1, format, args);
  va_end(args);
  status->code = code;
  status->message = text;
  return status;
}

void tnp_rt_status_free(tnp_rt_status_t status) {
  if (!status || status == &outOfMemoryStatus)
    return;
  std::free(status);
}

bool tnp_rt_status_is_ok(tnp_rt_status_t status) { return status == nullptr; }

tnp_rt_status_code_t tnp_rt_status_code(tnp_rt_status_t status) {
  return status ? status->code : TNP_RT_STATUS_OK;
}

const char *tnp_rt_status_message(tnp_rt_status_t status) {
  return status ? status->message : "";
}

const char *tnp_rt_status_code_name(tnp_rt_status_code_t code) {
  int index = static_cast<int>(code);
  if (index < 0 || index >= TNP_RT_STATUS_CODE_COUNT)
    return "unknown";
  return kCodeNames[index];
}

bool tnp_rt_status_code_from_name(const char *name,
                                  tnp_rt_status_code_t *out_code) {
  if (!name)
    return false;
  for (int i = 0; i < TNP_RT_STATUS_CODE_COUNT; ++i) {
    if (std::strcmp(name, kCodeNames[i]) == 0) {
      if (out_code)
        *out_code = static_cast<tnp_rt_status_code_t>(i);
      return true;
    }
  }
  return false;
}

void tnp_rt_error_raise(int32_t code, const char *message) {
  StickyError &slot = stickyError;
  if (slot.code != 0)
    return; // keep the first error
  if (!message)
    message = "";
  if (code <= 0 || code >= TNP_RT_STATUS_CODE_COUNT) {
    std::snprintf(slot.message, sizeof(slot.message),
                  "compiled code raised an error with invalid code %d: %s",
                  static_cast<int>(code), message);
    slot.code = TNP_RT_STATUS_INTERNAL;
    return;
  }
  std::snprintf(slot.message, sizeof(slot.message), "%s", message);
  slot.code = code;
}

void tnp_rt_error_raise_fmt(int32_t code, const char *format,
                            const int64_t *args, int32_t nargs) {
  if (stickyError.code != 0)
    return; // keep the first error (and skip the formatting)
  if (!format)
    format = "";
  if (!args || nargs < 0)
    nargs = 0;
  std::string out;
  int32_t next = 0;
  auto take = [&](int64_t &v) {
    if (next >= nargs)
      return false;
    v = args[next++];
    return true;
  };
  auto appendShape = [&]() {
    int64_t rank;
    if (!take(rank) || rank < 0) {
      out += "?";
      return;
    }
    out += "(";
    for (int64_t i = 0; i < rank; ++i) {
      int64_t d;
      if (i)
        out += ",";
      if (!take(d))
        out += "?";
      else if (d == -1)
        out += "newaxis";
      else
        out += std::to_string(d);
    }
    if (rank == 1)
      out += ",";
    out += ")";
  };
  for (const char *p = format; *p;) {
    if (std::strncmp(p, "{}", 2) == 0) {
      int64_t v;
      out += take(v) ? std::to_string(v) : std::string("?");
      p += 2;
    } else if (std::strncmp(p, "{s}", 3) == 0) {
      appendShape();
      p += 3;
    } else if (std::strncmp(p, "{S}", 3) == 0) {
      int64_t n;
      if (!take(n) || n < 0) {
        out += "?";
      } else {
        for (int64_t i = 0; i < n; ++i) {
          if (i)
            out += " ";
          appendShape();
        }
      }
      p += 3;
    } else {
      out += *p++;
    }
  }
  tnp_rt_error_raise(code, out.c_str());
}

tnp_rt_status_t tnp_rt_error_take(void) {
  StickyError &slot = stickyError;
  if (slot.code == 0)
    return nullptr;
  tnp_rt_status_t status = tnp_rt_status_create(
      static_cast<tnp_rt_status_code_t>(slot.code), slot.message);
  slot.code = 0;
  slot.message[0] = '\0';
  return status;
}

int32_t tnp_rt_error_peek_code(void) { return stickyError.code; }

} // extern "C"
