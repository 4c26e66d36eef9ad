//===- Passes.h - tnp dialect passes ----------------------------*- C++ -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_TRANSFORMS_PASSES_H
#define TNP_TRANSFORMS_PASSES_H

#include "TNP/IR/TNPDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace tnp {

#define GEN_PASS_DECL
#include "TNP/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "TNP/Transforms/Passes.h.inc"

} // namespace tnp
} // namespace mlir

#endif // TNP_TRANSFORMS_PASSES_H
