//===- TranslateIndexing.cpp - Subscripts of case programs ---------------===//
//
// Part of tnp. `x[...]` of a case program: Python-level indexing of a tuple,
// and NumPy's indexing of an array: the items are classified here (with
// their positions for errors) and built by mlir::tnp::buildSubscript (basic
// and advanced indexing, SPEC policy rule 5).
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPIndexingOps.h"
#include "Translator.h"

#include <algorithm>
#include <functional>

using namespace mlir;
using namespace ::tnp::cases::detail;
namespace sem = ::tnp::sem;

namespace {
enum class PartKind { Basic, Mask, IntArray };
struct IndexPart {
  PartKind kind = PartKind::Basic;
  mlir::tnp::IndexItem item;
  Value array;
};
} // namespace

Result Translator::evalSubscript(const Expr &e) {
  Result base = eval(e.value());
  if (!base)
    return base;
  // Python-level indexing of a tuple or list (`x.shape[0]`) is plain Python.
  if (base->kind == Obj::Kind::Seq) {
    if (e.operands[1]->kind == ExprKind::Slice)
      return unsupported(e, "slicing " + base->aTypeName());
    Result idx = eval(*e.operands[1]);
    if (!idx)
      return idx;
    if (idx->kind == Obj::Kind::Number &&
        idx->number.kind <= PyNumber::Kind::Int) {
      std::optional<int64_t> i = idx->number.asInt64();
      int64_t n = static_cast<int64_t>(base->elements.size());
      if (i && *i < 0)
        *i += n;
      if (!i || *i < 0 || *i >= n)
        return at(e, sem::Error{sem::ErrorKind::Index,
                                base->typeName() + " index out of range"});
      return base->elements[*i];
    }
    return unsupported(e, "slicing " + base->aTypeName());
  }
  if (base->kind != Obj::Kind::Array)
    return unsupported(e, "subscript of " + base->aTypeName());
  // `x[a, b]` and `x[(a, b)]` are the same index; anything else is one item.
  const Expr &index = *e.operands[1];
  std::vector<const Expr *> parts;
  if (index.kind == ExprKind::Tuple)
    parts = index.elements();
  else
    parts.push_back(&index);
  // Each part is a basic item, a boolean mask (a bool array, list or
  // scalar) or an integer index array (an integer array or list).
  std::vector<IndexPart> items;
  auto arrayPart = [&](Value arr, const Expr &p) -> std::optional<sem::Error> {
    auto rt = cast<RankedTensorType>(arr.getType());
    std::optional<sem::DType> dt = mlir::tnp::toDType(rt.getElementType());
    IndexPart part;
    part.array = arr;
    if (dt == sem::DType::Bool)
      part.kind = PartKind::Mask;
    else if (dt && sem::isInteger(*dt))
      part.kind = PartKind::IntArray;
    else
      return at(p, sem::Error{sem::ErrorKind::Index,
                              "arrays used as indices must be of integer (or "
                              "boolean) type"});
    items.push_back(part);
    return std::nullopt;
  };
  for (const Expr *p : parts) {
    if (p->kind == ExprKind::Slice) {
      std::optional<int64_t> bounds[3];
      for (unsigned i = 0; i < 3; ++i) {
        if (!p->operands[i])
          continue;
        Result v = eval(*p->operands[i]);
        if (!v)
          return v;
        if (v->kind == Obj::Kind::None)
          continue;
        if (v->kind != Obj::Kind::Number ||
            v->number.kind > PyNumber::Kind::Int)
          return at(*p->operands[i],
                    sem::Error{sem::ErrorKind::Index,
                               "slice indices must be integers or None or "
                               "have an __index__ method"});
        sem::Expected<int64_t> n = integer(*v, *p->operands[i], "a slice bound");
        if (!n)
          return n.error();
        bounds[i] = *n;
      }
      items.push_back({PartKind::Basic,
                       mlir::tnp::IndexItem::slice(bounds[0], bounds[1], bounds[2]),
                       Value()});
      continue;
    }
    Result v = eval(*p);
    if (!v)
      return v;
    switch (v->kind) {
    case Obj::Kind::None:
      items.push_back({PartKind::Basic, mlir::tnp::IndexItem::newAxis(), Value()});
      continue;
    case Obj::Kind::Ellipsis:
      items.push_back({PartKind::Basic, mlir::tnp::IndexItem::ellipsis(), Value()});
      continue;
    case Obj::Kind::Number:
      if (v->number.kind == PyNumber::Kind::Int) {
        sem::Expected<int64_t> n = integer(*v, *p, "an index");
        if (!n)
          return n.error();
        items.push_back({PartKind::Basic, mlir::tnp::IndexItem::integer(*n),
                         Value()});
        continue;
      }
      if (v->number.kind == PyNumber::Kind::Bool) {
        // `x[True]`: a 0-d mask (SPEC rule 5: `x[True]` is `x[None]`).
        Result arr = asArray(*v, *p);
        if (!arr)
          return arr;
        if (auto err = arrayPart(arr->array, *p))
          return *err;
        continue;
      }
      break;
    case Obj::Kind::Array:
      if (auto err = arrayPart(v->array, *p))
        return *err;
      continue;
    case Obj::Kind::Seq: {
      // A list holding no scalar (`[]`, `[[]]`) is an empty intp array.
      std::function<bool(const Obj &)> anyScalar = [&](const Obj &o) {
        if (o.kind != Obj::Kind::Seq)
          return true;
        return llvm::any_of(o.elements, anyScalar);
      };
      std::optional<sem::DType> dt;
      if (!anyScalar(*v))
        dt = sem::DType::Int64;
      Result arr = asArray(*v, *p, dt);
      if (!arr)
        return arr;
      if (auto err = arrayPart(arr->array, *p))
        return *err;
      continue;
    }
    default:
      break;
    }
    return at(*p, sem::Error{sem::ErrorKind::Index,
                             "only integers, slices (`:`), ellipsis (`...`), "
                             "numpy.newaxis (`None`) and integer or boolean "
                             "arrays are valid indices"});
  }
  std::vector<mlir::tnp::SubscriptItem> subscript;
  for (const IndexPart &pt : items)
    subscript.push_back(pt.kind == PartKind::Basic
                            ? mlir::tnp::SubscriptItem(pt.item)
                            : mlir::tnp::SubscriptItem(pt.array));
  return built(e, mlir::tnp::buildSubscript(b, loc(e), base->array, subscript));
}

