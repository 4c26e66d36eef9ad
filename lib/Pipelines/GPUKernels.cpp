//===- GPUKernels.cpp - Hand-scheduled kernels of tnp-cuda-pipeline -------===//
//
// Part of tnp. Kernels that the generic path (linalg -> parallel loops ->
// one thread per output element) serves badly, built directly as gpu.launch
// ops on bufferized linalg ops:
//
// tnp-gpu-tiled-contractions: a contraction (matmul, batched and broadcast
// matmul: C[..] = C[..] + A[..] * B[..] over one reduction dim, rows and
// columns >= 16) becomes a shared-memory tiled kernel (256 threads per
// block; a block owns a BM x BN tile of C):
//   - the reduction dim is walked BK at a time through two stages of
//     workgroup buffers: the BM x BK slice of A (transposed, rows padded by
//     4 elements so that the stores do not conflict on banks) and the
//     BK x BN slice of B, read with coalesced loads. Each step issues the
//     loads of the next slices, computes from its stage, stores the next
//     slices into the other stage and synchronizes once, so that global
//     latency overlaps the arithmetic;
//   - each thread accumulates TM x TN outputs in registers. Its rows are
//     groups of 4 adjacent rows (tr*4 + 64*g), its columns likewise, so that
//     its reads of the shared tiles are 16-byte vectors and the warp's
//     stores of C coalesce; products and sums fuse into fma;
//   - out-of-range rows, columns and reduction steps read zeros (loads are
//     clamped, then selected), which add nothing to an accumulator;
//     out-of-range outputs are not stored.
//   The batch dims (those of neither the row nor the column dim) go to grid
//   z and the row tiles to grid y, each with a grid-stride loop, so no size
//   exceeds CUDA's 65535 limit on those grid dims.
//
// tnp-gpu-warp-reductions: a reduction along the innermost dims (row sums,
// softmax's max and sum, matrix-vector products) becomes one warp per
// output: lanes fold every 32nd element, then shuffles combine the lanes;
// a reduction of every element, one block of 8 warps whose totals meet in
// workgroup memory.
//
// tnp-gpu-align-workgroup-buffers (after outlining): 16-byte aligned
// workgroup buffers, and the tiled kernels' occupancy hint.
//
//===----------------------------------------------------------------------===//

#include "GPUKernelUtils.h"
#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::tnp::gpukernel;

namespace {

/// The roles of a contraction's loop dims.
struct ContractionDims {
  unsigned m = 0, n = 0, k = 0;
  /// The other parallel dims, in the order of the output's indices.
  SmallVector<unsigned> batch;
};

/// The tiling of one kernel: 256 threads as rowThreads x colThreads; each
/// thread owns groupsM groups of 4 rows and groupsN groups of 4 columns.
struct TileConfig {
  int64_t groupsM, groupsN, bk;
  static constexpr int64_t kThreads = 256, kRowThreads = 16, kColThreads = 16;
  int64_t bm() const { return groupsM * kRowThreads * 4; }
  int64_t bn() const { return groupsN * kColThreads * 4; }
  int64_t tm() const { return groupsM * 4; }
  int64_t tn() const { return groupsN * 4; }
};

/// The element types the kernel handles (no i1: its memory form differs).
bool isTileableElement(Type t) {
  if (isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(t))
    return true;
  auto i = dyn_cast<IntegerType>(t);
  return i && i.getWidth() >= 8 && i.getWidth() <= 64;
}

/// Whether the body of `op` is out + in0 * in1 (floats or integers), so that
/// zero operands leave an accumulator unchanged.
bool isMultiplyAccumulate(linalg::LinalgOp op) {
  Block &body = op->getRegion(0).front();
  if (body.getNumArguments() != 3 || body.getOperations().size() != 3)
    return false;
  Operation *mul = &body.front();
  Operation *add = mul->getNextNode();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!isa<arith::MulFOp, arith::MulIOp>(mul) ||
      !isa<arith::AddFOp, arith::AddIOp>(add) || !yield ||
      yield->getNumOperands() != 1 || yield->getOperand(0) != add->getResult(0))
    return false;
  auto isPair = [](Operation *o, Value x, Value y) {
    return (o->getOperand(0) == x && o->getOperand(1) == y) ||
           (o->getOperand(0) == y && o->getOperand(1) == x);
  };
  return isPair(mul, body.getArgument(0), body.getArgument(1)) &&
         isPair(add, body.getArgument(2), mul->getResult(0));
}

/// The dims of `op` when it is a contraction the kernel computes: two
/// memref inputs and one output of one element type, projected-permutation
/// maps, one reduction dim used by both inputs, a row dim (of A only) and a
/// column dim (of B only).
std::optional<ContractionDims> matchContraction(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumReductionLoops() != 1 ||
      op->getNumRegions() != 1)
    return std::nullopt;
  Type element;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || type.getRank() == 0 ||
        (element && type.getElementType() != element))
      return std::nullopt;
    element = type.getElementType();
  }
  if (!isTileableElement(element) || !isMultiplyAccumulate(op))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  for (AffineMap map : maps)
    if (!map.isProjectedPermutation(/*allowZeroInResults=*/false))
      return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  ContractionDims dims;
  unsigned numLoops = iterators.size();
  for (unsigned d = 0; d < numLoops; ++d)
    if (iterators[d] == utils::IteratorType::reduction)
      dims.k = d;
  AffineMap a = maps[0], b = maps[1], c = maps[2];
  if (!a.isFunctionOfDim(dims.k) || !b.isFunctionOfDim(dims.k) ||
      c.isFunctionOfDim(dims.k) || c.getNumResults() != numLoops - 1)
    return std::nullopt;
  // The row dim: of A only, the innermost such in C; the column dim
  // likewise for B.
  std::optional<unsigned> m, n;
  for (AffineExpr e : c.getResults()) {
    unsigned d = cast<AffineDimExpr>(e).getPosition();
    bool inA = a.isFunctionOfDim(d), inB = b.isFunctionOfDim(d);
    if (inA && !inB)
      m = d;
    else if (inB && !inA)
      n = d;
  }
  if (!m || !n)
    return std::nullopt;
  dims.m = *m;
  dims.n = *n;
  for (AffineExpr e : c.getResults()) {
    unsigned d = cast<AffineDimExpr>(e).getPosition();
    if (d != dims.m && d != dims.n)
      dims.batch.push_back(d);
  }
  return dims;
}

} // namespace

namespace mlir::tnp::gpukernel {

/// The indices of `map` (dims and constants) at the loop iteration `iv`.
SmallVector<Value> indicesAt(ImplicitLocOpBuilder &b, AffineMap map,
                             ArrayRef<Value> iv) {
  SmallVector<Value> indices;
  for (AffineExpr e : map.getResults()) {
    if (auto c = dyn_cast<AffineConstantExpr>(e))
      indices.push_back(arith::ConstantIndexOp::create(b, c.getValue()));
    else
      indices.push_back(iv[cast<AffineDimExpr>(e).getPosition()]);
  }
  return indices;
}

} // namespace mlir::tnp::gpukernel

namespace {

struct TiledContractions
    : PassWrapper<TiledContractions, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TiledContractions)
  StringRef getArgument() const final { return "tnp-gpu-tiled-contractions"; }
  StringRef getDescription() const final {
    return "Turn bufferized matmul-like contractions into gpu.launch ops of "
           "shared-memory tiled kernels";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, gpu::GPUDialect, memref::MemRefDialect,
                    scf::SCFDialect>();
  }

  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, ContractionDims>> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op->getParentOfType<scf::ParallelOp>() ||
          op->getParentOfType<gpu::LaunchOp>())
        return;
      if (std::optional<ContractionDims> dims = matchContraction(op))
        if (std::optional<TileConfig> config = chooseConfig(op, *dims))
          ops.push_back({op, *dims});
    });
    for (auto &[op, dims] : ops) {
      buildKernel(op, dims, *chooseConfig(op, dims));
      op->erase();
    }
  }

  /// The tiling for `op`, or none when a static row or column count is so
  /// small that a tile would be mostly idle (the generic path serves it).
  static std::optional<TileConfig> chooseConfig(linalg::LinalgOp op,
                                                const ContractionDims &dims) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t m = ranges[dims.m], n = ranges[dims.n];
    if ((!ShapedType::isDynamic(m) && m < 16) ||
        (!ShapedType::isDynamic(n) && n < 16))
      return std::nullopt;
    // k-slices of 16 (all shared reads vectors, half the barriers of 8);
    // 8 for 64-bit elements, whose registers would spill at 16 (ptxas -v).
    Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
    int64_t bk = element.getIntOrFloatBitWidth() > 32 ? 8 : 16;
    TileConfig config{/*groupsM=*/2, /*groupsN=*/2, bk};
    if (!ShapedType::isDynamic(n) && n <= 64)
      config.groupsN = 1;
    return config;
  }

  static void buildKernel(linalg::LinalgOp op, const ContractionDims &dims,
                          const TileConfig &config) {
    ImplicitLocOpBuilder b(op.getLoc(), op);
    MLIRContext *ctx = op->getContext();
    Value a = op.getDpsInputOperand(0)->get();
    Value bMat = op.getDpsInputOperand(1)->get();
    Value c = op.getDpsInitOperand(0)->get();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    Type element = cast<MemRefType>(c.getType()).getElementType();
    const int64_t bm = config.bm(), bn = config.bn(), bk = config.bk;

    auto index = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, v);
    };
    // Host side: the loop sizes and the grid.
    SmallVector<Value> sizes;
    for (Range r : op.createLoopRanges(b, b.getLoc()))
      sizes.push_back(getValueOrCreateConstantIndexOp(b, b.getLoc(), r.size));
    Value sizeM = sizes[dims.m], sizeN = sizes[dims.n], sizeK = sizes[dims.k];
    Value batch = index(1);
    for (unsigned d : dims.batch)
      batch = arith::MulIOp::create(b, batch, sizes[d]);
    Value gridLimit = index(65535);
    Value rowTiles = arith::CeilDivUIOp::create(b, sizeM, index(bm));
    // No blocks when K is 0: C keeps its contents, and the kernel's first
    // loads (before its k loop) would have no element to read.
    Value gridX = arith::SelectOp::create(
        b,
        arith::CmpIOp::create(b, arith::CmpIPredicate::eq, sizeK, index(0)),
        index(0), arith::CeilDivUIOp::create(b, sizeN, index(bn)));
    Value gridY = arith::MinUIOp::create(b, rowTiles, gridLimit);
    Value gridZ = arith::MinUIOp::create(b, batch, gridLimit);
    Attribute workgroup =
        gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
    // A's tile is stored transposed (k, m), rows padded by 4 elements.
    // Two stages of each: one is read while the next slices go into the
    // other, so each k-step needs one barrier.
    auto tileA =
        MemRefType::get({2, bk, bm + 4}, element, AffineMap(), workgroup);
    auto tileB = MemRefType::get({2, bk, bn}, element, AffineMap(), workgroup);
    // Two kernels. A tile inside C, over a K of whole slices (> 0), reads
    // and writes without clamps or guards: the interior kernel's grid is
    // those tiles (most tiles of a large product). The edge kernel's grid
    // is every tile; it checks every element, and its blocks of interior
    // tiles return at once. (One kernel with both versions would have the
    // register pressure of both: ptxas spills more.)
    Value wholeSlices = arith::AndIOp::create(
        b,
        arith::CmpIOp::create(b, arith::CmpIPredicate::eq,
                              arith::RemUIOp::create(b, sizeK, index(bk)),
                              index(0)),
        arith::CmpIOp::create(b, arith::CmpIPredicate::ne, sizeK, index(0)));
    Value interiorRows = arith::SelectOp::create(
        b, wholeSlices, arith::DivUIOp::create(b, sizeM, index(bm)), index(0));
    Value interiorCols = arith::SelectOp::create(
        b, wholeSlices, arith::DivUIOp::create(b, sizeN, index(bn)), index(0));
    auto emitKernel = [&](bool interiorKernel) {
      auto launch = gpu::LaunchOp::create(
          b, interiorKernel ? interiorCols : gridX,
          interiorKernel ? arith::MinUIOp::create(b, interiorRows, gridLimit)
                         : gridY,
          gridZ, index(TileConfig::kThreads), index(1),
          index(1), /*dynamicSharedMemorySize=*/nullptr,
          /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{},
          TypeRange{tileA, tileB});
      Block &body = launch.getBody().front();
      b.setInsertionPointToStart(&body);
      gpu::TerminatorOp terminator = gpu::TerminatorOp::create(b);
      b.setInsertionPoint(terminator);
      Value sharedA = launch.getWorkgroupAttributions()[0];
      Value sharedB = launch.getWorkgroupAttributions()[1];

      // Device side.
      Value zeroIdx = index(0), oneIdx = index(1);
      Value zero = arith::ConstantOp::create(b, b.getZeroAttr(element));
      Value tid = launch.getThreadIds().x;
      Value tr = arith::DivUIOp::create(b, tid, index(TileConfig::kColThreads));
      Value tc = arith::RemUIOp::create(b, tid, index(TileConfig::kColThreads));
      Value lastM = arith::SubIOp::create(b, sizeM, oneIdx);
      Value lastN = arith::SubIOp::create(b, sizeN, oneIdx);
      Value lastK = arith::SubIOp::create(b, sizeK, oneIdx);
      auto lessThan = [&](Value x, Value bound) -> Value {
        return arith::CmpIOp::create(b, arith::CmpIPredicate::ult, x, bound);
      };
      auto both = [&](Value x, Value y) -> Value {
        return arith::AndIOp::create(b, x, y);
      };
      auto add = [&](Value x, Value y) -> Value {
        return arith::AddIOp::create(b, x, y);
      };
      auto mul = [&](Value x, int64_t y) -> Value {
        return arith::MulIOp::create(b, x, index(y));
      };
      auto clamp = [&](Value x, Value last) -> Value {
        return arith::MinUIOp::create(b, x, last);
      };

      // for (z = block.z; z < batch; z += grid.z)
      //   for (rowTile = block.y; rowTile < rowTiles; rowTile += grid.y)
      auto batchLoop = scf::ForOp::create(b, launch.getBlockIds().z, batch,
                                          launch.getGridSize().z);
      b.setInsertionPointToStart(batchLoop.getBody());
      auto rowLoop = scf::ForOp::create(b, launch.getBlockIds().y,
                                        interiorKernel ? interiorRows : rowTiles,
                                        launch.getGridSize().y);
      b.setInsertionPointToStart(rowLoop.getBody());

      // The iteration vector: batch dims from the linear batch index.
      SmallVector<Value> iv(sizes.size(), zeroIdx);
      Value rest = batchLoop.getInductionVar();
      for (unsigned d : llvm::reverse(dims.batch)) {
        iv[d] = arith::RemUIOp::create(b, rest, sizes[d]);
        rest = arith::DivUIOp::create(b, rest, sizes[d]);
      }
      Value row0 = mul(rowLoop.getInductionVar(), bm);
      Value col0 = mul(launch.getBlockIds().x, bn);
      // This thread's rows and columns: tr*4 + 64*g + v.
      SmallVector<Value> rows, cols;
      for (int64_t g = 0; g < config.groupsM; ++g)
        for (int64_t v = 0; v < 4; ++v)
          rows.push_back(add(add(row0, mul(tr, 4)),
                             index(g * TileConfig::kRowThreads * 4 + v)));
      for (int64_t g = 0; g < config.groupsN; ++g)
        for (int64_t v = 0; v < 4; ++v)
          cols.push_back(add(add(col0, mul(tc, 4)),
                             index(g * TileConfig::kColThreads * 4 + v)));

      auto emitTile = [&](bool interior) {
        // The accumulators start from C (its fill, or earlier contents).
        SmallVector<Value> init;
        for (Value r : rows)
          for (Value col : cols) {
            iv[dims.m] = interior ? r : clamp(r, lastM);
            iv[dims.n] = interior ? col : clamp(col, lastN);
            Value v = memref::LoadOp::create(b, c, indicesAt(b, maps[2], iv));
            init.push_back(interior
                               ? v
                               : Value(arith::SelectOp::create(
                                     b, both(lessThan(r, sizeM), lessThan(col, sizeN)),
                                     v, zero)));
          }

        // The tiles' elements this thread copies: A's BM x BK slice k fastest
        // (coalesced rows of A), B's BK x BN slice columns fastest. Loads of
        // the slice at k0 (zeros out of range), and their stores.
        const int64_t perThreadA = bm * bk / TileConfig::kThreads;
        const int64_t perThreadB = bk * bn / TileConfig::kThreads;
        SmallVector<std::pair<Value, Value>> slotsA, slotsB; // (k, m) / (k, n)
        for (int64_t l = 0; l < perThreadA; ++l) {
          Value idx = add(tid, index(l * TileConfig::kThreads));
          slotsA.push_back({arith::RemUIOp::create(b, idx, index(bk)),
                            arith::DivUIOp::create(b, idx, index(bk))});
        }
        for (int64_t l = 0; l < perThreadB; ++l) {
          Value idx = add(tid, index(l * TileConfig::kThreads));
          slotsB.push_back({arith::DivUIOp::create(b, idx, index(bn)),
                            arith::RemUIOp::create(b, idx, index(bn))});
        }
        // An interior tile reads in range but for the slices after the last
        // (read ahead, never used): only k is clamped there, and nothing is
        // selected.
        auto loadSlices = [&](Value k0) {
          SmallVector<Value> values;
          for (auto [ak, am] : slotsA) {
            Value r = add(row0, am), k = add(k0, ak);
            iv[dims.m] = interior ? r : clamp(r, lastM);
            iv[dims.k] = clamp(k, lastK);
            Value v = memref::LoadOp::create(b, a, indicesAt(b, maps[0], iv));
            values.push_back(
                interior ? v
                         : Value(arith::SelectOp::create(
                               b, both(lessThan(r, sizeM), lessThan(k, sizeK)), v,
                               zero)));
          }
          for (auto [bkIdx, bnIdx] : slotsB) {
            Value k = add(k0, bkIdx), col = add(col0, bnIdx);
            iv[dims.k] = clamp(k, lastK);
            iv[dims.n] = interior ? col : clamp(col, lastN);
            Value v = memref::LoadOp::create(b, bMat, indicesAt(b, maps[1], iv));
            values.push_back(
                interior ? v
                         : Value(arith::SelectOp::create(
                               b, both(lessThan(k, sizeK), lessThan(col, sizeN)), v,
                               zero)));
          }
          return values;
        };

        auto storeSlices = [&](ArrayRef<Value> values, Value stage) {
          for (int64_t l = 0; l < perThreadA; ++l)
            memref::StoreOp::create(
                b, values[l], sharedA,
                ValueRange{stage, slotsA[l].first, slotsA[l].second});
          for (int64_t l = 0; l < perThreadB; ++l)
            memref::StoreOp::create(
                b, values[perThreadA + l], sharedB,
                ValueRange{stage, slotsB[l].first, slotsB[l].second});
        };

        // The first slices into stage 0. Then each k-step issues the loads of
        // the next slices, computes from its stage, stores the next slices into
        // the other stage (its last readers passed the previous barrier) and
        // synchronizes once: global latency overlaps the arithmetic.
        storeSlices(loadSlices(zeroIdx), zeroIdx);
        gpu::BarrierOp::create(b);
        SmallVector<Value> carried = init;
        carried.push_back(zeroIdx);
        const size_t numAcc = init.size();
        auto kLoop = scf::ForOp::create(b, zeroIdx, sizeK, index(bk), carried);
        b.setInsertionPointToStart(kLoop.getBody());
        Value k0 = kLoop.getInductionVar();
        Value stage = kLoop.getRegionIterArgs()[numAcc];
        SmallVector<Value> next = loadSlices(add(k0, index(bk)));
        // Accumulate: the op's own body (out + in0 * in1) per output.
        Block &scalar = op->getRegion(0).front();
        SmallVector<Value> acc(kLoop.getRegionIterArgs().begin(),
                               kLoop.getRegionIterArgs().begin() + numAcc);
        SmallVector<Value> localRows, localCols;
        for (int64_t g = 0; g < config.groupsM; ++g)
          for (int64_t v = 0; v < 4; ++v)
            localRows.push_back(
                add(mul(tr, 4), index(g * TileConfig::kRowThreads * 4 + v)));
        for (int64_t g = 0; g < config.groupsN; ++g)
          for (int64_t v = 0; v < 4; ++v)
            localCols.push_back(
                add(mul(tc, 4), index(g * TileConfig::kColThreads * 4 + v)));
        for (int64_t kk = 0; kk < bk; ++kk) {
          Value kkIdx = index(kk);
          SmallVector<Value> aRegs, bRegs;
          for (Value r : localRows)
            aRegs.push_back(
                memref::LoadOp::create(b, sharedA, ValueRange{stage, kkIdx, r}));
          for (Value col : localCols)
            bRegs.push_back(
                memref::LoadOp::create(b, sharedB, ValueRange{stage, kkIdx, col}));
          for (size_t i = 0; i < aRegs.size(); ++i)
            for (size_t j = 0; j < bRegs.size(); ++j) {
              Value &out = acc[i * bRegs.size() + j];
              IRMapping mapping;
              mapping.map(scalar.getArgument(0), aRegs[i]);
              mapping.map(scalar.getArgument(1), bRegs[j]);
              mapping.map(scalar.getArgument(2), out);
              for (Operation &o : scalar.without_terminator()) {
                Operation *copy = b.clone(o, mapping);
                // Products and sums may fuse into fma (as BLAS's do): twice the
                // arithmetic throughput, one rounding fewer.
                if (auto fm = dyn_cast<arith::ArithFastMathInterface>(copy))
                  copy->setAttr(fm.getFastMathAttrName(),
                                arith::FastMathFlagsAttr::get(
                                    ctx, arith::FastMathFlags::contract));
              }
              out = mapping.lookup(scalar.getTerminator()->getOperand(0));
            }
        }
        Value other = arith::SubIOp::create(b, oneIdx, stage);
        storeSlices(next, other);
        gpu::BarrierOp::create(b);
        acc.push_back(other);
        scf::YieldOp::create(b, acc);

        // Store the outputs in range.
        b.setInsertionPointAfter(kLoop);
        for (size_t i = 0; i < rows.size(); ++i)
          for (size_t j = 0; j < cols.size(); ++j) {
            OpBuilder::InsertionGuard insideIf(b);
            if (!interior) {
              Value inRange =
                  both(lessThan(rows[i], sizeM), lessThan(cols[j], sizeN));
              auto guard = scf::IfOp::create(b, inRange, /*withElseRegion=*/false);
              b.setInsertionPointToStart(guard.thenBlock());
            }
            iv[dims.m] = rows[i];
            iv[dims.n] = cols[j];
            memref::StoreOp::create(b, kLoop.getResult(i * cols.size() + j), c,
                                    indicesAt(b, maps[2], iv));
          }
      };
      if (interiorKernel) {
        emitTile(true);
        return;
      }
      Value isInterior = both(lessThan(rowLoop.getInductionVar(), interiorRows),
                              lessThan(launch.getBlockIds().x, interiorCols));
      auto edge = scf::IfOp::create(
          b, arith::XOrIOp::create(
                 b, isInterior, arith::ConstantIntOp::create(b, 1, 1)),
          /*withElseRegion=*/false);
      b.setInsertionPoint(edge.thenBlock()->getTerminator());
      emitTile(false);
    };
    // Static sizes decide which kernels have tiles at all (an empty static
    // grid does not even verify).
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t m = ranges[dims.m], n = ranges[dims.n], k = ranges[dims.k];
    bool isStatic = !ShapedType::isDynamic(m) && !ShapedType::isDynamic(n) &&
                    !ShapedType::isDynamic(k);
    bool staticWhole = isStatic && k > 0 && k % bk == 0;
    bool anyInterior = !isStatic || (staticWhole && m >= bm && n >= bn);
    bool anyEdge =
        !isStatic || !(staticWhole && m % bm == 0 && n % bn == 0);
    if (anyInterior) {
      OpBuilder::InsertionGuard guard(b);
      emitKernel(true);
    }
    if (anyEdge)
      emitKernel(false);
  }
};

} // namespace

namespace mlir::tnp::gpukernel {

/// The combiner of a reduction body, yield(combine(out, x)) with x
/// computed from the inputs alone: an associative and commutative op, so
/// that partial results may combine in any order.
Operation *matchCombiner(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || op->getNumRegions() != 1)
    return nullptr;
  Block &body = op->getRegion(0).front();
  BlockArgument out = body.getArguments().back();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield->getNumOperands() != 1 || !out.hasOneUse())
    return nullptr;
  Operation *combine = yield->getOperand(0).getDefiningOp();
  if (!combine || combine->getBlock() != &body ||
      !isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
           arith::MaxNumFOp, arith::MinNumFOp, arith::AddIOp, arith::MulIOp,
           arith::MaxSIOp, arith::MinSIOp, arith::MaxUIOp, arith::MinUIOp,
           arith::AndIOp, arith::OrIOp, arith::XOrIOp>(combine) ||
      combine->getNumOperands() != 2 ||
      (combine->getOperand(0) != out && combine->getOperand(1) != out) ||
      combine->getOperand(0) == combine->getOperand(1) ||
      !combine->getResult(0).hasOneUse())
    return nullptr;
  return combine;
}

/// `v` shuffled by `offset` lanes of a full warp (`mode` DOWN, XOR or IDX):
/// any scalar type of at most 64 bits, moved as one or two 32-bit words.
Value shuffle(ImplicitLocOpBuilder &b, Value v, int32_t offset,
              gpu::ShuffleMode mode) {
  Type type = v.getType();
  unsigned bits = type.getIntOrFloatBitWidth();
  auto word = b.getI32Type();
  auto shuffle = [&](Value x) -> Value {
    return gpu::ShuffleOp::create(b, x, offset, 32, mode)
        .getShuffleResult();
  };
  Type intType = b.getIntegerType(bits);
  Value asInt = type == intType ? v : arith::BitcastOp::create(b, intType, v);
  Value result;
  if (bits == 64) {
    Value lo = arith::TruncIOp::create(b, word, asInt);
    Value hi = arith::TruncIOp::create(
        b, word, arith::ShRUIOp::create(
                     b, asInt, arith::ConstantIntOp::create(b, intType, 32)));
    Value lo2 = arith::ExtUIOp::create(b, intType, shuffle(lo));
    Value hi2 = arith::ExtUIOp::create(b, intType, shuffle(hi));
    result = arith::OrIOp::create(
        b, lo2,
        arith::ShLIOp::create(b, hi2,
                              arith::ConstantIntOp::create(b, intType, 32)));
  } else if (bits == 32) {
    result = shuffle(asInt);
  } else {
    result = arith::TruncIOp::create(
        b, intType, shuffle(arith::ExtUIOp::create(b, word, asInt)));
  }
  return type == intType ? result : arith::BitcastOp::create(b, type, result);
}

Value foldWith(ImplicitLocOpBuilder &b, Operation *combine, Value acc,
               Value x) {
  IRMapping mapping;
  mapping.map(combine->getOperand(0), acc);
  mapping.map(combine->getOperand(1), x);
  return b.clone(*combine, mapping)->getResult(0);
}

Value shuffleTree(ImplicitLocOpBuilder &b, Operation *combine, Value acc,
                  Value lane, Value held, int32_t width) {
  for (int32_t o = width / 2; o >= 1; o /= 2) {
    Value other = shuffle(b, acc, o, gpu::ShuffleMode::DOWN);
    Value has = arith::CmpIOp::create(
        b, arith::CmpIPredicate::ult,
        arith::AddIOp::create(b, lane, arith::ConstantIndexOp::create(b, o)),
        held);
    acc = arith::SelectOp::create(b, has, foldWith(b, combine, acc, other),
                                  acc);
  }
  return acc;
}

/// Whether `op` is a reduction the warp-per-output kernels serve well: one
/// combiner (matchCombiner), scalar elements of at most 64 bits,
/// projected-permutation maps (inputs may read broadcast dims at index 0)
/// and an input that reads along the reduction with a reduction dim
/// innermost (coalesced lanes).
bool isWarpReduction(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumReductionLoops() == 0 ||
      !matchCombiner(op))
    return false;
  // Elements the shuffles move: one 32-bit word or less, or two.
  Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
  if (!element.isIntOrFloat() || (element.getIntOrFloatBitWidth() > 32 &&
                                  element.getIntOrFloatBitWidth() != 64))
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  // Inputs may read broadcast dims at index 0 (a fused softmax reads the
  // row maxima so); the output indexes every parallel dim.
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  for (AffineMap map : maps)
    if (!map.isProjectedPermutation(/*allowZeroInResults=*/true))
      return false;
  if (!maps.back().isProjectedPermutation(/*allowZeroInResults=*/false) ||
      maps.back().getNumResults() != op.getNumParallelLoops())
    return false;
  // An input that reads along the reduction has a reduction dim innermost
  // (coalesced lanes).
  bool anyInner = false;
  for (OpOperand *in : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(in);
    SmallVector<unsigned> dims;
    for (AffineExpr e : map.getResults())
      if (auto d = dyn_cast<AffineDimExpr>(e))
        dims.push_back(d.getPosition());
    if (dims.empty())
      continue;
    bool readsReduction = false;
    for (unsigned d : dims)
      readsReduction |= iterators[d] == utils::IteratorType::reduction;
    bool inner = iterators[dims.back()] == utils::IteratorType::reduction;
    if (readsReduction && !inner)
      return false;
    anyInner |= inner;
  }
  return anyInner;
}

} // namespace mlir::tnp::gpukernel

namespace {

/// A reduction over the innermost dims of its inputs (row sums, W5's
/// softmax max and sum, matrix-vector products) -> one warp per output:
/// each lane folds every 32nd element (coalesced reads), then the lanes
/// combine through shuffles and lane 0 folds the total into the output.
/// When the reduction is shorter than a warp at run time, the op's own
/// lowering (one thread per output) runs instead.
struct WarpReductions
    : PassWrapper<WarpReductions, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(WarpReductions)
  StringRef getArgument() const final { return "tnp-gpu-warp-reductions"; }
  StringRef getDescription() const final {
    return "Turn reductions over the innermost dims into gpu.launch ops of "
           "warp-per-output kernels (shuffle combination)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, gpu::GPUDialect, memref::MemRefDialect,
                    scf::SCFDialect>();
  }

  static constexpr int64_t kWarp = 32, kWarpsPerBlock = 8;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      // A reduction of every dim takes a block whatever its length; one
      // with outputs, a warp each when the length is >= 32.
      std::optional<int64_t> length = staticLength(op);
      int64_t minLength = op.getNumParallelLoops() == 0 ? 1 : kWarp;
      if (!op->getParentOfType<scf::ParallelOp>() &&
          !op->getParentOfType<gpu::LaunchOp>() &&
          !op->hasAttr(kShortRowsAttrName) && isWarpReduction(op) &&
          (!length || *length >= minLength))
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops) {
      linalg::FillOp fill = initFill(op);
      if (fill)
        foldFill(op, fill);
      if (op.getNumParallelLoops() == 0)
        buildWholeReduction(op, fill);
      else
        buildKernel(op, std::nullopt, fill);
      if (fill)
        fill->erase();
    }
  }

  /// The linalg.fill right before `op` that writes its output buffer (its
  /// initial value), if any.
  static linalg::FillOp initFill(linalg::LinalgOp op) {
    auto fill = dyn_cast_or_null<linalg::FillOp>(op->getPrevNode());
    if (!fill || !fill.hasPureBufferSemantics() ||
        fill.getOutputs()[0] != op.getDpsInitOperand(0)->get() ||
        fill.getInputs()[0].getType() !=
            getElementTypeOrSelf(op.getDpsInitOperand(0)->get()))
      return nullptr;
    // The op must read the filled buffer only as its output.
    for (OpOperand *in : op.getDpsInputOperands())
      if (in->get() == fill.getOutputs()[0])
        return nullptr;
    return fill;
  }

  /// The kernels start from `fill`'s value rather than reading the output,
  /// so the fill (a kernel of its own) goes. Where no kernel writes the
  /// output -- a whole reduction of nothing, whose launch has no block --
  /// the fill runs there alone: an scf.if on the length, unless it is
  /// static. (A reduction of rows of dynamic length keeps the op for short
  /// rows; buildKernel puts a copy of the fill before it.)
  static void foldFill(linalg::LinalgOp op, linalg::FillOp fill) {
    if (op.getNumParallelLoops() != 0 || staticLength(op))
      return;
    ImplicitLocOpBuilder b(op.getLoc(), op);
    Value length = arith::ConstantIndexOp::create(b, 1);
    for (Range r : op.createLoopRanges(b, b.getLoc()))
      length = arith::MulIOp::create(
          b, length, getValueOrCreateConstantIndexOp(b, b.getLoc(), r.size));
    auto empty = scf::IfOp::create(
        b,
        arith::CmpIOp::create(b, arith::CmpIPredicate::eq, length,
                              arith::ConstantIndexOp::create(b, 0)),
        /*withElseRegion=*/false);
    b.setInsertionPoint(empty.thenBlock()->getTerminator());
    b.clone(*fill);
  }

  /// The blocks of a whole reduction's first kernel (at most; one SM holds
  /// up to 8 blocks of 256 threads, an H100 132 SMs).
  static constexpr int64_t kMaxBlocks = 1024;

  /// A reduction of every element into one output. Up to 256 elements: one
  /// block reduces them. More: `blocks` = min(ceil(n / 256), 1024) blocks
  /// each reduce a strided share (every block has at least one element)
  /// into a buffer of partials, then one block reduces the partials into
  /// the output (deterministic: no atomics).
  static void buildWholeReduction(linalg::LinalgOp op,
                                  linalg::FillOp fill = nullptr) {
    const int64_t block = kWarp * kWarpsPerBlock;
    std::optional<int64_t> n = staticLength(op);
    if (n && *n <= block) {
      buildKernel(op, std::nullopt, fill);
      return;
    }
    ImplicitLocOpBuilder b(op.getLoc(), op);
    auto index = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, v);
    };
    Value length = index(1);
    for (Range r : op.createLoopRanges(b, b.getLoc()))
      length = arith::MulIOp::create(
          b, length, getValueOrCreateConstantIndexOp(b, b.getLoc(), r.size));
    Value blocks = arith::MinUIOp::create(
        b, arith::CeilDivUIOp::create(b, length, index(block)),
        index(kMaxBlocks));
    // A length known only at run time chooses there (a static one is more
    // than a block here).
    if (!n) {
      auto choice = scf::IfOp::create(
          b,
          arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, blocks, index(1)),
          /*withElseRegion=*/true);
      // Else: one block, on a copy of the op.
      b.setInsertionPoint(choice.elseBlock()->getTerminator());
      buildKernel(cast<linalg::LinalgOp>(b.clone(*op)), std::nullopt, fill);
      // Then: the partials, and their reduction.
      op->moveBefore(choice.thenBlock()->getTerminator());
      b.setInsertionPoint(op);
    }
    Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
    Value partials = memref::AllocOp::create(
        b, MemRefType::get({ShapedType::kDynamic}, element), ValueRange{blocks});
    buildKernel(op, PhaseOne{partials, blocks});
    Operation *combine = matchCombiner(op);
    Block &scalar = op->getRegion(0).front();
    Value out = scalar.getArguments().back();
    Value term = combine->getOperand(0) == out ? combine->getOperand(1)
                                                : combine->getOperand(0);
    MLIRContext *ctx = op->getContext();
    auto rest = linalg::GenericOp::create(
        b, TypeRange{}, ValueRange{partials},
        ValueRange{op.getDpsInitOperand(0)->get()},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(1, ctx),
                            AffineMap::get(1, 0, {}, ctx)},
        ArrayRef<utils::IteratorType>{utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location loc, ValueRange args) {
          IRMapping mapping;
          mapping.map(term, args[0]);
          mapping.map(out, args[1]);
          linalg::YieldOp::create(
              nb, loc, nb.clone(*combine, mapping)->getResult(0));
        });
    buildKernel(rest, std::nullopt, fill);
    memref::DeallocOp::create(b, partials);
    op->erase();
  }

  /// The reduction's static length, or none when a dim is dynamic.
  static std::optional<int64_t> staticLength(linalg::LinalgOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    int64_t length = 1;
    for (unsigned d = 0; d < ranges.size(); ++d) {
      if (iterators[d] != utils::IteratorType::reduction)
        continue;
      if (ShapedType::isDynamic(ranges[d]))
        return std::nullopt;
      length *= ranges[d];
    }
    return length;
  }

  /// The first kernel of a whole reduction over several blocks: block `i`
  /// of `blocks` stores its share's total in `partials[i]`.
  struct PhaseOne {
    Value partials, blocks;
  };

  /// With `fill` (the output's initial value, see foldFill), the output
  /// starts from its value instead of being read.
  static void buildKernel(linalg::LinalgOp op,
                          std::optional<PhaseOne> phaseOne = std::nullopt,
                          linalg::FillOp fill = nullptr) {
    ImplicitLocOpBuilder b(op.getLoc(), op);
    auto index = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, v);
    };
    SmallVector<Value> sizes;
    for (Range r : op.createLoopRanges(b, b.getLoc()))
      sizes.push_back(getValueOrCreateConstantIndexOp(b, b.getLoc(), r.size));
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    SmallVector<unsigned> parallel, reduction;
    for (unsigned d = 0; d < iterators.size(); ++d)
      (iterators[d] == utils::IteratorType::parallel ? parallel : reduction)
          .push_back(d);
    Value outputs = index(1), length = index(1);
    for (unsigned d : parallel)
      outputs = arith::MulIOp::create(b, outputs, sizes[d]);
    for (unsigned d : reduction)
      length = arith::MulIOp::create(b, length, sizes[d]);
    // A reduction of every dim (one output): one block of 8 warps, combined
    // through workgroup memory; no block when there is nothing to read.
    const bool whole = parallel.empty();
    const int64_t stride = whole ? kWarp * kWarpsPerBlock : kWarp;
    // The first kernel of several blocks reads a stride of all their
    // threads.
    Value strideValue =
        phaseOne ? Value(arith::MulIOp::create(b, phaseOne->blocks,
                                               index(stride)))
                 : index(stride);
    // Reductions shorter than a warp keep the op's own lowering (decided
    // here when the length is static).
    bool isStatic = staticLength(op).has_value();
    if (!isStatic && !whole) {
      Value wide = arith::CmpIOp::create(b, arith::CmpIPredicate::uge, length,
                                         index(kWarp));
      auto choice = scf::IfOp::create(b, wide, /*withElseRegion=*/true);
      op->moveBefore(choice.elseBlock()->getTerminator());
      if (fill) {
        OpBuilder eb(op);
        eb.clone(*fill);
      }
      b.setInsertionPoint(choice.thenBlock()->getTerminator());
    }

    Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
    // The warps' partials in workgroup memory (bool and narrower as i8).
    Type slotType = element.getIntOrFloatBitWidth() < 8
                        ? Type(b.getI8Type())
                        : element;
    Value grid =
        phaseOne ? phaseOne->blocks
        : whole  ? Value(arith::SelectOp::create(
                    b,
                    arith::CmpIOp::create(b, arith::CmpIPredicate::eq, length,
                                          index(0)),
                    index(0), index(1)))
              : Value(arith::CeilDivUIOp::create(b, outputs,
                                                 index(kWarpsPerBlock)));
    SmallVector<Type> workgroup;
    if (whole)
      workgroup.push_back(MemRefType::get(
          {kWarpsPerBlock}, slotType, AffineMap(),
          gpu::AddressSpaceAttr::get(op->getContext(),
                                     gpu::AddressSpace::Workgroup)));
    auto launch = gpu::LaunchOp::create(
        b, grid, index(1), index(1), index(kWarp * kWarpsPerBlock), index(1),
        index(1), /*dynamicSharedMemorySize=*/nullptr,
        /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{}, workgroup);
    Block &body = launch.getBody().front();
    b.setInsertionPointToStart(&body);
    gpu::TerminatorOp terminator = gpu::TerminatorOp::create(b);
    b.setInsertionPoint(terminator);

    Value tid = launch.getThreadIds().x;
    Value lane = arith::RemUIOp::create(b, tid, index(kWarp));
    Value warp = arith::DivUIOp::create(b, tid, index(kWarp));
    Value output = arith::AddIOp::create(
        b, arith::MulIOp::create(b, launch.getBlockIds().x,
                                 index(kWarpsPerBlock)),
        warp);
    // Warp-uniform: a whole warp has an output or none. (A block of a whole
    // reduction has its one output; all its threads reach the barrier.)
    if (!whole) {
      auto active = scf::IfOp::create(
          b,
          arith::CmpIOp::create(b, arith::CmpIPredicate::ult, output, outputs),
          /*withElseRegion=*/false);
      b.setInsertionPoint(active.thenBlock()->getTerminator());
    }

    SmallVector<Value> iv(sizes.size());
    auto delinearize = [&](Value linear, ArrayRef<unsigned> dims) {
      for (unsigned d : llvm::reverse(dims)) {
        iv[d] = arith::RemUIOp::create(b, linear, sizes[d]);
        linear = arith::DivUIOp::create(b, linear, sizes[d]);
      }
    };
    delinearize(output, parallel);

    Block &scalar = op->getRegion(0).front();
    Operation *combine = matchCombiner(op);
    Value out = scalar.getArguments().back();
    Value partialValue = combine->getOperand(0) == out
                             ? combine->getOperand(1)
                             : combine->getOperand(0);
    // The body's element term x at iteration `iv`.
    auto term = [&]() -> Value {
      IRMapping mapping;
      for (OpOperand *in : op.getDpsInputOperands()) {
        Value v = in->get();
        BlockArgument arg = op.getMatchingBlockArgument(in);
        if (!isa<MemRefType>(v.getType())) {
          mapping.map(arg, v);
          continue;
        }
        mapping.map(arg, memref::LoadOp::create(
                             b, v, indicesAt(b, op.getMatchingIndexingMap(in),
                                             iv)));
      }
      for (Operation &o : scalar.without_terminator()) {
        if (&o == combine)
          continue;
        if (auto idx = dyn_cast<linalg::IndexOp>(o)) {
          mapping.map(idx.getResult(), iv[idx.getDim()]);
          continue;
        }
        b.clone(o, mapping);
      }
      return mapping.lookupOrDefault(partialValue);
    };
    auto fold = [&](Value acc, Value x) {
      return foldWith(b, combine, acc, x);
    };
    // Lane l folds elements l, l + 32, ... (thread t: t, t + 256, ... in a
    // block); its first is read clamped (a lane past the end holds a value
    // no one combines).
    // A block of the first of two kernels starts at its id * 256; its
    // count of elements (>= 1) then decides which threads hold partials.
    Value blockStart = phaseOne ? Value(arith::MulIOp::create(
                                      b, launch.getBlockIds().x, index(stride)))
                                : Value();
    Value start0 = whole ? tid : lane;
    if (phaseOne)
      start0 = arith::AddIOp::create(b, blockStart, tid);
    Value blockLength =
        phaseOne ? Value(arith::SubIOp::create(b, length, blockStart)) : length;
    Value last = arith::SubIOp::create(b, length, index(1));
    delinearize(arith::MinUIOp::create(b, start0, last), reduction);
    Value first = term();
    auto loop = scf::ForOp::create(
        b, arith::AddIOp::create(b, start0, strideValue), length, strideValue,
        ValueRange{first});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      delinearize(loop.getInductionVar(), reduction);
      scf::YieldOp::create(b, fold(loop.getRegionIterArgs()[0], term()));
    }
    // Lanes [0, held) hold partials: a shuffle-down tree where lane l takes
    // lane l + o's partial only when that lane holds one.
    auto tree = [&](Value acc, Value held, int32_t width) {
      return shuffleTree(b, combine, acc, lane, held, width);
    };
    Value acc = loop.getResult(0);
    if (!whole) {
      acc = tree(acc, arith::MinUIOp::create(b, length, index(kWarp)), kWarp);
    } else {
      // Warp w holds min(max(length - 32 w, 0), 32) partials; lane 0 of
      // each puts its total into workgroup memory, and warp 0 combines the
      // totals of the warps that had elements.
      Value base = arith::MulIOp::create(b, warp, index(kWarp));
      Value held = arith::SelectOp::create(
          b,
          arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, blockLength,
                                base),
          arith::MinUIOp::create(b, arith::SubIOp::create(b, blockLength, base),
                                 index(kWarp)),
          index(0));
      acc = tree(acc, held, kWarp);
      Value slots = launch.getWorkgroupAttributions()[0];
      auto toSlot = [&](Value v) -> Value {
        if (slotType == element)
          return v;
        return arith::ExtUIOp::create(
            b, slotType,
            isa<IntegerType>(element)
                ? v
                : Value(arith::BitcastOp::create(
                      b, b.getIntegerType(element.getIntOrFloatBitWidth()),
                      v)));
      };
      auto fromSlot = [&](Value v) -> Value {
        if (slotType == element)
          return v;
        Value narrow = arith::TruncIOp::create(
            b, b.getIntegerType(element.getIntOrFloatBitWidth()), v);
        return isa<IntegerType>(element)
                   ? narrow
                   : Value(arith::BitcastOp::create(b, element, narrow));
      };
      {
        auto writer = scf::IfOp::create(
            b,
            arith::CmpIOp::create(b, arith::CmpIPredicate::eq, lane, index(0)),
            /*withElseRegion=*/false);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(writer.thenBlock()->getTerminator());
        memref::StoreOp::create(b, toSlot(acc), slots, ValueRange{warp});
      }
      gpu::BarrierOp::create(b);
      auto first = scf::IfOp::create(
          b, arith::CmpIOp::create(b, arith::CmpIPredicate::eq, warp, index(0)),
          /*withElseRegion=*/false);
      b.setInsertionPoint(first.thenBlock()->getTerminator());
      Value warps = arith::MinUIOp::create(
          b, arith::CeilDivUIOp::create(b, blockLength, index(kWarp)),
          index(kWarpsPerBlock));
      Value slot = fromSlot(memref::LoadOp::create(
          b, slots,
          ValueRange{arith::MinUIOp::create(b, lane,
                                            index(kWarpsPerBlock - 1))}));
      acc = tree(slot, warps, kWarpsPerBlock);
    }
    auto leader = scf::IfOp::create(
        b, arith::CmpIOp::create(b, arith::CmpIPredicate::eq, lane, index(0)),
        /*withElseRegion=*/false);
    b.setInsertionPoint(leader.thenBlock()->getTerminator());
    if (phaseOne) {
      memref::StoreOp::create(b, acc, phaseOne->partials,
                              ValueRange{launch.getBlockIds().x});
      return;
    }
    OpOperand *init = op.getDpsInitOperand(0);
    SmallVector<Value> at = indicesAt(b, op.getMatchingIndexingMap(init), iv);
    Value start = fill ? fill.getInputs()[0]
                       : Value(memref::LoadOp::create(b, init->get(), at));
    IRMapping mapping;
    mapping.map(out, start);
    mapping.map(partialValue, acc);
    Value total = b.clone(*combine, mapping)->getResult(0);
    memref::StoreOp::create(b, total, init->get(), at);
    if (isStatic || whole)
      op->erase();
  }
};

/// Workgroup buffers (the tiles) aligned to 16 bytes, so that the NVPTX
/// backend can read 4 adjacent f32 elements as one vector (ld.shared.v4);
/// and the occupancy hint of the tiled kernels.
struct AlignWorkgroupBuffers
    : PassWrapper<AlignWorkgroupBuffers, OperationPass<gpu::GPUModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(AlignWorkgroupBuffers)
  StringRef getArgument() const final {
    return "tnp-gpu-align-workgroup-buffers";
  }
  StringRef getDescription() const final {
    return "Align the workgroup attributions of every gpu.func to 16 bytes";
  }
  void runOnOperation() override {
    getOperation().walk([](gpu::GPUFuncOp f) {
      IntegerAttr align =
          IntegerAttr::get(IntegerType::get(f->getContext(), 64), 16);
      for (unsigned i = 0; i < f.getNumWorkgroupAttributions(); ++i)
        f.setWorkgroupAttributionAttr(i, "llvm.align", align);
      // Tiled kernels of 32-bit (or narrower) elements ask for two blocks
      // per SM: ptxas then keeps to 128 registers a thread (a few spill),
      // and the second block hides the first's barriers (W3 on an H200:
      // 25.0 -> 32.8 TFLOP/s). 64-bit accumulators need more.
      bool narrow = f.getNumWorkgroupAttributions() != 0;
      for (BlockArgument a : f.getWorkgroupAttributions()) {
        auto type = dyn_cast<MemRefType>(a.getType());
        // Any IR may reach this pass (tnp-opt): other element types
        // (index, vectors) get no hint.
        narrow &= type && type.getRank() == 3 && // the tiles' stages
                  type.getElementType().isIntOrFloat() &&
                  type.getElementType().getIntOrFloatBitWidth() <= 32;
      }
      if (narrow)
        f->setAttr(NVVM::NVVMDialect::getMinctasmAttrName(),
                   IntegerAttr::get(IntegerType::get(f->getContext(), 32), 2));
    });
  }
};

} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPGPUAlignWorkgroupBuffers() {
  return std::make_unique<AlignWorkgroupBuffers>();
}

std::unique_ptr<Pass> mlir::tnp::createTNPGPUWarpReductions() {
  return std::make_unique<WarpReductions>();
}

std::unique_ptr<Pass> mlir::tnp::createTNPGPUTiledContractions() {
  return std::make_unique<TiledContractions>();
}

void mlir::tnp::registerTNPGPUKernelPasses() {
  PassRegistration<TiledContractions>();
  PassRegistration<AlignWorkgroupBuffers>();
  PassRegistration<WarpReductions>();
}
