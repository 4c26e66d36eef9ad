//===- Registration.h - What the compiling tools register -------*- C++ -*-===//
//
// Part of tnp. The dialects, extensions, translations and passes that
// tnp-run, tnp-compile (and the JIT) register, so that tnp-cpu-pipeline
// behaves the same in every tool.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_PIPELINES_REGISTRATION_H
#define TNP_PIPELINES_REGISTRATION_H

namespace mlir {
class DialectRegistry;
class MLIRContext;

namespace tnp {

/// Every upstream dialect and extension, tnp, every dialect translation to
/// LLVM IR and the NVVM target (gpu-module-to-binary).
void registerCompilerDialects(DialectRegistry &registry);

/// The global pass registry (buildTNPCPUPipeline names upstream passes by
/// their textual pipeline names).
void registerCompilerPasses();

/// Loads up front the dialects the pipeline creates ops of (from several
/// threads: lazy loading there is a race).
void loadCompilerDialects(MLIRContext &context);

} // namespace tnp
} // namespace mlir

#endif // TNP_PIPELINES_REGISTRATION_H
