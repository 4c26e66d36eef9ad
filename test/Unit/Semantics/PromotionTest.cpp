//===- PromotionTest.cpp - Hand-written promotion cases -------------------===//
//
// Part of tnp. SPEC.md §a.2 value-based cases, §a.4 prefer_float32, §a.5
// creation defaults, literal overflow and the auto-mode literal rules.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "tnp/Semantics/Promotion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace tnp::sem;
using namespace tnp::sem::test;

namespace {

PromotedType strong(DType t) { return PromotedType{t, false}; }
PromotedType weak(DType t) { return PromotedType{t, true}; }

Scalar I(int64_t v) { return Scalar::fromInt(v); }
Scalar F(double v) { return Scalar::fromFloat(v); }
Scalar C(double re, double im) { return Scalar::fromComplex(re, im); }
Scalar B(bool v) { return Scalar::fromBool(v); }

PromotedType legacyPromote(std::vector<PromotionOperand> ops,
                           PromotionOptions o = legacy()) {
  Expected<PromotedType> r = promote(ops, o);
  EXPECT_TRUE(r.ok()) << describe(r);
  return r.ok() ? *r : PromotedType{};
}

TEST(Scalar, Constructors) {
  EXPECT_EQ(I(-3).asInt64(), -3);
  EXPECT_EQ(I(INT64_MIN).asInt64(), INT64_MIN);
  EXPECT_EQ(Scalar::fromUInt(UINT64_MAX).asInt64(), std::nullopt);
  EXPECT_EQ(Scalar::fromUInt(42).asInt64(), 42);
  EXPECT_EQ(B(true).asInt64(), 1);
  EXPECT_EQ(F(1.5).asInt64(), std::nullopt);
  EXPECT_DOUBLE_EQ(I(-7).asDouble(), -7.0);
  EXPECT_DOUBLE_EQ(C(2, 3).asDouble(), 2.0);
  EXPECT_DOUBLE_EQ(B(true).asDouble(), 1.0);
}

TEST(Scalar, PythonRepr) {
  EXPECT_EQ(B(true).str(), "True");
  EXPECT_EQ(B(false).str(), "False");
  EXPECT_EQ(I(-3).str(), "-3");
  EXPECT_EQ(I(0).str(), "0");
  EXPECT_EQ(Scalar::fromUInt(1099511627776ull).str(), "1099511627776");
  EXPECT_EQ(Scalar::fromUInt(UINT64_MAX).str(), "18446744073709551615");
  EXPECT_EQ(I(INT64_MIN).str(), "-9223372036854775808");
  EXPECT_EQ(F(1.5).str(), "1.5");
  EXPECT_EQ(F(1.0).str(), "1.0");
  EXPECT_EQ(F(-0.0).str(), "-0.0");
  EXPECT_EQ(F(0.1).str(), "0.1");
  EXPECT_EQ(F(1e5).str(), "100000.0");
  EXPECT_EQ(F(1e16).str(), "1e+16");
  EXPECT_EQ(F(1e15).str(), "1000000000000000.0");
  EXPECT_EQ(F(1e40).str(), "1e+40");
  EXPECT_EQ(F(1.5e-5).str(), "1.5e-05");
  EXPECT_EQ(F(0.0001).str(), "0.0001");
  EXPECT_EQ(F(1.0 / 3).str(), "0.3333333333333333");
  EXPECT_EQ(F(std::numeric_limits<double>::infinity()).str(), "inf");
  EXPECT_EQ(F(-std::numeric_limits<double>::infinity()).str(), "-inf");
  EXPECT_EQ(F(std::nan("")).str(), "nan");
  EXPECT_EQ(C(1, 2).str(), "(1+2j)");
  EXPECT_EQ(C(0, 1).str(), "1j");
  EXPECT_EQ(C(0, -1).str(), "-1j");
  EXPECT_EQ(C(1.5, -2.5).str(), "(1.5-2.5j)");
  EXPECT_EQ(C(-0.0, 1).str(), "(-0+1j)");
}

TEST(PromotionMode, Names) {
  for (PromotionMode m :
       {PromotionMode::Legacy, PromotionMode::All, PromotionMode::Safe})
    EXPECT_EQ(parsePromotionMode(promotionModeName(m)), m);
  EXPECT_EQ(promotionModeName(PromotionMode::Safe), "safe");
  EXPECT_FALSE(parsePromotionMode("off").has_value());
  EXPECT_EQ(weak(DType::Int32).str(), "int32*");
  EXPECT_EQ(strong(DType::Int32).str(), "int32");
}

// SPEC §a.2: 0-d arrays promote by dtype; literals are value-based.
TEST(LegacyPromotion, ValueBasedCases) {
  PromotionOptions o = legacy();
  EXPECT_EQ(legacyPromote({arr(DType::Int8), lit(I(2), o)}), strong(DType::Int8));
  EXPECT_EQ(legacyPromote({arr(DType::UInt8), lit(I(2), o)}),
            strong(DType::UInt8));
  EXPECT_EQ(legacyPromote({arr(DType::Int8), lit(I(1000), o)}),
            strong(DType::Int16));
  EXPECT_EQ(legacyPromote({arr(DType::UInt8), lit(I(-1), o)}),
            strong(DType::Int16));
  EXPECT_EQ(legacyPromote({arr(DType::Float16), lit(F(1.5), o)}),
            strong(DType::Float16));
  EXPECT_EQ(legacyPromote({arr(DType::Float16), lit(F(1e5), o)}),
            strong(DType::Float32));
  EXPECT_EQ(legacyPromote({arr(DType::Float32), lit(C(0, 1), o)}),
            strong(DType::Complex64));
  EXPECT_EQ(legacyPromote({arr(DType::Float16), lit(C(0, 1), o)}),
            strong(DType::Complex64));
  EXPECT_EQ(legacyPromote({arr(DType::Int32), lit(F(1.5), o)}),
            strong(DType::Float64));
  EXPECT_EQ(legacyPromote({arr(DType::Int16), lit(C(0, 1), o)}),
            strong(DType::Complex128));
  EXPECT_EQ(legacyPromote({arr(DType::Bool), lit(I(1), o)}),
            strong(DType::Int64));
  EXPECT_EQ(legacyPromote({arr(DType::Bool), lit(B(true), o)}),
            strong(DType::Bool));
  // The literal may come first.
  EXPECT_EQ(legacyPromote({lit(I(1000), o), arr(DType::Int8)}),
            strong(DType::Int16));
}

TEST(LegacyPromotion, ZeroDArraysAndLists) {
  PromotionOptions o = legacy();
  // A 0-d tnp array contributes its dtype only (NumPy 1.24 would say int8).
  EXPECT_EQ(legacyPromote({arr(DType::Int8), arr(DType::Int64)}),
            strong(DType::Int64));
  EXPECT_EQ(legacyPromote({arr(DType::Float32), arr(DType::Float64)}),
            strong(DType::Float64));
  // A Python list is flattened into its values: int8 + [10, 20] -> int8.
  Expected<PromotionOperand> list =
      literalListOperand({I(10), I(20)}, o);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->isLiteral());
  EXPECT_EQ(list->type, weak(DType::Int64));
  EXPECT_EQ(legacyPromote({arr(DType::Int8), *list}), strong(DType::Int8));
  Expected<PromotionOperand> mixed = literalListOperand({I(1), F(2.5)}, o);
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->type, weak(DType::Float64));
  EXPECT_EQ(legacyPromote({arr(DType::Int8), *mixed}), strong(DType::Float64));
  EXPECT_EQ(legacyPromote({arr(DType::Float16), *mixed}),
            strong(DType::Float16));
  // An empty list is an empty float64 array.
  Expected<PromotionOperand> empty = literalListOperand({}, o);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->isLiteral());
  EXPECT_EQ(legacyPromote({arr(DType::Int8), *empty}), strong(DType::Float64));
}

TEST(LegacyPromotion, NumPyQuirks) {
  PromotionOptions o = legacy();
  // Order-independent sequence promotion of arrays (not a left fold).
  EXPECT_EQ(legacyPromote({arr(DType::Int8), arr(DType::UInt8),
                           arr(DType::Float16)}),
            strong(DType::Float16));
  // NumPy 1.24 keeps the "small unsigned" flag of a literal while folding
  // the arrays: result_type(uint16, int8, 5) is int16, (uint8, int8, 5) int8.
  EXPECT_EQ(legacyPromote({arr(DType::UInt16), arr(DType::Int8), lit(I(5), o)}),
            strong(DType::Int16));
  EXPECT_EQ(legacyPromote({arr(DType::UInt8), arr(DType::Int8), lit(I(5), o)}),
            strong(DType::Int8));
  // Only literals: their default dtypes.
  EXPECT_EQ(legacyPromote({lit(I(1), o), lit(F(2.5), o)}),
            strong(DType::Float64));
  EXPECT_EQ(legacyPromote({lit(I(1000), o)}), strong(DType::Int64));
  EXPECT_EQ(legacyPromote({lit(B(true), o), lit(I(1), o)}),
            strong(DType::Int64));
}

TEST(LegacyPromotion, BFloat16) {
  PromotionOptions o = legacy();
  // Verified with ml_dtypes 0.2.0 on NumPy 1.24.2: a Python int never
  // changes a bfloat16 array (the common DType is bfloat16, so NumPy skips
  // value-based casting), a Python float errors (float16 vs bfloat16).
  EXPECT_EQ(legacyPromote({arr(DType::BFloat16), lit(I(1000), o)}),
            strong(DType::BFloat16));
  EXPECT_EQ(legacyPromote({arr(DType::BFloat16), lit(I(-1), o)}),
            strong(DType::BFloat16));
  Expected<PromotedType> f = promote({arr(DType::BFloat16), lit(F(1.5), o)}, o);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::DType);
  EXPECT_NE(f.error().message.find("bfloat16"), std::string::npos);
  EXPECT_EQ(legacyPromote({arr(DType::BFloat16), lit(F(1e5), o)}),
            strong(DType::Float32));
  EXPECT_EQ(legacyPromote({arr(DType::BFloat16), lit(C(1, 2), o)}),
            strong(DType::Complex64));
  // With a float32 array the value-based path runs: 1000 -> uint16, which
  // has no common dtype with bfloat16.
  EXPECT_FALSE(promote({arr(DType::BFloat16), arr(DType::Float32),
                        lit(I(1000), o)},
                       o)
                   .ok());
  EXPECT_EQ(legacyPromote({arr(DType::BFloat16), arr(DType::Float32),
                           lit(I(-1), o)}),
            strong(DType::Float32));
  Expected<PromotedType> e =
      promote({arr(DType::Int16), arr(DType::BFloat16)}, o);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::DType);
  EXPECT_NE(e.error().message.find("int16"), std::string::npos);
}

// SPEC §a.4.
TEST(LegacyPromotion, PreferFloat32) {
  PromotionOptions o = legacy(/*preferFloat32=*/true);
  EXPECT_EQ(legacyPromote({arr(DType::Int16), lit(F(1.5), o)}, o),
            strong(DType::Float32));
  EXPECT_EQ(legacyPromote({arr(DType::Int32), lit(F(1.5), o)}, o),
            strong(DType::Float64));
  EXPECT_EQ(legacyPromote({arr(DType::Float64), lit(F(1.1), o)}, o),
            strong(DType::Float64));
  EXPECT_EQ(legacyPromote({arr(DType::Float32), lit(C(0, 1.1), o)}, o),
            strong(DType::Complex64));
  EXPECT_EQ(legacyPromote({arr(DType::Float32), lit(F(0.5), o)}, o),
            strong(DType::Float32));
  EXPECT_EQ(legacyPromote({lit(F(1.1), o)}, o), strong(DType::Float32));
  EXPECT_EQ(legacyPromote({lit(C(0, 1.1), o)}, o), strong(DType::Complex64));
  // Ints are unaffected.
  EXPECT_EQ(legacyPromote({lit(I(3), o)}, o), strong(DType::Int64));
}

TEST(LiteralType, Legacy) {
  PromotionOptions o = legacy();
  EXPECT_EQ(*literalType(B(true), o), weak(DType::Bool));
  EXPECT_EQ(*literalType(I(3), o), weak(DType::Int64));
  EXPECT_EQ(*literalType(I(INT64_MIN), o), weak(DType::Int64));
  EXPECT_EQ(*literalType(I(INT64_MAX), o), weak(DType::Int64));
  EXPECT_EQ(*literalType(Scalar::fromUInt(uint64_t(1) << 63), o),
            weak(DType::UInt64));
  EXPECT_EQ(*literalType(Scalar::fromUInt(UINT64_MAX), o), weak(DType::UInt64));
  EXPECT_EQ(*literalType(F(1.5), o), weak(DType::Float64));
  EXPECT_EQ(*literalType(C(1, 2), o), weak(DType::Complex128));
  PromotionOptions p = legacy(true);
  EXPECT_EQ(*literalType(F(1.5), p), weak(DType::Float32));
  EXPECT_EQ(*literalType(C(1, 2), p), weak(DType::Complex64));
  // Below -2^63: overflow.
  Scalar tooSmall = I(INT64_MIN);
  tooSmall.magnitude += 1;
  Expected<PromotedType> r = literalType(tooSmall, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Overflow);
  EXPECT_EQ(r.error().message,
            "python integer -9223372036854775809 out of bounds for int64");
}

TEST(LiteralType, Auto) {
  for (PromotionOptions o : {allMode(), safeMode()}) {
    EXPECT_EQ(*literalType(I(3), o), weak(DType::Int32));
    EXPECT_EQ(*literalType(I(INT32_MIN), o), weak(DType::Int32));
    EXPECT_EQ(*literalType(I(INT32_MAX), o), weak(DType::Int32));
    // TF's quirk: a Python bool is a weak int32.
    EXPECT_EQ(*literalType(B(true), o), weak(DType::Int32));
    EXPECT_EQ(*literalType(F(1.5), o), weak(DType::Float32));
    EXPECT_EQ(*literalType(C(1, 2), o), weak(DType::Complex128));
    Expected<PromotedType> r = literalType(I(int64_t(1) << 40), o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Overflow);
    EXPECT_EQ(r.error().message,
              "python integer 1099511627776 out of bounds for int32");
    EXPECT_FALSE(literalType(I(int64_t(INT32_MAX) + 1), o).ok());
    EXPECT_FALSE(literalType(I(int64_t(INT32_MIN) - 1), o).ok());
    EXPECT_FALSE(literalOperand(I(int64_t(1) << 40), o).ok());
  }
}

TEST(LiteralOperand, CarriesValues) {
  Expected<PromotionOperand> op = literalOperand(I(7), legacy());
  ASSERT_TRUE(op.ok());
  EXPECT_TRUE(op->isLiteral());
  ASSERT_EQ(op->values.size(), 1u);
  EXPECT_EQ(op->values[0].asInt64(), 7);
  EXPECT_EQ(op->type, weak(DType::Int64));
  Expected<PromotionOperand> l = literalListOperand({I(1), F(2.5)}, allMode());
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->type, weak(DType::Float32));
  EXPECT_EQ(l->values.size(), 2u);
}

// SPEC §a.5, §a.4 and the auto-mode creation rules.
TEST(AsarrayType, CreationDefaults) {
  auto at = [](std::vector<Scalar> vs, PromotionOptions o) {
    Expected<PromotedType> r = asarrayType(vs, o);
    EXPECT_TRUE(r.ok()) << describe(r);
    return r.ok() ? *r : PromotedType{};
  };
  PromotionOptions o = legacy();
  EXPECT_EQ(at({I(1)}, o), strong(DType::Int64));
  EXPECT_EQ(at({I(1), I(2)}, o), strong(DType::Int64));
  EXPECT_EQ(at({F(1.0)}, o), strong(DType::Float64));
  EXPECT_EQ(at({I(1), F(2.5)}, o), strong(DType::Float64));
  EXPECT_EQ(at({B(true)}, o), strong(DType::Bool));
  EXPECT_EQ(at({B(true), B(false)}, o), strong(DType::Bool));
  EXPECT_EQ(at({B(true), I(2)}, o), strong(DType::Int64));
  EXPECT_EQ(at({C(0, 1)}, o), strong(DType::Complex128));
  EXPECT_EQ(at({I(1), C(0, 1)}, o), strong(DType::Complex128));
  EXPECT_EQ(at({Scalar::fromUInt(uint64_t(1) << 63)}, o), strong(DType::UInt64));
  EXPECT_EQ(at({}, o), strong(DType::Float64));

  PromotionOptions p = legacy(true);
  EXPECT_EQ(at({F(1.0)}, p), strong(DType::Float32));
  EXPECT_EQ(at({F(1.0), F(2.5)}, p), strong(DType::Float32));
  EXPECT_EQ(at({I(1), F(2.5)}, p), strong(DType::Float64));
  EXPECT_EQ(at({C(0, 1)}, p), strong(DType::Complex64));
  EXPECT_EQ(at({F(1.5), C(0, 1)}, p), strong(DType::Complex64));
  EXPECT_EQ(at({I(1)}, p), strong(DType::Int64));

  for (PromotionOptions a : {allMode(), safeMode()}) {
    EXPECT_EQ(at({I(1)}, a), weak(DType::Int32));
    EXPECT_EQ(at({F(1.5)}, a), weak(DType::Float32));
    EXPECT_EQ(at({I(1), F(2.5)}, a), weak(DType::Float32));
    EXPECT_EQ(at({C(1, 2)}, a), weak(DType::Complex128));
    EXPECT_EQ(at({}, a), weak(DType::Float32));
    Expected<PromotedType> r = asarrayType({I(int64_t(1) << 40)}, a);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Overflow);
  }
}

// cases_safe.json expectations (operators in auto modes).
TEST(AutoPromotion, CorpusCases) {
  PromotionOptions a = allMode(), s = safeMode();
  EXPECT_EQ(*promote({arr(DType::Int32), arr(DType::Float32)}, a),
            strong(DType::Float32));
  EXPECT_EQ(*promote({arr(DType::UInt64), arr(DType::Int64)}, a),
            weak(DType::Float64));
  EXPECT_EQ(*promote({arr(DType::BFloat16), arr(DType::Float16)}, a),
            strong(DType::Float32));
  EXPECT_EQ(*promote({arr(DType::UInt8), lit(I(1), a)}, a), strong(DType::UInt8));
  EXPECT_EQ(*promote({arr(DType::Int32), lit(F(1.5), a)}, a),
            weak(DType::Float64));
  EXPECT_EQ(*promote({arr(DType::Float16), lit(F(1.5), a)}, a),
            strong(DType::Float16));
  EXPECT_EQ(*promote({arr(DType::Float32), lit(C(0, 1), a)}, a),
            strong(DType::Complex64));
  EXPECT_EQ(*promote({arr(DType::Bool), lit(I(1), a)}, a), weak(DType::Int32));
  EXPECT_EQ(*promote({arr(DType::Bool), lit(B(true), a)}, a), weak(DType::Int32));

  Expected<PromotedType> e = promote({arr(DType::Int8), arr(DType::UInt32)}, s);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::DType);
  EXPECT_EQ(e.error().message,
            "in promotion mode safe, implicit dtype promotion between int8 "
            "and uint32 is disallowed; cast explicitly or use mode 'all'");
  Expected<PromotedType> w = promote({arr(DType::Int32), lit(F(1.5), s)}, s);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("int32 and weak float32"), std::string::npos)
      << w.error().message;
  EXPECT_EQ(*promote({arr(DType::BFloat16), lit(I(1), s)}, s),
            strong(DType::BFloat16));
  EXPECT_EQ(*promote({arr(DType::UInt64), lit(I(1), s)}, s),
            strong(DType::UInt64));
  EXPECT_EQ(*promote({arr(DType::Complex64), lit(F(1.5), s)}, s),
            strong(DType::Complex64));
  EXPECT_EQ(*promote({arr(DType::Float64), lit(C(0, 1), s)}, s),
            strong(DType::Complex128));
}

TEST(AutoPromotion, FoldAndEdgeCases) {
  PromotionOptions a = allMode(), s = safeMode();
  // Empty input: weak float32.
  EXPECT_EQ(*promote({}, a), weak(DType::Float32));
  // Left fold over several operands; a later operand can make it unsafe.
  EXPECT_EQ(*promote({arr(DType::Int8), arr(DType::Int16), lit(I(3), a)}, a),
            strong(DType::Int16));
  EXPECT_EQ(*promote({lit(I(1), a), lit(F(2.5), a)}, a), weak(DType::Float32));
  EXPECT_FALSE(
      promote({arr(DType::Int8), arr(DType::Int16), arr(DType::UInt16)}, s).ok());
  // Weak types TF cannot have are treated as their strong dtype.
  EXPECT_EQ(*promoteTypesAuto(weak(DType::Int8), strong(DType::Int16),
                              PromotionMode::All),
            strong(DType::Int16));
  EXPECT_EQ(*promote({arr(DType::Int8, /*weak=*/true)}, a), strong(DType::Int8));
  // Weak-by-weak cells not in the markdown table.
  EXPECT_EQ(*promoteTypesAuto(weak(DType::Int64), weak(DType::Int64),
                              PromotionMode::Safe),
            weak(DType::Int64));
  EXPECT_EQ(*promoteTypesAuto(weak(DType::Int64), weak(DType::Float64),
                              PromotionMode::Safe),
            weak(DType::Float64));
  EXPECT_EQ(*promoteTypesAuto(weak(DType::Float64), weak(DType::Float64),
                              PromotionMode::Safe),
            weak(DType::Float64));
  // Legacy empty promotion is a value error (np.result_type()).
  Expected<PromotedType> r = promote({}, legacy());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Value);
}

TEST(AutoPromotion, Commutative) {
  // TF's tests assert commutativity of the table; check it over all pairs
  // (incl. the five weak types) in both modes.
  std::vector<PromotedType> types;
  for (DType t : kAllDTypes)
    types.push_back(strong(t));
  for (DType t : {DType::Int32, DType::Int64, DType::Float32, DType::Float64,
                  DType::Complex128})
    types.push_back(weak(t));
  for (PromotionMode m : {PromotionMode::All, PromotionMode::Safe})
    for (PromotedType x : types)
      for (PromotedType y : types) {
        Expected<PromotedType> xy = promoteTypesAuto(x, y, m);
        Expected<PromotedType> yx = promoteTypesAuto(y, x, m);
        ASSERT_EQ(xy.ok(), yx.ok()) << x.str() << " " << y.str();
        if (xy.ok()) {
          EXPECT_EQ(*xy, *yx) << x.str() << " " << y.str();
        }
      }
}

TEST(PromoteTypesNumPy, BFloat16Rules) {
  EXPECT_EQ(*promoteTypesNumPy(DType::BFloat16, DType::Bool), DType::BFloat16);
  EXPECT_EQ(*promoteTypesNumPy(DType::UInt8, DType::BFloat16), DType::BFloat16);
  EXPECT_EQ(*promoteTypesNumPy(DType::BFloat16, DType::Int8), DType::BFloat16);
  EXPECT_EQ(*promoteTypesNumPy(DType::BFloat16, DType::BFloat16),
            DType::BFloat16);
  EXPECT_EQ(*promoteTypesNumPy(DType::BFloat16, DType::Float32), DType::Float32);
  EXPECT_EQ(*promoteTypesNumPy(DType::Complex64, DType::BFloat16),
            DType::Complex64);
  for (DType t : {DType::UInt16, DType::UInt32, DType::UInt64, DType::Int16,
                  DType::Int32, DType::Int64, DType::Float16}) {
    Expected<DType> r = promoteTypesNumPy(DType::BFloat16, t);
    ASSERT_FALSE(r.ok()) << dtypeName(t);
    EXPECT_EQ(r.error().kind, ErrorKind::DType);
  }
  EXPECT_TRUE(canCastSafely(DType::Bool, DType::BFloat16));
  EXPECT_TRUE(canCastSafely(DType::Int8, DType::BFloat16));
  EXPECT_FALSE(canCastSafely(DType::Int16, DType::BFloat16));
  EXPECT_FALSE(canCastSafely(DType::Float16, DType::BFloat16));
  EXPECT_FALSE(canCastSafely(DType::BFloat16, DType::Float16));
  EXPECT_TRUE(canCastSafely(DType::BFloat16, DType::Complex64));
  EXPECT_FALSE(canCastSafely(DType::BFloat16, DType::Int64));
}

} // namespace
