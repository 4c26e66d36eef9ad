//===- TNPOps.h - tnp dialect operations ------------------------*- C++ -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_IR_TNPOPS_H
#define TNP_IR_TNPOPS_H

#include "TNP/IR/TNPDialect.h"
#include "TNP/IR/TNPTypes.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tnp/Semantics/Ufunc.h"

namespace mlir {
namespace tnp {
namespace detail {
/// Dialect-wide invariant: every tensor operand and result is a ranked tensor
/// of a tnp dtype whose encoding is absent or `#tnp.weak`.
LogicalResult verifyTensorTypes(Operation *op);
/// Shared verifier of every elementwise ufunc op (UfuncOpInterface).
LogicalResult verifyUfuncOp(Operation *op);
} // namespace detail

/// Op trait carrying the dialect-wide type invariant (TNPBase.td).
template <typename ConcreteType>
class TNPTensorTypes : public OpTrait::TraitBase<ConcreteType, TNPTensorTypes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifyTensorTypes(op);
  }
};

} // namespace tnp
} // namespace mlir

#include "TNP/IR/TNPInterfaces.h.inc"

#define GET_OP_CLASSES
#include "TNP/IR/TNPOps.h.inc"

#endif // TNP_IR_TNPOPS_H
