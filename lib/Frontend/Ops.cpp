//===- Ops.cpp - The NumPy-named functions of the C++ API -----------------===//
//
// Part of tnp. Each function is an eager kernel (Eager.h) built with the
// same TNPBuilders the translator and the dialect use, so promotion,
// broadcasting and errors are the semantics library's. A C++ scalar operand
// is a weak literal: it becomes a 0-d array of the dtype the literal takes
// next to the other operands (sem::promote: value-based in legacy mode,
// weak in the auto modes), which the kernel then promotes by dtype only
// (SPEC §a.2.1) to the same result.
//
//===----------------------------------------------------------------------===//

#include "Eager.h"

#include "tnp-runtime/tnp_runtime.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

using namespace tnp;
using namespace tnp::detail;
using mlir::OpBuilder;
using mlir::Location;
using mlir::Value;
using mlir::ValueRange;
namespace mt = mlir::tnp;

//===----------------------------------------------------------------------===//
// Behaviour
//===----------------------------------------------------------------------===//

namespace {
/// The options packed in one atomic word: mode in the low byte, prefer in
/// bit 8.
std::atomic<uint32_t> gBehavior{0};
} // namespace

void tnp::experimental_enable_numpy_behavior(bool prefer_float32,
                                             const std::string &mode) {
  std::optional<sem::PromotionMode> m = sem::parsePromotionMode(mode);
  if (!m)
    throw ValueError("dtype_conversion_mode must be 'legacy', 'all' or "
                     "'safe', not '" + mode + "'");
  gBehavior.store(static_cast<uint32_t>(*m) |
                  (prefer_float32 ? 0x100u : 0u));
}

sem::PromotionOptions tnp::numpyBehavior() {
  uint32_t v = gBehavior.load();
  sem::PromotionOptions o;
  o.mode = static_cast<sem::PromotionMode>(v & 0xff);
  o.preferFloat32 = (v & 0x100u) != 0;
  return o;
}

//===----------------------------------------------------------------------===//
// Operands
//===----------------------------------------------------------------------===//

namespace {
/// The arrays of `ops`: each scalar becomes a 0-d array of the dtype the
/// promotion of all operands gives it.
std::vector<Array> materialize(llvm::ArrayRef<const Operand *> ops) {
  if (std::none_of(ops.begin(), ops.end(),
                   [](const Operand *op) { return op->scalar.has_value(); })) {
    std::vector<Array> out;
    out.reserve(ops.size());
    for (const Operand *op : ops)
      out.push_back(op->array);
    return out;
  }
  sem::PromotionOptions o = numpyBehavior();
  std::vector<sem::PromotionOperand> promo;
  bool anyArray = false;
  for (const Operand *op : ops) {
    if (!op->scalar) {
      requireValid(op->array, "operand");
      promo.push_back(
          sem::PromotionOperand::array(op->array.dtype(), op->array.weak()));
      anyArray = true;
      continue;
    }
    sem::Expected<sem::PromotionOperand> lit =
        sem::literalOperand(op->scalar->value, o);
    if (!lit)
      throwSemError(lit.error());
    promo.push_back(*lit);
  }
  std::optional<DType> common;
  bool weak = false;
  if (anyArray) {
    sem::Expected<sem::PromotedType> t = sem::promote(promo, o);
    if (!t)
      throwSemError(t.error());
    common = t->dtype;
    weak = t->weak; // all operands weak: the literal stays weak too
  }
  std::vector<Array> out;
  out.reserve(ops.size());
  for (const Operand *op : ops)
    out.push_back(op->scalar ? (common ? asarray(NestedList(*op->scalar), common,
                                                 SourceLoc())
                                             .withWeak(weak)
                                       : asarray(NestedList(*op->scalar),
                                                 std::nullopt, SourceLoc()))
                             : op->array);
  return out;
}

/// "ufunc <name>", built once per ufunc (an eager call's cache key starts
/// with it: no allocation per call).
const std::string &ufuncKey(sem::Ufunc u) {
  static const std::vector<std::string> *keys = [] {
    auto *v = new std::vector<std::string>(); // lives to exit
    for (unsigned i = 0; i < sem::kNumUfuncs; ++i)
      v->push_back("ufunc " +
                   std::string(sem::ufuncName(static_cast<sem::Ufunc>(i))));
    return v;
  }();
  return (*keys)[static_cast<unsigned>(u)];
}

Array ufunc(sem::Ufunc u, llvm::ArrayRef<const Operand *> ops) {
  std::vector<Array> args = materialize(ops);
  return runKernel1(ufuncKey(u), args,
                    [u](OpBuilder &b, Location loc, ValueRange a,
                        const sem::PromotionOptions &o)
                        -> mt::SemExpected<std::vector<Value>> {
                      mt::SemExpected<Value> r = mt::buildUfunc(b, loc, u, a, o);
                      if (!r)
                        return r.error();
                      return std::vector<Value>{*r};
                    });
}

Array unary(sem::Ufunc u, const Array &x) {
  Operand a(x);
  return ufunc(u, {&a});
}
Array binary(sem::Ufunc u, const Operand &x, const Operand &y) {
  return ufunc(u, {&x, &y});
}

/// A kernel of one builder call with one result.
template <typename F>
Array single(const std::string &key, const std::vector<Array> &args, F build) {
  return runKernel1(key, args,
                    [build](OpBuilder &b, Location loc, ValueRange a,
                            const sem::PromotionOptions &o)
                        -> mt::SemExpected<std::vector<Value>> {
                      mt::SemExpected<Value> r = build(b, loc, a, o);
                      if (!r)
                        return r.error();
                      return std::vector<Value>{*r};
                    });
}

std::string listText(const std::vector<int64_t> &v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}
} // namespace

#define TNP_UNARY(name, U)                                                     \
  Array tnp::name(const Array &x, SourceLoc loc) {                             \
    CallSite site(loc);                                                        \
    return unary(sem::Ufunc::U, x);                                            \
  }
#define TNP_BINARY(name, U)                                                    \
  Array tnp::name(const Operand &x, const Operand &y, SourceLoc loc) {         \
    CallSite site(loc);                                                        \
    return binary(sem::Ufunc::U, x, y);                                        \
  }
TNP_BINARY(add, Add)
TNP_BINARY(subtract, Subtract)
TNP_BINARY(multiply, Multiply)
TNP_BINARY(true_divide, TrueDivide)
TNP_BINARY(divide, TrueDivide)
TNP_BINARY(floor_divide, FloorDivide)
TNP_BINARY(mod, Mod)
TNP_BINARY(remainder, Mod)
TNP_BINARY(power, Power)
TNP_UNARY(negative, Negative)
TNP_UNARY(positive, Positive)
TNP_UNARY(abs, Abs)
TNP_UNARY(absolute, Abs)
TNP_UNARY(sign, Sign)
TNP_UNARY(square, Square)
TNP_UNARY(reciprocal, Reciprocal)
TNP_BINARY(maximum, Maximum)
TNP_BINARY(minimum, Minimum)
TNP_UNARY(sqrt, Sqrt)
TNP_UNARY(exp, Exp)
TNP_UNARY(log, Log)
TNP_UNARY(log1p, Log1p)
TNP_UNARY(expm1, Expm1)
TNP_UNARY(sin, Sin)
TNP_UNARY(cos, Cos)
TNP_UNARY(tan, Tan)
TNP_UNARY(arcsin, Arcsin)
TNP_UNARY(arccos, Arccos)
TNP_UNARY(arctan, Arctan)
TNP_BINARY(arctan2, Arctan2)
TNP_UNARY(sinh, Sinh)
TNP_UNARY(cosh, Cosh)
TNP_UNARY(tanh, Tanh)
TNP_UNARY(floor, Floor)
TNP_UNARY(ceil, Ceil)
TNP_UNARY(round, Round)
TNP_UNARY(isnan, IsNan)
TNP_UNARY(isinf, IsInf)
TNP_UNARY(isfinite, IsFinite)
TNP_BINARY(equal, Equal)
TNP_BINARY(not_equal, NotEqual)
TNP_BINARY(less, Less)
TNP_BINARY(less_equal, LessEqual)
TNP_BINARY(greater, Greater)
TNP_BINARY(greater_equal, GreaterEqual)
TNP_BINARY(logical_and, LogicalAnd)
TNP_BINARY(logical_or, LogicalOr)
TNP_BINARY(logical_xor, LogicalXor)
TNP_UNARY(logical_not, LogicalNot)
TNP_BINARY(bitwise_and, BitwiseAnd)
TNP_BINARY(bitwise_or, BitwiseOr)
TNP_BINARY(bitwise_xor, BitwiseXor)
TNP_UNARY(invert, Invert)
#undef TNP_UNARY
#undef TNP_BINARY

Array tnp::operator+(const Operand &x, const Operand &y) { return add(x, y, {}); }
Array tnp::operator-(const Operand &x, const Operand &y) { return subtract(x, y, {}); }
Array tnp::operator*(const Operand &x, const Operand &y) { return multiply(x, y, {}); }
Array tnp::operator/(const Operand &x, const Operand &y) { return true_divide(x, y, {}); }
Array tnp::operator%(const Operand &x, const Operand &y) { return mod(x, y, {}); }
Array tnp::operator==(const Operand &x, const Operand &y) { return equal(x, y, {}); }
Array tnp::operator!=(const Operand &x, const Operand &y) { return not_equal(x, y, {}); }
Array tnp::operator<(const Operand &x, const Operand &y) { return less(x, y, {}); }
Array tnp::operator<=(const Operand &x, const Operand &y) { return less_equal(x, y, {}); }
Array tnp::operator>(const Operand &x, const Operand &y) { return greater(x, y, {}); }
Array tnp::operator>=(const Operand &x, const Operand &y) { return greater_equal(x, y, {}); }
Array tnp::operator&(const Operand &x, const Operand &y) { return bitwise_and(x, y, {}); }
Array tnp::operator|(const Operand &x, const Operand &y) { return bitwise_or(x, y, {}); }
Array tnp::operator^(const Operand &x, const Operand &y) { return bitwise_xor(x, y, {}); }
Array tnp::operator-(const Array &x) { return negative(x, {}); }
Array tnp::operator~(const Array &x) { return invert(x, {}); }

Array tnp::matmul(const Array &x, const Array &y, SourceLoc site) {
  CallSite guard(site);
  return single("matmul", {x, y},
                [](OpBuilder &b, Location loc, ValueRange a,
                   const sem::PromotionOptions &o) {
                  return mt::buildMatmul(b, loc, a[0], a[1], o);
                });
}
Array tnp::dot(const Array &x, const Array &y, SourceLoc site) {
  CallSite guard(site);
  return single("dot", {x, y},
                [](OpBuilder &b, Location loc, ValueRange a,
                   const sem::PromotionOptions &o) {
                  return mt::buildDot(b, loc, a[0], a[1], o);
                });
}

Array tnp::where(const Array &condition, const Operand &x, const Operand &y,
                 SourceLoc site) {
  CallSite guard(site);
  requireValid(condition, "where");
  std::vector<Array> xy = materialize({&x, &y});
  return single("where", {condition, xy[0], xy[1]},
                [](OpBuilder &b, Location loc, ValueRange a,
                   const sem::PromotionOptions &o) {
                  return mt::buildWhere(b, loc, a[0], a[1], a[2], o);
                });
}

Array tnp::clip(const Array &x, std::optional<Operand> lo,
                std::optional<Operand> hi, SourceLoc site) {
  CallSite guard(site);
  Operand in(x);
  std::vector<const Operand *> ops{&in};
  if (lo)
    ops.push_back(&*lo);
  if (hi)
    ops.push_back(&*hi);
  std::vector<Array> args = materialize(ops);
  bool hasLo = lo.has_value(), hasHi = hi.has_value();
  std::string key = std::string("clip ") + (hasLo ? "lo" : "") + (hasHi ? "hi" : "");
  return single(key, args,
                [hasLo, hasHi](OpBuilder &b, Location loc, ValueRange a,
                               const sem::PromotionOptions &o) {
                  Value l = hasLo ? a[1] : Value();
                  Value h = hasHi ? a[hasLo ? 2 : 1] : Value();
                  return mt::buildClip(b, loc, a[0], l, h, o);
                });
}

Array Array::astype(DType dtype, SourceLoc site) const {
  CallSite guard(site);
  return single("astype " + tnp::dtypeName(dtype), {*this},
                [dtype](OpBuilder &b, Location loc, ValueRange a,
                        const sem::PromotionOptions &) {
                  return mt::buildAstype(b, loc, a[0], dtype);
                });
}

Array Array::transpose(const Shape &axes, SourceLoc site) const {
  CallSite guard(site);
  return single("transpose " + listText(axes), {*this},
                [axes](OpBuilder &b, Location loc, ValueRange a,
                       const sem::PromotionOptions &) {
                  return mt::buildTranspose(b, loc, a[0], axes);
                });
}

Array tnp::reshape(const Array &x, const Shape &shape, SourceLoc site) {
  return x.reshape(shape, site);
}
Array tnp::transpose(const Array &x, const Shape &axes, SourceLoc site) {
  return x.transpose(axes, site);
}
Array tnp::ravel(const Array &x, SourceLoc site) {
  return x.ravel(site);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

static Array reduce(sem::Reduction r, const Array &x, const Axes &axis,
                    bool keepdims) {
  std::string key = "reduce " + std::string(sem::reductionName(r)) + " " +
                    (axis.axes ? listText(*axis.axes) : "None") +
                    (keepdims ? " keepdims" : "");
  return single(key, {x},
                [r, axis, keepdims](OpBuilder &b, Location loc, ValueRange a,
                                    const sem::PromotionOptions &o) {
                  std::optional<llvm::ArrayRef<int64_t>> axes;
                  if (axis.axes)
                    axes = llvm::ArrayRef<int64_t>(*axis.axes);
                  return mt::buildReduction(b, loc, r, a[0], axes, keepdims, o);
                });
}

Array tnp::sum(const Array &x, Axes axis, bool keepdims, SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::Sum, x, axis, keepdims);
}
Array tnp::prod(const Array &x, Axes axis, bool keepdims, SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::Prod, x, axis, keepdims);
}
Array tnp::mean(const Array &x, Axes axis, bool keepdims, SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::Mean, x, axis, keepdims);
}
Array tnp::max(const Array &x, Axes axis, bool keepdims, SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::Max, x, axis, keepdims);
}
Array tnp::min(const Array &x, Axes axis, bool keepdims, SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::Min, x, axis, keepdims);
}
Array tnp::any(const Array &x, Axes axis, bool keepdims, SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::Any, x, axis, keepdims);
}
Array tnp::all(const Array &x, Axes axis, bool keepdims, SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::All, x, axis, keepdims);
}
Array tnp::argmax(const Array &x, std::optional<int64_t> axis,
                  SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::ArgMax, x,
                axis ? Axes(*axis) : Axes(), false);
}
Array tnp::argmin(const Array &x, std::optional<int64_t> axis,
                  SourceLoc site) {
  CallSite guard(site);
  return reduce(sem::Reduction::ArgMin, x,
                axis ? Axes(*axis) : Axes(), false);
}

//===----------------------------------------------------------------------===//
// Shape functions
//===----------------------------------------------------------------------===//

Array tnp::flatten(const Array &x, bool fortran, SourceLoc site) {
  CallSite guard(site);
  return single(std::string("ravel ") + (fortran ? "F" : "C"), {x},
                [fortran](OpBuilder &b, Location loc, ValueRange a,
                          const sem::PromotionOptions &) {
                  return mt::buildRavel(b, loc, a[0], fortran);
                });
}

Array tnp::moveaxis(const Array &x, const Shape &source,
                    const Shape &destination, SourceLoc site) {
  CallSite guard(site);
  return single("moveaxis " + listText(source) + " " + listText(destination),
                {x},
                [source, destination](OpBuilder &b, Location loc, ValueRange a,
                                      const sem::PromotionOptions &) {
                  return mt::buildMoveaxis(b, loc, a[0], source, destination);
                });
}

Array tnp::swapaxes(const Array &x, int64_t axis1, int64_t axis2,
                     SourceLoc site) {
  CallSite guard(site);
  return single("swapaxes " + std::to_string(axis1) + " " +
                    std::to_string(axis2),
                {x},
                [axis1, axis2](OpBuilder &b, Location loc, ValueRange a,
                               const sem::PromotionOptions &) {
                  return mt::buildSwapaxes(b, loc, a[0], axis1, axis2);
                });
}

Array tnp::expand_dims(const Array &x, const Shape &axes, SourceLoc site) {
  CallSite guard(site);
  return single("expand_dims " + listText(axes), {x},
                [axes](OpBuilder &b, Location loc, ValueRange a,
                       const sem::PromotionOptions &) {
                  return mt::buildExpandDims(b, loc, a[0], axes);
                });
}

Array tnp::squeeze(const Array &x, std::optional<Shape> axes,
                    SourceLoc site) {
  CallSite guard(site);
  // axis=None: the size-1 dims of this array, named (kernel dims other than
  // 1 are dynamic, so the kernel could not find them).
  if (!axes) {
    requireValid(x, "squeeze");
    Shape ones;
    Shape s = x.shape();
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i] == 1)
        ones.push_back(static_cast<int64_t>(i));
    axes = ones;
  }
  return single("squeeze " + (axes ? listText(*axes) : std::string("None")),
                {x},
                [axes](OpBuilder &b, Location loc, ValueRange a,
                       const sem::PromotionOptions &) {
                  std::optional<llvm::ArrayRef<int64_t>> ax;
                  if (axes)
                    ax = llvm::ArrayRef<int64_t>(*axes);
                  return mt::buildSqueeze(b, loc, a[0], ax);
                });
}

Array tnp::broadcast_to(const Array &x, const Shape &shape, SourceLoc site) {
  CallSite guard(site);
  return single("broadcast_to " + listText(shape), {x},
                [shape](OpBuilder &b, Location loc, ValueRange a,
                        const sem::PromotionOptions &) {
                  return mt::buildBroadcastTo(b, loc, a[0], shape);
                });
}

Array tnp::concatenate(const std::vector<Array> &xs, std::optional<int64_t> axis,
                        SourceLoc site) {
  CallSite guard(site);
  return single("concatenate " + (axis ? std::to_string(*axis) : "None"), xs,
                [axis](OpBuilder &b, Location loc, ValueRange a,
                       const sem::PromotionOptions &o) {
                  return mt::buildConcatenate(b, loc, a, axis, o);
                });
}

Array tnp::stack(const std::vector<Array> &xs, int64_t axis, SourceLoc site) {
  CallSite guard(site);
  return single("stack " + std::to_string(axis), xs,
                [axis](OpBuilder &b, Location loc, ValueRange a,
                       const sem::PromotionOptions &o) {
                  return mt::buildStack(b, loc, a, axis, o);
                });
}

static std::vector<Array> splitImpl(const Array &x, const sem::SplitSpec &spec,
                                    int64_t axis, const std::string &key) {
  return runKernel(key, {x},
                   [spec, axis](OpBuilder &b, Location loc, ValueRange a,
                                const sem::PromotionOptions &)
                       -> mt::SemExpected<std::vector<Value>> {
                     mt::SemExpected<llvm::SmallVector<Value>> r =
                         mt::buildSplit(b, loc, a[0], spec, axis);
                     if (!r)
                       return r.error();
                     return std::vector<Value>(r->begin(), r->end());
                   });
}

std::vector<Array> tnp::split(const Array &x, int64_t sections, int64_t axis,
                              SourceLoc site) {
  CallSite guard(site);
  sem::SplitSpec spec;
  spec.sections = sections;
  return splitImpl(x, spec, axis,
                   "split " + std::to_string(sections) + " " + std::to_string(axis));
}

std::vector<Array> tnp::split(const Array &x, const std::vector<int64_t> &indices,
                              int64_t axis, SourceLoc site) {
  CallSite guard(site);
  sem::SplitSpec spec;
  spec.indices = indices;
  return splitImpl(x, spec, axis,
                   "split at " + listText(indices) + " " + std::to_string(axis));
}

Array tnp::emptyLike(const Array &a, SourceLoc site) {
  return empty(a.shape(), a.dtype(), site);
}
