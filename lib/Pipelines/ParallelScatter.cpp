//===- ParallelScatter.cpp - tnp.scatter's element loop in parallel -------===//
//
// Part of tnp. tnp-parallel-scatter, after bufferization in
// tnp-cuda-pipeline (and in tnp-cpu-pipeline, where only a module compiled
// with mask-chunks > 1 has such loops: a test of the algorithm on the CPU). tnp-convert-to-linalg lowers tnp.scatter to an scf.for
// over the region's elements in row-major order, each iteration storing one
// element of the result (R[idx(l)] = v(l)), or adding to it (R[idx(l)] =
// R[idx(l)] + v(l)), so that repeated indices keep the last value ("set")
// or accumulate ("add", np.add.at). On a GPU that loop would run on the
// host over managed memory. With the loop's mode (its tnp_scatter_loop
// attribute) this pass makes its iterations parallel loops, which the
// pipeline maps to kernels like any other:
//   - "set": a winner per element of R, the last iteration that stores it:
//     W = -1, then W[lin(idx(l))] = max(., l) for every l (an atomic max),
//     then every l with W[lin(idx(l))] == l stores. The same result as the
//     loop, repeated indices included.
//   - "add" of f32, f64, i32 or i64: R[idx(l)] += v(l) as an atomic add.
//     Integers are exact; floats may round differently from the loop's
//     order (the additions are the same, their order is not).
// A loop of another shape, or an "add" of another element type, stays as
// it is (the host fallback).
//
//===----------------------------------------------------------------------===//

#include "tnp/Conversion/TNPToLinalg.h"
#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// The parts of a scatter loop: its one store, and for "add" the load of
/// the same element and the addition.
struct ScatterLoop {
  memref::StoreOp store;
  memref::LoadOp current; ///< "add": R[idx] read before the store
  Operation *add = nullptr;
  Value term; ///< "add": what is added
};

/// Whether `loop`'s body is a scatter loop: its only side effect is one
/// memref.store (at the top level of the body), everything else free of
/// memory writes, no results.
std::optional<ScatterLoop> matchScatterLoop(scf::ForOp loop, bool add) {
  if (loop.getNumResults() != 0)
    return std::nullopt;
  ScatterLoop s;
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (auto store = dyn_cast<memref::StoreOp>(&op)) {
      if (s.store)
        return std::nullopt;
      s.store = store;
      continue;
    }
    bool ok = true;
    op.walk([&](Operation *nested) {
      if (isa<memref::LoadOp>(nested) || isMemoryEffectFree(nested))
        return WalkResult::advance();
      ok = false;
      return WalkResult::interrupt();
    });
    if (!ok)
      return std::nullopt;
  }
  if (!s.store || s.store.getMemRef().getDefiningOp() == nullptr ||
      !isa<memref::AllocOp>(s.store.getMemRef().getDefiningOp()))
    return std::nullopt;
  if (!add)
    return s;
  // R[idx] = R[idx] + x, the load from the same buffer at the same indices.
  Type element = s.store.getValueToStore().getType();
  Operation *sum = s.store.getValueToStore().getDefiningOp();
  bool isFloat = element.isF32() || element.isF64();
  bool isInt = element.isInteger(32) || element.isInteger(64);
  if (!sum || !((isFloat && isa<arith::AddFOp>(sum)) ||
                (isInt && isa<arith::AddIOp>(sum))))
    return std::nullopt;
  for (unsigned i = 0; i < 2; ++i) {
    auto load = sum->getOperand(i).getDefiningOp<memref::LoadOp>();
    if (!load || load.getMemRef() != s.store.getMemRef() ||
        load.getIndices() != s.store.getIndices() ||
        !sum->getResult(0).hasOneUse() || !load->hasOneUse())
      continue;
    s.current = load;
    s.add = sum;
    s.term = sum->getOperand(1 - i);
    return s;
  }
  return std::nullopt;
}

/// An scf.parallel over `loop`'s range whose body is a copy of `loop`'s
/// body without `skip`; `finish` then builds the rest of the body, given
/// the mapping of the copied values.
void parallelCopy(OpBuilder &b, scf::ForOp loop,
                  llvm::SmallPtrSetImpl<Operation *> &skip,
                  function_ref<void(OpBuilder &, Location, IRMapping &, Value)>
                      finish) {
  Location loc = loop.getLoc();
  auto par = scf::ParallelOp::create(
      b, loc, ValueRange{loop.getLowerBound()},
      ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()},
      [&](OpBuilder &pb, Location pl, ValueRange ivs) {
        IRMapping mapping;
        mapping.map(loop.getInductionVar(), ivs[0]);
        for (Operation &op : loop.getBody()->without_terminator())
          if (!skip.contains(&op))
            pb.clone(op, mapping);
        finish(pb, pl, mapping, ivs[0]);
      });
  (void)par;
}

struct ParallelScatter
    : PassWrapper<ParallelScatter, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ParallelScatter)
  StringRef getArgument() const final { return "tnp-parallel-scatter"; }
  StringRef getDescription() const final {
    return "Run the iterations of tnp.scatter's element loop (scf.for with "
           "tnp_scatter_loop) in parallel: a winner per element for \"set\", "
           "atomic adds for \"add\"";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, linalg::LinalgDialect,
                    memref::MemRefDialect, scf::SCFDialect>();
  }

  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) {
      if (loop->hasAttr(tnp::kScatterLoopAttr))
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops) {
      auto mode = loop->getAttrOfType<StringAttr>(tnp::kScatterLoopAttr);
      bool add = mode && mode.getValue() == "add";
      std::optional<ScatterLoop> s = matchScatterLoop(loop, add);
      if (!mode || !s) {
        loop->removeAttr(tnp::kScatterLoopAttr);
        continue;
      }
      OpBuilder b(loop);
      if (add)
        buildAdd(b, loop, *s);
      else
        buildSet(b, loop, *s);
      loop.erase();
    }
  }

  static void buildAdd(OpBuilder &b, scf::ForOp loop, ScatterLoop s) {
    llvm::SmallPtrSet<Operation *, 4> skip{s.store, s.add, s.current};
    bool isFloat = isa<FloatType>(s.term.getType());
    parallelCopy(b, loop, skip,
                 [&](OpBuilder &pb, Location pl, IRMapping &mapping, Value) {
                   SmallVector<Value> at;
                   for (Value i : s.store.getIndices())
                     at.push_back(mapping.lookupOrDefault(i));
                   memref::AtomicRMWOp::create(
                       pb, pl,
                       isFloat ? arith::AtomicRMWKind::addf
                               : arith::AtomicRMWKind::addi,
                       mapping.lookupOrDefault(s.term), s.store.getMemRef(),
                       at);
                 });
  }

  static void buildSet(OpBuilder &b, scf::ForOp loop, ScatterLoop s) {
    Location loc = loop.getLoc();
    Value result = s.store.getMemRef();
    auto type = cast<MemRefType>(result.getType());
    // The winners: one i64 per element of the result, -1 at first.
    SmallVector<Value> dims;
    Value count = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t d = 0; d < type.getRank(); ++d) {
      Value dim = memref::DimOp::create(b, loc, result, d);
      dims.push_back(dim);
      count = arith::MulIOp::create(b, loc, count, dim);
    }
    Type i64 = b.getI64Type();
    Value winners = memref::AllocOp::create(
        b, loc, MemRefType::get({ShapedType::kDynamic}, i64), ValueRange{count});
    linalg::FillOp::create(b, loc,
                           ValueRange{arith::ConstantIntOp::create(b, loc, i64, -1)},
                           ValueRange{winners});
    // The result element's position in the winners (row-major).
    auto linear = [&](OpBuilder &pb, Location pl, IRMapping &mapping) {
      Value lin = arith::ConstantIndexOp::create(pb, pl, 0);
      for (auto [d, i] : llvm::enumerate(s.store.getIndices()))
        lin = arith::AddIOp::create(
            pb, pl, arith::MulIOp::create(pb, pl, lin, dims[d]),
            mapping.lookupOrDefault(i));
      return lin;
    };
    llvm::SmallPtrSet<Operation *, 1> skip{s.store};
    // Every iteration bids for its element.
    parallelCopy(b, loop, skip,
                 [&](OpBuilder &pb, Location pl, IRMapping &mapping, Value l) {
                   Value l64 = arith::IndexCastOp::create(pb, pl, i64, l);
                   memref::AtomicRMWOp::create(pb, pl, arith::AtomicRMWKind::maxs,
                                               l64, winners,
                                               ValueRange{linear(pb, pl, mapping)});
                 });
    // The last one stores.
    parallelCopy(
        b, loop, skip,
        [&](OpBuilder &pb, Location pl, IRMapping &mapping, Value l) {
          Value l64 = arith::IndexCastOp::create(pb, pl, i64, l);
          Value winner = memref::LoadOp::create(
              pb, pl, winners, ValueRange{linear(pb, pl, mapping)});
          auto won = scf::IfOp::create(
              pb, pl,
              arith::CmpIOp::create(pb, pl, arith::CmpIPredicate::eq, winner,
                                    l64),
              /*withElseRegion=*/false);
          OpBuilder tb = won.getThenBodyBuilder();
          SmallVector<Value> at;
          for (Value i : s.store.getIndices())
            at.push_back(mapping.lookupOrDefault(i));
          memref::StoreOp::create(tb, pl,
                                  mapping.lookupOrDefault(s.store.getValueToStore()),
                                  result, at);
        });
    memref::DeallocOp::create(b, loc, winners);
  }
};
} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPParallelScatter() {
  return std::make_unique<ParallelScatter>();
}

void mlir::tnp::registerTNPParallelScatterPass() {
  PassRegistration<ParallelScatter>();
}
