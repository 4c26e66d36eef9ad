//===- Utils.h - Helpers shared by the tnp-to-linalg patterns ---*- C++ -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_CONVERSION_TNPTOLINALG_UTILS_H
#define TNP_LIB_CONVERSION_TNPTOLINALG_UTILS_H

#include "ScalarOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tnp/Semantics/DType.h"

namespace mlir {
namespace tnp {
namespace detail {

/// The dtype of a value of the original (tnp-typed) program.
std::optional<::tnp::sem::DType> dtypeOf(Value v);
std::optional<::tnp::sem::DType> dtypeOfType(Type t);

/// The signless, encoding-free form of a tnp tensor type.
RankedTensorType signlessType(RankedTensorType t);

/// The run-time size of dim `d` of `v`: a constant when static, else read
/// where it is defined (the size operand of the tensor.empty a chain of
/// destination-style ops writes into), else tensor.dim. Canonicalization
/// would fold the tensor.dim so; not creating it keeps a generic's result
/// used by its consumers alone, which elementwise fusion requires.
Value dimOf(OpBuilder &b, Location loc, Value v, int64_t d);

/// `tensor.dim` values for the dynamic dims of `type`, read from the same
/// dims of `source` (which has the same rank).
SmallVector<Value> dynamicDimsFrom(OpBuilder &b, Location loc, Value source,
                                   RankedTensorType type);

/// An empty signless tensor of `type`'s shape and the given element type.
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange dynamicSizes = {});

/// The indexing map reading an operand of `operandShape` inside a loop nest
/// over `resultShape` with NumPy broadcasting (aligned on the right, static
/// size-1 dims read index 0).
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                       ArrayRef<int64_t> resultShape);

/// Body builder that may fail (it then has emitted a diagnostic).
using FallibleBodyBuilder =
    function_ref<FailureOr<SmallVector<Value>>(OpBuilder &, Location, ValueRange)>;

/// Creates a linalg.generic whose body comes from `body`; on failure erases
/// what it created and fails.
FailureOr<linalg::GenericOp>
buildGeneric(ConversionPatternRewriter &rewriter, Location loc,
             TypeRange resultTypes, ValueRange inputs, ValueRange outputs,
             ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iterators,
             FallibleBodyBuilder body);

/// A check that must pass before an op computes anything: when `failed` (an
/// i1) is true at run time, `error` is raised with `args` (see
/// emitRuntimeError).
struct RuntimeCheck {
  Value failed;
  RuntimeError error;
  SmallVector<Value> args = {};
};

/// Guards a computation with run-time checks (at least one): when any fails,
/// the first failing one (in order) raises its error and the guard yields
/// uninitialized results of `resultTypes`, which the entry point discards.
/// Their dynamic dims are 0, or `failureSizes` for the first result: the
/// sizes the result has on success wherever annotateEqualDims may have
/// claimed a dim equal to another, because the ops after this one still
/// run, and read their operands within the claimed sizes. Otherwise the
/// caller builds the computation in the else branch, where this leaves the
/// insertion point, and yields its results there; the op is then replaced
/// by the guard's results.
scf::IfOp guardRuntimeChecks(OpBuilder &b, Location loc,
                             ArrayRef<RuntimeCheck> checks,
                             TypeRange resultTypes,
                             ValueRange failureSizes = {});

/// Raises the first failing one of `checks` (at least one) and returns an
/// i1 that is true when any failed. Nothing is guarded: the caller makes
/// what it computes next empty when that i1 is true (checks that only
/// report, or a computation over 0-sized dims).
Value raiseFailedChecks(OpBuilder &b, Location loc,
                        ArrayRef<RuntimeCheck> checks);

/// The run-time size of every dim of a ranked tensor (constants for static
/// dims, tensor.dim for dynamic ones).
SmallVector<Value> runtimeDims(OpBuilder &b, Location loc, Value v);

/// `x * y` of non-negative index values, and an i1 that is true when the
/// product overflowed int64.
std::pair<Value, Value> checkedMul(OpBuilder &b, Location loc, Value x, Value y);

/// NumPy's checks of a shape given at run time (the static dims of `type`
/// with `dynamicSizes` for its `?`s): no negative size ("negative dimensions
/// are not allowed"), and a byte size that fits int64 ("array is too big").
SmallVector<RuntimeCheck> shapeChecks(OpBuilder &b, Location loc,
                                      RankedTensorType type,
                                      ValueRange dynamicSizes);

/// Checks the explicit-dtypes form tnp-make-casts-explicit establishes:
/// every value of `operands` has dtype `want`. Reports the op otherwise.
LogicalResult requireExplicitDType(Operation *op, ValueRange operands,
                                   ::tnp::sem::DType want);

/// Replaces `op` with `results`; when the computation runs behind run-time
/// checks (`guard`, see guardRuntimeChecks) they are yielded from its else
/// branch and the op is replaced by the guard's results.
void replaceGuarded(ConversionPatternRewriter &rewriter, Operation *op,
                    scf::IfOp guard, ValueRange results);

/// The attribute annotateEqualDims sets on elementwise ops: one mask per
/// operand, bit j set when dim j of that operand is dynamic and has the
/// same run-time size as the result dim it is aligned with.
inline constexpr llvm::StringLiteral kEqualDimsAttrName = "tnp_equal_dims";

/// Finds the dynamic dims of `root`'s tnp ops that have equal run-time sizes
/// by construction (an elementwise op's result and its only non-1 operand
/// dim, a reduction's kept dims, a transpose's permuted ones, ...) and
/// annotates each elementwise op with kEqualDimsAttrName. Any such
/// attribute already there is removed first: only this analysis makes the
/// claim, which the lowering trusts.
void annotateEqualDims(Operation *root);

/// The masks annotateEqualDims set on `op` (empty when none).
SmallVector<int64_t> equalDimMasks(Operation *op);

/// Reports an op the lowering does not handle yet.
LogicalResult unsupportedOp(Operation *op, const Twine &why);

} // namespace detail
} // namespace tnp
} // namespace mlir

#endif // TNP_LIB_CONVERSION_TNPTOLINALG_UTILS_H
