//===- SpecTablesTest.cpp - Every cell of SPEC.md's promotion tables -----===//
//
// Part of tnp. The two promotion tables of SPEC.md are copied here verbatim
// (markdown, parsed by the test): §a.6 (legacy, incl. the literal columns
// and the bfloat16 row/column) and §b.2 (auto modes `all` and `safe`).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "tnp/Semantics/Promotion.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

using namespace tnp::sem;
using namespace tnp::sem::test;

namespace {

// SPEC.md §a.6, copied verbatim.
const char *const kLegacyTable = R"md(
| | b | u8 | u16 | u32 | u64 | i8 | i16 | i32 | i64 | bf16 | f16 | f32 | f64 | c64 | c128 | int lit (2) | float lit (1.5) | complex lit (1+2j) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| **b** | b | u8 | u16 | u32 | u64 | i8 | i16 | i32 | i64 | bf16† | f16 | f32 | f64 | c64 | c128 | i64 | f64 | c128 |
| **u8** | u8 | u8 | u16 | u32 | u64 | i16 | i16 | i32 | i64 | bf16† | f16 | f32 | f64 | c64 | c128 | u8 | f64 | c128 |
| **u16** | u16 | u16 | u16 | u32 | u64 | i32 | i32 | i32 | i64 | ERR† | f32 | f32 | f64 | c64 | c128 | u16 | f64 | c128 |
| **u32** | u32 | u32 | u32 | u32 | u64 | i64 | i64 | i64 | i64 | ERR† | f64 | f64 | f64 | c128 | c128 | u32 | f64 | c128 |
| **u64** | u64 | u64 | u64 | u64 | u64 | f64 | f64 | f64 | f64 | ERR† | f64 | f64 | f64 | c128 | c128 | u64 | f64 | c128 |
| **i8** | i8 | i16 | i32 | i64 | f64 | i8 | i16 | i32 | i64 | bf16† | f16 | f32 | f64 | c64 | c128 | i8 | f64 | c128 |
| **i16** | i16 | i16 | i32 | i64 | f64 | i16 | i16 | i32 | i64 | ERR† | f32 | f32 | f64 | c64 | c128 | i16 | f64 | c128 |
| **i32** | i32 | i32 | i32 | i64 | f64 | i32 | i32 | i32 | i64 | ERR† | f64 | f64 | f64 | c128 | c128 | i32 | f64 | c128 |
| **i64** | i64 | i64 | i64 | i64 | f64 | i64 | i64 | i64 | i64 | ERR† | f64 | f64 | f64 | c128 | c128 | i64 | f64 | c128 |
| **bf16** | bf16† | bf16† | ERR† | ERR† | ERR† | bf16† | ERR† | ERR† | ERR† | bf16† | ERR† | f32† | f64† | c64† | c128† | bf16† | ERR† | c64† |
| **f16** | f16 | f16 | f32 | f64 | f64 | f16 | f32 | f64 | f64 | ERR† | f16 | f32 | f64 | c64 | c128 | f16 | f16 | c64 |
| **f32** | f32 | f32 | f32 | f64 | f64 | f32 | f32 | f64 | f64 | f32† | f32 | f32 | f64 | c64 | c128 | f32 | f32 | c64 |
| **f64** | f64 | f64 | f64 | f64 | f64 | f64 | f64 | f64 | f64 | f64† | f64 | f64 | f64 | c128 | c128 | f64 | f64 | c128 |
| **c64** | c64 | c64 | c64 | c128 | c128 | c64 | c64 | c128 | c128 | c64† | c64 | c64 | c128 | c64 | c128 | c64 | c64 | c64 |
| **c128** | c128 | c128 | c128 | c128 | c128 | c128 | c128 | c128 | c128 | c128† | c128 | c128 | c128 | c128 | c128 | c128 | c128 | c128 |
)md";

// SPEC.md §b.2, copied verbatim.
const char *const kAutoTable = R"md(
| | b | u8 | u16 | u32 | u64 | i8 | i16 | i32 | i64 | bf16 | f16 | f32 | f64 | c64 | c128 | i32* | f32* | c128* |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| **b** | b | u8 | u16 | u32 | u64 | i8 | i16 | i32 | i64 | bf16 | f16 | f32 | f64 | c64 | c128 | i32* | f32* | c128* |
| **u8** | u8 | u8 | u16 | u32 | u64 | i16 (A) | i16 | i32 | i64 | bf16 | f16 | f32 | f64 | c64 | c128 | u8 | f64* (A) | c128* |
| **u16** | u16 | u16 | u16 | u32 | u64 | i32 (A) | i32 (A) | i32 | i64 | bf16 (A) | f16 (A) | f32 | f64 | c64 | c128 | u16 | f64* (A) | c128* |
| **u32** | u32 | u32 | u32 | u32 | u64 | i64 (A) | i64 (A) | i64 (A) | i64 | bf16 (A) | f16 (A) | f32 (A) | f64 | c64 (A) | c128 | u32 | f64* (A) | c128* |
| **u64** | u64 | u64 | u64 | u64 | u64 | f64* (A) | f64* (A) | f64* (A) | f64* (A) | bf16 (A) | f16 (A) | f32 (A) | f64 (A) | c64 (A) | c128 (A) | u64 | f64* (A) | c128* (A) |
| **i8** | i8 | i16 (A) | i32 (A) | i64 (A) | f64* (A) | i8 | i16 | i32 | i64 | bf16 | f16 | f32 | f64 | c64 | c128 | i8 | f64* (A) | c128* |
| **i16** | i16 | i16 | i32 (A) | i64 (A) | f64* (A) | i16 | i16 | i32 | i64 | bf16 (A) | f16 (A) | f32 | f64 | c64 | c128 | i16 | f64* (A) | c128* |
| **i32** | i32 | i32 | i32 | i64 (A) | f64* (A) | i32 | i32 | i32 | i64 | bf16 (A) | f16 (A) | f32 (A) | f64 | c64 (A) | c128 | i32 | f64* (A) | c128* |
| **i64** | i64 | i64 | i64 | i64 | f64* (A) | i64 | i64 | i64 | i64 | bf16 (A) | f16 (A) | f32 (A) | f64 (A) | c64 (A) | c128 (A) | i64 | f64* (A) | c128* (A) |
| **bf16** | bf16 | bf16 | bf16 (A) | bf16 (A) | bf16 (A) | bf16 | bf16 (A) | bf16 (A) | bf16 (A) | bf16 | f32 (A) | f32 | f64 | c64 | c128 | bf16 | bf16 | c64 (A) |
| **f16** | f16 | f16 | f16 (A) | f16 (A) | f16 (A) | f16 | f16 (A) | f16 (A) | f16 (A) | f32 (A) | f16 | f32 | f64 | c64 | c128 | f16 | f16 | c64 (A) |
| **f32** | f32 | f32 | f32 | f32 (A) | f32 (A) | f32 | f32 | f32 (A) | f32 (A) | f32 | f32 | f32 | f64 | c64 | c128 | f32 | f32 | c64 (A) |
| **f64** | f64 | f64 | f64 | f64 | f64 (A) | f64 | f64 | f64 | f64 (A) | f64 | f64 | f64 | f64 | c128 (A) | c128 | f64 | f64 | c128 |
| **c64** | c64 | c64 | c64 | c64 (A) | c64 (A) | c64 | c64 | c64 (A) | c64 (A) | c64 | c64 | c64 | c128 (A) | c64 | c128 | c64 | c64 | c64 |
| **c128** | c128 | c128 | c128 | c128 | c128 (A) | c128 | c128 | c128 | c128 (A) | c128 | c128 | c128 | c128 | c128 | c128 | c128 | c128 | c128 |
| **i32*** | i32* | u8 | u16 | u32 | u64 | i8 | i16 | i32 | i64 | bf16 | f16 | f32 | f64 | c64 | c128 | i32* | f32* | c128* |
| **i64*** | i64* | u8 | u16 | u32 | u64 | i8 | i16 | i32 | i64 | bf16 | f16 | f32 | f64 | c64 | c128 | i64* | f32* | c128* |
| **f32*** | f32* | f64* (A) | f64* (A) | f64* (A) | f64* (A) | f64* (A) | f64* (A) | f64* (A) | f64* (A) | bf16 | f16 | f32 | f64 | c64 | c128 | f32* | f32* | c128* |
| **f64*** | f64* | f64* | f64* | f64* | f64* (A) | f64* | f64* | f64* | f64* (A) | bf16 | f16 | f32 | f64 | c64 | c128 | f64* | f64* | c128* |
| **c128*** | c128* | c128* | c128* | c128* | c128* (A) | c128* | c128* | c128* | c128* (A) | c64 (A) | c64 (A) | c64 (A) | c128 | c64 | c128 | c128* | c128* | c128* |
)md";

struct MdTable {
  std::vector<std::string> columns;
  std::vector<std::string> rowNames;
  std::vector<std::vector<std::string>> cells;
};

MdTable parseMarkdown(const char *text) {
  MdTable t;
  std::istringstream in(text);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty())
      continue;
    std::vector<std::string> parts = splitOn(line, '|');
    // A leading and a trailing '|' give empty first/last parts.
    std::vector<std::string> fields(parts.begin() + 1, parts.end() - 1);
    for (std::string &f : fields)
      f = trim(f);
    if (header) {
      t.columns.assign(fields.begin() + 1, fields.end());
      header = false;
      continue;
    }
    if (fields[0].find("---") != std::string::npos)
      continue;
    std::string row = fields[0];
    // "**b**" -> "b", "**i32***" -> "i32*".
    if (row.rfind("**", 0) == 0)
      row = row.substr(2, row.size() - 4);
    t.rowNames.push_back(row);
    t.cells.emplace_back(fields.begin() + 1, fields.end());
  }
  return t;
}

std::string stripDagger(std::string s) {
  const std::string dagger = "\u2020";
  size_t p = s.find(dagger);
  if (p != std::string::npos)
    s.erase(p, dagger.size());
  return trim(s);
}

/// "i32*" -> weak int32.
PromotedType parseTypeCell(const std::string &s) {
  std::string t = s;
  bool weak = !t.empty() && t.back() == '*';
  if (weak)
    t.pop_back();
  return PromotedType{shortDType(t), weak};
}

TEST(SpecTables, LegacyTableShape) {
  MdTable t = parseMarkdown(kLegacyTable);
  ASSERT_EQ(t.columns.size(), 18u);
  ASSERT_EQ(t.rowNames.size(), 15u);
  for (const auto &row : t.cells)
    ASSERT_EQ(row.size(), 18u);
}

TEST(SpecTables, LegacyEveryCell) {
  MdTable t = parseMarkdown(kLegacyTable);
  PromotionOptions o = legacy();
  unsigned checked = 0;
  for (size_t r = 0; r < t.rowNames.size(); ++r) {
    DType x = shortDType(t.rowNames[r]);
    for (size_t c = 0; c < t.columns.size(); ++c) {
      std::string cell = stripDagger(t.cells[r][c]);
      const std::string &col = t.columns[c];
      std::vector<PromotionOperand> ops{arr(x)};
      bool literalColumn = col.find("lit") != std::string::npos;
      if (col.rfind("int lit", 0) == 0)
        ops.push_back(lit(Scalar::fromInt(2), o));
      else if (col.rfind("float lit", 0) == 0)
        ops.push_back(lit(Scalar::fromFloat(1.5), o));
      else if (col.rfind("complex lit", 0) == 0)
        ops.push_back(lit(Scalar::fromComplex(1, 2), o));
      else
        ops.push_back(arr(shortDType(col)));
      Expected<PromotedType> got = promote(ops, o);
      SCOPED_TRACE(t.rowNames[r] + " + " + col + " = " + cell);
      if (cell == "ERR") {
        ASSERT_FALSE(got.ok()) << describe(got);
        EXPECT_EQ(got.error().kind, ErrorKind::DType);
        if (!literalColumn) {
          EXPECT_FALSE(promoteTypesNumPy(x, shortDType(col)).ok());
        }
      } else {
        PromotedType want{shortDType(cell), false};
        ASSERT_TRUE(got.ok()) << describe(got);
        EXPECT_EQ(*got, want) << describe(got);
        if (!literalColumn) {
          Expected<DType> pt = promoteTypesNumPy(x, shortDType(col));
          ASSERT_TRUE(pt.ok());
          EXPECT_EQ(*pt, want.dtype);
          // The operand order does not matter for two arrays.
          Expected<PromotedType> rev =
              promote({arr(shortDType(col)), arr(x)}, o);
          ASSERT_TRUE(rev.ok());
          EXPECT_EQ(*rev, want);
        } else {
          std::reverse(ops.begin(), ops.end());
          Expected<PromotedType> rev = promote(ops, o);
          ASSERT_TRUE(rev.ok());
          EXPECT_EQ(*rev, want);
        }
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 15u * 18u);
}

TEST(SpecTables, AutoTableShape) {
  MdTable t = parseMarkdown(kAutoTable);
  ASSERT_EQ(t.columns.size(), 18u);
  ASSERT_EQ(t.rowNames.size(), 20u);
  for (const auto &row : t.cells)
    ASSERT_EQ(row.size(), 18u);
}

/// The operand for a row/column name of §b.2: the weak literal columns are
/// Python literals, weak rows are WeakTensors, the rest arrays.
PromotionOperand autoOperand(const std::string &name, bool isColumn,
                             const PromotionOptions &o) {
  PromotedType t = parseTypeCell(name);
  if (isColumn && t.weak) {
    if (t.dtype == DType::Int32)
      return lit(Scalar::fromInt(2), o);
    if (t.dtype == DType::Float32)
      return lit(Scalar::fromFloat(1.5), o);
    if (t.dtype == DType::Complex128)
      return lit(Scalar::fromComplex(1, 2), o);
  }
  return arr(t.dtype, t.weak);
}

TEST(SpecTables, AutoEveryCellAllAndSafe) {
  MdTable t = parseMarkdown(kAutoTable);
  unsigned checked = 0, allOnly = 0;
  for (size_t r = 0; r < t.rowNames.size(); ++r) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      std::string cell = t.cells[r][c];
      bool onlyAll = cell.find("(A)") != std::string::npos;
      if (onlyAll)
        cell = trim(cell.substr(0, cell.find("(A)")));
      PromotedType want = parseTypeCell(cell);
      PromotedType a = parseTypeCell(t.rowNames[r]);
      PromotedType b = parseTypeCell(t.columns[c]);
      SCOPED_TRACE(t.rowNames[r] + " + " + t.columns[c] + " = " + t.cells[r][c]);
      for (PromotionMode mode : {PromotionMode::All, PromotionMode::Safe}) {
        PromotionOptions o{mode, false};
        bool expectError = onlyAll && mode == PromotionMode::Safe;
        // Both the lattice join and promote() over operands, both orders.
        std::vector<Expected<PromotedType>> results{
            promoteTypesAuto(a, b, mode), promoteTypesAuto(b, a, mode),
            promote({autoOperand(t.rowNames[r], false, o),
                     autoOperand(t.columns[c], true, o)},
                    o),
            promote({autoOperand(t.columns[c], true, o),
                     autoOperand(t.rowNames[r], false, o)},
                    o)};
        for (const Expected<PromotedType> &got : results) {
          if (expectError) {
            ASSERT_FALSE(got.ok()) << describe(got);
            EXPECT_EQ(got.error().kind, ErrorKind::DType);
            EXPECT_NE(got.error().message.find("safe"), std::string::npos);
            EXPECT_NE(got.error().message.find(dtypeName(a.dtype)),
                      std::string::npos)
                << got.error().message;
            EXPECT_NE(got.error().message.find(dtypeName(b.dtype)),
                      std::string::npos)
                << got.error().message;
          } else {
            ASSERT_TRUE(got.ok()) << describe(got);
            EXPECT_EQ(*got, want) << describe(got);
          }
        }
      }
      allOnly += onlyAll;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 20u * 18u);
  EXPECT_GT(allOnly, 50u);
}

} // namespace
