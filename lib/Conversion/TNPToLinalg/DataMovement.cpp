//===- DataMovement.cpp - tnp shape ops to tensor/linalg ------------------===//
//
// Part of tnp. reshape, transpose, expand_dims, squeeze, concatenate, stack
// and split. Dynamic dims get NumPy's checks at run time before anything is
// computed. (broadcast_to shares the elementwise lowering.)
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

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
  replaceGuarded(rewriter, op, guard, reshaped);
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
        dyn.push_back(dimOf(rewriter, loc, adaptor.getInput(), perm[i]));
    Value init = emptyTensor(rewriter, loc, outType, dyn);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, loc,
                                                       adaptor.getInput(), init,
                                                       perm)
                               ->getResults());
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// expand_dims, squeeze
//===----------------------------------------------------------------------===//

/// The size of dim `d` of `v` as an OpFoldResult (an attribute when static).
static OpFoldResult foldedDimOf(OpBuilder &b, Location loc, Value v,
                                int64_t d) {
  auto t = cast<RankedTensorType>(v.getType());
  if (!t.isDynamicDim(d))
    return b.getIndexAttr(t.getDimSize(d));
  return dimOf(b, loc, v, d);
}

/// The reassociation that groups the dims of the larger shape of
/// expand_shape / collapse_shape (rank `rank`) around the dims that are not
/// in `unitDims`: a unit dim joins the group of the dim before it (the
/// leading ones the first group). No kept dim: no group (0-d side).
static SmallVector<ReassociationIndices>
unitDimGroups(int64_t rank, ArrayRef<int64_t> unitDims) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  for (int64_t i = 0; i < rank; ++i) {
    if (llvm::is_contained(unitDims, i)) {
      if (groups.empty())
        leading.push_back(i);
      else
        groups.back().push_back(i);
      continue;
    }
    groups.emplace_back(leading);
    leading.clear();
    groups.back().push_back(i);
  }
  return groups;
}

namespace {
struct ExpandDimsLowering : OpConversionPattern<ExpandDimsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ExpandDimsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outType = signlessType(op.getType());
    Value in = adaptor.getInput();
    ArrayRef<int64_t> axes = op.getAxes();
    SmallVector<OpFoldResult> outShape;
    int64_t next = 0;
    for (int64_t i = 0; i < outType.getRank(); ++i)
      outShape.push_back(llvm::is_contained(axes, i)
                             ? OpFoldResult(rewriter.getIndexAttr(1))
                             : foldedDimOf(rewriter, loc, in, next++));
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, outType, in, unitDimGroups(outType.getRank(), axes), outShape);
    return success();
  }
};

struct SqueezeLowering : OpConversionPattern<SqueezeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outType = signlessType(op.getType());
    Value in = adaptor.getInput();
    auto inType = cast<RankedTensorType>(in.getType());
    ArrayRef<int64_t> axes = op.getAxes();
    // Squeezed dims known only at run time must be 1 there.
    SmallVector<RuntimeCheck> checks;
    SmallVector<int64_t> staticShape(inType.getShape());
    SmallVector<Value> dims;
    for (int64_t a : axes) {
      if (!inType.isDynamicDim(a))
        continue;
      if (dims.empty())
        dims = runtimeDims(rewriter, loc, in);
      staticShape[a] = 1;
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      SmallVector<Value> args{arith::ConstantIndexOp::create(rewriter, loc, a)};
      appendShapeArgs(rewriter, loc, args, dims);
      checks.push_back(
          {arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ne,
                                 dims[a], one),
           RuntimeError::SqueezeNotOne, args});
    }
    scf::IfOp guard;
    if (!checks.empty()) {
      guard = guardRuntimeChecks(rewriter, loc, checks, outType);
      in = tensor::CastOp::create(
          rewriter, loc,
          RankedTensorType::get(staticShape, outType.getElementType()), in);
    }
    Value r = tensor::CollapseShapeOp::create(
        rewriter, loc, outType, in, unitDimGroups(inType.getRank(), axes));
    replaceGuarded(rewriter, op, guard, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// concatenate, stack
//===----------------------------------------------------------------------===//

/// Whether a type has a dim of static size 0. MLIR's slice verifiers reject
/// any static offset at or past a dim's end, even for an empty slice, so
/// empty pieces are never sliced: they are empty tensors.
static bool isStaticallyEmpty(Type t) {
  return llvm::is_contained(cast<RankedTensorType>(t).getShape(), 0);
}

/// Inserts `inputs` into an empty tensor of `outType` (dynamic dims
/// `dynSizes`): input k at `offsets[k]` along `axis`. With `stacked` the
/// inputs have one dim less (the unit dim at `axis` is dropped by a
/// rank-reducing insert).
static Value joinInputs(OpBuilder &b, Location loc, RankedTensorType outType,
                        ValueRange dynSizes, ValueRange inputs, int64_t axis,
                        ArrayRef<OpFoldResult> offsets, bool stacked) {
  Value acc = emptyTensor(b, loc, outType, dynSizes);
  if (isStaticallyEmpty(outType))
    return acc;
  int64_t rank = outType.getRank();
  for (auto [k, v] : llvm::enumerate(inputs)) {
    if (isStaticallyEmpty(v.getType()))
      continue;
    SmallVector<OpFoldResult> offs(rank, b.getIndexAttr(0)), sizes,
        strides(rank, b.getIndexAttr(1));
    offs[axis] = offsets[k];
    int64_t j = 0;
    for (int64_t d = 0; d < rank; ++d) {
      if (stacked && d == axis) {
        sizes.push_back(b.getIndexAttr(1));
        continue;
      }
      sizes.push_back(foldedDimOf(b, loc, v, j++));
    }
    acc = tensor::InsertSliceOp::create(b, loc, v, acc, offs, sizes, strides);
  }
  return acc;
}

struct ConcatenateLowering : OpConversionPattern<ConcatenateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatenateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireExplicitDType(op, op.getInputs(),
                                    *dtypeOf(op.getResult()))))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType outType = signlessType(op.getType());
    ValueRange inputs = adaptor.getInputs();
    int64_t axis = op.getAxis(), rank = outType.getRank();
    // NumPy compares every array's dims with the first one's.
    SmallVector<RuntimeCheck> checks;
    Value first = inputs.front();
    auto firstType = cast<RankedTensorType>(first.getType());
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis)
        continue;
      for (auto [k, v] : llvm::enumerate(inputs)) {
        auto t = cast<RankedTensorType>(v.getType());
        if (k == 0 || (!t.isDynamicDim(d) && !firstType.isDynamicDim(d)))
          continue;
        Value a = tensor::DimOp::create(rewriter, loc, first, d);
        Value c = tensor::DimOp::create(rewriter, loc, v, d);
        Value idx = arith::ConstantIndexOp::create(rewriter, loc, k);
        Value dim = arith::ConstantIndexOp::create(rewriter, loc, d);
        checks.push_back({arith::CmpIOp::create(rewriter, loc,
                                                arith::CmpIPredicate::ne, a, c),
                          RuntimeError::ConcatenateDims,
                          {dim, a, idx, c}});
      }
    }
    scf::IfOp guard;
    if (!checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, checks, outType);
    // Offsets along the axis: running sums of the sizes (constants while
    // the sizes are static).
    SmallVector<OpFoldResult> offsets;
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (Value v : inputs) {
      offsets.push_back(offset);
      OpFoldResult size = foldedDimOf(rewriter, loc, v, axis);
      std::optional<int64_t> a = getConstantIntValue(offset),
                             c = getConstantIntValue(size);
      if (a && c) {
        offset = rewriter.getIndexAttr(*a + *c);
        continue;
      }
      offset = arith::AddIOp::create(
                   rewriter, loc,
                   getValueOrCreateConstantIndexOp(rewriter, loc, offset),
                   getValueOrCreateConstantIndexOp(rewriter, loc, size))
                   .getResult();
    }
    SmallVector<Value> dynSizes;
    for (int64_t d = 0; d < rank; ++d)
      if (outType.isDynamicDim(d))
        dynSizes.push_back(
            d == axis
                ? getValueOrCreateConstantIndexOp(rewriter, loc, offset)
                : tensor::DimOp::create(rewriter, loc, first, d).getResult());
    Value r = joinInputs(rewriter, loc, outType, dynSizes, inputs, axis,
                         offsets, /*stacked=*/false);
    replaceGuarded(rewriter, op, guard, r);
    return success();
  }
};

struct StackLowering : OpConversionPattern<StackOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(StackOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (failed(requireExplicitDType(op, op.getInputs(),
                                    *dtypeOf(op.getResult()))))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType outType = signlessType(op.getType());
    ValueRange inputs = adaptor.getInputs();
    int64_t axis = op.getAxis(), rank = outType.getRank();
    Value first = inputs.front();
    // Every array's shape must be the first one's.
    bool dynamic = false;
    for (Value v : inputs)
      dynamic |= !cast<RankedTensorType>(v.getType()).hasStaticShape();
    scf::IfOp guard;
    if (dynamic && inputs.size() > 1) {
      Value differ = arith::ConstantIntOp::create(rewriter, loc, 0, 1);
      SmallVector<Value> args{
          arith::ConstantIndexOp::create(rewriter, loc, inputs.size())};
      for (Value v : inputs) {
        SmallVector<Value> dims = runtimeDims(rewriter, loc, v);
        appendShapeArgs(rewriter, loc, args, dims);
        for (auto [d, x] : llvm::enumerate(dims)) {
          if (v == first)
            break;
          Value a = tensor::DimOp::create(rewriter, loc, first, d);
          differ = arith::OrIOp::create(
              rewriter, loc, differ,
              arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ne, a,
                                    x));
        }
      }
      guard = guardRuntimeChecks(
          rewriter, loc, {{differ, RuntimeError::StackShapes, args}}, outType);
    }
    SmallVector<OpFoldResult> offsets;
    for (int64_t k = 0; k < static_cast<int64_t>(inputs.size()); ++k)
      offsets.push_back(rewriter.getIndexAttr(k));
    SmallVector<Value> dynSizes;
    for (int64_t d = 0; d < rank; ++d)
      if (outType.isDynamicDim(d))
        dynSizes.push_back(
            tensor::DimOp::create(rewriter, loc, first, d < axis ? d : d - 1));
    Value r = joinInputs(rewriter, loc, outType, dynSizes, inputs, axis,
                         offsets, /*stacked=*/true);
    replaceGuarded(rewriter, op, guard, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// split
//===----------------------------------------------------------------------===//

struct SplitLowering : OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value in = adaptor.getInput();
    auto inType = cast<RankedTensorType>(in.getType());
    int64_t axis = op.getAxis(), rank = inType.getRank();
    ::tnp::sem::SplitSpec spec = op.getSplitSpec();
    SmallVector<Type> outTypes;
    for (Type t : op.getResultTypes())
      outTypes.push_back(signlessType(cast<RankedTensorType>(t)));
    auto idx = [&](int64_t v) {
      return arith::ConstantIndexOp::create(rewriter, loc, v).getResult();
    };
    using P = arith::CmpIPredicate;
    // (start, size) of each piece along the axis.
    SmallVector<std::pair<OpFoldResult, OpFoldResult>> ranges;
    scf::IfOp guard;
    if (!inType.isDynamicDim(axis)) {
      for (auto [start, size] :
           ::tnp::sem::splitRanges(inType.getDimSize(axis), spec))
        ranges.push_back(
            {rewriter.getIndexAttr(start), rewriter.getIndexAttr(size)});
    } else if (spec.sections) {
      Value n = tensor::DimOp::create(rewriter, loc, in, axis);
      Value count = idx(*spec.sections);
      Value rem = arith::RemUIOp::create(rewriter, loc, n, count);
      guard = guardRuntimeChecks(
          rewriter, loc,
          {{arith::CmpIOp::create(rewriter, loc, P::ne, rem, idx(0)),
            RuntimeError::SplitUnequal,
            {n, count}}},
          outTypes);
      Value each = arith::DivUIOp::create(rewriter, loc, n, count);
      for (int64_t i = 0; i < *spec.sections; ++i)
        ranges.push_back(
            {Value(arith::MulIOp::create(rewriter, loc, idx(i), each)), each});
    } else {
      // Python's slice bounds, clamped to [0, n].
      Value n = tensor::DimOp::create(rewriter, loc, in, axis);
      auto bound = [&](int64_t p) -> Value {
        if (p >= 0)
          return arith::MinSIOp::create(rewriter, loc, idx(p), n);
        return arith::MaxSIOp::create(
            rewriter, loc, arith::AddIOp::create(rewriter, loc, n, idx(p)),
            idx(0));
      };
      SmallVector<Value> points{idx(0)};
      for (int64_t p : spec.indices)
        points.push_back(bound(p));
      points.push_back(n);
      for (size_t i = 0; i + 1 < points.size(); ++i) {
        Value size = arith::MaxSIOp::create(
            rewriter, loc,
            arith::SubIOp::create(rewriter, loc, points[i + 1], points[i]),
            idx(0));
        ranges.push_back({points[i], size});
      }
    }
    SmallVector<Value> results;
    for (auto [k, range] : llvm::enumerate(ranges)) {
      SmallVector<OpFoldResult> offs(rank, rewriter.getIndexAttr(0)), sizes,
          strides(rank, rewriter.getIndexAttr(1));
      offs[axis] = range.first;
      for (int64_t d = 0; d < rank; ++d)
        sizes.push_back(d == axis ? range.second : foldedDimOf(rewriter, loc, in, d));
      auto pieceType = cast<RankedTensorType>(outTypes[k]);
      if (isStaticallyEmpty(pieceType)) {
        SmallVector<Value> dyn;
        for (int64_t d = 0; d < rank; ++d)
          if (pieceType.isDynamicDim(d))
            dyn.push_back(
                getValueOrCreateConstantIndexOp(rewriter, loc, sizes[d]));
        results.push_back(emptyTensor(rewriter, loc, pieceType, dyn));
        continue;
      }
      results.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, cast<RankedTensorType>(outTypes[k]), in, offs, sizes,
          strides));
    }
    replaceGuarded(rewriter, op, guard, results);
    return success();
  }
};
} // namespace

void mlir::tnp::populateTNPDataMovementToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<ReshapeLowering, TransposeLowering, ExpandDimsLowering,
           SqueezeLowering, ConcatenateLowering, StackLowering, SplitLowering>(
          converter, patterns.getContext());
}
