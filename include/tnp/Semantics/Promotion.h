//===- Promotion.h - NumPy / TF-NumPy dtype promotion -----------*- C++ -*-===//
//
// Part of tnp. Promotion in the three modes of SPEC.md: `legacy` (NumPy 1.24
// rules; arrays incl. 0-d promote by dtype only, Python literals are weak with
// value-based casting), `all` and `safe` (TF's lattice with weak types, §b; a
// `safe` violation is a `dtype` error), plus `prefer_float32` (§a.4).
//
//===----------------------------------------------------------------------===//

#ifndef TNP_SEMANTICS_PROMOTION_H
#define TNP_SEMANTICS_PROMOTION_H

#include "tnp/Semantics/DType.h"

#include <vector>

namespace tnp {
namespace sem {

enum class PromotionMode : uint8_t { Legacy, All, Safe };

std::string_view promotionModeName(PromotionMode m); // "legacy" | "all" | "safe"
std::optional<PromotionMode> parsePromotionMode(std::string_view name);

/// The global knobs of `experimental_enable_numpy_behavior`.
struct PromotionOptions {
  PromotionMode mode = PromotionMode::Legacy;
  bool preferFloat32 = false;

  bool isAuto() const { return mode != PromotionMode::Legacy; }
};

/// A Python literal value (bool, int, float or complex). Integers are held as
/// a sign plus a 64-bit magnitude so every Python int in [-2^64, 2^64] is
/// representable; the front-end reports `overflow` for anything larger.
struct Scalar {
  enum class Kind : uint8_t { Bool, Int, Float, Complex };
  Kind kind = Kind::Int;
  bool boolValue = false;
  bool negative = false;   // Int: sign
  uint64_t magnitude = 0;  // Int: |value|
  double real = 0.0;       // Float: value; Complex: real part
  double imag = 0.0;       // Complex: imaginary part

  static Scalar fromBool(bool v);
  static Scalar fromInt(int64_t v);
  static Scalar fromUInt(uint64_t v);
  static Scalar fromFloat(double v);
  static Scalar fromComplex(double re, double im);

  /// Integer value as int64 if it fits.
  std::optional<int64_t> asInt64() const;
  /// Value converted to double (real part for complex, 0/1 for bool).
  double asDouble() const;
  /// Python-style text: "True", "-3", "1.5", "(1+2j)".
  std::string str() const;
};

/// A dtype with TF's weakness flag (§b: `i32*`, `f64*`, ...).
struct PromotedType {
  DType dtype = DType::Float64;
  bool weak = false;

  bool operator==(const PromotedType &o) const {
    return dtype == o.dtype && weak == o.weak;
  }
  bool operator!=(const PromotedType &o) const { return !(*this == o); }
  /// "int32", or "int32*" when weak.
  std::string str() const;
};

/// One input of a promotion. A tnp array (0-d or not) is `array(dtype)`; a
/// Python literal is `literal(...)`, which is weak and carries its value(s):
/// legacy mode needs the values for NumPy 1.x value-based casting; a flattened
/// Python list passed to a ufunc is one operand with several values (§a.2.3).
/// In auto modes a weak non-literal (a WeakTensor result) has no values.
struct PromotionOperand {
  PromotedType type;
  std::vector<Scalar> values; // literal values; empty when not a literal

  static PromotionOperand array(DType t, bool weak = false) {
    return PromotionOperand{PromotedType{t, weak}, {}};
  }
  bool isLiteral() const { return !values.empty(); }
};

/// The dtype a Python literal gets on its own (SPEC §a.5 / §b.1) in the given
/// mode: legacy: bool -> bool, int -> int64 (uint64 for ints >= 2^63),
/// float -> float64 (float32 with preferFloat32), complex -> complex128
/// (complex64 with preferFloat32); all/safe: int and bool -> int32*, float ->
/// float32*, complex -> complex128*. Returns an `overflow` error when an int
/// does not fit (outside int32 in auto modes, outside [-2^63, 2^64) in legacy).
/// The result is weak in every mode (a literal is always weak as an operand).
Expected<PromotedType> literalType(const Scalar &v, const PromotionOptions &o);

/// The literal-operand for `v` in mode `o` (literalType plus the value).
Expected<PromotionOperand> literalOperand(const Scalar &v,
                                          const PromotionOptions &o);
/// Same for a list of literals (a Python list flattened, §a.2.3); the type is
/// the promotion of the elements' types.
Expected<PromotionOperand> literalListOperand(const std::vector<Scalar> &vs,
                                              const PromotionOptions &o);

/// The dtype of `asarray(values)` / `array(values)` for a (flattened) Python
/// literal or list in mode `o` (SPEC §a.5): legacy: int64/float64/complex128/
/// bool (float32/complex64 with preferFloat32 only when *all* inexact values
/// are floats: `asarray([1, 2.5])` stays float64); auto: the weak literal
/// types. Empty list -> float64 (float32 in auto modes).
Expected<PromotedType> asarrayType(const std::vector<Scalar> &vs,
                                   const PromotionOptions &o);

/// NumPy's `np.promote_types(a, b)` (no values, no weakness), extended with
/// bfloat16 as ml_dtypes registers it (SPEC §a.6 †). Returns a `dtype` error
/// when NumPy finds no common dtype (e.g. bfloat16 with int16).
Expected<DType> promoteTypesNumPy(DType a, DType b);

/// NumPy's `np.can_cast(from, to, casting='safe')`, bfloat16 included.
bool canCastSafely(DType from, DType to);

/// Whether every value of `from` converts to `to` exactly, so that a later
/// cast sees the original values (NumPy's "safe" is weaker: int64 -> float64
/// is safe but rounds). Used to fold astype chains.
bool castPreservesValues(DType from, DType to);

/// The lattice join of §b.2 for two (possibly weak) types in `all`/`safe`
/// mode. `safe` violations ((A) cells) are `dtype` errors whose message names
/// both dtypes and the mode.
Expected<PromotedType> promoteTypesAuto(PromotedType a, PromotedType b,
                                        PromotionMode mode);

/// The promoted type of all operands in mode `o`: legacy = NumPy 1.24's
/// `np.result_type` with arrays by dtype only and literals value-based
/// (§a.1, a.2); auto = left fold of promoteTypesAuto (§b.1). In legacy the
/// result is never weak. Errors: `dtype` (no common dtype, safe violation).
Expected<PromotedType> promote(const std::vector<PromotionOperand> &operands,
                               const PromotionOptions &o);

} // namespace sem
} // namespace tnp

#endif // TNP_SEMANTICS_PROMOTION_H
