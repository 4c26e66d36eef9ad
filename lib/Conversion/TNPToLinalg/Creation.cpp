//===- Creation.cpp - tnp constants and creation ops to linalg ------------===//
//
// Part of tnp.
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
namespace sem = ::tnp::sem;

/// A filled tensor of the op's (signless) result type.
static Value fill(ConversionPatternRewriter &rewriter, Location loc,
                  RankedTensorType type, ValueRange dynamicSizes, Value scalar) {
  Value init = emptyTensor(rewriter, loc, type, dynamicSizes);
  return linalg::FillOp::create(rewriter, loc, scalar, init).getResult(0);
}

/// fill() with sizes given at run time: NumPy's shape checks run first.
static Value checkedFill(ConversionPatternRewriter &rewriter, Location loc,
                         RankedTensorType type, ValueRange dynamicSizes,
                         Value scalar) {
  if (dynamicSizes.empty())
    return fill(rewriter, loc, type, dynamicSizes, scalar);
  scf::IfOp guard = guardRuntimeChecks(
      rewriter, loc, shapeChecks(rewriter, loc, type, dynamicSizes), type);
  scf::YieldOp::create(rewriter, loc,
                       fill(rewriter, loc, type, dynamicSizes, scalar));
  rewriter.setInsertionPointAfter(guard);
  return guard.getResult(0);
}

/// A parallel generic with no inputs over the op's result, computing each
/// element from its indices.
static LogicalResult
generateFromIndices(Operation *op, ConversionPatternRewriter &rewriter,
                    function_ref<Value(OpBuilder &, Location, ValueRange)> element) {
  Location loc = op->getLoc();
  RankedTensorType outType =
      signlessType(cast<RankedTensorType>(op->getResult(0).getType()));
  FailureOr<linalg::GenericOp> generic = buildGeneric(
      rewriter, loc, outType, ValueRange{}, emptyTensor(rewriter, loc, outType),
      rewriter.getMultiDimIdentityMap(outType.getRank()),
      SmallVector<utils::IteratorType>(outType.getRank(),
                                       utils::IteratorType::parallel),
      [&](OpBuilder &b, Location l,
          ValueRange) -> FailureOr<SmallVector<Value>> {
        SmallVector<Value> idx;
        for (int64_t i = 0; i < outType.getRank(); ++i)
          idx.push_back(arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, i)));
        return SmallVector<Value>{element(b, l, idx)};
      });
  if (failed(generic))
    return failure();
  rewriter.replaceOp(op, generic->getResults());
  return success();
}

namespace {
struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!dense)
      return unsupportedOp(op, "a constant that is not a dense elements "
                               "attribute");
    RankedTensorType outType = signlessType(op.getType());
    // si/ui and signless integers of one width store the same bits.
    DenseElementsAttr signless = DenseElementsAttr::getFromRawBuffer(
        outType, dense.getRawData());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, outType, signless);
    return success();
  }
};

template <typename OpTy, int Value_>
struct FillLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    // tnp.empty is zero-filled: deterministic results on every target.
    Value scalar = emitScalarConstant(rewriter, op.getLoc(), t, Value_);
    rewriter.replaceOp(op, checkedFill(rewriter, op.getLoc(),
                                       signlessType(op.getType()),
                                       adaptor.getDynamicSizes(), scalar));
    return success();
  }
};

template <typename OpTy, int Value_>
struct FillLikeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    RankedTensorType outType = signlessType(op.getType());
    Value scalar = emitScalarConstant(rewriter, op.getLoc(), t, Value_);
    rewriter.replaceOp(op, fill(rewriter, op.getLoc(), outType,
                                dynamicDimsFrom(rewriter, op.getLoc(),
                                                adaptor.getInput(), outType),
                                scalar));
    return success();
  }
};

/// The fill value of full/full_like: the 0-d value cast to the result dtype.
static Value fullScalar(ConversionPatternRewriter &rewriter, Location loc,
                        Value original, Value converted, sem::DType to) {
  Value v = tensor::ExtractOp::create(rewriter, loc, converted, ValueRange{});
  return emitScalarCast(rewriter, loc, v, *dtypeOf(original), to);
}

struct FullLowering : OpConversionPattern<FullOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FullOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value scalar = fullScalar(rewriter, op.getLoc(), op.getValue(),
                              adaptor.getValue(), *dtypeOf(op.getResult()));
    rewriter.replaceOp(op, checkedFill(rewriter, op.getLoc(),
                                       signlessType(op.getType()),
                                       adaptor.getDynamicSizes(), scalar));
    return success();
  }
};

struct FullLikeLowering : OpConversionPattern<FullLikeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FullLikeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType outType = signlessType(op.getType());
    Value scalar = fullScalar(rewriter, op.getLoc(), op.getValue(),
                              adaptor.getValue(), *dtypeOf(op.getResult()));
    rewriter.replaceOp(op, fill(rewriter, op.getLoc(), outType,
                                dynamicDimsFrom(rewriter, op.getLoc(),
                                                adaptor.getInput(), outType),
                                scalar));
    return success();
  }
};

static double attrAsDouble(Attribute a) {
  if (auto f = dyn_cast<FloatAttr>(a))
    return f.getValueAsDouble();
  return static_cast<double>(cast<IntegerAttr>(a).getInt());
}

struct ArangeLowering : OpConversionPattern<ArangeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArangeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    auto is = dyn_cast<IntegerAttr>(op.getStart());
    auto ip = dyn_cast<IntegerAttr>(op.getStep());
    bool intBounds = is && ip && isa<IntegerAttr>(op.getStop());
    return generateFromIndices(op, rewriter, [&](OpBuilder &b, Location l,
                                                 ValueRange idx) -> Value {
      if (intBounds) {
        // start + i * step in int64 (wrapping like NumPy), then astype.
        Value start = arith::ConstantOp::create(b, l, b.getI64IntegerAttr(is.getInt()));
        Value step = arith::ConstantOp::create(b, l, b.getI64IntegerAttr(ip.getInt()));
        Value v = arith::AddIOp::create(b, l, start,
                                        arith::MulIOp::create(b, l, idx[0], step));
        return emitScalarCast(b, l, v, sem::DType::Int64, t);
      }
      // Floats: start + i * step in float64, as NumPy fills arange.
      Value start = emitScalarConstant(b, l, sem::DType::Float64,
                                       attrAsDouble(op.getStart()));
      Value step = emitScalarConstant(b, l, sem::DType::Float64,
                                      attrAsDouble(op.getStep()));
      Value i = arith::SIToFPOp::create(b, l, b.getF64Type(), idx[0]);
      Value v = arith::AddFOp::create(b, l, start,
                                      arith::MulFOp::create(b, l, i, step));
      return emitScalarCast(b, l, v, sem::DType::Float64, t);
    });
  }
};

struct LinspaceLowering : OpConversionPattern<LinspaceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LinspaceOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    int64_t num = op.getType().getDimSize(0);
    bool endpoint = op.getEndpoint();
    double start = op.getStart().convertToDouble();
    double stop = op.getStop().convertToDouble();
    int64_t div = endpoint ? num - 1 : num;
    double step = div > 0 ? (stop - start) / div : 0.0;
    return generateFromIndices(op, rewriter, [&](OpBuilder &b, Location l,
                                                 ValueRange idx) -> Value {
      // NumPy: arange(num) * step + start, the last sample exactly stop.
      Value i = arith::SIToFPOp::create(b, l, b.getF64Type(), idx[0]);
      Value v = arith::AddFOp::create(
          b, l,
          arith::MulFOp::create(b, l, i,
                                emitScalarConstant(b, l, sem::DType::Float64, step)),
          emitScalarConstant(b, l, sem::DType::Float64, start));
      if (endpoint && num > 1) {
        Value last = arith::CmpIOp::create(
            b, l, arith::CmpIPredicate::eq, idx[0],
            arith::ConstantOp::create(b, l, b.getI64IntegerAttr(num - 1)));
        v = arith::SelectOp::create(
            b, l, last, emitScalarConstant(b, l, sem::DType::Float64, stop), v);
      }
      return emitScalarCast(b, l, v, sem::DType::Float64, t);
    });
  }
};

struct EyeLowering : OpConversionPattern<EyeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(EyeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    int64_t k = op.getK();
    return generateFromIndices(op, rewriter, [&](OpBuilder &b, Location l,
                                                 ValueRange idx) -> Value {
      Value diff = arith::SubIOp::create(b, l, idx[1], idx[0]);
      Value on = arith::CmpIOp::create(
          b, l, arith::CmpIPredicate::eq, diff,
          arith::ConstantOp::create(b, l, b.getI64IntegerAttr(k)));
      return emitScalarCast(b, l, on, sem::DType::Bool, t);
    });
  }
};
} // namespace

void mlir::tnp::populateTNPCreationToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConstantLowering, FillLowering<ZerosOp, 0>, FillLowering<OnesOp, 1>,
               FillLowering<EmptyOp, 0>, FillLikeLowering<ZerosLikeOp, 0>,
               FillLikeLowering<OnesLikeOp, 1>, FillLikeLowering<EmptyLikeOp, 0>,
               FullLowering, FullLikeLowering, ArangeLowering, LinspaceLowering,
               EyeLowering>(converter, ctx);
}
