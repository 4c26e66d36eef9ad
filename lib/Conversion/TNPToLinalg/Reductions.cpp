//===- Reductions.cpp - tnp reductions to linalg.generic ------------------===//
//
// Part of tnp. sum/prod/mean/max/min/any/all and argmax/argmin as
// linalg.generic with reduction iterators over the requested axes; keepdims
// is a tensor.expand_shape of the reduced result.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;
namespace sem = ::tnp::sem;
using R = sem::Reduction;

/// The identity of a reduction's combining step in dtype `t` (max: the
/// lowest value, min: the highest; the verifier rejects empty max/min).
static Value identity(OpBuilder &b, Location loc, R r, sem::DType t) {
  Type et = signlessElementType(b.getContext(), t);
  bool high = r == R::Min || r == R::ArgMin || r == R::All;
  switch (r) {
  case R::Sum:
  case R::Mean:
    return emitScalarConstant(b, loc, t, 0.0);
  case R::Prod:
    return emitScalarConstant(b, loc, t, 1.0);
  case R::Any:
  case R::All:
    return emitScalarConstant(b, loc, sem::DType::Bool, high ? 1.0 : 0.0);
  default:
    break;
  }
  if (t == sem::DType::Bool)
    return emitScalarConstant(b, loc, t, high ? 1.0 : 0.0);
  if (sem::isInteger(t)) {
    unsigned w = sem::bitWidth(t);
    APInt v = sem::isSigned(t)
                  ? (high ? APInt::getSignedMaxValue(w) : APInt::getSignedMinValue(w))
                  : (high ? APInt::getMaxValue(w) : APInt::getMinValue(w));
    return arith::ConstantOp::create(b, loc, et, b.getIntegerAttr(et, v));
  }
  double inf = high ? INFINITY : -INFINITY;
  if (sem::isComplex(t)) {
    Type ft = cast<ComplexType>(et).getElementType();
    Value part = emitScalarConstant(
        b, loc, t == sem::DType::Complex64 ? sem::DType::Float32 : sem::DType::Float64,
        inf);
    return complex::CreateOp::create(b, loc, et, part, part);
    (void)ft;
  }
  return emitScalarConstant(b, loc, t, inf);
}

/// The reduced axes of an op (absent attribute: every axis), normalized.
static SmallVector<int64_t> reducedAxes(std::optional<ArrayRef<int64_t>> axes,
                                        int64_t rank) {
  SmallVector<int64_t> out;
  if (!axes) {
    for (int64_t i = 0; i < rank; ++i)
      out.push_back(i);
    return out;
  }
  for (int64_t a : *axes)
    out.push_back(a < 0 ? a + rank : a);
  llvm::sort(out);
  return out;
}

/// The shape with the reduced axes dropped, and the result map.
static std::pair<SmallVector<int64_t>, AffineMap>
reducedShapeAndMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                   ArrayRef<int64_t> axes) {
  SmallVector<int64_t> kept;
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i) {
    if (llvm::is_contained(axes, i))
      continue;
    kept.push_back(shape[i]);
    exprs.push_back(getAffineDimExpr(i, ctx));
  }
  return {kept, AffineMap::get(shape.size(), 0, exprs, ctx)};
}

/// Reshapes a reduced value to the op's result type (keepdims re-inserts
/// unit dims).
static Value toResultShape(OpBuilder &b, Location loc, Value reduced,
                           RankedTensorType resultType,
                           ArrayRef<Value> resultDims = {}) {
  auto rt = cast<RankedTensorType>(reduced.getType());
  if (rt.getShape() == resultType.getShape())
    return reduced;
  SmallVector<int64_t> shape(resultType.getShape());
  Value shapeValue;
  if (resultType.hasStaticShape())
    shapeValue = arith::ConstantOp::create(
        b, loc,
        DenseIntElementsAttr::get(
            RankedTensorType::get({(int64_t)shape.size()}, b.getIndexType()),
            ArrayRef<int64_t>(shape)));
  else
    shapeValue = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({(int64_t)shape.size()}, b.getIndexType()),
        resultDims);
  return tensor::ReshapeOp::create(
      b, loc, RankedTensorType::get(shape, rt.getElementType()), reduced,
      shapeValue);
}

namespace {
/// The entries of `dims` (one per dim of `type`) for its dynamic dims: the
/// sizes a guard yields on failure (the kept dims are the input's, which
/// annotateEqualDims treats as equal).
static SmallVector<Value> dynamicOnly(RankedTensorType type,
                                      ArrayRef<Value> dims) {
  SmallVector<Value> dyn;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dyn.push_back(dims[i]);
  return dyn;
}

template <typename OpTy>
struct ReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    R r = OpTy::getReduction();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto resType = cast<RankedTensorType>(op.getType());
    sem::DType in = *dtypeOf(op.getInput()), out = *dtypeOf(op.getResult());
    bool boolCombine = r == R::Any || r == R::All;
    if (!boolCombine && in != out)
      return op.emitOpError()
             << "is not in the explicit-dtypes form; run "
                "tnp-make-casts-explicit first";
    std::optional<ArrayRef<int64_t>> axesAttr;
    if (op.getAxis())
      axesAttr = *op.getAxis();
    SmallVector<int64_t> axes = reducedAxes(axesAttr, inType.getRank());
    auto [keptShape, outMap] =
        reducedShapeAndMap(op.getContext(), inType.getShape(), axes);
    Type accType = signlessElementType(op.getContext(), out);
    auto accTensor = RankedTensorType::get(keptShape, accType);
    // Run-time sizes: every input dim, the kept ones' dynamic sizes, the
    // result's dims (keepdims: reduced dims are 1) and the reduced count.
    SmallVector<Value> inDims, keptDyn, resultDims;
    for (int64_t i = 0; i < inType.getRank(); ++i)
      inDims.push_back(dimOf(rewriter, loc, adaptor.getInput(), i));
    Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value anyEmpty = arith::ConstantIntOp::create(rewriter, loc, 0, 1);
    Value oneIdx = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (int64_t i = 0; i < inType.getRank(); ++i) {
      bool reduced = llvm::is_contained(axes, i);
      if (reduced) {
        count = arith::MulIOp::create(rewriter, loc, count, inDims[i]);
        if (inType.isDynamicDim(i))
          anyEmpty = arith::OrIOp::create(
              rewriter, loc, anyEmpty,
              arith::CmpIOp::create(
                  rewriter, loc, arith::CmpIPredicate::eq, inDims[i],
                  arith::ConstantIndexOp::create(rewriter, loc, 0)));
      } else if (inType.isDynamicDim(i)) {
        keptDyn.push_back(inDims[i]);
      }
      if (!reduced)
        resultDims.push_back(inDims[i]);
      else if (op.getKeepdims())
        resultDims.push_back(oneIdx);
    }
    // max/min of an empty dynamic axis: NumPy's `reduction` error, raised
    // before anything is computed (static empties are verifier errors).
    // Nothing needs guarding: a reduction of no elements reads nothing and
    // only fills its result, which the entry point discards. (Unguarded, the
    // reduction stays in the function's block, where the CUDA pipeline fuses
    // it with the ops that read the same rows.)
    if (sem::reductionNeedsNonEmpty(r) && !inType.hasStaticShape())
      raiseFailedChecks(rewriter, loc,
                        {{anyEmpty, r == R::Max ? RuntimeError::EmptyMaximum
                                                : RuntimeError::EmptyMinimum}});
    Value init = emptyTensor(rewriter, loc, accTensor, keptDyn);
    Value filled =
        linalg::FillOp::create(rewriter, loc, identity(rewriter, loc, r, out), init)
            .getResult(0);
    SmallVector<utils::IteratorType> iterators;
    for (int64_t i = 0; i < inType.getRank(); ++i)
      iterators.push_back(llvm::is_contained(axes, i)
                              ? utils::IteratorType::reduction
                              : utils::IteratorType::parallel);
    SmallVector<AffineMap> maps{
        rewriter.getMultiDimIdentityMap(inType.getRank()), outMap};
    sem::Ufunc combine = r == R::Prod    ? sem::Ufunc::Multiply
                         : r == R::Max   ? sem::Ufunc::Maximum
                         : r == R::Min   ? sem::Ufunc::Minimum
                         : r == R::Any   ? sem::Ufunc::LogicalOr
                         : r == R::All   ? sem::Ufunc::LogicalAnd
                                         : sem::Ufunc::Add;
    sem::DType combineType = boolCombine ? sem::DType::Bool : out;
    FailureOr<linalg::GenericOp> generic = buildGeneric(
        rewriter, loc, accTensor, adaptor.getInput(), filled, maps, iterators,
        [&](OpBuilder &b, Location l,
            ValueRange args) -> FailureOr<SmallVector<Value>> {
          Value x = args[0];
          if (boolCombine)
            x = emitScalarCast(b, l, x, in, sem::DType::Bool);
          FailureOr<Value> v = emitUfuncScalar(b, l, combine, combineType,
                                               combineType, {args[1], x});
          if (failed(v))
            return failure();
          // A float sum may be reassociated: NumPy's own sum is pairwise
          // (eight partial sums per block), not sequential, so no order is
          // the reference; with `reassoc` LLVM vectorizes the reduction
          // into partial sums too instead of one chain of dependent adds.
          if (auto add = v->getDefiningOp<arith::AddFOp>())
            add.setFastmath(arith::FastMathFlags::reassoc);
          return SmallVector<Value>{*v};
        });
    if (failed(generic))
      return failure();
    Value result = generic->getResult(0);
    if (r == R::Mean) {
      // NumPy divides the sum by the count in the result dtype (count 0 gives
      // NaN, like NumPy's mean of an empty array).
      Value countF = arith::SIToFPOp::create(
          rewriter, loc, rewriter.getF64Type(),
          arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), count));
      FailureOr<linalg::GenericOp> div = buildGeneric(
          rewriter, loc, accTensor, result,
          emptyTensor(rewriter, loc, accTensor, keptDyn),
          {rewriter.getMultiDimIdentityMap(keptShape.size()),
           rewriter.getMultiDimIdentityMap(keptShape.size())},
          SmallVector<utils::IteratorType>(keptShape.size(),
                                           utils::IteratorType::parallel),
          [&](OpBuilder &b, Location l,
              ValueRange args) -> FailureOr<SmallVector<Value>> {
            Value n = emitScalarCast(b, l, countF, sem::DType::Float64, out);
            FailureOr<Value> v = emitUfuncScalar(b, l, sem::Ufunc::TrueDivide,
                                                 out, out, {args[0], n});
            if (failed(v))
              return failure();
            return SmallVector<Value>{*v};
          });
      if (failed(div))
        return failure();
      result = div->getResult(0);
    }
    result = toResultShape(rewriter, loc, result, signlessType(resType),
                           resultDims);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// argmax / argmin: a generic with two accumulators (best value, its int64
/// index); a strictly better value or the first NaN wins, so ties keep the
/// first occurrence as NumPy does.
template <typename OpTy>
struct ArgReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    R r = OpTy::getReduction();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto resType = cast<RankedTensorType>(op.getType());
    sem::DType in = *dtypeOf(op.getInput());
    Value input = adaptor.getInput();
    int64_t axis;
    RankedTensorType work = signlessType(inType);
    auto dimOf = [&](Value v, RankedTensorType t, int64_t i) -> Value {
      return mlir::tnp::detail::dimOf(rewriter, loc, v, i);
    };
    if (!op.getAxis()) {
      // Over the flattened array.
      Value n = arith::ConstantIndexOp::create(rewriter, loc, 1);
      for (int64_t i = 0; i < inType.getRank(); ++i)
        n = arith::MulIOp::create(rewriter, loc, n, dimOf(input, work, i));
      int64_t staticN =
          inType.hasStaticShape() ? inType.getNumElements() : ShapedType::kDynamic;
      auto flat = RankedTensorType::get({staticN}, work.getElementType());
      Value shape = tensor::FromElementsOp::create(
          rewriter, loc, RankedTensorType::get({1}, rewriter.getIndexType()),
          ValueRange{n});
      input = tensor::ReshapeOp::create(rewriter, loc, flat, input, shape);
      work = flat;
      axis = 0;
    } else {
      axis = *op.getAxis();
      if (axis < 0)
        axis += inType.getRank();
    }
    // Kept dims' run-time sizes; an empty dynamic axis is NumPy's error,
    // raised before anything is computed (static empties fail to verify).
    SmallVector<Value> keptDyn, resultDims;
    for (int64_t i = 0; i < work.getRank(); ++i) {
      if (i == axis)
        continue;
      if (work.isDynamicDim(i))
        keptDyn.push_back(dimOf(input, work, i));
    }
    {
      SmallVector<Value> inDims;
      for (int64_t i = 0; i < inType.getRank(); ++i)
        inDims.push_back(dimOf(adaptor.getInput(), signlessType(inType), i));
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      for (int64_t i = 0; i < inType.getRank(); ++i) {
        bool reduced = !op.getAxis() || i == axis;
        if (!reduced)
          resultDims.push_back(inDims[i]);
        else if (op.getKeepdims())
          resultDims.push_back(one);
      }
    }
    scf::IfOp guard;
    if (work.isDynamicDim(axis)) {
      Value empty = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, dimOf(input, work, axis),
          arith::ConstantIndexOp::create(rewriter, loc, 0));
      guard = guardRuntimeChecks(rewriter, loc,
                                 {{empty, RuntimeError::EmptyArgReduction}},
                                 signlessType(resType),
                                 dynamicOnly(resType, resultDims));
    }
    SmallVector<int64_t> axes{axis};
    auto [keptShape, outMap] =
        reducedShapeAndMap(op.getContext(), work.getShape(), axes);
    Type valType = work.getElementType();
    Type idxType = rewriter.getI64Type();
    auto valTensor = RankedTensorType::get(keptShape, valType);
    auto idxTensor = RankedTensorType::get(keptShape, idxType);
    Value vInit = linalg::FillOp::create(rewriter, loc, identity(rewriter, loc, r, in),
                                         emptyTensor(rewriter, loc, valTensor,
                                                     keptDyn))
                      .getResult(0);
    Value iInit =
        linalg::FillOp::create(
            rewriter, loc,
            Value(arith::ConstantOp::create(rewriter, loc,
                                            rewriter.getI64IntegerAttr(0))),
            emptyTensor(rewriter, loc, idxTensor, keptDyn))
            .getResult(0);
    SmallVector<utils::IteratorType> iterators;
    for (int64_t i = 0; i < work.getRank(); ++i)
      iterators.push_back(i == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(work.getRank()),
                                outMap, outMap};
    sem::Ufunc better = r == R::ArgMax ? sem::Ufunc::Greater : sem::Ufunc::Less;
    FailureOr<linalg::GenericOp> generic = buildGeneric(
        rewriter, loc, TypeRange{valTensor, idxTensor}, input,
        ValueRange{vInit, iInit}, maps, iterators,
        [&](OpBuilder &b, Location l,
            ValueRange args) -> FailureOr<SmallVector<Value>> {
          Value x = args[0], best = args[1], bestIdx = args[2];
          FailureOr<Value> take =
              emitUfuncScalar(b, l, better, in, sem::DType::Bool, {x, best});
          if (failed(take))
            return failure();
          Value t = *take;
          if (sem::isInexact(in)) {
            FailureOr<Value> xNan = emitUfuncScalar(b, l, sem::Ufunc::IsNan, in,
                                                    sem::DType::Bool, {x});
            FailureOr<Value> bNan = emitUfuncScalar(b, l, sem::Ufunc::IsNan, in,
                                                    sem::DType::Bool, {best});
            if (failed(xNan) || failed(bNan))
              return failure();
            Value notB = arith::XOrIOp::create(
                b, l, *bNan,
                arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
            // The first NaN wins and then stays.
            t = arith::OrIOp::create(b, l, arith::AndIOp::create(b, l, t, notB),
                                     arith::AndIOp::create(b, l, *xNan, notB));
          }
          Value idx = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          return SmallVector<Value>{
              arith::SelectOp::create(b, l, t, x, best),
              arith::SelectOp::create(b, l, t, idx, bestIdx)};
        });
    if (failed(generic))
      return failure();
    Value result = toResultShape(rewriter, loc, generic->getResult(1),
                                 signlessType(resType), resultDims);
    if (guard) {
      scf::YieldOp::create(rewriter, loc, result);
      rewriter.setInsertionPointAfter(guard);
      result = guard.getResult(0);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void mlir::tnp::populateTNPReductionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ReductionLowering<SumOp>, ReductionLowering<ProdOp>,
               ReductionLowering<MeanOp>, ReductionLowering<MaxOp>,
               ReductionLowering<MinOp>, ReductionLowering<AnyOp>,
               ReductionLowering<AllOp>, ArgReductionLowering<ArgMaxOp>,
               ArgReductionLowering<ArgMinOp>>(converter, ctx);
}
