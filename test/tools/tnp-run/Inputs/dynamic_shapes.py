"""Inputs and NumPy's answers for dynamic-shapes.test.

  dynamic_shapes.py inputs DIR   writes the .npy inputs
  dynamic_shapes.py check DIR    compares tnp's outputs with NumPy
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import npy_cases  # noqa: E402

INPUTS = {
    "a34": np.arange(12, dtype=np.float32).reshape(3, 4),
    "a6": np.arange(6, dtype=np.float32),
    "a5": np.arange(5, dtype=np.float32),
    "a3": np.arange(3, dtype=np.float32) - 1.5,
    "a2": np.arange(2, dtype=np.float32),
    "a1": np.array([7.0], np.float32),
    "l0": np.ones(0, bool),
    "l2": np.ones(2, bool),
    "l4": np.ones(4, bool),
    "l5": np.ones(5, bool),
    "m23": np.arange(6, dtype=np.float32).reshape(2, 3),
    "m32": np.arange(6, dtype=np.float32).reshape(3, 2) - 2,
    "m42": np.ones((4, 2), np.float32),
    "m20": np.ones((2, 0), np.float32),
    "m02": np.ones((0, 2), np.float32),
    "b1": np.arange(6.0).reshape(1, 2, 3),
    "b4": np.arange(24.0).reshape(4, 3, 2),
    "b4x": np.arange(24.0).reshape(4, 2, 3) / 7,
    "b1y": np.arange(6.0).reshape(1, 3, 2) - 3,
    "b2": np.ones((2, 2, 3)),
    "b3": np.ones((3, 3, 2)),
    "v3": np.array([1.0, -2.0, 0.5]),
    "d23": np.arange(6, dtype=np.int32).reshape(2, 3) - 3,
    "d3": np.array([1, 2, 3], np.int32),
    "d4": np.ones(4, np.int32),
}

I = INPUTS
EXPECTED = {
    "flat": I["a34"].reshape(-1),
    "halves": I["a6"].reshape(2, -1),
    "rows": I["a6"].reshape(2, -1),
    "neg2": I["a6"].reshape(-2, 3),
    "bcast_a3": np.broadcast_to(I["a3"], (2, 3)),
    "bcast_a1": np.broadcast_to(I["a1"], (4, 3)),
    "bcast_empty": np.broadcast_to(I["a3"], (0, 3)),
    "bcast3": np.broadcast_to(I["a1"], (2, 3)),
    "mm": I["m23"] @ I["m32"],
    "mm_empty_k": I["m20"] @ I["m02"],
    "bmm_1_4": I["b1"] @ I["b4"],
    "bmm_4_1": I["b4x"] @ I["b1y"],
    "vecmat": I["v3"] @ I["b4"],
    "dot": np.dot(I["d23"], I["d3"]),
    "zeros": np.zeros((2, 2)),
}


if __name__ == "__main__":
    sys.exit(npy_cases.main(INPUTS, EXPECTED, rtol=1e-6, atol=0.0))
