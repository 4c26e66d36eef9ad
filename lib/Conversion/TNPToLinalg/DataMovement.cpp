//===- DataMovement.cpp - tnp reshape and transpose to tensor/linalg ------===//
//
// Part of tnp. (broadcast_to shares the elementwise lowering.)
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;

/// A reshape whose sizes are not all known at compile time: NumPy's checks
/// run first (more than one unknown size, the product overflowing, the
/// element counts differing), then tensor.reshape to the run-time shape.
static LogicalResult lowerDynamicReshape(ReshapeOp op, Value input,
                                         ValueRange sizes,
                                         ConversionPatternRewriter &rewriter) {
  Location loc = op.getLoc();
  RankedTensorType outType = signlessType(op.getType());
  auto idx = [&](int64_t v) {
    return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
  };
  auto cmp = [&](arith::CmpIPredicate p, Value a, Value b) {
    return arith::CmpIOp::create(rewriter, loc, p, a, b).getResult();
  };
  auto orI = [&](Value a, Value b) {
    return arith::OrIOp::create(rewriter, loc, a, b).getResult();
  };
  using P = arith::CmpIPredicate;
  Value size = idx(1);
  for (Value d : runtimeDims(rewriter, loc, input))
    size = arith::MulIOp::create(rewriter, loc, size, d);

  // The requested dims; -1 (an operand's value, or the one `?` without
  // operands) is the unknown one.
  SmallVector<Value> requested;
  unsigned next = 0;
  for (int64_t d : outType.getShape())
    requested.push_back(!ShapedType::isDynamic(d) ? idx(d)
                        : sizes.empty()           ? idx(-1)
                                                  : sizes[next++]);
  // NumPy 1.24 reads any negative size as the unknown one.
  Value zero = idx(0), one = idx(1);
  Value unknowns = zero, overflow = cmp(P::eq, one, zero);
  Value known = one;
  for (Value d : requested) {
    Value isUnknown = cmp(P::slt, d, zero);
    unknowns = arith::AddIOp::create(
        rewriter, loc, unknowns,
        arith::SelectOp::create(rewriter, loc, isUnknown, one, zero));
    auto [product, ovf] = checkedMul(
        rewriter, loc, known,
        arith::SelectOp::create(rewriter, loc, isUnknown, one, d));
    known = product;
    overflow = orI(overflow, ovf);
  }
  Value hasUnknown = cmp(P::eq, unknowns, one);
  Value manyUnknowns = cmp(P::sgt, unknowns, one);
  // With an unknown dim: known must divide the size (0 never does);
  // otherwise the counts must agree.
  Value knownZero = cmp(P::eq, known, zero);
  Value safeKnown = arith::SelectOp::create(rewriter, loc, knownZero, one, known);
  Value rem = arith::RemUIOp::create(rewriter, loc, size, safeKnown);
  Value mismatch = arith::SelectOp::create(
      rewriter, loc, hasUnknown, orI(knownZero, cmp(P::ne, rem, zero)),
      cmp(P::ne, known, size));
  SmallVector<Value> shapeArgs{size};
  appendShapeArgs(rewriter, loc, shapeArgs, requested);
  SmallVector<Value> tooBigArgs;
  appendShapeArgs(rewriter, loc, tooBigArgs, requested);
  scf::IfOp guard = guardRuntimeChecks(
      rewriter, loc,
      {{manyUnknowns, RuntimeError::ReshapeUnknown},
       {overflow, RuntimeError::TooBig, tooBigArgs},
       {mismatch, RuntimeError::ReshapeSize, shapeArgs}},
      outType);
  // The checks passed: the unknown dim is size / known.
  Value inferred = arith::DivUIOp::create(rewriter, loc, size, safeKnown);
  SmallVector<Value> finalDims, dynSizes;
  for (auto [i, d] : llvm::enumerate(requested)) {
    Value v = arith::SelectOp::create(rewriter, loc, cmp(P::slt, d, zero),
                                      inferred, d);
    finalDims.push_back(v);
    if (outType.isDynamicDim(i))
      dynSizes.push_back(v);
  }
  Value shape = tensor::FromElementsOp::create(
      rewriter, loc,
      RankedTensorType::get({outType.getRank()}, rewriter.getIndexType()),
      finalDims);
  Value reshaped =
      tensor::ReshapeOp::create(rewriter, loc, outType, input, shape);
  scf::YieldOp::create(rewriter, loc, reshaped);
  rewriter.replaceOp(op, guard.getResults());
  return success();
}

namespace {
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType outType = signlessType(op.getType());
    if (!outType.hasStaticShape() || !adaptor.getDynamicSizes().empty() ||
        !cast<RankedTensorType>(op.getInput().getType()).hasStaticShape())
      return lowerDynamicReshape(op, adaptor.getInput(), adaptor.getDynamicSizes(),
                                 rewriter);
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
