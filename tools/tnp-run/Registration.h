//===- Registration.h - Dialects and translations tnp-run loads -*- C++ -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_TOOLS_TNP_RUN_REGISTRATION_H
#define TNP_TOOLS_TNP_RUN_REGISTRATION_H

namespace mlir {
class DialectRegistry;
class MLIRContext;
} // namespace mlir

namespace tnprun {

/// Every dialect and extension tnp-opt registers, tnp, and the translations
/// to LLVM IR of the builtin and llvm dialects.
void registerDialects(mlir::DialectRegistry &registry);

/// Registers every upstream pass (as tnp-opt does): tnp-cpu-pipeline names
/// upstream passes in textual form.
void registerPasses();

/// Loads the dialects tnp IR and its lowering use.
void loadDialects(mlir::MLIRContext &context);

} // namespace tnprun

#endif // TNP_TOOLS_TNP_RUN_REGISTRATION_H
