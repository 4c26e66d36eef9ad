"""Inputs and NumPy's answers for dynamic-fusion.test.

  dynamic_fusion.py inputs DIR   writes the .npy inputs
  dynamic_fusion.py check DIR    compares tnp's outputs (OUTPUT.npy) with NumPy
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import npy_cases  # noqa: E402

rng = np.random.default_rng(7)


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


INPUTS = {
    "s35": f32(3, 5),
    "s17": f32(1, 7),
    "s71": f32(7, 1),
    "s04": f32(0, 4),
    "s_big": f32(300, 257),
    "x5": f32(5),
    "x1": f32(1),
    "y5": f32(5),
    "y1": f32(1),
    "y3": f32(3),
    "x0": f32(0),
    "m34": f32(3, 4),
    "m24": f32(2, 4),
    "v4": f32(4),
    "c3": np.array([True, False, True]),
    "x31": f32(3, 1),
    # Errors after which other ops still run over large sizes.
    "wide_empty": np.zeros((4_000_000, 0), np.float32),
    "rows_big": np.ones((4_000_000, 3), np.float32),
    "cols_2": np.ones(2, np.float32),
    "neg_ints": np.full(2_000_000, -1, np.int32),
    # Smaller ones for the GPU suite (its inputs travel to the GPU machine).
    "rows_mid": np.ones((60_000, 3), np.float32),
    "neg_ints_mid": np.full(200_000, -1, np.int32),
}


def softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def axpy_relu(x, y):
    return np.maximum(x * np.float32(2.0) + y, np.float32(0.0))


def layernorm(x):
    m = x.mean(axis=1, keepdims=True)
    d = x - m
    v = (d * d).mean(axis=1, keepdims=True)
    return d / np.sqrt(v + np.float32(1e-5))


def through_shapes(x):
    t = x.T
    return t[:, None, :] + t


I = INPUTS
# Output name -> NumPy's result.
EXPECTED = {
    "softmax_35": softmax(I["s35"]),
    "softmax_17": softmax(I["s17"]),
    "softmax_71": softmax(I["s71"]),
    "softmax_04": softmax(I["s04"]),
    "softmax_big": softmax(I["s_big"]),
    "axpy_55": axpy_relu(I["x5"], I["y5"]),
    "axpy_15": axpy_relu(I["x1"], I["y5"]),
    "axpy_51": axpy_relu(I["x5"], I["y1"]),
    "axpy_00": axpy_relu(I["x0"], I["x0"]),
    "axpy_10": axpy_relu(I["x1"], I["x0"]),
    "layernorm_34": layernorm(I["m34"]),
    "layernorm_big": layernorm(I["s_big"]),
    "shapes_34": through_shapes(I["m34"]),
    "rowbias_34": I["m34"] + I["v4"] * I["m34"].sum(axis=1, keepdims=True),
    "chain_5151": (I["x5"] + I["y1"]) * I["x1"] - I["y5"],
    "chain_5555": (I["x5"] + I["y5"]) * I["y5"] - I["x5"],
    "where_same_31": np.where(I["c3"], I["x31"], I["x31"]),
}


# The calls of dynamic-fusion.test (its RUN lines), for other drivers (the
# GPU suite): (output, function, inputs).
RUNS = [
    ("softmax_35", "softmax", ["s35"]),
    ("softmax_17", "softmax", ["s17"]),
    ("softmax_71", "softmax", ["s71"]),
    ("softmax_04", "softmax", ["s04"]),
    ("softmax_big", "softmax", ["s_big"]),
    ("axpy_55", "axpy", ["x5", "y5"]),
    ("axpy_15", "axpy", ["x1", "y5"]),
    ("axpy_51", "axpy", ["x5", "y1"]),
    ("axpy_00", "axpy", ["x0", "x0"]),
    ("axpy_10", "axpy", ["x1", "x0"]),
    ("layernorm_34", "layernorm", ["m34"]),
    ("layernorm_big", "layernorm", ["s_big"]),
    ("shapes_34", "shapes", ["m34"]),
    ("rowbias_34", "rowbias", ["m34", "v4"]),
    ("chain_5151", "chain", ["x5", "y1", "x1", "y5"]),
    ("chain_5555", "chain", ["x5", "y5", "y5", "x5"]),
    ("where_same_31", "where_same", ["c3", "x31"]),
]
# The failing calls: (function, inputs, the error's kind).
ERRORS = [
    ("axpy", ["x5", "y3"], "broadcast error"),
    ("rowbias", ["m34", "y3"], "broadcast error"),
    ("failed_max", ["wide_empty"], "reduction error"),
    ("failed_argmax", ["wide_empty"], "reduction error"),
    ("failed_bcast", ["rows_big", "cols_2"], "broadcast error"),
    ("failed_power", ["neg_ints"], "value error"),
    ("failed_bcast", ["rows_mid", "cols_2"], "broadcast error"),
    ("failed_power", ["neg_ints_mid"], "value error"),
]
assert sorted(r[0] for r in RUNS) == sorted(EXPECTED)


if __name__ == "__main__":
    sys.exit(npy_cases.main(INPUTS, EXPECTED, rtol=2e-6, atol=1e-6))
