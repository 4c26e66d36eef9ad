//===- TranslateValues.cpp - Python objects to tnp values and arguments --===//
//
// Part of tnp. How the evaluator turns Python objects into what the
// builders take: literals (weak scalars, weak lists, asarray constants),
// ints, shapes, axes, dtypes; and Python's argument binding for calls.
//
//===----------------------------------------------------------------------===//

#include "Translator.h"

#include <functional>

using namespace mlir;
using namespace ::tnp::cases;
using namespace ::tnp::cases::detail;
namespace sem = ::tnp::sem;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// Conversions of Python objects
//===----------------------------------------------------------------------===//

sem::Expected<sem::Scalar> Translator::scalar(const Obj &v, const Expr &e) {
  if (v.kind != Obj::Kind::Number)
    return unsupported(e, v.aTypeName() + " where a number is expected");
  sem::Expected<sem::Scalar> s = toScalar(v.number);
  if (!s)
    return at(e, s.error());
  return s;
}

sem::Expected<int64_t> Translator::integer(const Obj &v, const Expr &e,
                                           StringRef what) {
  if (v.kind == Obj::Kind::Number && v.number.kind <= PyNumber::Kind::Int) {
    if (std::optional<int64_t> i = v.number.asInt64())
      return *i;
    return at(e, sem::Error{sem::ErrorKind::Overflow,
                            "Python int " + v.number.str() +
                                " is too large for " + what.str()});
  }
  return unsupported(e, "'" + v.typeName() + "' object as " + what.str() +
                            " (an integer is expected)");
}

sem::Expected<std::vector<int64_t>>
Translator::intList(const Obj &v, const Expr &e, StringRef what) {
  std::vector<int64_t> r;
  if (v.kind == Obj::Kind::Seq) {
    for (const Obj &el : v.elements) {
      sem::Expected<int64_t> i = integer(el, e, what);
      if (!i)
        return i.error();
      r.push_back(*i);
    }
    return r;
  }
  sem::Expected<int64_t> i = integer(v, e, what);
  if (!i)
    return i.error();
  r.push_back(*i);
  return r;
}

sem::Expected<bool> Translator::truth(const Obj &v, const Expr &e,
                                      StringRef what) {
  if (v.kind == Obj::Kind::None)
    return false;
  if (v.kind == Obj::Kind::Number)
    return v.number.truthy();
  return unsupported(e, "'" + v.typeName() + "' object as " + what.str());
}

sem::Expected<std::optional<sem::DType>> Translator::dtypeArg(const Obj &v,
                                                              const Expr &e) {
  switch (v.kind) {
  case Obj::Kind::None:
    return std::optional<sem::DType>();
  case Obj::Kind::DType:
    return std::optional<sem::DType>(v.dtype);
  case Obj::Kind::PyType:
    switch (v.pyType) {
    case PyNumber::Kind::Bool:
      return std::optional<sem::DType>(sem::DType::Bool);
    case PyNumber::Kind::Int:
      return std::optional<sem::DType>(o.isAuto() ? sem::DType::Int32
                                                  : sem::DType::Int64);
    case PyNumber::Kind::Float:
      return std::optional<sem::DType>(o.isAuto() ? sem::DType::Float32
                                                  : sem::DType::Float64);
    case PyNumber::Kind::Complex:
      return std::optional<sem::DType>(sem::DType::Complex128);
    }
    break;
  case Obj::Kind::Str:
    if (std::optional<sem::DType> t = sem::parseDTypeName(v.str))
      return std::optional<sem::DType>(t);
    return unsupported(e, "dtype '" + v.str + "'");
  default:
    break;
  }
  return unsupported(e, "'" + v.typeName() + "' object as a dtype");
}

sem::Expected<std::pair<std::vector<sem::Scalar>, std::vector<int64_t>>>
Translator::flattenLiteral(const Obj &v, const Expr &e) {
  std::vector<int64_t> shape;
  for (const Obj *cur = &v; cur->kind == Obj::Kind::Seq;
       cur = &cur->elements[0]) {
    shape.push_back(static_cast<int64_t>(cur->elements.size()));
    if (cur->elements.empty())
      break;
  }
  std::vector<sem::Scalar> values;
  std::optional<sem::Error> err;
  std::function<void(const Obj &, size_t)> visit = [&](const Obj &cur,
                                                       size_t depth) {
    if (err)
      return;
    if (depth == shape.size()) {
      if (cur.kind == Obj::Kind::Seq) {
        err = at(e, ragged(depth));
        return;
      }
      if (cur.kind != Obj::Kind::Number) {
        err = unsupported(e, cur.kind == Obj::Kind::Array
                                 ? std::string("a list of arrays (np.stack)")
                                 : cur.aTypeName() + " inside a list literal");
        return;
      }
      sem::Expected<sem::Scalar> s = scalar(cur, e);
      if (!s) {
        err = s.error();
        return;
      }
      values.push_back(*s);
      return;
    }
    if (cur.kind != Obj::Kind::Seq ||
        static_cast<int64_t>(cur.elements.size()) != shape[depth]) {
      err = at(e, ragged(depth));
      return;
    }
    for (const Obj &el : cur.elements)
      visit(el, depth + 1);
  };
  visit(v, 0);
  if (err)
    return *err;
  return std::make_pair(std::move(values), std::move(shape));
}

sem::Error Translator::ragged(size_t depth) {
  return sem::Error{sem::ErrorKind::Value,
                    "setting an array element with a sequence. The "
                    "requested array has an inhomogeneous shape after " +
                        std::to_string(depth) + " dimensions"};
}

Result Translator::asArray(const Obj &v, const Expr &e,
                           std::optional<sem::DType> dtype) {
  if (v.kind == Obj::Kind::Array) {
    std::optional<sem::DType> cur = mlir::tnp::toDType(
        cast<RankedTensorType>(v.array.getType()).getElementType());
    if (!dtype || cur == dtype)
      return v;
    return built(e, mlir::tnp::buildAstype(b, loc(e), v.array, *dtype));
  }
  if (v.kind != Obj::Kind::Number && v.kind != Obj::Kind::Seq)
    return unsupported(e, "'" + v.typeName() + "' object as an array");
  // A list of arrays (np.split's result, say): NumPy stacks them.
  if (v.kind == Obj::Kind::Seq && !v.elements.empty() &&
      llvm::all_of(v.elements,
                   [](const Obj &el) { return el.kind == Obj::Kind::Array; })) {
    std::vector<Value> arrays;
    for (const Obj &el : v.elements)
      arrays.push_back(el.array);
    Result stacked = built(e, mlir::tnp::buildStack(b, loc(e), arrays, 0, o));
    if (!stacked)
      return stacked;
    return asArray(*stacked, e, dtype);
  }
  auto flat = flattenLiteral(v, e);
  if (!flat)
    return flat.error();
  return built(e, mlir::tnp::buildAsarray(b, loc(e), flat->first, flat->second,
                                          dtype, o));
}

sem::Expected<Value> Translator::operand(const Obj &v, const Expr &e) {
  switch (v.kind) {
  case Obj::Kind::Array:
    return v.array;
  case Obj::Kind::Number: {
    sem::Expected<sem::Scalar> s = scalar(v, e);
    if (!s)
      return s.error();
    mlir::tnp::SemExpected<Value> lit =
        mlir::tnp::buildLiteral(b, loc(e), *s, o);
    if (!lit)
      return at(e, lit.error());
    return *lit;
  }
  case Obj::Kind::Seq: {
    auto flat = flattenLiteral(v, e);
    if (!flat)
      return flat.error();
    if (flat->second.size() != 1)
      return unsupported(e, "a nested list as an operand");
    mlir::tnp::SemExpected<Value> lit =
        mlir::tnp::buildLiteralList(b, loc(e), flat->first, o);
    if (!lit)
      return at(e, lit.error());
    return *lit;
  }
  default:
    break;
  }
  return unsupported(e, "'" + v.typeName() + "' object as an operand");
}

//===----------------------------------------------------------------------===//
// Argument binding
//===----------------------------------------------------------------------===//

sem::Expected<std::vector<const Expr *>>
Translator::bind(const Expr &call, StringRef fn,
                 llvm::ArrayRef<StringRef> params, unsigned required) {
  std::vector<const Expr *> bound(params.size(), nullptr);
  std::vector<const Expr *> args = call.args();
  if (args.size() > params.size())
    return unsupported(call, fn.str() + " takes at most " +
                                 std::to_string(params.size()) +
                                 " positional arguments");
  for (size_t i = 0; i < args.size(); ++i)
    bound[i] = args[i];
  for (const Keyword &k : call.keywords) {
    auto it = llvm::find(params, StringRef(k.name));
    if (it == params.end())
      return unsupported(*k.value,
                         "keyword argument " + k.name + "= of " + fn.str());
    size_t i = it - params.begin();
    if (bound[i])
      return unsupported(*k.value,
                         fn.str() + " got multiple values for " + k.name);
    bound[i] = k.value.get();
  }
  for (unsigned i = 0; i < required; ++i)
    if (!bound[i])
      return unsupported(call, fn.str() + " is missing its argument '" +
                                   params[i].str() + "'");
  return bound;
}

sem::Error Translator::rejectedArg(const Expr *arg, StringRef fn,
                                   StringRef param) {
  return unsupported(*arg, param.str() + "= of " + fn.str());
}

bool Translator::isNoneOr(const Obj &v,
                          llvm::ArrayRef<StringRef> allowedStrings) {
  if (v.kind == Obj::Kind::None)
    return true;
  return v.kind == Obj::Kind::Str &&
         llvm::is_contained(allowedStrings, StringRef(v.str));
}

sem::Expected<bool>
Translator::requireDefault(const std::vector<const Expr *> &bound,
                           llvm::ArrayRef<StringRef> params,
                           llvm::ArrayRef<StringRef> names, StringRef fn,
                           llvm::ArrayRef<StringRef> strings) {
  for (StringRef n : names) {
    auto it = llvm::find(params, n);
    if (it == params.end())
      continue;
    const Expr *arg = bound[it - params.begin()];
    if (!arg)
      continue;
    Result v = eval(*arg);
    if (!v)
      return v.error();
    if (!isNoneOr(*v, strings))
      return rejectedArg(arg, fn, n);
  }
  return true;
}
