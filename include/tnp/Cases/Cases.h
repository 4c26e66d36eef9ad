//===- Cases.h - Conformance cases: loading and translation -----*- C++ -*-===//
//
// Part of tnp. A conformance case (shared/semantics/cases*.json, format in the
// file's "format" key) is a Python program over named input arrays plus the
// expected dtype/shape/values or error kind. This library loads case files
// and translates a case program into an MLIR module
//
//   module attributes {tnp.dtype_conversion_mode = ...} {
//     func.func @case(<one tensor argument per input>) -> <result type>
//   }
//
// whose body is built with the TNPBuilders.h functions, so every result type
// comes from the semantics library. A program outside the supported subset
// is an `unsupported` error naming the construct; it never translates into
// something else.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_CASES_CASES_H
#define TNP_CASES_CASES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "tnp/Semantics/Shapes.h"
#include "tnp/Semantics/Ufunc.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace tnp {
namespace cases {

/// One named input array of a case.
struct CaseInput {
  std::string name;
  sem::DType dtype = sem::DType::Float64;
  sem::Shape shape;
  /// Flat row-major values ("nan"/"inf" decoded, complex as [re, im]).
  std::vector<sem::Scalar> values;
};

struct Tolerance {
  double rtol = 0.0;
  double atol = 0.0;
};

/// The expected result of a case that does not fail.
struct CaseExpectation {
  sem::Shape shape;
  sem::DType dtype = sem::DType::Float64;
  std::vector<sem::Scalar> values;
  Tolerance tolerance;
  /// Present only for cases of the auto modes (TF's WeakTensor flag).
  std::optional<bool> weak;
};

struct Case {
  std::string id;
  std::string category;
  std::string program;
  std::vector<CaseInput> inputs;
  sem::PromotionOptions options;
  /// Exactly one of `expected` / `expectedError` is set in a valid case.
  std::optional<CaseExpectation> expected;
  std::optional<sem::ErrorKind> expectedError;
  /// Non-empty when the case's JSON is malformed (unknown dtype, bad values,
  /// ...): the message. The other fields are then best effort.
  std::string loadError;
};

struct CaseFile {
  std::string path;
  std::string mode; ///< the file's "mode" key, informational
  std::vector<Case> cases;
};

/// Loads a case file. Fails only when the file cannot be read or is not a
/// JSON object with a "cases" array; a malformed case is kept with its
/// `loadError` set so that one bad case does not hide the others.
llvm::Expected<CaseFile> loadCaseFile(llvm::StringRef path);

/// Registers and loads the dialects the translated modules use (tnp, func).
void loadCaseDialects(mlir::MLIRContext &ctx);

/// Translates `program` with the given inputs (their dtypes and shapes make
/// the function's argument types) in promotion mode `options`. `name` is the
/// file name of the locations (the case id). Errors are semantics errors
/// (kind + message); nothing is left behind in `ctx` but uniqued types and
/// attributes when translation fails.
sem::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
translateProgram(mlir::MLIRContext &ctx, llvm::StringRef program,
                 const std::vector<CaseInput> &inputs,
                 const sem::PromotionOptions &options, llvm::StringRef name);

/// translateProgram for a case (a malformed case is an `unsupported` error).
sem::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
translateCase(mlir::MLIRContext &ctx, const Case &c);

//===----------------------------------------------------------------------===//
// Static conformance
//===----------------------------------------------------------------------===//

enum class StaticOutcome : uint8_t {
  Match,      ///< result dtype/shape/weakness or error kind as expected
  Mismatch,   ///< a wrong type, a wrong or missing error, a verifier failure
  OutOfReach, ///< the program needs an unsupported construct, or its
              ///< expected error can only be detected at run time
};

llvm::StringRef staticOutcomeName(StaticOutcome o); // "match", ...

struct StaticResult {
  StaticOutcome outcome = StaticOutcome::Mismatch;
  std::string detail; ///< empty for a match
};

/// Whether an expected error of this kind can be decided from types alone
/// (broadcast, dtype, axis, shape, overflow, reduction on static shapes,
/// unsupported) rather than only at run time (index, value, mutation).
bool isStaticErrorKind(sem::ErrorKind k);

/// Translates the case, verifies the module with the dialect's verifiers,
/// and compares the function's result type (or the translation error) with
/// the case's expectation.
StaticResult checkCaseStatically(mlir::MLIRContext &ctx, const Case &c);

} // namespace cases
} // namespace tnp

#endif // TNP_CASES_CASES_H
