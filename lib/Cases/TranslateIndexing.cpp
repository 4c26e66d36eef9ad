//===- TranslateIndexing.cpp - Subscripts of case programs ---------------===//
//
// Part of tnp. `x[...]` of a case program: Python-level indexing of a tuple,
// NumPy's basic indexing (tnp.index), and advanced indexing (SPEC policy
// rule 5) with boolean masks (tnp.mask_select for a lone mask) and integer
// arrays (tnp.gather, which also takes masks mixed with other advanced
// indices, as their nonzero() arrays).
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPIndexingOps.h"
#include "Translator.h"

#include <algorithm>
#include <functional>

using namespace mlir;
using namespace ::tnp::cases::detail;
namespace sem = ::tnp::sem;

namespace tnp::cases::detail {
enum class PartKind { Basic, Mask, IntArray };
struct IndexPart {
  PartKind kind = PartKind::Basic;
  mlir::tnp::IndexItem item;
  Value array;
};
} // namespace tnp::cases::detail

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
  if (llvm::all_of(items,
                   [](const IndexPart &pt) { return pt.kind == PartKind::Basic; })) {
    std::vector<mlir::tnp::IndexItem> basic;
    for (const IndexPart &pt : items)
      basic.push_back(pt.item);
    return built(e, mlir::tnp::buildIndex(b, loc(e), base->array, basic));
  }
  return advancedIndex(e, base->array, items);
}

/// NumPy's advanced indexing, as basic slicing of the input (every advanced
/// part a full slice per dim it covers; newaxis left out) followed by a
/// tnp.mask_select (one mask and nothing else advanced) or a tnp.gather (the
/// masks, the integer arrays and the integers, which become 0-d arrays), and
/// finally the newaxis dims. Leaving newaxis out until the end keeps the
/// axis numbers of the error messages NumPy's: those of the input.
///
/// NumPy's placement rule: advanced parts next to each other put the
/// broadcast shape B where the first one was; separated by a slice, newaxis
/// or Ellipsis, B goes first. A 0-d mask among other advanced parts adds a
/// size-1 dim it indexes (NumPy: `x[True, i]` is `x[None][[0], i]`); that dim
/// is appended after the input's dims, where it does not renumber them.
Result Translator::advancedIndex(const Expr &e, Value base,
                                 std::vector<IndexPart> &items) {
  auto rankOf = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getRank();
  };
  size_t advanced = 0;
  for (const IndexPart &pt : items)
    advanced += pt.kind != PartKind::Basic ||
                pt.item.kind == mlir::tnp::IndexItem::Kind::Int;
  bool maskOnly = advanced == 1 && llvm::any_of(items, [](const IndexPart &pt) {
                    return pt.kind == PartKind::Mask;
                  });
  if (!maskOnly)
    for (IndexPart &pt : items)
      if (pt.kind == PartKind::Basic &&
          pt.item.kind == mlir::tnp::IndexItem::Kind::Int) {
        Result arr = asArray(
            Obj::ofNumber(PyNumber::fromInt(PyInt::fromInt64(pt.item.value))), e);
        if (!arr)
          return arr;
        pt.kind = PartKind::IntArray;
        pt.array = arr->array;
      }
  int64_t rank = rankOf(base), used = 0;
  bool hasEllipsis = false;
  for (const IndexPart &pt : items) {
    if (pt.kind == PartKind::Mask)
      used += rankOf(pt.array);
    else if (pt.kind == PartKind::IntArray ||
             pt.item.kind == mlir::tnp::IndexItem::Kind::Slice)
      used += 1;
    hasEllipsis |= pt.kind == PartKind::Basic &&
                   pt.item.kind == mlir::tnp::IndexItem::Kind::Ellipsis;
  }
  if (used > rank)
    return at(e, sem::Error{sem::ErrorKind::Index,
                            "too many indices for array: array is " +
                                std::to_string(rank) +
                                "-dimensional, but " + std::to_string(used) +
                                " were indexed"});
  // The slicing, and per advanced part its first dim of the sliced array.
  std::vector<mlir::tnp::IndexItem> slicing;
  std::vector<std::pair<int64_t, Value>> operands; // (dim, index array)
  std::vector<int64_t> newAxes;  // newaxis: kept dims before it (newaxis too)
  std::vector<size_t> advParts;  // item numbers of the advanced parts
  int64_t sDim = 0, keptS = 0, keptFull = 0, posS = -1, posFull = -1;
  int64_t synthetic = 0, coveredDims = 0;
  std::vector<Value> zeroDMasks;
  for (auto [i, pt] : llvm::enumerate(items)) {
    if (pt.kind == PartKind::Basic) {
      switch (pt.item.kind) {
      case mlir::tnp::IndexItem::Kind::NewAxis:
        newAxes.push_back(keptFull++);
        continue;
      case mlir::tnp::IndexItem::Kind::Ellipsis: {
        int64_t n = std::max<int64_t>(rank - used, 0);
        sDim += n;
        keptS += n;
        keptFull += n;
        break;
      }
      default: // a slice
        sDim += 1;
        keptS += 1;
        keptFull += 1;
      }
      slicing.push_back(pt.item);
      continue;
    }
    advParts.push_back(i);
    if (posS < 0) {
      posS = keptS;
      posFull = keptFull;
    }
    int64_t k = pt.kind == PartKind::Mask ? rankOf(pt.array) : 1;
    if (k == 0 && !maskOnly) {
      // A 0-d mask with other advanced parts: a (1,) mask of a new dim.
      Result m = built(e, mlir::tnp::buildReshape(b, loc(e), pt.array, {1}));
      if (!m)
        return m;
      zeroDMasks.push_back(m->array);
      ++synthetic;
      continue;
    }
    operands.push_back({sDim, pt.array});
    coveredDims += k;
    for (int64_t j = 0; j < k; ++j)
      slicing.push_back(mlir::tnp::IndexItem::slice());
    sDim += k;
  }
  if (synthetic > 0) {
    if (!hasEllipsis)
      slicing.push_back(mlir::tnp::IndexItem::ellipsis());
    for (auto [j, m] : llvm::enumerate(zeroDMasks)) {
      slicing.push_back(mlir::tnp::IndexItem::newAxis());
      operands.push_back({rank + static_cast<int64_t>(j), m});
      ++coveredDims;
    }
  }
  bool adjacent =
      advParts.back() - advParts.front() + 1 == advParts.size();
  Result sliced = built(e, mlir::tnp::buildIndex(b, loc(e), base, slicing));
  if (!sliced)
    return sliced;
  Result r = [&]() -> Result {
    if (maskOnly)
      return built(e, mlir::tnp::buildMaskSelect(b, loc(e), sliced->array,
                                                 operands[0].second,
                                                 operands[0].first));
    std::vector<Value> idx;
    std::vector<int64_t> dims;
    for (auto &[d, v] : operands) {
      dims.push_back(d);
      idx.push_back(v);
    }
    return built(e, mlir::tnp::buildGather(b, loc(e), sliced->array, idx, dims,
                                           adjacent ? posS : 0));
  }();
  if (!r || newAxes.empty())
    return r;
  // B's rank: the result's dims beyond the sliced array's kept ones.
  int64_t bRank =
      rankOf(r->array) - (rankOf(sliced->array) - coveredDims);
  int64_t insertAt = adjacent ? posFull : 0;
  std::vector<int64_t> axes;
  for (int64_t q : newAxes)
    axes.push_back(q < insertAt ? q : q + bRank);
  return built(e, mlir::tnp::buildExpandDims(b, loc(e), r->array, axes));
}
