#!/usr/bin/python3
"""The C++ embedding API's overheads against NumPy and its peers, in one run.

Runs build/bin/tnp-bench-api (bench/api_bench.cpp: eager dispatch W6, a
jit'd call, cold tnp::jit compile latency of W4 and of the tutorial's model
with its breakdown, W4 compiled) and times, with the timing function of
../shared/bench/cpu_peers.py, NumPy on W6 (np.add of two float32[8]) and W4
(the seed MLP), and Numba / JAX compile latency of W4 where importable.
Prints one table with the issue's targets for the next step (W6 <= 1 us,
jit overhead <= 0.5 us, cold W4 compile <= 50 ms: the median of 7 cold
compiles, each in a fresh tnp::jit object of a warm process).

Usage: /usr/bin/python3 bench/run_api.py [--tnp-bench PATH]
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from run_cpu import load_bench  # noqa: E402  (cpu_peers.py's `bench`)


def numpy_rows(bench):
    import numpy as np
    rows = {}
    s1 = np.ones(8, np.float32)
    s2 = np.ones(8, np.float32)

    def small():
        for _ in range(10000):
            np.add(s1, s2)
    rows["W6_dispatch_add_8elem"] = bench(small) / 10000
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4096, 512), dtype=np.float32)
    w1 = (rng.standard_normal((512, 64)) / np.sqrt(512)).astype(np.float32)
    b = rng.standard_normal(64).astype(np.float32)
    w2 = (rng.standard_normal((64, 2)) / 8).astype(np.float32)
    rows["W4_mlp_4096x512_64_2"] = bench(lambda: np.maximum(X @ w1 + b, 0) @ w2)
    peers = {}
    try:
        import numba  # noqa: F401
        peers["numba"] = "installed (not timed here)"
    except ImportError:
        peers["numba"] = "not installed"
    try:
        import jax  # noqa: F401
        peers["jax"] = "installed (not timed here)"
    except ImportError:
        peers["jax"] = "not installed"
    return rows, peers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tnp-bench", default=os.path.join(ROOT, "build", "bin",
                                                        "tnp-bench-api"))
    a = ap.parse_args()
    bench, source = load_bench()
    np_rows, peers = numpy_rows(bench)
    out = subprocess.run([a.tnp_bench], capture_output=True, text=True,
                         check=True).stdout
    tnp = {r["workload"]: r for r in map(json.loads, out.splitlines())}
    us = lambda s: f"{s * 1e6:10.2f} us"
    ms = lambda s: f"{s * 1e3:10.2f} ms"
    print(f"timing: {source}; peers: " +
          ", ".join(f"{k} {v}" for k, v in peers.items()))
    w6 = tnp["W6_dispatch_add_8elem"]["seconds"]
    print(f"W6 eager add, 8 elems   NumPy {us(np_rows['W6_dispatch_add_8elem'])}"
          f"   tnp {us(w6)}   NumPy/tnp {np_rows['W6_dispatch_add_8elem'] / w6:5.2f}"
          f"   target tnp <= 1 us: {'met' if w6 <= 1e-6 else 'not met'}")
    jc = tnp["jit_call_add_8elem"]["seconds"]
    kc = tnp["kernel_add_8elem"]["seconds"]
    if kc < 0:
        sys.exit("tnp-bench-api could not compile or call the kernel alone")
    print(f"jit'd add call          tnp {us(jc)}, its kernel alone "
          f"(tnp_rt_call) {us(kc)}: overhead {us(jc - kc)}   target overhead "
          f"<= 0.5 us: {'met' if jc - kc <= 0.5e-6 else 'not met'}")
    for k in ("compile_latency_W4", "compile_latency_model"):
        r = tnp[k]
        compile_s = r["trace"] + r["passes"] + r["llvm"]
        print(f"{k:24s}first call {ms(r['seconds'])}; median of 7 cold "
              f"compiles: trace {ms(r['trace'])}, passes {ms(r['passes'])}, "
              f"LLVM {ms(r['llvm'])} (to IR + O2 {ms(r['llvm_optimize'])}, "
              f"codegen {ms(r['llvm_codegen'])}) (compile {ms(compile_s)}; fastest "
              f"{ms(r['compile_min'])}, slowest {ms(r['compile_max'])})" +
              (f"   target compile <= 50 ms: "
               f"{'met' if compile_s <= 0.05 else 'not met'}"
               if k == "compile_latency_W4" else ""))
    w4 = tnp["W4_mlp_4096x512_64_2"]["seconds"]
    print(f"W4 MLP (jit)            NumPy {ms(np_rows['W4_mlp_4096x512_64_2'])}"
          f"   tnp {ms(w4)}   NumPy/tnp {np_rows['W4_mlp_4096x512_64_2'] / w4:5.2f}")
    print(f"model call (jit), 2x32  tnp {us(tnp['model_call_2x32']['seconds'])}")


if __name__ == "__main__":
    main()
