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
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace mlir {
namespace tnp {
namespace jit {

/// Where compile time goes (seconds), for benchmarks.
struct CompileTimes {
  double passes = 0; ///< tnp-cpu-pipeline
  double llvm = 0;   ///< translation to LLVM IR, optimization, codegen, link
  /// The parts of `llvm`: translation to LLVM IR and its optimization
  /// (compileModule), and code generation and linking (the first
  /// lookupPacked).
  double llvmOptimize = 0, llvmCodegen = 0;
};

/// The lowering pipelines of one MLIRContext, built at the first compile
/// and reused by the next ones: building tnp-cpu-pipeline and initializing
/// its passes (their frozen pattern sets) is several percent of a small
/// module's whole compile. Not thread-safe: one compile at a time per cache
/// (the embedding API compiles under its compiler lock). A module of
/// another context makes it rebuild its pipelines for that context; it must
/// not outlive a context it was used with.
class PipelineCache {
public:
  PipelineCache();
  ~PipelineCache();
  PipelineCache(const PipelineCache &) = delete;
  PipelineCache &operator=(const PipelineCache &) = delete;

  /// tnp-cpu-pipeline (or tnp-cuda-pipeline) for `context`, without the
  /// per-pass verifier (compileModule verifies once at the end).
  PassManager &get(MLIRContext *context, bool cuda);

private:
  MLIRContext *context = nullptr;
  std::unique_ptr<PassManager> pipelines[2];
};

/// Lowers `module` in place with tnp-cpu-pipeline (diagnostics through the
/// context's handler) and JIT-compiles it for the host CPU and its features
/// at `optLevel` (0-3), with the runtime's symbols bound. Errors: the
/// pipeline failed, no host target, the engine could not be created.
/// `times` (optional) receives the pipeline's time and adds the engine's.
/// With `cuda`, tnp-cuda-pipeline instead: the functions run on cuda:0
/// (call them with tnp_rt_call_on; the kernels' module is loaded by the
/// engine's constructors, at the first lookup). With `pipelines`, the
/// pipeline comes from that cache; without, it is built for this call.
llvm::Expected<std::unique_ptr<ExecutionEngine>>
compileModule(ModuleOp module, unsigned optLevel,
              CompileTimes *times = nullptr, bool cuda = false,
              PipelineCache *pipelines = nullptr);

/// The packed wrapper of `name`'s C interface (`_mlir_ciface_<name>`): what
/// tnp_rt_call takes. The first lookup links the module (an unresolved
/// symbol is reported here; the ORC JIT generates code here) and then runs
/// its global constructors. `times` (optional) gets this time added to
/// `llvm`.
llvm::Expected<void (*)(void **)> lookupPacked(ExecutionEngine &engine,
                                               llvm::StringRef name,
                                               CompileTimes *times = nullptr);

} // namespace jit
} // namespace tnp
} // namespace mlir

#endif // TNP_JIT_JIT_H
