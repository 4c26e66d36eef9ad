//===- NpyTest.cpp - Reading and writing .npy files -----------------------===//
//
// Part of tnp.
//
// The NumPy-written files and their expected contents come from
// data/gen_data.py (NumPy 1.24).
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

const std::string kDataDir = TNP_RUNTIME_TEST_DATA_DIR "/npy/";

std::string readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A scratch file path unique to this process.
std::string scratch(const std::string &name) {
  const char *dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/tnp-npy-test-" +
         std::to_string(getpid()) + "-" + name;
}

tnp_rt_array_t *readOk(const std::string &path) {
  tnp_rt_array_t *a = nullptr;
  tnp_rt_status_t s = tnp_rt_npy_read_file(path.c_str(), &a);
  EXPECT_EQ(s, nullptr) << path << ": " << tnp_rt_status_message(s);
  tnp_rt_status_free(s);
  return a;
}

std::vector<int64_t> shapeOf(const tnp_rt_array_t *a) {
  const int64_t *s = tnp_rt_array_shape(a);
  return std::vector<int64_t>(s, s + tnp_rt_array_rank(a));
}

template <typename T> const T *dataOf(const tnp_rt_array_t *a) {
  return static_cast<const T *>(tnp_rt_array_data(a));
}

const tnp_rt_dtype_t kNumPyDTypes[] = {
    TNP_RT_DTYPE_BOOL,    TNP_RT_DTYPE_UINT8,    TNP_RT_DTYPE_UINT16,
    TNP_RT_DTYPE_UINT32,  TNP_RT_DTYPE_UINT64,   TNP_RT_DTYPE_INT8,
    TNP_RT_DTYPE_INT16,   TNP_RT_DTYPE_INT32,    TNP_RT_DTYPE_INT64,
    TNP_RT_DTYPE_FLOAT16, TNP_RT_DTYPE_FLOAT32,  TNP_RT_DTYPE_FLOAT64,
    TNP_RT_DTYPE_COMPLEX64, TNP_RT_DTYPE_COMPLEX128};

/// The i-th element of gen_data.py's sample(dtype) (2x3), as long double /
/// complex pairs, checked by dtype kind.
void checkSample(const tnp_rt_array_t *a, tnp_rt_dtype_t dtype) {
  ASSERT_EQ(tnp_rt_array_dtype(a), dtype);
  ASSERT_EQ(shapeOf(a), (std::vector<int64_t>{2, 3}));
  switch (dtype) {
  case TNP_RT_DTYPE_BOOL: {
    const uint8_t expected[] = {1, 0, 1, 0, 0, 1};
    EXPECT_EQ(std::memcmp(dataOf<uint8_t>(a), expected, 6), 0);
    return;
  }
#define INT_CASE(CODE, T)                                                      \
  case CODE: {                                                                 \
    const T *d = dataOf<T>(a);                                                 \
    const T lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max(); \
    const T expected[] = {lo, 0, 1, 2, T(hi - 1), hi};                         \
    for (int i = 0; i < 6; ++i)                                                \
      EXPECT_EQ(d[i], expected[i]) << i;                                       \
    return;                                                                    \
  }
    INT_CASE(TNP_RT_DTYPE_UINT8, uint8_t)
    INT_CASE(TNP_RT_DTYPE_UINT16, uint16_t)
    INT_CASE(TNP_RT_DTYPE_UINT32, uint32_t)
    INT_CASE(TNP_RT_DTYPE_UINT64, uint64_t)
    INT_CASE(TNP_RT_DTYPE_INT8, int8_t)
    INT_CASE(TNP_RT_DTYPE_INT16, int16_t)
    INT_CASE(TNP_RT_DTYPE_INT32, int32_t)
    INT_CASE(TNP_RT_DTYPE_INT64, int64_t)
#undef INT_CASE
  case TNP_RT_DTYPE_FLOAT16: {
    // 0.5, -1.25, inf, -0.0, 3.0, nan as binary16 bits.
    const uint16_t *d = dataOf<uint16_t>(a);
    EXPECT_EQ(d[0], 0x3800);
    EXPECT_EQ(d[1], 0xBD00);
    EXPECT_EQ(d[2], 0x7C00);
    EXPECT_EQ(d[3], 0x8000);
    EXPECT_EQ(d[4], 0x4200);
    EXPECT_EQ(d[5] & 0x7C00, 0x7C00);
    EXPECT_NE(d[5] & 0x03FF, 0);
    return;
  }
  case TNP_RT_DTYPE_FLOAT32:
  case TNP_RT_DTYPE_FLOAT64: {
    double v[6];
    for (int i = 0; i < 6; ++i)
      v[i] = dtype == TNP_RT_DTYPE_FLOAT32 ? dataOf<float>(a)[i]
                                           : dataOf<double>(a)[i];
    EXPECT_EQ(v[0], 0.5);
    EXPECT_EQ(v[1], -1.25);
    EXPECT_TRUE(std::isinf(v[2]) && v[2] > 0);
    EXPECT_TRUE(v[3] == 0 && std::signbit(v[3]));
    EXPECT_EQ(v[4], 3.0);
    EXPECT_TRUE(std::isnan(v[5]));
    return;
  }
  case TNP_RT_DTYPE_COMPLEX64:
  case TNP_RT_DTYPE_COMPLEX128: {
    double v[12];
    for (int i = 0; i < 12; ++i)
      v[i] = dtype == TNP_RT_DTYPE_COMPLEX64 ? dataOf<float>(a)[i]
                                             : dataOf<double>(a)[i];
    EXPECT_EQ(v[0], 1.0);
    EXPECT_EQ(v[1], 2.0);
    EXPECT_EQ(v[2], 0.0);
    EXPECT_EQ(v[3], -0.5);
    EXPECT_TRUE(std::isinf(v[4]));
    EXPECT_EQ(v[5], 0.0);
    EXPECT_EQ(v[8], 3.0);
    EXPECT_EQ(v[9], -4.0);
    EXPECT_TRUE(std::isnan(v[10]));
    EXPECT_EQ(v[11], 1.0);
    return;
  }
  default:
    FAIL() << "unexpected dtype";
  }
}

TEST(RuntimeNpy, ReadsNumPyFilesOfEveryDType) {
  for (tnp_rt_dtype_t dtype : kNumPyDTypes) {
    SCOPED_TRACE(tnp_rt_dtype_name(dtype));
    std::string base = kDataDir + tnp_rt_dtype_name(dtype);
    tnp_rt_array_t *a = readOk(base + ".npy");
    ASSERT_NE(a, nullptr);
    checkSample(a, dtype);
    tnp_rt_array_release(a);

    // 0-d: element [0, 1] of the sample.
    a = readOk(base + "_0d.npy");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(tnp_rt_array_rank(a), 0);
    EXPECT_EQ(tnp_rt_array_element_count(a), 1);
    EXPECT_EQ(tnp_rt_array_dtype(a), dtype);
    tnp_rt_array_release(a);

    a = readOk(base + "_empty.npy");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(shapeOf(a), (std::vector<int64_t>{0, 3}));
    EXPECT_EQ(tnp_rt_array_element_count(a), 0);
    tnp_rt_array_release(a);
  }
}

TEST(RuntimeNpy, WritesWhatNumPyWrites) {
  // Reading a NumPy file and writing it back gives the same bytes.
  for (tnp_rt_dtype_t dtype : kNumPyDTypes) {
    for (const char *suffix : {".npy", "_0d.npy", "_empty.npy"}) {
      std::string name = std::string(tnp_rt_dtype_name(dtype)) + suffix;
      SCOPED_TRACE(name);
      tnp_rt_array_t *a = readOk(kDataDir + name);
      ASSERT_NE(a, nullptr);
      std::string out = scratch(name);
      tnp_rt_status_t s = tnp_rt_npy_write_file(out.c_str(), a);
      EXPECT_EQ(s, nullptr) << tnp_rt_status_message(s);
      tnp_rt_status_free(s);
      EXPECT_EQ(readBytes(out), readBytes(kDataDir + name));
      // And it reads back to the same array.
      tnp_rt_array_t *b = readOk(out);
      ASSERT_NE(b, nullptr);
      EXPECT_EQ(shapeOf(a), shapeOf(b));
      EXPECT_EQ(tnp_rt_array_dtype(a), tnp_rt_array_dtype(b));
      EXPECT_EQ(std::memcmp(tnp_rt_array_data(a), tnp_rt_array_data(b),
                            tnp_rt_array_byte_size(a)),
                0);
      tnp_rt_array_release(a);
      tnp_rt_array_release(b);
      std::remove(out.c_str());
    }
  }
}

TEST(RuntimeNpy, RoundTripsWithoutNumPy) {
  // A 3-d array of every dtype written by the runtime and read back.
  for (tnp_rt_dtype_t dtype : kNumPyDTypes) {
    SCOPED_TRACE(tnp_rt_dtype_name(dtype));
    const int64_t shape[] = {2, 1, 3};
    tnp_rt_array_t *a = nullptr;
    ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), dtype, 3, shape, &a),
              nullptr);
    unsigned char *d = static_cast<unsigned char *>(tnp_rt_array_data(a));
    for (size_t i = 0; i < tnp_rt_array_byte_size(a); ++i)
      d[i] = static_cast<unsigned char>(i * 37 + 11);
    if (dtype == TNP_RT_DTYPE_BOOL)
      for (size_t i = 0; i < 6; ++i)
        d[i] &= 1;
    std::string out = scratch("roundtrip.npy");
    ASSERT_EQ(tnp_rt_npy_write_file(out.c_str(), a), nullptr);
    tnp_rt_array_t *b = readOk(out);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(shapeOf(b), (std::vector<int64_t>{2, 1, 3}));
    EXPECT_EQ(std::memcmp(d, tnp_rt_array_data(b), tnp_rt_array_byte_size(a)), 0);
    // The data starts on a 64-byte boundary of the file.
    std::string bytes = readBytes(out);
    EXPECT_EQ((bytes.size() - tnp_rt_array_byte_size(a)) % 64, 0u);
    tnp_rt_array_release(a);
    tnp_rt_array_release(b);
    std::remove(out.c_str());
  }
}

TEST(RuntimeNpy, BigEndianIsSwapped) {
  tnp_rt_array_t *a = readOk(kDataDir + "be_int32.npy");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(tnp_rt_array_dtype(a), TNP_RT_DTYPE_INT32);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(dataOf<int32_t>(a)[i], i);
  tnp_rt_array_release(a);

  a = readOk(kDataDir + "be_float64.npy");
  ASSERT_NE(a, nullptr);
  const double *f = dataOf<double>(a);
  EXPECT_EQ(f[0], 1.5);
  EXPECT_EQ(f[1], -2.25);
  EXPECT_EQ(f[2], 1e300);
  EXPECT_TRUE(f[3] == 0 && std::signbit(f[3]));
  tnp_rt_array_release(a);

  a = readOk(kDataDir + "be_complex128.npy");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(tnp_rt_array_dtype(a), TNP_RT_DTYPE_COMPLEX128);
  const double *c = dataOf<double>(a);
  EXPECT_EQ(c[0], 1.0);
  EXPECT_EQ(c[1], 2.0);
  EXPECT_EQ(c[2], -3.5);
  EXPECT_EQ(c[3], 0.25);
  tnp_rt_array_release(a);
}

TEST(RuntimeNpy, FortranOrderIsTransposedIntoCOrder) {
  tnp_rt_array_t *a = readOk(kDataDir + "fortran_float32.npy");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(shapeOf(a), (std::vector<int64_t>{2, 3, 4}));
  for (int i = 0; i < 24; ++i)
    EXPECT_EQ(dataOf<float>(a)[i], float(i)); // arange(24).reshape(2, 3, 4)
  tnp_rt_array_release(a);
  a = readOk(kDataDir + "fortran_int16.npy");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(shapeOf(a), (std::vector<int64_t>{3, 2}));
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(dataOf<int16_t>(a)[i], i);
  tnp_rt_array_release(a);
}

TEST(RuntimeNpy, Version2AndBoolBytes) {
  tnp_rt_array_t *a = readOk(kDataDir + "v2_float64.npy");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(shapeOf(a), (std::vector<int64_t>{5}));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(dataOf<double>(a)[i], i / 4.0);
  tnp_rt_array_release(a);
  // A bool byte 7 reads as 1 (True).
  a = readOk(kDataDir + "bool_bytes.npy");
  ASSERT_NE(a, nullptr);
  const uint8_t expected[] = {1, 0, 1, 1};
  EXPECT_EQ(std::memcmp(dataOf<uint8_t>(a), expected, 4), 0);
  tnp_rt_array_release(a);
}

TEST(RuntimeNpy, ReadFromMemory) {
  std::string bytes = readBytes(kDataDir + "int64.npy");
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_npy_read_memory(bytes.data(), bytes.size(), "mem", &a),
            nullptr);
  checkSample(a, TNP_RT_DTYPE_INT64);
  tnp_rt_array_release(a);
}

/// Reads a malformed file: the status has `code` and a message that names
/// the file and contains `fragment`.
void expectReadError(const std::string &file, tnp_rt_status_code_t code,
                     const std::string &fragment) {
  SCOPED_TRACE(file);
  std::string path = kDataDir + file;
  tnp_rt_array_t *a = nullptr;
  tnp_rt_status_t s = tnp_rt_npy_read_file(path.c_str(), &a);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(a, nullptr);
  std::string message = tnp_rt_status_message(s);
  EXPECT_EQ(tnp_rt_status_code(s), code) << message;
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find(fragment), std::string::npos) << message;
  tnp_rt_status_free(s);
}

TEST(RuntimeNpy, MalformedFilesGiveClearErrors) {
  expectReadError("bad_magic.npy", TNP_RT_STATUS_VALUE, "bad magic");
  expectReadError("truncated_data.npy", TNP_RT_STATUS_IO,
                  "truncated .npy file: the header promises shape (2, 3) of "
                  "float64 (48 data bytes) but only 40 follow");
  expectReadError("truncated_header.npy", TNP_RT_STATUS_IO,
                  "truncated .npy file: the header should have");
  expectReadError("trailing.npy", TNP_RT_STATUS_VALUE,
                  "8 unexpected bytes follow the data of shape (2, 3)");
  expectReadError("bad_header.npy", TNP_RT_STATUS_VALUE,
                  "malformed .npy header: shape is not a tuple");
  expectReadError("missing_key.npy", TNP_RT_STATUS_VALUE,
                  "malformed .npy header: missing key 'fortran_order'");
  expectReadError("bad_version.npy", TNP_RT_STATUS_VALUE,
                  "unsupported .npy format version 7.0");
  expectReadError("object.npy", TNP_RT_STATUS_UNSUPPORTED,
                  "object arrays are not supported");
  expectReadError("structured.npy", TNP_RT_STATUS_UNSUPPORTED,
                  "structured arrays");
  expectReadError("unicode.npy", TNP_RT_STATUS_UNSUPPORTED,
                  "string arrays are not supported");
  expectReadError("longdouble.npy", TNP_RT_STATUS_UNSUPPORTED, "long double");
  expectReadError("does_not_exist.npy", TNP_RT_STATUS_IO,
                  "cannot open for reading");
}

TEST(RuntimeNpy, MalformedMemory) {
  tnp_rt_array_t *a = nullptr;
  tnp_rt_status_t s = tnp_rt_npy_read_memory("", 0, "empty", &a);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_IO);
  tnp_rt_status_free(s);
  s = tnp_rt_npy_read_memory("\x93NUMPY\x01", 7, "short", &a);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_IO);
  tnp_rt_status_free(s);
  s = tnp_rt_npy_read_memory("PK\x03\x04", 4, "zip", &a);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_VALUE);
  tnp_rt_status_free(s);
  // A header that is not a dict, and a negative dimension.
  for (const char *header :
       {"[1, 2]", "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }",
        "{'descr': '<q9', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,"}) {
    std::string file = std::string("\x93NUMPY\x01\x00", 8);
    std::string h = header;
    file.push_back(static_cast<char>(h.size() & 0xFF));
    file.push_back(static_cast<char>(h.size() >> 8));
    file += h + std::string(8, '\0');
    s = tnp_rt_npy_read_memory(file.data(), file.size(), "hdr", &a);
    EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_VALUE)
        << header << ": " << tnp_rt_status_message(s);
    EXPECT_NE(std::string(tnp_rt_status_message(s)).find("'hdr'"),
              std::string::npos);
    tnp_rt_status_free(s);
  }
  // A shape whose byte size overflows is a value error, not an allocation.
  std::string h = "{'descr': '<f8', 'fortran_order': False, 'shape': "
                  "(4294967296, 4294967296), }";
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file.push_back(static_cast<char>(h.size()));
  file.push_back(0);
  file += h;
  s = tnp_rt_npy_read_memory(file.data(), file.size(), "huge", &a);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_VALUE);
  EXPECT_NE(std::string(tnp_rt_status_message(s)).find("too big"),
            std::string::npos);
  tnp_rt_status_free(s);
}

/// An in-memory .npy file (version 1.0) with `header` and `data`.
static std::string npyBytes(const std::string &header, const std::string &data) {
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file.push_back(static_cast<char>(header.size() & 0xFF));
  file.push_back(static_cast<char>(header.size() >> 8));
  return file + header + data;
}

TEST(RuntimeNpy, BFloat16IsTwoByteVoidLikeMlDtypes) {
  // Written as '<V2' (what np.save writes for ml_dtypes.bfloat16) and read
  // back as bfloat16 bits.
  const int64_t shape[] = {3};
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_BFLOAT16,
                                  1, shape, &a),
            nullptr);
  const uint16_t bits[] = {0x3FC0, 0xC040, 0x7FC0}; // 1.5, -3.0, NaN
  std::memcpy(tnp_rt_array_data(a), bits, sizeof(bits));
  std::string out = scratch("bf16.npy");
  ASSERT_EQ(tnp_rt_npy_write_file(out.c_str(), a), nullptr);
  tnp_rt_array_release(a);
  std::ifstream in(out, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find("'descr': '<V2'"), std::string::npos);
  tnp_rt_array_t *back = nullptr;
  ASSERT_EQ(tnp_rt_npy_read_file(out.c_str(), &back), nullptr);
  EXPECT_EQ(tnp_rt_array_dtype(back), TNP_RT_DTYPE_BFLOAT16);
  EXPECT_EQ(std::memcmp(tnp_rt_array_data(back), bits, sizeof(bits)), 0);
  tnp_rt_array_release(back);

  // NumPy's own spelling of 2-byte void ('|V2') reads the same way.
  std::string file = npyBytes(
      "{'descr': '|V2', 'fortran_order': False, 'shape': (1,), }          \n",
      std::string("\xC0\x3F", 2));
  ASSERT_EQ(tnp_rt_npy_read_memory(file.data(), file.size(), "v2", &back),
            nullptr);
  EXPECT_EQ(tnp_rt_array_dtype(back), TNP_RT_DTYPE_BFLOAT16);
  EXPECT_EQ(*static_cast<uint16_t *>(tnp_rt_array_data(back)), 0x3FC0);
  tnp_rt_array_release(back);

  // Other void sizes stay unsupported.
  file = npyBytes(
      "{'descr': '|V4', 'fortran_order': False, 'shape': (1,), }          \n",
      std::string(4, '\0'));
  tnp_rt_status_t s =
      tnp_rt_npy_read_memory(file.data(), file.size(), "v4", &back);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_UNSUPPORTED);
  EXPECT_NE(std::string(tnp_rt_status_message(s)).find("void"),
            std::string::npos);
  tnp_rt_status_free(s);
}

TEST(RuntimeNpy, WriteErrorIsIo) {
  const int64_t shape[] = {1};
  tnp_rt_array_t *a = nullptr;
  ASSERT_EQ(tnp_rt_array_allocate(tnp_rt_device_host(), TNP_RT_DTYPE_INT8, 1,
                                  shape, &a),
            nullptr);
  tnp_rt_status_t s =
      tnp_rt_npy_write_file("/nonexistent-dir/x/y.npy", a);
  EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_IO);
  EXPECT_NE(std::string(tnp_rt_status_message(s)).find("/nonexistent-dir"),
            std::string::npos);
  tnp_rt_status_free(s);
  tnp_rt_array_release(a);
}

} // namespace
