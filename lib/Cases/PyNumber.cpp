//===- PyNumber.cpp - Python scalar arithmetic for literal folding -------===//
//
// Part of tnp. Mirrors CPython's Objects/longobject.c, floatobject.c and
// complexobject.c for the operators of the case grammar.
//
//===----------------------------------------------------------------------===//

#include "PyNumber.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <complex>
#include <cstdio>

using namespace tnp;
using namespace tnp::cases;
using llvm::APInt;

namespace {
using Kind = PyNumber::Kind;

sem::Error typeError(const std::string &msg) {
  return sem::Error{sem::ErrorKind::Unsupported, msg};
}
sem::Error zeroDivision(const std::string &msg) {
  return sem::Error{sem::ErrorKind::Value, msg};
}
sem::Error overflow(const std::string &msg) {
  return sem::Error{sem::ErrorKind::Overflow, msg};
}

const char *typeName(Kind k) {
  switch (k) {
  case Kind::Bool:
    return "bool";
  case Kind::Int:
    return "int";
  case Kind::Float:
    return "float";
  case Kind::Complex:
    return "complex";
  }
  return "?";
}

/// The shortest text that reads back as `d`, like Python's float repr.
std::string floatRepr(double d) {
  if (std::isnan(d))
    return "nan";
  if (std::isinf(d))
    return d < 0 ? "-inf" : "inf";
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof(buf), "%.*g", prec, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  std::string s = buf;
  if (s.find_first_of(".eni") == std::string::npos)
    s += ".0";
  return s;
}

/// An int (bool counts as int) widened to the signed working width.
PyInt asPyInt(const PyNumber &n) {
  if (n.kind == Kind::Bool)
    return PyInt::fromInt64(n.boolValue ? 1 : 0);
  return n.intValue;
}

/// A bool/int/float as a double. Error: an int too large for a float.
sem::Expected<double> asDouble(const PyNumber &n) {
  if (n.kind == Kind::Float)
    return n.real;
  PyInt i = asPyInt(n);
  double d = i.huge ? HUGE_VAL : i.value.signedRoundToDouble();
  if (std::isinf(d))
    return overflow("int too large to convert to float");
  return d;
}

sem::Expected<std::complex<double>> asComplex(const PyNumber &n) {
  if (n.kind == Kind::Complex)
    return std::complex<double>(n.real, n.imag);
  sem::Expected<double> d = asDouble(n);
  if (!d)
    return d.error();
  return std::complex<double>(*d, 0.0);
}

PyNumber hugeInt() {
  PyInt i;
  i.huge = true;
  return PyNumber::fromInt(i);
}

/// Python's int operators on exact 128-bit values; an overflow of the
/// working width makes the result `huge` (it is then an `overflow` error
/// wherever it is used as a literal).
sem::Expected<PyNumber> foldInt(BinOpKind op, const PyInt &a, const PyInt &b) {
  if (a.huge || b.huge) {
    if (op == BinOpKind::Div)
      return overflow("int too large to convert to float");
    return hugeInt();
  }
  const APInt &x = a.value, &y = b.value;
  bool ov = false;
  PyInt r;
  switch (op) {
  case BinOpKind::Add:
    r.value = x.sadd_ov(y, ov);
    break;
  case BinOpKind::Sub:
    r.value = x.ssub_ov(y, ov);
    break;
  case BinOpKind::Mul:
    r.value = x.smul_ov(y, ov);
    break;
  case BinOpKind::BitAnd:
    r.value = x & y;
    break;
  case BinOpKind::BitOr:
    r.value = x | y;
    break;
  case BinOpKind::BitXor:
    r.value = x ^ y;
    break;
  case BinOpKind::Div: {
    if (y.isZero())
      return zeroDivision("division by zero");
    return PyNumber::fromFloat(x.signedRoundToDouble() /
                               y.signedRoundToDouble());
  }
  case BinOpKind::FloorDiv:
  case BinOpKind::Mod: {
    if (y.isZero())
      return zeroDivision("integer division or modulo by zero");
    APInt q = x.sdiv_ov(y, ov);
    APInt m = x.srem(y);
    // Round toward -inf: Python's // and % take the sign of the divisor.
    if (!m.isZero() && m.isNegative() != y.isNegative()) {
      q -= 1;
      m += y;
    }
    r.value = op == BinOpKind::FloorDiv ? q : m;
    break;
  }
  case BinOpKind::Pow: {
    if (y.isNegative()) {
      if (x.isZero())
        return zeroDivision("0.0 cannot be raised to a negative power");
      return PyNumber::fromFloat(
          std::pow(x.signedRoundToDouble(), y.signedRoundToDouble()));
    }
    APInt result(kPyIntBits, 1), base = x;
    APInt e = y;
    // |base| >= 2 overflows 128 bits after 127 squarings; stop early.
    if (e.ugt(APInt(kPyIntBits, 256)) && x.abs().ugt(APInt(kPyIntBits, 1)))
      return hugeInt();
    while (!e.isZero() && !ov) {
      bool o1 = false, o2 = false;
      if (e[0])
        result = result.smul_ov(base, o1);
      e.lshrInPlace(1);
      if (!e.isZero())
        base = base.smul_ov(base, o2);
      ov = o1 || o2;
    }
    r.value = result;
    break;
  }
  case BinOpKind::MatMul:
    return typeError("unsupported operand type(s) for @: 'int' and 'int'");
  }
  if (ov)
    return hugeInt();
  return PyNumber::fromInt(r);
}

/// CPython's float_divmod: Python's float // and %.
void floatDivmod(double vx, double wx, double &floordiv, double &mod) {
  mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, wx);
  }
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5)
      floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, vx / wx);
  }
}

sem::Expected<PyNumber> foldFloat(BinOpKind op, double x, double y) {
  switch (op) {
  case BinOpKind::Add:
    return PyNumber::fromFloat(x + y);
  case BinOpKind::Sub:
    return PyNumber::fromFloat(x - y);
  case BinOpKind::Mul:
    return PyNumber::fromFloat(x * y);
  case BinOpKind::Div:
    if (y == 0.0)
      return zeroDivision("float division by zero");
    return PyNumber::fromFloat(x / y);
  case BinOpKind::FloorDiv:
  case BinOpKind::Mod: {
    if (y == 0.0)
      return zeroDivision(op == BinOpKind::Mod
                              ? "float modulo"
                              : "float floor division by zero");
    double q, m;
    floatDivmod(x, y, q, m);
    return PyNumber::fromFloat(op == BinOpKind::FloorDiv ? q : m);
  }
  case BinOpKind::Pow: {
    if (x == 0.0 && y < 0.0)
      return zeroDivision("0.0 cannot be raised to a negative power");
    // A negative base with a fractional exponent gives a complex in Python 3.
    if (x < 0.0 && std::isfinite(y) && y != std::floor(y)) {
      std::complex<double> c = std::pow(std::complex<double>(x, 0.0), y);
      return PyNumber::fromComplex(c.real(), c.imag());
    }
    double r = std::pow(x, y);
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y))
      return overflow("(34, 'Numerical result out of range')");
    return PyNumber::fromFloat(r);
  }
  default:
    break;
  }
  return typeError("unsupported operand type(s) for " +
                   binOpSpelling(op).str() + ": 'float' and 'float'");
}

sem::Expected<PyNumber> foldComplex(BinOpKind op, std::complex<double> x,
                                    std::complex<double> y) {
  std::complex<double> r;
  switch (op) {
  case BinOpKind::Add:
    r = x + y;
    break;
  case BinOpKind::Sub:
    r = x - y;
    break;
  case BinOpKind::Mul:
    r = x * y;
    break;
  case BinOpKind::Div:
    if (y == std::complex<double>(0.0, 0.0))
      return zeroDivision("complex division by zero");
    r = x / y;
    break;
  case BinOpKind::Pow:
    if (x == std::complex<double>(0.0, 0.0) &&
        (y.real() < 0.0 || y.imag() != 0.0))
      return zeroDivision("0.0 to a negative or complex power");
    r = y == std::complex<double>(0.0, 0.0) ? std::complex<double>(1.0, 0.0)
                                            : std::pow(x, y);
    break;
  default:
    return typeError("unsupported operand type(s) for " +
                     binOpSpelling(op).str() + ": 'complex' and 'complex'");
  }
  return PyNumber::fromComplex(r.real(), r.imag());
}

} // namespace

PyNumber PyNumber::fromBool(bool b) {
  PyNumber n;
  n.kind = Kind::Bool;
  n.boolValue = b;
  return n;
}
PyNumber PyNumber::fromInt(PyInt i) {
  PyNumber n;
  n.kind = Kind::Int;
  n.intValue = std::move(i);
  return n;
}
PyNumber PyNumber::fromFloat(double d) {
  PyNumber n;
  n.kind = Kind::Float;
  n.real = d;
  return n;
}
PyNumber PyNumber::fromComplex(double re, double im) {
  PyNumber n;
  n.kind = Kind::Complex;
  n.real = re;
  n.imag = im;
  return n;
}

std::string PyNumber::str() const {
  switch (kind) {
  case Kind::Bool:
    return boolValue ? "True" : "False";
  case Kind::Int:
    return intValue.str();
  case Kind::Float:
    return floatRepr(real);
  case Kind::Complex: {
    auto part = [](double d) {
      std::string s = floatRepr(d);
      if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0)
        s.resize(s.size() - 2);
      return s;
    };
    std::string im = part(imag) + "j";
    if (real == 0.0 && !std::signbit(real))
      return im;
    return "(" + part(real) + (imag < 0 || std::isnan(imag) ? "" : "+") + im +
           ")";
  }
  }
  return "?";
}

bool PyNumber::truthy() const {
  switch (kind) {
  case Kind::Bool:
    return boolValue;
  case Kind::Int:
    return intValue.huge || !intValue.value.isZero();
  case Kind::Float:
    return real != 0.0;
  case Kind::Complex:
    return real != 0.0 || imag != 0.0;
  }
  return false;
}

std::optional<int64_t> PyNumber::asInt64() const {
  if (kind == Kind::Bool)
    return boolValue ? 1 : 0;
  if (kind != Kind::Int || intValue.huge || !intValue.value.isSignedIntN(64))
    return std::nullopt;
  return intValue.value.getSExtValue();
}

sem::Expected<PyNumber> tnp::cases::foldBinary(BinOpKind op, const PyNumber &a,
                                               const PyNumber &b) {
  if (op == BinOpKind::MatMul)
    return typeError(std::string("unsupported operand type(s) for @: '") +
                     typeName(a.kind) + "' and '" + typeName(b.kind) + "'");
  Kind k = std::max(a.kind, b.kind);
  bool bitwise = op == BinOpKind::BitAnd || op == BinOpKind::BitOr ||
                 op == BinOpKind::BitXor;
  if (bitwise) {
    if (k > Kind::Int)
      return typeError("unsupported operand type(s) for " +
                       binOpSpelling(op).str() + ": '" + typeName(a.kind) +
                       "' and '" + typeName(b.kind) + "'");
    if (k == Kind::Bool) {
      bool x = a.boolValue, y = b.boolValue;
      return PyNumber::fromBool(op == BinOpKind::BitAnd  ? (x && y)
                                : op == BinOpKind::BitOr ? (x || y)
                                                         : (x != y));
    }
  }
  if (k <= Kind::Int)
    return foldInt(op, asPyInt(a), asPyInt(b));
  if (k == Kind::Float) {
    sem::Expected<double> x = asDouble(a), y = asDouble(b);
    if (!x)
      return x.error();
    if (!y)
      return y.error();
    return foldFloat(op, *x, *y);
  }
  sem::Expected<std::complex<double>> x = asComplex(a), y = asComplex(b);
  if (!x)
    return x.error();
  if (!y)
    return y.error();
  return foldComplex(op, *x, *y);
}

sem::Expected<PyNumber> tnp::cases::foldCompare(CmpOpKind op, const PyNumber &a,
                                                const PyNumber &b) {
  Kind k = std::max(a.kind, b.kind);
  int order = 0; // -1, 0, 1; unordered (NaN) handled below
  bool unordered = false;
  if (k <= Kind::Int) {
    PyInt x = asPyInt(a), y = asPyInt(b);
    if (x.huge || y.huge)
      return typeError("comparison of ints wider than 128 bits");
    order = x.value.slt(y.value) ? -1 : x.value == y.value ? 0 : 1;
  } else if (k == Kind::Float) {
    sem::Expected<double> x = asDouble(a), y = asDouble(b);
    if (!x)
      return x.error();
    if (!y)
      return y.error();
    unordered = std::isnan(*x) || std::isnan(*y);
    order = *x < *y ? -1 : *x == *y ? 0 : 1;
  } else {
    if (op != CmpOpKind::Eq && op != CmpOpKind::Ne)
      return typeError("'" + cmpOpSpelling(op).str() +
                       "' not supported between instances of 'complex'");
    sem::Expected<std::complex<double>> x = asComplex(a), y = asComplex(b);
    if (!x)
      return x.error();
    if (!y)
      return y.error();
    return PyNumber::fromBool((*x == *y) == (op == CmpOpKind::Eq));
  }
  if (unordered)
    return PyNumber::fromBool(op == CmpOpKind::Ne);
  switch (op) {
  case CmpOpKind::Lt:
    return PyNumber::fromBool(order < 0);
  case CmpOpKind::Le:
    return PyNumber::fromBool(order <= 0);
  case CmpOpKind::Gt:
    return PyNumber::fromBool(order > 0);
  case CmpOpKind::Ge:
    return PyNumber::fromBool(order >= 0);
  case CmpOpKind::Eq:
    return PyNumber::fromBool(order == 0);
  case CmpOpKind::Ne:
    return PyNumber::fromBool(order != 0);
  }
  return PyNumber::fromBool(false);
}

sem::Expected<PyNumber> tnp::cases::foldUnary(UnaryOpKind op,
                                              const PyNumber &a) {
  switch (a.kind) {
  case Kind::Bool:
  case Kind::Int: {
    PyInt x = asPyInt(a);
    if (op == UnaryOpKind::Pos || x.huge)
      return PyNumber::fromInt(x);
    PyInt r;
    bool ov = false;
    r.value = APInt(kPyIntBits, 0).ssub_ov(x.value, ov);
    if (op == UnaryOpKind::Invert) // ~x == -x - 1
      r.value = r.value.ssub_ov(APInt(kPyIntBits, 1), ov);
    r.huge = ov;
    return PyNumber::fromInt(r);
  }
  case Kind::Float:
    if (op == UnaryOpKind::Invert)
      return typeError("bad operand type for unary ~: 'float'");
    return PyNumber::fromFloat(op == UnaryOpKind::Neg ? -a.real : a.real);
  case Kind::Complex:
    if (op == UnaryOpKind::Invert)
      return typeError("bad operand type for unary ~: 'complex'");
    return op == UnaryOpKind::Neg ? PyNumber::fromComplex(-a.real, -a.imag) : a;
  }
  return a;
}

sem::Expected<sem::Scalar> tnp::cases::toScalar(const PyNumber &n) {
  switch (n.kind) {
  case Kind::Bool:
    return sem::Scalar::fromBool(n.boolValue);
  case Kind::Float:
    return sem::Scalar::fromFloat(n.real);
  case Kind::Complex:
    return sem::Scalar::fromComplex(n.real, n.imag);
  case Kind::Int:
    break;
  }
  const PyInt &i = n.intValue;
  auto tooLarge = [&]() {
    return overflow("Python int " + i.str() +
                    " is too large to convert to a 64-bit integer");
  };
  if (i.huge)
    return tooLarge();
  if (i.value.isSignedIntN(64))
    return sem::Scalar::fromInt(i.value.getSExtValue());
  if (!i.value.isNegative()) {
    if (i.value.isIntN(64))
      return sem::Scalar::fromUInt(i.value.getZExtValue());
    return tooLarge();
  }
  APInt mag = -i.value;
  if (!mag.isIntN(64))
    return tooLarge();
  sem::Scalar s;
  s.kind = sem::Scalar::Kind::Int;
  s.negative = true;
  s.magnitude = mag.getZExtValue();
  return s;
}
