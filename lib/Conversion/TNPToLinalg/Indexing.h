//===- Indexing.h - shared parts of the indexing lowerings ------*- C++ -*-===//
//
// Part of tnp. Internal to the TNPToLinalg conversion: the index arithmetic
// of Indexing.cpp and the positions of a mask's true elements
// (MaskPositions.cpp), which mask_select, gather's masks and scatter's masks
// share.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_CONVERSION_TNPTOLINALG_INDEXING_H
#define TNP_LIB_CONVERSION_TNPTOLINALG_INDEXING_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace tnp {
namespace detail {

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

/// `v` reshaped to `shape` (each an index value; a constant for a static
/// dim) with tensor.reshape; `v` itself when its type is already that.
Value reshapeTo(OpBuilder &b, Location loc, Value v, ArrayRef<Value> shape);

/// The positions of the true elements of a flattened bool mask, in order.
struct TruePositions {
  Value positions; ///< tensor<?xi64>
  Value count;     ///< index
};

/// The positions of the true elements of the 1-D bool tensor `flatMask`
/// (run-time length `n`): one sequential loop with `chunks` <= 1, else
/// parallel loops over at most `chunks` chunks (MaskPositions.cpp).
TruePositions truePositions(OpBuilder &b, Location loc, Value flatMask,
                            Value n, int64_t chunks);

/// NumPy's `mask.nonzero()` for a bool tensor of rank k >= 1 (run-time dims
/// `maskDims`): k tensor<?xi64>, the coordinates of the true elements in
/// row-major order.
SmallVector<Value> nonzeroArrays(OpBuilder &b, Location loc, Value mask,
                                 ArrayRef<Value> maskDims, int64_t chunks);

} // namespace detail
} // namespace tnp
} // namespace mlir

#endif // TNP_LIB_CONVERSION_TNPTOLINALG_INDEXING_H
