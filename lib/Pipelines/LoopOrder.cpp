//===- LoopOrder.cpp - Contiguous innermost loops for CPU reductions ------===//
//
// Part of tnp. tnp-cpu-contiguous-loops, run on buffers right before
// convert-linalg-to-loops in tnp-cpu-pipeline. A linalg op lowers to loops
// in the order of its iterators, and linalg puts reduction dims last: a
// matmul C[i,j] += A[i,k] * B[k,j] becomes loops (i, j, k), whose inner
// loop walks B down a column (a stride of a whole row) and adds into one
// accumulator (a chain of dependent additions: no vectorization without
// reassociation). A column sum out[j] += x[i,j] walks x down columns too.
//
// When the output's innermost dim is a parallel loop that every input using
// it also has innermost and contiguous, this pass moves that loop to the
// innermost position: (i, k, j) for the matmul. The inner loop then reads
// and writes rows (one row of C, one of B) with independent iterations, so
// LLVM vectorizes it; each output element still accumulates its terms in
// the same order, so the results are bitwise those of the original order.
// Outputs whose innermost dim is statically shorter than a vector (8) keep
// their order (W4's second matmul, 4096x64 @ 64x2: its inner loop of two
// would not vectorize, and the original order keeps the accumulator in a
// register).
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// The shortest static inner extent worth moving innermost: one 256-bit
/// vector of f32.
constexpr int64_t kMinInnerExtent = 8;

/// Whether the innermost dim of `type` has unit stride (statically).
bool isInnermostContiguous(MemRefType type) {
  if (type.getRank() == 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  return strides.back() == 1;
}

/// The loop order (new loop i = old loop order[i]) that makes the output's
/// innermost dim the innermost loop, or nothing when `op` should keep its
/// order.
std::optional<SmallVector<unsigned>> contiguousOrder(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 || op->getNumRegions() != 1)
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  for (AffineMap map : maps)
    if (!map.isProjectedPermutation(/*allowZeroInResults=*/false))
      return std::nullopt;
  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  auto outType = dyn_cast<MemRefType>(init->get().getType());
  if (!outType || outMap.getNumResults() == 0 ||
      !isInnermostContiguous(outType))
    return std::nullopt;
  unsigned n = cast<AffineDimExpr>(outMap.getResults().back()).getPosition();
  unsigned numLoops = op.getNumLoops();
  if (n == numLoops - 1)
    return std::nullopt; // already innermost
  int64_t extent = outType.getShape().back();
  if (!ShapedType::isDynamic(extent) && extent < kMinInnerExtent)
    return std::nullopt;
  // Every input indexed by n has it innermost and contiguous: the inner loop
  // then reads each operand with unit stride or not at all.
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (!map.isFunctionOfDim(n))
      continue;
    auto type = dyn_cast<MemRefType>(input->get().getType());
    if (!type || cast<AffineDimExpr>(map.getResults().back()).getPosition() != n ||
        !isInnermostContiguous(type))
      return std::nullopt;
  }
  SmallVector<unsigned> order;
  for (unsigned d = 0; d < numLoops; ++d)
    if (d != n)
      order.push_back(d);
  order.push_back(n);
  return order;
}

struct CPUContiguousLoops
    : PassWrapper<CPUContiguousLoops, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CPUContiguousLoops)
  StringRef getArgument() const final { return "tnp-cpu-contiguous-loops"; }
  StringRef getDescription() const final {
    return "Move the output's innermost dim to the innermost loop of linalg "
           "reductions on buffers (matmul as i-k-j, column sums row by row) "
           "so the inner loop is contiguous and vectorizable";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect>();
  }

  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, SmallVector<unsigned>>> work;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<SmallVector<unsigned>> order = contiguousOrder(op))
        work.emplace_back(op, std::move(*order));
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, order] : work) {
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> g = linalg::generalizeNamedOp(rewriter, op);
        if (failed(g))
          continue; // keeps its order: still correct
        generic = *g;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order))) {
        generic.emitOpError("cannot reorder its loops (a bug in tnp)");
        return signalPassFailure();
      }
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPCPUContiguousLoops() {
  return std::make_unique<CPUContiguousLoops>();
}

void mlir::tnp::registerTNPCPUContiguousLoopsPass() {
  PassRegistration<CPUContiguousLoops>();
}
