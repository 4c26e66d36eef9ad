//===- LinearAlgebra.cpp - tnp matmul and dot to linalg -------------------===//
//
// Part of tnp. 2-D float/int matmuls become linalg.matmul (the named op the
// later tiling and vectorization recognise); every other form (1-D operands,
// broadcast batch dims, bool and complex, np.dot's N-D rule) is one
// contraction linalg.generic whose indexing maps encode the NumPy rule, so no
// operand is materialized in a broadcast or reshaped form.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPOps.h"

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;
namespace sem = ::tnp::sem;

/// Iteration-space layout of a contraction: parallel dims then one reduction
/// dim `k`; maps of lhs, rhs and result over it.
struct Contraction {
  int64_t numDims = 0;
  SmallVector<AffineMap, 3> maps;
};

/// np.matmul: batch dims (broadcast, aligned right) + M (lhs >= 2-D) + N
/// (rhs >= 2-D) + K.
static Contraction matmulContraction(MLIRContext *ctx, ArrayRef<int64_t> a,
                                     ArrayRef<int64_t> b,
                                     ArrayRef<int64_t> result) {
  int64_t ra = a.size(), rb = b.size();
  bool hasM = ra >= 2, hasN = rb >= 2;
  int64_t nbA = std::max<int64_t>(ra - 2, 0), nbB = std::max<int64_t>(rb - 2, 0);
  int64_t nb = std::max(nbA, nbB);
  int64_t m = nb, n = nb + (hasM ? 1 : 0), k = n + (hasN ? 1 : 0);
  Contraction c;
  c.numDims = k + 1;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  auto batchExprs = [&](ArrayRef<int64_t> shape, int64_t nbX) {
    SmallVector<AffineExpr> e;
    for (int64_t j = 0; j < nbX; ++j) {
      int64_t dim = j + nb - nbX;
      // A static 1 against a larger batch dim broadcasts.
      if (shape[j] == 1 && result[dim] != 1)
        e.push_back(getAffineConstantExpr(0, ctx));
      else
        e.push_back(d(dim));
    }
    return e;
  };
  SmallVector<AffineExpr> ea = batchExprs(a, nbA);
  if (hasM)
    ea.push_back(d(m));
  ea.push_back(d(k));
  SmallVector<AffineExpr> eb = batchExprs(b, nbB);
  eb.push_back(d(k));
  if (hasN)
    eb.push_back(d(n));
  SmallVector<AffineExpr> er;
  for (int64_t i = 0; i < nb; ++i)
    er.push_back(d(i));
  if (hasM)
    er.push_back(d(m));
  if (hasN)
    er.push_back(d(n));
  c.maps = {AffineMap::get(c.numDims, 0, ea, ctx),
            AffineMap::get(c.numDims, 0, eb, ctx),
            AffineMap::get(c.numDims, 0, er, ctx)};
  return c;
}

/// np.dot of N-D by M-D (N, M >= 1): sum over the last axis of a and the
/// second-to-last of b (the only axis of a 1-D b).
static Contraction dotContraction(MLIRContext *ctx, int64_t ra, int64_t rb) {
  int64_t aOuter = ra - 1, bPre = std::max<int64_t>(rb - 2, 0);
  bool hasN = rb >= 2;
  int64_t n = aOuter + bPre, k = n + (hasN ? 1 : 0);
  Contraction c;
  c.numDims = k + 1;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> ea, eb, er;
  for (int64_t i = 0; i < aOuter; ++i)
    ea.push_back(d(i));
  ea.push_back(d(k));
  for (int64_t i = 0; i < bPre; ++i)
    eb.push_back(d(aOuter + i));
  eb.push_back(d(k));
  if (hasN)
    eb.push_back(d(n));
  for (int64_t i = 0; i < aOuter + bPre; ++i)
    er.push_back(d(i));
  if (hasN)
    er.push_back(d(n));
  c.maps = {AffineMap::get(c.numDims, 0, ea, ctx),
            AffineMap::get(c.numDims, 0, eb, ctx),
            AffineMap::get(c.numDims, 0, er, ctx)};
  return c;
}

/// Lowers a contraction: result = sum_k lhs * rhs in dtype `t` (bool: or of
/// ands, as NumPy's bool matmul).
static LogicalResult lowerContraction(Operation *op, Value lhs, Value rhs,
                                      const Contraction &c, sem::DType t,
                                      ConversionPatternRewriter &rewriter) {
  Location loc = op->getLoc();
  RankedTensorType outType =
      signlessType(cast<RankedTensorType>(op->getResult(0).getType()));
  Value init = emptyTensor(rewriter, loc, outType);
  Value filled =
      linalg::FillOp::create(rewriter, loc, emitScalarConstant(rewriter, loc, t, 0.0),
                             init)
          .getResult(0);
  SmallVector<utils::IteratorType> iterators(c.numDims - 1,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  FailureOr<linalg::GenericOp> generic = buildGeneric(
      rewriter, loc, outType, ValueRange{lhs, rhs}, filled, c.maps, iterators,
      [&](OpBuilder &b, Location l,
          ValueRange args) -> FailureOr<SmallVector<Value>> {
        FailureOr<Value> prod =
            emitUfuncScalar(b, l, sem::Ufunc::Multiply, t, t, {args[0], args[1]});
        if (failed(prod))
          return failure();
        FailureOr<Value> sum =
            emitUfuncScalar(b, l, sem::Ufunc::Add, t, t, {args[2], *prod});
        if (failed(sum))
          return failure();
        return SmallVector<Value>{*sum};
      });
  if (failed(generic))
    return failure();
  rewriter.replaceOp(op, generic->getResults());
  return success();
}

/// The common dtype of a matmul/dot in the explicit-dtypes form.
static FailureOr<sem::DType> contractionDType(Operation *op) {
  std::optional<sem::DType> a = dtypeOf(op->getOperand(0)),
                            b = dtypeOf(op->getOperand(1)),
                            r = dtypeOf(op->getResult(0));
  if (!a || a != b || a != r)
    return op->emitOpError() << "is not in the explicit-dtypes form; run "
                                "tnp-make-casts-explicit first";
  for (Value v : op->getOperands())
    if (!cast<RankedTensorType>(v.getType()).hasStaticShape())
      return unsupportedOp(op, "a contraction of dynamic shapes");
  return *a;
}

namespace {
struct MatmulLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<sem::DType> t = contractionDType(op);
    if (failed(t))
      return failure();
    auto a = cast<RankedTensorType>(op.getLhs().getType());
    auto b = cast<RankedTensorType>(op.getRhs().getType());
    if (a.getRank() == 2 && b.getRank() == 2 &&
        (sem::isFloat(*t) || sem::isInteger(*t))) {
      Location loc = op.getLoc();
      RankedTensorType outType = signlessType(op.getType());
      Value filled =
          linalg::FillOp::create(rewriter, loc,
                                 emitScalarConstant(rewriter, loc, *t, 0.0),
                                 emptyTensor(rewriter, loc, outType))
              .getResult(0);
      rewriter.replaceOp(op, linalg::MatmulOp::create(
                                 rewriter, loc, ValueRange{adaptor.getLhs(),
                                                           adaptor.getRhs()},
                                 ValueRange{filled})
                                 .getResults());
      return success();
    }
    return lowerContraction(op, adaptor.getLhs(), adaptor.getRhs(),
                            matmulContraction(op.getContext(), a.getShape(),
                                              b.getShape(),
                                              op.getType().getShape()),
                            *t, rewriter);
  }
};

struct DotLowering : OpConversionPattern<DotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<sem::DType> t = contractionDType(op);
    if (failed(t))
      return failure();
    auto a = cast<RankedTensorType>(op.getLhs().getType());
    auto b = cast<RankedTensorType>(op.getRhs().getType());
    if (a.getRank() == 0 || b.getRank() == 0) {
      // np.dot with a scalar is a broadcast multiply.
      auto outType = op.getType();
      Location loc = op.getLoc();
      SmallVector<AffineMap> maps{
          broadcastMap(op.getContext(), a.getShape(), outType.getShape()),
          broadcastMap(op.getContext(), b.getShape(), outType.getShape()),
          rewriter.getMultiDimIdentityMap(outType.getRank())};
      FailureOr<linalg::GenericOp> generic = buildGeneric(
          rewriter, loc, signlessType(outType),
          ValueRange{adaptor.getLhs(), adaptor.getRhs()},
          emptyTensor(rewriter, loc, signlessType(outType)), maps,
          SmallVector<utils::IteratorType>(outType.getRank(),
                                           utils::IteratorType::parallel),
          [&](OpBuilder &bb, Location l,
              ValueRange args) -> FailureOr<SmallVector<Value>> {
            FailureOr<Value> v = emitUfuncScalar(bb, l, sem::Ufunc::Multiply,
                                                 *t, *t, {args[0], args[1]});
            if (failed(v))
              return failure();
            return SmallVector<Value>{*v};
          });
      if (failed(generic))
        return failure();
      rewriter.replaceOp(op, generic->getResults());
      return success();
    }
    return lowerContraction(op, adaptor.getLhs(), adaptor.getRhs(),
                            dotContraction(op.getContext(), a.getRank(),
                                           b.getRank()),
                            *t, rewriter);
  }
};
} // namespace

void mlir::tnp::populateTNPLinearAlgebraToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MatmulLowering, DotLowering>(converter, patterns.getContext());
}
