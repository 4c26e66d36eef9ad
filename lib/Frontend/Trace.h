//===- Trace.h - Tracing C++ functions into tnp functions -------*- C++ -*-===//
//
// Part of tnp (internal to lib/Frontend). While tnp::jit traces a function,
// the thread's current Trace receives every operation (runKernel hands it
// the kernel body instead of compiling): the body is applied to the values
// of the function being built, and the results are traced Arrays. Concrete
// Arrays used on the way become constants of the function.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_FRONTEND_TRACE_H
#define TNP_LIB_FRONTEND_TRACE_H

#include "Eager.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace tnp {

/// Reading the elements of a traced Array, e.g. to branch on them.
class TracingError : public UnsupportedError {
public:
  using UnsupportedError::UnsupportedError;
};

namespace detail {

class Trace;

/// A value of the function being traced.
struct Traced {
  mlir::Value value;
  /// The trace it belongs to; only compared (the trace may be gone when a
  /// traced Array escaped it), never dereferenced.
  const Trace *trace = nullptr;
  /// The jit site, for messages.
  std::shared_ptr<const std::string> site;
  Shape shape; ///< a dim that depends on the data is -1
  DType dtype = DType::Float64;
};

class Trace {
public:
  /// Starts tracing on this thread into the block `b` is at (ends at
  /// destruction). `site` names the jit'd function in messages.
  Trace(mlir::OpBuilder &b, mlir::Location loc, sem::PromotionOptions o,
        std::string site);
  ~Trace();
  Trace(const Trace &) = delete;
  Trace &operator=(const Trace &) = delete;

  /// The trace of this thread, or null.
  static Trace *current();

  /// The traced Array of `v` (an argument or a result of an operation).
  Array wrap(mlir::Value v);
  /// The value of `a` in the function: its traced value, or a constant of
  /// its elements (a concrete Array captured by the trace).
  mlir::Value valueOf(const Array &a);
  /// Applies a kernel body to `inputs`.
  std::vector<Array> apply(const std::string &op,
                           const std::vector<Array> &inputs,
                           const KernelBody &body);
  const std::string &site() const { return site_; }

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  sem::PromotionOptions options;
  std::string site_;
  std::shared_ptr<const std::string> siteRef;
  Trace *previous;
  llvm::DenseMap<const void *, mlir::Value> constants;
  std::vector<Array> keepAlive; // captured arrays outlive their constants
};

/// Throws a TracingError when `a` is traced: `what` reads its elements.
void rejectTraced(const Array &a, const char *what);

} // namespace detail
} // namespace tnp

#endif // TNP_LIB_FRONTEND_TRACE_H
