//===- StaticCheck.cpp - Static conformance of one case ------------------===//
//
// Part of tnp. What can be checked without running anything: the result
// dtype, shape and weakness a case expects against the translated
// function's result type, and the error kinds that types decide. The
// dialect's verifiers run on every translated module, so a builder and a
// verifier that disagree are a mismatch too.
//
//===----------------------------------------------------------------------===//

#include "tnp/Cases/Cases.h"

#include "TNP/IR/TNPTypes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace ::tnp::cases;
namespace sem = ::tnp::sem;

namespace tnp {
namespace cases {

llvm::StringRef staticOutcomeName(StaticOutcome o) {
  switch (o) {
  case StaticOutcome::Match:
    return "match";
  case StaticOutcome::Mismatch:
    return "mismatch";
  case StaticOutcome::OutOfReach:
    return "out-of-reach";
  }
  return "?";
}

bool isStaticErrorKind(sem::ErrorKind k) {
  switch (k) {
  case sem::ErrorKind::Broadcast:
  case sem::ErrorKind::DType:
  case sem::ErrorKind::Axis:
  case sem::ErrorKind::Shape:
  case sem::ErrorKind::Overflow:
  case sem::ErrorKind::Unsupported:
  // Case inputs have static shapes, so an empty reduction is visible in
  // the types.
  case sem::ErrorKind::Reduction:
    return true;
  // Out-of-range indices, negative integer powers and assignments depend on
  // values or on constructs checked at run time.
  case sem::ErrorKind::Index:
  case sem::ErrorKind::Value:
  case sem::ErrorKind::Mutation:
    return false;
  }
  return false;
}

/// "int16 (2,)" or "float64* (2,)" (weak) for messages.
static std::string describe(sem::PromotedType t, const sem::Shape &shape,
                            bool withWeak) {
  std::string d = withWeak ? t.str() : std::string(sem::dtypeName(t.dtype));
  return d + " " + sem::shapeStr(shape);
}

static std::string kindName(sem::ErrorKind k) {
  return std::string(sem::errorKindName(k));
}

StaticResult checkCaseStatically(MLIRContext &ctx, const Case &c) {
  auto result = [](StaticOutcome o, std::string detail = "") {
    return StaticResult{o, std::move(detail)};
  };
  if (!c.loadError.empty())
    return result(StaticOutcome::Mismatch, "malformed case: " + c.loadError);

  sem::Expected<OwningOpRef<ModuleOp>> module = translateCase(ctx, c);
  if (!module) {
    const sem::Error &err = module.error();
    std::string got = kindName(err.kind) + ": " + err.message;
    if (c.expectedError && *c.expectedError == err.kind)
      return result(StaticOutcome::Match);
    if (err.kind == sem::ErrorKind::Unsupported)
      return result(StaticOutcome::OutOfReach, got);
    if (c.expectedError)
      return result(StaticOutcome::Mismatch, "expected a " +
                                                 kindName(*c.expectedError) +
                                                 " error, got " + got);
    return result(
        StaticOutcome::Mismatch,
        "expected " +
            describe(sem::PromotedType{c.expected->dtype,
                                       c.expected->weak.value_or(false)},
                     c.expected->shape, c.expected->weak.has_value()) +
            ", got " + got);
  }

  // The dialect's verifiers must accept what the builders built.
  std::string diagnostics;
  {
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
      if (!diagnostics.empty())
        diagnostics += "; ";
      diagnostics += d.str();
      return success();
    });
    if (failed(verify(module.value().get()))) {
      if (diagnostics.empty())
        diagnostics = "verification failed";
      return result(StaticOutcome::Mismatch,
                    "the verifier rejects the translated module: " +
                        diagnostics);
    }
  }

  auto func = module.value()->lookupSymbol<func::FuncOp>("case");
  if (!func || func.getFunctionType().getNumResults() != 1)
    return result(StaticOutcome::Mismatch,
                  "the translated module has no single-result @case");
  Type resultType = func.getFunctionType().getResult(0);
  std::optional<sem::PromotedType> got = mlir::tnp::toPromotedType(resultType);
  auto ranked = dyn_cast<RankedTensorType>(resultType);
  if (!got || !ranked)
    return result(StaticOutcome::Mismatch,
                  "the result is not a tnp array: " +
                      mlir::tnp::describeType(resultType));
  sem::Shape gotShape = mlir::tnp::toShape(ranked);

  if (c.expectedError) {
    std::string gotText = describe(*got, gotShape, c.options.isAuto());
    if (!isStaticErrorKind(*c.expectedError))
      return result(StaticOutcome::OutOfReach,
                    "a " + kindName(*c.expectedError) +
                        " error is detected at run time (static result " +
                        gotText + ")");
    return result(StaticOutcome::Mismatch, "expected a " +
                                               kindName(*c.expectedError) +
                                               " error, got " + gotText);
  }

  const CaseExpectation &exp = *c.expected;
  bool checkWeak = exp.weak.has_value();
  sem::PromotedType want{exp.dtype, exp.weak.value_or(false)};
  // A `?` dim (a size only known at run time, e.g. the count of a boolean
  // mask selection) matches any expected size; the run-time conformance
  // runner checks the actual shape.
  bool shapeMatches = gotShape.size() == exp.shape.size();
  for (size_t i = 0; shapeMatches && i < gotShape.size(); ++i)
    shapeMatches = gotShape[i] == exp.shape[i] || gotShape[i] == sem::kDynamicDim;
  bool same = got->dtype == want.dtype && shapeMatches &&
              (!checkWeak || got->weak == want.weak);
  if (same)
    return result(StaticOutcome::Match);
  return result(StaticOutcome::Mismatch,
                "expected " + describe(want, exp.shape, checkWeak) + ", got " +
                    describe(*got, gotShape, checkWeak));
}

} // namespace cases
} // namespace tnp
