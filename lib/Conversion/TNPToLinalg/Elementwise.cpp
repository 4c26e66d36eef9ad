//===- Elementwise.cpp - tnp ufuncs, astype, where, clip to linalg --------===//
//
// Part of tnp. One linalg.generic per op with broadcasting indexing maps (a
// guarded, clamped-read generic where dims are dynamic); the element rules
// are in ScalarOps.cpp.
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

/// Lowers an elementwise op with dynamic dims. A dynamic dim may be 1 at run
/// time (NumPy then broadcasts it), so the result dims are computed at run
/// time and checked: every operand dim must be 1 or the result's. A mismatch
/// raises the `broadcast` error and computes nothing (the guard yields an
/// empty result that the entry point discards). Operands are read with
/// tensor.extract at indices that are 0 along broadcast dims.
///
/// `requested` (broadcast_to) gives the dynamic result dims instead; they
/// are checked for negative values and named in the error, as
/// np.broadcast_to does.
static LogicalResult lowerDynamicElementwise(
    Operation *op, ValueRange inputs, ConversionPatternRewriter &rewriter,
    function_ref<FailureOr<Value>(OpBuilder &, Location, ValueRange)> element,
    std::optional<ValueRange> requested = std::nullopt,
    ArrayRef<RuntimeCheck> extraChecks = {}) {
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  RankedTensorType outType = signlessType(resultType);
  int64_t rank = resultType.getRank();
  // The tensor operands (broadcast_to's sizes are not broadcast).
  ValueRange operands = op->getOperands().take_front(inputs.size());
  auto idx = [&](int64_t v) {
    return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
  };
  auto cmpEq = [&](Value a, Value b) {
    return arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq, a, b)
        .getResult();
  };
  // Run-time sizes of every operand dim.
  SmallVector<SmallVector<Value>> dims;
  for (auto [v, in] : llvm::zip(operands, inputs)) {
    auto t = cast<RankedTensorType>(v.getType());
    SmallVector<Value> ds;
    for (int64_t j = 0; j < t.getRank(); ++j)
      ds.push_back(dimOf(rewriter, loc, in, j));
    dims.push_back(ds);
  }
  // Result dims: static where the type says so, else the non-1 operand size.
  SmallVector<Value> resDims, dynSizes;
  Value one = idx(1);
  unsigned nextRequested = 0;
  for (int64_t d = 0; d < rank; ++d) {
    Value r;
    if (!resultType.isDynamicDim(d)) {
      r = idx(resultType.getDimSize(d));
    } else if (requested) {
      r = (*requested)[nextRequested++];
      dynSizes.push_back(r);
    } else {
      r = one;
      for (auto [k, v] : llvm::enumerate(operands)) {
        int64_t j = d - (rank - cast<RankedTensorType>(v.getType()).getRank());
        if (j < 0)
          continue;
        Value od = dims[k][j];
        r = arith::SelectOp::create(rewriter, loc, cmpEq(od, one), r, od);
      }
      dynSizes.push_back(r);
    }
    resDims.push_back(r);
  }
  // Every operand dim is 1 or the result's.
  Value ok = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
  for (auto [k, v] : llvm::enumerate(operands)) {
    int64_t r = cast<RankedTensorType>(v.getType()).getRank();
    for (int64_t j = 0; j < r; ++j) {
      Value od = dims[k][j];
      Value good = arith::OrIOp::create(rewriter, loc, cmpEq(od, one),
                                        cmpEq(od, resDims[j + rank - r]));
      ok = arith::AndIOp::create(rewriter, loc, ok, good);
    }
  }
  SmallVector<RuntimeCheck> checks;
  if (!requested) {
    SmallVector<Value> args{idx(static_cast<int64_t>(dims.size()))};
    for (ArrayRef<Value> ds : dims)
      appendShapeArgs(rewriter, loc, args, ds);
    checks.push_back({arith::XOrIOp::create(rewriter, loc, ok,
                                            arith::ConstantIntOp::create(
                                                rewriter, loc, 1, 1)),
                      RuntimeError::DynamicBroadcast, args});
  } else {
    Value negative = arith::ConstantIntOp::create(rewriter, loc, 0, 1);
    for (Value r : *requested)
      negative = arith::OrIOp::create(
          rewriter, loc, negative,
          arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt, r,
                                idx(0)));
    SmallVector<Value> args;
    appendShapeArgs(rewriter, loc, args, dims.front());
    appendShapeArgs(rewriter, loc, args, resDims);
    checks.push_back({negative, RuntimeError::BroadcastToNegative});
    checks.push_back({arith::XOrIOp::create(rewriter, loc, ok,
                                            arith::ConstantIntOp::create(
                                                rewriter, loc, 1, 1)),
                      RuntimeError::BroadcastTo, args});
  }
  llvm::append_range(checks, extraChecks);
  // The result dims annotateEqualDims made equal to operand dims keep those
  // sizes when a check fails (the ops after this one read them so); the
  // others are 0 then.
  SmallVector<Value> failureSizes;
  bool someNotEqual = false;
  SmallVector<int64_t> masks = equalDimMasks(op);
  if (!requested) {
    for (int64_t d = 0; d < rank; ++d) {
      if (!resultType.isDynamicDim(d))
        continue;
      Value size;
      bool united = masks.size() >= operands.size();
      for (auto [k, v] : llvm::enumerate(operands)) {
        auto t = cast<RankedTensorType>(v.getType());
        int64_t j = d - (rank - t.getRank());
        if (j < 0 || !t.isDynamicDim(j))
          continue;
        if (!united || !(masks[k] >> j & 1))
          united = false;
        else if (!size)
          size = dims[k][j];
      }
      united = united && size;
      someNotEqual |= !united;
      failureSizes.push_back(united ? size : Value());
    }
  }
  // Each dynamic operand dim is read at index `i * step`, step 0 where the
  // dim is 1 (broadcast) and 1 otherwise (tnp-cpu-version-broadcasts
  // versions the loop on the steps being 1). A dim known to be the result's
  // is read at `i`.
  SmallVector<SmallVector<Value>> steps;
  for (auto [k, v] : llvm::enumerate(operands)) {
    auto t = cast<RankedTensorType>(v.getType());
    SmallVector<Value> ss;
    for (int64_t j = 0; j < t.getRank(); ++j)
      ss.push_back(t.isDynamicDim(j) &&
                           !(masks.size() >= operands.size() &&
                             (masks[k] >> j & 1))
                       ? arith::SelectOp::create(rewriter, loc,
                                                 cmpEq(dims[k][j], one),
                                                 idx(0), one)
                             .getResult()
                       : Value());
    steps.push_back(ss);
  }
  bool failedBody = false;
  auto buildGeneric = [&](ValueRange sizes) {
    Value init = emptyTensor(rewriter, loc, outType, sizes);
    return linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{}, ValueRange{init},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &bb, Location ll, ValueRange) {
          SmallVector<Value> args;
          for (auto [k, v] : llvm::enumerate(operands)) {
            auto t = cast<RankedTensorType>(v.getType());
            int64_t r = t.getRank();
            SmallVector<Value> indices;
            for (int64_t j = 0; j < r; ++j) {
              Value i = linalg::IndexOp::create(bb, ll, j + rank - r);
              if (steps[k][j])
                i = arith::MulIOp::create(bb, ll, i, steps[k][j]);
              else if (t.getDimSize(j) == 1)
                i = arith::ConstantIndexOp::create(bb, ll, 0);
              indices.push_back(i);
            }
            args.push_back(
                tensor::ExtractOp::create(bb, ll, inputs[k], indices));
          }
          FailureOr<Value> r = element(bb, ll, args);
          if (failed(r)) {
            failedBody = true;
            r = args.empty() ? Value() : args[0];
          }
          linalg::YieldOp::create(bb, ll, *r);
        });
  };
  if (someNotEqual) {
    // Unguarded: the checks raise, and a failed one makes a result dim 0, so
    // the generic reads nothing. Nothing but the error separates it from
    // the ops around it, which can then fuse with it.
    Value failed = raiseFailedChecks(rewriter, loc, checks);
    SmallVector<Value> sizes;
    for (auto [size, computed] : llvm::zip(failureSizes, dynSizes))
      sizes.push_back(size ? size
                           : arith::SelectOp::create(rewriter, loc, failed,
                                                     idx(0), computed)
                                 .getResult());
    linalg::GenericOp generic = buildGeneric(sizes);
    if (failedBody) {
      rewriter.eraseOp(generic);
      return failure();
    }
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
  // Every dynamic result dim is claimed equal (or none is dynamic): a failed
  // check cannot empty the result, so it guards the computation.
  for (Value &size : failureSizes)
    if (!size)
      size = idx(0);
  scf::IfOp ifOp =
      guardRuntimeChecks(rewriter, loc, checks, outType, failureSizes);
  linalg::GenericOp generic = buildGeneric(dynSizes);
  scf::YieldOp::create(rewriter, loc, generic.getResult(0));
  if (failedBody) {
    rewriter.eraseOp(ifOp);
    return failure();
  }
  rewriter.replaceOp(op, ifOp.getResults());
  return success();
}

/// When every dynamic dim of `op`'s operands is known to be the size of its
/// result dim (EqualDims.cpp), nothing broadcasts at run time but the static
/// size-1 dims: returns the run-time sizes of the result's dynamic dims, read
/// from such operand dims. Otherwise none: the shapes are checked at run
/// time.
static std::optional<SmallVector<Value>>
equalDynamicDims(Operation *op, ValueRange operands, ValueRange inputs,
                 OpBuilder &b) {
  SmallVector<int64_t> masks = equalDimMasks(op);
  if (masks.size() < operands.size())
    return std::nullopt;
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  int64_t rank = resultType.getRank();
  // The operand (index, dim) giving each result dim's size.
  SmallVector<std::optional<std::pair<unsigned, int64_t>>> source(rank);
  for (auto [k, v] : llvm::enumerate(operands)) {
    auto t = cast<RankedTensorType>(v.getType());
    for (int64_t j = 0; j < t.getRank(); ++j) {
      if (!t.isDynamicDim(j))
        continue;
      if (!(masks[k] >> j & 1))
        return std::nullopt;
      source[j + rank - t.getRank()] = {static_cast<unsigned>(k), j};
    }
  }
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < rank; ++d) {
    if (!resultType.isDynamicDim(d))
      continue;
    if (!source[d])
      return std::nullopt;
    sizes.push_back(dimOf(b, op->getLoc(), inputs[source[d]->first],
                          source[d]->second));
  }
  return sizes;
}

/// Builds the elementwise generic of `op` with `inputs` (converted values)
/// and an element function. `checks` run first (after the broadcast check
/// of dynamic shapes).
static LogicalResult
lowerElementwise(Operation *op, ValueRange inputs,
                 ConversionPatternRewriter &rewriter,
                 function_ref<FailureOr<Value>(OpBuilder &, Location, ValueRange)>
                     element,
                 ArrayRef<RuntimeCheck> checks = {}) {
  ValueRange operands = op->getOperands().take_front(inputs.size());
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  // Dynamic result dims, each read from an operand dim of the same size.
  SmallVector<Value> resultSizes;
  if (llvm::any_of(operands.getTypes(), [](Type t) {
        return !cast<RankedTensorType>(t).hasStaticShape();
      })) {
    std::optional<SmallVector<Value>> sizes =
        equalDynamicDims(op, operands, inputs, rewriter);
    if (!sizes)
      return lowerDynamicElementwise(op, inputs, rewriter, element,
                                     std::nullopt, checks);
    resultSizes = std::move(*sizes);
  }
  scf::IfOp guard;
  if (!checks.empty())
    guard = guardRuntimeChecks(rewriter, loc, checks, signlessType(resultType),
                               resultSizes);
  RankedTensorType outType = signlessType(resultType);
  SmallVector<AffineMap> maps;
  for (Value v : operands)
    maps.push_back(broadcastMap(op->getContext(),
                                cast<RankedTensorType>(v.getType()).getShape(),
                                resultType.getShape()));
  maps.push_back(rewriter.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = emptyTensor(rewriter, loc, outType, resultSizes);
  FailureOr<linalg::GenericOp> generic = buildGeneric(
      rewriter, loc, outType, inputs, init, maps, iterators,
      [&](OpBuilder &b, Location l,
          ValueRange args) -> FailureOr<SmallVector<Value>> {
        FailureOr<Value> r = element(b, l, args.drop_back());
        if (failed(r))
          return failure();
        return SmallVector<Value>{*r};
      });
  if (failed(generic)) {
    if (guard)
      rewriter.eraseOp(guard);
    return failure();
  }
  replaceGuarded(rewriter, op, guard, generic->getResults());
  return success();
}

/// NumPy's check of an integer power: a negative exponent is a `value`
/// error, raised before anything is computed unless the result is empty
/// (NumPy's loop then never runs). None for unsigned exponents or constant
/// non-negative ones.
static std::optional<RuntimeCheck>
negativePowerCheck(Operation *op, ValueRange inputs, sem::DType compute,
                   ConversionPatternRewriter &rewriter) {
  if (!sem::isInteger(compute) || !sem::isSigned(compute))
    return std::nullopt;
  DenseIntElementsAttr constant;
  if (matchPattern(op->getOperand(1), m_Constant(&constant)) &&
      llvm::none_of(constant.getValues<APInt>(),
                    [](const APInt &v) { return v.isNegative(); }))
    return std::nullopt;
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (resultType.hasStaticShape() && resultType.getNumElements() == 0)
    return std::nullopt;
  Location loc = op->getLoc();
  // any(exponent < 0): a reduction of the exponent into an i1.
  Value exponent = inputs[1];
  auto expType = cast<RankedTensorType>(exponent.getType());
  int64_t rank = expType.getRank();
  Type i1 = rewriter.getI1Type();
  Value init = linalg::FillOp::create(
                   rewriter, loc,
                   ValueRange{arith::ConstantIntOp::create(rewriter, loc, 0, 1)},
                   ValueRange{tensor::EmptyOp::create(rewriter, loc,
                                                      ArrayRef<int64_t>{}, i1)})
                   .getResult(0);
  auto any = linalg::GenericOp::create(
      rewriter, loc, TypeRange{init.getType()}, ValueRange{exponent},
      ValueRange{init},
      ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank),
                          AffineMap::get(rank, 0, {}, rewriter.getContext())},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value zero = arith::ConstantOp::create(
            b, l, b.getIntegerAttr(args[0].getType(), 0));
        Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                          args[0], zero);
        linalg::YieldOp::create(b, l,
                                Value(arith::OrIOp::create(b, l, args[1], neg)));
      });
  Value failed =
      tensor::ExtractOp::create(rewriter, loc, any.getResult(0), ValueRange{});
  // Only when the result has elements: every operand then has some.
  if (!resultType.hasStaticShape())
    for (Value in : inputs)
      for (Value d : runtimeDims(rewriter, loc, in))
        failed = arith::AndIOp::create(
            rewriter, loc, failed,
            arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ne, d,
                                  arith::ConstantIndexOp::create(rewriter, loc,
                                                                 0)));
  return RuntimeCheck{failed, RuntimeError::NegativeIntegerPower};
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
    if (failed(requireExplicitDType(op, op->getOperands(), *compute)))
      return failure();
    SmallVector<RuntimeCheck> checks;
    if (u == sem::Ufunc::Power)
      if (std::optional<RuntimeCheck> c =
              negativePowerCheck(op, operands, *compute, rewriter))
        checks.push_back(*c);
    return lowerElementwise(
        op, operands, rewriter,
        [&](OpBuilder &b, Location l, ValueRange args) {
          return emitUfuncScalar(b, l, u, *compute, *result, args);
        },
        checks);
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
    auto identity = [&](OpBuilder &, Location, ValueRange args) {
      return FailureOr<Value>(args[0]);
    };
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    RankedTensorType outType = op.getType();
    if (inType.hasStaticShape() && outType.hasStaticShape())
      return lowerElementwise(op, adaptor.getInput(), rewriter, identity);
    // The requested dynamic dims: the size operands, or the aligned input
    // dims (np.broadcast_to(a, a.shape) on those dims).
    SmallVector<Value> requested(adaptor.getDynamicSizes());
    if (requested.empty())
      for (int64_t i = 0; i < outType.getRank(); ++i)
        if (outType.isDynamicDim(i))
          requested.push_back(tensor::DimOp::create(
              rewriter, op.getLoc(), adaptor.getInput(),
              i - (outType.getRank() - inType.getRank())));
    return lowerDynamicElementwise(op, adaptor.getInput(), rewriter, identity,
                                   ValueRange(requested));
  }
};
struct WhereLowering : OpConversionPattern<WhereOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(WhereOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<sem::DType> cond = dtypeOf(op.getCondition());
    std::optional<sem::DType> result = dtypeOf(op.getResult());
    if (!cond || !result)
      return rewriter.notifyMatchFailure(op, "not a tnp-typed where");
    if (failed(requireExplicitDType(op, {op.getX(), op.getY()}, *result)))
      return failure();
    return lowerElementwise(
        op, adaptor.getOperands(), rewriter,
        [&](OpBuilder &b, Location l, ValueRange args) -> FailureOr<Value> {
          // Truthiness (a no-op for the bool condition of the explicit form).
          Value c = emitScalarCast(b, l, args[0], *cond, sem::DType::Bool);
          return Value(arith::SelectOp::create(b, l, c, args[1], args[2]));
        });
  }
};

struct ClipLowering : OpConversionPattern<ClipOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ClipOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::optional<sem::DType> t = dtypeOf(op.getResult());
    if (!t)
      return rewriter.notifyMatchFailure(op, "not a tnp-typed clip");
    if (failed(requireExplicitDType(op, op->getOperands(), *t)))
      return failure();
    bool hasMin = static_cast<bool>(op.getMin());
    bool hasMax = static_cast<bool>(op.getMax());
    auto isScalar = [](Value v) {
      return v && cast<RankedTensorType>(v.getType()).getRank() == 0;
    };
    bool minScalar = isScalar(op.getMin()), maxScalar = isScalar(op.getMax());
    return lowerElementwise(
        op, adaptor.getOperands(), rewriter,
        [&](OpBuilder &b, Location l, ValueRange args) -> FailureOr<Value> {
          Value min = hasMin ? args[1] : Value();
          Value max = hasMax ? args[hasMin ? 2 : 1] : Value();
          return emitClipScalar(b, l, *t, args[0], min, minScalar, max,
                                maxScalar);
        });
  }
};
} // namespace

void mlir::tnp::populateTNPElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<UfuncLowering>(converter, patterns.getContext());
  patterns
      .add<AstypeLowering, BroadcastToLowering, WhereLowering, ClipLowering>(
          converter, patterns.getContext());
}
