//===- Pipelines.h - tnp compilation pipelines ------------------*- C++ -*-===//
//
// Part of tnp. Pipelines are build...Pipeline functions registered once
// (STYLE.md rule 5): tnp-opt, the JIT, tnp-compile and tnp-run all call
// these; nobody assembles a pass list by hand in a tool.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_PIPELINES_PIPELINES_H
#define TNP_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
namespace tnp {

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<bool> fuseElementwise{
      *this, "fuse-elementwise",
      llvm::cl::desc("Fuse producer/consumer elementwise linalg ops"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> emitCInterface{
      *this, "emit-c-interface",
      llvm::cl::desc("Give every public function a _mlir_ciface_ wrapper "
                     "(the calling convention tools use)"),
      llvm::cl::init(true)};
};

/// tnp IR -> LLVM dialect for the host CPU:
///   1. tnp: canonicalize, tnp-make-casts-explicit, contract check;
///   2. tnp-convert-to-linalg (the early signless conversion, incl. function
///      signatures), contract check;
///   3. elementwise fusion, canonicalization;
///   4. one-shot bufferization with identity-layout function boundaries,
///      ownership-based deallocation, contract check (no tensors left);
///   5. loops, and the lowering of every dialect to LLVM with allocations
///      routed to the runtime (finalize-memref-to-llvm use-generic-functions),
///      contract check (only the llvm dialect left).
///
/// `last` stops after a stage (tnp-compile's --emit=mlir|linalg|llvm-mlir):
/// Tnp = stage 1, Linalg = stages 1-3, LLVM = all.
enum class CPUPipelineStage { Tnp, Linalg, LLVM };
void buildTNPCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options,
                         CPUPipelineStage last = CPUPipelineStage::LLVM);

/// Registers `tnp-cpu-pipeline` (and the contract-check passes it uses).
void registerTNPPipelines();

} // namespace tnp
} // namespace mlir

#endif // TNP_PIPELINES_PIPELINES_H
