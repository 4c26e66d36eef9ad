//===- FloatFormat.cpp - NumPy's Dragon4 float formatting -----------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "FloatFormat.h"

#include "Internal.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tnp {
namespace rt {
namespace {

/// Decimal digits d0 d1 d2 ... with value d0.d1d2... * 10^exponent. No
/// leading zeros; zero is "0" with exponent 0.
struct Digits {
  std::string digits;
  int exponent = 0;
};

/// Parses the output of printf's %e or to_chars' scientific form.
Digits parseScientific(const char *text) {
  Digits out;
  const char *p = text;
  for (; *p && *p != 'e' && *p != 'E'; ++p)
    if (*p >= '0' && *p <= '9')
      out.digits.push_back(*p);
  out.exponent = (*p == 'e' || *p == 'E') ? std::atoi(p + 1) : 0;
  return out;
}

/// Parses the output of printf's %f (no sign).
Digits parseFixed(const char *text) {
  Digits out;
  int pointPos = -1;
  int n = 0;
  for (const char *p = text; *p; ++p) {
    if (*p == '.') {
      pointPos = n;
      continue;
    }
    out.digits.push_back(*p);
    ++n;
  }
  if (pointPos < 0)
    pointPos = n;
  size_t firstNonZero = out.digits.find_first_not_of('0');
  if (firstNonZero == std::string::npos) {
    out.digits = "0";
    out.exponent = 0;
    return out;
  }
  out.exponent = pointPos - 1 - static_cast<int>(firstNonZero);
  out.digits.erase(0, firstNonZero);
  return out;
}

void stripTrailingZeros(Digits &d) {
  while (d.digits.size() > 1 && d.digits.back() == '0')
    d.digits.pop_back();
}

/// The exact value of `v` (> 0) rounded to `significant` digits.
Digits exactSignificant(double v, int significant) {
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%.*e", significant - 1, v);
  return parseScientific(buf);
}

/// The exact value of `v` (> 0) rounded to `fraction` digits after the point.
Digits exactFraction(double v, int fraction) {
  // Up to 309 integer digits and the requested fraction digits.
  std::string buf(static_cast<size_t>(fraction) + 400, '\0');
  int n = std::snprintf(&buf[0], buf.size(), "%.*f", fraction, v);
  buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return parseFixed(buf.c_str());
}

uint16_t halfBitsOfExact(double v) {
  // `v` is exactly a binary16 value: decompose without rounding.
  uint16_t sign = std::signbit(v) ? 0x8000 : 0;
  double a = std::fabs(v);
  if (std::isinf(a))
    return sign | 0x7C00;
  if (a == 0)
    return sign;
  int e = 0;
  double m = std::frexp(a, &e); // a = m * 2^e, m in [0.5, 1)
  int exponent = e - 1 + 15;     // biased exponent of 1.xxx * 2^(e-1)
  if (exponent <= 0) {
    // Subnormal: a = mantissa * 2^-24.
    return sign | static_cast<uint16_t>(std::ldexp(a, 24));
  }
  uint16_t mantissa = static_cast<uint16_t>(std::ldexp(m, 11)) & 0x3FF;
  return sign | static_cast<uint16_t>(exponent << 10) | mantissa;
}

uint16_t bfloat16BitsOfExact(double v) {
  float f = static_cast<float>(v);
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  return static_cast<uint16_t>(bits >> 16);
}

double fromBits16(uint16_t bits, FloatKind kind) {
  return kind == FloatKind::Float16 ? halfToFloat(bits) : bfloat16ToFloat(bits);
}

/// True when the decimal `candidate` (as parsed into a double, which is exact
/// enough: see below) rounds to `v` in the 16-bit format with bits `bits`.
/// The interval ends are few-bit dyadic numbers, exact in double; a short
/// decimal that is not exactly one of them is far from it compared with the
/// error of strtod, so comparing the parsed double is exact.
bool roundTrips16(double candidate, double v, uint16_t bits, FloatKind kind) {
  uint16_t mag = bits & 0x7FFF;
  double prev = mag == 0 ? 0.0 : fromBits16(mag - 1, kind);
  uint16_t expMask = kind == FloatKind::Float16 ? 0x7C00 : 0x7F80;
  double next;
  if (((mag + 1) & expMask) == expMask) // the next one is infinity
    next = v + (v - prev);
  else
    next = fromBits16(mag + 1, kind);
  double lo = (prev + v) / 2, hi = (v + next) / 2;
  bool even = (mag & 1) == 0;
  bool aboveLo = candidate > lo || (even && candidate == lo);
  bool belowHi = candidate < hi || (even && candidate == hi);
  return aboveLo && belowHi;
}

/// Digits of `m` (a positive integer) and an exponent, as text strtod reads.
double decimalValue(uint64_t mantissa, int significant, int exponent) {
  // mantissa has `significant` digits (or one more after a carry).
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%llue%d",
                static_cast<unsigned long long>(mantissa),
                exponent - (significant - 1));
  return std::strtod(buf, nullptr);
}

Digits digitsOfMantissa(uint64_t mantissa, int significant, int exponent) {
  Digits d;
  d.digits = std::to_string(mantissa);
  d.exponent = exponent - (significant - 1) +
               static_cast<int>(d.digits.size()) - 1;
  stripTrailingZeros(d);
  return d;
}

/// Shortest round-tripping digits of a 16-bit float `v` > 0: for each digit
/// count, the correctly rounded decimal or, when the rounding interval is
/// lopsided (at a power of two), its neighbours.
Digits shortest16(double v, FloatKind kind) {
  uint16_t bits = kind == FloatKind::Float16 ? halfBitsOfExact(v)
                                              : bfloat16BitsOfExact(v);
  for (int significant = 1; significant <= 17; ++significant) {
    Digits r = exactSignificant(v, significant);
    uint64_t mantissa = std::strtoull(r.digits.c_str(), nullptr, 10);
    if (roundTrips16(decimalValue(mantissa, significant, r.exponent), v, bits,
                     kind)) {
      stripTrailingZeros(r);
      return r;
    }
    // Neighbours, the closer to v first.
    double best = -1;
    Digits bestDigits;
    for (int delta : {-1, 1}) {
      if (delta < 0 && mantissa <= 1)
        continue;
      uint64_t m = mantissa + static_cast<uint64_t>(delta);
      double value = decimalValue(m, significant, r.exponent);
      if (!roundTrips16(value, v, bits, kind))
        continue;
      double distance = std::fabs(value - v);
      if (best < 0 || distance < best) {
        best = distance;
        bestDigits = digitsOfMantissa(m, significant, r.exponent);
      }
    }
    if (best >= 0)
      return bestDigits;
  }
  return exactSignificant(v, 17);
}

/// Shortest round-tripping digits of `v` > 0 in `kind`.
Digits shortest(double v, FloatKind kind) {
  char buf[64];
  switch (kind) {
  case FloatKind::Float64: {
    auto res = std::to_chars(buf, buf + sizeof(buf) - 1, v,
                             std::chars_format::scientific);
    *res.ptr = '\0';
    break;
  }
  case FloatKind::Float32: {
    auto res = std::to_chars(buf, buf + sizeof(buf) - 1, static_cast<float>(v),
                             std::chars_format::scientific);
    *res.ptr = '\0';
    break;
  }
  default:
    return shortest16(v, kind);
  }
  Digits d = parseScientific(buf);
  stripTrailingZeros(d);
  return d;
}

/// Digits after the point: in scientific notation those of the mantissa; in
/// positional notation minus the place of the last digit (negative when the
/// digits stop left of the units place, as the shortest digits of a large
/// float16 do: 17824 is "1782e1").
int fractionDigits(const Digits &d, bool scientific) {
  int n = static_cast<int>(d.digits.size()) - 1;
  if (!scientific)
    n -= d.exponent;
  return n;
}

/// The digits Dragon4 prints in unique mode with a precision cut-off and
/// min_digits.
Digits generateDigits(double v, FloatKind kind, const Dragon4Options &opts) {
  Digits d = v == 0 ? Digits{"0", 0} : shortest(v, kind);
  auto exact = [&](int fraction) {
    return opts.scientific ? exactSignificant(v, fraction + 1)
                           : exactFraction(v, fraction);
  };
  if (opts.precision >= 0 && fractionDigits(d, opts.scientific) > opts.precision) {
    // Cut off: the exact value rounded; Dragon4 emits no trailing zeros (a
    // carry shortens the digits).
    d = exact(opts.precision);
    stripTrailingZeros(d);
  }
  // min_digits asks for digits down to the place 10^-min_digits: more digits
  // of the exact value, rounded. Positional min_digits=0 thus makes the whole
  // part exact ("17824." where the shortest digits give "17820.").
  if (opts.minDigits >= 0 && fractionDigits(d, opts.scientific) < opts.minDigits)
    d = exact(opts.minDigits);
  return d;
}

std::string formatPositional(const Digits &d, char signChar,
                             const Dragon4Options &opts) {
  std::string out;
  if (signChar)
    out.push_back(signChar);
  const int hasSign = signChar ? 1 : 0;
  const int numDigits = static_cast<int>(d.digits.size());
  int numWholeDigits;
  int numFractionDigits = 0;
  if (d.exponent >= 0) {
    numWholeDigits = d.exponent + 1;
    if (numDigits <= numWholeDigits) {
      out += d.digits;
      out.append(static_cast<size_t>(numWholeDigits - numDigits), '0');
    } else {
      out.append(d.digits, 0, static_cast<size_t>(numWholeDigits));
      out.push_back('.');
      out.append(d.digits, static_cast<size_t>(numWholeDigits),
                 std::string::npos);
      numFractionDigits = numDigits - numWholeDigits;
    }
  } else {
    numWholeDigits = 1;
    int zeros = -(d.exponent + 1);
    out += "0.";
    out.append(static_cast<size_t>(zeros), '0');
    out += d.digits;
    numFractionDigits = zeros + numDigits;
  }
  if (opts.trim != Trim::DptZeros && numFractionDigits == 0)
    out.push_back('.');
  if (opts.trim == Trim::LeaveOneZero && numFractionDigits == 0) {
    out.push_back('0');
    ++numFractionDigits;
  }
  if (opts.precision >= 0 && opts.trim != Trim::None && numFractionDigits > 0) {
    while (out.back() == '0') {
      out.pop_back();
      --numFractionDigits;
    }
    if (opts.trim == Trim::LeaveOneZero && out.back() == '.') {
      out.push_back('0');
      ++numFractionDigits;
    }
  }
  if (opts.padRight >= numFractionDigits) {
    int count = opts.padRight - numFractionDigits;
    if (opts.trim == Trim::DptZeros && numFractionDigits == 0)
      out.push_back(' ');
    out.append(static_cast<size_t>(count), ' ');
  }
  if (opts.padLeft > numWholeDigits + hasSign)
    out.insert(0, static_cast<size_t>(opts.padLeft - numWholeDigits - hasSign),
               ' ');
  return out;
}

std::string formatScientific(const Digits &d, char signChar,
                             const Dragon4Options &opts) {
  std::string out;
  const int leftChars = 1 + (signChar ? 1 : 0);
  if (opts.padLeft > leftChars)
    out.append(static_cast<size_t>(opts.padLeft - leftChars), ' ');
  if (signChar)
    out.push_back(signChar);
  out.push_back(d.digits[0]);
  int numFractionDigits = static_cast<int>(d.digits.size()) - 1;
  if (numFractionDigits > 0) {
    out.push_back('.');
    out.append(d.digits, 1, std::string::npos);
  }
  if (opts.trim != Trim::DptZeros && numFractionDigits == 0)
    out.push_back('.');
  if (opts.trim == Trim::LeaveOneZero && numFractionDigits == 0) {
    out.push_back('0');
    ++numFractionDigits;
  }
  if (opts.precision >= 0 && opts.trim != Trim::None && numFractionDigits > 0) {
    while (out.back() == '0') {
      out.pop_back();
      --numFractionDigits;
    }
    if (opts.trim == Trim::LeaveOneZero && out.back() == '.') {
      out.push_back('0');
      ++numFractionDigits;
    }
  }
  int expDigits = opts.expDigits;
  if (expDigits > 5)
    expDigits = 5;
  if (expDigits < 0)
    expDigits = 2;
  int e = d.exponent;
  out.push_back('e');
  out.push_back(e >= 0 ? '+' : '-');
  std::string digits = std::to_string(e >= 0 ? e : -e);
  if (static_cast<int>(digits.size()) < expDigits)
    out.append(static_cast<size_t>(expDigits) - digits.size(), '0');
  out += digits;
  return out;
}

} // namespace

std::string dragon4(double value, FloatKind kind, const Dragon4Options &opts) {
  char signChar = 0;
  if (std::signbit(value))
    signChar = '-';
  else if (opts.sign)
    signChar = '+';
  Digits d = generateDigits(std::fabs(value), kind, opts);
  return opts.scientific ? formatScientific(d, signChar, opts)
                         : formatPositional(d, signChar, opts);
}

double roundToKind(double value, FloatKind kind) {
  switch (kind) {
  case FloatKind::Float64:
    return value;
  case FloatKind::Float32:
    return static_cast<double>(static_cast<float>(value));
  case FloatKind::Float16:
  case FloatKind::BFloat16: {
    if (std::isnan(value) || std::isinf(value) || value == 0)
      return value;
    // Precision p bits; smallest normal exponent emin; largest finite max.
    const int p = kind == FloatKind::Float16 ? 11 : 8;
    const int emin = kind == FloatKind::Float16 ? -14 : -126;
    const double maxFinite = kind == FloatKind::Float16 ? 65504.0
                                                        : 3.3895313892515355e38;
    int e = 0;
    std::frexp(value, &e); // |value| in [2^(e-1), 2^e)
    int exponent = e - 1 < emin ? emin : e - 1;
    double quantum = std::ldexp(1.0, exponent - (p - 1));
    double rounded = std::nearbyint(value / quantum) * quantum; // ties to even
    if (std::fabs(rounded) > maxFinite)
      return std::copysign(INFINITY, value);
    return rounded;
  }
  }
  return value;
}

} // namespace rt
} // namespace tnp
