//===- AllocatorAttrs.cpp - Tell LLVM what the runtime's allocator is -----===//
//
// Part of tnp. tnp-llvm-allocator-attrs, run after the lowering to the llvm
// dialect. Compiled code allocates every buffer through the runtime
// (finalize-memref-to-llvm{use-generic-functions=1 use-aligned-alloc=1}
// calls _mlir_memref_to_llvm_aligned_alloc(alignment, size)); LLVM sees an
// unknown external function, so it must assume that a fresh result buffer
// may alias the function's arguments. A reduction into a new buffer (a
// matmul's C += A * B) then stores its accumulator back on every iteration
// of the reduction loop and keeps a runtime alias check and a scalar copy
// of every vectorized loop that reads an argument and writes a new buffer.
//
// The allocator returns memory that no other live pointer reaches (it is
// malloc-like: tnp_rt_allocator_allocate), aligned to its first argument,
// so the declaration gets the `noalias` result and the `allocalign`
// argument attributes; LLVM then keeps accumulators in registers and drops
// the alias checks (smaller code, hence also a faster LLVM compile).
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Pipelines.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace {

struct LLVMAllocatorAttrs
    : PassWrapper<LLVMAllocatorAttrs, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(LLVMAllocatorAttrs)
  StringRef getArgument() const final { return "tnp-llvm-allocator-attrs"; }
  StringRef getDescription() const final {
    return "Mark the runtime's allocation functions as allocators (noalias "
           "result, allocalign argument) for LLVM's alias analysis";
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    Builder b(module.getContext());
    auto ptrType = LLVM::LLVMPointerType::get(module.getContext());
    auto markResult = [&](LLVM::LLVMFuncOp fn) {
      fn.setResultAttr(0, LLVM::LLVMDialect::getNoAliasAttrName(),
                       b.getUnitAttr());
    };
    // Only the declarations with the signatures the memref lowering emits
    // (a module may define a function of the same name for its own use:
    // then it is not the runtime's and is left alone).
    if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(
            "_mlir_memref_to_llvm_aligned_alloc")) {
      LLVM::LLVMFunctionType type = fn.getFunctionType();
      if (fn.isExternal() && type.getNumParams() == 2 &&
          type.getReturnType() == ptrType &&
          llvm::all_of(type.getParams(),
                       [](Type t) { return t.isInteger(64); })) {
        markResult(fn);
        fn.setArgAttr(0, LLVM::LLVMDialect::getAllocAlignAttrName(),
                      b.getUnitAttr());
      }
    }
    if (auto fn =
            module.lookupSymbol<LLVM::LLVMFuncOp>("_mlir_memref_to_llvm_alloc")) {
      LLVM::LLVMFunctionType type = fn.getFunctionType();
      if (fn.isExternal() && type.getNumParams() == 1 &&
          type.getReturnType() == ptrType && type.getParams()[0].isInteger(64))
        markResult(fn);
    }
  }
};

} // namespace

std::unique_ptr<Pass> mlir::tnp::createTNPLLVMAllocatorAttrs() {
  return std::make_unique<LLVMAllocatorAttrs>();
}

void mlir::tnp::registerTNPLLVMAllocatorAttrsPass() {
  PassRegistration<LLVMAllocatorAttrs>();
}
