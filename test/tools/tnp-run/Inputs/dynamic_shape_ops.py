"""Inputs and NumPy's answers for dynamic-shape-ops.test.

  dynamic_shape_ops.py inputs DIR   writes the .npy inputs
  dynamic_shape_ops.py check DIR    compares tnp's outputs with NumPy
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import npy_cases  # noqa: E402

INPUTS = {
    "f23": np.arange(6, dtype=np.float32).reshape(2, 3),
    "f43": np.arange(12, dtype=np.float32).reshape(4, 3) / 4,
    "f03": np.ones((0, 3), np.float32),
    "f24": np.ones((2, 4), np.float32),
    "f13": np.array([[1.0, -2.0, 3.0]], np.float32),
    "i22": np.arange(4, dtype=np.int32).reshape(2, 2),
    "i21": np.array([[7], [8]], np.int32),
    "i31": np.array([[7], [8], [9]], np.int32),
    "d3": np.array([1.0, 2.0, 3.0]),
    "d3b": np.array([-1.0, -2.0, -3.0]),
    "d4": np.ones(4),
    "f42": np.arange(8, dtype=np.float32).reshape(4, 2),
    "f52": np.ones((5, 2), np.float32),
    "f6": np.arange(6, dtype=np.float32),
    "f1": np.array([5.0], np.float32),
    "c3": np.array([True, False, True]),
    "c1": np.array([False]),
    "x3": np.array([1.0, np.nan, 3.0], np.float32),
    "x2": np.array([1.0, 2.0], np.float32),
    "y": np.array(-1.0, np.float32),
    "lo": np.array([0.0, np.nan, 2.5], np.float32),
    "hi": np.array(2.0, np.float32),
    "m23": np.array([[-1.0, 0.5, 9.0], [np.nan, 1.0, 2.0]], np.float32),
}

I = INPUTS
S6 = np.split(I["f6"], [2, -1])
S1 = np.split(I["f1"], [2, -1])
EXPECTED = {
    "cat0": np.concatenate([I["f23"], I["f43"]]),
    "cat0_empty": np.concatenate([I["f03"], I["f43"]]),
    "cat1": np.concatenate([I["i22"], I["i21"]], axis=1),
    "stack": np.stack([I["d3"], I["d3b"]]),
    "split0": np.split(I["f42"], 2)[0],
    "split1": np.split(I["f42"], 2)[1],
    "idx6_0": S6[0], "idx6_1": S6[1], "idx6_2": S6[2],
    "idx1_0": S1[0], "idx1_1": S1[1], "idx1_2": S1[2],
    "squeeze": np.squeeze(I["f13"], 0),
    "expand": np.expand_dims(I["f23"], 1),
    "where": np.where(I["c3"], I["x3"], I["y"]),
    "where_bcast": np.where(I["c1"], I["x3"], I["y"]),
    "clip": np.clip(I["m23"], I["lo"], I["hi"]),
}


if __name__ == "__main__":
    sys.exit(npy_cases.main(INPUTS, EXPECTED, rtol=1e-6, atol=0.0))
