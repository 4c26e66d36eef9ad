//===- Errors.h - tnp's C++ exceptions, one class per error kind -*- C++ -*-===//
//
// Part of tnp. The C++ face of the project's one error table
// (tnp-runtime/error_kinds.def): tnp::Error and one subclass per error kind
// (tnp::BroadcastError, tnp::DTypeError, ...), with the kind's runtime
// status code and NumPy's Python exception name. Header-only, no LLVM: the
// C++ embedding API and programs using AOT-compiled code throw these from
// runtime statuses with throwIfError().
//
//===----------------------------------------------------------------------===//

#ifndef TNP_ERRORS_H
#define TNP_ERRORS_H

#include "tnp-runtime/status.h"
#include "tnp/Semantics/DType.h"
#include "tnp/SourceLoc.h"

#include <stdexcept>
#include <string>

namespace tnp {

/// The base of every tnp error: a kind (tnp::sem::ErrorKind) and NumPy's
/// message. what() is "<kind> error: <message>", the diagnostic wording.
namespace detail {
/// "FILE:LINE" of the NumPy-named function this thread is running for its
/// caller (tnp/SourceLoc.h), or "" outside one.
inline std::string currentCallSite() {
  if (!gCallSite)
    return "";
  return std::string(gCallSite.file) + ":" + std::to_string(gCallSite.line);
}
} // namespace detail

class Error : public std::runtime_error {
public:
  /// `where` "": the call site of the running NumPy-named function, if any.
  Error(sem::ErrorKind kind, const std::string &message,
        const std::string &where = "")
      : Error(kind, message, where, where.empty() ? detail::currentCallSite()
                                                  : where) {}

  sem::ErrorKind kind() const { return kind_; }
  /// The message without the "<kind> error: " prefix (NumPy's).
  const std::string &message() const { return message_; }
  /// "FILE:LINE" of the user's call that raised it (a NumPy-named function
  /// called with its default SourceLoc), or "" (an operator, a method).
  const std::string &where() const { return where_; }
  /// The runtime status code of the kind (tnp-runtime/status.h).
  tnp_rt_status_code_t statusCode() const {
    return static_cast<tnp_rt_status_code_t>(kind_) + 1;
  }
  /// The exception NumPy raises for this kind ("ValueError", ...).
  std::string_view pythonException() const {
    return sem::errorKindPythonException(kind_);
  }

private:
  Error(sem::ErrorKind kind, const std::string &message, const std::string &,
        const std::string &where)
      : std::runtime_error(std::string(sem::errorKindName(kind)) +
                           " error: " + message +
                           (where.empty() ? "" : " [at " + where + "]")),
        kind_(kind), message_(message), where_(where) {}

  sem::ErrorKind kind_;
  std::string message_;
  std::string where_;
};

#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description)         \
  /** description */                                                           \
  class Cxx : public Error {                                                   \
  public:                                                                      \
    static constexpr sem::ErrorKind kKind = sem::ErrorKind::Enum;              \
    explicit Cxx(const std::string &message, const std::string &where = "")  \
        : Error(kKind, message, where) {}                                      \
  };
#include "tnp-runtime/error_kinds.def"

/// An error of the runtime that is not a user-level kind (out of memory, an
/// I/O failure, a bug, misuse of the API, a missing device).
class RuntimeError : public std::runtime_error {
public:
  RuntimeError(tnp_rt_status_code_t code, const std::string &message)
      : std::runtime_error(std::string(tnp_rt_status_code_name(code)) +
                           ": " + message),
        code_(code) {}
  tnp_rt_status_code_t statusCode() const { return code_; }

private:
  tnp_rt_status_code_t code_;
};

/// Throws the exception class of `kind` with `message` (and `where`, "":
/// the current call site).
[[noreturn]] inline void throwError(sem::ErrorKind kind,
                                    const std::string &message,
                                    const std::string &where = "") {
  switch (kind) {
#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description)         \
  case sem::ErrorKind::Enum:                                                   \
    throw Cxx(message, where);
#include "tnp-runtime/error_kinds.def"
  }
  throw Error(kind, message, where);
}

/// Takes `status` (frees it) and throws its exception; does nothing for OK.
inline void throwIfError(tnp_rt_status_t status) {
  if (!status)
    return;
  tnp_rt_status_code_t code = tnp_rt_status_code(status);
  std::string message = tnp_rt_status_message(status);
  tnp_rt_status_free(status);
  if (code >= 1 && code <= static_cast<tnp_rt_status_code_t>(sem::kNumErrorKinds))
    throwError(static_cast<sem::ErrorKind>(code - 1), message);
  throw RuntimeError(code, message);
}

} // namespace tnp

#endif // TNP_ERRORS_H
