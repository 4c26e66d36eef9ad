//===- GPUKernelUtils.h - Pieces shared by the hand-scheduled kernels -----===//
//
// Part of tnp. Helpers of GPUKernels.cpp (tiled contractions, warp
// reductions) that GPURowFusion.cpp (fused row reductions) builds on.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_PIPELINES_GPUKERNELUTILS_H
#define TNP_LIB_PIPELINES_GPUKERNELUTILS_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::tnp::gpukernel {

/// The indices of `map` (dims and constants) at the loop iteration `iv`.
SmallVector<Value> indicesAt(ImplicitLocOpBuilder &b, AffineMap map,
                             ArrayRef<Value> iv);

/// The combiner of a reduction body, yield(combine(out, x)) with x computed
/// from the inputs alone (an associative and commutative arith op), or null.
Operation *matchCombiner(linalg::LinalgOp op);

/// `v` shuffled by `offset` lanes of a full warp (`mode` DOWN, XOR or IDX):
/// any scalar type of at most 64 bits, moved as one or two 32-bit words.
Value shuffle(ImplicitLocOpBuilder &b, Value v, int32_t offset,
              gpu::ShuffleMode mode);

/// `combine` (a reduction's combiner, see matchCombiner) applied to `acc` and
/// `x` in that operand order.
Value foldWith(ImplicitLocOpBuilder &b, Operation *combine, Value acc, Value x);

/// The partials of lanes [0, `held`) of the first `width` lanes, combined
/// into lane 0's value by a shuffle-down tree: lane l folds lane l + o's
/// partial (o = width / 2, ..., 1) only when that lane holds one.
Value shuffleTree(ImplicitLocOpBuilder &b, Operation *combine, Value acc,
                  Value lane, Value held, int32_t width);

/// Whether `op` is a reduction the warp-per-output kernels serve well (see
/// tnp-gpu-warp-reductions).
bool isWarpReduction(linalg::LinalgOp op);

/// Marks the ops tnp-gpu-fused-rows keeps for rows shorter than a warp (its
/// run-time fallback): tnp-gpu-warp-reductions leaves them to their own
/// lowering, one thread per output.
inline constexpr llvm::StringLiteral kShortRowsAttrName = "tnp_gpu_short_rows";

} // namespace mlir::tnp::gpukernel

#endif // TNP_LIB_PIPELINES_GPUKERNELUTILS_H
