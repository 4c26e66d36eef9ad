//===- DType.cpp - dtype codes, sizes and names ---------------------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include "tnp/Semantics/DType.h"

#include <cstring>

using tnp::sem::DType;

// The runtime codes are tnp::sem::DType's (dtype.h): check at compile time.
#define TNP_RT_CHECK_DTYPE(NAME, CODE)                                         \
  static_assert(static_cast<int>(DType::NAME) == (CODE),                       \
                "runtime dtype code of DType::" #NAME " out of sync")
TNP_RT_CHECK_DTYPE(Bool, TNP_RT_DTYPE_BOOL);
TNP_RT_CHECK_DTYPE(UInt8, TNP_RT_DTYPE_UINT8);
TNP_RT_CHECK_DTYPE(UInt16, TNP_RT_DTYPE_UINT16);
TNP_RT_CHECK_DTYPE(UInt32, TNP_RT_DTYPE_UINT32);
TNP_RT_CHECK_DTYPE(UInt64, TNP_RT_DTYPE_UINT64);
TNP_RT_CHECK_DTYPE(Int8, TNP_RT_DTYPE_INT8);
TNP_RT_CHECK_DTYPE(Int16, TNP_RT_DTYPE_INT16);
TNP_RT_CHECK_DTYPE(Int32, TNP_RT_DTYPE_INT32);
TNP_RT_CHECK_DTYPE(Int64, TNP_RT_DTYPE_INT64);
TNP_RT_CHECK_DTYPE(BFloat16, TNP_RT_DTYPE_BFLOAT16);
TNP_RT_CHECK_DTYPE(Float16, TNP_RT_DTYPE_FLOAT16);
TNP_RT_CHECK_DTYPE(Float32, TNP_RT_DTYPE_FLOAT32);
TNP_RT_CHECK_DTYPE(Float64, TNP_RT_DTYPE_FLOAT64);
TNP_RT_CHECK_DTYPE(Complex64, TNP_RT_DTYPE_COMPLEX64);
TNP_RT_CHECK_DTYPE(Complex128, TNP_RT_DTYPE_COMPLEX128);
static_assert(tnp::sem::kNumDTypes == TNP_RT_DTYPE_COUNT,
              "dtype count out of sync");
#undef TNP_RT_CHECK_DTYPE

namespace {

struct DTypeInfo {
  const char *name;
  size_t itemsize;
};

const DTypeInfo kDTypes[TNP_RT_DTYPE_COUNT] = {
    {"bool", 1},     {"uint8", 1},     {"uint16", 2},    {"uint32", 4},
    {"uint64", 8},   {"int8", 1},      {"int16", 2},     {"int32", 4},
    {"int64", 8},    {"bfloat16", 2},  {"float16", 2},   {"float32", 4},
    {"float64", 8},  {"complex64", 8}, {"complex128", 16},
};

} // namespace

namespace tnp {
namespace rt {

float halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1Fu;
  uint32_t mantissa = bits & 0x3FFu;
  uint32_t out;
  if (exponent == 0x1F) {
    out = sign | 0x7F800000u | (mantissa << 13); // inf / nan
  } else if (exponent != 0) {
    out = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    out = sign; // +-0
  } else {
    // Subnormal: normalize.
    int shift = 0;
    while (!(mantissa & 0x400u)) {
      mantissa <<= 1;
      ++shift;
    }
    mantissa &= 0x3FFu;
    out = sign | (uint32_t(113 - shift) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &out, sizeof(f));
  return f;
}

float bfloat16ToFloat(uint16_t bits) {
  uint32_t out = uint32_t(bits) << 16;
  float f;
  std::memcpy(&f, &out, sizeof(f));
  return f;
}

} // namespace rt
} // namespace tnp

extern "C" {

bool tnp_rt_dtype_is_valid(int32_t dtype) {
  return dtype >= 0 && dtype < TNP_RT_DTYPE_COUNT;
}

size_t tnp_rt_dtype_itemsize(tnp_rt_dtype_t dtype) {
  return tnp_rt_dtype_is_valid(dtype) ? kDTypes[dtype].itemsize : 0;
}

const char *tnp_rt_dtype_name(tnp_rt_dtype_t dtype) {
  return tnp_rt_dtype_is_valid(dtype) ? kDTypes[dtype].name : "invalid";
}

tnp_rt_status_t tnp_rt_dtype_from_name(const char *name,
                                       tnp_rt_dtype_t *out_dtype) {
  if (!out_dtype)
    return tnp::rt::nullArgument("tnp_rt_dtype_from_name", "out_dtype");
  if (!name)
    return tnp::rt::nullArgument("tnp_rt_dtype_from_name", "name");
  for (int i = 0; i < TNP_RT_DTYPE_COUNT; ++i) {
    if (std::strcmp(name, kDTypes[i].name) == 0) {
      *out_dtype = static_cast<tnp_rt_dtype_t>(i);
      return nullptr;
    }
  }
  return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                               "'%s' is not a tnp dtype name", name);
}

} // extern "C"
