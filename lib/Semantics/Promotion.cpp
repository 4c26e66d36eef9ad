//===- Promotion.cpp - NumPy / TF-NumPy dtype promotion -------------------===//
//
// Part of tnp. The three promotion modes of SPEC.md:
//
//  * legacy: NumPy 1.24's `np.result_type` as TF-NumPy calls it (§a.1): tnp
//    arrays (0-d included) are passed as dtypes, Python literals as values.
//    The implementation follows NumPy 1.24's C code closely
//    (`PyArray_ResultType`, `PyArray_PromoteDTypeSequence`,
//    `PyArray_LegacyResultType`, `min_scalar_type`, the `is_small_unsigned`
//    rule of `promote_types`) so that its quirks come out the same; bfloat16
//    is ml_dtypes' legacy user dtype (kind 'V', safe casts only bool/u8/i8 ->
//    bf16 -> f32/f64/c64/c128). The results were checked against NumPy 1.24.2
//    (with ml_dtypes 0.2.0 for bfloat16); see test/Unit/Semantics/data.
//  * all / safe: TF's lattice table (§b.2) with weak types, folded left.
//
//===----------------------------------------------------------------------===//

#include "tnp/Semantics/Promotion.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace tnp {
namespace sem {

//===----------------------------------------------------------------------===//
// Modes, scalars, promoted types
//===----------------------------------------------------------------------===//

std::string_view promotionModeName(PromotionMode m) {
  switch (m) {
  case PromotionMode::Legacy:
    return "legacy";
  case PromotionMode::All:
    return "all";
  case PromotionMode::Safe:
    return "safe";
  }
  return "legacy";
}

std::optional<PromotionMode> parsePromotionMode(std::string_view name) {
  if (name == "legacy")
    return PromotionMode::Legacy;
  if (name == "all")
    return PromotionMode::All;
  if (name == "safe")
    return PromotionMode::Safe;
  return std::nullopt;
}

Scalar Scalar::fromBool(bool v) {
  Scalar s;
  s.kind = Kind::Bool;
  s.boolValue = v;
  return s;
}

Scalar Scalar::fromInt(int64_t v) {
  Scalar s;
  s.kind = Kind::Int;
  s.negative = v < 0;
  // Two's complement negation in uint64 handles INT64_MIN.
  s.magnitude = v < 0 ? uint64_t(0) - static_cast<uint64_t>(v)
                      : static_cast<uint64_t>(v);
  return s;
}

Scalar Scalar::fromUInt(uint64_t v) {
  Scalar s;
  s.kind = Kind::Int;
  s.magnitude = v;
  return s;
}

Scalar Scalar::fromFloat(double v) {
  Scalar s;
  s.kind = Kind::Float;
  s.real = v;
  return s;
}

Scalar Scalar::fromComplex(double re, double im) {
  Scalar s;
  s.kind = Kind::Complex;
  s.real = re;
  s.imag = im;
  return s;
}

std::optional<int64_t> Scalar::asInt64() const {
  if (kind == Kind::Bool)
    return boolValue ? 1 : 0;
  if (kind != Kind::Int)
    return std::nullopt;
  constexpr uint64_t kMax = static_cast<uint64_t>(INT64_MAX);
  if (!negative)
    return magnitude <= kMax ? std::optional<int64_t>(int64_t(magnitude))
                             : std::nullopt;
  if (magnitude <= kMax)
    return -int64_t(magnitude);
  if (magnitude == kMax + 1)
    return std::numeric_limits<int64_t>::min();
  return std::nullopt;
}

double Scalar::asDouble() const {
  switch (kind) {
  case Kind::Bool:
    return boolValue ? 1.0 : 0.0;
  case Kind::Int:
    return negative ? -double(magnitude) : double(magnitude);
  case Kind::Float:
  case Kind::Complex:
    return real;
  }
  return 0.0;
}

namespace {

/// Python's repr() of a float (shortest round-trip digits, scientific
/// notation outside [1e-4, 1e16)). `addDot0` appends ".0" to integral values
/// as float repr does; complex parts are printed without it.
std::string pythonFloatRepr(double v, bool addDot0) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v < 0 ? "-inf" : "inf";
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  std::string s(buf);
  bool neg = !s.empty() && s[0] == '-';
  if (neg)
    s.erase(0, 1);
  size_t epos = s.find('e');
  int exp = std::atoi(s.c_str() + epos + 1);
  std::string digits;
  for (size_t i = 0; i < epos; ++i)
    if (s[i] >= '0' && s[i] <= '9')
      digits.push_back(s[i]);
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();

  std::string out = neg ? "-" : "";
  if (exp >= -4 && exp < 16) {
    std::string intPart, frac;
    if (exp >= 0) {
      size_t n = size_t(exp) + 1;
      intPart = digits.substr(0, std::min(n, digits.size()));
      while (intPart.size() < n)
        intPart.push_back('0');
      if (digits.size() > n)
        frac = digits.substr(n);
    } else {
      intPart = "0";
      frac = std::string(size_t(-exp - 1), '0') + digits;
    }
    out += intPart;
    if (!frac.empty())
      out += "." + frac;
    else if (addDot0)
      out += ".0";
  } else {
    out += digits.substr(0, 1);
    if (digits.size() > 1)
      out += "." + digits.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof(ebuf), "e%c%02d", exp < 0 ? '-' : '+',
                  exp < 0 ? -exp : exp);
    out += ebuf;
  }
  return out;
}

} // namespace

std::string Scalar::str() const {
  switch (kind) {
  case Kind::Bool:
    return boolValue ? "True" : "False";
  case Kind::Int:
    return (negative && magnitude != 0 ? "-" : "") + std::to_string(magnitude);
  case Kind::Float:
    return pythonFloatRepr(real, /*addDot0=*/true);
  case Kind::Complex: {
    std::string im = pythonFloatRepr(imag, /*addDot0=*/false) + "j";
    if (real == 0.0 && !std::signbit(real))
      return im;
    std::string re = pythonFloatRepr(real, /*addDot0=*/false);
    std::string sign = (std::signbit(imag) && !std::isnan(imag)) ? "" : "+";
    return "(" + re + sign + im + ")";
  }
  }
  return "";
}

std::string PromotedType::str() const {
  std::string s(dtypeName(dtype));
  if (weak)
    s += "*";
  return s;
}

namespace {

Error dtypeError(std::string msg) { return Error{ErrorKind::DType, std::move(msg)}; }

//===----------------------------------------------------------------------===//
// np.promote_types / np.can_cast for the builtin dtypes
//===----------------------------------------------------------------------===//

DType signedOfBits(unsigned bits) {
  switch (bits) {
  case 8:
    return DType::Int8;
  case 16:
    return DType::Int16;
  case 32:
    return DType::Int32;
  default:
    return DType::Int64;
  }
}

DType toSigned(DType t) {
  return isUnsigned(t) ? signedOfBits(bitWidth(t)) : t;
}

/// The smallest float that holds every value of integer `t` (NumPy's safe
/// casts: 8-bit -> float16, 16-bit -> float32, wider -> float64).
DType minFloatFor(DType t) {
  unsigned b = bitWidth(t);
  return b <= 8 ? DType::Float16 : b <= 16 ? DType::Float32 : DType::Float64;
}

DType wider(DType a, DType b) { return bitWidth(a) >= bitWidth(b) ? a : b; }

/// NumPy's `_npy_type_promotion_table` for the 14 builtin dtypes (not
/// bfloat16). Symmetric.
DType promoteBuiltin(DType a, DType b) {
  if (a == b)
    return a;
  if (a == DType::Bool)
    return b;
  if (b == DType::Bool)
    return a;
  if (isInteger(a) && isInteger(b)) {
    if (isSigned(a) == isSigned(b))
      return wider(a, b);
    DType u = isUnsigned(a) ? a : b;
    DType s = isUnsigned(a) ? b : a;
    if (bitWidth(s) > bitWidth(u))
      return s;
    if (bitWidth(u) == 64)
      return DType::Float64;
    return signedOfBits(2 * bitWidth(u));
  }
  if (isInteger(a) || isInteger(b)) {
    DType i = isInteger(a) ? a : b;
    DType x = isInteger(a) ? b : a;
    if (isFloat(x))
      return wider(x, minFloatFor(i));
    DType need = bitWidth(i) <= 16 ? DType::Complex64 : DType::Complex128;
    return wider(x, need);
  }
  if (isFloat(a) == isFloat(b))
    return wider(a, b);
  DType f = isFloat(a) ? a : b;
  DType c = isFloat(a) ? b : a;
  DType need = f == DType::Float64 ? DType::Complex128 : DType::Complex64;
  return wider(c, need);
}

bool isBF16(DType t) { return t == DType::BFloat16; }

Error noCommonDType(DType a, DType b) {
  return dtypeError("dtypes " + std::string(dtypeName(a)) + " and " +
                    std::string(dtypeName(b)) + " have no common dtype");
}

} // namespace

/// Significand bits (incl. the implicit one) of a float dtype's parts.
static int significandBits(DType t) {
  switch (t) {
  case DType::BFloat16:
    return 8;
  case DType::Float16:
    return 11;
  case DType::Float32:
  case DType::Complex64:
    return 24;
  case DType::Float64:
  case DType::Complex128:
    return 53;
  default:
    return 0;
  }
}

bool castPreservesValues(DType from, DType to) {
  if (from == to || from == DType::Bool)
    return true;
  if (to == DType::Bool)
    return false;
  DTypeKind kf = kindOf(from), kt = kindOf(to);
  if (isInteger(from)) {
    int magnitudeBits = int(bitWidth(from)) - (isSigned(from) ? 1 : 0);
    if (isInteger(to)) {
      if (isSigned(from) && !isSigned(to))
        return false;
      int toBits = int(bitWidth(to)) - (isSigned(to) ? 1 : 0);
      return toBits >= magnitudeBits;
    }
    return significandBits(to) >= magnitudeBits;
  }
  if (kf == DTypeKind::Float) {
    if (kt == DTypeKind::Float || kt == DTypeKind::Complex) {
      if (significandBits(to) < significandBits(from))
        return false;
      // bf16 has float32's exponent range: only f32/f64 (and their complex
      // forms) hold all its values; f16 likewise fits in f32 and wider.
      return significandBits(to) >= 24;
    }
    return false;
  }
  // complex -> complex only.
  return kt == DTypeKind::Complex && significandBits(to) >= significandBits(from);
}

bool canCastSafely(DType from, DType to) {
  if (from == to)
    return true;
  if (isBF16(to))
    return from == DType::Bool || from == DType::UInt8 || from == DType::Int8;
  if (isBF16(from))
    return to == DType::Float32 || to == DType::Float64 ||
           to == DType::Complex64 || to == DType::Complex128;
  return promoteBuiltin(from, to) == to;
}

Expected<DType> promoteTypesNumPy(DType a, DType b) {
  if (a == b)
    return a;
  if (isBF16(a) || isBF16(b)) {
    // ml_dtypes' legacy user dtype: NumPy's `legacy_common_dtype_function`
    // picks whichever side the other casts to safely.
    if (canCastSafely(a, b))
      return b;
    if (canCastSafely(b, a))
      return a;
    return noCommonDType(a, b);
  }
  return promoteBuiltin(a, b);
}

namespace {

//===----------------------------------------------------------------------===//
// NumPy 1.24's DType-level common-dtype machinery (common_dtype.c)
//===----------------------------------------------------------------------===//

/// A NumPy DType class: a concrete dtype or one of the abstract DTypes NumPy
/// 1.24 gives Python int/float/complex literals inside `np.result_type`.
enum class Abstract : uint8_t { None, PyInt, PyFloat, PyComplex };

struct Meta {
  Abstract abs = Abstract::None;
  DType dt = DType::Float64;

  static Meta concrete(DType t) { return Meta{Abstract::None, t}; }
  bool isAbstract() const { return abs != Abstract::None; }
  bool operator==(const Meta &o) const {
    return abs == o.abs && (abs != Abstract::None || dt == o.dt);
  }
};

/// NumPy's type numbers decide which builtin DType "knows" the other.
int typeNum(DType t) {
  switch (t) {
  case DType::Bool:
    return 0;
  case DType::Int8:
    return 1;
  case DType::UInt8:
    return 2;
  case DType::Int16:
    return 3;
  case DType::UInt16:
    return 4;
  case DType::Int32:
    return 5;
  case DType::UInt32:
    return 6;
  case DType::Int64:
    return 7; // NPY_LONG
  case DType::UInt64:
    return 8; // NPY_ULONG
  case DType::Float32:
    return 11;
  case DType::Float64:
    return 12;
  case DType::Complex64:
    return 14;
  case DType::Complex128:
    return 15;
  case DType::Float16:
    return 23;
  case DType::BFloat16:
    return 256; // first user type number
  }
  return 0;
}

using MaybeMeta = std::optional<Meta>; // nullopt = NotImplemented

/// `cls.__common_dtype__(other)`: default_builtin_common_dtype,
/// legacy_common_dtype_function (bfloat16) and the abstract DTypes' slots of
/// abstractdtypes.c.
MaybeMeta commonSlot(Meta cls, Meta other) {
  switch (cls.abs) {
  case Abstract::None:
    if (isBF16(cls.dt)) {
      // legacy_common_dtype_function
      if (other.isAbstract() || typeNum(cls.dt) < typeNum(other.dt))
        return std::nullopt;
      if (canCastSafely(cls.dt, other.dt))
        return other;
      if (canCastSafely(other.dt, cls.dt))
        return cls;
      return std::nullopt;
    }
    // default_builtin_common_dtype
    switch (other.abs) {
    case Abstract::PyComplex:
      if (isComplex(cls.dt))
        return cls;
      if (cls.dt == DType::Float16 || cls.dt == DType::Float32)
        return Meta::concrete(DType::Complex64);
      if (cls.dt == DType::Float64)
        return Meta::concrete(DType::Complex128);
      return std::nullopt;
    case Abstract::PyFloat:
      if (isInexact(cls.dt))
        return cls;
      return std::nullopt;
    case Abstract::PyInt:
      if (isInteger(cls.dt) || isInexact(cls.dt))
        return cls;
      return std::nullopt;
    case Abstract::None:
      if (typeNum(other.dt) > typeNum(cls.dt))
        return std::nullopt;
      return Meta::concrete(promoteBuiltin(cls.dt, other.dt));
    }
    return std::nullopt;
  case Abstract::PyInt:
    if (!other.isAbstract()) {
      if (isBF16(other.dt)) {
        for (DType probe : {DType::UInt8, DType::Int8, DType::Int64})
          if (MaybeMeta r = commonSlot(other, Meta::concrete(probe)))
            return r;
        return std::nullopt;
      }
      if (other.dt == DType::Bool)
        return Meta::concrete(DType::Int64);
      return other;
    }
    return std::nullopt;
  case Abstract::PyFloat:
    if (!other.isAbstract()) {
      if (isBF16(other.dt)) {
        if (MaybeMeta r = commonSlot(other, Meta::concrete(DType::Float16)))
          return r;
        return commonSlot(other, Meta::concrete(DType::Float64));
      }
      if (other.dt == DType::Bool || isInteger(other.dt))
        return Meta::concrete(DType::Float64);
      return other; // floats and complex are preserved
    }
    if (other.abs == Abstract::PyInt)
      return cls;
    return std::nullopt;
  case Abstract::PyComplex:
    if (!other.isAbstract()) {
      if (isBF16(other.dt)) {
        if (MaybeMeta r = commonSlot(other, Meta::concrete(DType::Complex64)))
          return r;
        return commonSlot(other, Meta::concrete(DType::Complex128));
      }
      if (other.dt == DType::Bool || isInteger(other.dt))
        return Meta::concrete(DType::Complex128);
      if (other.dt == DType::Float16 || other.dt == DType::Float32)
        return Meta::concrete(DType::Complex64);
      if (other.dt == DType::Float64)
        return Meta::concrete(DType::Complex128);
      return other; // complex is preserved
    }
    if (other.abs == Abstract::PyInt || other.abs == Abstract::PyFloat)
      return cls;
    return std::nullopt;
  }
  return std::nullopt;
}

DType defaultDescr(Meta m) {
  switch (m.abs) {
  case Abstract::None:
    return m.dt;
  case Abstract::PyInt:
    return DType::Int64;
  case Abstract::PyFloat:
    return DType::Float64;
  case Abstract::PyComplex:
    return DType::Complex128;
  }
  return m.dt;
}

Error noCommonMeta(Meta a, Meta b) {
  return noCommonDType(defaultDescr(a), defaultDescr(b));
}

/// PyArray_CommonDType.
Expected<Meta> commonDType(Meta a, Meta b) {
  if (a == b)
    return a;
  MaybeMeta r = commonSlot(a, b);
  if (!r)
    r = commonSlot(b, a);
  if (!r)
    return noCommonMeta(a, b);
  return *r;
}

/// reduce_dtypes_to_most_knowledgeable: partially sorts `d[0..length)` so
/// that d[0] is the DType every other defers to; clears (nullopt) entries
/// that cannot influence the result. Returns the last pairwise result
/// (nullopt = NotImplemented).
MaybeMeta reduceToMostKnowledgeable(size_t length, std::vector<MaybeMeta> &d) {
  size_t half = length / 2;
  MaybeMeta res;
  for (size_t low = 0; low < half; ++low) {
    size_t high = length - 1 - low;
    if (*d[high] == *d[low]) {
      res = d[low];
    } else {
      if (d[high]->isAbstract())
        std::swap(d[low], d[high]);
      res = commonSlot(*d[low], *d[high]);
    }
    if (!res)
      std::swap(d[low], d[high]);
    if (res && *res == *d[low])
      d[high] = std::nullopt;
  }
  if (length == 2)
    return res;
  return reduceToMostKnowledgeable(length - half, d);
}

/// PyArray_PromoteDTypeSequence: order-independent common DType.
Expected<Meta> promoteDTypeSequence(const std::vector<Meta> &in) {
  if (in.size() == 1)
    return in[0];
  std::vector<MaybeMeta> d(in.begin(), in.end());
  MaybeMeta result = reduceToMostKnowledgeable(d.size(), d);
  Meta mainDType = *d[0];
  size_t start = result ? 2 : 1;
  for (size_t i = start; i < d.size(); ++i) {
    if (!d[i])
      continue;
    MaybeMeta promotion = commonSlot(mainDType, *d[i]);
    if (!promotion)
      return noCommonMeta(*d[i], mainDType);
    if (!result) {
      result = promotion;
      continue;
    }
    Expected<Meta> r = commonDType(*result, *promotion);
    if (!r)
      return r.error();
    result = *r;
  }
  return *result;
}

//===----------------------------------------------------------------------===//
// Value-based casting (NumPy 1.x, PyArray_LegacyResultType)
//===----------------------------------------------------------------------===//

/// A Python literal as NumPy 1.24's `np.result_type` sees it: a 0-d array of
/// `dtype` holding `value`.
struct LiteralValue {
  DType dtype;
  Scalar value;
};

/// dtype_kind_to_simplified_ordering: b < u,i < f,c < anything else. Note
/// that float and complex are one category (so float32 + 1j is complex64),
/// and that bfloat16's kind is 'V' (the highest).
int simplifiedKind(DType t) {
  if (isBF16(t))
    return 3;
  switch (kindOf(t)) {
  case DTypeKind::Bool:
    return 0;
  case DTypeKind::UnsignedInt:
  case DTypeKind::SignedInt:
    return 1;
  case DTypeKind::Float:
  case DTypeKind::Complex:
    return 2;
  }
  return 3;
}

struct MinScalar {
  DType dtype;
  bool smallUnsigned;
};

MinScalar minUnsigned(uint64_t v) {
  if (v <= 0xFFu)
    return {DType::UInt8, v <= 0x7Fu};
  if (v <= 0xFFFFu)
    return {DType::UInt16, v <= 0x7FFFu};
  if (v <= 0xFFFFFFFFu)
    return {DType::UInt32, v <= 0x7FFFFFFFu};
  return {DType::UInt64, v <= 0x7FFFFFFFFFFFFFFFull};
}

/// min_scalar_type_num of NumPy 1.24.
MinScalar minScalarType(const LiteralValue &lit) {
  const Scalar &v = lit.value;
  switch (lit.dtype) {
  case DType::Int64:
  case DType::UInt64:
    if (v.kind != Scalar::Kind::Int)
      break;
    if (!v.negative || v.magnitude == 0)
      return minUnsigned(v.magnitude);
    if (v.magnitude <= 128u)
      return {DType::Int8, false};
    if (v.magnitude <= 32768u)
      return {DType::Int16, false};
    if (v.magnitude <= 2147483648u)
      return {DType::Int32, false};
    return {DType::Int64, false};
  case DType::Float64: {
    double x = v.asDouble();
    if ((x > -65000 && x < 65000) || !std::isfinite(x))
      return {DType::Float16, false};
    if (x > -3.4e38 && x < 3.4e38)
      return {DType::Float32, false};
    return {DType::Float64, false};
  }
  case DType::Float32: {
    float x = static_cast<float>(v.asDouble());
    if ((x > -65000 && x < 65000) || !std::isfinite(x))
      return {DType::Float16, false};
    return {DType::Float32, false};
  }
  case DType::Complex128: {
    double re = v.real, im = v.kind == Scalar::Kind::Complex ? v.imag : 0.0;
    if (re > -3.4e38 && re < 3.4e38 && im > -3.4e38 && im < 3.4e38)
      return {DType::Complex64, false};
    return {DType::Complex128, false};
  }
  default:
    break;
  }
  return {lit.dtype, false};
}

/// promote_types() of convert_datatype.c with the is_small_unsigned flags: a
/// small non-negative literal may act as the signed type of its size.
/// NumPy keeps the flag on the running result even after it stopped being an
/// unsigned int; with a user dtype (bfloat16) there, NumPy indexes its
/// promotion table out of bounds (undefined behaviour). tnp only converts
/// types that are unsigned ints and otherwise promotes normally.
Expected<DType> promoteSmall(DType t1, bool small1, DType t2, bool small2) {
  auto signedLike = [](DType t) {
    return !isBF16(t) && t != DType::Bool && !isUnsigned(t);
  };
  small1 = small1 && isUnsigned(t1);
  small2 = small2 && isUnsigned(t2);
  if (small1) {
    if (signedLike(t2))
      return promoteBuiltin(toSigned(t1), t2);
    return promoteTypesNumPy(t1, t2);
  }
  if (small2) {
    if (signedLike(t1))
      return promoteBuiltin(t1, toSigned(t2));
    return promoteTypesNumPy(t1, t2);
  }
  return promoteTypesNumPy(t1, t2);
}

Expected<DType> promoteConcreteSequence(const std::vector<DType> &ts) {
  std::vector<Meta> metas;
  for (DType t : ts)
    metas.push_back(Meta::concrete(t));
  Expected<Meta> m = promoteDTypeSequence(metas);
  if (!m)
    return m.error();
  return defaultDescr(*m);
}

/// PyArray_LegacyResultType(narrs = literals, ndtypes = arrays).
Expected<DType> legacyResultTypeValueBased(const std::vector<DType> &arrays,
                                           const std::vector<LiteralValue> &lits) {
  if (arrays.size() + lits.size() == 1)
    return arrays.empty() ? lits[0].dtype : arrays[0];

  // should_use_min_scalar
  int maxScalarKind = -1, maxArrayKind = -1;
  for (const LiteralValue &l : lits)
    maxScalarKind = std::max(maxScalarKind, simplifiedKind(l.dtype));
  for (DType a : arrays)
    maxArrayKind = std::max(maxArrayKind, simplifiedKind(a));
  bool useMinScalar = !arrays.empty() && maxArrayKind >= maxScalarKind;

  if (!useMinScalar) {
    std::vector<DType> all;
    for (const LiteralValue &l : lits)
      all.push_back(l.dtype);
    all.insert(all.end(), arrays.begin(), arrays.end());
    return promoteConcreteSequence(all);
  }

  // A left fold, literals first. Note that NumPy updates the "small
  // unsigned" flag of the running result only while folding the literals.
  std::optional<DType> ret;
  bool retSmall = false;
  for (const LiteralValue &l : lits) {
    MinScalar m = minScalarType(l);
    if (!ret) {
      ret = m.dtype;
      retSmall = m.smallUnsigned;
      continue;
    }
    Expected<DType> r = promoteSmall(m.dtype, m.smallUnsigned, *ret, retSmall);
    if (!r)
      return r;
    ret = *r;
    retSmall = m.smallUnsigned && retSmall;
  }
  for (DType a : arrays) {
    Expected<DType> r = promoteSmall(a, false, *ret, retSmall);
    if (!r)
      return r;
    ret = *r;
  }
  return *ret;
}

/// NumPy 1.24's PyArray_ResultType for `np.result_type(*arrays_as_dtypes,
/// *literal_values)`.
Expected<DType> legacyResultType(const std::vector<DType> &arrays,
                                 const std::vector<LiteralValue> &lits) {
  if (arrays.empty() && lits.empty())
    return Error{ErrorKind::Value, "at least one array or dtype is required"};
  if (arrays.size() + lits.size() == 1)
    return arrays.empty() ? lits[0].dtype : arrays[0];

  std::vector<Meta> metas;
  for (DType a : arrays)
    metas.push_back(Meta::concrete(a));
  // Python int/float/complex literals get NumPy's abstract DTypes; a Python
  // bool, and NumPy scalars (prefer_float32's float32/complex64), do not.
  bool allPyScalar = arrays.empty();
  for (const LiteralValue &l : lits) {
    Meta m = Meta::concrete(l.dtype);
    if (l.value.kind == Scalar::Kind::Int &&
        (l.dtype == DType::Int64 || l.dtype == DType::UInt64)) {
      m.abs = Abstract::PyInt;
      if (l.dtype != DType::Int64)
        allPyScalar = false;
    } else if (l.value.kind == Scalar::Kind::Float &&
               l.dtype == DType::Float64) {
      m.abs = Abstract::PyFloat;
    } else if (l.value.kind == Scalar::Kind::Complex &&
               l.dtype == DType::Complex128) {
      m.abs = Abstract::PyComplex;
    } else {
      allPyScalar = false;
    }
    metas.push_back(m);
  }
  Expected<Meta> common = promoteDTypeSequence(metas);
  if (!common)
    return common.error();
  DType result = defaultDescr(*common);
  // Value-based logic applies unless everything was a Python scalar or the
  // common dtype is a user dtype (bfloat16).
  if (!lits.empty() && !allPyScalar && !isBF16(result))
    return legacyResultTypeValueBased(arrays, lits);
  return result;
}

//===----------------------------------------------------------------------===//
// TF's auto-conversion lattice (SPEC §b.2)
//===----------------------------------------------------------------------===//

// Rows and columns: the 15 dtypes in enum order, then i32*, i64*, f32*, f64*,
// c128*. A trailing '!' marks an (A) cell: allowed only in mode `all`.
// Generated from SPEC.md §b.2 (symmetric; the weak-by-weak cells the markdown
// leaves out, i64*+i64* -> i64*, i64*+f64* -> f64*, f64*+f64* -> f64*, are
// TF's flexible_dtypes._BINARY_DTYPE_RES_HALF).
constexpr unsigned kAutoN = 20;
const char *const kAutoTable[kAutoN][kAutoN] = {
    /* b     */ {"b", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "bf16", "f16", "f32", "f64", "c64", "c128", "i32*", "i64*", "f32*", "f64*", "c128*"},
    /* u8    */ {"u8", "u8", "u16", "u32", "u64", "i16!", "i16", "i32", "i64", "bf16", "f16", "f32", "f64", "c64", "c128", "u8", "u8", "f64*!", "f64*", "c128*"},
    /* u16   */ {"u16", "u16", "u16", "u32", "u64", "i32!", "i32!", "i32", "i64", "bf16!", "f16!", "f32", "f64", "c64", "c128", "u16", "u16", "f64*!", "f64*", "c128*"},
    /* u32   */ {"u32", "u32", "u32", "u32", "u64", "i64!", "i64!", "i64!", "i64", "bf16!", "f16!", "f32!", "f64", "c64!", "c128", "u32", "u32", "f64*!", "f64*", "c128*"},
    /* u64   */ {"u64", "u64", "u64", "u64", "u64", "f64*!", "f64*!", "f64*!", "f64*!", "bf16!", "f16!", "f32!", "f64!", "c64!", "c128!", "u64", "u64", "f64*!", "f64*!", "c128*!"},
    /* i8    */ {"i8", "i16!", "i32!", "i64!", "f64*!", "i8", "i16", "i32", "i64", "bf16", "f16", "f32", "f64", "c64", "c128", "i8", "i8", "f64*!", "f64*", "c128*"},
    /* i16   */ {"i16", "i16", "i32!", "i64!", "f64*!", "i16", "i16", "i32", "i64", "bf16!", "f16!", "f32", "f64", "c64", "c128", "i16", "i16", "f64*!", "f64*", "c128*"},
    /* i32   */ {"i32", "i32", "i32", "i64!", "f64*!", "i32", "i32", "i32", "i64", "bf16!", "f16!", "f32!", "f64", "c64!", "c128", "i32", "i32", "f64*!", "f64*", "c128*"},
    /* i64   */ {"i64", "i64", "i64", "i64", "f64*!", "i64", "i64", "i64", "i64", "bf16!", "f16!", "f32!", "f64!", "c64!", "c128!", "i64", "i64", "f64*!", "f64*!", "c128*!"},
    /* bf16  */ {"bf16", "bf16", "bf16!", "bf16!", "bf16!", "bf16", "bf16!", "bf16!", "bf16!", "bf16", "f32!", "f32", "f64", "c64", "c128", "bf16", "bf16", "bf16", "bf16", "c64!"},
    /* f16   */ {"f16", "f16", "f16!", "f16!", "f16!", "f16", "f16!", "f16!", "f16!", "f32!", "f16", "f32", "f64", "c64", "c128", "f16", "f16", "f16", "f16", "c64!"},
    /* f32   */ {"f32", "f32", "f32", "f32!", "f32!", "f32", "f32", "f32!", "f32!", "f32", "f32", "f32", "f64", "c64", "c128", "f32", "f32", "f32", "f32", "c64!"},
    /* f64   */ {"f64", "f64", "f64", "f64", "f64!", "f64", "f64", "f64", "f64!", "f64", "f64", "f64", "f64", "c128!", "c128", "f64", "f64", "f64", "f64", "c128"},
    /* c64   */ {"c64", "c64", "c64", "c64!", "c64!", "c64", "c64", "c64!", "c64!", "c64", "c64", "c64", "c128!", "c64", "c128", "c64", "c64", "c64", "c64", "c64"},
    /* c128  */ {"c128", "c128", "c128", "c128", "c128!", "c128", "c128", "c128", "c128!", "c128", "c128", "c128", "c128", "c128", "c128", "c128", "c128", "c128", "c128", "c128"},
    /* i32*  */ {"i32*", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "bf16", "f16", "f32", "f64", "c64", "c128", "i32*", "i64*", "f32*", "f64*", "c128*"},
    /* i64*  */ {"i64*", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "bf16", "f16", "f32", "f64", "c64", "c128", "i64*", "i64*", "f32*", "f64*", "c128*"},
    /* f32*  */ {"f32*", "f64*!", "f64*!", "f64*!", "f64*!", "f64*!", "f64*!", "f64*!", "f64*!", "bf16", "f16", "f32", "f64", "c64", "c128", "f32*", "f32*", "f32*", "f64*", "c128*"},
    /* f64*  */ {"f64*", "f64*", "f64*", "f64*", "f64*!", "f64*", "f64*", "f64*", "f64*!", "bf16", "f16", "f32", "f64", "c64", "c128", "f64*", "f64*", "f64*", "f64*", "c128*"},
    /* c128* */ {"c128*", "c128*", "c128*", "c128*", "c128*!", "c128*", "c128*", "c128*", "c128*!", "c64!", "c64!", "c64!", "c128", "c64", "c128", "c128*", "c128*", "c128*", "c128*", "c128*"},
};

struct AutoCell {
  PromotedType type;
  bool allOnly;
};

DType parseShortName(std::string_view s) {
  static const std::pair<const char *, DType> kShort[] = {
      {"b", DType::Bool},        {"u8", DType::UInt8},
      {"u16", DType::UInt16},    {"u32", DType::UInt32},
      {"u64", DType::UInt64},    {"i8", DType::Int8},
      {"i16", DType::Int16},     {"i32", DType::Int32},
      {"i64", DType::Int64},     {"bf16", DType::BFloat16},
      {"f16", DType::Float16},   {"f32", DType::Float32},
      {"f64", DType::Float64},   {"c64", DType::Complex64},
      {"c128", DType::Complex128}};
  for (const auto &p : kShort)
    if (s == p.first)
      return p.second;
  return DType::Float64; // unreachable for the table above
}

const AutoCell &autoCell(unsigned i, unsigned j) {
  struct Table {
    AutoCell cells[kAutoN][kAutoN];
    Table() {
      for (unsigned r = 0; r < kAutoN; ++r)
        for (unsigned c = 0; c < kAutoN; ++c) {
          std::string_view s = kAutoTable[r][c];
          AutoCell cell{};
          if (!s.empty() && s.back() == '!') {
            cell.allOnly = true;
            s.remove_suffix(1);
          }
          if (!s.empty() && s.back() == '*') {
            cell.type.weak = true;
            s.remove_suffix(1);
          }
          cell.type.dtype = parseShortName(s);
          cells[r][c] = cell;
        }
    }
  };
  static const Table table;
  return table.cells[i][j];
}

/// Row/column of a type in kAutoTable. A weak type TF cannot have (weak types
/// are only i32*, i64*, f32*, f64*, c128*) is treated as its strong dtype.
unsigned autoIndex(PromotedType t) {
  if (t.weak) {
    switch (t.dtype) {
    case DType::Int32:
      return 15;
    case DType::Int64:
      return 16;
    case DType::Float32:
      return 17;
    case DType::Float64:
      return 18;
    case DType::Complex128:
      return 19;
    default:
      break;
    }
  }
  return static_cast<unsigned>(t.dtype);
}

std::string describeAuto(PromotedType t) {
  if (autoIndex(t) >= kNumDTypes)
    return "weak " + std::string(dtypeName(t.dtype));
  return std::string(dtypeName(t.dtype));
}

PromotedType normalizeWeak(PromotedType t) {
  return autoIndex(t) >= kNumDTypes ? t : PromotedType{t.dtype, false};
}

Expected<DType> literalDType(const Scalar &v, const PromotionOperand &op,
                             const PromotionOptions &o) {
  if (op.values.size() == 1)
    return op.type.dtype;
  Expected<PromotedType> t = literalType(v, o);
  if (!t)
    return t.error();
  return t->dtype;
}

Expected<PromotedType> promoteLegacy(const std::vector<PromotionOperand> &ops,
                                     const PromotionOptions &o) {
  std::vector<DType> arrays;
  std::vector<LiteralValue> lits;
  for (const PromotionOperand &op : ops) {
    if (!op.isLiteral()) {
      arrays.push_back(op.type.dtype);
      continue;
    }
    for (const Scalar &v : op.values) {
      Expected<DType> d = literalDType(v, op, o);
      if (!d)
        return d.error();
      lits.push_back(LiteralValue{*d, v});
    }
  }
  Expected<DType> r = legacyResultType(arrays, lits);
  if (!r)
    return r.error();
  return PromotedType{*r, false};
}

Expected<PromotedType> promoteAuto(const std::vector<PromotionOperand> &ops,
                                   PromotionMode mode) {
  if (ops.empty())
    return PromotedType{DType::Float32, true};
  PromotedType res = normalizeWeak(ops[0].type);
  for (size_t i = 1; i < ops.size(); ++i) {
    Expected<PromotedType> r = promoteTypesAuto(res, ops[i].type, mode);
    if (!r)
      return r;
    res = *r;
  }
  return res;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

Expected<PromotedType> promoteTypesAuto(PromotedType a, PromotedType b,
                                        PromotionMode mode) {
  const AutoCell &cell = autoCell(autoIndex(a), autoIndex(b));
  // `legacy` is not an auto mode; it is treated like `all` here (no (A)
  // restriction) so the function is total.
  if (cell.allOnly && mode == PromotionMode::Safe)
    return dtypeError("in promotion mode safe, implicit dtype promotion "
                      "between " +
                      describeAuto(a) + " and " + describeAuto(b) +
                      " is disallowed; cast explicitly or use mode 'all'");
  return cell.type;
}

Expected<PromotedType> literalType(const Scalar &v, const PromotionOptions &o) {
  if (o.isAuto()) {
    switch (v.kind) {
    case Scalar::Kind::Bool:
      // TF's quirk (§b.1): a Python bool passes the `isinstance(x, int)`
      // test and becomes a weak int32.
      return PromotedType{DType::Int32, true};
    case Scalar::Kind::Int: {
      bool fits = v.negative ? v.magnitude <= 2147483648ull
                             : v.magnitude <= 2147483647ull;
      if (!fits)
        return Error{ErrorKind::Overflow,
                     "python integer " + v.str() + " out of bounds for int32"};
      return PromotedType{DType::Int32, true};
    }
    case Scalar::Kind::Float:
      return PromotedType{DType::Float32, true};
    case Scalar::Kind::Complex:
      return PromotedType{DType::Complex128, true};
    }
  }
  switch (v.kind) {
  case Scalar::Kind::Bool:
    return PromotedType{DType::Bool, true};
  case Scalar::Kind::Int:
    if (v.negative) {
      if (v.magnitude > (uint64_t(1) << 63))
        return Error{ErrorKind::Overflow,
                     "python integer " + v.str() + " out of bounds for int64"};
      return PromotedType{DType::Int64, true};
    }
    if (v.magnitude > uint64_t(INT64_MAX))
      return PromotedType{DType::UInt64, true};
    return PromotedType{DType::Int64, true};
  case Scalar::Kind::Float:
    return PromotedType{o.preferFloat32 ? DType::Float32 : DType::Float64,
                        true};
  case Scalar::Kind::Complex:
    return PromotedType{o.preferFloat32 ? DType::Complex64
                                        : DType::Complex128,
                        true};
  }
  return PromotedType{DType::Float64, true};
}

Expected<PromotionOperand> literalOperand(const Scalar &v,
                                          const PromotionOptions &o) {
  Expected<PromotedType> t = literalType(v, o);
  if (!t)
    return t.error();
  return PromotionOperand{*t, {v}};
}

Expected<PromotionOperand> literalListOperand(const std::vector<Scalar> &vs,
                                              const PromotionOptions &o) {
  if (vs.empty()) {
    // An empty list is an empty float array (no values to be weak about).
    Expected<PromotedType> t = asarrayType(vs, o);
    if (!t)
      return t.error();
    return PromotionOperand::array(t->dtype, t->weak);
  }
  Expected<PromotedType> t = asarrayType(vs, o);
  if (!t)
    return t.error();
  return PromotionOperand{PromotedType{t->dtype, true}, vs};
}

Expected<PromotedType> asarrayType(const std::vector<Scalar> &vs,
                                   const PromotionOptions &o) {
  if (vs.empty())
    return o.isAuto() ? PromotedType{DType::Float32, true}
                      : PromotedType{DType::Float64, false};
  if (o.isAuto()) {
    std::optional<PromotedType> res;
    for (const Scalar &v : vs) {
      Expected<PromotedType> t = literalType(v, o);
      if (!t)
        return t;
      if (!res) {
        res = *t;
        continue;
      }
      Expected<PromotedType> r = promoteTypesAuto(*res, *t, o.mode);
      if (!r)
        return r;
      res = *r;
    }
    return *res;
  }
  std::vector<LiteralValue> lits;
  for (const Scalar &v : vs) {
    Expected<PromotedType> t = literalType(v, o);
    if (!t)
      return t;
    lits.push_back(LiteralValue{t->dtype, v});
  }
  Expected<DType> r = legacyResultType({}, lits);
  if (!r)
    return r.error();
  return PromotedType{*r, false};
}

Expected<PromotedType> promote(const std::vector<PromotionOperand> &operands,
                               const PromotionOptions &o) {
  if (o.isAuto())
    return promoteAuto(operands, o.mode);
  return promoteLegacy(operands, o);
}

} // namespace sem
} // namespace tnp
