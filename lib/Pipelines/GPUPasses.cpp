//===- GPUPasses.cpp - The host side of tnp-cuda-pipeline -----------------===//
//
// Part of tnp. The passes that make bufferized host code work on device
// memory (DESIGN.md section 5): every buffer a compiled function allocates is
// a device buffer, so
//   - constants (memref.get_global, host globals) are copied to device
//     buffers before the buffer deallocation pipeline runs, so that those
//     copies get their deallocs like every other buffer;
//   - copies between strided views become linalg.copy, which maps to a
//     kernel like every other loop nest;
//   - after kernel outlining, allocations, deallocations and copies left on
//     the host become gpu.alloc / gpu.dealloc / gpu.memcpy (the runtime's
//     mgpu* entry points and its device pool), and any other memory access
//     left on the host is a located contract error: the host never touches
//     device memory;
//   - the per-chip PTX of each gpu.binary becomes one fatbin with a cubin per
//     chip and the newest chip's PTX (the CUDA toolkit's ptxas and fatbinary).
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>

using namespace mlir;

namespace {

/// memref.get_global in a host function -> a new buffer holding a copy.
struct DeviceConstants
    : PassWrapper<DeviceConstants, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(DeviceConstants)
  StringRef getArgument() const final { return "tnp-gpu-device-constants"; }
  StringRef getDescription() const final {
    return "Copy the host constants a function uses into buffers of their own "
           "(device buffers once tnp-gpu-host-memory runs)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<memref::MemRefDialect>();
  }
  void runOnOperation() override {
    SmallVector<memref::GetGlobalOp> globals;
    getOperation().walk([&](memref::GetGlobalOp g) { globals.push_back(g); });
    for (memref::GetGlobalOp g : globals) {
      OpBuilder b(g->getContext());
      b.setInsertionPointAfter(g);
      auto type = cast<MemRefType>(g.getType());
      auto copyType = MemRefType::get(type.getShape(), type.getElementType());
      if (copyType != type) {
        g.emitError("tnp-gpu-device-constants: a constant with a layout ")
            << type << " (expected the identity layout)";
        return signalPassFailure();
      }
      Value copy = memref::AllocOp::create(b, g.getLoc(), copyType);
      g.getResult().replaceAllUsesWith(copy);
      memref::CopyOp::create(b, g.getLoc(), g.getResult(), copy);
    }
  }
};

/// memref.copy between views with a layout -> linalg.copy (a kernel later).
struct StridedCopies
    : PassWrapper<StridedCopies, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StridedCopies)
  StringRef getArgument() const final { return "tnp-gpu-strided-copies"; }
  StringRef getDescription() const final {
    return "Turn copies between strided views into linalg.copy, so that they "
           "become kernels";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect>();
  }
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp c) {
      auto src = cast<MemRefType>(c.getSource().getType());
      auto dst = cast<MemRefType>(c.getTarget().getType());
      if (!src.getLayout().isIdentity() || !dst.getLayout().isIdentity())
        copies.push_back(c);
    });
    for (memref::CopyOp c : copies) {
      OpBuilder b(c);
      linalg::CopyOp::create(b, c.getLoc(), c.getSource(), c.getTarget());
      c.erase();
    }
  }
};

/// A linalg op without parallel loops (0-d operands, or a reduction of every
/// dim that tnp-gpu-warp-reductions, which runs first, did not take) ->
/// inside a one-iteration scf.parallel, so that it becomes a kernel too
/// instead of host code reading device memory (one thread).
struct ScalarKernels
    : PassWrapper<ScalarKernels, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ScalarKernels)
  StringRef getArgument() const final { return "tnp-gpu-scalar-kernels"; }
  StringRef getDescription() const final {
    return "Put linalg ops without parallel loops (0-d, full reductions) "
           "into a one-iteration scf.parallel, so that they run on the device";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<scf::SCFDialect, arith::ArithDialect>();
  }
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.getNumParallelLoops() == 0 && op.hasPureBufferSemantics() &&
          !op->getParentOfType<scf::ParallelOp>())
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops) {
      OpBuilder b(op);
      Location loc = op.getLoc();
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value one = arith::ConstantIndexOp::create(b, loc, 1);
      auto loop = scf::ParallelOp::create(b, loc, ValueRange{zero},
                                          ValueRange{one}, ValueRange{one});
      op->moveBefore(loop.getBody()->getTerminator());
    }
  }
};

/// A multi-dim scf.parallel nest -> one dim (the product), so that tiling
/// makes a 1-D grid of blocks: a 2-D grid would put the outer dim in grid y,
/// which CUDA caps at 65535 (an array of 65536 rows would not launch).
struct CollapseLoops
    : PassWrapper<CollapseLoops, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CollapseLoops)
  StringRef getArgument() const final { return "tnp-gpu-collapse-loops"; }
  StringRef getDescription() const final {
    return "Collapse each outermost multi-dim scf.parallel into one dim";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect>();
  }
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (loop.getNumLoops() > 1 && !loop->getParentOfType<scf::ParallelOp>())
        loops.push_back(loop);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp loop : loops) {
      std::vector<unsigned> all(loop.getNumLoops());
      for (unsigned i = 0; i < all.size(); ++i)
        all[i] = i;
      rewriter.setInsertionPoint(loop);
      collapseParallelLoops(rewriter, loop, {all});
    }
  }
};

/// The attribute of a memref.alloc that tnp-gpu-managed-allocs makes a
/// host-shared (managed) device buffer.
constexpr llvm::StringLiteral kHostShared = "tnp_host_shared";

/// Host allocations, deallocations and copies -> gpu ops. Host code that
/// still reads or writes buffers gets managed buffers (makeHostAccessible);
/// the shape buffers of memref.reshape stay host memory.
struct HostMemory : PassWrapper<HostMemory, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(HostMemory)
  StringRef getArgument() const final { return "tnp-gpu-host-memory"; }
  StringRef getDescription() const final {
    return "Make the host code's buffers device buffers (gpu.alloc, "
           "gpu.dealloc, gpu.memcpy) and check that the host does not read or "
           "write device memory";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<gpu::GPUDialect>();
  }
  /// A shape operand of memref.reshape, written by the host: it stays in
  /// host memory (the reshape's lowering reads it on the host).
  static bool isShapeBuffer(Value buffer) {
    if (!buffer.getDefiningOp<memref::AllocOp>() &&
        !buffer.getDefiningOp<memref::AllocaOp>())
      return false;
    return llvm::all_of(buffer.getUsers(), [&](Operation *user) {
      if (auto store = dyn_cast<memref::StoreOp>(user))
        return store.getMemRef() == buffer;
      if (auto reshape = dyn_cast<memref::ReshapeOp>(user))
        return reshape.getShape() == buffer;
      return isa<memref::DeallocOp, bufferization::DeallocOp>(user);
    });
  }

  /// The buffers `v` may view: through view-like ops and the results and
  /// iteration arguments of scf.if/scf.for, up to allocations, function
  /// arguments and call results. Fails on anything else.
  static LogicalResult collectRoots(Value v, llvm::SetVector<Value> &roots) {
    SmallVector<Value> work{v};
    llvm::DenseSet<Value> seen;
    while (!work.empty()) {
      Value x = work.pop_back_val();
      if (!seen.insert(x).second)
        continue;
      if (auto arg = dyn_cast<BlockArgument>(x)) {
        Operation *parent = arg.getOwner()->getParentOp();
        if (isa<func::FuncOp>(parent)) {
          roots.insert(x);
          continue;
        }
        auto loop = dyn_cast<scf::ForOp>(parent);
        if (!loop || arg.getArgNumber() == 0)
          return failure();
        unsigned i = arg.getArgNumber() - 1;
        work.push_back(loop.getInitArgs()[i]);
        work.push_back(loop.getYieldedValues()[i]);
        continue;
      }
      Operation *def = x.getDefiningOp();
      if (isa<memref::AllocOp, func::CallOp>(def)) {
        roots.insert(x);
        continue;
      }
      if (auto meta = dyn_cast<memref::ExtractStridedMetadataOp>(def)) {
        work.push_back(meta.getSource());
        continue;
      }
      if (auto view = dyn_cast<ViewLikeOpInterface>(def)) {
        work.push_back(view.getViewSource());
        continue;
      }
      unsigned i = cast<OpResult>(x).getResultNumber();
      if (auto ifOp = dyn_cast<scf::IfOp>(def)) {
        work.push_back(ifOp.thenYield().getOperand(i));
        if (ifOp.elseBlock())
          work.push_back(ifOp.elseYield().getOperand(i));
        continue;
      }
      if (auto loop = dyn_cast<scf::ForOp>(def)) {
        work.push_back(loop.getInitArgs()[i]);
        work.push_back(loop.getYieldedValues()[i]);
        continue;
      }
      return failure();
    }
    return success();
  }

  /// Host code that reads or writes buffers (0-d reduction results the
  /// host branches on or sizes a result with, and the element loop of a
  /// tnp.scatter "add" of a dtype without atomic adds) runs on
  /// the host over managed memory: the buffers it reaches are allocated
  /// host-shared (cuMemAllocManaged, through the pool), and arguments and
  /// call results it reads are first copied into such a buffer.
  /// gpu-async-region synchronizes the stream before each host access.
  LogicalResult makeHostAccessible(ArrayRef<Operation *> accesses) {
    llvm::SetVector<Value> roots;
    for (Operation *op : accesses) {
      Value memref;
      if (auto load = dyn_cast<memref::LoadOp>(op))
        memref = load.getMemRef();
      else if (auto store = dyn_cast<memref::StoreOp>(op))
        memref = store.getMemRef();
      else if (auto rmw = dyn_cast<memref::AtomicRMWOp>(op))
        memref = rmw.getMemref();
      else
        memref = cast<memref::GenericAtomicRMWOp>(op).getMemref();
      if (failed(collectRoots(memref, roots)))
        return op->emitError()
               << "tnp-cuda-pipeline contract: '" << op->getName()
               << "' accesses a buffer from the host whose allocation cannot "
                  "be traced (it cannot be made host-accessible)";
    }
    for (Value root : roots) {
      if (auto alloc = root.getDefiningOp<memref::AllocOp>()) {
        alloc->setAttr(kHostShared, UnitAttr::get(alloc.getContext()));
        continue;
      }
      // An argument or a call's result (immutable): host code reads a
      // host-shared copy, made where the value is defined and freed at the
      // end of that block.
      auto type = dyn_cast<MemRefType>(root.getType());
      if (!type || !type.getLayout().isIdentity())
        return emitError(root.getLoc())
               << "tnp-cuda-pipeline contract: host code reads a buffer of "
                  "type "
               << root.getType() << " (expected an identity layout)";
      Block *block;
      OpBuilder b(root.getContext());
      if (auto arg = dyn_cast<BlockArgument>(root)) {
        block = arg.getOwner();
        b.setInsertionPointToStart(block);
      } else {
        block = root.getDefiningOp()->getBlock();
        b.setInsertionPointAfter(root.getDefiningOp());
      }
      Location loc = root.getLoc();
      SmallVector<Value> sizes;
      for (int64_t d = 0; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          sizes.push_back(memref::DimOp::create(b, loc, root, d));
      auto copy = memref::AllocOp::create(b, loc, type, sizes);
      copy->setAttr(kHostShared, b.getUnitAttr());
      auto fill = gpu::MemcpyOp::create(b, loc, Type(), ValueRange(),
                                        copy.getResult(), root);
      root.replaceUsesWithIf(copy.getResult(), [&](OpOperand &use) {
        Operation *user = use.getOwner();
        if (user == fill || user->hasTrait<OpTrait::IsTerminator>() ||
            isa<bufferization::DeallocOp>(user))
          return false;
        return block->findAncestorOpInBlock(*user) != nullptr;
      });
      b.setInsertionPoint(block->getTerminator());
      gpu::DeallocOp::create(b, loc, Type(), ValueRange(), copy.getResult());
    }
    return success();
  }

  void runOnOperation() override {
    bool bad = false;
    SmallVector<Operation *> ops, hostAccesses;
    getOperation().walk([&](func::FuncOp f) {
      f.walk([&](Operation *op) {
        if (isa<memref::AllocOp, memref::AllocaOp>(op) &&
            isShapeBuffer(op->getResult(0)))
          return;
        if (auto store = dyn_cast<memref::StoreOp>(op);
            store && isShapeBuffer(store.getMemRef()))
          return;
        if (auto dealloc = dyn_cast<memref::DeallocOp>(op);
            dealloc && isShapeBuffer(dealloc.getMemref()))
          return;
        if (isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp,
                memref::CopyOp, bufferization::CloneOp>(op)) {
          ops.push_back(op);
          return;
        }
        if (isa<memref::LoadOp, memref::StoreOp, memref::AtomicRMWOp,
                memref::GenericAtomicRMWOp>(op)) {
          hostAccesses.push_back(op);
          return;
        }
        if (isa<memref::ReallocOp>(op) || isa<linalg::LinalgOp>(op)) {
          op->emitError()
              << "tnp-cuda-pipeline contract: '" << op->getName()
              << "' would access device memory from the host (this op has no "
                 "GPU lowering yet)";
          bad = true;
        }
      });
    });
    if (bad)
      return signalPassFailure();
    if (failed(makeHostAccessible(hostAccesses)))
      return signalPassFailure();
    for (Operation *op : ops) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      if (op->hasAttr(kHostShared))
        continue; // tnp-gpu-managed-allocs makes it a managed buffer
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        auto g = gpu::AllocOp::create(b, loc, alloc.getType(), Type(),
                                      ValueRange(), alloc.getDynamicSizes(),
                                      alloc.getSymbolOperands());
        alloc.replaceAllUsesWith(g.getMemref());
      } else if (auto alloca = dyn_cast<memref::AllocaOp>(op)) {
        // A stack buffer would live in host memory: a device buffer freed at
        // the end of the enclosing function instead.
        auto g = gpu::AllocOp::create(b, loc, alloca.getType(), Type(),
                                      ValueRange(), alloca.getDynamicSizes(),
                                      alloca.getSymbolOperands());
        alloca.replaceAllUsesWith(g.getMemref());
        Block &body = alloca->getParentOfType<func::FuncOp>().getBody().back();
        b.setInsertionPoint(body.getTerminator());
        gpu::DeallocOp::create(b, loc, Type(), ValueRange(), g.getMemref());
      } else if (auto clone = dyn_cast<bufferization::CloneOp>(op)) {
        auto type = cast<MemRefType>(clone.getType());
        auto srcType = cast<MemRefType>(clone.getInput().getType());
        if (!type.getLayout().isIdentity() ||
            !srcType.getLayout().isIdentity()) {
          clone.emitError() << "tnp-cuda-pipeline contract: a clone of a "
                               "strided buffer left on the host";
          return signalPassFailure();
        }
        SmallVector<Value> sizes;
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            sizes.push_back(memref::DimOp::create(b, loc, clone.getInput(), d));
        auto g = gpu::AllocOp::create(b, loc, type, Type(), ValueRange(),
                                      sizes, ValueRange());
        gpu::MemcpyOp::create(b, loc, Type(), ValueRange(), g.getMemref(),
                              clone.getInput());
        clone.replaceAllUsesWith(g.getMemref());
      } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        gpu::DeallocOp::create(b, loc, Type(), ValueRange(),
                               dealloc.getMemref());
      } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        auto src = cast<MemRefType>(copy.getSource().getType());
        auto dst = cast<MemRefType>(copy.getTarget().getType());
        if (!src.getLayout().isIdentity() || !dst.getLayout().isIdentity()) {
          copy.emitError() << "tnp-cuda-pipeline contract: a strided copy "
                              "left on the host";
          return signalPassFailure();
        }
        gpu::MemcpyOp::create(b, loc, Type(), ValueRange(), copy.getTarget(),
                              copy.getSource());
      }
      op->erase();
    }
  }
};

/// After bufferization.dealloc is lowered (convert-bufferization-to-memref,
/// after tnp-gpu-host-memory): its bookkeeping buffers are host memory
/// (memref.alloc: every device buffer is a gpu.alloc by now), and a
/// memref.dealloc of anything else -- a gpu.alloc, an argument, a call's
/// result, or a view of one -- frees a device buffer: gpu.dealloc.
struct DeviceDeallocs
    : PassWrapper<DeviceDeallocs, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(DeviceDeallocs)
  StringRef getArgument() const final { return "tnp-gpu-device-deallocs"; }
  StringRef getDescription() const final {
    return "Make the deallocations of device buffers that lowering "
           "bufferization.dealloc created gpu.dealloc";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<gpu::GPUDialect>();
  }
  static bool isHostBuffer(Value v) {
    while (Operation *def = v.getDefiningOp()) {
      if (isa<memref::AllocOp, memref::AllocaOp>(def))
        return !def->hasAttr(kHostShared);
      if (auto meta = dyn_cast<memref::ExtractStridedMetadataOp>(def)) {
        v = meta.getSource();
        continue;
      }
      if (auto view = dyn_cast<ViewLikeOpInterface>(def)) {
        v = view.getViewSource();
        continue;
      }
      return false;
    }
    return false;
  }
  void runOnOperation() override {
    SmallVector<memref::DeallocOp> deallocs;
    getOperation().walk([&](memref::DeallocOp d) {
      if (!isHostBuffer(d.getMemref()))
        deallocs.push_back(d);
    });
    for (memref::DeallocOp d : deallocs) {
      OpBuilder b(d);
      gpu::DeallocOp::create(b, d.getLoc(), Type(), ValueRange(),
                             d.getMemref());
      d.erase();
    }
  }
};

/// memref.alloc {tnp_host_shared} -> gpu.alloc host_shared, synchronous
/// (after gpu-async-region: gpu-to-llvm lowers a managed allocation only
/// without an async token).
struct ManagedAllocs
    : PassWrapper<ManagedAllocs, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ManagedAllocs)
  StringRef getArgument() const final { return "tnp-gpu-managed-allocs"; }
  StringRef getDescription() const final {
    return "Make the allocations tnp-gpu-host-memory marked host-shared "
           "managed device buffers (gpu.alloc host_shared)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<gpu::GPUDialect>();
  }
  void runOnOperation() override {
    SmallVector<memref::AllocOp> allocs;
    getOperation().walk([&](memref::AllocOp a) {
      if (a->hasAttr(kHostShared))
        allocs.push_back(a);
    });
    for (memref::AllocOp a : allocs) {
      OpBuilder b(a);
      auto g = gpu::AllocOp::create(b, a.getLoc(), a.getType(), Type(),
                                    ValueRange(), a.getDynamicSizes(),
                                    a.getSymbolOperands(), /*hostShared=*/true);
      a.replaceAllUsesWith(g.getMemref());
      a.erase();
    }
  }
};

/// Every outlined gpu.module -> one gpu.module per host module, so that a
/// module holds one binary (one fatbin, loaded once) whatever the number of
/// kernels. Each kernel takes its old module's name (unique).
struct MergeModules : PassWrapper<MergeModules, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(MergeModules)
  StringRef getArgument() const final { return "tnp-gpu-merge-modules"; }
  StringRef getDescription() const final {
    return "Merge the outlined gpu.modules of a module into one, so that it "
           "becomes one binary";
  }
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernels;
    for (auto m : module.getOps<gpu::GPUModuleOp>()) {
      // Only outlined modules: a single kernel function.
      Block &body = m.getBodyRegion().front();
      if (!llvm::hasSingleElement(body.without_terminator()) ||
          !isa<gpu::GPUFuncOp>(body.front()))
        continue;
      kernels.push_back(m);
    }
    if (kernels.empty())
      return;
    OpBuilder b(kernels.front());
    std::string name = "tnp_kernels";
    for (int i = 0; SymbolTable::lookupSymbolIn(module, name); ++i)
      name = "tnp_kernels_" + std::to_string(i);
    auto merged = gpu::GPUModuleOp::create(b, kernels.front().getLoc(), name);
    if (merged.getBodyRegion().empty())
      merged.getBodyRegion().emplaceBlock();
    Block &dest = merged.getBodyRegion().front();
    llvm::DenseMap<StringAttr, StringAttr> renamed; // old module -> kernel
    for (gpu::GPUModuleOp m : kernels) {
      auto fn = cast<gpu::GPUFuncOp>(m.getBodyRegion().front().front());
      fn.setName(m.getName());
      fn->moveBefore(&dest, dest.end());
      renamed[m.getNameAttr()] = fn.getNameAttr();
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      auto it = renamed.find(launch.getKernelModuleName());
      if (it == renamed.end())
        return;
      launch.setKernelAttr(SymbolRefAttr::get(
          merged.getNameAttr(), {FlatSymbolRefAttr::get(it->second)}));
    });
    for (gpu::GPUModuleOp m : kernels)
      m.erase();
  }
};

/// The CUDA toolkit roots to search: $CUDA_PATH, $CUDA_HOME, $CUDA_ROOT,
/// the parent of the ptxas on PATH, /usr/local/cuda.
SmallVector<std::string> cudaRoots() {
  SmallVector<std::string> roots;
  for (const char *var : {"CUDA_PATH", "CUDA_HOME", "CUDA_ROOT"})
    if (const char *env = std::getenv(var); env && *env)
      roots.push_back(env);
  if (llvm::ErrorOr<std::string> p = llvm::sys::findProgramByName("ptxas"))
    roots.push_back(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(*p)).str());
  roots.push_back("/usr/local/cuda");
  return roots;
}

/// Finds a CUDA toolkit program: PATH, then each root's bin/.
std::string findCudaTool(StringRef name) {
  if (llvm::ErrorOr<std::string> p = llvm::sys::findProgramByName(name))
    return *p;
  for (const std::string &root : cudaRoots())
    if (llvm::ErrorOr<std::string> p =
            llvm::sys::findProgramByName(name, {root + "/bin"}))
      return *p;
  return "";
}

/// The per-chip PTX objects of each gpu.binary -> one fatbin object.
struct Fatbin : PassWrapper<Fatbin, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(Fatbin)
  StringRef getArgument() const final { return "tnp-gpu-fatbin"; }
  StringRef getDescription() const final {
    return "Replace the per-chip PTX objects of each gpu.binary with one "
           "fatbin: a cubin per chip (ptxas) and the newest chip's PTX "
           "(fatbinary)";
  }
  void runOnOperation() override {
    std::string ptxas = findCudaTool("ptxas");
    std::string fatbinary = findCudaTool("fatbinary");
    for (auto binary : getOperation().getOps<gpu::BinaryOp>()) {
      if (ptxas.empty() || fatbinary.empty()) {
        binary.emitError() << "tnp-cuda-pipeline: format=fatbin needs the "
                              "CUDA toolkit's ptxas and fatbinary (searched "
                              "PATH, then bin/ of $CUDA_PATH, $CUDA_HOME, "
                              "$CUDA_ROOT and /usr/local/cuda); format=isa "
                              "embeds PTX only";
        return signalPassFailure();
      }
      if (failed(combine(binary, ptxas, fatbinary)))
        return signalPassFailure();
    }
  }

  LogicalResult combine(gpu::BinaryOp binary, StringRef ptxas,
                        StringRef fatbinary) {
    SmallVector<std::string> temps;
    llvm::scope_exit cleanup([&] {
      for (const std::string &t : temps)
        llvm::sys::fs::remove(t);
    });
    auto temp = [&](StringRef suffix) -> std::string {
      SmallString<128> path;
      if (llvm::sys::fs::createTemporaryFile("tnp-gpu", suffix, path))
        return "";
      temps.push_back(std::string(path));
      return std::string(path);
    };
    auto runTool = [&](ArrayRef<StringRef> argv) -> LogicalResult {
      std::string errMsg;
      std::string log = temp("log");
      std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log),
                                              StringRef(log)};
      int rc = llvm::sys::ExecuteAndWait(argv[0], argv, std::nullopt,
                                         redirects, 0, 0, &errMsg);
      if (rc == 0)
        return success();
      std::string text;
      if (auto buf = llvm::MemoryBuffer::getFile(log))
        text = (*buf)->getBuffer().str();
      InFlightDiagnostic diag =
          binary.emitError()
          << "tnp-cuda-pipeline: " << llvm::sys::path::filename(argv[0])
          << " failed (" << (errMsg.empty() ? std::to_string(rc) : errMsg)
          << "): " << text;
      if (StringRef(text).contains("__nv_"))
        diag << " (the kernels call libdevice, which was not found: set "
                "CUDA_PATH to the CUDA toolkit)";
      return diag;
    };

    SmallVector<std::string> args{fatbinary.str(), "-64",
                                  "--create=" + temp("fatbin")};
    std::string out = args.back().substr(strlen("--create="));
    std::string newestPtx;
    int newestSm = -1;
    Attribute firstTarget;
    for (Attribute a : binary.getObjects()) {
      auto object = cast<gpu::ObjectAttr>(a);
      auto target = dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget());
      if (!target || object.getFormat() != gpu::CompilationTarget::Assembly)
        return binary.emitError() << "tnp-gpu-fatbin: expected NVVM PTX "
                                     "objects, got "
                                  << object;
      if (!firstTarget)
        firstTarget = target;
      StringRef chip = target.getChip();
      if (!chip.consume_front("sm_"))
        return binary.emitError() << "tnp-gpu-fatbin: chip '"
                                  << target.getChip() << "' is not sm_NN";
      int sm = 0;
      if (chip.getAsInteger(10, sm))
        return binary.emitError() << "tnp-gpu-fatbin: chip '"
                                  << target.getChip() << "' is not sm_NN";
      std::string ptx = temp("ptx"), cubin = temp("cubin");
      {
        std::error_code ec;
        llvm::raw_fd_ostream os(ptx, ec);
        if (ec)
          return binary.emitError() << "cannot write " << ptx << ": "
                                    << ec.message();
        os << object.getObject().getValue();
      }
      std::string arch = "-arch=" + target.getChip().str();
      std::string opt = "-O" + std::to_string(target.getO());
      if (failed(runTool({ptxas, arch, opt, ptx, "-o", cubin})))
        return failure();
      args.push_back("--image3=kind=elf,sm=" + std::to_string(sm) +
                     ",file=" + cubin);
      if (sm > newestSm) {
        newestSm = sm;
        newestPtx = ptx;
      }
    }
    if (!firstTarget)
      return success();
    args.push_back("--image3=kind=ptx,sm=" + std::to_string(newestSm) +
                   ",file=" + newestPtx);
    SmallVector<StringRef> argv(args.begin(), args.end());
    if (failed(runTool(argv)))
      return failure();
    auto buf = llvm::MemoryBuffer::getFile(out, /*IsText=*/false);
    if (!buf)
      return binary.emitError() << "tnp-gpu-fatbin: cannot read " << out;
    MLIRContext *ctx = binary.getContext();
    auto object = gpu::ObjectAttr::get(
        ctx, firstTarget, gpu::CompilationTarget::Fatbin,
        StringAttr::get(ctx, (*buf)->getBuffer()), DictionaryAttr(),
        gpu::KernelTableAttr());
    binary.setObjectsAttr(ArrayAttr::get(ctx, {object}));
    return success();
  }
};

} // namespace

std::string mlir::tnp::findLibdevice() {
  for (const std::string &root : cudaRoots()) {
    std::string path = root + "/nvvm/libdevice/libdevice.10.bc";
    if (llvm::sys::fs::exists(path))
      return path;
  }
  return "";
}

std::unique_ptr<Pass> mlir::tnp::createTNPGPUDeviceConstants() {
  return std::make_unique<DeviceConstants>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUStridedCopies() {
  return std::make_unique<StridedCopies>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUScalarKernels() {
  return std::make_unique<ScalarKernels>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUCollapseLoops() {
  return std::make_unique<CollapseLoops>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUHostMemory() {
  return std::make_unique<HostMemory>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUDeviceDeallocs() {
  return std::make_unique<DeviceDeallocs>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUManagedAllocs() {
  return std::make_unique<ManagedAllocs>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUMergeModules() {
  return std::make_unique<MergeModules>();
}
std::unique_ptr<Pass> mlir::tnp::createTNPGPUFatbin() {
  return std::make_unique<Fatbin>();
}

void mlir::tnp::registerTNPGPUPasses() {
  PassRegistration<DeviceConstants>();
  PassRegistration<StridedCopies>();
  PassRegistration<ScalarKernels>();
  PassRegistration<CollapseLoops>();
  PassRegistration<HostMemory>();
  PassRegistration<DeviceDeallocs>();
  PassRegistration<ManagedAllocs>();
  PassRegistration<MergeModules>();
  PassRegistration<Fatbin>();
}
