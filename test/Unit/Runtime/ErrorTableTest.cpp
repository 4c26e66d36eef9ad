//===- ErrorTableTest.cpp - The one error table, seen from every layer ----===//
//
// Part of tnp. tnp-runtime/error_kinds.def drives the runtime's status codes
// and names, tnp::sem::ErrorKind and its names, the C++ exception classes
// and the Python exception names: check that each row reads the same from
// every side.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"
#include "tnp/Errors.h"

#include <gtest/gtest.h>

#include <string>

namespace {
struct Row {
  tnp::sem::ErrorKind kind;
  const char *name;
  tnp_rt_status_code_t status;
  int code;
  const char *python;
};
const Row kRows[] = {
#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description)         \
  {tnp::sem::ErrorKind::Enum, name, TNP_RT_STATUS_##STATUS, code, Py},
#include "tnp-runtime/error_kinds.def"
};
} // namespace

TEST(ErrorTable, EveryLayerAgrees) {
  ASSERT_EQ(std::size(kRows), tnp::sem::kNumErrorKinds);
  for (unsigned i = 0; i < std::size(kRows); ++i) {
    const Row &r = kRows[i];
    EXPECT_EQ(static_cast<unsigned>(r.kind), i);
    EXPECT_EQ(r.status, r.code);
    EXPECT_EQ(r.code, static_cast<int>(i) + 1); // code = ErrorKind + 1
    EXPECT_EQ(tnp::sem::errorKindName(r.kind), r.name);
    EXPECT_EQ(tnp::sem::parseErrorKind(r.name), r.kind);
    EXPECT_STREQ(tnp_rt_status_code_name(r.status), r.name);
    EXPECT_EQ(tnp::sem::errorKindPythonException(r.kind), r.python);
  }
  // The runtime's own codes follow the kinds.
  EXPECT_EQ(TNP_RT_STATUS_OUT_OF_MEMORY, 11);
  EXPECT_STREQ(tnp_rt_status_code_name(TNP_RT_STATUS_UNAVAILABLE), "unavailable");
}

TEST(ErrorTable, StatusesBecomeTheirExceptionClass) {
  auto thrown = [](tnp_rt_status_code_t code) -> std::string {
    try {
      tnp::throwIfError(tnp_rt_status_create(code, "operands could not be "
                                                   "broadcast together"));
    } catch (const tnp::BroadcastError &e) {
      EXPECT_EQ(e.kind(), tnp::sem::ErrorKind::Broadcast);
      EXPECT_EQ(e.statusCode(), TNP_RT_STATUS_BROADCAST);
      EXPECT_EQ(e.pythonException(), "ValueError");
      EXPECT_STREQ(e.what(), "broadcast error: operands could not be "
                             "broadcast together");
      return "BroadcastError";
    } catch (const tnp::IndexError &) {
      return "IndexError";
    } catch (const tnp::AxisError &) {
      return "AxisError";
    } catch (const tnp::UnsupportedError &) {
      return "UnsupportedError";
    } catch (const tnp::Error &e) {
      return std::string("Error:") + std::string(tnp::sem::errorKindName(e.kind()));
    } catch (const tnp::RuntimeError &e) {
      return std::string("RuntimeError:") + tnp_rt_status_code_name(e.statusCode());
    }
    return "nothing";
  };
  EXPECT_EQ(thrown(TNP_RT_STATUS_BROADCAST), "BroadcastError");
  EXPECT_EQ(thrown(TNP_RT_STATUS_INDEX), "IndexError");
  EXPECT_EQ(thrown(TNP_RT_STATUS_AXIS), "AxisError");
  EXPECT_EQ(thrown(TNP_RT_STATUS_UNSUPPORTED), "UnsupportedError");
  EXPECT_EQ(thrown(TNP_RT_STATUS_SHAPE), "Error:shape");
  EXPECT_EQ(thrown(TNP_RT_STATUS_IO), "RuntimeError:io");
  tnp::throwIfError(nullptr); // OK: nothing thrown
  // Every class derives from tnp::Error and carries its kind.
  try {
    tnp::throwError(tnp::sem::ErrorKind::Mutation, "tnp arrays are immutable");
  } catch (const tnp::MutationError &e) {
    EXPECT_EQ(e.kind(), tnp::sem::ErrorKind::Mutation);
    EXPECT_EQ(e.message(), "tnp arrays are immutable");
  }
}
