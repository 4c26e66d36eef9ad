//===- TNPFolds.cpp - tnp folders and canonicalization patterns -----------===//
//
// Part of tnp. Small constant folding (at most kMaxFoldElements elements, so
// folding never blows up compile time or IR size), identity removal, and
// reshape / transpose / astype chains.
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPBuilders.h"
#include "TNP/IR/TNPOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;

/// Constants larger than this are not folded.
static constexpr int64_t kMaxFoldElements = 1024;

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// astype
//===----------------------------------------------------------------------===//

/// The elements of a dense constant as Python scalars.
static std::optional<std::vector<sem::Scalar>> toScalars(DenseElementsAttr d) {
  std::vector<sem::Scalar> out;
  Type et = d.getElementType();
  if (auto it = dyn_cast<IntegerType>(et)) {
    for (const APInt &v : d.getValues<APInt>()) {
      if (it.getWidth() == 1)
        out.push_back(sem::Scalar::fromBool(!v.isZero()));
      else if (it.isUnsigned())
        out.push_back(sem::Scalar::fromUInt(v.getZExtValue()));
      else
        out.push_back(sem::Scalar::fromInt(v.getSExtValue()));
    }
    return out;
  }
  if (isa<FloatType>(et)) {
    for (const APFloat &v : d.getValues<APFloat>())
      out.push_back(sem::Scalar::fromFloat(v.convertToDouble()));
    return out;
  }
  if (isa<ComplexType>(et)) {
    for (const std::complex<APFloat> &v : d.getValues<std::complex<APFloat>>())
      out.push_back(sem::Scalar::fromComplex(v.real().convertToDouble(),
                                             v.imag().convertToDouble()));
    return out;
  }
  return std::nullopt;
}

OpFoldResult AstypeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto rt = cast<RankedTensorType>(getType());
  if (!dense || !rt.hasStaticShape())
    return {};
  if (dense.isSplat()) {
    // Convert the one value: never walk a splat's elements.
    std::optional<std::vector<sem::Scalar>> one = toScalars(
        DenseElementsAttr::get(RankedTensorType::get({}, dense.getElementType()),
                               dense.getSplatValue<Attribute>()));
    if (!one || one->size() != 1)
      return {};
    return makeDenseAttr(rt, *one);
  }
  if (rt.getNumElements() > kMaxFoldElements)
    return {};
  std::optional<std::vector<sem::Scalar>> values = toScalars(dense);
  if (!values)
    return {};
  return makeDenseAttr(rt, *values);
}

namespace {
/// astype(astype(x, B), C) -> astype(x, C) when every value of x's dtype A is
/// exactly representable in B (castPreservesValues; NumPy's "safe" casts
/// such as int64 -> float64 round and do not qualify): the second cast then
/// sees exactly x's values.
struct FoldSafeAstypeChain : OpRewritePattern<AstypeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AstypeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<AstypeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not an astype");
    std::optional<sem::PromotedType> a = toPromotedType(inner.getInput().getType());
    std::optional<sem::PromotedType> b = toPromotedType(inner.getType());
    if (!a || !b || !sem::castPreservesValues(a->dtype, b->dtype))
      return rewriter.notifyMatchFailure(op, "inner cast may change values");
    rewriter.replaceOpWithNewOp<AstypeOp>(op, op.getType(), inner.getInput());
    return success();
  }
};
} // namespace

void AstypeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<FoldSafeAstypeChain>(context);
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  // With size operands the run-time sizes may differ from the input's.
  if (getInput().getType() == getType() && getDynamicSizes().empty())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    if (cast<RankedTensorType>(getType()).hasStaticShape())
      return dense.reshape(cast<ShapedType>(getType()));
  // reshape(reshape(x)) -> reshape(x): row-major order is preserved. Only
  // for a static x: with dynamic dims the inner reshape's run-time size
  // check would be lost.
  auto inner = getInput().getDefiningOp<ReshapeOp>();
  if (inner && inner.getDynamicSizes().empty() &&
      cast<RankedTensorType>(inner.getInput().getType()).hasStaticShape()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    if (dense.isSplat())
      return dense.resizeSplat(cast<ShapedType>(getType()));
  // transpose(transpose(x, p1), p2) -> transpose(x, p1[p2[i]]).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> p1 = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t i : perm)
      composed.push_back(p1[i]);
    setPermutation(composed);
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() && getDynamicSizes().empty())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    if (dense.isSplat() && cast<RankedTensorType>(getType()).hasStaticShape())
      return dense.resizeSplat(cast<ShapedType>(getType()));
  return {};
}

/// Whether a constant may stand for the result. (A weak result is never
/// materialized as a constant: TNPDialect::materializeConstant drops it.)
static bool foldableConstantType(Type t) {
  return cast<RankedTensorType>(t).hasStaticShape();
}

/// expand_dims / squeeze: no axes is the identity, and a constant is
/// reshaped (row-major order is unchanged).
template <typename OpTy>
static OpFoldResult foldUnitDims(OpTy op, Attribute input) {
  if (op.getAxes().empty())
    return op.getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(input))
    if (foldableConstantType(op.getType()))
      return dense.reshape(cast<ShapedType>(op.getType()));
  return {};
}

OpFoldResult ExpandDimsOp::fold(FoldAdaptor adaptor) {
  return foldUnitDims(*this, adaptor.getInput());
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  return foldUnitDims(*this, adaptor.getInput());
}

OpFoldResult ConcatenateOp::fold(FoldAdaptor) {
  // One array: nothing to join (only when no cast is needed).
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

LogicalResult SplitOp::fold(FoldAdaptor,
                            SmallVectorImpl<OpFoldResult> &results) {
  // One piece that is the whole array (a dynamic axis keeps its run-time
  // checks).
  if (getNumResults() != 1 || getResult(0).getType() != getInput().getType() ||
      !cast<RankedTensorType>(getInput().getType()).hasStaticShape())
    return failure();
  results.push_back(getInput());
  return success();
}

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

/// The truth value of a splat constant (nonzero, NaN included, is true).
static std::optional<bool> splatTruth(Attribute a) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(a);
  if (!dense || !dense.isSplat())
    return std::nullopt;
  Type et = dense.getElementType();
  if (isa<IntegerType>(et))
    return !dense.getSplatValue<APInt>().isZero();
  if (isa<FloatType>(et))
    return !dense.getSplatValue<APFloat>().isZero();
  if (isa<ComplexType>(et)) {
    auto c = dense.getSplatValue<std::complex<APFloat>>();
    return !c.real().isZero() || !c.imag().isZero();
  }
  return std::nullopt;
}

/// Whether `operand` broadcasts into `target`'s shape without changing it,
/// whatever the run-time sizes: each of its dims is a static 1 or the same
/// static size as `target`'s. (A dynamic dim could broadcast `target`, or
/// not match it: a `broadcast` error.)
static bool broadcastsInto(Type operand, Type target) {
  auto o = dyn_cast<RankedTensorType>(operand);
  auto t = dyn_cast<RankedTensorType>(target);
  if (!o || !t || o.getRank() > t.getRank())
    return false;
  for (int64_t j = 0; j < o.getRank(); ++j) {
    int64_t d = j + t.getRank() - o.getRank();
    if (o.getDimSize(j) == 1)
      continue;
    if (o.isDynamicDim(j) || o.getDimSize(j) != t.getDimSize(d))
      return false;
  }
  return true;
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  // Only where the chosen operand already has the result's type (no cast)
  // and shape: the others broadcast into it without changing it.
  Value chosen;
  if (std::optional<bool> t = splatTruth(adaptor.getCondition()))
    chosen = *t ? getX() : getY();
  else if (getX() == getY())
    chosen = getX();
  if (!chosen || chosen.getType() != getType())
    return {};
  for (Value v : getOperands())
    if (v != chosen && !broadcastsInto(v.getType(), chosen.getType()))
      return {};
  return chosen;
}

//===----------------------------------------------------------------------===//
// Ufuncs
//===----------------------------------------------------------------------===//

namespace {
/// Elementwise evaluation of the integer and float ufuncs whose NumPy result
/// is the plain IEEE / two's-complement operation in the operands' dtype.
struct UfuncEvaluator {
  sem::Ufunc u;
  bool isUnsigned;

  std::optional<APInt> evalInt(const APInt &a, const APInt *b) const {
    using U = sem::Ufunc;
    switch (u) {
    case U::Add:
      return a + *b;
    case U::Subtract:
      return a - *b;
    case U::Multiply:
      return a * *b;
    case U::Square:
      return a * a;
    case U::Negative:
      return -a;
    case U::Positive:
      return a;
    case U::Abs:
      return isUnsigned ? a : (a.isNegative() ? -a : a);
    case U::Maximum:
      return (isUnsigned ? a.uge(*b) : a.sge(*b)) ? a : *b;
    case U::Minimum:
      return (isUnsigned ? a.ule(*b) : a.sle(*b)) ? a : *b;
    case U::BitwiseAnd:
      return a & *b;
    case U::BitwiseOr:
      return a | *b;
    case U::BitwiseXor:
      return a ^ *b;
    case U::Invert:
      return ~a;
    default:
      return std::nullopt;
    }
  }

  std::optional<bool> cmpInt(const APInt &a, const APInt &b) const {
    using U = sem::Ufunc;
    switch (u) {
    case U::Equal:
      return a == b;
    case U::NotEqual:
      return a != b;
    case U::Less:
      return isUnsigned ? a.ult(b) : a.slt(b);
    case U::LessEqual:
      return isUnsigned ? a.ule(b) : a.sle(b);
    case U::Greater:
      return isUnsigned ? a.ugt(b) : a.sgt(b);
    case U::GreaterEqual:
      return isUnsigned ? a.uge(b) : a.sge(b);
    default:
      return std::nullopt;
    }
  }

  std::optional<APFloat> evalFloat(APFloat a, const APFloat *b) const {
    using U = sem::Ufunc;
    const auto rm = APFloat::rmNearestTiesToEven;
    switch (u) {
    case U::Add:
      a.add(*b, rm);
      return a;
    case U::Subtract:
      a.subtract(*b, rm);
      return a;
    case U::Multiply:
      a.multiply(*b, rm);
      return a;
    case U::Square: {
      APFloat c = a;
      a.multiply(c, rm);
      return a;
    }
    case U::Negative:
      a.changeSign();
      return a;
    case U::Positive:
      return a;
    case U::Abs:
      a.clearSign();
      return a;
    case U::Maximum:
      return llvm::maximum(a, *b);
    case U::Minimum:
      return llvm::minimum(a, *b);
    default:
      return std::nullopt;
    }
  }

  std::optional<bool> cmpFloat(const APFloat &a, const APFloat &b) const {
    using U = sem::Ufunc;
    APFloat::cmpResult r = a.compare(b);
    switch (u) {
    case U::Equal:
      return r == APFloat::cmpEqual;
    case U::NotEqual:
      return r != APFloat::cmpEqual;
    case U::Less:
      return r == APFloat::cmpLessThan;
    case U::LessEqual:
      return r == APFloat::cmpLessThan || r == APFloat::cmpEqual;
    case U::Greater:
      return r == APFloat::cmpGreaterThan;
    case U::GreaterEqual:
      return r == APFloat::cmpGreaterThan || r == APFloat::cmpEqual;
    default:
      return std::nullopt;
    }
  }
};
} // namespace

/// Folds a ufunc whose operands are small constants of one dtype (the
/// explicit-dtype form) that either splat or have the result's shape.
static OpFoldResult foldUfunc(Operation *op, ArrayRef<Attribute> operands) {
  auto rt = cast<RankedTensorType>(op->getResult(0).getType());
  if (!rt.hasStaticShape() || rt.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<DenseElementsAttr> dense;
  Type et;
  for (auto [attr, v] : llvm::zip(operands, op->getOperands())) {
    auto d = dyn_cast_or_null<DenseElementsAttr>(attr);
    if (!d)
      return {};
    if (!d.isSplat() && cast<ShapedType>(d.getType()).getShape() != rt.getShape())
      return {};
    if (et && d.getElementType() != et)
      return {};
    et = d.getElementType();
    dense.push_back(d);
  }
  bool isCompare = rt.getElementType().isInteger(1) && !et.isInteger(1);
  if (!isCompare && rt.getElementType() != et)
    return {};
  UfuncEvaluator ev{cast<UfuncOpInterface>(op).getUfunc(), et.isUnsignedInteger()};
  int64_t n = rt.getNumElements();
  auto elem = [&](unsigned k, int64_t i) { return dense[k].isSplat() ? 0 : i; };
  bool binary = dense.size() == 2;
  if (auto it = dyn_cast<IntegerType>(et)) {
    if (it.getWidth() == 1)
      return {}; // bool arithmetic has its own NumPy meanings; not folded.
    SmallVector<APInt> a(dense[0].getValues<APInt>());
    SmallVector<APInt> b;
    if (binary)
      b.assign(dense[1].getValues<APInt>().begin(), dense[1].getValues<APInt>().end());
    if (isCompare) {
      if (!binary)
        return {};
      SmallVector<bool> out;
      for (int64_t i = 0; i < n; ++i) {
        std::optional<bool> r = ev.cmpInt(a[elem(0, i)], b[elem(1, i)]);
        if (!r)
          return {};
        out.push_back(*r);
      }
      return DenseElementsAttr::get(rt, ArrayRef<bool>(out));
    }
    SmallVector<APInt> out;
    for (int64_t i = 0; i < n; ++i) {
      std::optional<APInt> r =
          ev.evalInt(a[elem(0, i)], binary ? &b[elem(1, i)] : nullptr);
      if (!r)
        return {};
      out.push_back(*r);
    }
    return DenseElementsAttr::get(rt, ArrayRef<APInt>(out));
  }
  if (isa<FloatType>(et)) {
    SmallVector<APFloat> a(dense[0].getValues<APFloat>());
    SmallVector<APFloat> b;
    if (binary)
      b.assign(dense[1].getValues<APFloat>().begin(),
               dense[1].getValues<APFloat>().end());
    if (isCompare) {
      if (!binary)
        return {};
      SmallVector<bool> out;
      for (int64_t i = 0; i < n; ++i) {
        std::optional<bool> r = ev.cmpFloat(a[elem(0, i)], b[elem(1, i)]);
        if (!r)
          return {};
        out.push_back(*r);
      }
      return DenseElementsAttr::get(rt, ArrayRef<bool>(out));
    }
    SmallVector<APFloat> out;
    for (int64_t i = 0; i < n; ++i) {
      std::optional<APFloat> r =
          ev.evalFloat(a[elem(0, i)], binary ? &b[elem(1, i)] : nullptr);
      if (!r)
        return {};
      out.push_back(*r);
    }
    return DenseElementsAttr::get(rt, ArrayRef<APFloat>(out));
  }
  return {};
}

#define TNP_UFUNC_FOLD(OP)                                                     \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                 \
    return foldUfunc(*this, adaptor.getOperands());                            \
  }
TNP_UFUNC_FOLD(AddOp)
TNP_UFUNC_FOLD(SubtractOp)
TNP_UFUNC_FOLD(MultiplyOp)
TNP_UFUNC_FOLD(TrueDivideOp)
TNP_UFUNC_FOLD(FloorDivideOp)
TNP_UFUNC_FOLD(ModOp)
TNP_UFUNC_FOLD(PowerOp)
TNP_UFUNC_FOLD(NegativeOp)
TNP_UFUNC_FOLD(PositiveOp)
TNP_UFUNC_FOLD(AbsOp)
TNP_UFUNC_FOLD(SignOp)
TNP_UFUNC_FOLD(SquareOp)
TNP_UFUNC_FOLD(ReciprocalOp)
TNP_UFUNC_FOLD(MaximumOp)
TNP_UFUNC_FOLD(MinimumOp)
TNP_UFUNC_FOLD(SqrtOp)
TNP_UFUNC_FOLD(ExpOp)
TNP_UFUNC_FOLD(LogOp)
TNP_UFUNC_FOLD(Log1pOp)
TNP_UFUNC_FOLD(Expm1Op)
TNP_UFUNC_FOLD(SinOp)
TNP_UFUNC_FOLD(CosOp)
TNP_UFUNC_FOLD(TanOp)
TNP_UFUNC_FOLD(ArcsinOp)
TNP_UFUNC_FOLD(ArccosOp)
TNP_UFUNC_FOLD(ArctanOp)
TNP_UFUNC_FOLD(Arctan2Op)
TNP_UFUNC_FOLD(SinhOp)
TNP_UFUNC_FOLD(CoshOp)
TNP_UFUNC_FOLD(TanhOp)
TNP_UFUNC_FOLD(FloorOp)
TNP_UFUNC_FOLD(CeilOp)
TNP_UFUNC_FOLD(RoundOp)
TNP_UFUNC_FOLD(IsNanOp)
TNP_UFUNC_FOLD(IsInfOp)
TNP_UFUNC_FOLD(IsFiniteOp)
TNP_UFUNC_FOLD(EqualOp)
TNP_UFUNC_FOLD(NotEqualOp)
TNP_UFUNC_FOLD(LessOp)
TNP_UFUNC_FOLD(LessEqualOp)
TNP_UFUNC_FOLD(GreaterOp)
TNP_UFUNC_FOLD(GreaterEqualOp)
TNP_UFUNC_FOLD(LogicalAndOp)
TNP_UFUNC_FOLD(LogicalOrOp)
TNP_UFUNC_FOLD(LogicalXorOp)
TNP_UFUNC_FOLD(LogicalNotOp)
TNP_UFUNC_FOLD(BitwiseAndOp)
TNP_UFUNC_FOLD(BitwiseOrOp)
TNP_UFUNC_FOLD(BitwiseXorOp)
TNP_UFUNC_FOLD(InvertOp)
#undef TNP_UFUNC_FOLD
