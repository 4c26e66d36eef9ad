//===- TranslateCalls.cpp - np.* functions and array methods -------------===//
//
// Part of tnp. The NumPy functions and ndarray methods of the case grammar
// that map onto tnp ops: ufuncs, reductions, matmul/dot, reshape, transpose,
// broadcast_to, asarray, astype (the other shape ops and where/clip are in
// TranslateShapes.cpp). Python's argument binding rules are
// followed; arguments tnp does not implement (out=, where=, order='F', ...)
// are `unsupported`, never ignored.
//
//===----------------------------------------------------------------------===//

#include "Translator.h"

using namespace mlir;
using namespace ::tnp::cases;
using namespace ::tnp::cases::detail;
namespace sem = ::tnp::sem;
using llvm::StringRef;

Result Translator::callNumpy(const Expr &call, StringRef fn) {
  std::string qual = "np." + fn.str();

  // Reductions first: np.max/np.min are reductions, np.maximum a ufunc.
  if (std::optional<sem::Reduction> r = sem::parseReductionName(fn)) {
    bool isSumProd = *r == sem::Reduction::Sum || *r == sem::Reduction::Prod;
    bool isMean = *r == sem::Reduction::Mean;
    bool isExtremum = *r == sem::Reduction::Max || *r == sem::Reduction::Min;
    llvm::SmallVector<StringRef> params = {"a", "axis"};
    if (isSumProd || isMean)
      params.push_back("dtype");
    params.append({"out", "keepdims"});
    if (isSumProd || isExtremum)
      params.push_back("initial");
    if (*r != sem::Reduction::ArgMax && *r != sem::Reduction::ArgMin)
      params.push_back("where");
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"out", "initial", "where"}, qual);
    if (!ok)
      return ok.error();
    auto get = [&](StringRef n) -> const Expr * {
      auto it = llvm::find(params, n);
      return it == params.end() ? nullptr : (*bound)[it - params.begin()];
    };
    Result input = eval(*get("a"));
    if (!input)
      return input;
    return reduction(call, *r, *input, *get("a"), get("axis"), get("keepdims"),
                     get("dtype"));
  }

  if (std::optional<sem::Ufunc> u = sem::parseUfuncName(fn)) {
    unsigned arity = sem::ufuncArity(*u);
    bool isRound = *u == sem::Ufunc::Round;
    llvm::SmallVector<StringRef> params;
    if (isRound) // np.round(a, decimals=0, out=None) is not a NumPy ufunc
      params.append({"a", "decimals", "out"});
    else if (arity == 1)
      params.append(
          {"x", "out", "where", "casting", "order", "dtype", "subok"});
    else
      params.append(
          {"x1", "x2", "out", "where", "casting", "order", "dtype", "subok"});
    auto bound = bind(call, qual, params, arity);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"out", "where", "dtype", "subok"},
                             qual);
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"casting"}, qual, {"same_kind"});
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"order"}, qual, {"K"});
    if (!ok)
      return ok.error();
    if (isRound && (*bound)[1]) {
      const Expr *d = (*bound)[1];
      Result dv = eval(*d);
      if (!dv)
        return dv;
      sem::Expected<int64_t> n = integer(*dv, *d, "decimals");
      if (!n)
        return n.error();
      if (*n != 0)
        return unsupported(*d, "decimals= of np.round");
    }
    std::vector<Obj> args;
    std::vector<const Expr *> exprs;
    for (unsigned i = 0; i < arity; ++i) {
      Result v = eval(*(*bound)[i]);
      if (!v)
        return v;
      args.push_back(std::move(v.value()));
      exprs.push_back((*bound)[i]);
    }
    SmallVector<const Obj *, 2> ptrs;
    for (const Obj &a : args)
      ptrs.push_back(&a);
    return ufunc(call, *u, ptrs, exprs);
  }

  if (fn == "matmul" || fn == "dot") {
    llvm::SmallVector<StringRef> params = {fn == "dot" ? "a" : "x1",
                                           fn == "dot" ? "b" : "x2", "out"};
    auto bound = bind(call, qual, params, 2);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"out"}, qual);
    if (!ok)
      return ok.error();
    Value vals[2];
    for (int i = 0; i < 2; ++i) {
      Result v = eval(*(*bound)[i]);
      if (!v)
        return v;
      sem::Expected<Value> a = operand(*v, *(*bound)[i]);
      if (!a)
        return a.error();
      vals[i] = *a;
    }
    if (fn == "dot")
      return built(call,
                   mlir::tnp::buildDot(b, loc(call), vals[0], vals[1], o));
    return built(call,
                 mlir::tnp::buildMatmul(b, loc(call), vals[0], vals[1], o));
  }

  if (fn == "reshape") {
    llvm::SmallVector<StringRef> params = {"a", "newshape", "order"};
    auto bound = bind(call, qual, params, 2);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"order"}, qual, {"C"});
    if (!ok)
      return ok.error();
    Result a = eval(*(*bound)[0]);
    if (!a)
      return a;
    Result shape = eval(*(*bound)[1]);
    if (!shape)
      return shape;
    return reshape(call, *a, *(*bound)[0], *shape, *(*bound)[1]);
  }

  if (fn == "transpose") {
    llvm::SmallVector<StringRef> params = {"a", "axes"};
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    Result a = eval(*(*bound)[0]);
    if (!a)
      return a;
    std::optional<Obj> axes;
    if ((*bound)[1]) {
      Result ax = eval(*(*bound)[1]);
      if (!ax)
        return ax;
      if (ax->kind != Obj::Kind::None)
        axes = *ax;
    }
    return transpose(call, *a, *(*bound)[0], (*bound)[1], axes);
  }

  if (fn == "broadcast_to") {
    llvm::SmallVector<StringRef> params = {"array", "shape", "subok"};
    auto bound = bind(call, qual, params, 2);
    if (!bound)
      return bound.error();
    Result a = eval(*(*bound)[0]);
    if (!a)
      return a;
    Result arr = asArray(*a, *(*bound)[0]);
    if (!arr)
      return arr;
    Result shape = eval(*(*bound)[1]);
    if (!shape)
      return shape;
    sem::Expected<std::vector<int64_t>> s =
        intList(*shape, *(*bound)[1], "a shape");
    if (!s)
      return s.error();
    return built(call,
                 mlir::tnp::buildBroadcastTo(b, loc(call), arr->array, *s));
  }

  if (fn == "asarray" || fn == "array" || fn == "asanyarray" ||
      fn == "ascontiguousarray") {
    llvm::SmallVector<StringRef> params = {"a", "dtype", "order", "like"};
    if (fn == "array")
      params = {"object", "dtype", "copy", "order", "subok", "ndmin", "like"};
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"like", "subok"}, qual);
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"order"}, qual, {"C", "K", "A"});
    if (!ok)
      return ok.error();
    if (fn == "array" && (*bound)[5]) {
      Result nd = eval(*(*bound)[5]);
      if (!nd)
        return nd;
      sem::Expected<int64_t> n = integer(*nd, *(*bound)[5], "ndmin");
      if (!n)
        return n.error();
      if (*n != 0)
        return unsupported(*(*bound)[5], "ndmin= of np.array");
    }
    std::optional<sem::DType> dtype;
    if ((*bound)[1]) {
      Result dv = eval(*(*bound)[1]);
      if (!dv)
        return dv;
      auto d = dtypeArg(*dv, *(*bound)[1]);
      if (!d)
        return d.error();
      dtype = *d;
    }
    Result v = eval(*(*bound)[0]);
    if (!v)
      return v;
    return asArray(*v, call, dtype);
  }

  if (fn == "ravel" || fn == "moveaxis" || fn == "swapaxes" ||
      fn == "expand_dims" || fn == "squeeze" || fn == "concatenate" ||
      fn == "stack" || fn == "split")
    return shapeCall(call, fn);
  if (fn == "where" || fn == "clip")
    return selectionCall(call, fn);

  if (fn == "zeros" || fn == "ones" || fn == "empty" || fn == "full" ||
      fn == "zeros_like" || fn == "ones_like" || fn == "empty_like" ||
      fn == "full_like" || fn == "arange" || fn == "linspace" || fn == "eye" ||
      fn == "identity")
    return creation(call, fn);

  return unsupported(call, qual);
}

Result Translator::reduction(const Expr &call, sem::Reduction r,
                             const Obj &inputObj, const Expr &inputExpr,
                             const Expr *axisExpr, const Expr *keepdimsExpr,
                             const Expr *dtypeExpr) {
  Result input = asArray(inputObj, inputExpr);
  if (!input)
    return input;
  Value x = input->array;

  std::optional<std::vector<int64_t>> axes;
  if (axisExpr) {
    Result ax = eval(*axisExpr);
    if (!ax)
      return ax;
    if (ax->kind != Obj::Kind::None) {
      sem::Expected<std::vector<int64_t>> l =
          intList(*ax, *axisExpr, "an axis");
      if (!l)
        return l.error();
      axes = *l;
    }
  }
  bool keepdims = false;
  if (keepdimsExpr) {
    Result kd = eval(*keepdimsExpr);
    if (!kd)
      return kd;
    sem::Expected<bool> t = truth(*kd, *keepdimsExpr, "keepdims");
    if (!t)
      return t.error();
    keepdims = *t;
  }
  std::optional<sem::DType> dtype;
  if (dtypeExpr) {
    Result dv = eval(*dtypeExpr);
    if (!dv)
      return dv;
    auto d = dtypeArg(*dv, *dtypeExpr);
    if (!d)
      return d.error();
    dtype = *d;
  }

  // reduction(x, dtype=t) accumulates in t. Where t is what the reduction
  // of a t array gives, casting the input first is exactly NumPy's rule;
  // otherwise (sum of int8 with dtype=int8, dtype=bool) the reduction of the
  // input cast afterwards is exact: integer sums and products wrap
  // modularly, and a bool sum/product is any/all.
  bool castAfter = false;
  if (dtype) {
    sem::Expected<sem::PromotedType> same =
        sem::reductionResultType(r, *dtype, o);
    if (same && same->dtype == *dtype) {
      Result cast = asArray(*input, inputExpr, dtype);
      if (!cast)
        return cast;
      x = cast->array;
    } else if (r == sem::Reduction::Sum || r == sem::Reduction::Prod) {
      castAfter = true;
    } else {
      return unsupported(*dtypeExpr, "dtype= of np." +
                                         std::string(sem::reductionName(r)) +
                                         " with a non-float dtype");
    }
  }
  std::optional<ArrayRef<int64_t>> axesRef;
  if (axes)
    axesRef = ArrayRef<int64_t>(*axes);
  Result red = built(call, mlir::tnp::buildReduction(b, loc(call), r, x,
                                                     axesRef, keepdims, o));
  if (!red || !castAfter)
    return red;
  return built(call, mlir::tnp::buildAstype(b, loc(call), red->array, *dtype));
}

Result Translator::reshape(const Expr &call, const Obj &inputObj,
                           const Expr &inputExpr, const Obj &shape,
                           const Expr &shapeExpr) {
  Result input = asArray(inputObj, inputExpr);
  if (!input)
    return input;
  sem::Expected<std::vector<int64_t>> s = intList(shape, shapeExpr, "a shape");
  if (!s)
    return s.error();
  return built(call, mlir::tnp::buildReshape(b, loc(call), input->array, *s));
}

Result Translator::transpose(const Expr &call, const Obj &inputObj,
                             const Expr &inputExpr, const Expr *axesExpr,
                             std::optional<Obj> axes) {
  Result input = asArray(inputObj, inputExpr);
  if (!input)
    return input;
  std::vector<int64_t> perm;
  if (axes) {
    sem::Expected<std::vector<int64_t>> p =
        intList(*axes, *axesExpr, "an axis");
    if (!p)
      return p.error();
    perm = *p;
    // The builder reads an empty permutation as "reverse"; an explicit
    // `axes=()` only fits a 0-d array (NumPy: "axes don't match array").
    int64_t rank = cast<RankedTensorType>(input->array.getType()).getRank();
    if (perm.empty() && rank != 0)
      return at(call,
                sem::Error{sem::ErrorKind::Axis, "axes don't match array"});
  }
  return built(call,
               mlir::tnp::buildTranspose(b, loc(call), input->array, perm));
}

Result Translator::callMethod(const Expr &call, const Obj &self,
                              StringRef method) {
  std::string qual = "." + method.str() + "()";
  const Expr &selfExpr = call.callee().value();
  if (method == "astype") {
    llvm::SmallVector<StringRef> params = {"dtype", "order", "casting", "subok",
                                           "copy"};
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"subok"}, qual);
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"order"}, qual, {"K", "C", "A"});
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"casting"}, qual, {"unsafe"});
    if (!ok)
      return ok.error();
    Result dv = eval(*(*bound)[0]);
    if (!dv)
      return dv;
    auto d = dtypeArg(*dv, *(*bound)[0]);
    if (!d)
      return d.error();
    if (!*d)
      return unsupported(*(*bound)[0], "astype(None)");
    return built(call, mlir::tnp::buildAstype(b, loc(call), self.array, **d));
  }
  if (method == "reshape") {
    // x.reshape(2, 3) and x.reshape((2, 3)) (SPEC §f).
    std::vector<const Expr *> args = call.args();
    for (const Keyword &k : call.keywords) {
      if (k.name != "order")
        return unsupported(*k.value,
                           "keyword argument " + k.name + "= of " + qual);
      Result ov = eval(*k.value);
      if (!ov)
        return ov;
      if (!isNoneOr(*ov, {"C"}))
        return unsupported(*k.value, "order= of " + qual);
    }
    if (args.empty())
      return unsupported(call, qual + " is missing its shape");
    if (args.size() == 1) {
      Result s = eval(*args[0]);
      if (!s)
        return s;
      return reshape(call, self, selfExpr, *s, *args[0]);
    }
    Obj shape = Obj::ofKind(Obj::Kind::Seq);
    shape.isTuple = true;
    for (const Expr *a : args) {
      Result v = eval(*a);
      if (!v)
        return v;
      shape.elements.push_back(std::move(v.value()));
    }
    return reshape(call, self, selfExpr, shape, call);
  }
  if (method == "transpose") {
    std::vector<const Expr *> args = call.args();
    if (!call.keywords.empty())
      return unsupported(*call.keywords[0].value, "keyword argument " +
                                                      call.keywords[0].name +
                                                      "= of " + qual);
    if (args.empty())
      return transpose(call, self, selfExpr, nullptr, std::nullopt);
    if (args.size() == 1) {
      Result v = eval(*args[0]);
      if (!v)
        return v;
      if (v->kind == Obj::Kind::None)
        return transpose(call, self, selfExpr, nullptr, std::nullopt);
      return transpose(call, self, selfExpr, args[0], *v);
    }
    Obj axes = Obj::ofKind(Obj::Kind::Seq);
    axes.isTuple = true;
    for (const Expr *a : args) {
      Result v = eval(*a);
      if (!v)
        return v;
      axes.elements.push_back(std::move(v.value()));
    }
    return transpose(call, self, selfExpr, &call, axes);
  }
  if (method == "max" || method == "min" || method == "mean") {
    sem::Reduction r = method == "max"   ? sem::Reduction::Max
                       : method == "min" ? sem::Reduction::Min
                                         : sem::Reduction::Mean;
    llvm::SmallVector<StringRef> params = {"axis"};
    if (r == sem::Reduction::Mean)
      params.push_back("dtype");
    params.append({"out", "keepdims"});
    if (r != sem::Reduction::Mean)
      params.push_back("initial");
    params.push_back("where");
    auto bound = bind(call, qual, params, 0);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"out", "initial", "where"}, qual);
    if (!ok)
      return ok.error();
    auto get = [&](StringRef n) -> const Expr * {
      auto it = llvm::find(params, n);
      return it == params.end() ? nullptr : (*bound)[it - params.begin()];
    };
    return reduction(call, r, self, selfExpr, get("axis"), get("keepdims"),
                     get("dtype"));
  }
  if (method == "ravel" || method == "flatten") {
    llvm::SmallVector<StringRef> params = {"order"};
    auto bound = bind(call, qual, params, 0);
    if (!bound)
      return bound.error();
    return ravel(call, self, selfExpr, (*bound)[0], qual);
  }
  if (method == "clip") {
    llvm::SmallVector<StringRef> params = {"min", "max", "out"};
    auto bound = bind(call, qual, params, 0);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"out"}, qual);
    if (!ok)
      return ok.error();
    return clip(call, self, selfExpr, (*bound)[0], (*bound)[1]);
  }
  // Methods of OPS.md whose ops do not exist yet, and NumPy methods that a
  // tnp array (a tf.Tensor, SPEC §f) does not have (squeeze, swapaxes, ...).
  return unsupported(call, "method " + qual);
}
