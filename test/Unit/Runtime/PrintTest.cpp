//===- PrintTest.cpp - Printing arrays as NumPy does ----------------------===//
//
// Part of tnp.
//
// Expected texts are NumPy 1.24's str() and repr(), written by
// data/gen_data.py next to the arrays they print.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kDataDir = TNP_RUNTIME_TEST_DATA_DIR;

std::string format(const tnp_rt_array_t *a, tnp_rt_print_style_t style) {
  size_t length = 0;
  tnp_rt_status_t s = tnp_rt_array_format(a, style, nullptr, 0, &length);
  EXPECT_EQ(s, nullptr) << tnp_rt_status_message(s);
  tnp_rt_status_free(s);
  std::string text(length + 1, '\0');
  s = tnp_rt_array_format(a, style, &text[0], text.size(), nullptr);
  EXPECT_EQ(s, nullptr);
  tnp_rt_status_free(s);
  text.resize(length);
  return text;
}

tnp_rt_array_t *load(const std::string &path) {
  tnp_rt_array_t *a = nullptr;
  tnp_rt_status_t s = tnp_rt_npy_read_file(path.c_str(), &a);
  EXPECT_EQ(s, nullptr) << path << ": " << tnp_rt_status_message(s);
  tnp_rt_status_free(s);
  return a;
}

/// print/expected.txt: "=== NNN str|repr" lines, each followed by the text.
std::map<std::string, std::string> readExpected() {
  std::ifstream in(kDataDir + "/print/expected.txt");
  std::map<std::string, std::string> out;
  std::string line, key, text;
  bool open = false;
  auto flush = [&] {
    if (open) {
      if (!text.empty() && text.back() == '\n')
        text.pop_back();
      out[key] = text;
    }
  };
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      flush();
      key = line.substr(4);
      text.clear();
      open = true;
      continue;
    }
    text += line + "\n";
  }
  flush();
  return out;
}

TEST(RuntimePrint, MatchesNumPy) {
  auto expected = readExpected();
  ASSERT_GT(expected.size(), 100u);
  int checked = 0;
  for (auto &[key, text] : expected) {
    std::string name = key.substr(0, key.find(' '));
    bool repr = key.find("repr") != std::string::npos;
    tnp_rt_array_t *a = load(kDataDir + "/print/" + name + ".npy");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(format(a, repr ? TNP_RT_PRINT_REPR : TNP_RT_PRINT_STR), text)
        << "case " << key;
    tnp_rt_array_release(a);
    ++checked;
  }
  EXPECT_EQ(checked, int(expected.size()));
}

/// A 0-d array holding element i of `a`.
tnp_rt_array_t *element(const tnp_rt_array_t *a, int64_t i, int32_t rank) {
  const int64_t one[] = {1};
  tnp_rt_array_t *e = nullptr;
  tnp_rt_status_t s = tnp_rt_array_allocate(
      tnp_rt_device_host(), tnp_rt_array_dtype(a), rank, one, &e);
  EXPECT_EQ(s, nullptr);
  size_t itemsize = tnp_rt_dtype_itemsize(tnp_rt_array_dtype(a));
  std::memcpy(tnp_rt_array_data(e),
              static_cast<const char *>(tnp_rt_array_data(a)) + i * itemsize,
              itemsize);
  return e;
}

TEST(RuntimePrint, FloatSamplesMatchNumPy) {
  // floats/expected.txt: dtype \t str(scalar) \t str(np.array([scalar])).
  std::ifstream in(kDataDir + "/floats/expected.txt");
  std::map<std::string, tnp_rt_array_t *> arrays;
  std::map<std::string, int64_t> next;
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string dtype, scalar, array;
    std::getline(fields, dtype, '\t');
    std::getline(fields, scalar, '\t');
    std::getline(fields, array, '\t');
    if (!arrays.count(dtype))
      arrays[dtype] = load(kDataDir + "/floats/" + dtype + ".npy");
    tnp_rt_array_t *all = arrays[dtype];
    ASSERT_NE(all, nullptr);
    int64_t i = next[dtype]++;
    ASSERT_LT(i, tnp_rt_array_element_count(all));
    tnp_rt_array_t *zeroD = element(all, i, 0);
    tnp_rt_array_t *oneD = element(all, i, 1);
    EXPECT_EQ(format(zeroD, TNP_RT_PRINT_STR), scalar) << dtype << " #" << i;
    EXPECT_EQ(format(oneD, TNP_RT_PRINT_STR), array) << dtype << " #" << i;
    tnp_rt_array_release(zeroD);
    tnp_rt_array_release(oneD);
    ++checked;
  }
  for (auto &entry : arrays)
    tnp_rt_array_release(entry.second);
  EXPECT_GT(checked, 1500);
}

TEST(RuntimePrint, BufferAndStream) {
  const int64_t shape[] = {3};
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT32, 1,
                                  shape, &a),
            nullptr);
  int32_t *d = static_cast<int32_t *>(tnp_rt_array_data(a));
  d[0] = 1;
  d[1] = -20;
  d[2] = 300;
  // Truncated like snprintf, with the full length reported.
  char small[6];
  size_t length = 0;
  ASSERT_EQ(tnp_rt_array_format(a, TNP_RT_PRINT_STR, small, sizeof(small),
                                &length),
            nullptr);
  EXPECT_EQ(length, std::strlen("[  1 -20 300]"));
  EXPECT_STREQ(small, "[  1 ");
  EXPECT_EQ(format(a, TNP_RT_PRINT_REPR),
            "array([  1, -20, 300], dtype=int32)");

  FILE *f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(tnp_rt_array_print(a, TNP_RT_PRINT_STR, f), nullptr);
  std::rewind(f);
  char buf[64] = {};
  size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
  std::fclose(f);
  EXPECT_EQ(std::string(buf, n), "[  1 -20 300]");
  tnp_rt_array_release(a);
}

TEST(RuntimePrint, BFloat16PrintsLikeAFloat) {
  // bfloat16 has no NumPy reference: shortest digits that round-trip in
  // bfloat16 (0.1 is 0.10009765625 as bfloat16).
  const int64_t shape[] = {3};
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_BFLOAT16,
                                  1, shape, &a),
            nullptr);
  uint16_t *d = static_cast<uint16_t *>(tnp_rt_array_data(a));
  d[0] = 0x3F80; // 1.0
  d[1] = 0x3DCD; // 0.10009765625
  d[2] = 0xC120; // -10.0
  EXPECT_EQ(format(a, TNP_RT_PRINT_STR), "[  1.    0.1 -10. ]");
  EXPECT_EQ(format(a, TNP_RT_PRINT_REPR),
            "array([  1. ,   0.1, -10. ], dtype=bfloat16)");
  tnp_rt_array_release(a);
}

} // namespace
