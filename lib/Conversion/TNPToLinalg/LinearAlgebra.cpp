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
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

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

/// Builds a contraction: result = sum_k lhs * rhs in dtype `t` (bool: or of
/// ands, as NumPy's bool matmul), into a result with `dynSizes`.
static FailureOr<Value> buildContraction(Operation *op, Value lhs, Value rhs,
                                         const Contraction &c, sem::DType t,
                                         ValueRange dynSizes,
                                         ConversionPatternRewriter &rewriter) {
  Location loc = op->getLoc();
  RankedTensorType outType =
      signlessType(cast<RankedTensorType>(op->getResult(0).getType()));
  Value init = emptyTensor(rewriter, loc, outType, dynSizes);
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
  return generic->getResult(0);
}

/// The common dtype of a matmul/dot in the explicit-dtypes form.
static FailureOr<sem::DType> contractionDType(Operation *op) {
  std::optional<sem::DType> a = dtypeOf(op->getOperand(0)),
                            b = dtypeOf(op->getOperand(1)),
                            r = dtypeOf(op->getResult(0));
  if (!a || a != b || a != r)
    return op->emitOpError() << "is not in the explicit-dtypes form; run "
                                "tnp-make-casts-explicit first";
  return *a;
}

/// The dynamic dims of `type` picked from run-time dims of every position.
static SmallVector<Value> dynamicOf(RankedTensorType type, ArrayRef<Value> dims) {
  SmallVector<Value> dyn;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dyn.push_back(dims[i]);
  return dyn;
}

/// Copies `value` (with run-time dims `dims`) broadcast to `targetDims` on
/// its leading (batch) dims: a batch dim that is 1 at run time is read at
/// index 0. Used where a dynamic batch dim may broadcast, which affine
/// indexing maps cannot express.
static Value broadcastBatch(OpBuilder &b, Location loc, Value value,
                            ArrayRef<Value> dims, int64_t numCore,
                            ArrayRef<Value> batchDims,
                            RankedTensorType targetType) {
  int64_t rank = targetType.getRank();
  int64_t nb = batchDims.size(), own = dims.size() - numCore;
  SmallVector<Value> targetDims(batchDims);
  llvm::append_range(targetDims, dims.take_back(numCore));
  Value init = emptyTensor(b, loc, targetType, dynamicOf(targetType, targetDims));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{targetType}, ValueRange{}, ValueRange{init},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &bb, Location l, ValueRange) {
        SmallVector<Value> indices;
        Value zero = arith::ConstantIndexOp::create(bb, l, 0);
        Value one = arith::ConstantIndexOp::create(bb, l, 1);
        for (int64_t j = 0; j < own + numCore; ++j) {
          Value i = linalg::IndexOp::create(bb, l, j + nb - own);
          if (j < own) {
            Value isOne = arith::CmpIOp::create(
                bb, l, arith::CmpIPredicate::eq, dims[j], one);
            i = arith::SelectOp::create(bb, l, isOne, zero, i);
          }
          indices.push_back(i);
        }
        linalg::YieldOp::create(
            bb, l, tensor::ExtractOp::create(bb, l, value, indices).getResult());
      });
  return generic.getResult(0);
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
    Location loc = op.getLoc();
    auto a = cast<RankedTensorType>(op.getLhs().getType());
    auto b = cast<RankedTensorType>(op.getRhs().getType());
    RankedTensorType outType = signlessType(op.getType());
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    bool isStatic = a.hasStaticShape() && b.hasStaticShape();

    // Run-time dims and NumPy's checks (static shapes were verified).
    int64_t ra = a.getRank(), rb = b.getRank();
    bool hasM = ra >= 2, hasN = rb >= 2;
    int64_t nbA = std::max<int64_t>(ra - 2, 0), nbB = std::max<int64_t>(rb - 2, 0);
    int64_t nb = std::max(nbA, nbB);
    SmallVector<Value> aDims = runtimeDims(rewriter, loc, lhs);
    SmallVector<Value> bDims = runtimeDims(rewriter, loc, rhs);
    SmallVector<Value> resDims, checksArgs;
    SmallVector<RuntimeCheck> checks;
    bool sharedDynamicBatch = false;
    if (!isStatic) {
      auto idx = [&](int64_t v) {
        return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
      };
      auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) {
        return arith::CmpIOp::create(rewriter, loc, p, x, y).getResult();
      };
      using P = arith::CmpIPredicate;
      Value kA = aDims.back(), kB = hasN ? bDims[rb - 2] : bDims[0];
      checks.push_back({cmp(P::ne, kA, kB), RuntimeError::MatmulCore, {kB, kA}});
      // Batch dims: each is 1 or the result's (the non-1 one).
      Value one = idx(1), batchBad = cmp(P::ne, one, one);
      for (int64_t i = 0; i < nb; ++i) {
        int64_t ja = i - (nb - nbA), jb = i - (nb - nbB);
        Value r = one;
        for (Value d : {ja >= 0 ? aDims[ja] : Value(), jb >= 0 ? bDims[jb] : Value()})
          if (d)
            r = arith::SelectOp::create(rewriter, loc, cmp(P::eq, d, one), r, d);
        for (Value d : {ja >= 0 ? aDims[ja] : Value(), jb >= 0 ? bDims[jb] : Value()})
          if (d)
            batchBad = arith::OrIOp::create(
                rewriter, loc, batchBad,
                arith::AndIOp::create(rewriter, loc, cmp(P::ne, d, one),
                                      cmp(P::ne, d, r)));
        if (ja >= 0 && jb >= 0 && (a.isDynamicDim(ja) || b.isDynamicDim(jb)))
          sharedDynamicBatch = true;
        resDims.push_back(r);
      }
      // "(2,2,3)->(2,newaxis,newaxis) ...  and requested shape (2,2)".
      SmallVector<Value> args, core;
      auto remapped = [&](ArrayRef<Value> dims, int64_t nbX, int64_t numCore) {
        appendShapeArgs(rewriter, loc, args, dims);
        SmallVector<Value> r(dims.take_front(nbX));
        r.append(numCore, idx(-1));
        appendShapeArgs(rewriter, loc, args, r);
      };
      remapped(aDims, nbA, hasM ? 2 : 1);
      remapped(bDims, nbB, hasN ? 2 : 1);
      if (hasM)
        core.push_back(aDims[ra - 2]);
      if (hasN)
        core.push_back(bDims[rb - 1]);
      appendShapeArgs(rewriter, loc, args, core);
      checks.push_back({batchBad, RuntimeError::MatmulBatch, args});
      if (hasM)
        resDims.push_back(aDims[ra - 2]);
      if (hasN)
        resDims.push_back(bDims[rb - 1]);
    }
    scf::IfOp guard;
    if (!checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, checks, outType);
    SmallVector<Value> dynSizes =
        isStatic ? SmallVector<Value>{} : dynamicOf(outType, resDims);

    FailureOr<Value> result;
    if (ra == 2 && rb == 2 && (sem::isFloat(*t) || sem::isInteger(*t))) {
      Value filled =
          linalg::FillOp::create(rewriter, loc,
                                 emitScalarConstant(rewriter, loc, *t, 0.0),
                                 emptyTensor(rewriter, loc, outType, dynSizes))
              .getResult(0);
      result = linalg::MatmulOp::create(rewriter, loc, ValueRange{lhs, rhs},
                                        ValueRange{filled})
                   .getResult(0);
    } else {
      SmallVector<int64_t> aShape(a.getShape()), bShape(b.getShape());
      if (sharedDynamicBatch) {
        // A dynamic batch dim may be 1 at run time and broadcast: copy both
        // operands to the full batch shape so the maps are plain.
        ArrayRef<Value> batch = ArrayRef<Value>(resDims).take_front(nb);
        auto widen = [&](Value v, RankedTensorType ty, ArrayRef<Value> dims,
                         int64_t numCore, SmallVector<int64_t> &shape) {
          shape.assign(op.getType().getShape().take_front(nb).begin(),
                       op.getType().getShape().take_front(nb).end());
          llvm::append_range(shape, ty.getShape().take_back(numCore));
          auto target = RankedTensorType::get(
              shape, signlessType(ty).getElementType());
          return broadcastBatch(rewriter, loc, v, dims, numCore, batch, target);
        };
        lhs = widen(lhs, a, aDims, hasM ? 2 : 1, aShape);
        rhs = widen(rhs, b, bDims, hasN ? 2 : 1, bShape);
      }
      result = buildContraction(
          op, lhs, rhs,
          matmulContraction(op.getContext(), aShape, bShape,
                            op.getType().getShape()),
          *t, dynSizes, rewriter);
    }
    if (failed(result)) {
      if (guard)
        rewriter.eraseOp(guard);
      return failure();
    }
    replaceGuarded(rewriter, op, guard, *result);
    return success();
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
    auto outType = op.getType();
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    SmallVector<Value> aDims = runtimeDims(rewriter, loc, lhs);
    SmallVector<Value> bDims = runtimeDims(rewriter, loc, rhs);
    if (a.getRank() == 0 || b.getRank() == 0) {
      // np.dot with a scalar is a broadcast multiply.
      SmallVector<AffineMap> maps{
          broadcastMap(op.getContext(), a.getShape(), outType.getShape()),
          broadcastMap(op.getContext(), b.getShape(), outType.getShape()),
          rewriter.getMultiDimIdentityMap(outType.getRank())};
      ArrayRef<Value> resDims = a.getRank() == 0 ? bDims : aDims;
      FailureOr<linalg::GenericOp> generic = buildGeneric(
          rewriter, loc, signlessType(outType), ValueRange{lhs, rhs},
          emptyTensor(rewriter, loc, signlessType(outType),
                      dynamicOf(outType, resDims)),
          maps,
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
    // Result dims: a's but the last, b's but the contracted one.
    int64_t ra = a.getRank(), rb = b.getRank();
    int64_t kdimB = rb >= 2 ? rb - 2 : 0;
    SmallVector<Value> resDims(ArrayRef<Value>(aDims).drop_back());
    for (int64_t i = 0; i < rb; ++i)
      if (i != kdimB)
        resDims.push_back(bDims[i]);
    scf::IfOp guard;
    if (!a.hasStaticShape() || !b.hasStaticShape()) {
      // "shapes (2,3) and (4,2) not aligned: 3 (dim 1) != 4 (dim 0)".
      SmallVector<Value> args;
      appendShapeArgs(rewriter, loc, args, aDims);
      appendShapeArgs(rewriter, loc, args, bDims);
      auto idx = [&](int64_t v) {
        return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
      };
      args.append({aDims.back(), idx(ra - 1), bDims[kdimB], idx(kdimB)});
      Value bad = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ne,
                                        aDims.back(), bDims[kdimB]);
      guard = guardRuntimeChecks(rewriter, loc,
                                 {{bad, RuntimeError::DotNotAligned, args}},
                                 signlessType(outType));
    }
    FailureOr<Value> result = buildContraction(
        op, lhs, rhs, dotContraction(op.getContext(), ra, rb), *t,
        dynamicOf(outType, resDims), rewriter);
    if (failed(result)) {
      if (guard)
        rewriter.eraseOp(guard);
      return failure();
    }
    replaceGuarded(rewriter, op, guard, *result);
    return success();
  }
};
} // namespace

void mlir::tnp::populateTNPLinearAlgebraToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MatmulLowering, DotLowering>(converter, patterns.getContext());
}
