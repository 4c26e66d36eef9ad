//===- TranslateShapes.cpp - np shape ops, where and clip -----------------===//
//
// Part of tnp. np.ravel / ndarray.ravel / flatten, moveaxis, swapaxes,
// expand_dims, squeeze, concatenate, stack, split, where and clip (function
// and method). Arguments tnp does not implement (out=, dtype= of
// concatenate/stack, np.where's one-argument form) are `unsupported`.
//
//===----------------------------------------------------------------------===//

#include "Translator.h"

using namespace mlir;
using namespace ::tnp::cases;
using namespace ::tnp::cases::detail;
namespace sem = ::tnp::sem;
using llvm::StringRef;

sem::Expected<std::vector<Value>> Translator::arraySeq(const Expr &e,
                                                       StringRef fn) {
  Result v = eval(e);
  if (!v)
    return v.error();
  if (v->kind != Obj::Kind::Seq)
    return unsupported(e, v->aTypeName() + " as the arrays of " + fn.str() +
                              " (a list or tuple of arrays is expected)");
  std::vector<Value> out;
  for (const Obj &el : v->elements) {
    Result a = asArray(el, e);
    if (!a)
      return a.error();
    out.push_back(a->array);
  }
  return out;
}

Result Translator::ravel(const Expr &call, const Obj &inputObj,
                         const Expr &inputExpr, const Expr *orderExpr,
                         StringRef fn) {
  Result input = asArray(inputObj, inputExpr);
  if (!input)
    return input;
  bool fortran = false;
  if (orderExpr) {
    Result ov = eval(*orderExpr);
    if (!ov)
      return ov;
    // tnp arrays are C-contiguous: 'A' and 'K' read them in C order.
    if (ov->kind == Obj::Kind::Str && ov->str == "F")
      fortran = true;
    else if (!isNoneOr(*ov, {"C", "A", "K"}))
      return rejectedArg(orderExpr, fn, "order");
  }
  return built(call,
               mlir::tnp::buildRavel(b, loc(call), input->array, fortran));
}

Result Translator::clip(const Expr &call, const Obj &inputObj,
                        const Expr &inputExpr, const Expr *minExpr,
                        const Expr *maxExpr) {
  sem::Expected<Value> x = operand(inputObj, inputExpr);
  if (!x)
    return x.error();
  Value bounds[2];
  const Expr *exprs[2] = {minExpr, maxExpr};
  for (int i = 0; i < 2; ++i) {
    if (!exprs[i])
      continue;
    Result v = eval(*exprs[i]);
    if (!v)
      return v;
    if (v->kind == Obj::Kind::None)
      continue;
    sem::Expected<Value> bv = operand(*v, *exprs[i]);
    if (!bv)
      return bv.error();
    bounds[i] = *bv;
  }
  return built(call,
               mlir::tnp::buildClip(b, loc(call), *x, bounds[0], bounds[1], o));
}

Result Translator::selectionCall(const Expr &call, StringRef fn) {
  std::string qual = "np." + fn.str();
  if (fn == "clip") {
    llvm::SmallVector<StringRef> params = {"a", "a_min", "a_max", "out"};
    auto bound = bind(call, qual, params, 3);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"out"}, qual);
    if (!ok)
      return ok.error();
    Result a = eval(*(*bound)[0]);
    if (!a)
      return a;
    return clip(call, *a, *(*bound)[0], (*bound)[1], (*bound)[2]);
  }
  // np.where(condition, x, y).
  llvm::SmallVector<StringRef> params = {"condition", "x", "y"};
  auto bound = bind(call, qual, params, 1);
  if (!bound)
    return bound.error();
  if (!(*bound)[1] && !(*bound)[2])
    return unsupported(call, "np.where with one argument (np.nonzero)");
  if (!(*bound)[1] || !(*bound)[2])
    return at(call, sem::Error{sem::ErrorKind::Value,
                               "either both or neither of x and y should be "
                               "given"});
  Value vals[3];
  for (int i = 0; i < 3; ++i) {
    Result v = eval(*(*bound)[i]);
    if (!v)
      return v;
    sem::Expected<Value> a = operand(*v, *(*bound)[i]);
    if (!a)
      return a.error();
    vals[i] = *a;
  }
  return built(
      call, mlir::tnp::buildWhere(b, loc(call), vals[0], vals[1], vals[2], o));
}

Result Translator::shapeCall(const Expr &call, StringRef fn) {
  std::string qual = "np." + fn.str();
  // The first argument as an array (every function here but
  // concatenate/stack takes one).
  auto arrayArg = [&](const Expr &e) -> Result {
    Result v = eval(e);
    if (!v)
      return v;
    return asArray(*v, e);
  };
  auto intArg = [&](const Expr &e, StringRef what) -> sem::Expected<int64_t> {
    Result v = eval(e);
    if (!v)
      return v.error();
    return integer(*v, e, what);
  };
  auto intListArg = [&](const Expr &e,
                        StringRef what) -> sem::Expected<std::vector<int64_t>> {
    Result v = eval(e);
    if (!v)
      return v.error();
    return intList(*v, e, what);
  };

  if (fn == "ravel") {
    llvm::SmallVector<StringRef> params = {"a", "order"};
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    Result a = eval(*(*bound)[0]);
    if (!a)
      return a;
    return ravel(call, *a, *(*bound)[0], (*bound)[1], qual);
  }

  if (fn == "moveaxis" || fn == "swapaxes") {
    bool move = fn == "moveaxis";
    llvm::SmallVector<StringRef> params = {"a", move ? "source" : "axis1",
                                           move ? "destination" : "axis2"};
    auto bound = bind(call, qual, params, 3);
    if (!bound)
      return bound.error();
    Result a = arrayArg(*(*bound)[0]);
    if (!a)
      return a;
    if (move) {
      auto src = intListArg(*(*bound)[1], "an axis");
      if (!src)
        return src.error();
      auto dst = intListArg(*(*bound)[2], "an axis");
      if (!dst)
        return dst.error();
      return built(
          call, mlir::tnp::buildMoveaxis(b, loc(call), a->array, *src, *dst));
    }
    auto a1 = intArg(*(*bound)[1], "an axis");
    if (!a1)
      return a1.error();
    auto a2 = intArg(*(*bound)[2], "an axis");
    if (!a2)
      return a2.error();
    return built(call,
                 mlir::tnp::buildSwapaxes(b, loc(call), a->array, *a1, *a2));
  }

  if (fn == "expand_dims" || fn == "squeeze") {
    bool expand = fn == "expand_dims";
    llvm::SmallVector<StringRef> params = {"a", "axis"};
    auto bound = bind(call, qual, params, expand ? 2 : 1);
    if (!bound)
      return bound.error();
    Result a = arrayArg(*(*bound)[0]);
    if (!a)
      return a;
    std::optional<std::vector<int64_t>> axes;
    if ((*bound)[1]) {
      Result av = eval(*(*bound)[1]);
      if (!av)
        return av;
      if (av->kind != Obj::Kind::None || expand) {
        auto l = intList(*av, *(*bound)[1], "an axis");
        if (!l)
          return l.error();
        axes = *l;
      }
    }
    if (expand)
      return built(call,
                   mlir::tnp::buildExpandDims(b, loc(call), a->array, *axes));
    std::optional<ArrayRef<int64_t>> ref;
    if (axes)
      ref = ArrayRef<int64_t>(*axes);
    return built(call, mlir::tnp::buildSqueeze(b, loc(call), a->array, ref));
  }

  if (fn == "concatenate" || fn == "stack") {
    llvm::SmallVector<StringRef> params = {"arrays", "axis", "out", "dtype",
                                           "casting"};
    auto bound = bind(call, qual, params, 1);
    if (!bound)
      return bound.error();
    auto ok = requireDefault(*bound, params, {"out", "dtype"}, qual);
    if (!ok)
      return ok.error();
    ok = requireDefault(*bound, params, {"casting"}, qual, {"same_kind"});
    if (!ok)
      return ok.error();
    auto arrays = arraySeq(*(*bound)[0], qual);
    if (!arrays)
      return arrays.error();
    std::optional<int64_t> axis = 0;
    if ((*bound)[1]) {
      Result av = eval(*(*bound)[1]);
      if (!av)
        return av;
      if (av->kind == Obj::Kind::None) {
        if (fn == "stack")
          return unsupported(*(*bound)[1], "axis=None of np.stack");
        axis.reset();
      } else {
        auto n = integer(*av, *(*bound)[1], "an axis");
        if (!n)
          return n.error();
        axis = *n;
      }
    }
    if (fn == "stack")
      return built(call,
                   mlir::tnp::buildStack(b, loc(call), *arrays, *axis, o));
    return built(call,
                 mlir::tnp::buildConcatenate(b, loc(call), *arrays, axis, o));
  }

  // np.split(ary, indices_or_sections, axis=0): a list of arrays.
  llvm::SmallVector<StringRef> params = {"ary", "indices_or_sections", "axis"};
  auto bound = bind(call, qual, params, 2);
  if (!bound)
    return bound.error();
  Result a = arrayArg(*(*bound)[0]);
  if (!a)
    return a;
  Result sv = eval(*(*bound)[1]);
  if (!sv)
    return sv;
  sem::SplitSpec spec;
  if (sv->kind == Obj::Kind::Seq) {
    auto l = intList(*sv, *(*bound)[1], "a split index");
    if (!l)
      return l.error();
    spec.indices = *l;
  } else {
    auto n = integer(*sv, *(*bound)[1], "a number of sections");
    if (!n)
      return n.error();
    spec.sections = *n;
  }
  int64_t axis = 0;
  if ((*bound)[2]) {
    auto n = intArg(*(*bound)[2], "an axis");
    if (!n)
      return n.error();
    axis = *n;
  }
  mlir::tnp::SemExpected<SmallVector<Value>> pieces =
      mlir::tnp::buildSplit(b, loc(call), a->array, spec, axis);
  if (!pieces)
    return at(call, pieces.error());
  Obj list = Obj::ofKind(Obj::Kind::Seq);
  for (Value v : *pieces)
    list.elements.push_back(Obj::ofArray(v));
  return list;
}
