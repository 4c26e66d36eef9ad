//===- BroadcastVersioning.cpp - A loop without run-time broadcasts -------===//
//
// Part of tnp. tnp-cpu-version-broadcasts, on tensors before bufferization
// (CPU only). An elementwise op over dynamic dims reads an operand at index
// `i * step` along a dim that may broadcast at run time, with
//   %step = arith.select %dimIsOne, %c0, %c1
// (Elementwise.cpp). LLVM folds `i * select(c, 0, 1)` into `select(c, 0, i)`,
// an address its vectorizer cannot widen, so the loop stays scalar. This
// pass versions such a linalg.generic on its steps: when every one is 1 at
// run time (nothing broadcasts, the common case), a copy of the generic
// with the steps replaced by the constant 1 runs, whose reads are
// contiguous; otherwise the original does.
//
// GPUs gain nothing from it (a uniform step gives the same coalescing), so
// the CUDA pipeline does not run it.
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// Whether `v` is `arith.select %c, 0, 1` of index type.
bool isBroadcastStep(Value v) {
  auto select = v.getDefiningOp<arith::SelectOp>();
  if (!select || !select.getType().isIndex())
    return false;
  return matchPattern(select.getTrueValue(), m_Zero()) &&
         matchPattern(select.getFalseValue(), m_One());
}

/// The broadcast steps defined outside `generic` and used in its body.
SetVector<Value> broadcastSteps(linalg::GenericOp generic) {
  SetVector<Value> steps;
  generic.getRegion().walk([&](Operation *op) {
    for (Value v : op->getOperands())
      if (!generic->isAncestor(v.getParentRegion()->getParentOp()) &&
          isBroadcastStep(v))
        steps.insert(v);
  });
  return steps;
}

void version(linalg::GenericOp generic, ArrayRef<Value> steps) {
  OpBuilder b(generic);
  Location loc = generic.getLoc();
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value fast;
  for (Value step : steps) {
    Value isOne =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, step, one);
    fast = fast ? arith::AndIOp::create(b, loc, fast, isOne).getResult()
                : isOne;
  }
  auto ifOp = scf::IfOp::create(b, loc, generic->getResultTypes(), fast,
                                /*withElseRegion=*/true);
  generic->replaceAllUsesWith(ifOp.getResults());
  // Then: a copy reading every step as 1.
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  Value constOne = arith::ConstantIndexOp::create(b, loc, 1);
  Operation *contiguous = b.clone(*generic);
  for (Value step : steps)
    step.replaceUsesWithIf(constOne, [&](OpOperand &use) {
      return contiguous->isAncestor(use.getOwner());
    });
  scf::YieldOp::create(b, loc, contiguous->getResults());
  // Else: the original.
  b.setInsertionPointToStart(&ifOp.getElseRegion().front());
  auto yield = scf::YieldOp::create(b, loc, generic->getResults());
  generic->moveBefore(yield);
}

struct CPUVersionBroadcasts
    : PassWrapper<CPUVersionBroadcasts, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CPUVersionBroadcasts)
  StringRef getArgument() const final { return "tnp-cpu-version-broadcasts"; }
  StringRef getDescription() const final {
    return "Version linalg.generic ops that read operands at `i * step` "
           "(step = select(c, 0, 1): a run-time broadcast) on every step "
           "being 1, so the common loop has contiguous, vectorizable reads";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, scf::SCFDialect>();
  }
  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, SetVector<Value>>> work;
    getOperation().walk([&](linalg::GenericOp generic) {
      if (!generic.hasPureTensorSemantics())
        return;
      SetVector<Value> steps = broadcastSteps(generic);
      if (!steps.empty())
        work.push_back({generic, std::move(steps)});
    });
    for (auto &[generic, steps] : work)
      version(generic, steps.getArrayRef());
  }
};
} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPCPUVersionBroadcasts() {
  return std::make_unique<CPUVersionBroadcasts>();
}

void mlir::tnp::registerTNPCPUVersionBroadcastsPass() {
  PassRegistration<CPUVersionBroadcasts>();
}
