//===- tnp/SourceLoc.h - Where a tnp function was called from ----*- C++ -*-===//
//
// Part of tnp. The project is C++17 and Debian 12's clang lacks
// std::source_location; clang's and GCC's __builtin_FILE/__builtin_LINE, as
// default arguments, give the caller's file and line the same way.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_SOURCELOC_H
#define TNP_SOURCELOC_H

namespace tnp {

/// A file and line of the caller's source. The NumPy-named functions take
/// one as their last, defaulted parameter (`SourceLoc::current()`, the call
/// site): an error they raise says where (`Error::where()`, and `what()`
/// ends with " [at FILE:LINE]"), and in a tnp::jit trace the operation gets
/// that location. Operators cannot take one: their errors name no line (use
/// the named function, e.g. tnp::add, to get it).
struct SourceLoc {
  const char *file = nullptr;
  unsigned line = 0;

  static constexpr SourceLoc current(const char *file = __builtin_FILE(),
                                     unsigned line = __builtin_LINE()) {
    return SourceLoc{file, line};
  }
  explicit operator bool() const { return file != nullptr; }
};

namespace detail {
/// The user's call site of the NumPy-named function running on this thread
/// (set by the library around each call; empty outside one).
inline thread_local SourceLoc gCallSite;
} // namespace detail

} // namespace tnp

#endif // TNP_SOURCELOC_H
