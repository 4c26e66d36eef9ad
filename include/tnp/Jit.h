//===- Jit.h - tnp::jit: tracing C++ functions over Arrays -------*- C++ -*-===//
//
// Part of tnp. `tnp::jit(f)` traces a C++ callable over tnp::Arrays into one
// tnp function, compiles it once per signature (the arguments' dtypes and
// shapes, and the promotion mode; the device is the host CPU) and calls the
// compiled code afterwards:
//
//   auto predict = tnp::jit([](const tnp::Array &x, const tnp::Array &w) {
//     return tnp::maximum(tnp::matmul(x, w), 0);
//   });
//   tnp::Array y = predict(x, w);        // traces and compiles
//   tnp::Array z = predict(x2, w);       // same signature: the cached code
//   std::string text = predict.mlir(x, w); // the traced function (.mlir),
//                                          // the input of tnp-compile
//
// During tracing the arguments are traced Arrays: they have a dtype and a
// shape but no elements, so code that reads them (item(), toVector(),
// printing, converting to a C++ value to branch on) throws a
// tnp::TracingError naming the jit site, never a silent constant. Concrete
// Arrays the function uses (weights, random draws, literals) become
// constants of the compiled function: they are captured once, at trace
// time, weak if they are (TF's WeakTensor), so the trace promotes like eager
// code. The callable must return an Array or a std::vector<Array>.
//
// Errors raised while tracing keep NumPy's message, add "(while tracing the
// tnp::jit function of FILE:LINE)" and, for a NumPy-named function (e.g.
// tnp::matmul, not an operator), say the line of that call in
// Error::where() (tnp/SourceLoc.h); the traced operations carry that line
// as their MLIR location.
//
// Threading: a jit'd function may be called from several threads; tracing
// and compiling are serialized.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_JIT_H
#define TNP_JIT_H

#include "tnp/Array.h"

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tnp {

/// Counters of one jit'd function.
struct JitStats {
  uint64_t traces = 0; ///< signatures traced and compiled (cache misses)
  uint64_t hits = 0;   ///< calls that ran an already compiled signature
  /// Seconds spent on the last signature compiled: tracing (building the
  /// tnp function), tnp-cpu-pipeline, and LLVM (translation, optimization,
  /// code generation).
  double traceSeconds = 0, passesSeconds = 0, llvmSeconds = 0;
  /// The parts of llvmSeconds: translation to LLVM IR and optimization
  /// (O2), then code generation and linking.
  double llvmOptimizeSeconds = 0, llvmCodegenSeconds = 0;
};

namespace detail {
using TraceFn = std::function<std::vector<Array>(const std::vector<Array> &)>;

/// The non-template part of a jit'd function: its compiled signatures.
class JitCore {
public:
  JitCore(const char *file, int line);
  std::vector<Array> call(const std::vector<Array> &args,
                          const TraceFn &fn) const;
  std::string mlir(const std::vector<Array> &args, const TraceFn &fn,
                   const std::string &name) const;
  JitStats stats() const;

private:
  struct State;
  std::shared_ptr<State> state;
};
} // namespace detail

/// A jit'd callable (see the file comment).
template <typename F> class JitFunction {
public:
  JitFunction(F f, const char *file, int line)
      : f(std::move(f)), core(file, line) {}

  template <typename... A> auto operator()(const A &...args) const {
    using R = std::invoke_result_t<const F &, const A &...>;
    std::vector<Array> results =
        core.call({Array(args)...}, traceFn<A...>());
    if constexpr (std::is_same_v<R, Array>)
      return results.front();
    else
      return results;
  }

  /// The traced function for arguments like `args`, as .mlir text (one
  /// public function `name`, the module's promotion mode recorded).
  template <typename... A> std::string mlir(const A &...args) const {
    return mlirNamed("main", args...);
  }
  template <typename... A>
  std::string mlirNamed(const std::string &name, const A &...args) const {
    return core.mlir({Array(args)...}, traceFn<A...>(), name);
  }

  JitStats stats() const { return core.stats(); }

private:
  template <typename... A> detail::TraceFn traceFn() const {
    return [this](const std::vector<Array> &in) -> std::vector<Array> {
      return invoke(in, std::index_sequence_for<A...>{});
    };
  }
  template <size_t... I>
  std::vector<Array> invoke(const std::vector<Array> &in,
                            std::index_sequence<I...>) const {
    using R = decltype(f(in[I]...));
    if constexpr (std::is_same_v<R, Array>)
      return {f(in[I]...)};
    else
      return f(in[I]...);
  }

  F f;
  detail::JitCore core;
};

/// Makes a jit'd function of `f`; the call site names it in messages.
template <typename F>
JitFunction<F> jit(F f, const char *file = __builtin_FILE(),
                   int line = __builtin_LINE()) {
  return JitFunction<F>(std::move(f), file, line);
}

} // namespace tnp

#endif // TNP_JIT_H
