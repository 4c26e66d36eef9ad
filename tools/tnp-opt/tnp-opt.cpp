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

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::tnp::registerTNPPasses();
  mlir::tnp::registerTNPConversionPasses();
  mlir::tnp::registerTNPPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::tnp::TNPDialect>();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tnp optimizer driver\n", registry));
}
