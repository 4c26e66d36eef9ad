//===- Passes.h - tnp conversion passes -------------------------*- C++ -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_CONVERSION_PASSES_H
#define TNP_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace tnp {

#define GEN_PASS_DECL
#include "tnp/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tnp/Conversion/Passes.h.inc"

} // namespace tnp
} // namespace mlir

#endif // TNP_CONVERSION_PASSES_H
