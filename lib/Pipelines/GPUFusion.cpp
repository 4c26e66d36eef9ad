//===- GPUFusion.cpp - Elementwise producers fused into every consumer ----===//
//
// Part of tnp. tnp-gpu-fuse-multi-use, in tnp-cuda-pipeline after the CPU
// pipeline's fusion stage. Upstream's elementwise fusion (as the CPU
// pipeline runs it) fuses a producer only into its single consumer. A
// softmax's `e = exp(s - max)` has two, the row sum and the division, so
// `e` is written to memory and read back twice. A GPU kernel over such
// arrays is bound by memory, not arithmetic: computing `exp(s - max)` in
// both consumers instead reads `s` twice and writes nothing, two passes
// over the array fewer. This pass fuses an all-parallel producer into each
// of its consumers when every use of its results is an input of a
// linalg.generic, so that it disappears. The CPU pipeline does not: there a
// recomputed exp costs more than the memory it saves.
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace {

/// Whether every use of `producer`'s results is an input of a generic (each
/// fusion then removes one use, and the last one the producer).
bool onlyFeedsGenerics(Operation *producer) {
  for (OpOperand &use : producer->getUses()) {
    auto consumer = dyn_cast<linalg::GenericOp>(use.getOwner());
    if (!consumer || !consumer.isDpsInput(&use))
      return false;
  }
  return true;
}

struct GPUFuseMultiUse
    : PassWrapper<GPUFuseMultiUse, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(GPUFuseMultiUse)
  StringRef getArgument() const final { return "tnp-gpu-fuse-multi-use"; }
  StringRef getDescription() const final {
    return "Fuse elementwise linalg.generic producers into each of their "
           "consumers (recomputing them) when only generics use them, so "
           "that no intermediate array is written (GPU kernels are bound by "
           "memory)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect>();
  }
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *fused) {
          auto producer = fused->get().getDefiningOp<linalg::GenericOp>();
          return producer && onlyFeedsGenerics(producer);
        });
    // An optimization: not converging leaves correct, less fused IR.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};
} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPGPUFuseMultiUse() {
  return std::make_unique<GPUFuseMultiUse>();
}

void mlir::tnp::registerTNPGPUFuseMultiUsePass() {
  PassRegistration<GPUFuseMultiUse>();
}
