//===- ComplexMath.cpp - NumPy's complex functions as IR ------------------===//
//
// Part of tnp. See ComplexMath.h.
//
// NumPy 1.24 computes complex sin, cos, sinh, cosh, arcsin, arccos, arctan and
// the general case of power with the C library's csin, ccos, csinh, ccosh,
// casin, cacos, catan and cpow (glibc on Linux), so their special values are
// C99 Annex G's. The functions here reproduce those results:
//  - csin, csinh, ccosh (ccos(z) = ccosh(iz)) and cexp follow glibc's
//    algorithms step by step (same libm calls, same scaling past overflow);
//  - casinh (casin(z) = i conj(casinh(i conj(z)))), cacos and catanh
//    (catan likewise) are the algorithms of FreeBSD's msun (Hull, Fairgrieve
//    and Tang), which NumPy's npy_math_complex.c carries for platforms
//    without them; they stay within a few ulps of glibc for every finite
//    input, small and huge ones included, and the special values are glibc's.
// Branches are selects: every side is computed (no traps in IEEE arithmetic)
// and the taken one kept, so the code is straight-line. No fast-math flags:
// the compensated steps below rely on IEEE rounding.
//
//===----------------------------------------------------------------------===//

#include "ComplexMath.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tnp::detail;

/// FreeBSD's _clog_for_large_values: clog(x + iy) for finite |z| larger than
/// about 1/eps (and for infinite parts: +inf + i atan2(y, x)).
static CPair clogForLargeValues(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value hi = f.max(ax, ay), lo = f.min(ax, ay);
  Value e = f.c(llvm::numbers::e);
  // Both near the maximum: hypot(x/e, y/e) does not overflow; add log(e).
  Value r1 = f.add(f.log(f.hypot(f.div(x, e), f.div(y, e))), f.c(1));
  Value r2 = f.log(f.hypot(x, y));
  Value r3 = f.div(f.log(f.add(f.mul(hi, hi), f.mul(lo, lo))), f.c(2));
  Value quarterSqrtMax = f.c(std::sqrt(f.maxValue()) / 4);
  Value sqrtMin = f.c(std::sqrt(f.minNormal()));
  Value rr =
      f.sel(f.gt(hi, f.c(f.maxValue() / 2)), r1,
            f.sel(f.orI(f.gt(hi, quarterSqrtMax), f.lt(lo, sqrtMin)), r2, r3));
  return {rr, f.atan2(y, x)};
}

/// FreeBSD's f(a, b, hypot(a, b)) = (hypot(a, b) - b) / 2 without
/// cancellation.
static Value hypotMinusB(FOps &f, Value a, Value bv, Value h) {
  Value two = f.c(2);
  Value pos = f.div(f.div(f.mul(a, a), f.add(h, bv)), two);
  Value r = f.sel(f.eq(bv, 0.0), f.div(a, two), pos);
  return f.sel(f.lt(bv, f.c(0)), f.div(f.sub(h, bv), two), r);
}

namespace {
/// The results of FreeBSD's _do_hard_work for casinh/cacos.
struct HardWork {
  Value rx;        // Re(casinh(x + iy)) = -Im(cacos(y + ix))
  Value bUsable;   // i1: asin(b) / acos(b) is accurate
  Value bv;        // B = y / A
  Value sqrtA2my2; // sqrt(A^2 - y^2), possibly rescaled with newY
  Value newY;
};
} // namespace

/// FreeBSD's _do_hard_work (Hull et al.'s algorithm): x, y >= 0 finite and
/// below 1/eps. A = (|z + i| + |z - i|) / 2, B = y / A; log(A + sqrt(A^2-1))
/// and asin(B) are rewritten where they would cancel (z near [-i, i] or near
/// the cuts [i, i inf)).
static HardWork hardWork(FOps &f, Value x, Value y) {
  double eps = f.eps();
  Value one = f.c(1), two = f.c(2);
  Value r = f.hypot(x, f.add(y, one)); // |z + i|
  Value s = f.hypot(x, f.sub(y, one)); // |z - i|
  Value a = f.div(f.add(r, s), two);
  a = f.sel(f.lt(a, one), one, a); // A >= 1 mathematically.
  Value ym1 = f.sub(y, one), yp1 = f.add(y, one), omy = f.sub(one, y);
  Value xBig = f.ge(x, f.mul(f.c(eps), f.abs(ym1))); // no underflow in f()
  Value yIs1 = f.eq(y, 1.0);

  // rx = log(A + sqrt(A^2 - 1)), via log1p(Am1 + sqrt(Am1 * (A + 1))) below
  // the crossover, Am1 = A - 1 = f(x, 1 + y) + f(x, 1 - y).
  Value am1 = f.add(hypotMinusB(f, x, yp1, r), hypotMinusB(f, x, omy, s));
  Value rx = f.log1p(f.add(am1, f.sqrt(f.mul(am1, f.add(a, one)))));
  Value rxSmallX = f.sel(f.lt(y, one), f.div(x, f.sqrt(f.mul(omy, yp1))),
                         f.log1p(f.add(ym1, f.sqrt(f.mul(ym1, yp1)))));
  rx = f.sel(xBig, rx, rxSmallX);
  rx = f.sel(f.andI(yIs1, f.lt(x, f.c(eps * eps / 128))), f.sqrt(x), rx);
  Value rxLarge = f.log(f.add(a, f.sqrt(f.sub(f.mul(a, a), one))));
  rx = f.sel(f.lt(a, f.c(10)), rx, rxLarge);

  // B, and sqrt(A^2 - y^2) = sqrt(Amy * (A + y)) where B > 0.6417 would make
  // asin(B) inaccurate, Amy = A - y = f(x, y + 1) + f(x, y - 1).
  Value bv = f.div(y, a);
  Value amy = f.add(hypotMinusB(f, x, yp1, r), hypotMinusB(f, x, ym1, s));
  Value sq = f.sqrt(f.mul(amy, f.add(a, y)));
  Value scaleY = f.c(4 / eps / eps);
  Value sqYGt1 = f.div(f.mul(f.mul(x, scaleY), y), f.sqrt(f.mul(yp1, ym1)));
  Value sqYLt1 = f.sqrt(f.mul(omy, yp1));
  Value yGt1 = f.gt(y, one);
  sq = f.sel(xBig, sq, f.sel(yGt1, sqYGt1, sqYLt1));
  Value newY = f.sel(f.andI(f.notI(xBig), yGt1), f.mul(y, scaleY), y);
  Value tinyX = f.andI(yIs1, f.lt(x, f.c(eps / 128)));
  sq = f.sel(tinyX, f.mul(f.sqrt(x), f.sqrt(f.div(f.add(a, y), two))), sq);
  newY = f.sel(tinyX, y, newY);
  Value usable = f.le(bv, f.c(0.6417));
  // y / A could underflow: go through atan2 with both sides scaled.
  Value ySmall = f.lt(y, f.c(4 * std::sqrt(f.minNormal())));
  usable = f.andI(usable, f.notI(ySmall));
  sq = f.sel(ySmall, f.mul(a, f.c(2 / eps)), sq);
  newY = f.sel(ySmall, f.mul(y, f.c(2 / eps)), newY);
  return {rx, usable, bv, sq, newY};
}

/// casinh(x + iy) (FreeBSD): ~z for tiny |z|, sign(x) (log 2 + clog(|z|))
/// for huge |z|, Hull et al. in between.
CPair mlir::tnp::detail::cAsinh(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  HardWork h = hardWork(f, ax, ay);
  Value ry = f.sel(h.bUsable, f.asin(h.bv), f.atan2(h.newY, h.sqrtA2my2));
  Value re = f.copysign(h.rx, x), im = f.copysign(ry, y);
  Value tiny = f.c(std::sqrt(6 * f.eps()) / 4);
  Value isTiny = f.andI(f.lt(ax, tiny), f.lt(ay, tiny));
  re = f.sel(isTiny, x, re);
  im = f.sel(isTiny, y, im);
  Value negX = f.signbit(x);
  CPair w =
      clogForLargeValues(f, f.sel(negX, f.neg(x), x), f.sel(negX, f.neg(y), y));
  Value wx = f.add(w.first, f.c(llvm::numbers::ln2));
  Value recipEps = f.c(1 / f.eps());
  Value large = f.orI(f.gt(ax, recipEps), f.gt(ay, recipEps));
  re = f.sel(large, f.copysign(wx, x), re);
  im = f.sel(large, f.copysign(w.second, y), im);
  // NaNs: casinh(+-inf + i NaN) = +-inf + i NaN, casinh(NaN +- i inf) =
  // inf + i NaN, casinh(NaN + i 0) = NaN + i 0, else NaN + i NaN.
  Value nan = f.c(NAN);
  Value xInf = f.isInf(x), yInf = f.isInf(y), y0 = f.eq(y, 0.0);
  Value nre = f.sel(xInf, x, f.sel(yInf, ay, f.sel(y0, f.add(x, x), nan)));
  Value nim =
      f.sel(xInf, f.add(y, y), f.sel(yInf, f.add(x, x), f.sel(y0, y, nan)));
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  return {f.sel(anyNan, nre, re), f.sel(anyNan, nim, im)};
}

/// pi/2 as FreeBSD splits it: hi + lo (lo only rounds; f32's lo is msun's).
static std::pair<double, double> pio2Parts(FOps &f) {
  if (f.isF32())
    return {static_cast<float>(llvm::numbers::pi / 2), 7.5497899549e-9};
  return {llvm::numbers::pi / 2, 6.1232339957367659e-17};
}

/// cacos(x + iy) (FreeBSD).
CPair mlir::tnp::detail::cAcos(FOps &f, Value x, Value y) {
  Value sx = f.signbit(x), sy = f.signbit(y);
  Value ax = f.abs(x), ay = f.abs(y);
  auto [pio2Hi, pio2Lo] = pio2Parts(f);
  HardWork h = hardWork(f, ay, ax);
  Value rx = f.sel(h.bUsable, f.acos(f.sel(sx, f.neg(h.bv), h.bv)),
                   f.atan2(h.sqrtA2my2, f.sel(sx, f.neg(h.newY), h.newY)));
  Value ry = f.sel(sy, h.rx, f.neg(h.rx));
  // Tiny |z|: pi/2 - x - iy.
  Value tiny = f.c(std::sqrt(6 * f.eps()) / 4);
  Value isTiny = f.andI(f.lt(ax, tiny), f.lt(ay, tiny));
  rx = f.sel(isTiny, f.sub(f.c(pio2Hi), f.sub(x, f.c(pio2Lo))), rx);
  ry = f.sel(isTiny, f.neg(y), ry);
  // cacos(1 + i0) = 0 - i0 exactly.
  Value one0 = f.andI(f.eq(x, 1.0), f.eq(y, 0.0));
  rx = f.sel(one0, f.c(0), rx);
  ry = f.sel(one0, f.neg(y), ry);
  // Huge |z|: |arg z| - i sign(y) (log 2 + log|z|).
  CPair w = clogForLargeValues(f, x, y);
  Value recipEps = f.c(1 / f.eps());
  Value large = f.orI(f.gt(ax, recipEps), f.gt(ay, recipEps));
  Value lry = f.add(w.first, f.c(llvm::numbers::ln2));
  rx = f.sel(large, f.abs(w.second), rx);
  ry = f.sel(large, f.sel(sy, lry, f.neg(lry)), ry);
  // NaNs: cacos(+-inf + i NaN) = NaN - i inf, cacos(NaN +- i inf) =
  // NaN -+ i inf, cacos(0 + i NaN) = pi/2 + i NaN, else NaN + i NaN.
  Value nan = f.c(NAN);
  Value xInf = f.isInf(x), yInf = f.isInf(y), x0 = f.eq(x, 0.0);
  Value nre = f.sel(xInf, f.add(y, y),
                    f.sel(yInf, f.add(x, x), f.sel(x0, f.c(pio2Hi), nan)));
  Value nim = f.sel(xInf, f.c(-INFINITY),
                    f.sel(yInf, f.neg(y), f.sel(x0, f.add(y, y), nan)));
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  return {f.sel(anyNan, nre, rx), f.sel(anyNan, nim, ry)};
}

/// FreeBSD's real_part_reciprocal: x / (x^2 + y^2) for |z| > 1/eps without
/// spurious overflow or underflow (scaled by a power of 2).
static Value realPartReciprocal(FOps &f, Value x, Value y) {
  Value m = f.max(f.abs(x), f.abs(y));
  m = f.sel(f.isInf(m), f.c(1), m);
  Value s = f.pow2Scale(m);
  Value xs = f.mul(x, s), ys = f.mul(y, s);
  Value r = f.mul(f.div(xs, f.add(f.mul(xs, xs), f.mul(ys, ys))), s);
  r = f.sel(f.isInf(y), f.div(f.div(x, y), y), r);
  return f.sel(f.isInf(x), f.div(f.c(1), x), r);
}

/// catanh(x + iy) (FreeBSD).
CPair mlir::tnp::detail::cAtanh(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value one = f.c(1), two = f.c(2), four = f.c(4);
  double eps = f.eps();
  auto [pio2Hi, pio2Lo] = pio2Parts(f);
  Value pio2 = f.c(pio2Hi + pio2Lo);
  // Re = log1p(4|x| / ((|x| - 1)^2 + y^2)) / 4, Im = atan2(2|y|, (1 - |x|)
  // (1 + |x|) - y^2) / 2, with the cancelling cases rewritten.
  Value xm1 = f.sub(ax, one);
  Value sumSq = f.sel(f.lt(ay, f.c(std::sqrt(f.minNormal()))), f.mul(xm1, xm1),
                      f.add(f.mul(xm1, xm1), f.mul(ay, ay)));
  Value ax1 = f.eq(ax, 1.0), ayTiny = f.lt(ay, f.c(eps));
  Value rx = f.sel(f.andI(ax1, ayTiny),
                   f.div(f.sub(f.c(llvm::numbers::ln2), f.log(ay)), two),
                   f.div(f.log1p(f.div(f.mul(four, ax), sumSq)), four));
  Value t = f.mul(f.sub(one, ax), f.add(one, ax));
  Value twoAy = f.mul(two, ay);
  Value ry =
      f.sel(ayTiny, f.atan2(twoAy, t), f.atan2(twoAy, f.sub(t, f.mul(ay, ay))));
  ry = f.div(f.sel(ax1, f.atan2(two, f.neg(ay)), ry), two);
  Value re = f.copysign(rx, x), im = f.copysign(ry, y);
  Value tiny = f.c(std::sqrt(3 * eps) / 2);
  Value isTiny = f.andI(f.lt(ax, tiny), f.lt(ay, tiny));
  re = f.sel(isTiny, x, re);
  im = f.sel(isTiny, y, im);
  Value recipEps = f.c(1 / eps);
  Value large = f.orI(f.gt(ax, recipEps), f.gt(ay, recipEps));
  re = f.sel(large, realPartReciprocal(f, x, y), re);
  im = f.sel(large, f.copysign(pio2, y), im);
  // NaNs: catanh(+-inf + i NaN) = +-0 + i NaN, catanh(NaN +- i inf) =
  // +-0 +- i pi/2, else NaN + i NaN.
  Value nan = f.c(NAN);
  Value xInf = f.isInf(x), yInf = f.isInf(y);
  Value nre = f.sel(f.orI(xInf, yInf), f.copysign(f.c(0), x), nan);
  Value nim = f.sel(xInf, f.add(y, y), f.sel(yInf, f.copysign(pio2, y), nan));
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  re = f.sel(anyNan, nre, re);
  im = f.sel(anyNan, nim, im);
  // x == 0: x + i atan(y) (exactly as accurate as atan); y == 0, |x| <= 1:
  // atanh(x) + i y.
  Value x0 = f.eq(x, 0.0);
  re = f.sel(x0, x, re);
  im = f.sel(x0, f.atan(y), im);
  Value real = f.andI(f.eq(y, 0.0), f.le(ax, one));
  return {f.sel(real, f.atanh(x), re), f.sel(real, y, im)};
}

/// glibc's t = (int)((MAX_EXP - 1) * ln 2) past which exp overflows, and
/// exp(t).
static std::pair<Value, Value> expThreshold(FOps &f) {
  if (f.isF32())
    return {f.c(88), f.c(std::exp(88.0f))};
  return {f.c(709), f.c(std::exp(709.0))};
}

/// glibc's (sin v, cos v), except (v, 1) for |v| <= the smallest normal.
static CPair sinCosSmall(FOps &f, Value v) {
  Value big = f.gt(f.abs(v), f.c(f.minNormal()));
  return {f.sel(big, f.sin(v), v), f.sel(big, f.cos(v), f.c(1))};
}

/// glibc's tail of csin/csinh/ccosh for an argument r > t: u and v are the
/// factors already multiplied by exp(t) / 2; returns exp(r) * (u, v) with
/// one more exp(t) step and saturation to MAX * (u, v) past 3t.
static CPair expScaledTail(FOps &f, Value r, Value u, Value v) {
  auto [t, expT] = expThreshold(f);
  r = f.sub(r, t);
  Value again = f.gt(r, t);
  r = f.sel(again, f.sub(r, t), r);
  u = f.sel(again, f.mul(u, expT), u);
  v = f.sel(again, f.mul(v, expT), v);
  Value over = f.gt(r, t);
  Value e = f.sel(over, f.c(f.maxValue()), f.exp(r));
  return {f.mul(e, u), f.mul(e, v)};
}

/// csinh(x + iy) as glibc: sinh x cos y + i cosh x sin y.
CPair mlir::tnp::detail::cSinh(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value negX = f.signbit(x), ax = f.abs(x);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), y0 = f.eq(y, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN);
  auto [s, c] = sinCosSmall(f, y);
  // Both finite.
  Value cn = f.sel(negX, f.neg(c), c);
  Value re = f.mul(f.sinh(ax), cn), im = f.mul(f.cosh(ax), s);
  Value half = f.div(expT, f.c(2));
  CPair big = expScaledTail(f, ax, f.mul(cn, half), f.mul(s, half));
  Value isBig = f.gt(ax, t);
  re = f.sel(isBig, big.first, re);
  im = f.sel(isBig, big.second, im);
  // x finite, y inf or NaN: +-0 + i NaN for x == +-0, else NaN + i NaN.
  Value x0 = f.eq(x, 0.0);
  Value yNotFin = f.andI(xFin, f.notI(yFin));
  re = f.sel(yNotFin, f.sel(x0, f.copysign(f.c(0), x), nan), re);
  im = f.sel(yNotFin, f.sel(x0, f.sub(y, y), nan), im);
  // x = +-inf: +-inf * cis(y) for y finite nonzero, +-inf + i y for y = 0,
  // inf + i NaN for y inf or NaN.
  Value yFinNz = f.andI(yFin, f.notI(y0));
  Value infRe = f.copysign(inf, c);
  infRe = f.sel(negX, f.neg(infRe), infRe);
  Value iRe = f.sel(yFinNz, infRe, f.sel(y0, f.copysign(inf, x), inf));
  Value iIm = f.sel(yFinNz, f.copysign(inf, s), f.sel(y0, y, f.sub(y, y)));
  Value xInf = f.isInf(x);
  re = f.sel(xInf, iRe, re);
  im = f.sel(xInf, iIm, im);
  // x NaN: NaN + i y for y == 0, else NaN + i NaN.
  Value xNan = f.isNan(x);
  return {f.sel(xNan, nan, re), f.sel(xNan, f.sel(y0, y, nan), im)};
}

/// ccosh(x + iy) as glibc: cosh x cos y + i sinh x sin y.
CPair mlir::tnp::detail::cCosh(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value ax = f.abs(x);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), y0 = f.eq(y, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN), one = f.c(1);
  auto [s, c] = sinCosSmall(f, y);
  Value re = f.mul(f.cosh(x), c), im = f.mul(f.sinh(x), s);
  Value half = f.div(expT, f.c(2));
  Value sn = f.sel(f.signbit(x), f.neg(s), s);
  CPair big = expScaledTail(f, ax, f.mul(c, half), f.mul(sn, half));
  Value isBig = f.gt(ax, t);
  re = f.sel(isBig, big.first, re);
  im = f.sel(isBig, big.second, im);
  // x finite, y inf or NaN: NaN + i 0 for x == 0, else NaN + i NaN.
  Value yNotFin = f.andI(xFin, f.notI(yFin));
  re = f.sel(yNotFin, f.sub(y, y), re);
  im = f.sel(yNotFin, f.sel(f.eq(x, 0.0), f.c(0), nan), im);
  // x = +-inf: inf * cis(y) (imaginary part times sign x) for y finite
  // nonzero, inf + i y sign(x) for y = 0, inf + i NaN otherwise.
  Value yFinNz = f.andI(yFin, f.notI(y0));
  Value sgnX = f.copysign(one, x);
  Value iRe = f.sel(yFinNz, f.copysign(inf, c), inf);
  Value iIm = f.sel(yFinNz, f.mul(f.copysign(inf, s), sgnX),
                    f.sel(y0, f.mul(y, sgnX), f.sub(y, y)));
  Value xInf = f.isInf(x);
  re = f.sel(xInf, iRe, re);
  im = f.sel(xInf, iIm, im);
  Value xNan = f.isNan(x);
  return {f.sel(xNan, nan, re), f.sel(xNan, f.sel(y0, y, nan), im)};
}

/// ctanh(x + iy) as glibc: (sinh x cosh x + i sin y cos y) / (sinh^2 x +
/// cos^2 y), with the real part +-1 and the imaginary part scaled by
/// exp(-2|x|) past glibc's t = (int)((MAX_EXP - 1) ln 2 / 2).
CPair mlir::tnp::detail::cTanh(FOps &f, Value x, Value y) {
  double tv = f.isF32() ? 44 : 354;
  Value t = f.c(tv), exp2t = f.c(f.isF32() ? std::exp(88.0f) : std::exp(708.0));
  Value one = f.c(1), nan = f.c(NAN);
  auto [s, c] = sinCosSmall(f, y);
  // |x| > t: +-1 + i 4 sin y cos y / exp(2|x|), in two steps.
  Value ax = f.abs(x);
  Value r = f.sub(ax, t);
  Value bigIm = f.div(f.mul(f.c(4), f.mul(s, c)), exp2t);
  bigIm = f.sel(f.gt(r, t), f.div(bigIm, exp2t),
                f.div(bigIm, f.exp(f.mul(f.c(2), r))));
  // Otherwise the quotient (sinh x, cosh x replaced by x, 1 when tiny).
  Value xSmall = f.le(ax, f.c(f.minNormal()));
  Value sh = f.sel(xSmall, x, f.sinh(x)), ch = f.sel(xSmall, one, f.cosh(x));
  Value cc = f.mul(c, c);
  Value den = f.sel(f.gt(f.abs(sh), f.mul(f.abs(c), f.c(f.eps()))),
                    f.add(f.mul(sh, sh), cc), cc);
  Value isBig = f.gt(ax, t);
  Value re = f.sel(isBig, f.copysign(one, x), f.div(f.mul(sh, ch), den));
  Value im = f.sel(isBig, bigIm, f.div(f.mul(s, c), den));
  // x or y not finite: x = +-inf gives +-1 + i 0 (signed like sin y cos y
  // for a finite |y| > 1, else like y); y == 0 keeps z; otherwise NaN + i
  // NaN, but a zero x stays.
  Value yFin = f.isFinite(y);
  Value infIm = f.copysign(
      f.c(0), f.sel(f.andI(yFin, f.gt(f.abs(y), one)), f.mul(s, c), y));
  Value nfRe = f.sel(f.isInf(x), f.copysign(one, x),
                     f.sel(f.eq(y, 0.0), x, f.sel(f.eq(x, 0.0), x, nan)));
  Value nfIm = f.sel(f.isInf(x), infIm, f.sel(f.eq(y, 0.0), y, nan));
  Value notFin = f.orI(f.notI(f.isFinite(x)), f.notI(yFin));
  return {f.sel(notFin, nfRe, re), f.sel(notFin, nfIm, im)};
}

/// csin(x + iy) as glibc: sin x cosh y + i cos x sinh y.
CPair mlir::tnp::detail::cSin(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value negX = f.signbit(x), ax = f.abs(x), ay = f.abs(y);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), x0 = f.eq(x, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN);
  auto [s, c] = sinCosSmall(f, ax);
  Value sn = f.sel(negX, f.neg(s), s);
  Value re = f.mul(f.cosh(y), sn), im = f.mul(f.sinh(y), c);
  Value half = f.div(expT, f.c(2));
  Value cn = f.sel(f.signbit(y), f.neg(c), c);
  CPair big = expScaledTail(f, ay, f.mul(sn, half), f.mul(cn, half));
  Value isBig = f.gt(ay, t);
  re = f.sel(isBig, big.first, re);
  im = f.sel(isBig, big.second, im);
  // y finite, x inf or NaN: NaN + i y for y == 0, else NaN + i NaN.
  Value y0 = f.eq(y, 0.0);
  Value xNotFin = f.andI(yFin, f.notI(xFin));
  re = f.sel(xNotFin, f.sel(y0, f.sub(ax, ax), nan), re);
  im = f.sel(xNotFin, f.sel(y0, y, nan), im);
  // y = +-inf: +-0 + i y for x == +-0; inf-signed sin x + i inf-signed
  // cos x (times sign y) for x finite; NaN + i inf for x inf or NaN.
  Value signedZero = f.copysign(f.c(0), x);
  Value fRe = f.copysign(inf, s);
  fRe = f.sel(negX, f.neg(fRe), fRe);
  Value fIm = f.copysign(inf, c);
  fIm = f.sel(f.signbit(y), f.neg(fIm), fIm);
  Value yInf = f.isInf(y);
  re = f.sel(yInf, f.sel(x0, signedZero, f.sel(xFin, fRe, f.sub(ax, ax))), re);
  im = f.sel(yInf, f.sel(x0, y, f.sel(xFin, fIm, inf)), im);
  // y NaN: +-0 + i NaN for x == +-0, else NaN + i NaN.
  Value yNan = f.isNan(y);
  return {f.sel(yNan, f.sel(x0, signedZero, nan), re), f.sel(yNan, nan, im)};
}

/// cexp(x + iy) as glibc.
CPair mlir::tnp::detail::cExp(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), y0 = f.eq(y, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN), zero = f.c(0);
  auto [s, c] = sinCosSmall(f, y);
  // Finite: exp(x) (cos y + i sin y), x past t in up to two exp(t) steps.
  Value big = f.gt(x, t);
  Value x1 = f.sel(big, f.sub(x, t), x);
  Value s1 = f.sel(big, f.mul(s, expT), s), c1 = f.sel(big, f.mul(c, expT), c);
  Value big2 = f.andI(big, f.gt(x1, t));
  Value x2 = f.sel(big2, f.sub(x1, t), x1);
  s1 = f.sel(big2, f.mul(s1, expT), s1);
  c1 = f.sel(big2, f.mul(c1, expT), c1);
  Value e = f.sel(f.gt(x2, t), f.c(f.maxValue()), f.exp(x2));
  Value re = f.mul(e, c1), im = f.mul(e, s1);
  // x finite, y inf or NaN: NaN + i NaN.
  Value yNotFin = f.andI(xFin, f.notI(yFin));
  re = f.sel(yNotFin, nan, re);
  im = f.sel(yNotFin, nan, im);
  // x = +-inf: (0 or inf) * cis(y) for y finite (y itself when 0); inf +
  // i NaN for x = +inf, 0 +- i 0 for x = -inf, when y is inf or NaN.
  Value negX = f.signbit(x);
  Value v = f.sel(negX, zero, inf);
  Value iRe = f.sel(yFin, f.sel(y0, v, f.copysign(v, c)), v);
  Value iIm = f.sel(yFin, f.sel(y0, y, f.copysign(v, s)),
                    f.sel(negX, f.copysign(zero, y), f.sub(y, y)));
  Value xInf = f.isInf(x);
  re = f.sel(xInf, iRe, re);
  im = f.sel(xInf, iIm, im);
  Value xNan = f.isNan(x);
  return {f.sel(xNan, nan, re), f.sel(xNan, f.sel(y0, y, nan), im)};
}

/// csqrt(x + iy) as glibc: sqrt((|z| + |x|) / 2) on the side of the larger
/// root and y / (2 root) on the other (no cancellation), with the
/// arguments scaled by 1/4 near overflow and up near underflow.
CPair mlir::tnp::detail::cSqrt(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value half = f.c(0.5), zero = f.c(0), inf = f.c(INFINITY), nan = f.c(NAN);
  double minN = f.minNormal(), quarterMax = f.maxValue() / 4;
  int k = (f.mantDigits() + 1) / 2;
  // Scaling.
  Value bigX = f.gt(ax, f.c(quarterMax));
  Value up = f.orI(bigX, f.gt(ay, f.c(quarterMax)));
  Value down = f.andI(f.notI(up), f.andI(f.lt(ax, f.c(2 * minN)),
                                         f.lt(ay, f.c(2 * minN))));
  Value q = f.c(0.25), w = f.c(std::ldexp(1.0, 2 * k));
  Value xs = f.sel(up,
                   f.sel(f.orI(bigX, f.ge(ax, f.c(4 * minN))), f.mul(x, q), zero),
                   f.sel(down, f.mul(x, w), x));
  Value ys = f.sel(up, f.mul(y, q), f.sel(down, f.mul(y, w), y));
  Value d = f.hypot(xs, ys);
  Value early = f.andI(up, f.lt(f.abs(ys), f.c(1)));
  // x > 0: r = sqrt((d + x) / 2), s = y / (2r); else s = sqrt((d - x) / 2),
  // r = |y / (2s)|. `early` applies the factor 2 of the 1/4 scaling first.
  Value rp = f.sqrt(f.mul(half, f.add(d, xs)));
  Value sp = f.sel(early, f.div(ys, rp), f.mul(half, f.div(ys, rp)));
  rp = f.sel(early, f.mul(rp, f.c(2)), rp);
  Value sn = f.sqrt(f.mul(half, f.sub(d, xs)));
  Value rn = f.sel(early, f.abs(f.div(ys, sn)), f.abs(f.mul(half, f.div(ys, sn))));
  sn = f.sel(early, f.mul(sn, f.c(2)), sn);
  Value pos = f.gt(xs, zero);
  Value r = f.sel(pos, rp, rn), sv = f.sel(pos, sp, sn);
  Value post = f.sel(f.andI(up, f.notI(early)), f.c(2),
                     f.sel(down, f.c(std::ldexp(1.0, -k)), f.c(1)));
  r = f.mul(r, post);
  sv = f.mul(sv, post);
  Value re = r, im = f.copysign(sv, y);
  // x == 0 (y finite nonzero): r = sqrt(|y| / 2) on both sides.
  Value r0 = f.sel(f.ge(ay, f.c(2 * minN)), f.sqrt(f.mul(half, ay)),
                   f.mul(half, f.sqrt(f.mul(f.c(2), ay))));
  Value x0 = f.eq(x, 0.0);
  re = f.sel(x0, r0, re);
  im = f.sel(x0, f.copysign(r0, y), im);
  // y == 0: the real square root on one side, a signed zero on the other.
  Value y0 = f.eq(y, 0.0), negX = f.lt(x, zero);
  re = f.sel(y0, f.sel(negX, zero, f.abs(f.sqrt(x))), re);
  im = f.sel(y0, f.sel(negX, f.copysign(f.sqrt(f.neg(x)), y),
                       f.copysign(zero, y)),
             im);
  // Not finite: y = +-inf gives inf + i y; x = -inf gives (0 or NaN) +-
  // i inf; x = +inf gives inf + i (+-0 or NaN); else NaN + i NaN.
  Value yNan = f.isNan(y);
  Value nfRe = f.sel(f.isInf(y), inf,
                     f.sel(f.isInf(x), f.sel(negX, f.sel(yNan, nan, zero), x),
                           nan));
  Value nfIm = f.sel(f.isInf(y), y,
                     f.sel(f.isInf(x),
                           f.sel(negX, f.copysign(inf, y),
                                 f.sel(yNan, nan, f.copysign(zero, y))),
                           nan));
  Value notFin = f.orI(f.notI(f.isFinite(x)), f.notI(f.isFinite(y)));
  return {f.sel(notFin, nfRe, re), f.sel(notFin, nfIm, im)};
}

/// Dekker's exact product a * b = p + e (Veltkamp splitting; |a|, |b| < 2).
static CPair twoProduct(FOps &f, Value a, Value bv) {
  Value splitter = f.c(f.isF32() ? 4097.0 : 134217729.0);
  auto split = [&](Value v) -> CPair {
    Value c = f.mul(splitter, v);
    Value hi = f.sub(c, f.sub(c, v));
    return {hi, f.sub(v, hi)};
  };
  auto [ah, al] = split(a);
  auto [bh, bl] = split(bv);
  Value p = f.mul(a, bv);
  Value e =
      f.add(f.add(f.add(f.sub(f.mul(ah, bh), p), f.mul(ah, bl)), f.mul(al, bh)),
            f.mul(al, bl));
  return {p, e};
}

/// Knuth's exact sum a + b = s + e.
static CPair twoSum(FOps &f, Value a, Value bv) {
  Value s = f.add(a, bv);
  Value bb = f.sub(s, a);
  Value e = f.add(f.sub(a, f.sub(s, bb)), f.sub(bv, bb));
  return {s, e};
}

/// clog(x + iy) with glibc's special values: log|z| from hypot, scaled at
/// the ends of the range, and near |z| = 1 glibc's log1p(x^2 + y^2 - 1) / 2
/// with the square sum in double-word arithmetic, so that log|z| is within a
/// few ulps there too. Power relies on it: an exponent b turns an absolute
/// error d of log|a| into a relative error |b| d of a ** b.
CPair mlir::tnp::detail::cLog(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value hi = f.max(ax, ay), lo = f.min(ax, ay);
  Value two = f.c(2), ln2 = f.c(llvm::numbers::ln2);
  Value rHuge = f.add(f.log(f.hypot(f.div(hi, two), f.div(lo, two))), ln2);
  double up = std::ldexp(1.0, f.mantDigits());
  Value rTiny = f.sub(f.log(f.hypot(f.mul(hi, f.c(up)), f.mul(lo, f.c(up)))),
                      f.c(f.mantDigits() * llvm::numbers::ln2));
  Value rr = f.log(f.hypot(hi, lo));
  rr = f.sel(f.gt(hi, f.c(f.maxValue() / 2)), rHuge,
             f.sel(f.lt(hi, f.c(f.minNormal())), rTiny, rr));
  // 1/2 <= hi < 2, lo < 1: x^2 + y^2 - 1 = (px - 1) + py + ex + ey exactly
  // enough with px + ex = hi^2, py + ey = lo^2.
  auto [px, ex] = twoProduct(f, hi, hi);
  auto [py, ey] = twoProduct(f, lo, lo);
  auto [s1, e1] = twoSum(f, px, f.c(-1));
  auto [s2, e2] = twoSum(f, s1, py);
  Value d = f.add(s2, f.add(f.add(f.add(e1, e2), ex), ey));
  Value near1 =
      f.andI(f.andI(f.ge(hi, f.c(0.5)), f.lt(hi, two)), f.lt(lo, f.c(1)));
  rr = f.sel(near1, f.div(f.log1p(d), two), rr);
  Value ri = f.atan2(y, x);
  // log(+-0 +- i0) = -inf + i arg; NaN parts: inf + i NaN if the other part
  // is infinite, else NaN + i NaN.
  rr = f.sel(f.andI(f.eq(x, 0.0), f.eq(y, 0.0)), f.c(-INFINITY), rr);
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  Value nanRe = f.sel(f.orI(f.isInf(x), f.isInf(y)), f.c(INFINITY), f.c(NAN));
  return {f.sel(anyNan, nanRe, rr), f.sel(anyNan, f.c(NAN), ri)};
}

/// (a + ib)(c + id) as C99 Annex G (GCC's __muldc3, which glibc's cpow
/// uses): the plain formula, redone with infinities boxed to +-1 and NaNs to
/// +-0 when both parts are NaN although a factor or a product is infinite.
static CPair cmulAnnexG(FOps &f, Value a, Value bv, Value c, Value d) {
  Value ac = f.mul(a, c), bd = f.mul(bv, d), ad = f.mul(a, d),
        bc = f.mul(bv, c);
  Value x = f.sub(ac, bd), y = f.add(ad, bc);
  Value one = f.c(1), zero = f.c(0);
  auto box = [&](Value v) {
    return f.copysign(f.sel(f.isInf(v), one, zero), v);
  };
  auto nanTo0 = [&](Value v) {
    return f.sel(f.isNan(v), f.copysign(zero, v), v);
  };
  Value abInf = f.orI(f.isInf(a), f.isInf(bv));
  Value cdInf = f.orI(f.isInf(c), f.isInf(d));
  Value a1 = f.sel(abInf, box(a), a), b1 = f.sel(abInf, box(bv), bv);
  Value c1 = f.sel(abInf, nanTo0(c), c), d1 = f.sel(abInf, nanTo0(d), d);
  c1 = f.sel(cdInf, box(c1), c1);
  d1 = f.sel(cdInf, box(d1), d1);
  a1 = f.sel(cdInf, nanTo0(a1), a1);
  b1 = f.sel(cdInf, nanTo0(b1), b1);
  Value recalc = f.orI(abInf, cdInf);
  Value prodInf =
      f.orI(f.orI(f.isInf(ac), f.isInf(bd)), f.orI(f.isInf(ad), f.isInf(bc)));
  Value only = f.andI(f.notI(recalc), prodInf);
  a1 = f.sel(only, nanTo0(a1), a1);
  b1 = f.sel(only, nanTo0(b1), b1);
  c1 = f.sel(only, nanTo0(c1), c1);
  d1 = f.sel(only, nanTo0(d1), d1);
  recalc = f.orI(recalc, prodInf);
  Value inf = f.c(INFINITY);
  Value xr = f.mul(inf, f.sub(f.mul(a1, c1), f.mul(b1, d1)));
  Value yr = f.mul(inf, f.add(f.mul(a1, d1), f.mul(b1, c1)));
  Value redo = f.andI(f.andI(f.isNan(x), f.isNan(y)), recalc);
  return {f.sel(redo, xr, x), f.sel(redo, yr, y)};
}

/// The plain product NumPy's npy_cpow uses for integer exponents (cmul).
static CPair cmulPlain(FOps &f, CPair a, CPair bv) {
  return {f.sub(f.mul(a.first, bv.first), f.mul(a.second, bv.second)),
          f.add(f.mul(a.first, bv.second), f.mul(a.second, bv.first))};
}

/// npy_cpow's quotient (Smith's algorithm, cdiv).
static CPair cdivSmith(FOps &f, CPair a, CPair bv) {
  auto [ar, ai] = a;
  auto [br, bi] = bv;
  Value abr = f.abs(br), abi = f.abs(bi), one = f.c(1);
  Value rat1 = f.div(bi, br);
  Value scl1 = f.div(one, f.add(br, f.mul(bi, rat1)));
  Value r1 = f.mul(f.add(ar, f.mul(ai, rat1)), scl1);
  Value i1 = f.mul(f.sub(ai, f.mul(ar, rat1)), scl1);
  // Division by zero: a complex inf or NaN.
  Value bothZero = f.andI(f.eq(abr, 0.0), f.eq(abi, 0.0));
  r1 = f.sel(bothZero, f.div(ar, abr), r1);
  i1 = f.sel(bothZero, f.div(ai, abi), i1);
  Value rat2 = f.div(br, bi);
  Value scl2 = f.div(one, f.add(bi, f.mul(br, rat2)));
  Value r2 = f.mul(f.add(f.mul(ar, rat2), ai), scl2);
  Value i2 = f.mul(f.sub(f.mul(ai, rat2), ar), scl2);
  Value first = f.ge(abr, abi);
  return {f.sel(first, r1, r2), f.sel(first, i1, i2)};
}

/// NumPy 1.24's npy_cpow: a ** 0 = 1; 0 ** b = 0 for real b > 0, else NaN
/// + i NaN; integer real exponents in (-100, 100) by repeated squaring with
/// the plain product (a ** 1 = a, a ** 2 = a a, a ** 3 = a (a a); negative
/// ones then 1 / r by Smith's division); otherwise the C library's cpow,
/// which is cexp(b * clog(a)) with the Annex G product.
CPair mlir::tnp::detail::cPow(FOps &f, CPair a, CPair bv) {
  auto [ar, ai] = a;
  auto [br, bi] = bv;
  Value zero = f.c(0), one = f.c(1);
  CPair l = cLog(f, ar, ai);
  CPair p = cmulAnnexG(f, br, bi, l.first, l.second);
  CPair r = cExp(f, p.first, p.second);
  // Integer exponents: |n| < 100 has at most 7 bits; bits past the top one
  // are 0 and leave the accumulator as NumPy's loop leaves it.
  Value isInt = f.andI(f.andI(f.eq(bi, 0.0), f.gt(br, f.c(-100))),
                       f.andI(f.lt(br, f.c(100)), f.eq(f.floor(br), br)));
  Type i32 = f.b.getI32Type();
  Value n =
      arith::FPToSIOp::create(f.b, f.loc, i32, f.abs(f.sel(isInt, br, zero)));
  CPair acc{one, zero}, pw = a;
  for (int k = 0; k < 7; ++k) {
    Value bit = arith::TruncIOp::create(
        f.b, f.loc, f.b.getI1Type(),
        arith::ShRUIOp::create(f.b, f.loc, n, intConst(f.b, f.loc, i32, k)));
    CPair m = cmulPlain(f, acc, pw);
    acc = {f.sel(bit, m.first, acc.first), f.sel(bit, m.second, acc.second)};
    if (k < 6)
      pw = cmulPlain(f, pw, pw);
  }
  CPair inv = cdivSmith(f, {one, zero}, acc);
  Value negN = f.lt(br, zero);
  CPair ip{f.sel(negN, inv.first, acc.first),
           f.sel(negN, inv.second, acc.second)};
  CPair sq = cmulPlain(f, a, a);
  CPair cube = cmulPlain(f, a, sq);
  Value is1 = f.eq(br, 1.0), is2 = f.eq(br, 2.0), is3 = f.eq(br, 3.0);
  ip = {f.sel(is1, ar, f.sel(is2, sq.first, f.sel(is3, cube.first, ip.first))),
        f.sel(is1, ai,
              f.sel(is2, sq.second, f.sel(is3, cube.second, ip.second)))};
  Value re = f.sel(isInt, ip.first, r.first),
        im = f.sel(isInt, ip.second, r.second);
  Value aZero = f.andI(f.eq(ar, 0.0), f.eq(ai, 0.0));
  Value zeroRes = f.andI(f.gt(br, zero), f.eq(bi, 0.0));
  Value nan = f.c(NAN);
  re = f.sel(aZero, f.sel(zeroRes, zero, nan), re);
  im = f.sel(aZero, f.sel(zeroRes, zero, nan), im);
  Value bZero = f.andI(f.eq(br, 0.0), f.eq(bi, 0.0));
  return {f.sel(bZero, one, re), f.sel(bZero, zero, im)};
}

