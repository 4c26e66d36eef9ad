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

struct CUDAPipelineOptions : public PassPipelineOptions<CUDAPipelineOptions> {
  PassOptions::ListOption<std::string> chips{
      *this, "chips",
      llvm::cl::desc("The GPU architectures to compile for (one object each "
                     "in the gpu.binary)"),
      llvm::cl::list_init<std::string>({"sm_80", "sm_90"})};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of the innermost parallel dim"),
      llvm::cl::init(256)};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("gpu-module-to-binary format: isa (PTX, no toolkit "
                     "needed), bin (cubin, ptxas) or fatbin"),
      llvm::cl::init("isa")};
};

/// tnp IR -> GPU kernels for CUDA (first part: the device side):
///   1-3. as tnp-cpu-pipeline (tnp passes, linalg, fusion);
///   4. one-shot bufferization (as on the CPU);
///   5. linalg to parallel loops, the innermost parallel dim tiled by
///      `block-size` (no one-thread blocks), mapped to blocks and threads,
///      converted to gpu.launch and outlined into gpu.module kernels;
///   6. an NVVM target per chip, the kernels lowered to NVVM and serialized
///      (gpu-module-to-binary: one object per chip).
/// The host code stays at the memref/gpu.launch_func level: moving the
/// arrays to the device and lowering the host to LLVM come next (issue 8).
void buildTNPCUDAPipeline(OpPassManager &pm, const CUDAPipelineOptions &options);

/// Registers `tnp-cpu-pipeline` and `tnp-cuda-pipeline` (and the
/// contract-check passes they use).
void registerTNPPipelines();

} // namespace tnp
} // namespace mlir

#endif // TNP_PIPELINES_PIPELINES_H
