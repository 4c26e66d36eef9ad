//===- MakeCastsExplicit.cpp - Explicit dtype casts and their check -------===//
//
// Part of tnp. tnp-make-casts-explicit and its contract check
// tnp-verify-explicit-dtypes.
//
//===----------------------------------------------------------------------===//

#include "TNP/Transforms/Passes.h"
#include "TNP/IR/TNPBuilders.h"
#include "TNP/IR/TNPOps.h"

#include "mlir/IR/Builders.h"

namespace mlir {
namespace tnp {
#define GEN_PASS_DEF_TNPMAKECASTSEXPLICIT
#define GEN_PASS_DEF_TNPVERIFYEXPLICITDTYPES
#include "TNP/Transforms/Passes.h.inc"
} // namespace tnp
} // namespace mlir

using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;

namespace {
struct MakeCastsExplicitPass
    : mlir::tnp::impl::TNPMakeCastsExplicitBase<MakeCastsExplicitPass> {
  void runOnOperation() override {
    WalkResult r = getOperation()->walk([&](Operation *op) -> WalkResult {
      if (op->getDialect() == nullptr ||
          !isa<TNPDialect>(op->getDialect()))
        return WalkResult::advance();
      // The options of the op's own module, as its verifier reads them.
      auto computeTypes = getOperandComputeTypes(op, getPromotionOptions(op));
      if (!computeTypes) {
        emitSemanticsError(op, computeTypes.error());
        return WalkResult::interrupt();
      }
      OpBuilder b(op);
      for (auto [i, want] : llvm::enumerate(*computeTypes)) {
        if (!want)
          continue;
        Value v = op->getOperand(i);
        if (toPromotedType(v.getType()) == want)
          continue;
        auto rt = cast<RankedTensorType>(v.getType());
        Value cast = AstypeOp::create(b, op->getLoc(),
                                      withPromotedType(rt, *want), v);
        op->setOperand(i, cast);
      }
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};

struct VerifyExplicitDTypesPass
    : mlir::tnp::impl::TNPVerifyExplicitDTypesBase<VerifyExplicitDTypesPass> {
  void runOnOperation() override {
    bool failedCheck = false;
    getOperation()->walk([&](Operation *op) {
      if (op->getDialect() == nullptr || !isa<TNPDialect>(op->getDialect()))
        return;
      auto computeTypes = getOperandComputeTypes(op, getPromotionOptions(op));
      if (!computeTypes) {
        emitSemanticsError(op, computeTypes.error());
        failedCheck = true;
        return;
      }
      for (auto [i, want] : llvm::enumerate(*computeTypes)) {
        if (!want)
          continue;
        Type t = op->getOperand(i).getType();
        if (toPromotedType(t) == want)
          continue;
        op->emitOpError() << "is not in the explicit-dtypes form: operand #"
                          << i << " is " << describeType(t)
                          << " but the op computes in " << want->str()
                          << " (run tnp-make-casts-explicit first)";
        failedCheck = true;
      }
    });
    if (failedCheck)
      signalPassFailure();
  }
};
} // namespace
