//===- Registration.cpp - What the compiling tools register ---------------===//
//
// Part of tnp. Kept in its own file because InitAllDialects.h and
// InitAllExtensions.h are the heaviest headers of MLIR (STYLE.md rule 15).
//
// tnp-run and tnp-compile register what tnp-opt registers (every upstream dialect and
// extension plus tnp), so that tnp-cpu-pipeline behaves the same in both
// tools: one-shot bufferization, for one, finds its external models through
// the extensions. The LLVM IR translations are added for the ExecutionEngine.
//
//===----------------------------------------------------------------------===//

#include "tnp/Pipelines/Registration.h"

#include "TNP/IR/TNPDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void mlir::tnp::registerCompilerDialects(mlir::DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::tnp::TNPDialect>();
  // Every dialect's translation to LLVM IR (builtin, LLVM, and for the CUDA
  // pipeline GPU and NVVM), and the NVVM target that serializes gpu
  // modules to PTX/cubins.
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
}

void mlir::tnp::registerCompilerPasses() {
  // buildTNPCPUPipeline adds upstream passes by their textual pipeline
  // names, which resolve only through the global pass registry.
  mlir::registerAllPasses();
}

void mlir::tnp::loadCompilerDialects(mlir::MLIRContext &context) {
  // Loaded up front: the parser would load the ones a file names anyway, but
  // the pipeline creates ops of the others from several threads.
  context.loadDialect<mlir::tnp::TNPDialect, mlir::func::FuncDialect,
                      mlir::arith::ArithDialect, mlir::linalg::LinalgDialect,
                      mlir::tensor::TensorDialect, mlir::math::MathDialect,
                      mlir::complex::ComplexDialect, mlir::scf::SCFDialect,
                      mlir::bufferization::BufferizationDialect,
                      mlir::memref::MemRefDialect, mlir::cf::ControlFlowDialect,
                      mlir::LLVM::LLVMDialect>();
}
