//===- tnp-opt.cpp - mlir-opt for the tnp dialect --------------------------===//
//
// Part of tnp. MlirOptMain with the tnp dialect and passes plus the upstream
// dialects and passes the lowering uses (all of libMLIR's).
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPDialect.h"
#include "TNP/Transforms/Passes.h"
#include "tnp/Conversion/Passes.h"
#include "tnp/Pipelines/Pipelines.h"
#include "tnp/Pipelines/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::tnp::registerTNPPasses();
  mlir::tnp::registerTNPConversionPasses();
  mlir::tnp::registerTNPPipelines();

  // What tnp-run and tnp-compile register: every dialect, extension and
  // LLVM IR translation, tnp, and the NVVM target (tnp-cuda-pipeline).
  mlir::DialectRegistry registry;
  mlir::tnp::registerCompilerDialects(registry);

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tnp optimizer driver\n", registry));
}
