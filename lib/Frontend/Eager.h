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

#include "tnp-runtime/call.h"
#include "tnp/JIT/JIT.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tnp {
namespace detail {

/// Builds a kernel's body: the results of the operation on `args`, or a
/// semantics error (thrown as its tnp::Error).
using KernelBody = std::function<mlir::tnp::SemExpected<std::vector<mlir::Value>>(
    mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange args,
    const sem::PromotionOptions &o)>;

/// A compiled function and its runtime signature.
struct Kernel {
  std::unique_ptr<mlir::ExecutionEngine> engine;
  void (*packed)(void **) = nullptr;
  std::vector<std::vector<int64_t>> dims;
  std::vector<tnp_rt_tensor_sig_t> tensors;
  tnp_rt_function_sig_t sig{};
  std::string name;
  /// Per result: whether its type is weak (#tnp.weak).
  std::vector<bool> weakResults;
};

/// The process's compiler context (every dialect loaded up front) and the
/// lock every IR construction in it holds (the context runs without its
/// own multithreading support).
mlir::MLIRContext &compilerContext();
std::recursive_mutex &compilerMutex();

/// Compiles `module` (one public function with a body) into a Kernel;
/// `name` names it in messages. Call with compilerMutex() held.
std::shared_ptr<Kernel> compileKernel(mlir::ModuleOp module,
                                      const std::string &name,
                                      const std::string &diagnostics = "",
                                      mlir::tnp::jit::CompileTimes *times = nullptr);

/// Calls a compiled kernel on concrete arrays.
std::vector<Array> callKernel(const Kernel &k, const std::vector<Array> &inputs);

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

/// Records `loc` as the user's call site of the NumPy-named function being
/// run on this thread, unless one is recorded already (the outermost call
/// is the user's) or `loc` is empty (an operator); forgets it on exit.
class CallSite {
public:
  explicit CallSite(SourceLoc loc);
  ~CallSite();
  CallSite(const CallSite &) = delete;
  CallSite &operator=(const CallSite &) = delete;
  /// The recorded call site (empty outside one).
  static SourceLoc current();

private:
  bool owner_ = false;
};

/// Rejects an empty Array handle.
void requireValid(const Array &a, const char *what);

} // namespace detail
} // namespace tnp

#endif // TNP_LIB_FRONTEND_EAGER_H
