//===- examples/model.cpp - The tutorial's Model class in C++ -------------===//
//
// Part of tnp. The TF-NumPy tutorial's model, written with tnp::Array and
// the NumPy-named functions (include/tnp/Array.h): lazy weights from
// random::randn scaled by sqrt(size), matmul, + bias, ReLU, matmul. Every
// call runs an eager kernel compiled by tnp; random::seed(0) gives tnp's
// seed-0 draws (the weights of scripts/run-main.sh), so this prints the
// main job's result. With `--export-mlir FILE` it also writes the model,
// traced with tnp::jit (the weights captured as constants), as a .mlir file:
// the input of tnp-compile and tnp-run.
//
//===----------------------------------------------------------------------===//

#include "tnp/Array.h"
#include "tnp/Jit.h"

#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>

class Model {
public:
  tnp::Array predict(const tnp::Array &inputs) {
    if (!weights) {
      int64_t size = inputs.shape()[1];
      tnp::Array stddev = tnp::sqrt(tnp::asarray(size)).astype(tnp::float32);
      tnp::Array w1 = tnp::random::randn(size, 64).astype(tnp::float32) / stddev;
      tnp::Array bias = tnp::random::randn(64).astype(tnp::float32);
      tnp::Array w2 = tnp::random::randn(64, 2).astype(tnp::float32) / 8;
      weights = Weights{w1, bias, w2};
    }
    tnp::Array y = tnp::matmul(inputs, weights->w1) + weights->bias;
    y = tnp::maximum(y, 0);
    return tnp::matmul(y, weights->w2);
  }

private:
  struct Weights {
    tnp::Array w1, bias, w2;
  };
  std::optional<Weights> weights;
};

int main(int argc, char **argv) {
  try {
    tnp::random::seed(0);
    Model model;
    tnp::Array out = model.predict(tnp::ones({2, 32}, tnp::float32));
    std::cout << out << "\n";
    std::cout << "shape (" << out.shape()[0] << ", " << out.shape()[1]
              << "), dtype " << tnp::dtypeName(out.dtype()) << "\n";
    // The second call reuses the weights and the compiled kernels.
    tnp::KernelCacheStats before = tnp::kernelCacheStats();
    tnp::Array again = model.predict(tnp::ones({5, 32}, tnp::float32));
    tnp::KernelCacheStats after = tnp::kernelCacheStats();
    std::cout << "5 inputs: shape (" << again.shape()[0] << ", "
              << again.shape()[1] << "), " << (after.compiles - before.compiles)
              << " new kernels\n";
    if (argc == 3 && std::strcmp(argv[1], "--export-mlir") == 0) {
      auto predict = tnp::jit([&](const tnp::Array &x) {
        return model.predict(x);
      });
      std::ofstream(argv[2]) << predict.mlirNamed(
          "predict", tnp::ones({2, 32}, tnp::float32));
    }
    return 0;
  } catch (const tnp::Error &e) {
    std::cerr << "tnp-example-model: " << e.what() << "\n";
    return 1;
  }
}
