//===- ComplexMath.h - NumPy's complex functions as IR -----------*- C++ -*-===//
//
// Part of tnp. Internal to the TNPToLinalg conversion: the complex
// elementary functions of ComplexMath.cpp, built from straight-line IEEE
// arithmetic on their parts (FOps), which ScalarOps.cpp's ufunc emitters
// call.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_CONVERSION_TNPTOLINALG_COMPLEXMATH_H
#define TNP_LIB_CONVERSION_TNPTOLINALG_COMPLEXMATH_H

#include "ScalarOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/APFloat.h"

#include <limits>
#include <utility>

namespace mlir {
namespace tnp {
namespace detail {

/// IEEE arithmetic on one float type (f32 or f64) for the complex functions.
/// Comparisons have C's semantics (false with a NaN).
struct FOps {
  OpBuilder &b;
  Location loc;
  FloatType t;

  using P = arith::CmpFPredicate;

  bool isF32() { return t.getWidth() == 32; }
  double eps() {
    return isF32() ? std::numeric_limits<float>::epsilon()
                   : std::numeric_limits<double>::epsilon();
  }
  double maxValue() {
    return isF32() ? std::numeric_limits<float>::max()
                   : std::numeric_limits<double>::max();
  }
  /// The smallest normal number (FLT_MIN / DBL_MIN).
  double minNormal() {
    return isF32() ? std::numeric_limits<float>::min()
                   : std::numeric_limits<double>::min();
  }
  int mantDigits() { return isF32() ? 24 : 53; }

  Value c(double v) { return floatConst(b, loc, t, v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  /// max/min of values known not to be NaN where the result matters.
  Value max(Value x, Value y) {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value min(Value x, Value y) {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value copysign(Value x, Value s) {
    return math::CopySignOp::create(b, loc, x, s);
  }
  Value sqrt(Value x) { return math::SqrtOp::create(b, loc, x); }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value log(Value x) { return math::LogOp::create(b, loc, x); }
  Value sin(Value x) { return math::SinOp::create(b, loc, x); }
  Value cos(Value x) { return math::CosOp::create(b, loc, x); }
  Value sinh(Value x) { return math::SinhOp::create(b, loc, x); }
  Value cosh(Value x) { return math::CoshOp::create(b, loc, x); }
  Value asin(Value x) { return math::AsinOp::create(b, loc, x); }
  Value acos(Value x) { return math::AcosOp::create(b, loc, x); }
  Value atan(Value x) { return math::AtanOp::create(b, loc, x); }
  Value atan2(Value y, Value x) { return math::Atan2Op::create(b, loc, y, x); }
  Value floor(Value x) { return math::FloorOp::create(b, loc, x); }

  Value cmp(P p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value lt(Value x, Value y) { return cmp(P::OLT, x, y); }
  Value le(Value x, Value y) { return cmp(P::OLE, x, y); }
  Value gt(Value x, Value y) { return cmp(P::OGT, x, y); }
  Value ge(Value x, Value y) { return cmp(P::OGE, x, y); }
  Value eq(Value x, Value y) { return cmp(P::OEQ, x, y); }
  Value eq(Value x, double v) { return eq(x, c(v)); }
  Value sel(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value notI(Value x) {
    return arith::XOrIOp::create(b, loc, x, intConst(b, loc, b.getI1Type(), 1));
  }
  Value isNan(Value x) { return cmp(P::UNO, x, x); }
  Value isInf(Value x) { return eq(abs(x), INFINITY); }
  Value isFinite(Value x) { return lt(abs(x), c(INFINITY)); }
  Value signbit(Value x) {
    Type it = b.getIntegerType(t.getWidth());
    Value bits = arith::BitcastOp::create(b, loc, it, x);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, bits,
                                 intConst(b, loc, it, 0));
  }

  /// 2^(bias + 1 - e) for the biased exponent e of a normal m > 0, so that
  /// m times it is in [2, 4) (FreeBSD's SET_HIGH_WORD(scale, 0x7ff00000 - ix)).
  Value pow2Scale(Value m) {
    unsigned w = t.getWidth();
    int64_t mant = mantDigits() - 1, bias = isF32() ? 127 : 1023;
    Type it = b.getIntegerType(w);
    Value bits = arith::BitcastOp::create(b, loc, it, m);
    Value e = arith::ShRUIOp::create(b, loc, bits, intConst(b, loc, it, mant));
    Value se =
        arith::SubIOp::create(b, loc, intConst(b, loc, it, 2 * bias + 1), e);
    Value sb = arith::ShLIOp::create(b, loc, se, intConst(b, loc, it, mant));
    return arith::BitcastOp::create(b, loc, t, sb);
  }

  /// hypot(x, y) without spurious overflow or underflow: +inf if either is
  /// infinite, else NaN if either is NaN. f32 squares and sums in f64 (one
  /// rounding); f64 is max * sqrt(1 + (min / max)^2), within 2 ulps.
  Value hypot(Value x, Value y) {
    Value ax = abs(x), ay = abs(y), h;
    if (isF32()) {
      Type f64 = b.getF64Type();
      Value wx = arith::ExtFOp::create(b, loc, f64, ax);
      Value wy = arith::ExtFOp::create(b, loc, f64, ay);
      h = arith::TruncFOp::create(b, loc, t,
                                  sqrt(add(mul(wx, wx), mul(wy, wy))));
    } else {
      Value hi = max(ax, ay), lo = min(ax, ay);
      Value r = div(lo, hi);
      h = mul(hi, sqrt(add(c(1), mul(r, r))));
      h = sel(eq(hi, 0.0), c(0), h);
      h = sel(isInf(hi), c(INFINITY), h);
    }
    Value nanOrInf = sel(orI(isInf(x), isInf(y)), c(INFINITY), c(NAN));
    return sel(orI(isNan(x), isNan(y)), nanOrInf, h);
  }

  /// log1p(x) = log(u) * (x / (u - 1)) with u = 1 + x (Goldberg's
  /// correction: a few ulps). math.log1p is not used: convert-math-to-llvm
  /// lowers it to log(1 + x), which loses all accuracy for tiny x.
  Value log1p(Value x) {
    Value u = add(c(1), x);
    Value r = mul(log(u), div(x, sub(u, c(1))));
    r = sel(eq(u, 1.0), x, r);
    return sel(eq(u, INFINITY), u, r);
  }

  /// expm1(x) = (u - 1) * x / log(u) with u = exp(x) (Kahan's correction: a
  /// few ulps); math.expm1 is not used for the same reason as math.log1p.
  Value expm1(Value x) {
    Value u = exp(x), um1 = sub(u, c(1));
    Value r = mul(um1, div(x, log(u)));
    r = sel(eq(um1, -1.0), c(-1), r);
    r = sel(eq(u, 1.0), x, r);
    return sel(eq(u, INFINITY), u, r);
  }

  /// atanh(x) for |x| <= 1 as FreeBSD's e_atanh: log1p(2|x| + 2|x|^2 /
  /// (1 - |x|)) / 2 below 1/2, log1p(2|x| / (1 - |x|)) / 2 above, with the
  /// sign of x. (math.atanh becomes a libm call through a func.func
  /// declaration, which the C-interface wrappers of the pipeline break.)
  Value atanh(Value x) {
    Value ax = abs(x), one = c(1), half = c(0.5);
    Value t = add(ax, ax);
    Value small = log1p(add(t, div(mul(t, ax), sub(one, ax))));
    Value large = log1p(div(t, sub(one, ax)));
    return copysign(mul(half, sel(lt(ax, half), small, large)), x);
  }
};

/// A complex number as its two parts.
using CPair = std::pair<Value, Value>;

/// casinh(x + iy) (FreeBSD): ~z for tiny |z|, sign(x) (log 2 + clog(|z|))
/// for huge |z|, Hull et al. in between.
CPair cAsinh(FOps &f, Value x, Value y);

/// cacos(x + iy) (FreeBSD).
CPair cAcos(FOps &f, Value x, Value y);

/// catanh(x + iy) (FreeBSD).
CPair cAtanh(FOps &f, Value x, Value y);

/// csinh(x + iy) as glibc: sinh x cos y + i cosh x sin y.
CPair cSinh(FOps &f, Value x, Value y);

/// ccosh(x + iy) as glibc: cosh x cos y + i sinh x sin y.
CPair cCosh(FOps &f, Value x, Value y);

/// ctanh(x + iy) as glibc: (sinh x cosh x + i sin y cos y) / (sinh^2 x +
/// cos^2 y), with the real part +-1 and the imaginary part scaled by
/// exp(-2|x|) past glibc's t = (int)((MAX_EXP - 1) ln 2 / 2).
CPair cTanh(FOps &f, Value x, Value y);

/// csin(x + iy) as glibc: sin x cosh y + i cos x sinh y.
CPair cSin(FOps &f, Value x, Value y);

/// cexp(x + iy) as glibc.
CPair cExp(FOps &f, Value x, Value y);

/// csqrt(x + iy) as glibc: sqrt((|z| + |x|) / 2) on the side of the larger
/// root and y / (2 root) on the other (no cancellation), with the
/// arguments scaled by 1/4 near overflow and up near underflow.
CPair cSqrt(FOps &f, Value x, Value y);

/// clog(x + iy) with glibc's special values: log|z| from hypot, scaled at
/// the ends of the range, and near |z| = 1 glibc's log1p(x^2 + y^2 - 1) / 2
/// with the square sum in double-word arithmetic, so that log|z| is within a
/// few ulps there too. Power relies on it: an exponent b turns an absolute
/// error d of log|a| into a relative error |b| d of a ** b.
CPair cLog(FOps &f, Value x, Value y);

/// NumPy 1.24's npy_cpow: a ** 0 = 1; 0 ** b = 0 for real b > 0, else NaN
/// + i NaN; integer real exponents in (-100, 100) by repeated squaring with
/// the plain product (a ** 1 = a, a ** 2 = a a, a ** 3 = a (a a); negative
/// ones then 1 / r by Smith's division); otherwise the C library's cpow,
/// which is cexp(b * clog(a)) with the Annex G product.
CPair cPow(FOps &f, CPair a, CPair bv);

} // namespace detail
} // namespace tnp
} // namespace mlir

#endif // TNP_LIB_CONVERSION_TNPTOLINALG_COMPLEXMATH_H
