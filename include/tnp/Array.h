//===- Array.h - tnp::Array and the NumPy-named functions -------*- C++ -*-===//
//
// Part of tnp. The C++ embedding API: NumPy-style code in C++ that runs
// through the compiler. Every operation on Arrays runs eagerly: it calls a
// kernel compiled by tnp's pipeline (JIT, host CPU) and kept in a cache
// shared by all threads, keyed by the operation, its attributes, the
// operands' dtypes and ranks, which dims are 1 (the broadcast pattern) and
// the promotion mode. Every other dim is dynamic in the kernel, so a new
// size does not recompile; a new dtype does.
//
// Semantics are TF-NumPy's (SPEC.md): NumPy 1.24 promotion in the `legacy`
// mode by default, `all`/`safe` and prefer_float32 through
// experimental_enable_numpy_behavior. C++ scalars in operators are weak
// Python literals: `x * 2.0` keeps float32, `int8_array + 1000` is int16 in
// legacy mode. Arrays are immutable: no function writes into an Array.
// In the `all`/`safe` modes Arrays carry TF's WeakTensor flag (weak()).
//
// Errors throw tnp::Error subclasses (tnp/Errors.h), one per error kind,
// with NumPy's messages: BroadcastError, DTypeError, ShapeError, ...
//
// Threading: Arrays are immutable values; sharing them between threads is
// safe, and so is calling any function from several threads.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_ARRAY_H
#define TNP_ARRAY_H

#include "tnp/Errors.h"
#include "tnp/SourceLoc.h"
#include "tnp/Semantics/DType.h"
#include "tnp/Semantics/Promotion.h"

#include <complex>
#include <functional>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

struct tnp_rt_array_s;
struct DLManagedTensor;

namespace tnp {

//===----------------------------------------------------------------------===//
// dtypes
//===----------------------------------------------------------------------===//

using DType = sem::DType;
inline constexpr DType bool_ = DType::Bool;
inline constexpr DType int8 = DType::Int8;
inline constexpr DType int16 = DType::Int16;
inline constexpr DType int32 = DType::Int32;
inline constexpr DType int64 = DType::Int64;
inline constexpr DType uint8 = DType::UInt8;
inline constexpr DType uint16 = DType::UInt16;
inline constexpr DType uint32 = DType::UInt32;
inline constexpr DType uint64 = DType::UInt64;
inline constexpr DType float16 = DType::Float16;
inline constexpr DType bfloat16 = DType::BFloat16;
inline constexpr DType float32 = DType::Float32;
inline constexpr DType float64 = DType::Float64;
inline constexpr DType complex64 = DType::Complex64;
inline constexpr DType complex128 = DType::Complex128;

/// NumPy's name of a dtype ("float32").
std::string dtypeName(DType t);

using Shape = std::vector<int64_t>;

//===----------------------------------------------------------------------===//
// Scalars: weak Python literals
//===----------------------------------------------------------------------===//

/// A C++ scalar where NumPy code has a Python literal: bool, any integer
/// type (an int literal), float/double (a float literal), std::complex.
struct Scalar {
  sem::Scalar value;

  Scalar(bool v) : value(sem::Scalar::fromBool(v)) {}
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                 std::is_signed_v<T>,
                             int> = 0>
  Scalar(T v) : value(sem::Scalar::fromInt(static_cast<int64_t>(v))) {}
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                 std::is_unsigned_v<T>,
                             int> = 0>
  Scalar(T v) : value(sem::Scalar::fromUInt(static_cast<uint64_t>(v))) {}
  Scalar(float v) : value(sem::Scalar::fromFloat(v)) {}
  Scalar(double v) : value(sem::Scalar::fromFloat(v)) {}
  template <typename T>
  Scalar(std::complex<T> v)
      : value(sem::Scalar::fromComplex(static_cast<double>(v.real()),
                                       static_cast<double>(v.imag()))) {}
};

//===----------------------------------------------------------------------===//
// Array
//===----------------------------------------------------------------------===//

class Index;
struct Operand;
namespace detail {
struct Traced;
} // namespace detail
class AtUpdate;

/// An immutable N-d array on a device (the host CPU for now), sharing its
/// buffer with the runtime (tnp_rt_array_t). Copying an Array shares it.
/// Nothing writes into an Array: the assignment operators take only
/// lvalues, so `x.index({0}) = y` does not compile; updates are functional
/// (`x.at({0}).set(y)` is a new Array).
class Array {
public:
  /// An empty handle (no array); most functions reject it.
  Array() = default;
  /// Takes over one reference of a runtime array.
  static Array adopt(tnp_rt_array_s *array);
  Array(const Array &other);
  Array(Array &&other) noexcept;
  Array &operator=(const Array &other) &;
  Array &operator=(Array &&other) & noexcept;
  ~Array();

  /// Attributes (the tutorial's `x.shape`, `x.ndim`, ...).
  Shape shape() const;
  int64_t ndim() const;
  DType dtype() const;
  /// tnp's device string: "cpu:0" (the host; "cuda:0" for a GPU later).
  std::string device() const;
  int64_t size() const;
  bool valid() const { return array_ != nullptr || traced_ != nullptr; }
  /// Whether this Array is a value of a function being traced by tnp::jit:
  /// it has a dtype and a shape but no elements yet, so reading them
  /// (item, toVector, str, printing) is a TracingError.
  bool traced() const { return traced_ != nullptr; }
  /// TF's WeakTensor flag (the `all`/`safe` modes): an Array made from
  /// Python-like literals only (asarray(1.0) there, or a result computed
  /// from weak operands) has a weak dtype that yields to a non-weak operand
  /// (SPEC §b). Never set in the legacy mode.
  bool weak() const { return weak_; }
  /// The same array with the flag set or cleared.
  Array withWeak(bool weak) const;

  /// `x.T`: the axes reversed (a copy: arrays are contiguous).
  Array T(SourceLoc loc = SourceLoc::current()) const;
  /// `x.reshape(...)`: one dim may be -1. A view: no copy.
  Array reshape(const Shape &shape, SourceLoc loc = SourceLoc::current()) const;
  /// `x.ravel()` (C order): a view.
  Array ravel(SourceLoc loc = SourceLoc::current()) const;
  /// `x.astype(dtype)` with astype's rules.
  Array astype(DType dtype, SourceLoc loc = SourceLoc::current()) const;
  /// `x.transpose(axes)`; empty = reversed.
  Array transpose(const Shape &axes = {},
                  SourceLoc loc = SourceLoc::current()) const;

  /// `x[items]`: integers (negative count from the end), slice(start, stop,
  /// step), newaxis, ellipsis, boolean masks and integer index arrays, with
  /// NumPy's rules (SPEC policy rule 5), e.g.
  /// `x.index({1, newaxis, slice(1, 3), ellipsis})`.
  Array index(const std::vector<Index> &items,
              SourceLoc loc = SourceLoc::current()) const;
  /// `x[item]` (an operator: its errors name no line; index() does).
  Array operator[](const Index &item) const;
  /// `x.at[items]` (JAX's functional update): `.set(v)` / `.add(v)` return a
  /// new Array; `add` accumulates repeated integer indices (np.add.at).
  AtUpdate at(const std::vector<Index> &items,
              SourceLoc loc = SourceLoc::current()) const;

  /// The elements, converted to T (a C++ arithmetic or std::complex type;
  /// bool arrays to bool, float16/bfloat16 through float).
  template <typename T> std::vector<T> toVector() const;
  /// The element of a 0-d (or size-1) array. A larger array is a `value`
  /// error (NumPy's "can only convert an array of size 1").
  template <typename T> T item() const;

  /// A read-only view of the elements (row-major, C-contiguous): valid while
  /// this Array (or a copy of it) lives. T must be the dtype's C++ type
  /// (bool is one byte: uint8_t or bool), else a `dtype` error.
  template <typename T> const T *data() const;

  /// DLPack (0.6): a new DLManagedTensor sharing this Array's buffer (the
  /// consumer calls its deleter), and an Array of a DLManagedTensor (taken
  /// over: zero-copy when C-contiguous and 64-byte aligned on the host,
  /// otherwise one counted copy).
  ::DLManagedTensor *toDLPack() const;
  static Array fromDLPack(::DLManagedTensor *managed);

  /// NumPy's str() (print) and repr().
  std::string str() const;
  std::string repr() const;

  /// The runtime array (still owned by this Array); NULL when traced.
  tnp_rt_array_s *raw() const { return array_; }

  /// For tnp::jit's tracer.
  static Array fromTraced(std::shared_ptr<detail::Traced> t);
  const std::shared_ptr<detail::Traced> &tracedValue() const { return traced_; }

private:
  tnp_rt_array_s *array_ = nullptr;
  std::shared_ptr<detail::Traced> traced_;
  bool weak_ = false;
};

/// print(x): NumPy's str().
std::ostream &operator<<(std::ostream &os, const Array &a);

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

/// `start:stop:step`; std::nullopt = omitted.
struct Slice {
  std::optional<int64_t> start, stop, step;
};
inline Slice slice(std::optional<int64_t> start = std::nullopt,
                   std::optional<int64_t> stop = std::nullopt,
                   std::optional<int64_t> step = std::nullopt) {
  return Slice{start, stop, step};
}
struct NewAxisT {};
struct EllipsisT {};
inline constexpr NewAxisT newaxis{};
inline constexpr EllipsisT ellipsis{};

/// One item of an index.
class Index {
public:
  enum class Kind { Int, Slice, NewAxis, Ellipsis, Array };
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>,
                             int> = 0>
  Index(T v) : kind(Kind::Int), value(static_cast<int64_t>(v)) {}
  Index(Slice s) : kind(Kind::Slice), slice(s) {}
  Index(NewAxisT) : kind(Kind::NewAxis) {}
  Index(EllipsisT) : kind(Kind::Ellipsis) {}
  Index(const Array &a) : kind(Kind::Array), array(a) {}

  Kind kind;
  int64_t value = 0;
  Slice slice;
  Array array;
};

/// The result of Array::at(items).
class AtUpdate {
public:
  AtUpdate(Array base, std::vector<Index> items)
      : base(std::move(base)), items(std::move(items)) {}
  /// A new Array with base[items] = values (cast to base's dtype like
  /// NumPy's assignment; values broadcast to the region).
  Array set(const Operand &values, SourceLoc loc = SourceLoc::current()) const;
  /// A new Array with base[items] += values.
  Array add(const Operand &values, SourceLoc loc = SourceLoc::current()) const;

private:
  Array base;
  std::vector<Index> items;
};

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

/// A nested list literal: a scalar or a list of NestedLists (all at one
/// depth the same length, else a `value` error as NumPy's "inhomogeneous").
struct NestedList {
  std::optional<Scalar> scalar;
  std::vector<NestedList> items;
  NestedList(Scalar s) : scalar(s) {}
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  NestedList(T v) : scalar(Scalar(v)) {}
  template <typename T> NestedList(std::complex<T> v) : scalar(Scalar(v)) {}
  NestedList(std::initializer_list<NestedList> l) : items(l) {}
  template <typename T,
            std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  NestedList(const std::vector<T> &v) {
    for (const T &x : v)
      items.emplace_back(Scalar(x));
  }
};

/// `asarray(literal)` with literal inference (SPEC §a.5): `asarray({1, 2})`
/// is int64, `asarray(1.0)` float64 (float32 under prefer_float32), or
/// `dtype` when given.
Array asarray(const NestedList &values,
              std::optional<DType> dtype = std::nullopt,
              SourceLoc loc = SourceLoc::current());
inline Array array(const NestedList &values,
                   std::optional<DType> dtype = std::nullopt,
                   SourceLoc loc = SourceLoc::current()) {
  return asarray(values, dtype, loc);
}
/// The elements of `data` (row-major) with `shape`, copied.
template <typename T> Array fromVector(const std::vector<T> &data, Shape shape);
/// An Array of the caller's memory, `data` row-major with `shape`
/// (byteStrides empty = C-contiguous): zero-copy when C-contiguous and
/// 64-byte aligned (`release(data)` is then called when the Array's buffer
/// goes; keep the memory valid until then), otherwise one copy (counted by
/// tnp_rt_array_boundary_copy_count; `release` runs at once).
template <typename T>
Array fromBuffer(const T *data, const Shape &shape,
                 const std::vector<int64_t> &byteStrides = {},
                 std::function<void(const T *)> release = nullptr);

Array zeros(const Shape &shape, DType dtype = float64,
            SourceLoc loc = SourceLoc::current());
Array ones(const Shape &shape, DType dtype = float64,
           SourceLoc loc = SourceLoc::current());
Array empty(const Shape &shape, DType dtype = float64,
            SourceLoc loc = SourceLoc::current());
/// `full(shape, value)`: the dtype of `asarray(value)` unless given.
Array full(const Shape &shape, Scalar value,
           std::optional<DType> dtype = std::nullopt,
           SourceLoc loc = SourceLoc::current());
Array zerosLike(const Array &a, SourceLoc loc = SourceLoc::current());
Array onesLike(const Array &a, SourceLoc loc = SourceLoc::current());
Array fullLike(const Array &a, Scalar value,
               SourceLoc loc = SourceLoc::current());
/// `arange(stop)`, `arange(start, stop, step)`: the promotion of the
/// scalars' literal types unless `dtype` is given; step 0 is a `value`
/// error.
Array arange(Scalar stop, SourceLoc loc = SourceLoc::current());
Array arange(Scalar start, Scalar stop, Scalar step = 1,
             std::optional<DType> dtype = std::nullopt,
             SourceLoc loc = SourceLoc::current());
Array linspace(double start, double stop, int64_t num = 50,
               bool endpoint = true, DType dtype = float64,
               SourceLoc loc = SourceLoc::current());
Array eye(int64_t n, std::optional<int64_t> m = std::nullopt, int64_t k = 0,
          DType dtype = float64, SourceLoc loc = SourceLoc::current());
inline Array identity(int64_t n, DType dtype = float64,
                      SourceLoc loc = SourceLoc::current()) {
  return eye(n, std::nullopt, 0, dtype, loc);
}

/// Seeded counter-based random numbers (tnp.random.*: Philox4x32-10 on
/// (seed, stream, position), the same bits as compiled tnp.random ops).
/// seed(s) restarts the stream counter: the k-th call after seed(s) draws
/// stream k of seed s. Without a seed call the seed is 0. The counter is
/// global and atomic.
namespace random {
void seed(uint64_t s);
Array randn(const Shape &shape, SourceLoc site = SourceLoc::current());
/// randn(2, 3): the dims as arguments (no SourceLoc: use randn({2, 3})).
template <typename... Dims> Array randn(Dims... dims) {
  return randn(Shape{static_cast<int64_t>(dims)...}, SourceLoc());
}
Array uniform(double low = 0.0, double high = 1.0, const Shape &shape = {},
              SourceLoc site = SourceLoc::current());
Array normal(double loc = 0.0, double scale = 1.0, const Shape &shape = {},
             SourceLoc site = SourceLoc::current());
} // namespace random

//===----------------------------------------------------------------------===//
// Elementwise (ufuncs): Array or Scalar operands, NumPy broadcasting
//===----------------------------------------------------------------------===//

/// An operand of a function: an Array or a weak literal.
struct Operand {
  Array array;
  std::optional<Scalar> scalar;
  Operand(const Array &a) : array(a) {}
  Operand(Scalar s) : scalar(s) {}
  template <typename T,
            std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  Operand(T v) : scalar(Scalar(v)) {}
};

#define TNP_UNARY(name)                                                        \
  Array name(const Array &x, SourceLoc loc = SourceLoc::current());
#define TNP_BINARY(name)                                                       \
  Array name(const Operand &x, const Operand &y,                               \
             SourceLoc loc = SourceLoc::current());
TNP_BINARY(add)
TNP_BINARY(subtract)
TNP_BINARY(multiply)
TNP_BINARY(true_divide)
TNP_BINARY(divide)
TNP_BINARY(floor_divide)
TNP_BINARY(mod)
TNP_BINARY(remainder)
TNP_BINARY(power)
TNP_UNARY(negative)
TNP_UNARY(positive)
TNP_UNARY(abs)
TNP_UNARY(absolute)
TNP_UNARY(sign)
TNP_UNARY(square)
TNP_UNARY(reciprocal)
TNP_BINARY(maximum)
TNP_BINARY(minimum)
TNP_UNARY(sqrt)
TNP_UNARY(exp)
TNP_UNARY(log)
TNP_UNARY(log1p)
TNP_UNARY(expm1)
TNP_UNARY(sin)
TNP_UNARY(cos)
TNP_UNARY(tan)
TNP_UNARY(arcsin)
TNP_UNARY(arccos)
TNP_UNARY(arctan)
TNP_BINARY(arctan2)
TNP_UNARY(sinh)
TNP_UNARY(cosh)
TNP_UNARY(tanh)
TNP_UNARY(floor)
TNP_UNARY(ceil)
TNP_UNARY(round)
TNP_UNARY(isnan)
TNP_UNARY(isinf)
TNP_UNARY(isfinite)
TNP_BINARY(equal)
TNP_BINARY(not_equal)
TNP_BINARY(less)
TNP_BINARY(less_equal)
TNP_BINARY(greater)
TNP_BINARY(greater_equal)
TNP_BINARY(logical_and)
TNP_BINARY(logical_or)
TNP_BINARY(logical_xor)
TNP_UNARY(logical_not)
TNP_BINARY(bitwise_and)
TNP_BINARY(bitwise_or)
TNP_BINARY(bitwise_xor)
TNP_UNARY(invert)
#undef TNP_UNARY
#undef TNP_BINARY

/// Operators (one operand at least an Array; C++ scalars are weak).
Array operator+(const Operand &x, const Operand &y);
Array operator-(const Operand &x, const Operand &y);
Array operator*(const Operand &x, const Operand &y);
Array operator/(const Operand &x, const Operand &y);
Array operator%(const Operand &x, const Operand &y);
Array operator==(const Operand &x, const Operand &y);
Array operator!=(const Operand &x, const Operand &y);
Array operator<(const Operand &x, const Operand &y);
Array operator<=(const Operand &x, const Operand &y);
Array operator>(const Operand &x, const Operand &y);
Array operator>=(const Operand &x, const Operand &y);
Array operator&(const Operand &x, const Operand &y);
Array operator|(const Operand &x, const Operand &y);
Array operator^(const Operand &x, const Operand &y);
Array operator-(const Array &x);
Array operator~(const Array &x);
/// `x @ y`.
Array matmul(const Array &x, const Array &y,
             SourceLoc loc = SourceLoc::current());
Array dot(const Array &x, const Array &y,
          SourceLoc loc = SourceLoc::current());

/// np.where(cond, x, y) and np.clip(x, lo, hi) (a std::nullopt bound is
/// None).
Array where(const Array &condition, const Operand &x, const Operand &y,
            SourceLoc loc = SourceLoc::current());
Array clip(const Array &x, std::optional<Operand> lo, std::optional<Operand> hi,
           SourceLoc loc = SourceLoc::current());

//===----------------------------------------------------------------------===//
// Shapes and reductions
//===----------------------------------------------------------------------===//

Array reshape(const Array &x, const Shape &shape, SourceLoc loc = SourceLoc::current());
Array transpose(const Array &x, const Shape &axes = {}, SourceLoc loc = SourceLoc::current());
Array ravel(const Array &x, SourceLoc loc = SourceLoc::current());
/// `flatten(order='F')` when `fortran`.
Array flatten(const Array &x, bool fortran = false, SourceLoc loc = SourceLoc::current());
Array moveaxis(const Array &x, const Shape &source, const Shape &destination,
               SourceLoc loc = SourceLoc::current());
Array swapaxes(const Array &x, int64_t axis1, int64_t axis2,
               SourceLoc loc = SourceLoc::current());
Array expand_dims(const Array &x, const Shape &axes, SourceLoc loc = SourceLoc::current());
/// `axes` std::nullopt: every dim of size 1.
Array squeeze(const Array &x, std::optional<Shape> axes = std::nullopt,
              SourceLoc loc = SourceLoc::current());
Array broadcast_to(const Array &x, const Shape &shape, SourceLoc loc = SourceLoc::current());
/// `axis` std::nullopt: the inputs flattened first (axis=None).
Array concatenate(const std::vector<Array> &xs,
                  std::optional<int64_t> axis = 0, SourceLoc loc = SourceLoc::current());
Array stack(const std::vector<Array> &xs, int64_t axis = 0, SourceLoc loc = SourceLoc::current());
/// np.split into `sections` equal pieces.
std::vector<Array> split(const Array &x, int64_t sections, int64_t axis = 0,
                         SourceLoc loc = SourceLoc::current());
/// np.split at `indices`.
std::vector<Array> split(const Array &x, const std::vector<int64_t> &indices,
                         int64_t axis = 0, SourceLoc loc = SourceLoc::current());
Array emptyLike(const Array &a, SourceLoc loc = SourceLoc::current());

/// The axes of a reduction: none (every axis), one (negative counts from the
/// end) or several.
struct Axes {
  std::optional<std::vector<int64_t>> axes;
  Axes() = default;
  Axes(int64_t a) : axes(std::vector<int64_t>{a}) {}
  Axes(std::initializer_list<int64_t> l) : axes(std::vector<int64_t>(l)) {}
};

Array sum(const Array &x, Axes axis = {}, bool keepdims = false,
          SourceLoc loc = SourceLoc::current());
Array prod(const Array &x, Axes axis = {}, bool keepdims = false,
           SourceLoc loc = SourceLoc::current());
Array mean(const Array &x, Axes axis = {}, bool keepdims = false,
           SourceLoc loc = SourceLoc::current());
Array max(const Array &x, Axes axis = {}, bool keepdims = false,
          SourceLoc loc = SourceLoc::current());
Array min(const Array &x, Axes axis = {}, bool keepdims = false,
          SourceLoc loc = SourceLoc::current());
inline Array amax(const Array &x, Axes axis = {}, bool keepdims = false,
                  SourceLoc loc = SourceLoc::current()) {
  return max(x, axis, keepdims, loc);
}
inline Array amin(const Array &x, Axes axis = {}, bool keepdims = false,
                  SourceLoc loc = SourceLoc::current()) {
  return min(x, axis, keepdims, loc);
}
Array argmax(const Array &x, std::optional<int64_t> axis = std::nullopt,
             SourceLoc loc = SourceLoc::current());
Array argmin(const Array &x, std::optional<int64_t> axis = std::nullopt,
             SourceLoc loc = SourceLoc::current());
Array any(const Array &x, Axes axis = {}, bool keepdims = false,
          SourceLoc loc = SourceLoc::current());
Array all(const Array &x, Axes axis = {}, bool keepdims = false,
          SourceLoc loc = SourceLoc::current());

//===----------------------------------------------------------------------===//
// Behaviour and the kernel cache
//===----------------------------------------------------------------------===//

/// TF's `experimental_enable_numpy_behavior(prefer_float32,
/// dtype_conversion_mode)`. GLOBAL (process-wide, like TF's): it affects
/// every later call on every thread; it is thread-safe (an atomic
/// snapshot), and a call running while it changes uses one mode or the
/// other, never a mix. Mode "legacy", "all" or "safe"; another name is a
/// `value` error.
void experimental_enable_numpy_behavior(bool prefer_float32 = false,
                                        const std::string &dtype_conversion_mode =
                                            "legacy");
/// The current options.
sem::PromotionOptions numpyBehavior();

/// Counters of the eager kernel cache (process-wide).
struct KernelCacheStats {
  uint64_t compiles = 0; ///< kernels compiled (cache misses)
  uint64_t hits = 0;     ///< calls served by a cached kernel
  uint64_t kernels = 0;  ///< kernels in the cache
};
KernelCacheStats kernelCacheStats();

} // namespace tnp

#endif // TNP_ARRAY_H
