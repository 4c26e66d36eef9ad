//===- GPURowFusion.cpp - Row reductions and their consumers, one kernel --===//
//
// Part of tnp. tnp-gpu-fused-rows, in tnp-cuda-pipeline before the other
// hand-scheduled kernels: a chain of bufferized linalg ops over the same
// rows -- reductions along the innermost dims of an input X, ops on their
// per-row results, and at most one elementwise op over X's shape that reads
// them -- becomes ONE kernel with a warp per row, instead of a kernel each
// that reads X from memory again. Softmax (max, exp-sum, divide) and layer
// normalization (sum, mean, squared-deviation sum, variance, normalize) are
// the models.
//
// A warp walks its row once per member, in program order:
//   - a reduction: lanes fold every 32nd element as in
//     tnp-gpu-warp-reductions (the same order of operations, so the same
//     results), a shuffle tree combines the lanes, and the total is
//     broadcast to every lane (a register: the "row value");
//   - an op over the rows (e.g. mean's division by the count): computed from
//     row values in registers;
//   - the elementwise op: lanes compute and store every 32nd element.
// Every row value is also stored in its buffer by lane 0, so that other
// users of the buffer see it. A row of at most 32 elements a lane and 128
// bytes a lane (1024 float32, 512 float64) is read from memory once into
// registers (lane l's slot k holds element l + 32 k; the last slot may be
// partial: its read is clamped, its fold selected, its store guarded), and
// every member reads X there, unrolled over the slots; with a dynamic
// length each slot after the first runs only when the row reaches it (a
// warp-uniform branch). A row of up to 8 times that (8192 float32) takes a
// block of 8 warps: 256 threads hold it, and a reduction's warps store
// their totals in workgroup memory, where after a barrier every thread
// folds the 8 in order. Longer rows take a warp, read once per member, the
// later reads from the caches. A dynamic length picks the kernel at run
// time.
// (W5, softmax of 65536 x 1024 float32 on an H100: three kernels 0.479 ms,
// one kernel reading again 0.362 ms, registers 0.196 ms, torch 0.200 ms;
// 16384 x 4096 with dynamic sizes: a warp per row 0.576 ms, a block per row
// 0.327 ms.)
//
// The ops between the members stay where they are, before the kernel; the
// kernel replaces the last member. That moves earlier members later, which
// is sound only when no op in between writes a buffer a member before it
// touched, or reads one it wrote (checked on the buffers' allocations, so
// views alias their base); deallocations and ops with unknown effects end a
// chain. Members write only buffers allocated in the function and read
// another member's row results only as row values (through views that add
// unit dims); such reads become the registers.
//
// A row shorter than a warp is not worth a warp: static lengths under 32 are
// left alone, and a dynamic length chooses at run time between the kernel
// and the original ops.
//
//===----------------------------------------------------------------------===//

#include "GPUKernelUtils.h"
#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Pass/Pass.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::tnp::gpukernel;

namespace {

constexpr int64_t kWarp = 32, kWarpsPerBlock = 8, kCacheBytes = 128;

/// The buffer `v` views (through any view-like op).
Value rootOf(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>()) {
    if (view.getViewDest() != v)
      break;
    v = view.getViewSource();
  }
  return v;
}

/// Whether `root` is a buffer whose aliases the pass knows: an allocation in
/// the function (distinct allocations never alias) or an argument of the
/// function (read-only here: members and the ops between them never write
/// one). A loop's block argument may be any buffer: unknown.
bool isAllocation(Value root) {
  return root.getDefiningOp<memref::AllocOp>() ||
         root.getDefiningOp<memref::AllocaOp>();
}
bool isKnownBuffer(Value root) {
  auto arg = dyn_cast<BlockArgument>(root);
  return isAllocation(root) ||
         (arg && isa<func::FuncOp>(arg.getOwner()->getParentOp()));
}

bool hasIdentityLayout(Type t) {
  auto m = dyn_cast<MemRefType>(t);
  return m && m.getLayout().isIdentity();
}

/// The roots an op reads and writes, from its declared effects; false when
/// they are not all known (effects on no value, frees, writes to anything
/// but an allocation, regions other than a pure linalg body).
bool effectsOf(Operation *op, SmallVectorImpl<Value> &reads,
               SmallVectorImpl<Value> &writes) {
  if (isMemoryEffectFree(op))
    return true;
  if (op->getNumRegions()) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!linalgOp || !linalgOp.hasPureBufferSemantics())
      return false;
    for (Operation &o : op->getRegion(0).front())
      if (!isMemoryEffectFree(&o))
        return false;
  }
  auto iface = dyn_cast<MemoryEffectOpInterface>(op);
  if (!iface)
    return false;
  SmallVector<MemoryEffects::EffectInstance> effects;
  iface.getEffects(effects);
  for (MemoryEffects::EffectInstance &e : effects) {
    if (isa<MemoryEffects::Allocate>(e.getEffect()))
      continue;
    Value v = e.getValue();
    if (!v || isa<MemoryEffects::Free>(e.getEffect()))
      return false;
    Value root = rootOf(v);
    if (!isKnownBuffer(root))
      return false;
    if (isa<MemoryEffects::Read>(e.getEffect()))
      reads.push_back(root);
    else if (isAllocation(root))
      writes.push_back(root);
    else
      return false;
  }
  return true;
}

/// Whether `op` only reports a run-time error: an scf.if without results
/// whose branches call the runtime's tnp_rt_error_raise* with arguments
/// built on the stack. The error is sticky and read at the entry point, so
/// members may move after it.
bool isErrorReport(Operation *op) {
  auto guard = dyn_cast<scf::IfOp>(op);
  if (!guard || guard.getNumResults() != 0)
    return false;
  WalkResult walk = guard->walk([&](Operation *o) {
    if (o == op || isa<scf::YieldOp, LLVM::AllocaOp>(o) ||
        isMemoryEffectFree(o))
      return WalkResult::advance();
    // Stores of the error's arguments: into an alloca of the branch.
    if (auto store = dyn_cast<LLVM::StoreOp>(o)) {
      Value addr = store.getAddr();
      if (auto gep = addr.getDefiningOp<LLVM::GEPOp>())
        addr = gep.getBase();
      auto alloca = addr.getDefiningOp<LLVM::AllocaOp>();
      return alloca && guard->isProperAncestor(alloca)
                 ? WalkResult::advance()
                 : WalkResult::interrupt();
    }
    auto call = dyn_cast<LLVM::CallOp>(o);
    if (call && call.getCallee() &&
        call.getCallee()->starts_with("tnp_rt_error_raise"))
      return WalkResult::advance();
    return WalkResult::interrupt();
  });
  return !walk.wasInterrupted();
}

/// The role of an op in a chain.
enum class Kind { Reduce, Row, Map };

struct Member {
  linalg::LinalgOp op;
  Kind kind;
  /// A reduction's initial value, when a fill right before it wrote it (the
  /// fill goes; the kernel starts from the value).
  linalg::FillOp fill;
};

/// A chain being grown: rows are the first `parallel` loop dims of X's
/// shape, a row's elements the last `inner` ones.
struct Chain {
  unsigned parallel = 0, inner = 0;
  Value x;
  SmallVector<Member> members;
  /// Buffers holding row values (reduction and row-op results).
  DenseSet<Value> rowBuffers;
  /// Buffers the members read as memory (not as row values), and every
  /// buffer they read or write.
  DenseSet<Value> loaded, touched, written;
  bool ended = false;

  unsigned readers() const {
    return llvm::count_if(members,
                          [](const Member &m) { return m.kind != Kind::Row; });
  }
};

/// Whether `v`, read through `map`, is row `d0..d{p-1}` of the rank-`p`
/// buffer `root`: views that only add unit dims (identity layouts
/// throughout), the map's dims exactly d0..d{p-1} in order and its
/// constants 0 on static unit dims.
bool isRowRead(Value v, Value root, AffineMap map, unsigned p) {
  auto rootType = dyn_cast<MemRefType>(root.getType());
  if (!rootType || rootType.getRank() != p || !hasIdentityLayout(rootType))
    return false;
  for (Value cur = v; cur != root;) {
    Operation *def = cur.getDefiningOp();
    if (!hasIdentityLayout(cur.getType()) || !def)
      return false;
    if (auto r = dyn_cast<memref::ReshapeOp>(def))
      cur = r.getSource();
    else if (auto e = dyn_cast<memref::ExpandShapeOp>(def))
      cur = e.getSrc();
    else if (auto c = dyn_cast<memref::CollapseShapeOp>(def))
      cur = c.getSrc();
    else if (auto c = dyn_cast<memref::CastOp>(def))
      cur = c.getSource();
    else
      return false;
  }
  auto type = cast<MemRefType>(v.getType());
  if (map.getNumResults() != type.getRank())
    return false;
  unsigned next = 0;
  for (auto [i, e] : llvm::enumerate(map.getResults())) {
    if (auto c = dyn_cast<AffineConstantExpr>(e)) {
      if (c.getValue() != 0 || type.getDimSize(i) != 1)
        return false;
      continue;
    }
    auto d = dyn_cast<AffineDimExpr>(e);
    if (!d || d.getPosition() != next++)
      return false;
  }
  return next == p;
}

/// Whether `v` is a fresh rank-`rank` buffer an op may write as `map`
/// (the identity over its first `rank` dims).
bool isOwnOutput(Value v, AffineMap map, unsigned rank) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return isAllocation(v) && type && type.getRank() == rank &&
         hasIdentityLayout(type) &&
         map == AffineMap::getMultiDimIdentityMap(map.getNumDims(),
                                                  v.getContext())
                    .getMajorSubMap(rank);
}

/// Whether `op` reads `x` as the identity of its loops.
bool readsWhole(linalg::LinalgOp op, Value x) {
  for (OpOperand *in : op.getDpsInputOperands())
    if (in->get() == x && op.getMatchingIndexingMap(in).isIdentity())
      return true;
  return false;
}

/// Adds `op` to `chain` when it can be a member there.
bool tryAddMember(Chain &chain, linalg::LinalgOp op,
                  linalg::FillOp precedingFill) {
  if (!op.hasPureBufferSemantics() || op->getNumRegions() != 1)
    return false;
  Block &body = op->getRegion(0).front();
  for (Operation &o : body.without_terminator())
    if (!isMemoryEffectFree(&o) || o.getNumRegions())
      return false;
  const unsigned p = chain.parallel, all = p + chain.inner;
  unsigned loops = op.getNumLoops();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  Kind kind;
  if (op.getNumReductionLoops() == 0) {
    if (loops == all && !chain.members.empty())
      kind = Kind::Map;
    else if (loops == p && !chain.members.empty())
      kind = Kind::Row;
    else
      return false;
  } else {
    if (loops != all || !isWarpReduction(op))
      return false;
    for (unsigned d = 0; d < loops; ++d)
      if ((d < p) != (iterators[d] == utils::IteratorType::parallel))
        return false;
    kind = Kind::Reduce;
  }
  if (kind != Kind::Row && !readsWhole(op, chain.x))
    return false;
  // A row value per row: one output. Inputs are read at dims and constant
  // 0s (a reduction's maps are checked so already).
  if (kind == Kind::Row && op.getNumDpsInits() != 1)
    return false;
  if (op.getNumDpsInits() == 0)
    return false;
  for (AffineMap map : op.getIndexingMapsArray())
    if (!map.isProjectedPermutation(/*allowZeroInResults=*/true))
      return false;
  // Inputs: scalars, row values of earlier members, other memory.
  SmallVector<Value> loads;
  bool readsRowValue = false;
  for (OpOperand *in : op.getDpsInputOperands()) {
    Value v = in->get();
    if (!isa<MemRefType>(v.getType()))
      continue;
    Value root = rootOf(v);
    if (!isKnownBuffer(root))
      return false;
    if (chain.rowBuffers.contains(root)) {
      if (!isRowRead(v, root, op.getMatchingIndexingMap(in), p))
        return false;
      readsRowValue = true;
      continue;
    }
    if (chain.written.contains(root))
      return false;
    loads.push_back(root);
  }
  if (kind == Kind::Row && !readsRowValue)
    return false;
  // Outputs: fresh buffers of rows (reductions, row ops) or of X's shape
  // (the elementwise op), written whole; only a reduction reads its own.
  SmallVector<Value> outs;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    Value v = init.get();
    unsigned rank = kind == Kind::Map ? all : p;
    if (!isOwnOutput(v, op.getMatchingIndexingMap(&init), rank) ||
        llvm::is_contained(loads, v) || chain.loaded.contains(v))
      return false;
    if (kind != Kind::Reduce &&
        !op.getMatchingBlockArgument(&init).use_empty())
      return false;
    // A reduction into an existing row buffer would read it as memory; a
    // row op may update one in place (its reads were registers).
    if (chain.rowBuffers.contains(v) && kind != Kind::Row)
      return false;
    if (kind == Kind::Map && chain.touched.contains(v))
      return false;
    outs.push_back(v);
  }
  Member m{op, kind, nullptr};
  if (kind == Kind::Reduce && precedingFill &&
      precedingFill.getOutputs()[0] == outs[0] &&
      precedingFill.getInputs()[0].getType() ==
          getElementTypeOrSelf(outs[0].getType()))
    m.fill = precedingFill;
  for (Value v : loads) {
    chain.loaded.insert(v);
    chain.touched.insert(v);
  }
  for (Value v : outs) {
    chain.written.insert(v);
    chain.touched.insert(v);
    if (kind != Kind::Map)
      chain.rowBuffers.insert(v);
  }
  chain.members.push_back(m);
  chain.ended = kind == Kind::Map;
  return true;
}

/// The product of the static `ranges` from `from` on (a row's length):
/// kDynamic when one is dynamic, none when it overflows int64.
std::optional<int64_t> rowLength(ArrayRef<int64_t> ranges, unsigned from) {
  int64_t n = 1;
  bool dynamic = false;
  for (int64_t r : ranges.drop_front(from)) {
    if (ShapedType::isDynamic(r)) {
      dynamic = true;
      continue;
    }
    std::optional<int64_t> product = llvm::checkedMul(n, r);
    if (!product)
      return std::nullopt;
    n = *product;
  }
  return dynamic ? ShapedType::kDynamic : n;
}

/// The loop-range sizes of `op` (index values at the builder).
SmallVector<Value> loopSizes(ImplicitLocOpBuilder &b, linalg::LinalgOp op) {
  SmallVector<Value> sizes;
  for (Range r : op.createLoopRanges(b, b.getLoc()))
    sizes.push_back(getValueOrCreateConstantIndexOp(b, b.getLoc(), r.size));
  return sizes;
}

struct FusedRows : PassWrapper<FusedRows, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(FusedRows)
  StringRef getArgument() const final { return "tnp-gpu-fused-rows"; }
  StringRef getDescription() const final {
    return "Turn chains of row reductions, ops on their results and one "
           "elementwise consumer into one warp-per-row gpu.launch";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, gpu::GPUDialect, memref::MemRefDialect,
                    scf::SCFDialect>();
  }

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> starts;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op->getParentOfType<scf::ParallelOp>() &&
          !op->getParentOfType<scf::ForallOp>() &&
          !op->getParentOfType<gpu::LaunchOp>() &&
          op.getNumReductionLoops() != 0)
        starts.push_back(op);
    });
    DenseSet<Operation *> used;
    for (linalg::LinalgOp start : starts) {
      if (used.contains(start))
        continue;
      std::optional<Chain> chain = grow(start);
      if (!chain)
        continue;
      for (Member &m : chain->members)
        used.insert(m.op);
      build(*chain);
    }
  }

  /// The longest chain from the reduction `start` worth a kernel: at least
  /// two members read X.
  static std::optional<Chain> grow(linalg::LinalgOp start) {
    Chain chain;
    unsigned reductions = start.getNumReductionLoops();
    chain.parallel = start.getNumLoops() - reductions;
    chain.inner = reductions;
    if (chain.parallel == 0)
      return std::nullopt;
    for (OpOperand *in : start.getDpsInputOperands())
      if (start.getMatchingIndexingMap(in).isIdentity() &&
          isa<MemRefType>(in->get().getType())) {
        chain.x = in->get();
        break;
      }
    if (!chain.x)
      return std::nullopt;
    // Static rows: none (an empty grid does not verify), or shorter than a
    // warp.
    // (A static length past int64: nothing to fuse.)
    SmallVector<int64_t> ranges = start.getStaticLoopRanges();
    std::optional<int64_t> length = rowLength(ranges, chain.parallel);
    if (!length || (*length != ShapedType::kDynamic && *length < kWarp))
      return std::nullopt;
    for (unsigned d = 0; d < chain.parallel; ++d)
      if (ranges[d] == 0)
        return std::nullopt;
    auto fillBefore = [](Operation *op) {
      return dyn_cast_or_null<linalg::FillOp>(op->getPrevNode());
    };
    if (!tryAddMember(chain, start, fillBefore(start)))
      return std::nullopt;
    for (Operation *op = start->getNextNode(); op && !chain.ended;
         op = op->getNextNode()) {
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (linalgOp && !isa<linalg::FillOp>(op) &&
          tryAddMember(chain, linalgOp, fillBefore(op)))
        continue;
      // An op between members runs before all of them now.
      if (isErrorReport(op))
        continue;
      SmallVector<Value> reads, writes;
      if (!effectsOf(op, reads, writes) ||
          llvm::any_of(writes,
                       [&](Value v) { return chain.touched.contains(v); }) ||
          llvm::any_of(reads,
                       [&](Value v) { return chain.written.contains(v); }))
        break;
    }
    if (chain.readers() < 2)
      return std::nullopt;
    return chain;
  }

  static void build(Chain &chain) {
    Operation *last = chain.members.back().op;
    ImplicitLocOpBuilder b(last->getLoc(), last);
    auto index = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, v);
    };
    const unsigned p = chain.parallel, all = p + chain.inner;
    linalg::LinalgOp lead = chain.members.front().op;
    SmallVector<Value> sizes = loopSizes(b, lead);
    Value rows = index(1), length = index(1);
    for (unsigned d = 0; d < all; ++d)
      (d < p ? rows : length) =
          arith::MulIOp::create(b, d < p ? rows : length, sizes[d]);
    SmallVector<int64_t> ranges = lead.getStaticLoopRanges();
    bool isStatic = llvm::none_of(ArrayRef(ranges).drop_front(p),
                                  ShapedType::isDynamic);
    // A row of at most 32 elements a lane and 128 bytes a lane (1024
    // float32): each lane keeps its elements of X in registers, read from
    // memory once (slot k holds element lane + 32 k), and every member reads
    // them there. Otherwise a row's later reads hit the caches. A dynamic
    // length chooses at run time.
    // (grow checked that a static length fits int64.)
    const int64_t staticLength = isStatic ? *rowLength(ranges, p) : 1;
    Type xElement = cast<MemRefType>(chain.x.getType()).getElementType();
    const int64_t maxSlots =
        xElement.isIntOrFloat()
            ? std::min<int64_t>(
                  kWarp, kCacheBytes / llvm::divideCeil(
                                           xElement.getIntOrFloatBitWidth(), 8))
            : 0;
    const int64_t staticSlots =
        isStatic ? llvm::divideCeil(staticLength, kWarp) : 0;
    if (!isStatic) {
      // Short rows: the original ops (and folded fills), in order.
      auto choice = scf::IfOp::create(
          b,
          arith::CmpIOp::create(b, arith::CmpIPredicate::uge, length,
                                index(kWarp)),
          /*withElseRegion=*/true);
      OpBuilder eb(choice.elseBlock()->getTerminator());
      for (Member &m : chain.members) {
        if (m.fill)
          eb.clone(*m.fill);
        eb.clone(*m.op)->setAttr(kShortRowsAttrName, eb.getUnitAttr());
      }
      b.setInsertionPoint(choice.thenBlock()->getTerminator());
    }

    // One kernel; with `slots` > 0, X in that many registers a thread. A
    // warp per row, or with `block`, a block of 8 warps per row (a
    // reduction's warps meet in workgroup memory).
    auto emitLaunch = [&](int64_t slots, bool block) {
      OpBuilder::InsertionGuard launchGuard(b);
      const int64_t stride = block ? kWarp * kWarpsPerBlock : kWarp;
      // A block's reductions: 8 partials each (bool and narrower as i8).
      auto slotTypeOf = [&](Type element) -> Type {
        return element.getIntOrFloatBitWidth() < 8 ? Type(b.getI8Type())
                                                   : element;
      };
      SmallVector<Type> workgroup;
      if (block)
        for (Member &m : chain.members)
          if (m.kind == Kind::Reduce)
            workgroup.push_back(MemRefType::get(
                {kWarpsPerBlock},
                slotTypeOf(
                    getElementTypeOrSelf(m.op.getDpsInitOperand(0)->get())),
                AffineMap(),
                gpu::AddressSpaceAttr::get(b.getContext(),
                                           gpu::AddressSpace::Workgroup)));
      auto launch = gpu::LaunchOp::create(
          b,
          block ? rows
                : Value(arith::CeilDivUIOp::create(b, rows,
                                                   index(kWarpsPerBlock))),
          index(1), index(1), index(kWarp * kWarpsPerBlock), index(1), index(1),
          /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
          /*asyncDependencies=*/{}, workgroup);
      Block &kernel = launch.getBody().front();
      b.setInsertionPointToStart(&kernel);
      gpu::TerminatorOp terminator = gpu::TerminatorOp::create(b);
      b.setInsertionPoint(terminator);
      Value tid = launch.getThreadIds().x;
      Value lane = arith::RemUIOp::create(b, tid, index(kWarp));
      Value warp = arith::DivUIOp::create(b, tid, index(kWarp));
      Value row = block ? launch.getBlockIds().x
                        : Value(arith::AddIOp::create(
                              b,
                              arith::MulIOp::create(b, launch.getBlockIds().x,
                                                    index(kWarpsPerBlock)),
                              warp));
      // A thread's first element of the row.
      Value pos = block ? tid : lane;
      unsigned reductions = 0;
      // Warp-uniform (block-uniform with `block`): the shuffles and
      // barriers below see full warps and blocks.
      auto active = scf::IfOp::create(
          b, arith::CmpIOp::create(b, arith::CmpIPredicate::ult, row, rows),
          /*withElseRegion=*/false);
      b.setInsertionPoint(active.thenBlock()->getTerminator());

      SmallVector<Value> iv(all);
      auto delinearize = [&](Value linear, unsigned from, unsigned to) {
        for (unsigned d = to; d-- > from;) {
          iv[d] = arith::RemUIOp::create(b, linear, sizes[d]);
          linear = arith::DivUIOp::create(b, linear, sizes[d]);
        }
      };
      delinearize(row, 0, p);
      DenseMap<Value, Value> rowValue;
      // The cached elements of X, and the slot of the element at `iv` (or -1).
      SmallVector<Value> cache;
      int64_t slot = -1;
      // The body of `op` at `iv`, but for `skip`; returns the mapping.
      auto emitBody = [&](linalg::LinalgOp op, Operation *skip) {
        IRMapping mapping;
        for (OpOperand *in : op.getDpsInputOperands()) {
          Value v = in->get();
          BlockArgument arg = op.getMatchingBlockArgument(in);
          if (!isa<MemRefType>(v.getType())) {
            mapping.map(arg, v);
            continue;
          }
          if (slot >= 0 && v == chain.x &&
              op.getMatchingIndexingMap(in).isIdentity()) {
            mapping.map(arg, cache[slot]);
            continue;
          }
          auto it = rowValue.find(rootOf(v));
          mapping.map(arg, it != rowValue.end()
                               ? it->second
                               : Value(memref::LoadOp::create(
                                     b, v,
                                     indicesAt(b, op.getMatchingIndexingMap(in),
                                               iv))));
        }
        for (Operation &o : op->getRegion(0).front().without_terminator()) {
          if (&o == skip)
            continue;
          if (auto idx = dyn_cast<linalg::IndexOp>(o)) {
            mapping.map(idx.getResult(), iv[idx.getDim()]);
            continue;
          }
          b.clone(o, mapping);
        }
        return mapping;
      };
      auto yielded = [](linalg::LinalgOp op, unsigned i) {
        return op->getRegion(0).front().getTerminator()->getOperand(i);
      };
      auto storeRowValue = [&](linalg::LinalgOp op, Value value) {
        OpOperand *init = op.getDpsInitOperand(0);
        rowValue[init->get()] = value;
        auto leader = scf::IfOp::create(
            b, arith::CmpIOp::create(b, arith::CmpIPredicate::eq, pos, index(0)),
            /*withElseRegion=*/false);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(leader.thenBlock()->getTerminator());
        memref::StoreOp::create(
            b, value, init->get(),
            indicesAt(b, op.getMatchingIndexingMap(init), iv));
      };

      // Slot k: iv at element lane + 32 k (clamped into the row in the last,
      // partial slot), and whether that element exists (null: always).
      auto atSlot = [&](int64_t k) -> Value {
        Value c = arith::AddIOp::create(b, pos, index(k * stride));
        bool partial = isStatic ? (k + 1) * stride > staticLength : k > 0;
        if (!partial) {
          delinearize(c, p, all);
          return Value();
        }
        Value lastIndex = isStatic ? index(staticLength - 1)
                                   : Value(arith::SubIOp::create(b, length,
                                                                 index(1)));
        delinearize(arith::MinUIOp::create(b, c, lastIndex), p, all);
        return arith::CmpIOp::create(b, arith::CmpIPredicate::ult, c,
                                     isStatic ? index(staticLength) : length);
      };
      // Slot k's work (`work` returns what it yields), in a row of dynamic
      // length only when the row reaches the slot (a warp-uniform branch),
      // else `otherwise`. (The indices `work` sets stay inside.)
      auto inSlot = [&](int64_t k, ValueRange otherwise,
                        function_ref<SmallVector<Value>()> work) {
        if (isStatic || k == 0)
          return work();
        auto guard = scf::IfOp::create(
            b,
            arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                  index(k * stride), length),
            [&](OpBuilder &nb, Location) {
              OpBuilder::InsertionGuard inner(b);
              b.setInsertionPoint(nb.getInsertionBlock(),
                                  nb.getInsertionPoint());
              SmallVector<Value> values = work();
              scf::YieldOp::create(b, values);
            },
            [&](OpBuilder &nb, Location loc) {
              scf::YieldOp::create(nb, loc, otherwise);
            });
        return SmallVector<Value>(guard.getResults());
      };
      for (int64_t k = 0; k < slots; ++k)
        cache.push_back(inSlot(k, k ? ValueRange{cache[0]} : ValueRange{}, [&] {
          atSlot(k);
          return SmallVector<Value>{memref::LoadOp::create(b, chain.x, iv)};
        })[0]);

      for (Member &m : chain.members) {
        linalg::LinalgOp op = m.op;
        if (m.kind == Kind::Row) {
          storeRowValue(op,
                        emitBody(op, nullptr).lookupOrDefault(yielded(op, 0)));
          continue;
        }
        auto storeOutputs = [&](IRMapping &mapping) {
          for (OpOperand &init : op.getDpsInitsMutable())
            memref::StoreOp::create(
                b,
                mapping.lookupOrDefault(
                    yielded(op, init.getOperandNumber() - op.getNumDpsInputs())),
                init.get(), indicesAt(b, op.getMatchingIndexingMap(&init), iv));
        };
        if (m.kind == Kind::Map && slots) {
          for (int64_t k = 0; k < slots; ++k)
            inSlot(k, {}, [&] {
              Value valid = atSlot(k);
              slot = k;
              IRMapping mapping = emitBody(op, nullptr);
              slot = -1;
              OpBuilder::InsertionGuard guard(b);
              if (valid) {
                auto inRow =
                    scf::IfOp::create(b, valid, /*withElseRegion=*/false);
                b.setInsertionPoint(inRow.thenBlock()->getTerminator());
              }
              storeOutputs(mapping);
              return SmallVector<Value>{};
            });
          continue;
        }
        if (m.kind == Kind::Map) {
          auto loop = scf::ForOp::create(b, lane, length, index(kWarp));
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(loop.getBody()->getTerminator());
          delinearize(loop.getInductionVar(), p, all);
          IRMapping mapping = emitBody(op, nullptr);
          storeOutputs(mapping);
          continue;
        }
        // A reduction: lane l folds elements l, l + 32, ...; its first is read
        // clamped (a lane past a short row's end holds a value no one
        // combines).
        Operation *combine = matchCombiner(op);
        Value out = op->getRegion(0).front().getArguments().back();
        Value partial = combine->getOperand(0) == out ? combine->getOperand(1)
                                                      : combine->getOperand(0);
        auto term = [&]() {
          return emitBody(op, combine).lookupOrDefault(partial);
        };
        auto fold = [&](Value acc, Value x) {
          return foldWith(b, combine, acc, x);
        };
        // The initial value is read before the shuffles: lane 0 stores the
        // row's result after them.
        OpOperand *init = op.getDpsInitOperand(0);
        Value startValue =
            m.fill ? m.fill.getInputs()[0]
                   : Value(memref::LoadOp::create(
                         b, init->get(),
                         indicesAt(b, op.getMatchingIndexingMap(init), iv)));
        Value acc;
        if (slots) {
          // The same order as the loop below: slot 0, then 1, ...
          atSlot(0);
          slot = 0;
          acc = term();
          slot = -1;
          for (int64_t k = 1; k < slots; ++k)
            acc = inSlot(k, acc, [&] {
              Value valid = atSlot(k);
              slot = k;
              Value x = term();
              slot = -1;
              Value folded = fold(acc, x);
              return SmallVector<Value>{
                  valid ? Value(arith::SelectOp::create(b, valid, folded, acc))
                        : folded};
            })[0];
        } else {
          delinearize(arith::MinUIOp::create(
                          b, lane, arith::SubIOp::create(b, length, index(1))),
                      p, all);
          Value first = term();
          auto loop = scf::ForOp::create(
              b, arith::AddIOp::create(b, lane, index(kWarp)), length,
              index(kWarp), ValueRange{first});
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(loop.getBody());
          delinearize(loop.getInductionVar(), p, all);
          scf::YieldOp::create(b, fold(loop.getRegionIterArgs()[0], term()));
          acc = loop.getResult(0);
        }
        acc = shuffleTree(b, combine, acc, lane,
                          arith::MinUIOp::create(b, length, index(kWarp)), kWarp);
        Value total;
        if (block) {
          // Each warp's total into workgroup memory; after the barrier every
          // thread folds the 8 in order (the same total everywhere).
          Value partials = launch.getWorkgroupAttributions()[reductions++];
          Type element = acc.getType();
          Type slotType = slotTypeOf(element);
          Type bits = b.getIntegerType(element.getIntOrFloatBitWidth());
          {
            auto writer = scf::IfOp::create(
                b,
                arith::CmpIOp::create(b, arith::CmpIPredicate::eq, lane,
                                      index(0)),
                /*withElseRegion=*/false);
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(writer.thenBlock()->getTerminator());
            Value v = acc;
            if (slotType != element)
              v = arith::ExtUIOp::create(
                  b, slotType,
                  isa<IntegerType>(element)
                      ? v
                      : Value(arith::BitcastOp::create(b, bits, v)));
            memref::StoreOp::create(b, v, partials, ValueRange{warp});
          }
          gpu::BarrierOp::create(b);
          for (int64_t w = 0; w < kWarpsPerBlock; ++w) {
            Value v = memref::LoadOp::create(b, partials, ValueRange{index(w)});
            if (slotType != element) {
              v = arith::TruncIOp::create(b, bits, v);
              if (!isa<IntegerType>(element))
                v = arith::BitcastOp::create(b, element, v);
            }
            total = w ? fold(total, v) : v;
          }
        } else {
          total = shuffle(b, acc, 0, gpu::ShuffleMode::IDX);
        }
        IRMapping mapping;
        mapping.map(out, startValue);
        mapping.map(partial, total);
        storeRowValue(op, b.clone(*combine, mapping)->getResult(0));
      }
    };
    // Rows of up to maxSlots elements a thread: a warp per row; up to 8
    // times longer: a block per row; longer ones: a warp per row, looping.
    const int64_t blockStride = kWarp * kWarpsPerBlock;
    if (isStatic) {
      int64_t blockSlots = llvm::divideCeil(staticLength, blockStride);
      if (staticSlots <= maxSlots)
        emitLaunch(staticSlots, /*block=*/false);
      else if (blockSlots <= maxSlots)
        emitLaunch(blockSlots, /*block=*/true);
      else
        emitLaunch(0, /*block=*/false);
    } else if (maxSlots) {
      auto atMost = [&](int64_t n) {
        return arith::CmpIOp::create(b, arith::CmpIPredicate::ule, length,
                                     index(n));
      };
      auto warpFits = scf::IfOp::create(b, atMost(maxSlots * kWarp),
                                        /*withElseRegion=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(warpFits.thenBlock()->getTerminator());
      emitLaunch(maxSlots, /*block=*/false);
      b.setInsertionPoint(warpFits.elseBlock()->getTerminator());
      auto blockFits = scf::IfOp::create(b, atMost(maxSlots * blockStride),
                                         /*withElseRegion=*/true);
      b.setInsertionPoint(blockFits.thenBlock()->getTerminator());
      emitLaunch(maxSlots, /*block=*/true);
      b.setInsertionPoint(blockFits.elseBlock()->getTerminator());
      emitLaunch(0, /*block=*/false);
    } else {
      emitLaunch(0, /*block=*/false);
    }

    for (Member &m : llvm::reverse(chain.members)) {
      m.op->erase();
      if (m.fill)
        m.fill->erase();
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPGPUFusedRows() {
  return std::make_unique<FusedRows>();
}

void mlir::tnp::registerTNPGPUFusedRowsPass() { PassRegistration<FusedRows>(); }
