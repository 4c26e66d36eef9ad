"""Inputs, calls and NumPy's answers for mask-chunks.test.

  mask_chunks.py run TNP_RUN MODULE DIR   writes the inputs to DIR, runs every
      call of RUNS and ERRORS in one `TNP_RUN MODULE --batch` (with
      --check-leaks), and compares results (dtype, shape, values) with NumPy
      and errors with their kind; prints one FAIL line per difference and
      'mask-chunks: N passed, N failed'.

INPUTS, RUNS (output, function, inputs), EXPECTED (output -> NumPy's result)
and ERRORS (function, inputs, error kind) are also read by the GPU suite
(test/gpu/gpu_suite.py), which runs the same programs on a GPU.
"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import npy_cases  # noqa: E402

rng = np.random.default_rng(11)


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def masks(n):
    """Mask patterns of length n (name suffix -> mask)."""
    out = {"rand": rng.random(n) < 0.5, "none": np.zeros(n, bool),
           "all": np.ones(n, bool)}
    if n:
        last = np.zeros(n, bool)
        last[-1] = True
        out["last"] = last
        head = np.zeros(n, bool)
        head[: min(n, 300)] = True
        out["head"] = head
        out["sparse"] = rng.random(n) < 0.01
    return out


INPUTS = {}
RUNS = []
EXPECTED = {}
ERRORS = []


def add_run(out, func, names, want):
    RUNS.append((out, func, names))
    EXPECTED[out] = want


# select1d over sizes around the chunk length.
for n in (0, 1, 255, 256, 257, 1000, 1799, 5000, 20011):
    INPUTS[f"x{n}"] = f32(n)
    for suffix, m in masks(n).items():
        INPUTS[f"m_{n}_{suffix}"] = m
        add_run(f"select1d_{n}_{suffix}", "select1d", [f"x{n}", f"m_{n}_{suffix}"],
                INPUTS[f"x{n}"][m])

# Rows of an int32 matrix, and a mask along axis 1.
for n in (300, 1000):
    INPUTS[f"rows{n}"] = rng.integers(-99, 99, (n, 3)).astype(np.int32)
    for suffix in ("rand", "sparse", "head"):
        m = INPUTS[f"m_{n}_{suffix}"] if f"m_{n}_{suffix}" in INPUTS else \
            masks(n)[suffix]
        INPUTS[f"m_{n}_{suffix}"] = m
        add_run(f"select_rows_{n}_{suffix}", "select_rows",
                [f"rows{n}", f"m_{n}_{suffix}"], INPUTS[f"rows{n}"][m])
INPUTS["a2x1000x3"] = f32(2, 1000, 3)
for suffix in ("rand", "last", "none"):
    add_run(f"select_axis1_{suffix}", "select_axis1",
            ["a2x1000x3", f"m_1000_{suffix}"],
            INPUTS["a2x1000x3"][:, INPUTS[f"m_1000_{suffix}"]])

# 2-D masks (40x37 = 1480 elements: 6 chunks of 256).
INPUTS["x40x37"] = f32(40, 37)
INPUTS["m40x37"] = rng.random((40, 37)) < 0.4
INPUTS["m40x37_sparse"] = rng.random((40, 37)) < 0.005
for name in ("m40x37", "m40x37_sparse"):
    add_run(f"select2d_{name}", "select2d", ["x40x37", name],
            INPUTS["x40x37"][INPUTS[name]])

# Masks among integer index arrays (NumPy's nonzero() arrays).
INPUTS["x30x40x4"] = f32(30, 40, 4)
INPUTS["m30x40"] = rng.random((30, 40)) < 0.3
count = int(INPUTS["m30x40"].sum())
INPUTS["i_count"] = rng.integers(-4, 4, count).astype(np.int64)
INPUTS["i_one"] = np.array([3], np.int64)
for name in ("i_count", "i_one"):
    add_run(f"gather_mask2d_{name}", "gather_mask2d",
            ["x30x40x4", "m30x40", name],
            INPUTS["x30x40x4"][INPUTS["m30x40"], INPUTS[name]])
INPUTS["x1000x7"] = f32(1000, 7)
c = int(INPUTS["m_1000_rand"].sum())
INPUTS["j_count"] = rng.integers(-7, 7, c).astype(np.int32)
add_run("gather_mask_int", "gather_mask_int", ["x1000x7", "m_1000_rand", "j_count"],
        INPUTS["x1000x7"][INPUTS["m_1000_rand"], INPUTS["j_count"]])

# Integer index arrays: in range (negative entries wrap), and the bounds
# pre-pass's errors.
INPUTS["x50"] = f32(50)
INPUTS["idx_ok"] = rng.integers(-50, 50, 5000).astype(np.int64)
add_run("gather1d_ok", "gather1d", ["x50", "idx_ok"], INPUTS["x50"][INPUTS["idx_ok"]])
INPUTS["idx_empty"] = np.zeros(0, np.int64)
add_run("gather1d_empty", "gather1d", ["x50", "idx_empty"],
        INPUTS["x50"][INPUTS["idx_empty"]])
INPUTS["idx_u16"] = rng.integers(0, 50, 3000).astype(np.uint16)
add_run("gather_u16_ok", "gather_u16", ["x50", "idx_u16"], INPUTS["x50"][INPUTS["idx_u16"]])
late = rng.integers(0, 50, 1000).astype(np.int64)
late[700], late[900] = 123456, -999999
INPUTS["idx_bad_late"] = late
neg = rng.integers(0, 50, 1000).astype(np.int64)
neg[3] = -51
INPUTS["idx_bad_neg"] = neg
u16 = rng.integers(0, 50, 1000).astype(np.uint16)
u16[900] = 60000
INPUTS["idx_bad_u16"] = u16
# Scatters with repeated indices: "set" keeps the last value, "add"
# accumulates (np.add.at), in the loop's order.
def scatter_set(x, idx, v):
    out = x.copy()
    for k, i in enumerate(idx):
        out[i] = v[k]
    return out


INPUTS["i5000"] = rng.integers(-1000, 1000, 5000).astype(np.int64)
INPUTS["v5000"] = f32(5000)
add_run("scatter_set_dup", "scatter_set", ["x1000", "i5000", "v5000"],
        scatter_set(INPUTS["x1000"], INPUTS["i5000"], INPUTS["v5000"]))
INPUTS["i_none"] = np.zeros(0, np.int64)
INPUTS["v_none"] = np.zeros(0, np.float32)
add_run("scatter_set_none", "scatter_set", ["x1000", "i_none", "v_none"],
        INPUTS["x1000"].copy())
want = INPUTS["x1000"].copy()
np.add.at(want, INPUTS["i5000"], INPUTS["v5000"])
add_run("scatter_add_dup", "scatter_add", ["x1000", "i5000", "v5000"], want)
INPUTS["r300"] = rng.integers(-99, 99, (300, 3)).astype(np.int32)
INPUTS["ri700"] = rng.integers(-300, 300, 700).astype(np.int32)
INPUTS["rv700"] = rng.integers(-99, 99, (700, 3)).astype(np.int32)
add_run("scatter_set_rows", "scatter_set_rows", ["r300", "ri700", "rv700"],
        scatter_set(INPUTS["r300"], INPUTS["ri700"], INPUTS["rv700"]))
INPUTS["g40x50"] = rng.integers(-9, 9, (40, 50)).astype(np.int64)
INPUTS["gi3000"] = rng.integers(-40, 40, 3000).astype(np.int64)
INPUTS["gj3000"] = rng.integers(0, 50, 3000).astype(np.int64)
INPUTS["gv3000"] = rng.integers(-9, 9, 3000).astype(np.int64)
want = INPUTS["g40x50"].copy()
np.add.at(want, (INPUTS["gi3000"], INPUTS["gj3000"]), INPUTS["gv3000"])
add_run("scatter_add_i64", "scatter_add_i64",
        ["g40x50", "gi3000", "gj3000", "gv3000"], want)
# "add" of the dtypes whose atomics LLVM expands (f16, 8 and 16-bit ints),
# bool (or) and complex (two float atomics per element). The float terms
# are small integers: the sums are exact in any order.
def add_at(x, idx, v):
    out = x.copy()
    np.add.at(out, idx, v)
    return out


def small(dtype, *shape):
    return rng.integers(-4, 5, shape).astype(dtype)


INPUTS["h1000"] = small(np.float16, 1000)
INPUTS["h5000"] = small(np.float16, 5000)
add_run("scatter_add_f16", "scatter_add_f16", ["h1000", "i5000", "h5000"],
        add_at(INPUTS["h1000"], INPUTS["i5000"], INPUTS["h5000"]))
INPUTS["u1000"] = rng.integers(0, 256, 1000).astype(np.uint8)
INPUTS["u5000"] = rng.integers(0, 256, 5000).astype(np.uint8)
add_run("scatter_add_u8", "scatter_add_u8", ["u1000", "i5000", "u5000"],
        add_at(INPUTS["u1000"], INPUTS["i5000"], INPUTS["u5000"]))
INPUTS["s1000"] = rng.integers(-30000, 30000, 1000).astype(np.int16)
INPUTS["s5000"] = rng.integers(-30000, 30000, 5000).astype(np.int16)
add_run("scatter_add_i16", "scatter_add_i16", ["s1000", "i5000", "s5000"],
        add_at(INPUTS["s1000"], INPUTS["i5000"], INPUTS["s5000"]))
INPUTS["b1000"] = rng.random(1000) < 0.3
INPUTS["b5000"] = rng.random(5000) < 0.1
add_run("scatter_add_bool", "scatter_add_bool", ["b1000", "i5000", "b5000"],
        add_at(INPUTS["b1000"], INPUTS["i5000"], INPUTS["b5000"]))
INPUTS["c300x3"] = (small(np.float32, 300, 3) +
                    1j * small(np.float32, 300, 3)).astype(np.complex64)
INPUTS["cv700"] = (small(np.float32, 700, 3) +
                   1j * small(np.float32, 700, 3)).astype(np.complex64)
add_run("scatter_add_c64_rows", "scatter_add_c64_rows",
        ["c300x3", "ri700", "cv700"],
        add_at(INPUTS["c300x3"], INPUTS["ri700"], INPUTS["cv700"]))
INPUTS["z40x50"] = small(np.float64, 40, 50) + 1j * small(np.float64, 40, 50)
INPUTS["zv3000"] = small(np.float64, 3000) + 1j * small(np.float64, 3000)
add_run("scatter_add_c128", "scatter_add_c128",
        ["z40x50", "gi3000", "gj3000", "zv3000"],
        add_at(INPUTS["z40x50"], (INPUTS["gi3000"], INPUTS["gj3000"]),
               INPUTS["zv3000"]))
INPUTS["v3"] = f32(3)
INPUTS["a1000x3"] = f32(1000, 3)
want = INPUTS["a1000x3"].copy()
want[INPUTS["m_1000_rand"]] = INPUTS["v3"]
add_run("scatter_mask_set", "scatter_mask_set", ["a1000x3", "m_1000_rand", "v3"],
        want)

ERRORS += [
    ("scatter_set", ["x1000", "i5000", "x50"], "broadcast error"),
    ("scatter_add", ["x50", "i5000", "v5000"], "index error"),
    ("gather1d", ["x50", "idx_bad_late"], "index error"),
    ("gather1d", ["x50", "idx_bad_neg"], "index error"),
    ("gather_u16", ["x50", "idx_bad_u16"], "index error"),
    ("select1d", ["x5000", "m_1000_rand"], "index error"),
    ("select_rows", ["rows300", "m_1000_rand"], "index error"),
]
assert sorted(r[0] for r in RUNS) == sorted(EXPECTED)


def run(tnp_run, module, out):
    return npy_cases.batch(tnp_run, module, out, "mask-chunks", INPUTS, RUNS,
                           EXPECTED, ERRORS)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "run":
        sys.exit(__doc__)
    sys.exit(run(*sys.argv[2:]))
