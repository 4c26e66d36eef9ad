//===- CPUPipeline.cpp - tnp-cpu-pipeline ---------------------------------===//
//
// Part of tnp. See Pipelines.h for the stages.
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "TNP/Transforms/Passes.h"
#include "tnp/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

using namespace mlir;

/// Appends an upstream pipeline given in MLIR's textual form. The text is a
/// constant of this file, so a parse failure is a bug of ours: it is reported
/// loudly (and the pipeline then fails to run) rather than skipped.
static void addUpstream(OpPassManager &pm, StringRef text) {
  // The textual names resolve through the global pass registry: make sure it
  // holds the upstream passes whichever tool builds the pipeline.
  static std::once_flag registered;
  std::call_once(registered, [] { registerAllPasses(); });
  std::string err;
  llvm::raw_string_ostream os(err);
  if (failed(parsePassPipeline(text, pm, os)))
    llvm::report_fatal_error(llvm::Twine("tnp: bad built-in pipeline '") + text +
                             "': " + os.str());
}

/// The dialects whose canonicalization patterns each stage's canonicalizers
/// use (tnp-canonicalize: the others are only folded).
static const std::vector<std::string> &tnpStageDialects() {
  static const std::vector<std::string> d = {"tnp", "arith", "tensor", "func"};
  return d;
}
static const std::vector<std::string> &tensorStageDialects() {
  static const std::vector<std::string> d = {
      "tnp", "linalg", "tensor", "arith", "math", "complex", "scf",
      "func", "bufferization", "cf", "affine", "ub", "index"};
  return d;
}
static const std::vector<std::string> &bufferStageDialects() {
  static const std::vector<std::string> d = {
      "memref", "bufferization", "linalg", "tensor", "arith", "math",
      "complex", "scf", "func", "cf", "affine", "ub", "index"};
  return d;
}

/// Appends an upstream pipeline that runs only on a module holding an op of
/// one of `dialects` (a conversion with nothing to convert still builds its
/// patterns and walks the module).
static void addUpstreamIf(OpPassManager &pm, ArrayRef<std::string> dialects,
                          StringRef text) {
  OpPassManager nested(ModuleOp::getOperationName());
  addUpstream(nested, text);
  pm.addPass(mlir::tnp::createTNPIfDialects(dialects, std::move(nested)));
}

/// Upstream's buffer-deallocation-pipeline (default options) with the
/// buffer stage's canonicalizer.
static void addBufferDeallocation(OpPassManager &pm) {
  auto canonicalize = [&] {
    pm.addNestedPass<func::FuncOp>(
        mlir::tnp::createTNPCanonicalize(bufferStageDialects()));
  };
  addUpstream(pm, "func.func(expand-realloc{emit-deallocs=0})");
  canonicalize();
  addUpstream(pm, "func.func(ownership-based-buffer-deallocation)");
  canonicalize();
  addUpstream(pm, "func.func(buffer-deallocation-simplification),"
                  "bufferization-lower-deallocations,func.func(cse)");
  canonicalize();
}

/// Stage 4 of the CPU pipeline: one-shot bufferization with identity-layout
/// function boundaries, deallocation, contract check. (The CUDA pipeline
/// splits it around its host-memory passes.)
static void addBufferization(OpPassManager &pm) {
  addUpstream(pm, "one-shot-bufferize{bufferize-function-boundaries=1 "
                  "function-boundary-type-conversion=identity-layout-map}");
  pm.addNestedPass<func::FuncOp>(mlir::tnp::createTNPForwardGuardedResults());
  pm.addPass(mlir::tnp::createTNPCanonicalize(bufferStageDialects()));
  addBufferDeallocation(pm);
  addUpstream(pm, "convert-bufferization-to-memref");
  pm.addPass(mlir::tnp::createTNPCanonicalize(bufferStageDialects()));
  pm.addPass(mlir::tnp::createTNPVerifyBufferContract());
  // Only loops of a module compiled with mask-chunks > 1 (tests of the
  // CUDA pipeline's form on the CPU).
  pm.addNestedPass<func::FuncOp>(mlir::tnp::createTNPParallelScatter());
}

/// Stage 5 of the CPU pipeline and the host half of the CUDA pipeline's last
/// stage: loops, memref, math, complex, func... to the LLVM dialect. With
/// `gpu`, gpu.alloc/dealloc/memcpy/launch_func become calls of the runtime's
/// mgpu* entry points (gpu-to-llvm).
static void addLLVMLowering(OpPassManager &pm, bool cInterface, bool gpu,
                            bool cleanup = true) {
  // The C-interface wrappers are requested before convert-math-to-libm
  // declares libm functions (func.func declarations that must keep their C
  // names).
  if (cInterface)
    addUpstream(pm, "func.func(llvm-request-c-wrappers)");
  if (gpu) {
    addUpstream(pm, "func.func(gpu-async-region)");
    pm.addNestedPass<func::FuncOp>(mlir::tnp::createTNPGPUManagedAllocs());
  }
  if (!gpu) {
    pm.addNestedPass<func::FuncOp>(mlir::tnp::createTNPCPUContiguousLoops());
    // Mask compaction's chunk loop (tnp-convert-to-linalg mask-chunks > 1).
    addUpstreamIf(pm, {"scf"}, "func.func(scf-forall-to-for)");
  }
  // The conversions of dialects a module may not hold run only when it
  // holds one of their ops.
  addUpstream(pm, "func.func(convert-linalg-to-loops)");
  addUpstreamIf(pm, {"affine"}, "lower-affine");
  addUpstream(pm, "convert-scf-to-cf");
  // math ops on f16/bf16 (floor, abs, copysign, ...) compute in f32: LLVM
  // would call __truncsfbf2, which Debian 12's libgcc lacks (DESIGN.md §8).
  addUpstreamIf(pm, {"math"},
                "func.func(math-extend-to-supported-types{target-type=f32})");
  addUpstream(pm, "arith-emulate-unsupported-floats{source-types=bf16 "
                  "target-type=f32},"
                  "func.func(arith-expand{include-bf16=1})");
  addUpstreamIf(pm, {"complex"}, "convert-complex-to-standard");
  addUpstream(pm, "expand-strided-metadata");
  addUpstreamIf(pm, {"affine"}, "lower-affine");
  // The runtime's allocator (MlirAbi.cpp), called with the alignment: the
  // buffer's pointer is the call's result, so LLVM sees where it comes from
  // (tnp-llvm-allocator-attrs).
  addUpstream(pm, "finalize-memref-to-llvm{use-generic-functions=1 "
                  "use-aligned-alloc=1}");
  // Math ops LLVM has intrinsics for first, the rest to libm calls.
  addUpstreamIf(pm, {"math"}, "convert-math-to-llvm");
  addUpstreamIf(pm, {"math"}, "convert-math-to-libm");
  addUpstreamIf(pm, {"complex"}, "convert-complex-to-llvm");
  addUpstream(pm, "convert-func-to-llvm,convert-arith-to-llvm");
  addUpstreamIf(pm, {"index"}, "convert-index-to-llvm");
  addUpstream(pm, "convert-cf-to-llvm");
  addUpstreamIf(pm, {"ub"}, "convert-ub-to-llvm");
  addUpstream(pm, std::string(gpu ? "gpu-to-llvm," : "") +
                      "reconcile-unrealized-casts");
  if (cleanup) {
    pm.addPass(mlir::tnp::createTNPCanonicalize(
        gpu ? std::vector<std::string>{"llvm", "gpu"}
            : std::vector<std::string>{"llvm"}));
    addUpstream(pm, "cse");
  }
  pm.addPass(mlir::tnp::createTNPLLVMAllocatorAttrs());
  pm.addPass(mlir::tnp::createTNPVerifyLLVMContract());
}

namespace {
/// The CUDA pipeline's contract after mapping to the GPU: every loop nest
/// over data became a kernel. A parallel loop left on the host (one the
/// mapping could not convert, e.g. a small reduction nest) would run on the
/// host over device memory: an error at its location instead.
struct VerifyGPUMappingContract
    : PassWrapper<VerifyGPUMappingContract, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(VerifyGPUMappingContract)
  StringRef getArgument() const final {
    return "tnp-verify-gpu-mapping-contract";
  }
  void runOnOperation() override {
    // One error per function: its first loop left on the host.
    bool bad = false;
    getOperation().walk([&](func::FuncOp f) {
      f.walk([&](scf::ParallelOp loop) {
        loop.emitError()
            << "tnp-cuda-pipeline contract: this loop was not mapped to the "
               "GPU (the pipeline maps elementwise kernels so far; reductions "
               "and contractions come next)";
        bad = true;
        return WalkResult::interrupt();
      });
    });
    if (bad)
      signalPassFailure();
  }
};

/// Fails the pipeline with a message at the module (a bad pipeline option).
struct ReportOptionError
    : PassWrapper<ReportOptionError, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ReportOptionError)
  explicit ReportOptionError(std::string message)
      : message(std::move(message)) {}
  void runOnOperation() override {
    getOperation().emitError(message);
    signalPassFailure();
  }
  std::string message;
};
} // namespace

void mlir::tnp::buildTNPCUDAPipeline(OpPassManager &pm,
                                     const CUDAPipelineOptions &options) {
  CPUPipelineOptions front;
  front.maskChunks = options.maskChunks;
  buildTNPCPUPipeline(pm, front, CPUPipelineStage::Linalg);
  pm.addNestedPass<func::FuncOp>(createTNPGPUFuseMultiUse());
  // Bufferization as on the CPU, but bufferization.dealloc is lowered only
  // after the host buffers became device buffers (its bookkeeping is host
  // memory).
  addUpstream(pm, "one-shot-bufferize{bufferize-function-boundaries=1 "
                  "function-boundary-type-conversion=identity-layout-map}");
  pm.addNestedPass<func::FuncOp>(mlir::tnp::createTNPForwardGuardedResults());
  // CSE first: a parallel_insert_slice of a slice computed in place becomes
  // a copy between two equal subviews, which CSE makes one and the
  // canonicalizer then drops (a copy left in a chunk loop would not map).
  addUpstream(pm, "cse,canonicalize");
  pm.addNestedPass<func::FuncOp>(createTNPGPUDeviceConstants());
  // buffer-deallocation-pipeline without its last step, lower-deallocations.
  addUpstream(pm, "ownership-based-buffer-deallocation,canonicalize,"
                  "buffer-deallocation-simplification,canonicalize");
  pm.addPass(mlir::tnp::createTNPVerifyBufferContract());
  pm.addNestedPass<func::FuncOp>(createTNPParallelScatter());
  pm.addNestedPass<func::FuncOp>(createTNPGPUFusedRows());
  pm.addNestedPass<func::FuncOp>(createTNPGPUStridedCopies());
  pm.addNestedPass<func::FuncOp>(createTNPGPUTiledContractions());
  pm.addNestedPass<func::FuncOp>(createTNPGPUWarpReductions());
  pm.addNestedPass<func::FuncOp>(createTNPGPUScalarKernels());
  // Tiles with a guard (no-min-max-bounds) rather than min/max bounds, so
  // that each thread loop has a constant trip count, the block size.
  // Mask compaction's chunk loop becomes a kernel like the others.
  addUpstream(pm, "func.func(scf-forall-to-parallel,"
                  "convert-linalg-to-parallel-loops)");
  pm.addNestedPass<func::FuncOp>(createTNPGPUCollapseLoops());
  addUpstream(pm, "func.func(scf-parallel-loop-tiling{no-min-max-bounds=1 "
                  "parallel-loop-tile-sizes=" +
                      std::to_string(static_cast<int64_t>(options.blockSize)) +
                      "}),"
                  "func.func(gpu-map-parallel-loops),"
                  "func.func(convert-parallel-loops-to-gpu),"
                  "gpu-launch-sink-index-computations,"
                  "gpu-kernel-outlining,lower-affine,canonicalize,cse");
  pm.addPass(std::make_unique<VerifyGPUMappingContract>());
  pm.addPass(createTNPGPUHostMemory());
  addUpstream(pm, "bufferization-lower-deallocations,cse,canonicalize,"
                  "convert-bufferization-to-memref");
  pm.addNestedPass<func::FuncOp>(createTNPGPUDeviceDeallocs());
  pm.addPass(createTNPGPUMergeModules());
  pm.addNestedPass<gpu::GPUModuleOp>(createTNPGPUAlignWorkgroupBuffers());
  // libdevice, when the toolkit has one: the kernels' math calls it.
  std::string libdevice = findLibdevice();
  std::string link = libdevice.empty() ? "" : " l=" + libdevice;
  std::string targets;
  for (const std::string &chip : options.chips)
    targets += "nvvm-attach-target{chip=" + chip + link + "},";
  addUpstream(pm, targets + "gpu.module(expand-strided-metadata,lower-affine,"
                  "convert-complex-to-standard,convert-scf-to-cf,"
                  "convert-gpu-to-nvvm),"
                  "gpu-module-to-binary{format=isa}");
  if (options.format == "fatbin")
    pm.addPass(createTNPGPUFatbin());
  else if (options.format != "isa")
    pm.addPass(std::make_unique<ReportOptionError>(
        "tnp-cuda-pipeline: format '" + options.format +
        "' is neither fatbin nor isa"));
  if (options.lowerHost)
    addLLVMLowering(pm, options.emitCInterface, /*gpu=*/true);
}

void mlir::tnp::buildTNPCPUPipeline(OpPassManager &pm,
                                    const CPUPipelineOptions &options,
                                    CPUPipelineStage last) {
  // 1. tnp level.
  pm.addPass(createTNPCanonicalize(tnpStageDialects()));
  pm.addPass(createTNPMakeCastsExplicit());
  pm.addPass(createTNPCanonicalize(tnpStageDialects()));
  pm.addPass(createTNPVerifyExplicitDTypes());
  if (last == CPUPipelineStage::Tnp)
    return;
  // 2. linalg on signless tensors.
  TNPConvertToLinalgOptions linalgOptions;
  linalgOptions.maskChunks = options.maskChunks;
  pm.addPass(createTNPConvertToLinalg(linalgOptions));
  pm.addPass(createTNPVerifyLinalgContract());
  // 3. fusion (the lowering reads dynamic sizes where they are defined, not
  // with tensor.dim of a result, which would count as a second use of a
  // producer and keep it from fusing).
  if (options.fuseElementwise) {
    addUpstream(pm, "func.func(linalg-fuse-elementwise-ops)");
    pm.addNestedPass<func::FuncOp>(createTNPFuseExtractedProducers());
  }
  pm.addPass(createTNPCanonicalize(tensorStageDialects()));
  addUpstream(pm, "cse");
  if (last == CPUPipelineStage::Linalg)
    return;
  // 4. buffers (run-time broadcasts versioned first: CPU only).
  pm.addNestedPass<func::FuncOp>(createTNPCPUVersionBroadcasts());
  addBufferization(pm);
  // 5. loops and LLVM.
  addLLVMLowering(pm, options.emitCInterface, /*gpu=*/false,
                  options.llvmCleanup);
}

void mlir::tnp::registerTNPPipelines() {
  registerTNPGPUPasses();
  registerTNPGPUKernelPasses();
  registerTNPGPUFusedRowsPass();
  registerTNPForwardGuardedResultsPass();
  registerTNPFuseExtractedProducersPass();
  registerTNPCPUVersionBroadcastsPass();
  registerTNPGPUFuseMultiUsePass();
  registerTNPParallelScatterPass();
  registerTNPLLVMAllocatorAttrsPass();
  registerTNPCPUContiguousLoopsPass();
  registerTNPCanonicalizePass();
  PassPipelineRegistration<CPUPipelineOptions>(
      "tnp-cpu-pipeline",
      "Lower tnp IR to the LLVM dialect for the host CPU (tnp-level "
      "canonicalization and explicit casts, linalg, fusion, bufferization, "
      "loops, LLVM), with a contract check after each stage",
      [](OpPassManager &pm, const CPUPipelineOptions &o) {
        buildTNPCPUPipeline(pm, o);
      });
  PassPipelineRegistration<CUDAPipelineOptions>(
      "tnp-cuda-pipeline",
      "Lower tnp IR to CUDA kernels (first part: device code): the CPU "
      "pipeline's tnp/linalg/fusion stages, bufferization, parallel loops "
      "tiled to blocks and threads, outlined gpu.module kernels, NVVM, and "
      "gpu-module-to-binary with one object per chip (PTX by default)",
      [](OpPassManager &pm, const CUDAPipelineOptions &o) {
        buildTNPCUDAPipeline(pm, o);
      });
}
