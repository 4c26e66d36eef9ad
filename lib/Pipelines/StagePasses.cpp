//===- StagePasses.cpp - Canonicalization and gating by dialect -----------===//
//
// Part of tnp. Two passes that make tnp-cpu-pipeline's fixed cost per module
// smaller (the embedding API compiles a module per eager kernel and per
// jit signature, so a small module's compile is mostly that fixed cost):
//
// tnp-canonicalize{dialects=...}: the canonicalizer with the patterns of the
//   named dialects only. Upstream's canonicalizer collects the patterns of
//   every loaded dialect (about a dozen up front, more as passes load
//   theirs), and each run sorts them all for its pattern applicator whatever
//   the module holds: nine canonicalizers spent a third of a small module's
//   pipeline on that. At each stage of the pipeline only a few dialects can
//   be present; ops of others are still folded, only their patterns are not
//   tried.
//
// tnp-if-dialects: runs a nested pipeline only when the module holds an op
//   of one of the named dialects (convert-complex-to-llvm on a module
//   without complex ops builds its patterns and converts nothing).
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace {

struct CanonicalizeDialects
    : PassWrapper<CanonicalizeDialects, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CanonicalizeDialects)

  CanonicalizeDialects() = default;
  // The pass manager clones initialized passes for its threads: the clone
  // shares the frozen patterns.
  CanonicalizeDialects(const CanonicalizeDialects &other)
      : PassWrapper(other), patterns(other.patterns) {}
  explicit CanonicalizeDialects(ArrayRef<std::string> names) {
    dialects = names;
  }

  StringRef getArgument() const final { return "tnp-canonicalize"; }
  StringRef getDescription() const final {
    return "Canonicalize with the patterns of the named dialects only (as "
           "upstream's canonicalize: top-down, normal region simplification)";
  }

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet set(context);
    auto wanted = [&](StringRef ns) {
      return llvm::is_contained(dialects, ns);
    };
    for (Dialect *dialect : context->getLoadedDialects())
      if (wanted(dialect->getNamespace()))
        dialect->getCanonicalizationPatterns(set);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      if (wanted(op.getDialectNamespace()))
        op.getCanonicalizationPatterns(set, context);
    patterns = std::make_shared<FrozenRewritePatternSet>(std::move(set));
    return success();
  }

  void runOnOperation() override {
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    // Like upstream's canonicalize, not converging within its iterations
    // is not an error.
    (void)applyPatternsGreedily(getOperation(), *patterns, config);
  }

  ListOption<std::string> dialects{
      *this, "dialects",
      llvm::cl::desc("The dialects whose canonicalization patterns apply")};
  std::shared_ptr<const FrozenRewritePatternSet> patterns;
};

struct IfDialects : PassWrapper<IfDialects, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(IfDialects)

  IfDialects(ArrayRef<std::string> names, OpPassManager nested)
      : dialects(llvm::to_vector(names)), nested(std::move(nested)) {}
  IfDialects(const IfDialects &other)
      : PassWrapper(other), dialects(other.dialects), nested(other.nested) {}

  StringRef getArgument() const final { return "tnp-if-dialects"; }
  StringRef getDescription() const final {
    return "Run a nested pipeline only on a module holding an op of one of "
           "the named dialects";
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    nested.getDependentDialects(registry);
  }

  void runOnOperation() override {
    bool present = getOperation()
                       ->walk([&](Operation *op) {
                         return llvm::is_contained(
                                    dialects, op->getName().getDialectNamespace())
                                    ? WalkResult::interrupt()
                                    : WalkResult::advance();
                       })
                       .wasInterrupted();
    if (present && failed(runPipeline(nested, getOperation())))
      signalPassFailure();
  }

  SmallVector<std::string> dialects;
  OpPassManager nested;
};

} // namespace

std::unique_ptr<Pass>
mlir::tnp::createTNPCanonicalize(ArrayRef<std::string> dialects) {
  return std::make_unique<CanonicalizeDialects>(dialects);
}

std::unique_ptr<Pass> mlir::tnp::createTNPIfDialects(ArrayRef<std::string> dialects,
                                                     OpPassManager pipeline) {
  return std::make_unique<IfDialects>(dialects, std::move(pipeline));
}

void mlir::tnp::registerTNPCanonicalizePass() {
  PassRegistration<CanonicalizeDialects>();
}
