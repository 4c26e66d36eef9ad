//===- TestUtil.h - Helpers for the semantics unit tests --------*- C++ -*-===//
//
// Part of tnp. Parsing of the NumPy reference data and of the SPEC.md tables,
// and small constructors for promotion operands.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_TEST_UNIT_SEMANTICS_TESTUTIL_H
#define TNP_TEST_UNIT_SEMANTICS_TESTUTIL_H

#include "tnp/Semantics/Promotion.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tnp {
namespace sem {
namespace test {

inline DType dt(std::string_view name) {
  std::optional<DType> t = parseDTypeName(name);
  EXPECT_TRUE(t.has_value()) << "unknown dtype " << name;
  return t.value_or(DType::Float64);
}

/// SPEC.md's short names: b, u8, ..., bf16, f16, ..., c128.
inline DType shortDType(std::string_view s) {
  static const std::pair<const char *, DType> kShort[] = {
      {"b", DType::Bool},      {"u8", DType::UInt8},
      {"u16", DType::UInt16},  {"u32", DType::UInt32},
      {"u64", DType::UInt64},  {"i8", DType::Int8},
      {"i16", DType::Int16},   {"i32", DType::Int32},
      {"i64", DType::Int64},   {"bf16", DType::BFloat16},
      {"f16", DType::Float16}, {"f32", DType::Float32},
      {"f64", DType::Float64}, {"c64", DType::Complex64},
      {"c128", DType::Complex128}};
  for (const auto &p : kShort)
    if (s == p.first)
      return p.second;
  ADD_FAILURE() << "unknown short dtype '" << s << "'";
  return DType::Float64;
}

inline std::vector<std::string> splitOn(const std::string &s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

inline std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos)
    return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

/// Records of a generated data file: whitespace-separated fields, '#'
/// comments skipped.
inline std::vector<std::vector<std::string>>
readRecords(const std::string &file) {
  std::vector<std::vector<std::string>> out;
  std::ifstream in(std::string(TNP_SEMANTICS_DATA_DIR) + "/" + file);
  EXPECT_TRUE(in.good()) << "cannot open " << file;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream ls(line);
    std::vector<std::string> fields;
    std::string f;
    while (ls >> f)
      fields.push_back(f);
    out.push_back(fields);
  }
  return out;
}

/// "int:-3", "float:1.5", "complex:1.0,2.0", "bool:True".
inline Scalar parseLiteral(const std::string &s) {
  size_t colon = s.find(':');
  std::string kind = s.substr(0, colon), v = s.substr(colon + 1);
  if (kind == "int") {
    if (!v.empty() && v[0] == '-')
      return Scalar::fromInt(std::stoll(v));
    return Scalar::fromUInt(std::stoull(v));
  }
  if (kind == "float")
    return Scalar::fromFloat(std::strtod(v.c_str(), nullptr));
  if (kind == "complex") {
    std::vector<std::string> p = splitOn(v, ',');
    return Scalar::fromComplex(std::strtod(p[0].c_str(), nullptr),
                               std::strtod(p[1].c_str(), nullptr));
  }
  if (kind == "bool")
    return Scalar::fromBool(v == "True");
  ADD_FAILURE() << "bad literal " << s;
  return Scalar();
}

inline PromotionOperand arr(DType t, bool weak = false) {
  return PromotionOperand::array(t, weak);
}

inline PromotionOperand lit(const Scalar &v, const PromotionOptions &o) {
  Expected<PromotionOperand> op = literalOperand(v, o);
  EXPECT_TRUE(op.ok()) << v.str();
  return op.ok() ? *op : PromotionOperand::array(DType::Float64);
}

inline PromotionOptions legacy(bool preferFloat32 = false) {
  return PromotionOptions{PromotionMode::Legacy, preferFloat32};
}
inline PromotionOptions allMode() {
  return PromotionOptions{PromotionMode::All, false};
}
inline PromotionOptions safeMode() {
  return PromotionOptions{PromotionMode::Safe, false};
}

inline std::string describe(const Expected<PromotedType> &r) {
  return r.ok() ? r->str() : "error(" + std::string(errorKindName(r.error().kind)) +
                                 ": " + r.error().message + ")";
}

} // namespace test
} // namespace sem
} // namespace tnp

#endif // TNP_TEST_UNIT_SEMANTICS_TESTUTIL_H
