//===- ContractChecks.cpp - Contract checks between pipeline stages -------===//
//
// Part of tnp. Each stage of a pipeline ends with a check that fails loudly
// when the IR is not in the agreed form (STYLE.md rule 6), so a bug is
// reported where it is made.
//
//===----------------------------------------------------------------------===//

#include "tnp/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir {
namespace tnp {
#define GEN_PASS_DEF_TNPVERIFYBUFFERCONTRACT
#define GEN_PASS_DEF_TNPVERIFYLLVMCONTRACT
#include "tnp/Conversion/Passes.h.inc"
} // namespace tnp
} // namespace mlir

using namespace mlir;

namespace {
struct VerifyBufferContractPass
    : mlir::tnp::impl::TNPVerifyBufferContractBase<VerifyBufferContractPass> {
  void runOnOperation() override {
    bool bad = false;
    getOperation()->walk([&](Operation *op) {
      auto isTensor = [](Type t) { return isa<TensorType>(t); };
      bool hasTensor = llvm::any_of(op->getOperandTypes(), isTensor) ||
                       llvm::any_of(op->getResultTypes(), isTensor);
      if (auto fn = dyn_cast<func::FuncOp>(op))
        hasTensor |= llvm::any_of(fn.getArgumentTypes(), isTensor) ||
                     llvm::any_of(fn.getResultTypes(), isTensor);
      if (hasTensor) {
        op->emitOpError() << "still uses tensors after bufferization";
        bad = true;
      }
    });
    if (bad)
      signalPassFailure();
  }
};

struct VerifyLLVMContractPass
    : mlir::tnp::impl::TNPVerifyLLVMContractBase<VerifyLLVMContractPass> {
  void runOnOperation() override {
    bool bad = false;
    ModuleOp module = getOperation();
    module.walk([&](Operation *op) {
      if (op == module.getOperation() || isa<LLVM::LLVMDialect>(op->getDialect()))
        return;
      // The CUDA pipeline's kernels and their launches are translated to
      // LLVM IR as they are (the embedded binary, mgpu* calls).
      if (isa<gpu::BinaryOp, gpu::LaunchFuncOp>(op))
        return;
      op->emitOpError() << "is left after the lowering to the llvm dialect";
      bad = true;
    });
    if (bad)
      signalPassFailure();
  }
};
} // namespace
