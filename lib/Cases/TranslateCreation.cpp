//===- TranslateCreation.cpp - Array creation functions ------------------===//
//
// Part of tnp. np.zeros/ones/empty/full, the *_like functions, arange,
// linspace, eye and identity, and np.random's randn, uniform and normal. Default dtypes come from the builders (SPEC
// §a.5); a Python type given as dtype= is resolved per mode (dtypeArg).
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPOps.h"
#include "Translator.h"

using namespace mlir;
using namespace ::tnp::cases;
using namespace ::tnp::cases::detail;
namespace sem = ::tnp::sem;
using llvm::StringRef;
using mlir::tnp::FillKind;

Result Translator::creation(const Expr &call, StringRef fn) {
  std::string qual = "np." + fn.str();
  auto dtypeOf =
      [&](const Expr *d) -> sem::Expected<std::optional<sem::DType>> {
    if (!d)
      return std::optional<sem::DType>();
    Result v = eval(*d);
    if (!v)
      return v.error();
    return dtypeArg(*v, *d);
  };
  auto shapeOf = [&](const Expr &s) -> sem::Expected<std::vector<int64_t>> {
    Result v = eval(s);
    if (!v)
      return v.error();
    return intList(*v, s, "a shape");
  };
  /// A fill value: a Python scalar becomes a weak literal, a 0-d array
  /// passes (np.full's value is asarray(value)).
  auto fillValue = [&](const Expr &fv) -> sem::Expected<Value> {
    Result v = eval(fv);
    if (!v)
      return v.error();
    if (v->kind == Obj::Kind::Array &&
        cast<RankedTensorType>(v->array.getType()).getRank() != 0)
      return unsupported(fv, "an array fill value of " + qual);
    if (v->kind == Obj::Kind::Seq)
      return unsupported(fv, "a list fill value of " + qual);
    return operand(*v, fv);
  };

  if (fn == "zeros" || fn == "ones" || fn == "empty") {
    llvm::SmallVector<StringRef> params = {"shape", "dtype", "order", "like"};
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"like"}, qual);
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"order"}, qual, {"C"});
    if (!ok)
      return ok.error();
    auto shape = shapeOf(*(*bound)[0]);
    if (!shape)
      return shape.error();
    auto dtype = dtypeOf((*bound)[1]);
    if (!dtype)
      return dtype.error();
    FillKind k = fn == "zeros"  ? FillKind::Zeros
                 : fn == "ones" ? FillKind::Ones
                                : FillKind::Empty;
    return built(call,
                 mlir::tnp::buildFill(b, loc(call), k, *shape, *dtype, o));
  }
  if (fn == "full") {
    llvm::SmallVector<StringRef> params = {"shape", "fill_value", "dtype",
                                           "order", "like"};
    auto bound = bind(call, qual, params, 2);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"like"}, qual);
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"order"}, qual, {"C"});
    if (!ok)
      return ok.error();
    auto shape = shapeOf(*(*bound)[0]);
    if (!shape)
      return shape.error();
    auto value = fillValue(*(*bound)[1]);
    if (!value)
      return value.error();
    auto dtype = dtypeOf((*bound)[2]);
    if (!dtype)
      return dtype.error();
    return built(call,
                 mlir::tnp::buildFull(b, loc(call), *shape, *value, *dtype, o));
  }
  if (fn == "zeros_like" || fn == "ones_like" || fn == "empty_like" ||
      fn == "full_like") {
    bool full = fn == "full_like";
    llvm::SmallVector<StringRef> params = {"a"};
    if (full)
      params.push_back("fill_value");
    params.append({"dtype", "order", "subok", "shape"});
    auto bound = bind(call, qual, params, full ? 2 : 1);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"shape"}, qual);
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"order"}, qual, {"K", "C"});
    if (!ok)
      return ok.error();
    Result a = eval(*(*bound)[0]);
    if (!a)
      return a;
    Result arr = asArray(*a, *(*bound)[0]);
    if (!arr)
      return arr;
    auto dtype = dtypeOf((*bound)[full ? 2 : 1]);
    if (!dtype)
      return dtype.error();
    if (full) {
      auto value = fillValue(*(*bound)[1]);
      if (!value)
        return value.error();
      return built(call, mlir::tnp::buildFullLike(b, loc(call), arr->array,
                                                  *value, *dtype));
    }
    FillKind k = fn == "zeros_like"  ? FillKind::Zeros
                 : fn == "ones_like" ? FillKind::Ones
                                     : FillKind::Empty;
    return built(call,
                 mlir::tnp::buildFillLike(b, loc(call), k, arr->array, *dtype));
  }
  if (fn == "arange") {
    llvm::SmallVector<StringRef> params = {"start", "stop", "step", "dtype",
                                           "like"};
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"like"}, qual);
    if (!ok)
      return ok.error();
    // np.arange(stop) / arange(start, stop[, step]).
    const Expr *startE = (*bound)[0], *stopE = (*bound)[1],
               *stepE = (*bound)[2];
    if (!stopE) {
      stopE = startE;
      startE = nullptr;
    }
    auto scalarOf = [&](const Expr *s,
                        int64_t dflt) -> sem::Expected<sem::Scalar> {
      if (!s)
        return sem::Scalar::fromInt(dflt);
      Result v = eval(*s);
      if (!v)
        return v.error();
      if (v->kind == Obj::Kind::Array)
        return unsupported(*s, "an array bound of np.arange");
      return scalar(*v, *s);
    };
    auto start = scalarOf(startE, 0);
    if (!start)
      return start.error();
    auto stop = scalarOf(stopE, 0);
    if (!stop)
      return stop.error();
    auto step = scalarOf(stepE, 1);
    if (!step)
      return step.error();
    auto dtype = dtypeOf((*bound)[3]);
    if (!dtype)
      return dtype.error();
    return built(call, mlir::tnp::buildArange(b, loc(call), *start, *stop,
                                              *step, *dtype, o));
  }
  if (fn == "linspace") {
    llvm::SmallVector<StringRef> params = {
        "start", "stop", "num", "endpoint", "retstep", "dtype", "axis"};
    auto bound = bind(call, qual, params, 2);
    if (!bound)
      return bound.error();
    double ends[2];
    for (int i = 0; i < 2; ++i) {
      Result v = eval(*(*bound)[i]);
      if (!v)
        return v;
      if (v->kind != Obj::Kind::Number ||
          v->number.kind == PyNumber::Kind::Complex)
        return unsupported(*(*bound)[i],
                           v->aTypeName() + " bound of np.linspace");
      sem::Expected<sem::Scalar> s = scalar(*v, *(*bound)[i]);
      if (!s)
        return s.error();
      ends[i] = s->asDouble();
    }
    int64_t num = 50;
    if ((*bound)[2]) {
      Result v = eval(*(*bound)[2]);
      if (!v)
        return v;
      sem::Expected<int64_t> n = integer(*v, *(*bound)[2], "num");
      if (!n)
        return n.error();
      num = *n;
    }
    bool endpoint = true;
    if ((*bound)[3]) {
      Result v = eval(*(*bound)[3]);
      if (!v)
        return v;
      sem::Expected<bool> t = truth(*v, *(*bound)[3], "endpoint");
      if (!t)
        return t.error();
      endpoint = *t;
    }
    if ((*bound)[4]) {
      Result v = eval(*(*bound)[4]);
      if (!v)
        return v;
      sem::Expected<bool> t = truth(*v, *(*bound)[4], "retstep");
      if (!t)
        return t.error();
      if (*t)
        return unsupported(*(*bound)[4], "retstep=True of np.linspace");
    }
    if ((*bound)[6]) {
      Result v = eval(*(*bound)[6]);
      if (!v)
        return v;
      sem::Expected<int64_t> ax = integer(*v, *(*bound)[6], "an axis");
      if (!ax)
        return ax.error();
      if (*ax != 0 && *ax != -1)
        return at(*(*bound)[6],
                  sem::Error{sem::ErrorKind::Axis,
                             "axis " + std::to_string(*ax) +
                                 " is out of bounds for array of dimension 1"});
    }
    auto dtype = dtypeOf((*bound)[5]);
    if (!dtype)
      return dtype.error();
    return built(call, mlir::tnp::buildLinspace(b, loc(call), ends[0], ends[1],
                                                num, endpoint, *dtype, o));
  }
  // eye / identity.
  bool eye = fn == "eye";
  llvm::SmallVector<StringRef> params =
      eye ? llvm::SmallVector<StringRef>{"N",     "M",     "k",
                                         "dtype", "order", "like"}
          : llvm::SmallVector<StringRef>{"n", "dtype", "like"};
  auto bound = bind(call, qual, params, 1);
  if (!bound)
    return bound.error();
  auto ok = requireDefault(*bound, params, {"like"}, qual);
  if (!ok)
    return ok.error();
  ok = requireDefault(*bound, params, {"order"}, qual, {"C"});
  if (!ok)
    return ok.error();
  auto intArg = [&](const Expr *a, StringRef what) -> sem::Expected<int64_t> {
    Result v = eval(*a);
    if (!v)
      return v.error();
    return integer(*v, *a, what);
  };
  auto n = intArg((*bound)[0], "N");
  if (!n)
    return n.error();
  std::optional<int64_t> m;
  int64_t k = 0;
  if (eye && (*bound)[1]) {
    Result v = eval(*(*bound)[1]);
    if (!v)
      return v;
    if (v->kind != Obj::Kind::None) {
      auto mv = integer(*v, *(*bound)[1], "M");
      if (!mv)
        return mv.error();
      m = *mv;
    }
  }
  if (eye && (*bound)[2]) {
    auto kv = intArg((*bound)[2], "k");
    if (!kv)
      return kv.error();
    k = *kv;
  }
  auto dtype = dtypeOf((*bound)[eye ? 3 : 1]);
  if (!dtype)
    return dtype.error();
  return built(call, mlir::tnp::buildEye(b, loc(call), *n, m, k, *dtype, o));
}

/// np.random.randn(*dims), np.random.uniform(low, high, size) and
/// np.random.normal(loc, scale, size): tnp's seeded counter-based random ops
/// (float64). A case program has no seed statement: its calls take seed 0
/// and the streams 0, 1, 2, ... in evaluation order, so two calls differ and
/// a program always gives the same values. Those values are tnp's (Philox),
/// not NumPy's global Mersenne Twister: a case can only expect their dtype,
/// shape and distribution. The parameters must be Python numbers (array
/// parameters are `unsupported`); a negative scale is NumPy's `value` error.
Result Translator::randomCall(const Expr &call, StringRef fn) {
  std::string qual = "np.random." + fn.str();
  auto number = [&](const Expr *e, double dflt,
                    StringRef what) -> sem::Expected<double> {
    if (!e)
      return dflt;
    Result v = eval(*e);
    if (!v)
      return v.error();
    if (v->kind != Obj::Kind::Number ||
        v->number.kind == PyNumber::Kind::Complex)
      return unsupported(*e, v->aTypeName() + " " + what.str() + " of " + qual);
    sem::Expected<sem::Scalar> s = scalar(*v, *e);
    if (!s)
      return s.error();
    return s->asDouble();
  };
  std::vector<int64_t> shape;
  double p0 = 0.0, p1 = 1.0;
  if (fn == "randn") {
    if (!call.keywords.empty())
      return unsupported(*call.keywords[0].value,
                         "keyword argument " + call.keywords[0].name +
                             " of " + qual);
    for (const Expr *arg : call.args()) {
      Result v = eval(*arg);
      if (!v)
        return v;
      sem::Expected<int64_t> n = integer(*v, *arg, "a dimension");
      if (!n)
        return n.error();
      shape.push_back(*n);
    }
  } else if (fn == "uniform" || fn == "normal") {
    bool uniform = fn == "uniform";
    llvm::SmallVector<StringRef> params =
        uniform ? llvm::SmallVector<StringRef>{"low", "high", "size"}
                : llvm::SmallVector<StringRef>{"loc", "scale", "size"};
    auto bound = bind(call, qual, params, 0);
    if (!bound)
      return bound.error();
    sem::Expected<double> a = number((*bound)[0], 0.0, params[0]);
    if (!a)
      return a.error();
    sem::Expected<double> c = number((*bound)[1], 1.0, params[1]);
    if (!c)
      return c.error();
    p0 = *a;
    p1 = *c;
    if (!uniform && p1 < 0)
      return at(*(*bound)[1], sem::Error{sem::ErrorKind::Value, "scale < 0"});
    if (const Expr *sz = (*bound)[2]) {
      Result v = eval(*sz);
      if (!v)
        return v;
      if (v->kind != Obj::Kind::None) {
        sem::Expected<std::vector<int64_t>> s = intList(*v, *sz, "a size");
        if (!s)
          return s.error();
        shape = *s;
      }
    }
  } else {
    return unsupported(call, qual + " (tnp has random.randn, random.uniform "
                                    "and random.normal)");
  }
  for (int64_t d : shape)
    if (d < 0)
      return at(call, sem::Error{sem::ErrorKind::Value,
                                 "negative dimensions are not allowed"});
  auto type = RankedTensorType::get(shape, b.getF64Type());
  IntegerAttr seed = b.getI64IntegerAttr(0),
              stream = b.getI64IntegerAttr(nextRandomStream++);
  FloatAttr a0 = b.getF64FloatAttr(p0), a1 = b.getF64FloatAttr(p1);
  if (fn == "uniform")
    return Obj::ofArray(mlir::tnp::RandomUniformOp::create(
        b, loc(call), type, seed, stream, a0, a1, ValueRange{}));
  return Obj::ofArray(mlir::tnp::RandomNormalOp::create(
      b, loc(call), type, seed, stream, a0, a1, ValueRange{}));
}
