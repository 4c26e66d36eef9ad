//===- PyNumber.h - Python scalars and constant folding ---------*- C++ -*-===//
//
// Part of tnp (internal to lib/Cases). Python evaluates operators between
// literals before NumPy sees them: `-1`, `(1+2j)` and `2 ** 40` reach tnp as
// one Python scalar. This folds them with Python's rules (ints exact, floor
// division and modulo toward -inf, int ** negative int is a float, ...).
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_CASES_PYNUMBER_H
#define TNP_LIB_CASES_PYNUMBER_H

#include "tnp/Cases/PyExpr.h"
#include "tnp/Semantics/Promotion.h"

namespace tnp {
namespace cases {

/// A Python bool, int, float or complex.
struct PyNumber {
  enum class Kind : uint8_t { Bool, Int, Float, Complex };
  Kind kind = Kind::Int;
  bool boolValue = false;
  PyInt intValue;
  double real = 0.0; ///< Float: the value; Complex: the real part
  double imag = 0.0;

  static PyNumber fromBool(bool b);
  static PyNumber fromInt(PyInt i);
  static PyNumber fromFloat(double d);
  static PyNumber fromComplex(double re, double im);

  /// Python's repr ("True", "-3", "1.5", "(1+2j)").
  std::string str() const;
  /// Python's truth value.
  bool truthy() const;
  /// The int value of a bool or an int that fits 64 bits.
  std::optional<int64_t> asInt64() const;
};

/// Python's `a op b`. Errors: `value` for a division by zero, `overflow` for
/// a float result Python reports as OverflowError, `unsupported` where
/// Python raises TypeError (`1.5 & 2`, `1j // 2`).
sem::Expected<PyNumber> foldBinary(BinOpKind op, const PyNumber &a,
                                   const PyNumber &b);
sem::Expected<PyNumber> foldCompare(CmpOpKind op, const PyNumber &a,
                                    const PyNumber &b);
sem::Expected<PyNumber> foldUnary(UnaryOpKind op, const PyNumber &a);

/// The semantics-library literal of a Python scalar. Error: `overflow` for an
/// int outside [-2^64, 2^64) (the literal rules of Promotion.h reject more).
sem::Expected<sem::Scalar> toScalar(const PyNumber &n);

} // namespace cases
} // namespace tnp

#endif // TNP_LIB_CASES_PYNUMBER_H
