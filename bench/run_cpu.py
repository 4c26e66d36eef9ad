#!/usr/bin/python3
"""tnp's CPU benchmark: tnp against NumPy (and its CPU peers) in one run.

For each workload of DESIGN.md section 7 that tnp can run so far (W1, W2, W5, W7; W1 and W5 also with dynamic sizes):
  1. a NumPy subprocess (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from
     its environment) draws the inputs, writes them as .npy files to a
     temporary folder, times the NumPy expression with the timing function of
     ../shared/bench/cpu_peers.py (median over 7 calls after 2 warm-ups) and
     writes NumPy's result; Numba, TF-NumPy/TF-XLA and JAX are timed the way
     cpu_peers.py times them where they are importable, else reported as not
     installed;
  2. `tnp-run bench/wN.mlir -i IN.npy... -o OUT.npy --repeat 7` runs the same
     program on the same inputs; its median (one warm-up call, then 7 timed
     calls of the compiled function only: no compile time, no process start)
     is compared with NumPy's;
  3. tnp's result must equal NumPy's (same shape and dtype, allclose with
     rtol 1e-6; NaNs equal) or the run fails with exit status 1;
  4. a separate `tnp-run` without --repeat is timed as a whole (wall clock):
     process start, parse, tnp-cpu-pipeline, LLVM JIT, reading the inputs and
     the first call. This is reported for information, not in the ratio.

Prints one table (NumPy ms, tnp ms, ratio NumPy/tnp where higher means tnp is
faster, the target ratio of the issue and whether it is met) and, with
--json PATH, writes every number as JSON.

Usage: /usr/bin/python3 bench/run_cpu.py [--repeat N] [--tnp-run PATH] [--json PATH]
"""
import argparse
import ast
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = os.environ.get(
    "TNP_CPU_PEERS",
    os.path.join(ROOT, os.pardir, "shared", "bench", "cpu_peers.py"))

# The workloads, as cpu_peers.py defines them. `expr` is evaluated with the
# inputs bound by name (and `np`); `mlir` is the same program in the tnp
# dialect; `target` is the NumPy/tnp ratio the issue asks for; `traffic` the
# bytes a pass must move at least (for an effective GB/s).
N = 1 << 24


def w2_matrix(np):
    r = np.random.default_rng(0)
    r.standard_normal(N, dtype=np.float32)
    r.standard_normal(N, dtype=np.float32)
    return r.standard_normal((4096, 4096), dtype=np.float32)


WORKLOADS = [
    dict(name="W1_axpy_relu_16M_f32", mlir="w1.mlir", target=3.0,
         expr="np.maximum(x * 2.0 + y, 0.0)",
         # cpu_peers.py draws x then y first from default_rng(0): same values.
         inputs=lambda np: (lambda r: dict(
             x=r.standard_normal(N, dtype=np.float32),
             y=r.standard_normal(N, dtype=np.float32)))(np.random.default_rng(0)),
         traffic=3 * N * 4, peers=True),
    # W2: cpu_peers.py draws A after x and y from default_rng(0): the same A.
    # No target in the issues yet. Sums may add in another order than
    # NumPy's (pairwise) sum: compared with a tolerance for 4096-term sums.
    dict(name="W2_rowsum_4096x4096", mlir="w2_rows.mlir", target=None,
         expr="A.sum(axis=1)", inputs=lambda np: dict(A=w2_matrix(np)),
         traffic=4096 * 4096 * 4, rtol=1e-5, atol=1e-3),
    dict(name="W2_colsum_4096x4096", mlir="w2_cols.mlir", target=None,
         expr="A.sum(axis=0)", inputs=lambda np: dict(A=w2_matrix(np)),
         traffic=4096 * 4096 * 4, rtol=1e-5, atol=1e-3),
    # W5: cpu_peers.py draws S after its W3/W4 arrays; an own seed here (the
    # kernel is data-independent). exp and another summation order: a
    # tolerance.
    dict(name="W5_softmax_4096x1024", mlir="w5.mlir", target=None,
         expr="(e := np.exp(S - S.max(axis=1, keepdims=True))) / "
              "e.sum(axis=1, keepdims=True)",
         inputs=lambda np: dict(S=np.random.default_rng(5).standard_normal(
             (4096, 1024), dtype=np.float32)),
         traffic=2 * 4096 * 1024 * 4, rtol=1e-5, atol=1e-8),
    dict(name="W7_outer_bcast_4096", mlir="w7.mlir", target=2.0,
         expr="u[:, None] * v[None, :] + 1.0",
         # cpu_peers.py draws u, v after its other workloads' arrays; the values
         # differ here (an own seed) but the kernel is data-independent.
         inputs=lambda np: (lambda r: dict(
             u=r.standard_normal(4096, dtype=np.float32),
             v=r.standard_normal(4096, dtype=np.float32)))(np.random.default_rng(7)),
         traffic=4096 * 4096 * 4),
]


def dynamic_variant(name, mlir, **extra):
    """Workload `name` compiled with dynamic sizes (`mlir`: its tensor<?...>
    program, as an AOT library takes its arguments): the same inputs,
    check and target, no peers of its own."""
    base = next(w for w in WORKLOADS if w["name"] == name)
    w = {k: v for k, v in base.items() if k != "peers"}
    w.update(name=name.replace("_", "dyn_", 1), mlir=mlir, **extra)
    return w


# After each static workload, its dynamic-size variant.
for _static, _mlir, _extra in [
        ("W1_axpy_relu_16M_f32", "w1_dyn.mlir",
         dict(note="its peers are W1's (the same program)")),
        ("W5_softmax_4096x1024", "w5_dyn.mlir", {})]:
    WORKLOADS.insert(next(i for i, w in enumerate(WORKLOADS)
                          if w["name"] == _static) + 1,
                     dynamic_variant(_static, _mlir, **_extra))

def load_bench():
    """cpu_peers.py's `bench` (its timing method), taken from its source (the
    file runs every workload at import, so it cannot be imported); the
    identical local copy when the file is not there."""
    try:
        tree = ast.parse(open(PEERS).read(), PEERS)
        fn = next(n for n in tree.body
                  if isinstance(n, ast.FunctionDef) and n.name == "bench")
        ns = {"time": time}
        exec(compile(ast.Module(body=[fn], type_ignores=[]), PEERS, "exec"), ns)
        return ns["bench"], os.path.normpath(PEERS)
    except (OSError, StopIteration):
        def bench(fn, repeat=7, warmup=2):
            for _ in range(warmup):
                fn()
            ts = []
            for _ in range(repeat):
                t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
            ts.sort()
            return ts[len(ts) // 2]
        return bench, "local copy (cpu_peers.py not found)"


# ----------------------------------------------------------------------------
# NumPy worker (a subprocess with the OPENBLAS_* variables removed)
# ----------------------------------------------------------------------------

def peers_w1(np, bench, x, y, rows, notes):
    """W1 on the peers cpu_peers.py times it on, the same way."""
    out = np.empty_like(x)
    try:
        import numba
        from numba import njit, prange

        @njit(fastmath=False, cache=False)
        def w1_nb(x, y, out):
            for i in range(x.shape[0]):
                v = x[i] * np.float32(2.0) + y[i]
                out[i] = v if v > 0 else np.float32(0.0)

        @njit(parallel=True)
        def w1_nbp(x, y, out):
            for i in prange(x.shape[0]):
                v = x[i] * np.float32(2.0) + y[i]
                out[i] = v if v > 0 else np.float32(0.0)
        t0 = time.perf_counter(); w1_nb(x, y, out)
        rows.append(("numba", "compile+first call", time.perf_counter() - t0))
        rows.append(("numba", "median", bench(lambda: w1_nb(x, y, out))))
        w1_nbp(x, y, out)
        rows.append(("numba-par", "median", bench(lambda: w1_nbp(x, y, out))))
    except ImportError:
        notes.append("numba not installed: skipped")
    except Exception as e:  # noqa: BLE001 - a peer's failure is reported
        notes.append(f"numba failed: {e!r}")
    try:
        import tensorflow as tf
        import tensorflow.experimental.numpy as tfnp
        tfnp.experimental_enable_numpy_behavior(prefer_float32=True)
        tx, ty = tfnp.asarray(x), tfnp.asarray(y)
        rows.append(("tf-numpy", "median",
                     bench(lambda: tfnp.maximum(tx * 2.0 + ty, 0.0).numpy())))
        f = tf.function(lambda a, b: tfnp.maximum(a * 2.0 + b, 0.0), jit_compile=True)
        t0 = time.perf_counter(); f(tx, ty).numpy()
        rows.append(("tf-xla", "compile+first call", time.perf_counter() - t0))
        rows.append(("tf-xla", "median", bench(lambda: f(tx, ty).numpy())))
    except ImportError:
        notes.append("tf not installed: skipped")
    except Exception as e:  # noqa: BLE001
        notes.append(f"tf failed: {e!r}")
    try:
        import jax
        import jax.numpy as jnp
        jx, jy = jnp.asarray(x), jnp.asarray(y)
        f = jax.jit(lambda a, b: jnp.maximum(a * 2.0 + b, 0.0))
        t0 = time.perf_counter(); f(jx, jy).block_until_ready()
        rows.append(("jax", "compile+first call", time.perf_counter() - t0))
        rows.append(("jax", "median", bench(lambda: f(jx, jy).block_until_ready())))
    except ImportError:
        notes.append("jax not installed: skipped")
    except Exception as e:  # noqa: BLE001
        notes.append(f"jax failed: {e!r}")


def numpy_worker(tmp, repeat):
    import numpy as np
    bench, bench_from = load_bench()
    res = dict(numpy=np.__version__, bench_from=bench_from, workloads={},
               openblas_env={k: os.environ.get(k) for k in
                             ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")})
    # Physical-limit probe, as cpu_peers.py: streaming copy of 64 MB.
    a = np.random.default_rng(1).standard_normal(N, dtype=np.float32)
    b = np.empty_like(a)
    t = bench(lambda: np.copyto(b, a), repeat=repeat)
    res["stream_copy_GBps"] = 2 * a.nbytes / t / 1e9
    del a, b
    for w in WORKLOADS:
        ins = w["inputs"](np)
        paths = []
        for name, arr in ins.items():
            p = os.path.join(tmp, f"{w['name']}.{name}.npy")
            np.save(p, arr)
            paths.append(p)
        env = dict(ins, np=np)
        fn = eval("lambda: " + w["expr"], env)  # the program, inputs bound
        t = bench(fn, repeat=repeat)
        ref = fn()
        ref_path = os.path.join(tmp, f"{w['name']}.numpy.npy")
        np.save(ref_path, ref)
        rows, notes = [("numpy", "median", t)], []
        if w.get("peers"):
            peers_w1(np, bench, ins["x"], ins["y"], rows, notes)
        else:
            notes.append(w.get("note", "cpu_peers.py times no peer other than "
                                       "NumPy on this workload"))
        res["workloads"][w["name"]] = dict(inputs=paths, ref=ref_path,
                                            peers=rows, notes=notes)
    with open(os.path.join(tmp, "numpy.json"), "w") as f:
        json.dump(res, f)


# ----------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------

MEDIAN_RE = re.compile(r"median: ([0-9.eE+-]+) ms per call \((\d+) runs\)")


def run_tnp(tnp_run, mlir, inputs, out, repeat):
    """Returns (tnp median ms, wall s of a run without --repeat)."""
    base = [tnp_run, mlir, "-i", *inputs]
    t0 = time.perf_counter()
    p = subprocess.run(base, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    first_wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"FAILED: {' '.join(base)} (exit {p.returncode}):\n{p.stderr}")
    cmd = base + ["-o", out, "--repeat", str(repeat)]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = MEDIAN_RE.search(p.stderr)
    if p.returncode != 0 or not m:
        sys.exit(f"FAILED: {' '.join(cmd)} (exit {p.returncode}):\n{p.stderr}")
    return float(m.group(1)), first_wall


def verify(np, name, out_path, ref_path, rtol=1e-6, atol=0.0):
    """None when tnp's result equals NumPy's (allclose), else what differs."""
    out, ref = np.load(out_path), np.load(ref_path)
    if out.shape != ref.shape or out.dtype != ref.dtype:
        return (f"{name}: tnp gave {out.dtype}{list(out.shape)}, "
                f"NumPy {ref.dtype}{list(ref.shape)}")
    if not np.allclose(out, ref, rtol=rtol, atol=atol, equal_nan=True):
        bad = ~np.isclose(out, ref, rtol=rtol, atol=atol, equal_nan=True)
        i = np.unravel_index(np.argmax(bad), bad.shape)
        return (f"{name}: {int(bad.sum())} elements differ, first at {tuple(map(int, i))}: "
                f"tnp {out[i]!r}, NumPy {ref[i]!r}")
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7,
                    help="timed calls per system (default 7, as cpu_peers.py)")
    ap.add_argument("--tnp-run", default=os.environ.get(
        "TNP_RUN", os.path.join(ROOT, "build", "bin", "tnp-run")))
    ap.add_argument("--json", help="also write every number to this file")
    ap.add_argument("--numpy-worker", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.numpy_worker:
        return numpy_worker(args.numpy_worker, args.repeat)
    if not os.access(args.tnp_run, os.X_OK):
        sys.exit(f"FAILED: no tnp-run at {args.tnp_run} (build first, or --tnp-run PATH)")

    import numpy as np
    t_start = time.perf_counter()
    load_before = os.getloadavg()
    failures = []
    with tempfile.TemporaryDirectory(prefix="tnp-bench-") as tmp:
        env = {k: v for k, v in os.environ.items()
               if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
        subprocess.run([sys.executable, os.path.abspath(__file__),
                        "--numpy-worker", tmp, "--repeat", str(args.repeat)],
                       env=env, check=True)
        with open(os.path.join(tmp, "numpy.json")) as f:
            npres = json.load(f)
        table = []
        for w in WORKLOADS:
            info = npres["workloads"][w["name"]]
            out = os.path.join(tmp, f"{w['name']}.tnp.npy")
            tnp_ms, first_wall = run_tnp(args.tnp_run, os.path.join(HERE, w["mlir"]),
                                         info["inputs"], out, args.repeat)
            err = verify(np, w["name"], out, info["ref"], w.get("rtol", 1e-6),
                         w.get("atol", 0.0))
            if err:
                failures.append(err)
            np_ms = next(t for s, k, t in info["peers"] if s == "numpy") * 1e3
            table.append(dict(workload=w["name"], program=w["expr"],
                              numpy_ms=np_ms, tnp_ms=tnp_ms, ratio=np_ms / tnp_ms,
                              target=w["target"],
                              met=(None if w["target"] is None
                                   else np_ms / tnp_ms >= w["target"]),
                              tnp_GBps=w["traffic"] / (tnp_ms * 1e-3) / 1e9,
                              numpy_GBps=w["traffic"] / (np_ms * 1e-3) / 1e9,
                              tnp_compile_first_call_s=first_wall,
                              result="MISMATCH" if err else "equal",
                              peers=[dict(system=s, kind=k, ms=t * 1e3)
                                     for s, k, t in info["peers"]],
                              notes=info["notes"]))
    load_after = os.getloadavg()
    total = time.perf_counter() - t_start

    print(f"tnp CPU benchmark  ({platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, NumPy {npres['numpy']}, tnp-run {args.tnp_run})")
    print(f"load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}; "
          f"NumPy streaming copy {npres['stream_copy_GBps']:.1f} GB/s (read+write)")
    was_set = [k for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ]
    still = [k for k, v in npres["openblas_env"].items() if v is not None]
    print(f"NumPy process: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE "
          f"{'STILL SET: ' + ', '.join(still) if still else 'unset'} "
          f"(set in this shell: {', '.join(was_set) or 'none'})")
    print(f"timing: cpu_peers.py's bench() from {npres['bench_from']}, median of "
          f"{args.repeat} after 2 warm-ups; tnp-run --repeat {args.repeat} "
          f"(median of {args.repeat} after 1 warm-up, compiled call only)")
    print()
    hdr = (f"{'workload':22s} {'NumPy ms':>9s} {'tnp ms':>9s} {'NumPy/tnp':>9s} "
           f"{'target':>7s} {'met':>4s} {'tnp GB/s':>8s} {'compile+1st s':>13s}  result")
    print(hdr)
    print("-" * len(hdr))
    for r in table:
        print(f"{r['workload']:22s} {r['numpy_ms']:9.2f} {r['tnp_ms']:9.2f} "
              f"{r['ratio']:9.2f} "
              f"{'-' if r['target'] is None else '>= %g' % r['target']:>7s} "
              f"{'-' if r['met'] is None else 'yes' if r['met'] else 'NO':>4s} "
              f"{r['tnp_GBps']:8.1f} "
              f"{r['tnp_compile_first_call_s']:13.3f}  {r['result']}")
    print()
    for r in table:
        others = [p for p in r["peers"] if p["system"] != "numpy"]
        for p in others:
            print(f"  {r['workload']}: {p['system']:10s} {p['kind']:20s} {p['ms']:10.2f} ms")
        for n in r["notes"]:
            print(f"  {r['workload']}: {n}")
    print()
    print("tnp ms: tnp-run's median, compiled function only (output allocation included,\n"
          "  no compile). compile+1st s: wall time of one whole `tnp-run FILE -i ...`\n"
          "  (process start, parse, pipeline, JIT, reading the .npy inputs, first call).\n"
          "W1, W2, W5 and W7 call no BLAS; OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE are removed\n"
          "  from the NumPy process's environment anyway.")
    print(f"total {total:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(table=table, load_before=load_before, load_after=load_after,
                           stream_copy_GBps=npres["stream_copy_GBps"],
                           numpy=npres["numpy"], repeat=args.repeat), f, indent=1)
    if failures:
        for e in failures:
            print(f"FAILED: tnp's result differs from NumPy's: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
