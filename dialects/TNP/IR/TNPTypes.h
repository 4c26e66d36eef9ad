//===- TNPTypes.h - Mapping between MLIR types and tnp dtypes ---*- C++ -*-===//
//
// Part of tnp. The one place that translates builtin element types and the
// `#tnp.weak` encoding to the semantics library's DType / PromotedType, and
// reads the promotion options of the enclosing module.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_IR_TNPTYPES_H
#define TNP_IR_TNPTYPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "tnp/Semantics/Promotion.h"
#include "tnp/Semantics/Shapes.h"

#include <optional>

namespace mlir {
class ModuleOp;
namespace tnp {

/// True for the 15 element types that are NumPy dtypes.
bool isTNPDType(Type t);
/// The dtype of a builtin element type, or nullopt for a non-tnp type.
std::optional<::tnp::sem::DType> toDType(Type elementType);
/// The builtin element type of a dtype.
Type toElementType(MLIRContext *ctx, ::tnp::sem::DType t);
/// Whether a tensor type carries the `#tnp.weak` encoding.
bool isWeak(Type tensorType);
/// (dtype, weak) of a ranked tensor type with a tnp element type.
std::optional<::tnp::sem::PromotedType> toPromotedType(Type tensorType);
/// A ranked tensor of `shape` with the dtype and weakness of `t`.
RankedTensorType makeTensorType(MLIRContext *ctx, ArrayRef<int64_t> shape,
                                ::tnp::sem::PromotedType t);
/// The same shape with another dtype / weakness.
RankedTensorType withPromotedType(RankedTensorType type,
                                  ::tnp::sem::PromotedType t);
/// Text of a type for messages: "tensor<2x3xf32>" -> "float32 (2, 3)".
std::string describeType(Type t);
/// The shape of a ranked tensor as a semantics-library Shape.
::tnp::sem::Shape toShape(RankedTensorType t);

/// The promotion options of the module that encloses `op` (its
/// `tnp.dtype_conversion_mode` and `tnp.prefer_float32` attributes, looked up
/// on the nearest ancestor that has them); the defaults (legacy, false) when
/// none does. Malformed attributes are reported by the dialect's attribute
/// verifier and read as the defaults here.
::tnp::sem::PromotionOptions getPromotionOptions(Operation *op);
/// Writes the options onto a module.
void setPromotionOptions(ModuleOp module, const ::tnp::sem::PromotionOptions &o);

/// The promotion operand of a value: its dtype and weakness and, for a weak
/// `tnp.constant`, the literal values (legacy value-based casting needs them).
std::optional<::tnp::sem::PromotionOperand> toPromotionOperand(Value v);

/// Emits a semantics-library error as a diagnostic on `op`, prefixed with its
/// kind: "'tnp.add' op broadcast error: operands could not be broadcast ...".
InFlightDiagnostic emitSemanticsError(Operation *op, const ::tnp::sem::Error &e);
/// Same on a location (for front-ends building IR).
InFlightDiagnostic emitSemanticsError(Location loc, const ::tnp::sem::Error &e);

} // namespace tnp
} // namespace mlir

#endif // TNP_IR_TNPTYPES_H
