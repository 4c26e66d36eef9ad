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
  PassOptions::Option<bool> llvmCleanup{
      *this, "llvm-cleanup",
      llvm::cl::desc("Canonicalize and CSE the llvm dialect at the end (the "
                     "JIT, which hands the module to LLVM's optimizer at "
                     "once, turns this off)"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> maskChunks{
      *this, "mask-chunks",
      llvm::cl::desc("The most chunks a boolean mask is compacted in "
                     "(tnp-convert-to-linalg's option; 1: one sequential "
                     "loop, the CPU's best; more runs the CUDA pipeline's "
                     "parallel form on the CPU)"),
      llvm::cl::init(1)};
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
/// Each stage canonicalizes with the patterns of the dialects it can hold
/// (tnp-canonicalize), and the conversions of the math, complex, affine,
/// index and ub dialects run only on a module holding their ops: the
/// embedding API compiles a module per eager kernel, whose compile is
/// mostly the pipeline's fixed cost.
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
  PassOptions::Option<int64_t> maskChunks{
      *this, "mask-chunks",
      llvm::cl::desc("The most chunks a boolean mask is compacted in, one "
                     "thread each (tnp-convert-to-linalg's option)"),
      llvm::cl::init(4096)};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What each gpu.binary holds: fatbin (one fatbin with a "
                     "cubin per chip and the newest chip's PTX; needs the CUDA "
                     "toolkit's ptxas and fatbinary) or isa (one PTX object "
                     "per chip, no toolkit needed; the first one is loaded)"),
      llvm::cl::init("fatbin")};
  PassOptions::Option<bool> lowerHost{
      *this, "lower-host",
      llvm::cl::desc("Lower the host code to the LLVM dialect too (gpu-to-llvm "
                     "with the runtime's mgpu* entry points); off, the host "
                     "code stays at the memref/gpu.launch_func level"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> emitCInterface{
      *this, "emit-c-interface",
      llvm::cl::desc("Give every public function a _mlir_ciface_ wrapper "
                     "(the calling convention tools use)"),
      llvm::cl::init(true)};
};

/// tnp IR -> host code and CUDA kernels:
///   1-3. as tnp-cpu-pipeline (tnp passes, linalg, fusion);
///   4. one-shot bufferization; the host constants a function uses are
///      copied into buffers of their own before deallocation is planned;
///   5. tnp.scatter's element loops become parallel loops
///      (tnp-parallel-scatter), chains of row reductions of one input and
///      their consumers one warp-per-row kernel (tnp-gpu-fused-rows),
///      copies between strided views become
///      linalg.copy, and linalg ops
///      without loops (0-d) get a one-iteration loop; matmul-like
///      contractions become shared-memory tiled kernels
///      (tnp-gpu-tiled-contractions), reductions along the innermost dims
///      warp-per-output kernels (tnp-gpu-warp-reductions); the other
///      linalg ops to parallel
///      loops, each nest collapsed to one dim (a 1-D grid: CUDA caps grid
///      y and z at 65535) and tiled by `block-size` (no
///      one-thread blocks, a guard instead of min/max bounds), mapped to
///      blocks and threads, converted to gpu.launch and outlined into
///      gpu.module kernels; a loop left on the host is a located error;
///   6. host buffers become device buffers (gpu.alloc/dealloc/memcpy/clone);
///      host code that still reads or writes buffers (the 0-d results of
///      reductions the host branches on, such as a mask's count or an index
///      array's first bad entry) gets managed (host-shared) buffers,
///      arguments copied into such buffers;
///      a buffer whose allocation cannot be traced is a located error; then
///      bufferization.dealloc is lowered, its bookkeeping in host memory,
///      its frees of device buffers gpu.dealloc;
///   7. the module's kernels merged into one gpu.module; an NVVM target per
///      chip, the kernels lowered to NVVM and serialized
///      (gpu-module-to-binary to PTX), then, for format=fatbin, one fatbin
///      per gpu.binary (ptxas per chip, fatbinary);
///   8. unless lower-host=0: the host code to LLVM (gpu-async-region: one
///      stream per call, synchronized before host accesses and before
///      returning; managed allocations; gpu-to-llvm: the
///      runtime's mgpu* entry points), with the CPU pipeline's last stage.
/// Compiled functions take and return device (cuda:0) memrefs.
void buildTNPCUDAPipeline(OpPassManager &pm, const CUDAPipelineOptions &options);

/// The passes of the CUDA pipeline's host side (GPUPasses.cpp).
std::unique_ptr<Pass> createTNPGPUDeviceConstants();
std::unique_ptr<Pass> createTNPGPUStridedCopies();
std::unique_ptr<Pass> createTNPGPUScalarKernels();
std::unique_ptr<Pass> createTNPGPUCollapseLoops();
std::unique_ptr<Pass> createTNPGPUHostMemory();
std::unique_ptr<Pass> createTNPGPUDeviceDeallocs();
std::unique_ptr<Pass> createTNPGPUManagedAllocs();
std::unique_ptr<Pass> createTNPGPUMergeModules();
std::unique_ptr<Pass> createTNPGPUFatbin();
void registerTNPGPUPasses();

/// The hand-scheduled kernels (GPUKernels.cpp): tnp-gpu-tiled-contractions
/// (matmul-like linalg ops on buffers -> gpu.launch of a shared-memory tiled
/// kernel), tnp-gpu-warp-reductions (innermost-dim reductions -> one warp
/// per output), tnp-gpu-align-workgroup-buffers (16-byte workgroup buffers
/// and the tiled kernels' occupancy hint, after outlining).
std::unique_ptr<Pass> createTNPGPUTiledContractions();
std::unique_ptr<Pass> createTNPGPUWarpReductions();
std::unique_ptr<Pass> createTNPGPUAlignWorkgroupBuffers();
void registerTNPGPUKernelPasses();

/// tnp-gpu-fused-rows (GPURowFusion.cpp), before the other hand-scheduled
/// kernels: row reductions of one input, ops on their per-row results and
/// one elementwise consumer (softmax, layer normalization) -> one
/// warp-per-row gpu.launch that reads the input from memory once.
std::unique_ptr<Pass> createTNPGPUFusedRows();
void registerTNPGPUFusedRowsPass();

/// tnp-forward-guarded-results (GuardedResults.cpp), right after one-shot
/// bufferization: scf.if results of fresh buffers (a guarded op's result)
/// get the identity layout, and a function returns them without the
/// function-boundary copy.
std::unique_ptr<Pass> createTNPForwardGuardedResults();
void registerTNPForwardGuardedResultsPass();

/// tnp-fuse-extracted-producers (ExtractFusion.cpp), after upstream's
/// elementwise fusion: an elementwise generic whose result is only read with
/// tensor.extract in one other generic's body (the run-time broadcasting
/// form of a dynamic elementwise op) is computed there, at the read indices.
std::unique_ptr<Pass> createTNPFuseExtractedProducers();
void registerTNPFuseExtractedProducersPass();

/// tnp-cpu-version-broadcasts (BroadcastVersioning.cpp), on tensors before
/// bufferization: a generic reading operands at `i * step` (a run-time
/// broadcast) gets a copy, run when every step is 1, with contiguous reads
/// that LLVM vectorizes.
std::unique_ptr<Pass> createTNPCPUVersionBroadcasts();
void registerTNPCPUVersionBroadcastsPass();

/// tnp-gpu-fuse-multi-use (GPUFusion.cpp), in tnp-cuda-pipeline after the
/// fusion stage: an elementwise producer that only generics use is fused
/// into each of them (recomputed), so no intermediate array is written.
std::unique_ptr<Pass> createTNPGPUFuseMultiUse();
void registerTNPGPUFuseMultiUsePass();

/// tnp-parallel-scatter (ParallelScatter.cpp), after bufferization in both
/// pipelines (only mask-chunks > 1, the CUDA pipeline's default, marks the
/// loops): tnp.scatter's element loop (an scf.for with
/// tnp_scatter_loop) as parallel loops -- the last writer per element for
/// "set", atomic adds for "add" of f32/f64/i32/i64; other loops stay.
std::unique_ptr<Pass> createTNPParallelScatter();
void registerTNPParallelScatterPass();

/// tnp-llvm-allocator-attrs (AllocatorAttrs.cpp), after the lowering to the
/// llvm dialect: the runtime's allocation functions get the `noalias` result
/// (and `allocalign`) attributes, so LLVM knows fresh buffers alias nothing.
std::unique_ptr<Pass> createTNPLLVMAllocatorAttrs();
void registerTNPLLVMAllocatorAttrsPass();

/// tnp-cpu-contiguous-loops (LoopOrder.cpp), on buffers before
/// convert-linalg-to-loops: a reduction whose output's innermost dim is
/// contiguous in every operand using it gets that dim as its innermost loop
/// (a matmul runs i-k-j, a column sum row by row), so LLVM vectorizes it.
std::unique_ptr<Pass> createTNPCPUContiguousLoops();
void registerTNPCPUContiguousLoopsPass();

/// tnp-canonicalize{dialects=...} (StagePasses.cpp): upstream's canonicalizer
/// restricted to the patterns of the named dialects (the ones a stage of the
/// pipeline can hold: each canonicalizer run sorts its whole pattern set).
std::unique_ptr<Pass> createTNPCanonicalize(ArrayRef<std::string> dialects);
void registerTNPCanonicalizePass();
/// Runs `pipeline` (on the module) only when the module holds an op of one
/// of `dialects` (StagePasses.cpp).
std::unique_ptr<Pass> createTNPIfDialects(ArrayRef<std::string> dialects,
                                          OpPassManager pipeline);
/// The CUDA toolkit's libdevice.10.bc (searched in $CUDA_PATH, $CUDA_HOME,
/// $CUDA_ROOT, beside the ptxas on PATH, /usr/local/cuda), or "" when none
/// is found. The kernels' math functions (exp, log, sin...) link it.
std::string findLibdevice();

/// Registers `tnp-cpu-pipeline` and `tnp-cuda-pipeline` (and the
/// contract-check passes they use).
void registerTNPPipelines();

} // namespace tnp
} // namespace mlir

#endif // TNP_PIPELINES_PIPELINES_H
