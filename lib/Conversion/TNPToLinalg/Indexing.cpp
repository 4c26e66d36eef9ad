//===- Indexing.cpp - tnp indexing to tensor/linalg -----------------------===//
//
// Part of tnp. Basic indexing (`tnp.index`) becomes one tensor.extract_slice
// with positive strides, a linalg.generic reversing the dims sliced with a
// negative step, and a tensor.reshape dropping integer-indexed dims and
// inserting newaxis dims. Slices of dynamic dims clamp at run time like
// NumPy; integer indices into dynamic dims are bounds-checked before
// anything is read (`index` error, NumPy's message). Advanced indexing
// (tnp.mask_select, tnp.gather) reads rows by position in a parallel
// linalg.generic after its checks (a mask's positions: MaskPositions.cpp);
// the functional updates (tnp.index_update, tnp.scatter) write the same
// elements.
//
//===----------------------------------------------------------------------===//

#include "Indexing.h"
#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPIndexingOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include <limits>

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;

namespace {

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
