//===- Print.cpp - Printing arrays as NumPy 1.24 does ---------------------===//
//
// Part of tnp.
//
// A port of numpy/core/arrayprint.py (NumPy 1.24) with the default print
// options: array2string's layout (_formatArray, _extendLine), the element
// formatters (IntegerFormat, BoolFormat, FloatingFormat with floatmode
// 'maxprec', ComplexFloatingFormat), array_str's 0-d rule (the scalar's str)
// and array_repr's dtype suffix. The floats themselves go through
// FloatFormat.h's Dragon4 equivalent.
//
//===----------------------------------------------------------------------===//

#include "FloatFormat.h"
#include "Internal.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace tnp {
namespace rt {
namespace {

constexpr int kLineWidth = 75;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;
constexpr int kPrecision = 8;

//===----------------------------------------------------------------------===//
// Element access
//===----------------------------------------------------------------------===//

struct ElementReader {
  const unsigned char *data;
  tnp_rt_dtype_t dtype;
  size_t itemsize;

  template <typename T> T load(int64_t i, size_t part = 0) const {
    T v;
    std::memcpy(&v, data + size_t(i) * itemsize + part * sizeof(T), sizeof(T));
    return v;
  }

  bool isComplex() const {
    return dtype == TNP_RT_DTYPE_COMPLEX64 || dtype == TNP_RT_DTYPE_COMPLEX128;
  }
  bool isFloat() const {
    return dtype == TNP_RT_DTYPE_FLOAT16 || dtype == TNP_RT_DTYPE_BFLOAT16 ||
           dtype == TNP_RT_DTYPE_FLOAT32 || dtype == TNP_RT_DTYPE_FLOAT64;
  }
  bool isUnsigned() const {
    return dtype == TNP_RT_DTYPE_UINT8 || dtype == TNP_RT_DTYPE_UINT16 ||
           dtype == TNP_RT_DTYPE_UINT32 || dtype == TNP_RT_DTYPE_UINT64;
  }

  FloatKind floatKind() const {
    switch (dtype) {
    case TNP_RT_DTYPE_FLOAT16: return FloatKind::Float16;
    case TNP_RT_DTYPE_BFLOAT16: return FloatKind::BFloat16;
    case TNP_RT_DTYPE_FLOAT32:
    case TNP_RT_DTYPE_COMPLEX64: return FloatKind::Float32;
    default: return FloatKind::Float64;
    }
  }

  double real(int64_t i) const {
    switch (dtype) {
    case TNP_RT_DTYPE_FLOAT16: return halfToFloat(load<uint16_t>(i));
    case TNP_RT_DTYPE_BFLOAT16: return bfloat16ToFloat(load<uint16_t>(i));
    case TNP_RT_DTYPE_FLOAT32:
    case TNP_RT_DTYPE_COMPLEX64: return load<float>(i);
    default: return load<double>(i);
    }
  }
  double imag(int64_t i) const {
    return dtype == TNP_RT_DTYPE_COMPLEX64 ? double(load<float>(i, 1))
                                           : load<double>(i, 1);
  }
  int64_t signedValue(int64_t i) const {
    switch (dtype) {
    case TNP_RT_DTYPE_INT8: return load<int8_t>(i);
    case TNP_RT_DTYPE_INT16: return load<int16_t>(i);
    case TNP_RT_DTYPE_INT32: return load<int32_t>(i);
    default: return load<int64_t>(i);
    }
  }
  uint64_t unsignedValue(int64_t i) const {
    switch (dtype) {
    case TNP_RT_DTYPE_UINT8: return load<uint8_t>(i);
    case TNP_RT_DTYPE_UINT16: return load<uint16_t>(i);
    case TNP_RT_DTYPE_UINT32: return load<uint32_t>(i);
    default: return load<uint64_t>(i);
    }
  }
  bool boolValue(int64_t i) const { return load<uint8_t>(i) != 0; }
};

std::string rstrip(const std::string &s) {
  size_t end = s.find_last_not_of(" \t\n\r\f\v");
  return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

std::string spaces(long n) { return n > 0 ? std::string(size_t(n), ' ') : ""; }

//===----------------------------------------------------------------------===//
// Element formatters (arrayprint.py's *Format classes)
//===----------------------------------------------------------------------===//

/// FloatingFormat with floatmode 'maxprec', precision 8, suppress_small
/// False, and sign '-' or '+'.
class FloatingFormat {
public:
  FloatingFormat(const std::vector<double> &data, FloatKind kind, char sign)
      : kind(kind), sign(sign) {
    fillFormat(data);
  }

  std::string operator()(double x) const {
    if (!std::isfinite(x)) {
      std::string ret;
      if (std::isnan(x))
        ret = std::string(sign == '+' ? "+" : "") + "nan";
      else
        ret = std::string(x < 0 ? "-" : sign == '+' ? "+" : "") + "inf";
      return spaces(long(padLeft) + padRight + 1 - long(ret.size())) + ret;
    }
    Dragon4Options opts;
    opts.scientific = expFormat;
    opts.precision = precision;
    opts.minDigits = minDigits;
    opts.trim = trim;
    opts.sign = sign == '+';
    opts.padLeft = padLeft;
    if (expFormat)
      opts.expDigits = expSize;
    else
      opts.padRight = padRight;
    return dragon4(x, kind, opts);
  }

private:
  void fillFormat(const std::vector<double> &data) {
    std::vector<double> finite;
    bool anyNegInf = false;
    for (double x : data) {
      if (std::isfinite(x))
        finite.push_back(x);
      else if (std::isinf(x) && x < 0)
        anyNegInf = true;
    }
    bool haveNonZero = false;
    double maxVal = 0, minVal = 0;
    for (double x : finite) {
      if (x == 0)
        continue;
      double a = std::fabs(x);
      if (!haveNonZero) {
        maxVal = minVal = a;
        haveNonZero = true;
      } else {
        maxVal = std::max(maxVal, a);
        minVal = std::min(minVal, a);
      }
    }
    if (haveNonZero) {
      // max_val / min_val is computed in the array's dtype (it can overflow
      // to inf in float16); the comparisons with the Python floats are done
      // in float64.
      double ratio = roundToKind(maxVal / minVal, kind);
      if (maxVal >= 1.e8 || minVal < 0.0001 || ratio > 1000.)
        expFormat = true;
    }

    if (finite.empty()) {
      padLeft = 0;
      padRight = 0;
      trim = Trim::Zeros;
      expSize = -1;
      minDigits = -1;
    } else if (expFormat) {
      Dragon4Options opts;
      opts.scientific = true;
      opts.precision = precision;
      opts.trim = Trim::Zeros;
      opts.sign = sign == '+';
      size_t maxInt = 0, maxFrac = 0, maxExp = 0;
      for (double x : finite) {
        std::string s = dragon4(x, kind, opts);
        size_t e = s.find('e');
        std::string mantissa = s.substr(0, e);
        std::string exponent = e == std::string::npos ? "" : s.substr(e + 1);
        size_t dot = mantissa.find('.');
        maxInt = std::max(maxInt, dot);
        maxFrac = std::max(maxFrac, mantissa.size() - dot - 1);
        maxExp = std::max(maxExp, exponent.size());
      }
      expSize = int(maxExp) - 1;
      trim = Trim::None;
      precision = int(maxFrac);
      minDigits = precision;
      padLeft = int(maxInt);
      padRight = expSize + 2 + precision;
    } else {
      Dragon4Options opts;
      opts.precision = precision;
      opts.trim = Trim::Zeros;
      opts.sign = sign == '+';
      size_t maxInt = 0, maxFrac = 0;
      for (double x : finite) {
        std::string s = dragon4(x, kind, opts);
        size_t dot = s.find('.');
        maxInt = std::max(maxInt, dot);
        maxFrac = std::max(maxFrac, s.size() - dot - 1);
      }
      padLeft = int(maxInt);
      padRight = int(maxFrac);
      expSize = -1;
      trim = Trim::Zeros;
      minDigits = 0;
    }

    if (finite.size() != data.size()) {
      bool negInf = sign != '-' || anyNegInf;
      int nanLen = 3;
      int infLen = 3 + (negInf ? 1 : 0);
      int offset = padRight + 1;
      padLeft = std::max({padLeft, nanLen - offset, infLen - offset});
    }
  }

  FloatKind kind;
  char sign;
  bool expFormat = false;
  int precision = kPrecision;
  int minDigits = -1;
  Trim trim = Trim::Zeros;
  int padLeft = 0;
  int padRight = 0;
  int expSize = -1;
};

/// Formats the element at a flat index.
using ElementFormatter = std::function<std::string(int64_t)>;

/// _get_format_function for the elements at `visible` flat indices.
ElementFormatter makeFormatter(const ElementReader &reader,
                               const std::vector<int64_t> &visible,
                               bool zeroDim) {
  if (reader.dtype == TNP_RT_DTYPE_BOOL) {
    std::string trueStr = zeroDim ? "True" : " True";
    return [reader, trueStr](int64_t i) {
      return reader.boolValue(i) ? trueStr : std::string("False");
    };
  }
  if (reader.isComplex()) {
    std::vector<double> re, im;
    for (int64_t i : visible) {
      re.push_back(reader.real(i));
      im.push_back(reader.imag(i));
    }
    FloatingFormat realFormat(re, reader.floatKind(), '-');
    FloatingFormat imagFormat(im, reader.floatKind(), '+');
    return [reader, realFormat, imagFormat](int64_t i) {
      std::string r = realFormat(reader.real(i));
      std::string m = imagFormat(reader.imag(i));
      size_t sp = rstrip(m).size();
      return r + m.substr(0, sp) + "j" + m.substr(sp);
    };
  }
  if (reader.isFloat()) {
    std::vector<double> values;
    for (int64_t i : visible)
      values.push_back(reader.real(i));
    FloatingFormat format(values, reader.floatKind(), '-');
    return [reader, format](int64_t i) { return format(reader.real(i)); };
  }
  // IntegerFormat: right-justified to the widest of str(max) and str(min).
  size_t width = 0;
  if (reader.isUnsigned()) {
    for (int64_t i : visible)
      width = std::max(width, std::to_string(reader.unsignedValue(i)).size());
    return [reader, width](int64_t i) {
      std::string s = std::to_string(reader.unsignedValue(i));
      return spaces(long(width) - long(s.size())) + s;
    };
  }
  for (int64_t i : visible)
    width = std::max(width, std::to_string(reader.signedValue(i)).size());
  return [reader, width](int64_t i) {
    std::string s = std::to_string(reader.signedValue(i));
    return spaces(long(width) - long(s.size())) + s;
  };
}

//===----------------------------------------------------------------------===//
// Scalars (the str of NumPy's scalar types)
//===----------------------------------------------------------------------===//

/// scalartypes.c's *_either: positional for 0 and 1e-4 <= |x| < 1e16, else
/// scientific; no precision limit.
std::string floatEither(double x, FloatKind kind, Trim trimPos, Trim trimSci,
                        bool sign) {
  double a = std::fabs(x);
  Dragon4Options opts;
  opts.sign = sign;
  if (a == 0 || (a < 1.e16 && a >= 1.e-4)) {
    opts.trim = trimPos;
  } else {
    opts.scientific = true;
    opts.trim = trimSci;
  }
  return dragon4(x, kind, opts);
}

std::string scalarStr(const ElementReader &reader, int64_t i) {
  if (reader.dtype == TNP_RT_DTYPE_BOOL)
    return reader.boolValue(i) ? "True" : "False";
  if (reader.isComplex()) {
    double re = reader.real(i), im = reader.imag(i);
    FloatKind kind = reader.floatKind();
    auto part = [&](double v, bool sign) -> std::string {
      if (std::isnan(v))
        return sign ? "+nan" : "nan";
      if (std::isinf(v))
        return v > 0 ? (sign ? "+inf" : "inf") : "-inf";
      return floatEither(v, kind, Trim::DptZeros, Trim::DptZeros, sign);
    };
    if (re == 0 && !std::signbit(re)) {
      std::string s = std::isfinite(im)
                          ? floatEither(im, kind, Trim::DptZeros,
                                        Trim::DptZeros, false)
                          : part(im, false);
      return s + "j";
    }
    return "(" + part(re, false) + part(im, true) + "j)";
  }
  if (reader.isFloat()) {
    double v = reader.real(i);
    if (std::isnan(v))
      return "nan";
    if (std::isinf(v))
      return v > 0 ? "inf" : "-inf";
    return floatEither(v, reader.floatKind(), Trim::LeaveOneZero,
                       Trim::DptZeros, false);
  }
  if (reader.isUnsigned())
    return std::to_string(reader.unsignedValue(i));
  return std::to_string(reader.signedValue(i));
}

//===----------------------------------------------------------------------===//
// Layout (_formatArray)
//===----------------------------------------------------------------------===//

void extendLine(std::string &s, std::string &line, const std::string &word,
                long lineWidth, const std::string &nextLinePrefix) {
  bool needsWrap = long(line.size() + word.size()) > lineWidth;
  if (line.size() <= nextLinePrefix.size())
    needsWrap = false;
  if (needsWrap) {
    s += rstrip(line) + "\n";
    line = nextLinePrefix;
  }
  line += word;
}

void extendLinePretty(std::string &s, std::string &line,
                      const std::string &word, long lineWidth,
                      const std::string &nextLinePrefix) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= word.size()) {
    size_t nl = word.find('\n', start);
    if (nl == std::string::npos) {
      if (start < word.size())
        words.push_back(word.substr(start));
      break;
    }
    words.push_back(word.substr(start, nl - start));
    start = nl + 1;
  }
  if (words.size() == 1) {
    extendLine(s, line, word, lineWidth, nextLinePrefix);
    return;
  }
  size_t maxWordLength = 0;
  for (auto &w : words)
    maxWordLength = std::max(maxWordLength, w.size());
  std::string indent;
  if (long(line.size() + maxWordLength) > lineWidth &&
      line.size() > nextLinePrefix.size()) {
    s += rstrip(line) + "\n";
    line = nextLinePrefix + (words.empty() ? "" : words[0]);
    indent = nextLinePrefix;
  } else {
    indent = std::string(line.size(), ' ');
    if (!words.empty())
      line += words[0];
  }
  for (size_t k = 1; k < words.size(); ++k) {
    s += rstrip(line) + "\n";
    line = indent + words[k];
  }
  if (!words.empty())
    line += spaces(long(maxWordLength) - long(words.back().size()));
}

class ArrayFormatter {
public:
  ArrayFormatter(int32_t rank, const int64_t *shape, ElementFormatter format,
                 std::string separator, bool summarize)
      : rank(rank), shape(shape), format(std::move(format)),
        separator(std::move(separator)), summarize(summarize) {
    int64_t stride = 1;
    for (int32_t i = rank - 1; i >= 0; --i) {
      strides[i] = stride;
      stride *= shape[i];
    }
  }

  std::string run(long lineWidth, const std::string &nextLinePrefix) {
    int64_t index[TNP_RT_MAX_RANK] = {};
    return recurse(index, 0, nextLinePrefix, lineWidth);
  }

private:
  std::string recurse(int64_t *index, int32_t axis,
                      const std::string &hangingIndent, long currWidth) {
    const int32_t axesLeft = rank - axis;
    if (axesLeft == 0) {
      int64_t flat = 0;
      for (int32_t i = 0; i < rank; ++i)
        flat += index[i] * strides[i];
      return format(flat);
    }
    const std::string nextHangingIndent = hangingIndent + " ";
    const long nextWidth = currWidth - 1; // len(']')
    const int64_t aLen = shape[axis];
    const bool showSummary = summarize && 2 * kEdgeItems < aLen;
    const int64_t leadingItems = showSummary ? kEdgeItems : 0;
    const int64_t trailingItems = showSummary ? kEdgeItems : aLen;

    auto child = [&](int64_t i) {
      index[axis] = i;
      return recurse(index, axis + 1, nextHangingIndent, nextWidth);
    };

    std::string s;
    if (axesLeft == 1) {
      const long elemWidth =
          currWidth - long(std::max<size_t>(rstrip(separator).size(), 1));
      std::string line = hangingIndent;
      for (int64_t i = 0; i < leadingItems; ++i) {
        extendLinePretty(s, line, child(i), elemWidth, hangingIndent);
        line += separator;
      }
      if (showSummary) {
        extendLine(s, line, "...", elemWidth, hangingIndent);
        line += separator;
      }
      for (int64_t i = trailingItems; i > 1; --i) {
        extendLinePretty(s, line, child(aLen - i), elemWidth, hangingIndent);
        line += separator;
      }
      extendLinePretty(s, line, child(aLen - 1), elemWidth, hangingIndent);
      s += line;
    } else {
      const std::string lineSep =
          rstrip(separator) + std::string(size_t(axesLeft - 1), '\n');
      for (int64_t i = 0; i < leadingItems; ++i)
        s += hangingIndent + child(i) + lineSep;
      if (showSummary)
        s += hangingIndent + "..." + lineSep;
      for (int64_t i = trailingItems; i > 1; --i)
        s += hangingIndent + child(aLen - i) + lineSep;
      s += hangingIndent + child(aLen - 1);
    }
    index[axis] = 0;
    return "[" + s.substr(hangingIndent.size()) + "]";
  }

  int32_t rank;
  const int64_t *shape;
  int64_t strides[TNP_RT_MAX_RANK];
  ElementFormatter format;
  std::string separator;
  bool summarize;
};

/// The flat indices _leading_trailing keeps (all of them when not
/// summarizing), in row-major order.
void collectVisible(int32_t rank, const int64_t *shape, bool summarize,
                    int32_t axis, int64_t flat, std::vector<int64_t> &out) {
  if (axis == rank) {
    out.push_back(flat);
    return;
  }
  int64_t stride = 1;
  for (int32_t i = axis + 1; i < rank; ++i)
    stride *= shape[i];
  const int64_t n = shape[axis];
  for (int64_t i = 0; i < n; ++i) {
    if (summarize && n > 2 * kEdgeItems && i == kEdgeItems)
      i = n - kEdgeItems;
    collectVisible(rank, shape, summarize, axis + 1, flat + i * stride, out);
  }
}

/// np.array2string(a, separator=separator, prefix=prefix) with the line
/// width reduced by `suffixLength`, as array_repr passes suffix.
std::string array2string(const tnp_rt_array_t *array,
                         const ElementReader &reader,
                         const std::string &separator,
                         const std::string &prefix, size_t suffixLength) {
  const int32_t rank = tnp_rt_array_rank(array);
  const int64_t *shape = tnp_rt_array_shape(array);
  const int64_t size = tnp_rt_array_element_count(array);
  const long lineWidth = kLineWidth - long(suffixLength);
  if (size == 0)
    return "[]";
  const bool summarize = size > kThreshold;
  std::vector<int64_t> visible;
  collectVisible(rank, shape, summarize, 0, 0, visible);
  ElementFormatter format = makeFormatter(reader, visible, rank == 0);
  if (rank == 0)
    return format(0);
  const std::string nextLinePrefix = " " + std::string(prefix.size(), ' ');
  ArrayFormatter formatter(rank, shape, format, separator, summarize);
  return formatter.run(lineWidth, nextLinePrefix);
}

std::string shapeRepr(int32_t rank, const int64_t *shape) {
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

std::string formatArray(const tnp_rt_array_t *array,
                        tnp_rt_print_style_t style) {
  ElementReader reader{
      static_cast<const unsigned char *>(tnp_rt_array_data(array)),
      tnp_rt_array_dtype(array), tnp_rt_dtype_itemsize(tnp_rt_array_dtype(array))};
  const int32_t rank = tnp_rt_array_rank(array);
  const int64_t *shape = tnp_rt_array_shape(array);
  const int64_t size = tnp_rt_array_element_count(array);

  if (style == TNP_RT_PRINT_STR) {
    if (rank == 0)
      return scalarStr(reader, 0);
    return array2string(array, reader, " ", "", 0);
  }

  // array_repr.
  const tnp_rt_dtype_t dtype = reader.dtype;
  const bool implied = dtype == TNP_RT_DTYPE_INT64 ||
                       dtype == TNP_RT_DTYPE_FLOAT64 ||
                       dtype == TNP_RT_DTYPE_COMPLEX128 ||
                       dtype == TNP_RT_DTYPE_BOOL;
  const bool skipDType = implied && size > 0;
  const std::string prefix = "array(";
  const std::string suffix = skipDType ? ")" : ",";
  std::string lst;
  if (size > 0 || (rank == 1 && shape[0] == 0))
    lst = array2string(array, reader, ", ", prefix, suffix.size());
  else
    lst = "[], shape=" + shapeRepr(rank, shape);
  std::string arrStr = prefix + lst + suffix;
  if (skipDType)
    return arrStr;
  const std::string dtypeStr =
      std::string("dtype=") + tnp_rt_dtype_name(dtype) + ")";
  size_t lastNewline = arrStr.rfind('\n');
  size_t lastLineLen =
      arrStr.size() - (lastNewline == std::string::npos ? 0 : lastNewline + 1);
  std::string spacer = " ";
  if (long(lastLineLen + dtypeStr.size() + 1) > kLineWidth)
    spacer = "\n" + std::string(prefix.size(), ' ');
  return arrStr + spacer + dtypeStr;
}

tnp_rt_status_t checkPrintable(const tnp_rt_array_t *array,
                               tnp_rt_print_style_t style, const char *fn) {
  if (!array)
    return nullArgument(fn, "array");
  if (style != TNP_RT_PRINT_STR && style != TNP_RT_PRINT_REPR)
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "%s: %d is not a print style", fn,
                                 static_cast<int>(style));
  if (tnp_rt_array_element_count(array) > 0 && !tnp_rt_array_data(array))
    return tnp_rt_status_createf(TNP_RT_STATUS_INVALID_ARGUMENT,
                                 "%s: the array is not on the host", fn);
  return nullptr;
}

} // namespace
} // namespace rt
} // namespace tnp

using namespace tnp::rt;

extern "C" {

tnp_rt_status_t tnp_rt_array_print(const tnp_rt_array_t *array,
                                   tnp_rt_print_style_t style, FILE *stream) {
  if (tnp_rt_status_t status = checkPrintable(array, style, "tnp_rt_array_print"))
    return status;
  if (!stream)
    return nullArgument("tnp_rt_array_print", "stream");
  std::string text;
  try {
    text = formatArray(array, style);
  } catch (...) {
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "out of memory while printing an array");
  }
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size())
    return tnp_rt_status_create(TNP_RT_STATUS_IO,
                                "tnp_rt_array_print: write error");
  return nullptr;
}

tnp_rt_status_t tnp_rt_array_format(const tnp_rt_array_t *array,
                                    tnp_rt_print_style_t style, char *buffer,
                                    size_t capacity, size_t *out_length) {
  if (tnp_rt_status_t status = checkPrintable(array, style, "tnp_rt_array_format"))
    return status;
  if (!buffer && capacity)
    return nullArgument("tnp_rt_array_format", "buffer");
  std::string text;
  try {
    text = formatArray(array, style);
  } catch (...) {
    return tnp_rt_status_create(TNP_RT_STATUS_OUT_OF_MEMORY,
                                "out of memory while printing an array");
  }
  if (capacity) {
    size_t n = std::min(text.size(), capacity - 1);
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
  }
  if (out_length)
    *out_length = text.size();
  return nullptr;
}

} // extern "C"
