//===- MaskPositions.cpp - the positions of a mask's true elements --------===//
//
// Part of tnp. The positions of the true elements of a bool mask, which
// tnp.mask_select, tnp.gather's masks (nonzero() arrays) and tnp.scatter's
// masks read: one branchless loop on the CPU, chunks counted and compacted
// by parallel loops (kernels) with the CUDA pipeline's mask-chunks.
//
//===----------------------------------------------------------------------===//

#include "Indexing.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::tnp::detail;

/// `v` (index values `dims`) reshaped to `shape` (each an index value; a
/// constant for a static dim) with tensor.reshape.
Value mlir::tnp::detail::reshapeTo(OpBuilder &b, Location loc, Value v,
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
TruePositions mlir::tnp::detail::truePositions(OpBuilder &b, Location loc,
                                              Value flatMask, Value n,
                                              int64_t chunks) {
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
SmallVector<Value> mlir::tnp::detail::nonzeroArrays(OpBuilder &b, Location loc,
                                                    Value mask,
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

