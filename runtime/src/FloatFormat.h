//===- FloatFormat.h - NumPy's Dragon4 float formatting ---------*- C++ -*-===//
//
// Part of tnp.
//
// A re-implementation of the output of NumPy's dragon4_positional and
// dragon4_scientific (numpy/core/src/multiarray/dragon4.c, NumPy 1.24) in
// unique mode: the shortest digits that round-trip in the value's own float
// format, or the exact value correctly rounded (ties to even) where a
// precision cuts it or min_digits asks for more. The digit generation uses
// std::to_chars (float32/float64) and a round-trip search for the 16-bit
// formats instead of Dragon4's big integers; the layout rules (sign, '.',
// trimming, padding, exponent digits) follow dragon4.c line by line.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_RUNTIME_SRC_FLOATFORMAT_H
#define TNP_RUNTIME_SRC_FLOATFORMAT_H

#include <string>

namespace tnp {
namespace rt {

/// The binary format a value came from (its shortest digits depend on it).
enum class FloatKind { Float16, BFloat16, Float32, Float64 };

/// dragon4.c's TrimMode, with NumPy's Python spellings.
enum class Trim {
  None,         ///< 'k': keep trailing zeros
  Zeros,        ///< '.': trim trailing zeros, keep the '.'
  LeaveOneZero, ///< '0': trim trailing zeros, leave one after the '.'
  DptZeros,     ///< '-': trim trailing zeros and the '.'
};

struct Dragon4Options {
  bool scientific = false;
  int precision = -1; ///< fractional digits at most; -1: no limit
  int minDigits = -1; ///< fractional digits at least; -1: none
  bool sign = false;  ///< print '+' for non-negative values
  Trim trim = Trim::None;
  int padLeft = -1;   ///< pad to this many characters before the '.'
  int padRight = -1;  ///< pad to this many characters after the '.'
  int expDigits = -1; ///< at least this many exponent digits (-1: 2)
};

/// Formats the finite `value` (exactly representable in `kind`).
std::string dragon4(double value, FloatKind kind, const Dragon4Options &opts);

/// Rounds `value` to the nearest value of `kind` (ties to even; overflow
/// gives infinity), as NumPy's arithmetic in that dtype would.
double roundToKind(double value, FloatKind kind);

} // namespace rt
} // namespace tnp

#endif // TNP_RUNTIME_SRC_FLOATFORMAT_H
