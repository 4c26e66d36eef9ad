//===- ExtractFusion.cpp - Elementwise producers read with tensor.extract -===//
//
// Part of tnp. tnp-fuse-extracted-producers, after linalg-fuse-elementwise-
// ops. An elementwise op whose dynamic dims may broadcast at run time reads
// its operands with tensor.extract at indices computed in its body (`i *
// step`, step 0 along a broadcast dim; Elementwise.cpp), not through
// indexing maps, so upstream's fusion cannot fuse its producers into it.
// This pass does: where every use of an elementwise linalg.generic's result
// is a tensor.extract in the body of one other generic, each extract
// becomes the producer's body computed at the extracted indices (its own
// operands read with tensor.extract in turn), and the producer goes away.
// `x * 2.0 + y` with x and y of independent dynamic sizes is one loop then,
// as it is with static shapes.
//
// Like upstream's fusion, a producer read at repeated indices (a broadcast)
// is computed once per read.
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

namespace {

/// Whether `producer` computes each element of its one result from its
/// inputs at that element's index alone: all loops parallel, the result
/// written through the identity map and never read, inputs read through
/// maps of dims and constants, a body of memory-effect-free ops with no
/// linalg.index
/// below its top level.
bool isInlinableElementwise(linalg::GenericOp producer) {
  if (producer->getNumResults() != 1 || producer.getNumDpsInits() != 1 ||
      !producer.hasPureTensorSemantics() ||
      producer.getNumParallelLoops() != producer.getNumLoops())
    return false;
  OpOperand *init = producer.getDpsInitOperand(0);
  if (!producer.getMatchingIndexingMap(init).isIdentity() ||
      !producer.getMatchingBlockArgument(init).use_empty())
    return false;
  for (OpOperand *in : producer.getDpsInputOperands()) {
    AffineMap map = producer.getMatchingIndexingMap(in);
    if (map.getNumSymbols() != 0 ||
        !llvm::all_of(map.getResults(), [](AffineExpr e) {
          return isa<AffineDimExpr, AffineConstantExpr>(e);
        }))
      return false;
  }
  Block &body = producer.getRegion().front();
  for (Operation &op : body.without_terminator()) {
    // Speculation does not matter: each op still runs once per element
    // read, where the read is.
    if (!isMemoryEffectFree(&op))
      return false;
    if (op.getNumRegions() != 0) {
      bool nestedIndex = false;
      op.walk([&](linalg::IndexOp) { nestedIndex = true; });
      if (nestedIndex)
        return false;
    }
  }
  return true;
}

struct InlineProducerAtExtract : OpRewritePattern<tensor::ExtractOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::ExtractOp extract,
                                PatternRewriter &rewriter) const override {
    auto consumer = extract->getParentOfType<linalg::GenericOp>();
    auto producer = extract.getTensor().getDefiningOp<linalg::GenericOp>();
    if (!consumer || !producer || !isInlinableElementwise(producer))
      return rewriter.notifyMatchFailure(extract, "not an inlinable read");
    // Every use is such a read in the same consumer: the producer then goes
    // away, and nothing is computed twice but what a broadcast repeats.
    for (Operation *user : producer->getResult(0).getUsers())
      if (!isa<tensor::ExtractOp>(user) ||
          user->getParentOfType<linalg::GenericOp>() != consumer)
        return rewriter.notifyMatchFailure(extract, "producer used elsewhere");
    if (static_cast<int64_t>(extract.getIndices().size()) !=
        producer.getNumLoops())
      return failure();

    Location loc = extract.getLoc();
    ValueRange indices = extract.getIndices();
    IRMapping mapping;
    for (OpOperand *in : producer.getDpsInputOperands()) {
      BlockArgument arg = producer.getMatchingBlockArgument(in);
      Value source = in->get();
      if (!isa<RankedTensorType>(source.getType())) {
        mapping.map(arg, source); // a scalar operand
        continue;
      }
      SmallVector<Value> at;
      for (AffineExpr e : producer.getMatchingIndexingMap(in).getResults()) {
        if (auto d = dyn_cast<AffineDimExpr>(e))
          at.push_back(indices[d.getPosition()]);
        else
          at.push_back(arith::ConstantIndexOp::create(
              rewriter, loc, cast<AffineConstantExpr>(e).getValue()));
      }
      mapping.map(arg, tensor::ExtractOp::create(rewriter, loc, source, at));
    }
    Block &body = producer.getRegion().front();
    for (Operation &op : body.without_terminator()) {
      if (auto index = dyn_cast<linalg::IndexOp>(op)) {
        mapping.map(index.getResult(), indices[index.getDim()]);
        continue;
      }
      rewriter.clone(op, mapping);
    }
    rewriter.replaceOp(extract, mapping.lookupOrDefault(
                                    body.getTerminator()->getOperand(0)));
    // The last read gone, the producer goes too: its own reads of another
    // generic would otherwise keep that one from fusing (a chain of
    // run-time broadcasts fuses level by level).
    if (producer->use_empty())
      rewriter.eraseOp(producer);
    return success();
  }
};

struct FuseExtractedProducers
    : PassWrapper<FuseExtractedProducers, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FuseExtractedProducers)
  StringRef getArgument() const final {
    return "tnp-fuse-extracted-producers";
  }
  StringRef getDescription() const final {
    return "Fuse elementwise linalg.generic ops into the generics that read "
           "them with tensor.extract (the run-time broadcasting form of "
           "dynamic elementwise ops)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, linalg::LinalgDialect,
                    tensor::TensorDialect>();
  }
  void runOnOperation() override {
    // The candidates: reads of a generic's result in a generic's body (most
    // functions have none, and pay only this walk).
    SmallVector<Operation *> reads;
    getOperation().walk([&](tensor::ExtractOp extract) {
      if (extract.getTensor().getDefiningOp<linalg::GenericOp>() &&
          extract->getParentOfType<linalg::GenericOp>())
        reads.push_back(extract);
    });
    if (reads.empty())
      return;
    RewritePatternSet patterns(&getContext());
    patterns.add<InlineProducerAtExtract>(&getContext());
    // The reads the rewrites create are candidates too. Each rewrite
    // removes a read of a generic, so this converges; the result is only
    // an optimization either way.
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    (void)applyOpPatternsGreedily(reads, std::move(patterns), config);
  }
};
} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPFuseExtractedProducers() {
  return std::make_unique<FuseExtractedProducers>();
}

void mlir::tnp::registerTNPFuseExtractedProducersPass() {
  PassRegistration<FuseExtractedProducers>();
}
