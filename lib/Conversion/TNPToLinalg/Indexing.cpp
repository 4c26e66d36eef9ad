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
} // namespace

void mlir::tnp::populateTNPIndexingToLinalgPatterns(const TypeConverter &converter,
                                                    RewritePatternSet &patterns) {
  patterns.add<IndexLowering>(converter, patterns.getContext());
}
