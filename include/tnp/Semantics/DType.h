//===- DType.h - The 15 tnp dtypes and the error kinds ----------*- C++ -*-===//
//
// Part of tnp. The semantics library is plain C++17 with no LLVM or MLIR
// dependency, so the compiler, the front-ends and the runtime share one copy of
// every rule (DESIGN.md §4, SPEC.md policy).
//
//===----------------------------------------------------------------------===//

#ifndef TNP_SEMANTICS_DTYPE_H
#define TNP_SEMANTICS_DTYPE_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tnp {
namespace sem {

/// The NumPy dtypes tnp supports. The order is stable (it is used as a table
/// index and in the runtime ABI); do not reorder.
enum class DType : uint8_t {
  Bool,
  UInt8,
  UInt16,
  UInt32,
  UInt64,
  Int8,
  Int16,
  Int32,
  Int64,
  BFloat16,
  Float16,
  Float32,
  Float64,
  Complex64,
  Complex128,
};

constexpr unsigned kNumDTypes = 15;

/// All dtypes in enum order, for iteration.
extern const DType kAllDTypes[kNumDTypes];

/// NumPy's kind of a dtype ('b', 'u', 'i', 'f', 'c').
enum class DTypeKind : uint8_t { Bool, UnsignedInt, SignedInt, Float, Complex };

DTypeKind kindOf(DType t);
/// Width in bits of one element (bool is 8: stored one byte per element).
unsigned bitWidth(DType t);
/// Size in bytes of one element.
unsigned byteSize(DType t);
bool isInteger(DType t);  // signed or unsigned, not bool
bool isSigned(DType t);   // signed integers
bool isUnsigned(DType t); // unsigned integers
bool isFloat(DType t);    // f16, bf16, f32, f64
bool isComplex(DType t);
/// True for float and complex dtypes (NumPy's "inexact").
bool isInexact(DType t);

/// NumPy's name: "bool", "int8", ..., "float64", "complex128", "bfloat16".
std::string_view dtypeName(DType t);
/// NumPy's one-letter type code ('?', 'b', 'B', 'h', ... 'E' for bfloat16).
char dtypeChar(DType t);
/// Parses a NumPy dtype name; accepts the aliases "bool_", "float", "int",
/// "complex" (Python types, as NumPy maps them on Linux), "half", "single",
/// "double". Returns nullopt for anything else.
std::optional<DType> parseDTypeName(std::string_view name);

//===----------------------------------------------------------------------===//
// Error kinds (SPEC.md policy rule 6)
//===----------------------------------------------------------------------===//

/// The error kinds a user can act on, from the project's one error table
/// (tnp-runtime/error_kinds.def): ErrorKind + 1 is the runtime status code.
enum class ErrorKind : uint8_t {
#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description) Enum,
#include "tnp-runtime/error_kinds.def"
};

constexpr unsigned kNumErrorKinds = 0
#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description) +1
#include "tnp-runtime/error_kinds.def"
    ;

/// "broadcast", "dtype", ... as used by the conformance cases.
std::string_view errorKindName(ErrorKind k);
std::optional<ErrorKind> parseErrorKind(std::string_view name);
/// The NumPy / Python exception NumPy raises for this kind ("ValueError", ...).
std::string_view errorKindPythonException(ErrorKind k);

/// An error: a kind plus a message that names the shapes, dtypes or indices
/// involved. Messages start lowercase (they are used as MLIR diagnostics too).
struct Error {
  ErrorKind kind;
  std::string message;
};

/// A value or an Error. Minimal on purpose: the library has no LLVM
/// dependency, so llvm::Expected is not available.
template <typename T>
class Expected {
public:
  Expected(T value) : storage(std::move(value)) {}
  Expected(Error error) : storage(std::move(error)) {}

  explicit operator bool() const { return storage.index() == 0; }
  bool ok() const { return storage.index() == 0; }
  const T &value() const { return std::get<0>(storage); }
  T &value() { return std::get<0>(storage); }
  const T &operator*() const { return value(); }
  const T *operator->() const { return &value(); }
  const Error &error() const { return std::get<1>(storage); }

private:
  std::variant<T, Error> storage;
};

} // namespace sem
} // namespace tnp

#endif // TNP_SEMANTICS_DTYPE_H
