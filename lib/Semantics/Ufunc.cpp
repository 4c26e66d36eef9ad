//===- Ufunc.cpp - Per-ufunc accepted and result dtypes -------------------===//
//
// Part of tnp. NumPy 1.24's loop lists (`np.<ufunc>.types`, restricted to the
// tnp dtypes) and type resolvers for every elementwise op of OPS.md, plus the
// bfloat16 loops ml_dtypes registers. Checked against NumPy 1.24.2 by the
// unit tests (test/Unit/Semantics/data, scripts/gen_numpy_tables.py).
//
// Resolution (resolveUfunc):
//  1. the operands are promoted in the module's mode (Promotion.h) -- TF-NumPy
//     promotes before it calls the op, so mixed inputs use the promoted dtype
//     (the one visible difference from NumPy: arctan2 of a signed and an
//     unsigned int, e.g. (int8, uint8) is float32 where NumPy's per-operand
//     loop search finds float16);
//  2. NumPy's resolver for that ufunc picks a loop for the promoted dtype:
//     most ufuncs take the first loop whose input dtype the promoted dtype
//     casts to safely (linear search); subtract, negative, positive and sign
//     need a loop for exactly that dtype (NumPy's uniform resolvers), which
//     makes them errors for bool; true_divide of bool/ints uses the float64
//     loop; a bfloat16 operand uses ml_dtypes' bfloat16 loop where there is
//     one;
//  3. auto modes (`all`/`safe`): whenever the chosen loop of a float
//     function turns a bool or integer compute dtype into a float (sqrt, exp,
//     sin, floor, ceil, round of bool, ...), tnp uses float32 -- TF's default
//     float in these modes -- instead of NumPy's float16/float32/float64
//     (corpus: `np.sqrt(int32)` in safe mode is float32). true_divide is the
//     exception: integer true division gives float64 in every mode (SPEC
//     policy rule 5; TF's _TRUEDIV_TABLE gives float64 for 32/64-bit ints);
//  4. weakness (auto modes): the result is weak iff the promoted type is weak,
//     except bool-valued ops (comparisons, predicates, logical ops) and
//     maximum/minimum/equal, which are never weak (§b.1). `compute` carries
//     the promoted type's weakness, so an op whose operands were cast to
//     `compute` (tnp-make-casts-explicit) resolves to the same result.
//
// Logical ops cast each operand to bool (as TF-NumPy does) instead of
// promoting: they accept every dtype, compute in bool and give bool.
//
//===----------------------------------------------------------------------===//

#include "tnp/Semantics/Ufunc.h"

#include <string>

namespace tnp {
namespace sem {

namespace {

enum UfuncFlags : unsigned {
  kNone = 0,
  kExact = 1 << 0,     // the loop must be for exactly the promoted dtype
  kBF16Loop = 1 << 1,  // ml_dtypes registers a bfloat16 loop
  kBoolResult = 1 << 2, // comparisons, predicates, logical ops
  kNeverWeak = 1 << 3,  // maximum/minimum/equal ("comparison-method" ops)
  kLogical = 1 << 4,
  kTrueDivide = 1 << 5,
  kRound = 1 << 6,
  kBoolMinusError = 1 << 7, // NumPy's special error for bool `-`
};

struct UfuncInfo {
  const char *name;
  unsigned arity;
  /// Loops as (input code, output code) pairs in NumPy's order, e.g.
  /// "??bbBB" = '?->?', 'b->b', 'B->B' (for binary ufuncs both inputs have
  /// the input code). Only the tnp dtypes' codes; 'q'/'Q' duplicates of
  /// 'l'/'L', long double, datetime and object loops are left out.
  const char *loops;
  unsigned flags;
};

// Loop lists of NumPy 1.24.2 (`np.<ufunc>.types`).
#define ALL_NUM "bbBBhhHHiiIIllLLeeffddFFDD"
#define ALL_INT "bbBBhhHHiiIIllLL"
#define INEXACT "eeffddFFDD"
#define TO_BOOL "??b?B?h?H?i?I?l?L?e?f?d?F?D?"

const UfuncInfo kUfuncs[kNumUfuncs] = {
    // arithmetic
    {"add", 2, "??" ALL_NUM, kBF16Loop},
    {"subtract", 2, ALL_NUM, kBF16Loop | kExact | kBoolMinusError},
    {"multiply", 2, "??" ALL_NUM, kBF16Loop},
    {"true_divide", 2, INEXACT, kBF16Loop | kTrueDivide},
    {"floor_divide", 2, ALL_INT "eeffdd", kBF16Loop},
    {"mod", 2, ALL_INT "eeffdd", kBF16Loop},
    {"power", 2, ALL_NUM, kBF16Loop},
    {"negative", 1, ALL_NUM, kBF16Loop | kExact | kBoolMinusError},
    {"positive", 1, ALL_NUM, kBF16Loop | kExact},
    {"abs", 1, "??" ALL_INT "eeffddFfDd", kBF16Loop},
    {"sign", 1, ALL_NUM, kBF16Loop | kExact},
    {"square", 1, ALL_NUM, kBF16Loop},
    {"reciprocal", 1, ALL_NUM, kBF16Loop},
    // extrema
    {"maximum", 2, "??" ALL_NUM, kBF16Loop | kNeverWeak},
    {"minimum", 2, "??" ALL_NUM, kBF16Loop | kNeverWeak},
    // float functions
    {"sqrt", 1, INEXACT, kBF16Loop},
    {"exp", 1, INEXACT, kBF16Loop},
    {"log", 1, INEXACT, kBF16Loop},
    {"log1p", 1, INEXACT, kBF16Loop},
    {"expm1", 1, INEXACT, kBF16Loop},
    {"sin", 1, INEXACT, kBF16Loop},
    {"cos", 1, INEXACT, kBF16Loop},
    {"tan", 1, INEXACT, kBF16Loop},
    {"arcsin", 1, INEXACT, kBF16Loop},
    {"arccos", 1, INEXACT, kBF16Loop},
    {"arctan", 1, INEXACT, kBF16Loop},
    {"arctan2", 2, "eeffdd", kBF16Loop},
    {"sinh", 1, INEXACT, kBF16Loop},
    {"cosh", 1, INEXACT, kBF16Loop},
    {"tanh", 1, INEXACT, kBF16Loop},
    {"floor", 1, "eeffdd", kBF16Loop},
    {"ceil", 1, "eeffdd", kBF16Loop},
    // np.around: ints are returned as they are, the rest goes through rint.
    {"round", 1, INEXACT, kBF16Loop | kRound},
    // predicates
    {"isnan", 1, TO_BOOL, kBF16Loop | kBoolResult},
    {"isinf", 1, TO_BOOL, kBF16Loop | kBoolResult},
    {"isfinite", 1, TO_BOOL, kBF16Loop | kBoolResult},
    // comparisons
    {"equal", 2, TO_BOOL, kBF16Loop | kBoolResult | kNeverWeak},
    {"not_equal", 2, TO_BOOL, kBF16Loop | kBoolResult},
    {"less", 2, TO_BOOL, kBF16Loop | kBoolResult},
    {"less_equal", 2, TO_BOOL, kBF16Loop | kBoolResult},
    {"greater", 2, TO_BOOL, kBF16Loop | kBoolResult},
    {"greater_equal", 2, TO_BOOL, kBF16Loop | kBoolResult},
    // logical
    {"logical_and", 2, TO_BOOL, kBF16Loop | kBoolResult | kLogical},
    {"logical_or", 2, TO_BOOL, kBF16Loop | kBoolResult | kLogical},
    {"logical_xor", 2, TO_BOOL, kBF16Loop | kBoolResult | kLogical},
    {"logical_not", 1, TO_BOOL, kBF16Loop | kBoolResult | kLogical},
    // bitwise (no bfloat16 loops)
    {"bitwise_and", 2, "??" ALL_INT, kNone},
    {"bitwise_or", 2, "??" ALL_INT, kNone},
    {"bitwise_xor", 2, "??" ALL_INT, kNone},
    {"invert", 1, "??" ALL_INT, kNone},
};

#undef ALL_NUM
#undef ALL_INT
#undef INEXACT
#undef TO_BOOL

const UfuncInfo &info(Ufunc u) { return kUfuncs[static_cast<unsigned>(u)]; }

std::optional<DType> dtypeFromChar(char c) {
  for (DType t : kAllDTypes)
    if (dtypeChar(t) == c)
      return t;
  return std::nullopt;
}

UfuncSignature sig(DType compute, DType result) {
  return UfuncSignature{PromotedType{compute, false},
                        PromotedType{result, false}};
}

std::string operandDesc(const PromotionOperand &op) {
  if (!op.isLiteral())
    return std::string(dtypeName(op.type.dtype));
  if (op.values.size() > 1)
    return "list";
  switch (op.values[0].kind) {
  case Scalar::Kind::Bool:
    return "bool";
  case Scalar::Kind::Int:
    return "int";
  case Scalar::Kind::Float:
    return "float";
  case Scalar::Kind::Complex:
    return "complex";
  }
  return "";
}

std::string inputTypesDesc(const std::vector<PromotionOperand> &ops) {
  std::string s = "(";
  for (size_t i = 0; i < ops.size(); ++i) {
    if (i)
      s += ", ";
    s += operandDesc(ops[i]);
  }
  return s + ")";
}

} // namespace

std::string_view ufuncName(Ufunc u) { return info(u).name; }

std::optional<Ufunc> parseUfuncName(std::string_view name) {
  for (unsigned i = 0; i < kNumUfuncs; ++i)
    if (name == kUfuncs[i].name)
      return static_cast<Ufunc>(i);
  if (name == "divide")
    return Ufunc::TrueDivide;
  if (name == "remainder")
    return Ufunc::Mod;
  if (name == "absolute")
    return Ufunc::Abs;
  if (name == "around")
    return Ufunc::Round;
  return std::nullopt;
}

unsigned ufuncArity(Ufunc u) { return info(u).arity; }

std::optional<UfuncSignature> ufuncLoopFor(Ufunc u, DType t) {
  const UfuncInfo &ui = info(u);
  if (ui.flags & kLogical)
    return sig(DType::Bool, DType::Bool);
  if ((ui.flags & kRound) && isInteger(t))
    return sig(t, t);
  if (t == DType::BFloat16 && (ui.flags & kBF16Loop))
    return sig(t, (ui.flags & kBoolResult) ? DType::Bool : t);
  if ((ui.flags & kTrueDivide) && (t == DType::Bool || isInteger(t)))
    return sig(DType::Float64, DType::Float64);
  std::string_view loops = ui.loops;
  for (size_t i = 0; i + 1 < loops.size(); i += 2) {
    std::optional<DType> in = dtypeFromChar(loops[i]);
    std::optional<DType> out = dtypeFromChar(loops[i + 1]);
    if (!in || !out)
      continue;
    bool matches = (ui.flags & kExact) ? *in == t : canCastSafely(t, *in);
    if (matches)
      return sig(*in, *out);
  }
  return std::nullopt;
}

Expected<UfuncSignature> resolveUfunc(Ufunc u,
                                      const std::vector<PromotionOperand> &ops,
                                      const PromotionOptions &o) {
  const UfuncInfo &ui = info(u);
  if (ops.size() != ui.arity)
    return Error{ErrorKind::Value,
                 "ufunc '" + std::string(ui.name) + "' takes " +
                     std::to_string(ui.arity) + " operand" +
                     (ui.arity == 1 ? "" : "s") + ", got " +
                     std::to_string(ops.size())};

  // Logical ops cast each operand to bool; nothing to promote.
  if (ui.flags & kLogical)
    return sig(DType::Bool, DType::Bool);

  Expected<PromotedType> promoted = promote(ops, o);
  if (!promoted)
    return promoted.error();
  DType t = promoted->dtype;

  if ((ui.flags & kBoolMinusError) && t == DType::Bool) {
    if (u == Ufunc::Subtract)
      return Error{ErrorKind::DType,
                   "numpy boolean subtract, the `-` operator, is not "
                   "supported, use the bitwise_xor, the `^` operator, or the "
                   "logical_xor function instead"};
    return Error{ErrorKind::DType,
                 "the numpy boolean negative, the `-` operator, is not "
                 "supported, use the `~` operator or the logical_not function "
                 "instead"};
  }

  std::optional<UfuncSignature> loop = ufuncLoopFor(u, t);
  if (!loop) {
    std::string msg = "ufunc '" + std::string(ui.name) +
                      "' not supported for the input types " +
                      inputTypesDesc(ops);
    if (ops.size() > 1 || ops[0].type.dtype != t || ops[0].isLiteral())
      msg += " (promoted to " + std::string(dtypeName(t)) + ")";
    return Error{ErrorKind::DType, msg};
  }

  UfuncSignature s = *loop;
  if (o.isAuto()) {
    // Rule 3 of the file comment: TF's default float in auto modes.
    if ((t == DType::Bool || isInteger(t)) && isFloat(s.result.dtype) &&
        !(ui.flags & kTrueDivide)) {
      s.compute.dtype = DType::Float32;
      s.result.dtype = DType::Float32;
    }
    bool neverWeak = ui.flags & (kBoolResult | kNeverWeak);
    s.compute.weak = promoted->weak;
    s.result.weak = promoted->weak && !neverWeak;
  }
  return s;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

namespace {
const char *const kReductionNames[] = {"sum",    "prod",   "mean",
                                       "max",    "min",    "argmax",
                                       "argmin", "any",    "all"};
} // namespace

std::string_view reductionName(Reduction r) {
  return kReductionNames[static_cast<unsigned>(r)];
}

std::optional<Reduction> parseReductionName(std::string_view name) {
  for (unsigned i = 0; i < sizeof(kReductionNames) / sizeof(*kReductionNames);
       ++i)
    if (name == kReductionNames[i])
      return static_cast<Reduction>(i);
  if (name == "amax")
    return Reduction::Max;
  if (name == "amin")
    return Reduction::Min;
  return std::nullopt;
}

Expected<PromotedType> reductionResultType(Reduction r, DType t,
                                           const PromotionOptions &o) {
  bool autoMode = o.isAuto();
  switch (r) {
  case Reduction::Sum:
  case Reduction::Prod: {
    // NumPy (and TF-NumPy's `_reduce(promote_int=_TO_INT_)`): bool and ints
    // narrower than the default int accumulate in the default int (int64,
    // or int32 in auto modes), unsigned ints in the default uint.
    unsigned defaultBits = autoMode ? 32 : 64;
    if (t == DType::Bool || (isSigned(t) && bitWidth(t) < defaultBits))
      return PromotedType{autoMode ? DType::Int32 : DType::Int64, false};
    if (isUnsigned(t) && bitWidth(t) < defaultBits)
      return PromotedType{autoMode ? DType::UInt32 : DType::UInt64, false};
    return PromotedType{t, false};
  }
  case Reduction::Mean:
    if (t == DType::Bool || isInteger(t))
      return PromotedType{autoMode ? DType::Float32 : DType::Float64, false};
    return PromotedType{t, false};
  case Reduction::Max:
  case Reduction::Min:
    return PromotedType{t, false};
  case Reduction::ArgMax:
  case Reduction::ArgMin:
    return PromotedType{DType::Int64, false};
  case Reduction::Any:
  case Reduction::All:
    return PromotedType{DType::Bool, false};
  }
  return PromotedType{t, false};
}

bool reductionNeedsNonEmpty(Reduction r) {
  return r == Reduction::Max || r == Reduction::Min ||
         r == Reduction::ArgMax || r == Reduction::ArgMin;
}

} // namespace sem
} // namespace tnp
