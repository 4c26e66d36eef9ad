//===- CPUPipeline.cpp - tnp-cpu-pipeline ---------------------------------===//
//
// Part of tnp. See Pipelines.h for the stages.
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "TNP/Transforms/Passes.h"
#include "tnp/Conversion/Passes.h"

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

void mlir::tnp::buildTNPCPUPipeline(OpPassManager &pm,
                                    const CPUPipelineOptions &options,
                                    CPUPipelineStage last) {
  // 1. tnp level.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTNPMakeCastsExplicit());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTNPVerifyExplicitDTypes());
  if (last == CPUPipelineStage::Tnp)
    return;
  // 2. linalg on signless tensors.
  pm.addPass(createTNPConvertToLinalg());
  pm.addPass(createTNPVerifyLinalgContract());
  // 3. fusion.
  if (options.fuseElementwise)
    addUpstream(pm, "func.func(linalg-fuse-elementwise-ops)");
  addUpstream(pm, "canonicalize,cse");
  if (last == CPUPipelineStage::Linalg)
    return;
  // 4. buffers.
  addUpstream(pm, "one-shot-bufferize{bufferize-function-boundaries=1 "
                  "function-boundary-type-conversion=identity-layout-map},"
                  "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
                  "canonicalize");
  pm.addPass(createTNPVerifyBufferContract());
  // 5. loops and LLVM. The C-interface wrappers are requested before
  // convert-math-to-libm declares libm functions (func.func declarations
  // that must keep their C names).
  if (options.emitCInterface)
    addUpstream(pm, "func.func(llvm-request-c-wrappers)");
  addUpstream(pm, "func.func(convert-linalg-to-loops),lower-affine,"
                  "convert-scf-to-cf,"
                  // math ops on f16/bf16 (floor, abs, copysign, ...) compute
                  // in f32: LLVM would call __truncsfbf2, which Debian 12's
                  // libgcc lacks (DESIGN.md §8).
                  "func.func(math-extend-to-supported-types{target-type=f32}),"
                  "arith-emulate-unsupported-floats{source-types=bf16 "
                  "target-type=f32},"
                  "func.func(arith-expand{include-bf16=1}),"
                  "convert-complex-to-standard,"
                  "expand-strided-metadata,lower-affine,"
                  "finalize-memref-to-llvm{use-generic-functions=1},"
                  "convert-math-to-llvm,convert-math-to-libm,"
                  "convert-complex-to-llvm");
  addUpstream(pm, "convert-func-to-llvm,convert-arith-to-llvm,"
                  "convert-index-to-llvm,convert-cf-to-llvm,convert-ub-to-llvm,"
                  "reconcile-unrealized-casts,canonicalize,cse");
  pm.addPass(createTNPVerifyLLVMContract());
}

void mlir::tnp::registerTNPPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "tnp-cpu-pipeline",
      "Lower tnp IR to the LLVM dialect for the host CPU (tnp-level "
      "canonicalization and explicit casts, linalg, fusion, bufferization, "
      "loops, LLVM), with a contract check after each stage",
      [](OpPassManager &pm, const CPUPipelineOptions &o) {
        buildTNPCPUPipeline(pm, o);
      });
}
