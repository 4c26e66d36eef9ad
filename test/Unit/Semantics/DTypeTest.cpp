//===- DTypeTest.cpp - Tests of the dtype and error-kind tables -----------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "tnp/Semantics/DType.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace tnp::sem;

namespace {

TEST(DType, NamesCodesAndRoundTrip) {
  const char *names[] = {"bool",  "uint8",    "uint16",  "uint32",  "uint64",
                         "int8",  "int16",    "int32",   "int64",   "bfloat16",
                         "float16", "float32", "float64", "complex64",
                         "complex128"};
  const char codes[] = {'?', 'B', 'H', 'I', 'L', 'b', 'h', 'i',
                        'l', 'E', 'e', 'f', 'd', 'F', 'D'};
  for (unsigned i = 0; i < kNumDTypes; ++i) {
    DType t = kAllDTypes[i];
    EXPECT_EQ(static_cast<unsigned>(t), i);
    EXPECT_EQ(dtypeName(t), names[i]);
    EXPECT_EQ(dtypeChar(t), codes[i]);
    EXPECT_EQ(parseDTypeName(names[i]), t);
  }
}

TEST(DType, Aliases) {
  EXPECT_EQ(parseDTypeName("bool_"), DType::Bool);
  EXPECT_EQ(parseDTypeName("int"), DType::Int64);
  EXPECT_EQ(parseDTypeName("float"), DType::Float64);
  EXPECT_EQ(parseDTypeName("complex"), DType::Complex128);
  EXPECT_EQ(parseDTypeName("half"), DType::Float16);
  EXPECT_EQ(parseDTypeName("single"), DType::Float32);
  EXPECT_EQ(parseDTypeName("double"), DType::Float64);
  EXPECT_FALSE(parseDTypeName("float128").has_value());
  EXPECT_FALSE(parseDTypeName("object").has_value());
  EXPECT_FALSE(parseDTypeName("").has_value());
}

TEST(DType, KindsAndWidths) {
  EXPECT_EQ(kindOf(DType::Bool), DTypeKind::Bool);
  EXPECT_EQ(kindOf(DType::UInt32), DTypeKind::UnsignedInt);
  EXPECT_EQ(kindOf(DType::Int8), DTypeKind::SignedInt);
  EXPECT_EQ(kindOf(DType::BFloat16), DTypeKind::Float);
  EXPECT_EQ(kindOf(DType::Complex64), DTypeKind::Complex);
  EXPECT_EQ(bitWidth(DType::Bool), 8u);
  EXPECT_EQ(byteSize(DType::Bool), 1u);
  EXPECT_EQ(bitWidth(DType::BFloat16), 16u);
  EXPECT_EQ(byteSize(DType::Complex128), 16u);
  EXPECT_EQ(byteSize(DType::Complex64), 8u);
  EXPECT_EQ(byteSize(DType::UInt64), 8u);
  EXPECT_TRUE(isInteger(DType::UInt8));
  EXPECT_FALSE(isInteger(DType::Bool));
  EXPECT_TRUE(isSigned(DType::Int64));
  EXPECT_FALSE(isSigned(DType::UInt64));
  EXPECT_TRUE(isUnsigned(DType::UInt16));
  EXPECT_TRUE(isFloat(DType::BFloat16));
  EXPECT_FALSE(isFloat(DType::Complex64));
  EXPECT_TRUE(isComplex(DType::Complex128));
  EXPECT_TRUE(isInexact(DType::Float16));
  EXPECT_TRUE(isInexact(DType::Complex64));
  EXPECT_FALSE(isInexact(DType::Int32));
}

TEST(ErrorKinds, NamesRoundTripAndExceptions) {
  std::set<std::string> seen;
  for (unsigned i = 0; i < kNumErrorKinds; ++i) {
    ErrorKind k = static_cast<ErrorKind>(i);
    std::string name(errorKindName(k));
    EXPECT_TRUE(seen.insert(name).second) << name;
    EXPECT_EQ(parseErrorKind(name), k);
    EXPECT_FALSE(errorKindPythonException(k).empty());
  }
  EXPECT_EQ(errorKindName(ErrorKind::Broadcast), "broadcast");
  EXPECT_EQ(errorKindName(ErrorKind::Unsupported), "unsupported");
  EXPECT_EQ(errorKindPythonException(ErrorKind::Broadcast), "ValueError");
  EXPECT_EQ(errorKindPythonException(ErrorKind::DType), "TypeError");
  EXPECT_EQ(errorKindPythonException(ErrorKind::Index), "IndexError");
  EXPECT_EQ(errorKindPythonException(ErrorKind::Overflow), "OverflowError");
  EXPECT_EQ(errorKindPythonException(ErrorKind::Mutation), "TypeError");
  EXPECT_FALSE(parseErrorKind("nope").has_value());
}

TEST(Expected, ValueAndError) {
  Expected<int64_t> v = int64_t(3);
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(*v, 3);
  Expected<int64_t> e = Error{ErrorKind::Axis, "bad"};
  EXPECT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::Axis);
}

} // namespace
