//===- bench/api_bench.cpp - The C++ embedding API's overheads ------------===//
//
// Part of tnp. Built as build/bin/tnp-bench-api; run by bench/run_api.py,
// which times NumPy (and peers) on the same workloads in the same run.
// Prints one JSON object per line:
//   W6_dispatch_add_8elem  eager tnp::add of two float32[8] per call (after
//                          the kernel is compiled), median of 7 x 10000
//   jit_call_add_8elem     a tnp::jit'd add of the same arrays per call
//   kernel_add_8elem       the same kernel alone (tnp_rt_call), timed in
//                          batches alternating with the jit's (fastest of
//                          9 x 10000 each), so jit overhead = jit_call -
//                          kernel
//   compile_latency_W4     cold trace + compile + first run of the W4 MLP
//                          (4096x512 @ 512x64 + bias, relu, @ 64x2, float32)
//                          with tnp::jit ("seconds"), and the breakdown
//                          (trace, passes, llvm) of the median of 7 cold
//                          compiles, each in a fresh jit object, with their
//                          fastest and slowest totals
//   compile_latency_model  the same for the tutorial's model (2x32 input)
//   W4_mlp_4096x512_64_2   the compiled W4, median of 7 calls
// For a profiler (valgrind --tool=callgrind, perf): `--dispatch-only N` runs
// N eager and N jit'd adds only; `--compile-w4` the cold W4 call only.
//
//===----------------------------------------------------------------------===//

#include "tnp/Array.h"
#include "tnp/JIT/JIT.h"
#include "tnp/Jit.h"
#include "tnp/Pipelines/Registration.h"
#include "tnp-runtime/tnp_runtime.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <utility>
#include <string>
#include <vector>

using tnp::Array;

namespace {
double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

template <typename F> double median(F f, int repeat = 7, int warmup = 2) {
  for (int i = 0; i < warmup; ++i)
    f();
  std::vector<double> ts;
  for (int i = 0; i < repeat; ++i) {
    double t = now();
    f();
    ts.push_back(now() - t);
  }
  std::sort(ts.begin(), ts.end());
  return ts[ts.size() / 2];
}

void rec(const char *workload, double seconds, const char *note = "",
         double trace = -1, double passes = -1, double llvm = -1) {
  std::printf("{\"workload\": \"%s\", \"seconds\": %.9g, \"note\": \"%s\"",
              workload, seconds, note);
  if (trace >= 0)
    std::printf(", \"trace\": %.9g, \"passes\": %.9g, \"llvm\": %.9g", trace,
                passes, llvm);
  std::printf("}\n");
  std::fflush(stdout);
}
/// The jit'd add's kernel alone: the same function (two float32[8], static
/// shapes) compiled with the same pipeline and opt level, called through
/// tnp_rt_call with no C++ API around it. The jit'd call (`jitBatch`, 10000
/// calls) and the kernel alone are timed in alternating batches, so that a
/// busy machine slows both alike; each is the fastest of 9 batches. Seconds
/// per call, {jit, kernel}; kernel -1 when it cannot be built.
std::pair<double, double> jitAndKernelSeconds(const Array &x, const Array &y,
                                              const std::function<void()> &jitBatch) {
  mlir::DialectRegistry registry;
  mlir::tnp::registerCompilerDialects(registry);
  mlir::MLIRContext ctx(registry);
  mlir::tnp::loadCompilerDialects(ctx);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(
          "func.func @kernel(%x: tensor<8xf32>, %y: tensor<8xf32>) -> "
          "tensor<8xf32> {\n"
          "  %r = tnp.add %x, %y : (tensor<8xf32>, tensor<8xf32>) -> "
          "tensor<8xf32>\n"
          "  return %r : tensor<8xf32>\n}\n",
          &ctx);
  if (!module)
    return {-1, -1};
  auto engine = mlir::tnp::jit::compileModule(*module, /*optLevel=*/2);
  if (!engine) {
    llvm::consumeError(engine.takeError());
    return {-1, -1};
  }
  auto fn = mlir::tnp::jit::lookupPacked(**engine, "kernel");
  if (!fn) {
    llvm::consumeError(fn.takeError());
    return {-1, -1};
  }
  const int64_t dims[] = {8};
  tnp_rt_tensor_sig_t tensors[3];
  for (tnp_rt_tensor_sig_t &t : tensors)
    t = {TNP_RT_DTYPE_FLOAT32, 1, dims};
  tnp_rt_function_sig_t sig = {TNP_RT_CALL_ABI_VERSION, "kernel", 2, tensors,
                               1, tensors + 2};
  const tnp_rt_array_t *args[] = {x.raw(), y.raw()};
  bool failed = false;
  auto kernelBatch = [&] {
    for (int i = 0; i < 10000; ++i) {
      tnp_rt_array_t *out = nullptr;
      if (tnp_rt_status_t st = tnp_rt_call(&sig, *fn, args, &out)) {
        tnp_rt_status_free(st);
        failed = true;
        return;
      }
      tnp_rt_array_release(out);
    }
  };
  jitBatch();
  kernelBatch();
  double jitBest = 1e30, kernelBest = 1e30;
  for (int r = 0; r < 9; ++r) {
    double t = now();
    jitBatch();
    jitBest = std::min(jitBest, now() - t);
    t = now();
    kernelBatch();
    kernelBest = std::min(kernelBest, now() - t);
  }
  return {jitBest / 10000, failed ? -1 : kernelBest / 10000};
}
/// Records a cold tnp::jit compile: `firstCall` is the first call's time
/// (trace + compile + run) and `first` its stats; `compileAgain` compiles
/// the same function in a fresh jit object and returns its stats. The
/// trace/passes/LLVM seconds reported are those of the sample with the
/// median total of kColdSamples (the first included).
template <typename F>
void recColdCompiles(const char *workload, double firstCall,
                     const tnp::JitStats &first, F compileAgain) {
  constexpr int kColdSamples = 7;
  std::vector<tnp::JitStats> samples{first};
  for (int i = 1; i < kColdSamples; ++i)
    samples.push_back(compileAgain());
  auto total = [](const tnp::JitStats &s) {
    return s.traceSeconds + s.passesSeconds + s.llvmSeconds;
  };
  std::sort(samples.begin(), samples.end(),
            [&](const tnp::JitStats &a, const tnp::JitStats &b) {
              return total(a) < total(b);
            });
  const tnp::JitStats &m = samples[kColdSamples / 2];
  std::printf("{\"workload\": \"%s\", \"seconds\": %.9g, \"note\": "
              "\"first call (trace+compile+run); parts: median of %d cold "
              "compiles\", \"trace\": %.9g, \"passes\": %.9g, \"llvm\": "
              "%.9g, \"llvm_optimize\": %.9g, \"llvm_codegen\": %.9g, "
              "\"compile_min\": %.9g, \"compile_max\": %.9g}\n",
              workload, firstCall, kColdSamples, m.traceSeconds,
              m.passesSeconds, m.llvmSeconds, m.llvmOptimizeSeconds,
              m.llvmCodegenSeconds, total(samples.front()),
              total(samples.back()));
  std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv) {
  Array s1 = tnp::ones({8}, tnp::float32), s2 = tnp::ones({8}, tnp::float32);
  (void)tnp::add(s1, s2); // compile the kernel
  bool compileOnly = argc == 2 && std::string(argv[1]) == "--compile-w4";
  // `--dispatch-only N`: N eager adds and N jit'd adds, nothing else (for a
  // profiler: valgrind --tool=callgrind, perf).
  if (argc == 3 && std::string(argv[1]) == "--dispatch-only") {
    int n = std::atoi(argv[2]);
    auto add = tnp::jit([](const Array &a, const Array &b) { return a + b; });
    (void)add(s1, s2);
    for (int i = 0; i < n; ++i)
      (void)tnp::add(s1, s2);
    for (int i = 0; i < n; ++i)
      (void)add(s1, s2);
    return 0;
  }
  if (!compileOnly) {
    rec("W6_dispatch_add_8elem",
        median([&] {
          for (int i = 0; i < 10000; ++i)
            (void)tnp::add(s1, s2);
        }) / 10000,
        "eager, per call");
    auto add = tnp::jit([](const Array &a, const Array &b) { return a + b; });
    (void)add(s1, s2);
    auto [jitCall, kernel] = jitAndKernelSeconds(s1, s2, [&] {
      for (int i = 0; i < 10000; ++i)
        (void)add(s1, s2);
    });
    rec("jit_call_add_8elem", jitCall, "jit, per call (fastest of 9 x 10000)");
    rec("kernel_add_8elem", kernel,
        "the jit'd add's kernel alone (tnp_rt_call), per call, batches "
        "alternating with the jit's");
  }
  // W4: inputs drawn with tnp's generator (the values do not matter here).
  tnp::random::seed(0);
  Array X = tnp::random::randn(4096, 512).astype(tnp::float32);
  Array w1 = (tnp::random::randn(512, 64) / 22.627417).astype(tnp::float32);
  Array bias = tnp::random::randn(64).astype(tnp::float32);
  Array w2 = (tnp::random::randn(64, 2) / 8).astype(tnp::float32);
  auto mlpBody = [](const Array &x, const Array &a, const Array &b,
                    const Array &c) {
    return tnp::matmul(tnp::maximum(tnp::matmul(x, a) + b, 0), c);
  };
  auto mlp = tnp::jit(mlpBody);
  double t0 = now();
  (void)mlp(X, w1, bias, w2);
  double cold = now() - t0;
  if (compileOnly) // `--compile-w4`: the cold W4 call only (for a profiler)
    return 0;
  // One cold compile is one sample on a noisy machine: compile W4 again in
  // fresh jit objects (each traces and compiles anew; the process is as
  // warm as for the first) and report the median compile with its parts.
  recColdCompiles("compile_latency_W4", cold, mlp.stats(), [&] {
    auto again = tnp::jit(mlpBody);
    (void)again(X, w1, bias, w2);
    return again.stats();
  });
  rec("W4_mlp_4096x512_64_2", median([&] { (void)mlp(X, w1, bias, w2); }),
      "jit");

  tnp::random::seed(0);
  Array mw1 = tnp::random::randn(32, 64).astype(tnp::float32) /
              tnp::sqrt(tnp::asarray(32)).astype(tnp::float32);
  Array mb = tnp::random::randn(64).astype(tnp::float32);
  Array mw2 = tnp::random::randn(64, 2).astype(tnp::float32) / 8;
  auto modelBody = [&](const Array &x) {
    return tnp::matmul(tnp::maximum(tnp::matmul(x, mw1) + mb, 0), mw2);
  };
  auto model = tnp::jit(modelBody);
  Array in = tnp::ones({2, 32}, tnp::float32);
  t0 = now();
  (void)model(in);
  cold = now() - t0;
  recColdCompiles("compile_latency_model", cold, model.stats(), [&] {
    auto again = tnp::jit(modelBody);
    (void)again(in);
    return again.stats();
  });
  rec("model_call_2x32", median([&] {
        for (int i = 0; i < 1000; ++i)
          (void)model(in);
      }) / 1000,
      "jit, per call");
  return 0;
}
