//===- Eager.h - The eager kernel cache of the C++ API ----------*- C++ -*-===//
//
// Part of tnp (internal to lib/Frontend). Each eager operation is a tiny tnp
// function built with TNPBuilders.h over arguments whose dims are `?`
// except the dims of size 1 (the broadcast pattern), compiled once with the
// JIT and kept in a process-wide cache under a key of the operation, its
// attributes, the argument types and the promotion mode.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_FRONTEND_EAGER_H
#define TNP_LIB_FRONTEND_EAGER_H

#include "tnp/Array.h"

#include "TNP/IR/TNPBuilders.h"

#include "mlir/IR/Builders.h"

#include <functional>
#include <string>
#include <vector>

namespace tnp {
namespace detail {

/// Builds a kernel's body: the results of the operation on `args`, or a
/// semantics error (thrown as its tnp::Error).
using KernelBody = std::function<mlir::tnp::SemExpected<std::vector<mlir::Value>>(
    mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange args,
    const sem::PromotionOptions &o)>;

/// Runs the kernel `op` (the operation and its attributes, e.g.
/// "sum axes=[1] keepdims=0") on `inputs`, compiling it on first use.
std::vector<Array> runKernel(const std::string &op,
                             const std::vector<Array> &inputs,
                             const KernelBody &body);

/// One result.
Array runKernel1(const std::string &op, const std::vector<Array> &inputs,
                 const KernelBody &body);

/// Throws the tnp::Error of a semantics error.
[[noreturn]] void throwSemError(const sem::Error &e);

/// Rejects an empty Array handle.
void requireValid(const Array &a, const char *what);

} // namespace detail
} // namespace tnp

#endif // TNP_LIB_FRONTEND_EAGER_H
