//===- ParallelScatter.cpp - tnp.scatter's element loop in parallel -------===//
//
// Part of tnp. tnp-parallel-scatter, after bufferization in
// tnp-cuda-pipeline (and in tnp-cpu-pipeline, where only a module compiled
// with mask-chunks > 1 has such loops: a test of the algorithm on the
// CPU). tnp-convert-to-linalg lowers tnp.scatter to an scf.for over the
// region's elements in row-major order, each iteration storing one element
// of the result (R[idx(l)] = v(l)), or adding to it (R[idx(l)] = R[idx(l)]
// + v(l)), so that repeated indices keep the last value ("set")
// or accumulate ("add", np.add.at). On a GPU that loop would run on the
// host over managed memory. With the loop's mode (its tnp_scatter_loop
// attribute) this pass makes its iterations parallel loops, which the
// pipeline maps to kernels like any other:
//   - "set": a winner per element of R, the last iteration that stores it:
//     W[lin(idx(l))] = -1 for every l (only the elements stored are
//     touched), then W[lin(idx(l))] = max(., l) (an atomic max), then every
//     l with W[lin(idx(l))] == l stores. The same result as the
//     loop, repeated indices included.
//   - "add": R[idx(l)] += v(l) as an atomic add. Floats (f16, bf16, f32,
//     f64) and integers of 8 to 64 bits are one memref.atomic_rmw (LLVM
//     expands the ones a target has no instruction for, e.g. bf16 on sm_80
//     or 8-bit ints, into compare-and-swap loops); a complex number is two
//     atomic float adds, its real and imaginary parts (the sum is
//     componentwise); bool's add is or: a true term stores true (every
//     writer stores the same value), a false one leaves the element.
//     Integers and bools are exact; floats may round differently from the
//     loop's order (the additions are the same, their order is not).
// A loop of another shape (another side effect, another read of R, a
// counter not from 0, an unknown mode) stays as it is and loses the
// attribute (the host fallback).
//
//===----------------------------------------------------------------------===//

#include "tnp/Conversion/TNPToLinalg.h"
#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

/// How an "add" scatter loop's addition runs in parallel.
enum class AddKind {
  Atomic,  ///< memref.atomic_rmw addf/addi
  Or,      ///< bool: a true term stores true
  Complex, ///< atomic adds of the real and imaginary parts
};

/// The parts of a scatter loop: its one store, and for "add" the load of
/// the same element and the addition.
struct ScatterLoop {
  memref::StoreOp store;
  memref::LoadOp current; ///< "add": R[idx] read before the store
  Operation *add = nullptr;
  Value term; ///< "add": what is added
  AddKind kind = AddKind::Atomic;
};

/// How the sum `op` of R[idx] and a term runs as an atomic update, if it
/// can.
std::optional<AddKind> addKind(Operation *op) {
  Type t = op->getResult(0).getType();
  if (isa<arith::AddFOp>(op) &&
      (t.isF16() || t.isBF16() || t.isF32() || t.isF64()))
    return AddKind::Atomic;
  if (isa<arith::AddIOp>(op) && t.isSignlessInteger() &&
      llvm::is_contained({8u, 16u, 32u, 64u}, t.getIntOrFloatBitWidth()))
    return AddKind::Atomic;
  if (isa<arith::OrIOp>(op) && t.isInteger(1))
    return AddKind::Or;
  if (auto c = dyn_cast<ComplexType>(t);
      c && isa<complex::AddOp>(op) &&
      (c.getElementType().isF32() || c.getElementType().isF64()))
    return AddKind::Complex;
  return std::nullopt;
}

/// The buffer `v` views (through casts, subviews and other view-like ops).
Value viewRoot(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto view = dyn_cast<ViewLikeOpInterface>(def))
      v = view.getViewSource();
    else if (auto cast = dyn_cast<memref::CastOp>(def))
      v = cast.getSource();
    else
      break;
  }
  return v;
}

/// Whether `loop` is a scatter loop whose iterations may run in parallel:
///  - an index loop from 0 (the iteration number is the "set" bid), no
///    results;
///  - its only side effect is one memref.store into an alloc R (at the top
///    level of the body), everything else free of memory writes;
///  - R is read only by "add"'s load of the stored element, defined in the
///    body and used by the addition alone (any other read of R, or of a
///    view of it, would see other iterations' stores in another order).
std::optional<ScatterLoop> matchScatterLoop(scf::ForOp loop, bool add) {
  if (loop.getNumResults() != 0 ||
      !loop.getInductionVar().getType().isIndex() ||
      !isConstantIntValue(loop.getLowerBound(), 0))
    return std::nullopt;
  ScatterLoop s;
  SmallVector<memref::LoadOp> loads;
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (auto store = dyn_cast<memref::StoreOp>(&op)) {
      if (s.store)
        return std::nullopt;
      s.store = store;
      continue;
    }
    bool ok = true;
    op.walk([&](Operation *nested) {
      if (auto load = dyn_cast<memref::LoadOp>(nested)) {
        loads.push_back(load);
        return WalkResult::advance();
      }
      if (isMemoryEffectFree(nested))
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
  Value result = s.store.getMemRef();
  auto readsResult = [&](memref::LoadOp load) {
    return viewRoot(load.getMemRef()) == result;
  };
  if (!add) {
    if (llvm::any_of(loads, readsResult))
      return std::nullopt;
    return s;
  }
  // R[idx] = R[idx] + x, the load from the same buffer at the same indices,
  // both in the body.
  Operation *sum = s.store.getValueToStore().getDefiningOp();
  std::optional<AddKind> kind = sum ? addKind(sum) : std::nullopt;
  if (!kind || sum->getBlock() != loop.getBody())
    return std::nullopt;
  // A complex element's parts are addressed from the buffer's base: the
  // buffer must be the identity layout (an alloc is).
  if (*kind == AddKind::Complex &&
      !cast<MemRefType>(result.getType()).getLayout().isIdentity())
    return std::nullopt;
  s.kind = *kind;
  for (unsigned i = 0; i < 2; ++i) {
    auto load = sum->getOperand(i).getDefiningOp<memref::LoadOp>();
    if (!load || load->getBlock() != loop.getBody() ||
        load.getMemRef() != result ||
        load.getIndices() != s.store.getIndices() ||
        !sum->getResult(0).hasOneUse() || !load->hasOneUse())
      continue;
    if (llvm::any_of(loads, [&](memref::LoadOp other) {
          return other != load && readsResult(other);
        }))
      return std::nullopt;
    s.current = load;
    s.add = sum;
    s.term = sum->getOperand(1 - i);
    return s;
  }
  return std::nullopt;
}

/// The row-major position of `at` in a buffer of sizes `dims` (0 for a
/// 0-d buffer).
Value rowMajor(OpBuilder &b, Location loc, ValueRange dims, ValueRange at) {
  if (at.empty())
    return arith::ConstantIndexOp::create(b, loc, 0);
  Value lin = at.front();
  for (auto [dim, i] : llvm::drop_begin(llvm::zip_equal(dims, at)))
    lin = arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, lin, dim),
                                i);
  return lin;
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
    registry.insert<arith::ArithDialect, complex::ComplexDialect,
                    LLVM::LLVMDialect, memref::MemRefDialect, scf::SCFDialect>();
  }

  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) {
      if (loop->hasAttr(tnp::kScatterLoopAttr))
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops) {
      auto mode = loop->getAttrOfType<StringAttr>(tnp::kScatterLoopAttr);
      bool known = mode && (mode.getValue() == "set" || mode.getValue() == "add");
      bool add = known && mode.getValue() == "add";
      std::optional<ScatterLoop> s =
          known ? matchScatterLoop(loop, add) : std::nullopt;
      if (!s) {
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
    Value result = s.store.getMemRef();
    parallelCopy(
        b, loop, skip, [&](OpBuilder &pb, Location pl, IRMapping &mapping, Value) {
          SmallVector<Value> at;
          for (Value i : s.store.getIndices())
            at.push_back(mapping.lookupOrDefault(i));
          Value term = mapping.lookupOrDefault(s.term);
          switch (s.kind) {
          case AddKind::Atomic:
            memref::AtomicRMWOp::create(pb, pl,
                                        isa<FloatType>(term.getType())
                                            ? arith::AtomicRMWKind::addf
                                            : arith::AtomicRMWKind::addi,
                                        term, result, at);
            return;
          case AddKind::Or: {
            auto isTrue = scf::IfOp::create(pb, pl, term, /*withElseRegion=*/false);
            OpBuilder tb = isTrue.getThenBodyBuilder();
            memref::StoreOp::create(tb, pl, term, result, at);
            return;
          }
          case AddKind::Complex:
            complexAtomicAdd(pb, pl, term, result, at);
            return;
          }
        });
  }

  /// R[at] += term for a complex element: the parts' addresses from R's
  /// aligned pointer (identity layout, no offset: an alloc), each updated by
  /// an LLVM atomic fadd.
  static void complexAtomicAdd(OpBuilder &b, Location loc, Value term,
                               Value result, ValueRange at) {
    auto type = cast<MemRefType>(result.getType());
    auto part = cast<FloatType>(cast<ComplexType>(type.getElementType())
                                    .getElementType());
    SmallVector<Value> dims;
    for (int64_t d = 0; d < type.getRank(); ++d)
      dims.push_back(memref::DimOp::create(b, loc, result, d));
    Value lin = rowMajor(b, loc, dims, at);
    Type i64 = b.getI64Type();
    Value base = arith::IndexCastOp::create(
        b, loc, i64,
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, result));
    auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
    Value ptr = LLVM::IntToPtrOp::create(b, loc, ptrType, base);
    Value first = arith::MulIOp::create(
        b, loc, arith::IndexCastOp::create(b, loc, i64, lin),
        arith::ConstantIntOp::create(b, loc, i64, 2));
    Value parts[2] = {complex::ReOp::create(b, loc, term),
                      complex::ImOp::create(b, loc, term)};
    for (int p = 0; p < 2; ++p) {
      Value pos = p == 0 ? first
                         : arith::AddIOp::create(
                               b, loc, first,
                               arith::ConstantIntOp::create(b, loc, i64, 1));
      Value addr = LLVM::GEPOp::create(b, loc, ptrType, part, ptr,
                                       ArrayRef<LLVM::GEPArg>{pos});
      LLVM::AtomicRMWOp::create(b, loc, LLVM::AtomicBinOp::fadd, addr, parts[p],
                                LLVM::AtomicOrdering::monotonic);
    }
  }

  static void buildSet(OpBuilder &b, scf::ForOp loop, ScatterLoop s) {
    Location loc = loop.getLoc();
    Value result = s.store.getMemRef();
    auto type = cast<MemRefType>(result.getType());
    // The winners: one i64 per element of the result. Only the elements
    // some iteration stores are ever read: those are set to -1 by a first
    // parallel loop (every writer of an element writes the same -1), so the
    // work is the loop's, not the result's size (x[i] = v with a few
    // indices into a large x touches a few winners).
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
    // The result element's position in the winners (row-major).
    auto linear = [&](OpBuilder &pb, Location pl, IRMapping &mapping) {
      SmallVector<Value> at;
      for (Value i : s.store.getIndices())
        at.push_back(mapping.lookupOrDefault(i));
      return rowMajor(pb, pl, dims, at);
    };
    llvm::SmallPtrSet<Operation *, 1> skip{s.store};
    parallelCopy(b, loop, skip,
                 [&](OpBuilder &pb, Location pl, IRMapping &mapping, Value) {
                   memref::StoreOp::create(
                       pb, pl, arith::ConstantIntOp::create(pb, pl, i64, -1),
                       winners, ValueRange{linear(pb, pl, mapping)});
                 });
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
