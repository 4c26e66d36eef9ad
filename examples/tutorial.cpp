//===- examples/tutorial.cpp - The TF-NumPy guide, section by section ----===//
//
// Part of tnp. Walks ../shared/tutorial.md with the C++ embedding API and
// prints its lines wherever they are deterministic (tnp's device string;
// the model's weights are tnp's seeded draws, so its values differ from
// TF's, its shape and dtype do not).
//
//===----------------------------------------------------------------------===//

#include "tnp/Array.h"
#include "tnp/Jit.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <vector>

using tnp::Array;

static std::string shapeText(const tnp::Shape &s) {
  std::string t = "(";
  for (size_t i = 0; i < s.size(); ++i)
    t += (i ? ", " : "") + std::to_string(s[i]);
  if (s.size() == 1)
    t += ",";
  return t + ")";
}

int main() {
  try {
    // Set-up and numpy behaviour.
    tnp::experimental_enable_numpy_behavior();

    std::cout << "== ND array ==\n";
    Array ones = tnp::ones({5, 3}, tnp::float32);
    std::cout << "Created ND array with shape = " << shapeText(ones.shape())
              << ", rank = " << ones.ndim()
              << ", dtype = " << tnp::dtypeName(ones.dtype())
              << " on device = " << ones.device() << "\n";
    std::cout << "ndarray.T has shape " << shapeText(ones.T().shape()) << "\n";
    std::cout << "narray.reshape(-1) has shape "
              << shapeText(ones.reshape({-1}).shape()) << "\n";

    std::cout << "== Type promotion ==\n";
    std::vector<Array> values;
    for (tnp::DType d : {tnp::int32, tnp::int64, tnp::float32, tnp::float64})
      values.push_back(tnp::asarray(1, d));
    for (size_t i = 0; i < values.size(); ++i)
      for (size_t j = i + 1; j < values.size(); ++j)
        std::cout << tnp::dtypeName(values[i].dtype()) << " + "
                  << tnp::dtypeName(values[j].dtype()) << " => "
                  << tnp::dtypeName((values[i] + values[j]).dtype()) << "\n";
    std::cout << "tnp.asarray(1).dtype == tnp."
              << tnp::dtypeName(tnp::asarray(1).dtype()) << "\n";
    std::cout << "tnp.asarray(1.).dtype == tnp."
              << tnp::dtypeName(tnp::asarray(1.).dtype()) << "\n";
    for (bool prefer : {true, false}) {
      tnp::experimental_enable_numpy_behavior(prefer);
      std::cout << "When prefer_float32 is " << (prefer ? "True" : "False")
                << ":\n";
      std::cout << "tnp.asarray(1.).dtype == tnp."
                << tnp::dtypeName(tnp::asarray(1.).dtype()) << "\n";
      std::cout << "tnp.add(1., 2.).dtype == tnp."
                << tnp::dtypeName(tnp::add(tnp::asarray(1.), 2.).dtype())
                << "\n";
    }

    std::cout << "== Broadcasting ==\n";
    Array x = tnp::ones({2, 3}), y = tnp::ones({3}), z = tnp::ones({1, 2, 1});
    std::cout << "Broadcasting shapes " << shapeText(x.shape()) << ", "
              << shapeText(y.shape()) << " and " << shapeText(z.shape())
              << " gives shape " << shapeText((x + y + z).shape()) << "\n";

    std::cout << "== Indexing ==\n";
    Array a = tnp::arange(24).reshape({2, 3, 4});
    std::cout << a.index({1, tnp::newaxis, tnp::slice(1, 3), tnp::ellipsis})
              << "\n";
    std::cout << a.index({tnp::slice(), tnp::asarray({true, false, true})})
              << "\n";
    std::cout << a.index({1, tnp::asarray({0, 0, 1}), tnp::asarray({0, 1, 1})})
              << "\n";
    // `tnp::arange(6)[1] = -1` does not compile (Array's assignment takes
    // only lvalues): the functional update is the way.
    std::cout << "Currently, TensorFlow NumPy does not support mutation.\n";
    std::cout << "arange(6).at({1}).set(-1) = "
              << tnp::arange(6).at({1}).set(-1) << "\n";

    std::cout << "== Example model ==\n";
    tnp::random::seed(0);
    struct Model {
      std::vector<Array> weights;
      Array predict(const Array &inputs) {
        if (weights.empty()) {
          int64_t size = inputs.shape()[1];
          Array stddev = tnp::sqrt(tnp::asarray(size)).astype(tnp::float32);
          weights = {tnp::random::randn(size, 64).astype(tnp::float32) / stddev,
                     tnp::random::randn(64).astype(tnp::float32),
                     tnp::random::randn(64, 2).astype(tnp::float32) / 8};
        }
        Array h = tnp::matmul(inputs, weights[0]) + weights[1];
        h = tnp::maximum(h, 0); // ReLU
        return tnp::matmul(h, weights[2]);
      }
    } model;
    Array out = model.predict(tnp::ones({2, 32}, tnp::float32));
    std::cout << out << "\n";
    std::cout << "shape=" << shapeText(out.shape())
              << ", dtype=" << tnp::dtypeName(out.dtype()) << "\n";
    // The same model compiled as one function with tnp::jit.
    auto predict = tnp::jit([&](const Array &in) { return model.predict(in); });
    Array jitted = predict(tnp::ones({2, 32}, tnp::float32));
    std::cout << "jit: " << jitted << "\n";

    std::cout << "== NumPy interoperability ==\n";
    std::cout << "sum = " << tnp::sum(tnp::ones({2, 3}))
              << ". Class: tnp::Array\n";
    alignas(64) static double host[6] = {1, 1, 1, 1, 1, 1};
    tnp::Array wrapped = tnp::fromBuffer<double>(host, {2, 3});
    std::cout << "sum = " << tnp::sum(wrapped)
              << " of caller memory (zero-copy: "
              << (wrapped.data<double>() == host ? "yes" : "no") << ")\n";

    std::cout << "== Operator precedence ==\n";
    Array sumx = tnp::ones({2}) + tnp::fromVector<double>({1.0, 1.0}, {2});
    std::cout << "x = " << sumx << "\n";
    return 0;
  } catch (const tnp::Error &e) {
    std::cerr << "tnp-example-tutorial: " << e.what() << "\n";
    return 1;
  }
}
