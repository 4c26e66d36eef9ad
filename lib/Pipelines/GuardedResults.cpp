//===- GuardedResults.cpp - Results of guarded ops without a final copy ---===//
//
// Part of tnp. tnp-forward-guarded-results, run right after one-shot
// bufferization. A tnp op with a run-time check (a dynamic broadcast, a
// matmul's core dims, a reshape's size...) lowers to
//   %r = scf.if %ok { ...compute into a new buffer...; yield } else {
//          raise the error; yield an empty buffer }
// Bufferization gives %r a fully dynamic layout (the branches yield casts),
// and a function returning %r then allocates an identity-layout buffer and
// copies %r into it: one allocation and one pass over the result per call,
// for nothing. This pass
//   1. gives such an scf.if result the identity layout when every branch
//      yields (casts of) a buffer allocated in that branch;
//   2. returns the scf.if's buffer itself where the function returned a
//      fresh copy of it (the copy's buffer has no other use).
// Deallocation is planned afterwards, so ownership stays right.
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// `v` through memref.cast ops.
Value stripCasts(Value v) {
  while (auto cast = v.getDefiningOp<memref::CastOp>())
    v = cast.getSource();
  return v;
}

/// Whether `v` (through casts) is a buffer allocated in `region` with the
/// identity layout.
bool isLocalIdentityAlloc(Value v, Region &region) {
  auto alloc = stripCasts(v).getDefiningOp<memref::AllocOp>();
  return alloc && alloc.getType().getLayout().isIdentity() &&
         region.isAncestor(alloc->getParentRegion());
}

struct ForwardGuardedResults
    : PassWrapper<ForwardGuardedResults, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ForwardGuardedResults)
  StringRef getArgument() const final { return "tnp-forward-guarded-results"; }
  StringRef getDescription() const final {
    return "Give scf.if results of fresh buffers the identity layout and "
           "return them without the function-boundary copy";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<memref::MemRefDialect>();
  }

  void runOnOperation() override {
    SmallVector<scf::IfOp> ifs;
    getOperation().walk([&](scf::IfOp op) { ifs.push_back(op); });
    for (scf::IfOp op : ifs)
      retype(op);
    forwardReturnedCopies();
  }

  /// Step 1.
  static void retype(scf::IfOp op) {
    if (op.getElseRegion().empty())
      return;
    OpBuilder b(op.getContext());
    for (OpResult result : op->getResults()) {
      auto type = dyn_cast<MemRefType>(result.getType());
      if (!type || type.getLayout().isIdentity())
        continue;
      unsigned i = result.getResultNumber();
      bool fresh = true;
      for (Region *r : {&op.getThenRegion(), &op.getElseRegion()})
        fresh &= isLocalIdentityAlloc(
            r->front().getTerminator()->getOperand(i), *r);
      if (!fresh)
        continue;
      auto identity = MemRefType::get(type.getShape(), type.getElementType(),
                                      MemRefLayoutAttrInterface(),
                                      type.getMemorySpace());
      for (Region *r : {&op.getThenRegion(), &op.getElseRegion()}) {
        Operation *yield = r->front().getTerminator();
        b.setInsertionPoint(yield);
        Value base = stripCasts(yield->getOperand(i));
        if (base.getType() != identity)
          base = memref::CastOp::create(b, op.getLoc(), identity, base);
        yield->setOperand(i, base);
      }
      // The users keep their type through a cast (folded by canonicalize).
      b.setInsertionPointAfter(op);
      result.setType(identity);
      auto back = memref::CastOp::create(b, op.getLoc(), type, result);
      result.replaceAllUsesExcept(back, back);
    }
  }

  /// Whether every use of `v` (through casts) is `copy` or an op before
  /// it: nothing may read or write the buffer after the copy would have
  /// been taken (the caller owns it now).
  static bool usedOnlyBefore(Value v, memref::CopyOp copy) {
    for (Operation *user : v.getUsers()) {
      if (user == copy.getOperation())
        continue;
      if (auto cast = dyn_cast<memref::CastOp>(user)) {
        if (!usedOnlyBefore(cast.getResult(), copy))
          return false;
        continue;
      }
      Operation *anchor = copy->getBlock()->findAncestorOpInBlock(*user);
      if (!anchor || !anchor->isBeforeInBlock(copy))
        return false;
    }
    return true;
  }

  /// Step 2: return %r for `%c = alloc; memref.copy %r, %c; return %c`
  /// where %r (through casts) is an identity-layout scf.if result of fresh
  /// buffers of %c's type and %c has no other use.
  void forwardReturnedCopies() {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp c) { copies.push_back(c); });
    for (memref::CopyOp copy : copies) {
      auto alloc = copy.getTarget().getDefiningOp<memref::AllocOp>();
      Value source = stripCasts(copy.getSource());
      auto ifOp = source.getDefiningOp<scf::IfOp>();
      if (!alloc || !ifOp || source.getType() != alloc.getType() ||
          ifOp->getBlock() != copy->getBlock())
        continue;
      unsigned i = cast<OpResult>(source).getResultNumber();
      bool fresh = true;
      for (Region *r : {&ifOp.getThenRegion(), &ifOp.getElseRegion()})
        fresh &= !r->empty() &&
                 isLocalIdentityAlloc(r->front().getTerminator()->getOperand(i),
                                      *r);
      bool onlyReturned = true;
      for (Operation *user : alloc->getUsers())
        onlyReturned &= user == copy || isa<func::ReturnOp>(user);
      if (!fresh || !onlyReturned || !usedOnlyBefore(source, copy))
        continue;
      alloc.getResult().replaceAllUsesExcept(source, copy);
      copy->erase();
      alloc->erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPForwardGuardedResults() {
  return std::make_unique<ForwardGuardedResults>();
}

void mlir::tnp::registerTNPForwardGuardedResultsPass() {
  PassRegistration<ForwardGuardedResults>();
}
