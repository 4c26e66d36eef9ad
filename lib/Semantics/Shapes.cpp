//===- Shapes.cpp - Broadcasting, axes, matmul and reshape rules ----------===//
//
// Part of tnp. NumPy 1.24's shape rules and error messages (lowercase first
// letter). Messages quoting NumPy spell shapes the way NumPy's C code does,
// "(2,3)" without spaces; shapeStr() is Python's tuple spelling "(2, 3)".
// kDynamicDim is printed as "?".
//
//===----------------------------------------------------------------------===//

#include "tnp/Semantics/Shapes.h"

#include <limits>

#include <algorithm>
#include <string>

namespace tnp {
namespace sem {

namespace {

std::string dimStr(int64_t d) {
  return d == kDynamicDim ? "?" : std::to_string(d);
}

/// Python's tuple spelling with a configurable separator.
std::string tupleStr(const std::vector<int64_t> &s, const char *sep) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i)
      out += sep;
    out += dimStr(s[i]);
  }
  if (s.size() == 1)
    out += ",";
  return out + ")";
}

/// NumPy's C spelling: "(2,3)", "(3,)", "()".
std::string compactStr(const Shape &s) { return tupleStr(s, ","); }

bool isDyn(int64_t d) { return d == kDynamicDim; }

Error axisOutOfBounds(int64_t axis, int64_t rank) {
  return Error{ErrorKind::Axis, "axis " + std::to_string(axis) +
                                    " is out of bounds for array of dimension " +
                                    std::to_string(rank)};
}

/// Broadcasts two dims; nullopt when they are incompatible.
std::optional<int64_t> broadcastDim(int64_t a, int64_t b) {
  if (isDyn(a) && isDyn(b))
    return kDynamicDim;
  if (isDyn(a))
    return b == 1 ? kDynamicDim : b;
  if (isDyn(b))
    return a == 1 ? kDynamicDim : a;
  if (a == b || b == 1)
    return a;
  if (a == 1)
    return b;
  return std::nullopt;
}

/// Broadcasts shapes without building a message (used by matmul's batch).
std::optional<Shape> tryBroadcast(const std::vector<Shape> &shapes) {
  size_t rank = 0;
  for (const Shape &s : shapes)
    rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const Shape &s : shapes) {
    size_t off = rank - s.size();
    for (size_t i = 0; i < s.size(); ++i) {
      std::optional<int64_t> d = broadcastDim(out[off + i], s[i]);
      if (!d)
        return std::nullopt;
      out[off + i] = *d;
    }
  }
  return out;
}

} // namespace

std::string shapeStr(const Shape &s) { return tupleStr(s, ", "); }

int64_t numElements(const Shape &s) {
  int64_t n = 1;
  bool overflow = false;
  for (int64_t d : s) {
    if (isDyn(d))
      return kDynamicDim;
    if (d == 0)
      return 0;
    overflow |= __builtin_mul_overflow(n, d, &n);
  }
  return overflow ? std::numeric_limits<int64_t>::max() : n;
}

Expected<int64_t> checkedNumElements(const Shape &s, unsigned itemBytes) {
  int64_t n = 1;
  bool overflow = false;
  // NumPy checks the product of the non-zero dims (np.empty((0, 2**62, 4))
  // is "too big" too), then the count is 0 if any dim is.
  bool empty = false;
  for (int64_t d : s) {
    if (isDyn(d))
      continue;
    if (d == 0) {
      empty = true;
      continue;
    }
    overflow |= d < 0 || __builtin_mul_overflow(n, d, &n);
  }
  int64_t bytes;
  overflow |= __builtin_mul_overflow(n, int64_t(itemBytes), &bytes);
  if (overflow)
    return Error{ErrorKind::Value,
                 "array is too big; `arr.size * arr.dtype.itemsize` is larger "
                 "than the maximum possible size (shape " +
                     shapeStr(s) + ")"};
  return empty ? int64_t(0) : n;
}

Expected<Shape> broadcastShapes(const std::vector<Shape> &shapes) {
  std::optional<Shape> r = tryBroadcast(shapes);
  if (r)
    return *r;
  std::string msg = "operands could not be broadcast together with shapes";
  for (const Shape &s : shapes)
    msg += " " + compactStr(s);
  return Error{ErrorKind::Broadcast, msg};
}

Expected<bool> checkBroadcastTo(const Shape &from, const Shape &to) {
  auto fail = [&](const std::string &why) {
    return Error{ErrorKind::Broadcast, why};
  };
  if (from.size() > to.size())
    return fail("input operand has more dimensions than allowed by the axis "
                "remapping: cannot broadcast shape " +
                compactStr(from) + " to " + compactStr(to));
  bool staticOk = true;
  size_t off = to.size() - from.size();
  for (size_t i = 0; i < to.size(); ++i)
    if (to[i] != kDynamicDim && to[i] < 0)
      return Error{ErrorKind::Value,
                   "all elements of broadcast shape must be non-negative"};
  for (size_t i = 0; i < from.size(); ++i) {
    int64_t f = from[i], t = to[off + i];
    if (isDyn(f) || isDyn(t)) {
      if (f != 1)
        staticOk = false; // needs a run-time check
      continue;
    }
    if (f != t && f != 1)
      return fail("operands could not be broadcast together with remapped "
                  "shapes [original->remapped]: " +
                  compactStr(from) + "  and requested shape " + compactStr(to));
  }
  return staticOk;
}

Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return axisOutOfBounds(axis, rank);
  return axis < 0 ? axis + rank : axis;
}

Expected<std::vector<int64_t>> normalizeAxes(const std::vector<int64_t> &axes,
                                             int64_t rank) {
  std::vector<int64_t> out;
  for (int64_t a : axes) {
    Expected<int64_t> n = normalizeAxis(a, rank);
    if (!n)
      return n.error();
    if (std::find(out.begin(), out.end(), *n) != out.end())
      return Error{ErrorKind::Axis, "repeated axis " + std::to_string(*n) +
                                        " in " + shapeStr(axes)};
    out.push_back(*n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Shape reducedShape(const Shape &in, const std::vector<int64_t> &axes,
                   bool keepdims) {
  Shape out;
  for (size_t i = 0; i < in.size(); ++i) {
    bool reduced =
        std::find(axes.begin(), axes.end(), int64_t(i)) != axes.end();
    if (!reduced)
      out.push_back(in[i]);
    else if (keepdims)
      out.push_back(1);
  }
  return out;
}

std::vector<int64_t> allAxes(int64_t rank) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < rank; ++i)
    out.push_back(i);
  return out;
}

Expected<Shape> matmulShape(const Shape &a, const Shape &b) {
  static const char *kSig = "(n?,k),(k,m?)->(n?,m?)";
  if (a.empty() || b.empty())
    return Error{ErrorKind::Value,
                 std::string("matmul: Input operand ") + (a.empty() ? "0" : "1") +
                     " does not have enough dimensions (has 0, gufunc core "
                     "with signature " +
                     kSig + " requires 1)"};
  // Core dims: a is (n?, k), b is (k, m?).
  bool aVec = a.size() == 1, bVec = b.size() == 1;
  int64_t k1 = a.back();
  int64_t k2 = bVec ? b[0] : b[b.size() - 2];
  if (!isDyn(k1) && !isDyn(k2) && k1 != k2)
    return Error{ErrorKind::Shape,
                 "matmul: Input operand 1 has a mismatch in its core "
                 "dimension 0, with gufunc signature " +
                     std::string(kSig) + " (size " + std::to_string(k2) +
                     " is different from " + std::to_string(k1) + ")"};
  Shape aBatch(a.begin(), a.end() - (aVec ? 1 : 2));
  Shape bBatch(b.begin(), b.end() - (bVec ? 1 : 2));
  std::optional<Shape> batch = tryBroadcast({aBatch, bBatch});
  Shape core;
  if (!aVec)
    core.push_back(a[a.size() - 2]);
  if (!bVec)
    core.push_back(b.back());
  if (!batch) {
    auto remapped = [](const Shape &full, const Shape &bt, bool vec) {
      std::string s = compactStr(full) + "->(";
      for (size_t i = 0; i < bt.size(); ++i)
        s += dimStr(bt[i]) + ",";
      s += vec ? "newaxis)" : "newaxis,newaxis)";
      return s;
    };
    return Error{ErrorKind::Broadcast,
                 "operands could not be broadcast together with remapped "
                 "shapes [original->remapped]: " +
                     remapped(a, aBatch, aVec) + " " +
                     remapped(b, bBatch, bVec) + "  and requested shape " +
                     compactStr(core)};
  }
  Shape out = *batch;
  out.insert(out.end(), core.begin(), core.end());
  return out;
}

Expected<Shape> dotShape(const Shape &a, const Shape &b) {
  if (a.empty())
    return b;
  if (b.empty())
    return a;
  size_t bAxis = b.size() == 1 ? 0 : b.size() - 2;
  int64_t ka = a.back(), kb = b[bAxis];
  if (!isDyn(ka) && !isDyn(kb) && ka != kb)
    return Error{ErrorKind::Shape,
                 "shapes " + compactStr(a) + " and " + compactStr(b) +
                     " not aligned: " + std::to_string(ka) + " (dim " +
                     std::to_string(a.size() - 1) + ") != " +
                     std::to_string(kb) + " (dim " + std::to_string(bAxis) +
                     ")"};
  Shape out(a.begin(), a.end() - 1);
  for (size_t i = 0; i < b.size(); ++i)
    if (i != bAxis)
      out.push_back(b[i]);
  return out;
}

Expected<Shape> reshapeShape(const Shape &in,
                             const std::vector<int64_t> &newShape) {
  int unknown = -1;
  int64_t known = 1;
  bool dynamic = false;
  for (size_t i = 0; i < newShape.size(); ++i) {
    int64_t d = newShape[i];
    if (isDyn(d)) {
      dynamic = true;
    } else if (d < 0) {
      // NumPy 1.24 reads any negative size as the unknown one (-1).
      if (unknown >= 0)
        return Error{ErrorKind::Value,
                     "can only specify one unknown dimension"};
      unknown = int(i);
    } else if (__builtin_mul_overflow(known, d, &known)) {
      return Error{ErrorKind::Value,
                   "array is too big; `arr.size * arr.dtype.itemsize` is "
                   "larger than the maximum possible size (shape " +
                       shapeStr(newShape) + ")"};
    }
  }
  Expected<int64_t> checkedSize = checkedNumElements(in);
  if (!checkedSize)
    return checkedSize.error();
  if (!dynamic && unknown < 0) {
    Expected<int64_t> target = checkedNumElements(newShape);
    if (!target)
      return target.error();
  }
  int64_t size = numElements(in);
  Shape out = newShape;
  if (isDyn(size) || dynamic) {
    if (unknown >= 0)
      out[unknown] = kDynamicDim;
    return out;
  }
  auto mismatch = [&]() {
    return Error{ErrorKind::Shape, "cannot reshape array of size " +
                                       std::to_string(size) + " into shape " +
                                       compactStr(newShape)};
  };
  if (unknown >= 0) {
    if (known == 0 || size % known != 0)
      return mismatch();
    out[unknown] = size / known;
  } else if (known != size) {
    return mismatch();
  }
  return out;
}

Expected<std::vector<int64_t>>
normalizePermutation(const std::vector<int64_t> &perm, int64_t rank) {
  if (int64_t(perm.size()) != rank)
    return Error{ErrorKind::Axis, "axes don't match array: " +
                                      shapeStr(perm) + " for an array of "
                                      "dimension " + std::to_string(rank)};
  std::vector<int64_t> out;
  std::vector<bool> seen(size_t(rank), false);
  for (int64_t p : perm) {
    Expected<int64_t> n = normalizeAxis(p, rank);
    if (!n)
      return n.error();
    if (seen[size_t(*n)])
      return Error{ErrorKind::Axis, "repeated axis in transpose: " +
                                        shapeStr(perm)};
    seen[size_t(*n)] = true;
    out.push_back(*n);
  }
  return out;
}

Shape permuteShape(const Shape &in, const std::vector<int64_t> &perm) {
  Shape out;
  for (int64_t p : perm)
    out.push_back(in[size_t(p)]);
  return out;
}

} // namespace sem
} // namespace tnp
