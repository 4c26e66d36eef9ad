//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// Part of tnp.
//
// The format is NumPy's numpy/lib/format.py: the magic "\x93NUMPY", a major
// and minor version byte, the header length (uint16 LE in 1.0, uint32 LE in
// 2.0 and 3.0), and a header that is a Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), } padded with
// spaces and a newline so the data starts on a 64-byte boundary.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tnp {
namespace rt {
namespace {

constexpr unsigned char kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr size_t kArrayAlign = 64;
constexpr size_t kGrowthAxisMaxDigits = 21;

std::string quoted(const std::string &name) { return "'" + name + "'"; }

std::string shapeText(int32_t rank, const int64_t *shape) {
  std::string s = "(";
  for (int32_t i = 0; i < rank; ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  if (rank == 1)
    s += ",";
  return s + ")";
}

/// Shows header text in a message: printable ASCII kept, the rest escaped,
/// long headers cut.
std::string printable(const std::string &text) {
  std::string out;
  for (unsigned char c : text) {
    if (out.size() > 200) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// The header: a Python literal
//===----------------------------------------------------------------------===//

/// A parsed Python literal: the subset .npy headers use.
struct PyValue {
  enum Kind { Str, Bool, None, Int, Tuple, List, Dict } kind = None;
  std::string str;
  bool boolean = false;
  int64_t integer = 0;
  bool intOverflow = false;
  std::vector<PyValue> items;
  std::vector<std::pair<std::string, PyValue>> entries;
};

class LiteralParser {
public:
  explicit LiteralParser(const std::string &text) : text(text) {}

  /// Parses the whole text as one literal; on failure returns false and sets
  /// `error`.
  bool parse(PyValue &out) {
    if (!parseValue(out, 0))
      return false;
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after the dictionary");
    return true;
  }

  std::string error;

private:
  bool fail(const std::string &what) {
    if (error.empty())
      error = what + " at offset " + std::to_string(pos);
    return false;
  }

  void skipSpace() {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' ||
            text[pos] == '\r'))
      ++pos;
  }

  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  bool parseValue(PyValue &out, int depth) {
    if (depth > 16)
      return fail("nesting too deep");
    skipSpace();
    if (pos >= text.size())
      return fail("unexpected end of header");
    char c = text[pos];
    if (c == '\'' || c == '"')
      return parseString(out);
    if (c == '{')
      return parseDict(out, depth);
    if (c == '(' || c == '[')
      return parseSequence(out, depth);
    if (c == '-' || (c >= '0' && c <= '9'))
      return parseInt(out);
    if (text.compare(pos, 4, "True") == 0) {
      pos += 4;
      out.kind = PyValue::Bool;
      out.boolean = true;
      return true;
    }
    if (text.compare(pos, 5, "False") == 0) {
      pos += 5;
      out.kind = PyValue::Bool;
      out.boolean = false;
      return true;
    }
    if (text.compare(pos, 4, "None") == 0) {
      pos += 4;
      out.kind = PyValue::None;
      return true;
    }
    return fail(std::string("unexpected character '") + printable({c}) + "'");
  }

  bool parseString(PyValue &out) {
    char quote = text[pos++];
    out.kind = PyValue::Str;
    while (pos < text.size() && text[pos] != quote) {
      if (text[pos] == '\\' && pos + 1 < text.size())
        ++pos;
      out.str.push_back(text[pos++]);
    }
    if (pos >= text.size())
      return fail("unterminated string");
    ++pos;
    return true;
  }

  bool parseInt(PyValue &out) {
    out.kind = PyValue::Int;
    bool negative = false;
    if (text[pos] == '-') {
      negative = true;
      ++pos;
    }
    if (pos >= text.size() || text[pos] < '0' || text[pos] > '9')
      return fail("malformed integer");
    uint64_t value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      uint64_t digit = static_cast<uint64_t>(text[pos] - '0');
      if (value > (UINT64_MAX - digit) / 10)
        out.intOverflow = true;
      else
        value = value * 10 + digit;
      ++pos;
    }
    // Python 2 wrote long integers with an 'L' suffix.
    if (pos < text.size() && (text[pos] == 'L' || text[pos] == 'l'))
      ++pos;
    if (value > uint64_t(INT64_MAX))
      out.intOverflow = true;
    out.integer = negative ? -static_cast<int64_t>(value)
                           : static_cast<int64_t>(value);
    return true;
  }

  bool parseSequence(PyValue &out, int depth) {
    char open = text[pos++];
    char close = open == '(' ? ')' : ']';
    out.kind = open == '(' ? PyValue::Tuple : PyValue::List;
    bool sawComma = false;
    for (;;) {
      if (consume(close))
        break;
      PyValue item;
      if (!parseValue(item, depth + 1))
        return false;
      out.items.push_back(std::move(item));
      if (consume(',')) {
        sawComma = true;
        continue;
      }
      if (consume(close))
        break;
      return fail(std::string("expected ',' or '") + close + "'");
    }
    // "(3)" is the integer 3 in Python, not a tuple.
    if (out.kind == PyValue::Tuple && out.items.size() == 1 && !sawComma) {
      PyValue inner = std::move(out.items[0]);
      out = std::move(inner);
    }
    return true;
  }

  bool parseDict(PyValue &out, int depth) {
    ++pos;
    out.kind = PyValue::Dict;
    for (;;) {
      if (consume('}'))
        break;
      PyValue key;
      if (!parseValue(key, depth + 1))
        return false;
      if (key.kind != PyValue::Str)
        return fail("a dictionary key is not a string");
      if (!consume(':'))
        return fail("expected ':'");
      PyValue value;
      if (!parseValue(value, depth + 1))
        return false;
      out.entries.emplace_back(key.str, std::move(value));
      if (consume(','))
        continue;
      if (consume('}'))
        break;
      return fail("expected ',' or '}'");
    }
    return true;
  }

  const std::string &text;
  size_t pos = 0;
};

struct NpyHeader {
  tnp_rt_dtype_t dtype = TNP_RT_DTYPE_BOOL;
  bool swap = false; ///< big-endian data of a multi-byte dtype
  bool fortran = false;
  int32_t rank = 0;
  int64_t shape[TNP_RT_MAX_RANK] = {};
};

/// Maps a descr string ('<f8', '|b1', ...) to a dtype.
tnp_rt_status_t parseDescr(const std::string &descr, const std::string &name,
                           NpyHeader &out) {
  auto unsupported = [&](const std::string &what) {
    return makeStatus(TNP_RT_STATUS_UNSUPPORTED,
                      quoted(name) + ": " + what + " (descr " +
                          quoted(printable(descr)) + ")");
  };
  size_t i = 0;
  char order = '=';
  if (!descr.empty() && std::strchr("<>|=", descr[0]))
    order = descr[i++];
  if (i >= descr.size())
    return makeStatus(TNP_RT_STATUS_VALUE,
                      quoted(name) + ": malformed .npy header: descr " +
                          quoted(printable(descr)) + " is not a dtype");
  char kind = descr[i++];
  std::string sizeText = descr.substr(i);
  switch (kind) {
  case 'O':
    return unsupported("object arrays are not supported: the file holds "
                       "pickled Python objects");
  case 'V':
    // ml_dtypes' bfloat16 is saved by np.save as 2-byte void ('<V2'); tnp
    // reads every 2-byte void array as bfloat16 bits (little-endian).
    if (descr.substr(i) == "2") {
      out.dtype = TNP_RT_DTYPE_BFLOAT16;
      out.swap = false;
      return nullptr;
    }
    return unsupported("raw void data is not supported (only 2-byte void "
                       "arrays, ml_dtypes' bfloat16, are read: as "
                       "bfloat16)");
  case 'U':
  case 'S':
  case 'a':
    return unsupported("string arrays are not supported");
  case 'M':
  case 'm':
    return unsupported("datetime and timedelta arrays are not supported");
  default:
    break;
  }
  if (sizeText.empty() || sizeText.size() > 3 ||
      sizeText.find_first_not_of("0123456789") != std::string::npos)
    return makeStatus(TNP_RT_STATUS_VALUE,
                      quoted(name) + ": malformed .npy header: descr " +
                          quoted(printable(descr)) + " is not a dtype");
  int size = std::atoi(sizeText.c_str());
  int code = -1;
  switch (kind) {
  case 'b':
    if (size == 1)
      code = TNP_RT_DTYPE_BOOL;
    break;
  case 'i':
    code = size == 1   ? TNP_RT_DTYPE_INT8
           : size == 2 ? TNP_RT_DTYPE_INT16
           : size == 4 ? TNP_RT_DTYPE_INT32
           : size == 8 ? TNP_RT_DTYPE_INT64
                       : -1;
    break;
  case 'u':
    code = size == 1   ? TNP_RT_DTYPE_UINT8
           : size == 2 ? TNP_RT_DTYPE_UINT16
           : size == 4 ? TNP_RT_DTYPE_UINT32
           : size == 8 ? TNP_RT_DTYPE_UINT64
                       : -1;
    break;
  case 'f':
    if (size == 12 || size == 16)
      return unsupported("long double (float96/float128) arrays are not "
                         "supported");
    code = size == 2   ? TNP_RT_DTYPE_FLOAT16
           : size == 4 ? TNP_RT_DTYPE_FLOAT32
           : size == 8 ? TNP_RT_DTYPE_FLOAT64
                       : -1;
    break;
  case 'c':
    if (size == 24 || size == 32)
      return unsupported("long double complex (complex192/complex256) arrays "
                         "are not supported");
    code = size == 8 ? TNP_RT_DTYPE_COMPLEX64
           : size == 16 ? TNP_RT_DTYPE_COMPLEX128
                        : -1;
    break;
  default:
    break;
  }
  if (code < 0)
    return makeStatus(TNP_RT_STATUS_VALUE,
                      quoted(name) + ": malformed .npy header: descr " +
                          quoted(printable(descr)) + " is not a dtype");
  out.dtype = static_cast<tnp_rt_dtype_t>(code);
  out.swap = order == '>' && size > 1;
  return nullptr;
}

tnp_rt_status_t parseHeaderDict(const std::string &header,
                                const std::string &name, NpyHeader &out) {
  auto malformed = [&](const std::string &why) {
    return makeStatus(TNP_RT_STATUS_VALUE,
                      quoted(name) + ": malformed .npy header: " + why +
                          "; header: " + printable(header));
  };
  PyValue dict;
  LiteralParser parser(header);
  if (!parser.parse(dict))
    return malformed("cannot parse it (" + parser.error + ")");
  if (dict.kind != PyValue::Dict)
    return malformed("it is not a dictionary");
  const PyValue *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (auto &entry : dict.entries) {
    const PyValue **slot = entry.first == "descr"           ? &descr
                           : entry.first == "fortran_order" ? &fortran
                           : entry.first == "shape"         ? &shape
                                                            : nullptr;
    if (!slot)
      return malformed("unexpected key " + quoted(printable(entry.first)) +
                       " (the keys must be 'descr', 'fortran_order', 'shape')");
    if (*slot)
      return malformed("repeated key " + quoted(entry.first));
    *slot = &entry.second;
  }
  if (!descr || !fortran || !shape)
    return malformed(std::string("missing key ") +
                     (!descr     ? "'descr'"
                      : !fortran ? "'fortran_order'"
                                 : "'shape'"));
  if (shape->kind != PyValue::Tuple)
    return malformed("shape is not a tuple");
  if (shape->items.size() > TNP_RT_MAX_RANK)
    return makeStatus(TNP_RT_STATUS_UNSUPPORTED,
                      quoted(name) + ": the array has " +
                          std::to_string(shape->items.size()) +
                          " dimensions; at most " +
                          std::to_string(TNP_RT_MAX_RANK) + " are supported");
  out.rank = static_cast<int32_t>(shape->items.size());
  for (int32_t i = 0; i < out.rank; ++i) {
    const PyValue &dim = shape->items[i];
    if (dim.kind != PyValue::Int || dim.integer < 0 || dim.intOverflow)
      return malformed("shape is not a tuple of non-negative integers");
    out.shape[i] = dim.integer;
  }
  if (fortran->kind != PyValue::Bool)
    return malformed("fortran_order is not True or False");
  out.fortran = fortran->boolean;
  if (descr->kind == PyValue::List)
    return makeStatus(TNP_RT_STATUS_UNSUPPORTED,
                      quoted(name) +
                          ": structured arrays (a list of fields as descr) "
                          "are not supported");
  if (descr->kind != PyValue::Str)
    return malformed("descr is not a string");
  return parseDescr(descr->str, name, out);
}

/// Reads the preamble and the header. `read(dst, n)` returns how many bytes
/// it read. On success *outHeaderEnd is the offset of the data.
template <typename ReadFn>
tnp_rt_status_t readHeader(ReadFn &&read, const std::string &name,
                           NpyHeader &out, size_t *outHeaderEnd) {
  unsigned char preamble[12];
  size_t got = read(preamble, 8);
  size_t magicBytes = got < 6 ? got : 6;
  if (std::memcmp(preamble, kMagic, magicBytes) != 0)
    return makeStatus(TNP_RT_STATUS_VALUE,
                      quoted(name) +
                          ": not a .npy file (bad magic: it does not start "
                          "with \"\\x93NUMPY\")");
  if (got < 8)
    return makeStatus(TNP_RT_STATUS_IO,
                      quoted(name) + ": truncated .npy file: " +
                          std::to_string(got) +
                          " bytes, too short for the magic and version");
  unsigned major = preamble[6], minor = preamble[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return makeStatus(TNP_RT_STATUS_VALUE,
                      quoted(name) + ": unsupported .npy format version " +
                          std::to_string(major) + "." + std::to_string(minor) +
                          " (1.0, 2.0 and 3.0 are supported)");
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (read(preamble + 8, lengthBytes) != lengthBytes)
    return makeStatus(TNP_RT_STATUS_IO,
                      quoted(name) + ": truncated .npy file: it ends inside "
                                     "the header length");
  size_t headerLength = preamble[8] | (size_t(preamble[9]) << 8);
  if (lengthBytes == 4)
    headerLength |= (size_t(preamble[10]) << 16) | (size_t(preamble[11]) << 24);
  std::string header(headerLength, '\0');
  size_t headerGot = headerLength ? read(&header[0], headerLength) : 0;
  if (headerGot != headerLength)
    return makeStatus(TNP_RT_STATUS_IO,
                      quoted(name) + ": truncated .npy file: the header "
                                     "should have " +
                          std::to_string(headerLength) + " bytes but only " +
                          std::to_string(headerGot) + " follow");
  if (tnp_rt_status_t status = parseHeaderDict(header, name, out))
    return status;
  *outHeaderEnd = 8 + lengthBytes + headerLength;
  return nullptr;
}

void byteSwapInPlace(void *data, size_t count, size_t itemsize,
                     tnp_rt_dtype_t dtype) {
  size_t unit = (dtype == TNP_RT_DTYPE_COMPLEX64 ||
                 dtype == TNP_RT_DTYPE_COMPLEX128)
                    ? itemsize / 2
                    : itemsize;
  unsigned char *p = static_cast<unsigned char *>(data);
  size_t units = count * (itemsize / unit);
  for (size_t u = 0; u < units; ++u, p += unit)
    for (size_t a = 0, b = unit - 1; a < b; ++a, --b) {
      unsigned char t = p[a];
      p[a] = p[b];
      p[b] = t;
    }
}

/// Reads the data after the header into a new array. `read` as above;
/// `atEnd()` tells whether any byte follows the data.
template <typename ReadFn, typename AtEndFn>
tnp_rt_status_t readArray(ReadFn &&read, AtEndFn &&trailingBytes,
                          const std::string &name, tnp_rt_array_t **out) {
  NpyHeader header;
  size_t headerEnd = 0;
  if (tnp_rt_status_t status = readHeader(read, name, header, &headerEnd))
    return status;
  tnp_rt_array_t *array = nullptr;
  if (tnp_rt_status_t status =
          tnp_rt_array_allocate(tnp_rt_device_host(), header.dtype, header.rank,
                                header.shape, &array)) {
    if (tnp_rt_status_code(status) == TNP_RT_STATUS_VALUE) {
      std::string message = quoted(name) + ": " + tnp_rt_status_message(status);
      tnp_rt_status_free(status);
      return makeStatus(TNP_RT_STATUS_VALUE, message);
    }
    return status;
  }
  const size_t bytes = tnp_rt_array_byte_size(array);
  const size_t itemsize = tnp_rt_dtype_itemsize(header.dtype);
  const int64_t count = tnp_rt_array_element_count(array);
  const bool transpose = header.fortran && header.rank > 1 && count > 1;

  std::unique_ptr<unsigned char[]> staging;
  void *target = tnp_rt_array_data(array);
  if (transpose) {
    staging.reset(new (std::nothrow) unsigned char[bytes]);
    if (!staging) {
      tnp_rt_array_release(array);
      return makeStatus(TNP_RT_STATUS_OUT_OF_MEMORY,
                        quoted(name) + ": cannot allocate " +
                            std::to_string(bytes) +
                            " bytes to transpose Fortran-order data");
    }
    target = staging.get();
  }
  size_t got = bytes ? read(target, bytes) : 0;
  if (got != bytes) {
    tnp_rt_array_release(array);
    return makeStatus(
        TNP_RT_STATUS_IO,
        quoted(name) + ": truncated .npy file: the header promises shape " +
            shapeText(header.rank, header.shape) + " of " +
            tnp_rt_dtype_name(header.dtype) + " (" + std::to_string(bytes) +
            " data bytes) but only " + std::to_string(got) + " follow");
  }
  size_t extra = trailingBytes();
  if (extra) {
    tnp_rt_array_release(array);
    return makeStatus(TNP_RT_STATUS_VALUE,
                      quoted(name) + ": " + std::to_string(extra) +
                          " unexpected bytes follow the data of shape " +
                          shapeText(header.rank, header.shape) + " of " +
                          tnp_rt_dtype_name(header.dtype) +
                          " (the header does not match the file size)");
  }
  if (header.swap)
    byteSwapInPlace(target, size_t(count), itemsize, header.dtype);
  if (transpose) {
    int64_t strides[TNP_RT_MAX_RANK];
    int64_t stride = static_cast<int64_t>(itemsize);
    for (int32_t i = 0; i < header.rank; ++i) {
      strides[i] = stride;
      stride *= header.shape[i];
    }
    stridedCopyToContiguous(tnp_rt_array_data(array), staging.get(),
                            header.rank, header.shape, strides, itemsize);
  }
  if (header.dtype == TNP_RT_DTYPE_BOOL) {
    // tnp's bools are 0 or 1 (compiled code truncates a byte to i1).
    unsigned char *p = static_cast<unsigned char *>(tnp_rt_array_data(array));
    for (int64_t i = 0; i < count; ++i)
      p[i] = p[i] != 0;
  }
  *out = array;
  return nullptr;
}

const char *descrOf(tnp_rt_dtype_t dtype) {
  switch (dtype) {
  case TNP_RT_DTYPE_BOOL: return "|b1";
  case TNP_RT_DTYPE_UINT8: return "|u1";
  case TNP_RT_DTYPE_UINT16: return "<u2";
  case TNP_RT_DTYPE_UINT32: return "<u4";
  case TNP_RT_DTYPE_UINT64: return "<u8";
  case TNP_RT_DTYPE_INT8: return "|i1";
  case TNP_RT_DTYPE_INT16: return "<i2";
  case TNP_RT_DTYPE_INT32: return "<i4";
  case TNP_RT_DTYPE_INT64: return "<i8";
  case TNP_RT_DTYPE_FLOAT16: return "<f2";
  // What np.save writes for an ml_dtypes bfloat16 array (NumPy reads it back
  // as raw void; `.view(ml_dtypes.bfloat16)` restores it).
  case TNP_RT_DTYPE_BFLOAT16: return "<V2";
  case TNP_RT_DTYPE_FLOAT32: return "<f4";
  case TNP_RT_DTYPE_FLOAT64: return "<f8";
  case TNP_RT_DTYPE_COMPLEX64: return "<c8";
  case TNP_RT_DTYPE_COMPLEX128: return "<c16";
  default: return nullptr;
  }
}

std::string ioError(const std::string &what, const std::string &path) {
  return quoted(path) + ": " + what + ": " + std::strerror(errno);
}

} // namespace
} // namespace rt
} // namespace tnp

using namespace tnp::rt;

extern "C" {

tnp_rt_status_t tnp_rt_npy_read_memory(const void *data, size_t byte_size,
                                       const char *name,
                                       tnp_rt_array_t **out_array) {
  if (!out_array)
    return nullArgument("tnp_rt_npy_read_memory", "out_array");
  if (!data && byte_size)
    return nullArgument("tnp_rt_npy_read_memory", "data");
  std::string displayName = name ? name : "<memory>";
  const unsigned char *bytes = static_cast<const unsigned char *>(data);
  size_t pos = 0;
  auto read = [&](void *dst, size_t n) {
    size_t avail = byte_size - pos;
    size_t take = n < avail ? n : avail;
    if (take)
      std::memcpy(dst, bytes + pos, take);
    pos += take;
    return take;
  };
  auto trailing = [&]() { return byte_size - pos; };
  try {
    return readArray(read, trailing, displayName, out_array);
  } catch (...) {
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "out of memory while reading a .npy file");
  }
}

tnp_rt_status_t tnp_rt_npy_read_file(const char *path,
                                     tnp_rt_array_t **out_array) {
  if (!out_array)
    return nullArgument("tnp_rt_npy_read_file", "out_array");
  if (!path)
    return nullArgument("tnp_rt_npy_read_file", "path");
  FILE *file = std::fopen(path, "rb");
  if (!file)
    return makeStatus(TNP_RT_STATUS_IO, ioError("cannot open for reading", path));
  bool readFailed = false;
  auto read = [&](void *dst, size_t n) {
    size_t got = std::fread(dst, 1, n, file);
    if (got != n && std::ferror(file))
      readFailed = true;
    return got;
  };
  auto trailing = [&]() -> size_t {
    char buf[4096];
    size_t extra = 0, n;
    while ((n = std::fread(buf, 1, sizeof(buf), file)) > 0)
      extra += n;
    return extra;
  };
  tnp_rt_status_t status;
  try {
    status = readArray(read, trailing, path, out_array);
  } catch (...) {
    status = tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                  "out of memory while reading a .npy file");
  }
  int savedErrno = errno;
  std::fclose(file);
  if (readFailed) {
    if (!status) {
      tnp_rt_array_release(*out_array);
      *out_array = nullptr;
    }
    tnp_rt_status_free(status);
    errno = savedErrno;
    return makeStatus(TNP_RT_STATUS_IO, ioError("read error", path));
  }
  return status;
}

tnp_rt_status_t tnp_rt_npy_write_file(const char *path,
                                      const tnp_rt_array_t *array) {
  if (!path)
    return nullArgument("tnp_rt_npy_write_file", "path");
  if (!array)
    return nullArgument("tnp_rt_npy_write_file", "array");
  tnp_rt_dtype_t dtype = tnp_rt_array_dtype(array);
  const char *descr = descrOf(dtype);
  if (!descr)
    return makeStatus(TNP_RT_STATUS_UNSUPPORTED,
                      quoted(path) + ": cannot write a " +
                          tnp_rt_dtype_name(dtype) +
                          " array as .npy: NumPy has no such dtype");
  const void *data = tnp_rt_array_data(array);
  if (!data && tnp_rt_array_byte_size(array))
    return makeStatus(TNP_RT_STATUS_INVALID_ARGUMENT,
                      quoted(path) + ": the array is not on the host");
  int32_t rank = tnp_rt_array_rank(array);
  const int64_t *shape = tnp_rt_array_shape(array);

  std::string header;
  try {
    // NumPy 1.24's _write_array_header: sorted keys, repr of each value,
    // room for the first axis to grow, then padding to 64 bytes.
    header = std::string("{'descr': '") + descr +
             "', 'fortran_order': False, 'shape': " + shapeText(rank, shape) +
             ", }";
    if (rank > 0) {
      size_t digits = std::to_string(shape[0]).size();
      header.append(kGrowthAxisMaxDigits - digits, ' ');
    }
    size_t lengthBytes = 2;
    unsigned major = 1;
    if (header.size() + 1 + 64 > 65535) {
      lengthBytes = 4;
      major = 2;
    }
    size_t hlen = header.size() + 1;
    size_t padlen = kArrayAlign - ((6 + 2 + lengthBytes + hlen) % kArrayAlign);
    header.append(padlen, ' ');
    header.push_back('\n');
    size_t total = header.size();
    std::string prefix(reinterpret_cast<const char *>(kMagic), 6);
    prefix.push_back(static_cast<char>(major));
    prefix.push_back(0);
    for (size_t i = 0; i < lengthBytes; ++i)
      prefix.push_back(static_cast<char>((total >> (8 * i)) & 0xFF));
    header.insert(0, prefix);
  } catch (...) {
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "out of memory while writing a .npy file");
  }

  FILE *file = std::fopen(path, "wb");
  if (!file)
    return makeStatus(TNP_RT_STATUS_IO, ioError("cannot open for writing", path));
  size_t bytes = tnp_rt_array_byte_size(array);
  bool ok = std::fwrite(header.data(), 1, header.size(), file) == header.size();
  if (ok && bytes)
    ok = std::fwrite(data, 1, bytes, file) == bytes;
  int savedErrno = errno;
  if (std::fclose(file) != 0 && ok) {
    ok = false;
    savedErrno = errno;
  }
  if (!ok) {
    errno = savedErrno;
    return makeStatus(TNP_RT_STATUS_IO, ioError("write error", path));
  }
  return nullptr;
}

} // extern "C"
