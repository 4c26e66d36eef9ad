//===- Indexing.cpp - tnp indexing to tensor/linalg -----------------------===//
//
// Part of tnp. Basic indexing (`tnp.index`) becomes one tensor.extract_slice
// with positive strides, a linalg.generic reversing the dims sliced with a
// negative step, and a tensor.reshape dropping integer-indexed dims and
// inserting newaxis dims. Slices of dynamic dims clamp at run time like
// NumPy; integer indices into dynamic dims are bounds-checked before
// anything is read (`index` error, NumPy's message).
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPIndexingOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;

namespace {
/// Index arithmetic that folds when its operands are constants.
struct IndexMath {
  OpBuilder &b;
  Location loc;
  using P = arith::CmpIPredicate;

  Value c(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return b.createOrFold<arith::AddIOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.createOrFold<arith::SubIOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.createOrFold<arith::MulIOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.createOrFold<arith::DivSIOp>(loc, x, y); }
  Value max(Value x, Value y) { return b.createOrFold<arith::MaxSIOp>(loc, x, y); }
  Value min(Value x, Value y) { return b.createOrFold<arith::MinSIOp>(loc, x, y); }
  Value cmp(P p, Value x, Value y) {
    return b.createOrFold<arith::CmpIOp>(loc, p, x, y);
  }
  Value select(Value cond, Value x, Value y) {
    return b.createOrFold<arith::SelectOp>(loc, cond, x, y);
  }
  Value orI(Value x, Value y) { return b.createOrFold<arith::OrIOp>(loc, x, y); }
};

/// The first element and length of a slice of a dim of run-time size `dim`
/// (CPython's PySlice_AdjustIndices, with the step known statically).
std::pair<Value, Value> dynamicSliceBounds(IndexMath &m, const IndexItem &s,
                                           Value dim, int64_t step) {
  using P = arith::CmpIPredicate;
  auto adjust = [&](std::optional<int64_t> v, Value omitted) -> Value {
    if (!v)
      return omitted;
    if (*v < 0)
      return m.max(m.add(m.c(*v), dim), m.c(step < 0 ? -1 : 0));
    return m.min(m.c(*v), step < 0 ? m.sub(dim, m.c(1)) : dim);
  };
  Value start = adjust(s.start, step < 0 ? m.sub(dim, m.c(1)) : m.c(0));
  Value stop = adjust(s.stop, step < 0 ? m.c(-1) : dim);
  int64_t absStep = step < 0 ? -step : step;
  Value diff = step < 0 ? m.sub(start, stop) : m.sub(stop, start);
  // len = diff > 0 ? (diff - 1) / |step| + 1 : 0
  Value len = m.add(m.div(m.sub(diff, m.c(1)), m.c(absStep)), m.c(1));
  len = m.select(m.cmp(P::sgt, diff, m.c(0)), len, m.c(0));
  return {start, len};
}

struct IndexLowering : OpConversionPattern<IndexOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IndexOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    RankedTensorType outType = signlessType(op.getType());
    SemExpected<SmallVector<IndexItem>> items = decodeIndexItems(op.getIndices());
    if (!items)
      return rewriter.notifyMatchFailure(op, "invalid index list");
    SemExpected<SmallVector<IndexItem>> expanded =
        expandIndexItems(*items, inType.getRank());
    if (!expanded)
      return rewriter.notifyMatchFailure(op, "invalid index list");
    IndexMath m{rewriter, loc};
    using P = arith::CmpIPredicate;
    Value input = adaptor.getInput();

    // One offset/size/stride per input dim; `reversed` marks negative steps.
    SmallVector<OpFoldResult> offsets, sizes, strides;
    SmallVector<bool> reversed;
    SmallVector<RuntimeCheck> checks;
    // The result dims in order (newaxis: 1; integer dims dropped).
    SmallVector<OpFoldResult> resultDims;
    bool identity = true, needsReshape = false;
    int64_t axis = 0;
    for (const IndexItem &it : *expanded) {
      if (it.kind == IndexItem::Kind::NewAxis) {
        resultDims.push_back(rewriter.getIndexAttr(1));
        needsReshape = true;
        continue;
      }
      int64_t staticDim = inType.getDimSize(axis);
      bool dynamic = ShapedType::isDynamic(staticDim);
      Value dim = dynamic ? tensor::DimOp::create(rewriter, loc, input, axis)
                                .getResult()
                          : Value();
      if (it.kind == IndexItem::Kind::Int) {
        identity = false;
        needsReshape = true;
        if (!dynamic) {
          // In range (the verifier checked it).
          offsets.push_back(rewriter.getIndexAttr(
              it.value < 0 ? it.value + staticDim : it.value));
        } else {
          Value idx = m.c(it.value);
          Value norm = it.value < 0 ? m.add(idx, dim) : idx;
          Value bad = m.orI(m.cmp(P::slt, norm, m.c(0)),
                            m.cmp(P::sge, norm, dim));
          checks.push_back({bad, RuntimeError::IndexOutOfBounds,
                            {idx, m.c(axis), dim}});
          offsets.push_back(norm);
        }
        sizes.push_back(rewriter.getIndexAttr(1));
        strides.push_back(rewriter.getIndexAttr(1));
        reversed.push_back(false);
        ++axis;
        continue;
      }
      int64_t step = it.step.value_or(1);
      if (step < -std::numeric_limits<int64_t>::max())
        step = -std::numeric_limits<int64_t>::max();
      int64_t absStep = step < 0 ? -step : step;
      if (!it.isFullSlice())
        identity = false;
      if (!dynamic) {
        auto [start, len] = staticSliceBounds(it, staticDim);
        int64_t first = step > 0 || len == 0 ? (len == 0 ? 0 : start)
                                              : start + (len - 1) * step;
        offsets.push_back(rewriter.getIndexAttr(first));
        sizes.push_back(rewriter.getIndexAttr(len));
        resultDims.push_back(rewriter.getIndexAttr(len));
      } else {
        auto [start, len] = dynamicSliceBounds(m, it, dim, step);
        Value nonEmpty = m.cmp(P::sgt, len, m.c(0));
        Value first =
            step > 0 ? start
                     : m.sub(start, m.mul(m.sub(len, m.c(1)), m.c(absStep)));
        offsets.push_back(m.select(nonEmpty, first, m.c(0)));
        sizes.push_back(len);
        resultDims.push_back(len);
      }
      strides.push_back(rewriter.getIndexAttr(absStep));
      reversed.push_back(step < 0);
      ++axis;
    }

    scf::IfOp guard;
    if (!checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, checks, outType);

    Value v = input;
    if (llvm::is_contained(outType.getShape(), 0)) {
      // Nothing to read (and extract_slice rejects any offset into a static
      // dim of size 0): an empty result.
      SmallVector<Value> dyn;
      for (auto [i, d] : llvm::enumerate(resultDims))
        if (outType.isDynamicDim(i))
          dyn.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, d));
      v = emptyTensor(rewriter, loc, outType, dyn);
      identity = true;
      needsReshape = false;
    } else if (!identity && inType.getRank() > 0) {
      v = tensor::ExtractSliceOp::create(rewriter, loc, input, offsets, sizes,
                                         strides);
      if (llvm::is_contained(reversed, true))
        v = reverseDims(rewriter, loc, v, reversed);
    }
    if (needsReshape && v.getType() != outType) {
      SmallVector<Value> dimValues;
      for (OpFoldResult d : resultDims)
        dimValues.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, d));
      Value shape;
      auto shapeType =
          RankedTensorType::get({outType.getRank()}, rewriter.getIndexType());
      if (outType.hasStaticShape())
        shape = arith::ConstantOp::create(
            rewriter, loc,
            DenseIntElementsAttr::get(shapeType, outType.getShape()));
      else
        shape = tensor::FromElementsOp::create(rewriter, loc, shapeType,
                                               dimValues);
      v = tensor::ReshapeOp::create(rewriter, loc, outType, v, shape);
    } else if (v.getType() != outType) {
      v = tensor::CastOp::create(rewriter, loc, outType, v);
    }
    if (guard) {
      scf::YieldOp::create(rewriter, loc, v);
      rewriter.replaceOp(op, guard.getResults());
    } else {
      rewriter.replaceOp(op, v);
    }
    return success();
  }

  /// `v` with the dims marked in `reversed` read back to front.
  static Value reverseDims(OpBuilder &b, Location loc, Value v,
                           ArrayRef<bool> reversed) {
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<Value> dims = runtimeDims(b, loc, v);
    SmallVector<Value> dyn;
    for (int64_t i = 0; i < type.getRank(); ++i)
      if (type.isDynamicDim(i))
        dyn.push_back(dims[i]);
    Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                         type.getElementType(), dyn);
    SmallVector<AffineMap> maps{
        AffineMap::getMultiDimIdentityMap(type.getRank(), b.getContext())};
    SmallVector<utils::IteratorType> iters(type.getRank(),
                                           utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{type}, ValueRange{}, ValueRange{init}, maps, iters,
        [&](OpBuilder &nb, Location nl, ValueRange) {
          SmallVector<Value> idx;
          for (int64_t i = 0; i < type.getRank(); ++i) {
            Value j = linalg::IndexOp::create(nb, nl, i);
            if (reversed[i]) {
              Value last = arith::SubIOp::create(
                  nb, nl, dims[i], arith::ConstantIndexOp::create(nb, nl, 1));
              j = arith::SubIOp::create(nb, nl, last, j);
            }
            idx.push_back(j);
          }
          Value x = tensor::ExtractOp::create(nb, nl, v, idx);
          linalg::YieldOp::create(nb, nl, x);
        });
    return generic.getResult(0);
  }
};

/// `v` (index values `dims`) reshaped to `shape` (each an index value; a
/// constant for a static dim) with tensor.reshape.
static Value reshapeTo(OpBuilder &b, Location loc, Value v,
                       ArrayRef<Value> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> staticShape;
  for (Value d : shape) {
    std::optional<int64_t> c = getConstantIntValue(d);
    staticShape.push_back(c ? *c : ShapedType::kDynamic);
  }
  auto outType = RankedTensorType::get(staticShape, type.getElementType());
  if (outType == type)
    return v;
  auto shapeType = RankedTensorType::get(
      {static_cast<int64_t>(shape.size())}, b.getIndexType());
  Value shapeValue = tensor::FromElementsOp::create(b, loc, shapeType, shape);
  return tensor::ReshapeOp::create(b, loc, outType, v, shapeValue);
}

/// tnp.mask_select: run-time dim checks, then a count of the true elements
/// (a linalg reduction), a tensor.empty with that count, and an scf.for over
/// the flattened mask that copies each selected row (extract_slice /
/// insert_slice) to the next output position.
struct MaskSelectLowering : OpConversionPattern<MaskSelectOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaskSelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType maskType = op.getMask().getType();
    RankedTensorType outType = signlessType(op.getType());
    int64_t axis = op.getAxis(), k = maskType.getRank(),
            rank = inType.getRank();
    Value input = adaptor.getInput(), mask = adaptor.getMask();
    IndexMath m{rewriter, loc};
    using P = arith::CmpIPredicate;
    SmallVector<Value> inDims = runtimeDims(rewriter, loc, input);
    SmallVector<Value> maskDims = runtimeDims(rewriter, loc, mask);
    SmallVector<RuntimeCheck> checks;
    for (int64_t j = 0; j < k; ++j)
      if (inType.isDynamicDim(axis + j) || maskType.isDynamicDim(j))
        checks.push_back({m.cmp(P::ne, inDims[axis + j], maskDims[j]),
                          RuntimeError::MaskMismatch,
                          {m.c(axis + j), inDims[axis + j], maskDims[j]}});
    scf::IfOp guard;
    if (!checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, checks, outType);

    // The mask flattened to (n,), the input to pre + (n,) + post.
    Value n = m.c(1);
    for (Value d : maskDims)
      n = m.mul(n, d);
    Value flatMask = reshapeTo(rewriter, loc, mask, {n});
    SmallVector<Value> flatShape(ArrayRef(inDims).take_front(axis));
    flatShape.push_back(n);
    llvm::append_range(flatShape, ArrayRef(inDims).drop_front(axis + k));
    Value flatInput = reshapeTo(rewriter, loc, input, flatShape);

    // Phase 1: the number of true elements.
    Type i64 = rewriter.getI64Type();
    auto countType = RankedTensorType::get({}, i64);
    Value zero = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(countType, rewriter.getI64IntegerAttr(0)));
    MLIRContext *ctx = rewriter.getContext();
    AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, ctx);
    AffineMap toScalar = AffineMap::get(1, 0, {}, ctx);
    auto countOp = linalg::GenericOp::create(
        rewriter, loc, TypeRange{countType}, ValueRange{flatMask},
        ValueRange{zero}, ArrayRef<AffineMap>{id1, toScalar},
        ArrayRef<utils::IteratorType>{utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value one = arith::ExtUIOp::create(nb, nl, i64, args[0]);
          linalg::YieldOp::create(
              nb, nl, ValueRange{arith::AddIOp::create(nb, nl, args[1], one)});
        });
    Value count = tensor::ExtractOp::create(rewriter, loc,
                                            countOp.getResult(0), ValueRange{});
    count = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                       count);

    // Phase 2: the result with `count` rows, filled in mask order.
    SmallVector<Value> outDims(ArrayRef(inDims).take_front(axis));
    outDims.push_back(count);
    llvm::append_range(outDims, ArrayRef(inDims).drop_front(axis + k));
    SmallVector<Value> dyn;
    for (auto [i, d] : llvm::enumerate(outDims))
      if (outType.isDynamicDim(i))
        dyn.push_back(d);
    Value result = emptyTensor(rewriter, loc, outType, dyn);
    std::optional<int64_t> staticN = getConstantIntValue(n);
    if (!staticN || *staticN > 0) {
      int64_t frank = rank - k + 1;
      auto loop = scf::ForOp::create(
          rewriter, loc, m.c(0), n, m.c(1), ValueRange{m.c(0), result},
          [&](OpBuilder &lb, Location ll, Value i, ValueRange iter) {
            Value pos = iter[0], acc = iter[1];
            Value bit = tensor::ExtractOp::create(lb, ll, flatMask, ValueRange{i});
            auto ifOp = scf::IfOp::create(
                lb, ll, bit,
                [&](OpBuilder &tb, Location tl) {
                  SmallVector<OpFoldResult> srcOff, dstOff, sizes, strides;
                  for (int64_t d = 0; d < frank; ++d) {
                    bool sel = d == axis;
                    srcOff.push_back(sel ? OpFoldResult(i) : tb.getIndexAttr(0));
                    dstOff.push_back(sel ? OpFoldResult(pos) : tb.getIndexAttr(0));
                    sizes.push_back(sel ? tb.getIndexAttr(1)
                                        : getAsOpFoldResult(flatShape[d]));
                    strides.push_back(tb.getIndexAttr(1));
                  }
                  Value row = tensor::ExtractSliceOp::create(
                      tb, tl, flatInput, srcOff, sizes, strides);
                  Value ins = tensor::InsertSliceOp::create(
                      tb, tl, row, acc, dstOff, sizes, strides);
                  Value next = arith::AddIOp::create(
                      tb, tl, pos, arith::ConstantIndexOp::create(tb, tl, 1));
                  scf::YieldOp::create(tb, tl, ValueRange{next, ins});
                },
                [&](OpBuilder &eb, Location el) {
                  scf::YieldOp::create(eb, el, ValueRange{pos, acc});
                });
            scf::YieldOp::create(lb, ll, ifOp.getResults());
          });
      result = loop.getResult(1);
    }
    if (guard) {
      scf::YieldOp::create(rewriter, loc, result);
      rewriter.replaceOp(op, guard.getResults());
    } else {
      rewriter.replaceOp(op, result);
    }
    return success();
  }
};

/// tnp.gather: a pre-pass over each index array that finds its first entry
/// out of range (an `index` error raised before the input is read), run-time
/// broadcast checks of dynamic index dims, then a linalg.generic over the
/// result whose body reads the index arrays and extracts the input element.
struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType outType = signlessType(op.getType());
    ArrayRef<int64_t> dims = op.getDims();
    int64_t position = op.getPosition(), rank = inType.getRank();
    int64_t nIdx = static_cast<int64_t>(dims.size());
    int64_t bRank = outType.getRank() - (rank - nIdx);
    Value input = adaptor.getInput();
    SmallVector<Value> indices(adaptor.getIndices());
    IndexMath m{rewriter, loc};
    using P = arith::CmpIPredicate;
    Type i64 = rewriter.getI64Type();
    SmallVector<Value> inDims = runtimeDims(rewriter, loc, input);
    SmallVector<bool> isSigned;
    SmallVector<SmallVector<Value>> idxDims;
    for (auto [j, v] : llvm::enumerate(op.getIndices())) {
      std::optional<::tnp::sem::DType> dt = dtypeOf(v);
      isSigned.push_back(!dt || ::tnp::sem::isSigned(*dt));
      idxDims.push_back(runtimeDims(rewriter, loc, indices[j]));
    }
    SmallVector<RuntimeCheck> checks;

    // The broadcast shape B of the index arrays, checked at run time where
    // a dim is dynamic.
    SmallVector<Value> bDims;
    for (int64_t t = 0; t < bRank; ++t) {
      int64_t s = outType.getDimSize(position + t);
      if (!ShapedType::isDynamic(s)) {
        bDims.push_back(m.c(s));
        continue;
      }
      Value d = m.c(1);
      for (auto &ds : idxDims) {
        int64_t r = static_cast<int64_t>(ds.size());
        if (t >= bRank - r)
          d = m.max(d, ds[t - (bRank - r)]);
      }
      bDims.push_back(d);
    }
    Value ok;
    for (auto [j, ds] : llvm::enumerate(idxDims)) {
      auto it = cast<RankedTensorType>(indices[j].getType());
      int64_t r = static_cast<int64_t>(ds.size());
      for (int64_t t = 0; t < r; ++t) {
        if (!it.isDynamicDim(t) && !outType.isDynamicDim(position + bRank - r + t))
          continue;
        Value b = bDims[bRank - r + t];
        Value good = arith::OrIOp::create(
            rewriter, loc, m.cmp(P::eq, ds[t], m.c(1)), m.cmp(P::eq, ds[t], b));
        ok = ok ? arith::AndIOp::create(rewriter, loc, ok, good).getResult() : good;
      }
    }
    if (ok) {
      SmallVector<Value> args{m.c(nIdx)};
      for (auto &ds : idxDims)
        appendShapeArgs(rewriter, loc, args, ds);
      checks.push_back(
          {arith::XOrIOp::create(rewriter, loc, ok,
                                 arith::ConstantIntOp::create(rewriter, loc, 1, 1)),
           RuntimeError::DynamicBroadcast, args});
    }

    // The pre-pass: the first entry out of range of each index array.
    for (auto [j, v] : llvm::enumerate(indices)) {
      Value size = arith::IndexCastOp::create(rewriter, loc, i64, inDims[dims[j]]);
      Value numel = m.c(1);
      for (Value d : idxDims[j])
        numel = m.mul(numel, d);
      Value flat = reshapeTo(rewriter, loc, v, {numel});
      bool sgn = isSigned[j];
      auto isBad = [&, sgn](OpBuilder &b, Location l, Value x) -> Value {
        Type t = x.getType();
        Value x64 = x;
        if (t != i64)
          x64 = sgn ? Value(arith::ExtSIOp::create(b, l, i64, x))
                    : Value(arith::ExtUIOp::create(b, l, i64, x));
        if (!sgn)
          return arith::CmpIOp::create(b, l, P::uge, x64, size);
        Value neg = arith::SubIOp::create(
            b, l, arith::ConstantIntOp::create(b, l, i64, 0), size);
        return arith::OrIOp::create(
            b, l, arith::CmpIOp::create(b, l, P::slt, x64, neg),
            arith::CmpIOp::create(b, l, P::sge, x64, size));
      };
      auto to64 = [&, sgn](OpBuilder &b, Location l, Value x) -> Value {
        if (x.getType() == i64)
          return x;
        return sgn ? Value(arith::ExtSIOp::create(b, l, i64, x))
                   : Value(arith::ExtUIOp::create(b, l, i64, x));
      };
      Value falseV = arith::ConstantIntOp::create(rewriter, loc, 0, 1);
      Value zero64 = arith::ConstantIntOp::create(rewriter, loc, i64, 0);
      auto loop = scf::ForOp::create(
          rewriter, loc, m.c(0), numel, m.c(1), ValueRange{falseV, zero64},
          [&](OpBuilder &lb, Location ll, Value i, ValueRange iter) {
            Value x = tensor::ExtractOp::create(lb, ll, flat, ValueRange{i});
            Value bad = isBad(lb, ll, x);
            Value first = arith::SelectOp::create(
                lb, ll, iter[0], iter[1],
                arith::SelectOp::create(lb, ll, bad, to64(lb, ll, x), iter[1]));
            Value found = arith::OrIOp::create(lb, ll, iter[0], bad);
            scf::YieldOp::create(lb, ll, ValueRange{found, first});
          });
      checks.push_back({loop.getResult(0), RuntimeError::IndexOutOfBounds,
                        {loop.getResult(1), m.c(dims[j]), inDims[dims[j]]}});
    }
    scf::IfOp guard = guardRuntimeChecks(rewriter, loc, checks, outType);

    // The gather.
    SmallVector<Value> keptDims;
    SmallVector<int64_t> keptAxes;
    for (int64_t d = 0; d < rank; ++d)
      if (!llvm::is_contained(dims, d)) {
        keptDims.push_back(inDims[d]);
        keptAxes.push_back(d);
      }
    SmallVector<Value> outDims(ArrayRef(keptDims).take_front(position));
    llvm::append_range(outDims, bDims);
    llvm::append_range(outDims, ArrayRef(keptDims).drop_front(position));
    SmallVector<Value> dyn;
    for (auto [i, d] : llvm::enumerate(outDims))
      if (outType.isDynamicDim(i))
        dyn.push_back(d);
    Value init = emptyTensor(rewriter, loc, outType, dyn);
    int64_t outRank = outType.getRank();
    SmallVector<AffineMap> maps{
        AffineMap::getMultiDimIdentityMap(outRank, rewriter.getContext())};
    SmallVector<utils::IteratorType> iters(outRank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{}, ValueRange{init}, maps,
        iters, [&](OpBuilder &nb, Location nl, ValueRange) {
          SmallVector<Value> li;
          for (int64_t r = 0; r < outRank; ++r)
            li.push_back(linalg::IndexOp::create(nb, nl, r));
          Value c0 = arith::ConstantIndexOp::create(nb, nl, 0);
          Value c1 = arith::ConstantIndexOp::create(nb, nl, 1);
          SmallVector<Value> src(rank);
          for (auto [kk, d] : llvm::enumerate(keptAxes))
            src[d] = li[(int64_t)kk < position ? kk : kk + bRank];
          for (auto [j, v] : llvm::enumerate(indices)) {
            auto it = cast<RankedTensorType>(v.getType());
            int64_t r = it.getRank();
            SmallVector<Value> at;
            for (int64_t t = 0; t < r; ++t) {
              Value l = li[position + bRank - r + t];
              if (it.getDimSize(t) == 1)
                at.push_back(c0);
              else if (it.isDynamicDim(t))
                at.push_back(arith::SelectOp::create(
                    nb, nl,
                    arith::CmpIOp::create(nb, nl, P::eq, idxDims[j][t], c1), c0,
                    l));
              else
                at.push_back(l);
            }
            Value x = tensor::ExtractOp::create(nb, nl, v, at);
            Value xi = isSigned[j]
                           ? Value(arith::IndexCastOp::create(
                                 nb, nl, nb.getIndexType(), x))
                           : Value(arith::IndexCastUIOp::create(
                                 nb, nl, nb.getIndexType(), x));
            if (isSigned[j]) {
              Value wrapped = arith::AddIOp::create(nb, nl, xi, inDims[dims[j]]);
              xi = arith::SelectOp::create(
                  nb, nl, arith::CmpIOp::create(nb, nl, P::slt, xi, c0), wrapped,
                  xi);
            }
            src[dims[j]] = xi;
          }
          Value x = tensor::ExtractOp::create(nb, nl, input, src);
          linalg::YieldOp::create(nb, nl, x);
        });
    scf::YieldOp::create(rewriter, loc, generic.getResult(0));
    rewriter.replaceOp(op, guard.getResults());
    return success();
  }
};
} // namespace

void mlir::tnp::populateTNPIndexingToLinalgPatterns(const TypeConverter &converter,
                                                    RewritePatternSet &patterns) {
  patterns.add<IndexLowering, MaskSelectLowering, GatherLowering>(
      converter, patterns.getContext());
}
