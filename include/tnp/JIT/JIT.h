//===- JIT.h - Compiling tnp modules in process ------------------*- C++ -*-===//
//
// Part of tnp. The in-process compiler of tnp-run and the C++ embedding
// API: a tnp module lowered with tnp-cpu-pipeline and JIT-compiled for the
// host CPU by MLIR's ExecutionEngine, with the runtime's symbols bound.
// Compiled functions are called through their packed wrappers with
// tnp_rt_call (tnp-runtime/call.h), as AOT code is.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_JIT_JIT_H
#define TNP_JIT_JIT_H

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace mlir {
namespace tnp {
namespace jit {

/// Lowers `module` in place with tnp-cpu-pipeline (diagnostics through the
/// context's handler) and JIT-compiles it for the host CPU and its features
/// at `optLevel` (0-3), with the runtime's symbols bound. Errors: the
/// pipeline failed, no host target, the engine could not be created.
llvm::Expected<std::unique_ptr<ExecutionEngine>>
compileModule(ModuleOp module, unsigned optLevel);

/// The packed wrapper of `name`'s C interface (`_mlir_ciface_<name>`): what
/// tnp_rt_call takes. The first lookup links the module (an unresolved
/// symbol is reported here) and then runs its global constructors.
llvm::Expected<void (*)(void **)> lookupPacked(ExecutionEngine &engine,
                                               llvm::StringRef name);

} // namespace jit
} // namespace tnp
} // namespace mlir

#endif // TNP_JIT_JIT_H
