#!/usr/bin/env python3
# Vendored from ../shared/bench/gpu_peers.py (the GPU machine sees only this
# repository); keep it identical to the shared copy apart from this note.
"""GPU peer baselines for tnp's benchmark workloads (run on a machine with a CUDA GPU).

Times PyTorch, and where importable CuPy and JAX, on W1/W3/W4/W5 of DESIGN.md section 7,
plus the device-to-device copy bandwidth (the limit for W1/W5). Uses CUDA events through
PyTorch for timing; medians of repeats after warm-up. Writes JSON rows to argv[1].
Usage: python3 gpu_peers.py [out.json]
"""
import json, os, sys, time
os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")  # share the GPU with PyTorch

rows = []
def rec(w, s, ms, metric=""):
    rows.append(dict(workload=w, system=s, ms=ms, metric=metric))
    print(f"{w:30s} {s:12s} {ms:10.4f} ms  {metric}", flush=True)

import torch
dev = torch.device("cuda")
print("device:", torch.cuda.get_device_name(0))

def tbench(fn, repeat=20, warmup=3):
    for _ in range(warmup): fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(repeat):
        a = torch.cuda.Event(enable_timing=True); b = torch.cuda.Event(enable_timing=True)
        a.record(); fn(); b.record(); torch.cuda.synchronize(); ts.append(a.elapsed_time(b))
    ts.sort(); return ts[len(ts) // 2]

N = 1 << 26
x = torch.randn(N, device=dev); y = torch.randn(N, device=dev); o = torch.empty_like(x)
ms = tbench(lambda: o.copy_(x)); rec("d2d_copy_256MB", "torch", ms, f"{2*x.numel()*4/ms/1e6:.0f} GB/s")
ms = tbench(lambda: torch.clamp_min(x * 2.0 + y, 0.0)); rec("W1_axpy_relu_64M_f32", "torch-eager", ms, f"{3*N*4/ms/1e6:.0f} GB/s eff")
try:
    f = torch.compile(lambda a, b: torch.clamp_min(a * 2.0 + b, 0.0))
    ms = tbench(lambda: f(x, y)); rec("W1_axpy_relu_64M_f32", "torch-compile", ms, f"{3*N*4/ms/1e6:.0f} GB/s eff")
except Exception as e:
    print("torch.compile failed:", e)
for n, dt in ((4096, torch.float32), (4096, torch.bfloat16), (8192, torch.bfloat16)):
    a = torch.randn(n, n, device=dev, dtype=dt); b = torch.randn(n, n, device=dev, dtype=dt)
    ms = tbench(lambda: a @ b); rec(f"W3_matmul_{n}_{str(dt)[6:]}", "cublas(torch)", ms, f"{2*n**3/ms/1e9:.0f} TFLOP/s")
X = torch.randn(65536, 512, device=dev); w1 = torch.randn(512, 64, device=dev) / 512**0.5
bias = torch.randn(64, device=dev); w2 = torch.randn(64, 2, device=dev) / 8
ms = tbench(lambda: torch.clamp_min(X @ w1 + bias, 0) @ w2); rec("W4_mlp_65536x512_64_2", "torch-eager", ms)
S = torch.randn(65536, 1024, device=dev)
ms = tbench(lambda: torch.softmax(S, dim=1)); rec("W5_softmax_65536x1024", "torch", ms, f"{2*S.numel()*4/ms/1e6:.0f} GB/s eff")

try:
    import cupy as cp
    cx = cp.asarray(x); cy = cp.asarray(y)
    ms = tbench(lambda: cp.maximum(cx * 2.0 + cy, 0.0)); rec("W1_axpy_relu_64M_f32", "cupy", ms)
    k = cp.ElementwiseKernel("float32 a, float32 b", "float32 c", "c = fmaxf(a * 2.0f + b, 0.0f)", "axpy_relu")
    ms = tbench(lambda: k(cx, cy)); rec("W1_axpy_relu_64M_f32", "cupy-kernel", ms, f"{3*N*4/ms/1e6:.0f} GB/s eff")
except ImportError:
    print("(cupy not installed)")
try:
    import jax, jax.numpy as jnp
    jx = jnp.asarray(x.cpu().numpy()); jy = jnp.asarray(y.cpu().numpy())
    g = jax.jit(lambda a, b: jnp.maximum(a * 2.0 + b, 0.0)); g(jx, jy).block_until_ready()
    ts = []
    for _ in range(20):
        t = time.perf_counter(); g(jx, jy).block_until_ready(); ts.append((time.perf_counter() - t) * 1e3)
    ts.sort(); rec("W1_axpy_relu_64M_f32", "jax", ts[10], "wall")
    jX, jw1, jb, jw2 = (jnp.asarray(t.cpu().numpy()) for t in (X, w1, bias, w2))
    h = jax.jit(lambda a, b, c, d: jnp.maximum(a @ b + c, 0) @ d); h(jX, jw1, jb, jw2).block_until_ready()
    ts = []
    for _ in range(20):
        t = time.perf_counter(); h(jX, jw1, jb, jw2).block_until_ready(); ts.append((time.perf_counter() - t) * 1e3)
    ts.sort(); rec("W4_mlp_65536x512_64_2", "jax", ts[10], "wall")
except ImportError:
    print("(jax not installed)")

json.dump(rows, open(sys.argv[1] if len(sys.argv) > 1 else "gpu_peers.json", "w"), indent=1)
