//===- Array.cpp - tnp::Array, creation and random numbers ----------------===//
//
// Part of tnp. The Array handle over the runtime's arrays, views (reshape,
// ravel), element access, printing, and the creation functions that need no
// kernel: literals, fills, arange, linspace, eye, and the seeded random
// numbers (Philox4x32-10, bit for bit the compiled tnp.random ops' rules).
//
//===----------------------------------------------------------------------===//

#include "Eager.h"
#include "Trace.h"

#include "tnp/Semantics/Shapes.h"
#include "tnp-runtime/tnp_runtime.h"

#include <array>
#include <atomic>
#include <limits>
#include <cmath>
#include <cstring>
#include <ostream>

using namespace tnp;
using detail::requireValid;
using detail::throwSemError;

/// The C++ element types of the 13 dtypes that have one (not float16 or
/// bfloat16), for explicit instantiations.
#define TNP_FOR_EACH_ELEMENT_TYPE(X)                                           \
  X(bool) X(int8_t) X(int16_t) X(int32_t) X(int64_t) X(uint8_t) X(uint16_t)    \
  X(uint32_t) X(uint64_t) X(float) X(double) X(std::complex<float>)            \
  X(std::complex<double>)

//===----------------------------------------------------------------------===//
// Array
//===----------------------------------------------------------------------===//

Array Array::adopt(tnp_rt_array_s *array) {
  Array a;
  a.array_ = array;
  return a;
}

Array Array::fromTraced(std::shared_ptr<detail::Traced> t) {
  Array a;
  a.traced_ = std::move(t);
  return a;
}

Array::Array(const Array &other)
    : array_(other.array_), traced_(other.traced_), weak_(other.weak_) {
  tnp_rt_array_retain(array_);
}
Array::Array(Array &&other) noexcept
    : array_(other.array_), traced_(std::move(other.traced_)),
      weak_(other.weak_) {
  other.array_ = nullptr;
}
Array &Array::operator=(const Array &other) & {
  if (this != &other) {
    tnp_rt_array_retain(other.array_);
    tnp_rt_array_release(array_);
    array_ = other.array_;
    traced_ = other.traced_;
    weak_ = other.weak_;
  }
  return *this;
}
Array &Array::operator=(Array &&other) & noexcept {
  if (this != &other) {
    tnp_rt_array_release(array_);
    array_ = other.array_;
    other.array_ = nullptr;
    traced_ = std::move(other.traced_);
    weak_ = other.weak_;
  }
  return *this;
}

Array Array::withWeak(bool weak) const {
  Array a = *this;
  a.weak_ = weak;
  return a;
}
Array::~Array() { tnp_rt_array_release(array_); }

Shape Array::shape() const {
  requireValid(*this, "shape");
  if (traced_)
    return traced_->shape;
  const int64_t *s = tnp_rt_array_shape(array_);
  return Shape(s, s + tnp_rt_array_rank(array_));
}
int64_t Array::ndim() const {
  requireValid(*this, "ndim");
  if (traced_)
    return static_cast<int64_t>(traced_->shape.size());
  return tnp_rt_array_rank(array_);
}
DType Array::dtype() const {
  requireValid(*this, "dtype");
  if (traced_)
    return traced_->dtype;
  return static_cast<DType>(tnp_rt_array_dtype(array_));
}
std::string Array::device() const {
  requireValid(*this, "device");
  // tnp's device string (tutorial.md: `cpu:0`, `cuda:0`).
  return "cpu:0";
}
int64_t Array::size() const {
  requireValid(*this, "size");
  if (traced_) {
    int64_t n = 1;
    for (int64_t d : traced_->shape)
      n *= d;
    return n; // negative when a dim depends on the data (a mask)
  }
  return tnp_rt_array_element_count(array_);
}

Array Array::reshape(const Shape &newShape, SourceLoc site) const {
  detail::CallSite guard(site);
  requireValid(*this, "reshape");
  if (traced_)
    return detail::runKernel1(
        "reshape", {*this},
        [newShape](mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange a,
                   const sem::PromotionOptions &)
            -> mlir::tnp::SemExpected<std::vector<mlir::Value>> {
          mlir::tnp::SemExpected<mlir::Value> r =
              mlir::tnp::buildReshape(b, loc, a[0], newShape);
          if (!r)
            return r.error();
          return std::vector<mlir::Value>{*r};
        });
  sem::Expected<sem::Shape> s = sem::reshapeShape(shape(), newShape);
  if (!s)
    throwSemError(s.error());
  // Arrays are C-contiguous: a reshape is a view of the same buffer.
  tnp_rt_array_t *out = nullptr;
  throwIfError(tnp_rt_array_create(
      tnp_rt_array_dtype(array_), static_cast<int32_t>(s->size()), s->data(),
      tnp_rt_array_buffer(array_), tnp_rt_array_byte_offset(array_), &out));
  return adopt(out);
}
Array Array::ravel(SourceLoc site) const { return reshape({-1}, site); }
Array Array::T(SourceLoc site) const { return transpose({}, site); }

std::string dtypeNameImpl(DType t) { return std::string(sem::dtypeName(t)); }
std::string tnp::dtypeName(DType t) { return dtypeNameImpl(t); }

static std::string format(const tnp_rt_array_t *a, tnp_rt_print_style_t style) {
  size_t length = 0;
  throwIfError(tnp_rt_array_format(a, style, nullptr, 0, &length));
  std::string text(length + 1, '\0');
  throwIfError(tnp_rt_array_format(a, style, text.data(), text.size(), nullptr));
  text.resize(length);
  return text;
}
std::string Array::str() const {
  requireValid(*this, "str");
  detail::rejectTraced(*this, "printing");
  return format(array_, TNP_RT_PRINT_STR);
}
std::string Array::repr() const {
  requireValid(*this, "repr");
  detail::rejectTraced(*this, "repr()");
  return format(array_, TNP_RT_PRINT_REPR);
}
std::ostream &tnp::operator<<(std::ostream &os, const Array &a) {
  return os << a.str();
}

//===----------------------------------------------------------------------===//
// Element access
//===----------------------------------------------------------------------===//

namespace {
float halfBitsToFloat(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f,
           mant = h & 0x3ffu, bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else { // subnormal
      exp = 127 - 15 + 1;
      while (!(mant & 0x400u)) {
        mant <<= 1;
        --exp;
      }
      bits = sign | (exp << 23) | ((mant & 0x3ffu) << 13);
    }
  } else if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

template <typename T> T fromComplex(std::complex<double> c) {
  if constexpr (std::is_same_v<T, std::complex<float>> ||
                std::is_same_v<T, std::complex<double>>)
    return T(static_cast<typename T::value_type>(c.real()),
             static_cast<typename T::value_type>(c.imag()));
  else
    return static_cast<T>(c.real());
}

/// Element i of `a` as T (NumPy's conversions: complex to real drops the
/// imaginary part).
template <typename T> T elementAs(const tnp_rt_array_t *a, int64_t i) {
  const char *p = static_cast<const char *>(tnp_rt_array_data(a));
  auto load = [&](auto tag) {
    decltype(tag) v;
    std::memcpy(&v, p + i * sizeof(v), sizeof(v));
    return v;
  };
  switch (static_cast<DType>(tnp_rt_array_dtype(a))) {
  case DType::Bool: return static_cast<T>(load(uint8_t()) != 0);
  case DType::Int8: return static_cast<T>(load(int8_t()));
  case DType::Int16: return static_cast<T>(load(int16_t()));
  case DType::Int32: return static_cast<T>(load(int32_t()));
  case DType::Int64: return static_cast<T>(load(int64_t()));
  case DType::UInt8: return static_cast<T>(load(uint8_t()));
  case DType::UInt16: return static_cast<T>(load(uint16_t()));
  case DType::UInt32: return static_cast<T>(load(uint32_t()));
  case DType::UInt64: return static_cast<T>(load(uint64_t()));
  case DType::Float16: return static_cast<T>(halfBitsToFloat(load(uint16_t())));
  case DType::BFloat16: {
    uint32_t bits = static_cast<uint32_t>(load(uint16_t())) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return static_cast<T>(f);
  }
  case DType::Float32: return static_cast<T>(load(float()));
  case DType::Float64: return static_cast<T>(load(double()));
  case DType::Complex64: {
    std::complex<float> c = load(std::complex<float>());
    return fromComplex<T>(std::complex<double>(c.real(), c.imag()));
  }
  case DType::Complex128: return fromComplex<T>(load(std::complex<double>()));
  }
  return T();
}
} // namespace

template <typename T> std::vector<T> Array::toVector() const {
  requireValid(*this, "toVector");
  detail::rejectTraced(*this, "toVector()");
  std::vector<T> out;
  int64_t n = size();
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i)
    out.push_back(elementAs<T>(array_, i));
  return out;
}

template <typename T> T Array::item() const {
  requireValid(*this, "item");
  detail::rejectTraced(*this, "item()");
  if (size() != 1)
    throw ValueError("can only convert an array of size 1 to a C++ scalar");
  return elementAs<T>(array_, 0);
}

#define TNP_INSTANTIATE(T)                                                     \
  template std::vector<T> Array::toVector<T>() const;                          \
  template T Array::item<T>() const;
TNP_FOR_EACH_ELEMENT_TYPE(TNP_INSTANTIATE)
#undef TNP_INSTANTIATE

namespace {
template <typename T> constexpr DType dtypeOf() {
  if constexpr (std::is_same_v<T, bool>) return DType::Bool;
  else if constexpr (std::is_same_v<T, int8_t>) return DType::Int8;
  else if constexpr (std::is_same_v<T, int16_t>) return DType::Int16;
  else if constexpr (std::is_same_v<T, int32_t>) return DType::Int32;
  else if constexpr (std::is_same_v<T, int64_t>) return DType::Int64;
  else if constexpr (std::is_same_v<T, uint8_t>) return DType::UInt8;
  else if constexpr (std::is_same_v<T, uint16_t>) return DType::UInt16;
  else if constexpr (std::is_same_v<T, uint32_t>) return DType::UInt32;
  else if constexpr (std::is_same_v<T, uint64_t>) return DType::UInt64;
  else if constexpr (std::is_same_v<T, float>) return DType::Float32;
  else if constexpr (std::is_same_v<T, double>) return DType::Float64;
  else if constexpr (std::is_same_v<T, std::complex<float>>) return DType::Complex64;
  else return DType::Complex128;
}
} // namespace

template <typename T> const T *Array::data() const {
  requireValid(*this, "data");
  detail::rejectTraced(*this, "data()");
  DType t = dtype();
  bool ok = t == dtypeOf<T>() || (t == DType::Bool && std::is_same_v<T, uint8_t>);
  if (!ok)
    throw DTypeError("data<T>() of a " + tnp::dtypeName(t) +
                     " array with an element type of another dtype");
  return static_cast<const T *>(tnp_rt_array_data(array_));
}

::DLManagedTensor *Array::toDLPack() const {
  requireValid(*this, "toDLPack");
  detail::rejectTraced(*this, "toDLPack()");
  ::DLManagedTensor *out = nullptr;
  throwIfError(tnp_rt_array_to_dlpack(array_, &out));
  return out;
}

Array Array::fromDLPack(::DLManagedTensor *managed) {
  tnp_rt_array_t *out = nullptr;
  throwIfError(tnp_rt_array_from_dlpack(managed, &out));
  return adopt(out);
}

namespace {
template <typename T> struct BufferRelease {
  std::function<void(const T *)> fn;
  static void call(void *data, void *self) {
    auto *r = static_cast<BufferRelease *>(self);
    if (r->fn)
      r->fn(static_cast<const T *>(data));
    delete r;
  }
};
} // namespace

template <typename T>
Array tnp::fromBuffer(const T *data, const Shape &shape,
                      const std::vector<int64_t> &byteStrides,
                      std::function<void(const T *)> release) {
  if (!byteStrides.empty() && byteStrides.size() != shape.size())
    throw ValueError("fromBuffer: " + std::to_string(byteStrides.size()) +
                     " strides for " + std::to_string(shape.size()) + " dims");
  auto *r = new BufferRelease<T>{std::move(release)};
  tnp_rt_array_t *out = nullptr;
  tnp_rt_status_t s = tnp_rt_array_wrap_host(
      static_cast<tnp_rt_dtype_t>(dtypeOf<T>()),
      static_cast<int32_t>(shape.size()), shape.data(),
      byteStrides.empty() ? nullptr : byteStrides.data(),
      const_cast<T *>(data), &BufferRelease<T>::call, r, &out);
  throwIfError(s);
  return Array::adopt(out);
}

#define TNP_INSTANTIATE(T)                                                     \
  template const T *Array::data<T>() const;                                    \
  template Array tnp::fromBuffer<T>(const T *, const Shape &,                  \
                                    const std::vector<int64_t> &,              \
                                    std::function<void(const T *)>);
TNP_FOR_EACH_ELEMENT_TYPE(TNP_INSTANTIATE)
#undef TNP_INSTANTIATE

//===----------------------------------------------------------------------===//
// Creation without kernels
//===----------------------------------------------------------------------===//

namespace {
Array allocate(DType dtype, const Shape &shape) {
  sem::Expected<int64_t> n =
      sem::checkedNumElements(shape, sem::byteSize(dtype));
  if (!n)
    throwSemError(n.error());
  tnp_rt_array_t *out = nullptr;
  throwIfError(tnp_rt_array_allocate(tnp_rt_device_host(),
                                     static_cast<tnp_rt_dtype_t>(dtype),
                                     static_cast<int32_t>(shape.size()),
                                     shape.data(), &out));
  return Array::adopt(out);
}

uint16_t floatToHalfBits(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u;
  uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u) // inf or NaN
    return static_cast<uint16_t>(sign | 0x7c00u | (absx > 0x7f800000u ? 0x200u : 0));
  if (absx >= 0x477ff000u) // rounds to >= 65520: inf
    return static_cast<uint16_t>(sign | 0x7c00u);
  if (absx < 0x33000001u) // < 2^-25 (half of the smallest subnormal): 0
    return static_cast<uint16_t>(sign);
  int32_t exp = static_cast<int32_t>(absx >> 23) - 127 + 15;
  uint32_t mant = (absx & 0x7fffffu) | 0x800000u;
  uint32_t shift = exp <= 0 ? static_cast<uint32_t>(14 - exp) : 13u;
  uint32_t half = exp <= 0 ? (mant >> shift) : ((static_cast<uint32_t>(exp) << 10) |
                                                ((mant >> 13) & 0x3ffu));
  uint32_t rest = mant & ((1u << shift) - 1), halfway = 1u << (shift - 1);
  if (rest > halfway || (rest == halfway && (half & 1u)))
    ++half; // round to nearest even (may carry into the exponent: fine)
  return static_cast<uint16_t>(sign | half);
}

uint16_t floatToBFloat16Bits(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((x >> 16) | 0x40u); // quiet NaN
  x += 0x7fffu + ((x >> 16) & 1u);
  return static_cast<uint16_t>(x >> 16);
}

/// Stores `v` (astype's rules: complex to real drops the imaginary part,
/// float to int truncates, saturating; NaN to int gives 0) at element i.
void store(Array &a, int64_t i, std::complex<double> v) {
  char *p = static_cast<char *>(tnp_rt_array_data(a.raw()));
  auto put = [&](auto x) { std::memcpy(p + i * sizeof(x), &x, sizeof(x)); };
  double r = v.real();
  auto toInt = [&](auto tag) {
    using I = decltype(tag);
    if (std::isnan(r))
      return I(0);
    if (r <= static_cast<double>(std::numeric_limits<I>::min()))
      return std::numeric_limits<I>::min();
    if (r >= static_cast<double>(std::numeric_limits<I>::max()))
      return std::numeric_limits<I>::max();
    return static_cast<I>(r);
  };
  switch (a.dtype()) {
  case DType::Bool: put(static_cast<uint8_t>(v != std::complex<double>(0))); break;
  case DType::Int8: put(toInt(int8_t())); break;
  case DType::Int16: put(toInt(int16_t())); break;
  case DType::Int32: put(toInt(int32_t())); break;
  case DType::Int64: put(toInt(int64_t())); break;
  case DType::UInt8: put(toInt(uint8_t())); break;
  case DType::UInt16: put(toInt(uint16_t())); break;
  case DType::UInt32: put(toInt(uint32_t())); break;
  case DType::UInt64: put(toInt(uint64_t())); break;
  case DType::Float16: put(floatToHalfBits(static_cast<float>(r))); break;
  case DType::BFloat16: put(floatToBFloat16Bits(static_cast<float>(r))); break;
  case DType::Float32: put(static_cast<float>(r)); break;
  case DType::Float64: put(r); break;
  case DType::Complex64:
    put(std::complex<float>(static_cast<float>(r), static_cast<float>(v.imag())));
    break;
  case DType::Complex128: put(v); break;
  }
}

/// Integers exactly (a double would round int64 values beyond 2^53).
void storeScalar(Array &a, int64_t i, const sem::Scalar &s) {
  if (s.kind == sem::Scalar::Kind::Int && sem::isInteger(a.dtype())) {
    char *p = static_cast<char *>(tnp_rt_array_data(a.raw()));
    uint64_t bits = s.negative ? ~s.magnitude + 1 : s.magnitude;
    // Two's complement truncation to the dtype's width (astype's wrap).
    std::memcpy(p + i * sem::byteSize(a.dtype()), &bits,
                sem::byteSize(a.dtype()));
    return;
  }
  if (s.kind == sem::Scalar::Kind::Complex)
    return store(a, i, {s.real, s.imag});
  store(a, i, {s.asDouble(), 0.0});
}

/// The type of asarray(values) in the current mode (weak in the auto
/// modes).
sem::PromotedType literalType(const std::vector<sem::Scalar> &values) {
  sem::Expected<sem::PromotedType> t = sem::asarrayType(values, numpyBehavior());
  if (!t)
    throwSemError(t.error());
  return *t;
}
DType literalDType(const std::vector<sem::Scalar> &values) {
  return literalType(values).dtype;
}

void flattenLiteral(const NestedList &l, size_t depth, std::vector<sem::Scalar> &out,
             Shape &shape) {
  if (l.scalar) {
    if (depth != shape.size())
      throw ValueError("setting an array element with a sequence. The "
                       "requested array has an inhomogeneous shape after " +
                       std::to_string(std::min(depth, shape.size())) +
                       " dimensions.");
    out.push_back(l.scalar->value);
    return;
  }
  if (depth == shape.size()) {
    if (!out.empty())
      throw ValueError("setting an array element with a sequence. The "
                       "requested array has an inhomogeneous shape after " +
                       std::to_string(depth) + " dimensions.");
    shape.push_back(static_cast<int64_t>(l.items.size()));
  } else if (shape[depth] != static_cast<int64_t>(l.items.size())) {
    throw ValueError("setting an array element with a sequence. The "
                     "requested array has an inhomogeneous shape after " +
                     std::to_string(depth) + " dimensions. The detected "
                     "shape was " + sem::shapeStr(Shape(shape.begin(),
                                                        shape.begin() + depth)) +
                     " + inhomogeneous part.");
  }
  for (const NestedList &item : l.items)
    flattenLiteral(item, depth + 1, out, shape);
}
} // namespace

Array tnp::asarray(const NestedList &values, std::optional<DType> dtype,
                   SourceLoc site) {
  detail::CallSite guard(site);
  std::vector<sem::Scalar> flat;
  Shape shape;
  // The shape comes from the first element at each depth (NumPy's rule).
  const NestedList *cur = &values;
  while (!cur->scalar) {
    shape.push_back(static_cast<int64_t>(cur->items.size()));
    if (cur->items.empty())
      break;
    cur = &cur->items.front();
  }
  Shape walked;
  if (values.scalar) {
    flat.push_back(values.scalar->value);
  } else {
    walked.clear();
    flattenLiteral(values, 0, flat, walked);
    if (walked.size() < shape.size())
      walked = shape;
  }
  sem::PromotedType t = dtype ? sem::PromotedType{*dtype, false}
                              : literalType(flat);
  Array a = allocate(t.dtype, values.scalar ? Shape{} : walked);
  for (size_t i = 0; i < flat.size(); ++i)
    storeScalar(a, static_cast<int64_t>(i), flat[i]);
  return a.withWeak(t.weak);
}

template <typename T> Array tnp::fromVector(const std::vector<T> &data, Shape shape) {
  sem::Expected<int64_t> n = sem::checkedNumElements(shape);
  if (!n)
    throwSemError(n.error());
  if (*n != static_cast<int64_t>(data.size()))
    throw ValueError("cannot reshape array of size " +
                     std::to_string(data.size()) + " into shape " +
                     sem::shapeStr(shape));
  DType t = dtypeOf<T>();
  Array a = allocate(t, shape);
  if constexpr (std::is_same_v<T, bool>) {
    auto *p = static_cast<uint8_t *>(tnp_rt_array_data(a.raw()));
    for (size_t i = 0; i < data.size(); ++i)
      p[i] = data[i];
  } else if (!data.empty()) {
    std::memcpy(tnp_rt_array_data(a.raw()), data.data(), sizeof(T) * data.size());
  }
  return a;
}
#define TNP_INSTANTIATE(T)                                                     \
  template Array tnp::fromVector<T>(const std::vector<T> &, Shape);
TNP_FOR_EACH_ELEMENT_TYPE(TNP_INSTANTIATE)
#undef TNP_INSTANTIATE

static void checkShape(const Shape &shape) {
  for (int64_t d : shape)
    if (d < 0)
      throw ValueError("negative dimensions are not allowed");
}

static Array filled(const Shape &shape, DType dtype, const sem::Scalar &v) {
  checkShape(shape);
  Array a = allocate(dtype, shape);
  int64_t n = a.size();
  if (n == 0)
    return a;
  storeScalar(a, 0, v);
  size_t item = sem::byteSize(dtype);
  char *p = static_cast<char *>(tnp_rt_array_data(a.raw()));
  for (int64_t i = 1; i < n; ++i)
    std::memcpy(p + i * item, p, item);
  return a;
}

Array tnp::zeros(const Shape &shape, DType dtype, SourceLoc site) {
  detail::CallSite guard(site);
  return filled(shape, dtype, sem::Scalar::fromInt(0));
}
Array tnp::ones(const Shape &shape, DType dtype, SourceLoc site) {
  detail::CallSite guard(site);
  return filled(shape, dtype, sem::Scalar::fromInt(1));
}
Array tnp::empty(const Shape &shape, DType dtype, SourceLoc site) {
  detail::CallSite guard(site);
  checkShape(shape);
  return allocate(dtype, shape);
}
Array tnp::full(const Shape &shape, Scalar value, std::optional<DType> dtype,
                SourceLoc site) {
  detail::CallSite guard(site);
  return filled(shape, dtype ? *dtype : literalDType({value.value}), value.value);
}
Array tnp::zerosLike(const Array &a, SourceLoc site) {
  return zeros(a.shape(), a.dtype(), site);
}
Array tnp::onesLike(const Array &a, SourceLoc site) {
  return ones(a.shape(), a.dtype(), site);
}
Array tnp::fullLike(const Array &a, Scalar value, SourceLoc site) {
  detail::CallSite guard(site);
  return filled(a.shape(), a.dtype(), value.value);
}

Array tnp::arange(Scalar stop, SourceLoc site) {
  return arange(0, stop, 1, std::nullopt, site);
}

Array tnp::arange(Scalar start, Scalar stop, Scalar step,
                  std::optional<DType> dtype, SourceLoc site) {
  detail::CallSite guard(site);
  std::vector<sem::Scalar> vs{start.value, stop.value, step.value};
  for (const sem::Scalar &s : vs)
    if (s.kind == sem::Scalar::Kind::Complex)
      throw DTypeError("arange of complex values is not supported");
  double a = start.value.asDouble(), b = stop.value.asDouble(),
         s = step.value.asDouble();
  if (s == 0)
    throw ValueError("Maximum allowed size exceeded");
  double len = std::ceil((b - a) / s);
  int64_t n = len > 0 ? static_cast<int64_t>(len) : 0;
  DType t = dtype ? *dtype : literalDType(vs);
  Array out = allocate(t, {n});
  bool ints = sem::isInteger(t) && start.value.asInt64() && step.value.asInt64();
  for (int64_t i = 0; i < n; ++i) {
    if (ints)
      storeScalar(out, i, sem::Scalar::fromInt(*start.value.asInt64() +
                                              i * *step.value.asInt64()));
    else
      store(out, i, {a + static_cast<double>(i) * s, 0.0});
  }
  return out;
}

Array tnp::linspace(double start, double stop, int64_t num, bool endpoint,
                    DType dtype, SourceLoc site) {
  detail::CallSite guard(site);
  if (num < 0)
    throw ValueError("Number of samples, " + std::to_string(num) +
                     ", must be non-negative.");
  Array out = allocate(dtype, {num});
  int64_t div = endpoint ? num - 1 : num;
  double step = div > 0 ? (stop - start) / static_cast<double>(div) : 0.0;
  for (int64_t i = 0; i < num; ++i) {
    // NumPy: start + i * step, the last element exactly `stop`.
    double v = start + static_cast<double>(i) * step;
    if (endpoint && num > 1 && i == num - 1)
      v = stop;
    store(out, i, {v, 0.0});
  }
  return out;
}

Array tnp::eye(int64_t n, std::optional<int64_t> m, int64_t k, DType dtype,
               SourceLoc site) {
  detail::CallSite guard(site);
  int64_t cols = m ? *m : n;
  Array out = zeros({n, cols}, dtype, SourceLoc());
  for (int64_t i = 0; i < n; ++i)
    if (i + k >= 0 && i + k < cols)
      storeScalar(out, i * cols + i + k, sem::Scalar::fromInt(1));
  return out;
}

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

namespace {
std::atomic<uint64_t> gSeed{0};
std::atomic<uint64_t> gStream{0};

/// Philox4x32-10 of counter `ctr` and key `key` (Salmon et al., SC'11).
std::array<uint32_t, 4> philox(std::array<uint32_t, 4> ctr,
                               std::array<uint32_t, 2> key) {
  const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u,
                 W1 = 0xBB67AE85u;
  for (int r = 0; r < 10; ++r) {
    uint64_t p0 = static_cast<uint64_t>(M0) * ctr[0];
    uint64_t p1 = static_cast<uint64_t>(M1) * ctr[2];
    ctr = {static_cast<uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0],
           static_cast<uint32_t>(p1),
           static_cast<uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1],
           static_cast<uint32_t>(p0)};
    key = {key[0] + W0, key[1] + W1};
  }
  return ctr;
}

std::array<uint32_t, 4> bits(uint64_t seed, uint64_t stream, uint64_t i) {
  return philox({static_cast<uint32_t>(i), static_cast<uint32_t>(i >> 32),
                 static_cast<uint32_t>(stream),
                 static_cast<uint32_t>(stream >> 32)},
                {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)});
}

/// A 53-bit uniform in [0, 1): (hi << 21 | lo >> 11) * 2^-53, the
/// lowering's rule (Creation.cpp).
double uniform53(uint32_t hi, uint32_t lo) {
  uint64_t x = static_cast<uint64_t>(hi) << 21 | static_cast<uint64_t>(lo) >> 11;
  return static_cast<double>(x) * 0x1.0p-53;
}

Array draw(const Shape &shape, bool normal, double p0, double p1) {
  checkShape(shape);
  uint64_t seed = gSeed.load(), stream = gStream.fetch_add(1);
  Array out = allocate(DType::Float64, shape);
  double *p = static_cast<double *>(tnp_rt_array_data(out.raw()));
  for (int64_t i = 0, n = out.size(); i < n; ++i) {
    std::array<uint32_t, 4> w = bits(seed, stream, static_cast<uint64_t>(i));
    if (!normal) {
      p[i] = p0 + (p1 - p0) * uniform53(w[0], w[1]);
      continue;
    }
    double u1 = 1.0 - uniform53(w[0], w[1]); // (0, 1]
    double u2 = uniform53(w[2], w[3]);
    double z = std::sqrt(-2.0 * std::log(u1)) *
               std::cos(2.0 * 3.14159265358979323846 * u2);
    p[i] = p0 + p1 * z;
  }
  return out;
}
} // namespace

void tnp::random::seed(uint64_t s) {
  gSeed.store(s);
  gStream.store(0);
}
Array tnp::random::randn(const Shape &shape, SourceLoc site) {
  detail::CallSite guard(site);
  return draw(shape, true, 0.0, 1.0);
}
Array tnp::random::uniform(double low, double high, const Shape &shape,
                           SourceLoc site) {
  detail::CallSite guard(site);
  return draw(shape, false, low, high);
}
Array tnp::random::normal(double loc, double scale, const Shape &shape,
                          SourceLoc site) {
  detail::CallSite guard(site);
  if (scale < 0)
    throw ValueError("scale < 0");
  return draw(shape, true, loc, scale);
}
