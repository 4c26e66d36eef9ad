//===- TNPBuilders.h - Building tnp ops with inferred types -----*- C++ -*-===//
//
// Part of tnp. Front-ends (the conformance case translator, the C++ tracer)
// build tnp IR through these functions: each infers the result type with the
// semantics library in the given promotion options and either creates the op
// or returns the semantics error (kind + NumPy-style message) without
// creating anything. Verifiers re-check the same rules on any IR.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_IR_TNPBUILDERS_H
#define TNP_IR_TNPBUILDERS_H

#include "TNP/IR/TNPOps.h"
#include "mlir/IR/Builders.h"
#include "tnp/Semantics/Ufunc.h"

#include <optional>
#include <vector>

namespace mlir {
namespace tnp {

template <typename T>
using SemExpected = ::tnp::sem::Expected<T>;

/// Result type inference (no IR is created).
SemExpected<RankedTensorType>
inferUfuncType(::tnp::sem::Ufunc u, ValueRange operands,
               const ::tnp::sem::PromotionOptions &o);
/// `axes` nullopt = every axis (axis=None).
SemExpected<RankedTensorType>
inferReductionType(::tnp::sem::Reduction r, Value input,
                   std::optional<ArrayRef<int64_t>> axes, bool keepdims,
                   const ::tnp::sem::PromotionOptions &o);
SemExpected<RankedTensorType> inferMatmulType(Value lhs, Value rhs,
                                              const ::tnp::sem::PromotionOptions &o);
SemExpected<RankedTensorType> inferDotType(Value lhs, Value rhs,
                                           const ::tnp::sem::PromotionOptions &o);
/// np.where: x and y promote (the result is never weak); the three shapes
/// broadcast.
SemExpected<RankedTensorType>
inferWhereType(Value condition, Value x, Value y,
               const ::tnp::sem::PromotionOptions &o);
/// np.clip: a null bound is absent (None), not both. The dtype is the
/// promotion of the present operands; the shapes broadcast.
SemExpected<RankedTensorType>
inferClipType(Value input, Value min, Value max,
              const ::tnp::sem::PromotionOptions &o);
/// np.concatenate / np.stack along `axis` (negative allowed): the promoted
/// dtype of the inputs.
SemExpected<RankedTensorType>
inferConcatenateType(ValueRange inputs, int64_t axis,
                     const ::tnp::sem::PromotionOptions &o);
SemExpected<RankedTensorType>
inferStackType(ValueRange inputs, int64_t axis,
               const ::tnp::sem::PromotionOptions &o);
/// np.split's pieces (the input's dtype).
SemExpected<std::vector<RankedTensorType>>
inferSplitTypes(Value input, const ::tnp::sem::SplitSpec &spec, int64_t axis);

/// A weak literal (Python scalar) in mode `o`: `overflow` error if it does
/// not fit.
SemExpected<Value> buildLiteral(OpBuilder &b, Location loc,
                                const ::tnp::sem::Scalar &v,
                                const ::tnp::sem::PromotionOptions &o);
/// A weak list literal (a Python list passed straight to a ufunc, flattened).
SemExpected<Value> buildLiteralList(OpBuilder &b, Location loc,
                                    const std::vector<::tnp::sem::Scalar> &vs,
                                    const ::tnp::sem::PromotionOptions &o);
/// `np.asarray(values)` of a (nested, flattened row-major) Python literal with
/// `shape`; `dtype` overrides literal inference. Values are converted with
/// astype's rules when a dtype is given.
SemExpected<Value> buildAsarray(OpBuilder &b, Location loc,
                                const std::vector<::tnp::sem::Scalar> &vs,
                                ArrayRef<int64_t> shape,
                                std::optional<::tnp::sem::DType> dtype,
                                const ::tnp::sem::PromotionOptions &o,
                                bool weak = false);

/// Elementwise ufunc (1 or 2 operands). Errors: broadcast, dtype.
SemExpected<Value> buildUfunc(OpBuilder &b, Location loc, ::tnp::sem::Ufunc u,
                              ValueRange operands,
                              const ::tnp::sem::PromotionOptions &o);
/// Reductions incl. argmax/argmin (`axes` must then hold at most one axis).
SemExpected<Value> buildReduction(OpBuilder &b, Location loc,
                                  ::tnp::sem::Reduction r, Value input,
                                  std::optional<ArrayRef<int64_t>> axes,
                                  bool keepdims,
                                  const ::tnp::sem::PromotionOptions &o);
SemExpected<Value> buildMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                               const ::tnp::sem::PromotionOptions &o);
SemExpected<Value> buildDot(OpBuilder &b, Location loc, Value lhs, Value rhs,
                            const ::tnp::sem::PromotionOptions &o);
/// `newShape` may hold one -1.
SemExpected<Value> buildReshape(OpBuilder &b, Location loc, Value input,
                                ArrayRef<int64_t> newShape);
/// `perm` empty = reverse the axes (`.T`); negative axes allowed.
SemExpected<Value> buildTranspose(OpBuilder &b, Location loc, Value input,
                                  ArrayRef<int64_t> perm);
SemExpected<Value> buildBroadcastTo(OpBuilder &b, Location loc, Value input,
                                    ArrayRef<int64_t> shape);
SemExpected<Value> buildAstype(OpBuilder &b, Location loc, Value input,
                               ::tnp::sem::DType dtype);
/// np.ravel / ndarray.flatten: a reshape to (-1,) of the row-major order, or
/// with `fortran` (order='F') of the column-major order (the reversed
/// transpose first).
SemExpected<Value> buildRavel(OpBuilder &b, Location loc, Value input,
                              bool fortran = false);
/// np.moveaxis and np.swapaxes: a transpose. Errors: axis.
SemExpected<Value> buildMoveaxis(OpBuilder &b, Location loc, Value input,
                                 ArrayRef<int64_t> source,
                                 ArrayRef<int64_t> destination);
SemExpected<Value> buildSwapaxes(OpBuilder &b, Location loc, Value input,
                                 int64_t axis1, int64_t axis2);
/// np.expand_dims (negative axes allowed). Errors: axis.
SemExpected<Value> buildExpandDims(OpBuilder &b, Location loc, Value input,
                                   ArrayRef<int64_t> axes);
/// np.squeeze; `axes` nullopt = None (every dim of size 1). Errors: axis,
/// shape, unsupported (axis=None with a dynamic dim).
SemExpected<Value> buildSqueeze(OpBuilder &b, Location loc, Value input,
                                std::optional<ArrayRef<int64_t>> axes);
/// np.concatenate; `axis` nullopt = None (the arrays are flattened first).
/// Errors: value, axis, shape, dtype (no common dtype).
SemExpected<Value> buildConcatenate(OpBuilder &b, Location loc,
                                    ValueRange inputs,
                                    std::optional<int64_t> axis,
                                    const ::tnp::sem::PromotionOptions &o);
/// np.stack. Errors: value, shape, axis, dtype.
SemExpected<Value> buildStack(OpBuilder &b, Location loc, ValueRange inputs,
                              int64_t axis,
                              const ::tnp::sem::PromotionOptions &o);
/// np.split: one value per piece. Errors: axis, value.
SemExpected<SmallVector<Value>> buildSplit(OpBuilder &b, Location loc,
                                           Value input,
                                           const ::tnp::sem::SplitSpec &spec,
                                           int64_t axis);
/// np.where(condition, x, y). Errors: broadcast, dtype.
SemExpected<Value> buildWhere(OpBuilder &b, Location loc, Value condition,
                              Value x, Value y,
                              const ::tnp::sem::PromotionOptions &o);
/// np.clip(a, a_min, a_max); a null bound is None. Errors: value (no
/// bound), broadcast, dtype.
SemExpected<Value> buildClip(OpBuilder &b, Location loc, Value input, Value min,
                             Value max, const ::tnp::sem::PromotionOptions &o);

/// np.arange's length for integer or float bound attributes:
/// ceil((stop - start) / step), at least 0. Error: `value` for a zero step.
SemExpected<int64_t> arangeLength(Attribute start, Attribute stop,
                                  Attribute step);

/// A dense constant of `type` holding `values` converted with astype's rules
/// (one value per element, row-major; a single value is splatted).
DenseElementsAttr makeDenseAttr(RankedTensorType type,
                                ArrayRef<::tnp::sem::Scalar> values);

/// The dtype each operand of a dtype-sensitive op computes in (ufuncs: the
/// resolved loop's input dtype; sum/prod/mean: the result dtype; matmul/dot:
/// the promoted dtype; concatenate/stack/clip: the promotion of the operands;
/// where: bool for the condition, the promotion of x and y for them);
/// nullopt for operands (and ops) a dtype does not apply to. The `explicit
/// dtypes` form is the one where every operand already has its compute type
/// (tnp-make-casts-explicit establishes it).
SemExpected<std::vector<std::optional<::tnp::sem::PromotedType>>>
getOperandComputeTypes(Operation *op, const ::tnp::sem::PromotionOptions &o);

/// Creation. `dtype` nullopt = NumPy's default (float64; float32 in the auto
/// modes, SPEC §a.5).
enum class FillKind { Zeros, Ones, Empty };
SemExpected<Value> buildFill(OpBuilder &b, Location loc, FillKind kind,
                             ArrayRef<int64_t> shape,
                             std::optional<::tnp::sem::DType> dtype,
                             const ::tnp::sem::PromotionOptions &o);
/// `value` is a 0-d tensor (e.g. a literal); dtype nullopt = asarray(value)'s.
SemExpected<Value> buildFull(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                             Value value, std::optional<::tnp::sem::DType> dtype,
                             const ::tnp::sem::PromotionOptions &o);
/// zeros_like / ones_like / empty_like; dtype nullopt = the input's.
SemExpected<Value> buildFillLike(OpBuilder &b, Location loc, FillKind kind,
                                 Value input,
                                 std::optional<::tnp::sem::DType> dtype);
SemExpected<Value> buildFullLike(OpBuilder &b, Location loc, Value input,
                                 Value value,
                                 std::optional<::tnp::sem::DType> dtype);
/// np.arange(start, stop, step): dtype nullopt = promotion of the scalars.
/// Errors: value (zero step).
SemExpected<Value> buildArange(OpBuilder &b, Location loc,
                               const ::tnp::sem::Scalar &start,
                               const ::tnp::sem::Scalar &stop,
                               const ::tnp::sem::Scalar &step,
                               std::optional<::tnp::sem::DType> dtype,
                               const ::tnp::sem::PromotionOptions &o);
SemExpected<Value> buildLinspace(OpBuilder &b, Location loc, double start,
                                 double stop, int64_t num, bool endpoint,
                                 std::optional<::tnp::sem::DType> dtype,
                                 const ::tnp::sem::PromotionOptions &o);
SemExpected<Value> buildEye(OpBuilder &b, Location loc, int64_t n,
                            std::optional<int64_t> m, int64_t k,
                            std::optional<::tnp::sem::DType> dtype,
                            const ::tnp::sem::PromotionOptions &o);

} // namespace tnp
} // namespace mlir

#endif // TNP_IR_TNPBUILDERS_H
