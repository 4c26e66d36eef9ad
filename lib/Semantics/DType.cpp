//===- DType.cpp - The 15 tnp dtypes and the error kinds ------------------===//
//
// Part of tnp. Names, type codes and kinds of the dtypes, and the error-kind
// table of SPEC.md policy rule 6.
//
//===----------------------------------------------------------------------===//

#include "tnp/Semantics/DType.h"

namespace tnp {
namespace sem {

const DType kAllDTypes[kNumDTypes] = {
    DType::Bool,     DType::UInt8,     DType::UInt16,    DType::UInt32,
    DType::UInt64,   DType::Int8,      DType::Int16,     DType::Int32,
    DType::Int64,    DType::BFloat16,  DType::Float16,   DType::Float32,
    DType::Float64,  DType::Complex64, DType::Complex128,
};

namespace {

struct DTypeInfo {
  const char *name;
  char code;
  DTypeKind kind;
  unsigned bits;
};

// Indexed by the enum value. Type codes are NumPy's on Linux ('l'/'L' are the
// 64-bit C long); bfloat16 has no NumPy code, ml_dtypes uses 'E'.
constexpr DTypeInfo kInfo[kNumDTypes] = {
    {"bool", '?', DTypeKind::Bool, 8},
    {"uint8", 'B', DTypeKind::UnsignedInt, 8},
    {"uint16", 'H', DTypeKind::UnsignedInt, 16},
    {"uint32", 'I', DTypeKind::UnsignedInt, 32},
    {"uint64", 'L', DTypeKind::UnsignedInt, 64},
    {"int8", 'b', DTypeKind::SignedInt, 8},
    {"int16", 'h', DTypeKind::SignedInt, 16},
    {"int32", 'i', DTypeKind::SignedInt, 32},
    {"int64", 'l', DTypeKind::SignedInt, 64},
    {"bfloat16", 'E', DTypeKind::Float, 16},
    {"float16", 'e', DTypeKind::Float, 16},
    {"float32", 'f', DTypeKind::Float, 32},
    {"float64", 'd', DTypeKind::Float, 64},
    {"complex64", 'F', DTypeKind::Complex, 64},
    {"complex128", 'D', DTypeKind::Complex, 128},
};

const DTypeInfo &info(DType t) { return kInfo[static_cast<unsigned>(t)]; }

struct ErrorKindInfo {
  const char *name;
  const char *pythonException;
};

// Indexed by ErrorKind. The exception is the one NumPy raises for the
// situation (AxisError is numpy.exceptions.AxisError, a subclass of both
// ValueError and IndexError).
constexpr ErrorKindInfo kErrorKinds[kNumErrorKinds] = {
#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description)         \
  {name, Py},
#include "tnp-runtime/error_kinds.def"
};

} // namespace

DTypeKind kindOf(DType t) { return info(t).kind; }
unsigned bitWidth(DType t) { return info(t).bits; }
unsigned byteSize(DType t) { return info(t).bits / 8; }

bool isInteger(DType t) {
  DTypeKind k = kindOf(t);
  return k == DTypeKind::SignedInt || k == DTypeKind::UnsignedInt;
}
bool isSigned(DType t) { return kindOf(t) == DTypeKind::SignedInt; }
bool isUnsigned(DType t) { return kindOf(t) == DTypeKind::UnsignedInt; }
bool isFloat(DType t) { return kindOf(t) == DTypeKind::Float; }
bool isComplex(DType t) { return kindOf(t) == DTypeKind::Complex; }
bool isInexact(DType t) { return isFloat(t) || isComplex(t); }

std::string_view dtypeName(DType t) { return info(t).name; }
char dtypeChar(DType t) { return info(t).code; }

std::optional<DType> parseDTypeName(std::string_view name) {
  for (DType t : kAllDTypes)
    if (name == dtypeName(t))
      return t;
  // Aliases as NumPy resolves them on Linux (Python's int is C long).
  if (name == "bool_")
    return DType::Bool;
  if (name == "int")
    return DType::Int64;
  if (name == "float" || name == "double")
    return DType::Float64;
  if (name == "complex")
    return DType::Complex128;
  if (name == "half")
    return DType::Float16;
  if (name == "single")
    return DType::Float32;
  return std::nullopt;
}

std::string_view errorKindName(ErrorKind k) {
  return kErrorKinds[static_cast<unsigned>(k)].name;
}

std::optional<ErrorKind> parseErrorKind(std::string_view name) {
  for (unsigned i = 0; i < kNumErrorKinds; ++i)
    if (name == kErrorKinds[i].name)
      return static_cast<ErrorKind>(i);
  return std::nullopt;
}

std::string_view errorKindPythonException(ErrorKind k) {
  return kErrorKinds[static_cast<unsigned>(k)].pythonException;
}

} // namespace sem
} // namespace tnp
