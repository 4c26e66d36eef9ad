//===- Shapes.cpp - NumPy shape rules and shape op shapes -----------------===//
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

//===----------------------------------------------------------------------===//
// Shape and data movement ops
//===----------------------------------------------------------------------===//

Expected<std::vector<int64_t>> expandDimsAxes(const std::vector<int64_t> &axes,
                                              int64_t rank) {
  int64_t outRank = rank + static_cast<int64_t>(axes.size());
  std::vector<int64_t> out;
  for (int64_t a : axes) {
    Expected<int64_t> n = normalizeAxis(a, outRank);
    if (!n)
      return n.error();
    if (std::find(out.begin(), out.end(), *n) != out.end())
      return Error{ErrorKind::Axis, "repeated axis"};
    out.push_back(*n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Shape expandDimsShape(const Shape &in, const std::vector<int64_t> &axes) {
  Shape out;
  size_t next = 0;
  for (int64_t i = 0; i < int64_t(in.size() + axes.size()); ++i) {
    if (std::find(axes.begin(), axes.end(), i) != axes.end())
      out.push_back(1);
    else
      out.push_back(in[next++]);
  }
  return out;
}

Expected<std::vector<int64_t>>
squeezeAxes(const Shape &in, const std::optional<std::vector<int64_t>> &axes) {
  int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> out;
  if (!axes) {
    for (int64_t i = 0; i < rank; ++i) {
      if (isDyn(in[size_t(i)]))
        return Error{ErrorKind::Unsupported,
                     "squeeze with axis=None of an array with a dynamic "
                     "dimension " +
                         shapeStr(in) +
                         " (the result's rank would depend on run-time "
                         "sizes; name the axes)"};
      if (in[size_t(i)] == 1)
        out.push_back(i);
    }
    return out;
  }
  for (int64_t a : *axes) {
    // NumPy accepts axis 0 and -1 of a 0-d array and squeezes nothing.
    if (rank == 0 && (a == 0 || a == -1))
      continue;
    Expected<int64_t> n = normalizeAxis(a, rank);
    if (!n)
      return n.error();
    if (std::find(out.begin(), out.end(), *n) != out.end())
      return Error{ErrorKind::Axis, "duplicate value in 'axis'"};
    out.push_back(*n);
  }
  for (int64_t a : out)
    if (!isDyn(in[size_t(a)]) && in[size_t(a)] != 1)
      return Error{ErrorKind::Shape,
                   "cannot select an axis to squeeze out which has size not "
                   "equal to one (axis " +
                       std::to_string(a) + " of shape " + shapeStr(in) + ")"};
  std::sort(out.begin(), out.end());
  return out;
}

Shape squeezeShape(const Shape &in, const std::vector<int64_t> &axes) {
  Shape out;
  for (size_t i = 0; i < in.size(); ++i)
    if (std::find(axes.begin(), axes.end(), int64_t(i)) == axes.end())
      out.push_back(in[i]);
  return out;
}

/// NumPy's normalize_axis_tuple(axes, rank, argname): errors name the
/// argument.
static Expected<std::vector<int64_t>>
normalizeAxisTuple(const std::vector<int64_t> &axes, int64_t rank,
                   const std::string &argname) {
  std::vector<int64_t> out;
  for (int64_t a : axes) {
    Expected<int64_t> n = normalizeAxis(a, rank);
    if (!n)
      return Error{ErrorKind::Axis, argname + ": " + n.error().message};
    if (std::find(out.begin(), out.end(), *n) != out.end())
      return Error{ErrorKind::Axis,
                   "repeated axis in `" + argname + "` argument"};
    out.push_back(*n);
  }
  return out;
}

Expected<std::vector<int64_t>>
moveaxisPermutation(int64_t rank, const std::vector<int64_t> &source,
                    const std::vector<int64_t> &destination) {
  Expected<std::vector<int64_t>> src =
      normalizeAxisTuple(source, rank, "source");
  if (!src)
    return src.error();
  Expected<std::vector<int64_t>> dst =
      normalizeAxisTuple(destination, rank, "destination");
  if (!dst)
    return dst.error();
  if (src->size() != dst->size())
    return Error{ErrorKind::Axis, "`source` and `destination` arguments must "
                                  "have the same number of elements"};
  // NumPy: the other axes in order, then each source axis inserted at its
  // destination in increasing destination order.
  std::vector<int64_t> order;
  for (int64_t i = 0; i < rank; ++i)
    if (std::find(src->begin(), src->end(), i) == src->end())
      order.push_back(i);
  std::vector<std::pair<int64_t, int64_t>> moves;
  for (size_t i = 0; i < src->size(); ++i)
    moves.push_back({(*dst)[i], (*src)[i]});
  std::sort(moves.begin(), moves.end());
  for (auto [d, s] : moves)
    order.insert(order.begin() + d, s);
  return order;
}

Expected<std::vector<int64_t>> swapaxesPermutation(int64_t rank, int64_t axis1,
                                                   int64_t axis2) {
  Expected<int64_t> a = normalizeAxis(axis1, rank);
  if (!a)
    return Error{ErrorKind::Axis, "axis1: " + a.error().message};
  Expected<int64_t> b = normalizeAxis(axis2, rank);
  if (!b)
    return Error{ErrorKind::Axis, "axis2: " + b.error().message};
  std::vector<int64_t> perm = allAxes(rank);
  std::swap(perm[size_t(*a)], perm[size_t(*b)]);
  return perm;
}

Expected<Shape> concatenateShape(const std::vector<Shape> &shapes,
                                 int64_t axis) {
  if (shapes.empty())
    return Error{ErrorKind::Value, "need at least one array to concatenate"};
  const Shape &first = shapes.front();
  if (first.empty())
    return Error{ErrorKind::Value,
                 "zero-dimensional arrays cannot be concatenated"};
  int64_t rank = static_cast<int64_t>(first.size());
  Expected<int64_t> ax = normalizeAxis(axis, rank);
  if (!ax)
    return ax.error();
  Shape out = first;
  for (size_t k = 1; k < shapes.size(); ++k) {
    const Shape &s = shapes[k];
    if (s.size() != first.size())
      return Error{ErrorKind::Shape,
                   "all the input arrays must have same number of "
                   "dimensions, but the array at index 0 has " +
                       std::to_string(rank) +
                       " dimension(s) and the array at index " +
                       std::to_string(k) + " has " + std::to_string(s.size()) +
                       " dimension(s)"};
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = out[size_t(d)], b = s[size_t(d)];
      if (d == *ax) {
        out[size_t(d)] = isDyn(a) || isDyn(b) ? kDynamicDim : a + b;
        continue;
      }
      if (isDyn(b))
        continue;
      if (isDyn(a)) {
        out[size_t(d)] = b;
        continue;
      }
      if (a != b) {
        // NumPy names the first array and the one that differs from it; a
        // static size taken from a later array stands for the first's.
        return Error{ErrorKind::Shape,
                     "all the input array dimensions except for the "
                     "concatenation axis must match exactly, but along "
                     "dimension " +
                         std::to_string(d) +
                         ", the array at index 0 has size " +
                         std::to_string(a) + " and the array at index " +
                         std::to_string(k) + " has size " + std::to_string(b)};
      }
    }
  }
  return out;
}

Expected<Shape> stackShape(const std::vector<Shape> &shapes, int64_t axis) {
  if (shapes.empty())
    return Error{ErrorKind::Value, "need at least one array to stack"};
  Shape common = shapes.front();
  for (const Shape &s : shapes) {
    bool same = s.size() == common.size();
    for (size_t d = 0; same && d < s.size(); ++d) {
      if (isDyn(s[d]))
        continue;
      if (isDyn(common[d]))
        common[d] = s[d];
      else
        same = common[d] == s[d];
    }
    if (!same) {
      std::string all;
      for (const Shape &t : shapes)
        all += (all.empty() ? "" : " ") + compactStr(t);
      return Error{ErrorKind::Shape,
                   "all input arrays must have the same shape (got " + all +
                       ")"};
    }
  }
  int64_t outRank = static_cast<int64_t>(common.size()) + 1;
  Expected<int64_t> ax = normalizeAxis(axis, outRank);
  if (!ax)
    return ax.error();
  common.insert(common.begin() + *ax, static_cast<int64_t>(shapes.size()));
  return common;
}

Expected<std::vector<Shape>> splitShapes(const Shape &in, const SplitSpec &spec,
                                         int64_t axis) {
  Expected<int64_t> ax = normalizeAxis(axis, static_cast<int64_t>(in.size()));
  if (!ax)
    return ax.error();
  int64_t n = in[size_t(*ax)];
  // Each piece is an SSA result: an absurd count is refused rather than
  // built (NumPy would run out of memory creating the arrays).
  constexpr int64_t kMaxPieces = int64_t(1) << 16;
  if (spec.count() > kMaxPieces)
    return Error{ErrorKind::Unsupported,
                 "np.split into " + std::to_string(spec.count()) +
                     " pieces (tnp splits into at most " +
                     std::to_string(kMaxPieces) + ")"};
  if (spec.sections) {
    if (*spec.sections <= 0)
      return Error{ErrorKind::Value, "number sections must be larger than 0."};
    if (!isDyn(n) && n % *spec.sections != 0)
      return Error{ErrorKind::Value,
                   "array split does not result in an equal division (" +
                       std::to_string(n) + " into " +
                       std::to_string(*spec.sections) + " sections)"};
  }
  std::vector<Shape> out;
  if (isDyn(n)) {
    for (int64_t i = 0; i < spec.count(); ++i)
      out.push_back(in);
    return out;
  }
  for (auto [start, size] : splitRanges(n, spec)) {
    (void)start;
    Shape s = in;
    s[size_t(*ax)] = size;
    out.push_back(s);
  }
  return out;
}

std::vector<std::pair<int64_t, int64_t>> splitRanges(int64_t n,
                                                     const SplitSpec &spec) {
  std::vector<std::pair<int64_t, int64_t>> out;
  if (spec.sections) {
    int64_t each = *spec.sections > 0 ? n / *spec.sections : 0;
    for (int64_t i = 0; i < *spec.sections; ++i)
      out.push_back({i * each, each});
    return out;
  }
  // Python's slice bounds: negative counts from the end, then clamped.
  auto bound = [&](int64_t p) {
    if (p < 0)
      p = p < -n ? 0 : p + n;
    return std::min(p, n);
  };
  std::vector<int64_t> points{0};
  for (int64_t p : spec.indices)
    points.push_back(bound(p));
  points.push_back(n);
  for (size_t i = 0; i + 1 < points.size(); ++i)
    out.push_back({points[i], std::max<int64_t>(0, points[i + 1] - points[i])});
  return out;
}

} // namespace sem
} // namespace tnp
