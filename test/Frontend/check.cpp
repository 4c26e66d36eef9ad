//===- check.cpp - The C++ API's functions against NumPy's answers --------===//
//
// Part of tnp. tnp-frontend-check DIR [K/N] runs every case (with K/N: the
// cases whose line number is K modulo N) of DIR/manifest.txt
// (written by Inputs/gen_numpy.py with NumPy 1.24: see its docstring for the
// format) through the C++ embedding API and compares the result with
// NumPy's: dtype, shape, and values (exact for bool and integers; for
// floats within a tolerance of the dtype, NaN equal to NaN), or the class of
// NumPy's exception against the thrown tnp::Error's. Prints one line per
// failure and `N passed, N failed`; exits 1 when a case failed.
//
//===----------------------------------------------------------------------===//

#include "tnp/Array.h"

#include "tnp-runtime/tnp_runtime.h"

#include <cmath>
#include <cstdio>
#include <complex>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

using namespace tnp;

namespace {
struct Arg {
  std::string kind, value;
  Array array;
};

Array load(const std::string &path) {
  tnp_rt_array_t *a = nullptr;
  throwIfError(tnp_rt_npy_read_file(path.c_str(), &a));
  return Array::adopt(a);
}

Operand operand(const Arg &a) {
  if (a.kind == "a")
    return a.array;
  if (a.kind == "i")
    return Scalar(static_cast<int64_t>(std::stoll(a.value)));
  if (a.kind == "f")
    return Scalar(std::stod(a.value));
  return Scalar(a.value == "1");
}

Axes axesOf(const Arg &a) {
  return a.value == "None" ? Axes() : Axes(std::stoll(a.value));
}

DType dtypeOf(const std::string &name) {
  std::optional<DType> t = sem::parseDTypeName(name);
  if (!t)
    throw std::runtime_error("bad dtype " + name);
  return *t;
}

using Fn = std::function<Array(const std::vector<Arg> &)>;

std::map<std::string, Fn> functions() {
  std::map<std::string, Fn> m;
#define UNARY(name) m[#name] = [](const std::vector<Arg> &a) { return name(a[0].array); };
#define BINARY(name)                                                           \
  m[#name] = [](const std::vector<Arg> &a) {                                   \
    return name(operand(a[0]), operand(a[1]));                                 \
  };
  UNARY(negative) UNARY(positive) UNARY(absolute) UNARY(sign) UNARY(square)
  UNARY(reciprocal) UNARY(sqrt) UNARY(exp) UNARY(log) UNARY(log1p)
  UNARY(expm1) UNARY(sin) UNARY(cos) UNARY(tan) UNARY(arcsin) UNARY(arccos)
  UNARY(arctan) UNARY(sinh) UNARY(cosh) UNARY(tanh) UNARY(floor) UNARY(ceil)
  UNARY(round) UNARY(isnan) UNARY(isinf) UNARY(isfinite) UNARY(logical_not)
  UNARY(invert)
  BINARY(add) BINARY(subtract) BINARY(multiply) BINARY(true_divide)
  BINARY(floor_divide) BINARY(mod) BINARY(power) BINARY(maximum)
  BINARY(minimum) BINARY(arctan2) BINARY(equal) BINARY(not_equal) BINARY(less)
  BINARY(less_equal) BINARY(greater) BINARY(greater_equal) BINARY(logical_and)
  BINARY(logical_or) BINARY(logical_xor) BINARY(bitwise_and)
  BINARY(bitwise_or) BINARY(bitwise_xor)
#undef UNARY
#undef BINARY
#define REDUCE(name)                                                           \
  m[#name] = [](const std::vector<Arg> &a) {                                   \
    return name(a[0].array, axesOf(a[1]), a[2].value == "1");                  \
  };
  REDUCE(sum) REDUCE(prod) REDUCE(mean) REDUCE(max) REDUCE(min) REDUCE(any)
  REDUCE(all)
#undef REDUCE
  m["argmax"] = [](const std::vector<Arg> &a) {
    return argmax(a[0].array, a[1].value == "None"
                                  ? std::nullopt
                                  : std::optional<int64_t>(std::stoll(a[1].value)));
  };
  m["argmin"] = [](const std::vector<Arg> &a) {
    return argmin(a[0].array, a[1].value == "None"
                                  ? std::nullopt
                                  : std::optional<int64_t>(std::stoll(a[1].value)));
  };
  m["astype"] = [](const std::vector<Arg> &a) {
    return a[0].array.astype(dtypeOf(a[1].value));
  };
  m["transpose"] = [](const std::vector<Arg> &a) { return a[0].array.T(); };
  m["reshape"] = [](const std::vector<Arg> &a) {
    Shape s;
    std::stringstream ss(a[1].value);
    std::string d;
    while (std::getline(ss, d, ','))
      s.push_back(std::stoll(d));
    return a[0].array.reshape(s);
  };
  m["matmul"] = [](const std::vector<Arg> &a) {
    return matmul(a[0].array, a[1].array);
  };
  m["dot"] = [](const std::vector<Arg> &a) { return dot(a[0].array, a[1].array); };
  m["where"] = [](const std::vector<Arg> &a) {
    return where(a[0].array, a[1].array, a[2].array);
  };
  m["clip"] = [](const std::vector<Arg> &a) {
    return clip(a[0].array, operand(a[1]), operand(a[2]));
  };
  return m;
}

double tolerance(DType t) {
  switch (t) {
  case DType::Float16: return 2e-3;
  case DType::BFloat16: return 1e-2;
  case DType::Float32:
  case DType::Complex64: return 2e-6;
  default: return 1e-12;
  }
}

/// Empty when `got` matches `want`.
std::string compare(const Array &got, const Array &want) {
  if (got.dtype() != want.dtype())
    return "dtype " + tnp::dtypeName(got.dtype()) + ", NumPy " +
           tnp::dtypeName(want.dtype());
  if (got.shape() != want.shape())
    return "shape differs";
  DType t = got.dtype();
  if (!sem::isInexact(t)) {
    if (t == DType::UInt64
            ? got.toVector<uint64_t>() != want.toVector<uint64_t>()
            : got.toVector<int64_t>() != want.toVector<int64_t>())
      return "values differ: " + got.str() + " vs NumPy " + want.str();
    return "";
  }
  std::vector<std::complex<double>> g = got.toVector<std::complex<double>>(),
                                    w = want.toVector<std::complex<double>>();
  double rtol = tolerance(t);
  for (size_t i = 0; i < g.size(); ++i) {
    for (auto [x, y] : {std::pair{g[i].real(), w[i].real()},
                        std::pair{g[i].imag(), w[i].imag()}}) {
      if (std::isnan(x) && std::isnan(y))
        continue;
      if (x == y)
        continue;
      if (!(std::abs(x - y) <= 1e-300 + rtol * std::abs(y)))
        return "element " + std::to_string(i) + ": " + got.str() +
               " vs NumPy " + want.str();
    }
  }
  return "";
}
} // namespace

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: tnp-frontend-check DIR [K/N]\n";
    return 2;
  }
  int shard = 0, shards = 1;
  if (argc == 3 && std::sscanf(argv[2], "%d/%d", &shard, &shards) != 2) {
    std::cerr << "tnp-frontend-check: bad shard " << argv[2] << "\n";
    return 2;
  }
  std::string dir = argv[1];
  std::ifstream manifest(dir + "/manifest.txt");
  if (!manifest) {
    std::cerr << "tnp-frontend-check: cannot read " << dir << "/manifest.txt\n";
    return 2;
  }
  std::map<std::string, Fn> fns = functions();
  int passed = 0, failed = 0;
  std::string line;
  int lineNo = -1;
  while (std::getline(manifest, line)) {
    if (line.empty() || ++lineNo % shards != shard)
      continue;
    std::stringstream ss(line);
    std::string id, func, tok;
    ss >> id >> func;
    std::vector<Arg> args;
    std::string expectFile, expectError;
    while (ss >> tok) {
      if (tok == "->") {
        ss >> expectFile;
        break;
      }
      if (tok[0] == '!') {
        expectError = tok.substr(1);
        break;
      }
      Arg a;
      size_t colon = tok.find(':');
      a.kind = tok.substr(0, colon);
      a.value = tok.substr(colon + 1);
      if (a.kind == "a")
        a.array = load(dir + "/" + a.value);
      args.push_back(a);
    }
    std::string why;
    auto fn = fns.find(func);
    if (fn == fns.end()) {
      why = "no function " + func;
    } else {
      try {
        Array r = fn->second(args);
        if (!expectError.empty())
          why = "no error (NumPy raises " + expectError + "), got " + r.repr();
        else
          why = compare(r, load(dir + "/" + expectFile));
      } catch (const tnp::Error &e) {
        if (expectError.empty())
          why = std::string("error: ") + e.what();
        else if (e.pythonException() != expectError)
          why = std::string("error ") + e.what() + " (" +
                std::string(e.pythonException()) + "), NumPy raises " +
                expectError;
      }
    }
    if (why.empty()) {
      ++passed;
    } else {
      ++failed;
      std::cout << "FAIL " << id << ": " << why << "\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed ? 1 : 0;
}
