//===- Ufunc.h - Per-ufunc accepted and result dtypes -----------*- C++ -*-===//
//
// Part of tnp. NumPy 1.24's type-resolution loops for every elementwise op of
// OPS.md: operands are promoted (Promotion.h, in the module's mode), then the
// first loop of the ufunc whose input dtype the promoted dtype casts to safely
// decides the compute and result dtypes; no such loop is a `dtype` error
// ("ufunc 'x' not supported for the input types"). bfloat16 loops follow
// ml_dtypes. In auto modes ufuncs that turn bool/ints into floats use float32
// (TF's default float there) instead of NumPy's float16/32/64 choice.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_SEMANTICS_UFUNC_H
#define TNP_SEMANTICS_UFUNC_H

#include "tnp/Semantics/Promotion.h"

namespace tnp {
namespace sem {

/// Every elementwise op of OPS.md (aliases map onto one entry: divide ->
/// TrueDivide, remainder -> Mod, absolute -> Abs).
enum class Ufunc : uint8_t {
  // arithmetic
  Add, Subtract, Multiply, TrueDivide, FloorDivide, Mod, Power,
  Negative, Positive, Abs, Sign, Square, Reciprocal,
  // extrema
  Maximum, Minimum,
  // float functions
  Sqrt, Exp, Log, Log1p, Expm1, Sin, Cos, Tan, Arcsin, Arccos, Arctan,
  Arctan2, Sinh, Cosh, Tanh, Floor, Ceil, Round,
  // predicates
  IsNan, IsInf, IsFinite,
  // comparisons
  Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
  // logical
  LogicalAnd, LogicalOr, LogicalXor, LogicalNot,
  // bitwise
  BitwiseAnd, BitwiseOr, BitwiseXor, Invert,
};

constexpr unsigned kNumUfuncs = static_cast<unsigned>(Ufunc::Invert) + 1;

/// NumPy's name of the ufunc ("add", "true_divide", "remainder" is "mod"...).
/// These are also the tnp op mnemonics.
std::string_view ufuncName(Ufunc u);
/// Parses a NumPy function name incl. aliases ("divide", "remainder",
/// "absolute").
std::optional<Ufunc> parseUfuncName(std::string_view name);
/// 1 or 2.
unsigned ufuncArity(Ufunc u);

/// The outcome of type resolution: inputs are cast to `compute` and the op
/// produces `result` (e.g. less(uint8, int8): compute int16, result bool;
/// sqrt(int8): compute float16, result float16).
struct UfuncSignature {
  PromotedType compute;
  PromotedType result;
};

/// Resolves a ufunc call. Errors: `dtype` (no common dtype, safe violation,
/// no loop for the promoted dtype: the message names the ufunc and the input
/// dtypes as NumPy does).
Expected<UfuncSignature> resolveUfunc(Ufunc u,
                                      const std::vector<PromotionOperand> &ops,
                                      const PromotionOptions &o);

/// The loop NumPy picks for an already-promoted dtype `t` (no mode logic; the
/// auto-mode float32 rule is not applied). nullopt when there is no loop.
std::optional<UfuncSignature> ufuncLoopFor(Ufunc u, DType t);

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

enum class Reduction : uint8_t { Sum, Prod, Mean, Max, Min, ArgMax, ArgMin, Any, All };

std::string_view reductionName(Reduction r); // "sum", ..., "argmax", "all"
std::optional<Reduction> parseReductionName(std::string_view name); // + amax/amin

/// Result dtype of a reduction of an array of dtype `t` (OPS.md table):
/// sum/prod: bool and ints narrower than 64 bits -> int64 (unsigned ->
/// uint64) in legacy, int32/uint32 in auto modes; mean: bool/ints -> float64
/// (float32 in auto modes); max/min: same dtype; argmax/argmin: int64;
/// any/all: bool. Errors: `dtype` where NumPy has no loop (none today except
/// what resolveUfunc would reject, e.g. max of nothing).
Expected<PromotedType> reductionResultType(Reduction r, DType t,
                                           const PromotionOptions &o);

/// True when the reduction has no identity, so reducing an empty axis is a
/// `reduction` error (max, min, argmax, argmin).
bool reductionNeedsNonEmpty(Reduction r);

} // namespace sem
} // namespace tnp

#endif // TNP_SEMANTICS_UFUNC_H
