//===- DataMovement.cpp - tnp reshape and transpose to tensor/linalg ------===//
//
// Part of tnp. (broadcast_to shares the elementwise lowering.)
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;

namespace {
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType outType = signlessType(op.getType());
    if (!outType.hasStaticShape() ||
        !cast<RankedTensorType>(op.getInput().getType()).hasStaticShape())
      return unsupportedOp(op, "reshape with dynamic dims (needs the run-time "
                               "size check)");
    Location loc = op.getLoc();
    SmallVector<int64_t> shape(outType.getShape());
    Value shapeValue = arith::ConstantOp::create(
        rewriter, loc,
        DenseIntElementsAttr::get(
            RankedTensorType::get({(int64_t)shape.size()}, rewriter.getIndexType()),
            ArrayRef<int64_t>(shape)));
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, outType, adaptor.getInput(),
                                                   shapeValue);
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outType = signlessType(op.getType());
    // Dynamic result dims come from the permuted input dims.
    SmallVector<Value> dyn;
    ArrayRef<int64_t> perm = op.getPermutation();
    for (int64_t i = 0; i < outType.getRank(); ++i)
      if (outType.isDynamicDim(i))
        dyn.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getInput(),
                                            perm[i]));
    Value init = emptyTensor(rewriter, loc, outType, dyn);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, loc,
                                                       adaptor.getInput(), init,
                                                       perm)
                               ->getResults());
    return success();
  }
};
} // namespace

void mlir::tnp::populateTNPDataMovementToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReshapeLowering, TransposeLowering>(converter,
                                                   patterns.getContext());
}
