//===- StatusTest.cpp - Status codes and the sticky error -----------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include "tnp/Semantics/DType.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace {

TEST(RuntimeStatus, KindCodesFollowErrorKind) {
  for (unsigned k = 0; k < tnp::sem::kNumErrorKinds; ++k) {
    auto kind = static_cast<tnp::sem::ErrorKind>(k);
    auto code = static_cast<tnp_rt_status_code_t>(k + 1);
    std::string semName(tnp::sem::errorKindName(kind));
    EXPECT_EQ(tnp_rt_status_code_name(code), semName) << "kind " << k;
    tnp_rt_status_code_t parsed = TNP_RT_STATUS_OK;
    ASSERT_TRUE(tnp_rt_status_code_from_name(semName.c_str(), &parsed));
    EXPECT_EQ(parsed, code);
  }
  EXPECT_EQ(TNP_RT_STATUS_OUT_OF_MEMORY,
            static_cast<int>(tnp::sem::kNumErrorKinds) + 1);
}

TEST(RuntimeStatus, RuntimeCodeNames) {
  const char *names[TNP_RT_STATUS_CODE_COUNT] = {
      "ok",       "broadcast", "dtype",     "index",       "axis",
      "shape",    "reduction", "value",     "overflow",    "mutation",
      "unsupported", "out_of_memory", "io", "internal", "invalid_argument",
      "unavailable"};
  for (int c = 0; c < TNP_RT_STATUS_CODE_COUNT; ++c) {
    auto code = static_cast<tnp_rt_status_code_t>(c);
    EXPECT_STREQ(tnp_rt_status_code_name(code), names[c]);
    tnp_rt_status_code_t parsed;
    ASSERT_TRUE(tnp_rt_status_code_from_name(names[c], &parsed));
    EXPECT_EQ(parsed, code);
  }
  EXPECT_STREQ(tnp_rt_status_code_name(static_cast<tnp_rt_status_code_t>(99)),
               "unknown");
  tnp_rt_status_code_t parsed = TNP_RT_STATUS_IO;
  EXPECT_FALSE(tnp_rt_status_code_from_name("nope", &parsed));
  EXPECT_FALSE(tnp_rt_status_code_from_name(nullptr, &parsed));
  EXPECT_EQ(parsed, TNP_RT_STATUS_IO);
}

TEST(RuntimeStatus, CreateAndFree) {
  EXPECT_EQ(tnp_rt_status_create(TNP_RT_STATUS_OK, "ignored"), nullptr);
  EXPECT_TRUE(tnp_rt_status_is_ok(nullptr));
  EXPECT_EQ(tnp_rt_status_code(nullptr), TNP_RT_STATUS_OK);
  EXPECT_STREQ(tnp_rt_status_message(nullptr), "");
  tnp_rt_status_free(nullptr);

  tnp_rt_status_t s =
      tnp_rt_status_create(TNP_RT_STATUS_INDEX, "index 5 is out of bounds");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(tnp_rt_status_is_ok(s));
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INDEX);
  EXPECT_STREQ(tnp_rt_status_message(s), "index 5 is out of bounds");
  tnp_rt_status_free(s);

  s = tnp_rt_status_createf(TNP_RT_STATUS_SHAPE, "cannot reshape %d into %s",
                            12, "(5,)");
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_SHAPE);
  EXPECT_STREQ(tnp_rt_status_message(s), "cannot reshape 12 into (5,)");
  tnp_rt_status_free(s);

  s = tnp_rt_status_create(TNP_RT_STATUS_VALUE, nullptr);
  EXPECT_STREQ(tnp_rt_status_message(s), "");
  tnp_rt_status_free(s);
}

TEST(RuntimeStickyError, KeepsTheFirstAndTakeClears) {
  EXPECT_EQ(tnp_rt_error_take(), nullptr);
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);
  tnp_rt_error_raise(TNP_RT_STATUS_INDEX, "index 7 is out of bounds for axis 0 with size 3");
  tnp_rt_error_raise(TNP_RT_STATUS_BROADCAST, "second error");
  EXPECT_EQ(tnp_rt_error_peek_code(), TNP_RT_STATUS_INDEX);
  tnp_rt_status_t s = tnp_rt_error_take();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INDEX);
  EXPECT_STREQ(tnp_rt_status_message(s),
               "index 7 is out of bounds for axis 0 with size 3");
  tnp_rt_status_free(s);
  EXPECT_EQ(tnp_rt_error_take(), nullptr);
  EXPECT_EQ(tnp_rt_error_peek_code(), 0);

  // After a take, the next error is recorded again.
  tnp_rt_error_raise(TNP_RT_STATUS_REDUCTION, nullptr);
  s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_REDUCTION);
  EXPECT_STREQ(tnp_rt_status_message(s), "");
  tnp_rt_status_free(s);
}

TEST(RuntimeStickyError, InvalidCodeBecomesInternal) {
  tnp_rt_error_raise(0, "zero");
  tnp_rt_status_t s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INTERNAL);
  EXPECT_NE(std::string(tnp_rt_status_message(s)).find("zero"),
            std::string::npos);
  tnp_rt_status_free(s);
  tnp_rt_error_raise(1000, "big");
  s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INTERNAL);
  tnp_rt_status_free(s);
}

/// The message of the pending error, taken (and its code checked).
static std::string takeMessage(tnp_rt_status_code_t code) {
  tnp_rt_status_t s = tnp_rt_error_take();
  EXPECT_NE(s, nullptr);
  if (!s)
    return "";
  EXPECT_EQ(tnp_rt_status_code(s), code);
  std::string m = tnp_rt_status_message(s);
  tnp_rt_status_free(s);
  return m;
}

TEST(RuntimeStickyError, FormatsIntegersAndShapes) {
  const int64_t reshape[] = {6, 3, 2, -1, 4};
  tnp_rt_error_raise_fmt(TNP_RT_STATUS_SHAPE,
                         "cannot reshape array of size {} into shape {s}",
                         reshape, 5);
  EXPECT_EQ(takeMessage(TNP_RT_STATUS_SHAPE),
            "cannot reshape array of size 6 into shape (2,newaxis,4)");

  // A list of shapes: count, then rank + dims each; 1-d and 0-d spellings.
  const int64_t shapes[] = {3, 1, 3, 2, 2, 4, 0};
  tnp_rt_error_raise_fmt(
      TNP_RT_STATUS_BROADCAST,
      "operands could not be broadcast together with shapes {S}", shapes, 7);
  EXPECT_EQ(takeMessage(TNP_RT_STATUS_BROADCAST),
            "operands could not be broadcast together with shapes (3,) (2,4) ()");

  const int64_t index[] = {-7, 0, 3};
  tnp_rt_error_raise_fmt(TNP_RT_STATUS_INDEX,
                         "index {} is out of bounds for axis {} with size {}",
                         index, 3);
  EXPECT_EQ(takeMessage(TNP_RT_STATUS_INDEX),
            "index -7 is out of bounds for axis 0 with size 3");
}

TEST(RuntimeStickyError, FormatWithMissingArgumentsPrintsQuestionMarks) {
  const int64_t one[] = {2, 5};
  tnp_rt_error_raise_fmt(TNP_RT_STATUS_VALUE, "a {} b {s} c {}", one, 2);
  EXPECT_EQ(takeMessage(TNP_RT_STATUS_VALUE), "a 2 b (?,?,?,?,?) c ?");
  tnp_rt_error_raise_fmt(TNP_RT_STATUS_VALUE, "{} {S} {", nullptr, 3);
  EXPECT_EQ(takeMessage(TNP_RT_STATUS_VALUE), "? ? {");
  tnp_rt_error_raise_fmt(TNP_RT_STATUS_VALUE, nullptr, nullptr, 0);
  EXPECT_EQ(takeMessage(TNP_RT_STATUS_VALUE), "");
}

TEST(RuntimeStickyError, FormatKeepsTheFirstError) {
  tnp_rt_error_raise(TNP_RT_STATUS_AXIS, "first");
  const int64_t v[] = {1};
  tnp_rt_error_raise_fmt(TNP_RT_STATUS_VALUE, "second {}", v, 1);
  EXPECT_EQ(takeMessage(TNP_RT_STATUS_AXIS), "first");
}

TEST(RuntimeStickyError, IsPerThread) {
  tnp_rt_error_raise(TNP_RT_STATUS_AXIS, "main thread");
  std::thread other([] {
    EXPECT_EQ(tnp_rt_error_peek_code(), 0);
    tnp_rt_error_raise(TNP_RT_STATUS_VALUE, "other thread");
    tnp_rt_status_t s = tnp_rt_error_take();
    EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_VALUE);
    tnp_rt_status_free(s);
  });
  other.join();
  tnp_rt_status_t s = tnp_rt_error_take();
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_AXIS);
  EXPECT_STREQ(tnp_rt_status_message(s), "main thread");
  tnp_rt_status_free(s);
}

TEST(RuntimeDType, CodesAndNamesFollowSemantics) {
  for (unsigned i = 0; i < tnp::sem::kNumDTypes; ++i) {
    auto t = tnp::sem::kAllDTypes[i];
    auto code = static_cast<tnp_rt_dtype_t>(static_cast<int>(t));
    EXPECT_EQ(static_cast<unsigned>(code), i);
    EXPECT_EQ(tnp_rt_dtype_name(code), std::string(tnp::sem::dtypeName(t)));
    EXPECT_EQ(tnp_rt_dtype_itemsize(code), tnp::sem::byteSize(t));
    tnp_rt_dtype_t parsed;
    tnp_rt_status_t s = tnp_rt_dtype_from_name(tnp_rt_dtype_name(code), &parsed);
    EXPECT_EQ(s, nullptr);
    EXPECT_EQ(parsed, code);
  }
  EXPECT_FALSE(tnp_rt_dtype_is_valid(TNP_RT_DTYPE_COUNT));
  EXPECT_FALSE(tnp_rt_dtype_is_valid(-1));
  EXPECT_EQ(tnp_rt_dtype_itemsize(static_cast<tnp_rt_dtype_t>(42)), 0u);
  tnp_rt_dtype_t parsed;
  tnp_rt_status_t s = tnp_rt_dtype_from_name("float128", &parsed);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_INVALID_ARGUMENT);
  tnp_rt_status_free(s);
}

} // namespace
