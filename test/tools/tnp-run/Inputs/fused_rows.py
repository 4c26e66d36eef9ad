"""Inputs, calls and NumPy's answers for fused-rows.test.

  fused_rows.py run TNP_RUN MODULE DIR   writes the inputs to DIR, runs every
      call of RUNS and ERRORS in one `TNP_RUN MODULE --batch` (with
      --check-leaks), and compares results with NumPy (dtype, shape; values
      exactly for integers, within rtol 2e-6 / atol 1e-6 for floats) and
      errors with their kind; prints one FAIL line per difference and
      'fused-rows: N passed, N failed'.

INPUTS, RUNS (output, function, inputs), EXPECTED (output -> NumPy's result)
and ERRORS (function, inputs, error kind) are also read by the GPU suite
(test/gpu/gpu_suite.py), which runs the same programs on a GPU.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import npy_cases  # noqa: E402

rng = np.random.default_rng(5)

INPUTS = {}
RUNS = []
EXPECTED = {}
ERRORS = []


def add_run(out, func, names, want):
    RUNS.append((out, func, names))
    EXPECTED[out] = want


def f32(*shape):
    return (rng.standard_normal(shape) * 3).astype(np.float32)


def softmax(x, axis):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def layernorm(x, eps):
    d = x - np.mean(x, axis=1, keepdims=True)
    v = np.mean(d * d, axis=1, keepdims=True)
    return d / np.sqrt(v + eps) if eps else d / np.sqrt(v)


# Rows shorter than a warp, one warp, just over, long; one row; no rows;
# rows over several blocks of 8 warps; rows over 1024 and over 8192
# elements (on the GPU the dynamic-length functions keep rows of up to 1024
# in a warp's registers, up to 8192 in a block's, and loop over longer
# ones). Sizes are kept small: the GPU suite carries these
# inputs.
SHAPES = [(5, 1000), (3, 31), (4, 32), (2, 33), (1, 1), (1, 64), (0, 40),
          (40, 257), (130, 64), (3, 1500), (2, 9000)]
for r, c in SHAPES:
    x = f32(r, c)
    name = f"x{r}_{c}"
    INPUTS[name] = x
    add_run(f"softmax_{r}_{c}", "softmax", [name], softmax(x, 1))
    add_run(f"layernorm_{r}_{c}", "layernorm", [name],
            layernorm(x, np.float32(1e-5)))
    if r:
        add_run(f"logsumexp_{r}_{c}", "logsumexp", [name],
                np.log(np.sum(np.exp(x - x.max(1, keepdims=True)), 1,
                              keepdims=True)) + x.max(1, keepdims=True))
        # Integer values: the sums are exact in any order.
        xr = np.round(x)
        INPUTS[f"r{r}_{c}"] = xr
        add_run(f"stats_{r}_{c}", "stats", [f"r{r}_{c}"],
                np.sum(xr, axis=1) + np.min(xr, axis=1))
    w = f32(c)
    INPUTS[f"w{r}_{c}"] = w
    add_run(f"weighted_{r}_{c}", "weighted", [name, f"w{r}_{c}"],
            (x - x.max(1, keepdims=True)) * w)
    xi = rng.integers(-1000, 1000, (r, c), dtype=np.int32)
    INPUTS[f"i{r}_{c}"] = xi
    add_run(f"center_{r}_{c}", "center_i32", [f"i{r}_{c}"],
            xi - xi.max(1, keepdims=True))
    xb = rng.integers(-128, 128, (r, c), dtype=np.int8)
    INPUTS[f"b{r}_{c}"] = xb
    # int8 products wrap.
    add_run(f"scale_{r}_{c}", "scale_i8", [f"b{r}_{c}"],
            xb * xb.max(1, keepdims=True))

INPUTS["w100"] = f32(100)
for r in (0, 3, 50):
    INPUTS[f"x{r}_100"] = f32(r, 100)
    add_run(f"bias_{r}", "bias", [f"x{r}_100", "w100"],
            (INPUTS[f"x{r}_100"] - INPUTS[f"x{r}_100"].max(1, keepdims=True))
            * INPUTS["w100"])

# W5's rows: 32 elements a lane, in registers on the GPU.
for r in (0, 3, 17):
    INPUTS[f"x{r}_1024"] = f32(r, 1024)
    add_run(f"softmax_1024_{r}", "softmax_1024", [f"x{r}_1024"],
            softmax(INPUTS[f"x{r}_1024"], 1))

# Static rows of 4096: a block per row on the GPU.
INPUTS["x3_4096"] = f32(3, 4096)
add_run("softmax_4096", "softmax_4096", ["x3_4096"],
        softmax(INPUTS["x3_4096"], 1))

INPUTS["x64_100"] = rng.standard_normal((64, 100)) * 3
add_run("softmax_f64", "softmax_f64", ["x64_100"], softmax(INPUTS["x64_100"], 1))
INPUTS["x16_257"] = rng.standard_normal((16, 257)) + 5
add_run("layernorm_f64", "layernorm_f64", ["x16_257"],
        layernorm(INPUTS["x16_257"], 0))

# Three dims: rows are (a, b) pairs (softmax_last) or planes
# (softmax_planes, two inner dims).
for shape in [(3, 5, 40), (2, 7, 31), (4, 1, 100), (0, 3, 50), (2, 0, 40)]:
    name = "t" + "_".join(map(str, shape))
    INPUTS[name] = f32(*shape)
    add_run(f"softmax_last_{name}", "softmax_last", [name],
            softmax(INPUTS[name], 2))
for shape in [(4, 6, 10), (3, 2, 5), (5, 33, 1), (1, 16, 16)]:
    name = "p" + "_".join(map(str, shape))
    INPUTS[name] = f32(*shape)
    add_run(f"softmax_planes_{name}", "softmax_planes", [name],
            softmax(INPUTS[name], (1, 2)))

# The max of an empty row is NumPy's reduction error (raised before any
# kernel).
INPUTS["x7_0"] = f32(7, 0)
INPUTS["i7_0"] = np.zeros((7, 0), np.int32)
ERRORS += [("softmax", ["x7_0"], "reduction error"),
           ("center_i32", ["i7_0"], "reduction error")]
assert sorted(r[0] for r in RUNS) == sorted(EXPECTED)


def close(got, want):
    if got.dtype.kind in "iub":
        return np.array_equal(got, want)
    return np.allclose(got, want, rtol=2e-6, atol=1e-6, equal_nan=True)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "run":
        sys.exit(__doc__)
    sys.exit(npy_cases.batch(*sys.argv[2:], "fused-rows", INPUTS, RUNS,
                             EXPECTED, ERRORS, close=close))
