//===- UfuncTest.cpp - Ufunc type resolution and reduction dtypes ---------===//
//
// Part of tnp. The special cases listed in OPS.md, the bfloat16 loops, the
// auto-mode float32 rule and weakness, and the reduction table.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "tnp/Semantics/Ufunc.h"

#include <gtest/gtest.h>

using namespace tnp::sem;
using namespace tnp::sem::test;

namespace {

PromotedType strong(DType t) { return PromotedType{t, false}; }
PromotedType weak(DType t) { return PromotedType{t, true}; }

/// Resolves `u` on arrays of the given dtypes; returns the result dtype or
/// fails the test.
UfuncSignature resolveOk(Ufunc u, std::vector<PromotionOperand> ops,
                         PromotionOptions o = legacy()) {
  Expected<UfuncSignature> r = resolveUfunc(u, ops, o);
  EXPECT_TRUE(r.ok()) << ufuncName(u) << ": "
                      << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : UfuncSignature{};
}

DType resultOf(Ufunc u, std::vector<DType> ins, PromotionOptions o = legacy()) {
  std::vector<PromotionOperand> ops;
  for (DType t : ins)
    ops.push_back(arr(t));
  return resolveOk(u, ops, o).result.dtype;
}

Error errorOf(Ufunc u, std::vector<DType> ins, PromotionOptions o = legacy()) {
  std::vector<PromotionOperand> ops;
  for (DType t : ins)
    ops.push_back(arr(t));
  Expected<UfuncSignature> r = resolveUfunc(u, ops, o);
  EXPECT_FALSE(r.ok()) << ufuncName(u) << " gave "
                       << (r.ok() ? r->result.str() : "");
  return r.ok() ? Error{ErrorKind::Unsupported, ""} : r.error();
}

TEST(Ufunc, NamesAndArity) {
  for (unsigned i = 0; i < kNumUfuncs; ++i) {
    Ufunc u = static_cast<Ufunc>(i);
    EXPECT_EQ(parseUfuncName(ufuncName(u)), u);
    EXPECT_TRUE(ufuncArity(u) == 1 || ufuncArity(u) == 2);
  }
  EXPECT_EQ(ufuncName(Ufunc::TrueDivide), "true_divide");
  EXPECT_EQ(ufuncName(Ufunc::Mod), "mod");
  EXPECT_EQ(ufuncName(Ufunc::Abs), "abs");
  EXPECT_EQ(parseUfuncName("divide"), Ufunc::TrueDivide);
  EXPECT_EQ(parseUfuncName("remainder"), Ufunc::Mod);
  EXPECT_EQ(parseUfuncName("absolute"), Ufunc::Abs);
  EXPECT_FALSE(parseUfuncName("frobnicate").has_value());
  EXPECT_EQ(ufuncArity(Ufunc::Add), 2u);
  EXPECT_EQ(ufuncArity(Ufunc::Sqrt), 1u);
  EXPECT_EQ(ufuncArity(Ufunc::Arctan2), 2u);
  EXPECT_EQ(ufuncArity(Ufunc::LogicalNot), 1u);
  EXPECT_EQ(ufuncArity(Ufunc::Invert), 1u);
  Expected<UfuncSignature> bad =
      resolveUfunc(Ufunc::Add, {arr(DType::Int8)}, legacy());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Value);
}

// OPS.md "Notable consequences".
TEST(Ufunc, OpsMdSpecialCases) {
  EXPECT_EQ(errorOf(Ufunc::Subtract, {DType::Bool, DType::Bool}).kind,
            ErrorKind::DType);
  EXPECT_EQ(resultOf(Ufunc::Subtract, {DType::Bool, DType::Int8}), DType::Int8);
  EXPECT_EQ(errorOf(Ufunc::Negative, {DType::Bool}).kind, ErrorKind::DType);
  EXPECT_EQ(errorOf(Ufunc::Sign, {DType::Bool}).kind, ErrorKind::DType);
  for (Ufunc u : {Ufunc::FloorDivide, Ufunc::Mod, Ufunc::Power})
    EXPECT_EQ(resultOf(u, {DType::Bool, DType::Bool}), DType::Int8)
        << ufuncName(u);
  for (Ufunc u : {Ufunc::Square, Ufunc::Reciprocal})
    EXPECT_EQ(resultOf(u, {DType::Bool}), DType::Int8) << ufuncName(u);
  for (Ufunc u : {Ufunc::Floor, Ufunc::Ceil, Ufunc::Sqrt}) {
    EXPECT_EQ(resultOf(u, {DType::Bool}), DType::Float16);
    EXPECT_EQ(resultOf(u, {DType::Int8}), DType::Float16);
    EXPECT_EQ(resultOf(u, {DType::UInt8}), DType::Float16);
    EXPECT_EQ(resultOf(u, {DType::Int16}), DType::Float32);
    EXPECT_EQ(resultOf(u, {DType::Int32}), DType::Float64);
    EXPECT_EQ(resultOf(u, {DType::UInt64}), DType::Float64);
  }
  EXPECT_EQ(resultOf(Ufunc::Arctan2, {DType::Int8, DType::Int8}),
            DType::Float16);
  EXPECT_EQ(resultOf(Ufunc::Arctan2, {DType::Int16, DType::Bool}),
            DType::Float32);
  // Promote first: int8 and uint8 promote to int16 (NumPy alone: float16).
  EXPECT_EQ(resultOf(Ufunc::Arctan2, {DType::Int8, DType::UInt8}),
            DType::Float32);
  // round (np.around): ints keep their dtype, bool goes through rint.
  for (DType t : {DType::Int8, DType::UInt16, DType::Int64, DType::UInt64}) {
    UfuncSignature s = resolveOk(Ufunc::Round, {arr(t)});
    EXPECT_EQ(s.compute.dtype, t);
    EXPECT_EQ(s.result.dtype, t);
  }
  EXPECT_EQ(resultOf(Ufunc::Round, {DType::Float32}), DType::Float32);
  EXPECT_EQ(resultOf(Ufunc::Round, {DType::Complex64}), DType::Complex64);
  EXPECT_EQ(resultOf(Ufunc::Round, {DType::Bool}), DType::Float16);
  // abs of complex is the real float.
  EXPECT_EQ(resultOf(Ufunc::Abs, {DType::Complex64}), DType::Float32);
  EXPECT_EQ(resultOf(Ufunc::Abs, {DType::Complex128}), DType::Float64);
  EXPECT_EQ(resultOf(Ufunc::Abs, {DType::Bool}), DType::Bool);
  // floor_divide/mod of complex are errors, floor/ceil of complex too.
  EXPECT_EQ(errorOf(Ufunc::FloorDivide, {DType::Complex64, DType::Complex64}).kind,
            ErrorKind::DType);
  EXPECT_EQ(errorOf(Ufunc::Mod, {DType::Complex128, DType::Float32}).kind,
            ErrorKind::DType);
  EXPECT_EQ(errorOf(Ufunc::Floor, {DType::Complex64}).kind, ErrorKind::DType);
  EXPECT_EQ(errorOf(Ufunc::Arctan2, {DType::Complex64, DType::Float32}).kind,
            ErrorKind::DType);
  // Comparisons and maximum/minimum of complex are allowed.
  EXPECT_EQ(resultOf(Ufunc::Less, {DType::Complex64, DType::Complex64}),
            DType::Bool);
  EXPECT_EQ(resultOf(Ufunc::Maximum, {DType::Complex128, DType::Float32}),
            DType::Complex128);
  // Logical ops of any dtype give bool, computed in bool.
  for (DType t : kAllDTypes) {
    UfuncSignature s = resolveOk(Ufunc::LogicalAnd, {arr(t), arr(DType::Int64)});
    EXPECT_EQ(s.compute.dtype, DType::Bool);
    EXPECT_EQ(s.result.dtype, DType::Bool);
    EXPECT_EQ(resultOf(Ufunc::LogicalNot, {t}), DType::Bool);
  }
  // Predicates of ints/bool.
  for (Ufunc u : {Ufunc::IsNan, Ufunc::IsInf, Ufunc::IsFinite}) {
    EXPECT_EQ(resultOf(u, {DType::Int32}), DType::Bool);
    EXPECT_EQ(resultOf(u, {DType::Bool}), DType::Bool);
    EXPECT_EQ(resultOf(u, {DType::Complex64}), DType::Bool);
  }
  // Bitwise: int64 with uint64 promotes to float64, which has no loop.
  Error e = errorOf(Ufunc::BitwiseAnd, {DType::Int64, DType::UInt64});
  EXPECT_EQ(e.kind, ErrorKind::DType);
  EXPECT_EQ(e.message, "ufunc 'bitwise_and' not supported for the input types "
                       "(int64, uint64) (promoted to float64)");
  EXPECT_EQ(resultOf(Ufunc::BitwiseOr, {DType::Bool, DType::Bool}), DType::Bool);
  EXPECT_EQ(resultOf(Ufunc::Invert, {DType::Bool}), DType::Bool);
  EXPECT_EQ(resultOf(Ufunc::BitwiseXor, {DType::Int8, DType::UInt8}),
            DType::Int16);
  EXPECT_EQ(errorOf(Ufunc::Invert, {DType::Float32}).message,
            "ufunc 'invert' not supported for the input types (float32)");
  EXPECT_EQ(resultOf(Ufunc::Sqrt, {DType::Complex64}), DType::Complex64);
}

TEST(Ufunc, SignaturesFromHeader) {
  UfuncSignature s = resolveOk(Ufunc::Less, {arr(DType::UInt8), arr(DType::Int8)});
  EXPECT_EQ(s.compute, strong(DType::Int16));
  EXPECT_EQ(s.result, strong(DType::Bool));
  s = resolveOk(Ufunc::Sqrt, {arr(DType::Int8)});
  EXPECT_EQ(s.compute, strong(DType::Float16));
  EXPECT_EQ(s.result, strong(DType::Float16));
  // int true division gives float64 (SPEC policy rule 5).
  s = resolveOk(Ufunc::TrueDivide, {arr(DType::Int8), arr(DType::Int8)});
  EXPECT_EQ(s.compute, strong(DType::Float64));
  EXPECT_EQ(s.result, strong(DType::Float64));
  EXPECT_EQ(resultOf(Ufunc::TrueDivide, {DType::Int16, DType::Float16}),
            DType::Float32);
  // maximum(int8, 0) -> int8 (value-based literal), equal(int8, 1.5) bool.
  PromotionOptions o = legacy();
  EXPECT_EQ(resolveOk(Ufunc::Maximum, {arr(DType::Int8), lit(Scalar::fromInt(0), o)})
                .result.dtype,
            DType::Int8);
  EXPECT_EQ(resolveOk(Ufunc::Equal, {arr(DType::Int8), lit(Scalar::fromFloat(1.5), o)})
                .compute.dtype,
            DType::Float64);
  // divide(int16, 2) -> float64.
  EXPECT_EQ(resolveOk(Ufunc::TrueDivide, {arr(DType::Int16), lit(Scalar::fromInt(2), o)})
                .result.dtype,
            DType::Float64);
  // Promotion errors surface as they are.
  Expected<UfuncSignature> r =
      resolveUfunc(Ufunc::Add, {arr(DType::Int16), arr(DType::BFloat16)}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::DType);
}

TEST(Ufunc, LoopForPromotedDType) {
  EXPECT_EQ(ufuncLoopFor(Ufunc::Sqrt, DType::Int16)->result.dtype,
            DType::Float32);
  EXPECT_FALSE(ufuncLoopFor(Ufunc::BitwiseAnd, DType::Float64).has_value());
  EXPECT_FALSE(ufuncLoopFor(Ufunc::Sign, DType::Bool).has_value());
  EXPECT_FALSE(ufuncLoopFor(Ufunc::Positive, DType::Bool).has_value());
  EXPECT_FALSE(ufuncLoopFor(Ufunc::Subtract, DType::Bool).has_value());
  EXPECT_EQ(ufuncLoopFor(Ufunc::Multiply, DType::Bool)->result.dtype,
            DType::Bool);
  // The auto-mode float32 rule is not applied here.
  EXPECT_EQ(ufuncLoopFor(Ufunc::Exp, DType::Int64)->result.dtype,
            DType::Float64);
}

TEST(Ufunc, BFloat16Loops) {
  for (unsigned i = 0; i < kNumUfuncs; ++i) {
    Ufunc u = static_cast<Ufunc>(i);
    std::vector<PromotionOperand> ops(ufuncArity(u), arr(DType::BFloat16));
    Expected<UfuncSignature> r = resolveUfunc(u, ops, legacy());
    bool bitwise = u == Ufunc::BitwiseAnd || u == Ufunc::BitwiseOr ||
                   u == Ufunc::BitwiseXor || u == Ufunc::Invert;
    if (bitwise) {
      ASSERT_FALSE(r.ok()) << ufuncName(u);
      EXPECT_EQ(r.error().kind, ErrorKind::DType);
      continue;
    }
    ASSERT_TRUE(r.ok()) << ufuncName(u) << ": " << r.error().message;
    bool boolResult = (u >= Ufunc::IsNan && u <= Ufunc::LogicalNot);
    EXPECT_EQ(r->result.dtype, boolResult ? DType::Bool : DType::BFloat16)
        << ufuncName(u);
  }
  // Mixed with types bfloat16 promotes with.
  EXPECT_EQ(resultOf(Ufunc::Add, {DType::BFloat16, DType::UInt8}),
            DType::BFloat16);
  EXPECT_EQ(resultOf(Ufunc::Multiply, {DType::BFloat16, DType::Float32}),
            DType::Float32);
}

// Auto modes: int -> float ufuncs use float32; weakness per §b.1.
TEST(Ufunc, AutoModeFloat32AndWeakness) {
  for (PromotionOptions o : {allMode(), safeMode()}) {
    // corpus auto-elementwise-002: np.sqrt(int32) in safe mode -> float32.
    UfuncSignature s = resolveOk(Ufunc::Sqrt, {arr(DType::Int32)}, o);
    EXPECT_EQ(s.result, strong(DType::Float32));
    EXPECT_EQ(s.compute, strong(DType::Float32));
    EXPECT_EQ(resolveOk(Ufunc::Sqrt, {arr(DType::Int8)}, o).result,
              strong(DType::Float32));
    EXPECT_EQ(resolveOk(Ufunc::Exp, {arr(DType::UInt64)}, o).result,
              strong(DType::Float32));
    EXPECT_EQ(resolveOk(Ufunc::Floor, {arr(DType::Int16)}, o).result,
              strong(DType::Float32));
    EXPECT_EQ(resolveOk(Ufunc::Round, {arr(DType::Bool)}, o).result,
              strong(DType::Float32));
    EXPECT_EQ(resolveOk(Ufunc::Round, {arr(DType::Int16)}, o).result,
              strong(DType::Int16));
    // Integer true division is float64 in every mode (SPEC policy rule 5).
    EXPECT_EQ(resolveOk(Ufunc::TrueDivide, {arr(DType::Int32), arr(DType::Int32)}, o)
                  .result,
              strong(DType::Float64));
    EXPECT_EQ(resolveOk(Ufunc::TrueDivide, {arr(DType::Int64), arr(DType::Int64)}, o)
                  .result,
              strong(DType::Float64));
    // Floats keep NumPy's loops.
    EXPECT_EQ(resolveOk(Ufunc::Sqrt, {arr(DType::Float16)}, o).result,
              strong(DType::Float16));
    EXPECT_EQ(resolveOk(Ufunc::Sqrt, {arr(DType::Float64)}, o).result,
              strong(DType::Float64));
    // Weak in, weak out (a Python literal operand alone).
    EXPECT_EQ(resolveOk(Ufunc::Sqrt, {lit(Scalar::fromInt(4), o)}, o).result,
              weak(DType::Float32));
    EXPECT_EQ(resolveOk(Ufunc::Negative, {lit(Scalar::fromFloat(4), o)}, o).result,
              weak(DType::Float32));
    // Comparisons, maximum/minimum and equal are never weak.
    UfuncSignature c = resolveOk(
        Ufunc::Less, {lit(Scalar::fromInt(1), o), lit(Scalar::fromInt(2), o)}, o);
    EXPECT_EQ(c.result, strong(DType::Bool));
    EXPECT_EQ(resolveOk(Ufunc::Maximum,
                        {lit(Scalar::fromInt(1), o), lit(Scalar::fromInt(2), o)}, o)
                  .result,
              strong(DType::Int32));
    EXPECT_EQ(resolveOk(Ufunc::IsNan, {lit(Scalar::fromFloat(1), o)}, o).result,
              strong(DType::Bool));
    // Ordinary binary ops keep the promoted weakness.
    EXPECT_EQ(resolveOk(Ufunc::Add, {arr(DType::UInt64), arr(DType::Int64)},
                        allMode())
                  .result,
              weak(DType::Float64));
    EXPECT_EQ(resolveOk(Ufunc::Add, {arr(DType::UInt8), lit(Scalar::fromInt(1), o)},
                        o)
                  .result,
              strong(DType::UInt8));
  }
  // Safe-mode violations are dtype errors.
  Expected<UfuncSignature> r = resolveUfunc(
      Ufunc::Add, {arr(DType::Int32), lit(Scalar::fromFloat(1.5), safeMode())},
      safeMode());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::DType);
  EXPECT_EQ(resolveOk(Ufunc::Add,
                      {arr(DType::Int32), lit(Scalar::fromFloat(1.5), allMode())},
                      allMode())
                .result,
            weak(DType::Float64));
}

TEST(Reductions, NamesAndNonEmpty) {
  for (unsigned i = 0; i <= static_cast<unsigned>(Reduction::All); ++i) {
    Reduction r = static_cast<Reduction>(i);
    EXPECT_EQ(parseReductionName(reductionName(r)), r);
  }
  EXPECT_EQ(parseReductionName("amax"), Reduction::Max);
  EXPECT_EQ(parseReductionName("amin"), Reduction::Min);
  EXPECT_FALSE(parseReductionName("median").has_value());
  EXPECT_TRUE(reductionNeedsNonEmpty(Reduction::Max));
  EXPECT_TRUE(reductionNeedsNonEmpty(Reduction::ArgMin));
  EXPECT_FALSE(reductionNeedsNonEmpty(Reduction::Sum));
  EXPECT_FALSE(reductionNeedsNonEmpty(Reduction::Any));
}

TEST(Reductions, OpsMdTable) {
  auto rt = [](Reduction r, DType t, PromotionOptions o) {
    Expected<PromotedType> x = reductionResultType(r, t, o);
    EXPECT_TRUE(x.ok());
    return x.ok() ? *x : PromotedType{};
  };
  PromotionOptions l = legacy();
  EXPECT_EQ(rt(Reduction::Sum, DType::Bool, l), strong(DType::Int64));
  EXPECT_EQ(rt(Reduction::Sum, DType::Int8, l), strong(DType::Int64));
  EXPECT_EQ(rt(Reduction::Sum, DType::UInt8, l), strong(DType::UInt64));
  EXPECT_EQ(rt(Reduction::Prod, DType::Int16, l), strong(DType::Int64));
  EXPECT_EQ(rt(Reduction::Sum, DType::UInt64, l), strong(DType::UInt64));
  EXPECT_EQ(rt(Reduction::Sum, DType::Float16, l), strong(DType::Float16));
  EXPECT_EQ(rt(Reduction::Sum, DType::BFloat16, l), strong(DType::BFloat16));
  EXPECT_EQ(rt(Reduction::Prod, DType::Complex64, l), strong(DType::Complex64));
  EXPECT_EQ(rt(Reduction::Mean, DType::Int32, l), strong(DType::Float64));
  EXPECT_EQ(rt(Reduction::Mean, DType::Bool, l), strong(DType::Float64));
  EXPECT_EQ(rt(Reduction::Mean, DType::Float16, l), strong(DType::Float16));
  EXPECT_EQ(rt(Reduction::Mean, DType::BFloat16, l), strong(DType::BFloat16));
  EXPECT_EQ(rt(Reduction::Mean, DType::Complex64, l), strong(DType::Complex64));
  EXPECT_EQ(rt(Reduction::Max, DType::Bool, l), strong(DType::Bool));
  EXPECT_EQ(rt(Reduction::Min, DType::UInt16, l), strong(DType::UInt16));
  EXPECT_EQ(rt(Reduction::Max, DType::Complex128, l), strong(DType::Complex128));
  EXPECT_EQ(rt(Reduction::ArgMax, DType::Float32, l), strong(DType::Int64));
  EXPECT_EQ(rt(Reduction::ArgMin, DType::Bool, l), strong(DType::Int64));
  EXPECT_EQ(rt(Reduction::Any, DType::Float32, l), strong(DType::Bool));
  EXPECT_EQ(rt(Reduction::All, DType::Complex64, l), strong(DType::Bool));

  for (PromotionOptions a : {allMode(), safeMode()}) {
    EXPECT_EQ(rt(Reduction::Sum, DType::Int8, a), strong(DType::Int32));
    EXPECT_EQ(rt(Reduction::Sum, DType::Bool, a), strong(DType::Int32));
    EXPECT_EQ(rt(Reduction::Sum, DType::UInt16, a), strong(DType::UInt32));
    EXPECT_EQ(rt(Reduction::Sum, DType::Int32, a), strong(DType::Int32));
    EXPECT_EQ(rt(Reduction::Sum, DType::Int64, a), strong(DType::Int64));
    EXPECT_EQ(rt(Reduction::Prod, DType::UInt64, a), strong(DType::UInt64));
    // corpus auto-reductions-003: mean of int32 -> float32.
    EXPECT_EQ(rt(Reduction::Mean, DType::Int32, a), strong(DType::Float32));
    EXPECT_EQ(rt(Reduction::Mean, DType::Float64, a), strong(DType::Float64));
    EXPECT_EQ(rt(Reduction::ArgMax, DType::Int8, a), strong(DType::Int64));
  }
}

} // namespace
