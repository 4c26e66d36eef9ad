//===- Elementwise.cpp - tnp ufuncs and astype to linalg.generic ----------===//
//
// Part of tnp. One linalg.generic per op with broadcasting indexing maps; the
// element rules are in ScalarOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPOps.h"

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;
namespace sem = ::tnp::sem;

/// Static broadcasting only: a dynamic dim could be 1 at run time, which
/// needs the run-time broadcast check of the error ABI (next milestone).
static LogicalResult checkStaticBroadcast(Operation *op) {
  for (Type t : op->getOperandTypes())
    if (!cast<RankedTensorType>(t).hasStaticShape())
      return unsupportedOp(op, "elementwise op on a dynamic shape (needs the "
                               "run-time broadcast check)");
  return success();
}

/// Builds the elementwise generic of `op` with `inputs` (converted values)
/// and an element function.
static LogicalResult
lowerElementwise(Operation *op, ValueRange inputs,
                 ConversionPatternRewriter &rewriter,
                 function_ref<FailureOr<Value>(OpBuilder &, Location, ValueRange)>
                     element) {
  if (failed(checkStaticBroadcast(op)))
    return failure();
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  RankedTensorType outType = signlessType(resultType);
  SmallVector<AffineMap> maps;
  for (Value v : op->getOperands())
    maps.push_back(broadcastMap(op->getContext(),
                                cast<RankedTensorType>(v.getType()).getShape(),
                                resultType.getShape()));
  maps.push_back(rewriter.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = emptyTensor(rewriter, loc, outType);
  FailureOr<linalg::GenericOp> generic = buildGeneric(
      rewriter, loc, outType, inputs, init, maps, iterators,
      [&](OpBuilder &b, Location l,
          ValueRange args) -> FailureOr<SmallVector<Value>> {
        FailureOr<Value> r = element(b, l, args.drop_back());
        if (failed(r))
          return failure();
        return SmallVector<Value>{*r};
      });
  if (failed(generic))
    return failure();
  rewriter.replaceOp(op, generic->getResults());
  return success();
}

namespace {
struct UfuncLowering : OpInterfaceConversionPattern<UfuncOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;

  LogicalResult
  matchAndRewrite(UfuncOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    sem::Ufunc u = op.getUfunc();
    std::optional<sem::DType> compute = dtypeOf(op->getOperand(0));
    std::optional<sem::DType> result = dtypeOf(op->getResult(0));
    if (!compute || !result)
      return rewriter.notifyMatchFailure(op, "not a tnp-typed ufunc");
    for (Value v : op->getOperands())
      if (dtypeOf(v) != compute)
        return op->emitOpError()
               << "is not in the explicit-dtypes form (operands of different "
                  "dtypes); run tnp-make-casts-explicit first";
    return lowerElementwise(
        op, operands, rewriter,
        [&](OpBuilder &b, Location l, ValueRange args) {
          return emitUfuncScalar(b, l, u, *compute, *result, args);
        });
  }
};

struct AstypeLowering : OpConversionPattern<AstypeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AstypeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType from = *dtypeOf(op.getInput()), to = *dtypeOf(op.getResult());
    if (from == to) { // only the weakness changes
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    return lowerElementwise(op, adaptor.getInput(), rewriter,
                            [&](OpBuilder &b, Location l, ValueRange args) {
                              return FailureOr<Value>(
                                  emitScalarCast(b, l, args[0], from, to));
                            });
  }
};

struct BroadcastToLowering : OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!op.getType().hasStaticShape())
      return unsupportedOp(op, "broadcast_to a dynamic shape");
    return lowerElementwise(op, adaptor.getInput(), rewriter,
                            [&](OpBuilder &, Location, ValueRange args) {
                              return FailureOr<Value>(args[0]);
                            });
  }
};
} // namespace

void mlir::tnp::populateTNPElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<UfuncLowering>(converter, patterns.getContext());
  patterns.add<AstypeLowering, BroadcastToLowering>(converter,
                                                    patterns.getContext());
}
