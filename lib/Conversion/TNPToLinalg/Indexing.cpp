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
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

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

/// The slice of the input a basic index selects: per input dim an offset,
/// a size and a positive stride, whether the dim is read back to front
/// (negative step), the run-time checks of integer indices into dynamic
/// dims, and the dims of `input[index]` in order (newaxis: 1).
struct BasicSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SmallVector<bool> reversed;
  SmallVector<RuntimeCheck> checks;
  SmallVector<OpFoldResult> resultDims;
  bool identity = true, needsReshape = false;
};

BasicSlice computeBasicSlice(OpBuilder &rewriter, Location loc,
                             RankedTensorType inType, Value input,
                             ArrayRef<IndexItem> expanded) {
  IndexMath m{rewriter, loc};
  using P = arith::CmpIPredicate;
  BasicSlice sl;
  SmallVector<OpFoldResult> &offsets = sl.offsets, &sizes = sl.sizes,
                            &strides = sl.strides, &resultDims = sl.resultDims;
  SmallVector<bool> &reversed = sl.reversed;
  SmallVector<RuntimeCheck> &checks = sl.checks;
  bool &identity = sl.identity, &needsReshape = sl.needsReshape;
    int64_t axis = 0;
    for (const IndexItem &it : expanded) {
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

  return sl;
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

    BasicSlice sl = computeBasicSlice(rewriter, loc, inType, input, *expanded);
    SmallVector<OpFoldResult> &offsets = sl.offsets, &sizes = sl.sizes,
                              &strides = sl.strides, &resultDims = sl.resultDims;
    SmallVector<bool> &reversed = sl.reversed;
    SmallVector<RuntimeCheck> &checks = sl.checks;
    bool identity = sl.identity, needsReshape = sl.needsReshape;
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

/// The number of true elements of the 1-D bool tensor `flatMask` (a linalg
/// reduction), as an index value.
static Value countTrue(OpBuilder &b, Location loc, Value flatMask) {
  Type i64 = b.getI64Type();
  auto countType = RankedTensorType::get({}, i64);
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(countType, b.getI64IntegerAttr(0)));
  MLIRContext *ctx = b.getContext();
  AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, ctx);
  AffineMap toScalar = AffineMap::get(1, 0, {}, ctx);
  auto countOp = linalg::GenericOp::create(
      b, loc, TypeRange{countType}, ValueRange{flatMask}, ValueRange{zero},
      ArrayRef<AffineMap>{id1, toScalar},
      ArrayRef<utils::IteratorType>{utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value one = arith::ExtUIOp::create(nb, nl, i64, args[0]);
        linalg::YieldOp::create(
            nb, nl, ValueRange{arith::AddIOp::create(nb, nl, args[1], one)});
      });
  Value count =
      tensor::ExtractOp::create(b, loc, countOp.getResult(0), ValueRange{});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), count);
}

/// A tensor<?xi64> of `size` elements (an index value), all `value`.
static Value filledI64(OpBuilder &b, Location loc, Value size, int64_t value) {
  Type i64 = b.getI64Type();
  Value empty = tensor::EmptyOp::create(
      b, loc, RankedTensorType::get({ShapedType::kDynamic}, i64),
      ValueRange{size});
  Value v = arith::ConstantIntOp::create(b, loc, i64, value);
  return linalg::FillOp::create(b, loc, v, empty).getResult(0);
}

namespace {
/// The positions of the true elements of a flattened bool mask, in order.
struct TruePositions {
  Value positions; ///< tensor<?xi64>
  Value count;     ///< index
};
} // namespace

/// The positions of the true elements of the 1-D bool tensor `flatMask`
/// (run-time length `n`). With `chunks` <= 1 (the CPU pipeline, whose loops
/// run on one thread): the count, then one scf.for over the mask writing
/// each true element's position. With `chunks` > 1 (the CUDA pipeline): the
/// mask is cut into nc <= `chunks` chunks of C >= 256 elements, and
///   1. counts[c], the true elements of chunk c (a loop nest, parallel over
///      the chunks),
///   2. offsets[c] = counts[0] + ... + counts[c-1] (a reduction per chunk,
///      parallel over the chunks),
///   3. the total, offsets[nc-1] + counts[nc-1], sizes the result (the
///      host reads those two elements), and
///   4. an scf.forall over the chunks writes each chunk's positions into its
///      own slice of the result (parallel_insert_slice), in order.
/// Every loop over data is then a parallel loop or a reduction, which the
/// CUDA pipeline maps to kernels: nothing reads the mask on the host.
static TruePositions truePositions(OpBuilder &b, Location loc, Value flatMask,
                                   Value n, int64_t chunks) {
  IndexMath m{b, loc};
  using P = arith::CmpIPredicate;
  Type i64 = b.getI64Type();
  auto outType = RankedTensorType::get({ShapedType::kDynamic}, i64);
  // Writes the positions of the true elements among [start, start + len)
  // into `into` from its position 0 on (a sequential scf.for).
  auto compact = [&](OpBuilder &lb, Location ll, Value start, Value len,
                     Value into) -> Value {
    IndexMath lm{lb, ll};
    auto loop = scf::ForOp::create(
        lb, ll, lm.c(0), len, lm.c(1), ValueRange{lm.c(0), into},
        [&](OpBuilder &fb, Location fl, Value j, ValueRange iter) {
          Value i = arith::AddIOp::create(fb, fl, start, j);
          Value bit = tensor::ExtractOp::create(fb, fl, flatMask, ValueRange{i});
          auto ifOp = scf::IfOp::create(
              fb, fl, bit,
              [&](OpBuilder &tb, Location tl) {
                Value pos = iter[0];
                Value at = arith::IndexCastOp::create(tb, tl, i64, i);
                Value ins =
                    tensor::InsertOp::create(tb, tl, at, iter[1], ValueRange{pos});
                Value next = arith::AddIOp::create(
                    tb, tl, pos, arith::ConstantIndexOp::create(tb, tl, 1));
                scf::YieldOp::create(tb, tl, ValueRange{next, ins});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, iter);
              });
          scf::YieldOp::create(fb, fl, ifOp.getResults());
        });
    return loop.getResult(1);
  };

  if (chunks <= 1) {
    // Without a branch: every element's position is written at the next
    // free slot, which only a true element takes (one slot more than the
    // count, for the false elements after the last true one).
    Value count = countTrue(b, loc, flatMask);
    Value empty = tensor::EmptyOp::create(b, loc, outType,
                                          ValueRange{m.add(count, m.c(1))});
    auto loop = scf::ForOp::create(
        b, loc, m.c(0), n, m.c(1), ValueRange{m.c(0), empty},
        [&](OpBuilder &fb, Location fl, Value i, ValueRange iter) {
          Value bit = tensor::ExtractOp::create(fb, fl, flatMask, ValueRange{i});
          Value at = arith::IndexCastOp::create(fb, fl, i64, i);
          Value ins =
              tensor::InsertOp::create(fb, fl, at, iter[1], ValueRange{iter[0]});
          Value next = arith::AddIOp::create(
              fb, fl, iter[0],
              arith::IndexCastOp::create(
                  fb, fl, fb.getIndexType(),
                  arith::ExtUIOp::create(fb, fl, fb.getI64Type(), bit)));
          scf::YieldOp::create(fb, fl, ValueRange{next, ins});
        });
    SmallVector<OpFoldResult> offs{b.getIndexAttr(0)}, sizes{count},
        strides{b.getIndexAttr(1)};
    Value positions = tensor::ExtractSliceOp::create(b, loc, loop.getResult(1),
                                                     offs, sizes, strides);
    return {positions, count};
  }

  // C = max(256, ceil(n / chunks)), nc = ceil(n / C).
  auto ceilDiv = [&](Value x, Value y) {
    return b.createOrFold<arith::CeilDivSIOp>(loc, x, y);
  };
  Value len = m.max(m.c(256), ceilDiv(n, m.c(chunks)));
  Value nc = ceilDiv(n, len);
  MLIRContext *ctx = b.getContext();
  auto par = utils::IteratorType::parallel;
  auto red = utils::IteratorType::reduction;
  AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx);

  // Builds an scf.forall over the chunks whose body yields a tensor for
  // the slice [offset, offset + size) of the shared output `init` (the body
  // gets chunk c, its first element and length, and that slice).
  auto forEachChunk =
      [&](Value init,
          function_ref<std::pair<Value, Value>(OpBuilder &, Location, Value)>
              sliceOf,
          function_ref<Value(OpBuilder &, Location, Value, Value, Value,
                             Value)>
              body) -> Value {
    // Mapped to GPU blocks: canonicalization then keeps a loop of one
    // chunk (it would inline it, and the CUDA pipeline would run the
    // chunk's loop on the host); the CPU pipeline's scf-forall-to-for and
    // the CUDA pipeline's tiling drop the mapping.
    auto mapping = b.getArrayAttr(
        gpu::GPUBlockMappingAttr::get(b.getContext(), gpu::MappingId::DimX));
    auto forall = scf::ForallOp::create(
        b, loc, ArrayRef<OpFoldResult>{nc}, ValueRange{init}, mapping,
        [&](OpBuilder &fb, Location fl, ValueRange args) {
          Value c = args[0], shared = args[1];
          IndexMath fm{fb, fl};
          auto [off, size] = sliceOf(fb, fl, c);
          SmallVector<OpFoldResult> offs{getAsOpFoldResult(off)},
              sizes{getAsOpFoldResult(size)}, strides{fb.getIndexAttr(1)};
          Value slice = tensor::ExtractSliceOp::create(fb, fl, shared, offs,
                                                       sizes, strides);
          Value start = fm.mul(c, len);
          Value chunkLen = fm.min(len, fm.sub(n, start));
          Value filled = body(fb, fl, c, start, chunkLen, slice);
          auto inParallel = scf::InParallelOp::create(fb, fl);
          OpBuilder::InsertionGuard guard(fb);
          fb.setInsertionPointToStart(inParallel.getBody());
          tensor::ParallelInsertSliceOp::create(fb, fl, filled, shared, offs,
                                                sizes, strides);
        });
    return forall.getResult(0);
  };

  // 1. counts[c]: each chunk counts its true elements (a sequential loop
  //    writing its own element of counts).
  Value counts = forEachChunk(
      tensor::EmptyOp::create(b, loc, outType, ValueRange{nc}),
      [&](OpBuilder &fb, Location fl, Value c) {
        return std::pair<Value, Value>{c, arith::ConstantIndexOp::create(fb, fl, 1)};
      },
      [&](OpBuilder &fb, Location fl, Value, Value start, Value chunkLen,
          Value slice) -> Value {
        IndexMath fm{fb, fl};
        Value zero = arith::ConstantIntOp::create(fb, fl, i64, 0);
        auto loop = scf::ForOp::create(
            fb, fl, fm.c(0), chunkLen, fm.c(1), ValueRange{zero},
            [&](OpBuilder &lb, Location ll, Value j, ValueRange iter) {
              Value i = arith::AddIOp::create(lb, ll, start, j);
              Value bit =
                  tensor::ExtractOp::create(lb, ll, flatMask, ValueRange{i});
              Value one = arith::ExtUIOp::create(lb, ll, i64, bit);
              scf::YieldOp::create(
                  lb, ll, ValueRange{arith::AddIOp::create(lb, ll, iter[0], one)});
            });
        return tensor::InsertOp::create(fb, fl, loop.getResult(0), slice,
                                        ValueRange{fm.c(0)});
      });


  // 2. offsets[c]: the counts of the chunks before c (none for one chunk).
  std::optional<int64_t> staticNc = getConstantIntValue(nc);
  bool oneChunk = staticNc && *staticNc == 1;
  Value offsets;
  if (!oneChunk) {
    auto offsetsOp = linalg::GenericOp::create(
        b, loc, TypeRange{outType}, ValueRange{counts},
        ValueRange{filledI64(b, loc, nc, 0)},
        ArrayRef<AffineMap>{AffineMap::get(2, 0, {d1}, ctx),
                            AffineMap::get(2, 0, {d0}, ctx)},
        ArrayRef<utils::IteratorType>{par, red},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value c = linalg::IndexOp::create(nb, nl, 0);
          Value before = arith::CmpIOp::create(
              nb, nl, P::ult, linalg::IndexOp::create(nb, nl, 1), c);
          Value term = arith::SelectOp::create(
              nb, nl, before, args[0],
              arith::ConstantIntOp::create(nb, nl, i64, 0));
          linalg::YieldOp::create(
              nb, nl, ValueRange{arith::AddIOp::create(nb, nl, args[1], term)});
        });
    offsets = offsetsOp.getResult(0);
  }

  // 3. The total, read by the host (it sizes the result): the last chunk's
  //    offset and count (0 without chunks).
  auto readAt = [&](OpBuilder &rb, Location rl, Value t, Value at) -> Value {
    Value v = tensor::ExtractOp::create(rb, rl, t, ValueRange{at});
    return arith::IndexCastOp::create(rb, rl, rb.getIndexType(), v);
  };
  Value count;
  if (oneChunk) {
    count = readAt(b, loc, counts, m.c(0));
  } else {
    auto ifOp = scf::IfOp::create(
        b, loc, m.cmp(P::sgt, nc, m.c(0)),
        [&](OpBuilder &tb, Location tl) {
          Value last = arith::SubIOp::create(
              tb, tl, nc, arith::ConstantIndexOp::create(tb, tl, 1));
          scf::YieldOp::create(
              tb, tl,
              arith::AddIOp::create(tb, tl, readAt(tb, tl, offsets, last),
                                    readAt(tb, tl, counts, last))
                  .getResult());
        },
        [&](OpBuilder &eb, Location el) {
          scf::YieldOp::create(
              eb, el, ValueRange{arith::ConstantIndexOp::create(eb, el, 0)});
        });
    count = ifOp.getResult(0);
  }

  // 4. Each chunk's positions into its slice of the result.
  Value positions = forEachChunk(
      tensor::EmptyOp::create(b, loc, outType, ValueRange{count}),
      [&](OpBuilder &fb, Location fl, Value c) {
        auto readIndex = [&](Value t) -> Value {
          Value v = tensor::ExtractOp::create(fb, fl, t, ValueRange{c});
          return arith::IndexCastOp::create(fb, fl, fb.getIndexType(), v);
        };
        Value off = oneChunk ? Value(arith::ConstantIndexOp::create(fb, fl, 0))
                             : readIndex(offsets);
        return std::pair<Value, Value>{off, readIndex(counts)};
      },
      [&](OpBuilder &fb, Location fl, Value, Value start, Value chunkLen,
          Value slice) -> Value {
        return compact(fb, fl, start, chunkLen, slice);
      });
  return {positions, count};
}

/// NumPy's `mask.nonzero()` for a bool tensor of rank k >= 1 (run-time dims
/// `maskDims`): k tensor<?xi64> holding the coordinates of the true elements
/// in row-major order: the positions in the flattened mask (truePositions),
/// then for k > 1 a linalg.generic unravelling them.
static SmallVector<Value> nonzeroArrays(OpBuilder &b, Location loc, Value mask,
                                        ArrayRef<Value> maskDims,
                                        int64_t chunks) {
  IndexMath m{b, loc};
  Type i64 = b.getI64Type();
  int64_t k = static_cast<int64_t>(maskDims.size());
  Value n = m.c(1);
  for (Value d : maskDims)
    n = m.mul(n, d);
  Value flatMask = reshapeTo(b, loc, mask, {n});
  TruePositions tp = truePositions(b, loc, flatMask, n, chunks);
  if (k == 1)
    return {tp.positions};
  auto outType = RankedTensorType::get({ShapedType::kDynamic}, i64);
  SmallVector<Value> inits;
  SmallVector<Type> types(k, outType);
  for (int64_t j = 0; j < k; ++j)
    inits.push_back(tensor::EmptyOp::create(b, loc, outType, ValueRange{tp.count}));
  SmallVector<Value> dims64;
  for (Value d : maskDims)
    dims64.push_back(arith::IndexCastOp::create(b, loc, i64, d));
  AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, b.getContext());
  auto unravel = linalg::GenericOp::create(
      b, loc, types, ValueRange{tp.positions}, inits,
      SmallVector<AffineMap>(k + 1, id1),
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        SmallVector<Value> coords(k);
        Value rest = args[0];
        for (int64_t j = k - 1; j >= 0; --j) {
          coords[j] = arith::RemUIOp::create(nb, nl, rest, dims64[j]);
          rest = arith::DivUIOp::create(nb, nl, rest, dims64[j]);
        }
        linalg::YieldOp::create(nb, nl, coords);
      });
  return SmallVector<Value>(unravel.getResults());
}

/// tnp.mask_select: run-time dim checks, then the positions of the true
/// elements of the flattened mask (truePositions) and a linalg.generic over
/// the result that reads, for result row r along the mask's axis, the
/// input's row positions[r].
struct MaskSelectLowering : OpConversionPattern<MaskSelectOp> {
  MaskSelectLowering(const TypeConverter &converter, MLIRContext *ctx,
                     int64_t chunks)
      : OpConversionPattern(converter, ctx), chunks(chunks) {}

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
    TruePositions tp = truePositions(rewriter, loc, flatMask, n, chunks);

    // The result: pre + (count,) + post, row r read from positions[r].
    SmallVector<Value> outDims(ArrayRef(inDims).take_front(axis));
    outDims.push_back(tp.count);
    llvm::append_range(outDims, ArrayRef(inDims).drop_front(axis + k));
    SmallVector<Value> dyn;
    for (auto [i, d] : llvm::enumerate(outDims))
      if (outType.isDynamicDim(i))
        dyn.push_back(d);
    Value init = emptyTensor(rewriter, loc, outType, dyn);
    int64_t outRank = rank - k + 1;
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineMap> maps{
        AffineMap::get(outRank, 0, {getAffineDimExpr(axis, ctx)}, ctx),
        AffineMap::getMultiDimIdentityMap(outRank, ctx)};
    SmallVector<utils::IteratorType> iters(outRank,
                                           utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{tp.positions},
        ValueRange{init}, maps, iters,
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          SmallVector<Value> at;
          for (int64_t d = 0; d < outRank; ++d)
            at.push_back(d == axis ? Value(arith::IndexCastOp::create(
                                         nb, nl, nb.getIndexType(), args[0]))
                                   : Value(linalg::IndexOp::create(nb, nl, d)));
          linalg::YieldOp::create(
              nb, nl, tensor::ExtractOp::create(nb, nl, flatInput, at).getResult());
        });
    Value result = generic.getResult(0);
    if (guard) {
      scf::YieldOp::create(rewriter, loc, result);
      rewriter.replaceOp(op, guard.getResults());
    } else {
      rewriter.replaceOp(op, result);
    }
    return success();
  }

  int64_t chunks;
};

/// What the gather and scatter lowerings share: the run-time dims, the
/// index arrays with each boolean mask replaced by its nonzero() arrays, the
/// broadcast shape B of the index arrays, and the checks in NumPy's order
/// (mask dims that differ from the input's; index arrays that do not
/// broadcast; the first entry out of range of each integer index array,
/// found by a pre-pass that reads only the index arrays).
struct GatherPlan {
  SmallVector<Value> inDims, indices, bDims, outDims;
  SmallVector<SmallVector<Value>> idxDims;
  SmallVector<bool> isSigned;
  SmallVector<int64_t> dims, keptAxes;
  int64_t position = 0, bRank = 0, rank = 0;
  SmallVector<RuntimeCheck> checks;
};

GatherPlan planGather(OpBuilder &rewriter, Location loc, Value input,
                      ValueRange origIndices, ValueRange indices,
                      ArrayRef<int64_t> dims, int64_t position,
                      RankedTensorType outType, int64_t chunks) {
  IndexMath m{rewriter, loc};
  using P = arith::CmpIPredicate;
  Type i64 = rewriter.getI64Type();
  GatherPlan g;
  auto inType = cast<RankedTensorType>(input.getType());
  g.rank = inType.getRank();
  g.position = position;
  g.inDims = runtimeDims(rewriter, loc, input);
  // Masks first: their dim checks, then their nonzero() arrays (always in
  // range: no pre-pass).
  SmallVector<bool> fromMask;
  // The entries of index arrays that are constants (literal indices).
  SmallVector<DenseIntElementsAttr> constants;
  for (auto [j, v] : llvm::enumerate(origIndices)) {
    std::optional<::tnp::sem::DType> dt = dtypeOf(v);
    SmallVector<Value> ds = runtimeDims(rewriter, loc, indices[j]);
    if (dt != ::tnp::sem::DType::Bool) {
      g.indices.push_back(indices[j]);
      g.dims.push_back(dims[j]);
      g.isSigned.push_back(!dt || ::tnp::sem::isSigned(*dt));
      g.idxDims.push_back(ds);
      fromMask.push_back(false);
      DenseIntElementsAttr entries;
      constants.push_back(matchPattern(v, m_Constant(&entries))
                              ? entries
                              : DenseIntElementsAttr());
      continue;
    }
    auto mt = cast<RankedTensorType>(indices[j].getType());
    for (auto [t, d] : llvm::enumerate(ds)) {
      int64_t axis = dims[j] + static_cast<int64_t>(t);
      if (inType.isDynamicDim(axis) || mt.isDynamicDim(t))
        g.checks.push_back({m.cmp(P::ne, g.inDims[axis], d),
                            RuntimeError::MaskMismatch,
                            {m.c(axis), g.inDims[axis], d}});
    }
    for (auto [t, nz] : llvm::enumerate(nonzeroArrays(rewriter, loc,
                                                      indices[j], ds, chunks))) {
      g.indices.push_back(nz);
      g.dims.push_back(dims[j] + static_cast<int64_t>(t));
      g.isSigned.push_back(true);
      g.idxDims.push_back(runtimeDims(rewriter, loc, nz));
      fromMask.push_back(true);
      constants.push_back(DenseIntElementsAttr());
    }
  }
  int64_t nIdx = static_cast<int64_t>(g.dims.size());
  g.bRank = outType.getRank() - (g.rank - nIdx);
  int64_t bRank = g.bRank;
  for (int64_t t = 0; t < bRank; ++t) {
    int64_t s = outType.getDimSize(position + t);
    if (!ShapedType::isDynamic(s)) {
      g.bDims.push_back(m.c(s));
      continue;
    }
    // NumPy's broadcast dim: 1 when every dim is 1, else the dim that is
    // not 1 (0 included: (0,) and (1,) broadcast to (0,)).
    Value d = m.c(1);
    for (auto &ds : g.idxDims) {
      int64_t r = static_cast<int64_t>(ds.size());
      if (t >= bRank - r) {
        Value dj = ds[t - (bRank - r)];
        d = m.select(m.cmp(P::eq, dj, m.c(1)), d, dj);
      }
    }
    g.bDims.push_back(d);
  }
  Value ok;
  for (auto [j, ds] : llvm::enumerate(g.idxDims)) {
    auto it = cast<RankedTensorType>(g.indices[j].getType());
    int64_t r = static_cast<int64_t>(ds.size());
    for (int64_t t = 0; t < r; ++t) {
      if (!it.isDynamicDim(t) && !outType.isDynamicDim(position + bRank - r + t))
        continue;
      Value b = g.bDims[bRank - r + t];
      Value good = arith::OrIOp::create(
          rewriter, loc, m.cmp(P::eq, ds[t], m.c(1)), m.cmp(P::eq, ds[t], b));
      ok = ok ? arith::AndIOp::create(rewriter, loc, ok, good).getResult() : good;
    }
  }
  if (ok) {
    SmallVector<Value> args{m.c(nIdx)};
    for (auto &ds : g.idxDims)
      appendShapeArgs(rewriter, loc, args, ds);
    g.checks.push_back(
        {arith::XOrIOp::create(rewriter, loc, ok,
                               arith::ConstantIntOp::create(rewriter, loc, 1, 1)),
         RuntimeError::IndexBroadcast, args});
  }

  // The pre-pass: the first entry out of range of each index array.
  for (auto [j, v] : llvm::enumerate(g.indices)) {
    if (fromMask[j])
      continue;
    int64_t axis = g.dims[j];
    // Literal indices into a static dim are checked here: no check when
    // they are in range, else the first bad one, raised at run time.
    if (constants[j] && !inType.isDynamicDim(axis)) {
      int64_t dimSize = inType.getDimSize(axis);
      std::optional<int64_t> bad;
      for (const APInt &e : constants[j].getValues<APInt>()) {
        bool out = g.isSigned[j]
                       ? e.getSExtValue() < -dimSize || e.getSExtValue() >= dimSize
                       : e.getZExtValue() >= static_cast<uint64_t>(dimSize);
        if (out) {
          bad = g.isSigned[j] ? e.getSExtValue()
                              : static_cast<int64_t>(e.getZExtValue());
          break;
        }
      }
      if (bad)
        g.checks.push_back(
            {arith::ConstantIntOp::create(rewriter, loc, 1, 1),
             RuntimeError::IndexOutOfBounds,
             {arith::ConstantIntOp::create(rewriter, loc, i64, *bad), m.c(axis),
              g.inDims[axis]}});
      continue;
    }
    Value size = arith::IndexCastOp::create(rewriter, loc, i64, g.inDims[axis]);
    Value numel = m.c(1);
    for (Value d : g.idxDims[j])
      numel = m.mul(numel, d);
    Value flat = reshapeTo(rewriter, loc, v, {numel});
    bool sgn = g.isSigned[j];
    auto to64 = [&, sgn](OpBuilder &b, Location l, Value x) -> Value {
      if (x.getType() == i64)
        return x;
      return sgn ? Value(arith::ExtSIOp::create(b, l, i64, x))
                 : Value(arith::ExtUIOp::create(b, l, i64, x));
    };
    auto isBad = [&, sgn](OpBuilder &b, Location l, Value x64) -> Value {
      if (!sgn)
        return arith::CmpIOp::create(b, l, P::uge, x64, size);
      Value neg = arith::SubIOp::create(
          b, l, arith::ConstantIntOp::create(b, l, i64, 0), size);
      return arith::OrIOp::create(
          b, l, arith::CmpIOp::create(b, l, P::slt, x64, neg),
          arith::CmpIOp::create(b, l, P::sge, x64, size));
    };
    // The first bad position (numel when none): a min-reduction; then, only
    // when there is one, the entry there, read by a 0-d linalg.generic. Not
    // a host loop: the CUDA pipeline runs both as kernels.
    Value numel64 = arith::IndexCastOp::create(rewriter, loc, i64, numel);
    MLIRContext *ctx = rewriter.getContext();
    auto scalarType = RankedTensorType::get({}, i64);
    Value empty = tensor::EmptyOp::create(rewriter, loc, scalarType, ValueRange{});
    Value init = linalg::FillOp::create(rewriter, loc, numel64, empty).getResult(0);
    auto firstOp = linalg::GenericOp::create(
        rewriter, loc, TypeRange{scalarType}, ValueRange{flat}, ValueRange{init},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(1, ctx),
                            AffineMap::get(1, 0, {}, ctx)},
        ArrayRef<utils::IteratorType>{utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Value pos = arith::IndexCastOp::create(
              nb, nl, i64, linalg::IndexOp::create(nb, nl, 0));
          Value cand = arith::SelectOp::create(
              nb, nl, isBad(nb, nl, to64(nb, nl, args[0])), pos, numel64);
          linalg::YieldOp::create(
              nb, nl, arith::MinUIOp::create(nb, nl, args[1], cand).getResult());
        });
    Value first = tensor::ExtractOp::create(rewriter, loc,
                                            firstOp.getResult(0), ValueRange{});
    Value found = arith::CmpIOp::create(rewriter, loc, P::ult, first, numel64);
    auto entry = scf::IfOp::create(
        rewriter, loc, found,
        [&](OpBuilder &b, Location l) {
          Value at = arith::IndexCastOp::create(b, l, b.getIndexType(), first);
          Value out = tensor::EmptyOp::create(b, l, scalarType, ValueRange{});
          auto read = linalg::GenericOp::create(
              b, l, TypeRange{scalarType}, ValueRange{}, ValueRange{out},
              ArrayRef<AffineMap>{AffineMap::get(0, 0, {}, ctx)},
              ArrayRef<utils::IteratorType>{},
              [&](OpBuilder &nb, Location nl, ValueRange) {
                Value x = tensor::ExtractOp::create(nb, nl, flat, ValueRange{at});
                linalg::YieldOp::create(nb, nl, to64(nb, nl, x));
              });
          scf::YieldOp::create(
              b, l,
              tensor::ExtractOp::create(b, l, read.getResult(0), ValueRange{})
                  .getResult());
        },
        [&](OpBuilder &b, Location l) {
          scf::YieldOp::create(
              b, l, ValueRange{arith::ConstantIntOp::create(b, l, i64, 0)});
        });
    g.checks.push_back({found, RuntimeError::IndexOutOfBounds,
                        {entry.getResult(0), m.c(axis), g.inDims[axis]}});
  }

  SmallVector<Value> keptDims;
  for (int64_t d = 0; d < g.rank; ++d)
    if (!llvm::is_contained(g.dims, d)) {
      keptDims.push_back(g.inDims[d]);
      g.keptAxes.push_back(d);
    }
  g.outDims.assign(keptDims.begin(), keptDims.begin() + position);
  llvm::append_range(g.outDims, g.bDims);
  llvm::append_range(g.outDims, ArrayRef(keptDims).drop_front(position));
  return g;
}

/// The input element that the gather's result element at `li` reads (the
/// index arrays broadcast; negative entries wrapped).
SmallVector<Value> gatherSource(OpBuilder &nb, Location nl, const GatherPlan &g,
                                ArrayRef<Value> li) {
  using P = arith::CmpIPredicate;
  Value c0 = arith::ConstantIndexOp::create(nb, nl, 0);
  Value c1 = arith::ConstantIndexOp::create(nb, nl, 1);
  SmallVector<Value> src(g.rank);
  for (auto [kk, d] : llvm::enumerate(g.keptAxes))
    src[d] = li[(int64_t)kk < g.position ? kk : kk + g.bRank];
  for (auto [j, v] : llvm::enumerate(g.indices)) {
    auto it = cast<RankedTensorType>(v.getType());
    int64_t r = it.getRank();
    SmallVector<Value> at;
    for (int64_t t = 0; t < r; ++t) {
      Value l = li[g.position + g.bRank - r + t];
      if (it.getDimSize(t) == 1)
        at.push_back(c0);
      else if (it.isDynamicDim(t))
        at.push_back(arith::SelectOp::create(
            nb, nl, arith::CmpIOp::create(nb, nl, P::eq, g.idxDims[j][t], c1),
            c0, l));
      else
        at.push_back(l);
    }
    Value x = tensor::ExtractOp::create(nb, nl, v, at);
    Value xi = g.isSigned[j]
                   ? Value(arith::IndexCastOp::create(nb, nl, nb.getIndexType(), x))
                   : Value(arith::IndexCastUIOp::create(nb, nl, nb.getIndexType(), x));
    if (g.isSigned[j]) {
      Value wrapped = arith::AddIOp::create(nb, nl, xi, g.inDims[g.dims[j]]);
      xi = arith::SelectOp::create(
          nb, nl, arith::CmpIOp::create(nb, nl, P::slt, xi, c0), wrapped, xi);
    }
    src[g.dims[j]] = xi;
  }
  return src;
}

/// tnp.gather: the plan's checks, then a linalg.generic over the result
/// whose body reads the index arrays and extracts the input element.
struct GatherLowering : OpConversionPattern<GatherOp> {
  GatherLowering(const TypeConverter &converter, MLIRContext *ctx, int64_t chunks)
      : OpConversionPattern(converter, ctx), chunks(chunks) {}

  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outType = signlessType(op.getType());
    Value input = adaptor.getInput();
    GatherPlan g = planGather(rewriter, loc, input, op.getIndices(),
                              adaptor.getIndices(), op.getDims(),
                              op.getPosition(), outType, chunks);
    // No checks: literal indices in range, and no dynamic dims to check.
    scf::IfOp guard;
    if (!g.checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, g.checks, outType);
    SmallVector<Value> dyn;
    for (auto [i, d] : llvm::enumerate(g.outDims))
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
          Value x = tensor::ExtractOp::create(nb, nl, input,
                                              gatherSource(nb, nl, g, li));
          linalg::YieldOp::create(nb, nl, x);
        });
    if (!guard) {
      rewriter.replaceOp(op, generic.getResult(0));
      return success();
    }
    scf::YieldOp::create(rewriter, loc, generic.getResult(0));
    rewriter.replaceOp(op, guard.getResults());
    return success();
  }

  int64_t chunks;
};

/// Run-time checks that `values` (dims `vDims`) broadcasts to a region of
/// dims `rDims` where either dim is dynamic (`broadcast` error).
void valuesBroadcastChecks(OpBuilder &b, Location loc, Value values,
                           ArrayRef<Value> rDims, RankedTensorType regionType,
                           SmallVectorImpl<RuntimeCheck> &checks) {
  IndexMath m{b, loc};
  using P = arith::CmpIPredicate;
  auto vt = cast<RankedTensorType>(values.getType());
  SmallVector<Value> vDims = runtimeDims(b, loc, values);
  int64_t off = regionType.getRank() - vt.getRank();
  Value bad;
  for (int64_t i = 0; i < vt.getRank(); ++i) {
    if (!vt.isDynamicDim(i) && !regionType.isDynamicDim(i + off))
      continue;
    Value x = arith::AndIOp::create(b, loc, m.cmp(P::ne, vDims[i], m.c(1)),
                                    m.cmp(P::ne, vDims[i], rDims[i + off]));
    bad = bad ? arith::OrIOp::create(b, loc, bad, x).getResult() : x;
  }
  if (!bad)
    return;
  SmallVector<Value> args;
  appendShapeArgs(b, loc, args, vDims);
  appendShapeArgs(b, loc, args, rDims);
  checks.push_back({bad, RuntimeError::UpdateBroadcast, args});
}

/// One element of `values` for the region element at `li` (broadcast like
/// NumPy, dynamic size-1 dims included), cast to the input's dtype.
Value valueAt(OpBuilder &nb, Location nl, Value values, ArrayRef<Value> li,
              ::tnp::sem::DType from, ::tnp::sem::DType to) {
  using P = arith::CmpIPredicate;
  auto vt = cast<RankedTensorType>(values.getType());
  int64_t off = static_cast<int64_t>(li.size()) - vt.getRank();
  Value c0 = arith::ConstantIndexOp::create(nb, nl, 0);
  Value c1 = arith::ConstantIndexOp::create(nb, nl, 1);
  SmallVector<Value> at;
  for (int64_t t = 0; t < vt.getRank(); ++t) {
    if (vt.getDimSize(t) == 1) {
      at.push_back(c0);
    } else if (vt.isDynamicDim(t)) {
      Value d = tensor::DimOp::create(nb, nl, values, t);
      at.push_back(arith::SelectOp::create(
          nb, nl, arith::CmpIOp::create(nb, nl, P::eq, d, c1), c0, li[off + t]));
    } else {
      at.push_back(li[off + t]);
    }
  }
  Value x = tensor::ExtractOp::create(nb, nl, values, at);
  return emitScalarCast(nb, nl, x, from, to);
}

/// tnp.index_update: the values broadcast to the region and cast (one
/// linalg.generic), reshaped to the slice's rank and reversed along
/// negative steps; for "add" the region is extracted and added; then one
/// tensor.insert_slice into the input.
struct IndexUpdateLowering : OpConversionPattern<IndexUpdateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(IndexUpdateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType outType = signlessType(op.getType());
    SemExpected<SmallVector<IndexItem>> items = decodeIndexItems(op.getIndices());
    if (!items)
      return rewriter.notifyMatchFailure(op, "invalid index list");
    SemExpected<SmallVector<IndexItem>> expanded =
        expandIndexItems(*items, inType.getRank());
    SemExpected<RankedTensorType> region = inferIndexType(inType, *items);
    std::optional<::tnp::sem::DType> inDt = dtypeOf(op.getInput()),
                                     vDt = dtypeOf(op.getValues());
    if (!expanded || !region || !inDt || !vDt)
      return rewriter.notifyMatchFailure(op, "invalid index_update");
    RankedTensorType regionType = signlessType(*region);
    Value input = adaptor.getInput(), values = adaptor.getValues();
    BasicSlice sl = computeBasicSlice(rewriter, loc, inType, input, *expanded);
    SmallVector<Value> rDims, sliceDims;
    for (OpFoldResult d : sl.resultDims)
      rDims.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, d));
    for (OpFoldResult d : sl.sizes)
      sliceDims.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, d));
    valuesBroadcastChecks(rewriter, loc, values, rDims, regionType, sl.checks);
    scf::IfOp guard;
    if (!sl.checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, sl.checks, outType);

    Value result = input;
    if (!llvm::is_contained(regionType.getShape(), 0)) {
      SmallVector<Value> dyn;
      for (auto [i, d] : llvm::enumerate(rDims))
        if (regionType.isDynamicDim(i))
          dyn.push_back(d);
      Value init = emptyTensor(rewriter, loc, regionType, dyn);
      int64_t rr = regionType.getRank();
      SmallVector<AffineMap> maps{
          AffineMap::getMultiDimIdentityMap(rr, rewriter.getContext())};
      SmallVector<utils::IteratorType> iters(rr, utils::IteratorType::parallel);
      Value v = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{regionType}, ValueRange{},
                    ValueRange{init}, maps, iters,
                    [&](OpBuilder &nb, Location nl, ValueRange) {
                      SmallVector<Value> li;
                      for (int64_t r = 0; r < rr; ++r)
                        li.push_back(linalg::IndexOp::create(nb, nl, r));
                      linalg::YieldOp::create(
                          nb, nl, valueAt(nb, nl, values, li, *vDt, *inDt));
                    })
                    .getResult(0);
      if (inType.getRank() == 0) {
        result = v;
      } else {
        v = reshapeTo(rewriter, loc, v, sliceDims);
        if (llvm::is_contained(sl.reversed, true))
          v = IndexLowering::reverseDims(rewriter, loc, v, sl.reversed);
        if (op.getMode() == "add") {
          Value cur = tensor::ExtractSliceOp::create(
              rewriter, loc, input, sl.offsets, sl.sizes, sl.strides);
          FailureOr<Value> sum = addTensors(rewriter, loc, cur, v, *inDt);
          if (failed(sum))
            return failure();
          v = *sum;
        }
        result = tensor::InsertSliceOp::create(rewriter, loc, v, input,
                                               sl.offsets, sl.sizes, sl.strides);
      }
      if (inType.getRank() == 0 && op.getMode() == "add") {
        FailureOr<Value> sum = addTensors(rewriter, loc, input, result, *inDt);
        if (failed(sum))
          return failure();
        result = *sum;
      }
    }
    if (guard) {
      scf::YieldOp::create(rewriter, loc, result);
      rewriter.replaceOp(op, guard.getResults());
    } else {
      rewriter.replaceOp(op, result);
    }
    return success();
  }

  /// a + b elementwise in dtype `dt` (same shapes).
  static FailureOr<Value> addTensors(OpBuilder &b, Location loc, Value x,
                                     Value y, ::tnp::sem::DType dt) {
    auto type = cast<RankedTensorType>(x.getType());
    SmallVector<Value> dims = runtimeDims(b, loc, x);
    SmallVector<Value> dyn;
    for (int64_t i = 0; i < type.getRank(); ++i)
      if (type.isDynamicDim(i))
        dyn.push_back(dims[i]);
    Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                         type.getElementType(), dyn);
    AffineMap id = AffineMap::getMultiDimIdentityMap(type.getRank(), b.getContext());
    SmallVector<utils::IteratorType> iters(type.getRank(),
                                           utils::IteratorType::parallel);
    bool failedBody = false;
    auto g = linalg::GenericOp::create(
        b, loc, TypeRange{type}, ValueRange{x, y}, ValueRange{init},
        ArrayRef<AffineMap>{id, id, id}, iters,
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          FailureOr<Value> s = emitUfuncScalar(nb, nl, ::tnp::sem::Ufunc::Add,
                                               dt, dt, {args[0], args[1]});
          if (failed(s)) {
            failedBody = true;
            linalg::YieldOp::create(nb, nl, args[0]);
            return;
          }
          linalg::YieldOp::create(nb, nl, *s);
        });
    if (failedBody)
      return failure();
    return g.getResult(0);
  }
};

/// tnp.scatter: the gather plan's checks and the values' broadcast checks,
/// then an scf.for over the region's elements in row-major order carrying
/// the result: each step computes the input element like the gather and
/// stores (or adds) the cast value with tensor.insert, so repeated indices
/// keep the last value ("set") or accumulate ("add", like np.add.at).
struct ScatterLowering : OpConversionPattern<ScatterOp> {
  ScatterLowering(const TypeConverter &converter, MLIRContext *ctx, int64_t chunks)
      : OpConversionPattern(converter, ctx), chunks(chunks) {}

  LogicalResult
  matchAndRewrite(ScatterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType outType = signlessType(op.getType());
    SemExpected<RankedTensorType> region = inferGatherType(
        inType, op.getIndices().getTypes(), op.getDims(), op.getPosition());
    std::optional<::tnp::sem::DType> inDt = dtypeOf(op.getInput()),
                                     vDt = dtypeOf(op.getValues());
    if (!region || !inDt || !vDt)
      return rewriter.notifyMatchFailure(op, "invalid scatter");
    RankedTensorType regionType = signlessType(*region);
    Value input = adaptor.getInput(), values = adaptor.getValues();
    GatherPlan g = planGather(rewriter, loc, input, op.getIndices(),
                              adaptor.getIndices(), op.getDims(),
                              op.getPosition(), regionType, chunks);
    valuesBroadcastChecks(rewriter, loc, values, g.outDims, regionType, g.checks);
    scf::IfOp guard;
    if (!g.checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, g.checks, outType);
    IndexMath m{rewriter, loc};
    Value numel = m.c(1);
    for (Value d : g.outDims)
      numel = m.mul(numel, d);
    bool add = op.getMode() == "add";
    bool failedBody = false;
    auto loop = scf::ForOp::create(
        rewriter, loc, m.c(0), numel, m.c(1), ValueRange{input},
        [&](OpBuilder &lb, Location ll, Value l, ValueRange iter) {
          int64_t rr = regionType.getRank();
          SmallVector<Value> li(rr);
          Value rest = l;
          for (int64_t r = rr - 1; r >= 0; --r) {
            li[r] = arith::RemUIOp::create(lb, ll, rest, g.outDims[r]);
            rest = arith::DivUIOp::create(lb, ll, rest, g.outDims[r]);
          }
          SmallVector<Value> src = gatherSource(lb, ll, g, li);
          Value v = valueAt(lb, ll, values, li, *vDt, *inDt);
          if (add) {
            Value cur = tensor::ExtractOp::create(lb, ll, iter[0], src);
            FailureOr<Value> s = emitUfuncScalar(lb, ll, ::tnp::sem::Ufunc::Add,
                                                 *inDt, *inDt, {cur, v});
            if (failed(s))
              failedBody = true;
            else
              v = *s;
          }
          Value next = tensor::InsertOp::create(lb, ll, v, iter[0], src);
          scf::YieldOp::create(lb, ll, next);
        });
    if (failedBody)
      return failure();
    // The CUDA pipeline (mask-chunks > 1) runs the loop's iterations in
    // parallel (tnp-parallel-scatter): the mode tells it how.
    if (chunks > 1)
      loop->setAttr(kScatterLoopAttr, rewriter.getStringAttr(add ? "add" : "set"));
    if (!guard) {
      rewriter.replaceOp(op, loop.getResult(0));
      return success();
    }
    scf::YieldOp::create(rewriter, loc, loop.getResult(0));
    rewriter.replaceOp(op, guard.getResults());
    return success();
  }

  int64_t chunks;
};
} // namespace

void mlir::tnp::populateTNPIndexingToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    int64_t maskChunks) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<IndexLowering, IndexUpdateLowering>(converter, ctx);
  patterns.add<MaskSelectLowering, GatherLowering, ScatterLowering>(
      converter, ctx, maskChunks);
}
