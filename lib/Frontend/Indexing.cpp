//===- Indexing.cpp - x.index(...) and x.at(...).set/add ------------------===//
//
// Part of tnp. Indexing of the C++ API: the items become the dialect's
// subscript builder (mlir::tnp::buildSubscript, shared with the case
// translator) in an eager kernel whose key spells the static items and whose
// extra inputs are the index arrays; functional updates are
// tnp.index_update (basic items) or tnp.scatter (arrays, full slices,
// Ellipsis).
//
//===----------------------------------------------------------------------===//

#include "Eager.h"

#include "TNP/IR/TNPIndexingOps.h"

using namespace tnp;
using namespace tnp::detail;
using mlir::Location;
using mlir::OpBuilder;
using mlir::Value;
using mlir::ValueRange;
namespace mt = mlir::tnp;

namespace {
std::string optText(std::optional<int64_t> v) {
  return v ? std::to_string(*v) : "";
}

/// The kernel key of `items` ("1,newaxis,1:3:,...,A") and the index arrays.
std::string describe(const std::vector<Index> &items,
                     std::vector<Array> &arrays) {
  std::string key;
  for (const Index &it : items) {
    if (!key.empty())
      key += ",";
    switch (it.kind) {
    case Index::Kind::Int:
      key += std::to_string(it.value);
      break;
    case Index::Kind::Slice:
      if (it.slice.step && *it.slice.step == 0)
        throw ValueError("slice step cannot be zero");
      key += optText(it.slice.start) + ":" + optText(it.slice.stop) + ":" +
             optText(it.slice.step);
      break;
    case Index::Kind::NewAxis:
      key += "newaxis";
      break;
    case Index::Kind::Ellipsis:
      key += "...";
      break;
    case Index::Kind::Array:
      requireValid(it.array, "index");
      key += "A";
      arrays.push_back(it.array);
      break;
    }
  }
  return key;
}

mt::IndexItem basicItem(const Index &it) {
  switch (it.kind) {
  case Index::Kind::Int:
    return mt::IndexItem::integer(it.value);
  case Index::Kind::Slice:
    return mt::IndexItem::slice(it.slice.start, it.slice.stop, it.slice.step);
  case Index::Kind::NewAxis:
    return mt::IndexItem::newAxis();
  default:
    return mt::IndexItem::ellipsis();
  }
}

/// The items with the k-th array replaced by `arrays[k]`.
std::vector<mt::SubscriptItem> subscriptItems(const std::vector<Index> &items,
                                              ValueRange arrays) {
  std::vector<mt::SubscriptItem> out;
  size_t next = 0;
  for (const Index &it : items)
    out.push_back(it.kind == Index::Kind::Array
                      ? mt::SubscriptItem(arrays[next++])
                      : mt::SubscriptItem(basicItem(it)));
  return out;
}

Array update(const Array &base, const std::vector<Index> &items,
             const Operand &values, const char *mode) {
  requireValid(base, "at");
  std::vector<Array> arrays;
  std::string key = describe(items, arrays);
  Array v = values.scalar
                ? asarray(NestedList(*values.scalar), std::nullopt, SourceLoc())
                : values.array;
  requireValid(v, "at");
  std::vector<Array> inputs{base, v};
  inputs.insert(inputs.end(), arrays.begin(), arrays.end());
  if (arrays.empty()) {
    std::vector<mt::IndexItem> basic;
    for (const Index &it : items)
      basic.push_back(basicItem(it));
    return runKernel1(
        std::string("at ") + mode + " " + key, inputs,
        [basic, mode](OpBuilder &b, Location loc, ValueRange a,
                      const sem::PromotionOptions &)
            -> mt::SemExpected<std::vector<Value>> {
          mt::SemExpected<Value> r =
              mt::buildIndexUpdate(b, loc, a[0], basic, mode, a[1]);
          if (!r)
            return r.error();
          return std::vector<Value>{*r};
        });
  }
  // Integer arrays (and integers), masks, full slices and Ellipsis: the
  // scatter of the region the gather of these items reads.
  int64_t rank = base.ndim(), used = 0;
  bool ellipsisSeen = false;
  for (const Index &it : items) {
    if (it.kind == Index::Kind::Array)
      used += it.array.dtype() == bool_ ? it.array.ndim() : 1;
    else if (it.kind == Index::Kind::Int || it.kind == Index::Kind::Slice)
      used += 1;
    if (it.kind == Index::Kind::NewAxis ||
        (it.kind == Index::Kind::Slice &&
         (it.slice.start || it.slice.stop ||
          (it.slice.step && *it.slice.step != 1))) ||
        (it.kind == Index::Kind::Array && it.array.ndim() == 0 &&
         it.array.dtype() == bool_))
      throw UnsupportedError(
          "x.at[...] with index arrays combined with partial slices, "
          "newaxis or 0-d masks is not supported yet");
  }
  if (used > rank)
    throw IndexError("too many indices for array: array is " +
                     std::to_string(rank) + "-dimensional, but " +
                     std::to_string(used) + " were indexed");
  std::vector<int64_t> dims;
  std::vector<bool> isArray; // per index array: an integer (not an array)
  std::vector<size_t> advItems;
  int64_t d = 0, kept = 0, position = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    const Index &it = items[i];
    if (it.kind == Index::Kind::Ellipsis) {
      if (ellipsisSeen)
        throw IndexError("an index can only have a single ellipsis ('...')");
      ellipsisSeen = true;
      d += rank - used;
      kept += rank - used;
      continue;
    }
    if (it.kind == Index::Kind::Slice) {
      ++d;
      ++kept;
      continue;
    }
    if (position < 0)
      position = kept;
    advItems.push_back(i);
    dims.push_back(d);
    d += it.kind == Index::Kind::Array && it.array.dtype() == bool_
             ? it.array.ndim()
             : 1;
  }
  bool adjacent = advItems.back() - advItems.front() + 1 == advItems.size();
  std::vector<Index> kinds = items;
  return runKernel1(
      std::string("at ") + mode + " " + key, inputs,
      [kinds, dims, adjacent, position, mode](
          OpBuilder &b, Location loc, ValueRange a,
          const sem::PromotionOptions &) -> mt::SemExpected<std::vector<Value>> {
        std::vector<Value> idx;
        size_t nextArray = 2;
        for (const Index &it : kinds) {
          if (it.kind == Index::Kind::Array) {
            idx.push_back(a[nextArray++]);
          } else if (it.kind == Index::Kind::Int) {
            mt::SemExpected<Value> c = mt::buildAsarray(
                b, loc, {sem::Scalar::fromInt(it.value)}, {}, DType::Int64,
                sem::PromotionOptions());
            if (!c)
              return c.error();
            idx.push_back(*c);
          }
        }
        mt::SemExpected<Value> r = mt::buildScatter(
            b, loc, a[0], idx, dims, adjacent ? position : 0, mode, a[1]);
        if (!r)
          return r.error();
        return std::vector<Value>{*r};
      });
}
} // namespace

Array Array::index(const std::vector<Index> &items, SourceLoc site) const {
  CallSite guard(site);
  requireValid(*this, "index");
  std::vector<Array> arrays;
  std::string key = describe(items, arrays);
  std::vector<Array> inputs{*this};
  inputs.insert(inputs.end(), arrays.begin(), arrays.end());
  return runKernel1("index " + key, inputs,
                    [items](OpBuilder &b, Location loc, ValueRange a,
                            const sem::PromotionOptions &)
                        -> mt::SemExpected<std::vector<Value>> {
                      mt::SemExpected<Value> r = mt::buildSubscript(
                          b, loc, a[0], subscriptItems(items, a.drop_front()));
                      if (!r)
                        return r.error();
                      return std::vector<Value>{*r};
                    });
}

Array Array::operator[](const Index &item) const {
  return index({item}, SourceLoc());
}

AtUpdate Array::at(const std::vector<Index> &items, SourceLoc site) const {
  CallSite guard(site);
  requireValid(*this, "at");
  return AtUpdate(*this, items);
}

Array AtUpdate::set(const Operand &values, SourceLoc site) const {
  CallSite guard(site);
  return update(base, items, values, "set");
}
Array AtUpdate::add(const Operand &values, SourceLoc site) const {
  CallSite guard(site);
  return update(base, items, values, "add");
}
