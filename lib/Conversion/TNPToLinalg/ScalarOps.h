//===- ScalarOps.h - NumPy scalar semantics on signless values --*- C++ -*-===//
//
// Part of tnp. The per-element computations of the ufuncs and of astype,
// emitted on signless scalars (`i8`, `f32`, `complex<f64>`, ...) inside
// linalg bodies. The dtype arguments give the signedness the signless types
// lost. Every NumPy rule of DESIGN.md §8 lives here: divisor guards, floor
// semantics, NaN-propagating extrema, saturating float->int casts.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_CONVERSION_TNPTOLINALG_SCALAROPS_H
#define TNP_LIB_CONVERSION_TNPTOLINALG_SCALAROPS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "tnp/Semantics/Ufunc.h"

namespace mlir {
namespace tnp {

/// The signless element type that stores a dtype (bool is i1 in registers).
Type signlessElementType(MLIRContext *ctx, ::tnp::sem::DType t);

/// astype of one element (the rules documented on tnp.astype): float -> int
/// truncates toward zero, NaN -> 0, out of range saturates; integer
/// narrowing wraps; x -> bool is x != 0; complex -> real drops the
/// imaginary part.
Value emitScalarCast(OpBuilder &b, Location loc, Value v, ::tnp::sem::DType from,
                     ::tnp::sem::DType to);

/// One element of ufunc `u` computing in dtype `compute` (operands already
/// in that dtype, as the explicit-dtypes form guarantees) and producing
/// `result`. Fails (with a diagnostic at `loc`) for combinations that have no
/// lowering yet, e.g. arcsin of complex.
FailureOr<Value> emitUfuncScalar(OpBuilder &b, Location loc, ::tnp::sem::Ufunc u,
                                 ::tnp::sem::DType compute,
                                 ::tnp::sem::DType result, ValueRange args);

/// One element of np.clip computing in dtype `t` (the operands already in
/// it): NumPy 1.24's min(max(x, lo), hi) with its NaN rules (floats: a NaN
/// `x` or array-bound element gives NaN; complex: lexicographic, as the
/// maximum/minimum ufuncs). A null bound is absent; a bound marked `scalar`
/// (0-d) that is NaN clips nothing (NumPy 1.24's deprecated rule for scalar
/// NaN bounds).
Value emitClipScalar(OpBuilder &b, Location loc, ::tnp::sem::DType t, Value x,
                     Value min, bool minScalar, Value max, bool maxScalar);

/// The run-time errors compiled code can raise (each with NumPy's message).
enum class RuntimeError : unsigned {
  NegativeIntegerPower,
  EmptyMaximum,
  EmptyMinimum,
  EmptyArgReduction,
  DynamicBroadcast, ///< args: {S} the operand shapes
  ReshapeSize,      ///< args: {} size, {s} requested shape (-1 = unknown)
  ReshapeUnknown,
  NegativeDims,
  TooBig,      ///< args: {s} the requested shape
  BroadcastTo, ///< args: {s} input shape, {s} requested shape
  BroadcastToNegative,
  MatmulCore,       ///< args: {} size of operand 1, {} size of operand 0
  MatmulBatch,      ///< args: {s}->{s} per operand, {s} requested core shape
  DotNotAligned,    ///< args: {s} {s} {} (dim {}) != {} (dim {})
  IndexOutOfBounds, ///< args: {} index, {} axis, {} size
  SqueezeNotOne,    ///< args: {} axis, {s} input shape
  ConcatenateDims,  ///< args: {} dim, {} size, {} index, {} size
  StackShapes,      ///< args: {S} the input shapes
  SplitUnequal,     ///< args: {} axis size, {} sections
  MaskMismatch,     ///< args: {} axis, {} dim size, {} mask dim size
  UpdateBroadcast,  ///< args: {s} values shape, {s} updated region shape
  IndexBroadcast    ///< args: {S} the index arrays' shapes
};

/// Declares `tnp_rt_error_raise` and the message constants in `module`
/// (tnp-convert-to-linalg does this before converting: op bodies are built
/// detached from the module).
void declareRuntimeErrorSymbols(ModuleOp module);

/// Erases what declareRuntimeErrorSymbols declared and no op of `module`
/// uses (after the conversion: most modules raise few or none of the
/// errors, and every later pass and LLVM would carry the rest).
void eraseUnusedRuntimeErrorSymbols(ModuleOp module);

/// Emits a call recording a run-time error in the runtime's per-thread sticky
/// error (`tnp_rt_error_raise(code, message)`). The entry point that called
/// the compiled code reads it and reports the error; the results of that
/// call are discarded.
///
/// `args` (index or integer values) fill the message's run-time fields (see
/// the RuntimeError comments and tnp_rt_error_raise_fmt): shapes, sizes and
/// indices known only at run time.
void emitRuntimeError(OpBuilder &b, Location loc, RuntimeError which,
                      ValueRange args = {});

/// Appends a shape argument of a run-time error message (`{s}`): the rank,
/// then the dims (index values).
void appendShapeArgs(OpBuilder &b, Location loc, SmallVectorImpl<Value> &args,
                     ValueRange dims);

/// A scalar constant of a dtype from a double (integers: exact when the value
/// is integral and in range).
Value emitScalarConstant(OpBuilder &b, Location loc, ::tnp::sem::DType t,
                         double value);

namespace detail {
/// An arith.constant of float type `t` holding `v` rounded to nearest even.
Value floatConst(OpBuilder &b, Location loc, Type t, double v);
/// An arith.constant of integer type `t`: `v`, or `v` truncated to `t`'s
/// width.
Value intConst(OpBuilder &b, Location loc, Type t, const APInt &v);
Value intConst(OpBuilder &b, Location loc, Type t, int64_t v);
} // namespace detail

} // namespace tnp
} // namespace mlir

#endif // TNP_LIB_CONVERSION_TNPTOLINALG_SCALAROPS_H
